package timex

import (
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// MaxDays is the longest stretch of days read as one event a day; a longer
// one is a period ("fighting over ten days killed 40"), not days to count.
const MaxDays = 7

// Lasting is a stretch of days a sentence says something went on for:
// "for two days", "over three consecutive days", "two days of clashes",
// "a three-day strike". ACLED codes such an event once a day.
type Lasting struct {
	Start, End int       // token range [Start, End) in the sentence's tokens
	Span       text.Span // code points in the document text
	Days       int       // 2 to MaxDays
	Form       Form
}

// Form is how a stretch of days is told, which says what it is the length of.
type Form uint8

const (
	ForDays Form = iota // "(protested) for two days": of the verb before it, or of the clause it opens
	DaysOf              // "two days of clashes": of the noun after "of"
	DayLong             // "a two-day strike": of the noun after it
)

// Lastings returns the stretches of days of a sentence's tokens, with the
// embedded lexicon.
func Lastings(toks []text.Token) []Lasting { return Default().Lastings(toks) }

// Lastings returns the stretches of days of a sentence's tokens. Which words
// lead in and qualify them is data ([lasting-cue], [lasting-steady],
// [lasting-not-before], [lasting-not-after]); that a count, then the unit
// "day", then "of" or a noun makes a stretch is grammar.
func (l *Lexicon) Lastings(toks []text.Token) []Lasting {
	if !l.mentionsDays(toks) {
		return nil // most sentences: no word for days at all
	}
	var out []Lasting
	norm := func(i int) string {
		if i < 0 || i >= len(toks) {
			return ""
		}
		return toks[i].Norm
	}
	for i := 0; i < len(toks); i++ {
		n, j, glued := l.dayCount(toks, i)
		if n < 2 || n > MaxDays {
			continue
		}
		prev := norm(i - 1)
		if prev == "a" || prev == "the" {
			prev = norm(i - 2) // "over a two-day stretch", "for the two days"
		}
		if l.lastingNotBefore.Has(prev) || l.lastingNotBefore.Has(norm(i-2)) || i > 0 && l.lookup(&toks[i-1]).c == cLast {
			continue // "the first two days of", "the past two days", "third of three days", "sporadically over four days"
		}
		next := norm(j)
		cue := l.lastingCue.Has(norm(i - 1))
		switch {
		case cue && !glued && next != "ago" && next != "later": // "marched for two days (after a death)"
		case l.lastingNotAfter.Has(next):
			continue // "two days later", "two days after the attack"
		case next == "of" && !glued, // "two days of clashes"
			glued && j < len(toks) && toks[j].Kind == text.Word: // "a two-day strike"
		default:
			continue
		}
		start, form := i, DayLong
		switch {
		case !glued && cue && next != "of":
			start, form = i-1, ForDays
		case !glued:
			form = DaysOf
		}
		out = append(out, Lasting{Start: start, End: j, Span: text.Span{Start: toks[start].Start, End: toks[j-1].End}, Days: n, Form: form})
		i = j - 1
	}
	return out
}

// mentionsDays tells whether a token is a unit of days ("days", "two-day"):
// a cheap test on the lexicon's few day words before any other is asked.
func (l *Lexicon) mentionsDays(toks []text.Token) bool {
	for i := range toks {
		n := toks[i].Norm
		for _, w := range l.dayWords {
			if n == w || len(n) > len(w) && strings.IndexByte(n, '-') >= 0 && strings.Contains(n, w) {
				return true
			}
		}
	}
	return false
}

// dayCount reads a count of days at i: "two days", "3 consecutive days", "two-day",
// "3-day". next is the token after the unit; glued tells the hyphenated
// form, which is an adjective ("a two-day strike").
func (l *Lexicon) dayCount(toks []text.Token, i int) (n, next int, glued bool) {
	t := &toks[i]
	if left, right, ok := strings.Cut(t.Norm, "-"); ok {
		// "two-day", "3-day", "two-day-long"
		right, _, _ = strings.Cut(right, "-")
		if w := l.words[right]; w.c != cUnit || w.v != uDay || right == "days" {
			return 0, 0, false
		}
		return l.countOf(left), i + 1, true
	}
	switch {
	case t.Kind == text.Number:
		n, _ = atoi(t.Norm)
	case l.lookup(t).c == cNum:
		n = l.lookup(t).v
	default:
		return 0, 0, false
	}
	j := i + 1
	if j < len(toks) && l.lastingSteady.Has(toks[j].Norm) {
		j++ // "consecutive", "straight"
	}
	if j >= len(toks) {
		return 0, 0, false
	}
	if w := l.lookup(&toks[j]); w.c != cUnit || w.v != uDay {
		return 0, 0, false
	}
	return n, j + 1, false
}

// countOf is a count written as one word or in digits; 0 when it is none.
func (l *Lexicon) countOf(s string) int {
	if n, ok := atoi(s); ok {
		return n
	}
	if w := l.words[s]; w.c == cNum {
		return w.v
	}
	return 0
}
