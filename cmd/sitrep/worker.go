package main

import (
	"context"
	"fmt"
	"time"

	"github.com/sitrep/sitrep/internal/backend"
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/queue"
	"github.com/sitrep/sitrep/internal/worker"
)

func runWorker(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "worker", "")
	queueURL := fs.String("queue", "", "take work from `URL`: "+queueUsage)
	db := fs.String("db", "", dbUsage)
	batch := fs.Int("batch", 50, "messages stored per transaction")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if *queueURL == "" || *batch <= 0 {
		return fmt.Errorf("--queue is needed, and --batch must be positive: %w", errUsage)
	}
	rd, coder, err := e.stack().Reading()
	if err != nil {
		return err
	}
	s, err := backend.Open(ctx, e.dirs().StoreOr(*db))
	if err != nil {
		return err
	}
	defer s.Close()
	q, err := queue.Open(ctx, *queueURL)
	if err != nil {
		return err
	}
	defer q.Close()
	defer pipeline.LessGC(e.getenv)()
	con := newConsole(e.stderr)
	w := &worker.Worker{Queue: q, Store: s, Reader: rd, Coder: coder, Batch: *batch,
		Report: func(err error) { con.printf("sitrep worker: %v\n", err) }}
	con.printf("sitrep worker: taking work from %s into %s (Ctrl-C stops)\n", q, s)
	stop := con.live(w.Stats.String)
	err = w.Run(ctx)
	stop()
	con.printf("sitrep worker: %v\n", &w.Stats)
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// enqueue is ingest --queue: the records of paths, then polls of the
// feeds, once or every so often, go to the queue.
func enqueue(ctx context.Context, e *env, queueURL string, paths []string, feeds bool, urls []string, fo ingest.FeedOptions, every time.Duration, once bool) error {
	q, err := queue.Open(ctx, queueURL)
	if err != nil {
		return err
	}
	defer q.Close()
	con := newConsole(e.stderr)
	if len(paths) > 0 || !feeds {
		if !feeds {
			waitingForStdin(e, paths)
		}
		n, err := worker.Enqueue(ctx, q, paths, e.stdin, func(err error) { con.printf("sitrep ingest: skipped %v\n", err) })
		con.printf("sitrep ingest: %d records queued (%d bytes) to %s, %d skipped\n", n.Records, n.Bytes, q, n.Skipped)
		if err != nil {
			return err
		}
		if !feeds && n.Skipped > 0 {
			return fmt.Errorf("%d record(s) skipped, see above", n.Skipped)
		}
	}
	if !feeds {
		return nil
	}
	return pipeline.Repeat(ctx, every, once, func() error {
		err := worker.EnqueuePolls(ctx, q, urls, fo)
		if err == nil {
			con.printf("sitrep ingest: %d feed polls queued to %s\n", len(urls), q)
		}
		return err
	})
}
