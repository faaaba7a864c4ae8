package store

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
)

// TestTalliesSumAsFromScratch: after a stream stored in batches of
// several sizes (joins, merges, vague events moved to closer ones) and
// read again in part (incidents dissolved and fused anew), every
// incident's stored summary, kept by running tallies, is what
// fuse.Summarize gives from scratch over its members' stored bodies.
func TestTalliesSumAsFromScratch(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	docs := genStream(4, 500)
	for i := range docs {
		for k := range docs[i].Events {
			e := &docs[i].Events[k]
			// Tolls read from the text and claims by named sources, so
			// that the reports' figures and voices differ.
			if (i+k)%3 == 0 {
				e.Fields = map[string]event.Span{"fatalities": {Start: 0, End: 1}}
				e.Fatalities, e.FatalitiesLow = 5*(i%7), 5*(i%7)
			}
			if (i+k)%4 == 0 {
				e.Claim.Source = []string{"the army", "a monitoring group", "state media"}[(i+k)%3]
			}
		}
	}
	for i, n := 0, 1; i < len(docs); i, n = i+n, n%41+3 {
		if _, err := s.PutDocuments(ctx, docs[i:min(i+n, len(docs))]); err != nil {
			t.Fatal(err)
		}
	}
	check := func(when string) {
		t.Helper()
		members := map[int64][]event.Event{}
		rows, err := s.r.QueryContext(ctx, `SELECT incident, body FROM events WHERE incident IS NOT NULL ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var body []byte
			var e event.Event
			if err := rows.Scan(&id, &body); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatal(err)
			}
			members[id] = append(members[id], e)
		}
		rows.Close()
		rows, err = s.r.QueryContext(ctx, `SELECT id, body FROM incidents`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var id int64
			var body string
			if err := rows.Scan(&id, &body); err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(fuse.Summarize(members[id]))
			if err != nil {
				t.Fatal(err)
			}
			if body != string(want) {
				t.Fatalf("%s: incident %d (%d members) from its tally\n%s\nfrom scratch\n%s", when, id, len(members[id]), body, want)
			}
			n++
			delete(members, id)
		}
		if len(members) > 0 || n < 100 {
			t.Fatalf("%s: %d incidents checked, %d with members and no row", when, n, len(members))
		}
	}
	check("stored")
	r := rand.New(rand.NewPCG(8, 8))
	var again []Doc
	for i := 0; i < len(docs); i += 5 {
		d := docs[i]
		events := append([]event.Event(nil), d.Events...)
		switch r.IntN(3) {
		case 0:
			events[0].Fatalities, events[0].FatalitiesLow = 40, 40
			events[0].GeoPrecision = 1 + events[0].GeoPrecision%3
		case 1:
			events = events[1:]
		case 2:
			extra := events[0]
			extra.ID = d.Document.ID + "-x"
			events = append(events, extra)
		}
		again = append(again, Doc{Document: d.Document, Events: events})
	}
	for i := 0; i < len(again); i += 9 {
		if _, err := s.ReplaceDocuments(ctx, again[i:min(i+9, len(again))]); err != nil {
			t.Fatal(err)
		}
	}
	check("read again")
}
