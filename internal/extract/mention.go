package extract

import (
	"strings"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/quantity"
	"github.com/sitrep/sitrep/internal/text"
	"github.com/sitrep/sitrep/internal/timex"
)

// Mention is one event mention: a head trigger and what its sentence says about it.
type Mention struct {
	Sentence int
	Para     int
	Start    int // trigger tokens [Start, End) of the sentence
	End      int
	Trigger  text.Span // code points of the trigger
	Clause   text.Span // code points of the clause around it: the evidence
	Class    Class
	Passive  bool          // the trigger is told in the passive: "was captured"
	Classes  Classes       // every live trigger class of the sentence
	Label    event.SubType // sub-event type a leading label names

	Agent   *ActorRef // who did it
	Patient *ActorRef // to whom
	Actors  []ActorRef
	Assoc   []*actor.Entry // who the people of the sentence are: students, teachers

	Places []int       // place mentions (indexes into Result.Places) that locate it, best first
	Listed int         // the first Listed places are a list of places ("in Idlib and Aleppo"): one event each
	Date   *timex.Expr // nil: the text does not date this sentence
	// Told is the day its telling is dated ("..., police said on Tuesday"),
	// which dates the act only when nothing else does.
	Told *timex.Expr
	// Days is how many days it went on, one event each, when the text
	// says ("for two days", "on 22-23 March"); 0 or 1 for one.
	Days int

	Killed  *Count
	Injured *Count
	Victim  *ActorRef // who was killed or hurt, when the sentence says

	Claim Claim

	// Object is what a capture took, read from the words after its
	// trigger; ObjectAt is the token of its head word (-1 if none).
	Object   ObjectKind
	ObjectAt int
	// SelfDisrupted is set when the head's explosives failed in their
	// owners' hands: no force stopped them.
	SelfDisrupted bool
	// Found is set when the head tells the dead as bodies found or taken
	// away: who found them is no side, nor their community.
	Found bool
}

// ObjectKind is what kind of thing a trigger's object is.
type ObjectKind uint8

const (
	ObjUnknown ObjectKind = iota // nothing after the trigger says
	ObjPlace                     // a place the gazetteer knows, or a proper name
	ObjPeople                    // people: suspects, soldiers, a man
	ObjThing                     // a noun that is neither: goods, drugs, or ground ("the town")
)

// Count is a number of people killed or hurt.
type Count struct {
	Low       int
	High      *int
	Qualifier string
	Span      text.Span
	Total     bool // a toll: replaces, not adds to, earlier counts
	Back      bool // "the three", "all 15": people already counted, not more of them
	Hedged    bool // "were reportedly killed"
	// Superseded is set for an early figure ("an early estimate of 9"):
	// any other count of the event stands before it.
	Superseded bool
}

// Claim is who asserts the mention and how firmly.
type Claim struct {
	Source     string
	SourceKind string // outlet, official, party, local, witness, media, unnamed
	SourceSpan *text.Span
	Hedged     bool
	HedgeSpan  *text.Span
	Denied     bool
	Confirmed  bool
	Framing    []text.Span
}

// head classes open an event; the others only qualify one.
func isHead(c Class) bool {
	switch c {
	case Kill, Injure, Intervene, Arrest, Shoot, Beat, Stones, Block, Vandal, Arson, Loot:
		return false
	}
	return true
}

// mentions builds the event mentions of a sentence.
func (x *Extractor) mentions(r *Result, s *sentence, all []*sentence) []Mention {
	var live []trigger
	var classes Classes
	foreground, during, duringRiot := false, false, false
	for _, t := range s.triggers {
		if t.Negated || t.Irrealis {
			continue
		}
		if t.During && family(t.Class) == 1 && (t.Class == Protest || t.Class == Strike) {
			during = true
		}
		if t.During && t.Class == Riot {
			duringRiot = true
		}
		foreground = foreground || !t.Background
	}
	// "Nine students were arrested after they burned their dormitory": an
	// arrest after a crowd's violence or a protest is the response to it,
	// and the crowd's act is the event.
	// "A suspect died after a gunfight with the police": a death after a
	// fight is the fight's, and the fight is the event.
	arrestOnly, crowdScene := foreground, false
	deathOnly, fightScene, blastScene, died := foreground, false, false, false
	for _, t := range s.triggers {
		if t.Negated || t.Irrealis {
			continue
		}
		switch {
		case !t.Background && t.Class != Arrest && t.Class != Intervene:
			arrestOnly = false
		case t.Background && crowdClass(t.Class):
			crowdScene = true
		}
		// "Soldiers freed the hostages after a gunfight": freeing people
		// is how a fight ended, like a death after it.
		freed := !t.Background && (t.Class == Recapture || t.Class == Capture) && x.lex.releaseVerb.Has(s.toks[t.Start].Norm)
		switch {
		case !t.Background && t.Class != Kill && t.Class != Injure && t.Class != Arrest && t.Class != Capture && !freed:
			// An arrest or capture is an act of its own, told apart.
			deathOnly = false
		case t.Background && t.Class == Clash && !t.During:
			fightScene = true
		case t.Background && isWeapon(t.Class) && !t.During:
			blastScene = true
		}
		died = died || !t.Background && (t.Class == Kill || t.Class == Injure) || freed
	}
	protest := false
	for _, t := range s.triggers {
		protest = protest || !t.Negated && !t.Irrealis && !t.Background && (t.Class == Protest || t.Class == Strike)
	}
	for _, t := range s.triggers {
		if t.Negated || t.Irrealis || t.About && (t.Class == Protest || t.Class == Strike) && arrestsOnly(s) ||
			t.Background && foreground && !(arrestOnly && crowdScene && crowdClass(t.Class)) &&
				!(protest && t.Class == Intervene) && // "gathered before being dispersed by police": how it ended
				!(deathOnly && died && fightScene && t.Class == Clash) && !(deathOnly && died && blastScene && isWeapon(t.Class)) &&
				!(isWeapon(t.Class) && relativeKill(s, t)) && !sceneToll(s, t) {
			continue // the scene, not the event: "amid clashes", "following a raid"
		}
		live = append(live, t)
		classes.Add(t.Class)
	}
	if len(live) == 0 {
		t, ok := labelTrigger(s)
		if !ok {
			t, ok = rioterTrigger(s)
		}
		if !ok {
			return nil
		}
		live = append(live, t)
		classes.Add(t.Class)
	}
	var heads []trigger
	seen := Classes(0)
	for _, t := range live {
		if isHead(t.Class) && !seen.Has(t.Class) && !(t.Class == Attack && classes.Any(demoClasses...)) {
			// One head per class and sentence; an "attack" in a protest is the protest's.
			if t.Class == Clash && classes.Any(Protest, Riot, Mob) {
				continue
			}
			heads = append(heads, t)
			seen.Add(t.Class)
		}
	}
	// Demonstrations absorb their clashes and attacks; a weapon absorbs an
	// "attack", but for gunmen's attack beside suicide bombers.
	if classes.Any(weaponClasses...) && !(classes.Has(Suicide) && x.namesRaiders(s)) {
		heads = filter(heads, func(t trigger) bool { return t.Class != Attack })
	}
	heads = append(heads, x.otherClauses(r, s, live, heads)...)
	if len(heads) == 0 {
		// Only qualifiers: the most telling one stands for the event.
		heads = []trigger{pickQualifier(live)}
	}
	var out []Mention
	split := false
	for i, h := range heads {
		for _, o := range heads[:i] {
			split = split || o.Class == h.Class
		}
	}
	for _, h := range heads {
		// A mention's classes: its own, the sentence's qualifiers, and heads of
		// its own family; another head's class belongs to that head's event.
		var own Classes
		for _, t := range live {
			if t.Class == h.Class || !isHead(t.Class) || family(t.Class) == family(h.Class) {
				own.Add(t.Class)
			}
		}
		if during && family(h.Class) == 1 {
			own.Add(Protest) // violence at a demonstration belongs to it
		}
		if duringRiot && family(h.Class) == 1 {
			// "shot dead during election riots": a demonstration turned
			// violent, and what happened at it is its own.
			own.Add(Protest)
			own.Add(Riot)
		}
		m := Mention{Sentence: s.idx, Para: s.para, Start: h.Start, End: h.End, Class: h.Class, Passive: h.Passive, Classes: own, Label: s.label}
		m.Trigger = text.Span{Start: s.toks[h.Start].Start, End: s.toks[h.End-1].End}
		lo, hi := x.lex.clause(s.toks, h.Start, h.End)
		m.Clause = text.Span{Start: s.toks[lo].Start, End: s.toks[hi-1].End}
		m.Agent, m.Patient = x.roles(r, s, h, lo, hi)
		if m.Agent == nil {
			m.Agent = accusedOf(s, h.Start) // "soldiers were accused of raping three women"
		}
		if m.Agent == nil {
			// "wounded after an attack by bandits": the scene names the doer.
			for _, b := range s.triggers {
				if !b.Background || b.Negated || family(b.Class) != family(h.Class) && !isWeapon(b.Class) {
					continue
				}
				if b.Class == Clash && (h.Class == Protest || h.Class == Strike) {
					continue // "demonstrations over a clash between rival clans": who fought before it, not who marched
				}
				blo, bhi := x.lex.clause(s.toks, b.Start, b.End)
				a, p := x.roles(r, s, b, blo, bhi)
				if b.Class == Clash && a == nil && p != nil && p != m.Patient {
					a, p = p, nil // "killed during clashes with Afghan forces": the other side
				}
				if b.Class == Attack && a != nil && a == m.Patient && p != nil && p != a && b.Start > 0 &&
					(s.toks[b.Start-1].Norm == "their" || s.toks[b.Start-1].Norm == "its") {
					// "eight Taliban died after their assault on an
					// army outpost": those they attacked fought back.
					m.Agent = p
					m.Classes.Add(Clash)
					break
				}
				if a != nil && a != m.Patient {
					m.Agent = a
					if m.Patient == nil {
						m.Patient = p
					}
					if b.Class == Clash || b.Class == Attack {
						m.Classes.Add(b.Class) // the deaths were the clash's, the attack's
					}
					break
				}
			}
		}
		if h.Class == Abduct && m.Agent == nil && x.lex.vanishVerb.Has(s.toks[h.Start].Norm) && len(s.triggers) == 1 && !takerNamed(s, m.Patient) {
			continue // "a boy went missing": nobody said to have taken or harmed him, no abduction
		}
		m.Actors = s.actors
		m.Assoc = s.assocs
		m.Places, m.Listed = x.locate(r, s, h, lo, hi)
		if len(s.dates) > 0 {
			m.Date, m.Told = pickDate(s, h)
			if m.Date != nil {
				m.Days = m.Date.Days
			}
		}
		if m.Days < 2 && !oneDay(s, all) {
			m.Days = lastingOf(s, h, lo, hi)
		}
		near := live
		if split {
			near = inClause(live, lo, hi) // each clause its own toll
		}
		m.Killed, m.Injured = x.lex.counts(s, near)
		if m.Killed != nil {
			m.Killed.Hedged = hedgedNear(s, near, Kill)
		}
		m.Victim = x.lex.victim(s, near)
		if p, v := m.Patient, m.Victim; p != nil && v != nil && p != v && v != m.Agent && p.Entry != nil && v.Entry != nil &&
			p.Entry.Role == v.Entry.Role && p.Entry.Role.State() && p.Country == "" && p.Entry.Country == "" && v.Country != "" {
			// "two Pakistani soldiers were killed when militants attacked
			// a checkpoint": the checkpoint is theirs, whatever country
			// the rest of a roundup is about.
			p.Country = v.Country
		}
		m.Claim = x.claim(r, s, h, m.Agent, m.Patient)
		m.ObjectAt, m.SelfDisrupted, m.Found = -1, h.Misfire, h.Found
		switch {
		case h.Rout:
			m.Object = ObjPlace // the ground they were driven from
		case h.Class == Capture || h.Class == Recapture || h.Class == Withdraw:
			m.Object, m.ObjectAt = x.object(r, s, h, hi)
			if k, ok := x.passiveSubject(s, h); ok {
				// "a suspect was captured", "three soldiers were seized":
				// in the passive the subject is what was taken.
				m.Object, m.ObjectAt = ObjPeople, k
			}
			if m.Object == ObjPeople && x.lex.releaseVerb.Has(s.toks[h.Start].Norm) {
				m.Object = ObjThing // "freed 20 hostages": nobody was taken
			}
		}
		out = append(out, m)
	}
	return out
}

// labelTrigger stands a coded note's leading label ("Recruitment: ...",
// "Non-violent activity: ...") for the event when its first sentence has
// no act the triggers know: the coder named the sub-event type, and
// "MRC recruiting youths" or "villagers armed themselves" has no verb of
// violence to find.
func labelTrigger(s *sentence) (trigger, bool) {
	if s.label == "" || s.idx != 0 {
		return trigger{}, false
	}
	for k := 1; k < len(s.toks) && k <= 6; k++ {
		if s.toks[k].Text == ":" {
			return trigger{Start: 0, End: k, Class: OtherDev}, true
		}
	}
	return trigger{}, false
}

// rioterTrigger stands rioters named in a sentence with no act the
// triggers know for their riot: "Police fire on rioters in the slum". A
// negated or unreal act in the sentence leaves it none.
func rioterTrigger(s *sentence) (trigger, bool) {
	for _, t := range s.triggers {
		if t.Negated || t.Irrealis {
			return trigger{}, false
		}
	}
	for _, a := range s.actors {
		if a.Entry != nil && a.Entry.Role == actor.Rioters && !s.quoted[a.Start] {
			return trigger{Start: a.Start, End: a.End, Class: Riot}, true
		}
	}
	return trigger{}, false
}

// object reads what a transitive trigger acted on: the first word after
// it, over determiners, numbers and modifiers, that is a place, people or
// another noun ("seized Bunagana", "seized three suspects", "seized 40
// kilograms of heroin", "took control of the town").
func (x *Extractor) object(r *Result, s *sentence, t trigger, hi int) (ObjectKind, int) {
	for k := t.End; k < hi && k < t.End+6; k++ {
		tok := &s.toks[k]
		if tok.Kind == text.Punct {
			break
		}
		for _, pi := range s.places {
			if p := &r.Places[pi]; p.Start == k && !p.Demonym {
				return ObjPlace, k
			}
		}
		for i := range s.actors {
			if a := &s.actors[i]; a.Start == k && (a.Entry != nil || a.Identity != nil) {
				if e := a.Entry; e != nil && e.Role.State() && (a.End-a.Start > 1 || x.lex.placeModifier.Has(s.toks[a.End-1].Norm)) {
					return ObjThing, a.End - 1 // "the army base", "the base": ground a force held
				}
				if e := a.Entry; e != nil && e.Role.State() {
					if g := x.groundOf(s, a.End); g >= 0 {
						return ObjThing, g // "the army's 16th infantry division headquarters"
					}
				}
				return ObjPeople, k
			}
		}
		n := tok.Norm
		switch {
		case tok.Kind == text.Number, n == "of" || n == "over" || n == "control" || n == "full",
			x.lex.objectModifier.Has(n) && !x.lex.placeModifier.Has(n), x.lex.isAdj(*tok), x.lex.personDeterminer.Has(n):
			continue
		case x.lex.person.Has(n) || x.lex.people.Has(n):
			return ObjPeople, k
		case x.lex.isClauseWord(n) || x.lex.locative.Has(n) || n == "from":
			return ObjUnknown, -1 // "seized in a raid", "captured from the army"
		case tok.Cap:
			return ObjPlace, k // a name the gazetteer lacks: a village
		}
		return ObjThing, k
	}
	return ObjUnknown, -1
}

// groundOf finds, within four words from k, the ground a force's name
// qualifies ("the army's 16th division headquarters", "the army
// garrison"): its index, or -1. Possessives, numbers and common words may
// stand between.
func (x *Extractor) groundOf(s *sentence, k int) int {
	for j := k; j < len(s.toks) && j < k+5; j++ {
		t := &s.toks[j]
		switch {
		case x.lex.takeObject.Has(t.Norm):
			return j
		case t.Text == "'s" || t.Text == "’s" || t.Kind == text.Number || t.Kind == text.Word && !t.Cap && !x.lex.isClauseWord(t.Norm) && !x.lex.locative.Has(t.Norm):
			continue
		}
		return -1
	}
	return -1
}

// crowdClass tells the classes of what crowds do: demonstrate, riot, burn, wreck, loot, block, stone.
func crowdClass(c Class) bool {
	switch c {
	case Protest, Strike, Riot, Mob, Arson, Vandal, Loot, Stones, Block:
		return true
	}
	return false
}

// otherClauses returns the triggers that head events of their own beside
// heads of their class: one in another clause that names a place of its
// own ("two explosions in Husseiniyah killed four, while a car bomb in
// Tarmiyah hurt nine"). A roundup tells one event a clause.
func (x *Extractor) otherClauses(r *Result, s *sentence, live, heads []trigger) []trigger {
	var more []trigger
	taken := func(t trigger) bool {
		for _, h := range append(heads, more...) {
			if h.Start == t.Start {
				return true
			}
		}
		return false
	}
	for _, t := range live {
		if !isHead(t.Class) || taken(t) {
			continue
		}
		lo, hi := x.lex.clause(s.toks, t.Start, t.End)
		apart, same := true, false
		for _, h := range append(heads, more...) {
			if h.Class != t.Class {
				continue
			}
			same = true
			hlo, hhi := x.lex.clause(s.toks, h.Start, h.End)
			if lo < hhi && hlo < hi || !x.placeIn(r, s, lo, hi) || !x.placeIn(r, s, hlo, hhi) {
				apart = false
			}
		}
		if same && apart {
			more = append(more, t)
		}
	}
	return more
}

// placeIn tells whether tokens lo..hi of a sentence name a place.
func (x *Extractor) placeIn(r *Result, s *sentence, lo, hi int) bool {
	for _, pi := range s.places {
		if p := &r.Places[pi]; p.Start >= lo && p.End <= hi && !p.Demonym && !p.Actor && !p.Dateline && !p.InName {
			return true
		}
	}
	return false
}

// inClause returns the triggers within tokens lo..hi.
func inClause(ts []trigger, lo, hi int) []trigger {
	return filter(ts, func(t trigger) bool { return t.Start >= lo && t.End <= hi })
}

func filter(ts []trigger, keep func(trigger) bool) []trigger {
	var out []trigger
	for _, t := range ts {
		if keep(t) {
			out = append(out, t)
		}
	}
	return out
}

// family groups classes that make one event when they meet in a sentence.
func family(c Class) int {
	switch c {
	case Protest, Strike, Riot, Mob, Clash, Attack, Kill, Injure, Shoot, Beat, Abduct, Rape, Stones, Block, Vandal, Arson, Loot, Intervene, Arrest:
		return 1
	case Capture, Recapture:
		return 2
	}
	return 10 + int(c)
}

func isWeapon(c Class) bool {
	switch c {
	case Air, Shelling, IED, Suicide, Grenade, Chemical:
		return true
	}
	return false
}

// arrestsOnly tells whether a sentence's acts told as fact are arrests:
// then a protest told of the person arrested ("detained a man who had
// flown a drone over the office to protest the policy") is why, not the
// event.
func arrestsOnly(s *sentence) bool {
	n := 0
	for _, t := range s.triggers {
		if t.Negated || t.Irrealis || t.Background {
			continue
		}
		if t.Class != Arrest {
			return false
		}
		n++
	}
	return n > 0
}

// pickQualifier picks, among qualifier triggers, the one that best names the event.
func pickQualifier(ts []trigger) trigger {
	order := []Class{Kill, Shoot, Beat, Injure, Stones, Block, Arson, Vandal, Loot, Intervene, Arrest}
	for _, c := range order {
		for _, t := range ts {
			if t.Class == c {
				return t
			}
		}
	}
	return ts[0]
}

// pickDate picks the date of a trigger: a resolved expression, the one
// opening the sentence ("On 2 March 2020, ...") first, else the nearest,
// one before the trigger before one after it.
func pickDate(s *sentence, t trigger) (date, told *timex.Expr) {
	var best, unresolved *timex.Expr
	bestD := 1 << 30
	for i := range s.dates {
		e := &s.dates[i]
		if e.Start >= t.End && relativeBetween(s, t.End, e.Start) {
			continue // "recaptured the village, which militants had held since March"
		}
		if e.End <= t.Start && relativeClosed(s, e.Start, e.End, t.Start) {
			continue // "a candidate who stood the previous year was shot dead"
		}
		if e.Start >= t.End && ofOtherAct(s, t.End, e.Start) {
			continue // "withdrew after clashes that began on Monday": the clashes' day
		}
		if e.Start >= t.End && s.lex.riseDated(s, t.Start, e.Start) {
			if told == nil && e.Resolved() {
				told = e // "the death toll from the bombing rose to 45 on Tuesday": the day of the count
			}
			continue
		}
		if e.Start >= t.End && saidOn(s, t.End, e.Start) {
			if told == nil && e.Resolved() {
				told = e // "killed 12 people, police said on Tuesday": the day of the telling
			}
			continue
		}
		if !e.Resolved() {
			if unresolved == nil {
				unresolved = e
			}
			continue
		}
		d := t.Start - e.End
		if d < 0 {
			d = e.Start - t.End + 2
		}
		switch {
		case datelineAt(s, e) && e.Resolved():
			// "ABUJA, June 18 (Reuters) -": the day of the report, told,
			// which the body's own day replaces.
			if told == nil {
				told = e
			}
			continue
		case e.Start <= 2:
			d = -1
		}
		if d < bestD {
			best, bestD = e, d
		}
	}
	if best == nil {
		return unresolved, told // the text dates it, but without a year
	}
	return best, told
}

// ofOtherAct tells whether a relative clause on another act's noun opens
// in [from, to): "after clashes that began on Monday". Grammar.
func ofOtherAct(s *sentence, from, to int) bool {
	for k := from + 1; k < to; k++ {
		if n := s.toks[k].Norm; n != "that" && n != "which" {
			continue
		}
		for _, o := range s.triggers {
			if o.End == k && o.Start >= from {
				return true
			}
		}
	}
	return false
}

// riseDated tells whether a toll's rise is told in tokens [from, to), in
// one clause, before a date at to: "rose to 45 on Tuesday".
func (l *lex) riseDated(s *sentence, from, to int) bool {
	for k := from; k < to; k++ {
		switch {
		case s.toks[k].Text == "," || s.toks[k].Text == ";":
			return false
		case l.tollRise.Has(s.toks[k].Norm) && k+1 < to && (s.toks[k+1].Norm == "to" || s.toks[k+1].Norm == "at"):
			return true
		}
	}
	return false
}

// saidOn tells whether a verb of saying after a comma in [from, to) ends
// right before to ("..., police said on Tuesday", "..., officials said
// Tuesday"): a date there is the day of the telling.
func saidOn(s *sentence, from, to int) bool {
	comma := false
	for k := from; k < to; k++ {
		comma = comma || s.toks[k].Text == ","
	}
	if !comma {
		return false
	}
	for _, c := range s.cues {
		if c.Value == SayVerb && c.Start >= from && c.End <= to && to-c.End <= 1 {
			return true
		}
	}
	return false
}

// relativeBetween tells whether a relative clause opens in tokens [from,
// to): a comma and "which", "who" or "where" (grammar).
func relativeBetween(s *sentence, from, to int) bool {
	for k := from; k+1 < to; k++ {
		if s.toks[k].Norm == "," {
			switch s.toks[k+1].Norm {
			case "which", "who", "whom", "where":
				return true
			}
		}
	}
	return false
}

// relativeClosed tells whether tokens [a, b) lie in a relative clause
// ("who", "whom", "whose") that closes before token t, where the main
// verb's "was" or "were" begins: the clause tells who someone is, and its
// date is not the act's. Grammar.
func relativeClosed(s *sentence, a, b, t int) bool {
	w := -1
	for k := a - 1; k >= 0; k-- {
		n := s.toks[k].Norm
		if s.toks[k].Kind == text.Punct {
			break
		}
		if n == "who" || n == "whom" || n == "whose" {
			w = k
			break
		}
	}
	if w < 0 {
		return false
	}
	for k := b; k < t; k++ {
		if n := s.toks[k].Norm; n == "was" || n == "were" {
			return true
		}
	}
	return false
}

// oneDay tells whether a sentence, or the report's first, dates one day
// ("21 May. Students clashed for three days"): the note tells that day of
// a longer happening, not all of it.
func oneDay(s *sentence, all []*sentence) bool {
	single := func(s *sentence, lead bool) bool {
		for i := range s.dates {
			if e := &s.dates[i]; e.Precision == 1 && e.Days == 0 && e.Anchor != timex.Later && (!lead || e.Start <= 1) {
				return true
			}
		}
		return false
	}
	return single(s, false) || len(all) > 0 && all[0] != s && single(all[0], true)
}

// lastingOf is how many days the sentence says the trigger's happening
// went on: a stretch told after its verb ("protested for two days"), or
// opening its clause ("For two days, ..."), or naming it ("two days of
// clashes", "a two-day strike"); 0 when none does. A stretch told of
// something else ("a strike over a power cut that has gone on for five
// days") does not count.
func lastingOf(s *sentence, h trigger, lo, hi int) int {
	for _, l := range s.lastings {
		if l.Start < lo || l.End > hi {
			continue
		}
		switch l.Form {
		case timex.ForDays:
			if l.Start == lo && l.End <= h.Start {
				return l.Days
			}
			if l.Start < h.End {
				continue
			}
			related := false
			for k := h.End; k < l.Start; k++ {
				related = related || relativePronoun(s.toks[k].Norm) // a relative clause: of something else
			}
			if !related {
				return l.Days
			}
		case timex.DaysOf: // "two days of (ethnic) clashes"
			if h.Start > l.End && h.Start <= l.End+3 {
				return l.Days
			}
		case timex.DayLong: // "a two-day (general) strike"
			if h.Start >= l.End && h.Start <= l.End+1 {
				return l.Days
			}
		}
	}
	return 0
}

// datelineAt tells whether a date heads a report's dateline ("KAMPALA, 14 March 2024 —").
func datelineAt(s *sentence, e *timex.Expr) bool {
	if e.End >= len(s.toks) {
		return false
	}
	k := e.End
	if s.toks[k].Text == "(" {
		if c := closeParen(s.toks, k); c > 0 && c+1 < len(s.toks) {
			k = c + 1 // "KABUL, May 4 (Agency) —"
		}
	}
	switch s.toks[k].Text {
	case "—", "–", "-":
		return true
	}
	return false
}

// clause returns the token range of the clause around [start, end).
func (l *lex) clause(toks []text.Token, start, end int) (int, int) {
	lo := start
	for lo > 0 {
		t := toks[lo-1]
		if t.Text == ";" || t.Text == ":" || t.Text == "—" || l.clauseBoundary.Has(t.Norm) {
			break
		}
		lo--
	}
	hi := end
	for hi < len(toks) {
		t := toks[hi]
		if t.Text == ";" || t.Text == "—" || l.clauseBoundary.Has(t.Norm) || (t.Text == "," && hi+1 < len(toks) && l.clauseBoundary.Has(toks[hi+1].Norm)) {
			break
		}
		hi++
	}
	return lo, hi
}

// sceneToll tells whether a death or a wound is told in a relative clause
// of the fight that set the scene: "recaptured the town after fighting
// that killed 11 militants". The fight was how the act was done; its toll
// is the act's.
func sceneToll(s *sentence, t trigger) bool {
	if t.Class != Kill && t.Class != Injure || !t.Background {
		return false
	}
	taken := false // only ground taken is done by the fight; an arrest or a march after it answers it
	for _, o := range s.triggers {
		taken = taken || !o.Background && !o.Negated && (o.Class == Capture || o.Class == Recapture) && o.End <= t.Start
	}
	if !taken {
		return false
	}
	for _, b := range s.triggers {
		if !b.Background || b.End > t.Start || b.End+6 < t.Start || b.Class != Clash && b.Class != Attack && !isWeapon(b.Class) {
			continue
		}
		for i := b.End; i < t.Start; i++ {
			switch s.toks[i].Norm {
			case ",", ";":
				return false
			case "that", "which":
				return true
			}
		}
	}
	return false
}

// relativeKill tells whether a kill told in a relative clause follows a
// weapon's trigger: in "held the rebels responsible for the bombing, which killed nine"
// the blame is the scene, but the deaths are the bombing's, which is the
// event.
func relativeKill(s *sentence, t trigger) bool {
	for _, k := range s.triggers {
		if k.Start < t.End || k.Start > t.End+10 || k.Background || k.Class != Kill && k.Class != Injure {
			continue
		}
		for i := t.End; i < k.Start; i++ {
			if n := s.toks[i].Norm; n == "that" || n == "which" {
				return true
			}
		}
	}
	return false
}

// roles finds who did it (agent) and to whom (patient).
func (x *Extractor) roles(r *Result, s *sentence, t trigger, lo, hi int) (agent, patient *ActorRef) {
	// Who tells it is no side of it: "a bomb exploded on Monday, police
	// said", "..., according to the army".
	for _, c := range s.cues {
		switch {
		case c.Start < t.End || c.Start >= hi:
		case c.Value == Attrib && !x.lex.sayLead.Has(s.toks[c.Start].Norm):
			hi = c.Start
		case c.Value == SayVerb || c.Value == Attrib:
			if a, b := x.lex.subjectBefore(s.toks, c.Start); b > a && a >= t.End {
				hi = a
			}
		}
	}
	left := func(from, to int) *ActorRef {
		for k := len(s.actors) - 1; k >= 0; k-- {
			a := &s.actors[k]
			if s.aside[a.Start] && !s.aside[t.Start] {
				continue // an aside: "(9 according to militia sources)"
			}
			if speaker(s, a, t.Start) || a.Finder {
				continue // "a council member said 100 were killed": who says, not who did
			}
			if a.End <= to && a.Start >= from && (a.Entry != nil && a.Entry.Role != actor.Assoc || a.Identity != nil) {
				return headOf(s, k, from)
			}
		}
		return nil
	}
	right := func(from, to int) *ActorRef {
		for k := range s.actors {
			a := &s.actors[k]
			if s.aside[a.Start] && !s.aside[t.Start] {
				continue
			}
			if a.Entry == nil && a.Start > 0 && x.lex.locative.Has(s.toks[a.Start-1].Norm) && s.toks[a.Start-1].Norm != "of" {
				continue // "in Kisii": the town, not the Kisii people
			}
			if a.Finder {
				continue
			}
			if a.Start >= from && a.End <= to && (a.Entry != nil || a.Identity != nil) {
				// "student demonstrators": the last noun heads the phrase.
				for k+1 < len(s.actors) && s.actors[k+1].Start == s.actors[k].End && s.actors[k+1].End <= to {
					k++
				}
				return memberOf(s, k, to)
			}
		}
		return nil
	}
	if t.Class == Air && t.End-t.Start == 1 && x.lex.airVehicle.Has(s.toks[t.Start].Norm) {
		for k := range s.actors {
			if a := &s.actors[k]; t.Start >= a.Start && t.Start < a.End && a.Entry != nil && a.Entry.Role.State() {
				// "regime warplanes struck a clinic": the aircraft are the
				// state's, and so is their strike.
				return a, right(a.End, hi)
			}
		}
	}
	byAgent := func() *ActorRef {
		from := t.End
		if from < hi && s.toks[from].Text == "(" {
			if c := closeParen(s.toks, from); c > 0 {
				from = c + 1 // "killed (likely Samburu) by police"
			}
		}
		for k := from; k < hi && k < from+6; k++ {
			if s.toks[k].Norm == "by" || k+1 < hi && (s.toks[k].Norm == "hands" && s.toks[k+1].Norm == "of" ||
				s.toks[k].Norm == "attributed" && s.toks[k+1].Norm == "to" || s.toks[k].Norm == "blamed" && s.toks[k+1].Norm == "on") {
				// "killed by", "at the hands of", "killings attributed to X", "blamed on X" (grammar)
				if s.toks[k].Norm != "by" {
					k++
				}
				return right(k+1, min(hi, k+8))
			}
		}
		return nil
	}
	if s.toks[t.Start].Norm == "to" && t.End-t.Start >= 2 {
		// "stabbed three men to death": the object before, its subject before that.
		patient = left(lo, t.Start)
		if patient != nil && triggerBetween(s, patient.End, t.Start) {
			// "residents burnt the thief to death", "riders beat to death
			// the guard": a verb after the actor makes it the subject, and
			// the object, when an actor, comes after.
			agent, patient = patient, right(t.End, hi)
		} else if patient != nil {
			agent = left(lo, patient.Start)
		}
		if agent == nil {
			agent = byAgent()
		}
		return agent, patient
	}
	nominal := x.lex.nounTrigger.Has(s.toks[t.Start].Norm) && x.lex.nounUse(s.toks, t.Start)
	// "were killed by Taliban fighters in an ambush": the doer of a passive
	// trigger before the noun is the doer of the act it names.
	passiveBy := func() (*ActorRef, *ActorRef) {
		for _, o := range s.triggers {
			if !o.Passive || o.End >= t.Start || o.End < lo || o.End >= len(s.toks) || s.toks[o.End].Norm != "by" {
				continue
			}
			if a := right(o.End+1, t.Start); a != nil {
				return a, left(lo, o.Start)
			}
		}
		return nil, nil
	}
	switch {
	case nominal:
		agent = byAgent()
		if agent == nil {
			if a, p := passiveBy(); a != nil {
				agent, patient = a, p
			}
		}
		if agent == nil {
			agent = x.modifier(s, t)
		}
		if agent == nil && t.Start > 0 && (s.toks[t.Start-1].Norm == "their" || s.toks[t.Start-1].Norm == "its") {
			// "eight Taliban died after their assault on an army outpost":
			// the possessive is the sentence's subject's.
			if a := right(0, t.Start); a != nil && a.Entry != nil && (a.Entry.Role.Armed() || a.Entry.Role.State()) {
				agent = a
			}
		}
		if agent == nil && instrumentOf(s.toks, t.Start) {
			// "Russia struck Kharkiv with missiles": the instrument's user
			// is the clause's subject, its first actor ("rebels attacked
			// the base with drones": not the base).
			agent = right(lo, t.Start)
			if agent == nil {
				agent = right(0, t.Start)
			}
			if agent != nil && (agent.Entry == nil || !agent.Entry.Role.Armed() && !agent.Entry.Role.State()) {
				agent = nil // "boys playing with an old rocket" use no weapon
			}
			if agent != nil && patient == nil {
				// "attacked a police camp with grenades": the verb's object.
				if p := right(agent.End, t.Start); p != nil && p != agent {
					patient = p
				}
			}
		}
		if agent == nil && x.lex.lightVerbBefore(s.toks, lo, t.Start) {
			// "X launched an attack", "X carried out airstrikes": the clause's subject.
			agent = left(lo, t.Start)
			if agent == nil {
				agent = left(0, t.Start)
			}
		}
		for k := t.End; k < hi && patient == nil; k++ {
			if x.lex.targetPrep.Has(s.toks[k].Norm) {
				if p := right(k+1, hi); p != nil && p != agent {
					patient = p
				}
			}
		}
		if patient == nil {
			// "Houthi rebels were hit by airstrikes": the act comes "by" a
			// noun, and what it hit is the subject before.
			for k := t.Start - 1; k >= lo && k >= t.Start-3; k-- {
				if s.toks[k].Norm == "by" {
					if p := left(lo, k); p != nil && p != agent {
						patient = p
					}
					break
				}
			}
		}
	case t.Passive || t.Class == Kill && x.lex.deathVerb.Has(s.toks[t.Start].Norm) || t.Class == Abduct && x.lex.vanishVerb.Has(s.toks[t.Start].Norm) ||
		(t.Class == Injure || t.Class == Shoot) && x.lex.sufferedBefore(s.toks, t.Start):
		// "2 died", "5 went missing", like "were killed": the subject is the victim.
		agent = byAgent()
		subj := t.Start
		if j := x.lex.joinedPassive(s.toks, t); j >= 0 {
			// "was snatched by residents and beaten": the first verb's
			// subject and doers are this one's.
			subj = j
			for k := j + 1; agent == nil && k < t.Start-1; k++ {
				if s.toks[k].Norm == "by" {
					agent = right(k+1, t.Start-1)
				}
			}
		}
		patient = left(lo, subj)
		if patient == nil {
			patient = left(0, subj)
		}
	default:
		agent = left(lo, t.Start)
		if agent != nil && x.lex.meansBefore(s.toks, lo, t.Start) && objectOf(s, agent) {
			// "police shot dead five robbers in a shootout": the robbers
			// are what was shot; the subject before them fought
			if subj := right(0, agent.Start); subj != nil {
				agent = subj
			}
		}
		before := t.Start // where this verb's subject is looked for
		if o, ok := objectOfEarlier(s, agent, t); ok {
			// "...that killed five people and injured 30": the people are
			// the first verb's object, and its subject is this one's.
			if subj := left(lo, o.Start); subj != nil || o.Class != 0 {
				before, agent = o.Start, subj
			}
		}
		if t.Start > 1 && s.toks[t.Start-1].Text == "," && strings.HasSuffix(s.toks[t.Start].Norm, "ing") {
			// "police fired at protesters, killing two": a participle after a
			// comma shares the subject of the clause before it (grammar).
			for k := range s.actors {
				if a := &s.actors[k]; a.End <= t.Start && a.Start >= lo && !s.aside[a.Start] && (a.Entry != nil && a.Entry.Role != actor.Assoc || a.Identity != nil) {
					if x.participleSubject(s, a.End, t.Start-1) {
						agent = headOf(s, k, lo)
					}
					break
				}
			}
		}
		if agent == nil && pronounWhen(s, t.Start) {
			// "Raiders killed two herders when they attacked the village":
			// the pronoun of a clause of time is the sentence's subject,
			// not the last person named; or the doers a passive named ("a
			// guard was hurt by a gang when they attacked the office").
			agent = right(0, t.Start)
			for k := t.Start - 3; k >= 0; k-- {
				if s.toks[k].Norm == "by" {
					if p := right(k+1, t.Start-2); p != nil {
						agent = p
					}
					break
				}
			}
		}
		if agent == nil {
			agent = left(0, before) // coordinated verbs share the subject
		}
		if agent == nil {
			agent = x.modifier(s, t)
		}
		patient = right(t.End, hi)
	}
	if agent == nil && x.lex.meansBefore(s.toks, 0, t.Start) {
		// "Soldiers freed three hostages in a raid", "...after a gunfight":
		// the raid is how the sentence's subject did it, unless that
		// subject suffered it ("two soldiers were killed in an ambush").
		a := right(lo, t.Start)
		if a == nil {
			a = right(0, t.Start) // "after" may open a clause of its own
		}
		if a != nil && a.Entry != nil && (a.Entry.Role.Armed() || a.Entry.Role.State()) &&
			!x.lex.passiveAuxIn(s.toks, a.End, t.Start) && a != patient {
			agent = a
		}
	}
	if t.Class == Clash && patient == nil {
		// "clashes with Afghan forces": the other side.
		for k := t.End; k < hi && k < t.End+3; k++ {
			if s.toks[k].Norm == "with" {
				if p := right(k+1, min(hi, k+8)); p != nil && p != agent {
					patient = p
				}
				break
			}
		}
	}
	if t.Class == Clash {
		// "clashes between X and Y", "X and Y clashed": both sides;
		// "clashes between two clans": both sides in one.
		if a, b := pairAfter(s, t.End, hi, "between"); a != nil {
			agent, patient = a, b
		} else if a := oneAfter(s, t.End, hi, "between"); a != nil && agent == nil {
			agent = a
		} else if a, b := pairBefore(s, lo, t.Start); a != nil && (patient == nil || agent == b) {
			agent, patient = a, b
		}
	}
	if agent == nil && t.Class != Protest && t.Class != Strike {
		agent = x.demonymForces(r, s, lo, t.Start)
	}
	if agent == nil && (t.Class == Air || t.Class == Shelling && strings.HasPrefix(s.toks[t.End-1].Norm, "missile")) {
		agent = x.demonymWeapon(r, s, t)
	}
	if agent == nil && t.Class != Protest && t.Class != Strike {
		// "airstrikes by the Saudi-led coalition": a coalition in the
		// by-phrase after the act.
		for k := t.End; k < hi && k < t.End+3; k++ {
			if s.toks[k].Norm == "by" {
				if a := x.demonymForces(r, s, k+1, min(hi, k+6)); a != nil && strings.HasSuffix(s.toks[a.End-1].Norm, "-led") {
					agent = a
				}
				break
			}
		}
	}
	if agent != nil {
		agent = x.possessedBySayer(s, agent)
	} else if !t.Passive && (t.Class == Capture || t.Class == Recapture || t.Class == Withdraw || t.Class == Attack || t.Class == Clash || t.Class == Shelling || t.Class == Air || t.Class == Kill) {
		agent = x.pronounSayer(s, t)
	}
	if agent == patient {
		patient = nil
	}
	return agent, patient
}

// possessedBySayer returns the sayer of "the RSF said its forces had
// clashed ...": a state force's noun owned by "its", "their" or "our" right
// after a say verb is the sayer's own men when the sayer is an armed group
// of no state; otherwise the noun a stands.
func (x *Extractor) possessedBySayer(s *sentence, a *ActorRef) *ActorRef {
	if !a.Role().State() || a.Country != "" || a.Start < 3 {
		return a
	}
	switch s.toks[a.Start-1].Norm {
	case "its", "their", "our":
	default:
		return a
	}
	if c, ok := saidRightBefore(s, a.Start-1); ok {
		for k := len(s.actors) - 1; k >= 0; k-- {
			b := &s.actors[k]
			if b.End > c.Start || c.Start-b.End > 8 {
				continue
			}
			if b.Entry != nil && b.Entry.Role.Armed() && !b.Entry.Role.State() {
				return b
			}
			break
		}
		// "Russia's defence ministry said its forces had captured ...",
		// "the Russian military said its troops ...": the sayer's country's.
		for k := c.Start - 1; k >= 0 && k >= c.Start-4; k-- {
			if t := s.toks[k]; t.Cap {
				if cc := x.countryWord(t.Text); cc != "" {
					own := *a
					own.Country = cc
					return &own
				}
			}
		}
	}
	return a
}

// saidRightBefore is the verb of saying that ends right before token k,
// over "that" and the day of the saying: "said on Monday that its forces
// ...", "said they had ...".
func saidRightBefore(s *sentence, k int) (lexicon.Match[Cue], bool) {
	say := k
	if say > 0 && s.toks[say-1].Norm == "that" {
		say--
	}
	for say > 1 && (dateAt(s, say-1) != nil || s.toks[say-1].Norm == "on") {
		say--
	}
	for _, c := range s.cues {
		if c.Value == SayVerb && c.End == say {
			return c, true
		}
	}
	return lexicon.Match[Cue]{}, false
}

// pronounSayer is the sayer of "the RSF said on Monday they had taken
// control of Wad Madani": a pronoun subject right after a verb of saying
// is the group that says it, when a group says it.
func (x *Extractor) pronounSayer(s *sentence, t trigger) *ActorRef {
	j := t.Start - 1
	if x.lex.nounTrigger.Has(s.toks[t.Start].Norm) {
		// "it had launched a drone", "they carried out an attack": the
		// verb whose object the noun is, then its subject.
		for n := 0; n < 4 && j > 0; n++ {
			w := s.toks[j].Norm
			if w != "a" && w != "an" && w != "the" && w != "out" && !strings.HasSuffix(w, "ed") {
				break
			}
			j--
		}
	}
	for j >= 0 && (x.lex.passiveAux.Has(s.toks[j].Norm) || perfectAux(s.toks[j].Norm) || x.lex.adverb.Has(s.toks[j].Norm)) {
		j--
	}
	if j < 1 {
		return nil
	}
	switch s.toks[j].Norm {
	case "they", "it", "we":
	default:
		return nil
	}
	if c, ok := saidRightBefore(s, j); ok {
		for k := len(s.actors) - 1; k >= 0; k-- {
			b := &s.actors[k]
			if b.End > c.Start || c.Start-b.End > 3 {
				continue
			}
			if b.Entry != nil && (b.Entry.Role.Armed() || b.Entry.Role.State()) {
				return b
			}
			return nil
		}
	}
	return nil
}

// meansBefore tells whether a noun trigger at k is told as the means of
// its clause's act, or what led to it: "in a raid", "during an
// operation", "after a gunfight". Grammar.
func (l *lex) meansBefore(toks []text.Token, lo, k int) bool {
	j := k - 1
	if j > lo && toks[j].Kind == text.Word && !toks[j].Cap && l.timeOfDay.Has(toks[j].Norm) {
		j-- // "in night raids", "in an overnight raid"
	}
	if j > lo {
		switch toks[j].Norm {
		case "a", "an", "the":
			j--
		}
	}
	if j <= lo {
		return false
	}
	switch toks[j].Norm {
	case "in", "during", "after":
		return true
	}
	return false
}

// passiveAuxIn tells whether a passive auxiliary stands in tokens [from, to).
func (l *lex) passiveAuxIn(toks []text.Token, from, to int) bool {
	for k := from; k < to; k++ {
		if l.passiveAux.Has(toks[k].Norm) {
			return true
		}
	}
	return false
}

// relativePronoun tells whether a word opens a relative clause. Grammar.
func relativePronoun(n string) bool {
	switch n {
	case "who", "whom", "whose", "which", "that":
		return true
	}
	return false
}

// pronounWhen tells whether the trigger at k has a subject pronoun after
// "when", "as" or "while": "when they attacked". Grammar.
func pronounWhen(s *sentence, k int) bool {
	if k < 2 {
		return false
	}
	switch s.toks[k-1].Norm {
	case "they", "he", "she":
	default:
		return false
	}
	switch s.toks[k-2].Norm {
	case "when", "as", "while":
		return true
	}
	return false
}

// pairAfter reads "between X and Y" after a trigger.
func pairAfter(s *sentence, from, to int, word string) (*ActorRef, *ActorRef) {
	for k := from; k < to && k < from+3; k++ {
		if s.toks[k].Norm != word {
			continue
		}
		var first *ActorRef
		for i := range s.actors {
			a := &s.actors[i]
			if a.Start <= k || a.Start >= to || a.Entry == nil && a.Identity == nil {
				continue
			}
			if first == nil {
				first = a
				continue
			}
			if a.Start-first.End <= 4 {
				return first, a
			}
			return nil, nil
		}
	}
	return nil, nil
}

// oneAfter reads "between X" after a trigger when X is a single plural
// actor ("between two clans", "between rival groups").
func oneAfter(s *sentence, from, to int, word string) *ActorRef {
	for k := from; k < to && k < from+3; k++ {
		if s.toks[k].Norm != word {
			continue
		}
		for i := range s.actors {
			a := &s.actors[i]
			if a.Start > k && a.Start <= k+3 && a.End <= to && (a.Entry != nil || a.Identity != nil) && strings.HasSuffix(s.toks[a.End-1].Norm, "s") {
				return a
			}
		}
	}
	return nil
}

// pairBefore reads "X and Y clashed": two actors joined by "and" before a trigger.
func pairBefore(s *sentence, lo, at int) (*ActorRef, *ActorRef) {
	var prev *ActorRef
	for i := range s.actors {
		a := &s.actors[i]
		if a.Start < lo || a.End > at || a.Entry == nil && a.Identity == nil {
			continue
		}
		if prev != nil && a.Start-prev.End <= 3 {
			for k := prev.End; k < a.Start; k++ {
				if s.toks[k].Norm == "and" {
					return prev, a
				}
			}
		}
		prev = a
	}
	return nil, nil
}

// demonymForces reads "the Syrians took control": a people's name standing
// for its forces, as the subject of a military action.
func (x *Extractor) demonymForces(r *Result, s *sentence, lo, at int) *ActorRef {
	for _, pi := range s.places {
		p := &r.Places[pi]
		if p.Start >= lo && p.End <= at && strings.HasSuffix(s.toks[p.End-1].Norm, "-led") && p.Ref.Valid() {
			// "a Saudi-led coalition airstrike": the leading state's forces,
			// as ACLED codes a coalition.
			return &ActorRef{Start: p.Start, End: p.End, Span: p.Span, Text: p.Text, Entry: militaryEntry, Country: x.Gaz.CountryOf(p.Ref)}
		}
		if !p.Demonym || p.Start < lo || p.End > at || p.Start == 0 || s.toks[p.Start-1].Norm != "the" {
			continue
		}
		if w := s.toks[p.End-1].Norm; len(w) < 2 || w[len(w)-1] != 's' || (p.End < len(s.toks) && s.toks[p.End].Kind == text.Word && !x.lex.isVerbAfter(s.toks[p.End].Norm)) {
			continue
		}
		return &ActorRef{Start: p.Start, End: p.End, Span: p.Span, Text: p.Text, Entry: militaryEntry, Country: x.Gaz.CountryOf(p.Ref)}
	}
	return nil
}

// demonymWeapon is the state whose people's name stands right before an
// aircraft, a drone or a missile, over words that describe it: "a Russian
// ballistic missile", "Israeli drones": that state's forces fired it.
func (x *Extractor) demonymWeapon(r *Result, s *sentence, t trigger) *ActorRef {
	for _, pi := range s.places {
		p := &r.Places[pi]
		if !p.Demonym || p.End > t.Start || t.Start-p.End > 2 || !p.Ref.Valid() {
			continue
		}
		for k := p.End; k < t.Start; k++ {
			if tok := s.toks[k]; tok.Kind != text.Word || tok.Cap {
				return nil
			}
		}
		return &ActorRef{Start: p.Start, End: p.End, Span: p.Span, Text: p.Text, Entry: militaryEntry, Country: x.Gaz.CountryOf(p.Ref)}
	}
	return nil
}

// isVerbAfter tells whether a word after a subject looks like its verb.
func (l *lex) isVerbAfter(w string) bool {
	return strings.HasSuffix(w, "ed") || l.subjectVerb.Has(w)
}

// headOf returns the head of the noun phrase actor k ends: "supporters of
// a ruling party backed candidate" is the supporters, "locals led by a
// councillor" the locals.
func headOf(s *sentence, k, from int) *ActorRef {
	best := k
	for j := k; j > 0; j-- {
		a, prev := &s.actors[j], &s.actors[j-1]
		if prev.Start < from || a.Start-prev.End > 6 {
			break
		}
		linked, stop := false, false
		for t := prev.End; t < a.Start && !stop; t++ {
			switch n := s.toks[t].Norm; {
			case s.lex.phraseLink.Has(n):
				linked = true
			case n == "," || n == ";" || n == "(" || n == ")", n == "who" || n == "which" || n == "that":
				stop = true // punctuation or a relative pronoun: another clause (grammar)
			default:
				if s.lex.isVerbAfter(n) {
					stop = true
				}
			}
		}
		if stop {
			break
		}
		if linked {
			best = j - 1
		}
	}
	// "members of a Kipsigis militia", "a member of the police": members of
	// an armed body act as that body.
	// "gunmen of the Revolutionary Armed Forces": the named group.
	if b := s.actors[best].Entry; best < k && b != nil && (b.Role == actor.Civilians && s.lex.member.Has(s.toks[s.actors[best].End-1].Norm) || b.Role == actor.Armed && s.toks[s.actors[best].End].Norm == "of") {
		for j := best + 1; j <= k; j++ {
			if e := s.actors[j].Entry; e != nil && (e.Role.Armed() && e.Role != actor.Armed && !(b.Role == actor.Armed && e.Role.State()) ||
				e.Role == actor.Party && b.Role == actor.Civilians) {
				return &s.actors[j]
			}
		}
	}
	return &s.actors[best]
}

// speaker tells whether an actor before a trigger is the subject of a
// verb of saying between them: the source of the report, not a party to it.
func speaker(s *sentence, a *ActorRef, at int) bool {
	for _, c := range s.cues {
		if c.Value == SayVerb && c.Start >= a.End && c.End <= at && c.Start-a.End <= 8 && !strings.HasPrefix(s.toks[c.Start].Norm, "claim") {
			// (a group that claims an attack is its author)
			if selfReport(s, c.End, at) {
				return false // "the army said it killed 40": the sayer did it
			}
			for k := a.End; k < c.Start; k++ {
				for _, t := range s.triggers {
					if t.Start == k {
						return false // "police shot and killed a man, residents said": an act between
					}
				}
			}
			return true
		}
	}
	return false
}

// selfReport tells whether the words from a say verb to a trigger at k are
// only "(that) it/they/we (had)" or "its/their/our", the sayer's own act.
// Grammar.
func selfReport(s *sentence, from, k int) bool {
	j := from
	if j < k && s.toks[j].Norm == "that" {
		j++
	}
	if j >= k {
		return false
	}
	switch s.toks[j].Norm {
	case "it", "they", "we":
	case "its", "their", "our":
		// "the army said its jets struck": the sayer's own aircraft or
		// guns are the trigger itself.
		return j+1 == k
	default:
		return false
	}
	for j++; j < k; j++ {
		switch s.toks[j].Norm {
		case "had", "has", "have", "'d", "also", "successfully":
		default:
			// "Hamas said it fired mortar rounds": a light verb whose
			// object is the trigger noun, over a determiner or a count.
			return s.lex.lightVerb.Has(s.toks[j].Norm) && objectNear(s.toks, j+1, k)
		}
	}
	return true
}

// objectNear tells whether tokens [from, k) are at most two words that
// lead to a noun: an article, a count, an adjective ("fired two rockets",
// "launched a fresh attack"). Grammar.
func objectNear(toks []text.Token, from, k int) bool {
	if k-from > 2 {
		return false
	}
	for j := from; j < k; j++ {
		if toks[j].Kind != text.Word && toks[j].Kind != text.Number {
			return false
		}
		if relativePronoun(toks[j].Norm) {
			return false
		}
	}
	return true
}

// participleSubject tells whether the clause from an actor to a comma is
// that actor's: a trigger verb right after it (within two words), and no
// relative clause between ("police fired at protesters, killing two"; not
// "police hunt a man who left a bag that exploded, wounding 13").
func (x *Extractor) participleSubject(s *sentence, from, comma int) bool {
	verb := false
	for _, t := range s.triggers {
		if t.Start >= from && t.Start <= from+2 && t.End <= comma {
			verb = true
		}
	}
	for k := from; k < comma && verb; k++ {
		if relativePronoun(s.toks[k].Norm) {
			return false
		}
	}
	return verb
}

// triggerBetween tells whether an active trigger of the sentence lies
// within tokens [from, to): "burnt" in "residents burnt the thief", not
// the passive "were stoned ... by" of the victims.
func triggerBetween(s *sentence, from, to int) bool {
	for _, o := range s.triggers {
		if o.Start >= from && o.End <= to && !o.Passive && (o.Start == 0 || !s.lex.passiveAux.Has(s.toks[o.Start-1].Norm)) {
			return true
		}
	}
	return false
}

// memberOf returns the body whose members actor k names, when an armed
// one follows over "of" ("killed four members of al-Shabaab"): members of
// an armed body are that body, as its object as well as its subject.
func memberOf(s *sentence, k, to int) *ActorRef {
	a := &s.actors[k]
	// "members of Al Shabaab", and the generic armed nouns: "rebels of
	// the Lord's Resistance Army", "fighters of the group".
	generic := a.Entry != nil && a.Entry.Role == actor.Armed
	if a.Entry == nil || !generic && (a.Entry.Role != actor.Civilians || !s.lex.member.Has(s.toks[a.End-1].Norm)) || k+1 >= len(s.actors) {
		return a
	}
	b := &s.actors[k+1]
	if b.End > to || b.Entry == nil || !b.Entry.Role.Armed() && b.Entry.Role != actor.Party || b.Start-a.End > 5 || s.toks[a.End].Norm != "of" {
		return a
	}
	// "members of the Islamist group Al Shabaab": words, no punctuation, between.
	for j := a.End + 1; j < b.Start; j++ {
		if s.toks[j].Kind != text.Word || s.lex.isVerbAfter(s.toks[j].Norm) {
			return a
		}
	}
	return b
}

// lightVerbBefore tells whether a verb that makes its subject the doer of a
// noun trigger comes before it: "launched an attack", "carried out airstrikes".
func (l *lex) lightVerbBefore(toks []text.Token, lo, at int) bool {
	for k := at - 1; k >= lo && k >= at-8; k-- {
		switch n := toks[k].Norm; {
		case l.lightVerb.Has(n):
			return true
		case l.lightVerbStop.Has(n):
			return false
		}
	}
	return false
}

// modifier reads an actor named right before a noun trigger: "Taliban
// ambush", "Russian airstrikes", "Turkish artillery strikes".
func (x *Extractor) modifier(s *sentence, t trigger) *ActorRef {
	k := t.Start - 1
	for k >= 0 && (s.toks[k].Kind == text.Number || x.lex.isAdj(s.toks[k]) || s.toks[k].Norm == "over" || s.toks[k].Norm == "of") {
		k--
	}
	if k < 0 {
		return nil
	}
	for i := range s.actors {
		if s.actors[i].End == k+1 {
			return &s.actors[i]
		}
	}
	if c := x.countryWord(s.toks[k].Text); c != "" && s.toks[k].Cap {
		ref := &ActorRef{Start: k, End: k + 1, Span: s.toks[k].Span, Text: s.toks[k].Text,
			Entry: militaryEntry, Country: c}
		return ref
	}
	return nil
}

var militaryEntry = &actor.Entry{Name: "Military Forces of %s", Inter: 1, Role: actor.Military}

// nounUse tells whether a word that can be a noun or a verb ("attack",
// "raid") is a noun here: after a determiner, a possessive, a number or an
// adjective, rather than after its subject ("raiders attack police").
func (l *lex) nounUse(toks []text.Token, k int) bool {
	if k == 0 {
		return true // headline opening: "Attack on police post"
	}
	p := toks[k-1]
	if l.nounBefore.Has(p.Norm) || p.Kind == text.Number {
		return true
	}
	// A name or adjective right before ("Taliban ambush", "grenade attack")
	// makes a noun phrase when a preposition or the end follows.
	if k+1 >= len(toks) {
		return true
	}
	switch n := toks[k+1].Norm; n {
	case ".", ",", ";":
		return true
	default:
		return l.nounAfter.Has(n)
	}
}

// counts reads how many were killed and hurt in a sentence.
func (l *lex) counts(s *sentence, live []trigger) (killed, injured *Count) {
	for _, t := range live {
		lynch := t.Class == Mob && strings.HasPrefix(s.toks[t.Start].Norm, "lynch") && (t.Passive || t.Start > 0)
		if t.Class != Kill && t.Class != Injure && t.Class != Shoot && !lynch {
			continue
		}
		c := l.victimCount(s, t)
		if c == nil {
			continue
		}
		if t.Class == Kill || lynch || (t.Class == Shoot && s.toks[t.End-1].Norm == "dead") {
			switch {
			case killed == nil, c.Total && !c.Superseded, killed.Superseded && !c.Superseded:
				killed = c // a toll replaces the counts before it; an early figure gives way
			case c.Span == killed.Span, killed.Total && !killed.Superseded, c.Superseded:
			default:
				killed.Low += c.Low
			}
		} else if t.Class == Injure && injured == nil {
			injured = c
		}
	}
	return killed, injured
}

// hedgedNear tells whether a hedge qualifies a trigger of class c: "were reportedly killed".
func hedgedNear(s *sentence, live []trigger, c Class) bool {
	for _, t := range live {
		if t.Class != c {
			continue
		}
		for _, cue := range s.cues {
			if cue.Value == Hedge && cue.End <= t.Start && t.Start-cue.End <= 3 || cue.Value == Hedge && cue.Start >= t.End && cue.Start-t.End <= 1 {
				return true
			}
		}
	}
	return false
}

// victim finds who was killed or hurt: the subject of "were killed", the object of "killed".
func (l *lex) victim(s *sentence, live []trigger) *ActorRef {
	var first *ActorRef
	for _, t := range live {
		if t.Class != Kill && t.Class != Injure {
			continue
		}
		if first == nil {
			first = l.victimOf(s, t, true)
			if first != nil && forcesVictim(first) {
				return first
			}
			continue
		}
		// Forces a later toll names as its own victims make it a fight
		// too: "a gunman was killed and a policeman wounded".
		if a := l.victimOf(s, t, false); a != nil && forcesVictim(a) {
			return a
		}
	}
	return first
}

func forcesVictim(a *ActorRef) bool { return a.Entry.Role.State() || a.Entry.Role == actor.Militia }

// victimOf finds who one kill or injure trigger tells was killed or hurt:
// the nearest person named, or, with forces, forces named among them.
func (l *lex) victimOf(s *sentence, t trigger, forces bool) *ActorRef {
	lo, hi := l.clause(s.toks, t.Start, t.End)
	if t.Passive || l.deathVerb.Has(s.toks[t.Start].Norm) {
		// "2 soldiers and 3 villagers died": forces among the
		// victims make it a fight.
		subj := t.Start
		if j := l.joinedPassive(s.toks, t); j >= 0 {
			subj = j // "was snatched from officers and beaten": not the officers
		}
		var found *ActorRef
		for k := len(s.actors) - 1; k >= 0; k-- {
			a := &s.actors[k]
			if a.End > subj || a.Start < lo || a.Entry == nil || s.aside[a.Start] || modifierActor(s, k) || a.Finder || speaker(s, a, t.Start) && !saysAt(s, t.Start-1) {
				continue // (who says they were killed, or found them, is not among them; "raiders confirmed dead" are)
			}
			if found == nil || forces && forcesVictim(a) {
				found = a
			}
		}
		return found
	}
	// "killing three civilians and five policemen": the object, or
	// forces listed with it.
	var found *ActorRef
	for k := range s.actors {
		a := &s.actors[k]
		if a.Start < t.End || a.End > hi || a.Entry == nil || modifierActor(s, k) {
			continue
		}
		if saysAt(s, a.End) || a.End+1 < len(s.toks) && s.toks[a.End].Kind == text.Word && !s.toks[a.End].Cap && saysAt(s, a.End+1) {
			// "the toll rose to 12, a hospital official said", "..., a
			// Taliban spokesman said": who tells it, and what follows is not the toll's
			break
		}
		switch {
		case found == nil:
			found = a
		case forces && forcesVictim(a) && !forcesVictim(found) && listedAfter(s, found.End, a.Start):
			return a
		default:
			return found
		}
	}
	return found
}

// saysAt tells whether a verb of saying or an attribution starts at token
// k: what ends right before it is a speaker ("an official said").
func saysAt(s *sentence, k int) bool {
	for _, c := range s.cues {
		if (c.Value == SayVerb || c.Value == Attrib) && c.Start == k {
			return true
		}
	}
	return false
}

// modifierActor tells whether actor k only modifies the one right after
// it: "police informant", "student demonstrators" (the last noun heads).
func modifierActor(s *sentence, k int) bool {
	if k+1 >= len(s.actors) || s.actors[k+1].Start != s.actors[k].End || s.actors[k+1].Entry == nil {
		return false
	}
	// "NDS employee", "militia member": a body's own people act as it.
	return !s.lex.member.Has(s.toks[s.actors[k+1].End-1].Norm)
}

// listedAfter tells whether tokens [from, to) only join two items of a
// list: "and", or a comma before the next item's number ("and five",
// ", two"); a bare comma may open a speaker's "police said".
func listedAfter(s *sentence, from, to int) bool {
	joined := false
	for k := from; k < to; k++ {
		switch n := s.toks[k].Norm; {
		case n == "and":
			joined = true
		case n == ",":
			joined = joined || k+1 < to && inCount(s, k+1)
		case inCount(s, k):
		default:
			return false
		}
	}
	return joined
}

func inCount(s *sentence, k int) bool {
	for i := range s.counts {
		if s.counts[i].Start <= k && k < s.counts[i].End {
			return true
		}
	}
	return false
}

// victimCount finds the number of victims of a kill or injure trigger.
func (l *lex) victimCount(s *sentence, t trigger) *Count {
	mk := func(q *quantity.Quantity) *Count {
		c := &Count{Low: q.Low, High: q.High, Qualifier: q.Qual, Span: q.Span}
		if q.Start > 0 {
			switch s.toks[q.Start-1].Norm {
			case "the", "all", "those":
				c.Back = true // "killing the three": the three already told of
			}
		}
		for k := q.Start - 1; k >= 0 && k >= q.Start-8; k-- {
			switch n := s.toks[k].Norm; {
			case l.tollWord.Has(n) && (k >= q.Start-4 || k >= t.Start && k < t.End):
				// (or a word of the trigger: "the toll has since risen to three")
				c.Total = true
			case l.superseded.Has(n):
				c.Superseded = true // "an early estimate put the toll at 9"
			}
		}
		// "four traders and two soldiers": the groups add up.
		for _, o := range l.joined(s, q) {
			c.Low += o.Low
			if c.High != nil && o.High != nil {
				h := *c.High + *o.High
				c.High = &h
			} else {
				c.High = nil
			}
			c.Span.Start, c.Span.End = min(c.Span.Start, o.Span.Start), max(c.Span.End, o.Span.End)
		}
		return c
	}
	// "Three deaths", "10 killed", "two dead": the number right before, or
	// with "people" or "were" between ("10 people killed", "10 were
	// killed": a fixed pattern, grammar) or a person noun.
	for i := range s.counts {
		q := &s.counts[i]
		if q.End == t.Start || (q.End+1 == t.Start && (s.toks[q.End].Norm == "people" || s.toks[q.End].Norm == "were" || s.toks[q.End].Norm == "persons" || l.person.Has(s.toks[q.End].Norm) ||
			l.deathVerb.Has(s.toks[t.Start].Norm) && (s.toks[q.End].Norm == "is" || s.toks[q.End].Norm == "are" || s.toks[q.End].Norm == "was"))) ||
			s.toks[t.Start].Norm == "to" && q.Head >= 0 && q.Head+1 == t.Start && l.personHead(s, q.Head) {
			// "stabbed three men to death": the people right before "to death".
			return mk(q)
		}
	}
	if t.Passive || s.toks[t.Start].Norm == "dead" || s.toks[t.Start].Norm == "died" {
		// "No fewer than 9 soldiers were said to have died": the subject's number.
		var best *quantity.Quantity
		for i := range s.counts {
			q := &s.counts[i]
			if q.End <= t.Start && q.Head >= 0 && (l.personHead(s, q.Head) || !l.thing.Has(s.toks[q.Head].Norm)) {
				best = q
			}
		}
		if best != nil {
			return mk(best)
		}
		if n, sp := l.articlePersons(s, 0, t.Start); n > 0 {
			return &Count{Low: n, High: &n, Span: sp}
		}
		if sp, ok := personName(s, t.Start-1, -1); ok {
			one := 1 // "Omar Haji Yusuf died": one person, named
			return &Count{Low: 1, High: &one, Span: sp}
		}
		return nil
	}
	if l.tollWord.Has(s.toks[t.End-1].Norm) {
		// "the death toll from Monday's strike rose to 116": a toll's
		// figure is where it rises to or stands at, however far on.
		_, hi := l.clause(s.toks, t.Start, t.End)
		for i := range s.counts {
			if q := &s.counts[i]; q.Start > t.End && q.End <= hi && l.tollLead.Has(s.toks[q.Start-1].Norm) {
				c := mk(q)
				c.Total = true
				return c
			}
		}
		// "The death toll from the strike later rose to five": the toll
		// noun's figure comes after its verb, words of its own between.
		for i := range s.counts {
			q := &s.counts[i]
			if q.Start <= t.End || q.Start > t.End+12 || !l.tollRiseBefore(s.toks, t.End, q.Start) {
				continue
			}
			c := mk(q)
			c.Total = true
			return c
		}
	}
	// "killed 8 people", "killing a refugee leader": the object's number.
	for i := range s.counts {
		q := &s.counts[i]
		if q.Start >= t.End && q.Start <= t.End+2 && (q.Head < 0 || l.personHead(s, q.Head)) {
			return mk(q)
		}
	}
	for k := t.End; k < len(s.toks) && k <= t.End+1; k++ {
		if s.toks[k].Norm == "both" && (k == t.End || s.toks[t.End].Norm == "them") {
			two := 2 // "killing both", "killing them both": the two already told of
			return &Count{Low: 2, High: &two, Span: s.toks[k].Span, Back: true}
		}
	}
	if n, sp := l.articlePersons(s, t.End, min(len(s.toks), t.End+6)); n > 0 {
		return &Count{Low: n, High: &n, Span: sp}
	}
	if sp, ok := personName(s, t.End, 1); ok {
		one := 1 // "police shot dead Ahmed Ali": one person, named
		return &Count{Low: 1, High: &one, Span: sp}
	}
	if t.End < len(s.toks) {
		// "killed him", "police kill student": one person (the pronouns are grammar).
		if n := s.toks[t.End].Norm; n == "him" || n == "her" || l.person.Has(n) {
			one := 1
			return &Count{Low: 1, High: &one, Span: s.toks[t.End].Span}
		}
	}
	return nil
}

// tollRiseBefore tells whether a count at q follows a verb that gives a
// toll its figure ("rose to", "stood at", "reached"), with no clause
// break between the toll at from and it.
func (l *lex) tollRiseBefore(toks []text.Token, from, q int) bool {
	for k := from; k < q; k++ {
		if toks[k].Kind == text.Punct && toks[k].Text != "'" && toks[k].Text != "’" {
			return false
		}
	}
	j := q - 1
	if n := toks[j].Norm; n == "to" || n == "at" {
		j--
	}
	return j >= from && l.tollRise.Has(toks[j].Norm)
}

// joined returns the counts of people coordinated with q by "and" or a
// comma, before and after it: "three policemen and two civilians",
// "killing four traders, two soldiers and a guard". Grammar.
func (l *lex) joined(s *sentence, q *quantity.Quantity) []*quantity.Quantity {
	i := -1
	for k := range s.counts {
		if &s.counts[k] == q {
			i = k
		}
	}
	if i < 0 {
		return nil
	}
	link := func(a, b *quantity.Quantity) bool {
		if a.Head < 0 || b.Head < 0 || !l.personHead(s, a.Head) || !l.personHead(s, b.Head) {
			return false
		}
		if l.remains.Has(s.toks[a.Head].Norm) != l.remains.Has(s.toks[b.Head].Norm) {
			return false // "three bodies and eleven wounded": the dead and the living
		}
		if saysAt(s, b.Head+1) {
			return false // "killing 12 people, an official said": who tells it
		}
		from := a.Head + 1
		if from >= b.Start || b.Start-from > 2 {
			return false
		}
		for k := from; k < b.Start; k++ {
			if n := s.toks[k].Norm; n != "and" && n != "," {
				return false
			}
		}
		return true
	}
	var out []*quantity.Quantity
	for j := i; j > 0 && link(&s.counts[j-1], &s.counts[j]); j-- {
		out = append(out, &s.counts[j-1])
	}
	for j := i; j+1 < len(s.counts) && link(&s.counts[j], &s.counts[j+1]); j++ {
		out = append(out, &s.counts[j+1])
	}
	return out
}

// personHead tells whether a counted noun is people: an actor noun or a person word.
func (l *lex) personHead(s *sentence, k int) bool {
	for _, a := range s.actors {
		if k >= a.Start && k < a.End {
			return true
		}
	}
	return l.people.Has(s.toks[k].Norm) || l.countedPerson != nil && l.countedPerson(s.toks[k].Norm) ||
		s.toks[k].Cap && l.demonym != nil && l.demonym(s.toks[k].Text)
}

// articlePersons counts singular people introduced by an article in
// [from, to): "a man and his son" → 2.
func (l *lex) articlePersons(s *sentence, from, to int) (int, text.Span) {
	n := 0
	var sp text.Span
	for k := from; k+1 < to; k++ {
		if !l.personDeterminer.Has(s.toks[k].Norm) {
			continue
		}
		j := k + 1
		for j < to && (l.isAdj(s.toks[j]) || s.toks[j].Kind == text.Number || s.toks[j].Norm == "-year-old" || s.toks[j].Cap && s.toks[j].Kind == text.Word && !l.person.Has(s.toks[j].Norm)) {
			j++
		}
		if j < to && l.person.Has(s.toks[j].Norm) {
			if n == 0 {
				sp.Start = s.toks[k].Start
			}
			sp.End = s.toks[j].End
			n++
			k = j
		}
	}
	return n, sp
}

// namesRaiders tells whether a sentence names fighters ([raiders]).
func (x *Extractor) namesRaiders(s *sentence) bool {
	for ti := range s.toks {
		if x.lex.raiders.Has(s.toks[ti].Norm) {
			return true
		}
	}
	return false
}

// objectOfEarlier tells whether a is the object of an act told just
// before it, in a coordination with t: "killed three people and injured
// 150", "attacked the soldiers, wounding two". It returns that act.
func objectOfEarlier(s *sentence, a *ActorRef, t trigger) (trigger, bool) {
	if a == nil {
		return trigger{}, false
	}
	joined := false
	for k := a.End; k < t.Start; k++ {
		if n := s.toks[k].Norm; n == "and" || n == "," {
			joined = true
		}
	}
	if !joined {
		return trigger{}, false
	}
	for _, o := range s.triggers {
		if o.End <= a.Start && a.Start-o.End <= 1 && !o.Passive {
			switch o.Class {
			case Kill, Injure, Attack, Shoot, Beat, Abduct, Arrest:
				return o, true
			}
		}
	}
	// "gunmen stopped a police car and opened fire": the object of a verb
	// that is no trigger, lower-case past tense right before the actor (over
	// an article), is as much an object; the caller keeps it only when a
	// subject comes before that verb.
	v := a.Start - 1
	if v > 0 && isArticle(s.toks[v].Norm) {
		v--
	}
	if v > 0 && s.toks[v].Kind == text.Word && !s.toks[v].Cap && strings.HasSuffix(s.toks[v].Norm, "ed") && !inActorRef(s, v, v+1) {
		return trigger{Start: v, End: v + 1}, true
	}
	return trigger{}, false
}

func isArticle(w string) bool { return w == "a" || w == "an" || w == "the" }

// instrumentOf tells whether the noun at t is the instrument of a verb
// before it: "with" right before it, over a number or an article ("with
// missiles", "with two drones").
func instrumentOf(toks []text.Token, t int) bool {
	for k := t - 1; k >= 0 && k >= t-3; k-- {
		switch n := toks[k].Norm; {
		case n == "with":
			return true
		case n == "a" || n == "an" || n == "the" || toks[k].Kind == text.Number:
		default:
			return false
		}
	}
	return false
}

// passiveSubject finds the people a passive trigger took: a person word
// just before its auxiliary ("three soldiers were captured", "his brother
// was captured"; not "two checkpoints were seized").
func (x *Extractor) passiveSubject(s *sentence, t trigger) (int, bool) {
	if !t.Passive {
		return -1, false
	}
	k := t.Start - 1
	for k >= 0 && k >= t.Start-4 && (x.lex.passiveAux.Has(s.toks[k].Norm) || x.lex.adverb.Has(s.toks[k].Norm) || perfectAux(s.toks[k].Norm)) {
		k--
	}
	if k < 0 {
		return -1, false
	}
	if n := s.toks[k].Norm; x.lex.person.Has(n) || x.lex.people.Has(n) || x.lex.person.Has(strings.TrimSuffix(n, "s")) {
		return k, true // "a suspect was captured"; "three inmates captured in X", the headline's
	}
	if k == t.Start-1 {
		return -1, false
	}
	// "his brother Karim was captured", "the suspect Ali Musa was
	// seized": a name after a word for a person is that person's.
	j := k
	for j >= 0 && j > k-4 && s.toks[j].Kind == text.Word && s.toks[j].Cap && !isActorToken(s, j) {
		j--
	}
	if j >= 0 && j < k && x.lex.person.Has(s.toks[j].Norm) {
		return k, true
	}
	return -1, false
}

// perfectAux tells whether a word is an auxiliary of the perfect: "have
// been captured". Grammar.
func perfectAux(n string) bool { return n == "have" || n == "has" || n == "had" }

// personName tells whether a person's name starts (dir 1) or ends (dir -1)
// at token k: two or more capitalised words in a row that name no actor
// and no month or weekday ("Ahmed Ali", "Omar Haji Yusuf"). Grammar of
// names, not a list of them.
func personName(s *sentence, k, dir int) (text.Span, bool) {
	n, first, last := 0, k, k
	for j := k; j >= 0 && j < len(s.toks) && n < 5; j += dir {
		t := s.toks[j]
		if t.Kind != text.Word || !t.Cap || isActorToken(s, j) || text.Month(t.Norm) != 0 {
			break
		}
		if _, ok := text.Weekday(t.Norm); ok {
			break
		}
		n, last = n+1, j
	}
	if n < 2 {
		return text.Span{}, false
	}
	if dir < 0 {
		first, last = last, first
		if first > 0 && s.toks[first-1].Kind == text.Word && s.toks[first-1].Cap {
			return text.Span{}, false // more name before: not where it starts
		}
	}
	return text.Span{Start: s.toks[first].Start, End: s.toks[last].End}, true
}

// takerNamed tells whether a sentence names someone who may have taken
// the people who went missing: an armed or state actor, or people after
// "by" ("after being taken by men in plain clothes").
func takerNamed(s *sentence, patient *ActorRef) bool {
	for i := range s.actors {
		a := &s.actors[i]
		if a == patient || a.Entry == nil {
			continue
		}
		if a.Entry.Role.Armed() || a.Entry.Role.State() || a.Start > 0 && s.toks[a.Start-1].Norm == "by" {
			return true
		}
	}
	return false
}

// objectOf tells whether actor a is the object of a trigger right before
// it ("shot dead five robbers", "killed three gang members"), its count,
// determiner or adjectives between.
func objectOf(s *sentence, a *ActorRef) bool {
	for _, o := range s.triggers {
		if o.End > a.Start || o.Passive {
			continue
		}
		ok := a.Start-o.End <= 3
		for k := o.End; ok && k < a.Start; k++ {
			// a count, a determiner, an adjective: "five suspected"
			if t := &s.toks[k]; t.Kind != text.Number && (t.Kind != text.Word || t.Cap || s.lex.isClauseWord(t.Norm) && t.Norm != "suspected" && t.Norm != "alleged" || s.lex.locative.Has(t.Norm)) {
				ok = false
			}
		}
		if ok {
			switch o.Class {
			case Kill, Injure, Attack, Shoot, Beat, Abduct, Arrest:
				return true
			}
		}
	}
	return false
}

// sufferedBefore tells whether a wound at k is borne by the subject: a
// [suffer-verb] within the four words before it ("are nursing multiple
// gunshot wounds", "sustained serious injuries").
func (l *lex) sufferedBefore(toks []text.Token, k int) bool {
	return inWordsBefore(l.sufferVerb, toks, k, 4)
}

// accusedOf finds the force or armed group "accused of" or "suspected of"
// the act at k: the actor right before it, past "was" or "were".
func accusedOf(s *sentence, k int) *ActorRef {
	if k < 2 || s.toks[k-1].Norm != "of" || s.toks[k-2].Norm != "accused" && s.toks[k-2].Norm != "suspected" {
		return nil
	}
	j := k - 2
	if j > 0 && s.lex.passiveAux.Has(s.toks[j-1].Norm) {
		j--
	}
	for i := range s.actors {
		if a := &s.actors[i]; a.End == j && a.Entry != nil && (a.Entry.Role.Armed() || a.Entry.Role.State()) {
			return a // (forces and armed groups: "the victim was suspected of killing" names no doer of this act)
		}
	}
	return nil
}
