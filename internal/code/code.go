// Package code codes what package extract reads as ACLED events: it groups
// the mentions of one happening, decides the sub-type and the sides, names
// the actors as ACLED does, places and dates the event, and gives it a stable
// id. It is the only stage that knows both the findings and the record
// (package event).
package code

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"github.com/sitrep/sitrep/internal/event"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/geoparse"
	"github.com/sitrep/sitrep/internal/text"
	"github.com/sitrep/sitrep/internal/timex"
)

// Coder codes documents as ACLED events. It is safe for concurrent use.
type Coder struct {
	x     *extract.Extractor
	gaz   *gazetteer.Gazetteer
	reg   *actor.Registry
	words *extract.CodingWords // the coder's lists of words.txt, loaded with x's lexicons
	art   *articleWords        // the document stage's cues (article.txt)
}

// New returns a coder reading with x, and with the document stage's cues
// (article.txt) from the embedded defaults and userDir (may be "").
func New(x *extract.Extractor, userDir string) (*Coder, error) {
	a, err := loadArticleWords(userDir, x.Vocab())
	if err != nil {
		return nil, err
	}
	return &Coder{x: x, gaz: x.Gaz, reg: x.Actors, words: x.CodingWords(), art: a}, nil
}

// Code reads a document and returns the events it reports, main event first.
func (c *Coder) Code(doc document.Document) []event.Event { return c.Read(doc).Events }

// Read reads a document: the events it reports, main event first, and the
// events its sentences mention that it does not report, with why.
func (c *Coder) Read(doc document.Document) Reading {
	if doc.Lang != "" && doc.Lang != "en" && len(strings.Fields(doc.Text)) >= minForeignWords {
		return Reading{Source: cmp.Or(doc.Source, doc.ID), Note: fmt.Sprintf("the text is in %s (ISO 639-1): sitrep reads English, and read no events in it", doc.Lang)}
	}
	r := c.x.Extract(extract.Input{ID: doc.ID, Text: doc.Text, Title: doc.Title, Published: doc.Published, Captured: doc.Captured})
	rd := c.ReadResult(doc.ID, r)
	pub := ""
	if !doc.Published.IsZero() {
		pub = doc.Published.Format(time.DateOnly)
	}
	for i := range rd.Events {
		rd.Events[i].Outlet, rd.Events[i].URL, rd.Events[i].Published = doc.Outlet, doc.URL, pub
	}
	if doc.Lang != "" && doc.Lang != "en" {
		// Read anyway (a short note may only look foreign), but say so: what
		// it yields from another language is likely wrong or nothing.
		rd.Source = cmp.Or(doc.Source, doc.ID)
		rd.Note = fmt.Sprintf("the text looks like %s (ISO 639-1) but is too short to be sure: sitrep read it as English", doc.Lang)
	}
	return rd
}

// minForeignWords is how long a text must be before its detected language
// is trusted to skip it: a short English note full of names can look like
// another language.
const minForeignWords = 40

// frame gathers the mentions of one happening.
type frame struct {
	ms      []*extract.Mention
	classes extract.Classes
	label   event.SubType
}

func (f *frame) head() *extract.Mention { return f.ms[0] }

// ReadResult codes what was read from a document: each frame of mentions
// becomes candidate events, and the document stage (article) decides
// which the report tells.
func (c *Coder) ReadResult(docID string, r *extract.Result) Reading {
	dc := c.cues(r)
	// Background mentions (a toll, a trial, a caption) are framed apart,
	// so that their counts and dates never join the events reported.
	var reported, background []*extract.Mention
	why := map[*extract.Mention]string{}
	counted := -1 // the last sentence that counted many events
	for i := range r.Mentions {
		m := &r.Mentions[i]
		reason := c.mentionReason(r, dc, m)
		if reason == countReason {
			counted = m.Sentence
		} else if reason == "" && counted >= 0 && len(r.Doc.Sentences) >= 6 &&
			(m.Sentence == counted || m.Sentence == counted+1 && !isHeadClass(m.Class)) {
			// "A total of 563 strikes, largely by drones ... Between 384
			// and 807 civilians were killed": the weapons and the deaths
			// of the events just counted.
			reason = countReason
		}
		if reason != "" {
			why[m] = reason
			background = append(background, m)
			if reason == legalReason && m.Classes.Has(extract.Arrest) && m.Class != extract.Arrest {
				// "police arrested 12 people in connection with Saturday's
				// attack": the attack is the charge, the arrest the news.
				a := *m
				a.Class, a.Classes = extract.Arrest, 0
				a.Classes.Add(extract.Arrest)
				reported = append(reported, &a)
			}
			continue
		}
		if m.Classes.Has(extract.Arrest) && m.Class != extract.Arrest && !protestIn(r, m.Sentence) && c.weaponNamed(r, dc, m) {
			// "police arrested a man who admitted landing a drone": the
			// drone is named, not used; the arrest is the news.
			why[m] = instrumentReason
			background = append(background, m)
			a := *m
			a.Class, a.Classes = extract.Arrest, 0
			a.Classes.Add(extract.Arrest)
			m = &a
		}
		reported = append(reported, m)
	}
	var cands []*candidate
	for _, ms := range [][]*extract.Mention{reported, background} {
		var out []event.Event
		var prev *event.Event
		prevPara := -1
		for _, f := range c.frames(r, ms) {
			evs := c.codeFrame(docID, r, f, prev, prevPara, out)
			if len(evs) > 0 {
				prev = &evs[0]
				prevPara = f.head().Para
			}
			out = append(out, evs...)
			for _, e := range evs {
				cands = append(cands, &candidate{ev: e, f: f, sentence: f.head().Sentence, reason: why[f.head()], shared: len(evs) > 1 && (f.head().Listed >= 2 || frameDays(f) >= 2)})
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b *candidate) int { return a.sentence - b.sentence })
	rd := c.article(r, dc, cands)
	if r.FatalitiesCoded >= 0 && len(rd.Events) > 0 {
		// A coder's explicit figure replaces the count read from the text.
		for i := range rd.Events {
			rd.Events[i].Fatalities, rd.Events[i].FatalitiesLow, rd.Events[i].FatalitiesHigh = 0, 0, nil
		}
		n := r.FatalitiesCoded
		rd.Events[0].Fatalities, rd.Events[0].FatalitiesLow, rd.Events[0].FatalitiesHigh = n, n, &n
	}
	seen := make(map[string]bool, len(rd.Events))
	for i := range rd.Events {
		rd.Events[i].ID = uniqueID(&rd.Events[i], seen)
	}
	for i := range rd.LeftOut {
		rd.LeftOut[i].Event.ID = eventID(&rd.LeftOut[i].Event)
	}
	return rd
}

// protestIn tells whether sentence i tells a protest or a strike: an
// arrest there is the crowd's event.
func protestIn(r *extract.Result, i int) bool {
	for k := range r.Mentions {
		if m := &r.Mentions[k]; m.Sentence == i && m.Classes.Any(extract.Protest, extract.Strike) {
			return true
		}
	}
	return false
}

// family groups classes that belong to one event when they meet.
func family(cl extract.Class) string {
	switch cl {
	case extract.Protest, extract.Strike, extract.Riot, extract.Mob:
		return "demo"
	case extract.Clash, extract.Attack, extract.Kill, extract.Injure, extract.Shoot, extract.Beat, extract.Abduct, extract.Rape,
		extract.Stones, extract.Block, extract.Vandal, extract.Arson, extract.Loot, extract.Intervene, extract.Arrest:
		return "harm"
	case extract.Capture, extract.Recapture:
		return "territory"
	}
	return cl.String()
}

// frames groups mentions: a mention joins the frame before it when it only
// adds to it (casualties, the police response) rather than reporting another
// happening (another place, day, weapon or actor).
func (c *Coder) frames(r *extract.Result, ms []*extract.Mention) []*frame {
	var fs []*frame
	// A coded note or a brief tells one story; an article whose paragraph
	// breaks were lost is neither.
	single := len(r.Doc.Paragraphs) <= 2 && len(r.Doc.Sentences) <= 6
	for _, m := range ms {
		var into *frame
		for k := len(fs) - 1; k >= 0 && k >= len(fs)-2; k-- {
			f := fs[k]
			if k == len(fs)-1 && backReference(r, m) && len(m.Places) == 0 && m.Date == nil && m.Sentence-f.ms[len(f.ms)-1].Sentence <= 2 {
				into = f // "The attackers also torched homes": those just told of, in the next paragraph too
				break
			}
			if !single && (f.head().Para != m.Para || m.Sentence-f.ms[len(f.ms)-1].Sentence > 2) {
				break
			}
			if joins(r, f, m) || single && k == len(fs)-1 && len(m.Places) == 0 && m.Date == nil && !c.distinctMention(r, m) &&
				!(says(sentenceText(r, m.Sentence), c.words.Likewise) && !compatibleAgents(r, f, m)) ||
				single && k == len(fs)-1 && m.Date == nil && crowdGoesOn(r, f, m) {
				// In a brief, what has no place or day of its own tells more
				// of the same, unless another side does it ("Russian
				// airstrikes were also reported").
				into = f
				break
			}
		}
		if into != nil && single && c.reaction(r, into, m) {
			into = nil
		}
		if into == nil {
			into = &frame{label: m.Label}
			fs = append(fs, into)
		}
		into.ms = append(into.ms, m)
		into.classes |= m.Classes
		if into.label == "" {
			into.label = m.Label
		}
	}
	return fs
}

// reaction tells whether a brief's mention is a demonstration told in a
// later sentence than the violence its frame holds, by a frame with no
// crowd in it: "Two men were shot dead by police. Residents later protested the
// killings" are two events, the protest a reaction to the shooting.
func (c *Coder) reaction(r *extract.Result, f *frame, m *extract.Mention) bool {
	if m.Class != extract.Protest && m.Class != extract.Strike || m.Sentence == f.head().Sentence ||
		f.classes.Any(extract.Protest, extract.Strike, extract.Riot, extract.Mob) {
		return false
	}
	for _, t := range r.Doc.Sentences[m.Sentence].Tokens {
		if c.words.Reaction.Has(t.Norm) {
			return true // told as what came of it
		}
	}
	return false
}

// distinctMention tells whether a mention's sentence says, before its
// trigger, that it tells another happening ("another group staged a
// counter-protest", "in a separate attack").
func (c *Coder) distinctMention(r *extract.Result, m *extract.Mention) bool {
	toks := r.Doc.Sentences[m.Sentence].Tokens
	for i := 0; i < m.End && i < len(toks); i++ {
		if c.words.BriefDistinct.Has(toks[i].Norm) {
			return true
		}
	}
	return false
}

func joins(r *extract.Result, f *frame, m *extract.Mention) bool {
	h := f.head()
	if m.Sentence == h.Sentence {
		if weapon(m.Class) && weapon(h.Class) && blastVerb(r, m) {
			// "a suicide bomber detonated his vest": the verb is the
			// weapon's act, not a second weapon.
			return true
		}
		// Two heads of one sentence are two events only if of different families.
		return family(m.Class) == family(h.Class) && !weapon(m.Class)
	}
	if m.Class == extract.Defuse && h.Class != extract.Defuse && !m.SelfDisrupted {
		// Weapons recovered after a clash or an attack are part of it.
		return true
	}
	for _, o := range f.ms {
		if len(o.Places) > 0 {
			if len(m.Places) > 0 && m.Places[0] != o.Places[0] {
				return false // placed apart from where the frame is placed
			}
			break
		}
	}
	for _, o := range f.ms {
		if m.Killed != nil && o.Killed != nil && o.Sentence != m.Sentence && weapon(m.Class) && len(m.Places) > 0 {
			// A toll and a place of its own: another blast of a roundup,
			// or the same told again, which corefer folds.
			return false
		}
	}
	if m.Date != nil && h.Date != nil && !m.Date.Day.Equal(h.Date.Day) {
		return false
	}
	fm, fh := family(m.Class), family(h.Class)
	qualifier := !isHeadClass(m.Class)
	switch {
	case qualifier && fh == "demo":
		return true // the police response to a protest is part of it
	case qualifier && (fh == "harm" || weapon(h.Class)):
		return compatibleAgents(r, f, m)
	case fm == fh && !weapon(m.Class):
		return compatibleAgents(r, f, m)
	case fm == "demo" && fh == "harm", fm == "harm" && fh == "demo":
		return true
	case weapon(m.Class) && m.Class == h.Class:
		return compatibleAgents(r, f, m)
	}
	return false
}

// blastVerb tells whether a mention's trigger is a verb of exploding
// ("detonated", "exploded", "blew up") rather than a weapon's name.
func blastVerb(r *extract.Result, m *extract.Mention) bool {
	if m.Class != extract.IED {
		return false
	}
	toks := r.Doc.Sentences[m.Sentence].Tokens
	n := toks[m.Start].Norm
	return strings.HasSuffix(n, "ed") || n == "blew" || n == "detonating" || n == "exploding"
}

// groundFirst makes a capture of ground the head of a frame its sentence
// opens with fighting: "after weeks of fighting, the army liberated the
// city" is the city regained, the fighting how.
func (c *Coder) groundFirst(r *extract.Result, f *frame) {
	if f.ms[0].Class != extract.Clash {
		return
	}
	for i, m := range f.ms[1:] {
		if m.Sentence == f.ms[0].Sentence && (m.Class == extract.Capture || m.Class == extract.Recapture) &&
			c.taken(r, &frame{ms: []*extract.Mention{m}}) == takenGround {
			f.ms[0], f.ms[i+1] = m, f.ms[0]
			return
		}
	}
}

func isHeadClass(cl extract.Class) bool {
	switch cl {
	case extract.Kill, extract.Injure, extract.Intervene, extract.Arrest, extract.Shoot, extract.Beat, extract.Stones,
		extract.Block, extract.Vandal, extract.Arson, extract.Loot:
		return false
	}
	return true
}

func weapon(cl extract.Class) bool {
	switch cl {
	case extract.Suicide, extract.Chemical, extract.Air, extract.Grenade, extract.Shelling, extract.IED:
		return true
	}
	return false
}

func compatibleAgents(r *extract.Result, f *frame, m *extract.Mention) bool {
	if m.Agent == nil || m.Agent.Entry == nil || backReference(r, m) {
		return true
	}
	// A state's forces named with no country are the report's country's:
	// "the Air Force" in a report on Syria is not "Russian" jets.
	country := func(a *extract.ActorRef) string {
		if a.Country == "" && a.Entry.Role.State() {
			return r.Country
		}
		return a.Country
	}
	for _, o := range f.ms {
		if o.Agent != nil && o.Agent.Entry != nil {
			oc, mc := country(o.Agent), country(m.Agent)
			if o.Agent.Entry != m.Agent.Entry || (oc != mc && oc != "" && mc != "") {
				return false
			}
		}
	}
	return true
}

// crowdGoesOn tells whether a sentence that opens with "they" tells what a
// demonstration's crowd did next: "They then barricaded the road with rocks".
func crowdGoesOn(r *extract.Result, f *frame, m *extract.Mention) bool {
	if !f.classes.Any(extract.Protest, extract.Strike, extract.Riot) {
		return false
	}
	switch m.Class {
	case extract.Block, extract.Stones, extract.Vandal, extract.Arson, extract.Riot, extract.Protest:
	default:
		return false
	}
	toks := r.Doc.Sentences[m.Sentence].Tokens
	return len(toks) > 0 && toks[0].Norm == "they"
}

// backReference tells whether a mention's doer is named as those already
// told of: a generic noun after "the" ("the attackers also set fire").
func backReference(r *extract.Result, m *extract.Mention) bool {
	a := m.Agent
	if a == nil || a.Entry == nil || a.Entry.Role != actor.Assailant && a.Entry.Role != actor.Armed || a.Start == 0 {
		return false
	}
	return r.Doc.Sentences[m.Sentence].Tokens[a.Start-1].Norm == "the"
}

// codeFrame codes one frame as one event per place.
func (c *Coder) codeFrame(docID string, r *extract.Result, f *frame, prev *event.Event, prevPara int, before []event.Event) []event.Event {
	c.groundFirst(r, f)
	h := f.head()
	e := event.Event{DocID: docID, Fields: map[string]event.Span{}}
	c.date(&e, r, f, prev, prevPara)
	places := c.places(r, f)
	country := r.Country
	if len(places) > 0 {
		if ref := r.Places[places[0]].Ref; ref.Valid() && c.gaz.CountryOf(ref) != "" {
			cc := c.gaz.CountryOf(ref)
			country = cc
		}
	} else if prev != nil && prevPara == h.Para && prev.Location != "" && !recalled(r, prev) {
		country = prev.CountryCode
	}
	d := c.decide(r, f, country)
	if d.sub == "" {
		return nil
	}
	if d.a2 == nil && prev != nil && prevPara == h.Para && prev.Actor2 != "" && prev.Actor1 != "" &&
		(c.refersBack(r, h) || d.sub == prev.SubEventType && says(sentenceText(r, h.Sentence), c.words.Likewise)) {
		// "The attack itself was supported by Turkish artillery": the
		// attack before it had a target, and so has its support.
		e.Actor2, e.Inter2 = prev.Actor2, prev.Inter2
		if base(prev.Actor2) == base(d.name1(c, country)) {
			e.Actor2, e.Inter2 = prev.Actor1, prev.Inter1
		}
	}
	e.EventType, e.SubEventType = d.sub.Type(), d.sub
	if d.a1 != nil && d.a1.entry != nil && d.a1.entry.Role == actor.Civilians && harmful(d.sub) {
		// Civilians are only ever the target of violence: "civilians fled as
		// shells fell, killing seven" names no one who fired.
		d.a1 = &party{entry: unknownArm}
	}
	e.Actor1, e.Inter1 = c.name(d.a1, country, e.EventDate)
	if d.a2 != nil {
		e.Actor2, e.Inter2 = c.name(d.a2, country, e.EventDate)
	}
	e.AssocActor1 = strings.Join(c.assocNames(d.assoc1, country), "; ")
	switch d.sub {
	case event.GovernmentRegains, event.NonStateOvertakes:
		e.Control = &event.ControlChange{From: e.Actor2, To: e.Actor1}
	case event.NonViolentTransfer:
		if h.Class == extract.Withdraw {
			e.Control = &event.ControlChange{From: e.Actor1, To: e.Actor2}
		} else {
			e.Control = &event.ControlChange{From: e.Actor2, To: e.Actor1}
		}
	}
	// Numbers.
	c.fatalities(&e, f)
	// event.Claim.
	c.claim(&e, r, f)
	// Evidence: every clause of the frame, and field by field.
	for _, m := range f.ms {
		e.Evidence = addSpans(e.Evidence, span(r, m.Clause))
	}
	e.Fields["event_type"] = span(r, h.Trigger)
	if d.a1 != nil && d.a1.ref != nil {
		e.Fields["actor1"] = span(r, d.a1.ref.Span)
	}
	if d.a2 != nil && d.a2.ref != nil {
		e.Fields["actor2"] = span(r, d.a2.ref.Span)
	}
	e.Notes = sentenceText(r, h.Sentence)
	// One event per place.
	if len(places) == 0 {
		if prev != nil && prevPara == h.Para && prev.Location != "" && !recalled(r, prev) {
			copyPlace(&e, prev)
		} else if last := lastPlaced(r, before); last != nil {
			// The report goes on about the place it was on.
			copyPlace(&e, last)
			e.GeoPrecision = max(e.GeoPrecision, 2)
		} else {
			c.fallbackPlace(&e, r, country, h.Sentence)
		}
		return perDay([]event.Event{e}, f)
	}
	var out []event.Event
	for i, pi := range places {
		ev := e
		ev.Fields = copyFields(e.Fields)
		c.place(&ev, r, pi)
		shareDeaths(&ev, i, len(places))
		out = append(out, ev)
	}
	return perDay(out, f)
}

// frameDays is how many days the frame's event went on, as its text says.
func frameDays(f *frame) int { return max(1, f.head().Days) }

// perDay makes an event that went on for several days one event a day, as
// ACLED codes them ("students protested for two days", "clashes on 22-23
// March"): dated day by day where the text dates it, its toll shared out.
// Strategic developments happen once (a base set up over two days is one
// base).
func perDay(evs []event.Event, f *frame) []event.Event {
	n := frameDays(f)
	if n < 2 || len(evs) == 0 || evs[0].EventType == event.Strategic {
		return evs
	}
	var first time.Time
	if e := &evs[0]; e.DateSource == "text" {
		for _, m := range f.ms {
			if m.Date != nil && m.Date.Resolved() && e.EventDate == m.Date.Day.Format(time.DateOnly) {
				first = m.Date.Day
				if m.Date.Days >= 2 {
					first = m.Date.First
				}
				break
			}
		}
	}
	out := make([]event.Event, 0, len(evs)*n)
	for _, e := range evs {
		for d := range n {
			ev := e
			ev.Fields = copyFields(e.Fields)
			if !first.IsZero() {
				ev.EventDate, ev.TimePrecision = first.AddDate(0, 0, d).Format(time.DateOnly), 1
			}
			shareDeaths(&ev, d, n)
			out = append(out, ev)
		}
	}
	return out
}

// recalled tells whether an event is dated by its text more than a month
// before the report, or by a year alone: a memory ("the bombs detonated at the Boston Marathon
// in 2013"), whose place does not place what the report tells next.
func recalled(r *extract.Result, e *event.Event) bool {
	if e.DateSource == "text" && e.TimePrecision >= 3 {
		return true // dated by its year alone ("in 2013"): a memory, whatever the report's date
	}
	if e.DateSource != "text" || r.Published.IsZero() || r.Captured {
		return false
	}
	d, err := time.Parse(time.DateOnly, e.EventDate)
	return err == nil && d.Before(r.Published.AddDate(0, -1, 0))
}

// shareDeaths gives the i-th of n events told with one toll its share, as
// ACLED codes one figure for several places: evenly, the first taking the
// remainder ("two lynched in Kiriko and Gatwiri": one each). A total
// is never counted once a place.
func shareDeaths(e *event.Event, i, n int) {
	if n < 2 {
		return
	}
	share := func(v int) int {
		s := v / n
		if i < v%n {
			s++
		}
		return s
	}
	e.FatalitiesLow = share(e.FatalitiesLow)
	e.Fatalities = e.FatalitiesLow
	if e.FatalitiesHigh != nil {
		h := max(share(*e.FatalitiesHigh), e.FatalitiesLow)
		e.FatalitiesHigh = &h
	}
}

func copyFields(m map[string]event.Span) map[string]event.Span {
	n := make(map[string]event.Span, len(m)+2)
	for k, v := range m {
		n[k] = v
	}
	return n
}

// addSpans appends the spans not yet in to: two mentions of one clause
// ("aircraft bombed") are one piece of evidence, not two.
func addSpans(to []event.Span, from ...event.Span) []event.Span {
	for _, s := range from {
		if !slices.ContainsFunc(to, func(t event.Span) bool { return t.Start == s.Start && t.End == s.End }) {
			to = append(to, s)
		}
	}
	return to
}

// harmful tells whether a sub-type is armed harm: an explosion, an attack
// on civilians, a clash. (Ground taken is not: villagers may take a hill,
// and hold nothing as an armed side.)
func harmful(s event.SubType) bool {
	t := s.Type()
	return t == event.ExplosionsRemote || t == event.ViolenceCivilians || s == event.ArmedClash
}

func span(r *extract.Result, s text.Span) event.Span {
	return event.Span{Start: s.Start, End: s.End, Text: r.Doc.Slice(s)}
}

func sentenceText(r *extract.Result, i int) string {
	s := &r.Doc.Sentences[i]
	return r.Doc.Text[s.Off:s.OffEnd]
}

// date sets the event date: the frame's own, the paragraph's, or the report's default.
func (c *Coder) date(e *event.Event, r *extract.Result, f *frame, prev *event.Event, prevPara int) {
	for _, m := range f.ms {
		if m.Date != nil && m.Date.Resolved() {
			e.EventDate = m.Date.Day.Format(time.DateOnly)
			e.TimePrecision = m.Date.Precision
			e.DateSource = "text"
			e.Fields["event_date"] = span(r, m.Date.Span)
			return
		}
	}
	for _, m := range f.ms {
		if m.Date == nil && m.Told != nil {
			// "killed 12 people, police said on Tuesday": the day it was
			// told, which an own date replaces.
			e.EventDate, e.TimePrecision, e.DateSource = m.Told.Day.Format(time.DateOnly), m.Told.Precision, "told"
			e.Fields["event_date"] = span(r, m.Told.Span)
			return
		}
	}
	for _, m := range f.ms {
		if m.Date == nil || m.Date.Anchor != timex.Later || prev == nil {
			continue
		}
		// "Two days later, police arrested ...": counted from the event
		// told before it.
		if d, err := time.Parse(time.DateOnly, prev.EventDate); err == nil && prev.TimePrecision == 1 {
			e.EventDate, e.TimePrecision, e.DateSource = d.AddDate(0, 0, m.Date.After).Format(time.DateOnly), m.Date.Precision, "text"
			e.Fields["event_date"] = span(r, m.Date.Span)
			return
		}
	}
	if prev != nil && prevPara == f.head().Para && prev.EventDate != "" {
		e.EventDate, e.TimePrecision, e.DateSource = prev.EventDate, prev.TimePrecision, "context"
		if s, ok := prev.Fields["event_date"]; ok {
			e.Fields["event_date"] = s
		}
		return
	}
	if !r.DefaultDate.IsZero() {
		e.EventDate, e.TimePrecision = r.DefaultDate.Format(time.DateOnly), r.DefaultPrec
		if r.DefaultDateSpan != nil {
			e.DateSource = "context"
			e.Fields["event_date"] = span(r, *r.DefaultDateSpan)
		} else {
			e.DateSource = "published"
		}
	}
}

// places returns the frame's place mentions: one event each.
func (c *Coder) places(r *extract.Result, f *frame) []int {
	for _, m := range f.ms {
		if len(m.Places) == 0 {
			continue
		}
		return m.Places[:max(1, m.Listed)]
	}
	return nil
}

func copyPlace(e, p *event.Event) {
	e.Country, e.Admin1, e.Admin2, e.Location = p.Country, p.Admin1, p.Admin2, p.Location
	e.Latitude, e.Longitude, e.GeoPrecision, e.GeonameID, e.CountryCode = p.Latitude, p.Longitude, p.GeoPrecision, p.GeonameID, p.CountryCode
	if s, ok := p.Fields["location"]; ok {
		e.Fields["location"] = s
	}
}

// place sets the location fields from a place mention.
func (c *Coder) place(e *event.Event, r *extract.Result, pi int) {
	p := &r.Places[pi]
	if !p.Resolved && p.In < 0 {
		// A place the gazetteer lacks, with no container given: the area
		// its sentence names ("In western Aleppo, ... took Kalariyah").
		if ref, ok := c.sentenceArea(r, p); ok {
			q := *p
			q.Ref = ref
			p = &q
		}
	}
	if !p.Ref.Valid() {
		c.fallbackPlace(e, r, r.Country, p.Sentence)
		return
	}
	g := c.gaz.Place(p.Ref)
	c.setArea(e, p.Ref)
	lat, lon := g.Lat, g.Lon
	e.Latitude, e.Longitude, e.GeonameID = &lat, &lon, g.ID
	e.Fields["location"] = span(r, p.Span)
	e.GeoPrecision = p.Precision
	switch {
	case !p.Resolved || g.Kind != gazetteer.Populated && g.Kind != gazetteer.Site:
		// An area, or the smallest known area holding a place the gazetteer lacks.
		e.Location = g.Name
	default:
		e.Location = p.Text
		if strings.ToUpper(p.Text) == p.Text || strings.ToLower(p.Text) == p.Text {
			e.Location = g.Name
		}
	}
	if e.GeoPrecision == 0 {
		e.GeoPrecision = 3
	}
}

// sentenceArea returns the smallest resolved area or town named in a place mention's sentence.
func (c *Coder) sentenceArea(r *extract.Result, p *geoparse.Mention) (gazetteer.Ref, bool) {
	best, rank := gazetteer.Ref(0), 99
	for i := range r.Places {
		q := &r.Places[i]
		if q.Sentence != p.Sentence || !q.Resolved || q.Demonym || q.Actor || q.InName || q.Dateline {
			continue
		}
		k := map[gazetteer.Kind]int{gazetteer.Populated: 1, gazetteer.Admin3: 2, gazetteer.Admin2: 3, gazetteer.Admin1: 4}[q.Kind]
		if k > 0 && k < rank {
			best, rank = q.Ref, k
		}
	}
	return best, best.Valid()
}

// setArea sets country, admin1 and admin2 names from a place.
func (c *Coder) setArea(e *event.Event, ref gazetteer.Ref) {
	country, a1, a2 := c.gaz.Within(ref)
	if c.gaz.Kind(ref) == gazetteer.Country {
		country = ref
	}
	if country.Valid() {
		cp := c.gaz.Place(country)
		e.Country, e.CountryCode = cp.Name, cp.Country
	}
	if a1.Valid() {
		e.Admin1 = c.gaz.Place(a1).Name
	}
	if a2.Valid() {
		e.Admin2 = c.gaz.Place(a2).Name
	}
}

func lastPlaced(r *extract.Result, evs []event.Event) *event.Event {
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Location != "" && !recalled(r, &evs[i]) {
			return &evs[i]
		}
	}
	return nil
}

// fallbackPlace codes an event with no place of its own at the first place
// the report names before it, or at least its country (precision 3).
func (c *Coder) fallbackPlace(e *event.Event, r *extract.Result, country string, sentence int) {
	for i := range r.Places {
		p := &r.Places[i]
		if p.Sentence > sentence {
			break
		}
		if p.Demonym || p.Dateline || !p.Ref.Valid() || holds(r, i) {
			continue
		}
		if k := c.gaz.Kind(p.Ref); k == gazetteer.Country || k == gazetteer.Region {
			continue
		}
		if country != "" && c.gaz.CountryOf(p.Ref) != country { // p.Ref is valid here
			continue
		}
		c.place(e, r, i)
		if e.GeoPrecision < 2 {
			e.GeoPrecision = 2 // the report's place, not the event's own
		}
		return
	}
	// A report datelined in a town tells of that town when it names no
	// other ("MOGADISHU — A car bomb exploded near the airport").
	for i := range r.Places {
		p := &r.Places[i]
		if p.Dateline && p.Ref.Valid() && (country == "" || c.gaz.CountryOf(p.Ref) == country) {
			if k := c.gaz.Kind(p.Ref); k != gazetteer.Country && k != gazetteer.Region {
				c.place(e, r, i)
				e.GeoPrecision = max(e.GeoPrecision, 2)
				return
			}
		}
	}
	if country == "" {
		return
	}
	if ref, ok := c.gaz.Country(country); ok {
		g := c.gaz.Place(ref)
		lat, lon := g.Lat, g.Lon
		e.Country, e.CountryCode, e.Latitude, e.Longitude, e.GeoPrecision = g.Name, g.Country, &lat, &lon, 3
	}
}

// base is an actor's name without its period: "Military Forces of Syria (2000-2024)" → "Military Forces of Syria".
func base(name string) string {
	if i := strings.Index(name, " ("); i > 0 && strings.HasSuffix(name, ")") && strings.ContainsAny(name[i:], "0123456789") {
		return name[:i]
	}
	return name
}

// refersBack tells whether a mention's sentence points at an event told before: "the attack itself".
func (c *Coder) refersBack(r *extract.Result, m *extract.Mention) bool {
	return says(sentenceText(r, m.Sentence), c.words.RefersBack)
}

// holds tells whether place mention i is given as holding another.
func holds(r *extract.Result, i int) bool {
	for _, o := range r.Places {
		if o.In == i {
			return true
		}
	}
	return false
}

// uniqueID is the event's ID, told apart from the IDs of the same report's
// events in seen when they would be alike (the days of an undated event
// that went on for two).
func uniqueID(e *event.Event, seen map[string]bool) string {
	id := eventID(e)
	for k := 2; seen[id]; k++ {
		sum := sha256.Sum256([]byte(id + "\x00" + strconv.Itoa(k)))
		id = "ev_" + hex.EncodeToString(sum[:8])
	}
	seen[id] = true
	return id
}

// eventID is stable: the same document read the same way gives the same id.
func eventID(e *event.Event) string {
	// The bytes fmt wrote ("%s\x00%s…" of these fields), written directly.
	var buf [256]byte
	b := buf[:0]
	for i, f := range [...]string{e.DocID, string(e.SubEventType), e.EventDate, e.Location, e.Actor1, e.Actor2} {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, f...)
	}
	b = append(b, 0)
	if len(e.Evidence) > 0 {
		b = strconv.AppendInt(b, int64(e.Evidence[0].Start), 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(e.Evidence[0].End), 10)
	}
	sum := sha256.Sum256(b)
	return "ev_" + hex.EncodeToString(sum[:8])
}
