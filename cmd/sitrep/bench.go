package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/sitrep/sitrep/internal/benchmark"
	"github.com/sitrep/sitrep/internal/pipeline"
)

func runBench(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench", "[FILE...] | ingest | http")
	cpus := fs.Int("cpu", 1, "cores to code on (the targets are per core)")
	minTime := fs.Duration("time", 3*time.Second, "run for at least this long")
	stream := fs.Int("stream", 0, "also code a stream of this many documents (cycling the corpus) and report memory as it goes")
	docs := fs.Int("docs", 100_000, "bench ingest: made-up articles to store")
	db := fs.String("db", filepath.Join(os.TempDir(), "sitrep-bench.db"), "bench ingest: a new store (SQLite path or empty PostgreSQL database URL); bench http: the store to serve")
	h := benchmark.HTTPConfig{Seed: 1}
	fs.StringVar(&h.URL, "url", "", "bench http: the base URL of a running sitrep serve, instead of serving --db in-process")
	fs.IntVar(&h.Requests, "requests", 300, "bench http: requests a scenario and number of clients")
	fs.StringVar(&h.Only, "only", "", "bench http: only the scenarios whose names contain this")
	fs.StringVar(&h.CPUProfile, "cpuprofile", "", "bench http: write a CPU profile of the requests here")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if a := fs.Args(); len(a) > 0 && (a[0] == "ingest" || a[0] == "http") {
		if err := parse(fs, e, a[1:]); err != nil {
			return err
		}
		if h.DB = *db; a[0] == "http" {
			return benchmark.HTTP(ctx, e.stdout, e.stderr, h)
		}
		in, s, _, err := openIngester(ctx, e, *db, 0)
		if err != nil {
			return err
		}
		return benchmark.IngestArticles(ctx, e.stdout, e.stderr, e.getenv, in, s, *docs)
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
	rd, coder, err := e.stack().Reading()
	if err != nil {
		return err
	}
	// As ingest does: the gazetteer lives outside the heap, so the heap is
	// small and the collector would run every few dozen documents.
	defer pipeline.LessGC(e.getenv)()
	waitingForStdin(e, paths)
	corpus, err := benchmark.ReadCorpus(ctx, e.stdout, rd, paths, e.stdin, skipped(e))
	if err != nil {
		return err
	}
	if err := benchmark.Throughput(ctx, e.stdout, coder, corpus, *cpus, *minTime); err != nil {
		return err
	}
	if *stream > 0 {
		return benchmark.Stream(ctx, e.stdout, coder, corpus, *stream)
	}
	return nil
}
