package pgstore

import (
	"context"
	"errors"
	"testing"

	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/internal/store"
)

// FuzzTSQuery: whatever the full-text query, the translation either
// refuses it as the query's fault or gives a tsquery PostgreSQL reads.
func FuzzTSQuery(f *testing.F) {
	for _, q := range []string{"convoy", `"a b"*`, "a OR b NOT c", "title:(x OR y)", `"it''s"`, `a\b`, "'quote", "(", "é*"} {
		f.Add(q)
	}
	s := openFuzz(f)
	f.Fuzz(func(t *testing.T, q string) {
		out, err := tsquery(q)
		if err != nil {
			var qe *store.QueryError
			if !errors.As(err, &qe) || !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("%q: %v is no QueryError", q, err)
			}
			return
		}
		if s == nil {
			return
		}
		var n int
		if err := s.pool.QueryRow(context.Background(), `SELECT numnode($1::tsquery)`, out).Scan(&n); err != nil {
			t.Fatalf("%q → %q: %v", q, out, err)
		}
	})
}

// openFuzz opens a store for the fuzz test to check its translations
// with, nil where there is no server: the translation alone is checked.
func openFuzz(f *testing.F) *Store {
	if pgtest.Bin() == "" {
		return nil
	}
	return open(f)
}
