package geoparse

import (
	"fmt"
	"slices"
	"testing"

	"github.com/sitrep/sitrep/internal/gazetteer"
)

// TestFindCache checks that the cache answers what the gazetteer does,
// asked once, again, and after it was emptied for growing too large.
func TestFindCache(t *testing.T) {
	g := gazetteer.Default()
	keys := []string{"paris", "new", "new york", "springfield", "no such place at all", "al", "kabul", ""}
	var c findCache
	for round := range 3 {
		for _, k := range keys {
			want, wantPrefix := g.Find([]gazetteer.Match{{Ref: 1}}, k)
			got, gotPrefix := c.find(g, []gazetteer.Match{{Ref: 1}}, []byte(k))
			if !slices.Equal(got, want) || gotPrefix != wantPrefix {
				t.Errorf("round %d, %q: got %v %v, want %v %v", round, k, got, gotPrefix, want, wantPrefix)
			}
		}
		if round == 1 {
			for i := range maxCachedKeys {
				c.find(g, nil, fmt.Appendf(nil, "filler %d", i))
			}
		}
	}
}
