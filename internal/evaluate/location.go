package evaluate

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/internal/text"
)

// LocationScore scores where events happened, sentence by sentence.
type LocationScore struct {
	Sentences int
	Unusable  int // sentences left out: a gold location with an empty or blank span

	TP, FP, FN            int
	Precision, Recall, F1 float64

	// Whole scores the same sentences less those whose gold span cuts a
	// word ("w" of "was"): offsets lost the other way, which no
	// prediction can match.
	Whole *LocationScore
}

type locSentence struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Verbs     []span `json:"verbs"`
	Locations []span `json:"locations"`
}

type span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// ScoreEventLocation scores locate, which returns the spans of the places
// where the event named by the verb in a sentence happened, against the gold
// file: a predicted span overlapping a gold one is a hit; a sentence where
// gold and prediction both have no location counts as one hit. Sentences
// whose gold location has an empty or blank span (its offsets were lost)
// cannot be scored either way and are counted apart.
func ScoreEventLocation(ctx context.Context, path string, locate func(sentence string, verb text.Span) []text.Span) (LocationScore, error) {
	s := LocationScore{Whole: &LocationScore{}}
	f, err := os.Open(path)
	if err != nil {
		return s, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			return s, err
		}
		var ls locSentence
		if err := json.Unmarshal(sc.Bytes(), &ls); err != nil {
			return s, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if len(ls.Verbs) == 0 {
			continue
		}
		var gold []span
		unusable := false
		for _, l := range ls.Locations {
			if l.End <= l.Start || strings.TrimSpace(l.Text) == "" {
				unusable = true // the gold names a location but its span is lost
			}
			gold = append(gold, l)
		}
		if unusable {
			s.Unusable++
			continue
		}
		s.Sentences++
		pred := locate(ls.Text, text.Span{Start: ls.Verbs[0].Start, End: ls.Verbs[0].End})
		scoreSpans(&s, gold, pred)
		if !cutsWord(ls.Text, gold) {
			s.Whole.Sentences++
			scoreSpans(s.Whole, gold, pred)
		}
	}
	if err := sc.Err(); err != nil {
		return s, fmt.Errorf("%s:%d: %w", path, line, err)
	}
	for _, x := range []*LocationScore{&s, s.Whole} {
		p, r := div(x.TP, x.TP+x.FP), div(x.TP, x.TP+x.FN)
		x.Precision, x.Recall, x.F1 = p, r, f1(p, r)
	}
	return s, nil
}

// cutsWord tells whether a gold span starts or ends inside a word.
func cutsWord(txt string, gold []span) bool {
	rs := []rune(txt)
	word := func(i int) bool { return i >= 0 && i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i])) }
	for _, g := range gold {
		if g.End > len(rs) || word(g.Start-1) && word(g.Start) || word(g.End-1) && word(g.End) {
			return true
		}
	}
	return false
}

func scoreSpans(s *LocationScore, gold []span, pred []text.Span) {
	if len(gold) == 0 && len(pred) == 0 {
		s.TP++
		return
	}
	used := make([]bool, len(gold))
	for _, p := range pred {
		hit := false
		for i, g := range gold {
			if !used[i] && p.Start < g.End && g.Start < p.End {
				used[i], hit = true, true
				break
			}
		}
		if hit {
			s.TP++
		} else {
			s.FP++
		}
	}
	for _, u := range used {
		if !u {
			s.FN++
		}
	}
}
