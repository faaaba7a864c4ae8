package pipeline

import "runtime/debug"

// LessGC makes the garbage collector run about a quarter as often as by
// default while Go's memory stays under 500 MiB, unless $GOGC or
// $GOMEMLIMIT say otherwise, until the returned func is called. The live
// heap is small and mostly read-only tables (lexicons, the page reader's
// patterns; the gazetteer is read in place, outside it) that every
// collection marks again, while reading allocates fast: by default the
// collector would run every few dozen documents. Collecting less often
// saves a fifth of the CPU. An ingest's live heap is 150-200 MB (tables,
// the writer's index, the documents in flight), so under 400 MiB the
// collector still ran every ~100 MB allocated; 500 MiB nearly doubles
// that room for ~100 MB more peak memory.
func LessGC(getenv func(string) string) (restore func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(400)
	limit := debug.SetMemoryLimit(500 << 20)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}
