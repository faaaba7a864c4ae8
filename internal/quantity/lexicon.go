package quantity

import (
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/sitrep/sitrep/internal/datafile"
	"github.com/sitrep/sitrep/internal/text"
)

//go:embed data/quantity.txt
var defaultData string

// FileName is the name of the user's lexicon file in the directory given to Load.
const FileName = "quantity.txt"

// Lexicon holds the words read around numbers. It is immutable once built
// and safe for concurrent use.
type Lexicon struct {
	qualifier, suffix, vague                       phrases
	moneyAfter, percent, unit, duration, timeAfter phrases
	moneyBefore, ageBefore, nameBefore             set
	modifier, stop, person                         set
	// Words of a number's form and its neighbours (see quantity.txt).
	hyphenQual                           map[string]Qualifier
	hyphenDuration, gluedTime, gluedUnit *text.Set
	twelveHour, yearBefore, ofDeterminer *text.Set
	pluralNoun                           *text.Set
	starts                               set // first words of a quantity, to skip the rest of a sentence fast
	filter                               filter
	numStarts                            set // first words of a number: vague words, number words, articles
}

type set map[string]bool

// phrase is a sequence of folded words with a value.
type phrase struct {
	words []string
	text  string // the words joined by spaces
	val   int
}

// phrases are indexed by their first word, longest first, so that matching
// is one map lookup per token.
type phrases map[string][]phrase

func (ps phrases) add(words []string, val int) {
	list := ps[words[0]]
	for k := range list {
		if equal(list[k].words, words) {
			list[k].val = val
			return
		}
	}
	list = append(list, phrase{words, strings.Join(words, " "), val})
	sort.SliceStable(list, func(a, b int) bool { return len(list[a].words) > len(list[b].words) })
	ps[words[0]] = list
}

// match returns the end of the longest phrase starting at token i, and the phrase.
func (ps phrases) match(toks []text.Token, i int) (int, *phrase) {
	if i < 0 || i >= len(toks) {
		return 0, nil
	}
	list := ps[toks[i].Norm]
	for n := range list {
		p := &list[n]
		if i+len(p.words) > len(toks) {
			continue
		}
		k := 1
		for ; k < len(p.words) && toks[i+k].Norm == p.words[k]; k++ {
		}
		if k == len(p.words) {
			return i + k, p
		}
	}
	return 0, nil
}

func (ps phrases) has(toks []text.Token, i int) bool {
	_, p := ps.match(toks, i)
	return p != nil
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

var defaultLexicon = sync.OnceValue(func() *Lexicon {
	l := newLexicon()
	if err := l.read("data/quantity.txt", defaultData); err != nil {
		panic(err) // the embedded file is tested
	}
	l.index()
	return l
})

// Default returns the embedded lexicon.
func Default() *Lexicon { return defaultLexicon() }

// Load returns the embedded lexicon extended by dir/quantity.txt when it
// exists; entries there add to the embedded ones and override their values.
func Load(dir string) (*Lexicon, error) {
	l := newLexicon()
	err := datafile.Read(strings.NewReader(defaultData), "data/quantity.txt", dir, FileName, func(r io.Reader, source string) error {
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
	return &Lexicon{
		qualifier: phrases{}, suffix: phrases{}, vague: phrases{},
		moneyAfter: phrases{}, percent: phrases{}, unit: phrases{}, duration: phrases{}, timeAfter: phrases{},
		moneyBefore: set{}, ageBefore: set{}, nameBefore: set{},
		modifier: set{}, stop: set{}, person: set{}, starts: set{}, numStarts: set{},
		hyphenQual: map[string]Qualifier{}, hyphenDuration: text.NewSet(), gluedTime: text.NewSet(), gluedUnit: text.NewSet(),
		twelveHour: text.NewSet(), yearBefore: text.NewSet(), ofDeterminer: text.NewSet(), pluralNoun: text.NewSet(),
	}
}

var qualifierNames = map[string]Qualifier{
	"exact": Exact, "at-least": AtLeast, "more-than": MoreThan, "up-to": UpTo,
	"less-than": LessThan, "about": About, "between": Between, "from": From,
}

// read adds the entries of one lexicon file; name is for messages.
func (l *Lexicon) read(name, data string) error {
	var section string
	for n, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '[' && line[len(line)-1] == ']' {
			section = line[1 : len(line)-1]
			continue
		}
		key, value, hasValue := strings.Cut(line, " = ")
		words := strings.Fields(text.Fold(key))
		if len(words) == 0 {
			return fmt.Errorf("%s:%d: empty entry", name, n+1)
		}
		bad := func(why string) error { return fmt.Errorf("%s:%d: %q: %s", name, n+1, line, why) }
		var ps phrases
		var s set
		var ts *text.Set // the sections of a number's form, tested on every number
		switch section {
		case "hyphen-suffix":
			q, ok := qualifierNames[strings.TrimSpace(value)]
			if !hasValue || !ok || len(words) != 1 {
				return bad("want \"word = at-least|more-than|up-to|less-than|about|exact\"")
			}
			l.hyphenQual[words[0]] = q
			continue
		case "qualifier", "suffix":
			q, ok := qualifierNames[strings.TrimSpace(value)]
			if !hasValue || !ok {
				return bad("want \"= at-least|more-than|up-to|less-than|about|exact|between|from\"")
			}
			ps = l.qualifier
			if section == "suffix" {
				ps = l.suffix
			}
			ps.add(words, int(q))
			continue
		case "vague":
			v, err := strconv.Atoi(strings.TrimSpace(value))
			if !hasValue || err != nil || v < 0 {
				return bad("want \"= figure\"")
			}
			l.vague.add(words, v)
			continue
		case "money-after":
			ps = l.moneyAfter
		case "percent":
			ps = l.percent
		case "unit":
			ps = l.unit
		case "duration":
			ps = l.duration
		case "time-after":
			ps = l.timeAfter
		case "money-before":
			s = l.moneyBefore
		case "age-before":
			s = l.ageBefore
		case "name-before":
			s = l.nameBefore
		case "modifier":
			s = l.modifier
		case "stop":
			s = l.stop
		case "person":
			s = l.person
		case "hyphen-duration":
			ts = l.hyphenDuration
		case "glued-time":
			ts = l.gluedTime
		case "glued-unit":
			ts = l.gluedUnit
		case "twelve-hour":
			ts = l.twelveHour
		case "year-before":
			ts = l.yearBefore
		case "of-determiner":
			ts = l.ofDeterminer
		case "plural":
			ts = l.pluralNoun
		case "":
			return bad("entry before any [section]")
		default:
			return fmt.Errorf("%s:%d: unknown section [%s]", name, n+1, section)
		}
		if hasValue {
			return bad("this section takes no value")
		}
		if ps != nil {
			ps.add(words, 0)
			continue
		}
		if len(words) != 1 {
			return bad("this section takes single words")
		}
		if ts != nil {
			ts.Add(words[0])
			continue
		}
		s[words[0]] = true
	}
	return nil
}

// index records the words a quantity can start with.
func (l *Lexicon) index() {
	for _, ps := range []phrases{l.qualifier, l.vague} {
		for w := range ps {
			l.starts[w] = true
		}
	}
	for w := range l.vague {
		l.numStarts[w] = true
	}
	for w := range numberWords {
		l.numStarts[w] = true
	}
	l.numStarts["a"], l.numStarts["an"] = true, true
	l.numStarts["his"], l.numStarts["her"], l.numStarts["their"] = true, true, true // "and his wife"
	for w := range l.numStarts {
		l.starts[w] = true
	}
	for w := range l.starts {
		l.filter.add(w)
	}
}
