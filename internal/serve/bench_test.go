package serve

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/store"
)

// The large store of the benchmarks: SITREP_BENCH_EVENTS events (default
// 1,000,000) over ten years and a region of 40° by 45°, at 50,000 places.
// Building it takes a long while, so it is built once and kept in the
// system's temporary directory for the next run (delete it to rebuild).
const (
	benchDays   = 3650
	benchPlaces = 50000
	benchPerDoc = 20
	benchVer    = "v1"
)

func benchStore(b *testing.B) *store.Store {
	b.Helper()
	n := 1_000_000
	if s := os.Getenv("SITREP_BENCH_EVENTS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < benchPerDoc {
			b.Fatalf("SITREP_BENCH_EVENTS=%q", s)
		}
	}
	return benchStoreOf(b, n)
}

// benchStoreOf is the large store with n events.
func benchStoreOf(b *testing.B, n int) *store.Store {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("sitrep-serve-bench-%s-%d.db", benchVer, n))
	done := path + ".done"
	if _, err := os.Stat(done); err == nil {
		s, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	s, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	r := rand.New(rand.NewPCG(1, 2))
	subs := []event.SubType{"Armed clash", "Air/drone strike", "Shelling/artillery/missile attack", "Attack", "Peaceful protest", "Arrests"}
	text := "Fighting was reported near the village on Tuesday, local sources said, and several houses were destroyed by shelling overnight."
	for d := 0; d*benchPerDoc < n; d++ {
		batch := make([]store.Doc, 0, 50)
		for ; len(batch) < cap(batch) && d*benchPerDoc < n; d++ {
			id := fmt.Sprintf("bench%07d", d)
			doc := document.Document{ID: id, Outlet: fmt.Sprintf("Outlet %d", d%40), Title: id, Text: id + ". " + text}
			evs := make([]event.Event, benchPerDoc)
			for i := range evs {
				sub := subs[r.IntN(len(subs))]
				place := r.IntN(benchPlaces)
				lat, lon := float64(place%200)*0.225, 20+float64(place/200)*0.16
				fat := r.IntN(6)
				evs[i] = event.Event{
					ID: fmt.Sprintf("%s-%d", id, i), DocID: id, EventType: sub.Type(), SubEventType: sub,
					EventDate: fuse.DateOf(16000 + r.IntN(benchDays)), TimePrecision: 1,
					Actor1: "Military Forces of X", Inter1: 1, Actor2: "Civilians (X)", Inter2: 7,
					Country: "Xland", Admin1: fmt.Sprintf("Province %d", place%30), Location: fmt.Sprintf("Place %d", place),
					Latitude: f64(lat), Longitude: f64(lon), GeoPrecision: 1,
					Fatalities: fat, FatalitiesLow: fat, FatalitiesHigh: intp(fat), Outlet: doc.Outlet,
					Claim:    event.Claim{SourceKind: "local", Source: "local sources", Status: event.Asserted},
					Evidence: []event.Span{{Start: 16, End: 63, Text: text[:47]}},
					Fields:   map[string]event.Span{"location": {Start: 43, End: 50, Text: "village"}},
					Notes:    text,
				}
			}
			batch = append(batch, store.Doc{Document: doc, Events: evs})
		}
		d--
		if _, err := s.PutDocuments(ctx, batch); err != nil {
			b.Fatal(err)
		}
		if d%5000 < 50 {
			b.Logf("%d events stored in %v", (d+1)*benchPerDoc, time.Since(start).Round(time.Second))
		}
	}
	b.Logf("built %s: %d events in %v", path, n, time.Since(start).Round(time.Second))
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkEventsTimeBBox answers GET /api/v1/events?start=…&end=…&bbox=…
// end to end over HTTP against the large store: random windows of 30 days
// and boxes of 2°, and, as a heavier case, a year and 10°. It reports the
// 50th and 99th percentiles of the latency of one request.
func BenchmarkEventsTimeBBox(b *testing.B) {
	s := benchStore(b)
	defer s.Close()
	srv := httptest.NewServer(New(s, Options{}))
	defer srv.Close()
	for _, c := range []struct {
		name string
		days int
		deg  float64
	}{{"30d-2deg", 30, 2}, {"365d-10deg", 365, 10}} {
		b.Run(c.name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(3, 4))
			var lat []time.Duration
			var events int
			for b.Loop() {
				from := 16000 + r.IntN(benchDays-c.days)
				lon, la := 20+r.Float64()*(40-c.deg), r.Float64()*(45-c.deg)
				u := fmt.Sprintf("%s/api/v1/events?start=%s&end=%s&bbox=%.3f,%.3f,%.3f,%.3f", srv.URL,
					fuse.DateOf(from), fuse.DateOf(from+c.days-1), lon, la, lon+c.deg, la+c.deg)
				t0 := time.Now()
				res, err := http.Get(u)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				lat = append(lat, time.Since(t0))
				if res.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", u, res.StatusCode)
				}
				events += int(n)
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(events)/float64(len(lat)), "bytes/req")
		})
	}
}

// BenchmarkPages answers the store's pages end to end over HTTP against the
// large store: the newest page of /api/v1/events (100 events), a JSON
// Lines export of 20,000 events (20 store pages) and a CSV export of as
// many. Each store page is read with its events' incidents and times.
func BenchmarkPages(b *testing.B) {
	s := benchStore(b)
	defer s.Close()
	srv := httptest.NewServer(New(s, Options{}))
	defer srv.Close()
	for _, c := range []struct{ name, path string }{
		{"events-100", "/api/v1/events?limit=100"},
		{"jsonl-20k", "/api/v1/events.jsonl?limit=20000"},
		{"csv-20k", "/api/v1/events.csv?limit=20000"},
	} {
		b.Run(c.name, func(b *testing.B) {
			var n int64
			for b.Loop() {
				res, err := http.Get(srv.URL + c.path)
				if err != nil {
					b.Fatal(err)
				}
				m, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", c.path, res.StatusCode)
				}
				n += m
			}
			b.ReportMetric(float64(n)/float64(b.N), "bytes/req")
		})
	}
}
