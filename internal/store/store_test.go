package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
)

func open(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "sub", "sitrep.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// openWith is open with n generated documents stored.
func openWith(t testing.TB, n int) *Store {
	t.Helper()
	s := open(t)
	docs := make([]Doc, 0, n)
	for i := range n {
		docs = append(docs, genDoc(i))
	}
	if _, err := s.PutDocuments(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return s
}

func f64(v float64) *float64 { return &v }

// genDoc makes document i of a synthetic corpus: a plain-text report of a
// few paragraphs with two events somewhere in a 4°×4° area over two years.
func genDoc(i int) Doc {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	id := fmt.Sprintf("doc%06d", i)
	var b strings.Builder
	for p := range 6 {
		fmt.Fprintf(&b, "Paragraph %d of report %d. Fighting was reported near the village of Place%d on Tuesday, local sources said. ", p, i, r.IntN(500))
		b.WriteString("Residents described heavy shelling overnight and said several houses were destroyed.\n\n")
	}
	doc := document.Document{ID: id, Source: id + ".txt", Outlet: fmt.Sprintf("Outlet %d", r.IntN(20)), Title: fmt.Sprintf("Report %d", i), Text: b.String()}
	subs := []event.SubType{"Armed clash", "Air/drone strike", "Shelling/artillery/missile attack", "Attack", "Peaceful protest"}
	var events []event.Event
	for n := range 2 {
		sub := subs[r.IntN(len(subs))]
		place := r.IntN(500)
		e := event.Event{
			ID: fmt.Sprintf("%s-%d", id, n), DocID: id, EventType: sub.Type(), SubEventType: sub,
			EventDate: fuse.DateOf(19000 + r.IntN(730)), TimePrecision: 1,
			Actor1: "Military Forces of X", Inter1: 1, Actor2: "Civilians (X)", Inter2: 7,
			Country: "Xland", Admin1: fmt.Sprintf("Province %d", place%10), Location: fmt.Sprintf("Place%d", place),
			Latitude: f64(30 + float64(place%23)/23*4), Longitude: f64(40 + float64(place/23)/22*4), GeoPrecision: 1 + r.IntN(2),
			Fatalities: r.IntN(5), FatalitiesLow: 0, Outlet: doc.Outlet,
			Claim:    event.Claim{SourceKind: "local", Source: "local sources", Status: event.Asserted},
			Evidence: []event.Span{{Start: 20, End: 60, Text: "Fighting was reported near the village"}},
			Fields:   map[string]event.Span{"location": {Start: 50, End: 60, Text: "village"}},
		}
		e.FatalitiesLow = e.Fatalities
		events = append(events, e)
	}
	return Doc{Document: doc, Events: events}
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutDocument(ctx, genDoc(1).Document, genDoc(1).Events); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Opening again applies nothing and keeps what is stored.
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	var versions int
	s.r.QueryRow(`SELECT count(*) FROM schema_version`).Scan(&versions)
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	if c, _ := s.Count(ctx); c.Documents != 1 || versions != len(names) || versions < 2 {
		t.Errorf("after reopening: %+v, %d schema versions; want 1 document, %d versions", c, versions, len(names))
	}
	// A file from a newer sitrep is refused.
	s.w.Exec(`INSERT INTO schema_version VALUES (99, '0099_future.sql', '')`)
	s.Close()
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("opening a newer schema: %v, want an error", err)
	}
	if _, err := Open(ctx, filepath.Join(t.TempDir(), "what?.db")); err == nil {
		t.Error("a path with '?' was accepted")
	}
}

func TestPutDocument(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	d := genDoc(1)
	p, err := s.PutDocument(ctx, d.Document, d.Events)
	if err != nil || !p.Stored || p.Events != 2 {
		t.Fatalf("first put: %+v, %v", p, err)
	}
	// The same text again, under another id: skipped.
	again := genDoc(1)
	again.Document.ID = "other"
	if p, err := s.PutDocument(ctx, again.Document, again.Events); err != nil || p.Stored || p.DocID != "doc000001" {
		t.Errorf("same text again: %+v, %v; want skipped as doc000001", p, err)
	}
	// Another text under a taken id: refused, and the batch goes on.
	taken := genDoc(2)
	taken.Document.ID = "doc000001"
	dupEvents := genDoc(4)
	dupEvents.Events[1].ID = dupEvents.Events[0].ID
	puts, err := s.PutDocuments(ctx, []Doc{taken, genDoc(3), dupEvents})
	if err != nil {
		t.Fatal(err)
	}
	if puts[0].Err == nil || puts[0].Stored || !puts[1].Stored || puts[2].Err == nil {
		t.Errorf("batch: %+v; want the first and last refused, the second stored", puts)
	}
	c, _ := s.Count(ctx)
	if c.Documents != 2 || c.Events != 4 {
		t.Errorf("stored %+v, want 2 documents and 4 events", c)
	}
	doc, events, err := s.Document(ctx, "doc000001")
	if err != nil || doc.Text != d.Document.Text || len(events) != 2 || events[0].Evidence[0].Text != "Fighting was reported near the village" {
		t.Errorf("Document: %v, %d events", err, len(events))
	}
	if _, _, err := s.Document(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing document: %v, want ErrNotFound", err)
	}
	if has, _ := s.HasDocument(ctx, doc.Hash); !has {
		t.Error("HasDocument is false for a stored hash")
	}
	places, err := s.Places(ctx, "place", 10)
	if err != nil || len(places) == 0 || places[0].Events == 0 {
		t.Errorf("Places: %v, %+v", err, places)
	}
	actors, err := s.Actors(ctx, "MILITARY", 10)
	if err != nil || len(actors) != 1 || actors[0].Events != 4 || actors[0].Inter != 1 {
		t.Errorf("Actors: %v, %+v; want one with 4 events", err, actors)
	}
}

// dayDocs reads the hand-coded events of fuse's day of reports, one
// document per report.
func dayDocs(t testing.TB) ([]Doc, map[string]string) {
	data, err := os.ReadFile(filepath.Join("..", "fuse", "testdata", "day", "events.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var docs []Doc
	key := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var e struct {
			event.Event
			Happening string `json:"happening"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		key[e.ID] = e.Happening
		docs = append(docs, Doc{Document: document.Document{ID: e.DocID, Outlet: e.Outlet, Text: "report " + e.DocID}, Events: []event.Event{e.Event}})
	}
	return docs, key
}

// partition returns the incidents as sorted lists of event ids.
func partition(t testing.TB, s *Store) [][]string {
	return partitionOf(t, s, `SELECT incident, event_id FROM events ORDER BY incident, event_id`)
}

// partitionOf groups the event ids query gives by the incident it gives.
func partitionOf(t testing.TB, s *Store, query string) [][]string {
	rows, err := s.r.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	byInc := map[int64][]string{}
	for rows.Next() {
		var inc int64
		var id string
		rows.Scan(&inc, &id)
		byInc[inc] = append(byInc[inc], id)
	}
	var out [][]string
	for _, ids := range byInc {
		out = append(out, ids)
	}
	slices.SortFunc(out, func(a, b []string) int { return slices.Compare(a, b) })
	return out
}

// clusterIDs is fuse.Cluster of the events of docs, in order: the
// incidents as sorted lists of event ids.
func clusterIDs(docs []Doc) [][]string {
	var all []event.Event
	for _, d := range docs {
		all = append(all, d.Events...)
	}
	var out [][]string
	for _, c := range fuse.Cluster(all) {
		var ids []string
		for _, i := range c {
			ids = append(ids, all[i].ID)
		}
		slices.Sort(ids)
		out = append(out, ids)
	}
	slices.SortFunc(out, func(a, b []string) int { return slices.Compare(a, b) })
	return out
}

// TestFusionOrder checks that fusion in the store gives the incidents
// fuse.Cluster (the same fusion over a store in memory) gives for the
// same order, whatever the order and batching; and, here, where no vague
// report has a twin, the same incidents for every order.
func TestFusionOrder(t *testing.T) {
	ctx := context.Background()
	docs, _ := dayDocs(t)
	// Add vague reports, which must not bridge: Idlib province and the
	// week around the day.
	province := docs[0]
	province.Document = document.Document{ID: "prov", Text: "province"}
	province.Events = []event.Event{province.Events[0]}
	province.Events[0].ID, province.Events[0].DocID, province.Events[0].GeoPrecision = "prov-1", "prov", 3
	province.Events[0].Latitude, province.Events[0].Longitude = f64(35.93), f64(36.63)
	week := docs[1]
	week.Document = document.Document{ID: "week", Text: "week"}
	week.Events = []event.Event{week.Events[0]}
	week.Events[0].ID, week.Events[0].DocID, week.Events[0].TimePrecision = "week-1", "week", 2
	docs = append(docs, province, week)
	want := clusterIDs(docs)

	r := rand.New(rand.NewPCG(3, 4))
	for round := range 8 {
		s := open(t)
		shuffled := slices.Clone(docs)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		batch := 1 + round%4
		for i := 0; i < len(shuffled); i += batch {
			if _, err := s.PutDocuments(ctx, shuffled[i:min(i+batch, len(shuffled))]); err != nil {
				t.Fatal(err)
			}
		}
		got := partition(t, s)
		if same := clusterIDs(shuffled); !slices.EqualFunc(got, same, slices.Equal) {
			t.Fatalf("round %d: incidents\n%v\nfuse.Cluster in the same order\n%v", round, got, same)
		}
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("round %d: incidents\n%v\nin the first order\n%v", round, got, want)
		}
	}
}

// TestFusionAsMemory: on a crowded generated stream (twins, vague reports
// by place and by time, reports without coordinates or dates, reports
// before 1970), the store fuses as
// fuse.Cluster does in memory, event for event, in one order and another,
// stored one document at a time or in batches; and the incidents of its
// precise events are the same in every order.
func TestFusionAsMemory(t *testing.T) {
	docs := genStream(2, 500)
	// Some reports with no date of their own (their publication's week),
	// some of no date at all, and a fifth of the stream 56 years earlier,
	// before 1970.
	for i := range docs {
		for k := range docs[i].Events {
			e := &docs[i].Events[k]
			switch {
			case (i+k)%13 == 0:
				e.Published, e.EventDate = e.EventDate, ""
			case (i+k)%29 == 0:
				e.EventDate = ""
			}
			if i%5 == 0 && e.EventDate != "" {
				d, _ := fuse.Day(e.EventDate)
				e.EventDate = fuse.DateOf(d - 56*365)
			}
		}
	}
	for _, c := range indexCases {
		t.Run(c.name, func(t *testing.T) { testFusionAsMemory(t, docs, c.loadAfter, c.most, c.syms) })
	}
}

func testFusionAsMemory(t *testing.T, docs []Doc, loadAfter, most, syms int) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(9, 9))
	var precise [][]string
	for round, batch := range []int{1, 50, 500} {
		order := slices.Clone(docs)
		if round > 0 {
			r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		s := open(t)
		s.recent.loadAfter, s.recent.most, s.recent.maxSyms = loadAfter, most, syms
		for i := 0; i < len(order); i += batch {
			if _, err := s.PutDocuments(ctx, order[i:min(i+batch, len(order))]); err != nil {
				t.Fatal(err)
			}
		}
		got, want := partition(t, s), clusterIDs(order)
		several := 0
		for _, g := range got {
			if len(g) > 1 {
				several++
			}
		}
		if several < 50 {
			t.Fatalf("round %d: only %d incidents of several events: the stream tests little", round, several)
		}
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("round %d (batches of %d): the store's incidents\n%v\nfuse.Cluster's\n%v", round, batch, got, want)
		}
		p := partitionOf(t, s, `SELECT incident, event_id FROM events WHERE vague = 0 ORDER BY incident, event_id`)
		if round == 0 {
			precise = p
		} else if !slices.EqualFunc(p, precise, slices.Equal) {
			t.Fatalf("round %d: the incidents of precise events\n%v\nin the first order\n%v", round, p, precise)
		}
	}
}

func TestIncidentAndControl(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	docs, _ := dayDocs(t)
	if _, err := s.PutDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	id, err := s.IncidentOf(ctx, "r01-1")
	if err != nil {
		t.Fatal(err)
	}
	inc, err := s.Incident(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(inc.Events) != 4 || len(inc.Reports) != 4 || inc.Status != event.Disputed || inc.Fatalities.Low != 7 || *inc.Fatalities.High != 11 {
		t.Errorf("Ariha strike: %d events, status %s, fatalities %+v; want 4, disputed, 7–11", len(inc.Events), inc.Status, inc.Fatalities)
	}
	if _, err := s.Incident(ctx, 9999); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing incident: %v", err)
	}
	for _, tc := range []struct {
		date string
		want int
	}{{"2024-03-13", 0}, {"2024-03-14", 1}, {"2030-01-01", 1}} {
		got, err := s.ControlOn(ctx, tc.date)
		if err != nil || len(got) != tc.want {
			t.Errorf("ControlOn(%s) = %+v, %v; want %d", tc.date, got, err, tc.want)
			continue
		}
		if tc.want == 1 && (got[0].To != "SNA: Syrian National Army" || got[0].Status != event.Disputed || got[0].Location != "Al Arimah") {
			t.Errorf("ControlOn(%s) = %+v; want al-Arimah to the SNA, disputed", tc.date, got[0])
		}
	}
	if _, err := s.ControlOn(ctx, "2024-13-01"); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad date: %v, want ErrInvalid", err)
	}
	tl, err := s.Timeline(ctx, "geonames:174043")
	if err != nil || len(tl) != 1 {
		t.Errorf("Timeline: %+v, %v", tl, err)
	}
}

func TestEvents(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	var docs []Doc
	var all []event.Event
	for i := range 300 {
		d := genDoc(i)
		if i%50 == 0 {
			d.Document.Text += "\n\nA convoy was ambushed near the reservoir."
		}
		docs = append(docs, d)
		all = append(all, d.Events...)
	}
	if _, err := s.PutDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	statusOf := map[string]string{}
	rows, _ := s.r.Query(`SELECT e.event_id, i.status FROM events e JOIN incidents i ON i.id = e.incident`)
	for rows.Next() {
		var id, st string
		rows.Scan(&id, &st)
		statusOf[id] = st
	}
	rows.Close()
	box := &BBox{MinLat: 31, MinLon: 41, MaxLat: 32.5, MaxLon: 42}
	for _, tc := range []struct {
		name string
		f    Filter
		want func(*event.Event) bool
	}{
		{"all", Filter{}, func(*event.Event) bool { return true }},
		{"time range", Filter{From: "2022-01-01", To: "2022-03-31"}, func(e *event.Event) bool { return e.EventDate >= "2022-01-01" && e.EventDate <= "2022-03-31" }},
		{"box", Filter{BBox: box}, func(e *event.Event) bool { return in(box, e) }},
		{"box and time", Filter{BBox: box, From: "2022-01-01", To: "2022-06-30"}, func(e *event.Event) bool {
			return in(box, e) && e.EventDate >= "2022-01-01" && e.EventDate <= "2022-06-30"
		}},
		{"sub-type", Filter{SubEventType: "Attack"}, func(e *event.Event) bool { return e.SubEventType == "Attack" }},
		{"type", Filter{EventType: string(event.Protests)}, func(e *event.Event) bool { return e.EventType == event.Protests }},
		{"actor", Filter{Actor: "Civilians (X)"}, func(*event.Event) bool { return true }},
		{"unknown actor", Filter{Actor: "Nobody"}, func(*event.Event) bool { return false }},
		{"actor and outlet", Filter{Actor: "Military Forces of X", Outlet: "Outlet 3"}, func(e *event.Event) bool { return e.Outlet == "Outlet 3" }},
		{"country", Filter{Country: "Xland"}, func(*event.Event) bool { return true }},
		{"outlet", Filter{Outlet: "Outlet 3"}, func(e *event.Event) bool { return e.Outlet == "Outlet 3" }},
		{"claim status", Filter{ClaimStatus: event.Asserted}, func(*event.Event) bool { return true }},
		{"incident status", Filter{IncidentStatus: event.Confirmed}, func(e *event.Event) bool { return statusOf[e.ID] == event.Confirmed }},
		{"full text", Filter{Query: "convoy AND ambushed"}, func(e *event.Event) bool {
			var n int
			fmt.Sscanf(e.DocID, "doc%d", &n)
			return n%50 == 0
		}},
		// A word of every document: the walk of textRows, in batches.
		{"common full text", Filter{Query: "shelling"}, func(*event.Event) bool { return true }},
		{"common full text and outlet", Filter{Query: "shelling", Outlet: "Outlet 3"}, func(e *event.Event) bool { return e.Outlet == "Outlet 3" }},
		{"common full text and actor", Filter{Query: "shelling OR convoy", Actor: "Civilians (X)"}, func(*event.Event) bool { return true }},
		{"common full text and time", Filter{Query: "shelling", From: "2022-01-01", To: "2022-03-31"}, func(e *event.Event) bool {
			return e.EventDate >= "2022-01-01" && e.EventDate <= "2022-03-31"
		}},
		{"common full text NOT a rare one", Filter{Query: "shelling NOT convoy"}, func(e *event.Event) bool {
			var n int
			fmt.Sscanf(e.DocID, "doc%d", &n)
			return n%50 != 0
		}},
		{"everything", Filter{BBox: box, From: "2021-06-01", To: "2022-12-31", SubEventType: "Armed clash", Outlet: "Outlet 7"}, func(e *event.Event) bool {
			return in(box, e) && e.EventDate >= "2021-06-01" && e.SubEventType == "Armed clash" && e.Outlet == "Outlet 7"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			for i := range all {
				if tc.want(&all[i]) {
					want = append(want, all[i].ID)
				}
			}
			// Page through in small pages; every event once, newest first.
			var got []string
			lastDate := "9999"
			cursor := ""
			for pages := 0; ; pages++ {
				page, err := s.Events(ctx, tc.f, cursor, 7)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range page.Events {
					if e.EventDate > lastDate {
						t.Fatalf("%s (%s) after %s: not newest first", e.ID, e.EventDate, lastDate)
					}
					lastDate = e.EventDate
					got = append(got, e.ID)
				}
				if page.Next == "" {
					break
				}
				cursor = page.Next
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got %d events, want %d", len(got), len(want))
			}
			if tc.f.Query != "" && tc.f.BBox == nil {
				// Too few documents here for the batched walk: forced.
				checkWalk(t, s, tc.f, 7)
			}
			n := 0
			s.EachEvent(ctx, tc.f, func(*event.Event) error { n++; return nil })
			if n != len(want) {
				t.Errorf("EachEvent: %d events, want %d", n, len(want))
			}
		})
	}
	for _, bad := range []struct {
		f      Filter
		cursor string
	}{
		{Filter{From: "2022-02-30"}, ""},
		{Filter{From: "2022-03-01", To: "2022-02-01"}, ""},
		{Filter{BBox: &BBox{MinLat: 10, MaxLat: 5}}, ""},
		{Filter{Query: `"unbalanced`}, ""},
		{Filter{Query: `AND OR`}, ""},
		{Filter{}, "not a cursor"},
	} {
		if _, err := s.Events(ctx, bad.f, bad.cursor, 10); !errors.Is(err, ErrInvalid) {
			t.Errorf("Events(%+v, %q): %v, want ErrInvalid", bad.f, bad.cursor, err)
		}
	}
}

func in(b *BBox, e *event.Event) bool {
	return e.Latitude != nil && *e.Latitude >= b.MinLat && *e.Latitude <= b.MaxLat && *e.Longitude >= b.MinLon && *e.Longitude <= b.MaxLon
}

func TestReplaceEvents(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	docs, _ := dayDocs(t)
	if _, err := s.PutDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	before, _ := s.IncidentOf(ctx, "r01-1")
	other, _ := s.IncidentOf(ctx, "r05-1")

	// r02 read again the same: nothing changes.
	ch, err := s.ReplaceEvents(ctx, "r02", docs[1].Events)
	if err != nil || ch.Unchanged != 1 || len(ch.Added)+len(ch.Removed)+len(ch.Changed) != 0 {
		t.Fatalf("same reading: %+v, %v", ch, err)
	}
	// r04 now gives 12 killed and a second event: the incident keeps its id.
	e := docs[3].Events[0]
	e.FatalitiesLow, e.Fatalities = 12, 12
	e.FatalitiesHigh = &e.FatalitiesLow
	extra := e
	extra.ID, extra.SubEventType, extra.EventType = "r04-2", "Looting/property destruction", event.Strategic
	ch, err = s.ReplaceEvents(ctx, "r04", []event.Event{e, extra})
	if err != nil || !slices.Equal(ch.Changed, []string{"r04-1"}) || !slices.Equal(ch.Added, []string{"r04-2"}) || ch.Removed != nil {
		t.Fatalf("new reading: %+v, %v", ch, err)
	}
	after, _ := s.IncidentOf(ctx, "r01-1")
	inc, _ := s.Incident(ctx, after)
	if after != before || len(inc.Events) != 4 || *inc.Fatalities.High != 12 {
		t.Errorf("incident %d → %d with %d events, fatalities %+v; want the same id, 4 events, up to 12", before, after, len(inc.Events), inc.Fatalities)
	}
	if o, _ := s.IncidentOf(ctx, "r05-1"); o != other {
		t.Errorf("an untouched incident changed id: %d → %d", other, o)
	}
	// r04 read as nothing: its events go, the incident stays with the rest.
	ch, err = s.ReplaceEvents(ctx, "r04", nil)
	if err != nil || !slices.Equal(ch.Removed, []string{"r04-1", "r04-2"}) {
		t.Fatalf("empty reading: %+v, %v", ch, err)
	}
	inc, _ = s.Incident(ctx, before)
	if len(inc.Events) != 3 {
		t.Errorf("after removal: %d events, want 3", len(inc.Events))
	}
	if _, err := s.ReplaceEvents(ctx, "nope", nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing document: %v", err)
	}
	c, _ := s.Count(ctx)
	var left int
	s.r.QueryRow(`SELECT count(*) FROM evidence WHERE event NOT IN (SELECT id FROM events)`).Scan(&left)
	var geo int
	s.r.QueryRow(`SELECT count(*) FROM events_geo`).Scan(&geo)
	if left != 0 || geo != c.Events {
		t.Errorf("%d orphan evidence rows, %d located events for %d events", left, geo, c.Events)
	}
}

// TestReplaceSplits: removing the report that bridged two others splits
// the incident; the first piece keeps the id.
func TestReplaceSplits(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	mk := func(doc string, lat float64, prec int) Doc {
		e := event.Event{ID: doc + "-1", DocID: doc, EventType: event.Battles, SubEventType: "Armed clash", EventDate: "2024-01-01", TimePrecision: 1,
			Country: "X", Location: doc, Latitude: f64(lat), Longitude: f64(40), GeoPrecision: prec}
		return Doc{Document: document.Document{ID: doc, Text: doc}, Events: []event.Event{e}}
	}
	// a and c are 1.8 km apart, too far for two villages; b, in the
	// middle, is close enough to both.
	if _, err := s.PutDocuments(ctx, []Doc{mk("a", 30, 1), mk("b", 30.008, 1), mk("c", 30.016, 1)}); err != nil {
		t.Fatal(err)
	}
	if got := partition(t, s); len(got) != 1 {
		t.Fatalf("bridged: %v, want one incident", got)
	}
	id, _ := s.IncidentOf(ctx, "a-1")
	if _, err := s.ReplaceEvents(ctx, "b", nil); err != nil {
		t.Fatal(err)
	}
	if got := partition(t, s); len(got) != 2 {
		t.Errorf("after removing the bridge: %v, want two incidents", got)
	}
	if a, _ := s.IncidentOf(ctx, "a-1"); a != id {
		t.Errorf("first piece has id %d, want %d", a, id)
	}
}

// TestReadWhileWriting: readers see consistent, growing counts while one
// writer ingests.
func TestReadWhileWriting(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		for i := 0; i < 400; i += 20 {
			var batch []Doc
			for j := i; j < i+20; j++ {
				batch = append(batch, genDoc(j))
			}
			if _, err := s.PutDocuments(ctx, batch); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := 0
			for {
				select {
				case <-done:
					return
				default:
				}
				c, err := s.Count(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				// Events come in whole documents: two each.
				if c.Documents < last || c.Events != 2*c.Documents {
					t.Errorf("read %+v after %d documents", c, last)
					return
				}
				last = c.Documents
				if _, err := s.Events(ctx, Filter{BBox: &BBox{30, 40, 34, 44}, From: "2022-01-01"}, "", 50); err != nil {
					t.Error(err)
					return
				}
				time.Sleep(time.Millisecond)
			}
		}()
	}
	wg.Wait()
	if c, _ := s.Count(ctx); c.Documents != 400 {
		t.Errorf("stored %d documents, want 400", c.Documents)
	}
	// The readers' full-text index is up to date.
	n := 0
	s.EachEvent(ctx, Filter{Query: "heavy shelling"}, func(*event.Event) error { n++; return nil })
	if n != 800 {
		t.Errorf("full-text query after writing: %d events, want 800", n)
	}
}

func TestFeed(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if f, err := s.Feed(ctx, "https://example.org/rss"); err != nil || f.ETag != "" {
		t.Fatalf("new feed: %+v, %v", f, err)
	}
	checked := time.Date(2024, 3, 14, 10, 0, 0, 0, time.UTC)
	for _, etag := range []string{`"a"`, `"b"`} {
		if err := s.PutFeed(ctx, Feed{URL: "https://example.org/rss", ETag: etag, LastModified: "Thu, 14 Mar 2024 10:00:00 GMT", Checked: checked}); err != nil {
			t.Fatal(err)
		}
	}
	f, err := s.Feed(ctx, "https://example.org/rss")
	if err != nil || f.ETag != `"b"` || !f.Checked.Equal(checked) || f.Seen != nil || f.Failures != 0 {
		t.Errorf("feed: %+v, %v", f, err)
	}
	f.Seen, f.Failures = []string{"https://example.org/a", "urn:x\nwith a break", " ", "guid-3"}, 2
	f.Pending = []byte(`[{"key":"k","link":"https://example.org/k","tries":1}]`)
	if err := s.PutFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	got, err := s.Feed(ctx, "https://example.org/rss")
	if want := []string{"https://example.org/a", "urn:x with a break", "guid-3"}; err != nil || !slices.Equal(got.Seen, want) || got.Failures != 2 || string(got.Pending) != string(f.Pending) {
		t.Errorf("feed with items: %+v, %v; want seen %q, 2 failures and the pending items", got, err, want)
	}
	got.Pending = nil
	if err := s.PutFeed(ctx, got); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Feed(ctx, "https://example.org/rss"); err != nil || got.Pending != nil {
		t.Errorf("pending items not cleared: %q, %v", got.Pending, err)
	}
}

// FuzzFeedSeen: the item keys of a feed come back as stored, less blank
// ones and with line breaks made spaces.
func FuzzFeedSeen(f *testing.F) {
	s := open(f)
	f.Add("https://example.org/a", "guid-1")
	f.Add("", "a\r\nb")
	f.Add(" x ", "\n")
	f.Fuzz(func(t *testing.T, a, b string) {
		ctx := context.Background()
		if err := s.PutFeed(ctx, Feed{URL: "u", Seen: []string{a, b}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Feed(ctx, "u")
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, k := range []string{a, b} {
			if k = strings.TrimSpace(strings.ReplaceAll(k, "\n", " ")); k != "" {
				want = append(want, k)
			}
		}
		if !slices.Equal(got.Seen, want) {
			t.Errorf("seen %q: got back %q, want %q", []string{a, b}, got.Seen, want)
		}
	})
}

// TestReplaceDocuments: a batch of new readings, one refused, in one
// transaction.
func TestReplaceDocuments(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	docs, _ := dayDocs(t)
	if _, err := s.PutDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	changed := docs[3]
	changed.Events = slices.Clone(changed.Events)
	changed.Events[0].FatalitiesLow, changed.Events[0].Fatalities = 12, 12
	refused := docs[4]
	refused.Events = append(slices.Clone(refused.Events), refused.Events[0]) // an id twice
	chs, err := s.ReplaceDocuments(ctx, []Doc{docs[1], changed, refused})
	if err != nil {
		t.Fatal(err)
	}
	if chs[0].Unchanged != 1 || len(chs[0].Changed) != 0 || !slices.Equal(chs[1].Changed, []string{"r04-1"}) || chs[1].Dissolved != 1 || chs[2].Err == nil {
		t.Errorf("changes %+v; want r02 unchanged, r04-1 changed (its incident fused again), r05 refused", chs)
	}
	if _, events, _ := s.Document(ctx, "r05"); len(events) != 1 {
		t.Errorf("the refused document has %d events, want its 1 as before", len(events))
	}
	if _, events, _ := s.Document(ctx, "r04"); len(events) != 1 || events[0].FatalitiesLow != 12 {
		t.Errorf("r04 now %+v", events)
	}
}

// TestPrepare: documents prepared ahead are stored as the others, and
// one that cannot be is refused all the same.
func TestPrepare(t *testing.T) {
	ctx := context.Background()
	plain, prepared := open(t), open(t)
	docs := []Doc{genDoc(1), genDoc(2), genDoc(3)}
	docs[1].Document.ID = ""
	docs[2].Events[1].ID = docs[2].Events[0].ID
	var ready []Doc
	for _, d := range docs {
		d.Events = slices.Clone(d.Events)
		Prepare(&d)
		ready = append(ready, d)
	}
	if ready[0].bodies == nil || ready[2].bodies != nil {
		t.Fatalf("prepared bodies: %v, %v; want some for the first, none for the refused", ready[0].bodies != nil, ready[2].bodies != nil)
	}
	want, err := plain.PutDocuments(ctx, docs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := prepared.PutDocuments(ctx, ready)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if got[i].DocID != want[i].DocID || got[i].Stored != want[i].Stored || (got[i].Err == nil) != (want[i].Err == nil) {
			t.Errorf("document %d: %+v prepared, %+v not", i, got[i], want[i])
		}
	}
	var a, b string
	plain.r.QueryRow(`SELECT group_concat(body, '|') FROM (SELECT body FROM events ORDER BY id)`).Scan(&a)
	prepared.r.QueryRow(`SELECT group_concat(body, '|') FROM (SELECT body FROM events ORDER BY id)`).Scan(&b)
	if a == "" || a != b {
		t.Errorf("prepared events are stored otherwise:\n%s\n%s", b, a)
	}
}

func FuzzCursor(f *testing.F) {
	f.Add(key{day: 19000, id: 42}.String())
	f.Add(key{day: -600, id: 7}.String())
	f.Add(key{undated: true, id: 42}.String())
	f.Add("")
	f.Add("MTkwMDAuNDI")
	f.Add("not base64!")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := parseCursor(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("parseCursor(%q): %v is not ErrInvalid", s, err)
			}
			return
		}
		if back, err := parseCursor(k.String()); err != nil || back != k {
			t.Errorf("round trip of %q: %v, %v", s, back, err)
		}
	})
}

// FuzzEventsQuery: whatever the full-text query, the store answers it or
// refuses it as the query's fault (ErrInvalid, with SQLite's reason), never
// with an error of its own.
func FuzzEventsQuery(f *testing.F) {
	s := open(f)
	if _, err := s.PutDocuments(context.Background(), []Doc{genDoc(1), genDoc(2)}); err != nil {
		f.Fatal(err)
	}
	for _, q := range []string{"shelling", "*", "**", "a*", `"heavy shelling"`, "x NOT", "col:x", "NEAR(a b, 2)", "title:report", "(", "\x00", "^x", "+"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_, err := s.Events(context.Background(), Filter{Query: q}, "", 5)
		var qe *QueryError
		if err != nil && (!errors.Is(err, ErrInvalid) || !errors.As(err, &qe) && !strings.Contains(err.Error(), "full-text")) {
			t.Fatalf("query %q: %v", q, err)
		}
		if qe != nil && (qe.Query != q || qe.Reason == "") {
			t.Fatalf("query %q: %+v", q, qe)
		}
	})
}

func TestEventsStored(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	before := time.Now().Add(-time.Second).Unix()
	if _, err := s.PutDocuments(ctx, []Doc{genDoc(1), genDoc(2)}); err != nil {
		t.Fatal(err)
	}
	page, err := s.Events(ctx, Filter{}, "", 10)
	if err != nil || len(page.Events) != 4 {
		t.Fatalf("%d events, %v", len(page.Events), err)
	}
	for _, e := range page.Events {
		id, err := s.IncidentOf(ctx, e.ID)
		if err != nil || e.Incident != id || e.Timestamp < before || e.Timestamp > time.Now().Unix() {
			t.Errorf("event %s: incident %d (stored %d, %v), timestamp %d", e.ID, e.Incident, id, err, e.Timestamp)
		}
	}
}

// TestReplaceCorrupt: a stored event that cannot be read back (its body
// or a column damaged in the file) stops a new reading of another
// document of its incident with an error that says so, and the store is
// left as it was.
func TestReplaceCorrupt(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, damage, want string
	}{
		{"body not JSON", `UPDATE events SET body = '{"id": "r02-1", "event_' WHERE event_id = 'r02-1'`, "event r02-1"},
		{"document row not a number", `UPDATE events SET doc = 'two' WHERE event_id = 'r02-1'`, `"doc"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.db")
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			docs, _ := dayDocs(t)
			if _, err := s.PutDocuments(ctx, docs); err != nil {
				t.Fatal(err)
			}
			// r01 and r02 tell of one strike: a new reading of r01
			// dissolves their incident, and r02 must be read again.
			a, _ := s.IncidentOf(ctx, "r01-1")
			b, _ := s.IncidentOf(ctx, "r02-1")
			if a != b {
				t.Fatalf("r01-1 and r02-1 in incidents %d and %d, want one", a, b)
			}
			// Damaged from outside, as a disk or another program would.
			if _, err := s.w.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
				t.Fatal(err)
			}
			if _, err := s.w.ExecContext(ctx, tc.damage); err != nil {
				t.Fatal(err)
			}
			if _, err := s.w.ExecContext(ctx, `PRAGMA foreign_keys = ON`); err != nil {
				t.Fatal(err)
			}
			before := fusionState(t, s)
			changed := docs[0]
			changed.Events = slices.Clone(changed.Events)
			changed.Events[0].FatalitiesLow, changed.Events[0].Fatalities = 12, 12
			if _, err := s.ReplaceEvents(ctx, "r01", changed.Events); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReplaceEvents: %v, want an error naming %s", err, tc.want)
			}
			if _, err := s.ReplaceDocuments(ctx, []Doc{changed}); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReplaceDocuments: %v, want an error naming %s", err, tc.want)
			}
			if after := fusionState(t, s); after != before {
				t.Errorf("the store changed:\n%s\nwas\n%s", after, before)
			}
			if _, events, err := s.Document(ctx, "r01"); err != nil || len(events) != 1 || events[0].FatalitiesLow == 12 {
				t.Errorf("r01 after the refused readings: %+v, %v; want its old event", events, err)
			}
		})
	}
}

// plan is SQLite's plan for a query, its steps joined by "; ".
func plan(t *testing.T, s *Store, query string, args []any) string {
	t.Helper()
	rows, err := s.r.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var steps []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, detail)
	}
	return strings.Join(steps, "; ")
}

// TestListPlan holds the event listing to its plan, whatever the page
// size: one range of an index in the order of the page, no sorting. With
// the keyset spelt with OR, SQLite read the (day, id) index twice and
// sorted the union for pages of 1 to 9 events: a full scan.
func TestListPlan(t *testing.T) {
	ctx := context.Background()
	s := openWith(t, 300)
	for _, f := range []Filter{
		{},
		{Country: "Xland"},
		{SubEventType: "Attack", Outlet: "Outlet 3"},
		{From: "2022-01-01", To: "2022-03-31"},
		{Actor: "Military Forces of X"},
		{Actor: "Civilians (X)", Country: "Xland"},
		{Query: "shelling"}, // in every document: common
	} {
		q, err := s.buildQuery(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, after := range []key{{day: 1 << 40}, {day: 19300, id: 120}, {undated: true, id: math.MaxInt64}, {undated: true, id: 300}} {
			for _, limit := range []int{1, 2, 5, 9, 10, 100, MaxLimit} {
				query, args := listQuery(q, after, limit)
				p := plan(t, s, query, args)
				// An actor's events are the union of two ranges, merged.
				want := "SEARCH e USING INDEX events_day"
				if f.Actor != "" {
					want = "MERGE (UNION); LEFT; SEARCH e USING INDEX events_actor1"
				}
				if after.undated && (f.From != "" || f.To != "") {
					continue // never asked: no undated event has a date
				}
				if strings.Contains(p, "TEMP B-TREE") || strings.Contains(p, "MULTI-INDEX OR") || !strings.Contains(p, want) {
					t.Errorf("filter %+v, limit %d, after %v: plan %q; want one range of an index, unsorted", f, limit, after, p)
				}
			}
		}
	}
	// Undated events in a box: those of the box from the r-tree, looked up
	// by key in id order, never all of them walked.
	for _, f := range []Filter{{BBox: &BBox{MinLat: 30, MinLon: 40, MaxLat: 31, MaxLon: 41}}, {BBox: &BBox{MinLat: 30, MinLon: 40, MaxLat: 31, MaxLon: 41}, Outlet: "Outlet 3", Actor: "Civilians (X)"}} {
		q, err := s.buildQuery(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		query, args := undatedBoxQuery(q, f.BBox, key{undated: true, id: math.MaxInt64}, 10)
		p := plan(t, s, query, args)
		if strings.Contains(p, "TEMP B-TREE") || !strings.Contains(p, "SEARCH e USING INDEX events_day") || !strings.Contains(p, "SCAN events_geo VIRTUAL TABLE") || !strings.Contains(p, "USING INDEX events_dateless") {
			t.Errorf("undated events, filter %+v: plan %q; want the r-tree and the partial index, unsorted", f, p)
		}
	}
}
