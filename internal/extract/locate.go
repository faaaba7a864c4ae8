package extract

import (
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

// Locate returns the spans of the places where the event named by the word
// at verb happened, in a text of one or a few sentences: the same choice
// event coding makes, for a trigger given from outside.
func (x *Extractor) Locate(txt string, verb text.Span) []text.Span {
	d := text.Analyze(txt)
	r := &Result{Doc: d, FatalitiesCoded: -1}
	r.Places = x.places.Parse(d)
	for si := range d.Sentences {
		ds := &d.Sentences[si]
		if verb.Start < ds.Start || verb.Start >= ds.End {
			continue
		}
		s := x.analyse(d, si, x.vocab.Prepare(ds.Tokens), time.Time{}, 0)
		for i := range r.Places {
			if r.Places[i].Sentence == si {
				s.places = append(s.places, i)
			}
		}
		t := trigger{Start: -1}
		for k := range s.toks {
			if tok := &s.toks[k]; tok.Start <= verb.Start && verb.Start < tok.End {
				t = trigger{Start: k, End: k + 1, Class: Attack}
				break
			}
		}
		if t.Start < 0 {
			return nil
		}
		for _, tr := range s.triggers {
			if tr.Start <= t.Start && t.Start < tr.End {
				t = tr
			}
		}
		lo, hi := x.lex.clause(s.toks, t.Start, t.End)
		places, n := x.locate(r, s, t, lo, hi)
		var out []text.Span
		for i, pi := range places {
			if i >= n {
				break
			}
			out = append(out, r.Places[pi].Span)
		}
		return out
	}
	return nil
}
