// Package rusage reads what this process has used of the machine: CPU time
// and peak resident memory. Benchmarks on a shared machine quote CPU time
// rather than wall time, since the neighbours move the latter.
package rusage

import "time"

// CPU returns the CPU time (user and system) this process has used so far,
// and false where the platform does not tell.
func CPU() (time.Duration, bool) { return cpu() }

// PeakRSS returns the largest resident memory of this process so far, in
// bytes, and false where the platform does not tell.
func PeakRSS() (int64, bool) { return peakRSS() }
