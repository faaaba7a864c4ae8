package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/store"
)

func get(t testing.TB, u string) (int, []byte, http.Header) {
	t.Helper()
	return getWith(t, http.DefaultClient, u)
}

func getWith(t testing.TB, c *http.Client, u string) (int, []byte, http.Header) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: reading: %v", u, err)
	}
	return res.StatusCode, body, res.Header
}

// getJSON fetches u, wants 200, and decodes the answer into v.
func getJSON(t testing.TB, u string, v any) {
	t.Helper()
	status, body, h := get(t, u)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", u, status, body)
	}
	if ct := h.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("GET %s: Content-Type %q", u, ct)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v\n%s", u, err, body)
	}
}

type eventsPage struct {
	Events []event.Event `json:"events"`
	Next   *string       `json:"next"`
}

// walk follows the cursor through every page of q and returns the events
// in order, failing on any event seen twice.
func walk(t testing.TB, base string, q url.Values, limit int) []event.Event {
	t.Helper()
	var all []event.Event
	seen := map[string]bool{}
	q = maps(q)
	q.Set("limit", fmt.Sprint(limit))
	for pages := 0; ; pages++ {
		var p eventsPage
		getJSON(t, base+"/api/v1/events?"+q.Encode(), &p)
		if len(p.Events) > limit {
			t.Fatalf("page of %d events for limit %d", len(p.Events), limit)
		}
		for _, e := range p.Events {
			if seen[e.ID] {
				t.Fatalf("event %s answered twice", e.ID)
			}
			seen[e.ID] = true
		}
		all = append(all, p.Events...)
		if p.Next == nil {
			return all
		}
		if pages > 10000 {
			t.Fatal("paging does not end")
		}
		q.Set("cursor", *p.Next)
	}
}

func maps(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

func ids(evs []event.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	slices.Sort(out)
	return out
}

func selectEvents(evs []event.Event, keep func(*event.Event) bool) []event.Event {
	var out []event.Event
	for i := range evs {
		if keep(&evs[i]) {
			out = append(out, evs[i])
		}
	}
	return out
}

func inBox(e *event.Event, minLon, minLat, maxLon, maxLat float64) bool {
	return e.Latitude != nil && e.Longitude != nil && *e.Latitude >= minLat && *e.Latitude <= maxLat && *e.Longitude >= minLon && *e.Longitude <= maxLon
}

// apiFixture is shared by the tests that only read.
func apiFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixture(t, append(genDocs("d", 42, 600), realDocs(t)...), Options{})
}

func TestAPI(t *testing.T) {
	f := apiFixture(t)
	base := f.srv.URL
	text := map[string]string{}
	for _, d := range f.docs {
		text[d.Document.ID] = d.Document.Text + " " + d.Document.Title
	}
	if len(f.events) < 1000 {
		t.Fatalf("the fixture has %d events; the paging tests want more than a page of 1000", len(f.events))
	}

	t.Run("filters", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			query url.Values
			keep  func(*event.Event) bool
		}{
			{"all", nil, func(*event.Event) bool { return true }},
			{"time range", url.Values{"start": {"2024-01-10"}, "end": {"2024-02-05"}},
				func(e *event.Event) bool { return e.EventDate >= "2024-01-10" && e.EventDate <= "2024-02-05" }},
			{"bbox", url.Values{"bbox": {"36.0,33.0,37.7,34.8"}},
				func(e *event.Event) bool { return inBox(e, 36.0, 33.0, 37.7, 34.8) }},
			{"time range and bbox", url.Values{"start": {"2024-02-01"}, "end": {"2024-03-15"}, "bbox": {"37.5,34.0,40.0,36.0"}},
				func(e *event.Event) bool {
					return e.EventDate >= "2024-02-01" && e.EventDate <= "2024-03-15" && inBox(e, 37.5, 34.0, 40.0, 36.0)
				}},
			{"type in any case", url.Values{"type": {"battles"}}, func(e *event.Event) bool { return e.EventType == event.Battles }},
			{"sub-type", url.Values{"sub_type": {"Air/drone strike"}}, func(e *event.Event) bool { return e.SubEventType == "Air/drone strike" }},
			{"actor", url.Values{"actor": {"Civilians (Xland)"}}, func(e *event.Event) bool { return e.Actor1 == "Civilians (Xland)" || e.Actor2 == "Civilians (Xland)" }},
			{"country", url.Values{"country": {"Xland"}}, func(e *event.Event) bool { return e.Country == "Xland" }},
			{"outlet", url.Values{"outlet": {"Radio Qamar"}}, func(e *event.Event) bool { return e.Outlet == "Radio Qamar" }},
			{"claim status", url.Values{"claim_status": {"Disputed"}}, func(e *event.Event) bool { return e.Claim.Status == event.Disputed }},
			{"full text", url.Values{"q": {"ambush"}}, func(e *event.Event) bool { return strings.Contains(text[e.DocID], "ambush") }},
			{"full text and type", url.Values{"q": {"ambush OR raid"}, "type": {"Protests"}}, func(e *event.Event) bool {
				return e.EventType == event.Protests && (strings.Contains(text[e.DocID], "ambush") || strings.Contains(text[e.DocID], "raid"))
			}},
			{"nothing", url.Values{"start": {"1990-01-01"}, "end": {"1990-12-31"}}, func(*event.Event) bool { return false }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				want := ids(selectEvents(f.events, tc.keep))
				got := walk(t, base, tc.query, 97)
				if g := ids(got); !slices.Equal(g, want) {
					t.Errorf("got %d events, want %d", len(g), len(want))
				}
				for i := 1; i < len(got); i++ {
					if got[i].EventDate > got[i-1].EventDate && got[i-1].EventDate != "" {
						t.Fatalf("not newest first: %s after %s", got[i].EventDate, got[i-1].EventDate)
					}
				}
			})
		}
	})

	t.Run("incident status", func(t *testing.T) {
		evs := walk(t, base, url.Values{"incident_status": {"confirmed"}}, 1000)
		if len(evs) == 0 {
			t.Fatal("no event of a confirmed incident")
		}
		for _, e := range evs[:min(20, len(evs))] {
			var got struct {
				Incident int64 `json:"incident_id"`
			}
			getJSON(t, base+"/api/v1/events/"+url.PathEscape(e.ID), &got)
			var inc struct{ Status string }
			getJSON(t, fmt.Sprintf("%s/api/v1/incidents/%d", base, got.Incident), &inc)
			if inc.Status != event.Confirmed {
				t.Errorf("event %s is of incident %d, %s", e.ID, got.Incident, inc.Status)
			}
		}
	})

	t.Run("page size", func(t *testing.T) {
		var p eventsPage
		getJSON(t, base+"/api/v1/events?limit=1000", &p)
		if len(p.Events) != store.MaxLimit || p.Next == nil {
			t.Errorf("limit=1000: %d events, next %v; want %d and a cursor", len(p.Events), p.Next, store.MaxLimit)
		}
		getJSON(t, base+"/api/v1/events", &p)
		if len(p.Events) != store.DefaultLimit {
			t.Errorf("no limit: %d events, want %d", len(p.Events), store.DefaultLimit)
		}
		// Above the maximum is refused, naming it, rather than cut short
		// where a client could take the page for all there is.
		for path, max := range map[string]string{"/api/v1/events": "1000", "/api/v1/points": "250000", "/api/v1/places": "1000", "/api/v1/actors": "1000"} {
			status, body, _ := get(t, base+path+"?limit=300000")
			if status != http.StatusBadRequest || !strings.Contains(string(body), "limit: at most "+max+", not 300000") {
				t.Errorf("%s?limit=300000: %d %s; want 400 naming %s", path, status, body, max)
			}
		}
	})

	t.Run("incident of every listed event", func(t *testing.T) {
		var raw struct {
			Events []map[string]any `json:"events"`
		}
		getJSON(t, base+"/api/v1/events?limit=300", &raw)
		for _, e := range raw.Events[:30] {
			id, ok := e["incident_id"].(float64)
			if !ok || id < 1 {
				t.Fatalf("event %v has no incident_id", e["id"])
			}
			var one struct {
				Incident int64 `json:"incident_id"`
			}
			getJSON(t, base+"/api/v1/events/"+url.PathEscape(e["id"].(string)), &one)
			if one.Incident != int64(id) {
				t.Errorf("event %v: listed with incident %v, alone with %d", e["id"], id, one.Incident)
			}
		}
		for _, e := range raw.Events {
			if e["incident_id"] == nil || e["timestamp"] == nil {
				t.Fatalf("event %v lacks incident_id or timestamp", e["id"])
			}
		}
	})

	t.Run("text filters ignore case", func(t *testing.T) {
		for _, tc := range []struct {
			query url.Values
			keep  func(*event.Event) bool
		}{
			{url.Values{"country": {"xLAND"}}, func(e *event.Event) bool { return e.Country == "Xland" }},
			{url.Values{"outlet": {"radio qamar"}}, func(e *event.Event) bool { return e.Outlet == "Radio Qamar" }},
			{url.Values{"actor": {"civilians (XLAND)"}}, func(e *event.Event) bool { return e.Actor1 == "Civilians (Xland)" || e.Actor2 == "Civilians (Xland)" }},
			{url.Values{"actor": {"rebel front"}, "country": {"xland"}}, func(e *event.Event) bool { return e.Actor1 == "Rebel Front" || e.Actor2 == "Rebel Front" }},
		} {
			want := ids(selectEvents(f.events, tc.keep))
			if got := ids(walk(t, base, tc.query, 1000)); len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("%v: %d events, want %d", tc.query, len(got), len(want))
			}
		}
	})

	t.Run("bad parameters", func(t *testing.T) {
		for _, tc := range []struct{ path, param string }{
			{"/api/v1/events?start=2024-13-01", "start"},
			{"/api/v1/events?end=yesterday", "end"},
			{"/api/v1/events?start=2024-03-01&end=2024-02-01", "start"},
			{"/api/v1/events?bbox=1,2,3", "bbox"},
			{"/api/v1/events?bbox=a,b,c,d", "bbox"},
			{"/api/v1/events?bbox=0,-95,10,10", "bbox"},
			{"/api/v1/events?bbox=10,0,0,10", "bbox"},
			{"/api/v1/events?bbox=NaN,0,10,10", "bbox"},
			{"/api/v1/events?type=Battle", "type"},
			{"/api/v1/events?type=Protests&sub_type=Armed+clash", "sub_type"},
			{"/api/v1/events?claim_status=maybe", "claim_status"},
			{"/api/v1/events?limit=0", "limit"},
			{"/api/v1/events?limit=ten", "limit"},
			{"/api/v1/events?cursor=not-a-cursor", "cursor"},
			{"/api/v1/events?q=%22unterminated", "q"},
			{"/api/v1/events?q=*", "q"},
			{"/api/v1/events?q=**", "q"},
			{"/api/v1/events?q=nosuchcolumn:x", "q"},
			{"/api/v1/events.csv?q=*", "q"},
			{"/api/v1/points?q=*", "q"},
			{"/api/v1/events?typ=Battles", "typ"},
			{"/api/v1/events?type=Battles&type=Riots", "type"},
			{"/api/v1/events?q=" + strings.Repeat("x", 600), "q"},
			{"/api/v1/events.csv?start=2024-02-30", "start"},
			{"/api/v1/events.geojson?bbox=1,2,3,4,5", "bbox"},
			{"/api/v1/events.jsonl?limit=-1", "limit"},
			{"/api/v1/points?outlet=a&outlet=b", "outlet"},
			{"/api/v1/incidents/abc", "id"},
			{"/api/v1/control?date=2024-1-1", "date"},
			{"/api/v1/control?stale_days=-3", "stale_days"},
			{"/api/v1/places?limit=x", "limit"},
			{"/api/v1/actors?nope=1", "nope"},
			{"/api/v1/events/x?limit=1", "limit"},
		} {
			status, body, _ := get(t, base+tc.path)
			var e struct{ Error string }
			if err := json.Unmarshal(body, &e); err != nil || status != http.StatusBadRequest || !strings.HasPrefix(e.Error, tc.param+":") {
				t.Errorf("GET %s: %d %s; want 400 naming %q", tc.path, status, body, tc.param)
			}
		}
	})

	t.Run("not found", func(t *testing.T) {
		for _, path := range []string{"/api/v1/events/no-such-event", "/api/v1/incidents/999999", "/api/v1/documents/no-such-doc", "/documents/no-such-doc"} {
			status, body, _ := get(t, base+path)
			var e struct{ Error string }
			if json.Unmarshal(body, &e) != nil || status != http.StatusNotFound || e.Error == "" {
				t.Errorf("GET %s: %d %s; want a 404 with a message", path, status, body)
			}
		}
		// The mux's own answers are JSON too.
		status, body, h := get(t, base+"/api/v1/nothing")
		var e struct{ Error string }
		if status != http.StatusNotFound || h.Get("Content-Type") != "application/json" || json.Unmarshal(body, &e) != nil || e.Error != "no such route: /api/v1/nothing" {
			t.Errorf("unknown route: %d %s %s", status, h.Get("Content-Type"), body)
		}
		for _, method := range []string{"POST", "DELETE", "PUT"} {
			req, _ := http.NewRequest(method, base+"/api/v1/events", strings.NewReader("{}"))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			var e struct{ Error string }
			if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Content-Type") != "application/json" || res.Header.Get("Allow") == "" ||
				json.Unmarshal(body, &e) != nil || !strings.HasPrefix(e.Error, "method "+method+" not allowed on /api/v1/events; allowed: GET") {
				t.Errorf("%s /api/v1/events: %d %s %q, want a 405 in JSON", method, res.StatusCode, res.Header.Get("Content-Type"), body)
			}
		}
	})

	t.Run("csv", func(t *testing.T) {
		q := "start=2024-02-01&end=2024-03-01&type=Battles"
		want := selectEvents(f.events, func(e *event.Event) bool {
			return e.EventDate >= "2024-02-01" && e.EventDate <= "2024-03-01" && e.EventType == event.Battles
		})
		status, body, h := get(t, base+"/api/v1/events.csv?"+q)
		if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
			t.Fatalf("%d %s %s", status, h.Get("Content-Type"), body)
		}
		rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rows[0], event.CSVColumns) {
			t.Errorf("header %v", rows[0])
		}
		var got []string
		col := func(r []string, name string) string { return r[slices.Index(event.CSVColumns, name)] }
		for _, r := range rows[1:] {
			got = append(got, r[0])
			if r[5] != string(event.Battles) || r[1] < "2024-02-01" || r[1] > "2024-03-01" {
				t.Errorf("row out of the filter: %v", r)
			}
			// Stored events carry their incident and when they were stored.
			if col(r, "incident_id") == "0" || col(r, "timestamp") == "0" || col(r, "inter2") == "" {
				t.Errorf("row %v: incident_id %s, timestamp %s", r[0], col(r, "incident_id"), col(r, "timestamp"))
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, ids(want)) {
			t.Errorf("CSV has %d rows, want %d", len(got), len(want))
		}
		// No event matches: the header alone.
		status, body, _ = get(t, base+"/api/v1/events.csv?start=1990-01-01&end=1990-01-02")
		if rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll(); status != http.StatusOK || err != nil || len(rows) != 1 || !slices.Equal(rows[0], event.CSVColumns) {
			t.Errorf("empty export: %d %q %v", status, body, err)
		}
	})

	t.Run("geojson", func(t *testing.T) {
		var fc struct {
			Type     string
			Features []struct {
				Type     string
				ID       string
				Geometry struct {
					Type        string
					Coordinates []float64
				}
				Properties event.Event
			}
		}
		status, body, h := get(t, base+"/api/v1/events.geojson?bbox=36.0,33.0,37.7,34.8")
		if status != http.StatusOK || h.Get("Content-Type") != "application/geo+json" {
			t.Fatalf("%d %s", status, h.Get("Content-Type"))
		}
		if err := json.Unmarshal(body, &fc); err != nil {
			t.Fatal(err)
		}
		want := selectEvents(f.events, func(e *event.Event) bool { return inBox(e, 36.0, 33.0, 37.7, 34.8) })
		if fc.Type != "FeatureCollection" || len(fc.Features) != len(want) || len(want) == 0 {
			t.Fatalf("%s of %d features, want %d", fc.Type, len(fc.Features), len(want))
		}
		for _, ft := range fc.Features {
			c := ft.Geometry.Coordinates
			if ft.Type != "Feature" || ft.Geometry.Type != "Point" || len(c) != 2 || c[0] < 36 || c[0] > 37.7 || c[1] < 33 || c[1] > 34.8 || ft.ID != ft.Properties.ID {
				t.Fatalf("bad feature %+v", ft)
			}
		}
	})

	t.Run("jsonl", func(t *testing.T) {
		status, body, h := get(t, base+"/api/v1/events.jsonl?limit=1500")
		if status != http.StatusOK || h.Get("Content-Type") != "application/x-ndjson" {
			t.Fatalf("%d %s", status, h.Get("Content-Type"))
		}
		sc := bufio.NewScanner(bytes.NewReader(body))
		sc.Buffer(nil, 1<<20)
		n := 0
		for sc.Scan() {
			var e event.Event
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.ID == "" {
				t.Fatalf("line %d: %v", n+1, err)
			}
			n++
		}
		if want := min(1500, len(f.events)); n != want {
			t.Errorf("%d lines, want %d (limit spans two store pages)", n, want)
		}
	})

	t.Run("points", func(t *testing.T) {
		var p struct {
			Points    []store.Point
			Truncated bool
		}
		getJSON(t, base+"/api/v1/points?type=Protests", &p)
		want := selectEvents(f.events, func(e *event.Event) bool { return e.EventType == event.Protests && e.Latitude != nil })
		if len(p.Points) != len(want) || p.Truncated {
			t.Errorf("%d points (truncated %v), want %d", len(p.Points), p.Truncated, len(want))
		}
		getJSON(t, base+"/api/v1/points?limit=10", &p)
		if len(p.Points) != 10 || !p.Truncated {
			t.Errorf("limit=10: %d points, truncated %v", len(p.Points), p.Truncated)
		}
	})

	t.Run("event and incident", func(t *testing.T) {
		// The incident of the most reports.
		var best struct {
			Incident int64 `json:"incident_id"`
			event.Event
		}
		var bestReports []string
		for _, e := range f.events[:200] {
			var got struct {
				Incident int64 `json:"incident_id"`
				event.Event
			}
			getJSON(t, base+"/api/v1/events/"+url.PathEscape(e.ID), &got)
			if got.ID != e.ID || got.Incident < 1 || got.Claim.Status != e.Claim.Status || len(got.Evidence) != len(e.Evidence) {
				t.Fatalf("event %s: got %+v", e.ID, got)
			}
			var inc struct {
				ID      int64
				Reports []struct {
					EventID string `json:"event_id"`
				}
			}
			getJSON(t, fmt.Sprintf("%s/api/v1/incidents/%d", base, got.Incident), &inc)
			if len(inc.Reports) > len(bestReports) {
				best, bestReports = got, nil
				for _, r := range inc.Reports {
					bestReports = append(bestReports, r.EventID)
				}
			}
		}
		if len(bestReports) < 2 {
			t.Fatal("no incident with two reports among the first 200 events")
		}
		var inc struct {
			ID         int64
			Status     string
			Fatalities event.Range
			Reports    []struct {
				EventID, Outlet, Status, Source string
				Hedged                          bool
				Fatalities                      *event.Range
			}
			Disagreement disagreement
			Events       []event.Event
		}
		getJSON(t, fmt.Sprintf("%s/api/v1/incidents/%d", base, best.Incident), &inc)
		if inc.ID != best.Incident || len(inc.Events) != len(inc.Reports) || inc.Status == "" {
			t.Fatalf("incident %d: %d events for %d reports, status %q", best.Incident, len(inc.Events), len(inc.Reports), inc.Status)
		}
		// A page at a time, one report a page: the same events, in order, then no next.
		var paged []string
		for after, pages := "", 0; ; pages++ {
			var page struct {
				Events []event.Event
				Next   *string
			}
			getJSON(t, fmt.Sprintf("%s/api/v1/incidents/%d?limit=1&after=%s", base, best.Incident, url.QueryEscape(after)), &page)
			if len(page.Events) > 1 || pages > len(inc.Events) {
				t.Fatalf("page %d: %d events (limit 1)", pages, len(page.Events))
			}
			for _, e := range page.Events {
				paged = append(paged, e.ID)
			}
			if page.Next == nil {
				break
			}
			after = *page.Next
		}
		if whole := ids(inc.Events); !slices.Equal(paged, whole) {
			t.Errorf("incident %d page by page: %v, want %v", best.Incident, paged, whole)
		}
		lo, hi := 1<<30, -1
		for i, r := range inc.Reports {
			if r.Outlet == "" || r.Status == "" || r.Fatalities == nil {
				t.Errorf("report %d lacks outlet, status or figure: %+v", i, r)
				continue
			}
			lo, hi = min(lo, r.Fatalities.Low), max(hi, *r.Fatalities.High)
		}
		for _, e := range inc.Events {
			if len(e.Evidence) == 0 || e.Evidence[0].Text == "" {
				t.Errorf("event %s of the incident has no evidence", e.ID)
			}
		}
		d := inc.Disagreement
		if d.Fatalities.Low != lo || d.Fatalities.High == nil || *d.Fatalities.High != hi || len(d.Sources) == 0 {
			t.Errorf("disagreement %+v; want fatalities %d–%d", d, lo, hi)
		}
	})

	t.Run("document", func(t *testing.T) {
		for _, d := range []string{f.docs[0].Document.ID, "real-aleppo"} {
			var doc struct {
				ID, Text string
				Spans    []mark
				Events   []event.Event
			}
			getJSON(t, base+"/api/v1/documents/"+url.PathEscape(d), &doc)
			if doc.ID != d || doc.Text == "" {
				t.Fatalf("document %s: %+v", d, doc)
			}
			if d == "real-aleppo" && len(doc.Events) == 0 {
				t.Fatal("the extractor found no event in the Aleppo report")
			}
			runes := []rune(doc.Text)
			fields := map[string]bool{}
			for _, s := range doc.Spans {
				fields[s.Field] = true
				if s.Start < 0 || s.End > len(runes) || s.Start >= s.End {
					t.Fatalf("span %+v out of the text", s)
				}
			}
			if !fields["evidence"] || len(doc.Spans) == 0 {
				t.Errorf("spans %+v lack the evidence", doc.Spans)
			}
			for _, e := range doc.Events {
				for _, sp := range e.Evidence {
					if got := string(runes[sp.Start:sp.End]); got != sp.Text {
						t.Errorf("evidence of %s: text[%d:%d] = %q, span says %q", e.ID, sp.Start, sp.End, got, sp.Text)
					}
				}
			}
		}
		e := f.docs[0].Events[0]
		status, body, h := get(t, base+"/documents/"+url.PathEscape(e.DocID)+"?event="+url.QueryEscape(e.ID))
		page := string(body)
		if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Fatalf("%d %s", status, h.Get("Content-Type"))
		}
		if !strings.Contains(page, `<mark class="ev fld sel" data-events="`+e.ID+`"`) || !strings.Contains(page, e.Location) {
			t.Errorf("the page does not mark the event's evidence:\n%s", page)
		}
	})

	t.Run("places and actors", func(t *testing.T) {
		var p struct{ Places []store.Place }
		getJSON(t, base+"/api/v1/places?q=kafr+nur&limit=3", &p)
		if len(p.Places) != 3 {
			t.Fatalf("%d places", len(p.Places))
		}
		for i, pl := range p.Places {
			if !strings.HasPrefix(pl.Name, "Kafr Nūrān") || pl.Latitude == nil || pl.Events < 1 || i > 0 && pl.Events > p.Places[i-1].Events {
				t.Errorf("place %+v", pl)
			}
		}
		var a struct{ Actors []store.Actor }
		getJSON(t, base+"/api/v1/actors?q=REB", &a)
		if len(a.Actors) != 1 || a.Actors[0].Name != "Rebel Front" || a.Actors[0].Inter != 2 {
			t.Errorf("actors %+v", a.Actors)
		}
	})

	t.Run("control", func(t *testing.T) {
		var c struct {
			Date    string
			Control []struct {
				Place, Location, Date, To, From, Status, Basis, Since string
				AsOf                                                  string `json:"as_of"`
				AgeDays                                               int    `json:"age_days"`
				Stale                                                 bool
			}
		}
		getJSON(t, base+"/api/v1/control?date=2024-12-31", &c)
		if c.Date != "2024-12-31" || len(c.Control) == 0 {
			t.Fatalf("control %+v", c)
		}
		for _, ch := range c.Control {
			if ch.Date > c.Date || ch.To == "" && ch.From == "" || ch.Place == "" || ch.Basis == "" ||
				ch.Since > ch.Date || ch.AsOf < ch.Date || ch.AsOf > c.Date || ch.AgeDays < 0 {
				t.Errorf("change %+v", ch)
			}
			if !ch.Stale || ch.AgeDays <= 30 {
				t.Errorf("held since %s, as of %s: on %s %d days old, stale %v; want stale past 30 days", ch.Since, ch.AsOf, c.Date, ch.AgeDays, ch.Stale)
			}
		}
		// Another age, asked for: none stale for a long enough one.
		getJSON(t, base+"/api/v1/control?date=2024-12-31&stale_days=100000", &c)
		for _, ch := range c.Control {
			if ch.Stale {
				t.Errorf("stale with stale_days=100000: %+v", ch)
			}
		}
		var tl struct {
			Place   string
			Changes []struct{ Date, To string }
		}
		getJSON(t, base+"/api/v1/control/"+url.PathEscape(c.Control[0].Place), &tl)
		if tl.Place != c.Control[0].Place || len(tl.Changes) == 0 || !slices.IsSortedFunc(tl.Changes, func(a, b struct{ Date, To string }) int { return strings.Compare(a.Date, b.Date) }) {
			t.Errorf("timeline %+v", tl)
		}
		getJSON(t, base+"/api/v1/control?date=1990-01-01", &c)
		if len(c.Control) != 0 {
			t.Errorf("control before any event: %+v", c.Control)
		}
	})

	t.Run("map and health", func(t *testing.T) {
		for path, want := range map[string]string{"/": "/static/dist/app.js", "/static/dist/app.js": "sitrepMap", "/static/dist/app.css": "#panel"} {
			status, body, _ := get(t, base+path)
			if status != http.StatusOK || !strings.Contains(string(body), want) {
				t.Errorf("GET %s: %d, without %q", path, status, want)
			}
		}
		status, body, _ := get(t, base+"/api/v1/openapi.json")
		if want, _ := files.ReadFile("openapi.json"); status != http.StatusOK || !bytes.Equal(body, want) {
			t.Errorf("GET /api/v1/openapi.json: %d, not the embedded document", status)
		}
		var h struct {
			Status string
			Events int
		}
		getJSON(t, base+"/healthz", &h)
		if h.Status != "ok" || h.Events != len(f.events) {
			t.Errorf("healthz %+v, want %d events", h, len(f.events))
		}
	})
}

// gate is a store whose event reads wait until the gate opens or the
// request ends.
type gate struct {
	Store
	entered chan struct{}
	open    chan struct{}
}

func (g *gate) Events(ctx context.Context, f store.Filter, cursor string, limit int) (store.EventPage, error) {
	g.entered <- struct{}{}
	select {
	case <-g.open:
	case <-ctx.Done():
		return store.EventPage{}, ctx.Err()
	}
	return g.Store.Events(ctx, f, cursor, limit)
}

func (g *gate) RawEvents(ctx context.Context, f store.Filter, cursor string, limit int) (store.RawPage, error) {
	g.entered <- struct{}{}
	select {
	case <-g.open:
	case <-ctx.Done():
		return store.RawPage{}, ctx.Err()
	}
	return g.Store.RawEvents(ctx, f, cursor, limit)
}

func TestLimits(t *testing.T) {
	f := newFixture(t, genDocs("l", 1, 20), Options{})
	for _, tc := range []struct {
		name   string
		o      Options
		first  string
		second string
		from   string // the second request's client address
		status int
	}{
		{"per host", Options{PerHost: 1}, "/api/v1/events", "/healthz", "127.0.0.1", http.StatusTooManyRequests},
		{"exports per client", Options{}, "/api/v1/events.csv", "/api/v1/events.jsonl", "127.0.0.1", http.StatusTooManyRequests},
		{"exports", Options{Exports: 1}, "/api/v1/events.csv", "/api/v1/events.jsonl", "127.0.0.2", http.StatusServiceUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := &gate{Store: f.store, entered: make(chan struct{}, 4), open: make(chan struct{})}
			srv := newServer(t, New(g, tc.o))
			done := make(chan int)
			go func() {
				res, err := http.Get(srv + tc.first)
				if err != nil {
					done <- 0
					return
				}
				// Read to the end. With the answer's length known, the
				// client may have all of it a moment before the handler
				// has returned and let the host go: see below.
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				done <- res.StatusCode
			}()
			<-g.entered
			c := clientFrom(t, tc.from)
			status, body, h := getWith(t, c, srv+tc.second)
			if status != tc.status || h.Get("Retry-After") == "" {
				t.Errorf("second request: %d %s, want %d with Retry-After", status, body, tc.status)
			}
			close(g.open)
			if s := <-done; s != http.StatusOK {
				t.Errorf("first request: %d", s)
			}
			// A body sent with its length is read to the end a moment before
			// its handler returns and frees its slot: ask again until then.
			status = 0
			for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
				if status, _, _ = getWith(t, c, srv+tc.second); status == http.StatusOK {
					break
				}
			}
			if status != http.StatusOK {
				t.Errorf("after the first ended: %d", status)
			}
		})
	}
	t.Run("timeout", func(t *testing.T) {
		g := &gate{Store: f.store, entered: make(chan struct{}, 4), open: make(chan struct{})}
		srv := newServer(t, New(g, Options{Timeout: 50 * time.Millisecond}))
		status, body, _ := get(t, srv+"/api/v1/events")
		if status != http.StatusServiceUnavailable || !strings.Contains(string(body), "too long") {
			t.Errorf("%d %s", status, body)
		}
	})
}

// clientFrom returns a client whose connections come from ip, a loopback
// address: to the server, another client host.
func clientFrom(t testing.TB, ip string) *http.Client {
	t.Helper()
	needAddress(t, ip)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	tr := &http.Transport{DialContext: d.DialContext}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// needAddress skips the test where ip, a loopback address other than
// 127.0.0.1, is not to be had (Linux routes all of 127/8 to loopback; not
// every system does).
func needAddress(t testing.TB, ip string) {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Skipf("no loopback address %s here: %v", ip, err)
	}
	ln.Close()
}

// newServer serves h with Serve, as sitrep serve does, until the test ends.
func newServer(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- Serve(ctx, ln, h, time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

func TestServe(t *testing.T) {
	f := newFixture(t, genDocs("s", 2, 10), Options{})
	g := &gate{Store: f.store, entered: make(chan struct{}, 4), open: make(chan struct{})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error)
	go func() { served <- Serve(ctx, ln, New(g, Options{}), 5*time.Second) }()

	// Headers past the limit are refused before any handler runs.
	req, _ := http.NewRequest("GET", base+"/healthz", nil)
	req.Header.Set("X-Big", strings.Repeat("x", 100<<10))
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 100 KB header: %v %v", res.StatusCode, err)
	}

	// A request under way when the server is told to stop is answered.
	answered := make(chan int)
	go func() {
		res, err := http.Get(base + "/api/v1/events")
		if err != nil {
			answered <- 0
			return
		}
		res.Body.Close()
		answered <- res.StatusCode
	}()
	<-g.entered
	cancel()
	time.Sleep(50 * time.Millisecond) // let Shutdown close the listener
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("a new connection was accepted after shutdown began")
	}
	close(g.open)
	if s := <-answered; s != http.StatusOK {
		t.Errorf("the request under way got %d", s)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// TestReadWhileWriting pages through the events while batches of
// documents are written: every walk sees each event once, no read fails,
// and walks never see fewer events than the one before.
func TestReadWhileWriting(t *testing.T) {
	f := newFixture(t, genDocs("r", 3, 100), Options{})
	more := genDocs("w", 4, 300)
	var wg sync.WaitGroup
	ctx := context.Background()
	wg.Go(func() {
		for i := 0; i < len(more); i += 25 {
			if _, err := f.store.PutDocuments(ctx, more[i:min(i+25, len(more))]); err != nil {
				t.Error(err)
				return
			}
		}
	})
	for range 3 {
		wg.Go(func() {
			last := 0
			for range 6 {
				n := len(walk(t, f.srv.URL, url.Values{"bbox": {"30,30,45,40"}}, 50))
				if n < last {
					t.Errorf("a walk saw %d events after one saw %d", n, last)
				}
				last = n
			}
		})
	}
	wg.Wait()
	total := len(f.events)
	for _, d := range more {
		total += len(d.Events)
	}
	if n := len(walk(t, f.srv.URL, nil, 1000)); n != total {
		t.Errorf("after the writes: %d events, want %d", n, total)
	}
}

// TestFields: fields= keeps only the fields asked for, pages as the full
// listing does, and refuses a field that does not exist.
func TestFields(t *testing.T) {
	f := apiFixture(t)
	base := f.srv.URL
	var full, lean struct {
		Events []map[string]any
		Next   *string
	}
	getJSON(t, base+"/api/v1/events?limit=50", &full)
	getJSON(t, base+"/api/v1/events?limit=50&fields=id,event_date,sub_event_type", &lean)
	if len(lean.Events) != len(full.Events) || len(lean.Events) == 0 || (lean.Next == nil) != (full.Next == nil) || lean.Next != nil && *lean.Next != *full.Next {
		t.Fatalf("fields= page: %d events, next %v; full page: %d events, next %v", len(lean.Events), lean.Next, len(full.Events), full.Next)
	}
	for i, e := range lean.Events {
		if len(e) > 3 || e["id"] != full.Events[i]["id"] || e["sub_event_type"] != full.Events[i]["sub_event_type"] {
			t.Fatalf("event %d: %v; want only id, event_date, sub_event_type of %v", i, e, full.Events[i]["id"])
		}
	}
	// Every field, asked for in two halves, as the full listing gives it.
	half := len(eventFields) / 2
	for _, names := range [][]string{eventFields[:half], eventFields[half:]} {
		lean.Events = nil
		getJSON(t, base+"/api/v1/events?limit=50&fields="+strings.Join(names, ","), &lean)
		for i, e := range lean.Events {
			want := map[string]any{}
			for _, n := range names {
				if v, ok := full.Events[i][n]; ok {
					want[n] = v
				}
			}
			if !reflect.DeepEqual(e, want) {
				t.Fatalf("event %d, fields %v:\n%v\nwant\n%v", i, names, e, want)
			}
		}
	}
	code, body, _ := get(t, base+"/api/v1/events?fields=id,nonsense")
	if code != http.StatusBadRequest || !strings.Contains(string(body), "nonsense") {
		t.Errorf("unknown field: %d %s; want 400 naming it", code, body)
	}
}
