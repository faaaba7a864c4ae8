// Package timex finds the date expressions of a sentence and resolves them
// against a reference date, the document's publication date, into the days
// they cover and the date and time_precision ACLED would code.
//
// Find works on the tokens of one sentence from package text and is meant to
// be called for every sentence, so it allocates only for what it finds:
//
//	exprs := timex.Find(sentence.Tokens, doc.Published, timex.Options{})
//
// The words it reads with are data (data/timex.txt; Load adds a user's
// timex.txt, and Find uses the embedded file alone); the month and weekday
// names are package text's calendar table.
//
// It reads absolute dates ("8 February 2020", "Feb. 8, 2020", "2020-02-08",
// "08/02/2020"), dates without a year ("On February 8", "8th of February",
// "05/09"), ranges ("between 3 and 5 March", "on the night of 5-6 March"),
// months and years ("in March", "in mid-March", "in 2019"), weekdays ("on
// Monday", "last Monday", "Monday night", "the early hours of Sunday"),
// deictic words ("yesterday", "today", "this morning", "overnight", "last
// night"), calendar and rolling periods ("last week", "earlier this week",
// "last month", "during the last few days") and counts back ("2 days ago", "a
// week ago"), with the qualifiers that loosen them ("around May 25", "as
// reported on 19 March", "(exact date not reported)").
//
// Resolution follows news usage. A weekday is the most recent such day on or
// before the reference date ("on Monday" in a Monday paper is that day; "last
// Monday" is strictly before it; "next Monday" after it). A day or month
// without a year takes the reference year, or the year before when that
// would put it more than a week after the reference date (a week of slack
// keeps time-zone slips and announced events in the reference year). Weeks
// run Monday to Sunday. "Overnight" and "last night" are the night before the
// reference date, coded on the day before it. "The last few days" are the
// three days before the reference date and that date itself. A date that
// names its year gives that year to the year-less dates after it in the
// sentence ("On 6 January 2024, ... a blockade for 6-8 January"). With
// no reference date, expressions that need one are returned unresolved (zero
// Day): a year is never invented. A sentence without an expression yields
// nothing; the publication date is never returned in place of a match.
// Impossible dates ("February 30", "2020-13-45", "31/31", years 0 or after
// 2100) are not expressions at all.
//
// ACLED conventions: time_precision is 1 when the expression names one day
// (or one night, "the night of 5-6 March"), 2 when it spans at most a week
// (a named week, a few days, "around" a day, "as reported on" a day), and 3
// when it is vaguer (a month, part of a month, a year). The day to code is
// the named day when there is one (for "around" it, "as reported on" it, or
// "on or before" it), the morning's date for a night across two days ("the
// night of 11 to 12 June" is the 12th), the Wednesday of a calendar week,
// the 15th of a whole month, and otherwise the middle of the range, rounding
// down.
package timex

import (
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

// Anchor tells what an expression's date rests on.
type Anchor uint8

const (
	Absolute Anchor = iota + 1 // the text names the year: "8 February 2020", "in 2019"
	Dated                      // the text names a day or month but not the year: "February 8", "in March"
	Relative                   // counted from the reference date: "yesterday", "on Monday", "last week", "2 days ago"
	Later                      // counted from the date told before it: "two days later", "a day later"
)

func (a Anchor) String() string {
	switch a {
	case Absolute:
		return "absolute"
	case Dated:
		return "dated"
	case Relative:
		return "relative"
	case Later:
		return "later"
	}
	return "unknown"
}

// Expr is one date expression of a sentence.
type Expr struct {
	Start, End int       // token range [Start, End) in the sentence's tokens
	Span       text.Span // code points in the document text

	// Day is the date ACLED would code; First and Last are the first and last
	// days the expression covers. All are midnight UTC, and zero when the
	// expression needs a reference date that was not given (and, for a date
	// without its year, no year was written earlier in the sentence).
	Day, First, Last time.Time

	Precision int // ACLED time_precision: 1 a day, 2 a week or a few days, 3 a month or vaguer
	Anchor    Anchor
	// After is, for a Later expression, the days after the date told
	// before it; Day is set only when that date is in the same sentence.
	After int
	// Days is, for days written one by one as a range ("22-23 March",
	// "September 18th and 19th"), how many days it spans, also when the
	// year is unknown: ACLED codes an event a day. 0 for one day and for
	// ranges that say the day is uncertain ("between 5 and 6 August",
	// "around 3-4 May", "14th or 15th" is no range at all).
	Days int
}

// Resolved tells whether the expression's dates are known.
func (e *Expr) Resolved() bool { return !e.Day.IsZero() }

// Options tune how expressions are read.
type Options struct {
	// MonthFirst reads numeric dates such as 05/09/2020 month first, as in
	// the US. The default is day first, as in Kenyan, British and South Asian
	// reports. Either way, a date impossible in the preferred order but
	// possible in the other (25/12/2020 month first) is read in the other.
	MonthFirst bool
}

// Find returns the date expressions of a sentence's tokens, in order and not
// overlapping, resolved against ref (a zero ref means unknown), with the
// embedded lexicon.
func Find(toks []text.Token, ref time.Time, opt Options) []Expr {
	return Default().Find(toks, ref, opt)
}

// Find returns the date expressions of a sentence's tokens, in order and not
// overlapping, resolved against ref (a zero ref means unknown).
func (l *Lexicon) Find(toks []text.Token, ref time.Time, opt Options) []Expr {
	p := parser{lex: l, toks: toks, opt: opt, known: !ref.IsZero()}
	if !p.known {
		// Resolve against a stand-in so that spans and precisions still come
		// out; the dates are dropped before returning. A leap year keeps
		// February 29 possible.
		ref = time.Date(2000, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	y, m, d := ref.Date()
	p.ref, p.refY = dayNum(y, int(m), d), y

	var out []Expr
	for i := 0; i < len(toks); i++ {
		if !l.cue(&toks[i]) {
			continue
		}
		s, ok := p.core(i)
		if !ok {
			continue
		}
		p.extend(&s)
		e, ok := p.finish(&s)
		if !ok {
			continue
		}
		out = append(out, e)
		p.lastEnd = s.end
		i = s.end - 1
	}
	return out
}
