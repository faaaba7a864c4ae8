//go:build unix

package geoparse

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, so that benchmarks on a
// busy machine can report what a core would need rather than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
