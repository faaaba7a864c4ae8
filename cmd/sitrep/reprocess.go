package main

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/store"
)

func runReprocess(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "reprocess", "")
	db := fs.String("db", "", dbUsage)
	batch := fs.Int("batch", 500, "documents replaced per transaction")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "sitrep reprocess: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	if *batch <= 0 {
		fmt.Fprintln(e.stderr, "sitrep reprocess: --batch must be positive")
		return errUsage
	}
	in, err := openIngester(ctx, e, *db, *batch)
	if err != nil {
		return err
	}
	defer in.close()
	defer lessGC(e)()
	before, err := in.store.Count(ctx)
	if err != nil {
		return err
	}
	var t redo
	t.start = time.Now()
	err = in.reprocess(ctx, &t, func(d string, ch store.Changes) {
		if len(ch.Added)+len(ch.Removed)+len(ch.Changed) > 0 {
			fmt.Fprintf(e.stdout, "%s\t%s\n", d, describe(ch))
		}
	})
	after, cerr := in.store.Count(context.WithoutCancel(ctx))
	if cerr == nil {
		in.con.printf("sitrep reprocess: %v; incidents %d → %d\n", &t, before.Incidents, after.Incidents)
	}
	if err != nil {
		return err
	}
	if n := t.refused.Load(); n > 0 {
		return fmt.Errorf("%d document(s) left as they were, see above", n)
	}
	return cerr
}

// describe lists what changed in a document: "+id" added, "-id" removed,
// "~id" changed.
func describe(ch store.Changes) string {
	var parts []string
	for _, l := range []struct {
		mark string
		ids  []string
	}{{"+", ch.Added}, {"-", ch.Removed}, {"~", ch.Changed}} {
		for _, id := range l.ids {
			parts = append(parts, l.mark+id)
		}
	}
	return strings.Join(parts, " ")
}

// redo counts what reprocessing did.
type redo struct {
	start                                    time.Time
	docs, changedDocs, refused               atomic.Int64
	kept, added, removed, changed, dissolved atomic.Int64
}

func (t *redo) String() string {
	secs := time.Since(t.start).Seconds()
	return fmt.Sprintf("%d documents read again, %d changed, %d refused; events: %d kept, %d added, %d removed, %d changed; %d incidents dissolved and fused again; %.1fs, %.0f docs/s",
		t.docs.Load(), t.changedDocs.Load(), t.refused.Load(), t.kept.Load(), t.added.Load(), t.removed.Load(), t.changed.Load(),
		t.dissolved.Load(), secs, float64(t.docs.Load())/max(secs, 1e-3))
}

// reprocess codes every stored document again, on all cores, and replaces
// its events in batches, in storage order; report is told what changed in
// each document. When ctx is done it stops reading, and what was coded is
// still stored.
func (in *ingester) reprocess(ctx context.Context, t *redo, report func(docID string, ch store.Changes)) error {
	stop := in.con.live(t.String)
	defer stop()
	finish := context.WithoutCancel(ctx)
	var batch []store.Doc
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		changes, err := in.store.ReplaceDocuments(finish, batch)
		if err != nil {
			return err
		}
		for i, ch := range changes {
			t.docs.Add(1)
			if ch.Err != nil {
				t.refused.Add(1)
				in.report(ch.Err)
				continue
			}
			t.kept.Add(int64(ch.Unchanged))
			t.added.Add(int64(len(ch.Added)))
			t.removed.Add(int64(len(ch.Removed)))
			t.changed.Add(int64(len(ch.Changed)))
			t.dissolved.Add(int64(ch.Dissolved))
			if len(ch.Added)+len(ch.Removed)+len(ch.Changed) > 0 {
				t.changedDocs.Add(1)
			}
			report(batch[i].Document.ID, ch)
		}
		clear(batch)
		batch = batch[:0]
		return nil
	}
	err := ordered(ctx,
		func(yield func(document.Document) error) error { return in.store.EachDocument(ctx, yield) },
		func(d document.Document) store.Doc { return store.Doc{Document: d, Events: in.coder.Code(d)} },
		func(d store.Doc) error {
			batch = append(batch, d)
			if len(batch) >= in.batch {
				return flush()
			}
			return nil
		})
	if ferr := flush(); err == nil {
		err = ferr
	}
	return err
}
