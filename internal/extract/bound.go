package extract

import (
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/text"
)

// MaxSentences bounds the sentences of one document read for events: a
// long article has a few hundred; a book or a page of feeds pasted
// together gets its first MaxSentences read and the rest skipped (counted
// in Result.Unread), so that one document cannot take a worker's memory.
const MaxSentences = 4000

// readable returns the document as it is read: a paragraph that repeats
// one before it (a document pasted twice, a trailer on every page of a
// feed dump) is read once, so that its deaths are not counted again, and
// at most MaxSentences sentences. Offsets stay those of d.Text.
func readable(d *text.Doc) (*text.Doc, int) {
	if len(d.Paragraphs) < 2 && len(d.Sentences) <= MaxSentences {
		return d, 0
	}
	seen := make(map[uint64]bool, len(d.Paragraphs))
	dup := make([]bool, len(d.Paragraphs))
	for i, p := range d.Paragraphs {
		k := paraKey(d.Slice(p))
		dup[i] = seen[k]
		seen[k] = true
	}
	out := &text.Doc{Text: d.Text, Paragraphs: d.Paragraphs, Sentences: make([]text.Sentence, 0, min(len(d.Sentences), MaxSentences))}
	for _, s := range d.Sentences {
		if dup[s.Para] || len(out.Sentences) == MaxSentences {
			continue
		}
		out.Sentences = append(out.Sentences, s)
	}
	return out, len(d.Sentences) - len(out.Sentences)
}

// paraKey hashes a paragraph's words, spacing and case aside: the FNV-1a
// hash of Fold(f)+" " for each field f of strings.Fields(p), computed in
// place (folding ASCII here, other words with text.Fold) rather than by
// allocating the fields and their folded forms.
func paraKey(p string) uint64 {
	const offset64, prime64 = 14695981039346656037, 1099511628211
	h := uint64(offset64)
	for i := 0; i < len(p); {
		if n := spaceAt(p, i); n > 0 {
			i += n
			continue
		}
		j, ascii := i, true
		for j < len(p) && spaceAt(p, j) == 0 {
			if p[j] < utf8.RuneSelf {
				j++
				continue
			}
			_, size := utf8.DecodeRuneInString(p[j:])
			ascii = false
			j += size
		}
		if ascii {
			for k := i; k < j; k++ {
				c := p[k]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				h = (h ^ uint64(c)) * prime64
			}
		} else {
			f := text.Fold(p[i:j])
			for k := 0; k < len(f); k++ {
				h = (h ^ uint64(f[k])) * prime64
			}
		}
		h = (h ^ ' ') * prime64
		i = j
	}
	return h
}

// spaceAt returns the length of the white space (as strings.Fields has
// it) starting at byte i of s, 0 when there is none.
func spaceAt(s string, i int) int {
	switch c := s[i]; c {
	case '\t', '\n', '\v', '\f', '\r', ' ':
		return 1
	default:
		if c < utf8.RuneSelf {
			return 0
		}
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if unicode.IsSpace(r) {
		return size
	}
	return 0
}
