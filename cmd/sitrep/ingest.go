package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/sitrep/sitrep/internal/code"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/document/page"
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/store"
)

const dbUsage = "the store: a SQLite file (default $SITREP_DB, else $XDG_DATA_HOME/sitrep/sitrep.db, else ~/.local/share/sitrep/sitrep.db)"

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
	batch := fs.Int("batch", 500, "documents stored per transaction")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *every <= 0 || *batch <= 0 {
		fmt.Fprintln(e.stderr, "sitrep ingest: --every and --batch must be positive")
		return errUsage
	}
	var urls []string
	if *feeds != "" {
		var err error
		if urls, err = readFeedList(*feeds); err != nil {
			return err
		}
	}
	in, err := openIngester(ctx, e, *db, *batch)
	if err != nil {
		return err
	}
	defer in.close()
	defer lessGC(e)()
	if fs.NArg() > 0 || *feeds == "" {
		err = in.files(ctx, fs.Args())
		if *feeds == "" || errors.Is(err, context.Canceled) {
			return err
		}
	}
	return errors.Join(err, in.poll(ctx, urls, fo, *every, *once))
}

func readFeedList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	urls, err := ingest.ReadFeedList(path, f)
	if err == nil && len(urls) == 0 {
		err = fmt.Errorf("%s lists no feeds", path)
	}
	return urls, err
}

// lessGC makes the garbage collector run about a quarter as often as by
// default while Go's memory stays under 400 MiB, unless $GOGC or
// $GOMEMLIMIT say otherwise, until the returned func is called. Most of
// the live heap is read-only tables (gazetteer, lexicons, the page
// reader's patterns) that every collection marks again, while ingesting
// allocates fast: collecting less often saves a fifth of the CPU.
func lessGC(e *env) (restore func()) {
	if e.getenv("GOGC") != "" || e.getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(400)
	limit := debug.SetMemoryLimit(400 << 20)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// ingester reads, codes and stores documents: records are read in order,
// made documents of and coded on all cores, and stored in batches of one
// transaction each, in the order read, so that a run gives the same store
// however its work was scheduled.
type ingester struct {
	store  *store.Store
	reader *document.Reader
	coder  *code.Coder
	batch  int
	con    *console
	stdin  io.Reader
}

func openIngester(ctx context.Context, e *env, db string, batch int) (*ingester, error) {
	path, err := store.Path(db, e.getenv)
	if err != nil {
		return nil, err
	}
	rd, err := document.NewReader(lexiconDir(e), page.Read)
	if err != nil {
		return nil, err
	}
	coder, err := newCoder(e)
	if err != nil {
		return nil, err
	}
	s, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	return &ingester{store: s, reader: rd, coder: coder, batch: batch, con: newConsole(e.stderr), stdin: e.stdin}, nil
}

func (in *ingester) close() error { return in.store.Close() }

// files ingests files, folders and archives (stdin when none).
func (in *ingester) files(ctx context.Context, paths []string) error {
	t := newTally(nil)
	err := in.run(ctx, t, func(ctx context.Context, opt ingest.Options, fn func(ingest.Record) error) error {
		return ingest.Walk(ctx, paths, opt, fn)
	})
	in.con.printf("sitrep ingest: %v\n", t)
	if err != nil {
		return err
	}
	if n := t.failed(); n > 0 {
		return fmt.Errorf("%d record(s) failed, see above", n)
	}
	return nil
}

// poll polls feeds, once or every so often until ctx is done. What the
// poller remembers of each feed (validators, items handled) is kept in
// the store, written only once the documents of a poll are stored, so
// that an item is never remembered but lost.
func (in *ingester) poll(ctx context.Context, urls []string, fo ingest.FeedOptions, every time.Duration, once bool) error {
	states := make([]ingest.FeedState, len(urls))
	for i, u := range urls {
		st, err := in.store.Feed(ctx, u)
		if err != nil {
			return err
		}
		states[i] = ingest.FeedState{URL: u, ETag: st.ETag, LastModified: st.LastModified, Seen: st.Seen, Failures: st.Failures}
		if st.Pending != nil {
			if err := json.Unmarshal(st.Pending, &states[i].Pending); err != nil {
				return fmt.Errorf("feed %s: the stored pending items: %w", u, err)
			}
		}
	}
	var stats ingest.Stats
	poller := ingest.NewPoller(ingest.Options{OnError: in.report, Stats: &stats}, fo)
	for {
		t := newTally(&stats)
		err := in.run(ctx, t, func(ctx context.Context, _ ingest.Options, fn func(ingest.Record) error) error {
			var err error
			states, err = poller.Poll(ctx, states, fn)
			return err
		})
		failed, pending := 0, 0
		for _, st := range states {
			if st.Failures > 0 {
				failed++
			}
			pending += len(st.Pending)
		}
		in.con.printf("sitrep ingest: %d feeds polled, %d failed, %d items pending; %v\n", len(states), failed, pending, t)
		if err == nil || errors.Is(err, context.Canceled) {
			// The documents handed over are stored: remember the items.
			now := time.Now()
			for _, st := range states {
				f := store.Feed{URL: st.URL, ETag: st.ETag, LastModified: st.LastModified, Checked: now, Seen: st.Seen, Failures: st.Failures}
				if len(st.Pending) > 0 {
					f.Pending, _ = json.Marshal(st.Pending) // plain data: cannot fail
				}
				if perr := in.store.PutFeed(context.WithoutCancel(ctx), f); perr != nil {
					return errors.Join(err, perr)
				}
			}
		}
		switch {
		case err != nil:
			return err
		case once && failed > 0:
			return fmt.Errorf("%d of %d feeds failed, see above", failed, len(states))
		case once:
			return nil
		}
		if err := sleep(ctx, every); err != nil {
			return err
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// report tells of a record skipped (or a feed failed) while reading.
func (in *ingester) report(err error) { in.con.printf("sitrep ingest: %v\n", err) }

// read reads records with opt and hands each to fn.
type read func(ctx context.Context, opt ingest.Options, fn func(ingest.Record) error) error

// coded is what became of one record before storing.
type coded struct {
	doc    store.Doc
	known  bool  // its text is already stored
	err    error // it holds no document
	broken error // the store could not be asked: stops the run
}

// run ingests what read reads. When ctx is done it stops reading, but the
// documents already read are still coded and stored.
func (in *ingester) run(ctx context.Context, t *tally, read read) error {
	stop := in.con.live(t.String)
	defer stop()
	opt := ingest.Options{Stdin: in.stdin, OnError: in.report, Stats: t.stats}
	// Asking the store must not fail for Ctrl-C: what was read is finished.
	ask := context.WithoutCancel(ctx)

	// One batch is stored while the next fills.
	batches := make(chan []store.Doc, 1)
	var storing sync.WaitGroup
	var storeErr error
	var failed atomic.Bool
	storing.Go(func() {
		for batch := range batches {
			if storeErr == nil {
				if storeErr = in.put(ask, t, batch); storeErr != nil {
					failed.Store(true)
				}
			}
		}
	})
	batch := make([]store.Doc, 0, in.batch)
	last := time.Now()
	send := func() {
		if len(batch) > 0 {
			batches <- batch
			batch = make([]store.Doc, 0, in.batch)
		}
		last = time.Now()
	}
	err := ordered(ctx,
		func(yield func(ingest.Record) error) error { return read(ctx, opt, yield) },
		func(rec ingest.Record) coded { return in.code(ask, rec) },
		func(c coded) error {
			switch {
			case failed.Load():
				return errStoring
			case c.broken != nil:
				return c.broken
			case c.err != nil:
				t.unread.Add(1)
				in.report(c.err)
				return nil
			case c.known:
				t.known.Add(1)
				return nil
			}
			for _, w := range c.doc.Document.Warnings {
				in.con.printf("sitrep ingest: %s: %s\n", c.doc.Document.Source, w)
			}
			batch = append(batch, c.doc)
			// A slow source (a feed) still gets its documents stored
			// every few seconds.
			if len(batch) >= in.batch || time.Since(last) > 2*time.Second {
				send()
			}
			return nil
		})
	send()
	close(batches)
	storing.Wait()
	switch {
	case storeErr != nil:
		err = storeErr
	case err == nil:
		// A reader blocked on its input may have ended without noticing.
		err = ctx.Err()
	}
	return err
}

// errStoring stops reading when storing failed; the error is the store's.
var errStoring = errors.New("storing failed")

// put stores a batch in one transaction and counts what became of it.
func (in *ingester) put(ctx context.Context, t *tally, batch []store.Doc) error {
	start := time.Now()
	puts, err := in.store.PutDocuments(ctx, batch)
	t.storing.Add(int64(time.Since(start)))
	if err != nil {
		return err
	}
	for _, p := range puts {
		switch {
		case p.Err != nil:
			t.refused.Add(1)
			in.report(p.Err)
		case p.Stored:
			t.stored.Add(1)
			t.events.Add(int64(p.Events))
		default:
			t.known.Add(1) // the same text twice in a batch
		}
	}
	return nil
}

// code makes a document of rec and codes it, unless its text is stored.
func (in *ingester) code(ctx context.Context, rec ingest.Record) coded {
	d, err := in.reader.Read(rec)
	if err != nil {
		return coded{err: err}
	}
	known, err := in.store.HasDocument(ctx, d.Hash)
	switch {
	case err != nil:
		return coded{broken: fmt.Errorf("%s: %w", d.Source, err)}
	case known:
		return coded{known: true}
	}
	c := coded{doc: store.Doc{Document: d, Events: in.coder.Code(d)}}
	store.Prepare(&c.doc)
	return c
}

// ordered calls work on all cores for each item produce yields and hands
// the results to consume one at a time, in the order produced. An error
// of produce or consume stops it and is returned; results of items
// already produced are consumed all the same unless consume failed.
func ordered[In, Out any](ctx context.Context, produce func(yield func(In) error) error, work func(In) Out, consume func(Out) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		in  In
		out chan Out
	}
	n := runtime.GOMAXPROCS(0)
	jobs := make(chan job, 2*n)
	// Bounds the items in flight, and so the memory held.
	results := make(chan chan Out, 32*n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for j := range jobs {
				j.out <- work(j.in)
			}
		})
	}
	produced := make(chan error, 1)
	go func() {
		defer close(results)
		defer close(jobs)
		produced <- produce(func(in In) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			out := make(chan Out, 1)
			select {
			case results <- out:
			case <-ctx.Done():
				return ctx.Err()
			}
			jobs <- job{in, out}
			return nil
		})
	}()
	var err error
	for out := range results {
		r := <-out
		if err == nil {
			if err = consume(r); err != nil {
				cancel()
			}
		}
	}
	wg.Wait()
	if perr := <-produced; err == nil {
		err = perr
	}
	return err
}

// tally counts what became of the records of a run.
type tally struct {
	start                 time.Time
	stats                 *ingest.Stats
	skipped0, bytes0      int64 // of stats, when it is shared by runs
	stored, known, events atomic.Int64
	unread, refused       atomic.Int64 // not documents; refused by the store
	storing               atomic.Int64 // nanoseconds spent in the store, for benchmarks
}

func newTally(stats *ingest.Stats) *tally {
	if stats == nil {
		stats = new(ingest.Stats)
	}
	return &tally{start: time.Now(), stats: stats, skipped0: stats.Skipped.Load(), bytes0: stats.Bytes.Load()}
}

// failed counts the records skipped by the reader, holding no document or
// refused by the store.
func (t *tally) failed() int64 {
	return t.stats.Skipped.Load() - t.skipped0 + t.unread.Load() + t.refused.Load()
}

func (t *tally) String() string {
	stored, known, failed := t.stored.Load(), t.known.Load(), t.failed()
	secs := time.Since(t.start).Seconds()
	return fmt.Sprintf("%d records: %d stored, %d already stored, %d failed; %d events; %.1f MB read in %.1fs, %.0f docs/s",
		stored+known+failed, stored, known, failed, t.events.Load(), float64(t.stats.Bytes.Load()-t.bytes0)/1e6, secs, float64(stored+known+failed)/max(secs, 1e-3))
}

// console writes messages to stderr and, when stderr is a terminal,
// keeps a progress line below them.
type console struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	showing  bool // the progress line is on screen
}

func newConsole(w io.Writer) *console {
	f, ok := w.(*os.File)
	return &console{w: w, terminal: ok && isTerminal(f)}
}

func (c *console) printf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clear()
	fmt.Fprintf(c.w, format, args...)
}

func (c *console) clear() {
	if c.showing {
		io.WriteString(c.w, "\r\033[K")
		c.showing = false
	}
}

// live shows status() a few times a second until stop is called; on
// anything but a terminal it shows nothing.
func (c *console) live(status func() string) (stop func()) {
	if !c.terminal {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			c.mu.Lock()
			fmt.Fprintf(c.w, "\r%s\033[K", status())
			c.showing = true
			c.mu.Unlock()
		}
	})
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			wg.Wait()
			c.mu.Lock()
			c.clear()
			c.mu.Unlock()
		})
	}
}
