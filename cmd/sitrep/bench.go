package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/sitrep/sitrep/internal/benchmark"
	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/pipeline"
)

func runBench(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "ingest" {
		return runBenchIngest(ctx, e, args[1:])
	}
	fs := newFlags(e, "bench", "[FILE...]")
	cpus := fs.Int("cpu", 1, "cores to code on (the targets are per core)")
	minTime := fs.Duration("time", 3*time.Second, "run for at least this long")
	stream := fs.Int("stream", 0, "also code a stream of this many documents (cycling the corpus) and report memory as it goes")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if *cpus < 1 {
		return fmt.Errorf("--cpu must be at least 1: %w", errUsage)
	}
	paths := fs.Args()
	if len(paths) == 0 {
		def := filepath.Join("..", "shared", "eval", "acled-dev.jsonl")
		if _, err := os.Stat(def); err != nil {
			return fmt.Errorf("no corpus given, and %s is absent: %w", def, errUsage)
		}
		paths = []string{def}
	}
	st := e.stack()
	coder, err := st.Coder()
	if err != nil {
		return err
	}
	// As ingest does: the gazetteer lives outside the heap, so the heap is
	// small and the collector would run every few dozen documents.
	defer pipeline.LessGC(e.getenv)()
	// Read the corpus first: the figures are for reading text, not files.
	var corpus benchmark.Corpus
	start := time.Now()
	err = readDocuments(ctx, e, st, paths, func(d document.Document) error {
		corpus.Add(d)
		return nil
	})
	if err != nil && len(corpus.Docs) == 0 {
		return err
	}
	fmt.Fprintf(e.stdout, "corpus: %d documents, %d sentences, %.1f MB of text (read in %.1fs)\n",
		len(corpus.Docs), corpus.Sentences, float64(corpus.Bytes)/1e6, time.Since(start).Seconds())
	if err := benchmark.Throughput(ctx, e.stdout, coder, &corpus, *cpus, *minTime); err != nil {
		return err
	}
	if *stream > 0 {
		return benchmark.Stream(ctx, e.stdout, coder, &corpus, *stream)
	}
	return nil
}

// runBenchIngest: `sitrep bench ingest`, made-up articles into a fresh store.
func runBenchIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench ingest", "")
	db := fs.String("db", "", "the store to make (a new SQLite path or an empty PostgreSQL database's URL)")
	docs := fs.Int("docs", 100_000, "articles to ingest")
	every := fs.Int("every", 10_000, "report the rate of every this many articles")
	batch := fs.Int("batch", 0, "documents per transaction (0: as ingest)")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if _, err := os.Stat(*db); *db == "" || err == nil {
		return fmt.Errorf("--db must name a store that does not exist yet: %w", errUsage)
	}
	defer pipeline.LessGC(e.getenv)()
	in, s, _, err := openIngester(ctx, e, *db, *batch)
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := benchmark.NewArticles(1)
	if err != nil {
		return err
	}
	return benchmark.Ingest(ctx, e.stdout, e.stderr, in, a, *docs, *every)
}
