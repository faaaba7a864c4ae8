package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/sitrep/sitrep/internal/code"
	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/store"
)

// Store is what the ingester needs of a store.
type Store interface {
	HasDocument(ctx context.Context, hash string) (bool, error)
	PutDocuments(ctx context.Context, docs []store.Doc) ([]store.Put, error)
	EachDocument(ctx context.Context, fn func(document.Document) error) error
	ReplaceDocuments(ctx context.Context, docs []store.Doc) ([]store.Changes, error)
	Feed(ctx context.Context, url string) (store.Feed, error)
	PutFeed(ctx context.Context, f store.Feed) error
}

// Ingester reads, codes and stores documents: records are read in order,
// made documents of and coded on all cores, and stored in batches of one
// transaction each, in the order read, so that a run gives the same store
// however its work was scheduled.
type Ingester struct {
	Store  Store
	Reader *document.Reader
	Coder  *code.Coder
	Batch  int       // documents per transaction; 0 means 2000 (fewer, larger commits: each rewrites the index pages it touched)
	Stdin  io.Reader // read for "-" or when no paths are given
	// Report is told of every record skipped, document refused and feed
	// failed; Warn of what the document stage noticed in a stored one.
	// Both are called from one goroutine at a time.
	Report func(error)
	Warn   func(source, warning string)
}

func (in *Ingester) batch() int {
	if in.Batch > 0 {
		return in.Batch
	}
	return 2000
}

func (in *Ingester) report(err error) {
	if in.Report != nil {
		in.Report(err)
	}
}

// Files ingests files, folders and archives (stdin when none), counting in t.
func (in *Ingester) Files(ctx context.Context, t *Tally, paths []string) error {
	t.total = ingest.Size(paths)
	err := in.run(ctx, t, func(ctx context.Context, opt ingest.Options, fn func(ingest.Record) error) error {
		return ingest.Walk(ctx, paths, opt, fn)
	})
	if err != nil {
		return err
	}
	if n := t.Failed(); n > 0 {
		return fmt.Errorf("%d record(s) failed, see above", n)
	}
	return nil
}

// Feeds is a poller of feeds whose state is kept in the store.
type Feeds struct {
	in     *Ingester
	poller *ingest.Poller
	stats  ingest.Stats
	states []ingest.FeedState
}

// Feeds loads what the store remembers of the feeds at urls.
func (in *Ingester) Feeds(ctx context.Context, urls []string, fo ingest.FeedOptions) (*Feeds, error) {
	f := &Feeds{in: in, states: make([]ingest.FeedState, len(urls))}
	for i, u := range urls {
		st, err := in.Store.Feed(ctx, u)
		if err != nil {
			return nil, err
		}
		if f.states[i], err = FeedState(st); err != nil {
			return nil, err
		}
	}
	f.poller = ingest.NewPoller(ingest.Options{OnError: in.report, Stats: &f.stats}, fo)
	return f, nil
}

// NewTally returns a tally for one poll: the feeds' read counts go on from poll to poll.
func (f *Feeds) NewTally() *Tally { return NewTally(&f.stats) }

// Poll polls every feed once and stores what is new. What the poller
// remembers of each feed (validators, items handled) is saved only once
// the documents of the poll are stored, so that an item is never
// remembered but lost. It returns how many feeds failed.
func (f *Feeds) Poll(ctx context.Context, t *Tally) (failed int, err error) {
	err = f.in.run(ctx, t, func(ctx context.Context, _ ingest.Options, fn func(ingest.Record) error) error {
		var err error
		f.states, err = f.poller.Poll(ctx, f.states, fn)
		return err
	})
	for _, st := range f.states {
		if st.Failures > 0 {
			failed++
		}
	}
	if err == nil || errors.Is(err, context.Canceled) {
		now := time.Now()
		for _, st := range f.states {
			if perr := f.in.Store.PutFeed(context.WithoutCancel(ctx), StoredFeed(st, now)); perr != nil {
				return failed, errors.Join(err, perr)
			}
		}
	}
	return failed, err
}

// FeedState is what the poller takes of a feed's stored state.
func FeedState(st store.Feed) (ingest.FeedState, error) {
	fs := ingest.FeedState{URL: st.URL, ETag: st.ETag, LastModified: st.LastModified, Seen: st.Seen, Failures: st.Failures}
	if st.Pending != nil {
		if err := json.Unmarshal(st.Pending, &fs.Pending); err != nil {
			return fs, fmt.Errorf("feed %s: the stored pending items: %w", st.URL, err)
		}
	}
	return fs, nil
}

// StoredFeed is the state to store of a feed the poller polled at now.
func StoredFeed(st ingest.FeedState, now time.Time) store.Feed {
	s := store.Feed{URL: st.URL, ETag: st.ETag, LastModified: st.LastModified, Checked: now, Seen: st.Seen, Failures: st.Failures}
	if len(st.Pending) > 0 {
		s.Pending, _ = json.Marshal(st.Pending) // plain data: cannot fail
	}
	return s
}

// Len is the number of feeds.
func (f *Feeds) Len() int { return len(f.states) }

// Pending counts the items whose page is to be tried again.
func (f *Feeds) Pending() int {
	n := 0
	for _, st := range f.states {
		n += len(st.Pending)
	}
	return n
}

// read reads records with opt and hands each to fn.
type read func(ctx context.Context, opt ingest.Options, fn func(ingest.Record) error) error

// coded is what became of one record before storing.
type coded struct {
	doc    store.Doc
	known  bool  // its text is already stored
	err    error // it holds no document
	broken error // the store could not be asked: stops the run
}

// errStoring stops reading when storing failed; the error is the store's.
var errStoring = errors.New("storing failed")

// run ingests what read reads. When ctx is done it stops reading, but the
// documents already read are still coded and stored.
func (in *Ingester) run(ctx context.Context, t *Tally, read read) error {
	opt := ingest.Options{Stdin: in.Stdin, OnError: in.report, Stats: t.stats}
	// Asking the store must not fail for Ctrl-C: what was read is finished.
	ask := context.WithoutCancel(ctx)
	b := NewBatcher(in.batch(), 2*time.Second, func(batch []store.Doc) error { return in.put(ask, t, batch) })
	err := Map(ctx, 0,
		func(yield func(ingest.Record) error) error { return read(ctx, opt, yield) },
		func(rec ingest.Record) coded { return in.code(ask, rec) },
		func(c coded) error {
			switch {
			case b.Err() != nil:
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
			if in.Warn != nil {
				for _, w := range c.doc.Document.Warnings {
					in.Warn(c.doc.Document.Source, w)
				}
			}
			return b.Add(c.doc)
		})
	switch storeErr := b.Close(); {
	case storeErr != nil:
		err = storeErr
	case err == nil:
		// A reader blocked on its input may have ended without noticing.
		err = ctx.Err()
	}
	return err
}

// put stores a batch in one transaction and counts what became of it.
func (in *Ingester) put(ctx context.Context, t *Tally, batch []store.Doc) error {
	start := time.Now()
	puts, err := in.Store.PutDocuments(ctx, batch)
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
func (in *Ingester) code(ctx context.Context, rec ingest.Record) coded {
	d, err := in.Reader.Read(rec)
	if err != nil {
		return coded{err: err}
	}
	known, err := in.Store.HasDocument(ctx, d.Hash)
	switch {
	case err != nil:
		return coded{broken: fmt.Errorf("%s: %w", d.Source, err)}
	case known:
		return coded{known: true}
	}
	rd := in.Coder.Read(d)
	if rd.Note != "" && in.Warn != nil {
		d.Warnings = append(d.Warnings, rd.Note) // told when the document is stored
	}
	c := coded{doc: store.Doc{Document: d, Events: rd.Events}}
	store.Prepare(&c.doc)
	return c
}

// Reprocess codes every stored document again, on all cores, and replaces
// its events in batches, in storage order; changed is told what changed in
// each document. When ctx is done it stops reading, and what was coded is
// still stored.
func (in *Ingester) Reprocess(ctx context.Context, t *Redo, changed func(docID string, ch store.Changes)) error {
	finish := context.WithoutCancel(ctx)
	b := NewBatcher(in.batch(), 0, func(batch []store.Doc) error {
		changes, err := in.Store.ReplaceDocuments(finish, batch)
		if err != nil {
			return err
		}
		for i, ch := range changes {
			t.count(ch)
			if ch.Err != nil {
				in.report(ch.Err)
				continue
			}
			changed(batch[i].Document.ID, ch)
		}
		return nil
	})
	err := Map(ctx, 0,
		func(yield func(document.Document) error) error { return in.Store.EachDocument(ctx, yield) },
		func(d document.Document) store.Doc { return store.Doc{Document: d, Events: in.Coder.Code(d)} },
		b.Add)
	if berr := b.Close(); berr != nil {
		err = berr
	}
	return err
}

// Records ingests the records gen yields (a generated stream, as for
// benchmarks), counting in t, as Files does files.
func (in *Ingester) Records(ctx context.Context, t *Tally, gen func(yield func(ingest.Record) error) error) error {
	return in.run(ctx, t, func(ctx context.Context, _ ingest.Options, fn func(ingest.Record) error) error {
		return gen(fn)
	})
}
