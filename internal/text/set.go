package text

// Set is a set of folded words (Token.Norm) that a rule tests tokens
// against: a word list read from a data file. A filter on a word's first
// and last bytes and its length turns most words away before the map, so
// that a test costs about what a switch over the words did. A nil Set is
// empty. Add is for building it; once shared it must not change, and it is
// safe for concurrent reading.
type Set struct {
	filter [64]uint64
	maxLen int
	words  map[string]struct{}
}

// NewSet returns the set of the words.
func NewSet(words ...string) *Set {
	s := &Set{words: make(map[string]struct{}, len(words))}
	for _, w := range words {
		s.Add(w)
	}
	return s
}

// Add adds w to the set (the empty word is never in it).
func (s *Set) Add(w string) {
	if w == "" {
		return
	}
	if s.words == nil {
		s.words = map[string]struct{}{}
	}
	s.words[w] = struct{}{}
	h := setHash(w)
	s.filter[h>>6] |= 1 << (h & 63)
	s.maxLen = max(s.maxLen, len(w))
}

func setHash(w string) uint {
	return (uint(w[0])*131 + uint(w[len(w)-1])*31 + uint(len(w))) & 4095
}

// Has tells whether w is in the set.
func (s *Set) Has(w string) bool {
	if s == nil || len(w) == 0 || len(w) > s.maxLen {
		return false
	}
	if h := setHash(w); s.filter[h>>6]&(1<<(h&63)) == 0 {
		return false
	}
	_, ok := s.words[w]
	return ok
}

// Len returns the number of words in the set.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.words)
}

// Words returns the words of the set, in no order.
func (s *Set) Words() []string {
	if s == nil {
		return nil
	}
	out := make([]string, 0, len(s.words))
	for w := range s.words {
		out = append(out, w)
	}
	return out
}
