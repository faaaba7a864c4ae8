package timex

import (
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

// Days are counted as day numbers (days since 1970-01-01) so that ranges,
// midpoints and weekdays are plain integer arithmetic.

func dayNum(y, m, d int) int {
	return int(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func dayTime(n int) time.Time { return time.Unix(int64(n)*86400, 0).UTC() }

// weekdayOf returns the time.Weekday of day n; 1970-01-01 was a Thursday.
func weekdayOf(n int) int { return ((n % 7) + 7 + 4) % 7 }

func daysIn(y, m int) int {
	switch m {
	case 4, 6, 9, 11:
		return 30
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

func (c cal) valid() bool {
	if c.y < 1 || c.y > 2100 || c.m < 0 || c.m > 12 || c.d < 0 {
		return false
	}
	if c.m == 0 {
		return c.d == 0
	}
	return c.d <= daysIn(c.y, c.m)
}

func (c cal) firstDay() int {
	m, d := max(c.m, 1), max(c.d, 1)
	return dayNum(c.y, m, d)
}

func (c cal) lastDay() int {
	switch {
	case c.m == 0:
		return dayNum(c.y, 12, 31)
	case c.d == 0:
		return dayNum(c.y, c.m, daysIn(c.y, c.m))
	}
	return dayNum(c.y, c.m, c.d)
}

// calBefore tells whether the end of b comes before the start of a within a
// year, so that a range written without years crosses New Year.
func calBefore(b, a cal) bool {
	if a.m == 0 || b.m == 0 {
		return false
	}
	bd, ad := b.d, a.d
	if bd == 0 {
		bd = 31
	}
	if ad == 0 {
		ad = 1
	}
	return b.m*32+bd < a.m*32+ad
}

// atoi reads 1 to 6 ASCII digits.
func atoi(s string) (int, bool) {
	if len(s) == 0 || len(s) > 6 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// dayOf reads a day of the month: "8", "08", "8th", "31st".
func dayOf(s string) (int, bool) {
	if n := len(s); n > 2 {
		switch s[n-2:] {
		case "st", "nd", "rd", "th": // English ordinal endings: grammar
			s = s[:n-2]
		}
	}
	if len(s) > 2 {
		return 0, false
	}
	d, ok := atoi(s)
	return d, ok && d >= 1 && d <= 31
}

// dayOrRange reads a day or a range of days in one token: "8", "5-6", "3rd-5th".
func dayOrRange(s string) (int, int, bool) {
	for i := 1; i < len(s)-1; i++ {
		if s[i] == '-' {
			a, ok1 := dayOf(s[:i])
			b, ok2 := dayOf(s[i+1:])
			return a, b, ok1 && ok2 && a < b
		}
	}
	d, ok := dayOf(s)
	return d, d, ok
}

// yearOf reads a four-digit year; years after 2100 are not dates but counts.
func yearOf(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	y, ok := atoi(s)
	return y, ok && y >= 1000 && y <= 2100
}

// numericDate reads 2020-02-08, 08/02/2020, 8.2.2020, 08/02/20 and the
// year-less 05/09 (y = 0). Day-first unless monthFirst; the other order is
// tried when the preferred one is impossible.
func numericDate(s string, monthFirst bool) (y, m, d int, ok bool) {
	var parts [3]string
	var sep byte
	n, from := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			continue
		}
		if i < len(s) {
			c := s[i]
			if (c != '-' && c != '/' && c != '.') || (sep != 0 && c != sep) {
				return 0, 0, 0, false
			}
			sep = c
		}
		if n == 3 || i == from {
			return 0, 0, 0, false
		}
		parts[n], n, from = s[from:i], n+1, i+1
	}
	switch {
	case n == 3 && len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2:
		y, _ = atoi(parts[0])
		m, _ = atoi(parts[1])
		d, _ = atoi(parts[2])
		return y, m, d, (cal{y, m, d}).valid() && d > 0
	case n == 3 && len(parts[0]) <= 2 && len(parts[1]) <= 2 && (len(parts[2]) == 4 || len(parts[2]) == 2):
		y, _ = atoi(parts[2])
		if len(parts[2]) == 2 {
			if y < 70 {
				y += 2000
			} else {
				y += 1900
			}
		}
	case n == 2 && sep == '/' && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		// year-less: validity is checked against a leap year
	default:
		return 0, 0, 0, false
	}
	a, _ := atoi(parts[0])
	b, _ := atoi(parts[1])
	d, m = a, b
	if monthFirst {
		d, m = b, a
	}
	vy := y
	if vy == 0 {
		vy = 2000
	}
	if !(cal{vy, m, d}).valid() || d == 0 {
		d, m = m, d
		if !(cal{vy, m, d}).valid() || d == 0 {
			return 0, 0, 0, false
		}
	}
	return y, m, d, true
}

// isConnector tells whether s joins two dates into a range: the
// lexicon's connectors, or the punctuation that does ("3-5 March").
func (p *parser) isConnector(s string) bool {
	switch s {
	case "-", "&", "/":
		return true
	}
	return p.lex.connector.Has(s)
}

// slashCue tells whether a year-less 05/09 at i is a date: it needs a
// preposition or a weekday before it, as in "on 05/09", so that "9/11" or a
// fraction is not one.
func (p *parser) slashCue(i int) bool {
	return p.lex.slashCue.Has(p.norm(i-1)) || p.word(i-1).c == cWeekday
}

// yearCue tells whether a four-digit number at i is a year: "in 2019",
// "since 2015", but not "in 2000 homes".
func (p *parser) yearCue(i int) bool {
	if prev := p.norm(i - 1); prev != "-" && !p.lex.yearCue.Has(prev) { // "2019-2020": punctuation, grammar
		return false
	}
	if i+1 < len(p.toks) {
		t := &p.toks[i+1]
		if t.Kind == text.Word && !t.Cap && (t.Norm[len(t.Norm)-1] == 's' || p.lex.countNoun.Has(t.Norm)) {
			return false
		}
	}
	return true
}
