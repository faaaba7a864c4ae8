package pgstore

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/storetest"
)

// putter is what the benchmarks store with.
type putter interface {
	PutDocuments(ctx context.Context, docs []store.Doc) ([]store.Put, error)
}

// BenchmarkPutDocuments stores 3 KB reports of two events each in
// batches of 100, fusion included, into SQLite and into PostgreSQL (fsync
// on), from one writer; docs/s is the figure.
func BenchmarkPutDocuments(b *testing.B) {
	ctx := context.Background()
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			var s putter
			if backend == "sqlite" {
				ss, err := store.Open(ctx, filepath.Join(b.TempDir(), "b.db"))
				if err != nil {
					b.Fatal(err)
				}
				defer ss.Close()
				s = ss
			} else {
				c := pgtest.New(b, pgtest.Options{Durable: true})
				ps, err := Open(ctx, c.NewDB(b))
				if err != nil {
					b.Fatal(err)
				}
				defer ps.Close()
				s = ps
			}
			n := 0
			for b.Loop() {
				docs := make([]store.Doc, 100)
				for i := range docs {
					docs[i] = storetest.ScaleDoc(n)
					n++
				}
				if _, err := s.PutDocuments(ctx, docs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// queryDocs is the size of the query benchmark's stores.
const queryDocs = 100_000

// queryStores opens the same 100,000 documents (200,000 events) in
// SQLite and in PostgreSQL, built once into the system's temporary
// directory (some 1.5 GB in all; 10 minutes on 2 cores) and kept for the
// next runs, named by this store's schema version.
var queryStores = sync.OnceValues(func() (map[string]storetest.Reader, error) {
	ctx := context.Background()
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	base := filepath.Join(os.TempDir(), fmt.Sprintf("sitrep-pgstore-query-bench-%d-schema%d", queryDocs, len(names)))
	done := base + ".done"
	_, err := os.Stat(done)
	fresh := err != nil
	if fresh {
		os.RemoveAll(base)
		os.Remove(base + ".db")
	}
	sq, err := store.Open(ctx, base+".db")
	if err != nil {
		return nil, err
	}
	// Stopped by pgtest.Main when the benchmarks end; its files kept.
	c, err := pgtest.Start(pgtest.Options{Durable: true, Dir: base})
	if err != nil {
		return nil, err
	}
	ps, err := Open(ctx, c.URL("postgres"))
	if err != nil {
		return nil, err
	}
	stores := map[string]storetest.Reader{"sqlite": sq, "postgres": ps}
	if !fresh {
		return stores, nil
	}
	for _, s := range []putter{sq, ps} {
		start := time.Now()
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		// Two writers for PostgreSQL, which takes them; one for SQLite.
		writers := 1
		if s == putter(ps) {
			writers = 2
		}
		for w := range writers {
			wg.Go(func() {
				for i := w * 500; i < queryDocs; i += 500 * writers {
					docs := make([]store.Doc, 500)
					for j := range docs {
						docs[j] = storetest.ScaleDoc(i + j)
						docs[j].Order = store.Order{Source: "bench", Seq: uint64(i + j + 1)}
					}
					if _, err := s.PutDocuments(ctx, docs); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			return nil, err
		}
		fmt.Fprintf(os.Stderr, "query bench: %T: %d documents in %v\n", s, queryDocs, time.Since(start).Round(time.Second))
	}
	if _, err := ps.pool.Exec(ctx, "VACUUM ANALYZE"); err != nil {
		return nil, err
	}
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		return nil, err
	}
	return stores, nil
})

// BenchmarkQueries asks both stores of 100,000 documents the questions
// the map and the API ask most, and reports each question's median and
// 99th percentile latency: the target is PostgreSQL's p99 within twice
// SQLite's.
func BenchmarkQueries(b *testing.B) {
	if testing.Short() {
		b.Skip("builds two stores of 100,000 documents")
	}
	stores, err := queryStores()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	box := &store.BBox{MinLat: 31, MinLon: 41, MaxLat: 32, MaxLon: 42}
	queries := []struct {
		name string
		fn   func(s storetest.Reader, i int) error
	}{
		{"events-first-page", func(s storetest.Reader, i int) error {
			_, err := s.Events(ctx, store.Filter{}, "", 100)
			return err
		}},
		{"events-box-month", func(s storetest.Reader, i int) error {
			d := fmt.Sprintf("2022-%02d", 1+i%12)
			_, err := s.Events(ctx, store.Filter{BBox: box, From: d + "-01", To: d + "-28"}, "", 100)
			return err
		}},
		{"events-actor", func(s storetest.Reader, i int) error {
			_, err := s.Events(ctx, store.Filter{Actor: fmt.Sprintf("military forces of x%d", i%3)}, "", 100)
			return err
		}},
		{"events-fulltext", func(s storetest.Reader, i int) error {
			_, err := s.Events(ctx, store.Filter{Query: fmt.Sprintf("place%d", i%500)}, "", 100)
			return err
		}},
		{"events-page-10", func(s storetest.Reader, i int) error {
			cursor := ""
			for range 10 {
				p, err := s.Events(ctx, store.Filter{SubEventType: "Armed clash"}, cursor, 100)
				if err != nil {
					return err
				}
				cursor = p.Next
			}
			return nil
		}},
		{"incidents-page", func(s storetest.Reader, i int) error {
			_, err := s.Incidents(ctx, store.Filter{BBox: box}, "", 50)
			return err
		}},
		{"points-10k", func(s storetest.Reader, i int) error {
			_, err := s.EachPoint(ctx, store.Filter{From: "2022-01-01", To: "2022-06-30"}, 10000, func(*store.Point) error { return nil })
			return err
		}},
		{"days", func(s storetest.Reader, i int) error {
			_, _, err := s.Days(ctx, store.Filter{BBox: box})
			return err
		}},
		{"trends", func(s storetest.Reader, i int) error {
			_, _, _, err := s.Trends(ctx, store.Filter{}, "")
			return err
		}},
		{"places-prefix", func(s storetest.Reader, i int) error {
			_, err := s.Places(ctx, fmt.Sprintf("place%d", i%50), 10)
			return err
		}},
	}
	for _, q := range queries {
		for _, backend := range []string{"sqlite", "postgres"} {
			b.Run(q.name+"/"+backend, func(b *testing.B) {
				s := stores[backend]
				var times []time.Duration
				i := 0
				for b.Loop() {
					start := time.Now()
					if err := q.fn(s, i); err != nil {
						b.Fatal(err)
					}
					times = append(times, time.Since(start))
					i++
				}
				slices.Sort(times)
				b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
			})
		}
	}
}
