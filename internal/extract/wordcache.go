package extract

import (
	"strings"
	"sync"

	"github.com/sitrep/sitrep/internal/gazetteer"
)

// maxCachedWords bounds a wordCache: the words a stream of text brings
// have no end, the ones worth remembering are few.
const maxCachedWords = 1 << 14

// wordCache remembers a function of a gazetteer and a word, for concurrent
// readers. Once full it remembers nothing more and answers the rest by
// calling the function.
type wordCache struct {
	mu sync.RWMutex
	g  *gazetteer.Gazetteer // the gazetteer of the answers, set by the first
	m  map[string]string
}

// get returns fn(g, word), remembered.
func (c *wordCache) get(g *gazetteer.Gazetteer, word string, fn func(*gazetteer.Gazetteer, string) string) string {
	if c == nil {
		return fn(g, word)
	}
	c.mu.RLock()
	v, ok := c.m[word]
	same := c.g == g
	c.mu.RUnlock()
	if ok && same {
		return v
	}
	v = fn(g, word)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.g, c.m = g, make(map[string]string)
	}
	if c.g == g && len(c.m) < maxCachedWords {
		// A copy: the word is a slice of a document's text, which the
		// cache must not keep.
		c.m[strings.Clone(word)] = v
	}
	return v
}
