package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sitrep/sitrep/internal/backend"
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/pipeline"
)

const dbUsage = "the store: a SQLite file or a PostgreSQL URL, postgres://user@host/db (default $SITREP_DB, else $SITREP_DATA/sitrep.db, else $XDG_DATA_HOME/sitrep/sitrep.db, else ~/.local/share/sitrep/sitrep.db)"

const queueUsage = "a NATS JetStream server, nats://host:4222, whose workers (sitrep worker) read and store"

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "ingest", "[PATH...]")
	db := fs.String("db", "", dbUsage)
	feeds := fs.String("feeds", "", "poll the RSS/Atom feeds listed in `FILE`, one URL a line")
	every := fs.Duration("every", 15*time.Minute, "with --feeds: poll this often until Ctrl-C")
	once := fs.Bool("once", false, "with --feeds: poll once and stop")
	var fo ingest.FeedOptions
	fs.DurationVar(&fo.HostDelay, "host-delay", time.Second, "with --feeds: wait this long between the starts of two requests to one host")
	fs.DurationVar(&fo.Timeout, "timeout", 30*time.Second, "with --feeds: give up a request after this long")
	fs.DurationVar(&fo.Backoff, "backoff", 2*time.Second, "with --feeds: wait this long before retrying a failed feed, doubling each time (3 retries)")
	fs.BoolFunc("allow-private", "with --feeds: fetch from loopback, private and link-local addresses too (an intranet's feeds); refused by default", func(string) error {
		fo.AllowPrivate = ingest.AllAddresses
		return nil
	})
	batch := fs.Int("batch", 2000, "documents stored per transaction")
	queueURL := fs.String("queue", "", "publish the records and feed polls to `URL` instead of storing them: "+queueUsage)
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if *every <= 0 || *batch <= 0 {
		return fmt.Errorf("--every and --batch must be positive: %w", errUsage)
	}
	var urls []string
	if *feeds != "" {
		var err error
		if urls, err = ingest.ReadFeedFile(*feeds); err != nil {
			return err
		}
	}
	if *queueURL != "" {
		if *db != "" {
			return fmt.Errorf("--db and --queue: with --queue the workers store (sitrep worker --db): %w", errUsage)
		}
		return enqueue(ctx, e, *queueURL, fs.Args(), *feeds != "", urls, fo, *every, *once)
	}
	in, s, con, err := openIngester(ctx, e, *db, *batch)
	if err != nil {
		return err
	}
	defer s.Close()
	defer pipeline.LessGC(e.getenv)()
	if fs.NArg() > 0 || *feeds == "" {
		if *feeds == "" {
			waitingForStdin(e, fs.Args())
		}
		t := pipeline.NewTally(nil)
		stop := con.live(t.String)
		err = in.Files(ctx, t, fs.Args())
		stop()
		con.printf("sitrep ingest: %v\n", t)
		if *feeds == "" || errors.Is(err, context.Canceled) {
			return err
		}
	}
	return errors.Join(err, poll(ctx, in, con, urls, fo, *every, *once))
}

// poll polls feeds, once or every so often until ctx is done.
func poll(ctx context.Context, in *pipeline.Ingester, con *console, urls []string, fo ingest.FeedOptions, every time.Duration, once bool) error {
	f, err := in.Feeds(ctx, urls, fo)
	if err != nil {
		return err
	}
	return pipeline.Repeat(ctx, every, once, func() error {
		t := f.NewTally()
		stop := con.live(t.String)
		failed, err := f.Poll(ctx, t)
		stop()
		con.printf("sitrep ingest: %d feeds polled, %d failed, %d items pending; %v\n", f.Len(), failed, f.Pending(), t)
		if err == nil && once && failed > 0 {
			err = fmt.Errorf("%d of %d feeds failed, see above", failed, f.Len())
		}
		return err
	})
}

// openIngester opens the store and the reading stack.
func openIngester(ctx context.Context, e *env, db string, batch int) (*pipeline.Ingester, backend.Store, *console, error) {
	rd, coder, err := e.stack().Reading()
	if err != nil {
		return nil, nil, nil, err
	}
	s, err := backend.Open(ctx, e.dirs().StoreOr(db))
	if err != nil {
		return nil, nil, nil, err
	}
	con := newConsole(e.stderr)
	in := &pipeline.Ingester{Store: s, Reader: rd, Coder: coder, Batch: batch, Stdin: e.stdin,
		Report: func(err error) { con.printf("sitrep ingest: %v\n", err) },
		Warn:   func(source, w string) { con.printf("sitrep ingest: %s: %s\n", source, w) }}
	return in, s, con, nil
}
