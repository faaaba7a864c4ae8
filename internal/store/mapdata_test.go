package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
)

// mapCorpus stores the synthetic corpus and a few undated and unlocated
// events, and returns every event stored.
func mapCorpus(t *testing.T, s *Store) []event.Event {
	t.Helper()
	var docs []Doc
	var all []event.Event
	for i := range 200 {
		d := genDoc(i)
		switch i % 40 {
		case 1:
			d.Events[0].Latitude, d.Events[0].Longitude = nil, nil
		case 2:
			d.Events[1].EventDate = ""
		}
		docs = append(docs, d)
		all = append(all, d.Events...)
	}
	if _, err := s.PutDocuments(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return all
}

func TestPointsAndFilters(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	all := mapCorpus(t, s)
	for _, tc := range []struct {
		name string
		f    Filter
		want func(*event.Event) bool
	}{
		{"all", Filter{}, func(*event.Event) bool { return true }},
		{"admin1", Filter{Admin1: "Province 3"}, func(e *event.Event) bool { return e.Admin1 == "Province 3" }},
		{"min deaths", Filter{MinFatalities: 3}, func(e *event.Event) bool { return e.Fatalities >= 3 }},
		{"admin1, deaths, type", Filter{Admin1: "Province 1", MinFatalities: 1, EventType: string(event.Battles)}, func(e *event.Event) bool {
			return e.Admin1 == "Province 1" && e.Fatalities >= 1 && e.EventType == event.Battles
		}},
		{"window", Filter{From: "2022-01-01", To: "2022-06-30"}, func(e *event.Event) bool { return e.EventDate >= "2022-01-01" && e.EventDate <= "2022-06-30" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			for i := range all {
				if e := &all[i]; e.Latitude != nil && tc.want(e) {
					want = append(want, e.ID)
				}
			}
			var got []string
			lastDate := "9999"
			more, err := s.EachPoint(ctx, tc.f, 10000, func(p *Point) error {
				if p.Date > lastDate && p.Date != "" {
					t.Fatalf("%s (%s) after %s: not newest first", p.ID, p.Date, lastDate)
				}
				lastDate = p.Date
				e := all[slices.IndexFunc(all, func(e event.Event) bool { return e.ID == p.ID })]
				if p.Lat != *e.Latitude || p.Lon != *e.Longitude || p.Type != string(e.EventType) || p.Fatalities != e.Fatalities || p.Admin1 != e.Admin1 {
					t.Fatalf("point %+v of event %+v", *p, e)
				}
				got = append(got, p.ID)
				return nil
			})
			if err != nil || more {
				t.Fatalf("EachPoint: more %v, %v", more, err)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) || len(want) == 0 {
				t.Errorf("got %d points, want %d", len(got), len(want))
			}
			// Events takes the same filters.
			n := 0
			s.EachEvent(ctx, tc.f, func(e *event.Event) error {
				if e.Latitude != nil {
					n++
				}
				return nil
			})
			if n != len(want) {
				t.Errorf("Events: %d located events, want %d", n, len(want))
			}
		})
	}
	var n int
	more, err := s.EachPoint(ctx, Filter{}, 5, func(*Point) error { n++; return nil })
	if err != nil || !more || n != 5 {
		t.Errorf("EachPoint with limit 5: %d points, more %v, %v", n, more, err)
	}
	if _, err := s.EachPoint(ctx, Filter{MinFatalities: -1}, 5, func(*Point) error { return nil }); !errors.Is(err, ErrInvalid) {
		t.Errorf("negative minimum: %v, want ErrInvalid", err)
	}
	stop := errors.New("stop")
	if _, err := s.EachPoint(ctx, Filter{}, 5, func(*Point) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("fn's error: %v", err)
	}
}

func TestDays(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	all := mapCorpus(t, s)
	for _, f := range []Filter{{}, {EventType: string(event.Protests)}, {From: "2022-03-01", To: "2022-05-31", MinFatalities: 2}} {
		want := map[string]Day{}
		undated := 0
		for _, e := range all {
			if f.EventType != "" && string(e.EventType) != f.EventType || e.Fatalities < f.MinFatalities ||
				f.From != "" && (e.EventDate < f.From || e.EventDate > f.To) {
				continue
			}
			if e.EventDate == "" {
				undated++
				continue
			}
			d := want[e.EventDate]
			d.Date, d.Events, d.Fatalities = e.EventDate, d.Events+1, d.Fatalities+e.Fatalities
			want[e.EventDate] = d
		}
		days, gotUndated, err := s.Days(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if gotUndated != undated {
			t.Errorf("%+v: %d undated, want %d", f, gotUndated, undated)
		}
		if len(days) != len(want) || len(days) == 0 {
			t.Errorf("%+v: %d days, want %d", f, len(days), len(want))
		}
		for i, d := range days {
			if i > 0 && d.Date <= days[i-1].Date {
				t.Errorf("%s after %s", d.Date, days[i-1].Date)
			}
			if d != want[d.Date] {
				t.Errorf("%+v: %+v, want %+v", f, d, want[d.Date])
			}
		}
	}
}

func TestChangeLevel(t *testing.T) {
	for _, tc := range []struct {
		events int
		avg    float64
		want   string
		change float64 // NaN-free: -1000 for nil
	}{
		{0, 0, LimitedChange, -1000},
		{5, 2, LimitedChange, 150}, // low baseline
		{6, 0, LargeIncrease, -1000},
		{6, 2, LargeIncrease, 200},
		{13, 10, LargeIncrease, 30},
		{12, 10, ModerateIncrease, 20},
		{11, 10, LimitedChange, 10}, // 10 % is not above 10 %
		{8, 10, LimitedChange, -20},
		{7, 10, LargeDecrease, -30},
		{0, 3, LargeDecrease, -100},
	} {
		level, change := ChangeLevel(tc.events, tc.avg)
		got := -1000.0
		if change != nil {
			got = *change
		}
		if level != tc.want || fmt.Sprintf("%.3f", got) != fmt.Sprintf("%.3f", tc.change) {
			t.Errorf("ChangeLevel(%d, %v) = %s, %v; want %s, %v", tc.events, tc.avg, level, got, tc.want, tc.change)
		}
	}
}

func TestTrends(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	// Province A: 2 events a week for four weeks, then 9 in the last week
	// (a large increase); Province B: steady at 5 a week; Province C only
	// before the window.
	end := 19800
	var docs []Doc
	n := 0
	add := func(admin1 string, day, dead int) {
		d := genDoc(10000 + n)
		e := d.Events[0]
		e.ID, e.DocID = fmt.Sprintf("tr-%d", n), fmt.Sprintf("trdoc-%d", n)
		e.Admin1, e.EventDate, e.Fatalities, e.FatalitiesLow = admin1, fuse.DateOf(day), dead, dead
		e.Latitude, e.Longitude = f64(float64(n%90)), f64(float64(n%170)) // far apart: no fusion
		d.Document.ID, d.Document.Text = e.DocID, fmt.Sprintf("%s report %d", d.Document.Text, n)
		d.Events = []event.Event{e}
		docs = append(docs, d)
		n++
	}
	for w := range 4 {
		for i := range 2 {
			add("Province A", end-34+w*7+i, 1)
		}
		for i := range 5 {
			add("Province B", end-34+w*7+i, 0)
		}
	}
	for i := range 9 {
		add("Province A", end-6+i%7, 2)
	}
	for i := range 5 {
		add("Province B", end-6+i, 0)
	}
	add("Province C", end-40, 3)
	add("Province C", end+1, 3) // after the date
	if _, err := s.PutDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	countries, admin1, date, err := s.Trends(ctx, Filter{}, fuse.DateOf(end))
	if err != nil {
		t.Fatal(err)
	}
	if date != fuse.DateOf(end) || len(countries) != 1 || len(admin1) != 2 {
		t.Fatalf("date %s, %d countries, %d admin-1 regions: %+v %+v", date, len(countries), len(admin1), countries, admin1)
	}
	a, b := admin1[0], admin1[1]
	if a.Admin1 != "Province A" || a.Events != 9 || a.Fatalities != 18 || a.PrevEvents != 8 || a.PrevFatalities != 8 || a.WeeklyAverage != 2 || a.Level != LargeIncrease || *a.Change != 350 {
		t.Errorf("Province A: %+v", a)
	}
	if b.Admin1 != "Province B" || b.Events != 5 || b.PrevEvents != 20 || b.Level != LimitedChange || *b.Change != 0 {
		t.Errorf("Province B: %+v", b)
	}
	if len(a.Daily) != 35 || a.Daily[0] != 1 || a.Daily[34] != 1 || a.Daily[28] != 2 {
		t.Errorf("Province A daily %v", a.Daily)
	}
	c := countries[0]
	if c.Country != "Xland" || c.Admin1 != "" || c.Events != 14 || c.PrevEvents != 28 || c.Level != LargeIncrease {
		t.Errorf("Xland: %+v", c)
	}
	// The latest event's date by default; filters apply.
	_, admin1, date, err = s.Trends(ctx, Filter{MinFatalities: 1}, "")
	if err != nil || date != fuse.DateOf(end+1) {
		t.Fatalf("default date %s, %v", date, err)
	}
	for _, tr := range admin1 {
		if tr.Admin1 == "Province B" {
			t.Errorf("Province B has no deaths, yet %+v", tr)
		}
	}
	if _, _, _, err := s.Trends(ctx, Filter{}, "2024-02-30"); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad date: %v", err)
	}
	empty := open(t)
	if c, a, d, err := empty.Trends(ctx, Filter{}, ""); err != nil || c != nil || a != nil || d != "" {
		t.Errorf("empty store: %v %v %q %v", c, a, d, err)
	}
}

func TestIncidentsAndDocuments(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	all := mapCorpus(t, s)
	incOf := map[string]int64{}
	rows, _ := s.r.Query(`SELECT event_id, incident FROM events`)
	for rows.Next() {
		var id string
		var inc int64
		rows.Scan(&id, &inc)
		incOf[id] = inc
	}
	rows.Close()
	for _, tc := range []struct {
		name string
		f    Filter
		want func(*event.Event) bool
	}{
		{"all", Filter{}, func(*event.Event) bool { return true }},
		{"protests", Filter{EventType: string(event.Protests)}, func(e *event.Event) bool { return e.EventType == event.Protests }},
		{"outlet and deaths", Filter{Outlet: "Outlet 4", MinFatalities: 2}, func(e *event.Event) bool { return e.Outlet == "Outlet 4" && e.Fatalities >= 2 }},
		{"nothing", Filter{Actor: "Nobody"}, func(*event.Event) bool { return false }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantInc, wantDocs := map[int64]bool{}, map[string]bool{}
			for i := range all {
				if tc.want(&all[i]) {
					wantInc[incOf[all[i].ID]] = true
					wantDocs[all[i].DocID] = true
				}
			}
			got := map[int64]bool{}
			lastDate, cursor := "9999", ""
			for {
				page, err := s.Incidents(ctx, tc.f, cursor, 9)
				if err != nil {
					t.Fatal(err)
				}
				for _, inc := range page.Incidents {
					if got[inc.ID] {
						t.Fatalf("incident %d twice", inc.ID)
					}
					if inc.Date > lastDate {
						t.Fatalf("incident %d of %s after %s", inc.ID, inc.Date, lastDate)
					}
					lastDate = inc.Date
					if len(inc.Reports) == 0 {
						t.Fatalf("incident %d without reports", inc.ID)
					}
					got[inc.ID] = true
				}
				if page.Next == "" {
					break
				}
				cursor = page.Next
			}
			if len(got) != len(wantInc) {
				t.Errorf("%d incidents, want %d", len(got), len(wantInc))
			}
			for id := range wantInc {
				if !got[id] {
					t.Errorf("incident %d missing", id)
				}
			}
			gotDocs := map[string]bool{}
			cursor = ""
			for {
				page, err := s.Documents(ctx, tc.f, cursor, 11)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range page.Documents {
					if gotDocs[d.ID] || d.Events != 2 || d.Title == "" || d.Ingested == "" {
						t.Fatalf("document %+v (twice: %v)", d, gotDocs[d.ID])
					}
					gotDocs[d.ID] = true
				}
				if page.Next == "" {
					break
				}
				cursor = page.Next
			}
			if len(gotDocs) != len(wantDocs) {
				t.Errorf("%d documents, want %d", len(gotDocs), len(wantDocs))
			}
		})
	}
	if _, err := s.Incidents(ctx, Filter{}, "bad", 10); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad cursor: %v", err)
	}
	if _, err := s.Documents(ctx, Filter{Query: `"open`}, "", 10); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad query: %v", err)
	}
}
