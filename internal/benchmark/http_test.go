package benchmark

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/backend"
)

// TestHTTP: the HTTP benchmark serves a small store of made-up articles
// and reports every scenario at every number of clients, without errors.
// Timings are reported, never held to anything.
func TestHTTP(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "s.db")
	in, s := newIngester(t, db, 20)
	a, err := NewArticles(1)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Ingest(ctx, &out, nil, in, a, 60, 60); err != nil {
		t.Fatal(err)
	}
	s.Close()

	out.Reset()
	if err := HTTP(ctx, &out, nil, HTTPConfig{DB: db, Requests: 20, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	t.Log(out.String())
	plan, err := readHTTPPlan(httpData)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range plan.scenarios {
		if got := strings.Count(out.String(), "  "+sc.name+" "); got != len(plan.clients) {
			t.Errorf("scenario %q reported %d times, want %d (once a number of clients)", sc.name, got, len(plan.clients))
		}
	}
	for _, want := range []string{"store: 60 documents", "load average", "p99 under"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in the report", want)
		}
	}
	for _, bad := range []string{"skipped", "first error"} {
		if strings.Contains(out.String(), bad) {
			t.Errorf("%q in the report", bad)
		}
	}
}

// TestHTTPEmpty: an empty or absent store is refused with the command
// that fills one.
func TestHTTPEmpty(t *testing.T) {
	ctx := context.Background()
	empty := filepath.Join(t.TempDir(), "empty.db")
	s, err := backend.Open(ctx, empty)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, db := range []string{empty, filepath.Join(t.TempDir(), "absent.db")} {
		err := HTTP(ctx, &bytes.Buffer{}, nil, HTTPConfig{DB: db, Requests: 1})
		if err == nil || !strings.Contains(err.Error(), "sitrep bench ingest --docs 100000 --db "+db) {
			t.Errorf("%s: %v, want the command that fills it", db, err)
		}
	}
}

// TestReadHTTPPlan: a broken line of the plan is named.
func TestReadHTTPPlan(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"clients\t1\ntarget\t50ms\nscenario\tx\t/healthz\n", ""},
		{"clients\t1\ntarget\t50ms\nscenario\tx\thealthz\n", "http.txt:3"},
		{"clients\t0\ntarget\t50ms\nscenario\tx\t/healthz\n", "http.txt:1"},
		{"clients\t1\nscenario\tx\t/healthz\n", "lacks"},
	} {
		_, err := readHTTPPlan(c.text)
		if (c.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.text, err, c.want)
		}
	}
}
