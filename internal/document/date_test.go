package document

import (
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2020-02-11", "2020-02-11"},
		{" 2020-02-11\n", "2020-02-11"},
		{"2020/02/11", "2020-02-11"},
		{"20200211", "2020-02-11"},
		{"2020-2-9", "2020-02-09"},
		{"2020-02-11T10:00:00Z", "2020-02-11"},
		{"2020-02-11T23:30:00-05:00", "2020-02-11"}, // the day as written, not as in UTC
		{"2020-02-11T00:30:00.123+03:00", "2020-02-11"},
		{"2020-02-11 10:00:00", "2020-02-11"},
		{"Tue, 11 Feb 2020 10:00:00 GMT", "2020-02-11"},
		{"Tue, 11 Feb 2020 10:00:00 +0000", "2020-02-11"},
		{"Tue Feb 11 10:00:00 2020", "2020-02-11"},
		{"February 11, 2020", "2020-02-11"},
		{"Feb. 11, 2020", "2020-02-11"},
		{"Sept 9 2020", "2020-09-09"},
		{"11 Feb 2020", "2020-02-11"},
		{"11 FEBRUARY 2020", "2020-02-11"},
		{"Tuesday, 11th of February 2020", "2020-02-11"},
		{"Published 10:45 on February 11th, 2020", "2020-02-11"},
		{"2020 February 11", "2020-02-11"},
		{"13/02/2020", "2020-02-13"},
		{"02/13/2020", "2020-02-13"},
		{"11.02.2020", "2020-02-11"}, // dotted: day first
		{"02/02/2020", "2020-02-02"},
		{"2020-02-29", "2020-02-29"},
	} {
		got, err := ParseDate(c.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", c.in, err)
			continue
		}
		if s := got.Format(time.DateOnly); s != c.want || got.Location() != time.UTC || got.Hour() != 0 {
			t.Errorf("ParseDate(%q) = %v, want %s at midnight UTC", c.in, got, c.want)
		}
	}
}

func TestParseDateRejects(t *testing.T) {
	for _, c := range []struct{ in, why string }{
		{"", "no complete date"},
		{"yesterday", "no complete date"},
		{"3 hours ago", "no complete date"},
		{"2020", "no complete date"},
		{"February 2020", "no complete date"},
		{"2020-13-45", "no month 13"},
		{"2020-02-30", "no day 30"},
		{"2019-02-29", "no day 29"},
		{"0000-01-01", "year 0 out of range"},
		{"1581379200", "unexpected number"},
		{"11/02/2020", "either way"},
		{"February March 2020", "two months"},
		{"2020-00-10", "no month 0"},
		{"20200200", "no complete date"},
	} {
		_, err := ParseDate(c.in)
		if err == nil || !strings.Contains(err.Error(), c.why) || !strings.Contains(err.Error(), c.in) {
			t.Errorf("ParseDate(%q) error %v, want one naming the input and saying %q", c.in, err, c.why)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2020-02-11", "Tue, 11 Feb 2020 10:00:00 GMT", "February 11, 2020", "11.02.2020", "20200211", "2020-13-45", "11th of Sept 2020 10:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Year() < minYear || d.Year() > maxYear {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
		// What it returns, it reads back.
		if again, err := ParseDate(d.Format(time.DateOnly)); err != nil || !again.Equal(d) {
			t.Fatalf("ParseDate(%q) = %v, which reads back as %v, %v", s, d, again, err)
		}
	})
}

func BenchmarkParseDate(b *testing.B) {
	for b.Loop() {
		ParseDate("Tue, 11 Feb 2020 10:00:00 GMT")
	}
}
