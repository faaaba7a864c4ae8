package benchmark

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/rusage"
	"github.com/sitrep/sitrep/internal/store"
)

// Ingest stores docs made-up articles through in (reading, coding and
// storing them as `sitrep ingest` does) and writes to w the rate of each
// stretch of every documents, with CPU time beside wall time, and a
// progress line with an ETA to progress (nil: none) every few seconds.
// When ctx is done it stops reading, stores what was read and reports
// the stretches finished.
func Ingest(ctx context.Context, w, progress io.Writer, in *pipeline.Ingester, a *Articles, docs, every int) error {
	return ingestFrom(ctx, w, progress, in, a, 0, docs, every)
}

// ingestFrom is Ingest of the articles from, from+1, ...: a store that
// holds the first from already grows on as the benchmark's would.
func ingestFrom(ctx context.Context, w, progress io.Writer, in *pipeline.Ingester, a *Articles, from, docs, every int) error {
	if docs < 1 || every < 1 {
		return fmt.Errorf("ingest benchmark: %d documents in stretches of %d", docs, every)
	}
	fmt.Fprintf(w, "machine: %s/%s, %d cores, %s; %d made-up articles of ~%d events, rates per %d documents\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), docs, a.eventsPer(), every)
	t := pipeline.NewTally(nil)
	done := make(chan error, 1)
	go func() {
		done <- in.Records(ctx, t, func(yield func(ingest.Record) error) error {
			for i := from; i < from+docs; i++ {
				if err := ctx.Err(); err != nil {
					return err
				}
				title, outlet, pub, body := a.Article(i)
				rec := ingest.Record{Source: fmt.Sprintf("article-%d", i), Kind: ingest.Text, Body: []byte(body),
					ID: fmt.Sprintf("bench-%d", i), Title: title, Outlet: outlet, Published: pub.Format(time.RFC3339)}
				if err := yield(rec); err != nil {
					return err
				}
			}
			return nil
		})
	}()
	start := time.Now()
	cpu0, _ := rusage.CPU()
	mark, markAt, markCPU := int64(0), start, cpu0
	var rates []float64
	// Every count of stored documents seen (they move a batch at a time),
	// for the rate of exactly the last stretch of documents.
	type sample struct {
		n  int64
		at time.Time
	}
	samples := []sample{{0, start}}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	lastProgress := start
	stretch := func(n int64, now time.Time) {
		cpu, _ := rusage.CPU()
		wall := now.Sub(markAt).Seconds()
		rate := float64(n-mark) / wall
		rates = append(rates, rate)
		fmt.Fprintf(w, "documents %7d-%-7d %7.1f docs/s  %6.1f s wall  %6.1f s CPU  (%d events so far)\n",
			mark+1, n, rate, wall, (cpu - markCPU).Seconds(), t.Events())
		mark, markAt, markCPU = n, now, cpu
	}
	var err error
	for running := true; running; {
		select {
		case err = <-done:
			running = false
		case now := <-tick.C:
			n := t.Stored()
			if n > samples[len(samples)-1].n {
				samples = append(samples, sample{n, now})
			}
			if n >= mark+int64(every) {
				stretch(n, now)
			}
			if progress != nil && now.Sub(lastProgress) >= 5*time.Second {
				lastProgress = now
				rate := float64(n) / now.Sub(start).Seconds()
				eta := "?"
				if rate > 0 {
					eta = (time.Duration(float64(int64(docs)-n)/rate) * time.Second).Round(time.Second).String()
				}
				fmt.Fprintf(progress, "stored %d of %d (%.0f docs/s), ETA %s\n", n, docs, rate, eta)
			}
		}
	}
	now := time.Now()
	if n := t.Stored(); n > mark {
		stretch(n, now)
	}
	cpu, _ := rusage.CPU()
	total := now.Sub(start).Seconds()
	fmt.Fprintf(w, "total: %d documents stored, %d events, %.1f docs/s, %.1f s wall, %.1f s CPU\n",
		t.Stored(), t.Events(), float64(t.Stored())/total, total, (cpu - cpu0).Seconds())
	if len(rates) >= 2 {
		// The last stretch printed may be a short tail: the rate of the
		// last `every` documents is taken from the last count seen at or
		// before total - every.
		n := t.Stored()
		from := samples[0]
		for _, sm := range samples {
			if sm.n <= n-int64(every) {
				from = sm
			}
		}
		last := float64(n-from.n) / now.Sub(from.at).Seconds()
		fmt.Fprintf(w, "last %d documents (%d-%d): %.1f docs/s, %.0f %% of the first stretch's\n", n-from.n, from.n+1, n, last, 100*last/rates[0])
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(w, "interrupted")
		return nil
	}
	return err
}

// Counter is what IngestArticles asks of the store: that it is new.
type Counter interface {
	Count(ctx context.Context) (store.Counts, error)
	Close() error
}

// IngestArticles is `sitrep bench ingest`: docs made-up articles (seed 1)
// through in into s, a store that must be empty, which it closes; rates
// per 10,000 documents to w, progress to progress. getenv is read for the
// collector's settings, as ingest does.
func IngestArticles(ctx context.Context, w, progress io.Writer, getenv func(string) string, in *pipeline.Ingester, s Counter, docs int) (err error) {
	defer func() { err = errors.Join(err, s.Close()) }()
	c, err := s.Count(ctx)
	if err != nil {
		return err
	}
	if c.Documents > 0 {
		return fmt.Errorf("ingest benchmark: the store holds %d documents already: give a new one (--db)", c.Documents)
	}
	a, err := NewArticles(1)
	if err != nil {
		return err
	}
	defer pipeline.LessGC(getenv)()
	return Ingest(ctx, w, progress, in, a, docs, 10_000)
}
