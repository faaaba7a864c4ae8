package gazetteer

import (
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// Names are compared by key: folded (case, diacritics), apostrophes and
// dots dropped (Ma'arat = Maarat, U.S. = US), any other punctuation a
// single space (Sar-e Pol = Sar e Pol). The stripped key also drops Arabic
// articles (al-, el-, ad-, ash-…), so al-Raqqa meets Raqqa; the skeleton
// goes further for transliteration variants and is only ever a fallback.

// AppendKey appends the key of name to dst.
func AppendKey(dst []byte, name string) []byte {
	return appendKey(dst, text.Fold(name), false)
}

// AppendStripped appends the key of name without Arabic articles.
func AppendStripped(dst []byte, name string) []byte {
	return appendKey(dst, text.Fold(name), true)
}

// Key returns the key of name.
func Key(name string) string { return string(AppendKey(nil, name)) }

// Stripped returns the key of name without Arabic articles.
func Stripped(name string) string { return string(AppendStripped(nil, name)) }

// AppendNorm is AppendKey (or AppendStripped) for a name already folded by
// text.Fold, such as text.Token.Norm: it does not allocate.
func AppendNorm(dst []byte, folded string, strip bool) []byte {
	return appendKey(dst, folded, strip)
}

// appendKey normalises an already folded name. Words end at anything but a
// letter, digit, apostrophe or dot.
func appendKey(dst []byte, folded string, strip bool) []byte {
	start := len(dst)
	wordStart := -1 // in dst, -1 between words
	for i := 0; i < len(folded); i++ {
		c := folded[i]
		switch {
		case c == '\'' || c == '.':
			continue
		case c >= 0x80 || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9'):
			if wordStart < 0 {
				if len(dst) > start {
					dst = append(dst, ' ')
				}
				wordStart = len(dst)
			}
			dst = append(dst, c)
			continue
		}
		// A separator ends the word; drop it when it is an article and more follows.
		if wordStart >= 0 && strip && (isArticle(dst[wordStart:], c == '-') || assimilated(dst[wordStart:], folded[i:])) && moreWords(folded[i:]) {
			dst = dst[:wordStart]
			if len(dst) > start {
				dst = dst[:len(dst)-1] // the space before it
			}
		}
		wordStart = -1
	}
	return dst
}

// isArticle tells whether w is an Arabic article: al and el in any spelling,
// the assimilated forms (ad-, ash-, ar-…) only when hyphenated, since as,
// at and an are also English and Vietnamese words.
func isArticle(w []byte, hyphen bool) bool {
	switch string(w) {
	case "al", "el":
		return true
	case "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed", "en", "er", "es", "esh", "et", "ez", "ul", "ud", "ur":
		return hyphen
	}
	return false
}

// assimilated tells whether w is an Arabic article assimilated to the
// word after it, written apart: "Ad Diwaniyah", "Ar Ramadi", "As
// Sulaymaniyah", "Adh Dhuluiyah". The article's consonant is the next
// word's first sound, which English "at", "as", "an" before a place
// almost never are.
func assimilated(w []byte, rest string) bool {
	switch string(w) {
	case "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az":
	default:
		return false
	}
	rest = strings.TrimLeft(rest, " ")
	cons := string(w[1:])
	return strings.HasPrefix(rest, cons) && len(rest) > len(cons)
}

func moreWords(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') {
			return true
		}
	}
	return false
}

// AppendSkeleton appends the transliteration skeleton of a key (as made by
// AppendStripped) to dst: spaces, vowels after the first letter and h
// dropped, a leading vowel written a, look-alike consonants merged
// (q/c/k, v/w, ph/f), doubled letters single. Sarāqib and Saraqeb, Idlib and
// Idleb, Jowzjan and Jawzjan, Tarin Kot and Tarinkot meet; so do many
// unrelated names, which is why it is only a fallback.
func AppendSkeleton(dst []byte, key []byte) []byte {
	start := len(dst)
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c == ' ' || c == 'h' {
			continue
		}
		first := len(dst) == start
		switch {
		case isVowel(c) && first:
			c = 'a'
		case isVowel(c):
			continue
		case c == 'w' && !first && isVowel(key[i-1]) && (i+1 == len(key) || !isVowel(key[i+1])):
			continue // ow, aw: a vowel sound
		case c == 'q' || c == 'c':
			c = 'k'
		case c == 'v':
			c = 'w'
		case c == 'p' && i+1 < len(key) && key[i+1] == 'h':
			c = 'f'
		}
		if len(dst) > start && dst[len(dst)-1] == c {
			continue
		}
		dst = append(dst, c)
	}
	return dst
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// Skeleton returns the skeleton of name.
func Skeleton(name string) string {
	return string(AppendSkeleton(nil, AppendStripped(nil, name)))
}
