// Package extract reads what happened in a report: per clause, the trigger
// words of an event, who did it to whom, where, when, how many were killed or
// hurt, and who says so and how firmly. It is pure: text in, findings out;
// package code codes the findings as ACLED events.
package extract

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/geoparse"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/quantity"
	"github.com/sitrep/sitrep/internal/text"
	"github.com/sitrep/sitrep/internal/timex"
)

// Extractor reads reports. It is immutable and safe for concurrent use.
type Extractor struct {
	triggers *lexicon.Matcher[Class]
	cues     *lexicon.Matcher[Cue]
	labels   map[string]event.SubType // "arrests" → "Arrests"
	Actors   *actor.Registry
	Gaz      *gazetteer.Gazetteer
	places   *geoparse.Parser
	numbers  *quantity.Lexicon
	dates    *timex.Lexicon
	lex      *lex         // the word classes of words.txt
	coding   *CodingWords // the lists of words.txt package code reads
	// vocab numbers the words of every phrase matcher (triggers, cues,
	// actors, and package code's article cues), so that each sentence's
	// words are looked up once for all of them.
	vocab *lexicon.Vocab
	// countries remembers countryWord's answers: the gazetteer never
	// changes, and the same capitalised words come before actors again and
	// again.
	countries *wordCache
	// misspelt maps slips of long trigger words to the word (misspelt.go).
	misspelt map[string]string
}

// New returns an extractor reading lexicons from the embedded defaults and
// userDir (may be ""), and places from g.
func New(g *gazetteer.Gazetteer, userDir string) (*Extractor, error) {
	v := lexicon.NewVocab()
	x := &Extractor{
		vocab:     v,
		triggers:  lexicon.NewMatcherIn[Class](v),
		cues:      lexicon.NewMatcherIn[Cue](v),
		labels:    map[string]event.SubType{},
		Gaz:       g,
		countries: &wordCache{},
	}
	lines, err := lexicon.Read("triggers.txt", userDir)
	if err != nil {
		return nil, err
	}
	var forms []string // the triggers' single words, for their misspellings
	for _, l := range lines {
		if len(l.Fields) != 2 {
			return nil, l.Err("want class and phrases")
		}
		c, ok := classNamed(l.Fields[0])
		if !ok {
			return nil, l.Err("unknown class %q", l.Fields[0])
		}
		for _, p := range lexicon.Alternatives(l.Fields[1]) {
			x.triggers.Add(p, c)
			if f := text.Fold(p); c != None && plainWord(f) {
				forms = append(forms, f)
			}
		}
	}
	if lines, err = lexicon.Read("cues.txt", userDir); err != nil {
		return nil, err
	}
	for _, l := range lines {
		c, ok := cueNames[l.Fields[0]]
		if len(l.Fields) != 2 || !ok {
			return nil, l.Err("want a cue class (hedge, attrib, sayverb, negation, denial, irrealis, framing) and phrases")
		}
		for _, p := range lexicon.Alternatives(l.Fields[1]) {
			x.cues.Add(p, c)
		}
	}
	if lines, err = lexicon.Read("labels.txt", userDir); err != nil {
		return nil, err
	}
	for _, l := range lines {
		if len(l.Fields) != 2 {
			return nil, l.Err("want label and sub-event type")
		}
		sub := event.SubType(l.Fields[1])
		if !sub.Valid() {
			return nil, l.Err("%q is not one of ACLED's sub-event types", l.Fields[1])
		}
		x.labels[text.Fold(l.Fields[0])] = sub
	}
	if x.Actors, err = actor.Load(userDir, v); err != nil {
		return nil, err
	}
	if x.places, err = geoparse.New(g, geoparse.Options{Dir: userDir}); err != nil {
		return nil, err
	}
	if x.numbers, err = quantity.Load(userDir); err != nil {
		return nil, err
	}
	if x.dates, err = timex.Load(userDir); err != nil {
		return nil, err
	}
	if x.lex, x.coding, err = loadWords(userDir, v); err != nil {
		return nil, err
	}
	x.lex.countedPerson = x.numbers.Person
	x.lex.demonym = func(w string) bool {
		// "Kenyans", "Somalis", "Afghans": the people of a nation, counted.
		return x.countryWord(w) != "" || len(w) > 3 && strings.HasSuffix(w, "s") && x.countryWord(w[:len(w)-1]) != ""
	}
	x.misspelt = misspellings(forms, v, x.lex.misspellingNot)
	return x, nil
}

// Places returns the place parser the extractor reads with.
func (x *Extractor) Places() *geoparse.Parser { return x.places }

// Vocab returns the vocabulary of the extractor's phrase matchers, for
// other matchers of the same sentences (Result.Words are prepared in it).
func (x *Extractor) Vocab() *lexicon.Vocab { return x.vocab }

// CodingWords returns the word lists of words.txt that package code reads,
// loaded with the extractor's other lexicons.
func (x *Extractor) CodingWords() *CodingWords { return x.coding }

// Input is a document to read.
type Input struct {
	ID        string
	Text      string
	Title     string
	Published time.Time // zero when unknown
	// Captured tells that Published is only when a crawler fetched the
	// page, a bound: the report may be older.
	Captured bool
}

// Result is what was read from one document.
type Result struct {
	Doc       *text.Doc
	Published time.Time
	Captured  bool               // Published is a crawl's capture date (see Input)
	Places    []geoparse.Mention // every place mention, resolved where possible
	Mentions  []Mention          // event mentions, in text order
	Country   string             // ISO2 of the country the report is about, "" if unclear
	// DefaultDate is the date of events the text does not date: a window the
	// report opens with ("during the last few days"), else the publication
	// date at precision 2, as ACLED codes "as reported on". Zero if neither.
	DefaultDate     time.Time
	DefaultPrec     int
	DefaultDateSpan *text.Span // the words it came from; nil when it is the publication date
	// FatalitiesCoded is a coder's explicit figure ("Fatalities coded as 0"), or -1.
	FatalitiesCoded int
	// DominantArmed is the non-state armed group the report names most, for
	// "militants" and brands that stand for it.
	DominantArmed *actor.Entry
	// Unread counts the sentences not read: of paragraphs that repeat an
	// earlier one, and past MaxSentences. Doc holds only those read.
	Unread int
	// Words are the sentences prepared for phrase matchers of the
	// extractor's vocabulary (Extractor.Vocab), one per sentence.
	Words []lexicon.Words
}

// Extract reads one document.
func (x *Extractor) Extract(in Input) *Result {
	d, unread := readable(text.Analyze(in.Text))
	x.respell(d)
	if dl := x.dateline(d, in.Published); !dl.IsZero() && (in.Published.IsZero() || !believable(in.Published, dl)) {
		// The report's own date, when the metadata has none or one the
		// report contradicts by more than a year (a 1970-01-01 default).
		in.Published, in.Captured = dl, false
	}
	r := &Result{Doc: d, Published: in.Published, Captured: in.Captured, FatalitiesCoded: -1, Unread: unread, Words: x.vocab.PrepareAll(d)}
	sents := make([]*sentence, len(d.Sentences))
	war := x.warStrikes(d)
	for i := range d.Sentences {
		sents[i] = x.analyse(d, i, &r.Words[i], in.Published, war)
	}
	if war == 0 && strikesTold(sents) {
		// A strike of war told by its sentence ("US and British forces
		// carried out strikes") tells those no word near tells ("The
		// strikes hit radar sites"), when no strike of labour is told.
		for i, s := range sents {
			if s.strikeUntold {
				sents[i] = x.analyse(d, i, &r.Words[i], in.Published, Shelling)
			}
		}
	}
	r.Places = x.places.ParseHint(d, geoparse.Hint{Country: actorsCountry(sents), Areas: actorsAreas(sents)})
	r.Country = x.focus(r, sents)
	for i := range r.Places {
		s := sents[r.Places[i].Sentence]
		s.places = append(s.places, i)
	}
	for _, s := range sents {
		inPlaceNames(r, s)
	}
	groupAnaphora(r, sents)
	for _, s := range sents {
		x.countryActors(r, s)
		for i := range s.actors {
			s.actors[i].Entry = x.Actors.InCountry(s.actors[i].Entry, r.Country)
		}
	}
	bomberSense(sents)
	r.DominantArmed = dominantArmed(sents, x.coding.ClaimVerb)
	x.defaultDate(r, sents)
	title := titleParagraph(d)
	for _, s := range sents {
		if s.fatalitiesCoded >= 0 {
			r.FatalitiesCoded = s.fatalitiesCoded
		}
		if s.para == 0 && title {
			continue // the headline of a report whose body tells it
		}
		r.Mentions = append(r.Mentions, x.mentions(r, s, sents)...)
	}
	if title && len(r.Mentions) == 0 {
		// A body that tells no act ("LOCATION: Kapelbok in Turkana
		// District") leaves the headline to tell it.
		for _, s := range sents {
			if s.para == 0 {
				r.Mentions = append(r.Mentions, x.mentions(r, s, sents)...)
			}
		}
	}
	return r
}

// strikesTold tells whether sentences tell strikes of war, none of labour,
// and some strike no word near tells.
func strikesTold(sents []*sentence) bool {
	war, untold := false, false
	for _, s := range sents {
		if s.strikeLabour {
			return false
		}
		war, untold = war || s.strikeWar, untold || s.strikeUntold
	}
	return war && untold
}

// actorsCountry is the country where the groups a report names act, by the
// registry ("Awami League", "Turkana raiders"): a prior for the places it
// names, so that a Bangladeshi note's "Magura" is not a Romanian village.
// "" when the report names none or they disagree evenly.
func actorsCountry(sents []*sentence) string {
	count := map[string]int{}
	for _, s := range sents {
		for _, a := range s.actors {
			switch {
			case a.Entry != nil && len(a.Entry.Country) == 2:
				count[a.Entry.Country]++
			case a.Identity != nil && len(a.Identity.Country) == 2:
				count[a.Identity.Country]++
			}
		}
	}
	best, n, tie := "", 0, false
	for c, k := range count {
		switch {
		case k > n:
			best, n, tie = c, k, false
		case k == n:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// groupAnaphora names "the group" ([group-anaphor]) opening a sentence or
// a clause after a comma, once a report has named a non-state armed group:
// that group ("The group said it had targeted army positions"). Not "the
// group of villagers", nor "tensions within the group".
func groupAnaphora(r *Result, sents []*sentence) {
	var last *actor.Entry
	for _, s := range sents {
		for k := 1; last != nil && k < len(s.toks); k++ {
			if s.toks[k-1].Norm != "the" || !s.lex.groupAnaphor.Has(s.toks[k].Norm) || inActorRef(s, k-1, k+1) ||
				k+1 < len(s.toks) && s.toks[k+1].Norm == "of" || k > 1 && s.toks[k-2].Norm != "," {
				continue // (a subject opening the sentence or after a comma: "…, the group said")
			}
			a := ActorRef{Start: k - 1, End: k + 1, Entry: last}
			a.Span = text.Span{Start: s.toks[k-1].Start, End: s.toks[k].End}
			a.Text = r.Doc.Text[s.toks[k-1].Off:s.toks[k].OffEnd]
			i, _ := slices.BinarySearchFunc(s.actors, a.Start, func(b ActorRef, k int) int { return cmp.Compare(b.Start, k) })
			s.actors = slices.Insert(s.actors, i, a)
		}
		for _, a := range s.actors {
			if a.Entry == nil {
				continue
			}
			switch a.Entry.Role {
			case actor.Rebel, actor.Militia, actor.Umbrella, actor.Ethnic:
				last = a.Entry
			}
		}
	}
}

// actorsAreas are the countries where the groups of no one country that
// a report names act (JNIM: Mali, Burkina Faso, Niger…), nil when it names
// none or also names a group of anywhere ("Islamic State").
func actorsAreas(sents []*sentence) []string {
	var areas []string
	for _, s := range sents {
		for _, a := range s.actors {
			if a.Entry == nil || a.Entry.Role.State() || a.Entry.Country != "" {
				continue
			}
			switch a.Entry.Role {
			case actor.Rebel, actor.Umbrella, actor.Militia, actor.Ethnic, actor.External:
				if a.Entry.Areas == nil {
					return nil // a named group of anywhere
				}
			}
			for _, cc := range a.Entry.Areas {
				if !slices.Contains(areas, cc) {
					areas = append(areas, cc)
				}
			}
		}
	}
	return areas
}

// titleParagraph tells whether a text opens with a headline: a short first
// paragraph that does not end a sentence, followed by a body. A note that is
// only a headline ("Pokot raiders kill civilians") is read as it is.
func titleParagraph(d *text.Doc) bool {
	if len(d.Paragraphs) < 2 || len(d.Sentences) < 2 {
		return false
	}
	n, last := 0, ""
	for _, s := range d.Sentences {
		if s.Para != 0 {
			break
		}
		n += len(s.Tokens)
		last = s.Tokens[len(s.Tokens)-1].Text
	}
	switch last {
	case ".", "!", "?", "…":
		return false
	}
	return n <= 30
}

// dateline reads the date a report gives itself at its head: a dateline
// ("KAMPALA, 14 March 2024 —", "ALEPPO, July 21 (Agency) —"), a line of
// its own ("Tuesday 14 March 2017 08:12") or a stamp ("Published March 3,
// 2016"), in its first three sentences. A date without its year takes
// pub's (zero: it is not read). Zero when there is none.
func (x *Extractor) dateline(d *text.Doc, pub time.Time) time.Time {
	for i := range d.Sentences {
		s := &d.Sentences[i]
		if s.Para > 2 || i > 2 {
			break
		}
		toks := s.Tokens
		for _, e := range x.dates.Find(toks, pub, timex.Options{}) {
			if !e.Resolved() || e.Precision != 1 || e.Start > 6 || e.Anchor == timex.Relative {
				continue
			}
			if e.End == len(toks) || stamped(toks, e.Start) || isTime(toks, e.End) {
				return e.Day // a line of its own, a stamp, a date and its time
			}
			switch toks[e.End].Text {
			case "—", "–", "-", "--", ":", "(", ")", "|":
				return e.Day
			}
		}
	}
	return time.Time{}
}

// inPlaceNames drops the actors that are a word of a longer place name:
// "Afar" in "Tal Afar" is the town, not the people.
func inPlaceNames(r *Result, s *sentence) {
	out := s.actors[:0]
	for _, a := range s.actors {
		inside := false
		for _, pi := range s.places {
			p := &r.Places[pi]
			if p.Resolved && p.Span.Start <= a.Span.Start && a.Span.End <= p.Span.End && p.Span.End-p.Span.Start > a.Span.End-a.Span.Start {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, a)
		}
	}
	s.actors = out
}

// stamped tells whether the words before token i stamp a page's date:
// "Published", "Updated", "Posted on". Closed class, in Go.
func stamped(toks []text.Token, i int) bool {
	for j := max(0, i-3); j < i; j++ {
		switch toks[j].Norm {
		case "published", "updated", "posted", "dated", "last updated":
			return true
		}
	}
	return false
}

// isTime tells whether token i starts a clock time: "08:12", "08.12 GMT".
func isTime(toks []text.Token, i int) bool {
	if i >= len(toks) || toks[i].Kind != text.Number {
		return false
	}
	if t := toks[i].Text; strings.ContainsAny(t, ":.") {
		return true
	}
	return i+2 < len(toks) && (toks[i+1].Text == ":" || toks[i+1].Text == ".") && toks[i+2].Kind == text.Number
}

// believable tells whether a metadata date can be the report's when the
// report dates itself dl: within a year of it, and not an epoch default.
func believable(meta, dl time.Time) bool {
	if meta.Year() <= 1970 {
		return false
	}
	d := meta.Sub(dl)
	return d < 366*24*time.Hour && d > -366*24*time.Hour
}

func (c Classes) Format(f fmt.State, verb rune) { fmt.Fprint(f, c.String()) }

// bomberSense reads "the bomber" after a suicide attack was told as the
// suicide bomber, not an aircraft: "26 people and the bomber were killed".
func bomberSense(sents []*sentence) {
	suicide := false
	for _, s := range sents {
		for i := range s.triggers {
			t := &s.triggers[i]
			switch {
			case t.Class == Suicide && !t.Negated && !t.Irrealis:
				suicide = true
			case suicide && t.Class == Air && t.End-t.Start == 1:
				if n := s.toks[t.Start].Norm; n == "bomber" || n == "bombers" {
					t.Class = Suicide
				}
			}
		}
	}
}
