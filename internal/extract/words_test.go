package extract_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/gazetteer"
)

// killed is how many the first mention of in says were killed, -1 for none.
func killed(t *testing.T, x *extract.Extractor, in string) int {
	t.Helper()
	r := x.Extract(extract.Input{Text: in, Published: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)})
	if len(r.Mentions) == 0 {
		t.Fatalf("%q: no mention", in)
	}
	if k := r.Mentions[0].Killed; k != nil {
		return k.Low
	}
	return -1
}

// The user's words.txt adds to the word classes: a person noun the default
// lacks makes "a glazier" one victim.
func TestUserWords(t *testing.T) {
	const in = "Gunmen shot dead a glazier near the market."
	if n := killed(t, x, in); n != -1 {
		t.Fatalf("default words: %q killed %d, want no count (glazier is no person noun yet)", in, n)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, extract.WordsFile), []byte("[person]\nglazier | cobbler\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ux, err := extract.New(gazetteer.Default(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := killed(t, ux, in); n != 1 {
		t.Fatalf("with the user's person nouns: %q killed %d, want 1", in, n)
	}

	for _, bad := range []string{"[persons]\ntailor\n", "[person]\nmaster tailor\n", "tailor\n"} {
		if err := os.WriteFile(filepath.Join(dir, extract.WordsFile), []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := extract.New(gazetteer.Default(), dir)
		if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, extract.WordsFile)) {
			t.Errorf("user file %q: error %v, want one naming the file", bad, err)
		}
	}
}
