// Package evaluate scores sitrep's output against the gold files of
// ../shared/eval exactly as their README describes. It reads gold data and
// predictions; running the pipeline is the caller's business.
package evaluate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/sitrep/sitrep/internal/event"
)

// GoldDoc is a gold document: an input document with its coded events.
type GoldDoc struct {
	ID        string  `json:"id"`
	Text      string  `json:"text"`
	Published *string `json:"published"`
	URL       string  `json:"url"`
	Outlet    string  `json:"outlet"`
	Author    string  `json:"author"`
	Title     string  `json:"title"`
	Set       string  `json:"set"`
	// Relevant is false for an article that reports no event at all
	// (news-dev): any event read from it is a false alarm. nil: not said.
	Relevant *bool       `json:"relevant"`
	Events   []GoldEvent `json:"events"`
}

// GoldEvent is one coded row.
type GoldEvent struct {
	EventType     string   `json:"event_type"`
	SubEventType  string   `json:"sub_event_type"`
	EventDate     string   `json:"event_date"`
	TimePrecision int      `json:"time_precision"`
	Actor1        string   `json:"actor1"`
	Actor2        string   `json:"actor2"`
	Inter1        *int     `json:"inter1"`
	Inter2        *int     `json:"inter2"`
	Country       string   `json:"country"`
	Admin1        string   `json:"admin1"`
	Location      string   `json:"location"`
	Latitude      *float64 `json:"latitude"`
	Longitude     *float64 `json:"longitude"`
	GeoPrecision  int      `json:"geo_precision"`
	Fatalities    int      `json:"fatalities"`
	FatalitiesLow *int     `json:"fatalities_low"`
	Hedged        *bool    `json:"hedged"`
	Optional      bool     `json:"optional"`
	Actor2Missing *bool    `json:"actor2_missing"`
}

// ReadGold reads a gold file: one JSON document a line, or one JSON document.
func ReadGold(path string) ([]GoldDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var docs []GoldDoc
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	for n := 1; ; n++ {
		var d GoldDoc
		if err := dec.Decode(&d); err != nil {
			if err.Error() == "EOF" {
				return docs, nil
			}
			return nil, fmt.Errorf("%s: document %d: %w", path, n, err)
		}
		docs = append(docs, d)
	}
}

// Monadic tells whether a gold document comes from an export with one row
// per actor (the Bangladesh export: actor2 missing, each side its own row).
func (d *GoldDoc) Monadic() bool {
	for _, e := range d.Events {
		if e.Actor2Missing != nil && *e.Actor2Missing {
			return true
		}
	}
	return false
}

// EventScore is the event-extraction score.
type EventScore struct {
	Docs, Gold, Pred      int
	TP, FP, FN            int
	Precision, Recall, F1 float64
	SubtypeAcc            Ratio
	Loc25Acc              Ratio
	Admin1Acc             Ratio
	DateAcc               Ratio
	InteractionAcc        Ratio
	ActorAcc              Ratio
	StrictTP              int
	StrictF1              float64
	DocFatalitiesExact    Ratio
	// DocFatalitiesWithin20 is the share of documents whose gold has deaths
	// where the predicted deaths, summed, are within 20 % of gold's sum.
	DocFatalitiesWithin20 Ratio
	// GoldEvents and PredEvents count all events per document, optional
	// gold ones included, for events_per_doc.
	GoldEvents, PredEvents int
	// IrrelevantFalseAlarm is the share of documents marked relevant:
	// false that still yield an event.
	IrrelevantFalseAlarm Ratio
	DatedDocsDateAcc     Ratio // date_acc on documents whose text or metadata gives a date at all
	Subtypes             map[string]*Confusion
	Misses               []Miss // unpaired gold and predictions, for error analysis
}

// Ratio is a share: Hits of N.
type Ratio struct{ Hits, N int }

func (r Ratio) Value() float64 {
	if r.N == 0 {
		return math.NaN()
	}
	return float64(r.Hits) / float64(r.N)
}

func (r *Ratio) add(ok bool) {
	r.N++
	if ok {
		r.Hits++
	}
}

// Confusion counts, per gold sub-type, the sub-types predicted for it.
type Confusion struct {
	Gold, Paired int
	Predicted    map[string]int
}

// Miss is an unpaired gold or predicted event.
type Miss struct {
	DocID string
	Gold  bool // a missed gold event, else a false positive
	Type  string
	Sub   string
	// Read is set on a gold event that was found with another sub-type:
	// the sub-type read. Such an event counts as found, not missed.
	Read string `json:",omitempty"`
}

// Options change how events are compared.
type Options struct {
	// Monadic splits each two-actor prediction into one row per actor on
	// gold documents from one-row-per-actor exports, so both sides compare
	// like with like. Off is the README's letter; on is fairer to dyadic output.
	Monadic bool
	// Admin1 names the admin-1 region of the populated place nearest a point
	// (country code and admin-1 code are enough); nil skips admin1_acc.
	Admin1 func(lat, lon float64) string
}

// ScoreEvents scores predictions (by document id) against gold documents.
func ScoreEvents(gold []GoldDoc, pred map[string][]event.Event, opt Options) EventScore {
	s := EventScore{Subtypes: map[string]*Confusion{}}
	for i := range gold {
		g := &gold[i]
		p := pred[g.ID]
		if opt.Monadic && g.Monadic() {
			p = monadic(p)
		}
		s.Docs++
		scoreDoc(&s, g, p, opt)
	}
	s.Precision = div(s.TP, s.TP+s.FP)
	s.Recall = div(s.TP, s.TP+s.FN)
	s.F1 = f1(s.Precision, s.Recall)
	s.StrictF1 = f1(div(s.StrictTP, s.TP+s.FP), div(s.StrictTP, s.TP+s.FN))
	return s
}

func monadic(p []event.Event) []event.Event {
	var out []event.Event
	for _, e := range p {
		out = append(out, e)
		if e.Actor2 != "" {
			side := e
			side.Actor1, side.Actor2 = e.Actor2, e.Actor1
			side.Inter1, side.Inter2 = e.Inter2, e.Inter1
			out = append(out, side)
		}
	}
	return out
}

func scoreDoc(s *EventScore, g *GoldDoc, p []event.Event, opt Options) {
	type pair struct {
		gi, pi, agree int
	}
	var pairs []pair
	for gi, ge := range g.Events {
		if ge.Optional {
			continue
		}
		s.Gold++
		if c := s.Subtypes[ge.SubEventType]; c == nil {
			s.Subtypes[ge.SubEventType] = &Confusion{Predicted: map[string]int{}}
		}
		s.Subtypes[ge.SubEventType].Gold++
		_ = gi
	}
	s.Pred += len(p)
	for gi, ge := range g.Events {
		for pi, pe := range p {
			if string(pe.EventType) != ge.EventType {
				continue
			}
			a := 0
			if string(pe.SubEventType) == ge.SubEventType {
				a++
			}
			if near(ge, pe, 25) {
				a++
			}
			if pe.EventDate == ge.EventDate {
				a++
			}
			pairs = append(pairs, pair{gi, pi, a})
		}
	}
	// Greedy: most agreement first, required gold before optional, then order.
	sort.SliceStable(pairs, func(i, j int) bool {
		a, b := pairs[i], pairs[j]
		if a.agree != b.agree {
			return a.agree > b.agree
		}
		ao, bo := g.Events[a.gi].Optional, g.Events[b.gi].Optional
		if ao != bo {
			return !ao
		}
		if a.gi != b.gi {
			return a.gi < b.gi
		}
		return a.pi < b.pi
	})
	gUsed := make([]bool, len(g.Events))
	pUsed := make([]bool, len(p))
	for _, pr := range pairs {
		if gUsed[pr.gi] || pUsed[pr.pi] {
			continue
		}
		gUsed[pr.gi], pUsed[pr.pi] = true, true
		ge, pe := g.Events[pr.gi], p[pr.pi]
		if ge.Optional {
			continue // neither rewarded nor punished
		}
		s.TP++
		c := s.Subtypes[ge.SubEventType]
		c.Paired++
		c.Predicted[string(pe.SubEventType)]++
		subOK := string(pe.SubEventType) == ge.SubEventType
		s.SubtypeAcc.add(subOK)
		if !subOK {
			s.Misses = append(s.Misses, Miss{DocID: g.ID, Gold: true, Type: ge.EventType, Sub: ge.SubEventType, Read: string(pe.SubEventType)})
		}
		locOK := near(ge, pe, 25)
		if ge.Latitude != nil && ge.Longitude != nil {
			s.Loc25Acc.add(locOK)
			if opt.Admin1 != nil {
				ok := pe.Latitude != nil && pe.Longitude != nil &&
					opt.Admin1(*pe.Latitude, *pe.Longitude) == opt.Admin1(*ge.Latitude, *ge.Longitude)
				s.Admin1Acc.add(ok)
			}
		}
		dateOK := pe.EventDate == ge.EventDate
		s.DateAcc.add(dateOK)
		if g.Published != nil || mentionsDate(g.Text) {
			s.DatedDocsDateAcc.add(dateOK)
		}
		if ge.Inter1 != nil && *ge.Inter1 != 0 {
			s.InteractionAcc.add(sameInter(ge, pe))
		}
		if ge.Actor1 != "" && (ge.Actor2Missing == nil || !*ge.Actor2Missing) {
			s.ActorAcc.add(actorsAgree(ge, pe))
		}
		if subOK && locOK && dateOK {
			s.StrictTP++
		}
	}
	optionalTypes := map[string]bool{}
	for gi, ge := range g.Events {
		if ge.Optional {
			optionalTypes[ge.EventType] = true
			continue
		}
		if !gUsed[gi] {
			s.FN++
			s.Misses = append(s.Misses, Miss{DocID: g.ID, Gold: true, Type: ge.EventType, Sub: ge.SubEventType})
		}
	}
	for pi, pe := range p {
		if pUsed[pi] || optionalTypes[string(pe.EventType)] {
			continue
		}
		s.FP++
		s.Misses = append(s.Misses, Miss{DocID: g.ID, Type: string(pe.EventType), Sub: string(pe.SubEventType)})
	}
	gf, pf := 0, 0
	for _, ge := range g.Events {
		if !ge.Optional {
			gf += ge.Fatalities
		}
	}
	for _, pe := range p {
		pf += pe.Fatalities
	}
	s.DocFatalitiesExact.add(gf == pf)
	if gf > 0 {
		s.DocFatalitiesWithin20.add(math.Abs(float64(pf-gf)) <= 0.2*float64(gf))
	}
	s.GoldEvents += len(g.Events)
	s.PredEvents += len(p)
	if g.Relevant != nil && !*g.Relevant {
		s.IrrelevantFalseAlarm.add(len(p) > 0)
	}
}

// EventsPerDoc returns the events per document predicted and in gold.
func (s *EventScore) EventsPerDoc() (pred, gold float64) {
	if s.Docs == 0 {
		return math.NaN(), math.NaN()
	}
	return float64(s.PredEvents) / float64(s.Docs), float64(s.GoldEvents) / float64(s.Docs)
}

// mentionsDate tells whether a text names a year, so that a date can be
// resolved from it without a publication date.
func mentionsDate(t string) bool {
	for i := 0; i+4 <= len(t); i++ {
		if (t[i] == '1' && t[i+1] == '9' || t[i] == '2' && t[i+1] == '0') && isDigit(t[i+2]) && isDigit(t[i+3]) &&
			(i == 0 || !isDigit(t[i-1])) && (i+4 == len(t) || !isDigit(t[i+4])) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func near(g GoldEvent, p event.Event, km float64) bool {
	if g.Latitude == nil || g.Longitude == nil || p.Latitude == nil || p.Longitude == nil {
		return false
	}
	return Haversine(*g.Latitude, *g.Longitude, *p.Latitude, *p.Longitude) <= km
}

// Haversine is the great-circle distance in km.
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

func sameInter(g GoldEvent, p event.Event) bool {
	set := func(codes ...int) map[int]bool {
		m := map[int]bool{}
		for _, c := range codes {
			if c != 0 {
				m[c] = true
			}
		}
		return m
	}
	deref := func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	}
	a, b := set(deref(g.Inter1), deref(g.Inter2)), set(p.Inter1, p.Inter2)
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// actorsAgree compares actor names loosely, in either order: every gold
// actor must share its core words with one predicted actor.
func actorsAgree(g GoldEvent, p event.Event) bool {
	for _, ga := range []string{g.Actor1, g.Actor2} {
		if ga == "" {
			continue
		}
		if !looseEq(ga, p.Actor1) && !looseEq(ga, p.Actor2) {
			return false
		}
	}
	return true
}

func looseEq(a, b string) bool {
	wa, wb := coreWords(a), coreWords(b)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	// Equal, or one the other with more said: "Police Forces of Kenya" and
	// "Police Forces of Kenya (2013-) Border Patrol Unit".
	for w := range wa {
		if !wb[w] {
			return false
		}
	}
	return true
}

// coreWords are an actor name's words without dates, punctuation and filler.
func coreWords(s string) map[string]bool {
	if i := strings.IndexByte(s, ':'); i > 0 && i < 8 {
		s = s[i+1:] // "AL: Bangladesh Awami League"
	}
	m := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r > 127)
	}) {
		switch w {
		case "of", "the", "forces", "and", "al":
			continue
		}
		m[w] = true
	}
	return m
}

func div(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
