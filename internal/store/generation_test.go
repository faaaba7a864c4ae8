package store

import (
	"context"
	"testing"
)

// TestGeneration: the number stays while nothing is committed and changes
// with each commit, this store's own or another process's (another Store
// on the same file stands for one).
func TestGeneration(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	gen := func(s *Store) uint64 {
		t.Helper()
		g, err := s.Generation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	g0 := gen(s)
	if g := gen(s); g != g0 {
		t.Errorf("generation %d then %d with no commit between", g0, g)
	}
	if _, err := s.PutDocuments(ctx, []Doc{genDoc(1)}); err != nil {
		t.Fatal(err)
	}
	g1 := gen(s)
	if g1 == g0 {
		t.Errorf("generation %d before and after a commit", g1)
	}
	other, err := Open(ctx, s.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.PutDocuments(ctx, []Doc{genDoc(2)}); err != nil {
		t.Fatal(err)
	}
	if g := gen(s); g == g1 {
		t.Errorf("generation %d before and after another store's commit", g)
	}
}
