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
	// Each paragraph's key is its words folded, one space after each, all
	// written to one buffer: the same words are the same paragraph.
	buf := make([]byte, 0, len(d.Text)+len(d.Paragraphs))
	ends := make([]int, len(d.Paragraphs))
	for i, p := range d.Paragraphs {
		buf = appendParaKey(buf, d.Slice(p))
		ends[i] = len(buf)
	}
	keys := string(buf)
	seen := make(map[string]bool, len(d.Paragraphs))
	dup := make([]bool, len(d.Paragraphs))
	start := 0
	for i, end := range ends {
		k := keys[start:end]
		dup[i] = seen[k]
		seen[k] = true
		start = end
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

// appendParaKey appends Fold(f)+" " for each field f of
// strings.Fields(p), without allocating the fields: ASCII is folded here,
// other words by text.Fold.
func appendParaKey(dst []byte, p string) []byte {
	for i := 0; i < len(p); {
		if n := spaceAt(p, i); n > 0 {
			i += n
			continue
		}
		j, ascii := i, true
		for j < len(p) {
			if c := p[j]; c < utf8.RuneSelf {
				if asciiSpace[c] {
					break
				}
				j++
				continue
			}
			if spaceAt(p, j) > 0 {
				break
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
				dst = append(dst, c)
			}
		} else {
			dst = append(dst, text.Fold(p[i:j])...)
		}
		dst = append(dst, ' ')
		i = j
	}
	return dst
}

// asciiSpace is the ASCII white space of strings.Fields.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// spaceAt returns the length of the white space (as strings.Fields has
// it) starting at byte i of s, 0 when there is none.
func spaceAt(s string, i int) int {
	if c := s[i]; c < utf8.RuneSelf {
		if asciiSpace[c] {
			return 1
		}
		return 0
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if unicode.IsSpace(r) {
		return size
	}
	return 0
}
