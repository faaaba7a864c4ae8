// Package worker runs sitrep on many machines: Enqueue publishes the
// records of files and archives, and requests to poll feeds, to the
// queue; a Worker, run on as many machines as there are, takes them from
// the queue, reads, codes, stores and fuses them, and acknowledges a
// message only once the transaction that stored what it held has
// committed. A message handed out again after a crash is absorbed by the
// document's content hash: stored once, whatever worker got it.
package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sitrep/sitrep/internal/code"
	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/queue"
	"github.com/sitrep/sitrep/internal/store"
)

// Store is what a worker needs of the store.
type Store interface {
	HasDocument(ctx context.Context, hash string) (bool, error)
	PutDocuments(ctx context.Context, docs []store.Doc) ([]store.Put, error)
	Feed(ctx context.Context, url string) (store.Feed, error)
	PutFeed(ctx context.Context, f store.Feed) error
}

// Worker takes work from the queue until its context is done.
type Worker struct {
	Queue  *queue.Queue
	Store  Store
	Reader *document.Reader
	Coder  *code.Coder
	// Batch is how many messages go in one transaction: 50 when 0.
	Batch int
	// Parallel is how many goroutines read and code: GOMAXPROCS when 0.
	Parallel int
	// MaxBackoff bounds the wait between two tries of a store or queue
	// that is away: 30 s when 0.
	MaxBackoff time.Duration
	// Report is told of records that hold no document, documents
	// refused, feeds that failed and of a store or queue away; it may be
	// called from several goroutines.
	Report func(error)
	Stats  Stats

	mu      sync.Mutex
	pollers map[string]*ingest.Poller // by their options: one keeps robots.txt and host delays
}

// Stats counts what a worker did.
type Stats struct {
	Stored, Known, Refused, Unread, Events, Polls, Retries atomic.Int64
}

func (s *Stats) String() string {
	return fmt.Sprintf("%d documents stored (%d events), %d known, %d refused, %d unreadable, %d feeds polled, %d retries",
		s.Stored.Load(), s.Events.Load(), s.Known.Load(), s.Refused.Load(), s.Unread.Load(), s.Polls.Load(), s.Retries.Load())
}

func (w *Worker) report(err error) {
	if w.Report != nil {
		w.Report(err)
	}
}

func (w *Worker) batch() int {
	if w.Batch > 0 {
		return w.Batch
	}
	return 50
}

func (w *Worker) maxBackoff() time.Duration {
	if w.MaxBackoff > 0 {
		return w.MaxBackoff
	}
	return 30 * time.Second
}

// Run takes messages until ctx is done; it returns nil then. What it had
// taken but not stored goes back to the queue for another worker.
func (w *Worker) Run(ctx context.Context) error {
	var cons *queue.Consumer
	pause := w.backoff()
	for ctx.Err() == nil {
		if cons == nil {
			c, err := w.Queue.Consumer(ctx)
			if err != nil {
				w.retry(ctx, pause, err)
				continue
			}
			cons = c
		}
		msgs, err := cons.Fetch(ctx, w.batch(), time.Second, w.report)
		if err != nil {
			if ctx.Err() == nil {
				w.retry(ctx, pause, err)
			}
			continue
		}
		pause.reset()
		var records []queue.Message
		for i := range msgs {
			if msgs[i].Poll != nil {
				w.poll(ctx, &msgs[i])
			} else {
				records = append(records, msgs[i])
			}
		}
		if len(records) > 0 {
			w.store(ctx, records)
		}
	}
	return nil
}

// backoff is a growing pause between tries.
type backoff struct {
	next, max time.Duration
}

func (w *Worker) backoff() *backoff {
	return &backoff{next: 100 * time.Millisecond, max: w.maxBackoff()}
}

func (b *backoff) reset() { b.next = 100 * time.Millisecond }

// retry reports err and waits the pause, which doubles up to its bound.
func (w *Worker) retry(ctx context.Context, b *backoff, err error) {
	w.Stats.Retries.Add(1)
	w.report(fmt.Errorf("%w (trying again in %v)", err, b.next.Round(time.Millisecond)))
	select {
	case <-time.After(b.next):
	case <-ctx.Done():
	}
	b.next = min(2*b.next, b.max)
}

// coded is what became of one record.
type coded struct {
	msg   *queue.Message
	doc   store.Doc
	known bool
	err   error // it holds no document
}

// store reads and codes the records on all cores, stores their documents
// in one transaction, trying again while the store is away, and then
// acknowledges every message.
func (w *Worker) store(ctx context.Context, msgs []queue.Message) {
	stop := busy(msgs, w.Queue.AckWait())
	defer stop()
	results := make([]coded, 0, len(msgs))
	err := pipeline.Map(ctx, w.Parallel,
		func(yield func(*queue.Message) error) error {
			for i := range msgs {
				if err := yield(&msgs[i]); err != nil {
					return err
				}
			}
			return nil
		},
		func(m *queue.Message) coded { return w.code(ctx, m) },
		func(c coded) error {
			results = append(results, c)
			return nil
		})
	if err != nil { // ctx is done: the messages go to another worker
		nakAll(msgs)
		return
	}
	var docs []store.Doc
	var held []*queue.Message // the messages of docs, in order
	for _, c := range results {
		switch {
		case c.err != nil:
			w.Stats.Unread.Add(1)
			w.report(c.err)
			c.msg.Drop()
		case c.known:
			w.Stats.Known.Add(1)
			c.msg.Ack()
		default:
			docs = append(docs, c.doc)
			held = append(held, c.msg)
		}
	}
	if len(docs) == 0 {
		return
	}
	pause := w.backoff()
	for {
		puts, err := w.Store.PutDocuments(ctx, docs)
		if err == nil {
			for i, p := range puts {
				switch {
				case p.Err != nil:
					w.Stats.Refused.Add(1)
					w.report(p.Err)
				case p.Stored:
					w.Stats.Stored.Add(1)
					w.Stats.Events.Add(int64(p.Events))
				default:
					w.Stats.Known.Add(1)
				}
				held[i].Ack()
			}
			return
		}
		if ctx.Err() != nil {
			nakAll(msgs)
			return
		}
		w.retry(ctx, pause, err)
	}
}

// busy tells the queue every third of ackWait that the worker is still
// at work on msgs, until stopped.
func busy(msgs []queue.Message, ackWait time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(ackWait / 3)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				for i := range msgs {
					msgs[i].Busy()
				}
			case <-done:
				return
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

func nakAll(msgs []queue.Message) {
	for i := range msgs {
		msgs[i].Nak(0)
	}
}

// code makes a document of a record and codes it, unless its text is
// stored already.
func (w *Worker) code(ctx context.Context, m *queue.Message) coded {
	d, err := w.Reader.Read(*m.Record)
	if err != nil {
		return coded{msg: m, err: err}
	}
	// A store that cannot say is asked again when storing.
	if known, err := w.Store.HasDocument(ctx, d.Hash); err == nil && known {
		return coded{msg: m, known: true}
	}
	c := coded{msg: m, doc: store.Doc{Document: d, Events: w.Coder.Code(d), Order: store.Order{Source: w.Queue.Source(), Seq: m.Seq}}}
	store.Prepare(&c.doc)
	return c
}

// poll polls one feed: its new items go to the queue as records, for
// any worker to read, and its state to the store; the message is
// acknowledged then. A feed that fails is reported and its failure kept,
// as ingest --feeds keeps it.
func (w *Worker) poll(ctx context.Context, m *queue.Message) {
	stop := busy([]queue.Message{*m}, w.Queue.AckWait())
	defer stop()
	p := m.Poll
	stored, err := w.Store.Feed(ctx, p.URL)
	if err != nil {
		w.report(err)
		m.Nak(time.Second)
		return
	}
	st, err := pipeline.FeedState(stored)
	if err != nil {
		w.report(err)
		m.Drop()
		return
	}
	pub := w.Queue.Publisher()
	states, err := w.poller(p.Options).Poll(ctx, []ingest.FeedState{st}, func(rec ingest.Record) error {
		if err := pub.Record(ctx, rec); err != nil {
			w.report(err)
		}
		return nil
	})
	if err == nil {
		err = pub.Flush(ctx)
	}
	if err != nil {
		w.report(fmt.Errorf("feed %s: %w", p.URL, err))
		m.Nak(time.Second)
		return
	}
	if err := w.Store.PutFeed(ctx, pipeline.StoredFeed(states[0], time.Now())); err != nil {
		w.report(err)
		m.Nak(time.Second)
		return
	}
	w.Stats.Polls.Add(1)
	m.Ack()
}

func (w *Worker) poller(fo ingest.FeedOptions) *ingest.Poller {
	key, _ := json.Marshal(fo)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.pollers == nil {
		w.pollers = map[string]*ingest.Poller{}
	}
	p, ok := w.pollers[string(key)]
	if !ok {
		p = ingest.NewPoller(ingest.Options{OnError: w.report}, fo)
		w.pollers[string(key)] = p
	}
	return p
}

// Enqueued counts what Enqueue published.
type Enqueued struct {
	Records int
	Bytes   int64
	Skipped int
}

// Enqueue publishes the records of paths (files, folders, archives, "-"
// for stdin; stdin when none) to the queue, and waits until the server
// has stored them all. A record that cannot be read, or is too large for
// the server, is reported and skipped.
func Enqueue(ctx context.Context, q *queue.Queue, paths []string, stdin io.Reader, report func(error)) (Enqueued, error) {
	var n Enqueued
	pub := q.Publisher()
	opt := ingest.Options{Stdin: stdin, OnError: func(err error) {
		n.Skipped++
		report(err)
	}}
	err := ingest.Walk(ctx, paths, opt, func(rec ingest.Record) error {
		if err := pub.Record(ctx, rec); err != nil {
			if errors.Is(err, context.Canceled) {
				return err
			}
			n.Skipped++
			report(err)
		}
		return nil
	})
	// What was published before Ctrl-C is waited for all the same.
	ferr := pub.Flush(context.WithoutCancel(ctx))
	n.Records, n.Bytes = pub.Records, pub.Bytes
	return n, errors.Join(err, ferr)
}

// EnqueuePolls asks for each feed to be polled once.
func EnqueuePolls(ctx context.Context, q *queue.Queue, urls []string, fo ingest.FeedOptions) error {
	pub := q.Publisher()
	for _, u := range urls {
		if err := pub.Poll(ctx, queue.Poll{URL: u, Options: fo}); err != nil {
			return err
		}
	}
	return pub.Flush(ctx)
}
