package pipeline

import "runtime/debug"

// LessGC makes the garbage collector run about a quarter as often as by
// default while Go's memory stays under 400 MiB, unless $GOGC or
// $GOMEMLIMIT say otherwise, until the returned func is called. Most of
// the live heap is read-only tables (gazetteer, lexicons, the page
// reader's patterns) that every collection marks again, while ingesting
// allocates fast: collecting less often saves a fifth of the CPU.
func LessGC(getenv func(string) string) (restore func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(400)
	limit := debug.SetMemoryLimit(400 << 20)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}
