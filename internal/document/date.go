package document

import (
	"errors"
	"fmt"
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

// Publication dates outside these years are taken for mistakes: year 0,
// placeholder dates, typing slips.
const (
	minYear = 1900
	maxYear = 2100
)

var errNoDate = errors.New("no complete date")

// ParseDate reads a publication date in the forms met in feeds, archives and
// page metadata: "2020-02-11", "2020/02/11", "20200211", RFC 3339, RFC 1123
// ("Tue, 11 Feb 2020 10:00:00 GMT"), ANSI C, "February 11, 2020",
// "11 Feb 2020", "11th of February 2020", "13/02/2020". It returns the
// calendar day as written, in the writer's own time zone (a report published
// at 23:30 in Damascus is dated that day), at midnight UTC.
//
// Month names are English. A numeric day and month that could be read either
// way ("11/02/2020") are refused rather than guessed, as are impossible days
// ("2020-13-45") and years outside 1900–2100. ParseDate does no regexp
// matching and allocates only for its error.
func ParseDate(s string) (time.Time, error) {
	var (
		year          = -1 // none yet
		month         int
		nums          [2]int // day, or day and month, in the order written
		n             int
		yearFirst     bool
		dotted        bool // 11.02.2020 is day first
		day, monthNum int
	)
	fail := func(err error) (time.Time, error) {
		return time.Time{}, fmt.Errorf("date %q: %w", s, err)
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isDigit(c):
			j := i
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			if j < len(s) && s[j] == ':' {
				// A time of day: skip it and its zone offset.
				for j < len(s) && s[j] != ' ' {
					j++
				}
				i = j
				continue
			}
			v, digits := atoi(s[i:j]), j-i
			switch {
			case digits == 8 && year < 0 && month == 0 && n == 0:
				year, monthNum, day = v/10000, v/100%100, v%100
			case digits == 4 && year < 0:
				year, yearFirst = v, n == 0 && month == 0
			case digits <= 2 && n < len(nums):
				nums[n] = v
				n++
				if n == 2 && j < len(s) && s[j] == '.' && year < 0 {
					dotted = true
				}
			default:
				return fail(fmt.Errorf("unexpected number %s", s[i:j]))
			}
			i = j
		case isLetter(c):
			j := i
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			// Words other than months (weekdays, "th", "of", "T", zones)
			// say nothing of the day.
			if m := monthOf(s[i:j]); m > 0 {
				if month > 0 {
					return fail(errors.New("two months"))
				}
				month = m
			}
			i = j
		default:
			i++
		}
		if day == 0 {
			day, monthNum = resolve(year, month, nums[:n], yearFirst, dotted)
		}
		if day < 0 {
			return fail(errors.New("day and month could be read either way"))
		}
		if day > 0 {
			break
		}
	}
	if day <= 0 {
		return fail(errNoDate)
	}
	if month > 0 {
		monthNum = month
	}
	if year < minYear || year > maxYear {
		return fail(fmt.Errorf("year %d out of range %d–%d", year, minYear, maxYear))
	}
	if monthNum < 1 || monthNum > 12 {
		return fail(fmt.Errorf("no month %d", monthNum))
	}
	t := time.Date(year, time.Month(monthNum), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return fail(fmt.Errorf("no day %d in %s %d", day, time.Month(monthNum), year))
	}
	return t, nil
}

// resolve returns the day and numeric month once the parts read so far make
// a date, 0 while they do not yet, and -1 when they are ambiguous.
func resolve(year, month int, nums []int, yearFirst, dotted bool) (day, monthNum int) {
	switch {
	case year < 0:
		return 0, 0
	case month > 0 && len(nums) >= 1:
		return nums[0], month
	case month > 0 || len(nums) < 2:
		return 0, 0
	case yearFirst:
		return nums[1], nums[0]
	case dotted || nums[0] > 12 || nums[0] == nums[1]:
		return nums[0], nums[1]
	case nums[1] > 12:
		return nums[1], nums[0]
	}
	return -1, 0
}

// monthOf returns 1–12 for an English month name or its abbreviation
// ("Feb", "Sept"), else 0: the project's one month table, in package text.
func monthOf(w string) int { return text.Month(w) }

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

func atoi(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}
