package code

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/text"
	"github.com/sitrep/sitrep/internal/timex"
)

// The document stage. Sentences yield candidate events; the article decides
// which of them it reports. A report tells its event in the headline, the
// lead and the body: those mentions are one event (coreference). It also
// recalls the past, counts tolls, follows trials and quotes reactions: those
// mentions are background, left out with the reason. And a page about
// football or markets reports nothing, whatever its verbs.

// LeftOut is an event the sentences of a report yield but the report does
// not tell as its news, with why.
type LeftOut struct {
	Event  event.Event `json:"event"`
	Reason string      `json:"reason"`
}

// String tells what was left out, where, when and why, with the text it came from.
func (l LeftOut) String() string {
	ev := &l.Event
	return fmt.Sprintf("%s: left out %s at %s (%s): %s — %q", ev.DocID, ev.SubEventType,
		cmp.Or(ev.Location, "?"), cmp.Or(ev.EventDate, "undated"), l.Reason, ev.Notes)
}

// Reading is what the coder reads in a document: the events it reports,
// main event first, and the candidates it left out.
type Reading struct {
	Events  []event.Event
	LeftOut []LeftOut
	// Note tells the user why a document was not read at all ("the text
	// is in French") or why its reading is doubtful; "" otherwise. Source
	// names the document.
	Note, Source string
}

// candidate is an event the sentences of a document yield, before the
// document stage decides whether the article reports it.
type candidate struct {
	ev       event.Event
	f        *frame
	sentence int // of the frame's head
	nominal  bool
	// year is set when the event's date names its year ("in 2013").
	year bool
	// distinct is set when its sentence says it is another happening
	// than those before ("in another attack").
	distinct bool
	// quoted is set when it is told only inside a quotation.
	quoted bool
	// general is set when its every trigger is a plural noun ("strikes",
	// "attacks") told of no place and no doer: events in general, or a
	// count of them.
	general bool
	// weak is set when it only tells a death or a wound, with no act and
	// no doer of its own ("the general died"): more of another event.
	weak bool
	// fresh is set when its date is counted from the report's own day
	// ("on Monday", "yesterday"): news, whatever the lead says.
	fresh bool
	// spot is set when it happened at a town or village the gazetteer
	// lacks, placed by the area around it: a place of its own, however
	// vague its coordinates.
	spot bool
	// many is set when it is told of an area by a plural ("bombings
	// across Iraq"): a wave of events, which sums up the specific ones
	// rather than being one of them.
	many   bool
	reason string // why it is background; "" while it is reported
	count  int    // mentions folded into it
	said   []int  // the sentences of its mentions and of those folded into it
	// shared is set while its toll is only its share of a total told of
	// a list of places ("two bombings in A and B killed 30").
	shared bool
	// backDemo is set when it is a demonstration named again by "the
	// protests" with no place or day of its own: one told before.
	backDemo bool
	score    float64
}

// anotherOfTheirs gives a strike from afar told as another happening
// ("Another strike hit a house", [distinct]) or on the same day in the
// same country after a state's, with no doer named, the doer of the strike
// of the same kind told just before it, in its paragraph or the one
// before: "An Israeli air strike killed three ... Another strike hit a
// house".
func anotherOfTheirs(cands []*candidate) {
	for i := 1; i < len(cands); i++ {
		k := cands[i]
		if !fromAfar(k.ev.SubEventType) || !strings.HasPrefix(k.ev.Actor1, "Unidentified") {
			continue
		}
		// The nearest strike of the same kind before it with a doer.
		var p *candidate
		for j := i - 1; j >= 0 && p == nil; j-- {
			if o := cands[j]; o.ev.SubEventType == k.ev.SubEventType && o.ev.Actor1 != "" && !strings.HasPrefix(o.ev.Actor1, "Unidentified") {
				p = o
			}
		}
		if p == nil {
			continue
		}
		gap := k.f.head().Para - p.f.head().Para
		// (Or one told the same day in the same country when the strike
		// before it was a state's: "Russian missiles struck Kyiv … In
		// Kryvyi Rih, 10 people were killed when a missile hit".)
		barrage := (k.ev.EventDate == p.ev.EventDate || k.ev.DateSource != "text") && k.ev.Country == p.ev.Country && k.ev.Country != "" && (p.ev.Inter1 == 1 || p.ev.Inter1 == 8) && gap <= 2
		if !(k.distinct && gap <= 1) && !barrage {
			continue
		}
		k.ev.Actor1, k.ev.Inter1 = p.ev.Actor1, p.ev.Inter1
		if sp, ok := p.ev.Fields["actor1"]; ok {
			k.ev.Fields["actor1"] = sp
		}
	}
}

// pointsToRecalled tells whether a candidate only names again, as "the
// attacks", events told before it and left out as recalled from the past,
// with no place, day or toll of its own: "Spain marked 20 years since
// bombs exploded on four trains ... The attacks were carried out by an al
// Qaeda-inspired cell"; "a court opened the trial over the 2019 bombings
// ... The suicide attacks were blamed on a local group."
func pointsToRecalled(r *extract.Result, k *candidate, cands []*candidate) bool {
	h := k.f.head()
	if len(k.f.ms) != 1 || h.Start == 0 || len(h.Places) > 0 || h.Date != nil || k.ev.FatalitiesLow > 0 {
		return false
	}
	if n := r.Doc.Sentences[h.Sentence].Tokens[h.Start-1].Norm; n != "the" && n != "these" && n != "those" {
		return false
	}
	recalled := false
	for _, o := range cands {
		if o.sentence >= k.sentence || !violentKin(o.ev.SubEventType) && o.ev.SubEventType != k.ev.SubEventType {
			continue
		}
		if !pastReason(o.reason) {
			return false // an event of the report's own is what it names
		}
		recalled = true
	}
	return recalled
}

// pointsBackReason is the reason of what only names events recalled.
const pointsBackReason = "points back to events recalled from the past"

// pastReason tells whether a reason puts an event in the past the article
// recalls: a memory, a trial's, a day before the report's window.
func pastReason(reason string) bool {
	return reason == recalledReason || reason == legalReason || strings.HasPrefix(reason, "happened on ") ||
		strings.HasPrefix(reason, "dated in a past year")
}

// pastGoesOn tells whether a candidate with no day of its own comes after
// the article has told only the past: an obituary's "led troops who
// recaptured Lodwar" after "the offensive of 1991", a survivor's "they came
// at night and shot anyone who ran" after "burned it down in 2015", a
// court's "gunmen stormed the complex" after "the 2019 attack". Told after
// a reaction to a known attack ("condemned last week's attack"), only what
// names no place and no toll of its own.
func pastGoesOn(r *extract.Result, k *candidate, cands []*candidate) bool {
	if len(r.Doc.Sentences) < 4 || k.fresh || k.ev.DateSource == "text" || k.ev.DateSource == "told" {
		return false // (a note's every sentence tells its event)
	}
	past := false
	for _, o := range cands {
		if o.sentence >= k.sentence {
			continue
		}
		switch {
		case pastReason(o.reason) || o.reason == pointsBackReason:
			past = true
		case o.reason == reactionReason:
			past = past || !placeTold(&k.ev) && k.ev.FatalitiesLow == 0
		case o.reason == "":
			return false // news told before it: it may be more of that
		}
	}
	return past
}

// backDemo tells whether a candidate is a demonstration named again with
// the article ("President Ruto said the protests had been hijacked"): a
// definite noun, no place and no day written for it.
func backDemo(r *extract.Result, k *candidate) bool {
	h := k.f.head()
	if len(k.f.ms) != 1 || h.Class != extract.Protest || h.Start == 0 || placeTold(&k.ev) || k.ev.DateSource == "text" {
		return false
	}
	toks := r.Doc.Sentences[h.Sentence].Tokens
	switch toks[h.Start-1].Norm {
	case "the", "these", "those":
		return strings.HasSuffix(toks[h.End-1].Norm, "s") // "the protests", "the demonstrations"
	}
	return false
}

// article decides which candidates the article reports.
func (c *Coder) article(r *extract.Result, dc *docCues, cands []*candidate) Reading {
	var rd Reading
	if len(cands) == 0 {
		return rd
	}
	for _, k := range cands {
		k.nominal = c.nominal(r, dc, k.f.head())
		k.backDemo = backDemo(r, k)
		k.distinct = dc.before(k.sentence, cueDistinct, k.f.head().Start+1)
		k.weak = weakFrame(k.f)
		k.spot = spotOf(r, &k.ev)
		k.many = vague(&k.ev) && allPlural(r, dc, k.f)
		k.quoted, k.general = true, true
		for _, m := range k.f.ms {
			k.said = append(k.said, m.Sentence)
			if !plural(r, m) || len(m.Places) > 0 || m.Agent != nil && m.Agent.Entry != nil {
				k.general = false // told of a place or a doer: events that happened
			}
			if !dc.speech[m.Sentence] {
				k.quoted = false
			}
		}
		for _, m := range k.f.ms {
			if m.Date != nil && m.Date.Resolved() && m.Date.Anchor == timex.Absolute {
				k.year = true
			}
			if m.Date != nil && m.Date.Anchor == timex.Relative || freshMention(r, m) {
				k.fresh = true
			}
		}
	}
	// A bulletin: a page about something else with a passage of conflict.
	// The passage is read on its own, so the page's lead does not gate it.
	bulletin := false
	if why, topic := offTopic(dc); why != "" {
		told := false
		for _, k := range cands {
			if inPassage(dc, k, topic) {
				told = true
				continue
			}
			k.reason = why
		}
		if !told {
			return leftOut(rd, cands)
		}
		bulletin = true
	}
	if dc.quiet(r) {
		for _, k := range cands {
			// A crowd told as one (crowdTold), or the one sentence of
			// conflict when it tells a toll or a day ("clashes with
			// police left 20 injured", "soldiers beat villagers on
			// Monday"), is still news; a day in a court's sentence is
			// the court's.
			crowd := kin(k.ev.SubEventType) == "protest" && slices.ContainsFunc(k.f.ms, func(m *extract.Mention) bool { return crowdTold(r, dc, m) })
			told := k.ev.FatalitiesLow > 0 || k.ev.Injuries != nil || (k.fresh || k.ev.DateSource == "text") && !toldAs(dc, k, cueLegal)
			if k.reason == "" && !crowd && !(told && toldAsConflict(dc, k)) {
				k.reason = quietReason
			}
		}
	}
	if c.crimePage(r, dc) {
		for _, k := range cands {
			if k.reason == "" {
				k.reason = crimeReason
			}
		}
	}
	plain := -1 // plainPage, read when an arrest asks
	for _, k := range cands {
		if k.reason == "" && c.instrumentOnly(r, dc, k) {
			k.reason = instrumentReason
		}
		if k.reason == "" && ordinaryArrest(dc, k) {
			k.reason = ordinaryReason
		}
		if k.reason == "" && k.ev.SubEventType == event.Arrests && strings.HasPrefix(k.ev.Actor2, "Civilians") {
			// On a page of no political side, armed group or crowd,
			// an arrest of civilians is police work, whatever the offence.
			if plain < 0 {
				plain = 0
				if c.plainPage(r, dc) {
					plain = 1
				}
			}
			if plain == 1 {
				k.reason = ordinaryReason
			}
		}
	}
	anchor := reportDate(r, cands)
	leadDates := map[string]bool{} // the dates the lead's events are told with, as written
	for _, k := range cands {
		for _, m := range k.f.ms {
			if m.Date != nil && m.Sentence <= leadEnd(r) {
				leadDates[text.Fold(r.Doc.Slice(m.Date.Span))] = true
			}
		}
	}
	for _, k := range cands {
		if k.reason == "" {
			k.reason = dateReason(k, anchor)
		}
		if k.reason == "" && anchor.IsZero() && len(r.Doc.Sentences) >= 6 && k.sentence > leadEnd(r) && monthOnly(r, k, leadDates) {
			k.reason = "dated by a month of its own, apart from the report's news, and the report gives no date"
		}
	}
	if !bulletin {
		leadGate(r, cands)
		headlineGate(r, dc, cands)
	}
	redate(r, cands)
	anotherOfTheirs(cands)
	for _, k := range cands {
		if k.reason == "" && pointsToRecalled(r, k, cands) {
			k.reason = pointsBackReason
		}
		if k.reason == "" && pastGoesOn(r, k, cands) {
			k.reason = "goes on telling the past the article opens with"
		}
	}
	kept := corefer(cands, len(r.Doc.Sentences) >= 6)
	if len(r.Doc.Sentences) >= 6 {
		// In an article, what only a quotation tells, and a death told
		// with no act of its own, is news only as part of another event.
		out := kept[:0]
		for _, k := range kept {
			switch {
			case k.quoted && oneSaying(r, k):
				// however often: a pull quote and its paragraph are one quotation
				k.reason = quotedReason
				continue
			case k.count > 1:
			case len(kept) > 1 && c.backRef(r, dc, k):
				k.reason = "points back to the events told before"
				continue
			case k.weak && (len(kept) > 1 || k.ev.FatalitiesLow == 0 && strings.HasPrefix(k.ev.Actor1, "Unidentified")):
				// Alone, a death with no count and no doer ("he later
				// died in hospital") tells no violent event either.
				k.reason = bareDeathReason
				continue
			case k.general && k.ev.FatalitiesLow == 0 && k.ev.DateSource != "text":
				k.reason = "speaks of such events in general, not of one"
				continue
			}
			out = append(out, k)
		}
		kept = out
	}
	inherit(kept)
	if len(r.Doc.Sentences) >= 4 && len(r.Doc.Paragraphs) >= 3 && !namesPlace(r) {
		// A page's violence that no place, no one and no toll pins down
		// ("the explosions are loud and the battle scenes relentless" in a
		// film review; "we will fight this battle in every ministry") is
		// talk of violence, not an event ACLED could place.
		out := kept[:0]
		for _, k := range kept {
			if e := &k.ev; e.Country == "" && e.Location == "" && e.FatalitiesLow == 0 && e.Injuries == nil && unnamedSide(e.Actor1) && unnamedSide(e.Actor2) {
				k.reason = "names no place, no one and no toll"
				continue
			}
			out = append(out, k)
		}
		kept = out
	}
	rank(kept)
	if len(r.Doc.Sentences) >= 6 && len(kept) > 0 && kept[0].count == 1 && (!specific(kept[0]) || namedOnly(kept[0])) {
		// The most an article tells of is said once, with nothing of its
		// own: the article is about something else.
		for _, k := range kept {
			k.reason = "the article's likeliest event is only named in passing"
		}
		kept = nil
	}
	if len(r.Doc.Sentences) >= 6 && len(kept) > 1 {
		// Besides its main event, an article reports what it tells with
		// something of its own: a place, a toll, a day, a doer, or more
		// than one mention. The rest are passing mentions.
		out := kept[:1]
		for _, k := range kept[1:] {
			if k.count > 1 || specific(k) {
				out = append(out, k)
				continue
			}
			k.reason = "a passing mention: no place, toll, day or doer of its own"
		}
		kept = out
	}
	shareTolls(kept)
	lendTolls(kept, cands)
	lendClaimants(kept, cands)
	leadDay(r, kept)
	for _, k := range kept {
		publicTarget(&k.ev)
		rd.Events = append(rd.Events, k.ev)
	}
	return leftOut(rd, cands)
}

// leadDay dates the events an article tells with no day of their own by
// its main event's day, when the text gives that day and it is the news
// (a few days before the report): "Five rebels were killed on Friday
// night ... Three were killed in nearby Bama" is Friday's, not the
// publication's.
func leadDay(r *extract.Result, kept []*candidate) {
	if len(kept) < 2 || r.Published.IsZero() {
		return
	}
	main := &kept[0].ev
	d, err := time.Parse(time.DateOnly, main.EventDate)
	if err != nil || main.DateSource != "text" || main.TimePrecision != 1 || d.After(r.Published) || r.Published.Sub(d) > 3*24*time.Hour {
		return
	}
	for _, k := range kept[1:] {
		if e := &k.ev; e.DateSource == "published" {
			e.EventDate, e.TimePrecision, e.DateSource = main.EventDate, main.TimePrecision, "context"
			if s, ok := main.Fields["event_date"]; ok {
				e.Fields["event_date"] = s
			}
		}
	}
}

// publicTarget makes the public the target of a bomb that hurt people
// when no mention named whom it hit: the toll may come from a mention
// folded in or lent, as one mention with its toll would be coded.
func publicTarget(e *event.Event) {
	if planted(e.SubEventType) && e.Actor2 == "" && e.Country != "" && (e.FatalitiesLow > 0 || e.Injuries != nil && e.Injuries.Low > 0) {
		e.Actor2, e.Inter2 = fmt.Sprintf(civilians.Name, e.Country), civilians.Inter
	}
}

// lendTolls gives a reported event that tells no toll the toll of a
// mention of the same happening left out as context, a quotation or a
// bare death: "the blast happened near the bus park" is news, and "the
// accused planted the bomb there, killing four people", told as
// background, says how many died in it. An event with a toll keeps its
// own.
func lendTolls(kept, cands []*candidate) {
	for _, k := range kept {
		if k.ev.FatalitiesLow > 0 {
			continue
		}
		for _, o := range cands {
			if o.ev.FatalitiesLow <= k.ev.FatalitiesLow || !lends(o.reason) || !compatibleEvents(&k.ev, &o.ev) ||
				!samePlace(&k.ev, &o.ev) || o.ev.DateSource == "text" && k.ev.DateSource == "text" && o.ev.EventDate != k.ev.EventDate {
				continue
			}
			k.ev.Fatalities, k.ev.FatalitiesLow, k.ev.FatalitiesHigh = o.ev.Fatalities, o.ev.FatalitiesLow, o.ev.FatalitiesHigh
			if f, ok := o.ev.Fields["fatalities"]; ok {
				k.ev.Fields["fatalities"] = f
			}
		}
	}
}

// lendClaimants gives a reported violent event whose doer is unnamed the
// group that claims it after it ("Gunmen attacked an army post ... JNIM
// claimed the attack"): the claim is the event's attribution. The first
// such claim after the event; an event named for its doer keeps it.
func lendClaimants(kept, cands []*candidate) {
	for _, k := range kept {
		if !strings.HasPrefix(k.ev.Actor1, "Unidentified") || !violentKin(k.ev.SubEventType) {
			continue
		}
		for _, o := range cands {
			if o.reason != attributionReason || o.sentence <= k.sentence || o.ev.Claim.Status == event.Disputed || o.ev.Actor1 == "" || strings.HasPrefix(o.ev.Actor1, "Unidentified") ||
				o.ev.Inter1 != 2 && o.ev.Inter1 != 3 || o.ev.Actor1 == k.ev.Actor2 {
				continue
			}
			k.ev.Actor1, k.ev.Inter1 = o.ev.Actor1, o.ev.Inter1
			if f, ok := o.ev.Fields["actor1"]; ok {
				k.ev.Fields["actor1"] = f
			}
			break
		}
	}
}

// namesPlace tells whether a report names any place, known or not, other
// than by a people's name or a state standing for its government.
func namesPlace(r *extract.Result) bool {
	for i := range r.Places {
		if p := &r.Places[i]; !p.Demonym && !p.Actor {
			return true
		}
	}
	return false
}

// unnamedSide tells whether an actor is no one the text names: none, or
// the generic rioters, protesters, civilians or unknown group.
func unnamedSide(a string) bool {
	if i := strings.Index(a, " ("); i >= 0 {
		a = a[:i]
	}
	switch a {
	case "", "Rioters", "Protesters", "Civilians", "Unidentified Armed Group", "Unidentified Communal Militia":
		return true
	}
	return false
}

// lends tells whether a mention left out for reason still tells of the
// article's own events.
func lends(reason string) bool {
	switch reason {
	case contextReason, quotedReason, bareDeathReason, attributionReason:
		return true
	}
	return false
}

// namedOnly tells whether a candidate told once is a noun that names the
// event ("the three-week offensive in Gaza"), with no toll, wound or day
// of its own (not even "on Wednesday"): a place alone does not make it
// the article's news.
func namedOnly(k *candidate) bool {
	e := &k.ev
	return k.count == 1 && k.nominal && !k.fresh && e.FatalitiesLow == 0 && e.Injuries == nil && e.DateSource != "text"
}

// specific tells whether a candidate's own words give it a place, a toll,
// a day or a named doer.
func specific(k *candidate) bool {
	e := &k.ev
	if e.FatalitiesLow > 0 || e.Injuries != nil || e.DateSource == "text" {
		return true
	}
	if _, ok := e.Fields["actor1"]; ok && !strings.HasPrefix(e.Actor1, "Unidentified") {
		return true
	}
	for _, m := range k.f.ms {
		if len(m.Places) > 0 {
			return true
		}
	}
	return false
}

// backRef tells whether a candidate told once points back to several
// events the article told already ("both attacks also killed guards"),
// with no place of its own.
func (c *Coder) backRef(r *extract.Result, dc *docCues, k *candidate) bool {
	if k.count > 1 {
		return false
	}
	m := k.f.head()
	if len(m.Places) > 0 {
		return false
	}
	for _, mt := range dc.matches[m.Sentence] {
		if mt.Value == cueBackref {
			return true
		}
	}
	return false
}

// monthOnly tells whether a candidate is dated only by a month, or a day
// and month, the text names with no year to place it ("In March, ...",
// "on 3 March"), other than the lead's: another time than the news of
// an undated report, which tells its own day or none.
func monthOnly(r *extract.Result, k *candidate, leadDates map[string]bool) bool {
	dated := false
	for _, m := range k.f.ms {
		switch {
		case m.Date == nil:
		case !m.Date.Resolved() && m.Date.Anchor == timex.Dated && !leadDates[text.Fold(r.Doc.Slice(m.Date.Span))]:
			dated = true
		default:
			return false
		}
	}
	return dated
}

// allPlural tells whether every mention of a frame is a plural act:
// "bombings across the north" are many, but "drones were used in an
// attack" is one attack with two drones.
func allPlural(r *extract.Result, dc *docCues, f *frame) bool {
	for _, m := range f.ms {
		if !plural(r, m) || dc.covers(m.Sentence, cueInstrument, m.End-1) {
			return false
		}
	}
	return true
}

// oneSaying tells whether a candidate is told once, or in sentences that
// all say the same words: a pull quote repeats a line of the paragraph that
// quotes it.
func oneSaying(r *extract.Result, k *candidate) bool {
	if k.count <= 1 {
		return true
	}
	first, sentences := "", map[int]bool{}
	for _, i := range k.said {
		sentences[i] = true
		toks := r.Doc.Sentences[i].Tokens
		for len(toks) > 0 && toks[len(toks)-1].Kind == text.Punct {
			toks = toks[:len(toks)-1]
		}
		for len(toks) > 0 && toks[0].Kind == text.Punct {
			toks = toks[1:]
		}
		s := normsOf(toks)
		switch {
		case first == "":
			first = s
		case !strings.Contains(s, first) && !strings.Contains(first, s):
			return false
		}
	}
	return len(sentences) > 1
}

func leftOut(rd Reading, cands []*candidate) Reading {
	for _, k := range cands {
		if k.reason != "" && k.reason != merged {
			rd.LeftOut = append(rd.LeftOut, LeftOut{Event: k.ev, Reason: k.reason})
		}
	}
	return rd
}

// merged marks a candidate folded into another: neither output nor left out.
const merged = "merged"

// inherit places an event told only at its country at the place the
// article reports from, when the article names one there.
func inherit(kept []*candidate) {
	var main *event.Event
	places := map[string]bool{}
	for _, k := range kept {
		if !vague(&k.ev) {
			places[k.ev.Location] = true
			if main == nil {
				main = &k.ev
			}
		}
	}
	if main == nil || len(places) != 1 {
		return // no place, or several: which one is not said
	}
	for _, k := range kept {
		e := &k.ev
		if (e.Location == "" || e.Location == e.Country) && (e.Country == "" || e.Country == main.Country) {
			copyPlace(e, main)
			e.GeoPrecision = max(e.GeoPrecision, 2)
		}
	}
}

// rank orders the events by salience, main event first: told early
// (headline and lead), often, with deaths, at a named place and day.
func rank(kept []*candidate) {
	for _, k := range kept {
		s := float64(k.count)
		switch first := slices.Min(append([]int{k.sentence}, k.said...)); {
		case first <= 1:
			s += 3 // the headline or the lead tells it
		case first == 2:
			s += 2
		}
		s += math.Log1p(float64(k.ev.FatalitiesLow))
		if !vague(&k.ev) {
			s++
		}
		if k.ev.DateSource == "text" {
			s += 0.5
		}
		s -= float64(k.sentence) * 0.01 // ties go to the earlier
		k.score = s
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].score > kept[j].score })
	for i, k := range kept {
		k.ev.Rank = i + 1
		k.ev.Main = i == 0
	}
}

// spotOf tells whether an event is placed at a town or village the
// gazetteer lacks ("near the town of Dhuluiyah").
func spotOf(r *extract.Result, e *event.Event) bool {
	s, ok := e.Fields["location"]
	if !ok {
		return false
	}
	for i := range r.Places {
		if p := &r.Places[i]; p.Span.Start == s.Start && p.Span.End == s.End {
			return !p.Resolved && p.Kind == gazetteer.Populated
		}
	}
	return false
}

// shareTolls shares one figure between the reported events of different
// kinds its sentence tells ("roadside bombs and a car bomb followed by a suicide
// attack ... killed 42"): each takes its part, as ACLED codes it, the
// first the remainder, rather than each the whole.
func shareTolls(cands []*candidate) {
	key := func(k *candidate) text.Span {
		var s text.Span
		for _, m := range k.f.ms {
			if m.Killed != nil {
				if s != (text.Span{}) && s != m.Killed.Span {
					return text.Span{} // a toll of several figures is its own
				}
				s = m.Killed.Span
			}
		}
		return s
	}
	groups := map[text.Span][]*frame{}
	for _, k := range cands {
		if s := key(k); k.reason == "" && s != (text.Span{}) && !slices.Contains(groups[s], k.f) {
			groups[s] = append(groups[s], k.f)
		}
	}
	for _, k := range cands {
		s := key(k)
		fs := groups[s]
		if k.reason != "" || len(fs) < 2 {
			continue
		}
		shareDeaths(&k.ev, slices.Index(fs, k.f), len(fs))
	}
}
