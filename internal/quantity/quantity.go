// Package quantity finds the numbers of a sentence and reads them as ranges,
// the way ACLED reads counts: "at least 5" is 5 or more, "between 1,200 and
// 1,500" is a range, "dozens" is 12. Each quantity carries the noun it
// counts, and numbers that are not counts (ages, years, dates, times, money,
// percentages, measures, names such as "Route 5", phone numbers) are found
// and flagged so that nobody counts them.
//
// Find works on the tokens of one sentence from package text and is meant to
// be called for every sentence, so it allocates only for what it finds:
//
//	qs := quantity.Find(sentence.Tokens, nil)
//
// The second argument masks tokens another reader already claimed, such as
// the dates package timex found; masked tokens are never part of a quantity.
//
// ACLED conventions (its fatality figures are the conservative reading):
//   - "at least 5", "5 or more": Low 5, High open (nil).
//   - "more than 20", "over a dozen": Low 21 and 13, High open.
//   - "up to 10", "as many as 10": Low 1, High 10; "fewer than 10": Low 1, High 9.
//   - "about/around/approximately/nearly 1,000": Low = High = 1000, the
//     qualifier kept in Qualifier and Qual.
//   - "between 1,200 and 1,500", "1,200 to 1,500", "1-2", "five or six":
//     Low and High as written.
//   - Vague words stand for the figure ACLED codes, with High open and Vague
//     set: "tens" 10, "dozens" 12, "scores" 20, "hundreds" 100, "thousands"
//     1000; "several", "a few", "multiple" 3; "many", "numerous" 10; "a
//     couple" 2; "an unknown number of" 0. "several hundred" is 200. The
//     figures live in the lexicon file and can be overridden by the user.
//   - "a"/"an" counts one only before a noun for people ("a man", "a police
//     officer"); Article is set so the caller can weigh it.
//
// The lexicon (qualifiers, vague words, currencies, units, the modifiers that
// may stand between a number and its noun, the nouns an article counts) is
// the embedded file data/quantity.txt; Load adds a user's file to it.
package quantity

import (
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// Kind says what a number is.
type Kind uint8

const (
	Count    Kind = iota + 1 // a number of people or things: "5 soldiers", "dozens of protesters"
	Age                      // "12-year-old", "aged 12"
	Year                     // "in 2019", "the 2017 elections", "1990s"
	Date                     // a day or month number: "February 8", "05/09", "8th of March"
	Time                     // time of day: "6 p.m.", "06:30", "0600 hrs"
	Money                    // "$5 million", "KSh 500", "500 shillings"
	Percent                  // "5%", "5 percent"
	Measure                  // a number of units, or not whole: "5 km", "7.62mm", "2.5", "a 12-member team"
	Duration                 // "3 hours", "a 10-year sentence"
	Ordinal                  // "5th", "21st"
	Name                     // part of a name or code: "Rashideen 4", "Route 5", "Leopard 2A4", "Form 4"
	Phone                    // "0722 123 456", "+254 722 123456"
)

var kindNames = [...]string{"", "count", "age", "year", "date", "time", "money", "percent", "measure", "duration", "ordinal", "name", "phone"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Qualifier says how the written number bounds the quantity.
type Qualifier uint8

const (
	Exact    Qualifier = iota // "5", "a total of 5"
	AtLeast                   // "at least 5", "5 or more", "20-plus"
	MoreThan                  // "more than 20", "over a dozen"
	UpTo                      // "up to 10", "as many as 10"
	LessThan                  // "fewer than 10", "under 10"
	About                     // "about 1,000", "nearly 1,000", "20-odd"
	Between                   // a range: "between 1,200 and 1,500", "1-2", "five or six"
	From                      // a range: "from 10 to 15"
)

var qualifierStrings = [...]string{"exact", "at least", "more than", "up to", "less than", "about", "between", "from"}

func (q Qualifier) String() string {
	if int(q) < len(qualifierStrings) {
		return qualifierStrings[q]
	}
	return "unknown"
}

// Quantity is one number of a sentence, read as a range.
type Quantity struct {
	Start, End int       // token range [Start, End) of the whole expression, qualifier included
	Span       text.Span // code points in the document text
	Kind       Kind

	Low  int
	High *int // nil when open ("at least 5", "dozens")

	Qualifier Qualifier
	// Qual is the qualifying words as the lexicon spells them ("at least",
	// "more than", "or more"); "" when there are none.
	Qual string

	Vague   bool // a word standing for a conventional figure: "dozens", "several"
	Article bool // "a"/"an" counting one person: "a man was killed"

	// Head is the token index of the counted noun ("5 Turkish soldiers" →
	// soldiers), -1 when none; set for counts and ages.
	Head int

	high   int // High's value until Find points High at it
	closed bool
}

// Find reads the quantities of a sentence's tokens with the embedded
// lexicon. skip, when not nil, masks tokens (by index) that are not to be read.
func Find(toks []text.Token, skip []bool) []Quantity { return Default().Find(toks, skip) }

// Find reads the quantities of a sentence's tokens, in order and not
// overlapping. skip, when not nil, masks tokens (by index) that are not to be read.
func (l *Lexicon) Find(toks []text.Token, skip []bool) []Quantity {
	var out []Quantity
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		if masked(skip, i) || (t.Kind != text.Number && !(t.Kind == text.Word && l.starter(t.Norm))) {
			continue
		}
		q, ok := l.at(toks, skip, i)
		if !ok {
			continue
		}
		q.Span = text.Span{Start: toks[q.Start].Start, End: toks[q.End-1].End}
		if out == nil {
			out = make([]Quantity, 0, 2)
		}
		out = append(out, q)
		i = q.End - 1
	}
	// One allocation holds every upper bound of the sentence.
	highs := make([]int, len(out))
	for k := range out {
		if q := &out[k]; q.closed {
			highs[k] = q.high
			q.High = &highs[k]
		}
	}
	return out
}

func masked(skip []bool, i int) bool { return i >= 0 && i < len(skip) && skip[i] }

// starter tells whether a quantity can start with word w ("at", "dozens", "twenty-one").
func (l *Lexicon) starter(w string) bool {
	if l.filter.has(w) && l.starts[w] {
		return true
	}
	// "twenty-one": tens start with e, f, n, s or t.
	if c := w[0]; len(w) < 7 || (c != 't' && c != 'f' && c != 's' && c != 'e' && c != 'n') || strings.IndexByte(w, '-') < 0 {
		return false
	}
	_, ok := smallWord(w)
	return ok
}

// filter has a bit set for the first letter, last letter and length of
// every word a quantity starts with, so that most words skip the map.
type filter [64]uint64

func filterHash(s string) uint {
	return (uint(s[0])*131 + uint(s[len(s)-1])*31 + uint(len(s))) % 4096
}

func (f *filter) add(s string) {
	h := filterHash(s)
	f[h/64] |= 1 << (h % 64)
}

func (f *filter) has(s string) bool {
	if s == "" {
		return false
	}
	h := filterHash(s)
	return f[h/64]&(1<<(h%64)) != 0
}

// numberWords are the English number words and what they are worth;
// multipliers scale what comes before them. They are grammar, not lexicon.
var numberWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40,
	"fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1000000, "billion": 1000000000,
	"lakh": 100000, "lakhs": 100000, "crore": 10000000, "crores": 10000000,
}

func multiplier(w string) int {
	switch w {
	case "dozen":
		return 12
	case "hundred":
		return 100
	case "thousand":
		return 1000
	case "million", "mn", "mln":
		return 1000000
	case "billion", "bn":
		return 1000000000
	case "lakh", "lakhs":
		return 100000
	case "crore", "crores":
		return 10000000
	}
	return 0
}
