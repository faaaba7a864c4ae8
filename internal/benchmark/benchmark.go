// Package benchmark measures sitrep's throughput and memory for `sitrep
// bench`: coding a corpus on a given number of cores, and coding a long
// stream to see that memory stays flat. It reports CPU time beside wall
// time, since on a shared machine the neighbours move the latter.
package benchmark

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/rusage"
	"github.com/sitrep/sitrep/internal/text"
)

// Coder is what is measured.
type Coder interface {
	Code(document.Document) []event.Event
}

// Corpus is the documents a benchmark codes, with their sizes.
type Corpus struct {
	Docs      []document.Document
	Sentences int
	Bytes     int
}

// Add adds a document to the corpus.
func (c *Corpus) Add(d document.Document) {
	c.Docs = append(c.Docs, d)
	c.Sentences += len(text.Analyze(d.Text).Sentences)
	c.Bytes += len(d.Text)
}

// ReadCorpus reads the documents of paths (stdin for "-") into a corpus and
// says how large it is. Reading comes first and apart: the figures are for
// reading text, not files. A record that holds no document is skipped and
// reported; what was read stands if a later file fails.
func ReadCorpus(ctx context.Context, w io.Writer, rd *document.Reader, paths []string, stdin io.Reader, onSkip func(error)) (*Corpus, error) {
	var c Corpus
	start := time.Now()
	err := pipeline.Documents(ctx, rd, paths, stdin, onSkip, func(d document.Document) error {
		c.Add(d)
		return nil
	})
	if err != nil && len(c.Docs) == 0 {
		return nil, err
	}
	fmt.Fprintf(w, "corpus: %d documents, %d sentences, %.1f MB of text (read in %.1fs)\n",
		len(c.Docs), c.Sentences, float64(c.Bytes)/1e6, time.Since(start).Seconds())
	return &c, nil
}

// Throughput codes the corpus over and over on cpus cores for at least
// minTime and writes the rates to w.
func Throughput(ctx context.Context, w io.Writer, c Coder, corpus *Corpus, cpus int, minTime time.Duration) error {
	if len(corpus.Docs) == 0 {
		return fmt.Errorf("the corpus holds no documents")
	}
	prev := runtime.GOMAXPROCS(cpus)
	defer runtime.GOMAXPROCS(prev)
	fmt.Fprintf(w, "machine: %s/%s, %d cores, %s; coding on %d core(s)\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), cpus)
	rounds := 0
	cpu0, _ := rusage.CPU()
	start := time.Now()
	for time.Since(start) < minTime || rounds == 0 {
		err := pipeline.Map(ctx, cpus,
			func(yield func(document.Document) error) error {
				for _, d := range corpus.Docs {
					if err := yield(d); err != nil {
						return err
					}
				}
				return nil
			},
			func(d document.Document) int { return len(c.Code(d)) },
			func(int) error { return nil })
		if err != nil {
			return err
		}
		rounds++
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(w, "throughput: %.0f documents/s, %.0f sentences/s, %.2f MB/s (%d passes in %.1fs)\n",
		float64(rounds*len(corpus.Docs))/secs, float64(rounds*corpus.Sentences)/secs, float64(rounds*corpus.Bytes)/1e6/secs, rounds, secs)
	if cpu1, ok := rusage.CPU(); ok {
		cpuSecs := (cpu1 - cpu0).Seconds()
		fmt.Fprintf(w, "per CPU-second: %.0f sentences (%.1f CPU-s used)\n", float64(rounds*corpus.Sentences)/cpuSecs, cpuSecs)
	}
	fmt.Fprintf(w, "peak memory: %s resident\n", peak())
	return nil
}

// Stream codes n documents one after another (cycling the corpus), as
// ingest does, and writes the heap every tenth of the way: it should stay flat.
func Stream(ctx context.Context, w io.Writer, c Coder, corpus *Corpus, n int) error {
	if len(corpus.Docs) == 0 {
		return fmt.Errorf("the corpus holds no documents")
	}
	step := max(1, n/10)
	fmt.Fprintf(w, "stream of %d documents: heap in use after every %d\n", n, step)
	var ms runtime.MemStats
	for i := range n {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := corpus.Docs[i%len(corpus.Docs)]
		d.ID = fmt.Sprint(i)
		c.Code(d)
		if (i+1)%step == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			fmt.Fprintf(w, "  %7d documents: heap %.1f MB, resident peak %s\n", i+1, float64(ms.HeapInuse)/1e6, peak())
		}
	}
	return nil
}

func peak() string {
	n, ok := rusage.PeakRSS()
	if !ok {
		return "unknown"
	}
	return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
}
