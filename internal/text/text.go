// Package text splits a document's text into paragraphs, sentences and
// tokens, keeping code-point offsets back to the text so that everything read
// later can point at the words it came from.
package text

// Kind is the class of a token.
type Kind uint8

const (
	Word   Kind = iota + 1 // letters, possibly with digits, inner hyphens or apostrophes
	Number                 // starts with a digit: 5, 2,500, 1-2, 05/09, 3.5
	Punct                  // one punctuation character, or "..."
	Symbol                 // anything else: $, %, emoji
)

// Span is a half-open range [Start, End) of code points in a text.
type Span struct{ Start, End int }

// Token is one word, number or punctuation mark.
type Token struct {
	Span               // code points in Doc.Text
	Off, OffEnd int    // bytes in Doc.Text
	Text        string // as written
	Norm        string // Fold(Text): lower case, no diacritics, ASCII quotes and dashes
	Kind        Kind
	Cap         bool // starts with an upper-case letter
	SpaceBefore bool // whitespace (or start of text) before it
}

// Sentence is a run of tokens ending a thought.
type Sentence struct {
	Span            // code points in Doc.Text
	Off, OffEnd int // bytes in Doc.Text
	Para        int // index into Doc.Paragraphs
	Tokens      []Token
}

// Doc is an analysed text.
type Doc struct {
	Text       string
	Paragraphs []Span // code points
	Sentences  []Sentence
}

// Slice returns the text of the code-point span s of d.
func (d *Doc) Slice(s Span) string {
	a, ok1 := d.byteAt(s.Start, true)
	b, ok2 := d.byteAt(s.End, false)
	if ok1 && ok2 && a <= b {
		return d.Text[a:b]
	}
	return sliceRunes(d.Text, s.Start, s.End)
}

// byteAt finds the byte offset of a code-point offset that starts (or ends)
// a token, by binary search over the sentences and their tokens.
func (d *Doc) byteAt(r int, start bool) (int, bool) {
	ss := d.Sentences
	lo, hi := 0, len(ss)
	for lo < hi {
		m := (lo + hi) / 2
		if ss[m].End < r || start && ss[m].End == r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(ss) {
		return 0, false
	}
	toks := ss[lo].Tokens
	i, j := 0, len(toks)
	for i < j {
		m := (i + j) / 2
		if start && toks[m].Start < r || !start && toks[m].End < r {
			i = m + 1
		} else {
			j = m
		}
	}
	if i == len(toks) {
		return 0, false
	}
	if start && toks[i].Start == r {
		return toks[i].Off, true
	}
	if !start && toks[i].End == r {
		return toks[i].OffEnd, true
	}
	return 0, false
}

// Text returns the sentence as written in d.
func (s *Sentence) TextIn(d *Doc) string { return d.Text[s.Off:s.OffEnd] }

func sliceRunes(t string, start, end int) string {
	if start >= end {
		return ""
	}
	i, b0, b1 := 0, -1, len(t)
	for off := range t {
		if i == start {
			b0 = off
		}
		if i == end {
			b1 = off
			break
		}
		i++
	}
	if b0 < 0 {
		return ""
	}
	return t[b0:b1]
}
