package extract

import (
	"fmt"
	"sync"
	"testing"

	"github.com/sitrep/sitrep/internal/gazetteer"
)

// TestWordCache checks that the cache answers what the function does,
// from many goroutines, when full, and for another gazetteer.
func TestWordCache(t *testing.T) {
	g, other := gazetteer.Default(), &gazetteer.Gazetteer{}
	calls := 0
	var mu sync.Mutex
	fn := func(h *gazetteer.Gazetteer, w string) string {
		mu.Lock()
		calls++
		mu.Unlock()
		if h == other {
			return "other:" + w
		}
		return "g:" + w
	}
	var c wordCache
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := range maxCachedWords + 100 {
				w := fmt.Sprint("w", i%(maxCachedWords+50))
				if got := c.get(g, w, fn); got != "g:"+w {
					t.Errorf("get(%q) = %q", w, got)
					return
				}
			}
		})
	}
	wg.Wait()
	if got := c.get(other, "w1", fn); got != "other:w1" {
		t.Errorf("another gazetteer: got %q", got)
	}
	if len(c.m) != maxCachedWords {
		t.Errorf("%d words cached, want the bound %d", len(c.m), maxCachedWords)
	}
}

func TestCountryWord(t *testing.T) {
	x, err := New(gazetteer.Default(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Kenyan", "Kenya", "Dunmere", "Syrian", "Syrian", "French", ""} {
		if got, want := x.countryWord(w), countryOfWord(x.Gaz, w); got != want {
			t.Errorf("countryWord(%q) = %q, want %q", w, got, want)
		}
	}
}
