package fuse

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/sitrep/sitrep/internal/event"
)

// TestTallySummaryAsSummarize: tallies updated by joins, merges, moves and
// dissolutions, saved and loaded again as JSON between rounds as a store
// does, sum each incident up as Summarize does from its full members.
func TestTallySummaryAsSummarize(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	subs := []event.SubType{event.ArmedClash, event.AirDroneStrike, event.PeacefulProtest, event.GovernmentRegains}
	full := map[int64]event.Event{} // every event by ref, in full
	where := map[int64]int64{}      // its incident
	saved := map[int64][]byte{}
	load := func(id int64) (*Tally, error) {
		t := NewTally()
		if b, ok := saved[id]; ok {
			if err := json.Unmarshal(b, t); err != nil {
				return nil, err
			}
		}
		return t, nil
	}
	newEvent := func(ref int64) event.Event {
		sub := subs[r.IntN(len(subs))]
		lat := 10 + float64(r.IntN(3))
		e := event.Event{
			ID: fmt.Sprintf("e%d", ref), DocID: fmt.Sprintf("d%d", r.IntN(50)), EventType: sub.Type(), SubEventType: sub,
			EventDate: DateOf(19700 + r.IntN(5)), TimePrecision: 1 + r.IntN(3), Published: DateOf(19706),
			Country: "Xland", Admin1: "North", Location: []string{"Aville", "Btown", "Cburg"}[r.IntN(3)], GeoPrecision: 1 + r.IntN(3),
			Latitude: &lat, Longitude: &lat, Actor1: []string{"Rebel Front", "Military Forces of Xland (2000-)", "Protesters (Xland)"}[r.IntN(3)],
			Inter1: 1 + r.IntN(3), Outlet: fmt.Sprintf("Outlet %d", r.IntN(4)), Notes: "not summed: a long note",
			Fatalities: r.IntN(20), Evidence: []event.Span{{Start: 1, End: 9}},
		}
		e.FatalitiesLow = e.Fatalities
		if r.IntN(3) == 0 {
			e.Fields = map[string]event.Span{"fatalities": {Start: 2, End: 4}, "location": {Start: 5, End: 7}}
		}
		if r.IntN(3) == 0 {
			e.Claim = event.Claim{Source: "state media", SourceKind: "media", Hedged: r.IntN(2) == 0, Status: event.Claimed}
		}
		if r.IntN(5) == 0 {
			e.FatalitiesHigh = nil
			e.FatalitiesLow = 10
		}
		return e
	}
	next := int64(1)
	for round := range 30 {
		ts := NewTallies(load)
		touched := map[int64]bool{}
		for range 20 {
			switch op := r.IntN(10); {
			case op < 5 || len(where) < 3: // an event joins
				e := newEvent(next)
				inc := int64(1 + r.IntN(12))
				if err := ts.Join(inc, next, &e); err != nil {
					t.Fatal(err)
				}
				full[next], where[next] = e, inc
				touched[inc] = true
				next++
			case op < 7: // two incidents merge
				into, from := int64(1+r.IntN(12)), int64(1+r.IntN(12))
				if into == from {
					continue
				}
				if err := ts.Merge(into, []int64{from}); err != nil {
					t.Fatal(err)
				}
				for ref, inc := range where {
					if inc == from {
						where[ref] = into
					}
				}
				touched[into], touched[from] = true, true
			case op < 9: // an event moves
				ref := int64(1 + r.IntN(int(next-1)))
				if _, ok := where[ref]; !ok {
					continue
				}
				to := int64(1 + r.IntN(12))
				if err := ts.Move(ref, where[ref], to); err != nil {
					t.Fatal(err)
				}
				touched[where[ref]], touched[to] = true, true
				where[ref] = to
			default: // an incident is dissolved and its members fused again elsewhere
				id := int64(1 + r.IntN(12))
				if err := ts.Empty(id); err != nil {
					t.Fatal(err)
				}
				for ref, inc := range where {
					if inc == id {
						to := int64(13 + r.IntN(3))
						e := full[ref]
						if err := ts.Join(to, ref, &e); err != nil {
							t.Fatal(err)
						}
						where[ref] = to
						touched[to] = true
					}
				}
				touched[id] = true
			}
		}
		for id := range touched {
			tl, err := ts.Get(id)
			if err != nil {
				t.Fatal(err)
			}
			var members []event.Event
			for ref, inc := range where {
				if inc == id {
					members = append(members, full[ref])
				}
			}
			if tl.Len() != len(members) {
				t.Fatalf("round %d: incident %d: tally of %d, %d members", round, id, tl.Len(), len(members))
			}
			if got, want := tl.Summary(), Summarize(members); !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d: incident %d:\ntally        %+v\nfrom scratch %+v", round, id, got, want)
			}
			b, err := json.Marshal(tl)
			if err != nil {
				t.Fatal(err)
			}
			saved[id] = b
		}
	}
}

// The embedded tuning values read, and a file that says too little is refused.
func TestConfig(t *testing.T) {
	if Tuning().MaxVague < 1 {
		t.Fatalf("max_vague_reports %d", Tuning().MaxVague)
	}
	for _, bad := range []string{"", "max_vague_reports 0", "max_vague_reports x", "other 3\nmax_vague_reports 4", "max_vague_reports 4", "max_vague_reports 4\ncontrol_stale_days 0"} {
		if _, err := parseConfig(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
