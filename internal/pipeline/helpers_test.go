package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/internal/paths"
	"github.com/sitrep/sitrep/internal/store"
)

// newIngester returns an Ingester with the default reading stack writing
// to a new SQLite store in a temporary directory, closed with the test.
func newIngester(t *testing.T) (*Ingester, *store.Store) {
	t.Helper()
	st := NewStack(paths.Dirs{Data: t.TempDir()})
	rd, coder, err := st.Reading()
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &Ingester{Store: s, Reader: rd, Coder: coder}, s
}
