package extract

import (
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/geoparse"
	"github.com/sitrep/sitrep/internal/text"
)

// locate picks the places that locate a trigger, best first; n > 1 tells
// that the first n are a list ("in Idlib and Aleppo"): one event each.
func (x *Extractor) locate(r *Result, s *sentence, t trigger, lo, hi int) ([]int, int) {
	type cand struct{ i, score, dist int }
	var cands []cand
	for _, pi := range s.places {
		p := &r.Places[pi]
		if p.Demonym || p.Dateline || p.Actor || p.InName && !s.lex.afterLocative(s, p.Start) ||
			inActor(s, p.Start) && (ofBefore(s.toks, p.Start) || !s.lex.locativeRightBefore(s.toks, p.Start)) {
			// "the Democratic Forces for the Liberation of Rwanda": a name's place is not where it happened
			continue // "Russia said", "Ankara says", "the Syrian army": not where it happened
		}
		if p.Start > 0 && s.toks[p.Start-1].Norm == "from" || s.lex.originBefore(s.toks, p.Start) {
			continue // where someone came from
		}
		if holdsAnother(r, s, pi) {
			continue // a chain ("Watamu, Dabaso, Kilifi") is located by its most specific member
		}
		score := 0
		held := p.In >= 0 && r.Places[p.In].Sentence == p.Sentence && s.lex.afterLocative(s, r.Places[p.In].Start)
		if s.lex.afterLocative(s, p.Start) || s.lex.objectOf(s, t, p.Start) || held {
			score += 4
		} else if !standsAlone(s, p.Start, p.End) {
			continue // a subject or modifier: "Ankara says", "the Idlib de-escalation"
		}
		if p.Start >= lo && p.End <= hi {
			score += 2
		}
		if p.Start >= t.End {
			score++
		}
		if p.Kind == gazetteer.Populated || !p.Resolved {
			score++
		}
		if p.Kind == gazetteer.Country || p.Kind == gazetteer.Region {
			score -= 3
		}
		if p.Near && !partOfPlace(s, p) {
			score-- // "north of Idlib": a landmark more often than the place
		}
		if possessedPlace(r, s, p) {
			score -= 5 // "Baghdad's Amriya district", "Yemen's capital Sanaa": the second is meant
		}
		d := p.Start - t.End
		if d < 0 {
			d = t.Start - p.End
		}
		cands = append(cands, cand{pi, score, d})
	}
	if len(cands) == 0 {
		return nil, 0
	}
	// Best score first; at equal score, the place nearest the trigger.
	for i := 1; i < len(cands); i++ {
		for j := i; j > 0 && (cands[j].score > cands[j-1].score || cands[j].score == cands[j-1].score && cands[j].dist < cands[j-1].dist); j-- {
			cands[j], cands[j-1] = cands[j-1], cands[j]
		}
	}
	out := make([]int, len(cands))
	for i, c := range cands {
		out[i] = c.i
	}
	// A list of places after one preposition: "in Idlib and Aleppo",
	// "shelled Arbin, Hawsh Nasri and Bakhariya": one event each.
	n := 1
	if len(out) > 1 {
		isCand := map[int]bool{}
		for _, c := range cands {
			isCand[c.i] = true
		}
		// Walk left and right from the best place over separators only.
		list := []int{out[0]}
		conj := false
		linked := func(from, to int) bool {
			for ti := from; ti < to; ti++ {
				switch t := &s.toks[ti]; t.Norm {
				case ",", "and", "or", "&": // coordination: grammar, not a word list
					conj = conj || t.Norm != ","
				default:
					return false
				}
			}
			return to > from && to-from <= 2
		}
		for _, pi := range s.places {
			p := &r.Places[pi]
			if !isCand[pi] || pi == out[0] {
				continue
			}
			first, last := &r.Places[list[0]], &r.Places[list[len(list)-1]]
			switch {
			case p.Start >= last.End && linked(last.End, p.Start):
				list = append(list, pi)
			case p.End <= first.Start && linked(p.End, first.Start):
				list = append([]int{pi}, list...)
			}
		}
		if first := &r.Places[list[0]]; first.Start > 0 && s.toks[first.Start-1].Norm == "between" {
			conj = false // "on the road between Dadaab and Liboi": one place between two
		}
		if len(list) > 1 && conj {
			n = len(list)
			rest := out[:0:0]
			in := map[int]bool{}
			for _, pi := range list {
				in[pi] = true
			}
			for _, pi := range out {
				if !in[pi] {
					rest = append(rest, pi)
				}
			}
			out = append(list, rest...)
		}
	}
	return out, n
}

// ofBefore tells whether "of" or "of the" stands before token k:
// "supporters of the Pakistan Tehreek-e-Insaf" name a party, not a place.
func ofBefore(toks []text.Token, k int) bool {
	if k > 1 && toks[k-1].Norm == "the" {
		k--
	}
	return k > 0 && toks[k-1].Norm == "of"
}

// partOfPlace tells whether a place marked near is a part of it after a
// locative: "in central Belgrade", "in northern Kabul" are in the city,
// "north of Idlib" and "near Idlib" are not.
func partOfPlace(s *sentence, p *geoparse.Mention) bool {
	k := p.Start - 1
	return k >= 1 && s.toks[k].Kind == text.Word && s.toks[k].Norm != "of" && !s.toks[k].Cap && s.lex.locative.Has(s.toks[k-1].Norm)
}

// locativeRightBefore tells whether a preposition of place, or one and
// "the", stands right before token k: "in Kachin" is where it happened,
// "between the army and the Kachin Independence Army near Bhamo" names a
// group whose name holds a place.
func (l *lex) locativeRightBefore(toks []text.Token, k int) bool {
	if k > 0 && toks[k-1].Norm == "the" {
		k--
	}
	return k > 0 && l.locative.Has(toks[k-1].Norm)
}

func (l *lex) afterLocative(s *sentence, k int) bool {
	for j := k - 1; j >= 0 && j >= k-5; j-- {
		n := s.toks[j].Norm
		if n == "for" {
			// "the fight for Sharqat", not "for years"
			return j > 0 && l.contest.Has(s.toks[j-1].Norm)
		}
		if l.locative.Has(n) {
			return true
		}
		if l.placeModifier.Has(n) || n == "," || s.toks[j].Cap || s.toks[j].Kind == text.Word && !l.isClauseWord(n) && k-j <= 3 {
			continue // "in the battered old capital Aleppo"
		}
		return false
	}
	return false
}

// objectOf tells whether a place is what a trigger acted on: "seized
// Bweyale", "shelled the town of Saraqib", "attacked Garissa".
func (l *lex) objectOf(s *sentence, t trigger, k int) bool {
	if k < t.End || k-t.End > 4 {
		return false
	}
	for j := t.End; j < k; j++ {
		if !l.objectModifier.Has(s.toks[j].Norm) {
			return false
		}
	}
	return true
}

// clauseWord tells words that end a phrase before a place: verbs and
// function words ("killed in X" is locative, "X said in" is not).
func (l *lex) isClauseWord(n string) bool {
	return l.clauseWord.Has(n) || strings.HasSuffix(n, "ed") || strings.HasSuffix(n, "ing")
}

// possessedPlace tells whether a place is the possessor of a place named
// right after it: "Mogadishu's Wadajir district".
func possessedPlace(r *Result, s *sentence, p *geoparse.Mention) bool {
	if p.End >= len(s.toks) || (s.toks[p.End].Text != "'s" && s.toks[p.End].Text != "’s") {
		return false
	}
	for _, o := range s.places {
		if q := &r.Places[o]; q.Start > p.End && q.Start-p.End <= 6 {
			return true
		}
	}
	return false
}

// holdsAnother tells whether the text gives place pi as holding another of the sentence's places.
func holdsAnother(r *Result, s *sentence, pi int) bool {
	for _, o := range s.places {
		if r.Places[o].In == pi {
			return true
		}
	}
	return false
}

// standsAlone tells whether a place name is set off by punctuation, as in
// "Watamu, Dabaso, Kilifi" or "(Chittagong)", rather than used as a word of the clause.
func standsAlone(s *sentence, start, end int) bool {
	if start > 0 {
		switch s.toks[start-1].Text {
		case "(", ",", "-", "–":
			return true
		}
	}
	if end >= len(s.toks) {
		return true
	}
	switch s.toks[end].Text {
	case ",", ".", ")", ";", ":":
		return true
	}
	return false
}

func inActor(s *sentence, k int) bool {
	for _, a := range s.actors {
		if k >= a.Start && k < a.End {
			return true
		}
	}
	return false
}

// focus returns the country the report is mostly about.
func (x *Extractor) focus(r *Result, sents []*sentence) string {
	score := map[string]float64{}
	// Actors that belong to a country say a little: "KDF", "Pokot raiders".
	for _, s := range sents {
		for _, a := range s.actors {
			switch {
			case a.Entry != nil && a.Entry.Role.State() && a.Country != "" && a.Entry.Country == "":
				score[a.Country] += 0.4 // "Somali troops": the force's country, from its nationality
			case a.Entry != nil && a.Entry.Country != "":
				score[a.Entry.Country] += 0.4
			case a.Identity != nil && a.Identity.Country != "":
				score[a.Identity.Country] += 0.3
			}
		}
	}
	for _, p := range r.Places {
		if !p.Ref.Valid() || !p.Resolved {
			continue // a name the gazetteer lacks says nothing of the country yet
		}
		c := x.Gaz.CountryOf(p.Ref)
		if c == "" {
			continue
		}
		w := 1.0
		switch {
		case inActor(sents[p.Sentence], p.Start) && p.Start > 0 && r.Doc.Sentences[p.Sentence].Tokens[p.Start-1].Norm == "of":
			w = 0 // "Democratic Forces for the Liberation of Rwanda": a name, not where
		case p.Demonym && x.lex.originAfter(r.Doc.Sentences[p.Sentence].Tokens, p.End):
			w = 0 // "a Tunisian fighter": where he is from, not where it happened
		case x.lex.originBefore(r.Doc.Sentences[p.Sentence].Tokens, p.Start):
			w = 0 // "a native of Kazakhstan"
		case p.Start > 1 && r.Doc.Sentences[p.Sentence].Tokens[p.Start-1].Norm == "from" && actorEndsAt(sents[p.Sentence], p.Start-1):
			w = 0.2 // "raiders from Somalia": where they came from, mostly
		case strings.HasSuffix(r.Doc.Sentences[p.Sentence].Tokens[p.End-1].Norm, "-led"):
			w = 0.1 // "a Saudi-led coalition" acts, usually abroad
		case p.Demonym:
			w = 0.5
		case p.Kind == gazetteer.Country:
			w = 0.8
		}
		score[c] += w
	}
	best, bs := "", 0.0
	for c, v := range score {
		if v > bs || v == bs && c < best {
			best, bs = c, v
		}
	}
	return best
}

// originBefore tells whether the two tokens before token i make a place
// an origin: "native of", "born in".
func (l *lex) originBefore(toks []text.Token, i int) bool {
	return i >= 2 && l.origin.Has(toks[i-2].Norm+" "+toks[i-1].Norm)
}

// originAfter tells whether the noun after a demonym (tokens from i) is a
// person it names the origin of: "a Tunisian fighter", "Kazakh nationals".
func (l *lex) originAfter(toks []text.Token, i int) bool {
	if i >= len(toks) {
		return false
	}
	for n := 0; n < 2 && i+1 < len(toks) && toks[i].Cap && toks[i].Kind == text.Word; n++ {
		i++ // "Russian Wagner mercenaries": a name between the people's name and the noun
	}
	w := toks[i].Norm
	return l.originNoun.Has(w) || strings.HasSuffix(w, "s") && l.originNoun.Has(strings.TrimSuffix(w, "s")) ||
		strings.HasSuffix(w, "men") && l.originNoun.Has(strings.TrimSuffix(w, "men")+"man")
}

// defaultDate sets the date of events the text does not date.
func (x *Extractor) defaultDate(r *Result, sents []*sentence) {
	// A window the report opens with: "During the last few days, ...".
	// Only its opening: a page whose paragraph breaks were lost is one
	// paragraph, and its later dates are not the report's.
	for _, s := range sents {
		if s.para > 2 || s.idx > 3 {
			break
		}
		for i := range s.dates {
			e := &s.dates[i]
			if e.Resolved() && e.Start <= 1 && e.Precision >= 2 {
				r.DefaultDate, r.DefaultPrec = e.Day, e.Precision
				sp := e.Span
				r.DefaultDateSpan = &sp
				return
			}
		}
	}
	if !r.Published.IsZero() {
		r.DefaultDate, r.DefaultPrec = r.Published.Truncate(24*time.Hour), 2
	}
}

// dominantArmed returns the named non-state armed group the report names most.
func dominantArmed(sents []*sentence, claim *text.Set) *actor.Entry {
	if unclaimed(sents, claim) {
		// "No group has claimed the bombings, though a jihadist faction had
		// warned...": the report does not know who did it, nor does sitrep.
		return nil
	}
	n := map[*actor.Entry]int{}
	var order []*actor.Entry
	for _, s := range sents {
		for i, a := range s.actors {
			if a.Entry == nil {
				continue
			}
			if i+1 < len(s.actors) && s.actors[i+1].Start == a.End && s.actors[i+1].Entry != nil && s.actors[i+1].Entry.Role == actor.Government {
				continue // "Taliban authorities", "Houthi officials": a government, not the armed group of the report
			}
			switch a.Entry.Role {
			case actor.Rebel, actor.Militia, actor.Ethnic:
				if n[a.Entry] == 0 {
					order = append(order, a.Entry)
				}
				n[a.Entry]++
			}
		}
	}
	var best *actor.Entry
	for _, e := range order {
		if best == nil || n[e] > n[best] {
			best = e
		}
	}
	return best
}

// unclaimed tells whether a report says nobody claimed what it tells: "no"
// or "nobody" with a word of claiming ([claim-verb]) within the next four
// words ("no group has claimed").
func unclaimed(sents []*sentence, claim *text.Set) bool {
	for _, s := range sents {
		for k := range s.toks {
			if t := &s.toks[k]; t.Norm != "no" && t.Norm != "nobody" && t.Norm != "none" {
				continue
			}
			for j := k + 1; j < len(s.toks) && j <= k+4; j++ {
				if claim.Has(s.toks[j].Norm) {
					return true
				}
			}
		}
	}
	return false
}

// actorEndsAt tells whether an actor named in a sentence ends right
// before token k.
func actorEndsAt(s *sentence, k int) bool {
	for _, a := range s.actors {
		if a.End == k {
			return true
		}
	}
	return false
}
