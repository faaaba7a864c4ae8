package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/store"
)

// Files read, coded and stored in a real store; a file that holds no
// document is reported and counted, and the same text twice is stored once.
func TestIngesterFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	reports := map[string]string{
		"a.txt": "On 4 May 2022, militants ambushed an army convoy near Kidal, killing six soldiers.",
		"b.txt": "Police fired tear gas at traders protesting new taxes in Kano on 9 June 2022.",
		"c.txt": "On 4 May 2022, militants ambushed an army convoy near Kidal, killing six soldiers.", // a's text again
		"d.bin": "\x00\x01\x02\x03binary",
	}
	for name, body := range reports {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in, s := newIngester(t)
	var reported []string
	in.Batch, in.Report = 2, func(err error) { reported = append(reported, err.Error()) }
	tally := NewTally(nil)
	err := in.Files(ctx, tally, []string{dir})
	if err == nil || !strings.Contains(err.Error(), "1 record(s) failed") {
		t.Fatalf("err = %v", err)
	}
	if tally.Stored() != 2 || tally.Known() != 1 || tally.Failed() != 1 || tally.Events() < 2 {
		t.Fatalf("tally %v", tally)
	}
	if len(reported) != 1 || !strings.Contains(reported[0], "d.bin") {
		t.Fatalf("reported %q", reported)
	}
	if !strings.Contains(tally.String(), "100% of") {
		t.Errorf("no progress against the known size: %s", tally)
	}
	c, err := s.Count(ctx)
	if err != nil || c.Documents != 2 {
		t.Fatalf("stored %+v, %v", c, err)
	}
	// Reprocessing with the same reading changes nothing.
	redo := NewRedo(c.Documents)
	changed := 0
	if err := in.Reprocess(ctx, redo, func(string, store.Changes) { changed++ }); err != nil {
		t.Fatal(err)
	}
	if redo.docs.Load() != 2 || redo.changedDocs.Load() != 0 {
		t.Fatalf("reprocess: %v", redo)
	}
}
