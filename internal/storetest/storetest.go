// Package storetest holds what the tests of the backends share: generated
// documents whose events fuse in every way fusion knows (precise and
// vague, with and without coordinates, undated, changes of control), and
// Compare, which asks two stores every question the API asks and reports
// where their answers differ. It is imported by tests only.
package storetest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/store"
)

type place struct {
	name, admin1 string
	lat, lon     float64
}

// places: a made-up country whose towns lie a few km apart, so that
// events of neighbouring towns meet, and one across a cell border.
func places() []place {
	names := []string{"Kalvo", "Dernitsa", "Ostrel", "Maruvka", "Pelvash", "Tarnok", "Suvella", "Izhrim", "Bolanka", "Vetrish"}
	var ps []place
	for i, n := range names {
		ps = append(ps, place{n, fmt.Sprintf("Oblast %c", 'A'+i%3), 47.95 + float64(i%4)*0.03, 35.97 + float64(i/4)*0.04})
	}
	return ps
}

func f64(v float64) *float64 { return &v }
func intp(v int) *int        { return &v }

// Docs makes n documents deterministically from seed, one to three
// events each; ids start with prefix.
func Docs(prefix string, seed uint64, n int) []store.Doc {
	r := rand.New(rand.NewPCG(seed, 11))
	ps := places()
	subs := []event.SubType{event.ArmedClash, event.Shelling, event.AirDroneStrike, event.Attack, event.PeacefulProtest,
		event.GovernmentRegains, event.NonStateOvertakes}
	outlets := []string{"Morning Courier", "Steppe Radio", "The Lantern", "Kalvo Today"}
	words := []string{"convoy", "checkpoint", "bridge", "depot", "market", "school", "railway"}
	var docs []store.Doc
	for i := range n {
		id := fmt.Sprintf("%s%04d", prefix, i)
		outlet := outlets[r.IntN(len(outlets))]
		pub := fuse.DateOf(19800 + r.IntN(60))
		var text strings.Builder
		fmt.Fprintf(&text, "%s dispatch %d.\n\n", outlet, i)
		var evs []event.Event
		for k := range 1 + r.IntN(3) {
			p := ps[r.IntN(len(ps))]
			sub := subs[r.IntN(len(subs))]
			date := fuse.DateOf(19800 + r.IntN(60))
			a1, i1, a2, i2 := "Steppe Liberation Front", 3, "Military Forces of Varonia (2019-)", 1
			switch sub {
			case event.Attack:
				a2, i2 = "Civilians (Varonia)", 7
			case event.PeacefulProtest:
				a1, i1, a2, i2 = "Protesters (Varonia)", 6, "", 0
			case event.GovernmentRegains:
				a1, i1, a2, i2 = a2, i2, a1, i1
			case event.Shelling, event.AirDroneStrike:
				a1, i1, a2, i2 = a2, i2, a1, i1
			}
			if r.IntN(5) == 0 {
				a1 = strings.ToUpper(a1[:1]) + strings.ToLower(a1[1:]) // another spelling of the same actor
			}
			word := words[r.IntN(len(words))]
			killed := r.IntN(7)
			sent := fmt.Sprintf("On %s %s attacked the %s near %s, and %d people were killed.", date, a1, word, p.name, killed)
			start := text.Len()
			text.WriteString(sent + "\n\n")
			e := event.Event{
				EventType: sub.Type(), SubEventType: sub, EventDate: date, TimePrecision: 1,
				Actor1: a1, Inter1: i1, Actor2: a2, Inter2: i2,
				Country: "Varonia", Admin1: p.admin1, Location: p.name,
				Latitude: f64(p.lat), Longitude: f64(p.lon), GeoPrecision: 1,
				Fatalities: killed, FatalitiesLow: killed, FatalitiesHigh: intp(killed),
				Claim:    event.Claim{Status: []string{event.Asserted, event.Claimed, event.Confirmed}[r.IntN(3)], Hedged: r.IntN(4) == 0},
				Evidence: []event.Span{{Start: start, End: start + len(sent), Text: sent}},
				Outlet:   outlet, URL: "https://news.example/" + id, Published: pub, Notes: sent,
			}
			switch r.IntN(10) {
			case 0: // a province, not a town
				e.GeoPrecision, e.Location = 3, p.admin1
				e.Latitude, e.Longitude = f64(48.0), f64(36.0)
			case 1: // "last week"
				e.TimePrecision = 2
			case 2: // no coordinates: met by name
				e.Latitude, e.Longitude = nil, nil
			case 3: // no date of its own
				e.EventDate, e.TimePrecision = "", 0
			case 4: // no date at all
				e.EventDate, e.Published, e.TimePrecision = "", "", 0
			case 5: // across the cell border at 36°E
				e.Longitude = f64(35.999 + float64(k)*0.002)
			}
			evs = append(evs, e)
		}
		fmt.Fprintf(&text, "Residents of %s described the night as the worst in weeks.", ps[r.IntN(len(ps))].name)
		d := document.Document{ID: id, Source: id + ".txt", URL: "https://news.example/" + id, Outlet: outlet,
			Title: fmt.Sprintf("%s: fighting near %s", outlet, ps[r.IntN(len(ps))].name), Lang: "en", Text: text.String()}
		d.Published, _ = time.Parse(time.DateOnly, pub)
		docs = append(docs, store.Doc{Document: d, Events: evs})
	}
	return docs
}

// Copy returns a deep enough copy of docs for another store to take (a
// store gives documents and events their ids in place).
func Copy(docs []store.Doc) []store.Doc {
	out := make([]store.Doc, len(docs))
	for i, d := range docs {
		out[i] = store.Doc{Document: d.Document, Events: slices.Clone(d.Events), Order: d.Order}
	}
	return out
}

// Reader is what Compare asks of a store: the read API.
type Reader interface {
	Events(ctx context.Context, f store.Filter, cursor string, limit int) (store.EventPage, error)
	Event(ctx context.Context, eventID string) (event.Event, int64, error)
	Incident(ctx context.Context, id int64) (store.Incident, error)
	IncidentReports(ctx context.Context, id int64, after string, limit int) (store.Incident, error)
	IncidentOf(ctx context.Context, eventID string) (int64, error)
	Incidents(ctx context.Context, f store.Filter, cursor string, limit int) (store.IncidentPage, error)
	Document(ctx context.Context, docID string) (document.Document, []event.Event, error)
	Documents(ctx context.Context, f store.Filter, cursor string, limit int) (store.DocumentPage, error)
	EachDocument(ctx context.Context, fn func(document.Document) error) error
	Places(ctx context.Context, prefix string, limit int) ([]store.Place, error)
	Actors(ctx context.Context, prefix string, limit int) ([]store.Actor, error)
	ControlOn(ctx context.Context, date string) ([]fuse.Change, error)
	Timeline(ctx context.Context, place string) ([]fuse.Change, error)
	Count(ctx context.Context) (store.Counts, error)
	EachPoint(ctx context.Context, f store.Filter, limit int, fn func(*store.Point) error) (more bool, err error)
	Days(ctx context.Context, f store.Filter) (days []store.Day, undated int, err error)
	Trends(ctx context.Context, f store.Filter, date string) (countries, admin1 []store.Trend, used string, err error)
}

// Filters are the filters Compare asks with.
func Filters() []store.Filter {
	return []store.Filter{
		{},
		{From: "2024-03-01", To: "2024-03-20"},
		{BBox: &store.BBox{MinLat: 47.9, MinLon: 35.9, MaxLat: 48.0, MaxLon: 36.0}},
		{BBox: &store.BBox{MinLat: 47.9, MinLon: 35.9, MaxLat: 48.1, MaxLon: 36.2}, From: "2024-03-05", To: "2024-04-10"},
		{EventType: string(event.Battles)},
		{SubEventType: string(event.Shelling)},
		{Actor: "steppe liberation front"},
		{Actor: "Protesters (Varonia)", BBox: &store.BBox{MinLat: 47, MinLon: 35, MaxLat: 49, MaxLon: 37}},
		{Country: "VARONIA", Outlet: "the lantern"},
		{Admin1: "oblast b"},
		{ClaimStatus: event.Claimed},
		{MinFatalities: 4},
		{IncidentStatus: event.Confirmed},
		{Query: "convoy"},
		{Query: `"worst in weeks" AND bridge`},
		{Query: "depot OR railway NOT school"},
		{Query: "check*"},
		{Query: "title:kalvo"},
		{Query: "(market OR bridge) AND killed"},
		{Query: "(market OR bridge) killed"}, // FTS5 refuses it
	}
}

// Compare asks want and got every question of the read API, over every
// filter, paging with small pages, and fails t where they answer
// differently. Incidents are compared by their members, not their ids
// (which number them in the order they were made), and times of storing
// are left out.
func Compare(t testing.TB, want, got Reader) {
	t.Helper()
	ctx := context.Background()
	cw, err1 := want.Count(ctx)
	cg, err2 := got.Count(ctx)
	check(t, "count", err1, err2, cw, cg)
	names := [2]map[int64]string{members(t, want), members(t, got)}
	for _, f := range Filters() {
		what := fmt.Sprintf("filter %+v", f)
		ew, err1 := events(ctx, want, f, names[0])
		eg, err2 := events(ctx, got, f, names[1])
		check(t, what+": events", err1, err2, ew, eg)
		iw, err1 := incidents(ctx, want, f, names[0])
		ig, err2 := incidents(ctx, got, f, names[1])
		check(t, what+": incidents", err1, err2, iw, ig)
		dw, err1 := documents(ctx, want, f)
		dg, err2 := documents(ctx, got, f)
		check(t, what+": documents", err1, err2, dw, dg)
		pw, err1 := points(ctx, want, f)
		pg, err2 := points(ctx, got, f)
		check(t, what+": points", err1, err2, pw, pg)
		days := func(s Reader) (any, error) {
			d, u, err := s.Days(ctx, f)
			return [2]any{d, u}, err
		}
		yw, err1 := days(want)
		yg, err2 := days(got)
		check(t, what+": days", err1, err2, yw, yg)
		trends := func(s Reader) (any, error) {
			c, a, used, err := s.Trends(ctx, f, "")
			return [3]any{c, a, used}, err
		}
		tw, err1 := trends(want)
		tg, err2 := trends(got)
		check(t, what+": trends", err1, err2, tw, tg)
	}
	for _, prefix := range []string{"", "k", "STEPPE", "mil"} {
		pw, err1 := want.Places(ctx, prefix, 5)
		pg, err2 := got.Places(ctx, prefix, 5)
		check(t, "places "+prefix, err1, err2, pw, pg)
		aw, err1 := want.Actors(ctx, prefix, 0)
		ag, err2 := got.Actors(ctx, prefix, 0)
		check(t, "actors "+prefix, err1, err2, aw, ag)
	}
	for _, date := range []string{"2024-03-10", "2024-05-01"} {
		cw, err1 := want.ControlOn(ctx, date)
		cg, err2 := got.ControlOn(ctx, date)
		check(t, "control "+date, err1, err2, cw, cg)
		for _, c := range cw {
			tw, err1 := want.Timeline(ctx, c.Place)
			tg, err2 := got.Timeline(ctx, c.Place)
			check(t, "timeline "+c.Place, err1, err2, timeline(tw), timeline(tg))
		}
	}
	// Every document and incident, one by one.
	err := want.EachDocument(ctx, func(d document.Document) error {
		dw, ew, err1 := want.Document(ctx, d.ID)
		dg, eg, err2 := got.Document(ctx, d.ID)
		check(t, "document "+d.ID, err1, err2, [2]any{dw, ew}, [2]any{dg, eg})
		for _, e := range ew {
			iw, err1 := want.IncidentOf(ctx, e.ID)
			ig, err2 := got.IncidentOf(ctx, e.ID)
			check(t, "incident of "+e.ID, err1, err2, names[0][iw], names[1][ig])
			evw, iw2, err1 := want.Event(ctx, e.ID)
			evg, ig2, err2 := got.Event(ctx, e.ID)
			check(t, "event "+e.ID, err1, err2, [2]any{evw, names[0][iw2]}, [2]any{evg, names[1][ig2]})
			if err1 == nil && err2 == nil {
				incw, err1 := want.Incident(ctx, iw)
				incg, err2 := got.Incident(ctx, ig)
				incw.ID, incg.ID = 0, 0
				check(t, "incident "+names[0][iw], err1, err2, incw, incg)
				// The second page of one report a page: the same in both.
				pw, err1 := want.IncidentReports(ctx, iw, firstID(incw.Events), 1)
				pg, err2 := got.IncidentReports(ctx, ig, firstID(incg.Events), 1)
				pw.ID, pg.ID = 0, 0
				check(t, "incident "+names[0][iw]+" after its first report", err1, err2, pw, pg)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func firstID(evs []event.Event) string {
	if len(evs) == 0 {
		return ""
	}
	return evs[0].ID
}

// members names every incident by its events' ids.
func members(t testing.TB, s Reader) map[int64]string {
	t.Helper()
	ctx := context.Background()
	byIncident := map[int64][]string{}
	err := s.EachDocument(ctx, func(d document.Document) error {
		_, evs, err := s.Document(ctx, d.ID)
		for _, e := range evs {
			id, err := s.IncidentOf(ctx, e.ID)
			if err != nil {
				return err
			}
			byIncident[id] = append(byIncident[id], e.ID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for id, evs := range byIncident {
		slices.Sort(evs)
		out[id] = strings.Join(evs, ",")
	}
	return out
}

func check(t testing.TB, what string, err1, err2 error, want, got any) {
	t.Helper()
	if (err1 == nil) != (err2 == nil) {
		t.Errorf("%s: errors differ: %v | %v", what, err1, err2)
		return
	}
	if err1 != nil {
		return
	}
	jw, _ := json.Marshal(want)
	jg, _ := json.Marshal(got)
	if string(jw) != string(jg) {
		t.Errorf("%s: answers differ:\n want %.600s\n  got %.600s", what, firstDiff(string(jw), string(jg)), firstDiff(string(jg), string(jw)))
	}
}

// firstDiff shows a from a little before where it first differs from b.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(0, i-120):]
}

type pageOf[T any] struct {
	Items []T
	Last  bool
}

func events(ctx context.Context, s Reader, f store.Filter, names map[int64]string) ([]pageOf[event.Event], error) {
	var out []pageOf[event.Event]
	cursor := ""
	for range 200 {
		p, err := s.Events(ctx, f, cursor, 7)
		if err != nil {
			return nil, err
		}
		for i := range p.Events {
			e := &p.Events[i]
			e.Timestamp = 0
			e.Notes += " @" + names[e.Incident]
			e.Incident = 0
		}
		out = append(out, pageOf[event.Event]{p.Events, p.Next == ""})
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	return out, nil
}

// incidents are compared by day and members: of one day, incidents are
// in the order they were made, which with several writers depends on
// which was first.
func incidents(ctx context.Context, s Reader, f store.Filter, names map[int64]string) ([]string, error) {
	var out []string
	cursor := ""
	for range 200 {
		p, err := s.Incidents(ctx, f, cursor, 5)
		if err != nil {
			return nil, err
		}
		for _, inc := range p.Incidents {
			body, _ := json.Marshal(inc.Incident)
			out = append(out, inc.Date+" "+names[inc.ID]+" "+string(body))
		}
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(a[:10], b[:10]) })
	// Within a day, by members.
	slices.SortStableFunc(out, func(a, b string) int {
		if a[:10] != b[:10] {
			return 0
		}
		return cmp.Compare(a, b)
	})
	return out, nil
}

func documents(ctx context.Context, s Reader, f store.Filter) ([]store.DocumentSummary, error) {
	var out []store.DocumentSummary
	cursor := ""
	for range 200 {
		p, err := s.Documents(ctx, f, cursor, 9)
		if err != nil {
			return nil, err
		}
		for _, d := range p.Documents {
			d.Ingested = ""
			out = append(out, d)
		}
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	return out, nil
}

func points(ctx context.Context, s Reader, f store.Filter) ([]store.Point, error) {
	var out []store.Point
	more, err := s.EachPoint(ctx, f, 50, func(p *store.Point) error {
		out = append(out, *p)
		return nil
	})
	if more {
		out = append(out, store.Point{ID: "more"})
	}
	return out, err
}

// timeline sorts a place's changes of one date by their events: of one
// date, in the order their incidents were made.
func timeline(cs []fuse.Change) []fuse.Change {
	slices.SortStableFunc(cs, func(a, b fuse.Change) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(strings.Join(a.Events, ","), strings.Join(b.Events, ",")))
	})
	return cs
}

// ScaleDoc is the i-th document of a large store: two events at one of
// 500 villages over 4°×4°, on one of two years' days, in a report of
// about 3 KB, as the SQLite store's query benchmarks make them.
func ScaleDoc(i int) store.Doc {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	id := fmt.Sprintf("doc%06d", i)
	var b strings.Builder
	for p := range 6 {
		fmt.Fprintf(&b, "Paragraph %d of report %d. Fighting was reported near the village of Place%d on Tuesday, local sources said. ", p, i, r.IntN(500))
		b.WriteString("Residents described heavy shelling overnight and said several houses were destroyed.\n\n")
	}
	doc := document.Document{ID: id, Source: id + ".txt", Outlet: fmt.Sprintf("Outlet %d", r.IntN(20)), Title: fmt.Sprintf("Report %d", i), Text: b.String()}
	subs := []event.SubType{event.ArmedClash, event.AirDroneStrike, event.Shelling, event.Attack, event.PeacefulProtest}
	var events []event.Event
	for n := range 2 {
		sub := subs[r.IntN(len(subs))]
		p := r.IntN(500)
		e := event.Event{
			ID: fmt.Sprintf("%s-%d", id, n), EventType: sub.Type(), SubEventType: sub,
			EventDate: fuse.DateOf(19000 + r.IntN(730)), TimePrecision: 1,
			Actor1: fmt.Sprintf("Military Forces of X%d", r.IntN(3)), Inter1: 1, Actor2: "Civilians (X)", Inter2: 7,
			Country: "Xland", Admin1: fmt.Sprintf("Province %d", p%10), Location: fmt.Sprintf("Place%d", p),
			Latitude: f64(30 + float64(p%23)/23*4), Longitude: f64(40 + float64(p/23)/22*4), GeoPrecision: 1 + r.IntN(2),
			Fatalities: r.IntN(5), Outlet: doc.Outlet,
			Claim:    event.Claim{SourceKind: "local", Source: "local sources", Status: event.Asserted},
			Evidence: []event.Span{{Start: 20, End: 60, Text: "Fighting was reported near the village"}},
		}
		e.FatalitiesLow = e.Fatalities
		events = append(events, e)
	}
	return store.Doc{Document: doc, Events: events}
}

// Fusion lists a store's incidents, each as its members' event ids and
// its summary, sorted: what fusion made, whatever the storage order.
func Fusion(t testing.TB, s Reader) []string {
	t.Helper()
	ctx := context.Background()
	names := members(t, s)
	var out []string
	for id, name := range names {
		inc, err := s.Incident(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(inc.Incident)
		out = append(out, name+" "+string(body))
	}
	slices.Sort(out)
	return out
}
