package text

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The plain readings of what tokenize does with fast paths for ASCII: the
// fast paths must answer the same.

func gluedPlain(w string) int {
	var prev rune
	for j, r := range w {
		if j > 0 && unicode.IsLower(prev) && unicode.IsUpper(r) {
			rest, left := w[j:], utf8.RuneCountInString(w[:j])
			switch {
			case starters[rest] || allUpper(rest) && utf8.RuneCountInString(rest) >= 3:
				if left >= 2 {
					return j
				}
			case left >= 4 && utf8.RuneCountInString(rest) >= 4 && lowerTail(rest):
				return j
			}
		}
		prev = r
	}
	return -1
}

// scanWordPlain is scanWord decoding every rune.
func scanWordPlain(t string, i, ri int) (int, int, Kind) {
	first, _ := utf8.DecodeRuneInString(t[i:])
	kind := Word
	if unicode.IsDigit(first) {
		kind = Number
	}
	letters := 0
	dotted := false
	for i < len(t) {
		r, size := utf8.DecodeRuneInString(t[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if unicode.IsLetter(r) {
				letters++
			}
			i += size
			ri++
			continue
		}
		next, _ := utf8.DecodeRuneInString(t[i+size:])
		if i+size >= len(t) {
			next = 0
		}
		switch r {
		case '-', '‐', '‑':
			if unicode.IsLetter(next) || unicode.IsDigit(next) {
				i += size
				ri++
				letters = 0
				continue
			}
		case '\'', '’':
			if unicode.IsLetter(next) && kind == Word {
				if (next == 's' || next == 'S') && !isLetterAt(t, i+size+1) {
					return i, ri, kind
				}
				i += size
				ri++
				continue
			}
		case '.':
			if kind == Number && unicode.IsDigit(next) {
				i += size
				ri++
				continue
			}
			if kind == Word && letters == 1 && (dotted || (unicode.IsLetter(next) && !isLetterAt(t, i+size+utf8.RuneLen(next)))) {
				i += size
				ri++
				dotted = true
				letters = 0
				continue
			}
		case ',':
			if kind == Number && threeDigits(t[i+size:]) {
				i += size
				ri++
				continue
			}
		case '/':
			if kind == Number && unicode.IsDigit(next) {
				i += size
				ri++
				continue
			}
		}
		break
	}
	return i, ri, kind
}

var fastCases = []string{
	"Shelling hit the townThe next day",
	"patternsFrench soldiers", "McDonald", "U.S. and U.N. staff at 5 a.m.",
	"2,500 people on 05/09, 3.5 km", "Sarāqib's al-Bāb", "ÉTAT-MAJOR bombardéLe",
	"straße ÆSIR Ğazi", "x\u0301y", "ab\xffCd", "rebels' posts", "it’s",
}

func FuzzFastPaths(f *testing.F) {
	for _, c := range fastCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := glued(s), gluedPlain(s); got != want {
			t.Errorf("glued(%q) = %d, want %d", s, got, want)
		}
		for i := range s {
			r, _ := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				continue
			}
			a, b, k, mixed := scanWord(s, i, 0)
			x, y, z := scanWordPlain(s, i, 0)
			if a != x || b != y || k != z {
				t.Errorf("scanWord(%q, %d) = %d %d %d, want %d %d %d", s, i, a, b, k, x, y, z)
			}
			if !mixed && glued(s[i:a]) != -1 {
				t.Errorf("scanWord(%q, %d): not mixed, but glued", s, i)
			}
		}
		var b strings.Builder
		for _, w := range strings.Fields(s) {
			if got, want := foldInto(&b, w), Fold(w); got != want {
				t.Errorf("foldInto(%q) = %q, want %q", w, got, want)
			}
		}
	})
}
