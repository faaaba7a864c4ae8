package extract

import (
	"github.com/sitrep/sitrep/internal/event"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/quantity"
	"github.com/sitrep/sitrep/internal/text"
	"github.com/sitrep/sitrep/internal/timex"
)

// sentence is one sentence with everything found in it, by token.
type sentence struct {
	lex      *lex // the word classes the rules read
	idx      int
	para     int
	toks     []text.Token
	triggers []trigger
	cues     []lexicon.Match[Cue]
	actors   []ActorRef
	assocs   []*actor.Entry // who the people named are: students, teachers
	dates    []timex.Expr
	counts   []quantity.Quantity
	places   []int // indexes into Result.Places
	quoted   []bool
	aside    []bool        // inside parentheses: "(9 according to militia sources)"
	label    event.SubType // sub-event type named by a leading label ("Arrests: ...")
	// fatalitiesCoded is an explicit coder's figure ("Fatalities coded as 0"), or -1.
	fatalitiesCoded int
}

type trigger struct {
	Start, End int
	Class      Class
	Passive    bool // "was killed", "killed by"
	Negated    bool
	Irrealis   bool
	// Background is set for triggers that set the scene for the clause's
	// event rather than report one: "amid clashes", "following a raid".
	// During is set when the scene is a demonstration the event happened at.
	Background bool
	During     bool
}

// ActorRef is an actor mentioned in a sentence.
type ActorRef struct {
	Start, End int       // tokens of the sentence
	Span       text.Span // code points in the document
	Text       string
	Entry      *actor.Entry    // nil for a bare identity ("Pokot")
	Identity   *actor.Identity // ethnic or clan qualifier, if any
	Country    string          // nationality the text gives ("Turkish troops": TR), "" if none
	Framed     bool            // in scare quotes or ironic words: framing, not fact
	Count      *quantity.Quantity
}

// Role of a ref, for convenience.
func (a *ActorRef) Role() actor.Role {
	if a == nil || a.Entry == nil {
		if a != nil && a.Identity != nil {
			return actor.Ethnic
		}
		return 0
	}
	return a.Entry.Role
}

func (x *Extractor) analyse(d *text.Doc, i int, published time.Time) *sentence {
	ds := &d.Sentences[i]
	s := &sentence{lex: x.lex, idx: i, para: ds.Para, toks: ds.Tokens, fatalitiesCoded: -1}
	w := x.words.Get().(*lexicon.Words).Reset(s.toks)
	defer x.words.Put(w)
	s.quoted = quotedTokens(s.toks)
	s.aside = asideTokens(s.toks)
	s.cues = x.cues.All(w)
	s.dates = x.dates.Find(s.toks, published, timex.Options{})
	mask := make([]bool, len(s.toks))
	for _, e := range s.dates {
		for k := e.Start; k < e.End; k++ {
			mask[k] = true
		}
	}
	for _, q := range x.numbers.Find(s.toks, mask) {
		if q.Kind == quantity.Count {
			s.counts = append(s.counts, q)
		}
	}
	s.label = x.label(s.toks)
	s.fatalitiesCoded = fatalitiesCoded(s.toks)
	for _, m := range x.Actors.Find(s.toks, w) {
		a := ActorRef{Start: m.Start, End: m.End, Entry: m.Entry, Identity: m.Identity}
		a.Span = text.Span{Start: s.toks[m.Start].Start, End: s.toks[m.End-1].End}
		a.Text = d.Text[s.toks[m.Start].Off:s.toks[m.End-1].OffEnd]
		a.Country = x.nationality(s.toks, w, m.Start)
		a.Framed = s.quoted[m.Start] || x.framedBefore(s, m.Start)
		for k := range s.counts {
			q := &s.counts[k]
			if q.Head >= m.Start && q.Head < m.End || (q.End == m.Start) || (q.End+1 == m.Start && x.lex.isAdj(s.toks[q.End])) {
				a.Count = q
				break
			}
		}
		s.actors = append(s.actors, a)
	}
	for _, m := range x.Actors.Assoc.All(w) {
		s.assocs = append(s.assocs, m.Value)
	}
	for _, m := range x.triggers.All(w) {
		t := trigger{Start: m.Start, End: m.End, Class: m.Value}
		if t.Class == None || mask[m.Start] {
			continue // not a trigger, or a month ("8 March")
		}
		if t.Class == Strike {
			t.Class = x.strikeSense(s, t)
		}
		if (t.Class == Arrest || t.Class == Kill || t.Class == Abduct) && x.lex.adjectival(s.toks, t.Start, t.End) {
			continue // "relatives of a detained activist", "the killed student's family"
		}
		if t.Class == Protest && x.lex.violentBefore(s.toks, t.Start) {
			t.Class = Riot // "violent electoral demonstrations"
		}

		if isActorToken(s, m.Start) && !verbish(s.toks[m.Start].Norm) {
			// "protesters", "rioters" are actors; "mob" both.
			if t.Class != Mob && t.Class != Riot {
				continue
			}
		}
		t.Passive = x.lex.passive(s.toks, t.Start, t.End)
		t.Background, t.During = x.lex.scene(s.toks, t.Start)
		if t.Class == Protest && x.lex.gathering.Has(s.toks[t.Start].Norm) && !x.lex.namesTopic(s.toks) {
			// A party's rally or a meeting is a demonstration only when it
			// demands or opposes something; else it is where things happened.
			t.Background, t.During = true, false
		}
		t.Negated = x.negated(s, t) || x.denied(s, t)
		t.Irrealis = x.irrealis(s, t)
		s.triggers = append(s.triggers, t)
	}
	return s
}

// adjectival tells whether a participle trigger qualifies the noun after it.
func (l *lex) adjectival(toks []text.Token, start, end int) bool {
	if start == 0 || end >= len(toks) || end-start != 1 || !strings.HasSuffix(toks[start].Norm, "ed") {
		return false
	}
	if !l.participleDeterminer.Has(toks[start-1].Norm) {
		return false
	}
	n := toks[end]
	return n.Kind == text.Word && !n.Cap && !l.participleVerbAfter.Has(n.Norm)
}

// namesTopic tells whether a sentence says what a gathering was for or against.
func (l *lex) namesTopic(toks []text.Token) bool {
	for _, t := range toks {
		if l.protestTopic.Has(t.Norm) {
			return true
		}
	}
	return false
}

func (l *lex) violentBefore(toks []text.Token, at int) bool {
	for k := at - 1; k >= 0 && k >= at-3; k-- {
		if l.violent.Has(toks[k].Norm) {
			return true
		}
		switch toks[k].Norm {
		case ",", ".", ";": // punctuation ends the phrase: grammar, not a word list
			return false
		}
	}
	return false
}

// label reads a leading "Arrests:" style label.
func (x *Extractor) label(toks []text.Token) event.SubType {
	for k := 1; k < len(toks) && k <= 6; k++ {
		if toks[k].Text != ":" {
			continue
		}
		var b strings.Builder
		for _, t := range toks[:k] {
			if b.Len() > 0 && t.SpaceBefore {
				b.WriteByte(' ')
			}
			b.WriteString(t.Norm)
		}
		return x.labels[b.String()]
	}
	return ""
}

// fatalitiesCoded reads a coder's explicit figure: "Fatalities coded as N",
// "FATALITIES: N".
func fatalitiesCoded(toks []text.Token) int {
	for k := 0; k+2 < len(toks); k++ {
		if toks[k].Norm != "fatalities" {
			continue
		}
		j := k + 1
		switch {
		case j+2 < len(toks) && toks[j].Norm == "coded" && toks[j+1].Norm == "as":
			j += 2
		case toks[j].Text == ":" || toks[j].Text == "=":
			j++
		default:
			continue
		}
		if toks[j].Kind == text.Number {
			if n, err := strconv.Atoi(strings.ReplaceAll(toks[j].Text, ",", "")); err == nil {
				return n
			}
		}
	}
	return -1
}

// quotedTokens marks tokens inside short quotations: scare quotes frame,
// they do not report. Quotation marks are punctuation: grammar, in Go.
func quotedTokens(toks []text.Token) []bool {
	q := make([]bool, len(toks))
	open := -1
	for k, t := range toks {
		switch t.Text {
		case "‘", "“", "«":
			open = k
		case "’", "”", "»":
			if open >= 0 && k-open <= 7 {
				for j := open + 1; j < k; j++ {
					q[j] = true
				}
			}
			open = -1
		case "\"", "'":
			if open >= 0 && (toks[open].Text == "\"" || toks[open].Text == "'") {
				if k-open <= 7 {
					for j := open + 1; j < k; j++ {
						q[j] = true
					}
				}
				open = -1
			} else if t.SpaceBefore || k == 0 {
				open = k
			}
		}
	}
	return q
}

// asideTokens marks tokens inside parentheses.
func asideTokens(toks []text.Token) []bool {
	a := make([]bool, len(toks))
	depth := 0
	for k, t := range toks {
		switch t.Text {
		case "(", "[":
			depth++
		case ")", "]":
			if depth > 0 {
				depth--
			}
		default:
			a[k] = depth > 0
		}
	}
	return a
}

// framedBefore tells whether an ironic or loaded word sits right before an actor:
// "peaceful al-Qaeda militants", "brave Erdogan forces".
func (x *Extractor) framedBefore(s *sentence, start int) bool {
	for _, c := range s.cues {
		if c.Value == Framing && (c.End == start || c.End+1 == start) {
			return true
		}
	}
	return false
}

// nationality reads a nationality word or country name right before an
// actor, over "the", a "pro-" and adjectives (the words.txt list).
func (x *Extractor) nationality(toks []text.Token, w *lexicon.Words, start int) string {
	for k := start - 1; k >= 0 && k >= start-3; k-- {
		t := toks[k]
		if t.Text == "'s" || t.Text == "’s" {
			continue
		}
		if !t.Cap {
			if t.Norm == "the" || t.Norm == "pro" || x.lex.isAdj(t) {
				continue
			}
			return ""
		}
		if c := x.countryWord(t.Text); c != "" {
			return c
		}
		return ""
	}
	return ""
}

func (l *lex) isAdj(t text.Token) bool { return l.adjective.Has(t.Norm) }

func isActorToken(s *sentence, k int) bool {
	for _, a := range s.actors {
		if k >= a.Start && k < a.End {
			return true
		}
	}
	return false
}

// verbish tells whether a word inside an actor phrase is still a verb form.
func verbish(norm string) bool {
	return strings.HasSuffix(norm, "ed") || strings.HasSuffix(norm, "ing")
}

// passive tells whether a verb trigger is passive: "were killed", "killed by".
// "by", "to", "and" and the "at least" after a verb are grammar the rule
// names one by one; the auxiliaries, adverbs and participles are word lists.
func (l *lex) passive(toks []text.Token, start, end int) bool {
	for k := start - 1; k >= 0 && k >= start-4; k-- {
		n := toks[k].Norm
		if l.passiveAux.Has(n) {
			return true
		}
		if !l.adverb.Has(n) && n != "to" && n != "and" && n != "," {
			break
		}
	}
	if end < len(toks) && toks[end].Norm == "by" {
		return true
	}
	// Headline style: "3 guards killed in border raid." A past
	// participle with nobody after it reports what was done to its subject.
	if w := toks[end-1].Norm; start > 0 && (strings.HasSuffix(w, "ed") || l.headlineParticiple.Has(w)) {
		if end == len(toks) {
			return true
		}
		if end+1 < len(toks) && toks[end].Norm == "at" && (toks[end+1].Norm == "least" || toks[end+1].Norm == "most") {
			return false // "killed at least 5"
		}
		if end+1 < len(toks) && toks[end].Norm == "over" && (toks[end+1].Kind == text.Number || toks[end+1].Norm == "a" || toks[end+1].Norm == "an") {
			return false // "captured over a dozen villages"
		}
		switch n := toks[end].Norm; n {
		case ".", ",", ";":
			return true
		default:
			if l.headlineAfter.Has(n) {
				return true
			}
		}
	}
	return false
}

// scene tells whether a trigger sits in a phrase or clause that sets
// the scene: "amid the outbreak of violence", "following a raid", "after
// police stopped their march", "during the rally", "demanding justice for
// the killing of a student".
func (l *lex) scene(toks []text.Token, at int) (bg, during bool) {
	scene := true // scene words count until punctuation, within 8 tokens
	for k := at - 1; k >= 0 && k >= at-30; k-- {
		t := toks[k]
		if l.topic.Has(t.Norm) {
			return true, false
		}
		if t.Text == ";" {
			return false, false
		}
		if scene && k >= at-8 && l.background.Has(t.Norm) {
			if t.Norm == "over" && k+1 < len(toks) && (toks[k+1].Kind == text.Number || toks[k+1].Norm == "a") {
				return false, false // "over 120 airstrikes", "over a dozen"
			}
			return true, t.Norm == "during"
		}
		switch t.Text {
		case ",", ":", "(", ")":
			scene = false
		}
	}
	return false, false
}

// negated tells whether a trigger is denied by the words right before it:
// "no one was killed", "did not attack", "failed to capture".
func (x *Extractor) negated(s *sentence, t trigger) bool {
	for _, c := range s.cues {
		if c.Value != Negation {
			continue
		}
		if c.Start <= t.Start && t.Start < c.End {
			return true // "no casualties"
		}
		if c.End <= t.Start && t.Start-c.End <= 3 {
			// "no casualties" negates deaths, not the attack.
			if x.lex.noneWord.Has(s.toks[c.Start].Norm) {
				return t.Class == Kill || t.Class == Injure || c.End == t.Start
			}
			return true
		}
	}
	return false
}

// denied tells whether a denial governs the trigger: "denied that anyone
// was killed", "denied attacking". "Denied any involvement" denies a role,
// not the event.
func (x *Extractor) denied(s *sentence, t trigger) bool {
	for _, c := range s.cues {
		if c.Value != Denial || c.End > t.Start {
			continue
		}
		if c.End == t.Start || c.End < len(s.toks) && (s.toks[c.End].Norm == "that" || s.toks[c.End].Norm == "the" && c.End+1 == t.Start) {
			return true
		}
	}
	return false
}

// irrealis tells whether a trigger is planned, threatened, conditional or future.
func (x *Extractor) irrealis(s *sentence, t trigger) bool {
	for _, c := range s.cues {
		if c.Value != Irrealis || c.End == c.Start+1 && c.Start > 0 && s.toks[c.Start].Cap {
			continue // "May", the month, is no modal
		}
		if c.End <= t.Start && t.Start-c.End <= 8 && x.inPhrase(s.toks, c.End, t.Start) {
			return true
		}
		// "If X wants to ... it needs to secure Y": a conditional sentence.
		if c.Start == 0 && s.toks[0].Norm == "if" {
			return true
		}
	}
	return false
}

// inPhrase tells whether tokens from..to stay in the phrase a cue
// governs: "called for three days of massive, nationwide protests". A
// comma may join modifiers; a clause word or mark ends the phrase.
func (x *Extractor) inPhrase(toks []text.Token, from, to int) bool {
	if to-from <= 4 && !crossesClause(toks, from, to) {
		return true
	}
	if strings.HasSuffix(toks[to].Norm, "ed") {
		return false // a verb of its own: "tried to stop the march and attacked"
	}
	for k := from; k < to; k++ {
		switch t := &toks[k]; {
		case t.Text == ",":
			if k+1 >= to || toks[k+1].Cap || x.lex.clauseBoundary.Has(toks[k+1].Norm) || x.lex.clauseWord.Has(toks[k+1].Norm) {
				return false
			}
		case t.Norm == "to":
			// An aim stays in the scope: "could modify drones to launch attacks".
		case t.Kind == text.Punct || t.Cap || x.lex.clauseBoundary.Has(t.Norm) || x.lex.clauseWord.Has(t.Norm):
			return false // a name begins another phrase
		case strings.HasSuffix(t.Norm, "ed"):
			return false // a verb of its own: "called for calm, saying gunmen attacked"
		}
	}
	return true
}

func crossesClause(toks []text.Token, from, to int) bool {
	for k := from; k < to; k++ {
		switch toks[k].Text {
		case ",", ";", ":", "(", ")":
			return true
		}
	}
	return false
}

// strikeSense tells a labour strike from a military one by the words around it.
func (x *Extractor) strikeSense(s *sentence, t trigger) Class {
	for k := max(0, t.Start-3); k < t.Start; k++ {
		switch n := s.toks[k].Norm; {
		case x.lex.militaryStrike.Has(n):
			return Shelling
		case x.lex.labourStrike.Has(n):
			return Protest
		}
	}
	for _, a := range s.actors {
		if r := a.Role(); r == actor.Military || r == actor.External || r == actor.Rebel {
			return Shelling
		}
	}
	// Further off, a word of war still tells ("the drone programme,
	// overseeing more strikes"); a word of labour, a strike.
	for _, tok := range s.toks {
		switch {
		case x.lex.labourStrike.Has(tok.Norm):
			return Protest
		case x.lex.militaryStrike.Has(tok.Norm):
			return Shelling
		}
	}
	return Protest
}

// countryWord maps a nationality or country name to its ISO2 code.
func (x *Extractor) countryWord(word string) string {
	if x.Gaz == nil {
		return ""
	}
	for _, m := range x.Gaz.Lookup(word) {
		if p := x.Gaz.Place(m.Ref); p.Kind == gazCountry {
			return p.Country
		}
	}
	return ""
}
