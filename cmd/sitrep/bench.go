package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/text"
)

func runBench(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench", "[FILE...]")
	cpus := fs.Int("cpu", 1, "cores to code on (the targets are per core)")
	minTime := fs.Duration("time", 3*time.Second, "run for at least this long")
	stream := fs.Int("stream", 0, "also code a stream of this many documents (cycling the corpus) and report memory as it goes")
	if err := parse(fs, args); err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		def := filepath.Join("..", "shared", "eval", "acled-dev.jsonl")
		if _, err := os.Stat(def); err != nil {
			return fmt.Errorf("no corpus given, and %s is absent: %w", def, errUsage)
		}
		paths = []string{def}
	}
	coder, err := newCoder(e)
	if err != nil {
		return err
	}
	// Read the corpus first: the figures are for reading text, not files.
	var docs []document.Document
	var sentences, bytes int
	start := time.Now()
	if err := readDocuments(ctx, e, paths, func(d document.Document) error {
		docs = append(docs, d)
		sentences += len(text.Analyze(d.Text).Sentences)
		bytes += len(d.Text)
		return nil
	}); err != nil && len(docs) == 0 {
		return err
	}
	if len(docs) == 0 {
		return errors.New("the corpus holds no documents")
	}
	fmt.Fprintf(e.stdout, "corpus: %d documents, %d sentences, %.1f MB of text (read in %.1fs)\n", len(docs), sentences, float64(bytes)/1e6, time.Since(start).Seconds())
	fmt.Fprintf(e.stdout, "machine: %s/%s, %d cores, %s; coding on %d core(s)\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), *cpus)

	runtime.GOMAXPROCS(*cpus)
	var rounds int
	start = time.Now()
	for time.Since(start) < *minTime || rounds == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		codeParallel(coder, docs, *cpus)
		rounds++
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(e.stdout, "throughput: %.0f documents/s, %.0f sentences/s, %.2f MB/s (%d passes in %.1fs)\n",
		float64(rounds*len(docs))/secs, float64(rounds*sentences)/secs, float64(rounds*bytes)/1e6/secs, rounds, secs)
	fmt.Fprintf(e.stdout, "peak memory: %.0f MB resident\n", peakRSS())

	if *stream > 0 {
		return benchStream(ctx, e, coder, docs, *stream)
	}
	return nil
}

// codeParallel codes docs on n goroutines.
func codeParallel(c interface {
	Code(document.Document) []event.Event
}, docs []document.Document, n int) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(docs) {
					return
				}
				c.Code(docs[i])
			}
		}()
	}
	wg.Wait()
}

// benchStream codes n documents one after another, as ingest does, and
// prints the heap every tenth of the way: it should stay flat.
func benchStream(ctx context.Context, e *env, c interface {
	Code(document.Document) []event.Event
}, docs []document.Document, n int) error {
	fmt.Fprintf(e.stdout, "stream of %d documents: heap in use after every %d\n", n, max(1, n/10))
	var ms runtime.MemStats
	for i := range n {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := docs[i%len(docs)]
		d.ID = fmt.Sprint(i)
		c.Code(d)
		if (i+1)%max(1, n/10) == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			fmt.Fprintf(e.stdout, "  %7d documents: heap %.1f MB, resident peak %.0f MB\n", i+1, float64(ms.HeapInuse)/1e6, peakRSS())
		}
	}
	return nil
}

// peakRSS is the process's peak resident memory in MB.
func peakRSS() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024 // kilobytes on Linux
}
