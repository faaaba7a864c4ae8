package store

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
)

// BenchmarkPutDocuments measures storing plain-text-sized reports (~3 KB,
// two events each) in batches of 100, fusion included; docs/s is the
// figure to compare with the ingest target.
func BenchmarkPutDocuments(b *testing.B) {
	ctx := context.Background()
	s := open(b)
	const batch = 100
	n := 0
	for b.Loop() {
		docs := make([]Doc, batch)
		for i := range docs {
			docs[i] = genDoc(n)
			n++
		}
		if _, err := s.PutDocuments(ctx, docs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
}

// benchEvents is the size of the query benchmark's fixture.
const benchEvents = 1_000_000

// benchStore opens the query benchmark's fixture: 1,000,000 generated
// events over 8°×8° and three years, stored as ingest stores them (fusion
// aside). It is built once per schema version, into the system's temp
// directory, and reused.
func benchStore(b *testing.B) *Store {
	ctx := context.Background()
	// Named by schema version: a file migrated by a newer sitrep is refused
	// by an older one, whose benchmark must still run.
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(os.TempDir(), fmt.Sprintf("sitrep-store-bench-%d-schema%d.db", benchEvents, len(names)))
	if _, err := os.Stat(path); err != nil {
		b.Logf("building %s (once)", path)
		tmp := path + ".tmp"
		os.Remove(tmp)
		s, err := Open(ctx, tmp)
		if err != nil {
			b.Fatal(err)
		}
		r := rand.New(rand.NewPCG(1, 1))
		const perDoc, perTx = 10, 20_000
		for n := 0; n < benchEvents; n += perTx {
			err := s.write(ctx, false, func(w *writer) error {
				var doc int64
				for i := n; i < n+perTx; i++ {
					if i%perDoc == 0 {
						res, err := w.exec(`INSERT INTO documents (doc_id, text, hash, ingested_at) VALUES (?, ?, ?, '')`,
							fmt.Sprint("d", i), fmt.Sprint("report ", i), fmt.Sprint(i))
						if err != nil {
							return err
						}
						doc, _ = res.LastInsertId()
					}
					e := event.Event{ID: fmt.Sprint("e", i), DocID: fmt.Sprint("d", i-i%perDoc), EventType: event.Battles, SubEventType: "Armed clash",
						EventDate: fuse.DateOf(18000 + r.IntN(3*365)), TimePrecision: 1, Actor1: fmt.Sprint("Group ", r.IntN(50)), Inter1: 2,
						Country: "Xland", Location: fmt.Sprint("Place ", r.IntN(10000)), Latitude: f64(30 + 8*r.Float64()), Longitude: f64(36 + 8*r.Float64()),
						GeoPrecision: 1, Outlet: fmt.Sprint("Outlet ", r.IntN(30)), Evidence: []event.Span{{Start: 0, End: 6, Text: "report"}}}
					row, err := w.eventRow()
					if err != nil {
						return err
					}
					if err := w.insertEvent(doc, row, &e, nil, 0, 0); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkQuery1M times the first page (100 events) of random
// time-range + bounding-box queries over 1,000,000 events: boxes of 0.2°
// to 3° a side, ranges of a week to six months. p50-ms and p99-ms are the
// latency percentiles.
func BenchmarkQuery1M(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(2, 2))
	var took []time.Duration
	found := 0
	for b.Loop() {
		side := 0.2 + 2.8*r.Float64()
		lat, lon := 30+(8-side)*r.Float64(), 36+(8-side)*r.Float64()
		from := 18000 + r.IntN(3*365)
		f := Filter{BBox: &BBox{MinLat: lat, MinLon: lon, MaxLat: lat + side, MaxLon: lon + side},
			From: fuse.DateOf(from), To: fuse.DateOf(from + 7 + r.IntN(175))}
		start := time.Now()
		page, err := s.Events(ctx, f, "", 100)
		took = append(took, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		found += len(page.Events)
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(found)/float64(len(took)), "events/query")
}

// BenchmarkEventPages walks every page of 1,000 events of a store of
// 10,000 (the pages of an export), decoding each event, with what the
// store adds to it (incident, timestamp).
func BenchmarkEventPages(b *testing.B) {
	s := open(b)
	ctx := context.Background()
	docs := make([]Doc, 5000)
	for i := range docs {
		docs[i] = genDoc(i)
	}
	if _, err := s.PutDocuments(ctx, docs); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		n, cursor := 0, ""
		for {
			page, err := s.Events(ctx, Filter{}, cursor, MaxLimit)
			if err != nil {
				b.Fatal(err)
			}
			n += len(page.Events)
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if n != 10000 {
			b.Fatalf("%d events", n)
		}
	}
}

// listStore opens the listing benchmark's fixture: 40,000 generated
// documents (80,000 events over two years) stored and fused as ingest
// stores them. It is built once per schema version, into the system's
// temp directory, and reused.
func listStore(b *testing.B) *Store {
	ctx := context.Background()
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(os.TempDir(), fmt.Sprintf("sitrep-store-list-80k-schema%d.db", len(names)))
	if _, err := os.Stat(path); err != nil {
		b.Logf("building %s (once)", path)
		tmp := path + ".tmp"
		os.Remove(tmp)
		s, err := Open(ctx, tmp)
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < 40_000; i += 2000 {
			docs := make([]Doc, 2000)
			for j := range docs {
				docs[j] = genDoc(i + j)
			}
			if _, err := s.PutDocuments(ctx, docs); err != nil {
				b.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkEventsLimit times the first page of the event listing, newest
// first, over 80,000 events, by page size (the API's `limit`): with no
// filter, and of an actor (actor 1 or 2) that every event names.
func BenchmarkEventsLimit(b *testing.B) {
	s := listStore(b)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		f     Filter
		limit int
	}{
		{"limit=1", Filter{}, 1}, {"limit=5", Filter{}, 5}, {"limit=9", Filter{}, 9}, {"limit=10", Filter{}, 10}, {"limit=100", Filter{}, 100},
		{"actor/limit=10", Filter{Actor: "Civilians (X)"}, 10}, {"actor/limit=100", Filter{Actor: "Civilians (X)"}, 100},
	} {
		limit := tc.limit
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				page, err := s.Events(ctx, tc.f, "", limit)
				if err != nil {
					b.Fatal(err)
				}
				if len(page.Events) != limit {
					b.Fatalf("%d events, want %d", len(page.Events), limit)
				}
			}
		})
	}
}

// BenchmarkFullTextPage times the first page of 100 events matching a
// word in every document (common) and one in a few (rare), over 20,000
// documents: the plan chosen by fullTextPlan.
func BenchmarkFullTextPage(b *testing.B) {
	s := open(b)
	ctx := context.Background()
	docs := make([]Doc, 20000)
	for i := range docs {
		docs[i] = genDoc(i)
	}
	for i := 0; i < len(docs); i += 2000 {
		if _, err := s.PutDocuments(ctx, docs[i:i+2000]); err != nil {
			b.Fatal(err)
		}
	}
	for _, term := range []string{"shelling", "Place17"} {
		b.Run(term, func(b *testing.B) {
			for b.Loop() {
				page, err := s.Events(ctx, Filter{Query: term}, "", 100)
				if err != nil || len(page.Events) == 0 {
					b.Fatalf("%d events, %v", len(page.Events), err)
				}
			}
		})
	}
}
