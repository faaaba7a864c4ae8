package pgstore

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

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
// SQLite and in PostgreSQL give the same answers to every question.
func TestSameAsSQLite(t *testing.T) {
	docs := storetest.Docs("d", 1, 240)
	want := sqlite(t, storetest.Copy(docs), 40)
	got := open(t)
	ctx := context.Background()
	for i := 0; i < len(docs); i += 40 {
		if _, err := got.PutDocuments(ctx, storetest.Copy(docs[i:i+40])); err != nil {
			t.Fatal(err)
		}
	}
	storetest.Compare(t, want, got)
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
