package timex

import (
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/datafile"
	"github.com/sitrep/sitrep/internal/text"
)

// The words a date is read with are data (data/timex.txt, which the user's
// timex.txt extends); what each class of them does, and the fixed patterns
// ("the night of", "as reported on"), are grammar, in parse.go. The month
// and weekday names are the project's one calendar table, in package text.

//go:embed data/timex.txt
var defaultData string

// FileName is the name of the user's lexicon file in the directory given to Load.
const FileName = "timex.txt"

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

// Lexicon holds the words dates are read with. It is immutable once built
// and safe for concurrent use.
type Lexicon struct {
	words  map[string]word
	filter [64]uint64 // see maybeWord
	maxLen int        // bytes of the longest word

	connector, monthCue, slashCue, yearCue, countNoun, edgeNoun, idiomBefore *text.Set
	lastingCue, lastingSteady, lastingNotBefore, lastingNotAfter             *text.Set
	dayWords                                                                 []string // the [unit] words of days, for Lastings
	dateUnknown                                                              map[[2]string]bool
}

var defaultLexicon = sync.OnceValue(func() *Lexicon {
	l := newLexicon()
	if err := l.read("data/timex.txt", defaultData); err != nil {
		panic(err) // the embedded file is tested
	}
	l.index()
	return l
})

// Default returns the embedded lexicon.
func Default() *Lexicon { return defaultLexicon() }

// Load returns the embedded lexicon extended by dir/timex.txt when it
// exists; entries there add to the embedded ones and override their values.
func Load(dir string) (*Lexicon, error) {
	l := newLexicon()
	err := datafile.Read(strings.NewReader(defaultData), "data/timex.txt", dir, FileName, func(r io.Reader, source string) error {
		b, err := io.ReadAll(r)
		if err != nil {
			return fmt.Errorf("%s: %w", source, err)
		}
		return l.read(source, string(b))
	})
	if err != nil {
		return nil, err
	}
	l.index()
	return l, nil
}

func newLexicon() *Lexicon {
	l := &Lexicon{words: map[string]word{}, connector: text.NewSet(), monthCue: text.NewSet(),
		slashCue: text.NewSet(), yearCue: text.NewSet(), countNoun: text.NewSet(), edgeNoun: text.NewSet(), idiomBefore: text.NewSet(),
		lastingCue: text.NewSet(), lastingSteady: text.NewSet(), lastingNotBefore: text.NewSet(), lastingNotAfter: text.NewSet(),
		dateUnknown: map[[2]string]bool{}}
	for m := 1; m <= 12; m++ {
		for _, n := range text.MonthNames(m) {
			l.words[n] = word{cMonth, m}
		}
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		l.words[text.WeekdayName(d)] = word{cWeekday, int(d)}
	}
	return l
}

// classes maps the sections of words with a class to it, and says what
// values the section takes: nil for none, else the names it knows (a nil
// map with numbers allowed is "int").
var classes = map[string]struct {
	c      class
	values map[string]int
	ints   bool
}{
	"deictic": {c: cDeictic, ints: true},
	"part":    {c: cPart},
	"unit": {c: cUnit, values: map[string]int{"day": uDay, "week": uWeek, "fortnight": uFortnight, "month": uMonth,
		"year": uYear, "hour": uHour, "weekend": uWeekend}},
	"last":    {c: cLast},
	"this":    {c: cThis},
	"next":    {c: cNext},
	"earlier": {c: cEarlier, values: map[string]int{"-1": -1, "1": 1}},
	"recent":  {c: cRecent},
	"edge":    {c: cEdge, values: map[string]int{"early": eEarly, "mid": eMid, "late": eLate}},
	"number":  {c: cNum, ints: true, values: map[string]int{"few": nFew, "several": nSeveral, "couple": nCouple}},
	"approx":  {c: cApprox},
}

// read adds the entries of one lexicon file; name is for messages.
func (l *Lexicon) read(name, data string) error {
	section := ""
	for n, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '[' && line[len(line)-1] == ']' {
			section = line[1 : len(line)-1]
			continue
		}
		bad := func(why string) error { return fmt.Errorf("%s:%d: %q: %s", name, n+1, line, why) }
		key, value, hasValue := strings.Cut(line, " = ")
		ws := strings.Fields(text.Fold(key))
		value = strings.TrimSpace(value)
		if len(ws) == 0 {
			return bad("empty entry")
		}
		if cl, ok := classes[section]; ok {
			if len(ws) != 1 {
				return bad("this section takes single words")
			}
			w := word{c: cl.c}
			switch v, named := cl.values[value]; {
			case cl.values == nil && !cl.ints:
				if hasValue {
					return bad("this section takes no value")
				}
			case !hasValue:
				return bad("this section takes \" = value\"")
			case named:
				w.v = v
			case cl.ints:
				i, err := strconv.Atoi(value)
				if err != nil || i < 0 && section == "number" || i > 1000 || i < -1000 {
					return bad("want a number")
				}
				w.v = i
			default:
				return bad(fmt.Sprintf("unknown value %q", value))
			}
			l.words[ws[0]] = w
			continue
		}
		var set *text.Set
		switch section {
		case "date-unknown":
			if len(ws) != 2 || hasValue {
				return bad("this section takes two words")
			}
			l.dateUnknown[[2]string{ws[0], ws[1]}] = true
			continue
		case "connector":
			set = l.connector
		case "month-cue":
			set = l.monthCue
		case "slash-cue":
			set = l.slashCue
		case "year-cue":
			set = l.yearCue
		case "count-noun":
			set = l.countNoun
		case "edge-noun":
			set = l.edgeNoun
		case "idiom-before":
			set = l.idiomBefore
		case "lasting-cue":
			set = l.lastingCue
		case "lasting-steady":
			set = l.lastingSteady
		case "lasting-not-before":
			set = l.lastingNotBefore
		case "lasting-not-after":
			set = l.lastingNotAfter
		case "":
			return bad("entry before any [section]")
		default:
			return fmt.Errorf("%s:%d: unknown section [%s]", name, n+1, section)
		}
		if hasValue || len(ws) != 1 {
			return bad("this section takes single words and no value")
		}
		set.Add(ws[0])
	}
	return nil
}

// index builds the filter of the words.
func (l *Lexicon) index() {
	l.dayWords = l.dayWords[:0]
	for w, v := range l.words {
		if v.c == cUnit && v.v == uDay {
			l.dayWords = append(l.dayWords, w)
		}
	}
	sort.Strings(l.dayWords)
	for w := range l.words {
		h := filterHash(w)
		l.filter[h/64] |= 1 << (h % 64)
		l.maxLen = max(l.maxLen, len(w))
	}
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

func (l *Lexicon) lookup(t *text.Token) word {
	if t.Kind != text.Word || !l.maybeWord(t.Norm) {
		return word{}
	}
	return l.words[t.Norm]
}

func filterHash(s string) uint {
	return (uint(s[0])*131 + uint(s[len(s)-1])*31 + uint(len(s))) % 4096
}

// maybeWord tells cheaply whether s may be a word of the lexicon: the
// filter has a bit set for the first letter, last letter and length of
// every word, so most words of a sentence skip the map.
func (l *Lexicon) maybeWord(s string) bool {
	if len(s) == 0 || len(s) > l.maxLen {
		return false
	}
	h := filterHash(s)
	return l.filter[h/64]&(1<<(h%64)) != 0
}

// ambiguousMonth names months that are also common words ("may", "march");
// they count as months only when capitalised.
func ambiguousMonth(norm string) bool { return text.AmbiguousMonth(norm) }

// cue tells cheaply whether an expression may start at t.
func (l *Lexicon) cue(t *text.Token) bool {
	switch t.Kind {
	case text.Number:
		return true
	case text.Word:
		if l.lookup(t).c != cNone {
			return true
		}
		n := t.Norm
		return len(n) > 4 && (n[:4] == "mid-" || n[:5] == "late-" || (len(n) > 6 && n[:6] == "early-"))
	}
	return false
}
