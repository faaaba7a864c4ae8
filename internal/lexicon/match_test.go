package lexicon

import (
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

// TestMatcher matches with words prepared in the matcher's vocabulary
// (numbers compared) and in none (each word looked up), with another
// matcher sharing the vocabulary: the answers must be the same.
func TestMatcher(t *testing.T) {
	v := NewVocab()
	other := NewMatcherIn[string](v)
	for _, p := range []string{"police", "tear", "forces of order", "state"} {
		other.Add(p, p)
	}
	m := NewMatcherIn[string](v)
	for _, p := range []string{"al-Shabaab", "IS", "pro-government forces", "government forces", "shot dead", "Islamic State", "tear gas"} {
		m.Add(p, p)
	}
	own := NewMatcher[string]()
	for _, p := range []string{"al-Shabaab", "IS", "pro-government forces", "government forces", "shot dead", "Islamic State", "tear gas"} {
		own.Add(p, p)
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
		for _, k := range []struct {
			name string
			m    *Matcher[string]
			w    *Words
		}{
			{"shared vocabulary", m, v.Prepare(s.Tokens)},
			{"words of no vocabulary", m, Prepare(s.Tokens)},
			{"another vocabulary", m, NewVocab().Prepare(s.Tokens)},
			{"own vocabulary, words of another", own, v.Prepare(s.Tokens)},
		} {
			var got []string
			for _, mt := range k.m.All(k.w) {
				got = append(got, mt.Value)
			}
			if len(got) != len(c.want) {
				t.Errorf("%s: %q: got %q, want %q", k.name, c.in, got, c.want)
				continue
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("%s: %q: got %q, want %q", k.name, c.in, got, c.want)
				}
			}
		}
	}
}

func BenchmarkMatcher(b *testing.B) {
	v := NewVocab()
	m := NewMatcherIn[int](v)
	lines, _ := Read("triggers.txt", "")
	for i, l := range lines {
		for _, p := range Alternatives(l.Fields[1]) {
			m.Add(p, i)
		}
	}
	s := text.Analyze("On March 3, so-called liberation units opened a heavy assault on army posts outside Taftanaz, killing at least 9 soldiers.").Sentences[0]
	for b.Loop() {
		m.All(v.Prepare(s.Tokens))
	}
}

// TestPrepareAll checks that words prepared for a whole document in one
// allocation are those prepared sentence by sentence, hyphens included.
func TestPrepareAll(t *testing.T) {
	v := NewVocab()
	m := NewMatcherIn[string](v)
	m.Add("pro-government forces", "pgf")
	d := text.Analyze("Pro-government forces shelled al-Bab. A well-known long-time anti-war co-founder spoke. Then pro-government forces left.")
	all := v.PrepareAll(d)
	if len(all) != len(d.Sentences) {
		t.Fatalf("%d prepared, want %d", len(all), len(d.Sentences))
	}
	for i := range d.Sentences {
		one := v.Prepare(d.Sentences[i].Tokens)
		if len(all[i].w) != len(one.w) || len(all[i].tokW) != len(one.tokW) {
			t.Fatalf("sentence %d: %d words, want %d", i, len(all[i].w), len(one.w))
		}
		for k := range one.w {
			if all[i].w[k] != one.w[k] {
				t.Errorf("sentence %d word %d: %+v, want %+v", i, k, all[i].w[k], one.w[k])
			}
		}
		for k := range one.tokW {
			if all[i].tokW[k] != one.tokW[k] {
				t.Errorf("sentence %d token %d: word %d, want %d", i, k, all[i].tokW[k], one.tokW[k])
			}
		}
	}
	if got := m.All(&all[0]); len(got) != 1 || got[0].Start != 0 || got[0].End != 2 {
		t.Errorf("first sentence: %+v", got)
	}
	if got := m.All(&all[2]); len(got) != 1 || got[0].Start != 1 {
		t.Errorf("last sentence: %+v", got)
	}
}

// BenchmarkVocabPrepare measures preparing a news sentence's words for
// the matchers: one vocabulary lookup a word, most misses turned away by
// the filter.
func BenchmarkVocabPrepare(b *testing.B) {
	v := NewVocab()
	for _, f := range []string{"triggers.txt", "cues.txt", "actors.txt", "groups.txt", "forces.txt"} {
		lines, _ := Read(f, "")
		m := NewMatcherIn[int](v)
		for _, l := range lines {
			for _, p := range Alternatives(l.Fields[len(l.Fields)-1]) {
				m.Add(p, 0)
			}
		}
	}
	d := text.Analyze("Residents of the northern district said that at least nine people, among them two children, were wounded when mortar shells struck the crowded livestock market shortly before noon on Tuesday.")
	for b.Loop() {
		v.PrepareAll(d)
	}
}

// FuzzPartSpans checks that the spans Words keeps of a token's parts are
// the parts splitWord makes, which phrases are split into.
func FuzzPartSpans(f *testing.F) {
	for _, s := range []string{"al-Shabaab", "pro-government", "a--b", "-x-", "co‐founder", "x‑y‐z", "plain", "", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got []string
		for _, p := range partSpans(nil, s) {
			got = append(got, s[p[0]:p[1]])
		}
		want := splitWord(s)
		if s == "" || len(want) == 1 && want[0] == s && !strings.ContainsAny(s, "-‐‑") {
			want = nil // splitWord keeps a word without hyphens whole
			if s != "" {
				want = []string{s}
			}
		}
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") || len(got) != len(want) {
			t.Errorf("partSpans(%q) = %q, splitWord = %q", s, got, want)
		}
	})
}

// TestHeads checks StartsNone against the matchers it stands for: a token
// it skips starts a phrase of none of them, and it skips nothing for words
// of another vocabulary, for matchers of two vocabularies or for no
// matchers at all.
func TestHeads(t *testing.T) {
	v := NewVocab()
	a, b := NewMatcherIn[string](v), NewMatcherIn[string](v)
	for _, p := range []string{"border guards", "al-Qadr brigade", "IS"} {
		a.Add(p, p)
	}
	for _, p := range []string{"guards", "riot police", "brigade"} {
		b.Add(p, p)
	}
	var h Heads
	AddHeads(&h, a)
	AddHeads(&h, b)
	var mixed Heads
	AddHeads(&mixed, a)
	AddHeads(&mixed, NewMatcher[string]())
	for _, in := range []string{
		"Border guards and riot police met the Al-Qadr brigade near the river.",
		"is it over for IS, the brigade's guards asked.",
	} {
		toks := text.Analyze(in).Sentences[0].Tokens
		w := v.Prepare(toks)
		for i := range toks {
			_, inA := a.At(w, i)
			_, inB := b.At(w, i)
			if w.StartsNone(&h, i) && (inA || inB) {
				t.Errorf("%q: token %d (%q) skipped, but a phrase starts there", in, i, toks[i].Text)
			}
			if NewVocab().Prepare(toks).StartsNone(&h, i) || w.StartsNone(&mixed, i) || w.StartsNone(&Heads{}, i) || Prepare(toks).StartsNone(&Heads{}, i) {
				t.Errorf("%q: token %d (%q) skipped by heads that cannot tell", in, i, toks[i].Text)
			}
		}
		if !w.StartsNone(&h, len(toks)-1) {
			t.Errorf("%q: the final stop not skipped", in)
		}
	}
}

// BenchmarkHeadsSkip measures a rule asking four matchers about every
// token, with and without skipping by their heads first.
func BenchmarkHeadsSkip(b *testing.B) {
	v := NewVocab()
	var ms [4]*Matcher[int]
	var h Heads
	lines, _ := Read("triggers.txt", "")
	for k := range ms {
		ms[k] = NewMatcherIn[int](v)
		for i, l := range lines {
			if i%4 == k {
				for _, p := range Alternatives(l.Fields[1]) {
					ms[k].Add(p, i)
				}
			}
		}
		AddHeads(&h, ms[k])
	}
	s := text.Analyze("On March 3, so-called liberation units opened a heavy assault on army posts outside Taftanaz, killing at least 9 soldiers.").Sentences[0]
	w := v.Prepare(s.Tokens)
	for _, skip := range []bool{false, true} {
		b.Run(map[bool]string{false: "ask-each", true: "heads"}[skip], func(b *testing.B) {
			for b.Loop() {
				for i := range s.Tokens {
					if skip && w.StartsNone(&h, i) {
						continue
					}
					for _, m := range ms {
						if _, ok := m.At(w, i); ok {
							break
						}
					}
				}
			}
		})
	}
}
