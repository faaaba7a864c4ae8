package benchmark

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/paths"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/store"
)

// TestIngest: the ingest benchmark stores made-up articles of about seven
// events each and reports a rate per stretch.
func TestIngest(t *testing.T) {
	ctx := context.Background()
	st := pipeline.NewStack(paths.Dirs{Data: t.TempDir()})
	rd, err := st.Reader()
	if err != nil {
		t.Fatal(err)
	}
	coder, err := st.Coder()
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := NewArticles(1)
	if err != nil {
		t.Fatal(err)
	}
	n := 400
	if p := os.Getenv("SITREP_BENCH_DOCS"); p != "" {
		n, _ = strconv.Atoi(p)
	}
	if testing.Short() {
		n = 100
	}
	var out bytes.Buffer
	in := &pipeline.Ingester{Store: s, Reader: rd, Coder: coder, Batch: 100}
	if err := Ingest(ctx, &out, nil, in, a, n, n/2); err != nil {
		t.Fatal(err)
	}
	t.Log(out.String())
	if got := strings.Count(out.String(), "docs/s"); got != 3 { // two stretches and the total
		t.Errorf("%d rates reported, want 3:\n%s", got, out.String())
	}
	c, err := s.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Documents != n || c.Events < 5*n || c.Events > 9*n || c.Incidents >= c.Events {
		t.Errorf("%d documents with %d events in %d incidents stored, want %d with about 7 each, fused", c.Documents, c.Events, c.Incidents, n)
	}
}
