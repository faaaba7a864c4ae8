package geoparse

import "github.com/sitrep/sitrep/internal/gazetteer"

// findCache remembers the answers of a gazetteer's Find: a text names the
// same places again and again (two lookups in five repeat one of the same
// document), and a lookup that misses the processor's caches in the
// gazetteer's tables costs several times a map lookup. A gazetteer never
// changes, so answers stay true; the cache is emptied when it grows past
// a bound, and when asked about another gazetteer.
type findCache struct {
	g   *gazetteer.Gazetteer
	idx map[string]findEntry
	ms  []gazetteer.Match // the matches of every entry, one after another
}

type findEntry struct {
	from, to int32 // in ms
	prefix   bool  // Find's second answer
}

// The bounds: under two megabytes.
const (
	maxCachedKeys    = 1 << 13
	maxCachedMatches = 1 << 16
)

// find is g.Find(dst, string(key)).
func (c *findCache) find(g *gazetteer.Gazetteer, dst []gazetteer.Match, key []byte) ([]gazetteer.Match, bool) {
	if c.g != g || len(c.idx) >= maxCachedKeys || len(c.ms) >= maxCachedMatches {
		if c.idx == nil {
			c.idx = make(map[string]findEntry, 256)
		}
		clear(c.idx)
		c.g, c.ms = g, c.ms[:0]
	}
	if e, ok := c.idx[string(key)]; ok {
		return append(dst, c.ms[e.from:e.to]...), e.prefix
	}
	n0 := len(dst)
	dst, prefix := g.Find(dst, string(key))
	from := len(c.ms)
	c.ms = append(c.ms, dst[n0:]...)
	c.idx[string(key)] = findEntry{int32(from), int32(len(c.ms)), prefix}
	return dst, prefix
}
