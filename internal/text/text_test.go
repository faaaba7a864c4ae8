package text

import (
	"os"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Sarāqib", "saraqib"},
		{"Idlib", "idlib"},
		{"Ma’arrat al-Nu‘man", "ma'arrat al-nu'man"},
		{"São Paulo — “Brazil”", "sao paulo - \"brazil\""},
		{"already folded", "already folded"},
		{"Straße", "strasse"},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTokens(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Turkey deployed 1,000 units.", []string{"Turkey", "deployed", "1,000", "units", "."}},
		{"between 1,200 and 1,500.", []string{"between", "1,200", "and", "1,500", "."}},
		{"al-Qaeda's ‘moderate’ fighters", []string{"al-Qaeda", "'s", "‘", "moderate", "’", "fighters"}},
		{"the U.S. and U.N. said", []string{"the", "U.S.", "and", "U.N.", "said"}},
		{"wounded 1-2 policemen on 05/09, at 6 p.m.", []string{"wounded", "1-2", "policemen", "on", "05/09", ",", "at", "6", "p.m."}},
		{"Rashideen 4, Khan Asal", []string{"Rashideen", "4", ",", "Khan", "Asal"}},
		{"2.5 km... wait", []string{"2.5", "km", "...", "wait"}},
		{"don’t stop", []string{"don’t", "stop"}},
	} {
		d := Analyze(c.in)
		var got []string
		for _, s := range d.Sentences {
			for _, tok := range s.Tokens {
				got = append(got, tok.Text)
				if r := d.Slice(tok.Span); r != tok.Text {
					t.Errorf("%q: span %v slices %q, token %q", c.in, tok.Span, r, tok.Text)
				}
			}
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Analyze(%q) tokens = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSentences(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"He left. She stayed.", []string{"He left.", "She stayed."}},
		{"Gen. Smith arrived in the U.S. on Monday. Then he left.", []string{"Gen. Smith arrived in the U.S. on Monday.", "Then he left."}},
		{"At least 5 were killed. The battle goes on.", []string{"At least 5 were killed.", "The battle goes on."}},
		{"He said “it is over.” Then silence.", []string{"He said “it is over.”", "Then silence."}},
		{"J. R. Smith said so. Fine.", []string{"J. R. Smith said so.", "Fine."}},
		{"Headline here\n\nBody starts. Ends.", []string{"Headline here", "Body starts.", "Ends."}},
		{"Title line\nFirst paragraph.", []string{"Title line", "First paragraph."}},
		{"It was 5 p.m. when they came.", []string{"It was 5 p.m. when they came."}},
	} {
		d := Analyze(c.in)
		var got []string
		for _, s := range d.Sentences {
			got = append(got, s.TextIn(d))
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Analyze(%q) sentences = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestOffsetsAreCodePoints(t *testing.T) {
	in := "“Peaceful” Sarāqib attack"
	d := Analyze(in)
	tok := d.Sentences[0].Tokens[3] // Sarāqib
	if tok.Text != "Sarāqib" || tok.Start != 11 || tok.End != 18 {
		t.Fatalf("got %q %v, want Sarāqib [11,18)", tok.Text, tok.Span)
	}
}

func FuzzAnalyze(f *testing.F) {
	f.Add("On March 3, ‘liberation units’ struck near Taftanaz.\n\nU.S. 1,200-1,500 ...")
	f.Add("\xff\xfe broken \x00 utf8 ’s")
	f.Fuzz(func(t *testing.T, in string) {
		d := Analyze(in)
		runes := []rune(in)
		last := 0
		for _, s := range d.Sentences {
			if s.Start < last || s.End > len(runes) || s.Start >= s.End {
				t.Fatalf("bad sentence span %v (len %d)", s.Span, len(runes))
			}
			last = s.End
			for _, tok := range s.Tokens {
				if string(runes[tok.Start:tok.End]) != tok.Text && strings.ToValidUTF8(tok.Text, "\uFFFD") == tok.Text {
					t.Fatalf("token %q at %v slices %q", tok.Text, tok.Span, string(runes[tok.Start:tok.End]))
				}
				if in[tok.Off:tok.OffEnd] != tok.Text {
					t.Fatalf("byte offsets of %q wrong", tok.Text)
				}
			}
		}
	})
}

func BenchmarkAnalyze(b *testing.B) {
	data, err := os.ReadFile("../../../shared/corpus/seed/000_e832070ca5f6e4b0.txt")
	if err != nil {
		b.Skip("../shared not present")
	}
	in := string(data)
	b.SetBytes(int64(len(in)))
	n := 0
	for b.Loop() {
		n += len(Analyze(in).Sentences)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
}

func TestSliceMatchesRunes(t *testing.T) {
	in := "Résumé: «Sarāqib» fell.\n\nThen Idlib, and Aleppo — 5 killed."
	d := Analyze(in)
	runes := []rune(in)
	for _, s := range d.Sentences {
		for i, a := range s.Tokens {
			for _, b := range s.Tokens[i:] {
				sp := Span{a.Start, b.End}
				if got, want := d.Slice(sp), string(runes[sp.Start:sp.End]); got != want {
					t.Fatalf("Slice(%v) = %q, want %q", sp, got, want)
				}
			}
		}
	}
	if got := d.Slice(Span{2, 5}); got != string(runes[2:5]) {
		t.Fatalf("mid-token slice %q", got)
	}
}
