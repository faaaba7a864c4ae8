package timex

import (
	"bufio"
	"bytes"
	"encoding/json"
	"github.com/sitrep/sitrep/internal/testenv"
	"os"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

// TestACLEDNotes measures, on the ACLED notes of ../shared/eval, how often the
// first date expression of a note is the coded event_date and time_precision.
// The notes carry no publication date, so only written dates can resolve.
func TestACLEDNotes(t *testing.T) {
	path := testenv.Shared(t, "eval", "acled-dev.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs, found, day, prec, yfound, yday int
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var d struct {
			ID     string
			Text   string
			Events []struct {
				EventDate     string `json:"event_date"`
				TimePrecision int    `json:"time_precision"`
			}
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(d.Events) == 0 {
			continue
		}
		docs++
		sents := text.Analyze(d.Text).Sentences
		var first *Expr
		for _, s := range sents {
			if es := Find(s.Tokens, time.Time{}, Options{}); len(es) > 0 {
				first = &es[0]
				break
			}
		}
		// Again with the gold year's last day as reference, which measures
		// the reading of dates written without a year.
		if y, err := time.Parse("2006-01-02", d.Events[0].EventDate); err == nil {
			ref := time.Date(y.Year(), 12, 31, 0, 0, 0, 0, time.UTC)
			for _, s := range sents {
				if es := Find(s.Tokens, ref, Options{}); len(es) > 0 {
					if es[0].Anchor != Relative {
						yfound++
						if es[0].Day.Format("2006-01-02") == d.Events[0].EventDate {
							yday++
						} else if os.Getenv("TIMEX_MISSES") != "" {
							t.Logf("%s yday %s want %s: %.100s", d.ID, es[0].Day.Format("2006-01-02"), d.Events[0].EventDate, d.Text)
						}
					}
					break
				}
			}
		}
		if first == nil || !first.Resolved() {
			if os.Getenv("TIMEX_MISSES") != "" {
				t.Logf("%s miss: %.100s", d.ID, d.Text)
			}
			continue
		}
		found++
		g := d.Events[0]
		if first.Day.Format("2006-01-02") == g.EventDate {
			day++
		} else if os.Getenv("TIMEX_MISSES") != "" {
			t.Logf("%s day %s want %s: %.100s", d.ID, first.Day.Format("2006-01-02"), g.EventDate, d.Text)
		}
		if first.Precision == g.TimePrecision {
			prec++
		} else if os.Getenv("TIMEX_MISSES") != "" {
			t.Logf("%s precision %d want %d: %.100s", d.ID, first.Precision, g.TimePrecision, d.Text)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	t.Logf("%d notes: a date resolved in %.3f, event_date right in %.3f, time_precision right in %.3f",
		docs, float64(found)/float64(docs), float64(day)/float64(docs), float64(prec)/float64(docs))
	t.Logf("with the gold year as reference: a calendar date in %.3f, event_date right in %.3f (%.3f of those found)",
		float64(yfound)/float64(docs), float64(yday)/float64(docs), float64(yday)/float64(yfound))
	// Most disagreements are notes coded as several events, one per day.
	if r := float64(day) / float64(found); r < 0.95 {
		t.Errorf("event_date right in %.3f of resolved notes, want ≥ 0.95", r)
	}
}

func BenchmarkFindACLED(b *testing.B) {
	data, err := os.ReadFile(testenv.Shared(b, "eval", "acled-dev.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	var sents [][]text.Token
	for _, line := range bytes.Split(data, []byte("\n")) {
		var d struct{ Text string }
		if json.Unmarshal(line, &d) != nil {
			continue
		}
		for _, s := range text.Analyze(d.Text).Sentences {
			sents = append(sents, s.Tokens)
		}
	}
	ref := time.Date(2020, 2, 11, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		for _, toks := range sents {
			Find(toks, ref, Options{})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(sents)), "ns/sentence")
}
