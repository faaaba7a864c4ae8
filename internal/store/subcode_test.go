package store

import (
	"context"
	"testing"

	"github.com/sitrep/sitrep/internal/event"
)

// TestSubCode: the sub-type codes of fusion's r-trees are distinct for
// ACLED's sub-types, exact in 32-bit floats, and what migration 9's SQL
// computes from the name (a store migrated and one written after agree).
func TestSubCode(t *testing.T) {
	s := open(t)
	seen := map[int]event.SubType{}
	for _, sub := range append(event.SubTypes(""), "", "Émeute", "x") {
		code := subCode(sub)
		if o, ok := seen[code]; ok && sub != "" {
			t.Errorf("%q and %q share code %d", sub, o, code)
		}
		seen[code] = sub
		if code < 0 || code >= 1<<24 {
			t.Errorf("%q: code %d is not exact in a 32-bit float", sub, code)
		}
		var sql int
		if err := s.r.QueryRowContext(context.Background(), `SELECT coalesce(length(?1) * 4096 + (unicode(?1) % 64) * 64 + unicode(substr(?1, -1)) % 64, 0)`, string(sub)).Scan(&sql); err != nil {
			t.Fatal(err)
		}
		if sql != code {
			t.Errorf("%q: SQL gives %d, subCode %d", sub, sql, code)
		}
	}
}
