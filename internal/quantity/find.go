package quantity

import (
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// maxValue bounds what is read as a number; longer digit strings are codes.
const maxValue = 1 << 50

// num is a number as written, before its context is known.
type num struct {
	start, end int
	lo, hi     int
	rng        bool      // a range: lo < hi
	vague      bool      // a word for a conventional figure
	article    bool      // "a"/"an" before a noun for people
	decimal    bool      // not whole and not scaled to a whole ("2.5")
	kind       Kind      // forced by the token's form ("5th", "6pm", "12-year-old"); 0 when context decides
	qual       Qualifier // from the token's form ("20-odd", "20-plus")
	digits     int       // digits written, for years and phone numbers
	comma      bool      // written with thousands separators
	lead0      bool      // written with a leading zero
	words      bool      // written in words
	head       int       // for an article, the noun it counts (-1: none)
}

// at reads a quantity starting at token i.
func (l *Lexicon) at(toks []text.Token, skip []bool, i int) (Quantity, bool) {
	q := Quantity{Start: i, Head: -1}
	j := i
	qualEnd, qp := l.qualifier.match(toks, i)
	if qp != nil && !l.numberAt(toks, qualEnd) {
		qp = nil
	}
	if qp == nil && !l.numberAt(toks, i) {
		return Quantity{}, false // "at", "in", "from" without a number
	}
	hasQual := qp != nil
	if hasQual {
		q.Qualifier, q.Qual, j = Qualifier(qp.val), qp.text, qualEnd
	}
	n, ok := l.number(toks, skip, j)
	if !ok {
		return Quantity{}, false
	}
	end := n.end

	// A second number makes a range: "between 1,200 and 1,500", "from 10 to
	// 15", "1,200 to 1,500", "five or six".
	if !n.rng && !n.vague && !n.article && end+1 < len(toks) && !masked(skip, end) {
		c := toks[end].Norm
		okConn := c == "to" || c == "-" || c == "or" || (c == "and" && q.Qualifier == Between)
		if q.Qualifier == From && c != "to" && c != "-" {
			okConn = false
		}
		if okConn {
			if m, ok := l.number(toks, skip, end+1); ok && !m.rng && !m.vague && !m.article && m.lo > n.lo && m.kind == n.kind {
				n.hi, n.rng, end = m.lo, true, m.end
				n.digits, n.comma = max(n.digits, m.digits), n.comma || m.comma
			}
		}
	}
	if (q.Qualifier == Between || q.Qualifier == From) && !n.rng {
		// "between" without "and": the qualifier was a preposition.
		q.Start, q.Qualifier, q.Qual = j, Exact, ""
	}
	if n.rng && q.Qualifier != From {
		q.Qualifier = Between
	}
	if n.qual != Exact {
		q.Qualifier, q.Qual = n.qual, n.qual.String()
	}
	if sEnd, sp := l.suffix.match(toks, end); sp != nil && !n.rng && !masked(skip, sEnd-1) {
		q.Qualifier, q.Qual, end = Qualifier(sp.val), sp.text, sEnd
	}
	q.End = end
	q.Vague, q.Article = n.vague, n.article

	q.Kind = l.classify(toks, skip, j, end, &n)
	switch {
	case q.Kind == Age && l.duration.has(toks, end) && tokNorm(toks, end+1) == "old":
		end += 2 // "12 years old"
	case q.Kind == Phone:
		for end < len(toks) && toks[end].Kind == text.Number && toks[end].SpaceBefore && !masked(skip, end) {
			end++ // "0722 123 456"
		}
	}
	q.End = end
	if q.Kind != Count && q.Kind != Measure && q.Kind != Money && hasQual && !n.rng {
		// "over 2019" or "around 6 p.m." are not qualified counts; keep the number alone.
		q.Start, q.Qualifier, q.Qual = j, Exact, ""
	}
	q.Low, q.high, q.closed = bounds(q.Qualifier, &n)
	switch {
	case n.article:
		q.Head = n.head
	case q.Kind == Count || q.Kind == Age:
		q.Head = l.head(toks, skip, end)
	}
	return q, true
}

// bounds turns a number and its qualifier into ACLED's range; closed is
// false when the range is open above.
func bounds(qual Qualifier, n *num) (low, high int, closed bool) {
	switch {
	case n.rng:
		return n.lo, n.hi, true
	case n.vague:
		if qual == MoreThan {
			return n.lo + 1, 0, false
		}
		return n.lo, 0, false
	}
	switch qual {
	case AtLeast:
		return n.lo, 0, false
	case MoreThan:
		return n.lo + 1, 0, false
	case UpTo:
		return min(1, n.lo), n.lo, true
	case LessThan:
		hi := max(n.lo-1, 0)
		return min(1, hi), hi, true
	}
	return n.lo, n.hi, true
}

// number reads a number at token j: digits ("2,500", "1.5 million", "1-2"),
// words ("twenty-one", "a hundred", "two dozen"), vague words ("dozens",
// "several hundred") or an article before a noun for people.
func (l *Lexicon) number(toks []text.Token, skip []bool, j int) (num, bool) {
	if j >= len(toks) || masked(skip, j) {
		return num{}, false
	}
	t := &toks[j]
	if t.Kind == text.Number {
		n, ok := l.digits(t.Norm)
		if !ok {
			return num{}, false
		}
		n.start, n.end = j, j+1
		if n.kind == 0 && !n.rng {
			l.scale(toks, skip, &n)
		}
		return n, true
	}
	if t.Kind != text.Word {
		return num{}, false
	}
	if end, p := l.vague.match(toks, j); p != nil && !masked(skip, end-1) {
		n := num{start: j, end: end, lo: p.val, hi: p.val, vague: true, words: true}
		// "several hundred", "a few thousand": two of them.
		if m := multiplier(tokNorm(toks, end)); m > 1 && !masked(skip, end) {
			n.lo, n.hi, n.end = 2*m, 2*m, end+1
		}
		return n, true
	}
	if n, ok := words(toks, skip, j); ok {
		return n, true
	}
	if t.Norm == "a" || t.Norm == "an" {
		if h, ok := l.countsPerson(toks, skip, j+1); ok {
			return num{start: j, end: j + 1, lo: 1, hi: 1, article: true, words: true, head: h}, true
		}
	}
	if (t.Norm == "his" || t.Norm == "her" || t.Norm == "their") && j > 0 && toks[j-1].Norm == "and" {
		// "killed a chief and his wife": the possessive after "and" counts
		// one more person, as an article would.
		if h, ok := l.countsPerson(toks, skip, j+1); ok && h >= 0 {
			return num{start: j, end: j + 1, lo: 1, hi: 1, article: true, words: true, head: h}, true
		}
	}
	return num{}, false
}

// numberAt tells cheaply whether a number may start at token i.
func (l *Lexicon) numberAt(toks []text.Token, i int) bool {
	if i >= len(toks) {
		return false
	}
	t := &toks[i]
	switch t.Kind {
	case text.Number:
		return true
	case text.Word:
		if l.numStarts[t.Norm] {
			return true
		}
		_, ok := smallWord(t.Norm)
		return ok
	}
	return false
}

func tokNorm(toks []text.Token, i int) string {
	if i >= 0 && i < len(toks) {
		return toks[i].Norm
	}
	return ""
}

// scale applies a multiplier word after digits: "1.5 million", "3 dozen".
func (l *Lexicon) scale(toks []text.Token, skip []bool, n *num) {
	if masked(skip, n.end) {
		return
	}
	m := multiplier(tokNorm(toks, n.end))
	if m == 0 || n.lo > maxValue/m {
		return
	}
	v := toks[n.start].Norm
	n.lo = scaled(v, m)
	n.hi, n.decimal, n.end = n.lo, false, n.end+1
}

// scaled returns the digits of v (commas and one decimal point allowed) times m.
func scaled(v string, m int) int {
	whole, frac := 0, 0
	fracDigits, inFrac := 0, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '.':
			inFrac = true
		case c >= '0' && c <= '9' && inFrac:
			if fracDigits < 9 {
				frac, fracDigits = frac*10+int(c-'0'), fracDigits+1
			}
		case c >= '0' && c <= '9':
			whole = whole*10 + int(c-'0')
		}
	}
	p := 1
	for range fracDigits {
		p *= 10
	}
	return whole*m + frac*m/p
}

// words reads a number in words: "five", "twenty-one", "twenty one", "a
// hundred", "two hundred and fifty", "three thousand", "a dozen", "two dozen".
func words(toks []text.Token, skip []bool, j int) (num, bool) {
	total, cur, k := 0, 0, j
	seen := false
	for ; k < len(toks) && !masked(skip, k); k++ {
		w := toks[k].Norm
		if !seen && (w == "a" || w == "an") {
			if multiplier(tokNorm(toks, k+1)) == 0 {
				return num{}, false
			}
			cur = 1
			continue
		}
		if m := multiplier(w); m > 0 {
			if cur == 0 {
				if !seen {
					break
				}
				cur = 1
			}
			if m == 100 {
				cur *= 100
			} else {
				total += cur * m
				cur = 0
			}
			seen = true
			continue
		}
		if v, ok := smallWord(w); ok {
			if r := cur % 100; seen && !(r == 0 || (r >= 20 && r%10 == 0 && v < 10)) {
				break // "five six" is two numbers; "twenty one" is one
			}
			cur += v
			seen = true
			continue
		}
		if w == "and" && seen && (cur >= 100 || total > 0) && k+1 < len(toks) {
			if _, ok := smallWord(toks[k+1].Norm); ok {
				continue
			}
		}
		break
	}
	if !seen {
		return num{}, false
	}
	v := total + cur
	return num{start: j, end: k, lo: v, hi: v, words: true}, true
}

// smallWord reads "five", "twenty", "twenty-one".
func smallWord(w string) (int, bool) {
	if v, ok := numberWords[w]; ok && v < 100 && w != "dozen" {
		return v, true
	}
	a, b, ok := strings.Cut(w, "-")
	if !ok {
		return 0, false
	}
	tens, ok1 := numberWords[a]
	ones, ok2 := numberWords[b]
	if !ok1 || !ok2 || tens < 20 || tens%10 != 0 || tens >= 100 || ones < 1 || ones > 9 {
		return 0, false
	}
	return tens + ones, true
}

// countsPerson tells whether the words from i name people that an article
// counts: "a man", "a police officer", "a suspected crime gang leader", "a
// 60-year-old woman". The words before the noun may be anything but stop
// words and verbs (participles not listed as modifiers end the search).
//
// It returns the noun's token index, or -1 with ok when an age stands for the
// person ("a 14 year old", "a nine-year-old").
func (l *Lexicon) countsPerson(toks []text.Token, skip []bool, i int) (head int, ok bool) {
	age := false
	for k := i; k < len(toks) && k < i+5 && !masked(skip, k); k++ {
		t := &toks[k]
		switch {
		case t.Kind == text.Number:
			age = age || isAgeWord(t.Norm)
			continue // an age: "a 60 year-old woman"
		case t.Kind != text.Word || l.stop[t.Norm]:
			return -1, age
		case l.person[t.Norm]:
			return k, true
		case t.Norm == "old" || isAgeWord(t.Norm):
			age = true
		case l.modifier[t.Norm]:
		case len(t.Norm) > 4 && (strings.HasSuffix(t.Norm, "ed") || strings.HasSuffix(t.Norm, "ing")):
			return -1, false
		}
	}
	return -1, age
}

// Person tells whether w is a noun of people the lexicon counts, singular
// or plural ("miner", "miners", "fishermen", "families").
func (l *Lexicon) Person(w string) bool {
	switch {
	case l.person[w]:
		return true
	case strings.HasSuffix(w, "men"):
		return l.person[w[:len(w)-3]+"man"]
	case strings.HasSuffix(w, "ies"):
		return l.person[w[:len(w)-3]+"y"]
	case strings.HasSuffix(w, "es") && l.person[w[:len(w)-2]]:
		return true
	case strings.HasSuffix(w, "s"):
		return l.person[w[:len(w)-1]]
	}
	return false
}

func isAgeWord(w string) bool {
	return strings.HasSuffix(w, "year-old") || strings.HasSuffix(w, "years-old")
}

// digits reads a number token: "5", "2,500", "1.5", "1-2", "1,200-1,500",
// "20-odd", "5th", "6pm", "5km", "12-year-old", "2A4", "05/09", "1990s".
func (l *Lexicon) digits(s string) (num, bool) {
	var n num
	i := 0
	v, dot := 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if n.digits >= 15 {
				return num{lo: 0, hi: 0, kind: Name, digits: n.digits}, true // an id or a code
			}
			if !dot {
				v = v*10 + int(c-'0')
			}
			n.digits++
			continue
		case c == ',' && !dot:
			n.comma = true
			continue
		case c == '.' && !dot && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			dot = true
			continue
		}
		break
	}
	if n.digits == 0 {
		return num{}, false
	}
	n.lo, n.hi, n.lead0 = v, v, s[0] == '0' && n.digits > 1
	if dot {
		n.decimal = true
	}
	rest := s[i:]
	switch {
	case rest == "":
	case rest[0] == '/' || (rest[0] == '.' && dot) || (rest[0] == '-' && len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9' && strings.Count(rest, "-") > 1):
		n.kind = Date // 05/09, 2020-02-08, 8.2.2020: numeric dates timex did not claim
	case rest[0] == '-':
		r := rest[1:]
		if m, ok := l.digits(r); ok && m.kind == 0 && !m.rng {
			if m.lo <= n.lo || m.decimal || n.decimal {
				n.kind = Name // "2-1", "4-3": a score or a code
			} else {
				n.hi, n.rng = m.lo, true
				n.digits, n.comma = max(n.digits, m.digits), n.comma || m.comma
			}
			break
		}
		n.kind, n.qual = l.hyphenSuffix(r)
	default:
		n.kind = l.glued(rest, n.digits)
		m := 0
		switch rest {
		case "k":
			m = 1000
		case "m", "mn":
			m = 1000000
		case "bn":
			m = 1000000000
		}
		if m > 0 && n.lo <= maxValue/m {
			n.lo = scaled(s[:i], m) // "$5m", "1.2bn"
			n.hi, n.decimal = n.lo, false
		}
	}
	return n, true
}

// hyphenSuffix classifies the word after "N-": "12-year-old" is an age,
// "10-year" a duration, "20-odd" and "20-plus" counts, "5,000-strong" a
// count, "12-member" a measure. The "-old" compounds are word formation,
// grammar; the rest are the lexicon's hyphen-suffix and hyphen-duration.
func (l *Lexicon) hyphenSuffix(w string) (Kind, Qualifier) {
	if q, ok := l.hyphenQual[w]; ok {
		return 0, q
	}
	if strings.HasPrefix(w, "year-old") || strings.HasPrefix(w, "years-old") || strings.HasPrefix(w, "month-old") ||
		strings.HasPrefix(w, "week-old") || strings.HasPrefix(w, "day-old") {
		return Age, Exact
	}
	if l.hyphenDuration.Has(w) {
		return Duration, Exact
	}
	return Measure, Exact
}

// glued classifies letters glued to digits: "5th", "6pm", "5km", "1990s",
// "2A4". Ordinal endings, the multipliers and the plural "s" are grammar;
// the times and units are the lexicon's glued-time and glued-unit.
func (l *Lexicon) glued(rest string, nd int) Kind {
	switch rest {
	case "st", "nd", "rd", "th": // English ordinal endings: grammar
		return Ordinal
	case "m", "bn", "k":
		return 0 // a multiplier: "$5m"; context decides
	case "s":
		if nd == 4 {
			return Year // 1990s
		}
		return Age // "in their 20s"
	}
	switch {
	case l.gluedTime.Has(rest):
		return Time
	case l.gluedUnit.Has(rest):
		return Measure
	}
	return Name // 2A4, 9mm-style codes and the like
}

// classify decides what kind of number n is from its form and its
// neighbours; i is where the quantity starts, j where the number starts.
func (l *Lexicon) classify(toks []text.Token, skip []bool, j, end int, n *num) Kind {
	if n.vague || n.article {
		return Count
	}
	// Masked neighbours belong to what another reader found: they say nothing here.
	prev, next := tokNorm(toks, j-1), tokNorm(toks, end)
	if masked(skip, j-1) {
		prev = ""
	}
	if masked(skip, end) {
		next = ""
	}
	if n.kind != 0 {
		if n.kind == Age || n.kind == Measure || n.kind == Duration {
			return n.kind
		}
		if n.kind == Ordinal && (isMonth(next) || (next == "of" && isMonth(tokNorm(toks, end+1))) || isMonth(prev)) {
			return Date
		}
		return n.kind
	}
	switch {
	case l.moneyBefore[prev] || (j >= 2 && l.moneyBefore[tokNorm(toks, j-2)] && (prev == "." || prev == "$")):
		return Money
	case l.ageBefore[prev]:
		return Age
	}
	if l.moneyAfter.has(toks, end) {
		return Money
	}
	if l.percent.has(toks, end) {
		return Percent
	}
	if _, p := l.timeAfter.match(toks, end); p != nil && !n.words && !n.comma && !n.rng && l.clockTime(p.text, n) {
		return Time
	}
	if !n.words && !n.comma && !n.decimal {
		if next == ":" && end+1 < len(toks) && toks[end+1].Kind == text.Number && toks[end].Off == toks[end-1].OffEnd {
			return Time // 6:30
		}
		if isMonth(next) || (isMonth(prev) && n.lo >= 1 && n.lo <= 31) || (next == "of" && isMonth(tokNorm(toks, end+1))) {
			return Date
		}
		if l.phone(toks, j, end, n) {
			return Phone
		}
	}
	if l.unit.has(toks, end) && !n.words {
		return Measure
	}
	if next == "year-old" || next == "years-old" || next == "yr-old" {
		return Age // "60 year-old"
	}
	if l.duration.has(toks, end) {
		if tokNorm(toks, end+1) == "old" {
			return Age // "12 years old"
		}
		return Duration
	}
	if !n.words && !n.comma && !n.decimal && n.digits == 4 && n.lo >= 1900 && n.hi <= 2100 && l.isYear(toks, j, end) {
		return Year
	}
	if n.decimal {
		return Measure
	}
	if !n.words && l.isName(toks, j, end) {
		return Name
	}
	return Count
}

// clockTime tells whether n before the word w is a time of day: "6 p.m.",
// "6.30 pm", "0600 hrs" (a military time needs four digits).
func (l *Lexicon) clockTime(w string, n *num) bool {
	if l.twelveHour.Has(w) {
		return n.lo >= 0 && n.lo <= 12
	}
	return n.digits == 4 && !n.decimal && n.lo%100 < 60 && n.lo/100 < 24
}

// isMonth tells a month name or abbreviation, from the project's one month table.
func isMonth(w string) bool { return text.Month(w) > 0 }

// phone tells whether digits at j are (part of) a phone number: a leading
// zero or a plus and seven or more digits, possibly in groups.
func (l *Lexicon) phone(toks []text.Token, j, end int, n *num) bool {
	if n.rng || n.comma {
		return false
	}
	total := n.digits
	for k := end; k < len(toks) && toks[k].Kind == text.Number && toks[k].SpaceBefore; k++ {
		total += len(toks[k].Norm)
	}
	plus := j > 0 && toks[j-1].Text == "+"
	return (n.lead0 || plus) && total >= 7 || total >= 10 && !n.comma
}

// isYear tells whether a four-digit number at j is a year: after "in",
// "since", "the", or not followed by a noun it would count.
func (l *Lexicon) isYear(toks []text.Token, j, end int) bool {
	switch prev := tokNorm(toks, j-1); {
	case prev == "-" || prev == ",": // "2019-2020", "May, 2020": punctuation, grammar
		return true
	case l.yearBefore.Has(prev):
		return true
	}
	if end >= len(toks) {
		return true
	}
	t := &toks[end]
	return t.Kind != text.Word || t.Cap || l.stop[t.Norm]
}

// isName tells whether a number at j belongs to a name: "Rashideen 4",
// "Route 5", "No. 3", "Form 4 students".
func (l *Lexicon) isName(toks []text.Token, j, end int) bool {
	if j == 0 {
		return false
	}
	prev := &toks[j-1]
	if prev.Norm == "." && j >= 2 && (toks[j-2].Norm == "no" || toks[j-2].Norm == "nos") {
		return true
	}
	if l.nameBefore[prev.Norm] && (prev.Cap || prev.Norm == "no") {
		return true
	}
	if prev.Kind != text.Word || !prev.Cap || j-1 == 0 || isMonth(prev.Norm) || l.starts[prev.Norm] || l.stop[prev.Norm] {
		return false
	}
	// A capitalised word inside the sentence, then the number, then no noun it counts.
	if end >= len(toks) {
		return true
	}
	t := &toks[end]
	return t.Kind != text.Word || l.stop[t.Norm] || t.Cap
}

// head finds the noun a number counts among the words after it. Modifiers
// (listed, capitalised, hyphenated, or participles before a noun) and other
// singular words may come first; a plural ends the search as the noun; a
// stop word, a verb or punctuation ends it with the last word seen ("5
// Kenyans", "5 dead", "two police were").
func (l *Lexicon) head(toks []text.Token, skip []bool, k int) int {
	if tokNorm(toks, k) == "of" {
		k++
		if l.ofDeterminer.Has(tokNorm(toks, k)) {
			k++
		}
	}
	cand, noun := -1, false // the last word seen; whether it was a plain word, likely a noun
	for n := 0; k < len(toks) && n < 5 && !masked(skip, k); k, n = k+1, n+1 {
		t := &toks[k]
		if t.Kind != text.Word || l.stop[t.Norm] {
			break
		}
		w := t.Norm
		switch {
		case l.modifier[w] || isHyphenated(w) || t.Cap:
			cand, noun = k, false
			continue
		case strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing"):
			if !noun && l.contentAt(toks, k+1) {
				cand = k // "5 armed men": it modifies the noun after it
				continue
			}
			if cand >= 0 {
				return cand // "5 Kenyans killed", "one person suffered": the participle is the verb
			}
			return k // "5 killed": the participle stands for the people
		case len(w) > 4 && strings.HasSuffix(w, "ly"):
			return cand // "5 reportedly killed"
		case l.plural(w):
			return k
		}
		cand, noun = k, true
	}
	return cand
}

// plural tells whether w looks like a plural noun: listed, or by its ending.
func (l *Lexicon) plural(w string) bool {
	if l.pluralNoun.Has(w) {
		return true
	}
	n := len(w)
	if n >= 3 && w[n-3:] == "men" { // "men", "gunmen", "policemen"
		return true
	}
	return n > 3 && w[n-1] == 's' && w[n-2] != 's' && w[n-2] != 'u' && w[n-2] != 'i'
}

// contentAt tells whether token k is a word that can belong to a noun phrase.
func (l *Lexicon) contentAt(toks []text.Token, k int) bool {
	if k >= len(toks) || toks[k].Kind != text.Word || l.stop[toks[k].Norm] {
		return false
	}
	_, num := numberWords[toks[k].Norm]
	return !num
}

func isHyphenated(w string) bool {
	i := strings.IndexByte(w, '-')
	return i > 0 && i < len(w)-1
}
