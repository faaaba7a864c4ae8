package lexicon

import (
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

func TestMatcher(t *testing.T) {
	m := NewMatcher[string]()
	for _, p := range []string{"al-Shabaab", "IS", "pro-government forces", "government forces", "shot dead", "Islamic State", "tear gas"} {
		m.Add(p, p)
	}
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Al Shabaab militants were shot dead", []string{"al-Shabaab", "shot dead"}},
		{"al-Shabaab fighters", []string{"al-Shabaab"}},
		{"Pro-government forces advanced", []string{"pro-government forces"}},
		{"the government forces advanced", []string{"government forces"}},
		{"it is over; IS fighters and ISIS", []string{"IS"}},
		{"Islamic State claimed it", []string{"Islamic State"}},
		{"islamic state claimed it", nil}, // capitalised phrase needs capitals
		{"police fired tear-gas", []string{"tear gas"}},
		{"al-Shabaab-linked men", nil},
	} {
		s := text.Analyze(c.in).Sentences[0]
		var got []string
		for _, mt := range m.All(Prepare(s.Tokens)) {
			got = append(got, mt.Value)
		}
		if len(got) != len(c.want) {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: got %q, want %q", c.in, got, c.want)
			}
		}
	}
}

func BenchmarkMatcher(b *testing.B) {
	m := NewMatcher[int]()
	lines, _ := Read("triggers.txt", "")
	for i, l := range lines {
		for _, p := range Alternatives(l.Fields[1]) {
			m.Add(p, i)
		}
	}
	s := text.Analyze("On March 3, so-called liberation units opened a heavy assault on army posts outside Taftanaz, killing at least 9 soldiers.").Sentences[0]
	for b.Loop() {
		m.All(Prepare(s.Tokens))
	}
}
