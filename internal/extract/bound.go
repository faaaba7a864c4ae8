package extract

import (
	"hash/fnv"
	"strings"

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
		h := fnv.New64a()
		// Spacing and case aside: the same words are the same paragraph.
		for _, f := range strings.Fields(d.Slice(p)) {
			h.Write([]byte(text.Fold(f)))
			h.Write([]byte{' '})
		}
		k := h.Sum64()
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
