package pipeline

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateControl = flag.Bool("update", false, "rewrite testdata/control/control.golden from what sitrep reads now")

// Invented reports of places changing hands, ingested into a real store,
// and who holds what on a few days: a capture claimed by its side and then
// confirmed by residents in another outlet, the recapture, a withdrawal
// handing a town over (the direction is the withdrawal's, not actor 1
// taking it), a withdrawal naming no new holder, villagers "taking
// control" of a hill (no holder), and a capture recalled from years ago
// in a page about a museum (background: no change). The holding fades
// to stale when no report has told of it for control_stale_days.
func TestControlGolden(t *testing.T) {
	ctx := context.Background()
	in, s := newIngester(t)
	if err := in.Files(ctx, NewTally(nil), []string{filepath.Join("testdata", "control", "reports.jsonl")}); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, date := range []string{"2024-02-29", "2024-03-01", "2024-03-12", "2024-04-10", "2024-04-25", "2024-06-30"} {
		changes, err := s.ControlOn(ctx, date)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "on %s: %d places\n", date, len(changes))
		for _, c := range changes {
			to := c.To
			if to == "" {
				to = "(left, no new holder)"
			}
			fmt.Fprintf(&b, "  %s: %s, from %q, since %s, as of %s (%d days), stale %v\n    %s\n",
				c.Location, to, c.From, c.Since, c.AsOf, c.AgeDays, c.Stale, c.Basis)
		}
	}
	path := filepath.Join("testdata", "control", "control.golden")
	if *updateControl {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./internal/pipeline -run ControlGolden -update writes it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("control differs from %s (-update rewrites it):\n%s", path, got)
	}
}
