package code_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/code/codetest"
	"github.com/sitrep/sitrep/internal/document"
)

// TestSnippets reads short one-event reports of every sub-event type, of
// many theatres, and checks that the first event coded from each has the
// sub-type its label gives: the convention families at a glance, as a
// labelled snippet set scores them.
func TestSnippets(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "snippets.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	coder := codetest.Coder(t)
	published := time.Date(2022, 6, 15, 0, 0, 0, 0, time.UTC)
	sc := bufio.NewScanner(f)
	n, right := 0, 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		label, report, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("snippets.tsv: no tab in %q", line)
		}
		known := strings.HasPrefix(label, "!")
		label = strings.TrimPrefix(label, "!")
		got := "no event"
		if evs := coder.Code(document.Document{Text: report, Published: published}); len(evs) > 0 {
			got = string(evs[0].SubEventType)
		}
		n++
		switch {
		case got == label:
			right++
			if known {
				t.Logf("now read right, remove its mark: %s", report)
			}
		case !known:
			t.Errorf("%q: read as %s, want %s", report, got, label)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d of %d snippets read with their sub-type", right, n)
}
