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
	vocab *Vocab
	first [][]phrase[V] // by the number of the first word, longest first
	heads []uint64      // a bit for each number in first with phrases
}

type phrase[V any] struct {
	ids   []uint32 // the words' numbers in the vocabulary
	cased []uint8  // per word: 0 any case, 1 capitalised, 2 exact (acronyms)
	exact []string
	value V
}

// Vocab numbers the words of the phrases of the matchers built with it,
// so that a sentence's words are looked up once (Vocab.Prepare) and every
// matcher then finds its phrases by number, not by a string lookup per
// word and matcher. Matchers are built before matching starts; once
// shared it must not change, and it is safe for concurrent reading.
type Vocab struct {
	ids map[string]uint32 // folded word → its number, from 1
	// A filter on two hashes of a word's length and bytes turns most words
	// that no phrase has (half of a text's) away before the map.
	maxLen int
	filter [1 << 10]uint64
}

// vocabHashes are two hashes of a non-empty word, of 16 bits each, for
// Vocab's filter: of its length and four of its bytes, cheap beside the
// map lookup they spare.
func vocabHashes(w string) (uint, uint) {
	n := len(w)
	x := uint64(w[0]) | uint64(w[n-1])<<8 | uint64(w[n>>1])<<16 | uint64(w[(n-1)>>2])<<24 | uint64(n)<<32
	x *= 0x9e3779b97f4a7c15
	x ^= x >> 29
	return uint(x & (1<<16 - 1)), uint(x >> 16 & (1<<16 - 1))
}

// NewVocab returns an empty vocabulary.
func NewVocab() *Vocab { return &Vocab{ids: map[string]uint32{}} }

func (v *Vocab) intern(w string) uint32 {
	id, ok := v.ids[w]
	if !ok {
		id = uint32(len(v.ids) + 1)
		v.ids[w] = id
		v.maxLen = max(v.maxLen, len(w))
		a, b := vocabHashes(w)
		v.filter[a>>6] |= 1 << (a & 63)
		v.filter[b>>6] |= 1 << (b & 63)
	}
	return id
}

// id returns the number of a folded word, 0 when no phrase has it.
func (v *Vocab) id(w string) uint32 {
	if v == nil || len(w) == 0 || len(w) > v.maxLen {
		return 0
	}
	if a, b := vocabHashes(w); v.filter[a>>6]&(1<<(a&63)) == 0 || v.filter[b>>6]&(1<<(b&63)) == 0 {
		return 0
	}
	return v.ids[w]
}

// Has tells whether some phrase of a matcher built with v has the folded word w.
func (v *Vocab) Has(w string) bool { return v.id(w) != 0 }

// NewMatcher returns an empty matcher with a vocabulary of its own.
func NewMatcher[V any]() *Matcher[V] { return NewMatcherIn[V](NewVocab()) }

// NewMatcherIn returns an empty matcher numbering its words in v, shared
// with the other matchers that read the same sentences.
func NewMatcherIn[V any](v *Vocab) *Matcher[V] {
	return &Matcher[V]{vocab: v}
}

// Numbers tells whether m numbers its words in v: words prepared with v
// are then compared by number, not looked up again.
func (m *Matcher[V]) Numbers(v *Vocab) bool { return m.vocab == v }

// Add adds a phrase with its value.
func (m *Matcher[V]) Add(p string, v V) {
	var ph phrase[V]
	for _, tok := range text.Analyze(p).Sentences {
		for _, t := range tok.Tokens {
			for _, w := range splitWord(t.Text) {
				ph.ids = append(ph.ids, m.vocab.intern(text.Fold(w)))
				ph.exact = append(ph.exact, w)
				ph.cased = append(ph.cased, caseOf(w))
			}
		}
	}
	if len(ph.ids) == 0 {
		return
	}
	ph.value = v
	k := ph.ids[0]
	for int(k) >= len(m.first) {
		m.first = append(m.first, nil)
	}
	list := append(m.first[k], ph)
	sort.SliceStable(list, func(i, j int) bool { return len(list[i].ids) > len(list[j].ids) })
	m.first[k] = list
	for int(k>>6) >= len(m.heads) {
		m.heads = append(m.heads, 0)
	}
	m.heads[k>>6] |= 1 << (k & 63)
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
	// Two capitals make an acronym, whole ("ISIS") or with small connecting
	// letters ("LeT", "JeM"): matched as written, so a name of its letters in
	// title case ("Let Yet Kone", a Myanmar village) is not the group.
	case upper >= 2:
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

// Words is a sentence prepared for matching: its tokens split into words,
// each numbered in the vocabulary it was prepared with.
type Words struct {
	vocab *Vocab
	toks  []text.Token
	w     []word
	tokW  []int // first word of each token, and len(w) at the end
}

// word is a token or a hyphen-separated part of one. It holds no pointers
// (its text is found through its token), so that a document's words cost
// the collector nothing to scan and writing them needs no write barriers.
type word struct {
	id     uint32 // in the Words' vocabulary
	tok    uint32 // token index
	es, ee uint32 // the word in its token's Text
	ns, ne uint32 // and in its Norm
	last   bool   // word ends its token
}

func (ws *Words) exact(x *word) string { return ws.toks[x.tok].Text[x.es:x.ee] }
func (ws *Words) norm(x *word) string  { return ws.toks[x.tok].Norm[x.ns:x.ne] }

// Prepare splits tokens into words once, for every matcher built with v
// to use (others look each word up in their own vocabulary).
func (v *Vocab) Prepare(toks []text.Token) *Words {
	return (&Words{vocab: v}).Reset(toks)
}

// PrepareAll prepares each sentence of d, in one allocation for them all.
func (v *Vocab) PrepareAll(d *text.Doc) []Words {
	n := 0
	for i := range d.Sentences {
		n += len(d.Sentences[i].Tokens)
	}
	out := make([]Words, len(d.Sentences))
	// A token is one word unless hyphens split it; room for a few more
	// spares most sentences a second allocation.
	w := make([]word, 0, n+n/8)
	tokW := make([]int, n+len(d.Sentences))
	for i := range d.Sentences {
		toks := d.Sentences[i].Tokens
		out[i] = Words{vocab: v, w: w[len(w):len(w)], tokW: tokW[: 0 : len(toks)+1]}
		tokW = tokW[len(toks)+1:]
		out[i].Reset(toks)
		if n := len(out[i].w); n <= cap(w)-len(w) {
			out[i].w = out[i].w[:n:n] // a later Reset must not write into the next sentence
			w = w[:len(w)+n]
		}
	}
	return out
}

// Prepare splits tokens into words for matchers of any vocabulary.
func Prepare(toks []text.Token) *Words {
	return (*Vocab)(nil).Prepare(toks)
}

// Reset prepares ws for toks, reusing its memory and its vocabulary.
func (ws *Words) Reset(toks []text.Token) *Words {
	ws.toks = toks
	ws.w = ws.w[:0]
	if cap(ws.tokW) < len(toks)+1 {
		ws.tokW = make([]int, len(toks)+1)
	}
	ws.tokW = ws.tokW[:len(toks)+1]
	var pbuf, nbuf [8][2]uint32
	for i := range toks {
		t := &toks[i]
		ws.tokW[i] = len(ws.w)
		if t.Kind == text.Word && strings.IndexByte(t.Norm, '-') >= 0 {
			parts, nparts := partSpans(pbuf[:0], t.Text), partSpans(nbuf[:0], t.Norm)
			if len(parts) == len(nparts) && len(parts) > 0 {
				for j, p := range parts {
					np := nparts[j]
					ws.w = append(ws.w, word{ws.vocab.id(t.Norm[np[0]:np[1]]), uint32(i), p[0], p[1], np[0], np[1], j == len(parts)-1})
				}
				continue
			}
		}
		ws.w = append(ws.w, word{ws.vocab.id(t.Norm), uint32(i), 0, uint32(len(t.Text)), 0, uint32(len(t.Norm)), true})
	}
	ws.tokW[len(toks)] = len(ws.w)
	return ws
}

// partSpans appends the byte spans of the parts splitWord makes of s.
func partSpans(dst [][2]uint32, s string) [][2]uint32 {
	start := -1
	for i, r := range s {
		if r == '-' || r == '‐' || r == '‑' {
			if start >= 0 {
				dst = append(dst, [2]uint32{uint32(start), uint32(i)})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		dst = append(dst, [2]uint32{uint32(start), uint32(len(s))})
	}
	return dst
}

// Match is one phrase found: tokens [Start, End) of the sentence.
type Match[V any] struct {
	Start, End int
	Value      V
}

// At returns the longest phrase starting at token i, if any.
func (m *Matcher[V]) At(w *Words, i int) (Match[V], bool) {
	// Small enough to inline: most words start no phrase of a matcher, and
	// rules ask several matchers about every token.
	if w.startsNone(m.vocab, m.heads, i) {
		return Match[V]{}, false
	}
	return m.at(w, i)
}

// Heads is the set of the first words of some matchers' phrases, of one
// vocabulary: a rule that asks several matchers about every token skips
// the tokens none of them has a phrase for with one test.
// It is built after its matchers: a phrase added to them later is missed.
type Heads struct {
	vocab *Vocab
	bits  []uint64
	mixed bool // matchers of more than one vocabulary: nothing is skipped
}

// AddHeads adds the first words of m's phrases to h.
func AddHeads[V any](h *Heads, m *Matcher[V]) {
	if h.vocab == nil {
		h.vocab = m.vocab
	}
	if h.vocab != m.vocab {
		h.mixed = true
	}
	for len(h.bits) < len(m.heads) {
		h.bits = append(h.bits, 0)
	}
	for k, b := range m.heads {
		h.bits[k] |= b
	}
}

// StartsNone tells whether token i is known to start no phrase of the
// matchers of h: false when it may, and when w was prepared with another
// vocabulary.
func (w *Words) StartsNone(h *Heads, i int) bool {
	return h != nil && h.vocab != nil && !h.mixed && w.startsNone(h.vocab, h.bits, i)
}

// startsNone tells whether the word at token i is known to start none of
// the phrases of a matcher of vocabulary v whose first words are heads.
func (w *Words) startsNone(v *Vocab, heads []uint64, i int) bool {
	wi := w.tokW[i]
	if wi >= len(w.w) || w.vocab != v {
		return false
	}
	id := w.w[wi].id
	return id>>6 >= uint32(len(heads)) || heads[id>>6]&(1<<(id&63)) == 0
}

func (m *Matcher[V]) at(w *Words, i int) (Match[V], bool) {
	wi := w.tokW[i]
	if wi >= len(w.w) {
		return Match[V]{}, false
	}
	shared := w.vocab == m.vocab
	first := w.w[wi].id
	if !shared {
		first = m.vocab.id(w.norm(&w.w[wi]))
	}
	if first == 0 || int(first) >= len(m.first) {
		return Match[V]{}, false
	}
	list := m.first[first]
	for pi := range list {
		ph := &list[pi]
		end := wi + len(ph.ids)
		if end > len(w.w) || !w.w[end-1].last {
			continue
		}
		if n := len(ph.ids); shared && n > 1 && w.w[end-1].id != ph.ids[n-1] {
			continue // the cheapest test that turns most longer phrases away
		}
		ok := true
		for k := range ph.ids {
			x := &w.w[wi+k]
			if k > 0 && (shared && x.id != ph.ids[k] || !shared && m.vocab.id(w.norm(x)) != ph.ids[k]) {
				ok = false
				break
			}
			switch ph.cased[k] {
			case 1:
				if c := w.toks[x.tok].Text[x.es]; c < 'A' || c > 'Z' {
					ok = false
				}
			case 2:
				if ex := w.exact(x); ex != ph.exact[k] && strings.TrimSuffix(ex, "s") != ph.exact[k] {
					ok = false
				}
			}
			if !ok {
				break
			}
		}
		if ok {
			return Match[V]{Start: i, End: int(w.w[end-1].tok) + 1, Value: ph.value}, true
		}
	}
	return Match[V]{}, false
}

// All returns the non-overlapping longest matches, left to right.
func (m *Matcher[V]) All(w *Words) []Match[V] {
	var out []Match[V]
	ntok := len(w.tokW) - 1
	shared := w.vocab == m.vocab
	for i := 0; i < ntok; {
		if wi := w.tokW[i]; shared && wi < len(w.w) {
			// The common case, a word no phrase starts with, without a call.
			if id := w.w[wi].id; id>>6 >= uint32(len(m.heads)) || m.heads[id>>6]&(1<<(id&63)) == 0 {
				i++
				continue
			}
		}
		if mt, ok := m.At(w, i); ok {
			out = append(out, mt)
			i = mt.End
			continue
		}
		i++
	}
	return out
}
