package timex

import (
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

// The words a date is read with are grammar: closed classes of English
// whose every member the parser's rules depend on (a unit's length, which
// way "last" and "next" count), so they are a table here rather than a
// user-extendable data file. The month and weekday names are the project's
// one calendar table, in package text.

type class uint8

const (
	cNone    class = iota
	cMonth         // v: 1-12
	cWeekday       // v: time.Weekday
	cDeictic       // v: days from the reference date
	cPart          // part of a day: morning, night
	cUnit          // v: unit
	cLast          // last, past, previous
	cThis          // this, current
	cNext          // next, coming
	cEarlier       // earlier, later (v: -1, +1)
	cRecent        // recent
	cEdge          // v: early, mid, late
	cNum           // v: a number said in words (a, one, two, few...)
	cApprox        // around, about
)

// Units of "2 days ago", "last week".
const (
	uDay = iota + 1
	uWeek
	uFortnight
	uMonth
	uYear
	uHour
	uWeekend
)

// Edges of a period.
const (
	eEarly = iota + 1
	eMid
	eLate
)

// Vague counts in "a few days ago", "the last several days": v is negative.
const (
	nFew     = -1
	nSeveral = -2
	nCouple  = -3
)

type word struct {
	c class
	v int
}

// lexicon is built once, when the package loads, and never changed.
var lexicon = func() map[string]word {
	l := map[string]word{}
	for m := 1; m <= 12; m++ {
		for _, n := range text.MonthNames(m) {
			l[n] = word{cMonth, m}
		}
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		l[text.WeekdayName(d)] = word{cWeekday, int(d)}
	}
	for w, v := range grammar {
		l[w] = v
	}
	return l
}()

// grammar holds the words of dates other than months and weekdays.
var grammar = map[string]word{
	"today": {cDeictic, 0}, "tonight": {cDeictic, 0}, "yesterday": {cDeictic, -1}, "tomorrow": {cDeictic, 1},
	"overnight": {cDeictic, -1},

	"morning": {cPart, 0}, "afternoon": {cPart, 0}, "evening": {cPart, 0}, "night": {cPart, 0},
	"dawn": {cPart, 0}, "dusk": {cPart, 0}, "midnight": {cPart, 0}, "noon": {cPart, 0},
	"daybreak": {cPart, 0}, "nightfall": {cPart, 0}, "midday": {cPart, 0},

	"day": {cUnit, uDay}, "days": {cUnit, uDay}, "week": {cUnit, uWeek}, "weeks": {cUnit, uWeek},
	"fortnight": {cUnit, uFortnight}, "month": {cUnit, uMonth}, "months": {cUnit, uMonth},
	"year": {cUnit, uYear}, "years": {cUnit, uYear}, "hour": {cUnit, uHour}, "hours": {cUnit, uHour},
	"weekend": {cUnit, uWeekend},

	"last": {cLast, 0}, "past": {cLast, 0}, "previous": {cLast, 0}, "preceding": {cLast, 0},
	"this": {cThis, 0}, "current": {cThis, 0},
	"next": {cNext, 0}, "coming": {cNext, 0},
	"earlier": {cEarlier, -1}, "later": {cEarlier, 1},
	"recent": {cRecent, 0},

	"early": {cEdge, eEarly}, "mid": {cEdge, eMid}, "late": {cEdge, eLate},
	"beginning": {cEdge, eEarly}, "start": {cEdge, eEarly}, "middle": {cEdge, eMid}, "end": {cEdge, eLate},

	"a": {cNum, 1}, "an": {cNum, 1}, "one": {cNum, 1}, "two": {cNum, 2}, "three": {cNum, 3},
	"four": {cNum, 4}, "five": {cNum, 5}, "six": {cNum, 6}, "seven": {cNum, 7}, "eight": {cNum, 8},
	"nine": {cNum, 9}, "ten": {cNum, 10}, "eleven": {cNum, 11}, "twelve": {cNum, 12},
	"fifteen": {cNum, 15}, "twenty": {cNum, 20}, "thirty": {cNum, 30},
	"few": {cNum, nFew}, "several": {cNum, nSeveral}, "couple": {cNum, nCouple},

	"around": {cApprox, 0}, "about": {cApprox, 0}, "approximately": {cApprox, 0}, "circa": {cApprox, 0},
	"roughly": {cApprox, 0}, "c.": {cApprox, 0},
}

// vague gives the span in units that a vague count stands for.
func vague(n int) (lo, hi int) {
	switch n {
	case nFew:
		return 2, 5
	case nSeveral:
		return 3, 7
	case nCouple:
		return 2, 3
	}
	return n, n
}

func lookup(t *text.Token) word {
	if t.Kind != text.Word || !maybeWord(t.Norm) {
		return word{}
	}
	return lexicon[t.Norm]
}

// wordFilter has a bit set for the first letter, last letter and length of
// every lexicon word: most words of a sentence miss it and skip the map.
var wordFilter = func() (f [64]uint64) {
	for w := range lexicon {
		h := filterHash(w)
		f[h/64] |= 1 << (h % 64)
	}
	return f
}()

func filterHash(s string) uint {
	return (uint(s[0])*131 + uint(s[len(s)-1])*31 + uint(len(s))) % 4096
}

func maybeWord(s string) bool {
	if len(s) == 0 || len(s) > 13 {
		return false
	}
	h := filterHash(s)
	return wordFilter[h/64]&(1<<(h%64)) != 0
}

// ambiguousMonth names months that are also common words ("may", "march");
// they count as months only when capitalised.
func ambiguousMonth(norm string) bool { return text.AmbiguousMonth(norm) }

// cue tells cheaply whether an expression may start at t.
func cue(t *text.Token) bool {
	switch t.Kind {
	case text.Number:
		return true
	case text.Word:
		if lookup(t).c != cNone {
			return true
		}
		n := t.Norm
		return len(n) > 4 && (n[:4] == "mid-" || n[:5] == "late-" || (len(n) > 6 && n[:6] == "early-"))
	}
	return false
}
