package rusage

import "testing"

func TestCPUGrows(t *testing.T) {
	before, ok := CPU()
	if !ok {
		t.Skip("this platform does not report CPU time")
	}
	x := 0
	for i := range 50_000_000 {
		x ^= i * i
	}
	after, _ := CPU()
	if after <= before {
		t.Fatalf("CPU time went from %v to %v over a busy loop (%d)", before, after, x)
	}
}

func TestPeakRSS(t *testing.T) {
	n, ok := PeakRSS()
	if !ok {
		t.Skip("this platform does not report peak memory")
	}
	// A Go test binary holds at least a few MB and no process here a TB:
	// this catches KiB read as bytes and the reverse.
	if n < 1<<20 || n > 1<<40 {
		t.Fatalf("peak resident memory %d bytes is implausible", n)
	}
}
