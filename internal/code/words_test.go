package code_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/internal/code"
	"github.com/sitrep/sitrep/internal/code/codetest"
	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/gazetteer"
)

// The coder reads its word lists from the extractor's words.txt, the
// user's additions included: a trigger the user calls figurative codes
// nothing when nobody is named and nobody hurt.
func TestUserCodingWords(t *testing.T) {
	const in = "The skirmish goes on near Kilifi."
	doc := document.Document{ID: "w", Text: in}
	if evs := codetest.Coder(t).Code(doc); len(evs) == 0 {
		t.Fatalf("default words: %q codes no event, want one", in)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, extract.WordsFile), []byte("[figurative-fight]\nskirmish\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	x, err := extract.New(gazetteer.Default(), dir)
	if err != nil {
		t.Fatal(err)
	}
	coder, err := code.New(x, dir)
	if err != nil {
		t.Fatal(err)
	}
	if evs := coder.Code(doc); len(evs) != 0 {
		t.Errorf("with skirmish figurative: %q codes %d events (%s), want none", in, len(evs), evs[0].SubEventType)
	}
}
