package worker

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/natstest"
	"github.com/sitrep/sitrep/internal/paths"
	"github.com/sitrep/sitrep/internal/pgstore"
	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/queue"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// report writes the i-th made-up report: about 2 KB, two happenings at
// real places and filler, so that reading and coding it costs what a
// news report costs.
func report(i int) string {
	r := rand.New(rand.NewPCG(uint64(i), 5))
	places := []string{"Ariha", "Saraqib", "Atarib", "Kunduz", "Ghazni", "Garissa", "Mandera", "Sylhet"}
	happenings := []string{
		"Government forces shelled %s on %d March 2024, killing %d civilians, local sources said.",
		"An air strike hit a market in %s on %d March 2024, killing %d people, according to rescuers.",
		"Militants attacked a police post near %s on %d March 2024 and %d officers were killed, officials said.",
	}
	filler := []string{
		"Residents said the area had been tense for weeks and that many families had already left.",
		"The report could not be independently verified, and the authorities did not answer requests for comment.",
		"Aid groups called for calm and for access to the wounded, who were taken to hospitals in the region.",
		"Shops remained closed and the roads out of town were empty on the following day.",
	}
	var b strings.Builder
	for s := range 16 {
		if s == 0 || s == 8 {
			fmt.Fprintf(&b, happenings[r.IntN(len(happenings))], places[r.IntN(len(places))], 1+r.IntN(20), 2+r.IntN(9))
		} else {
			b.WriteString(filler[r.IntN(len(filler))])
		}
		b.WriteString(" ")
		if s%4 == 3 {
			b.WriteString("\n\n")
		}
	}
	fmt.Fprintf(&b, "(Ref. %d.)", i)
	return b.String()
}

func records(n int) []ingest.Record {
	recs := make([]ingest.Record, n)
	for i := range recs {
		recs[i] = ingest.Record{Source: fmt.Sprintf("r%05d.txt", i), Kind: ingest.Text, Body: []byte(report(i))}
	}
	return recs
}

// publish puts records in the queue.
func publish(tb testing.TB, q *queue.Queue, recs []ingest.Record) {
	tb.Helper()
	ctx := context.Background()
	pub := q.Publisher()
	for _, rec := range recs {
		if err := pub.Record(ctx, rec); err != nil {
			tb.Fatal(err)
		}
	}
	if err := pub.Flush(ctx); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkWorkers measures the documents per second that 1, 2 and 4
// workers (one core each: Parallel 1) read, code, store and fuse from the
// queue into PostgreSQL (fsync on), all on this machine, against one
// process ingesting the same records into SQLite on every core. On a
// shared machine the CPU time per document says more than the rate:
// cpu-ms/doc is this process's (workers, NATS), pg-cpu-ms/doc the
// server's.
func BenchmarkWorkers(b *testing.B) {
	const n = 600
	recs := records(n)
	st := pipeline.NewStack(paths.Dirs{Data: b.TempDir()})
	rd, err := st.Reader()
	if err != nil {
		b.Fatal(err)
	}
	coder, err := st.Coder()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("sqlite-ingest", func(b *testing.B) {
		cpu := testenv.CPUTime()
		for b.Loop() {
			s, err := store.Open(ctx, filepath.Join(b.TempDir(), "s.db"))
			if err != nil {
				b.Fatal(err)
			}
			in := &pipeline.Ingester{Store: s, Reader: rd, Coder: coder, Batch: 50}
			dir := b.TempDir()
			for _, rec := range recs {
				os.WriteFile(filepath.Join(dir, rec.Source), rec.Body, 0o644)
			}
			if err := in.Files(ctx, pipeline.NewTally(nil), []string{dir}); err != nil {
				b.Fatal(err)
			}
			s.Close()
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
		b.ReportMetric(float64((testenv.CPUTime()-cpu).Microseconds())/1000/float64(n*b.N), "cpu-ms/doc")
	})
	pg := pgtest.New(b, pgtest.Options{Durable: true})
	for _, workers := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers-%d", workers), func(b *testing.B) {
			var busy, cpu, pgCPU time.Duration
			for b.Loop() {
				b.StopTimer()
				ns := natstest.New(b)
				q, err := queue.Open(ctx, ns.URL())
				if err != nil {
					b.Fatal(err)
				}
				publish(b, q, recs)
				db := pg.NewDB(b)
				s, err := pgstore.Open(ctx, db)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start, cpu0, pg0 := time.Now(), testenv.CPUTime(), pg.CPUTime()
				wctx, cancel := context.WithCancel(ctx)
				var wg sync.WaitGroup
				for range workers {
					wq, err := queue.Open(ctx, ns.URL())
					if err != nil {
						b.Fatal(err)
					}
					ws, err := pgstore.Open(ctx, db)
					if err != nil {
						b.Fatal(err)
					}
					w := &Worker{Queue: wq, Store: ws, Reader: rd, Coder: coder, Parallel: 1, Batch: 20, Report: func(err error) { b.Log(err) }}
					wg.Go(func() {
						w.Run(wctx)
						wq.Close()
						ws.Close()
					})
				}
				for {
					c, err := s.Count(ctx)
					if err != nil {
						b.Fatal(err)
					}
					if c.Documents == n {
						break
					}
					time.Sleep(5 * time.Millisecond)
				}
				busy += time.Since(start)
				cpu += testenv.CPUTime() - cpu0
				pgCPU += pg.CPUTime() - pg0
				cancel()
				wg.Wait()
				b.StopTimer()
				s.Close()
				q.Close()
				ns.Stop()
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/busy.Seconds(), "docs/s")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n*b.N), "cpu-ms/doc")
			b.ReportMetric(float64(pgCPU.Microseconds())/1000/float64(n*b.N), "pg-cpu-ms/doc")
		})
	}
}

// BenchmarkQueue measures the queue's own cost per document: publishing
// a 2 KB record, fetching it and acknowledging it, with nothing done in
// between (the making of the records not counted).
func BenchmarkQueue(b *testing.B) {
	ctx := context.Background()
	ns := natstest.New(b)
	q, err := queue.Open(ctx, ns.URL())
	if err != nil {
		b.Fatal(err)
	}
	defer q.Close()
	cons, err := q.Consumer(ctx)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	cpu := testenv.CPUTime()
	for b.Loop() {
		// Records never published before: the stream keeps a record
		// published twice within minutes once.
		b.StopTimer()
		recs := make([]ingest.Record, 100)
		for i := range recs {
			recs[i] = ingest.Record{Source: fmt.Sprintf("q%d.txt", n+i), Kind: ingest.Text, Body: []byte(report(n + i))}
		}
		b.StartTimer()
		publish(b, q, recs)
		for got := 0; got < 100; {
			msgs, err := cons.Fetch(ctx, 100, time.Second, func(err error) { b.Fatal(err) })
			if err != nil {
				b.Fatal(err)
			}
			for i := range msgs {
				msgs[i].Ack()
			}
			got += len(msgs)
		}
		n += 100
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n), "µs/doc")
	// The server runs in this process: its work is counted too.
	b.ReportMetric(float64((testenv.CPUTime()-cpu).Microseconds())/float64(n), "cpu-µs/doc")
}
