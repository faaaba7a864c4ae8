package extract

import (
	"cmp"
	"github.com/sitrep/sitrep/internal/event"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/gazetteer"
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
	lastings []timex.Lasting
	counts   []quantity.Quantity
	places   []int // indexes into Result.Places
	quoted   []bool
	aside    []bool        // inside parentheses: "(9 according to militia sources)"
	label    event.SubType // sub-event type named by a leading label ("Arrests: ...")
	// fatalitiesCoded is an explicit coder's figure ("Fatalities coded as 0"), or -1.
	fatalitiesCoded int
	// warStrikes is the class of the strikes of war the report speaks of
	// ("air strikes": Air; "missile strikes": Shelling), when it speaks of
	// none of labour: a strike no word near tells is one of them. 0: none.
	warStrikes Class
	// What strikeSense found: a strike of war, of labour, or one no word told.
	strikeWar, strikeLabour, strikeUntold bool
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
	// Misfire is set on a Defuse trigger whose explosives failed in
	// their owners' hands ("detonated prematurely").
	Misfire bool
	// Rout is set on a Capture trigger that drove armed men off ground.
	Rout bool
	// About is set on a trigger that tells who one person named is ("a
	// man who had flown a drone to protest"): a protest told so is no
	// demonstration that an arrest answered.
	About bool
	// Found is set on a Kill trigger that tells the dead as bodies found or
	// taken away ("herders discovered five bodies"): its finders are no side.
	Found bool
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
	Finder     bool            // found or took away the dead the sentence tells of: no side of their killing
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

func (x *Extractor) analyse(d *text.Doc, i int, w *lexicon.Words, published time.Time, warStrikes Class) *sentence {
	ds := &d.Sentences[i]
	s := &sentence{lex: x.lex, idx: i, para: ds.Para, toks: ds.Tokens, fatalitiesCoded: -1, warStrikes: warStrikes}
	marks := make([]bool, 2*len(s.toks)) // one allocation for both
	s.quoted = quotedTokens(s.toks, marks[:len(s.toks):len(s.toks)])
	s.aside = asideTokens(s.toks, marks[len(s.toks):])
	s.cues = x.cues.All(w)
	s.dates = x.dates.Find(s.toks, published, timex.Options{})
	s.lastings = x.dates.Lastings(s.toks)
	mask := make([]bool, len(s.toks))
	for _, e := range s.dates {
		for k := e.Start; k < e.End; k++ {
			mask[k] = true
		}
	}
	for k := range s.toks {
		// A month's name before a figure is the month, whatever date
		// the figure fails to make: "(March 20-Dec. 20)", "May 2019-20".
		if t := &s.toks[k]; t.Cap && text.Month(t.Norm) != 0 && k+1 < len(s.toks) && s.toks[k+1].Kind == text.Number {
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
		if m.Entry == nil && m.Identity != nil && (placePreposition(s.toks, m.Start) || m.End < len(s.toks) && x.lex.landNoun.Has(s.toks[m.End].Norm)) {
			continue // "a shootout in Kisii", "at Meru Institute", "the Somali capital": the place, not the people
		}
		if m.Entry == nil && m.Identity != nil && m.End < len(s.toks) && x.lex.stateNoun.Has(s.toks[m.End].Norm) && x.countryWord(s.toks[m.End-1].Text) != "" {
			continue // "Somali troops": a nation's forces, no ethnic militia
		}
		a := ActorRef{Start: m.Start, End: m.End, Entry: m.Entry, Identity: m.Identity}
		a.Span = text.Span{Start: s.toks[m.Start].Start, End: s.toks[m.End-1].End}
		a.Text = d.Text[s.toks[m.Start].Off:s.toks[m.End-1].OffEnd]
		a.Country = x.nationality(s.toks, w, m.Start)
		// Loaded words frame armed men ("peaceful militants"); before
		// people they describe them ("peaceful demonstrators").
		a.Framed = s.quoted[m.Start] || x.framedBefore(s, m.Start) && (m.Entry == nil || m.Entry.Role.Armed() || m.Entry.Role.State())
		for k := range s.counts {
			q := &s.counts[k]
			if q.Head >= m.Start && q.Head < m.End || (q.End == m.Start) || (q.End+1 == m.Start && x.lex.isAdj(s.toks[q.End])) {
				a.Count = q
				break
			}
		}
		if n := len(s.actors); a.Country != "" && a.Entry != nil && a.Entry.Role.State() && (n == 0 || s.actors[n-1].End <= m.Start-3) {
			// "Indian and Pakistani troops": two forces.
			if b, ok := x.pairedNationality(d, s, w, m.Start, a); ok {
				s.actors = append(s.actors, b)
			}
		}
		s.actors = append(s.actors, a)
	}
	for i := 1; i < len(s.actors); i++ {
		// "Somali army troops": the troops are the army's, and its country theirs.
		if a, prev := &s.actors[i], &s.actors[i-1]; a.Country == "" && prev.Country != "" && prev.End == a.Start &&
			a.Entry != nil && prev.Entry != nil && a.Entry.Role.State() && prev.Entry.Role.State() {
			a.Country = prev.Country
		}
	}
	for _, m := range x.Actors.Assoc.All(w) {
		s.assocs = append(s.assocs, m.Value)
	}
	for _, m := range x.triggers.All(w) {
		t := trigger{Start: m.Start, End: m.End, Class: m.Value}
		if t.Class == None || mask[m.Start] {
			continue // not a trigger, or a month ("8 March")
		}
		if t.Class == Attack && t.End-t.Start == 2 && strings.HasPrefix(s.toks[t.Start].Norm, "strike") && t.End < len(s.toks) && mask[t.End] {
			// "a general strike on Thursday": "strike on" a day strikes
			// nothing; the strike is told by its own words.
			t.End--
			t.Class = Strike
		}
		if t.Class == Strike {
			t.Class = x.strikeSense(s, t)
		}
		if (t.Class == Arrest || t.Class == Kill || t.Class == Abduct || t.Class == OtherDev) && x.lex.adjectival(s.toks, t.Start, t.End) {
			continue // "relatives of a detained activist", "the killed student's family", "Evicted hawkers fought police"
		}
		if t.Class == Beat && within3(s.toks, t.End, x.lex.contestObject.Has) {
			continue // "the opposition candidate beat the incumbent"
		}
		if t.Class == Kill && strings.HasPrefix(s.toks[t.Start].Norm, "execut") && within3(s.toks, t.End, x.lex.executeObject.Has) {
			continue // "detectives executed a warrant at the flat"
		}
		if t.Class == Vandal && within3(s.toks, t.End, x.lex.abstractObject.Has) {
			continue // "hurt the good name of the village"
		}
		if t.Class == Abduct && (within3(s.toks, t.End, x.lex.figurativeCaptive.Has) || x.lex.figurativeSubject(s.toks, t.Start)) {
			continue // "the protests had been hijacked by criminals": a figure of speech
		}
		if t.Class == Block && x.lex.passive(s.toks, t.Start, t.End) && within3(s.toks, t.End, func(w string) bool { return w == "from" }) {
			continue // "was blocked on Tuesday from entering the camp": someone stopped, no road blocked
		}
		if t.Class == Abduct {
			switch x.lex.freedBefore(s.toks, t) {
			case byHolders:
				continue // "rebels released ten hostages": the taking was earlier
			case byForce:
				t.Class = Clash // "soldiers freed 20 hostages held by bandits": a rescue is fought
			}
		}
		if t.Class == Protest && x.lex.violentBefore(s.toks, t.Start) {
			t.Class = Riot // "violent electoral demonstrations"
		}

		if isActorToken(s, m.Start) && !verbish(s.toks[m.Start].Norm) {
			// "protesters", "rioters" are actors; "mob" both; "fighter
			// jets" are aircraft, not fighters.
			switch {
			case t.Class == Air && t.End-t.Start == 1 && x.lex.airVehicle.Has(s.toks[t.Start].Norm) && stateForceCovers(s, m.Start):
				// "regime warplanes", "government helicopters": the
				// state's own aircraft, both its actor and the strike.
			case t.Class == Air && t.End-t.Start > 1 && !stateForceCovers(s, m.Start):
				s.actors = slices.DeleteFunc(s.actors, func(a ActorRef) bool { return a.Start >= t.Start && a.End <= t.End })
			case t.Class != Mob && t.Class != Riot:
				continue
			}
		}
		t.Passive = x.lex.passive(s.toks, t.Start, t.End)
		t.Background, t.During = x.lex.scene(s.toks, t.Start)
		if x.lex.suspectOf(s.toks, t.Start) {
			continue // "one suspect in the Boston Marathon bombing was killed in a shootout": who he is, not even its scene
		}
		if t.Class == Protest && x.lex.gathering.Has(s.toks[t.Start].Norm) && !x.lex.namesTopic(s.toks) && x.lex.commemorates(s.toks) {
			continue // "gathered to mark the anniversary of the siege": a commemoration
		}
		if t.Class == Protest && x.lex.gathering.Has(s.toks[t.Start].Norm) && !x.lex.namesTopic(s.toks) {
			// A party's rally or a meeting is a demonstration only when it
			// demands or opposes something; else it is where things happened.
			t.Background, t.During = true, false
		}
		t.Negated = x.negated(s, t) || x.denied(s, t)
		t.Irrealis = x.irrealis(s, t)
		if t.Class == Agreement && x.lex.endedBefore(s.toks, t.Start) {
			continue // "the end of the truce": no agreement made
		}
		if t.Class == Protest && x.lex.notProtest(s.toks, t) {
			continue // "the statue was assembled", "to demonstrate solidarity"
		}
		if t.Start > 0 && x.lex.genericDet.Has(s.toks[t.Start-1].Norm) {
			continue // "break up any brawls": no act in particular
		}
		if t.Class == Intervene && x.selfDispersed(s, t) {
			continue // "the crowd dispersed after two hours": no one broke it up
		}
		if (t.Class == Kill || t.Class == Injure || t.Class == Shoot) && x.lex.animalVictim(s.toks, t) {
			continue // "slaughtering 6,500 hogs", "40 cows were killed"
		}
		if t.Class == Arson && x.lex.symbolBurnt(s.toks, t) {
			continue // "burned an effigy of the minister": a protest's symbol, no arson
		}
		if (t.Class == Kill || t.Class == Injure || t.Class == Vandal || t.Class == Arson) && x.lex.naturalCause(s.toks, t) ||
			(t.Class == Kill || t.Class == Injure || t.Class == Attack) && x.lex.runOver(s.toks, t) {
			continue // "fire damages a house", "homes destroyed by the floodwaters", "struck by a car"
		}
		if t.End-t.Start == 1 && (t.End < len(s.toks) && x.lex.idiom.Has(s.toks[t.Start].Norm+"_"+s.toks[t.End].Norm) ||
			t.Start > 0 && x.lex.idiom.Has(s.toks[t.Start-1].Norm+"_"+s.toks[t.Start].Norm)) {
			continue // "a death spiral", "pronounced dead", "the cause of death"
		}
		s.triggers = append(s.triggers, t)
	}
	x.setAlight(s)
	x.relativeScenes(s)
	x.protestTopics(s)
	x.disrupted(s, w)
	x.exchanges(s, w)
	x.weapons(s, w)
	x.routs(s)
	x.dispatches(s)
	x.takes(s)
	x.bases(s)
	x.accidents(s, w)
	x.idleStones(s)
	x.naturalDeaths(s)
	x.finders(s)
	x.demands(s)
	return s
}

// finders marks who finds the dead or takes them away, the subject of a
// verb of finding before the bodies ("rescue workers pulled two bodies
// from a house", "herders discovered five bodies"): no side of the killing
// the bodies tell of. The words are data ([body-noun], [recover-verb]).
func (x *Extractor) finders(s *sentence) {
	for ti := range s.triggers {
		t := &s.triggers[ti]
		if t.Class != Kill || t.End-t.Start != 1 || !x.lex.bodyNoun.Has(s.toks[t.Start].Norm) {
			continue
		}
		verb := -1
		for k := t.Start - 1; k >= 0 && k >= t.Start-5 && verb < 0; k-- {
			switch n := s.toks[k].Norm; {
			case x.lex.recoverVerb.Has(n):
				verb = k
			case n == "," || n == ";" || n == "and" || n == "by":
				k = -1
			}
		}
		if verb < 0 {
			continue
		}
		t.Found = true
		for i := range s.actors {
			if a := &s.actors[i]; a.End <= verb && !triggerBetween(s, a.End, verb) {
				a.Finder = true
			}
		}
	}
}

// relativeScenes marks as the scene the triggers of a clause that tells
// who the people of an earlier act are ("Police shot two men who had tried
// to plant bombs", "... raiders said to have taken part in the attacks",
// "men accused of the killing"): what they did or meant to do is
// not this sentence's event. The relative words are data ([relative-about]);
// that they follow a person and an act is grammar.
func (x *Extractor) relativeScenes(s *sentence) {
	if len(s.triggers) < 2 {
		return
	}
	for k := 1; k+1 < len(s.toks); k++ {
		if !x.lex.relativeAbout.Has(s.toks[k].Norm) || !isActorToken(s, k-1) {
			continue
		}
		if n := s.toks[k+1].Norm; n == "then" || n == "later" || n == "also" {
			continue // "protesters who then set fire to tyres": what they did next
		}
		earlier := false
		for _, t := range s.triggers {
			earlier = earlier || t.End <= k && !t.Background && !t.Negated
		}
		if !earlier {
			continue
		}
		end := k + 1 // the clause runs to the next punctuation
		for end < len(s.toks) && !strings.ContainsAny(s.toks[end].Text, ",;:()") {
			end++
		}
		one := oneNamed(s.toks[k-1].Norm)
		for i := range s.triggers {
			if t := &s.triggers[i]; t.Start > k && t.Start < end {
				t.Background, t.About = true, one
			}
		}
	}
}

// oneNamed tells whether a noun names one person, not a group ("a man",
// not "15 activists" or "men"). Grammar of English plurals, roughly.
func oneNamed(n string) bool {
	switch n {
	case "men", "women", "people", "police", "youth", "children", "staff":
		return false
	}
	return !strings.HasSuffix(n, "s")
}

// demands reads protesters who demand or call for something in a sentence
// with no word of protest ("Protesters demand the officials be sacked"):
// their demand is the demonstration.
func (x *Extractor) demands(s *sentence) {
	if len(s.triggers) > 0 {
		return
	}
	for _, a := range s.actors {
		if a.Entry == nil || a.Entry.Role != actor.Protesters || a.Framed {
			continue
		}
		k := a.End
		for k < len(s.toks) && k < a.End+2 && x.lex.adverb.Has(s.toks[k].Norm) {
			k++ // "protesters again demanded"
		}
		if k < len(s.toks) && x.lex.demandVerb.Has(s.toks[k].Norm) {
			s.triggers = append(s.triggers, trigger{Start: a.Start, End: a.End, Class: Protest})
			return
		}
	}
}

// naturalDeaths drops a death told by its age or a cause that is no
// wound: "dies at 91", "died aged 80", "died of a stroke". "Died of
// gunshot wounds" and "died of his injuries" stay.
func (x *Extractor) naturalDeaths(s *sentence) {
	natural := func(t trigger) bool {
		if t.Class != Kill || t.End-t.Start != 1 || !x.lex.deathVerb.Has(s.toks[t.Start].Norm) || t.End >= len(s.toks) {
			return false
		}
		k := t.End
		switch n := s.toks[k].Norm; {
		case n == "aged":
			return true
		case n == "at" && k+1 < len(s.toks) && (s.toks[k+1].Kind == text.Number || s.toks[k+1].Norm == "the" && k+2 < len(s.toks) && s.toks[k+2].Norm == "age"):
			return true // "dies at 91", "died at the age of 80"
		case n == "of" || n == "from":
			for j := k + 1; j < len(s.toks) && j <= k+4; j++ {
				if x.lex.woundWord.Has(s.toks[j].Norm) {
					return false
				}
			}
			return true
		}
		return false
	}
	s.dropTriggers(natural)
}

// idleStones drops a stone, rock or brick named with nothing thrown: "a wall
// of red brick", "the stones of the old city". A crowd's missiles are thrown,
// hurled or used ("pelted with stones", "armed with rocks").
func (x *Extractor) idleStones(s *sentence) {
	idle := func(t trigger) bool {
		if t.Class != Stones || t.End-t.Start != 1 || !x.lex.thrownNoun.Has(s.toks[t.Start].Norm) {
			return false
		}
		if t.Start > 0 && s.toks[t.Start-1].Norm == "with" {
			return false
		}
		for _, o := range s.triggers {
			if o.Class == Stones && o.Start != t.Start && !(o.End-o.Start == 1 && x.lex.thrownNoun.Has(s.toks[o.Start].Norm)) {
				return false // "hurled", "a petrol bomb": the crowd's act is told
			}
		}
		for _, tok := range s.toks {
			if x.lex.throwVerb.Has(tok.Norm) {
				return false
			}
		}
		return true
	}
	s.dropTriggers(idle)
}

// dropTriggers removes the triggers drop says to.
func (s *sentence) dropTriggers(drop func(trigger) bool) {
	kept := s.triggers[:0]
	for _, t := range s.triggers {
		if !drop(t) {
			kept = append(kept, t)
		}
	}
	s.triggers = kept
}

// accidents drops what a disaster or an accident caused: a sentence that
// tells an earthquake, a flood, a gas explosion or a crash, names no armed
// actor and tells no act of violence reports no conflict event, whatever
// its deaths, fires and explosions.
func (x *Extractor) accidents(s *sentence, w *lexicon.Words) {
	if len(x.lex.notConflict.All(w)) == 0 {
		return
	}
	people := false
	said := len(s.toks) // where an attribution begins: who says so was not there
	for _, c := range s.cues {
		if c.Value == Attrib {
			said = min(said, c.Start)
		}
	}
	for _, a := range s.actors {
		if a.Start >= said {
			continue // "..., according to a release from the police"
		}
		if a.Entry != nil && a.Entry.Role.Armed() && a.Entry.Role != actor.External {
			return // guards and watchmen hurt in a storm are its victims
		}
		people = people || a.Entry != nil && a.Entry.Role != actor.Assoc
	}
	for _, t := range s.triggers {
		switch t.Class {
		case Attack, Clash, Shoot, Beat, Abduct, Rape, Air, Shelling, Suicide, Grenade, Chemical, Protest, Riot, Mob, Stones, Capture, Recapture:
			if !t.Negated {
				return
			}
		case Arson, Vandal, Block, Loot:
			// "locals set fire to a bus after the collision": a crowd's reprisal, no accident.
			if people && !t.Negated && !t.Background {
				return
			}
		case IED:
			if t.End-t.Start > 1 || !x.lex.genericBlast.Has(s.toks[t.Start].Norm) {
				return // a bomb is a bomb, accident or not
			}
		}
	}
	kept := s.triggers[:0]
	for _, t := range s.triggers {
		switch t.Class {
		case Kill, Injure, IED, Arson, Vandal, Defuse:
			continue
		}
		kept = append(kept, t)
	}
	s.triggers = kept
}

// bases reads a base set up: a base verb and a base noun within the next
// few words of its clause ("set up a new military base near Idlib",
// "established its eleventh observation point"). The base noun's force
// word ("military base") is where the base is, not an actor's target.
func (x *Extractor) bases(s *sentence) {
	for k := 0; k < len(s.toks); k++ {
		if !x.lex.baseVerb.Has(s.toks[k].Norm) || slices.ContainsFunc(s.triggers, func(t trigger) bool { return t.Start <= k && k < t.End }) {
			continue // "set fire to a police post" is arson
		}
		for j := k + 1; j < len(s.toks) && j <= k+5 && !crossesClause(s.toks, j, j+1); j++ {
			n := s.toks[j].Norm
			if !x.lex.baseNoun.Has(n) {
				continue
			}
			if n == "observation" && (j+1 >= len(s.toks) || s.toks[j+1].Norm != "point" && s.toks[j+1].Norm != "points" && s.toks[j+1].Norm != "post") {
				break // "observation point", "observation post" (grammar of the compound)
			}
			if slices.ContainsFunc(s.triggers, func(t trigger) bool { return t.Start > k && t.Start < j && t.Class != None }) {
				break // "set a landmine at the army base": the landmine is the event
			}
			t := trigger{Start: k, End: j + 1, Class: Base}
			t.Background, t.During = x.lex.scene(s.toks, k)
			t.Negated, t.Irrealis = x.negated(s, t) || x.denied(s, t), x.irrealis(s, t)
			kept := s.triggers[:0]
			for _, o := range s.triggers {
				if o.End <= k || o.Start > j {
					kept = append(kept, o)
				}
			}
			s.triggers = append(kept, t)
			slices.SortFunc(s.triggers, func(a, b trigger) int { return a.Start - b.Start })
			k = j
			break
		}
	}
}

// routs reads ground taken by driving armed men off it: a rout verb, an
// armed actor as its object, and "out", "back" or "from" after it ("drove
// Russian troops out of villages", "pushed back al-Shabaab fighters from
// the town"): a Capture trigger on the verb, marked Rout (the ground is
// what they were driven from, whatever follows).
func (x *Extractor) routs(s *sentence) {
	for k := 0; k < len(s.toks); k++ {
		if !x.lex.routVerb.Has(s.toks[k].Norm) {
			continue
		}
		armed, particle, off := false, false, false
		// (the doers of a passive come after the ground: "were pushed out of
		// the town of Kismayo by government troops")
		for j := k + 1; j < len(s.toks) && j <= k+10 && !crossesClause(s.toks, j, j+1); j++ {
			switch s.toks[j].Norm {
			case "out", "back", "from", "away": // the particles of driving off: grammar
				particle = true
				// ground named: "out of X", "from X" (not "driven out", "pushed back")
				off = off || s.toks[j].Norm == "from" || s.toks[j].Norm == "out" && j+1 < len(s.toks) && s.toks[j+1].Norm == "of"
			}
			for _, a := range s.actors {
				if a.Start == j && a.Entry != nil && a.Entry.Role.Armed() {
					armed = true
				}
			}
			if armed && particle {
				break
			}
		}
		passive := x.lex.passive(s.toks, k, k+1)
		if particle && (passive && crowdBefore(x.lex, s, k) || !passive && crowdAfter(s, k)) {
			// "demonstrators were pushed back by police", "police drove
			// the protesters back": a crowd driven off is broken up.
			t := trigger{Start: k, End: k + 1, Class: Intervene}
			t.Negated, t.Irrealis = x.negated(s, t) || x.denied(s, t), x.irrealis(s, t)
			s.triggers = append(s.triggers, t)
			slices.SortFunc(s.triggers, func(a, b trigger) int { return a.Start - b.Start })
			continue
		}
		// "Rebels were driven out of Kidal by the army": armed men driven
		// off ground, the doers after "by"; but "were pushed back by
		// soldiers" is an attack repelled, no ground told.
		drivenOff := passive && off && armed && armedBefore(s, k)
		if !drivenOff && (!armed || !particle || passive) {
			continue
		}
		t := trigger{Start: k, End: k + 1, Class: Capture, Rout: true, Passive: drivenOff}
		t.Background, t.During = x.lex.scene(s.toks, k)
		t.Negated, t.Irrealis = x.negated(s, t) || x.denied(s, t), x.irrealis(s, t)
		kept := s.triggers[:0]
		for _, o := range s.triggers {
			if o.End <= k || o.Start > k {
				kept = append(kept, o) // "chased" is no beating here
			}
		}
		s.triggers = append(kept, t)
		slices.SortFunc(s.triggers, func(a, b trigger) int { return a.Start - b.Start })
	}
}

// armedBefore tells whether an armed actor comes before token k in its clause.
func armedBefore(s *sentence, k int) bool {
	for _, a := range s.actors {
		if a.End <= k && a.Entry != nil && a.Entry.Role.Armed() && !crossesClause(s.toks, a.End, k) {
			return true
		}
	}
	return false
}

// takes reads ground taken with a plain "take": the verb and, within
// three words of determiners, numbers, adjectives or names, a word of
// ground ("rebels have taken the town of Kiriko"). "Took place", "took
// him to hospital" name no ground there.
func (x *Extractor) takes(s *sentence) {
	for k := 0; k+1 < len(s.toks); k++ {
		if !x.lex.takeVerb.Has(s.toks[k].Norm) || slices.ContainsFunc(s.triggers, func(t trigger) bool { return t.Start <= k && k < t.End }) {
			continue
		}
		j := k + 1
		if s.toks[j].Norm == "over" {
			j++ // "took over the airport"
		}
		for ; j < len(s.toks) && j <= k+4; j++ {
			t := s.toks[j]
			if x.lex.takeObject.Has(t.Norm) {
				tr := trigger{Start: k, End: k + 1, Class: Capture}
				tr.Background, tr.During = x.lex.scene(s.toks, k)
				tr.Negated, tr.Irrealis = x.negated(s, tr) || x.denied(s, tr), x.irrealis(s, tr)
				tr.Passive = x.lex.passive(s.toks, k, k+1)
				s.triggers = append(s.triggers, tr)
				slices.SortFunc(s.triggers, func(a, b trigger) int { return a.Start - b.Start })
				break
			}
			if !(t.Kind == text.Number || x.lex.isAdj(t) || t.Cap || x.lex.personDeterminer.Has(t.Norm) || t.Norm == "the" || t.Norm == "a" || t.Norm == "an" || t.Norm == "its" || t.Norm == "their" || t.Norm == "two" || t.Norm == "three" || t.Norm == "several") {
				break
			}
		}
	}
}

// dispatches reads forces sent somewhere: a dispatch verb and the forces
// within four words after it ("sent 500 more soldiers"), a deployment.
func (x *Extractor) dispatches(s *sentence) {
	for _, t := range s.triggers {
		if !t.Background && (family(t.Class) == 1 || isWeapon(t.Class)) {
			return // "a blast killed two, sending police rushing in": the response, not an event
		}
	}
	for k := 0; k < len(s.toks); k++ {
		if !x.lex.dispatchVerb.Has(s.toks[k].Norm) {
			continue
		}
		for j := k + 1; j < len(s.toks) && j <= k+4 && !crossesClause(s.toks, j, j+1); j++ {
			if !x.lex.troopNoun.Has(s.toks[j].Norm) {
				continue
			}
			covered := false
			for _, o := range s.triggers {
				covered = covered || o.Class == Deploy && o.Start <= k && o.End > k
			}
			for i := j + 1; i < len(s.toks) && i <= j+4; i++ {
				covered = covered || x.lex.responseGoal.Has(s.toks[i].Norm) // "rushed officers to the scene"
			}
			if !covered {
				t := trigger{Start: k, End: j + 1, Class: Deploy}
				t.Background, t.During = x.lex.scene(s.toks, k)
				t.Negated, t.Irrealis = x.negated(s, t) || x.denied(s, t), x.irrealis(s, t)
				s.triggers = append(s.triggers, t)
				slices.SortFunc(s.triggers, func(a, b trigger) int { return a.Start - b.Start })
			}
			break
		}
	}
}

// crowdBefore tells whether protesters or rioters are named before token k
// in its clause; crowdAfter, right after it (within three words).
func crowdBefore(l *lex, s *sentence, k int) bool {
	lo, _ := l.clause(s.toks, k, k+1)
	for _, a := range s.actors {
		if a.End <= k && a.Start >= lo && crowdRole(a) {
			return true
		}
	}
	return false
}

func crowdAfter(s *sentence, k int) bool {
	for _, a := range s.actors {
		if a.Start > k && a.Start <= k+3 && crowdRole(a) {
			return true
		}
	}
	return false
}

func crowdRole(a ActorRef) bool {
	return a.Entry != nil && (a.Entry.Role == actor.Protesters || a.Entry.Role == actor.Rioters)
}

// airBefore tells whether an aircraft's strike is told before t in t's
// clause: what it then fires is its own.
func (x *Extractor) airBefore(s *sentence, t trigger) bool {
	lo, _ := x.lex.clause(s.toks, t.Start, t.End)
	for _, o := range s.triggers {
		if o.Class != Air || o.End > t.Start || o.Start < lo || o.Negated || o.Irrealis {
			continue
		}
		for _, a := range s.actors {
			if a.Start >= o.End && a.End <= t.Start {
				return false // "warplanes struck Idlib as rebels shelled Hama": another's fire
			}
		}
		return true
	}
	return false
}

// weapons settles what weapon a sentence tells: a leftover of a past war
// is no weapon used (its blast and the deaths it caused are no event of
// their own); a suicide bombing or a chemical weapon is the event, and
// the bomb, shell or craft that carried it says only how.
func (x *Extractor) weapons(s *sentence, w *lexicon.Words) {
	var cl Classes
	for _, t := range s.triggers {
		if !t.Negated && !t.Irrealis {
			cl.Add(t.Class)
		}
	}
	legacy := len(x.lex.legacyOrdnance.All(w)) > 0 && !cl.Any(Air, Suicide, Chemical, Attack, Clash)
	if !legacy && !cl.Any(Suicide, Chemical, Air) {
		return
	}
	// An aircraft named with no act of striking and no harm is no strike.
	idle := cl.Has(Air) && !cl.Any(Kill, Injure, Attack, Shoot, Shelling, IED, Grenade, Vandal, Arson, Clash, Chemical, Suicide)
	for _, t := range s.triggers {
		if idle && t.Class == Air && (t.End-t.Start > 1 || !x.lex.airVehicle.Has(s.toks[t.Start].Norm)) {
			idle = false // "warplanes carried out airstrikes": the strike is named
		}
	}
	for ti := range s.toks {
		t := &s.toks[ti]
		if idle && x.lex.airAct.Has(t.Norm) {
			idle = false
		}
	}
	kept := s.triggers[:0]
	for _, t := range s.triggers {
		switch {
		case legacy && (isWeapon(t.Class) || t.Class == Kill || t.Class == Injure):
			continue
		case cl.Has(Suicide) && (t.Class == IED || t.Class == Grenade) && t.End-t.Start == 1 &&
			(x.lex.genericBlast.Has(s.toks[t.Start].Norm) || x.lex.carriedExplosive.Has(s.toks[t.Start].Norm)):
			continue // "a suicide bomber detonated his explosives": one suicide bombing
		case !cl.Has(Suicide) && cl.Has(Chemical) && t.Class != Chemical && isWeapon(t.Class):
			continue // "shells filled with toxic gas": a chemical weapon
		case idle && t.Class == Air && t.End-t.Start == 1 && x.lex.airVehicle.Has(s.toks[t.Start].Norm):
			continue // "a helicopter carrying the governor landed"
		case cl.Has(Air) && !cl.Has(Suicide) && t.Class == IED && t.End-t.Start == 1 &&
			(x.lex.genericBlast.Has(s.toks[t.Start].Norm) || x.lex.carriedExplosive.Has(s.toks[t.Start].Norm)):
			continue // "drones laden with explosives detonated": the drone's strike
		case cl.Has(Air) && t.Class == Shelling && x.airBefore(s, t):
			continue // "helicopters fired rockets at the village": the aircraft's munitions, one air strike
		}
		kept = append(kept, t)
	}
	s.triggers = kept
}

// selfDispersed tells whether a dispersal is the crowd's own going home:
// "dispersed" with the demonstrators as its subject and no object ("the
// protesters dispersed peacefully"), not "police dispersed the crowd".
func (x *Extractor) selfDispersed(s *sentence, t trigger) bool {
	if t.Passive || !strings.HasPrefix(s.toks[t.Start].Norm, "dispers") || t.Start == 0 {
		return false
	}
	if t.End < len(s.toks) {
		n := s.toks[t.End].Norm
		if x.lex.personDeterminer.Has(n) || n == "them" || s.toks[t.End].Kind == text.Number || isActorToken(s, t.End) {
			return false // it has an object: someone dispersed them
		}
	}
	k := t.Start - 1
	for k > 0 && x.lex.adverb.Has(s.toks[k].Norm) {
		k--
	}
	if n := s.toks[k].Norm; n == "they" || n == "crowd" || n == "crowds" {
		return true
	}
	for _, a := range s.actors {
		if a.End == k+1 && a.Entry != nil {
			switch a.Entry.Role {
			case actor.Protesters, actor.Civilians, actor.Party, actor.Rioters, actor.Assoc:
				return true
			}
		}
	}
	return false
}

// protestTopics marks what a protest is about as its scene: the triggers
// after a protest trigger and one of its about-words ("against", "over",
// "demanding", "to protest"), up to the end of that clause or a state force
// that acts in it ("rallied against the detention of a colleague" is no
// intervention; "..., and police fired tear gas" still is).
// closeParen returns the token closing the parenthesis opened at k,
// within 15 tokens and with none opened inside it, or -1.
func closeParen(toks []text.Token, k int) int {
	for j := k + 1; j < len(toks) && j <= k+15; j++ {
		switch toks[j].Text {
		case ")":
			return j
		case "(":
			return -1
		}
	}
	return -1
}

func (x *Extractor) protestTopics(s *sentence) {
	x.kinTopics(s)
	x.protestWhile(s)
	// "Police foiled the protest": the foiling is the intervention.
	for i := range s.triggers {
		if t := &s.triggers[i]; t.Class == Intervene && t.Negated && x.lex.foilVerb.Has(s.toks[t.Start].Norm) && protestAfter(s, t.End) {
			t.Negated = x.denied(s, *t)
		}
	}
	for _, p := range s.triggers {
		if p.Class != Protest && p.Class != Strike || p.Negated || p.Irrealis {
			continue
		}
		from, object := -1, false
		if x.protestObject(s, p) {
			// "protested the arrest of a colleague": the verb's object is
			// the topic, up to the end of its clause.
			from, object = p.End, true
		}
		limit := p.End + 12
		for k := p.End; from < 0 && k < len(s.toks) && k <= limit; k++ {
			if s.toks[k].Text == "(" {
				// "marched in Tamale city (Tamale Metropolitan, Northern),
				// against the jailing of ...": a place's aside is no clause.
				if c := closeParen(s.toks, k); c > 0 {
					limit += c - k + 1
					k = c
					continue
				}
			}
			if x.lex.protestAbout.Has(s.toks[k].Norm) {
				from = k + 1
				break
			}
			if crossesClause(s.toks, k, k+1) {
				// "staged a rally in front of the office, against the
				// arrest of its leader": the topic may follow the comma
				// that closes the protest's place.
				if s.toks[k].Text == "," && k+1 < len(s.toks) && x.lex.protestAbout.Has(s.toks[k+1].Norm) {
					from = k + 2
				}
				if s.toks[k].Text == "," && k+1 < len(s.toks) && s.toks[k+1].Cap && s.toks[k+1].Kind == text.Word && !x.lex.isClauseWord(s.toks[k+1].Norm) {
					limit += 2 // "in Tamale city, Tamale Metropolitan (Northern), against ...": the place goes on
					continue
				}
				break
			}
		}
		if from < 0 {
			continue
		}
		to := len(s.toks)
		relative := false // inside "who ...", telling of the topic's person
		for k := from; k < len(s.toks); k++ {
			n := s.toks[k].Norm
			if object && (n == "who" || n == "whom" || n == "whose") && k > from {
				relative = true // "the arrest of a farmer who was held for logging"
				continue
			}
			if object && n == "and" && k+1 < len(s.toks) && x.lex.personDeterminer.Has(s.toks[k+1].Norm) && !relative {
				continue // "the killing of a doctor and the silence of the police": one topic, two parts
			}
			if relative && n != ";" && n != "." && n != "," {
				continue
			}
			// A state force after "of" or "by" is part of the topic ("the
			// silence of the police", "harassment by police").
			ofForce := k > from && (s.toks[k-1].Norm == "of" || s.toks[k-1].Norm == "by" || k > from+1 && s.toks[k-1].Norm == "the" && (s.toks[k-2].Norm == "of" || s.toks[k-2].Norm == "by")) ||
				forceModifier(s, k) // "marched against last week's police beating of a student"
			if n == ";" || n == "." || n == "-" || n == "–" || n == "—" || x.lex.clauseBoundary.Has(n) && n != "after" && n != "following" && n != "during" || stateActorAt(s, k) && !ofForce ||
				object && (crossesClause(s.toks, k, k+1) || n == "and" || x.lex.clauseWord.Has(n) && n != "of") ||
				object && k > from+1 && mainVerbAt(s, p, k) || n == "," && resultParticiple(s, k+1) ||
				!object && k > from && mainVerbAt(s, p, k) && p.Start > 0 && isActorToken(s, p.Start-1) || // "students protesting against quotas clashed with ..."

				(n == "and" || n == ",") && k > from && k+1 < len(s.toks) && x.lex.protestActVerb.Has(s.toks[k+1].Norm) ||
				object && k > from && strings.HasSuffix(s.toks[p.Start].Norm, "ing") && x.lex.protestActVerb.Has(n) {
				// An object ends at its clause, at "and" or at a clause
				// word: "protested the levy by blocking a road and lighting
				// fires" tells fires. Any topic ends where the crowd's own
				// act is joined to it ([protest-act-verb]).
				to = k
				break
			}
		}
		for i := range s.triggers {
			if t := &s.triggers[i]; t.Start >= from && t.End <= to && t.Class != Protest && t.Class != Strike {
				t.Background = true
			}
		}
		x.protestActs(s, p, to)
	}
}

// protestActs brings back to the foreground what a protest's crowd did
// after its topic, joined to it as its own act ([protest-act-verb] after
// "and" or a comma, or the main verb after "protesting ..."): "protested
// over fees and stoned a police post" tells the stoning, though "over"
// reads as a scene word before it. Only scene words told after the
// protest, in its clause, are undone.
func (x *Extractor) protestActs(s *sentence, p trigger, to int) {
	for i := range s.triggers {
		t := &s.triggers[i]
		if !t.Background || t.During || t.Start < to || t.Class == Protest || t.Class == Strike || t.Negated {
			continue
		}
		verb := -1 // the act verb: the trigger itself or up to 3 tokens before it
		for j := t.Start; j >= to && j >= t.Start-3; j-- {
			if x.lex.protestActVerb.Has(s.toks[j].Norm) {
				verb = j
				break
			}
		}
		joined := verb == to+1 && (s.toks[to].Norm == "and" || s.toks[to].Text == ",") || verb == to
		if verb < 0 || !joined || crossesClause(s.toks, verb, t.Start) {
			continue
		}
		if _, _, k := x.lex.sceneWord(s.toks, t.Start); k < p.End {
			continue // the scene word is the protest's own, or before it
		}
		t.Background = false
	}
}

// forceModifier tells whether a state force named at token k only
// modifies the act after it ("the police assault", "police brutality"):
// the act is the topic, and the force with it.
func forceModifier(s *sentence, k int) bool {
	for _, a := range s.actors {
		if a.Start == k && a.Entry != nil && a.Entry.Role.State() {
			return slices.ContainsFunc(s.triggers, func(t trigger) bool { return t.Start == a.End })
		}
	}
	return false
}

// protestWhile marks as the scene a protest told in a "when/while/as
// they were protesting" clause after an act: "assaulted six traders when
// they were protesting against a tax" is an assault at a demonstration, as
// "during their protest" is.
func (x *Extractor) protestWhile(s *sentence) {
	for i := range s.triggers {
		p := &s.triggers[i]
		if p.Class != Protest && p.Class != Strike || p.Background || p.Negated {
			continue
		}
		aux := -1
		for k := p.Start - 1; k >= 0 && k >= p.Start-6; k-- {
			n := s.toks[k].Norm
			if s.toks[k].Kind != text.Word {
				break
			}
			if n == "were" || n == "was" {
				aux = k
			}
			if (n == "when" || n == "while" || n == "as") && aux > k {
				if slices.ContainsFunc(s.triggers, func(t trigger) bool {
					return t.End <= k && !t.Background && !t.Negated && t.Class != Protest && t.Class != Strike
				}) {
					p.Background, p.During = true, true
				}
				break
			}
		}
	}
}

// kinTopics marks as a protest's scene what its protesters' kin suffered,
// told before the protest: "relatives of passengers burned in the strikes
// held a rally" protest those burns.
func (x *Extractor) kinTopics(s *sentence) {
	for _, p := range s.triggers {
		if p.Class != Protest && p.Class != Strike || p.Negated {
			continue
		}
		kin := -1
		for k := 0; k < p.Start; k++ {
			if x.lex.kinOf.Has(s.toks[k].Norm) && k+1 < len(s.toks) && s.toks[k+1].Norm == "of" {
				kin = k
				break
			}
		}
		if kin < 0 {
			continue
		}
		for i := range s.triggers {
			if t := &s.triggers[i]; t.Start > kin && t.End <= p.Start && t.Class != Protest && t.Class != Strike {
				t.Background, t.During = true, false
			}
		}
	}
}

// resultParticiple tells whether an act's participle at k, after a
// comma, tells what the main clause did: "fired on demonstrators protesting
// against fuel taxes in Kisumu, killing two" (not "the killing of").
func resultParticiple(s *sentence, k int) bool {
	if k >= len(s.toks) || !strings.HasSuffix(s.toks[k].Norm, "ing") || k+1 < len(s.toks) && s.toks[k+1].Norm == "of" {
		return false
	}
	return slices.ContainsFunc(s.triggers, func(t trigger) bool { return t.Start == k && t.Class != Protest && t.Class != Strike })
}

// mainVerbAt tells whether an active past-tense trigger at k is the main
// verb after a participle's topic: "youths protesting the killing of a
// student torched a police post" (not "...of a man killed by police").
func mainVerbAt(s *sentence, p trigger, k int) bool {
	if !strings.HasSuffix(s.toks[p.Start].Norm, "ing") || !strings.HasSuffix(s.toks[k].Norm, "ed") {
		return false
	}
	return slices.ContainsFunc(s.triggers, func(t trigger) bool { return t.Start == k && !t.Passive })
}

// protestObject tells whether a protest trigger is the verb "protest"
// with an object ("protest the arrest of", "to protest detention of"),
// not a noun ("a protest march", "break up the protest with teargas").
func (x *Extractor) protestObject(s *sentence, p trigger) bool {
	k := p.End
	if k >= len(s.toks) || p.End-p.Start != 1 || !strings.HasPrefix(s.toks[p.Start].Norm, "protest") || s.toks[k].Kind != text.Word {
		return false
	}
	if n := s.toks[k].Norm; x.lex.locative.Has(n) || x.lex.protestAbout.Has(n) || x.lex.clauseBoundary.Has(n) || x.lex.clauseWord.Has(n) ||
		isActorToken(s, k) || x.lex.person.Has(n) || x.lex.people.Has(n) {
		return false // "protesting students": an adjective, not a verb with an object
	}
	if p.Start > 0 && x.lex.nounBefore.Has(s.toks[p.Start-1].Norm) {
		return false // "the protest", "a protest", "broke up protest"
	}
	for _, t := range s.triggers {
		if t.Start == k && (t.Class == Protest || t.Class == Strike) {
			return false // "protest marches"
		}
	}
	return true
}

// countryActors reads a country named as the doer of an act as its armed
// forces, as ACLED codes it: "Russia struck Kharkiv", "Israel has pulled
// out of the town". Only a country that opens its clause and is followed at once (over an auxiliary or an
// adverb) by the trigger; "Russia said" and "Russia's army" are left as
// they are.
func (x *Extractor) countryActors(r *Result, s *sentence) {
	if x.Actors.Military == nil {
		return
	}
	for _, pi := range s.places {
		p := &r.Places[pi]
		if !p.Resolved || p.Demonym || p.End > len(s.toks) || inActorRef(s, p.Start, p.End) || !x.opensClause(s, p.Start) {
			continue
		}
		g := x.Gaz.Place(p.Ref)
		if g.Kind != gazCountry || g.Country == "" || !x.actsNext(s, p.End) {
			continue
		}
		code := g.Country
		p.Actor = true // the doer, not where it happened
		a := ActorRef{Start: p.Start, End: p.End, Entry: x.Actors.Military, Country: code}
		a.Span = text.Span{Start: s.toks[p.Start].Start, End: s.toks[p.End-1].End}
		a.Text = r.Doc.Text[s.toks[p.Start].Off:s.toks[p.End-1].OffEnd]
		i, _ := slices.BinarySearchFunc(s.actors, a.Start, func(b ActorRef, k int) int { return cmp.Compare(b.Start, k) })
		s.actors = slices.Insert(s.actors, i, a)
	}
}

// opensClause tells whether token k starts a clause: the sentence's first
// word, or after "and", "but", "that", a date ("On Monday, Israel") or a
// dateline dash.
func (x *Extractor) opensClause(s *sentence, k int) bool {
	if k == 0 {
		return true
	}
	prev := s.toks[k-1]
	switch prev.Norm {
	case "and", "but", ";", "—", "–", ":", "then", "meanwhile", "that":
		// Not after a bare comma: "in Madrid, Spain, killing 13" is a place.
		return true
	}
	for _, d := range s.dates {
		if d.End == k || d.End == k-1 && prev.Text == "," {
			return true
		}
	}
	return false
}

// actsNext tells whether the first trigger in the few words after token
// k, in its clause and with no other actor between, is an act: "Russia
// struck Kharkiv with missiles", "Turkey has shelled Kobani". "Russia's
// army" is the army's.
func (x *Extractor) actsNext(s *sentence, k int) bool {
	if k < len(s.toks) && (s.toks[k].Text == "'s" || s.toks[k].Text == "’s") {
		return false
	}
	for j := k; j < len(s.toks) && j <= k+5; j++ {
		if crossesClause(s.toks, j, j+1) || isActorToken(s, j) {
			return false
		}
		for _, t := range s.triggers {
			if t.Start == j {
				return !t.Negated && !t.Irrealis && actClass(t.Class)
			}
		}
	}
	return false
}

// actClass tells whether a trigger class is an armed act a state's forces
// do: strikes, attacks, captures, withdrawals.
func actClass(c Class) bool {
	switch c {
	case Attack, Clash, Shoot, Kill, Air, Shelling, Capture, Recapture, Withdraw:
		return true
	}
	return false
}

func inActorRef(s *sentence, start, end int) bool {
	for _, a := range s.actors {
		if start < a.End && a.Start < end {
			return true
		}
	}
	return false
}

// swapped finds the captives an exchange verb at k swaps ("exchanged 200
// prisoners"), within four words of its clause, or -1.
func (x *Extractor) swapped(s *sentence, k int) int {
	for j := k + 1; j < len(s.toks) && j <= k+4 && !crossesClause(s.toks, j, j+1); j++ {
		if x.lex.swapObject.Has(s.toks[j].Norm) {
			return j
		}
	}
	return -1
}

// within3 tells whether one of the three words from k is in set: what a
// verb acts on, right after it ("beat the incumbent", "damaged the
// reputation", "executed a warrant", "blocked on Tuesday from entering").
func within3(toks []text.Token, k int, set func(string) bool) bool {
	for j := k; j < len(toks) && j < k+3; j++ {
		if set(toks[j].Norm) {
			return true
		}
	}
	return false
}

// Who lets captives go, for freedBefore.
const (
	notFreed = iota
	byHolders
	byForce
)

// freedBefore tells whether captives an abduction trigger names are let
// go by their holders ("released ten hostages") or freed by force
// ("freed the hostages", "rescued two captives").
func (l *lex) freedBefore(toks []text.Token, t trigger) int {
	if !strings.HasPrefix(toks[t.Start].Norm, "hostage") && !strings.HasPrefix(toks[t.Start].Norm, "captive") {
		return notFreed
	}
	for k := t.Start - 1; k >= 0 && k >= t.Start-4; k-- {
		switch n := toks[k].Norm; {
		case l.holdersRelease.Has(n):
			return byHolders
		case l.releaseVerb.Has(n):
			return byForce
		}
	}
	return notFreed
}

// stateActorAt tells whether a state force's name starts at token k.
func stateActorAt(s *sentence, k int) bool {
	for _, a := range s.actors {
		if a.Start == k && a.Entry != nil && a.Entry.Role.State() {
			return true
		}
	}
	return false
}

// exchanges reads exchanges of fire as one clash: a verb of exchange with
// fire as its object ("traded artillery and rocket fire"); the weapons a
// clash is fought with ("exchanged fire with small arms and mortars");
// and mixed weapons fired in one clause ("fired mortars, heavy machine
// guns and small arms at positions"). Their weapon words are no events of
// their own: ACLED codes the engagement once, as an armed clash.
func (x *Extractor) exchanges(s *sentence, w *lexicon.Words) {
	drop := func(lo, hi int, keep trigger) {
		kept := s.triggers[:0]
		for _, t := range s.triggers {
			if t.Start >= lo && t.End <= hi && (t.Class == Shelling || t.Class == Grenade || t.Class == Shoot) && t != keep {
				continue
			}
			kept = append(kept, t)
		}
		s.triggers = kept
	}
	for k := 0; k < len(s.toks); k++ {
		if !x.lex.exchangeVerb.Has(s.toks[k].Norm) {
			continue
		}
		if j := x.swapped(s, k); j > k {
			// "the two sides exchanged 200 prisoners": a deal; the
			// captives are no one taken.
			t := trigger{Start: k, End: j + 1, Class: Agreement}
			t.Negated, t.Irrealis = x.negated(s, t) || x.denied(s, t), x.irrealis(s, t)
			s.triggers = slices.DeleteFunc(s.triggers, func(o trigger) bool {
				return o.Start >= k && o.End <= j+1 && (o.Class == Abduct || o.Class == Agreement)
			})
			s.triggers = append(s.triggers, t)
			slices.SortFunc(s.triggers, func(a, b trigger) int { return a.Start - b.Start })
			continue
		}
		for j := k + 1; j < len(s.toks) && j <= k+5 && !crossesClause(s.toks, j, j+1); j++ {
			if x.lex.exchangeObject.Has(s.toks[j].Norm) {
				t := trigger{Start: k, End: j + 1, Class: Clash}
				t.Background, t.During = x.lex.scene(s.toks, k)
				t.Negated, t.Irrealis = x.negated(s, t) || x.denied(s, t), x.irrealis(s, t)
				drop(k, j+1, t)
				kept := s.triggers[:0]
				for _, o := range s.triggers {
					if o.Class != Clash || o.End <= k || o.Start > j {
						kept = append(kept, o) // the verb's own clash triggers ("exchanged fire") give way
					}
				}
				s.triggers = append(kept, t)
				slices.SortFunc(s.triggers, func(a, b trigger) int { return a.Start - b.Start })
				break
			}
		}
	}
	// The weapons a clash is fought with: "with" or "using" before them, in its clause (grammar).
	for _, c := range s.triggers {
		if c.Class != Clash || c.Negated || c.Irrealis || c.Background {
			continue
		}
		kept := s.triggers[:0]
		for _, t := range s.triggers {
			if t.Class == IED && t.End-t.Start == 1 && x.lex.genericBlast.Has(s.toks[t.Start].Norm) {
				continue // its explosions
			}
			kept = append(kept, t)
		}
		s.triggers = kept
		_, hi := x.lex.clause(s.toks, c.Start, c.End)
		for k := c.End; k < hi && k < c.End+4; k++ {
			if n := s.toks[k].Norm; n == "with" || n == "using" {
				drop(k, hi, c)
				break
			}
		}
	}
	// Mixed weapons fired in one clause.
	arms := x.lex.smallArms.All(w)
	if len(arms) == 0 {
		return
	}
	for i := range s.triggers {
		t := &s.triggers[i]
		if t.Class != Shelling && t.Class != Grenade {
			continue
		}
		lo, hi := x.lex.clause(s.toks, t.Start, t.End)
		for _, a := range arms {
			if a.Start >= lo && a.End <= hi {
				t.Class = Clash
				break
			}
		}
	}
}

// disrupted reads weapons taken or stopped before use: a disrupt verb
// with weapons as its object ("confiscated 14 rifles", "shot down four
// drones") or its passive subject ("two IEDs were defused"). The verb
// becomes a Defuse trigger, and the weapons and the verb's other senses
// (a capture, a killing, a wrecking) are no triggers: nothing was used.
func (x *Extractor) disrupted(s *sentence, w *lexicon.Words) {
	for _, cues := range []struct {
		m       []lexicon.Match[bool]
		misfire bool
	}{{x.lex.disruptCue.All(w), false}, {x.lex.misfireCue.All(w), true}} {
		misfire := cues.misfire
		// "detonated prematurely", "failed to explode": the explosives near
		// the words, in their clause, were not used as meant.
		for _, c := range cues.m {
			for k := range s.triggers {
				t := &s.triggers[k]
				if !(isWeapon(t.Class) && t.Class != Air && t.Class != Shelling || t.Class == Stones) || relative(s.toks, t.Start) {
					continue
				}
				near := t.End <= c.Start && c.Start-t.End <= 8 && !crossesClause(s.toks, t.End, c.Start) ||
					t.Start >= c.End && t.Start-c.End <= 4 && !crossesClause(s.toks, c.End, t.Start) ||
					t.Start < c.End && c.Start < t.End // "two accidental explosions": the cue holds the trigger
				if near {
					t.Class, t.Misfire = Defuse, misfire
				}
			}
		}
	}
	for i := 0; i < len(s.toks); i++ {
		m, ok := x.lex.disruptVerb.At(w, i)
		if !ok {
			continue
		}
		lo, hi := -1, -1
		// The object: the next few words, up to a weapon noun, within the clause.
		for k := m.End; k < len(s.toks) && k < m.End+7; k++ {
			if n := s.toks[k].Norm; x.lex.person.Has(n) || x.lex.people.Has(n) || n == "with" || isActorToken(s, k) || x.lex.weaponRemains.Has(n) {
				break // "found three bodies with bullet wounds": the object is people
			}
			if x.lex.weaponObject.Has(s.toks[k].Norm) {
				lo, hi = m.Start, k+1
				for hi < len(s.toks) && x.lex.weaponObject.Has(s.toks[hi].Norm) {
					hi++ // "mortar rounds"
				}
				break
			}
			// A preposition other than "of" ends the object: "vehicles
			// captured from the army as a car bomb" (grammar).
			if n := s.toks[k].Norm; crossesClause(s.toks, k, k+1) || x.lex.clauseBoundary.Has(n) || x.lex.clauseWord.Has(n) ||
				n == "from" || n != "of" && x.lex.locative.Has(n) {
				break
			}
		}
		if lo < 0 && x.lex.passive(s.toks, m.Start, m.End) {
			// The passive subject: "an IED was defused", "two drones were shot down".
			for k := m.Start - 1; k >= 0 && k >= m.Start-6; k-- {
				if crossesClause(s.toks, k, k+1) {
					break
				}
				if x.lex.weaponObject.Has(s.toks[k].Norm) {
					lo, hi = k, m.End
					for lo > 0 && m.Start-lo < 8 && !crossesClause(s.toks, lo-1, lo) && !x.lex.passiveAux.Has(s.toks[lo-1].Norm) {
						lo-- // the whole noun phrase: "a roadside bomb"
					}
					break
				}
			}
		}
		if lo < 0 || lo == m.Start && x.weaponUsedBefore(s, m.Start) {
			i = m.End - 1
			continue
		}
		kept := s.triggers[:0]
		for _, t := range s.triggers {
			if t.End <= lo || t.Start >= hi {
				kept = append(kept, t)
			}
		}
		s.triggers = kept
		t := trigger{Start: m.Start, End: m.End, Class: Defuse}
		t.Background, t.During = x.lex.scene(s.toks, t.Start)
		t.Negated = x.negated(s, t) || x.denied(s, t)
		t.Irrealis = x.irrealis(s, t)
		s.triggers = append(s.triggers, t)
		slices.SortFunc(s.triggers, func(a, b trigger) int { return a.Start - b.Start })
		i = hi - 1
	}
}

// relative tells whether token k is inside a relative clause that opens a
// few words before it: "a volunteer who had died in a premature
// explosion" recalls, it does not report (grammar).
func relative(toks []text.Token, k int) bool {
	for j := k - 1; j >= 0 && j >= k-10; j-- {
		switch toks[j].Norm {
		case "who", "which", "whose":
			return true
		case ",", ";", ".":
			return false
		}
	}
	return false
}

// weaponUsedBefore tells whether a weapon used is the subject of the clause
// before token at: "an airstrike destroyed a weapons depot" is the strike.
func (x *Extractor) weaponUsedBefore(s *sentence, at int) bool {
	lo, _ := x.lex.clause(s.toks, at, at+1)
	for _, t := range s.triggers {
		if t.Start >= lo && t.End <= at && isWeapon(t.Class) && !t.Negated {
			return true
		}
	}
	return false
}

// adjectival tells whether a participle trigger qualifies the noun after it.
func (l *lex) adjectival(toks []text.Token, start, end int) bool {
	if end >= len(toks) || end-start != 1 || !strings.HasSuffix(toks[start].Norm, "ed") {
		return false
	}
	if start > 0 && !l.participleDeterminer.Has(toks[start-1].Norm) {
		return false // a sentence's first word needs none: "Evicted hawkers fought police"
	}
	n := toks[end]
	return n.Kind == text.Word && !n.Cap && !l.participleVerbAfter.Has(n.Norm)
}

// namesTopic tells whether a sentence says what a gathering was for or against.
func (l *lex) namesTopic(toks []text.Token) bool {
	for k := range toks {
		t := &toks[k]
		if l.protestTopic.Has(t.Norm) {
			if t.Norm == "over" && k+1 < len(toks) && (toks[k+1].Kind == text.Number || toks[k+1].Norm == "a") {
				continue // "killed over 26": a count, not a grievance
			}
			return true
		}
	}
	return false
}

// commemorates tells whether a sentence names a commemoration.
func (l *lex) commemorates(toks []text.Token) bool {
	for k := range toks {
		if l.commemoration.Has(toks[k].Norm) {
			return true
		}
	}
	return false
}

// endedBefore tells whether an agreement-end word stands in the three
// words before token at, over "the" and "of".
func (l *lex) endedBefore(toks []text.Token, at int) bool {
	return inWordsBefore(l.agreementEnd, toks, at, 3)
}

// inWordsBefore tells whether one of the n tokens before at is in set,
// within its phrase: punctuation ends the search.
func inWordsBefore(set *text.Set, toks []text.Token, at, n int) bool {
	for k := at - 1; k >= 0 && k >= at-n; k-- {
		if set.Has(toks[k].Norm) {
			return true
		}
		if toks[k].Kind == text.Punct {
			return false
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
	// A note's closing tally, a sentence of its own: "2 fatalities.",
	// "Total 4 fatalities."
	n := len(toks)
	if n > 0 && toks[n-1].Norm == "." {
		n--
	}
	if k := n - 2; k >= 0 && (k == 0 || k == 1 && toks[0].Norm == "total") && toks[k].Kind == text.Number &&
		(toks[k+1].Norm == "fatalities" || toks[k+1].Norm == "fatality") {
		if v, err := strconv.Atoi(strings.ReplaceAll(toks[k].Text, ",", "")); err == nil {
			return v
		}
	}
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

// quotedTokens marks, in q (one per token, false), tokens inside short
// quotations: scare quotes frame, they do not report. Quotation marks are
// punctuation: grammar, in Go.
func quotedTokens(toks []text.Token, q []bool) []bool {
	open := -1
	for k := range toks {
		t := &toks[k]
		if t.Kind != text.Punct {
			continue // every quotation mark is one
		}
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

// asideTokens marks, in a (one per token, false), tokens inside
// parentheses. A few words in square brackets are an editor's standing in
// the sentence ("a suspected [Mungiki] member was shot"), not an aside; a
// longer bracket is the editor's comment ("[perhaps counted among the
// six dead the district gave]").
func asideTokens(toks []text.Token, a []bool) []bool {
	depth, long := 0, 0 // parentheses; long square brackets
	for k := range toks {
		switch toks[k].Text {
		case "(":
			depth++
		case ")":
			if depth > 0 {
				depth--
			}
		case "[":
			if !shortBracket(toks, k) {
				long++
			}
		case "]":
			if long > 0 && !closesShort(toks, k) {
				long--
			}
		default:
			a[k] = depth > 0 || long > 0
		}
	}
	return a
}

// closesShort tells whether the square bracket closed at k opened within
// four words before it.
func closesShort(toks []text.Token, k int) bool {
	for j := k - 1; j >= 0 && j >= k-5; j-- {
		switch toks[j].Text {
		case "[":
			return true
		case "]":
			return false
		}
	}
	return false
}

// placePreposition tells whether the word before token k puts a place
// there: "in", "at", "near" (grammar; not "between" or "on", which name
// sides and targets).
func placePreposition(toks []text.Token, k int) bool {
	if k == 0 {
		return false
	}
	switch toks[k-1].Norm {
	case "in", "at", "near", "outside", "inside", "within", "around", "across", "into", "towards", "toward":
		return true
	}
	return false
}

// shortBracket tells whether the square bracket opened at k closes within
// four words: "[al Shabaab]", "[22 October]".
func shortBracket(toks []text.Token, k int) bool {
	for j := k + 1; j < len(toks) && j <= k+5; j++ {
		if toks[j].Text == "]" {
			return true
		}
	}
	return false
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

// pairedNationality reads the first of two nationalities joined before a
// state force ("Indian and Pakistani troops"): the same force of the other
// country, named by its nationality word alone.
func (x *Extractor) pairedNationality(d *text.Doc, s *sentence, w *lexicon.Words, start int, a ActorRef) (ActorRef, bool) {
	k := start - 1 // the nationality word of a, then "and", then the other's
	for k >= 0 && !s.toks[k].Cap {
		k--
	}
	if k < 2 || start-k > 3 || s.toks[k-1].Norm != "and" || !s.toks[k-2].Cap {
		return ActorRef{}, false
	}
	c := x.countryWord(s.toks[k-2].Text)
	if c == "" || c == a.Country {
		return ActorRef{}, false
	}
	t := &s.toks[k-2]
	return ActorRef{Start: k - 2, End: k - 1, Span: t.Span, Text: d.Text[t.Off:t.OffEnd], Entry: a.Entry, Country: c}, true
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

// figurativeSubject tells whether a passive verb at k has for its subject
// a word of [figurative-captive]: "the protests had been hijacked".
func (l *lex) figurativeSubject(toks []text.Token, k int) bool {
	j := k - 1
	for j >= 0 && j >= k-3 && (l.passiveAux.Has(toks[j].Norm) || perfectAux(toks[j].Norm)) {
		j--
	}
	return j >= 0 && j < k-1 && l.figurativeCaptive.Has(toks[j].Norm)
}

// animalVictim tells whether the victims a kill trigger tells are
// animals: the noun after it, over numbers, determiners and adjectives,
// or, in the passive, the noun a few words before it.
func (l *lex) animalVictim(toks []text.Token, t trigger) bool {
	for k := t.End; k < len(toks) && k < t.End+4; k++ {
		n := toks[k].Norm
		if l.animal.Has(n) {
			return !l.animalModifier(toks, k)
		}
		if toks[k].Kind != text.Number && !l.isAdj(toks[k]) && !l.personDeterminer.Has(n) && n != "of" && n != "young" {
			break
		}
	}
	for k := t.Start - 1; k >= 0 && k >= t.Start-3; k-- {
		n := toks[k].Norm
		if l.animal.Has(n) {
			return !l.animalModifier(toks, k)
		}
		if !l.passiveAux.Has(n) {
			break
		}
	}
	return false
}

// symbolBurnt tells whether what an arson trigger burnt is a symbol
// ([symbol-object]): the noun after it, over determiners, numbers,
// adjectives and "to" ("set fire to an effigy"), or, in the passive, the
// noun a few words before it ("posters were burnt").
func (l *lex) symbolBurnt(toks []text.Token, t trigger) bool {
	for k := t.End; k < len(toks) && k < t.End+4; k++ {
		n := toks[k].Norm
		if l.symbolObject.Has(n) {
			return true
		}
		if toks[k].Kind != text.Number && !l.isAdj(toks[k]) && !l.personDeterminer.Has(n) && n != "to" && n != "the" && n != "some" && n != "several" {
			break
		}
	}
	for k := t.Start - 1; k >= 0 && k >= t.Start-3; k-- {
		n := toks[k].Norm
		if l.symbolObject.Has(n) {
			return true
		}
		if !l.passiveAux.Has(n) && n != "also" {
			break
		}
	}
	return false
}

// naturalCause tells whether the doer of a trigger is a force of nature:
// its subject a few words before it, or its "by" phrase in the passive.
func (l *lex) naturalCause(toks []text.Token, t trigger) bool {
	if t.Passive {
		k := l.byHead(toks, t)
		return k >= 0 && l.natural.Has(toks[k].Norm)
	}
	for k := t.Start - 1; k >= 0 && k >= t.Start-4; k-- {
		n := toks[k].Norm
		if l.natural.Has(n) {
			return !l.fireAct(toks, k)
		}
		if !l.isAdj(toks[k]) && !l.personDeterminer.Has(n) && !l.adverb.Has(n) && !l.passiveAux.Has(n) && !perfectAux(n) {
			return false
		}
	}
	return false
}

// runOver tells whether a harm's "by" phrase is a vehicle: "struck by a
// car", "killed by a speeding train"; "by a car driver" is a person.
func (l *lex) runOver(toks []text.Token, t trigger) bool {
	k := l.byHead(toks, t)
	return k >= 0 && l.vehicle.Has(toks[k].Norm) && (k+1 >= len(toks) || !l.person.Has(toks[k+1].Norm))
}

// byHead returns the head word of the "by" phrase a few words after a
// trigger, over determiners and modifiers ("struck and killed by a
// speeding car"), or -1: none before punctuation ("shot dead in Kumasi;
// the gunmen fled by motorbike").
func (l *lex) byHead(toks []text.Token, t trigger) int {
	for k := t.End; k < len(toks) && k <= t.End+3; k++ {
		if toks[k].Kind == text.Punct {
			return -1
		}
		if toks[k].Norm != "by" {
			continue
		}
		for j := k + 1; j < len(toks) && j <= k+3; j++ {
			n := toks[j].Norm
			if !l.isAdj(toks[j]) && !l.personDeterminer.Has(n) && !strings.HasSuffix(n, "ing") {
				return j
			}
		}
		return -1
	}
	return -1
}

// notProtest tells whether a protest word is used in another sense:
// "assembled" in the passive (a thing put together), or "to
// demonstrate" before what is shown ([show-object]).
func (l *lex) notProtest(toks []text.Token, t trigger) bool {
	n := toks[t.Start].Norm
	switch {
	case n == "assembled" && t.Passive && t.Start > 0 && l.passiveAux.Has(toks[t.Start-1].Norm):
		return true
	case strings.HasPrefix(n, "demonstrat") && !strings.HasPrefix(n, "demonstration") && t.Start > 0 && toks[t.Start-1].Norm == "to":
		return t.End < len(toks) && l.showObject.Has(toks[t.End].Norm)
	}
	return false
}

// fireAct tells whether "fire" at k is someone's act: "opened fire",
// "set fire".
func (l *lex) fireAct(toks []text.Token, k int) bool {
	n := toks[k].Norm
	return (n == "fire" || n == "fires") && k > 0 && l.fireActBefore.Has(toks[k-1].Norm)
}

// animalModifier tells whether the animal word at k names the trade of
// people after it: "cattle rustlers", "a goat herder", "camel traders".
func (l *lex) animalModifier(toks []text.Token, k int) bool {
	if k+1 >= len(toks) {
		return false
	}
	n := toks[k+1].Norm
	return l.person.Has(n) || l.people.Has(n) || strings.HasSuffix(n, "er") || strings.HasSuffix(n, "ers")
}

func (l *lex) isAdj(t text.Token) bool { return l.adjective.Has(t.Norm) }

// stateForceCovers tells whether a state force's name covers token k ("the
// Syrian Air Force"): its aircraft are its own, and it stays the actor.
func stateForceCovers(s *sentence, k int) bool {
	for _, a := range s.actors {
		if k >= a.Start && k < a.End && a.Entry != nil && a.Entry.Role.State() {
			return true
		}
	}
	return false
}

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
	if toks[start].Norm == "to" && end-start >= 2 && start > 1 {
		return l.passive(toks, start-1, start) // "were slashed to death": the verb's voice
	}
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
	if end < len(toks) && toks[end].Text == "(" {
		if c := closeParen(toks, end); c > 0 && c+1 < len(toks) && toks[c+1].Norm == "by" {
			return true // "5 raiders killed (likely Samburu) by police"
		}
	}
	if start > 1 && toks[start-1].Norm == "and" && l.participle(toks[start].Norm) && l.passiveEarlier(toks, start-1) &&
		(end == len(toks) || toks[end].Kind != text.Word || l.headlineAfter.Has(toks[end].Norm)) {
		// "was snatched from officers by a crowd and beaten to death":
		// a participle joined to a passive, with no object of its own.
		return true
	}
	// Headline style: "3 guards killed in border raid." A past
	// participle with nobody after it reports what was done to its subject;
	// after "had" or "have" it is the active perfect ("the hall the
	// students had occupied").
	if w := toks[end-1].Norm; start > 0 && !perfectAux(toks[start-1].Norm) && !l.intransitive.Has(toks[start].Norm) && (strings.HasSuffix(w, "ed") || l.headlineParticiple.Has(w)) {
		if end == len(toks) {
			return true
		}
		if end+1 < len(toks) && toks[end].Norm == "at" && (toks[end+1].Norm == "least" || toks[end+1].Norm == "most") {
			return false // "killed at least 5"
		}
		if end+1 < len(toks) && toks[end].Norm == "over" && (toks[end+1].Kind == text.Number || toks[end+1].Norm == "a" || toks[end+1].Norm == "an") {
			return false // "captured over a dozen villages"
		}
		if toks[end].Norm == "and" && l.participleBy(toks, end+1) {
			return true // "one killed and another injured by a gang": a headline's pair
		}
		switch n := toks[end].Norm; n {
		case ",":
			// "Gunmen attacked, looted and burned three houses": verbs
			// in a row that end on their object are active; "Three guards
			// killed, two wounded in border raid" is a headline's.
			return !l.verbRowWithObject(toks, end)
		case ".", ";":
			return true
		default:
			if l.headlineAfter.Has(n) {
				return true
			}
		}
	}
	return false
}

// participleBy tells whether a participle followed by "by" comes within
// five words from k, in the same stretch: "and another seriously injured by".
func (l *lex) participleBy(toks []text.Token, k int) bool {
	for j := k; j+1 < len(toks) && j < k+5; j++ {
		if toks[j].Norm == "," || toks[j].Norm == ";" || toks[j].Norm == "." {
			return false
		}
		if l.participle(toks[j].Norm) && toks[j+1].Norm == "by" {
			return true
		}
	}
	return false
}

// participle tells whether a word may be a past participle.
func (l *lex) participle(w string) bool {
	return strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "en") || l.headlineParticiple.Has(w)
}

// passiveEarlier tells whether a passive auxiliary before k, in the same
// stretch of words (no stop, semicolon or comma between), opens a passive.
func (l *lex) passiveEarlier(toks []text.Token, k int) bool { return l.passiveAuxBefore(toks, k) >= 0 }

// passiveAuxBefore finds that auxiliary, or -1.
func (l *lex) passiveAuxBefore(toks []text.Token, k int) int {
	for j := k - 1; j >= 0 && j >= k-12; j-- {
		switch n := toks[j].Norm; {
		case n == "." || n == ";" || n == ",":
			return -1
		case l.passiveAux.Has(n):
			if j+1 < k && l.participle(toks[j+1].Norm) {
				return j
			}
			return -1
		}
	}
	return -1
}

// joinedPassive finds, for a passive trigger joined by "and" to an
// earlier passive ("was snatched by residents and beaten"), that
// passive's auxiliary, or -1.
func (l *lex) joinedPassive(toks []text.Token, t trigger) int {
	if !t.Passive || t.Start < 2 || toks[t.Start-1].Norm != "and" {
		return -1
	}
	return l.passiveAuxBefore(toks, t.Start-1)
}

// verbRowWithObject tells whether the comma at k goes on with past-tense
// verbs joined by commas and "and", the last followed by its object (a
// number or a word that is no preposition of a headline). Grammar.
func (l *lex) verbRowWithObject(toks []text.Token, k int) bool {
	verbs, j := 0, k
	for j < len(toks) && (toks[j].Norm == "," || toks[j].Norm == "and") {
		j++
		if j < len(toks) && toks[j-1].Norm == "," && toks[j].Norm == "and" {
			j++ // "attacked, looted, and burned"
		}
		if j >= len(toks) || toks[j].Kind != text.Word || !strings.HasSuffix(toks[j].Norm, "ed") && !l.headlineParticiple.Has(toks[j].Norm) {
			return false
		}
		verbs, j = verbs+1, j+1
	}
	if verbs == 0 || j >= len(toks) {
		return false
	}
	t := toks[j]
	return t.Kind == text.Number || t.Kind == text.Word && !l.headlineAfter.Has(t.Norm) && !l.locative.Has(t.Norm) && t.Norm != "by"
}

// suspectOf tells whether the trigger at k names what a person is held
// for: "a suspect in the Boston Marathon bombing", "the man accused in
// the attack" ([suspect-noun] and "in", then the trigger's name).
func (l *lex) suspectOf(toks []text.Token, k int) bool {
	j := k - 1
	for j > 0 && k-j <= 4 && toks[j].Norm != "in" && (toks[j].Kind == text.Number || toks[j].Norm == "'s" || toks[j].Kind == text.Word && !l.isClauseWord(toks[j].Norm)) {
		j-- // "the 2013 Boston Marathon", "last week's", "the hotel"
	}
	return j > 0 && toks[j].Norm == "in" && l.suspectNoun.Has(toks[j-1].Norm)
}

// scene tells whether a trigger sits in a phrase or clause that sets
// the scene: "amid the outbreak of violence", "following a raid", "after
// police stopped their march", "during the rally", "demanding justice for
// the killing of a student".
func (l *lex) scene(toks []text.Token, at int) (bg, during bool) {
	bg, during, _ = l.sceneWord(toks, at)
	return bg, during
}

// sceneWord is scene, with the token of the word that made it one (-1 if
// none, or if a topic word did).
func (l *lex) sceneWord(toks []text.Token, at int) (bg, during bool, word int) {
	scene := true // scene words count until punctuation, within 8 tokens
	for k := at - 1; k >= 0 && k >= at-30; k-- {
		t := toks[k]
		if l.topic.Has(t.Norm) && !(k > 0 && l.topicNoun.Has(toks[k-1].Norm+"_"+t.Norm)) || k > 0 && toks[k-1].Norm == "in" && l.topicAfterIn.Has(t.Norm) {
			return true, false, -1
		}
		if t.Text == ";" {
			return false, false, -1
		}
		if scene && k >= at-8 && l.background.Has(t.Norm) && !(t.Norm == "for" && k > 0 && l.actFor.Has(toks[k-1].Norm)) && !l.verbAfterTopic(toks, k, at) {
			if t.Norm == "over" && k+1 < len(toks) && (toks[k+1].Kind == text.Number || toks[k+1].Norm == "a") {
				return false, false, -1 // "over 120 airstrikes", "over a dozen"
			}
			return true, t.Norm == "during", k
		}
		switch t.Text {
		case ",", ":", "(", ")":
			scene = false
		}
	}
	return false, false, -1
}

// verbAfterTopic tells whether the trigger at `at` is the finite verb of a
// clause whose subject a topic phrase after "against" or "over" describes:
// "students protesting against job quotas clashed with party supporters".
// A noun ("against the attack") or a relative clause ("against soldiers
// who killed") stays the topic. Grammar.
func (l *lex) verbAfterTopic(toks []text.Token, k, at int) bool {
	if n := toks[k].Norm; n != "against" && n != "over" {
		return false
	}
	w := toks[at].Norm
	if !strings.HasSuffix(w, "ed") || at-1 <= k {
		return false
	}
	switch toks[at-1].Norm {
	case "the", "a", "an", "its", "their", "his", "her", "who", "which", "that", "were", "was", "been", "being", "be":
		return false
	}
	for j := k + 1; j < at; j++ {
		if relativePronoun(toks[j].Norm) {
			return false
		}
	}
	return true
}

// negated tells whether a trigger is denied by the words right before it:
// "no one was killed", "did not attack", "failed to capture".
func (x *Extractor) negated(s *sentence, t trigger) bool {
	for _, c := range s.cues {
		if c.Value != Negation {
			continue
		}
		if x.lex.foilVerb.Has(s.toks[c.Start].Norm) && (t.Class == Protest || t.Class == Strike) {
			continue // "police foiled the protest": it was met by force, not undone
		}
		if s.aside[c.Start] && !s.aside[t.Start] {
			continue // "activists (affiliation not known) marched": the aside's own doubt
		}
		if c.Start <= t.Start && t.Start < c.End {
			return true // "no casualties"
		}
		if c.End <= t.Start && t.Start-c.End <= 3 {
			// "no casualties" negates deaths, not the attack.
			if x.lex.noneWord.Has(s.toks[c.Start].Norm) {
				return t.Class == Kill || t.Class == Injure || c.End == t.Start
			}
			if n := s.toks[t.Start-1].Norm; (n == "and" || n == "but") && x.lex.foilVerb.Has(s.toks[c.Start].Norm) &&
				t.Start-1 > c.End && x.triggerIn(s, c.End, t.Start-1) {
				continue // "foiled a raid and shot one raider": the second verb is done
			}
			return true
		}
		if c.End <= t.Start && t.Start-c.End <= 8 && !x.lex.noneWord.Has(s.toks[c.Start].Norm) && x.polarityBefore(s, c.End, t.Start) {
			return true // "found no guns or mines"
		}
	}
	return false
}

// triggerIn tells whether a trigger of the sentence lies in tokens [a, b).
func (x *Extractor) triggerIn(s *sentence, a, b int) bool {
	for _, t := range s.triggers {
		if t.Start >= a && t.End <= b {
			return true
		}
	}
	return false
}

// polarityBefore tells whether a negative-polarity word ("any") stands
// between token a and the trigger at b, within four words of it, with no
// clause boundary on the way.
func (x *Extractor) polarityBefore(s *sentence, a, b int) bool {
	for i := a; i < b; i++ {
		n := s.toks[i].Norm
		if x.lex.clauseBoundary.Has(n) || n == "," || n == ";" {
			return false
		}
		if x.lex.negativePolarity.Has(n) && b-i <= 4 {
			return true
		}
	}
	return false
}

// protestAfter tells whether a protest trigger starts within a few tokens after k.
func protestAfter(s *sentence, k int) bool {
	for _, t := range s.triggers {
		if (t.Class == Protest || t.Class == Strike) && t.Start >= k && t.Start <= k+3 {
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
		// The sentence's first word, or the first of its quotation.
		first := c.Start == 0 || c.Start == 1 && s.toks[0].Kind == text.Punct
		if c.Value != Irrealis || c.End == c.Start+1 && !first && s.toks[c.Start].Cap {
			continue // "May", the month, is no modal
		}
		if c.End <= t.Start && t.Start-c.End <= 8 && x.inPhrase(s, c.End, t.Start) {
			return true
		}
		// "If X wants to ... it needs to secure Y": a conditional sentence,
		// quoted or not ("“If he asks me to deploy troops, I'll say no").
		if first && s.toks[c.Start].Norm == "if" {
			return true
		}
	}
	// An event noun that a modal says goes on or comes back is not yet
	// news: "protests would resume on Thursday", "the strike will continue".
	if k := t.End; k+1 < len(s.toks) && x.lex.futureModal.Has(s.toks[k].Norm) {
		if k+2 < len(s.toks) && x.lex.adverb.Has(s.toks[k+1].Norm) {
			k++
		}
		if x.lex.goOnVerb.Has(s.toks[k+1].Norm) {
			return true
		}
	}
	return false
}

// inPhrase tells whether tokens from..to stay in the phrase a cue
// governs: "called for three days of massive, nationwide protests". A
// comma may join modifiers; a clause word or mark ends the phrase.
func (x *Extractor) inPhrase(s *sentence, from, to int) bool {
	toks := s.toks
	if to-from <= 4 && !crossesClause(toks, from, to) {
		return true
	}
	if strings.HasSuffix(toks[to].Norm, "ed") {
		return false // a verb of its own: "tried to stop the march and attacked"
	}
	for k := from; k < to; k++ {
		if d := dateAt(s, k); d != nil {
			k = d.End - 1 // a day the phrase names: "a strike on Monday to protest"
			continue
		}
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

// dateAt is the date expression that holds token k, if any.
func dateAt(s *sentence, k int) *timex.Expr {
	for i := range s.dates {
		if d := &s.dates[i]; d.Start <= k && k < d.End {
			return d
		}
	}
	return nil
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

// strikeSense tells a labour strike from a military one by the words around
// it, and notes on s which way it went and whether a word told.
func (x *Extractor) strikeSense(s *sentence, t trigger) Class {
	c, told := x.strikeCue(s, t)
	if c == Shelling && s.warStrikes == Air && !x.militaryBefore(s, t) {
		c = Air // "Israeli air strikes on villages ... One strike hit a house, killing five"
	}
	switch {
	case !told && s.warStrikes != 0:
		c = s.warStrikes // "Air strikes kill 9 in Idlib ... The strikes hit the village of ..."
	case !told:
		s.strikeUntold = true
	case c == Protest:
		s.strikeLabour = true
	default:
		s.strikeWar = true
	}
	return c
}

// militaryBefore tells whether a word of war stands in the three words
// before a strike: "missile strikes", "artillery strike".
func (x *Extractor) militaryBefore(s *sentence, t trigger) bool {
	for k := max(0, t.Start-3); k < t.Start; k++ {
		if x.lex.militaryStrike.Has(s.toks[k].Norm) {
			return true
		}
	}
	return false
}

func (x *Extractor) strikeCue(s *sentence, t trigger) (Class, bool) {
	for k := max(0, t.Start-3); k < t.Start; k++ {
		switch n := s.toks[k].Norm; {
		case x.lex.militaryStrike.Has(n):
			return Shelling, true
		case x.lex.labourStrike.Has(n):
			return Protest, true
		}
	}
	for _, a := range s.actors {
		if r := a.Role(); r == actor.Military || r == actor.External || r == actor.Rebel {
			return Shelling, true
		}
	}
	// Further off, a word of war still tells ("the drone programme,
	// overseeing more strikes"); a word of labour, a strike.
	for ti := range s.toks {
		tok := &s.toks[ti]
		switch {
		case x.lex.labourStrike.Has(tok.Norm):
			return Protest, true
		case x.lex.militaryStrike.Has(tok.Norm):
			return Shelling, true
		}
	}
	for ti := range s.toks {
		if x.lex.strikeHarm.Has(s.toks[ti].Norm) {
			return Shelling, true
		}
	}
	return Protest, false
}

// warStrikes is the class of the strikes of war a report speaks of, a word
// of war right before one ("air strikes", "drone strike": Air; "missile
// strikes": Shelling), when it speaks of none of labour ("general strike",
// "workers' strike"); 0 when it speaks of none.
func (x *Extractor) warStrikes(d *text.Doc) Class {
	war := Class(0)
	for i := range d.Sentences {
		toks := d.Sentences[i].Tokens
		for k := range toks {
			switch toks[k].Norm {
			case "airstrike", "airstrikes":
				war = Air
				continue
			case "strike", "strikes":
			default:
				continue
			}
			for j := max(0, k-3); j < k; j++ {
				switch n := toks[j].Norm; {
				case x.lex.labourStrike.Has(n):
					return 0
				case n == "air" || n == "drone" || n == "aerial":
					war = Air
				case x.lex.militaryStrike.Has(n) && war == 0:
					war = Shelling
				}
			}
		}
	}
	return war
}

// countryWord maps a nationality or country name to its ISO2 code.
func (x *Extractor) countryWord(word string) string {
	if x.Gaz == nil {
		return ""
	}
	return x.countries.get(x.Gaz, word, countryOfWord)
}

// countryOfWord is countryWord's answer, from the gazetteer.
func countryOfWord(g *gazetteer.Gazetteer, word string) string {
	for _, m := range g.Lookup(word) {
		if p := g.Place(m.Ref); p.Kind == gazCountry {
			return p.Country
		}
	}
	return ""
}

// setAlight reads "set <what> alight" as arson: the triggers know "set
// alight" and a few objects between, not "set a suspected thief alight".
// The words between are at most five and no mark, and no trigger is there.
func (x *Extractor) setAlight(s *sentence) {
	for k := 0; k < len(s.toks); k++ {
		if !x.lex.setFireVerb.Has(s.toks[k].Norm) || x.triggerIn(s, k, k+1) {
			continue
		}
		for j := k + 2; j < len(s.toks) && j <= k+6; j++ {
			tok := &s.toks[j]
			if tok.Kind == text.Punct {
				break
			}
			if !x.lex.setFireEnd.Has(tok.Norm) && !(j-1 > k+1 && x.lex.setFireEnd.Has(s.toks[j-1].Norm+"_"+tok.Norm)) {
				continue // "alight", or two words: "on fire"
			}
			if x.triggerIn(s, k+1, j) {
				break
			}
			t := trigger{Start: k, End: k + 1, Class: Arson}
			if x.lex.symbolBurnt(s.toks, t) {
				break // "set the minister's posters on fire": a protest's symbol
			}
			t.Passive = x.lex.passive(s.toks, t.Start, t.End)
			t.Background, t.During = x.lex.scene(s.toks, t.Start)
			t.Negated = x.negated(s, t) || x.denied(s, t)
			t.Irrealis = x.irrealis(s, t)
			i := len(s.triggers)
			for i > 0 && s.triggers[i-1].Start > k {
				i--
			}
			s.triggers = slices.Insert(s.triggers, i, t)
			break
		}
	}
}
