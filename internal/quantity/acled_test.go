package quantity

import (
	"bufio"
	"encoding/json"
	"github.com/sitrep/sitrep/internal/testenv"
	"os"
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

// acledNotes reads the ACLED notes of ../shared/eval, or skips.
func acledNotes(tb testing.TB) []acledNote {
	path := testenv.Shared(tb, "eval", "acled-dev.jsonl")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var notes []acledNote
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for line := 1; sc.Scan(); line++ {
		var n acledNote
		if err := json.Unmarshal(sc.Bytes(), &n); err != nil {
			tb.Fatalf("%s:%d: %v", path, line, err)
		}
		notes = append(notes, n)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return notes
}

type acledNote struct {
	ID     string
	Text   string
	Events []struct {
		Fatalities int `json:"fatalities"`
	}
}

// TestACLEDFatalities measures, on ACLED notes with one coded event and
// fatalities, how often the coded figure is the low end of a count in the
// note (the figure the extract stage has to choose among them).
func TestACLEDFatalities(t *testing.T) {
	var n, hit int
	for _, note := range acledNotes(t) {
		if len(note.Events) != 1 || note.Events[0].Fatalities == 0 {
			continue
		}
		want := note.Events[0].Fatalities
		n++
		found := false
		for _, s := range text.Analyze(note.Text).Sentences {
			for _, q := range Find(s.Tokens, nil) {
				if q.Kind == Count && q.Low == want {
					found = true
				}
			}
		}
		if found {
			hit++
		} else if os.Getenv("QUANTITY_MISSES") != "" {
			t.Logf("%s want %d: %.160s", note.ID, want, note.Text)
		}
	}
	r := float64(hit) / float64(n)
	t.Logf("%d notes with fatalities: the coded figure is a count's low end in %.3f", n, r)
	// The rest are mostly sums over victims or deaths told without a number.
	if r < 0.75 {
		t.Errorf("coded figure found in %.3f of notes, want ≥ 0.75", r)
	}
}

func BenchmarkFindACLED(b *testing.B) {
	var sents [][]text.Token
	for _, note := range acledNotes(b) {
		for _, s := range text.Analyze(note.Text).Sentences {
			sents = append(sents, s.Tokens)
		}
	}
	l := Default()
	b.ReportAllocs()
	for b.Loop() {
		for _, toks := range sents {
			l.Find(toks, nil)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(sents)), "ns/sentence")
}
