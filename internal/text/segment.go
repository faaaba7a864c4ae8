package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Analyze splits t into paragraphs, sentences and tokens. Paragraphs break at
// blank lines, and at single line breaks unless the text looks hard-wrapped.
func Analyze(t string) *Doc {
	d := &Doc{Text: t}
	toks, breaks := tokenize(t)
	// breaks[i] tells that a paragraph starts at token i.
	pstart := 0
	for i := 0; i <= len(toks); i++ {
		if i == len(toks) || (i > pstart && breaks[i]) {
			if i > pstart {
				p := len(d.Paragraphs)
				d.Paragraphs = append(d.Paragraphs, Span{toks[pstart].Start, toks[i-1].End})
				splitSentences(d, toks[pstart:i], p)
			}
			pstart = i
		}
	}
	return d
}

// tokenize returns the tokens of t and, per token, whether a paragraph starts there.
func tokenize(t string) ([]Token, []bool) {
	toks := make([]Token, 0, len(t)/5+1)
	breaks := make([]bool, 0, len(t)/5+1)
	// The folded forms that differ from the text (capitalised words, about
	// a sixth of a text's bytes) share one buffer instead of one string each.
	var norms strings.Builder
	norms.Grow(len(t)/5 + 16)
	ri := 0          // rune index of position i
	newlines := 0    // newlines in the current whitespace run
	lineStart := 0   // byte offset where the current line starts
	prevLineLen := 0 // bytes in the previous line, for hard-wrap detection
	space := true
	heading := false // a break the text lost: the next token starts a paragraph
	for i := 0; i < len(t); {
		r, size := rune(t[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(t[i:])
		}
		if r == '\n' {
			newlines++
			prevLineLen = i - lineStart
			lineStart = i + 1
			space = true
			i += size
			ri++
			continue
		}
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			space = true
			i += size
			ri++
			continue
		}
		start, startRune := i, ri
		kind := Punct
		split := false
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			var mixed bool
			i, ri, kind, mixed = scanWord(t, i, ri)
			if kind == Word && mixed {
				if j := glued(t[start:i]); j > 0 {
					ri = startRune + utf8.RuneCountInString(t[start:start+j])
					i = start + j
					split = true
				}
			}
		case r == '=' && hasPrefix(t[i:], "=="):
			// A wiki heading's marks: a paragraph ends, and they are no word.
			for i < len(t) && t[i] == '=' {
				i++
				ri++
			}
			newlines, space = 2, true
			continue
		case r == '.' && hasPrefix(t[i:], "..."):
			i += 3
			ri += 3
		case (r == '\'' || r == '’') && i+size < len(t) && (t[i+size] == 's' || t[i+size] == 'S') && !isLetterAt(t, i+size+1) && len(toks) > 0 && !space:
			// Possessive 's is one token, so the name before it stands alone.
			i += size + 1
			ri += 2
			kind = Word
		case r == '…':
			i += size
			ri++
		case unicode.IsPunct(r):
			i += size
			ri++
		default:
			kind = Symbol
			i += size
			ri++
		}
		br := false
		if len(toks) > 0 {
			switch {
			case heading:
				br = true
			case newlines >= 2:
				br = true
			case newlines == 1:
				br = !hardWrapped(toks[len(toks)-1], prevLineLen, t[start:])
			}
		}
		newlines = 0
		txt := t[start:i]
		first, _ := utf8.DecodeRuneInString(txt)
		toks = append(toks, Token{
			Span:        Span{startRune, ri},
			Off:         start,
			OffEnd:      i,
			Text:        txt,
			Norm:        foldInto(&norms, txt),
			Kind:        kind,
			Cap:         unicode.IsUpper(first),
			SpaceBefore: space,
		})
		breaks = append(breaks, br)
		space = false
		heading = split
	}
	return toks, breaks
}

// hardWrapped tells whether a single line break continues the same paragraph:
// the previous line was long, did not end a sentence, and the next starts in lower case.
func hardWrapped(prev Token, prevLineLen int, next string) bool {
	if prevLineLen < 60 {
		return false
	}
	switch prev.Text {
	case ".", "!", "?", ":", "\"", "”", "…":
		return false
	}
	r, _ := utf8.DecodeRuneInString(next)
	return !unicode.IsUpper(r)
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

// scanWord scans a word or number starting at byte i, rune ri. Inner hyphens,
// apostrophes, dots (U.S., 2.5), commas in thousands (2,500) and slashes in
// numbers (05/09) stay inside; a final possessive 's is left for its own token.
// It also tells whether the word may be two glued together (see glued): it
// has a lower-case letter before a capital, or a letter beyond ASCII.
func scanWord(t string, i, ri int) (int, int, Kind, bool) {
	first, _ := utf8.DecodeRuneInString(t[i:])
	kind := Word
	if unicode.IsDigit(first) {
		kind = Number
	}
	letters := 0 // letters since the last inner dot, for U.S. / a.m.
	dotted := false
	mixed, lower := false, false
	for i < len(t) {
		// ASCII letters and digits, most of a word, without the tables.
		if c := t[i]; 'a' <= c && c <= 'z' {
			letters++
			i++
			ri++
			lower = true
			continue
		} else if 'A' <= c && c <= 'Z' {
			mixed = mixed || lower
			letters++
			i++
			ri++
			lower = false
			continue
		} else if '0' <= c && c <= '9' {
			i++
			ri++
			lower = false
			continue
		}
		lower = false
		r, size := utf8.DecodeRuneInString(t[i:])
		if r >= utf8.RuneSelf {
			mixed = true
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if unicode.IsLetter(r) {
				letters++
			}
			i += size
			ri++
			continue
		}
		next, nsize := utf8.DecodeRuneInString(t[i+size:])
		if i+size >= len(t) {
			next, nsize = 0, 0
		}
		_ = nsize
		switch r {
		case '-', '‐', '‑':
			if unicode.IsLetter(next) || unicode.IsDigit(next) {
				i += size
				ri++
				letters = 0
				continue
			}
		case '\'', '’':
			if unicode.IsLetter(next) && kind == Word {
				// Possessive or contraction at the end of the word: 's, 't split off.
				if (next == 's' || next == 'S') && !isLetterAt(t, i+size+1) {
					return i, ri, kind, mixed
				}
				i += size
				ri++
				continue
			}
		case '.':
			if kind == Number && unicode.IsDigit(next) {
				i += size
				ri++
				continue
			}
			// Initialisms: U.S., a.m., U.N.; take the dot when one letter precedes it.
			if kind == Word && letters == 1 && (dotted || (unicode.IsLetter(next) && !isLetterAt(t, i+size+utf8.RuneLen(next)))) {
				i += size
				ri++
				dotted = true
				letters = 0
				continue
			}
		case ',':
			if kind == Number && threeDigits(t[i+size:]) {
				i += size
				ri++
				continue
			}
		case '/':
			if kind == Number && unicode.IsDigit(next) {
				i += size
				ri++
				continue
			}
		}
		break
	}
	return i, ri, kind, mixed
}

func isLetterAt(t string, i int) bool {
	if i >= len(t) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func threeDigits(s string) bool {
	if len(s) < 3 {
		return false
	}
	for k := 0; k < 3; k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return len(s) == 3 || s[3] < '0' || s[3] > '9'
}
