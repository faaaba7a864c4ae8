package fuse

import (
	"bufio"
	"encoding/json"
	"fmt"
	"github.com/sitrep/sitrep/internal/testenv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/event"
)

// pairScore counts pairwise "same incident" decisions against a key.
type pairScore struct{ tp, fp, fn int }

func (s pairScore) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s pairScore) recall() float64    { return ratio(s.tp, s.tp+s.fn) }
func (s pairScore) String() string {
	return fmt.Sprintf("pairs: tp=%d fp=%d fn=%d precision=%.4f recall=%.4f", s.tp, s.fp, s.fn, s.precision(), s.recall())
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// scorePairs compares the clusters against truth labels, one per event:
// a pair of events is a true positive when they share a cluster and a
// label, a false positive when they share only a cluster, a false negative
// when they share only a label.
// Pairs within one document (doc) are not scored: fusion never merges them.
func scorePairs(clusters [][]int, label, doc []string) pairScore {
	cluster := make([]int, len(label))
	for c, members := range clusters {
		for _, i := range members {
			cluster[i] = c
		}
	}
	var s pairScore
	for i := range label {
		for j := i + 1; j < len(label); j++ {
			if doc[i] == doc[j] {
				continue
			}
			same, truth := cluster[i] == cluster[j], label[i] == label[j]
			switch {
			case same && truth:
				s.tp++
			case same:
				s.fp++
			case truth:
				s.fn++
			}
		}
	}
	return s
}

// TestACLEDDev measures fusion on ACLED's coded events, each fed as a
// report from its own document. ACLED codes one row per happening, so the
// key is: two rows are the same happening only when they agree on type,
// sub-type, date, location (name and coordinates) and every actor,
// associated actors included. Everything else merged is a false merge.
// Most rows have no twin, so this measures mainly how well fusion keeps
// different happenings apart.
func TestACLEDDev(t *testing.T) {
	path := testenv.Shared(t, "eval", "acled-dev.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var events []event.Event
	var label, docs []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for line := 1; sc.Scan(); line++ {
		var doc struct {
			ID     string
			Events []struct {
				event.Event
				Source string `json:"source"`
			}
		}
		if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		for n, g := range doc.Events {
			e := g.Event
			e.ID, e.DocID, e.Outlet = fmt.Sprintf("%s#%d", doc.ID, n), doc.ID, g.Source
			events = append(events, e)
			docs = append(docs, doc.ID)
			label = append(label, strings.Join([]string{string(e.EventType), string(e.SubEventType), e.EventDate, e.Location,
				ftoa(e.Latitude), ftoa(e.Longitude), sortedPair(e.Actor1, e.Actor2), sortedPair(e.AssocActor1, e.AssocActor2)}, "|"))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	clusters := Cluster(events)
	s := scorePairs(clusters, label, docs)
	merged := 0
	for _, c := range clusters {
		if len(c) > 1 {
			merged++
		}
	}
	t.Logf("acled-dev: %d events, %d incidents (%d of several reports); %v", len(events), len(clusters), merged, s)
	t.Logf("acled-dev: falsely merged pairs by what tells the rows apart: %v", falseMergeCauses(events, clusters, label))
	if s.precision() < 0.1 || s.recall() < 0.85 {
		t.Errorf("fusion on acled-dev fell: %v", s)
	}
}

func ftoa(p *float64) string {
	if p == nil {
		return ""
	}
	return fmt.Sprintf("%.4f", *p)
}

func sortedPair(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "/" + b
}

// falseMergeCauses counts the falsely merged pairs by the fields that tell
// the two ACLED rows apart.
func falseMergeCauses(events []event.Event, clusters [][]int, label []string) map[string]int {
	why := map[string]int{}
	for _, c := range clusters {
		for x, i := range c {
			for _, j := range c[x+1:] {
				a, b := &events[i], &events[j]
				if a.DocID == b.DocID || label[i] == label[j] {
					continue
				}
				var w []string
				for _, d := range []struct {
					name string
					x, y string
				}{
					{"sub-type", string(a.SubEventType), string(b.SubEventType)},
					{"date", a.EventDate, b.EventDate},
					{"location", a.Location, b.Location},
					{"actors", sortedPair(a.Actor1, a.Actor2), sortedPair(b.Actor1, b.Actor2)},
					{"assoc", sortedPair(a.AssocActor1, a.AssocActor2), sortedPair(b.AssocActor1, b.AssocActor2)},
				} {
					if d.x != d.y {
						w = append(w, d.name)
					}
				}
				why[strings.Join(w, "+")]++
			}
		}
	}
	return why
}

// dayEvent is a hand-coded event of testdata/day with its key.
type dayEvent struct {
	event.Event
	Happening string `json:"happening"`
}

func readDay(t testing.TB) []dayEvent {
	path := filepath.Join("testdata", "day", "events.jsonl")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []dayEvent
	for n, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var e dayEvent
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("%s:%d: %v", path, n+1, err)
		}
		out = append(out, e)
	}
	return out
}

// TestDay measures fusion on the reports written for the project about one
// day's events from different outlets' viewpoints (testdata/day).
func TestDay(t *testing.T) {
	day := readDay(t)
	events := make([]event.Event, len(day))
	label := make([]string, len(day))
	docs := make([]string, len(day))
	for i, d := range day {
		events[i], label[i], docs[i] = d.Event, d.Happening, d.DocID
	}
	clusters := Cluster(events)
	s := scorePairs(clusters, label, docs)
	t.Logf("day: %d reports, %d happenings in the key, %d incidents; %v", len(events), len(distinct(label)), len(clusters), s)
	if s.precision() < 0.8 || s.recall() < 0.8 {
		t.Errorf("fusion of the day fell: %v", s)
	}

	// What the incidents say, by happening.
	byHappening := map[string]Incident{}
	for _, c := range clusters {
		var members []event.Event
		for _, i := range c {
			members = append(members, events[i])
		}
		byHappening[label[c[0]]] = Summarize(members)
	}
	for _, tc := range []struct {
		happening string
		status    string
		low       int
		high      int // -1: open
		reports   int
		control   string // status of the change of control, "" for none
	}{
		{"H1", event.Disputed, 7, 11, 4, ""},
		{"H2", event.Disputed, 4, 15, 3, ""},
		{"H3", event.Disputed, 0, 0, 3, event.Disputed},
		{"H4", event.Disputed, 2, 3, 2, ""},
		{"H6", event.Confirmed, 5, 6, 2, ""},
		{"H7", event.Confirmed, 0, 0, 2, ""},
		{"H8", event.Asserted, 0, 0, 1, ""},
	} {
		inc, ok := byHappening[tc.happening]
		if !ok {
			t.Errorf("%s: no incident", tc.happening)
			continue
		}
		high := -1
		if inc.Fatalities.High != nil {
			high = *inc.Fatalities.High
		}
		if !inc.Reported {
			high = 0
		}
		if inc.Status != tc.status || inc.Fatalities.Low != tc.low || high != tc.high || len(inc.Reports) != tc.reports {
			t.Errorf("%s: status %s, fatalities %d–%d, %d reports; want %s, %d–%d, %d", tc.happening, inc.Status, inc.Fatalities.Low, high, len(inc.Reports), tc.status, tc.low, tc.high, tc.reports)
		}
		got := ""
		if inc.Control != nil {
			got = inc.Control.Status
		}
		if got != tc.control {
			t.Errorf("%s: control %q, want %q", tc.happening, got, tc.control)
		}
	}
}

func distinct(s []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range s {
		m[x] = true
	}
	return m
}
