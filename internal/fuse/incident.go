package fuse

import (
	"cmp"
	"math"
	"slices"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/text"
)

// Incident is one happening, summed up from the events that report it.
type Incident struct {
	EventType    event.Type    `json:"event_type"`
	SubEventType event.SubType `json:"sub_event_type"`

	// Date is the most precise date the reports give (the earliest of the
	// most common ones); First and Last bound every report's date.
	Date          string `json:"event_date"`
	TimePrecision int    `json:"time_precision"`
	First         string `json:"first_date"`
	Last          string `json:"last_date"`

	// The place is the most precise one any report gives.
	Country      string   `json:"country"`
	Admin1       string   `json:"admin1"`
	Admin2       string   `json:"admin2"`
	Location     string   `json:"location"`
	Latitude     *float64 `json:"latitude"`
	Longitude    *float64 `json:"longitude"`
	GeoPrecision int      `json:"geo_precision"`
	GeonameID    int      `json:"geonameid,omitempty"`

	// Actors are every actor named by any report, most often named first.
	Actors []string `json:"actors"`

	// Fatalities spans the figures the reports give, from the lowest to the
	// highest; High is nil when the highest figure is open ("at least 30").
	// Reported is false when no report gives a figure. Who gave which figure
	// is in Reports.
	Fatalities event.Range `json:"fatalities"`
	Reported   bool        `json:"fatalities_reported"`
	// Tolls are the figures the reports give, each once, lowest first,
	// with who gives it: "5" by state media, "at least 35" by a monitor,
	// "116" by rescuers, rather than one range that hides them.
	Tolls []Toll `json:"tolls,omitempty"`

	Status  string   `json:"status"`  // event.Asserted, Claimed, Confirmed or Disputed
	Hedged  bool     `json:"hedged"`  // every report hedges
	Outlets []string `json:"outlets"` // distinct outlets, sorted

	Reports []Report `json:"reports"`
	Control *Change  `json:"control,omitempty"`
}

// Toll is one figure of deaths the reports of an incident give.
type Toll struct {
	Fatalities event.Range `json:"fatalities"`
	// Sources name who gives it: the source a report cites ("the Syrian
	// Observatory for Human Rights", "state media"), else its outlet;
	// sorted, each once.
	Sources []string `json:"sources"`
	Reports int      `json:"reports"` // how many reports give it
}

// Report is what one event of an incident says, and who says it.
type Report struct {
	EventID    string        `json:"event_id"`
	DocID      string        `json:"doc_id"`
	Outlet     string        `json:"outlet,omitempty"`
	URL        string        `json:"url,omitempty"`
	Source     string        `json:"source,omitempty"` // who the outlet cites; "" for the outlet itself
	SourceKind string        `json:"source_kind,omitempty"`
	Hedged     bool          `json:"hedged"`
	Status     string        `json:"status,omitempty"`
	SubType    event.SubType `json:"sub_event_type"`
	Date       string        `json:"event_date"`
	Location   string        `json:"location,omitempty"`
	Fatalities *event.Range  `json:"fatalities"` // nil when the report gives no figure
}

// Summarize sums an incident up from its events. The result depends only
// on the set of events, not their order.
func Summarize(events []event.Event) Incident {
	evs := make([]*event.Event, len(events))
	for i := range events {
		evs[i] = &events[i]
	}
	slices.SortFunc(evs, func(a, b *event.Event) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.DocID, b.DocID))
	})
	var inc Incident
	if len(evs) == 0 {
		return inc
	}
	inc.EventType, inc.SubEventType = majorityType(evs)
	summarizeDate(&inc, evs)
	summarizePlace(&inc, evs)

	actorCount := map[string]int{}
	outlets := map[string]bool{}
	inc.Hedged = true
	for _, e := range evs {
		for _, a := range [...]string{e.Actor1, e.AssocActor1, e.Actor2, e.AssocActor2} {
			if a != "" {
				actorCount[a]++
			}
		}
		if e.Outlet != "" {
			outlets[e.Outlet] = true
		}
		inc.Hedged = inc.Hedged && e.Claim.Hedged
		r := Report{
			EventID: e.ID, DocID: e.DocID, Outlet: e.Outlet, URL: e.URL,
			Source: e.Claim.Source, SourceKind: e.Claim.SourceKind, Hedged: e.Claim.Hedged, Status: e.Claim.Status,
			SubType: e.SubEventType, Date: e.EventDate, Location: e.Location,
		}
		if f, ok := figure(e); ok {
			r.Fatalities = &f
		}
		inc.Reports = append(inc.Reports, r)
	}
	inc.Actors = sortedByCount(actorCount)
	inc.Outlets = sortedKeys(outlets)
	inc.Fatalities, inc.Reported = fatalityRange(inc.Reports)
	inc.Tolls = tolls(inc.Reports)
	inc.Status = status(inc.Reports, figuresConflict(inc.Reports))
	inc.Control = control(&inc, evs)
	return inc
}

// majorityType picks the sub-type most reports give; a tie goes to the
// sub-type that comes first in ACLED's order, so the result is stable.
func majorityType(evs []*event.Event) (event.Type, event.SubType) {
	count := map[event.SubType]int{}
	for _, e := range evs {
		count[e.SubEventType]++
	}
	best, bestN := event.SubType(""), -1
	for sub, n := range count {
		if n > bestN || n == bestN && subTypeRank(sub) < subTypeRank(best) {
			best, bestN = sub, n
		}
	}
	t := best.Type()
	if t == "" {
		for _, e := range evs {
			if e.SubEventType == best {
				t = e.EventType
				break
			}
		}
	}
	return t, best
}

// subTypeRank is a sub-type's place in ACLED's order.
func subTypeRank(sub event.SubType) int {
	all := event.SubTypes("")
	for i, s := range all {
		if s == sub {
			return i
		}
	}
	return len(all) + len(sub) // unknown sub-types last; any total order will do
}

func summarizeDate(inc *Incident, evs []*event.Event) {
	first, last := math.MaxInt32, math.MinInt32
	count := map[string]int{}
	inc.TimePrecision = 4
	for _, e := range evs {
		f, l, ok := Interval(e)
		if !ok {
			continue
		}
		first, last = min(first, f), max(last, l)
		p := max(e.TimePrecision, 1)
		if e.EventDate == "" {
			p = 2
		}
		d := e.EventDate
		if d == "" {
			d = e.Published
		}
		switch {
		case p < inc.TimePrecision:
			inc.TimePrecision = p
			clear(count)
			count[d] = 1
		case p == inc.TimePrecision:
			count[d]++
		}
	}
	if first > last {
		inc.TimePrecision = 0
		return
	}
	inc.First, inc.Last = DateOf(first), DateOf(last)
	bestN := 0
	for d, n := range count {
		if n > bestN || n == bestN && d < inc.Date {
			inc.Date, bestN = d, n
		}
	}
}

// summarizePlace takes the most precise place: coordinates before none,
// then the lowest geo_precision, then the place most reports give, then
// the name, so that the choice does not depend on arrival order.
func summarizePlace(inc *Incident, evs []*event.Event) {
	count := map[string]int{}
	for _, e := range evs {
		count[text.Fold(e.Location)]++
	}
	rank := func(e *event.Event) (int, int) {
		p := e.GeoPrecision
		if p == 0 {
			p = 4
		}
		if e.Latitude == nil || e.Longitude == nil {
			p += 10
		}
		if e.Location == "" {
			p += 20
		}
		return p, -count[text.Fold(e.Location)]
	}
	var best *event.Event
	for _, e := range evs {
		if best == nil {
			best = e
			continue
		}
		p1, c1 := rank(e)
		p2, c2 := rank(best)
		if cmp.Or(cmp.Compare(p1, p2), cmp.Compare(c1, c2), cmp.Compare(e.Location, best.Location)) < 0 {
			best = e
		}
	}
	inc.Country, inc.Admin1, inc.Admin2, inc.Location = best.Country, best.Admin1, best.Admin2, best.Location
	inc.Latitude, inc.Longitude, inc.GeoPrecision, inc.GeonameID = best.Latitude, best.Longitude, best.GeoPrecision, best.GeonameID
}

// figure returns the fatalities an event reports, if it reports any: an
// event that says nothing of deaths has a zero count that is no figure.
func figure(e *event.Event) (event.Range, bool) {
	_, read := e.Fields["fatalities"]
	if !read && e.FatalitiesLow == 0 && e.FatalitiesHigh == nil && e.Fatalities == 0 {
		return event.Range{}, false
	}
	low := e.FatalitiesLow
	if low == 0 && e.FatalitiesHigh == nil {
		low = e.Fatalities
	}
	return event.Range{Low: low, High: e.FatalitiesHigh}, true
}

// fatalityRange spans the reported figures: the lowest low to the highest
// figure, open when an open figure ("at least 30") reaches that highest.
func fatalityRange(rs []Report) (event.Range, bool) {
	var out event.Range
	reported, open := false, false
	high := 0
	for _, r := range rs {
		f := r.Fatalities
		if f == nil {
			continue
		}
		if !reported || f.Low < out.Low {
			out.Low = f.Low
		}
		reported = true
		h := f.Low
		if f.High != nil {
			h = *f.High
		}
		high = max(high, h)
	}
	for _, r := range rs {
		if f := r.Fatalities; f != nil && f.High == nil && f.Low >= high && high > 0 {
			open = true
		}
	}
	if reported && !open {
		out.High = &high
	}
	return out, reported
}

// tolls gathers the reports' figures: one Toll per distinct figure, by
// its low figure, then closed before open, then the high one.
func tolls(rs []Report) []Toll {
	type key struct {
		low, high int
		open      bool
	}
	byFigure := map[key]*Toll{}
	sources := map[key]map[string]bool{}
	var keys []key
	for _, r := range rs {
		f := r.Fatalities
		if f == nil {
			continue
		}
		k := key{low: f.Low, open: f.High == nil}
		if f.High != nil {
			k.high = *f.High
		}
		t, ok := byFigure[k]
		if !ok {
			t = &Toll{Fatalities: *f}
			byFigure[k], sources[k] = t, map[string]bool{}
			keys = append(keys, k)
		}
		t.Reports++
		s := r.Source
		if s == "" {
			s = r.Outlet
		}
		if s != "" {
			sources[k][s] = true
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.low, b.low), cmp.Compare(boolRank(a.open), boolRank(b.open)), cmp.Compare(a.high, b.high))
	})
	out := make([]Toll, len(keys))
	for i, k := range keys {
		out[i] = *byFigure[k]
		out[i].Sources = sortedKeys(sources[k])
	}
	return out
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// figuresConflict reports whether two figures cannot both be right: "5
// killed" and "21 killed" conflict, "at least 5" and "21" do not.
func figuresConflict(rs []Report) bool {
	for i, a := range rs {
		for _, b := range rs[i+1:] {
			if a.Fatalities == nil || b.Fatalities == nil {
				continue
			}
			if below(a.Fatalities, b.Fatalities.Low) || below(b.Fatalities, a.Fatalities.Low) {
				return true
			}
		}
	}
	return false
}

// below reports whether every value of r is below n.
func below(r *event.Range, n int) bool {
	h := r.Low
	if r.High != nil {
		h = *r.High
	} else {
		return false
	}
	return h < n
}

// Interested reports whether a report's source is a party to the conflict
// (officials, armed groups, their spokesmen) rather than an outlet or
// witness with no stake in it.
func Interested(r *Report) bool {
	return r.SourceKind == "official" || r.SourceKind == "party" || r.Status == event.Claimed
}

// status rates an incident's reports together: disputed when they
// contradict each other (a denial, conflicting figures), confirmed when at
// least two voices in two outlets agree and one of them has no stake,
// claimed when only parties to the conflict assert it, else asserted.
func status(rs []Report, conflict bool) string {
	if conflict {
		return event.Disputed
	}
	voices := map[string]bool{}
	outlets := map[string]bool{}
	independent, confirmed := false, false
	for i := range rs {
		r := &rs[i]
		if r.Status == event.Disputed {
			return event.Disputed
		}
		confirmed = confirmed || r.Status == event.Confirmed
		outlet := r.Outlet
		if outlet == "" {
			outlet = "doc:" + r.DocID
		}
		outlets[outlet] = true
		voice := text.Fold(r.Source)
		if voice == "" {
			voice = "outlet:" + outlet
		}
		voices[voice] = true
		independent = independent || !Interested(r)
	}
	switch {
	case confirmed || independent && len(voices) >= 2 && len(outlets) >= 2:
		return event.Confirmed
	case !independent:
		return event.Claimed
	}
	return event.Asserted
}

func sortedByCount(count map[string]int) []string {
	out := sortedKeys(count)
	slices.SortStableFunc(out, func(a, b string) int { return count[b] - count[a] })
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
