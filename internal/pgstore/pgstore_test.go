package pgstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func open(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), pgtest.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func sqlite(t testing.TB, docs []store.Doc, batch int) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for i := 0; i < len(docs); i += batch {
		if _, err := s.PutDocuments(ctx, docs[i:min(len(docs), i+batch)]); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestSameAsSQLite: the same documents stored in the same order in
// SQLite and in PostgreSQL give the same answers to every question, with
// the built-in index and, where the server has it, with PostGIS.
func TestSameAsSQLite(t *testing.T) {
	docs := storetest.Docs("d", 1, 240)
	want := sqlite(t, storetest.Copy(docs), 40)
	url := pgtest.DB(t)
	ctx := context.Background()
	for _, postgis := range []bool{false, true} {
		t.Run(fmt.Sprintf("postgis=%v", postgis), func(t *testing.T) {
			got, err := openStore(ctx, url, postgis)
			if err != nil {
				t.Fatal(err)
			}
			defer got.Close()
			if postgis && !got.PostGIS() {
				t.Skip("the server has no PostGIS (apt install postgresql-postgis)")
			}
			if !postgis {
				for i := 0; i < len(docs); i += 40 {
					if _, err := got.PutDocuments(ctx, storetest.Copy(docs[i:i+40])); err != nil {
						t.Fatal(err)
					}
				}
			}
			storetest.Compare(t, want, got)
		})
	}
}

// TestConcurrentWriters: four writers storing batches of the same
// documents at once, in no particular order, end with the store one
// writer makes in order: the same incidents, the same listing order.
func TestConcurrentWriters(t *testing.T) {
	docs := storetest.Docs("c", 2, 240)
	for i := range docs {
		docs[i].Order = store.Order{Source: "test", Seq: uint64(i + 1)}
	}
	want := sqlite(t, storetest.Copy(docs), 40)
	got := open(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	const writers = 4
	for w := range writers {
		wg.Go(func() {
			// Writer w takes every fourth batch of 5, from the end.
			for i := len(docs) - 5*(w+1); i >= 0; i -= 5 * writers {
				if _, err := got.PutDocuments(ctx, storetest.Copy(docs[i:i+5])); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	storetest.Compare(t, want, got)
}

// TestReplaceSameAsSQLite: a new reading of stored documents (events
// changed, removed, added) replaces them in PostgreSQL as in SQLite: the
// same changes, the same incidents dissolved and fused again.
func TestReplaceSameAsSQLite(t *testing.T) {
	ctx := context.Background()
	docs := storetest.Docs("r", 3, 120)
	want := sqlite(t, storetest.Copy(docs), 30)
	got := open(t)
	if _, err := got.PutDocuments(ctx, storetest.Copy(docs)); err != nil {
		t.Fatal(err)
	}
	// Every third document read anew: its first event moved a day, its
	// last one dropped, one added.
	var again []store.Doc
	for i := 0; i < len(docs); i += 3 {
		d := storetest.Copy(docs[i : i+1])[0]
		evs := d.Events
		for j := range evs {
			evs[j].ID = fmt.Sprintf("%s:%d", d.Document.ID, j)
		}
		if day, ok := fuse.Day(evs[0].EventDate); ok {
			evs[0].EventDate = fuse.DateOf(day + 1)
		}
		if len(evs) > 1 {
			evs = evs[:len(evs)-1]
		}
		extra := docs[(i+7)%len(docs)].Events[0]
		extra.ID, extra.DocID = d.Document.ID+":new", ""
		d.Events = append(evs, extra)
		again = append(again, d)
	}
	cw, err1 := want.ReplaceDocuments(ctx, storetest.Copy(again))
	cg, err2 := got.ReplaceDocuments(ctx, storetest.Copy(again))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	for i := range cw {
		a, b := fmt.Sprintf("%+v", cw[i]), fmt.Sprintf("%+v", cg[i])
		if a != b {
			t.Errorf("document %s: changes %s, SQLite %s", again[i].Document.ID, b, a)
		}
	}
	storetest.Compare(t, want, got)
}

// Full-text queries in FTS5's syntax: what SQLite takes, PostgreSQL
// takes, and what it refuses, PostgreSQL refuses.
func TestFullTextSyntax(t *testing.T) {
	ctx := context.Background()
	docs := storetest.Docs("f", 4, 30)
	want := sqlite(t, storetest.Copy(docs), 30)
	got := open(t)
	if _, err := got.PutDocuments(ctx, storetest.Copy(docs)); err != nil {
		t.Fatal(err)
	}
	matched := 0
	defer func() {
		if matched == 0 {
			t.Error("no query matched anything")
		}
	}()
	for _, q := range []string{"convoy", "CONVOY", "Kalvo", "kalv*", `"the worst"`, `"worst in"*`, "convoy bridge", "convoy AND bridge",
		"convoy OR bridge", "convoy NOT bridge", "(convoy OR bridge) AND depot", "convoy OR bridge NOT depot", "title:kalvo", "text:convoy",
		"title:(kalvo OR dernitsa)", `"dispatch 7"`, "dispatch 7", "Steppe_Liberation", "",
		`"unbalanced`, "AND", "convoy AND", "OR bridge", "(convoy", "convoy)", "nosuch:word", "convoy -bridge", "a.b", "(a) b", "NOT a",
		"convoy NOT", "title:", "*", "a**"} {
		for _, f := range []store.Filter{{Query: q}} {
			pw, err1 := want.Events(ctx, f, "", 1000)
			pg, err2 := got.Events(ctx, f, "", 1000)
			if (err1 == nil) != (err2 == nil) {
				t.Errorf("%q: SQLite says %v, PostgreSQL %v", q, err1, err2)
				continue
			}
			if err1 != nil {
				if !errors.Is(err2, store.ErrInvalid) {
					t.Errorf("%q: %v does not wrap ErrInvalid", q, err2)
				}
				continue
			}
			matched += len(pw.Events)
			if len(pw.Events) != len(pg.Events) {
				t.Errorf("%q: %d events, SQLite %d", q, len(pg.Events), len(pw.Events))
			}
		}
	}
}

// TestRawSameAsDecoded: listings and incident pages written from the
// stored bodies are byte for byte those written from decoded events.
func TestRawSameAsDecoded(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	if _, err := s.PutDocuments(ctx, storetest.RawDocs("raw")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutDocuments(ctx, storetest.Docs("plain", 3, 60)); err != nil {
		t.Fatal(err)
	}
	storetest.Raw(t, s)
}
