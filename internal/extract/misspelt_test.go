package extract

import (
	"testing"

	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/text"
)

func TestMisspellings(t *testing.T) {
	m := misspellings([]string{"shelling", "storming", "protested", "attacked", "thrashing"}, lexicon.NewVocab(), text.NewSet("trashing"))
	for slip, want := range map[string]string{
		"protestd":  "protested", // a letter dropped from a long word
		"attakced":  "attacked",  // two swapped
		"atttacked": "attacked",  // one doubled
		"selling":   "",          // a dropped letter in a shorter word makes real words
		"storing":   "",
		"trashing":  "", // listed as a real word
		"tattacked": "", // the first letter stays
	} {
		if got := m[slip]; got != want {
			t.Errorf("%q: got %q, want %q", slip, got, want)
		}
	}
}
