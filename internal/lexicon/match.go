package lexicon

import (
	"sort"
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// Matcher finds phrases in a sentence's tokens. Phrases and tokens are
// compared word by word on folded forms, with hyphens separating words, so
// "al-Shabaab" matches "Al Shabaab" and "pro-government forces" matches
// "pro-government forces" but "government forces" does not match inside it.
// A phrase written with capitals must meet capitals: "IS" does not match "is".
type Matcher[V any] struct {
	first map[string][]phrase[V] // by first word, longest first
}

type phrase[V any] struct {
	words []string
	cased []uint8 // per word: 0 any case, 1 capitalised, 2 exact (acronyms)
	exact []string
	value V
}

// Match is one phrase found: tokens [Start, End) of the sentence.
type Match[V any] struct {
	Start, End int
	Value      V
}

// NewMatcher returns an empty matcher.
func NewMatcher[V any]() *Matcher[V] {
	return &Matcher[V]{first: map[string][]phrase[V]{}}
}

// Add adds a phrase with its value.
func (m *Matcher[V]) Add(p string, v V) {
	var ph phrase[V]
	for _, tok := range text.Analyze(p).Sentences {
		for _, t := range tok.Tokens {
			for _, w := range splitWord(t.Text) {
				ph.words = append(ph.words, text.Fold(w))
				ph.exact = append(ph.exact, w)
				ph.cased = append(ph.cased, caseOf(w))
			}
		}
	}
	if len(ph.words) == 0 {
		return
	}
	ph.value = v
	k := ph.words[0]
	list := append(m.first[k], ph)
	sort.SliceStable(list, func(i, j int) bool { return len(list[i].words) > len(list[j].words) })
	m.first[k] = list
}

func caseOf(w string) uint8 {
	upper, letters := 0, 0
	for _, r := range w {
		if r >= 'a' && r <= 'z' {
			letters++
		} else if r >= 'A' && r <= 'Z' {
			letters++
			upper++
		}
	}
	switch {
	case upper >= 2 && upper == letters:
		return 2
	case upper > 0 && w[0] >= 'A' && w[0] <= 'Z':
		return 1
	}
	return 0
}

// splitWord splits a token on hyphens, keeping the parts.
func splitWord(s string) []string {
	if !strings.ContainsAny(s, "-‐‑") {
		return []string{s}
	}
	return strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '‐' || r == '‑' })
}

// Words is a sentence prepared for matching: its tokens split into words.
type Words struct {
	w    []word
	tokW []int // first word of each token, and len(w) at the end
}

type word struct {
	norm, exact string
	tok         int  // token index
	last        bool // word ends its token
}

// Prepare splits tokens into words once, for every matcher to use.
func Prepare(toks []text.Token) *Words {
	return new(Words).Reset(toks)
}

// Reset prepares ws for toks, reusing its memory.
func (ws *Words) Reset(toks []text.Token) *Words {
	ws.w = ws.w[:0]
	if cap(ws.tokW) < len(toks)+1 {
		ws.tokW = make([]int, len(toks)+1)
	}
	ws.tokW = ws.tokW[:len(toks)+1]
	for i, t := range toks {
		ws.tokW[i] = len(ws.w)
		if t.Kind == text.Word && strings.IndexByte(t.Norm, '-') >= 0 {
			parts, nparts := splitWord(t.Text), splitWord(t.Norm)
			if len(parts) == len(nparts) && len(parts) > 0 {
				for j := range parts {
					ws.w = append(ws.w, word{nparts[j], parts[j], i, j == len(parts)-1})
				}
				continue
			}
		}
		ws.w = append(ws.w, word{t.Norm, t.Text, i, true})
	}
	ws.tokW[len(toks)] = len(ws.w)
	return ws
}

// At returns the longest phrase starting at token i, if any.
func (m *Matcher[V]) At(w *Words, i int) (Match[V], bool) {
	wi := w.tokW[i]
	if wi >= len(w.w) {
		return Match[V]{}, false
	}
	for _, ph := range m.first[w.w[wi].norm] {
		end := wi + len(ph.words)
		if end > len(w.w) || !w.w[end-1].last {
			continue
		}
		ok := true
		for k := range ph.words {
			x := &w.w[wi+k]
			if x.norm != ph.words[k] {
				ok = false
				break
			}
			switch ph.cased[k] {
			case 1:
				if c := x.exact[0]; c < 'A' || c > 'Z' {
					ok = false
				}
			case 2:
				if x.exact != ph.exact[k] && strings.TrimSuffix(x.exact, "s") != ph.exact[k] {
					ok = false
				}
			}
			if !ok {
				break
			}
		}
		if ok {
			return Match[V]{Start: i, End: w.w[end-1].tok + 1, Value: ph.value}, true
		}
	}
	return Match[V]{}, false
}

// All returns the non-overlapping longest matches, left to right.
func (m *Matcher[V]) All(w *Words) []Match[V] {
	var out []Match[V]
	ntok := len(w.tokW) - 1
	for i := 0; i < ntok; {
		if mt, ok := m.At(w, i); ok {
			out = append(out, mt)
			i = mt.End
			continue
		}
		i++
	}
	return out
}
