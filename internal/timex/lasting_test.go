package timex

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

func TestLastings(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Dockers in Varel protested for two days over unpaid wages.", "for two days=2"},
		{"The clashes lasted over three consecutive days.", "over three consecutive days=3"},
		{"Four days of fighting left the market in ruins.", "Four days=4"},
		{"Bus drivers began a two-day strike on Monday.", "two-day=2"},
		{"A 3-day sit-in ended peacefully.", "3-day=3"},
		{"Students marched for two days after the death of a classmate.", "for two days=2"},
		// Distances in time, parts of longer stretches, periods too long to count.
		{"Two days later, police arrested the suspects.", ""},
		{"Police arrested two men two days after the raid.", ""},
		{"In the past two days, three people were killed.", ""},
		{"The first two days of the offensive were quiet.", ""},
		{"Fighting over ten days killed 40 people.", ""},
		{"He was held for a day.", ""},
		{"Troops stayed two days in the town.", ""},
		{"The second of three days of marches passed quietly.", ""},
		{"Raids went on sporadically over four days.", ""},
	} {
		d := text.Analyze(c.in)
		var got []string
		for _, s := range d.Sentences {
			for _, l := range Lastings(s.Tokens) {
				got = append(got, fmt.Sprintf("%s=%d", d.Slice(l.Span), l.Days))
			}
		}
		if g := strings.Join(got, "; "); g != c.want {
			t.Errorf("%q: got %q, want %q", c.in, g, c.want)
		}
	}
}

func TestRangeDays(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"Traders protested on 22-23 March in Varel.", 2},
		{"On September 18th and 19th, raiders attacked two villages.", 2},
		{"From October 3rd - 5th, nurses demonstrated.", 3},
		{"Traders protested on 22-23 March 2019 in Varel.", 2},
		{"Between 5 and 6 August, a man was killed.", 0},
		{"On or around 3-4 May, a man was killed.", 0},
		{"On 14th or 15th December, clashes erupted.", 0},
		{"From 1 to 20 May, fighting killed 40.", 0},
		{"On 3 May, a man was killed.", 0},
	} {
		d := text.Analyze(c.in)
		got := 0
		for _, s := range d.Sentences {
			for _, e := range Find(s.Tokens, ref, Options{}) {
				got = max(got, e.Days)
			}
			for _, e := range Find(s.Tokens, time.Time{}, Options{}) {
				if e.Days != got && got != 0 {
					t.Errorf("%q: %d days with a reference date, %d without", c.in, got, e.Days)
				}
			}
		}
		if got != c.want {
			t.Errorf("%q: got %d days, want %d", c.in, got, c.want)
		}
	}
}

func FuzzLastings(f *testing.F) {
	for _, s := range []string{
		"Dockers protested for two days, then a three-day strike, then four days of marches.",
		"two-day-long 7-day 99-day for 3 consecutive days over a two days of of",
		"for -day a- -days 2- two- the first two days sporadically over four days",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d := text.Analyze(in)
		for _, s := range d.Sentences {
			last := 0
			for _, l := range Lastings(s.Tokens) {
				if l.Start < last || l.End <= l.Start || l.End > len(s.Tokens) {
					t.Fatalf("bad token range [%d,%d) after %d of %d", l.Start, l.End, last, len(s.Tokens))
				}
				last = l.End
				if l.Days < 2 || l.Days > MaxDays || l.Span.Start < s.Start || l.Span.End > s.End {
					t.Fatalf("bad lasting %+v in sentence %v", l, s.Span)
				}
			}
		}
	})
}

func BenchmarkLastings(b *testing.B) {
	sents := benchTokens()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, toks := range sents {
			n += len(Lastings(toks))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(sents)), "ns/sentence")
}
