package benchmark

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/backend"
	"github.com/sitrep/sitrep/internal/paths"
	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/internal/pipeline"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestIngest: the ingest benchmark stores made-up articles of about seven
// events each into SQLite and reports a rate per stretch.
// SITREP_BENCH_DOCS sets how many (a measurement rather than a test).
// SITREP_BENCH_STORE names a store to go on from, copied first (it must
// hold the stream's first documents and no others, as `sitrep bench
// ingest --docs N` leaves it): so a profile shows a grown store's costs.
// SITREP_BENCH_HEAPPROFILE names a file for a heap profile at the end.
// SITREP_BENCH_EVERY sets the stretch, SITREP_BENCH_BATCH the documents a
// transaction (else a fifth of a stretch, at most 500).
func TestIngest(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if from := os.Getenv("SITREP_BENCH_STORE"); from != "" {
		body, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(db, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	testIngest(t, db)
}

// TestIngestPostgres: the same into PostgreSQL, by URL as `sitrep bench
// ingest --db postgres://…` opens it (skipped without the server).
func TestIngestPostgres(t *testing.T) {
	testIngest(t, pgtest.DB(t))
}

// newIngester opens the store at db (a path or a PostgreSQL URL) and an
// ingester of the default reader and coder onto it; the caller closes the
// store.
func newIngester(t *testing.T, db string, batch int) (*pipeline.Ingester, backend.Store) {
	t.Helper()
	st := pipeline.NewStack(paths.Dirs{Data: t.TempDir()})
	rd, err := st.Reader()
	if err != nil {
		t.Fatal(err)
	}
	coder, err := st.Coder()
	if err != nil {
		t.Fatal(err)
	}
	s, err := backend.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return &pipeline.Ingester{Store: s, Reader: rd, Coder: coder, Batch: batch}, s
}

func testIngest(t *testing.T, db string) {
	ctx := context.Background()
	in, s := newIngester(t, db, 500)
	defer s.Close()
	a, err := NewArticles(1)
	if err != nil {
		t.Fatal(err)
	}
	n := 400
	if testing.Short() {
		n = 100
	}
	if v := os.Getenv("SITREP_BENCH_DOCS"); v != "" {
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatal(err)
		}
	}
	every := n / 2
	if v := os.Getenv("SITREP_BENCH_EVERY"); v != "" {
		if every, err = strconv.Atoi(v); err != nil {
			t.Fatal(err)
		}
	}
	c0, err := s.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	// Stretches end at a stored batch: small ones need small batches.
	in.Batch = min(500, max(1, every/5))
	if v := os.Getenv("SITREP_BENCH_BATCH"); v != "" {
		if in.Batch, err = strconv.Atoi(v); err != nil {
			t.Fatal(err)
		}
	}
	if err := ingestFrom(ctx, &out, nil, in, a, c0.Documents, n, every); err != nil {
		t.Fatal(err)
	}
	t.Log(out.String())
	if p := os.Getenv("SITREP_BENCH_HEAPPROFILE"); p != "" {
		// What the writer holds live once the store has grown: the index
		// and the rest, before the store is closed.
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		if err := pprof.WriteHeapProfile(f); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	// The stretches (read every 200 ms, so a short run may merge them),
	// the total and, after two stretches or more, the last stretch's.
	if got, most := strings.Count(out.String(), "docs/s"), (n+every-1)/every+2; got < 2 || got > most || !strings.Contains(out.String(), "total: "+strconv.Itoa(n)+" documents stored") {
		t.Errorf("%d rates reported, want 2 to %d:\n%s", got, most, out.String())
	}
	c, err := s.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c.Documents, c.Events, c.Incidents = c.Documents-c0.Documents, c.Events-c0.Events, c.Incidents-c0.Incidents
	if c.Documents != n || c.Events < 5*n || c.Events > 9*n || c.Incidents >= c.Events {
		t.Errorf("%d documents with %d events in %d incidents stored, want %d with about 7 each, fused", c.Documents, c.Events, c.Incidents, n)
	}
}
