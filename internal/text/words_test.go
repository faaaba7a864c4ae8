package text

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCalendar(t *testing.T) {
	for w, want := range map[string]int{"January": 1, "jan": 1, "FEB": 2, "may": 5, "Sept": 9, "sep": 9, "september": 9,
		"dec": 12, "Decem": 0, "ma": 0, "mayday": 0, "": 0, "septembers": 0, "ſept": 0} {
		if got := Month(w); got != want {
			t.Errorf("Month(%q) = %d, want %d", w, got, want)
		}
	}
	if got := MonthNames(9); !reflect.DeepEqual(got, []string{"september", "sep", "sept"}) {
		t.Errorf("MonthNames(9) = %q", got)
	}
	if MonthNames(0) != nil || MonthNames(13) != nil {
		t.Error("MonthNames out of range should be nil")
	}
	if d, ok := Weekday("sunday"); !ok || d != time.Sunday {
		t.Errorf("Weekday(sunday) = %v, %v", d, ok)
	}
	if WeekdayName(time.Saturday) != "saturday" {
		t.Errorf("WeekdayName(Saturday) = %q", WeekdayName(time.Saturday))
	}
	if !AmbiguousMonth("march") || AmbiguousMonth("june") {
		t.Error("march is a common word, june is not")
	}
	if n := testing.AllocsPerRun(100, func() { Month("February") }); n != 0 {
		t.Errorf("Month allocates %v times", n)
	}
	// Month abbreviations keep "Feb. 8" in one sentence.
	if d := Analyze("It began on Feb. 8 in the north. Police came."); len(d.Sentences) != 2 {
		t.Errorf("Feb. 8: %d sentences, want 2", len(d.Sentences))
	}
}

func TestParseWordsErrors(t *testing.T) {
	months := "[month]\n" + strings.Repeat("m\n", 12)
	days := "[weekday]\n" + strings.Repeat("d\n", 7)
	for _, bad := range []string{
		months + days + "[months]\nx\n",
		months + "m\n" + days,
		months,
		months + days + "[weekday]\nx | y\n",
	} {
		if _, err := parseWords(bad); err == nil || !strings.Contains(err.Error(), "text.txt") {
			t.Errorf("%q: error %v, want one naming the file", bad, err)
		}
	}
	if _, err := parseWords(months + days); err != nil {
		t.Errorf("12 months and 7 days: %v", err)
	}
}
