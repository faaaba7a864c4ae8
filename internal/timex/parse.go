package timex

import (
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

type parser struct {
	lex     *Lexicon
	toks    []text.Token
	opt     Options
	known   bool // ref is the real reference date, not the stand-in
	ref     int  // the reference date as a day number
	refY    int
	lastEnd int // tokens before it belong to an earlier expression

	// A date with its year earlier in the sentence gives the year to the
	// dates after it that lack one: "On 6 January 2024, ... for 6-8 January".
	ctx    int
	hasCtx bool
}

// cal is a calendar date as written: y is 0 when the year is not written, d
// is 0 for a whole month, m is 0 for a whole year.
type cal struct{ y, m, d int }

// spec is an expression being read: a calendar range a..b to resolve, or
// days already counted from the reference date.
type spec struct {
	start, end  int
	anchor      Anchor
	isCal       bool
	a, b        cal
	first, last int // day numbers, set for relative expressions and by resolve
	day         int // the day to code, when hasDay
	hasDay      bool
	prec        int // 0: from the length of the range
	minPrec     int // at least this vague: "earlier this week" is never one named day
	edge        int // early, mid or late part of the range
	needsRef    bool
	fromCtx     bool // the year came from an earlier date of the sentence

	approx, reported, since, night, week bool
	between                              bool // "between 5 and 6 August": one uncertain day

	after int // days after the date told before: "two days later"
}

func calSpec(start, end int, a, b cal) spec {
	s := spec{start: start, end: end, isCal: true, a: a, b: b, anchor: Dated}
	if a.y != 0 || b.y != 0 {
		s.anchor = Absolute
	}
	return s
}

func relSpec(start, end, first, last int) spec {
	return spec{start: start, end: end, anchor: Relative, first: first, last: last, needsRef: true}
}

func (p *parser) norm(i int) string {
	if i < 0 || i >= len(p.toks) {
		return ""
	}
	return p.toks[i].Norm
}

func (p *parser) word(i int) word {
	if i < 0 || i >= len(p.toks) {
		return word{}
	}
	return p.lex.lookup(&p.toks[i])
}

func (p *parser) isNumber(i int) bool {
	return i >= 0 && i < len(p.toks) && p.toks[i].Kind == text.Number
}

// before tells whether the tokens just before i are ws, all after lastEnd.
func (p *parser) before(i int, ws ...string) bool {
	if i-len(ws) < p.lastEnd {
		return false
	}
	for k, w := range ws {
		if p.toks[i-len(ws)+k].Norm != w {
			return false
		}
	}
	return true
}

// core reads an expression starting at token i.
func (p *parser) core(i int) (spec, bool) {
	t := &p.toks[i]
	if t.Kind == text.Number {
		return p.number(i)
	}
	if t.Kind != text.Word {
		return spec{}, false
	}
	w := p.lex.lookup(t)
	switch w.c {
	case cMonth:
		return p.month(i)
	case cWeekday:
		return p.weekday(i, i, 0)
	case cDeictic:
		return p.deictic(i)
	case cLast, cThis, cNext:
		return p.modified(i, w.c)
	case cEarlier:
		return p.earlier(i, w.v)
	case cRecent:
		return p.recent(i)
	case cEdge:
		return p.edgeWord(i, w.v)
	case cNum:
		return p.ago(i)
	case cUnit:
		if w.v == uWeekend {
			return p.theWeekend(i)
		}
		return p.ago(i)
	case cNone:
		return p.hyphenEdge(i)
	}
	return spec{}, false
}

// number reads numeric dates, a day before its month, a year after a cue, and "2 days ago".
func (p *parser) number(i int) (spec, bool) {
	t := &p.toks[i]
	if y, m, d, ok := numericDate(t.Norm, p.opt.MonthFirst); ok {
		if y == 0 && !p.slashCue(i) {
			return spec{}, false
		}
		c := cal{y, m, d}
		// Both orders read ("3/4/2024"), and the preferred one lies more
		// than a week after the report while the other does not: a report
		// tells what happened, so the other order is meant.
		if o := (cal{y, d, m}); p.known && y != 0 && m != d && o.valid() && c.firstDay() > p.ref+7 && o.firstDay() <= p.ref {
			c = o
		}
		return calSpec(i, i+1, c, c), true
	}
	if d1, d2, ok := dayOrRange(t.Norm); ok {
		j := i + 1
		if d1 == d2 && p.isConnector(p.norm(j)) && p.isNumber(j+1) {
			if e, ok := dayOf(p.norm(j + 1)); ok && e > d1 {
				d2, j = e, j+2
			}
		}
		if p.norm(j) == "of" {
			j++
		}
		if m, k, ok := p.monthAt(j, false); ok {
			y, k, rel := p.yearAfter(k)
			s := calSpec(i, k, cal{y, m, d1}, cal{y, m, d2})
			if rel {
				s.anchor = Dated
			}
			return s, true
		}
	}
	if y, ok := yearOf(t.Norm); ok && p.yearCue(i) {
		c := cal{y, 0, 0}
		return calSpec(i, i+1, c, c), true
	}
	return p.ago(i)
}

// monthAt reads a month name at i, with the dot of an abbreviation; months
// that are also common words must be capitalised.
func (p *parser) monthAt(i int, needCap bool) (m, next int, ok bool) {
	if i < 0 || i >= len(p.toks) {
		return 0, i, false
	}
	t := &p.toks[i]
	w := p.lex.lookup(t)
	if w.c != cMonth || ((needCap || ambiguousMonth(t.Norm)) && !t.Cap) {
		return 0, i, false
	}
	next = i + 1
	if len(t.Norm) <= 4 && next+1 < len(p.toks) && p.toks[next].Text == "." && !p.toks[next].SpaceBefore {
		next++
	}
	return w.v, next, true
}

// yearAfter reads an optional year after a day and month: ", 2020", "2020",
// "last year", "of this year". rel tells the year came from the reference date.
func (p *parser) yearAfter(j int) (y, next int, rel bool) {
	k := j
	if p.norm(k) == "," {
		k++
	}
	if p.isNumber(k) {
		if y, ok := yearOf(p.norm(k)); ok {
			return y, k + 1, false
		}
	}
	k = j
	if p.norm(k) == "of" {
		k++
	}
	if p.norm(k+1) == "year" {
		switch p.word(k).c {
		case cLast:
			return p.refY - 1, k + 2, true
		case cThis:
			return p.refY, k + 2, true
		}
	}
	return 0, j, false
}

// month reads "February 8", "Feb. 8, 2020", "February 8-10", "February
// 2020", and a bare month after a cue ("in March").
func (p *parser) month(i int) (spec, bool) {
	m, j, ok := p.monthAt(i, false)
	if !ok {
		return spec{}, false
	}
	if p.isNumber(j) {
		if d1, d2, ok := dayOrRange(p.norm(j)); ok {
			k := j + 1
			if d1 == d2 && p.isConnector(p.norm(k)) && p.isNumber(k+1) {
				if e, ok := dayOf(p.norm(k + 1)); ok && e > d1 {
					d2, k = e, k+2
				}
			}
			y, k, rel := p.yearAfter(k)
			s := calSpec(i, k, cal{y, m, d1}, cal{y, m, d2})
			if rel {
				s.anchor = Dated
			}
			return s, true
		}
		if y, ok := yearOf(p.norm(j)); ok {
			c := cal{y, m, 0}
			return calSpec(i, j+1, c, c), true
		}
	}
	if !p.toks[i].Cap || !p.lex.monthCue.Has(p.norm(i-1)) {
		return spec{}, false
	}
	y, k, rel := p.yearAfter(j)
	if k == j && p.isConnector(p.norm(j)) {
		// "in June and July 2024": the year written after the second
		// month is the first's too.
		if _, n, ok := p.monthAt(j+1, true); ok && p.isNumber(n) {
			if yy, ok := yearOf(p.norm(n)); ok {
				y = yy
			}
		}
	}
	s := calSpec(i, k, cal{y, m, 0}, cal{y, m, 0})
	if rel {
		s.anchor = Dated
	}
	return s, true
}

// weekday reads a weekday at i (the expression starting at start): a date
// written after it wins ("Monday, February 10"); else it is counted from
// the reference date, on or before it (mode 0), strictly before (-1) or
// strictly after (+1).
func (p *parser) weekday(start, i, mode int) (spec, bool) {
	wd := p.word(i).v
	k, paren := i+1, false
	switch p.norm(k) {
	case ",":
		k++
	case "(":
		k, paren = k+1, true
	}
	if k < len(p.toks) && (p.isNumber(k) || p.word(k).c == cMonth) {
		if s, ok := p.core(k); ok && s.isCal && s.a == s.b && s.a.d != 0 {
			s.start = start
			if paren && p.norm(s.end) == ")" {
				s.end++
			}
			return s, true
		}
	}
	back := (weekdayOf(p.ref) - wd + 7) % 7
	var d int
	switch mode {
	case 0:
		d = p.ref - back
	case -1:
		if back == 0 {
			back = 7
		}
		d = p.ref - back
	default:
		fwd := (wd - weekdayOf(p.ref) + 7) % 7
		if fwd == 0 {
			fwd = 7
		}
		d = p.ref + fwd
	}
	end := i + 1
	if p.word(end).c == cPart {
		end++
	}
	return relSpec(start, end, d, d), true
}

// deictic reads "yesterday", "today (morning)", "overnight", "the day before yesterday".
func (p *parser) deictic(i int) (spec, bool) {
	if i > 0 && p.lex.idiomBefore.Has(p.norm(i-1)) {
		return spec{}, false // "almost overnight": suddenly, not last night
	}
	w := p.word(i)
	end := i + 1
	if p.word(end).c == cPart {
		end++
	}
	if p.norm(i) == "overnight" {
		return p.nightBefore(i, end), true
	}
	d := p.ref + w.v
	start := i
	if w.v == -1 && p.before(i, "day", "before") {
		start, d = i-2, d-1
		if p.before(start, "the") {
			start--
		}
	}
	return relSpec(start, end, d, d), true
}

// nightBefore is the night from the day before the reference date into it.
func (p *parser) nightBefore(start, end int) spec {
	s := relSpec(start, end, p.ref-1, p.ref)
	s.day, s.hasDay, s.prec = p.ref-1, true, 1
	return s
}

// modified reads what follows last/past/previous, this/current and next/coming.
func (p *parser) modified(i int, c class) (spec, bool) {
	j := i + 1
	w := p.word(j)
	the := p.before(i, "the")
	start := i
	if the {
		start--
	}
	switch {
	case w.c == cWeekday:
		return p.weekday(i, j, shiftOf(c))
	case w.c == cPart && c != cNext:
		if c == cLast {
			return p.nightBefore(i, j+1), true
		}
		return relSpec(i, j+1, p.ref, p.ref), true
	case w.c == cMonth && p.toks[j].Cap:
		y, rm, _ := dayTime(p.ref).Date()
		switch c {
		case cLast:
			if w.v >= int(rm) {
				y--
			}
		case cNext:
			if w.v <= int(rm) {
				y++
			}
		}
		s := calSpec(i, j+1, cal{y, w.v, 0}, cal{y, w.v, 0})
		s.anchor, s.needsRef = Relative, true
		return s, true
	case w.c == cUnit && w.v != uHour:
		if c == cLast && (the || p.norm(i) == "past") && w.v != uWeekend {
			return p.rolling(start, j+1, 1, w.v), true
		}
		return p.calendarUnit(start, j+1, c, w.v)
	case c == cLast:
		// "the last few days", "the past 24 hours", "last two weeks", "the last couple of days"
		n, k := 0, j
		switch {
		case p.isNumber(k):
			v, ok := atoi(p.norm(k))
			if !ok {
				return spec{}, false
			}
			n, k = v, k+1
		case w.c == cNum:
			n, k = w.v, k+1
			if p.norm(k) == "few" || p.norm(k) == "couple" { // "a few"
				n, k = p.word(k).v, k+1
			}
		default:
			return spec{}, false
		}
		if p.norm(k) == "of" {
			k++
		}
		u := p.word(k)
		if u.c != cUnit || u.v == uWeekend {
			return spec{}, false
		}
		return p.rolling(start, k+1, n, u.v), true
	}
	return spec{}, false
}

// rolling is the n units up to the reference date: "the past week", "the last few days".
func (p *parser) rolling(start, end, n, unit int) spec {
	switch n {
	case nFew:
		n = 3
	case nSeveral:
		n = 5
	case nCouple:
		n = 2
	}
	// n days back from the reference date, which reports count in; longer
	// units cover exactly their length ("the past week" is 7 days).
	var back int
	switch unit {
	case uHour:
		back = (n + 23) / 24
	case uDay:
		back = n
	case uWeek:
		back = 7*n - 1
	case uFortnight:
		back = 14*n - 1
	case uMonth:
		back = 30*n - 1
	case uYear:
		back = 365*n - 1
	}
	return relSpec(start, end, p.ref-back, p.ref)
}

// calendarUnit reads last/this/next week, month, year or weekend.
func (p *parser) calendarUnit(start, end int, c class, unit int) (spec, bool) {
	shift := shiftOf(c)
	mon := p.ref - (weekdayOf(p.ref)+6)%7
	switch unit {
	case uWeek:
		f := mon + 7*shift
		s := relSpec(start, end, f, f+6)
		s.day, s.hasDay = f+2, true // ACLED codes the middle of a week as its Wednesday
		return s, true
	case uWeekend:
		sat := mon + 5
		switch {
		case shift < 0:
			sat = mon - 2
		case shift > 0 && p.ref >= sat:
			sat += 7
		}
		return relSpec(start, end, sat, sat+1), true
	case uMonth, uYear, uFortnight:
		y, m, _ := dayTime(p.ref).Date()
		var a cal
		if unit == uYear {
			a = cal{y + shift, 0, 0}
		} else if unit == uMonth {
			t := time.Date(y, m+time.Month(shift), 1, 0, 0, 0, 0, time.UTC)
			a = cal{t.Year(), int(t.Month()), 0}
		} else {
			f := p.ref + 14*shift
			return relSpec(start, end, f-13, f), true
		}
		s := calSpec(start, end, a, a)
		s.anchor, s.needsRef = Relative, true
		return s, true
	}
	return spec{}, false
}

// earlier reads "earlier this week", "later this month", "earlier today", "earlier in the week".
func (p *parser) earlier(i, dir int) (spec, bool) {
	j := i + 1
	switch p.word(j).c {
	case cDeictic:
		if p.norm(j) == "today" || p.norm(j) == "tonight" {
			return relSpec(i, j+1, p.ref, p.ref), true
		}
		return spec{}, false
	case cThis:
	default:
		if !(p.norm(j) == "in" && p.norm(j+1) == "the") {
			return spec{}, false
		}
		j++
	}
	u := p.word(j + 1)
	if u.c != cUnit {
		return spec{}, false
	}
	end := j + 2
	var f, l int
	switch u.v {
	case uDay:
		if j > i+1 {
			// "later in the day": the day of the story told, which a
			// report says before; no day of its own.
			return spec{}, false
		}
		return relSpec(i, end, p.ref, p.ref), true
	case uWeek:
		f = p.ref - (weekdayOf(p.ref)+6)%7
		l = f + 6
	case uMonth:
		y, m, _ := dayTime(p.ref).Date()
		f = dayNum(y, int(m), 1)
		l = dayNum(y, int(m)+1, 1) - 1
	case uYear:
		f = dayNum(p.refY, 1, 1)
		l = dayNum(p.refY, 12, 31)
	default:
		return spec{}, false
	}
	if dir < 0 {
		l = max(f, p.ref-1)
	} else {
		f = min(l, p.ref+1)
	}
	s := relSpec(i, end, f, l)
	s.minPrec = 2
	return s, true
}

// recent reads "recent days", "recent weeks", "recent months".
func (p *parser) recent(i int) (spec, bool) {
	u := p.word(i + 1)
	if u.c != cUnit || u.v == uWeekend || u.v == uHour {
		return spec{}, false
	}
	return p.rolling(i, i+2, nFew, u.v), true
}

// theWeekend reads "the weekend": the last one on or before the reference date.
func (p *parser) theWeekend(i int) (spec, bool) {
	if !p.before(i, "the") {
		return spec{}, false
	}
	mon := p.ref - (weekdayOf(p.ref)+6)%7
	sat := mon + 5
	if p.ref < sat {
		sat -= 7
	}
	return relSpec(i-1, i+1, sat, sat+1), true
}

// edgeWord reads "early March", "late 2019", "mid last month", "the end of
// March", "early on Monday".
func (p *parser) edgeWord(i, e int) (spec, bool) {
	j := i + 1
	switch {
	case p.lex.edgeNoun.Has(p.norm(i)): // "the start of March" needs its "of"
		if p.norm(j) != "of" {
			return spec{}, false
		}
		j++
	default:
		if p.norm(j) == "on" || p.norm(j) == "-" {
			j++
		}
	}
	if j >= len(p.toks) {
		return spec{}, false
	}
	s, ok := p.core(j)
	if !ok {
		return spec{}, false
	}
	s.start = i
	if p.lex.edgeNoun.Has(p.norm(i)) && p.before(i, "the") {
		s.start--
	}
	s.edge = e
	return s, true
}

// hyphenEdge reads "mid-March", "early-2020", "late-December 2019".
func (p *parser) hyphenEdge(i int) (spec, bool) {
	n := p.norm(i)
	var e int
	var rest string
	switch {
	case len(n) > 4 && n[:4] == "mid-":
		e, rest = eMid, n[4:]
	case len(n) > 6 && n[:6] == "early-":
		e, rest = eEarly, n[6:]
	case len(n) > 5 && n[:5] == "late-":
		e, rest = eLate, n[5:]
	default:
		return spec{}, false
	}
	var s spec
	if y, ok := yearOf(rest); ok {
		s = calSpec(i, i+1, cal{y, 0, 0}, cal{y, 0, 0})
	} else if w := p.lex.words[rest]; w.c == cMonth {
		y, k, rel := p.yearAfter(i + 1)
		s = calSpec(i, k, cal{y, w.v, 0}, cal{y, w.v, 0})
		if rel {
			s.anchor = Dated
		}
	} else {
		return spec{}, false
	}
	s.edge = e
	return s, true
}

// later reads "two days later", "a day later", "hours later": days after
// the date told before it, which the sentence or the report gives.
func (p *parser) later(i, end, n, unit int) (spec, bool) {
	lo, hi := vague(n)
	switch {
	case unit == uHour:
		return spec{start: i, end: end, anchor: Later, prec: 1}, true // the same day
	case unit == uDay && lo == hi:
		return spec{start: i, end: end, anchor: Later, after: n, prec: 1}, true
	case unit == uWeek && lo == hi:
		return spec{start: i, end: end, anchor: Later, after: 7 * n, prec: 2}, true
	}
	return spec{}, false
}

// ago reads "2 days ago", "a week ago", "a few days ago", "days ago".
func (p *parser) ago(i int) (spec, bool) {
	j, n := i, 0
	t := &p.toks[i]
	switch w := p.lex.lookup(t); {
	case t.Kind == text.Number:
		v, ok := atoi(t.Norm)
		if !ok {
			return spec{}, false
		}
		n, j = v, j+1
	case w.c == cNum:
		n, j = w.v, j+1
		if n == 1 && (p.norm(j) == "few" || p.norm(j) == "couple") {
			n, j = p.word(j).v, j+1
		}
		if p.norm(j) == "of" {
			j++
		}
	case w.c == cUnit:
		n = nSeveral
	default:
		return spec{}, false
	}
	u := p.word(j)
	if u.c == cUnit && p.norm(j+1) == "later" {
		return p.later(i, j+2, n, u.v)
	}
	if u.c != cUnit || u.v == uWeekend || p.norm(j+1) != "ago" {
		return spec{}, false
	}
	end := j + 2
	lo, hi := vague(n)
	var per, slack int
	switch u.v {
	case uHour:
		d := p.ref - lo/24
		return relSpec(i, end, d, d), true
	case uDay:
		per = 1
	case uWeek:
		per, slack = 7, 3
	case uFortnight:
		per, slack = 14, 3
	case uMonth:
		per, slack = 30, 15
	case uYear:
		per, slack = 365, 182
	}
	if lo == hi {
		c := p.ref - n*per
		s := relSpec(i, end, c-slack, min(c+slack, p.ref))
		s.day, s.hasDay = c, true
		return s, true
	}
	return relSpec(i, end, p.ref-hi*per-slack, min(p.ref-lo*per+slack, p.ref)), true
}

// rangeTail joins "3 March to 5 April", "between December 2019 and January 2020".
func (p *parser) rangeTail(s *spec) {
	if !s.isCal || s.end+1 >= len(p.toks) {
		return
	}
	c := p.norm(s.end)
	if !p.isConnector(c) || (c == "and" && !p.before(s.start, "between")) {
		return
	}
	t, ok := p.core(s.end + 1)
	if !ok || !t.isCal || t.edge != 0 || s.edge != 0 {
		return
	}
	s.b, s.end = t.b, t.end
	if t.anchor == Absolute {
		s.anchor = Absolute
	}
}

// extend takes in the words around a core that loosen or bound it.
func (p *parser) extend(s *spec) {
	p.rangeTail(s)
	for {
		i := s.start
		switch {
		case p.before(i, "night", "of"):
			s.night, s.start = true, i-2
		case p.before(i, "hours", "of"):
			s.start = i - 2
			if w := p.norm(s.start - 1); (w == "early" || w == "small" || w == "wee") && s.start-1 >= p.lastEnd {
				s.start--
			}
		case p.before(i, "reported", "on"):
			s.reported, s.start = true, i-2
			if p.before(s.start, "as") {
				s.start--
			}
		case p.before(i, "week", "beginning"), p.before(i, "week", "starting"), p.before(i, "week", "commencing"), p.before(i, "week", "of"):
			s.week, s.start = true, i-2
			if p.before(s.start, "the") {
				s.start--
			}
		case p.before(i, "or", "before"):
			s.reported, s.start = true, i-2
			if p.before(s.start, "on") {
				s.start--
			}
		case p.before(i, "as", "of"):
			s.reported, s.start = true, i-2
		case p.before(i, "or", "about"), p.before(i, "or", "around"):
			s.approx, s.start = true, i-2
			if p.before(s.start, "on") {
				s.start--
			}
		case i-1 >= p.lastEnd && p.word(i-1).c == cApprox:
			s.approx, s.start = true, i-1
		case p.before(i, "since"):
			s.since, s.needsRef, s.minPrec, s.start = true, true, 2, i-1
		case (p.before(i, "between") || p.before(i, "from")) && s.isCal && s.a != s.b:
			s.between, s.start = p.norm(i-1) == "between", i-1
		case i-1 >= p.lastEnd && p.word(i-1).c == cEdge && !p.lex.edgeNoun.Has(p.norm(i-1)):
			// "early Monday", "late on Sunday": the day stays the day
			s.start = i - 1
		case p.before(i, "the") && (p.norm(i) == "night" || p.norm(i) == "hours" || p.norm(i) == "early"):
			s.start = i - 1
		default:
			if p.exactUnknown(s.end) {
				s.approx = true
			}
			return
		}
	}
}

// exactUnknown tells whether a note such as "(exact date not reported)" or
// "date unknown" follows the expression.
func (p *parser) exactUnknown(end int) bool {
	for k := end; k < end+6 && k+1 < len(p.toks); k++ {
		if p.lex.dateUnknown[[2]string{p.toks[k].Norm, p.toks[k+1].Norm}] {
			return true
		}
	}
	return false
}

// finish resolves s into an Expr; ok is false for impossible dates.
func (p *parser) finish(s *spec) (Expr, bool) {
	if s.anchor == Later {
		e := Expr{Start: s.start, End: s.end, Span: text.Span{Start: p.toks[s.start].Start, End: p.toks[s.end-1].End},
			Precision: s.prec, Anchor: Later, After: s.after}
		if p.hasCtx {
			d := dayTime(p.ctx + s.after)
			e.Day, e.First, e.Last = d, d, d
		}
		return e, true
	}
	if s.isCal && !p.resolveCal(s) {
		return Expr{}, false
	}
	if s.edge != 0 && s.last > s.first {
		third := (s.last - s.first + 1) / 3
		if third > 0 {
			switch s.edge {
			case eEarly:
				s.last = s.first + third - 1
			case eMid:
				s.first, s.last = s.first+third, s.last-third
			case eLate:
				s.first = s.last - third + 1
			}
			s.hasDay = false
		}
	}
	single := s.first == s.last
	switch {
	case s.since && s.first <= p.ref:
		s.last, s.hasDay = p.ref, false
	case s.night && s.last == s.first+1:
		// "the night of 11 to 12 June": ACLED codes the morning's date.
		s.day, s.hasDay, s.prec = s.last, true, 1
	case s.night && single:
		s.day, s.hasDay, s.prec = s.first, true, 1
		s.last = s.first + 1
	case s.week && single:
		s.day, s.hasDay = s.first+2, true
		s.last = s.first + 6
	case s.reported && single:
		s.day, s.hasDay = s.first, true
		s.first -= 6
	case s.approx && single:
		s.day, s.hasDay = s.first, true
		s.first, s.last = s.first-3, s.last+3
	}
	if !s.hasDay {
		s.day = s.first + (s.last-s.first)/2
	}
	if s.prec == 0 {
		switch n := s.last - s.first + 1; {
		case n <= 1:
			s.prec = 1
		case n <= 7:
			s.prec = 2
		default:
			s.prec = 3
		}
	}
	s.prec = max(s.prec, s.minPrec)
	e := Expr{
		Start:     s.start,
		End:       s.end,
		Span:      text.Span{Start: p.toks[s.start].Start, End: p.toks[s.end-1].End},
		Precision: s.prec,
		Anchor:    s.anchor,
	}
	if n := s.last - s.first + 1; s.isCal && s.a.d != 0 && s.b.d != 0 && n >= 2 && n <= MaxDays &&
		!s.between && !s.approx && !s.since && !s.night && !s.week && !s.reported && s.edge == 0 {
		e.Days = n
	}
	if p.known || (s.anchor == Absolute || (s.anchor == Dated && s.fromCtx)) && !s.needsRef {
		e.Day, e.First, e.Last = dayTime(s.day), dayTime(s.first), dayTime(s.last)
	}
	if s.anchor == Absolute && s.isCal {
		p.ctx, p.hasCtx = s.day, true
	}
	return e, true
}

// resolveCal turns the calendar range of s into days, taking missing years
// from the other end of the range or from the reference date.
func (p *parser) resolveCal(s *spec) bool {
	a, b := s.a, s.b
	if a.y == 0 && b.y != 0 {
		a.y = b.y
		if calBefore(b, a) {
			a.y--
		}
	}
	if a.y == 0 {
		ref := p.ref
		if p.hasCtx {
			ref, s.fromCtx = p.ctx, true
		}
		a.y = dayTime(ref).Year()
		if dayNum(a.y, a.m, max(a.d, 1)) > ref+7 {
			a.y--
		}
	}
	if b.y == 0 {
		b.y = a.y
		if calBefore(b, a) {
			b.y++
		}
	}
	if !a.valid() || !b.valid() {
		return false
	}
	s.first, s.last = a.firstDay(), b.lastDay()
	if s.last < s.first {
		return false
	}
	if a == b && a.m != 0 && a.d == 0 && s.edge == 0 {
		s.day, s.hasDay = dayNum(a.y, a.m, 15), true
	}
	return true
}

func shiftOf(c class) int {
	switch c {
	case cLast:
		return -1
	case cNext:
		return 1
	}
	return 0
}
