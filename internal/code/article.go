package code

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/text"
	"github.com/sitrep/sitrep/internal/timex"
)

// The document stage. Sentences yield candidate events; the article decides
// which of them it reports. A report tells its event in the headline, the
// lead and the body: those mentions are one event (coreference). It also
// recalls the past, counts tolls, follows trials and quotes reactions: those
// mentions are background, left out with the reason. And a page about
// football or markets reports nothing, whatever its verbs.

// articleCue is a class of article.txt.
type articleCue uint8

const (
	cueLegal articleCue = iota
	cueAccused
	cueStatement
	cueToll
	cueHabitual
	cueRecall
	cueCaption
	cueDistinct
	cueDeterminer
	cueSuperlative
	cueTotal
	cueInstrument
	cueUse
	cueTerritory
	cueAgentNoun
	cueResponsibility
	cueConflict
	cueSports
	cueElections
	cueMarkets
	cueHealth
	numArticleCues
)

var articleCueNames = [numArticleCues]string{"legal", "accused", "statement", "toll", "habitual", "recall", "caption", "distinct", "determiner",
	"superlative", "total", "instrument", "use", "territory", "agentnoun", "responsibility", "conflict", "sports", "elections", "markets", "health"}

// cueSet is a set of article cues: numArticleCues must stay under 32.
type cueSet uint32

func (s cueSet) has(c articleCue) bool { return s&(1<<c) != 0 }

// articleWords are the cues of article.txt.
type articleWords struct {
	m *lexicon.Matcher[articleCue]
}

func loadArticleWords(userDir string) (*articleWords, error) {
	lines, err := lexicon.Read("article.txt", userDir)
	if err != nil {
		return nil, err
	}
	w := &articleWords{m: lexicon.NewMatcher[articleCue]()}
	for _, l := range lines {
		c := slices.Index(articleCueNames[:], l.Fields[0])
		if len(l.Fields) != 2 || c < 0 {
			return nil, l.Err("want a class (%s) and phrases", strings.Join(articleCueNames[:], ", "))
		}
		for _, p := range lexicon.Alternatives(l.Fields[1]) {
			w.m.Add(p, articleCue(c))
		}
	}
	return w, nil
}

// LeftOut is an event the sentences of a report yield but the report does
// not tell as its news, with why.
type LeftOut struct {
	Event  event.Event `json:"event"`
	Reason string      `json:"reason"`
}

// Reading is what the coder reads in a document: the events it reports,
// main event first, and the candidates it left out.
type Reading struct {
	Events  []event.Event
	LeftOut []LeftOut
	// Note says why a document was not read at all ("the text is in
	// French"), for the user: "" when it was. Source names the document.
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
	fresh  bool
	reason string // why it is background; "" while it is reported
	count  int    // mentions folded into it
	score  float64
}

// docCues holds what article cues each sentence of a document has.
type docCues struct {
	sets []cueSet
	// speech marks the sentences inside a quotation: what a witness or
	// an official says in their own words.
	speech  []bool
	matches [][]lexicon.Match[articleCue] // per sentence
	words   []*lexicon.Words
	// sentences counts, per cue, the sentences of the document that have
	// it written in lower case: "league" is sport, "Awami League" a party.
	sentences [numArticleCues]int
}

func (c *Coder) cues(r *extract.Result) *docCues {
	n := len(r.Doc.Sentences)
	dc := &docCues{sets: make([]cueSet, n), speech: speech(r.Doc), matches: make([][]lexicon.Match[articleCue], n), words: make([]*lexicon.Words, n)}
	for i := range r.Doc.Sentences {
		toks := r.Doc.Sentences[i].Tokens
		ws := lexicon.Prepare(toks)
		dc.words[i] = ws
		var lower cueSet
		dc.matches[i] = c.art.m.All(ws)
		if sinceYear(toks) && !slices.ContainsFunc(dc.matches[i], func(m lexicon.Match[articleCue]) bool { return m.Value == cueSuperlative }) {
			dc.matches[i] = append(dc.matches[i], lexicon.Match[articleCue]{Value: cueToll})
		}
		for _, m := range dc.matches[i] {
			dc.sets[i] |= 1 << m.Value
			if t := toks[m.Start].Text; t != "" && t[0] >= 'a' && t[0] <= 'z' {
				lower |= 1 << m.Value
			}
		}
		for c := range numArticleCues {
			if lower.has(c) {
				dc.sentences[c]++
			}
		}
	}
	return dc
}

// speech marks the sentences of a document that lie inside quotation
// marks, whole or from their start: a quotation may run over several
// sentences. Quotation marks are punctuation: grammar, in Go.
func speech(d *text.Doc) []bool {
	out := make([]bool, len(d.Sentences))
	open, para := false, -1
	for i := range d.Sentences {
		s := &d.Sentences[i]
		if s.Para != para {
			open, para = false, s.Para
		}
		if open || len(s.Tokens) > 0 && isOpenQuote(s.Tokens[0].Text) {
			out[i] = true
		}
		for _, t := range s.Tokens {
			switch {
			case t.Text == "“" || t.Text == "«":
				open = true
			case t.Text == "”" || t.Text == "»":
				open = false
			case t.Text == "\"":
				open = !open
			}
		}
	}
	return out
}

func isOpenQuote(s string) bool { return s == "“" || s == "«" || s == "\"" }

// sinceYear tells whether a sentence counts from a year: "since 2011",
// "since the 1990s". Grammar of the time expression, not vocabulary.
func sinceYear(toks []text.Token) bool {
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Norm != "since" {
			continue
		}
		j := i + 1
		if toks[j].Norm == "the" && j+1 < len(toks) {
			j++
		}
		if y := toks[j].Text; toks[j].Kind == text.Number && len(y) >= 4 && (y[:2] == "19" || y[:2] == "20") {
			return true
		}
	}
	return false
}

// governs tells whether sentence i has cue c in the few words before
// token t, where it governs what follows ("convicted of killing",
// "accused of the bombing", "in another attack").
func (dc *docCues) governs(i int, c articleCue, t int) bool {
	for _, m := range dc.matches[i] {
		if m.Value == c && m.End <= t && (t-m.Start <= 8 || c == cueLegal && m.Start <= 2) {
			return true
		}
		if c == cueLegal && m.Value == cueAccused && m.Start == 0 && m.End <= t {
			return true // "Accused bomber X pleaded not guilty to ..."
		}
	}
	return false
}

// before tells whether sentence i has cue c anywhere before token t.
func (dc *docCues) before(i int, c articleCue, t int) bool {
	for _, m := range dc.matches[i] {
		if m.Value == c && m.Start < t {
			return true
		}
	}
	return false
}

// nominal tells whether a mention's trigger is a noun naming the event
// ("the bombing", "Thursday's attack", "the 2013 blast") rather than a
// verb reporting it.
func (c *Coder) nominal(r *extract.Result, dc *docCues, m *extract.Mention) bool {
	toks := r.Doc.Sentences[m.Sentence].Tokens
	ws := dc.words[m.Sentence]
	// A verb form ("attacked") is no noun, whatever comes before it.
	verbal := m.End > 0 && strings.HasSuffix(toks[m.End-1].Norm, "ed")
	for i := m.Start - 1; i >= 0 && i >= m.Start-4; i-- {
		t := &toks[i]
		if mt, ok := c.art.m.At(ws, i); ok && mt.Value == cueDeterminer && mt.End == i+1 {
			// "held a protest", "carried out the attack": the noun is
			// the event, reported as a verb would.
			j := i - 1
			if j > 0 && (toks[j].Norm == "out" || toks[j].Norm == "up") {
				j-- // the particle of a phrasal verb
			}
			return j < 0 || !c.words.LightVerb.Has(toks[j].Norm)
		}
		// A date, a name or a modifier before the noun: "the 2013
		// bombing", "Monday's attack", "the Birmingham pub bombings".
		if t.Kind == text.Number || t.Kind == text.Word && t.Text != "" && t.Text[0] >= 'A' && t.Text[0] <= 'Z' ||
			t.Kind == text.Word && !verbal && !strings.HasSuffix(t.Norm, "ed") && !c.words.LightVerb.Has(t.Norm) {
			continue
		}
		break
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
		k.distinct = dc.before(k.sentence, cueDistinct, k.f.head().Start+1)
		k.weak = weakFrame(k.f)
		k.quoted, k.general = true, true
		for _, m := range k.f.ms {
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
	if why := offTopic(dc); why != "" {
		for _, k := range cands {
			k.reason = why
		}
		return leftOut(rd, cands)
	}
	for _, k := range cands {
		if k.reason == "" && c.instrumentOnly(dc, k) {
			k.reason = "names a weapon or a doer, not the act"
		}
	}
	anchor := reportDate(r, cands)
	for _, k := range cands {
		if k.reason == "" {
			k.reason = dateReason(k, anchor)
		}
	}
	leadGate(r, cands)
	redate(r, cands)
	kept := corefer(cands)
	if len(r.Doc.Sentences) >= 6 {
		// In an article, what only a quotation tells, and a death told
		// with no act of its own, is news only as part of another event.
		out := kept[:0]
		for _, k := range kept {
			switch {
			case k.count > 1:
			case k.quoted:
				k.reason = "told only in a quotation"
				continue
			case k.weak && len(kept) > 1:
				k.reason = "a death or wound told with no act of its own"
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
	rank(kept)
	if len(r.Doc.Sentences) >= 6 && len(kept) > 0 && kept[0].count == 1 && !specific(kept[0]) {
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
	for _, k := range kept {
		rd.Events = append(rd.Events, k.ev)
	}
	return leftOut(rd, cands)
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

// offTopic tells, from the words of a whole page, that it is about
// something other than conflict: sport, an election, markets, disease. A
// note or a brief is too short to tell.
func offTopic(dc *docCues) string {
	if len(dc.sets) < 6 {
		return ""
	}
	conflict := dc.sentences[cueConflict]
	best, bestN := "", 0
	for _, c := range []articleCue{cueSports, cueElections, cueMarkets, cueHealth} {
		if n := dc.sentences[c]; n > bestN {
			best, bestN = articleCueNames[c], n
		}
	}
	// A page about something else names it in many sentences, and war in few.
	if bestN >= 3 && conflict*2 < bestN {
		return "the page is about " + best + ", not conflict"
	}
	return ""
}

// cueReason tells, from the words of a candidate's sentences, that it is
// background: a trial, a toll, a habit, a reaction, a memory, a caption.
//
// A crowd is an event even when what it protests is a trial or a death:
// the cues of trials and reactions leave protests and riots alone, and
// arrests too (an arrest is news of its own).
func (c *Coder) mentionReason(r *extract.Result, dc *docCues, m *extract.Mention) string {
	i, t := m.Sentence, m.Start
	set := dc.sets[i]
	nominal := c.nominal(r, dc, m)
	// The head's class: "arrested 12 people in connection with the attack"
	// is headed by the attack (the charge); its arrest is read apart.
	var head extract.Classes
	head.Add(m.Class)
	crowd := head.Any(extract.Protest, extract.Strike, extract.Riot, extract.Mob, extract.Arrest) || m.Label != ""
	switch {
	case set.has(cueCaption):
		return "a picture's caption"
	case heading(r, m) || len(r.Doc.Sentences) >= 6 && titleCase(&r.Doc.Sentences[i]):
		return "a heading, not a sentence"
	case set.has(cueToll) && (m.Killed != nil || plural(r, m)):
		return "a toll over a period, not one event"
	case set.has(cueHabitual) && !crowd:
		return "what happens often, not one event"
	case len(r.Doc.Sentences) >= 6 && countOfEvents(r, m) && (set.has(cueTotal) || set.has(cueToll) || m.Date != nil && m.Date.Precision >= 3):
		// Over a period or summed up: "a total of 563 strikes", "54
		// strikes in 2009". A day's "120 air strikes" are news.
		return "a count of many events, not one"
	case !crowd && (nominal && set.has(cueLegal) || dc.governs(i, cueLegal, t)):
		return legalReason
	case !crowd && nominal && set.has(cueStatement):
		return "named in a reaction to it"
	case !crowd && nominal && dc.governs(i, cueResponsibility, t) && !(m.Date != nil && m.Date.Anchor == timex.Relative):
		return "an attribution of a known event, not the event"
	case nominal && set.has(cueRecall) || dc.governs(i, cueRecall, t):
		return "recalled from the past"
	}
	return ""
}

// freshMention tells whether a mention is dated within the two weeks
// before its report's publication date.
func freshMention(r *extract.Result, m *extract.Mention) bool {
	if r.Published.IsZero() || r.Captured || m.Date == nil || !m.Date.Resolved() {
		return false
	}
	d := m.Date.Day
	return !d.Before(r.Published.AddDate(0, 0, -14)) && !d.After(r.Published.AddDate(0, 0, 1))
}

// legalReason is why a mention in a trial, a charge or an investigation
// is left out.
const legalReason = "named in a trial, charge or investigation"

// heading tells whether a mention's sentence is a subheading of an
// article: a few words alone in their paragraph, with no full stop.
func heading(r *extract.Result, m *extract.Mention) bool {
	if len(r.Doc.Sentences) < 6 {
		return false // a note may be a headline alone
	}
	s := &r.Doc.Sentences[m.Sentence]
	// A heading ends its paragraph: a glued page may have run it onto the
	// end of the paragraph before.
	if len(s.Tokens) > 5 || m.Sentence+1 < len(r.Doc.Sentences) && r.Doc.Sentences[m.Sentence+1].Para == s.Para {
		return false
	}
	switch s.Tokens[len(s.Tokens)-1].Text {
	case ".", "!", "?", "…", "\"", "”":
		return false
	}
	return true
}

// titleCase tells whether a sentence is written as a title: most of its
// words capitalised ("Attack on a Federal Facility Resulting in Death").
func titleCase(s *text.Sentence) bool {
	words, caps := 0, 0
	for i := range s.Tokens {
		t := &s.Tokens[i]
		if t.Kind != text.Word || len(t.Text) <= 3 && i > 0 {
			continue // "on", "a", "in" stay small in titles
		}
		words++
		if t.Cap {
			caps++
		}
	}
	return words >= 3 && caps*10 >= words*8
}

// instrumentOnly tells whether a candidate's every trigger is a weapon or
// a craft named with no word of its use and no one hurt.
func (c *Coder) instrumentOnly(dc *docCues, k *candidate) bool {
	if k.ev.FatalitiesLow > 0 || k.ev.Injuries != nil {
		return false
	}
	for _, m := range k.f.ms {
		if dc.sets[m.Sentence].has(cueUse) {
			return false
		}
		named := false
		for _, mt := range dc.matches[m.Sentence] {
			if (mt.Value == cueInstrument || mt.Value == cueAgentNoun) && mt.Start <= m.Start && mt.End >= m.End {
				named = true
				break
			}
		}
		if !named {
			return false
		}
	}
	return true
}

// countOfEvents tells whether a plural trigger is counted as many:
// "563 strikes", "54 air strikes", "dozens of attacks". A report of
// one day names its events; a tally counts them.
func countOfEvents(r *extract.Result, m *extract.Mention) bool {
	if !plural(r, m) {
		return false
	}
	toks := r.Doc.Sentences[m.Sentence].Tokens
	for i := m.Start - 1; i >= 0 && i >= m.Start-3; i-- {
		t := &toks[i]
		switch t.Norm {
		case "dozens", "hundreds", "thousands", "scores":
			return true
		case "of", "more", "than", "over":
			continue
		}
		if t.Kind == text.Number {
			n, err := strconv.Atoi(strings.ReplaceAll(t.Text, ",", ""))
			return err == nil && n >= 5
		}
		if t.Kind != text.Word || strings.HasSuffix(t.Norm, "ed") {
			return false
		}
	}
	return false
}

// plural tells whether a mention's trigger is a plural noun: "attacks", "strikes".
func plural(r *extract.Result, m *extract.Mention) bool {
	toks := r.Doc.Sentences[m.Sentence].Tokens
	if m.End < 1 || m.End > len(toks) {
		return false
	}
	w := toks[m.End-1].Norm
	return len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss")
}

// reportDate is the day the article reports from: its publication date
// (or its dateline's), else the date its lead gives the event it opens
// with; zero when neither is known.
func reportDate(r *extract.Result, cands []*candidate) time.Time {
	if !r.Published.IsZero() && !r.Captured {
		return r.Published
	}
	for _, k := range cands {
		if k.sentence > 2 {
			break
		}
		if k.reason == "" && k.ev.DateSource == "text" {
			if d, err := time.Parse(time.DateOnly, k.ev.EventDate); err == nil {
				return d
			}
		}
	}
	return time.Time{}
}

// leadGate leaves out what a long article mentions when its lead reports
// nothing: a story about a trial, an anniversary or a policy names past
// events as it goes, and none of them is its news. A mention dated by the
// report's own clock ("on Monday", "yesterday") still counts.
func leadGate(r *extract.Result, cands []*candidate) {
	if len(r.Doc.Sentences) < 6 {
		return // a note or a brief: what it tells is its news
	}
	end := leadEnd(r)
	for _, k := range cands {
		if k.sentence <= end && k.reason == "" {
			return
		}
	}
	for _, k := range cands {
		if k.reason == "" && !k.fresh {
			k.reason = "the article's lead reports no event: this is context"
		}
	}
}

// leadEnd is the last sentence of a report's lead: its first three
// sentences, after the headline when the first paragraph is one.
func leadEnd(r *extract.Result) int {
	ss := r.Doc.Sentences
	if len(r.Doc.Paragraphs) > 1 && len(ss) > 1 && ss[0].Para == 0 && ss[1].Para != 0 {
		return 3
	}
	return 2
}

// dateReason tells that a candidate happened outside the report's window.
func dateReason(k *candidate, anchor time.Time) string {
	if k.ev.EventDate == "" || k.ev.DateSource != "text" {
		return "" // only the event's own words date it in the past
	}
	d, err := time.Parse(time.DateOnly, k.ev.EventDate)
	if err != nil {
		return ""
	}
	switch {
	case anchor.IsZero():
		if k.year {
			return "dated in a past year, and the report gives no date of its own"
		}
	case d.Before(anchor.AddDate(0, 0, -31)):
		return fmt.Sprintf("happened on %s, before the report's %s", k.ev.EventDate, anchor.Format(time.DateOnly))
	case d.After(anchor.AddDate(0, 0, 7)):
		return fmt.Sprintf("dated %s, after the report's %s", k.ev.EventDate, anchor.Format(time.DateOnly))
	}
	return ""
}

// redate takes back the dates reported candidates took from the one
// before them when that one is left out: a recalled 2013 bombing must not
// date the explosion the report is about. They fall back to the last
// dated candidate still reported before them in the paragraph, else to
// what the report as a whole is dated by.
func redate(r *extract.Result, cands []*candidate) {
	var last *candidate
	for _, k := range cands {
		if k.reason != "" {
			continue
		}
		e := &k.ev
		if e.DateSource == "context" && (last == nil || last.ev.EventDate != e.EventDate) {
			if r.DefaultDateSpan == nil || r.DefaultDate.Format(time.DateOnly) != e.EventDate {
				e.EventDate, e.TimePrecision, e.DateSource = "", 0, ""
				delete(e.Fields, "event_date")
				switch {
				case last != nil && last.ev.EventDate != "" && last.f.head().Para == k.f.head().Para:
					e.EventDate, e.TimePrecision, e.DateSource = last.ev.EventDate, last.ev.TimePrecision, "context"
					if s, ok := last.ev.Fields["event_date"]; ok {
						e.Fields["event_date"] = s
					}
				case !r.DefaultDate.IsZero():
					e.EventDate, e.TimePrecision = r.DefaultDate.Format(time.DateOnly), r.DefaultPrec
					e.DateSource = "published"
					if r.DefaultDateSpan != nil {
						e.DateSource = "context"
						e.Fields["event_date"] = span(r, *r.DefaultDateSpan)
					}
				}
			}
		}
		if e.EventDate != "" {
			last = k
		}
	}
}

// corefer folds the reported candidates that tell one happening into the
// first that tells it, and returns those that remain.
func corefer(cands []*candidate) []*candidate {
	var kept []*candidate
	for _, k := range cands {
		if k.reason != "" {
			continue
		}
		k.count = 1
		var into *candidate
		for _, o := range kept {
			if sameHappening(o, k) {
				into = o
				break
			}
		}
		if into == nil {
			kept = append(kept, k)
			continue
		}
		fold(into, k)
		k.reason = merged
	}
	// A vague mention whose toll holds those of several specific ones sums
	// them up ("attacks across the province killed 40"): it adds nothing
	// of its own, and its deaths would count twice.
	out := kept[:0]
	for _, k := range kept {
		if vague(&k.ev) && k.ev.FatalitiesLow > 0 {
			n, most := 0, 0
			for _, o := range kept {
				if o != k && !vague(&o.ev) && violent(&k.ev) && violent(&o.ev) && placeWithin(&o.ev, &k.ev) {
					n++
					most = max(most, o.ev.FatalitiesLow)
				}
			}
			if n >= 2 && k.ev.FatalitiesLow >= most {
				k.reason = "sums up the events it is told with"
				continue
			}
		}
		out = append(out, k)
	}
	return out
}

// violent tells whether an event is of a kind a wave of attacks sums up:
// explosions, attacks, battles, riots.
func violent(e *event.Event) bool {
	switch kin(e.SubEventType) {
	case "harm", "battle", "riot":
		return true
	}
	return false
}

// vague tells whether an event is placed no closer than a region.
func vague(e *event.Event) bool { return e.GeoPrecision >= 3 || e.Location == "" }

// sameHappening tells whether b tells the same happening as a: of one
// kind, at one place (or one of them placed only in the other's area) on
// one day, by actors that do not contradict each other. Two specific
// places, two written days or two weapons are two happenings.
func sameHappening(a, b *candidate) bool {
	x, y := &a.ev, &b.ev
	if !compatibleEvents(x, y) {
		return false
	}
	if sameKey(x, y) {
		return true // places that resolve to one: the same event twice
	}
	if a.f == b.f || a.sentence == b.sentence || b.distinct {
		return false // the frame already told them apart, or the text says so
	}
	if b.weak && !a.weak && kin(x.SubEventType) != "" {
		// A death told apart is of the event at its place: any violent kind.
		return (samePlace(x, y) || vague(y) && placeWithin(x, y) || vague(x) && placeWithin(y, x)) &&
			(x.EventDate == "" || y.EventDate == "" || x.EventDate == y.EventDate)
	}
	if x.SubEventType != y.SubEventType && !(b.nominal && generic(y.SubEventType) || blast(x.SubEventType) && blast(y.SubEventType)) {
		return false // two weapons or two acts, unless a later mention only names it ("the attack")
	}
	if x.EventDate != "" && y.EventDate != "" && x.EventDate != y.EventDate && x.DateSource == "text" && y.DateSource == "text" {
		return false
	}
	if !samePlace(x, y) && !(vague(y) && placeWithin(x, y)) && !(vague(x) && placeWithin(y, x)) && !nearby(x, y) {
		return false
	}
	return actorsAgree(x, y)
}

// weakFrame tells whether a frame only tells deaths, wounds or shots,
// with no doer named, or with no place of its own: "the general died",
// "all six of the members killed were Americans".
func weakFrame(f *frame) bool {
	named, placed := false, false
	for _, m := range f.ms {
		named = named || m.Agent != nil && m.Agent.Entry != nil
		placed = placed || len(m.Places) > 0
	}
	if named && placed {
		return false
	}
	rest := f.classes
	for _, c := range []extract.Class{extract.Kill, extract.Injure, extract.Shoot} {
		rest &^= 1 << c
	}
	return rest == 0
}

// nearby tells whether two violent events are told at places a city or
// its suburbs apart ("Chelsea", "Manhattan", "New York"): one happening when nothing
// else tells them apart, as a report names the spot, then the city.
// Battles and crowds are not: a front and a city have many.
func nearby(a, b *event.Event) bool {
	if kin(a.SubEventType) != "harm" || kin(b.SubEventType) != "harm" || a.Latitude == nil || b.Latitude == nil {
		return false
	}
	if a.FatalitiesLow > 0 && b.FatalitiesLow > 0 && a.FatalitiesLow != b.FatalitiesLow {
		return false // two places, two tolls: a list of attacks
	}
	return haversine(*a.Latitude, *a.Longitude, *b.Latitude, *b.Longitude) <= 60
}

// sameKey tells whether two events say the same in every field a reader
// tells events apart by: an event written twice.
func sameKey(a, b *event.Event) bool {
	return a.SubEventType == b.SubEventType && a.Location == b.Location && a.EventDate == b.EventDate &&
		a.Actor1 == b.Actor1 && a.Actor2 == b.Actor2
}

// generic sub-types say less than a weapon: an attack, a clash.
func generic(s event.SubType) bool { return s == event.Attack || s == event.ArmedClash }

// blast sub-types are what a report may call an explosion before it
// knows more: a bomb, a suicide bomber, a grenade.
func blast(s event.SubType) bool {
	return s == event.RemoteExplosive || s == event.SuicideBomb || s == event.Grenade
}

// samePlace tells whether two events are placed at one place.
func samePlace(a, b *event.Event) bool {
	switch {
	case a.Location == "" || b.Location == "":
		return false
	case a.GeonameID != 0 && a.GeonameID == b.GeonameID, a.Location == b.Location && a.Country == b.Country:
		return true
	case a.Latitude != nil && b.Latitude != nil && a.GeoPrecision <= 2 && b.GeoPrecision <= 2:
		return haversine(*a.Latitude, *a.Longitude, *b.Latitude, *b.Longitude) <= 2
	}
	return false
}

// compatibleEvents tells whether two sub-types may be told of one
// happening in one report: the same, or kin ("a bomb exploded", "the
// attack", "the suicide bomber").
func compatibleEvents(a, b *event.Event) bool {
	if a.SubEventType == b.SubEventType {
		return true
	}
	return kin(a.SubEventType) != "" && kin(a.SubEventType) == kin(b.SubEventType)
}

// kin groups sub-types one report uses for one happening as it learns
// more of it: a blast that turns out a suicide bombing, an attack that
// was a bombing. Grammar of the taxonomy, not vocabulary.
func kin(s event.SubType) string {
	switch s {
	case event.RemoteExplosive, event.SuicideBomb, event.Grenade, event.Attack, event.AirDroneStrike, event.Shelling, event.ChemicalWeapon:
		return "harm"
	case event.ArmedClash, event.GovernmentRegains, event.NonStateOvertakes:
		return "battle"
	case event.PeacefulProtest, event.ProtestWithIntervention, event.ExcessiveForce, event.ViolentDemonstration:
		return "protest"
	case event.MobViolence, event.LootingDestruction:
		return "riot"
	case event.Abduction, event.Arrests:
		return "taken"
	}
	return ""
}

// placeWithin tells whether b's place is a's or lies in it, or b has none.
func placeWithin(a, b *event.Event) bool {
	switch {
	case b.Location == "" && b.Country == "":
		return true
	case a.Country != "" && b.Country != "" && a.Country != b.Country:
		return false
	case a.GeonameID != 0 && a.GeonameID == b.GeonameID, a.Location != "" && a.Location == b.Location:
		return true
	case b.Location == "" || b.Location == b.Country:
		return true // the country alone
	case b.Location == a.Admin1 || b.Location == a.Admin2:
		return true // the province or district b names holds a
	case a.Latitude != nil && b.Latitude != nil && b.GeoPrecision <= 2 && a.GeoPrecision <= 2:
		return haversine(*a.Latitude, *a.Longitude, *b.Latitude, *b.Longitude) <= 10
	}
	return false
}

func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// actorsAgree tells whether two events' actors do not contradict each
// other: an unnamed side agrees with any, and two named perpetrators
// must be one, except in a clash told from either side.
func actorsAgree(a, b *event.Event) bool {
	named := func(s string) bool { return s != "" && !strings.HasPrefix(s, "Unidentified") }
	if !named(a.Actor1) || !named(b.Actor1) || base(a.Actor1) == base(b.Actor1) {
		return true
	}
	return a.SubEventType == event.ArmedClash && b.SubEventType == event.ArmedClash &&
		base(a.Actor1) == base(b.Actor2) && base(a.Actor2) == base(b.Actor1)
}

// fold folds b, another telling of a's happening, into a: every span
// kept, the most specific sub-type, place, date and actors winning, and
// the deaths the largest credible figure, never a sum.
func fold(a, b *candidate) {
	x, y := &a.ev, &b.ev
	a.count++
	x.Evidence = append(x.Evidence, y.Evidence...)
	if !b.weak && specificity(y.SubEventType) > specificity(x.SubEventType) {
		x.EventType, x.SubEventType = y.EventType, y.SubEventType
		x.Fields["event_type"] = y.Fields["event_type"]
		x.Control = y.Control
	}
	// The place the report first gives stands unless it is vague: a later
	// mention names a spot of it ("a bakery on Rue X") or only its area.
	if y.Location != "" && (x.Location == "" || vague(x) && !vague(y)) {
		copyPlace(x, y)
	}
	if x.DateSource != "text" && y.DateSource == "text" || x.EventDate == "" && y.EventDate != "" {
		x.EventDate, x.TimePrecision, x.DateSource = y.EventDate, y.TimePrecision, y.DateSource
		if s, ok := y.Fields["event_date"]; ok {
			x.Fields["event_date"] = s
		}
	}
	unnamed := func(s string) bool { return s == "" || strings.HasPrefix(s, "Unidentified") }
	if unnamed(x.Actor1) && !unnamed(y.Actor1) {
		x.Actor1, x.Inter1, x.AssocActor1 = y.Actor1, y.Inter1, y.AssocActor1
		if s, ok := y.Fields["actor1"]; ok {
			x.Fields["actor1"] = s
		}
	}
	if unnamed(x.Actor2) && !unnamed(y.Actor2) && base(y.Actor2) != base(x.Actor1) {
		x.Actor2, x.Inter2, x.AssocActor2 = y.Actor2, y.Inter2, y.AssocActor2
		if s, ok := y.Fields["actor2"]; ok {
			x.Fields["actor2"] = s
		}
	}
	if y.FatalitiesLow > x.FatalitiesLow {
		x.Fatalities, x.FatalitiesLow, x.FatalitiesHigh = y.Fatalities, y.FatalitiesLow, y.FatalitiesHigh
		if s, ok := y.Fields["fatalities"]; ok {
			x.Fields["fatalities"] = s
		}
	}
	if x.Injuries == nil || y.Injuries != nil && y.Injuries.Low > x.Injuries.Low {
		x.Injuries = y.Injuries
	}
	x.Claim.Hedged = x.Claim.Hedged && y.Claim.Hedged
	if x.Claim.Source == "" && y.Claim.Source != "" {
		x.Claim = y.Claim
	}
}

// specificity ranks sub-types by how much they say: a suicide bombing is
// a particular explosion, which is a particular attack.
func specificity(s event.SubType) int {
	switch s {
	case event.SuicideBomb, event.ChemicalWeapon, event.Grenade:
		return 4
	case event.RemoteExplosive, event.AirDroneStrike, event.Shelling, event.GovernmentRegains, event.NonStateOvertakes,
		event.ExcessiveForce, event.ViolentDemonstration:
		return 3
	case event.ArmedClash, event.ProtestWithIntervention, event.Abduction, event.SexualViolence:
		return 2
	case event.Attack, event.PeacefulProtest, event.Arrests:
		return 1
	}
	return 0
}

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
		if k.sentence <= 2 {
			s += 3
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
