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
			if n := s.toks[cue.Start].Norm; c.Source == "" && strings.HasPrefix(n, "claim") && cue.Start > 0 && !x.lex.passiveAux.Has(s.toks[cue.Start-1].Norm) {
				// "Russia claimed to have captured …": the hedge's subject
				// is who claims it.
				if a, b := x.lex.subjectBefore(s.toks, cue.Start); b > a && !x.lex.noneWord.Has(s.toks[a].Norm) && !(a <= t.Start && t.Start < b) {
					c.Source = x.slice(r, s, a, b)
					c.SourceSpan = span(a, b)
				}
			}
		case Denial:
			c.Denied = true
		case Attrib:
			if c.Source == "" && x.lex.sayLead.Has(s.toks[cue.Start].Norm) {
				// "the army said in a statement that...": who said it
				if a, b := x.lex.subjectBefore(s.toks, cue.Start); b > a && !x.lex.noneWord.Has(s.toks[a].Norm) && !(a <= t.Start && t.Start < b) {
					c.Source = x.slice(r, s, a, b)
					c.SourceSpan = span(a, b)
				}
				continue
			}
			if c.Source == "" {
				a, b := x.lex.nounPhrase(s.toks, cue.End)
				if b > a {
					c.Source = x.slice(r, s, a, b)
					c.SourceSpan = span(a, b)
				}
			}
		case SayVerb:
			if c.Source != "" {
				continue
			}
			a, b := x.lex.subjectBefore(s.toks, cue.Start)
			if cue.Start > 0 && x.lex.passiveAux.Has(s.toks[cue.Start-1].Norm) {
				a, b = 0, 0 // "soldiers were accused of …": the accused, not who accuses
			}
			if b > a && x.lex.noneWord.Has(s.toks[a].Norm) {
				continue // "nobody claimed the attacks": no one asserts anything
			}
			if b > a && !(a <= t.Start && t.Start < b) {
				c.Source = x.slice(r, s, a, b)
				c.SourceSpan = span(a, b)
			}
			if n := s.toks[cue.Start].Norm; hasPrefix(n, x.lex.sayConfirms) {
				c.Confirmed = true
			} else if hasPrefix(n, x.lex.sayHedges) {
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
	c.SourceKind = x.lex.sourceKind(c.Source)
	if c.Source != "" && (sameActor(x, s, c.SourceSpan, agent) || sameActor(x, s, c.SourceSpan, patient)) {
		c.SourceKind = "party"
	}
	return c
}

func (x *Extractor) slice(r *Result, s *sentence, a, b int) string {
	return r.Doc.Text[s.toks[a].Off:s.toks[b-1].OffEnd]
}

// nounPhrase returns the phrase starting at k, up to punctuation or a verb-like word.
func (l *lex) nounPhrase(toks []text.Token, k int) (int, int) {
	end := k
	for end < len(toks) && end < k+8 {
		t := toks[end]
		if t.Kind == text.Punct && t.Text != "-" && t.Text != "'" && t.Text != "’" && t.Text != "'s" {
			break
		}
		if l.sourceEnd.Has(t.Norm) {
			break
		}
		end++
	}
	return k, end
}

// subjectBefore returns the phrase before a saying verb: "Police spokesman X said".
// An aside between commas just before the verb ("The army, in a statement,
// said") is passed over: the subject is before it.
func (l *lex) subjectBefore(toks []text.Token, verb int) (int, int) {
	end := verb
	if end > 1 && toks[end-1].Text == "," {
		for k := end - 2; k > 0 && end-k <= asideWords+1; k-- {
			if toks[k].Text == "," {
				end = k
				break
			}
			if toks[k].Kind == text.Punct {
				break
			}
		}
	}
	start := end
	for start > 0 && end-start < 7 {
		t := toks[start-1]
		if t.Kind == text.Punct || l.clauseBoundary.Has(t.Norm) || t.Norm == "that" || t.Norm == "and" {
			break
		}
		start--
	}
	return start, end
}

// asideWords is the longest aside between commas passed over before a saying verb.
const asideWords = 6

func (l *lex) sourceKind(src string) string {
	if src == "" {
		return "outlet"
	}
	s := text.Fold(src)
	switch {
	case containsAny(s, l.sourceLocal):
		return "local"
	case containsAny(s, l.sourceWitness):
		return "witness"
	case containsAny(s, l.sourceOfficial):
		return "official"
	case containsAny(s, l.sourceMedia):
		return "media"
	case containsAny(s, l.sourceUnnamed):
		return "unnamed"
	}
	return "named"
}

// containsAny tells whether s holds one of the phrases.
func containsAny(s string, phrases []string) bool {
	for _, p := range phrases {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// hasPrefix tells whether s starts with one of the prefixes.
func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
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
