package text

import (
	_ "embed"
	"fmt"
	"strings"
	"time"
)

//go:embed data/text.txt
var wordsData string

// words are the word lists of data/text.txt. They are built once, when
// the package loads, and never changed: text takes no configuration (see
// the file's header).
var words = mustParseWords(wordsData)

type wordLists struct {
	abbreviations, openers, monthWords map[string]bool
	month                              map[string]int // name or abbreviation → 1-12
	monthNames                         [13][]string
	weekday                            map[string]time.Weekday
	weekdayNames                       [7]string
}

func mustParseWords(data string) *wordLists {
	w, err := parseWords(data)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return w
}

func parseWords(data string) (*wordLists, error) {
	w := &wordLists{abbreviations: map[string]bool{}, openers: map[string]bool{}, monthWords: map[string]bool{},
		month: map[string]int{}, weekday: map[string]time.Weekday{}}
	section, months, days := "", 0, 0
	for n, line := range strings.Split(data, "\n") {
		line, _, _ = strings.Cut(line, "#")
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		if line[0] == '[' && line[len(line)-1] == ']' {
			section = line[1 : len(line)-1]
			continue
		}
		var ws []string
		for _, f := range strings.Split(line, "|") {
			if f = strings.TrimSpace(f); f != "" {
				ws = append(ws, f)
			}
		}
		bad := func(why string) error { return fmt.Errorf("text data/text.txt:%d: %q: %s", n+1, line, why) }
		switch section {
		case "month":
			if months++; months > 12 {
				return nil, bad("more than 12 months")
			}
			for _, m := range ws {
				w.month[m] = months
			}
			w.monthNames[months] = ws
		case "weekday":
			if len(ws) != 1 || days >= 7 {
				return nil, bad("want one weekday a line, seven in all")
			}
			w.weekday[ws[0]], w.weekdayNames[days] = time.Weekday(days), ws[0]
			days++
		case "month-word", "abbreviation", "opener":
			set := map[string]map[string]bool{"month-word": w.monthWords, "abbreviation": w.abbreviations, "opener": w.openers}[section]
			for _, x := range ws {
				set[x] = true
			}
		default:
			return nil, bad("unknown section [" + section + "]")
		}
	}
	if months != 12 || days != 7 {
		return nil, fmt.Errorf("text data/text.txt: %d months and %d weekdays, want 12 and 7", months, days)
	}
	// An abbreviated month's dot does not end a sentence either: "Feb. 8".
	for m := 1; m <= 12; m++ {
		for _, a := range w.monthNames[m][1:] {
			w.abbreviations[a] = true
		}
	}
	return w, nil
}

// Month returns 1-12 when w is an English month name or its abbreviation
// ("February", "feb", "Sept"), in any case, else 0. It does not allocate.
func Month(w string) int {
	if len(w) < 3 || len(w) > 9 {
		return 0
	}
	var b [9]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return words.month[string(b[:len(w)])]
}

// MonthNames returns the lower-case names of month m (1-12), the full name
// first and then its abbreviations.
func MonthNames(m int) []string {
	if m < 1 || m > 12 {
		return nil
	}
	return append([]string(nil), words.monthNames[m]...)
}

// AmbiguousMonth tells whether a folded month name is also a common word
// ("may", "march"), a month only when capitalised.
func AmbiguousMonth(norm string) bool { return words.monthWords[norm] }

// Weekday returns the day a folded weekday name names.
func Weekday(norm string) (time.Weekday, bool) {
	d, ok := words.weekday[norm]
	return d, ok
}

// WeekdayName returns the lower-case name of day d.
func WeekdayName(d time.Weekday) string { return words.weekdayNames[d%7] }
