package text

import (
	"unicode"
	"unicode/utf8"
)

// Pages scraped without their markup often lose the break between a
// headline and its body, or a subheading and its paragraph: "Roadside bomb
// kills two in SyriaThe desert…", "…in AfghanistanKANDAHAR, Afghanistan —".
// A word that runs a lower-case letter into such a start is two words, and
// the second starts a new paragraph.

// starters are the closed-class words a sentence starts with: grammar, not
// vocabulary, so they are not a data file. A content word ("Police") is not
// one: too many names join two capitals ("McDonald", "DeShawn").
var starters = map[string]bool{
	"The": true, "A": true, "An": true, "In": true, "On": true, "At": true, "It": true, "Its": true,
	"He": true, "She": true, "They": true, "We": true, "His": true, "Her": true, "Their": true,
	"This": true, "That": true, "These": true, "Those": true, "There": true, "When": true, "While": true,
	"After": true, "Before": true, "As": true, "But": true, "However": true, "According": true, "By": true,
	"For": true, "From": true, "With": true, "If": true, "Since": true, "During": true, "Following": true,
	"Meanwhile": true, "Also": true, "Although": true, "Despite": true, "Among": true, "Amid": true,
	"Some": true, "Many": true, "Several": true, "All": true, "Most": true, "Both": true, "Each": true,
	"One": true, "Two": true, "Three": true, "Early": true, "Earlier": true, "Later": true, "Last": true,
}

// glued returns the byte offset in word w where a new paragraph starts, or
// -1 when w is one word. Words that join two capitals by design
// (JavaScript, HarperCollins) are split too: rare in the news sitrep reads,
// and a split costs less than a headline read into its body.
func glued(w string) int {
	if asciiUnglued(w) {
		return -1
	}
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
				// "…similar patternsFrench soldiers": two long words; the
				// names that join capitals have a short first part
				// (McDonald, DeShawn, MacArthur).
				return j
			}
		}
		prev = r
	}
	return -1
}

// lowerTail tells whether every letter of s after the first is lower case.
func lowerTail(s string) bool {
	for i, r := range s {
		if i > 0 && !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

func allUpper(s string) bool {
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return s != ""
}

// asciiUnglued tells, cheaply, that w is ASCII without a lower-case letter
// followed by a capital: most words, which glued need not read rune by rune.
func asciiUnglued(w string) bool {
	lower := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= utf8.RuneSelf:
			return false
		case 'A' <= c && c <= 'Z' && lower:
			return false
		}
		lower = 'a' <= c && c <= 'z'
	}
	return true
}
