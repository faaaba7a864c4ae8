package store

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// streamPlaces are the places of the generated stream: villages a few km
// apart (close enough for "near" reports to reach several), and two towns
// whose reports carry no coordinates.
var streamPlaces = []struct {
	name     string
	lat, lon float64
}{
	{"Alpha", 35.80, 36.60}, {"Bravo", 35.81, 36.61}, {"Charlie", 35.84, 36.64}, {"Delta", 35.90, 36.70},
	{"Echo", 35.805, 36.605}, {"Foxtrot", 36.20, 37.00}, {"Golf", 0, 0}, {"Hotel", 0, 0},
}

// genStream makes a stream of n documents of one to three events each,
// crowded into a few places and 40 days, so that fusion has much to do:
// precise and vague events (by place and by time), reports without
// coordinates, compatible and incompatible sub-types and actors, twins.
func genStream(seed uint64, n int) []Doc {
	r := rand.New(rand.NewPCG(seed, 11))
	subs := []event.SubType{event.ArmedClash, event.Shelling, event.AirDroneStrike, event.Attack, event.PeacefulProtest, event.GovernmentRegains}
	actors := []struct {
		name  string
		inter int
	}{{"Military Forces of Xland (2000-)", 1}, {"Rebel Front", 2}, {"Other Rebels", 2}, {"Unidentified Armed Group (Xland)", 3}, {"Civilians (Xland)", 7}, {"Protesters (Xland)", 6}}
	assoc := []string{"", "", "Party A", "Party B"}
	docs := make([]Doc, n)
	for i := range docs {
		id := fmt.Sprintf("s%05d", i)
		doc := document.Document{ID: id, Outlet: fmt.Sprintf("Outlet %d", r.IntN(6)), Text: fmt.Sprintf("generated report %d", i)}
		var events []event.Event
		for k := range 1 + r.IntN(3) {
			p := streamPlaces[r.IntN(len(streamPlaces))]
			sub := subs[r.IntN(len(subs))]
			a1, a2 := actors[r.IntN(len(actors))], actors[r.IntN(len(actors))]
			e := event.Event{
				ID: fmt.Sprintf("%s-%d", id, k), DocID: id, EventType: sub.Type(), SubEventType: sub,
				EventDate: fuse.DateOf(19700 + r.IntN(40)), TimePrecision: []int{1, 1, 1, 2, 3}[r.IntN(5)],
				Actor1: a1.name, Inter1: a1.inter, Actor2: a2.name, Inter2: a2.inter, AssocActor1: assoc[r.IntN(len(assoc))],
				Country: "Xland", Location: p.name, GeoPrecision: []int{1, 1, 1, 2, 3}[r.IntN(5)],
				Fatalities: r.IntN(4), Outlet: doc.Outlet,
				Claim: event.Claim{SourceKind: []string{"local", "official", "outlet"}[r.IntN(3)], Status: event.Asserted},
			}
			e.FatalitiesLow = e.Fatalities
			if p.lat != 0 {
				e.Latitude, e.Longitude = f64(p.lat), f64(p.lon)
			}
			if r.IntN(8) == 0 {
				e.Actor1, e.Inter1, e.Actor2, e.Inter2 = "", 0, "", 0
			}
			events = append(events, e)
		}
		docs[i] = Doc{Document: doc, Events: events}
	}
	return docs
}

// fusionState describes the incidents of a store: for every event its
// incident and the event it is linked to, and a digest of every incident's
// summary and change of control.
func fusionState(t testing.TB, s *Store) string {
	t.Helper()
	var b strings.Builder
	rows, err := s.r.Query(`SELECT e.event_id, coalesce(e.incident, 0), coalesce(l.event_id, '') FROM events e LEFT JOIN events l ON l.id = e.link ORDER BY e.event_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, link string
		var inc int64
		if err := rows.Scan(&id, &inc, &link); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "event %s incident %d link %s\n", id, inc, link)
	}
	rows.Close()
	rows, err = s.r.Query(`SELECT i.id, i.reports, i.body, coalesce(c.body, '') FROM incidents i LEFT JOIN control c ON c.incident = i.id ORDER BY i.id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, reports int64
		var body, control string
		if err := rows.Scan(&id, &reports, &body, &control); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "incident %d reports %d summary %x control %x\n", id, reports, sha256.Sum256([]byte(body)), sha256.Sum256([]byte(control)))
	}
	rows.Close()
	return b.String()
}

// TestFusionGolden pins what the store fuses on a generated stream, stored
// in batches and then partly read again (events changed, removed, added):
// incidents, their ids, links and summaries. A change to fusion that is
// meant to change nothing must leave testdata/fusion.golden as it is
// (-update rewrites it).
//
// It runs with fusion asking the SQL alone, then with the writer's index
// of recent candidates answering whatever it can (loaded at the first
// question), then with that index also dropping chunks all the time.
func TestFusionGolden(t *testing.T) {
	for _, c := range indexCases {
		t.Run(c.name, func(t *testing.T) {
			s := open(t)
			s.recent.loadAfter, s.recent.most, s.recent.maxSyms = c.loadAfter, c.most, c.syms
			testFusionGolden(t, s)
			if c.loadAfter == 1 && s.recent.answered == 0 {
				t.Error("the index answered nothing")
			}
		})
	}
}

// indexCases are the settings of the writer's index of recent candidates
// the fusion tests run with: the last empties itself whenever it numbers
// more than 50 strings or keys.
var indexCases = []struct {
	name                  string
	loadAfter, most, syms int
}{
	{"sql", 1 << 30, maxRecent, maxSymbols},
	{"index", 1, maxRecent, maxSymbols},
	{"index evicting", 1, 100, maxSymbols},
	{"index forgetting", 1, maxRecent, 50},
}

func testFusionGolden(t *testing.T, s *Store) {
	ctx := context.Background()
	docs := genStream(1, 600)
	for i := 0; i < len(docs); {
		n := 1 + i%37
		if _, err := s.PutDocuments(ctx, docs[i:min(i+n, len(docs))]); err != nil {
			t.Fatal(err)
		}
		i += n
	}
	// Read again: every seventh document changes, loses or gains events.
	r := rand.New(rand.NewPCG(5, 5))
	var again []Doc
	for i := 0; i < len(docs); i += 7 {
		d := docs[i]
		events := append([]event.Event(nil), d.Events...)
		switch r.IntN(3) {
		case 0:
			events[0].Fatalities, events[0].FatalitiesLow = 9, 9
			events[0].GeoPrecision = 1 + (events[0].GeoPrecision)%3
		case 1:
			events = events[1:]
		case 2:
			extra := events[0]
			extra.ID = d.Document.ID + "-x"
			extra.EventDate = fuse.DateOf(19700 + r.IntN(40))
			events = append(events, extra)
		}
		again = append(again, Doc{Document: d.Document, Events: events})
	}
	for i := 0; i < len(again); i += 10 {
		if _, err := s.ReplaceDocuments(ctx, again[i:min(i+10, len(again))]); err != nil {
			t.Fatal(err)
		}
	}
	got := fusionState(t, s)
	path := filepath.Join("testdata", "fusion.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("fusion differs from %s at line %d:\ngot  %s\nwant %s", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("fusion differs from %s: %d lines, want %d", path, len(gl), len(wl))
	}
}
