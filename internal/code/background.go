// Background: what tells that a mention is not news of its article (a
// trial, a toll, a habit, a reaction, a memory, a caption, the past), and
// what an article is about at all. The cues are article.txt's.

package code

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/text"
	"github.com/sitrep/sitrep/internal/timex"
)

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
	cueArts
	cueProgramme
	cueSecurity
	cueBackref
	cueMishap
	cueOffence
	cueViolence
	cueCrime
	cuePolitical
	cueCrimes
	cueChargeNoun
	cueResult
	cueScoreAfter
	cueSpate
	numArticleCues
)

var articleCueNames = [numArticleCues]string{"legal", "accused", "statement", "toll", "habitual", "recall", "caption", "distinct", "determiner",
	"superlative", "total", "instrument", "use", "territory", "agentnoun", "responsibility", "conflict", "sports", "elections", "markets", "health", "arts", "programme", "security", "backref",
	"mishap", "offence", "violence", "crime", "political", "crimes", "chargenoun", "result", "scoreafter", "spate"}

// cueSet is a set of article cues: numArticleCues must stay under 64.
type cueSet uint64

func (s cueSet) has(c articleCue) bool { return s&(1<<c) != 0 }

// articleWords are the cues of article.txt.
type articleWords struct {
	m *lexicon.Matcher[articleCue]
	// violent holds the words of conflict, weapons and attackers alone:
	// in m a word of another class may hide them ("attacked" is a verb
	// of use there).
	violent *lexicon.Matcher[articleCue]
	// crime holds the words of violence ordinary crime shares with
	// conflict ("arrested", "the attacker"), read apart too.
	crime *lexicon.Matcher[articleCue]
}

func loadArticleWords(userDir string, v *lexicon.Vocab) (*articleWords, error) {
	lines, err := lexicon.Read("article.txt", userDir)
	if err != nil {
		return nil, err
	}
	w := &articleWords{m: lexicon.NewMatcherIn[articleCue](v), violent: lexicon.NewMatcherIn[articleCue](v), crime: lexicon.NewMatcherIn[articleCue](v)}
	for _, l := range lines {
		c := slices.Index(articleCueNames[:], l.Fields[0])
		if len(l.Fields) != 2 || c < 0 {
			return nil, l.Err("want a class (%s) and phrases", strings.Join(articleCueNames[:], ", "))
		}
		for _, p := range lexicon.Alternatives(l.Fields[1]) {
			switch articleCue(c) {
			case cueCrime:
				w.crime.Add(p, articleCue(c))
				continue
			case cueViolence:
				// read apart only: in m its phrases would hide shorter
				// cues of other classes ("set fire" over "fire")
				w.violent.Add(p, articleCue(c))
				continue
			case cueConflict, cueInstrument, cueAgentNoun:
				w.violent.Add(p, articleCue(c))
			}
			w.m.Add(p, articleCue(c))
		}
	}
	return w, nil
}

// docCues holds what article cues each sentence of a document has.
type docCues struct {
	sets []cueSet
	// speech marks the sentences inside a quotation: what a witness or
	// an official says in their own words.
	speech  []bool
	matches [][]lexicon.Match[articleCue] // per sentence
	// sentences counts, per cue, the sentences of the document that have
	// it written in lower case: "league" is sport, "Awami League" a party.
	sentences [numArticleCues]int
	// violent marks the sentences that name conflict, a weapon or an
	// attacker, whatever other cue shares the word.
	violent  []bool
	nViolent int
	// mishap is set when the headline of a page that names conflict once
	// at most ("the brewer was arrested") tells of an accident or a
	// disaster: the page is about that.
	mishap bool
	// game caches gameReport: 0 not yet read, 1 a game's result, -1 not.
	game int8
}

func (c *Coder) cues(r *extract.Result) *docCues {
	n := len(r.Doc.Sentences)
	dc := &docCues{sets: make([]cueSet, n), speech: speech(r.Doc), matches: make([][]lexicon.Match[articleCue], n), violent: make([]bool, n)}
	for i := range r.Doc.Sentences {
		toks := r.Doc.Sentences[i].Tokens
		var lower cueSet
		dc.matches[i] = c.art.m.All(&r.Words[i])
		if len(c.art.violent.All(&r.Words[i])) > 0 {
			dc.violent[i] = true
			dc.nViolent++
		}
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
	// A headline of an accident ("Cyclist dies after lorry crash")
	// tells what the deaths and wounds of its page are.
	dc.mishap = n > 1 && dc.sets[0].has(cueMishap) && dc.nViolent <= 1
	return dc
}

// quiet tells whether a page of some length names nothing of armed
// violence or unrest but in one sentence at most: no fighter, weapon,
// attacker or crowd word.
// What its verbs seem to tell ("advanced", "struck", "blocked") is
// something else.
func (dc *docCues) quiet(r *extract.Result) bool {
	if len(dc.sets) < 6 {
		return false // a note tells its event in few words
	}
	if dc.nViolent > 1 {
		return false // one word may be a figure of speech: "a fighting chance", "the war on drugs"
	}
	for i := range r.Mentions {
		// An armed group, a crowd or a force that does something is
		// conflict, however it is worded ("gunmen raided the post").
		m := &r.Mentions[i]
		if fighters(m) {
			return false
		}
	}
	return true
}

// crimePage tells whether a page reports an ordinary crime: it tells a
// charge, a court or an investigation (in its headline or in two
// sentences), its every word of violence is one crime shares with
// conflict ("arrested", "the attacker"), it names no political side or
// aim, and no armed group, force or crowd acts in it but one lone
// attacker. Police at work and a man who stabbed his neighbour are not
// what ACLED codes; an army, rebels, a crowd or a party would be.
func (c *Coder) crimePage(r *extract.Result, dc *docCues) bool {
	told := 0
	for i, set := range dc.sets {
		if set.has(cueLegal) || set.has(cueOffence) || set.has(cueCrimes) || set.has(cueChargeNoun) {
			told++
			if i == 0 {
				told++ // the headline names the crime for the whole page
			}
		}
	}
	return told >= 2 && c.plainPage(r, dc)
}

// plainPage tells whether a page of three sentences or more names no
// political side or aim, no word of war or unrest but those crime shares,
// and no armed group, force or crowd at work but one lone attacker: the
// page of a crime, an accident or police work, whatever it tells.
func (c *Coder) plainPage(r *extract.Result, dc *docCues) bool {
	if len(dc.sets) < 3 || r.DominantArmed != nil {
		return false // a note tells its event in few words, and ACLED codes it; a page about an armed group is about it
	}
	for _, set := range dc.sets {
		if set.has(cuePolitical) || set.has(cueElections) {
			return false
		}
	}
	for i := range r.Doc.Sentences {
		if !dc.violent[i] {
			continue
		}
		shared := c.art.crime.All(&r.Words[i])
		for _, v := range c.art.violent.All(&r.Words[i]) {
			if !slices.ContainsFunc(shared, func(m lexicon.Match[articleCue]) bool { return m.Start == v.Start && m.End == v.End }) {
				return false // a word of war or unrest: "soldiers", "militants", "protesters"
			}
		}
	}
	for i := range r.Mentions {
		m := &r.Mentions[i]
		crowdAct := m.Class == extract.Attack || m.Class == extract.Beat || m.Class == extract.Stones || m.Class == extract.Vandal || m.Class == extract.Arson || m.Class == extract.Loot
		if m.Killed != nil && m.Killed.Low >= 3 {
			return false // a massacre or an attack on a market, not a quarrel's victim
		}
		stateAct := m.Class == extract.Shoot || m.Class == extract.Kill || m.Class == extract.Beat || m.Class == extract.Injure
		if family(m.Class) == "demo" && crowdTold(r, dc, m) && !dc.sets[m.Sentence].has(cueStatement) {
			return false // "friends set off on a march"; a vigil or a funeral is no protest
		}
		if m.Agent != nil && !dc.sets[m.Sentence].has(cueLegal) && (crowdAct && c.crowdOf(r, m.Agent) || stateAct && (m.Agent.Role() == actor.Police || m.Agent.Role() == actor.Military) && !c.nominal(r, dc, m)) {
			return false // a crowd or a force at work ("residents beat a thief", "police shot three men"): what ACLED codes
		}
		for j := range m.Actors {
			if a := &m.Actors[j]; a.Entry == nil || !plainRole(a.Entry.Role) && !loneArmed(a) {
				return false
			}
		}
	}
	return true
}

// plainRole tells whether actors of a role may be the people of an
// ordinary crime: its victims, suspects, police and officials.
func plainRole(r actor.Role) bool {
	switch r {
	case actor.Civilians, actor.Police, actor.Government, actor.Assoc:
		return true
	}
	return false
}

// crowdOf tells whether an actor is many people ("residents",
// "villagers", "a group of youths"): people acting together.
func (c *Coder) crowdOf(r *extract.Result, a *extract.ActorRef) bool {
	if a.Role() != actor.Civilians {
		return false
	}
	return a.Count != nil && a.Count.Low > 1 || !c.lone(r, a, nounPhrase(r, a)) && strings.HasSuffix(text.Fold(a.Text), "s")
}

// loneArmed tells whether an actor is one attacker or one armed person
// ("the gunman", "an assailant"): not a group, a force or a crowd.
func loneArmed(a *extract.ActorRef) bool {
	if a.Entry.Role != actor.Armed && a.Entry.Role != actor.Assailant || a.Count != nil && a.Count.Low > 1 {
		return false
	}
	t := text.Fold(a.Text)
	return !strings.HasSuffix(t, "s") && !strings.HasSuffix(t, "men")
}

// crimeReason is why the events of a page of ordinary crime are left out.
const crimeReason = "an ordinary crime: no armed group, force, crowd or political aim"

// crowdTold tells whether a mention tells a crowd as one: with its
// people ("supporters set off on a march"), as an event introduced ("on a
// march") or in words of unrest ("marched", "protesters"). A crowd's word
// told otherwise may be another sense: "to demonstrate the technique",
// "effective march 31", "the March break".
func crowdTold(r *extract.Result, dc *docCues, m *extract.Mention) bool {
	return dc.violent[m.Sentence] || m.Agent != nil || indefinite(r.Doc.Sentences[m.Sentence].Tokens, m.Start)
}

// toldAsConflict tells whether a sentence of a candidate names conflict.
func toldAsConflict(dc *docCues, k *candidate) bool {
	for _, m := range k.f.ms {
		if dc.violent[m.Sentence] {
			return true
		}
	}
	return false
}

// toldAs tells whether a sentence of a candidate has cue c.
func toldAs(dc *docCues, k *candidate, c articleCue) bool {
	for _, m := range k.f.ms {
		if dc.sets[m.Sentence].has(c) {
			return true
		}
	}
	return false
}

// quietReason is why the events a quiet page seems to tell are left out.
const quietReason = "the page names no armed violence or unrest"

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
		for ti := range s.Tokens {
			switch t := &s.Tokens[ti]; {
			case t.Text == "“" || t.Text == "«":
				open = true
			case t.Text == "”" || t.Text == "»":
				open = false
			case t.Text == "\"":
				open = !open
			}
		}
	}
	pullQuotes(d, out)
	return out
}

// pullQuotes marks as speech a sentence that a quotation elsewhere in the
// document repeats: a page sets a striking line apart ("It took one man to
// clear the street") before the paragraph that quotes it.
func pullQuotes(d *text.Doc, speech []bool) {
	var quoted []string
	longest := 0
	for i, q := range speech {
		if q {
			quoted = append(quoted, normsOf(d.Sentences[i].Tokens))
			longest = max(longest, len(quoted[len(quoted)-1]))
		}
	}
	if len(quoted) == 0 {
		return
	}
	for i := range d.Sentences {
		toks := d.Sentences[i].Tokens
		if speech[i] || len(toks) < 6 {
			continue
		}
		for len(toks) > 0 && toks[len(toks)-1].Kind == text.Punct {
			toks = toks[:len(toks)-1]
		}
		if normsLen(toks) >= longest {
			continue // no quotation is longer (the test below), so none holds it
		}
		s := normsOf(toks)
		for _, q := range quoted {
			if len(q) > len(s) && strings.Contains(q, s) {
				speech[i] = true
				break
			}
		}
	}
}

// normsOf joins tokens' normal forms, one space apart.
func normsOf(toks []text.Token) string {
	var b strings.Builder
	b.Grow(normsLen(toks))
	for i := range toks {
		b.WriteString(toks[i].Norm)
		b.WriteByte(' ')
	}
	return b.String()
}

// normsLen is len(normsOf(toks)).
func normsLen(toks []text.Token) int {
	n := 0
	for i := range toks {
		n += len(toks[i].Norm) + 1
	}
	return n
}

func isOpenQuote(s string) bool { return s == "“" || s == "«" || s == "\"" }

// dayDated tells whether a mention is dated to a day the text names.
func dayDated(m *extract.Mention) bool {
	return m.Date != nil && m.Date.Resolved() && m.Date.Precision == 1 && m.Date.Anchor != timex.Relative
}

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
		if m.Value == c && m.End <= t && (t-m.Start <= 8 || c == cueLegal && m.Start <= 2 || c == cueResponsibility && t-m.Start <= 14) {
			return true
		}
		if c == cueLegal && m.Value == cueAccused && m.Start == 0 && m.End <= t {
			return true // "Accused bomber X pleaded not guilty to ..."
		}
	}
	return false
}

// chargeSheet tells whether a mention is a charge of a charge sheet: a
// capitalised trigger in a sentence of several legal words ("Conspiracy to
// Murder ...; Attack on a Federal Facility Resulting in Death").
func (dc *docCues) chargeSheet(r *extract.Result, m *extract.Mention) bool {
	if m.Start == 0 || !r.Doc.Sentences[m.Sentence].Tokens[m.Start].Cap {
		return false
	}
	n := 0
	for _, mt := range dc.matches[m.Sentence] {
		if mt.Value == cueLegal {
			n++
		}
	}
	return n >= 2
}

// chargeName tells whether a mention's trigger names the charge of the
// person or the case that follows it: "a rape suspect", "the murder
// trial", "bombing charges". What is charged is judged, not told; a
// sentence that tells another act than an arrest (read apart) tells it
// of the accused ("locals burned the house of an accused in a murder
// case").
func (dc *docCues) chargeName(m *extract.Mention) bool {
	var head extract.Classes
	head.Add(m.Class)
	if m.Classes&^(1<<extract.Arrest) != head {
		return false
	}
	for _, mt := range dc.matches[m.Sentence] {
		if mt.Start == m.End && (mt.Value == cueChargeNoun || mt.Value == cueLegal || mt.Value == cueAccused) {
			return true
		}
	}
	return false
}

// onlySource tells whether every cue of class c in a mention's sentence
// lies in the source the mention's claim names after its act: "the toll
// has since climbed to six, the regional prosecutor said" reports a toll
// through a prosecutor, no trial.
func (dc *docCues) onlySource(r *extract.Result, m *extract.Mention, c articleCue) bool {
	src := m.Claim.SourceSpan
	if src == nil || src.Start < m.Trigger.End {
		return false
	}
	toks := r.Doc.Sentences[m.Sentence].Tokens
	for _, mt := range dc.matches[m.Sentence] {
		if mt.Value == c && (toks[mt.Start].Start < src.Start || toks[mt.End-1].End > src.End) {
			return false
		}
	}
	return true
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

// covers tells whether a cue of class c spans token t of sentence i.
func (dc *docCues) covers(i int, c articleCue, t int) bool {
	for _, m := range dc.matches[i] {
		if m.Value == c && m.Start <= t && t < m.End {
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
	ws := &r.Words[m.Sentence]
	// A verb form ("attacked") is no noun, whatever comes before it.
	verbal := m.End > 0 && strings.HasSuffix(toks[m.End-1].Norm, "ed")
	for i := m.Start - 1; i >= 0 && i >= m.Start-4; i-- {
		t := &toks[i]
		possessive := t.Norm == "'s" || t.Norm == "’s" // "Monday's attack", "the group's bombing"
		if mt, ok := c.art.m.At(ws, i); ok && mt.Value == cueDeterminer && mt.End == i+1 || possessive {
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

// offTopic tells, from the words of a whole page, that it is about
// something other than conflict: sport, an election, markets, disease. A
// note or a brief of three sentences is too short to tell.
func offTopic(dc *docCues) (string, articleCue) {
	if len(dc.sets) < 4 {
		return "", 0
	}
	conflict := dc.sentences[cueConflict]
	best, bestN, topic := "", 0, articleCue(0)
	for _, c := range []articleCue{cueSports, cueElections, cueMarkets, cueHealth, cueArts} {
		if n := dc.sentences[c]; n > bestN {
			best, bestN, topic = articleCueNames[c], n, c
		}
	}
	// A page about something else names it in many sentences, and war in few.
	// A short page (four or five sentences) is read so only for sport
	// and markets: an election's riots are the news of its page.
	short := len(dc.sets) < 6
	if bestN >= 3 && conflict*2 < bestN && (!short || topic == cueSports || topic == cueMarkets || topic == cueArts) {
		return "the page is about " + best + ", not conflict", topic
	}
	return "", 0
}

// inPassage tells whether a candidate is told in a passage of its own on
// a page about something else: each of its sentences speaks of conflict
// and neither it nor its neighbours of the page's topic. A bulletin that
// goes from the fever season to a clash at a campus reports the clash.
func inPassage(dc *docCues, k *candidate, topic articleCue) bool {
	for _, m := range k.f.ms {
		i := m.Sentence
		if !dc.sets[i].has(cueConflict) {
			return false
		}
		for j := max(i-1, 0); j <= min(i+1, len(dc.sets)-1); j++ {
			if dc.sets[j].has(topic) {
				return false
			}
		}
	}
	return true
}

// policeSaid tells whether a deployment is told by the police, of its
// own officers: "a police spokesman said officers had been deployed".
func policeSaid(m *extract.Mention) bool {
	for i := range m.Actors {
		if a := &m.Actors[i]; a.Entry != nil && a.Entry.Role == actor.Police && a.Start < m.Start {
			return true
		}
	}
	return false
}

// recalledClause tells whether token t of sentence i lies in a relative
// clause opened after a recall cue: "the anniversary of the siege in which
// 330 people died".
func (dc *docCues) recalledClause(r *extract.Result, i, t int) bool {
	toks := r.Doc.Sentences[i].Tokens
	for _, mt := range dc.matches[i] {
		if mt.Value != cueRecall || mt.Start >= t {
			continue
		}
		for k := mt.End; k < t; k++ {
			switch toks[k].Norm {
			case "which", "that", "where", "when", "whom":
				return true
			}
		}
	}
	return false
}

// recallOutside tells whether sentence i has a cue of the past outside a
// relative clause that tells who someone is: "killed a robber who tried to
// break in the previous week", "members of X, who were formerly members of
// Y, attacked" recall nothing of the act. within > 0 wants the cue within
// that many tokens before token t (as governs), else anywhere.
func (dc *docCues) recallOutside(r *extract.Result, i, t, within int) bool {
	toks := r.Doc.Sentences[i].Tokens
	for _, m := range dc.matches[i] {
		if m.Value != cueRecall || within > 0 && (m.End > t || t-m.Start > within) {
			continue
		}
		if !relativeAside(toks, m.Start, t) && !frontedBefore(toks, m.Start, m.End, t) {
			return true
		}
	}
	return false
}

// frontedBefore tells whether the words up to end sit in a clause that
// opens the sentence and closes with a comma before the act at t: "In
// retaliation for a killing the previous day, herders killed two men"
// recalls the killing, not the act. Grammar: the clause starts with a
// preposition or "after", and the words are not its opening ("In the
// past, ...", "As previously reported, ..." recall what follows).
func frontedBefore(toks []text.Token, start, end, t int) bool {
	if start < 3 || end >= t {
		return false
	}
	switch toks[0].Norm {
	case "after", "following", "in", "as":
	default:
		return false
	}
	for k := end; k < t; k++ {
		if toks[k].Norm == "," {
			return true
		}
	}
	return false
}

// relativeAside tells whether token k lies in a relative clause (after
// "who", "whom", "whose" or "which") that token t, the act, is outside of:
// the clause opens after t, or it closes before t, at a comma when it
// opened after one, or where the main verb's "was" or "were" begins.
// Grammar.
func relativeAside(toks []text.Token, k, t int) bool {
	w := -1
	for j := k - 1; j >= 0; j-- {
		n := toks[j].Norm
		if n == "." || n == ";" || n == ":" {
			break
		}
		if n == "who" || n == "whom" || n == "whose" || n == "which" {
			w = j
			break
		}
	}
	switch {
	case w < 0:
		return false
	case t < w:
		return true
	case t > k:
		// Closed before t by a comma it opened after ("X, who were
		// formerly ..., attacked"), or by the main verb's auxiliary ("X
		// who ran the previous month was killed").
		for j := k + 1; j < t; j++ {
			switch toks[j].Norm {
			case ",":
				if w > 0 && toks[w-1].Norm == "," {
					return true
				}
			case "was", "were":
				return true
			}
		}
	}
	return false
}

// mentionReason tells, from the words of a mention's sentence, that it is
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
	case (set.has(cueResult) || set.has(cueSports)) && dc.score(i, r.Doc.Sentences[i].Tokens),
		set.has(cueSports) && dc.gameReport(r):
		// ...and on the page of a game's result, a sentence of sport
		// ("the winning goal came after a long attack down the wing")
		return "a game's result, not conflict"
	case m.Label == "" && (m.Date != nil && m.Date.Span.Start <= m.Trigger.Start && m.Trigger.End <= m.Date.Span.End ||
		m.Class != extract.Agreement && !fighters(m) && (nameWord(r, m) && (!crowd || afterPlainWord(r, m)) || !crowd && namedElsewhere(r, m))):
		// "Battle Creek"; "in March", "a wet March" are a month. A
		// crowd's name is its event ("joined the Global March").
		return nameReason
	case heading(r, m) || len(r.Doc.Sentences) >= 6 && titleCase(&r.Doc.Sentences[i]):
		return "a heading, not a sentence"
	case !crowd && len(r.Doc.Sentences) >= 6 && m.Date == nil && m.Class != extract.Kill && m.Class != extract.Injure && describesPeople(r, m):
		// A victim's death so told is the toll: "1 driver who was killed".
		return "tells who people are, not the news"
	case set.has(cueToll) && (m.Killed != nil || plural(r, m)),
		!crowd && set.has(cueSpate) && i > 0 && plural(r, m) && !(m.Date != nil && m.Date.Precision == 1) && dc.before(i, cueSpate, t),
		m.Killed != nil && m.Killed.Low >= 1000 && m.Date == nil && (m.Class == extract.Kill || m.Class == extract.Injure):
		// (thousands dead told with no act and no day of their own, "more
		// than 39,000 Palestinians have been killed": a war's count)
		return "a toll over a period, not one event"
	case set.has(cueHabitual) && !crowd && !m.Classes.Has(extract.Intervene),
		set.has(cueHabitual) && crowd && i > 0 && plural(r, m) && !dayDated(m) && !m.Classes.Has(extract.Intervene):
		// "Officers have used water cannon on the marchers": breaking up
		// a crowd is told in the perfect as news, like the crowd itself;
		// "similar protests have spread across campuses in recent weeks"
		// after the lead are many crowds, none of them told.
		return "what happens often, not one event"
	case len(r.Doc.Sentences) >= 6 && countOfEvents(r, m) && (set.has(cueTotal) || set.has(cueToll) || m.Date != nil && m.Date.Precision >= 3):
		// Over a period or summed up: "a total of 563 strikes", "54
		// strikes in 2009". A day's "120 air strikes" are news.
		return countReason
	case (len(r.Doc.Sentences) >= 6 || len(r.Doc.Sentences) >= 3 && len(m.Places) == 0 && i > 0) && m.Class == extract.Deploy &&
		(set.has(cueSecurity) || m.Agent != nil && m.Agent.Entry != nil && m.Agent.Entry.Role == actor.Police || policeSaid(m)):
		return "a security measure, not a change in what a force does"
	case len(r.Doc.Sentences) >= 6 && comparative(r, m):
		return countReason
	case !crowd && mishapClass(m.Class) && !m.Classes.Any(extract.Protest, extract.Riot, extract.Mob) &&
		(set.has(cueMishap) && !doerNamed(m) || dc.mishap && m.Sentence > 0 && !fighters(m) && !dc.violent[i]):
		// Beside its headline's accident, a sentence's speaker ("the
		// trooper said") is no doer.
		return mishapReason
	case !crowd && (nominal && set.has(cueLegal) && !dc.onlySource(r, m, cueLegal) || dc.governs(i, cueLegal, t) || dc.chargeSheet(r, m) || dc.chargeName(m)) &&
		!dc.armedAccused(r, m):
		return legalReason
	case !crowd && nominal && set.has(cueStatement) && !dayDated(m) && !(m.Date != nil && m.Date.Precision == 1 && m.Killed != nil) &&
		(dc.before(i, cueStatement, t) || m.Killed == nil && m.Injured == nil):
		// ("to bury the 19 people killed in Sunday's bombing": a day and a
		// toll of its own, news of the days before the funeral)
		// "On 31 August, ... returning from a funeral": a day of its own is
		// news; so is a blast among mourners told with its toll before the
		// funeral is named ("a bomber blew himself up among mourners at a
		// funeral, killing 25")
		return reactionReason
	case !crowd && i > 0 && !indefinite(r.Doc.Sentences[i].Tokens, t) && c.claimedObject(r.Doc.Sentences[i].Tokens, t):
		// After the report's first sentence, "the group claimed the attack
		// on Wednesday" points at an attack told before it; its day is
		// the claim's.
		return attributionReason
	case !crowd && (nominal && dc.governs(i, cueResponsibility, t) && (len(r.Doc.Sentences) >= 6 || !indefinite(r.Doc.Sentences[i].Tokens, t)) ||
		len(r.Doc.Sentences) >= 6 && c.claimedObject(r.Doc.Sentences[i].Tokens, t)) && !(m.Date != nil && m.Date.Anchor == timex.Relative && m.Date.Precision <= 2 && !c.claimDated(r.Doc.Sentences[i].Tokens, m) && !toldEarlier(r, m)):
		// A note that claims "a raid on a lorry that left nine dead" tells
		// the attack; "claimed the attack" points at one told elsewhere.
		return attributionReason
	case nominal && dc.recallOutside(r, i, t, -1) && !dayDated(m) || dc.recallOutside(r, i, t, 8) ||
		!crowd && len(r.Doc.Sentences) >= 3 && dc.recalledClause(r, i, t):
		// ...or any act a relative clause tells after it in an article
		// ("to mark the anniversary of the siege in which 330 died").
		// A noun of the event in a sentence that recalls the past, unless
		// the event has a day of its own ("On 4 June, a protest ... for a
		// man detained the night before").
		return recalledReason
	case sincePerfect(r.Doc.Sentences[i].Tokens, t) && !(m.Date != nil && m.Date.Anchor == timex.Relative) && !freshMention(r, m),
		yearsSince(r.Doc.Sentences[i].Tokens, t):
		return recalledReason
	case perfectSince(r.Doc.Sentences[i].Tokens, t):
		return "a state that has lasted since a time, not one event"
	}
	return ""
}

// claimedObject tells whether the noun at t is what a verb of claiming
// takes as its object: "Al Shabaab claimed both attacks", "claimed the
// bombing" (who did it, not the act; "claimed to have shot down a
// helicopter" claims an act and is read as one). Grammar. Only in an
// article, which tells the act itself elsewhere: a brief that says only
// that a group claimed an attack reports that attack.
func (c *Coder) claimedObject(toks []text.Token, t int) bool {
	for k := t - 1; k >= 0 && k >= t-3; k-- {
		n := toks[k].Norm
		switch {
		case c.words.ClaimVerb.Has(n):
			return true
		case n == "the" || n == "both" || n == "all" || n == "a" || n == "an" || n == "its" || n == "their" || toks[k].Kind == text.Number:
		default:
			return false
		}
	}
	return false
}

// claimDated tells whether a mention's date comes after a word of where a
// claim is made ("claimed the attack in a statement on Monday"): the day
// is the claim's, and the act it names may be older.
func (c *Coder) claimDated(toks []text.Token, m *extract.Mention) bool {
	for k := m.End; k < m.Date.Start && k < len(toks); k++ {
		if c.words.ClaimMedium.Has(toks[k].Norm) {
			return true
		}
	}
	return false
}

// indefinite tells whether the noun at t opens with "a" or "an" a few
// words before it ("an attack", "a deadly suicide bombing"): an event
// introduced, not one pointed back at.
func indefinite(toks []text.Token, t int) bool {
	for k := t - 1; k >= 0 && k >= t-3; k-- {
		switch n := toks[k].Norm; {
		case n == "a" || n == "an":
			return true
		case toks[k].Kind != text.Word || n == "the" || n == "its" || n == "their" || n == "this" || n == "that" || n == "for":
			return false
		}
	}
	return false
}

// sincePerfect tells whether the trigger at t is told in a since-clause of
// a perfect tense: "France has been on alert since militants attacked
// Paris". What began a state that lasts is not the news, unless it is
// dated as fresh ("has been shut since Monday's attack").
func sincePerfect(toks []text.Token, t int) bool {
	j := sinceBefore(toks, t, 15)
	for k := j - 1; j > 0 && k >= 0 && k >= j-8; k-- {
		switch toks[k].Norm {
		case "has", "have", "had":
			return true
		}
	}
	return false
}

// sinceBefore is the token of the "since" nearest before the trigger at t,
// within n tokens and no bracket or semicolon between, or -1.
func sinceBefore(toks []text.Token, t, n int) int {
	for j := t - 1; j > 0 && j >= t-n; j-- {
		switch toks[j].Text {
		case ";", ":", "(", ")":
			return -1
		}
		if toks[j].Norm == "since" {
			return j
		}
	}
	return -1
}

// yearsSince tells whether the trigger at t follows "since" after years
// counted: "Spain marked 20 years on Monday since bombs exploded on four
// trains", "two decades since the massacre". Whatever day the sentence
// gives is the marking's.
func yearsSince(toks []text.Token, t int) bool {
	j := sinceBefore(toks, t, 30)
	if j < 0 {
		return false
	}
	for k := j + 1; k < t; k++ {
		if toks[k].Text == "," && !(k+1 < len(toks) && strings.HasSuffix(toks[k+1].Norm, "ing")) {
			// "Five years since the war began, rebels attacked ...": the
			// clause has closed; ", killing 191 people" goes on with it.
			return false
		}
	}
	for k := j - 1; k >= 0 && k >= j-4; k-- {
		switch toks[k].Norm {
		case "years", "decades", "decade", "months":
			return true
		}
	}
	return false
}

// perfectSince tells whether the trigger at t is what a perfect tense
// says has gone on since a time: "protests have swept the country since
// the death of a student", "the city has been rocked by clashes since
// 2 May". The since-phrase dates the start of a state, not an event;
// "have since fled" is an adverb.
func perfectSince(toks []text.Token, t int) bool {
	perfect := false
	for k := max(0, t-6); k < len(toks) && k <= t+10; k++ {
		switch toks[k].Text {
		case ";", ":", "(", ")", ",":
			if k > t {
				return false
			}
			if k < t {
				perfect = false
			}
			continue
		}
		switch n := toks[k].Norm; {
		case k > t && (n == "who" || n == "whom" || n == "whose"):
			return false // a relative clause's own perfect: "a trader who had been held since May"
		case n == "has" || n == "have" || n == "had":
			perfect = true
		case n == "since" && k > t && perfect && toks[k-1].Norm != "has" && toks[k-1].Norm != "have" && k+1 < len(toks) && toks[k+1].Kind != text.Punct:
			return true
		}
	}
	return false
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

// mishapClass tells whether a trigger class is a harm an accident, a
// disaster or an animal also does: a death, a wound, a blow, damage.
func mishapClass(c extract.Class) bool {
	switch c {
	case extract.Kill, extract.Injure, extract.Shoot, extract.Attack, extract.Clash, extract.Beat, extract.Vandal, extract.Arson:
		return true
	}
	return false
}

// mishapReason is why a harm told beside an accident or a disaster is left out.
const mishapReason = "an accident or a disaster, not violence"

// nameReason is why a trigger inside a proper name is left out.
const nameReason = "a word of a name, not an event"

// nameWord tells whether a mention's trigger is a word of a proper name
// ("Battle Ground Academy", "the Slaughter House", "gets Target reward"):
// capitalised inside a sentence that is not written as a title, after a
// word that does not open a sentence or a clause. Grammar of the page.
func nameWord(r *extract.Result, m *extract.Mention) bool {
	s := &r.Doc.Sentences[m.Sentence]
	if m.Start < 1 || m.Start >= len(s.Tokens) || titleCase(s) {
		return false
	}
	t, prev := &s.Tokens[m.Start], &s.Tokens[m.Start-1]
	if !t.Cap || t.Kind != text.Word || strings.ToLower(t.Text[1:]) != t.Text[1:] || strings.Contains(t.Text, "-") || prev.Kind != text.Word {
		// "ATTACK", "IEDs", "Taliban-planted" (a hyphen is no letter), or
		// after a colon, a dash or a quotation mark: a sentence's first word
		return false
	}
	return true
}

// namedElsewhere tells whether a sentence's first word, a trigger, is a
// word the page writes as a name inside another sentence: "shoppers who
// use a Target card ... Target will donate" is the store at the start of a
// sentence too.
func namedElsewhere(r *extract.Result, m *extract.Mention) bool {
	if m.Start != 0 || m.End != 1 {
		return false
	}
	w := r.Doc.Sentences[m.Sentence].Tokens[0].Text
	for i := range r.Mentions {
		o := &r.Mentions[i]
		if o.Sentence != m.Sentence && o.End == o.Start+1 && r.Doc.Sentences[o.Sentence].Tokens[o.Start].Text == w && nameWord(r, o) {
			return true
		}
	}
	return false
}

// describesPeople tells whether a trigger opens a relative clause that
// says who the people before it are: "nine soldiers who fought or were hurt
// in Chad are being tested", "a soldier who died at home". What
// they once did or suffered, undated, describes them.
func describesPeople(r *extract.Result, m *extract.Mention) bool {
	toks := r.Doc.Sentences[m.Sentence].Tokens
	k := m.Start - 1
	for k >= 0 && (toks[k].Norm == "was" || toks[k].Norm == "were" || toks[k].Norm == "had" || toks[k].Norm == "have" || toks[k].Norm == "been") {
		k--
	}
	if k < 1 || toks[k].Norm != "who" {
		return false
	}
	for i := range m.Actors {
		if a := &m.Actors[i]; a.End == k {
			return true // "troops who", "a soldier who"
		}
	}
	return false
}

// afterPlainWord tells whether a trigger follows a lower-case word that
// does not introduce a noun phrase's name ("a wet March", "since March",
// but not "the Global March", "the March").
func afterPlainWord(r *extract.Result, m *extract.Mention) bool {
	p := &r.Doc.Sentences[m.Sentence].Tokens[m.Start-1]
	if p.Cap || p.Kind != text.Word {
		return false
	}
	switch p.Norm {
	case "the", "a", "an", "this", "that", "their", "its", "his", "her", "our":
		return false
	}
	return true
}

// doerNamed tells whether a mention names who did it, or its sentence
// names a crowd or an armed group ("by rioters", "gunmen"): what they do
// beside an accident is theirs. Police and officials are the ones who tell
// of an accident, or come to it.
func doerNamed(m *extract.Mention) bool {
	return m.Agent != nil && m.Agent.Entry != nil || fighters(m)
}

// fighters tells whether a mention's sentence names an armed group other
// than a state's forces, a crowd or assailants.
func fighters(m *extract.Mention) bool {
	if m.Agent != nil && fighterRole(m.Agent.Entry) {
		return true
	}
	for i := range m.Actors {
		if fighterRole(m.Actors[i].Entry) {
			return true
		}
	}
	return false
}

func fighterRole(e *actor.Entry) bool {
	return e != nil && (e.Role.Armed() && !e.Role.State() || e.Role == actor.Rioters || e.Role == actor.Protesters || e.Role == actor.Assailant)
}

// ordinaryArrest tells whether a candidate is an arrest of civilians in
// sentences that name an ordinary crime ("arrested on burglary charges",
// "booked after drugs were found"): police work, not a political arrest.
func ordinaryArrest(dc *docCues, k *candidate) bool {
	if k.ev.SubEventType != event.Arrests || !strings.HasPrefix(k.ev.Actor2, "Civilians") {
		// Or any event an arrest heads ("was held on fraud
		// charges"), when no armed group or crowd is named.
		if k.f.head().Class != extract.Arrest || k.f.classes.Any(extract.Protest, extract.Strike, extract.Riot, extract.Mob) || slices.ContainsFunc(k.f.ms, fighters) {
			return false
		}
	}
	// The headline names the crime for the whole page.
	if len(dc.sets) > 1 && dc.sets[0].has(cueOffence) {
		return true
	}
	for _, m := range k.f.ms {
		if dc.sets[m.Sentence].has(cueOffence) {
			return true
		}
	}
	return false
}

// ordinaryReason is why an arrest for an ordinary crime is left out.
const ordinaryReason = "an arrest for an ordinary crime, not a political one"

// countReason is why a count or a comparison of many events is left out.
const countReason = "a count of many events, not one"

// legalReason is why a mention in a trial, a charge or an investigation
// is left out.
const legalReason = "named in a trial, charge or investigation"

const reactionReason = "named in a reaction to it"

const recalledReason = "recalled from the past"

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
func (c *Coder) instrumentOnly(r *extract.Result, dc *docCues, k *candidate) bool {
	if k.ev.FatalitiesLow > 0 || k.ev.Injuries != nil || kin(k.ev.SubEventType) != "harm" {
		return false // an arrest or a protest over a drone is no weapon named
	}
	if remote(k.ev.SubEventType) && strings.HasPrefix(k.ev.Actor1, "Civilians") {
		return true // people who fly a drone strike nothing
	}
	head := k.f.head().Class
	for _, m := range k.f.ms {
		if m.Class != head {
			continue // what else the frame tells does not make its weapon used
		}
		if !c.weaponNamed(r, dc, m) {
			return false
		}
	}
	return true
}

// instrumentReason is why a weapon only named is left out.
const instrumentReason = "names a weapon or a doer, not the act"

// weaponNamed tells whether a mention's trigger only names a weapon or a
// doer ("drones", "the bomber") in a sentence that tells no use of it.
func (c *Coder) weaponNamed(r *extract.Result, dc *docCues, m *extract.Mention) bool {
	for _, mt := range dc.matches[m.Sentence] {
		if mt.Value == cueProgramme && mt.Start == m.End {
			return true // "the drone programme", "drone warfare": a topic, whatever the sentence says
		}
		if mt.Value == cueProgramme && mt.End == m.Start-1 && m.Start >= 1 {
			switch r.Doc.Sentences[m.Sentence].Tokens[m.Start-1].Norm {
			case "for", "of", "on":
				return true // "the market for drones", "regulations on drones"
			}
		}
	}
	if dc.used(r, m.Sentence) {
		return false
	}
	for _, mt := range dc.matches[m.Sentence] {
		if (mt.Value == cueInstrument || mt.Value == cueAgentNoun) && mt.Start <= m.Start && mt.End >= m.End {
			return true
		}
	}
	return false
}

// remote sub-types are fired from afar: a civilian flies no air strike.
func remote(s event.SubType) bool { return s == event.AirDroneStrike || s == event.Shelling }

// used tells whether sentence i tells a weapon used: a verb of use not
// put as an aim, a prospect or a near miss ("to launch attacks", "could
// fire", "nearly downed").
func (dc *docCues) used(r *extract.Result, i int) bool {
	for _, mt := range dc.matches[i] {
		if mt.Value != cueUse {
			continue
		}
		aim := false
		for k := mt.Start - 1; k >= 0 && k >= mt.Start-2 && !aim; k-- {
			switch r.Doc.Sentences[i].Tokens[k].Norm {
			case "to", "could", "would", "can", "will", "might", "may", "nearly", "almost", "potential", "possible", "future":
				aim = true // "to launch attacks", "was nearly downed", "potential terrorist attacks"
			case "have", "has", "had", "been":
				k = -1 // "claimed to have shot down": done
			}
		}
		if !aim {
			return true
		}
	}
	return false
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

// comparative tells whether a plural trigger is compared as a count:
// "ten times more air strikes than under his predecessor", "more strikes
// in his first year than".
func comparative(r *extract.Result, m *extract.Mention) bool {
	if !plural(r, m) {
		return false
	}
	toks := r.Doc.Sentences[m.Sentence].Tokens
	more := false
	for i := m.Start - 1; i >= 0 && i >= m.Start-3; i-- {
		switch toks[i].Norm {
		case "more", "fewer", "less":
			more = true
		}
	}
	if !more {
		return false
	}
	for i := m.End; i < len(toks); i++ {
		if toks[i].Norm == "than" {
			return true
		}
	}
	return false
}

// plural tells whether a mention's trigger is a plural noun: "attacks", "strikes".
func plural(r *extract.Result, m *extract.Mention) bool {
	return pluralEnd(r.Doc.Sentences[m.Sentence].Tokens, m.End)
}

// pluralEnd tells whether the word ending at token end looks plural.
func pluralEnd(toks []text.Token, end int) bool {
	if end < 1 || end > len(toks) {
		return false
	}
	w := toks[end-1].Norm
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

// Reasons a mention is left out that still tell of the article's events.
const (
	contextReason   = "the article's lead reports no event: this is context"
	quotedReason    = "told only in a quotation"
	bareDeathReason = "a death or wound told with no act of its own"
	// "No one has claimed the bombing that killed three": who did it is
	// not known, but what it did is the event's.
	attributionReason = "an attribution of a known event, not the event"
)

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
			k.reason = contextReason
		}
	}
}

// headlineGate leaves out what an article tells below a headline of a
// trial, an inquiry or a funeral ("Jury charges farmer over spring
// shooting", "Mourners bury three slain guards"): the page follows
// the court or the mourners, and the violence it names is their subject,
// not its news. A crowd, an arrest, and a mention dated by the report's
// own clock ("on Monday") still count.
func headlineGate(r *extract.Result, dc *docCues, cands []*candidate) {
	if len(r.Doc.Sentences) < 6 || !(dc.sets[0].has(cueLegal) || dc.sets[0].has(cueStatement)) {
		return
	}
	for _, k := range cands {
		if k.reason == "" && !k.fresh && kin(k.ev.SubEventType) != "protest" && kin(k.ev.SubEventType) != "riot" && k.ev.SubEventType != event.Arrests {
			k.reason = headlineReason
		}
	}
}

// headlineReason is why headlineGate leaves a mention out.
const headlineReason = "the headline tells of a trial, an inquiry or a funeral: this is its subject"

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

// gameReport tells whether a page gives a game's result (a score in a
// sentence of sport).
func (dc *docCues) gameReport(r *extract.Result) bool {
	if dc.game == 0 {
		dc.game = -1
		for i := range dc.sets {
			if (dc.sets[i].has(cueResult) || dc.sets[i].has(cueSports)) && dc.score(i, r.Doc.Sentences[i].Tokens) {
				dc.game = 1
				break
			}
		}
	}
	return dc.game == 1
}

// score tells whether sentence i gives a game's score: "3-1", "2 – 0",
// two small numbers joined by a dash at the end of a clause or before
// what follows a result ("4-0 at home", "a 2-1 win"), not a count of
// people ("10-12 supporters") or a span of days ("1-2 March").
func (dc *docCues) score(i int, toks []text.Token) bool {
	small := func(s string) bool { return len(s) <= 2 && s != "" && strings.Trim(s, "0123456789") == "" }
	for k := range toks {
		t := &toks[k]
		if t.Kind != text.Number {
			continue
		}
		a, b, ok := strings.Cut(t.Norm, "-")
		end := k + 1
		if !ok && k+2 < len(toks) && toks[k+1].Norm == "-" && toks[k+2].Kind == text.Number {
			a, b, ok, end = t.Norm, toks[k+2].Norm, true, k+3
		}
		if !ok || !small(a) || !small(b) || k > 0 && text.Month(toks[k-1].Norm) != 0 {
			continue // ("November 8-9": days)
		}
		if end >= len(toks) || toks[end].Kind != text.Word {
			return true
		}
		for _, m := range dc.matches[i] {
			if m.Start == end && (m.Value == cueScoreAfter || m.Value == cueResult || m.Value == cueSports) {
				return true
			}
		}
	}
	return false
}

// toldEarlier tells whether an act of m's class was told in an earlier
// sentence on an earlier day: "An explosion ... on Monday night killed 22
// ... Islamic State claimed responsibility for the bombing on Tuesday" —
// Tuesday is the claim's day, not the bombing's.
func toldEarlier(r *extract.Result, m *extract.Mention) bool {
	if m.Date == nil || !m.Date.Resolved() {
		return false
	}
	for i := range r.Mentions {
		o := &r.Mentions[i]
		if o.Sentence >= m.Sentence || family(o.Class) != family(m.Class) || o.Date == nil || !o.Date.Resolved() || o.Date.Precision != 1 {
			continue
		}
		if o.Date.Day.Before(m.Date.Day) {
			return true
		}
	}
	return false
}

// armedAccused tells whether the only legal words of a page are an armed
// or state actor "accused of" the act ("Soldiers accused of raping women in
// Tigray village"): an allegation of violence, which is reported, not a
// charge in court.
func (dc *docCues) armedAccused(r *extract.Result, m *extract.Mention) bool {
	toks := r.Doc.Sentences[m.Sentence].Tokens
	at := -1 // where "accused of" begins
	for i := range dc.matches {
		for _, mt := range dc.matches[i] {
			if mt.Value != cueLegal {
				continue
			}
			if i != m.Sentence || mt.End-mt.Start != 2 || toks[mt.Start].Norm != "accused" {
				return false // a court, a charge, a trial anywhere: the legal reading stands
			}
			at = mt.Start
		}
	}
	if at < 0 {
		return false
	}
	// Who is accused: the actor right before it ("soldiers were accused of").
	for i := range m.Actors {
		a := &m.Actors[i]
		if a.End <= at && at-a.End <= 2 && a.Entry != nil && (a.Entry.Role.Armed() || a.Entry.Role.State()) {
			return true
		}
	}
	return false
}
