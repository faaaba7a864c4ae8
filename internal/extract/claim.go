package extract

import (
	"strings"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/text"
)

// claim reads who asserts a mention and how firmly.
func (x *Extractor) claim(r *Result, s *sentence, t trigger, agent, patient *ActorRef) Claim {
	var c Claim
	span := func(a, b int) *text.Span { return &text.Span{Start: s.toks[a].Start, End: s.toks[b-1].End} }
	for _, cue := range s.cues {
		switch cue.Value {
		case Hedge:
			// Hedges in the same clause, or governing the sentence, qualify the event.
			if cue.Start < t.End+6 {
				c.Hedged = true
				c.HedgeSpan = span(cue.Start, cue.End)
			}
		case Denial:
			c.Denied = true
		case Attrib:
			if c.Source == "" {
				a, b := nounPhrase(s.toks, cue.End)
				if b > a {
					c.Source = x.slice(r, s, a, b)
					c.SourceSpan = span(a, b)
				}
			}
		case SayVerb:
			if c.Source != "" {
				continue
			}
			a, b := subjectBefore(s.toks, cue.Start)
			if b > a && !(a <= t.Start && t.Start < b) {
				c.Source = x.slice(r, s, a, b)
				c.SourceSpan = span(a, b)
			}
			if n := s.toks[cue.Start].Norm; strings.HasPrefix(n, "confirm") {
				c.Confirmed = true
			} else if strings.HasPrefix(n, "claim") || strings.HasPrefix(n, "alleg") {
				c.Hedged = true
				c.HedgeSpan = span(cue.Start, cue.End)
			}
		}
	}
	for _, a := range s.actors {
		if a.Framed {
			c.Framing = append(c.Framing, a.Span)
		}
	}
	c.SourceKind = sourceKind(c.Source)
	if c.Source != "" && (sameActor(x, s, c.SourceSpan, agent) || sameActor(x, s, c.SourceSpan, patient)) {
		c.SourceKind = "party"
	}
	return c
}

func (x *Extractor) slice(r *Result, s *sentence, a, b int) string {
	return r.Doc.Text[s.toks[a].Off:s.toks[b-1].OffEnd]
}

// nounPhrase returns the phrase starting at k, up to punctuation or a verb-like word.
func nounPhrase(toks []text.Token, k int) (int, int) {
	end := k
	for end < len(toks) && end < k+8 {
		t := toks[end]
		if t.Kind == text.Punct && t.Text != "-" && t.Text != "'" && t.Text != "’" && t.Text != "'s" {
			break
		}
		if t.Norm == "that" || t.Norm == "who" || t.Norm == "said" || t.Norm == "says" {
			break
		}
		end++
	}
	return k, end
}

// subjectBefore returns the phrase before a saying verb: "Police spokesman X said".
func subjectBefore(toks []text.Token, verb int) (int, int) {
	start := verb
	for start > 0 && verb-start < 7 {
		t := toks[start-1]
		if t.Kind == text.Punct || boundaryWords[t.Norm] || t.Norm == "that" || t.Norm == "and" {
			break
		}
		start--
	}
	return start, verb
}

func sourceKind(src string) string {
	if src == "" {
		return "outlet"
	}
	s := text.Fold(src)
	has := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("local source", "resident", "villager", "locals", "local people", "community"):
		return "local"
	case has("witness", "survivor", "victim", "relative", "family"):
		return "witness"
	case has("ministry", "minister", "police", "army", "military", "government", "official", "spokes", "governor",
		"commander", "authorit", "president", "office", "department", "commissioner", "officer", "defence", "defense"):
		return "official"
	case has("media", "report", "news", "agency", "tv", "television", "radio", "newspaper", "press", "journalist", "outlet"):
		return "media"
	case has("source"):
		return "unnamed"
	}
	return "named"
}

func sameActor(x *Extractor, s *sentence, sp *text.Span, a *ActorRef) bool {
	if sp == nil || a == nil || a.Entry == nil {
		return false
	}
	for _, o := range s.actors {
		if o.Span.Start >= sp.Start && o.Span.End <= sp.End && o.Entry != nil {
			if o.Entry == a.Entry && (o.Country == a.Country || o.Country == "" || a.Country == "") {
				return o.Entry.Role != actor.Civilians
			}
		}
	}
	return false
}
