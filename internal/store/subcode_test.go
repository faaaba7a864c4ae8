package store

import (
	"context"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/event"
)

// TestSubCode: the sub-type codes of fusion's r-trees are distinct for
// ACLED's sub-types, exact in 32-bit floats, and what migration 10's SQL
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
		// The expression of migration 10, read from it.
		if err := s.r.QueryRowContext(context.Background(), `SELECT `+subCodeSQL(t)+` FROM (SELECT ? AS sub_event_type) e`, string(sub)).Scan(&sql); err != nil {
			t.Fatal(err)
		}
		if sql != code {
			t.Errorf("%q: SQL gives %d, subCode %d", sub, sql, code)
		}
	}
}

// subCodeSQL is the CASE expression migration 10 computes codes with.
func subCodeSQL(t *testing.T) string {
	body, err := migrations.ReadFile("migrations/0010_fusion_rtrees.sql")
	if err != nil {
		t.Fatal(err)
	}
	s := string(body)
	i := strings.Index(s, "CASE e.sub_event_type")
	j := strings.Index(s[i:], " END")
	if i < 0 || j < 0 {
		t.Fatal("migration 10 computes no code")
	}
	return s[i : i+j+4]
}
