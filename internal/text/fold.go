package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s, strips diacritics (Sarāqib → saraqib) and maps
// typographic quotes and dashes to ASCII, so that spellings met in news text
// and in gazetteers compare equal. It allocates only when s changes.
func Fold(s string) string {
	i := foldFrom(s)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		foldRune(&b, r)
	}
	return b.String()
}

// foldFrom returns the offset of the first byte of s that Fold changes or
// may change, len(s) when it returns s as it is.
func foldFrom(s string) int {
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			break
		}
	}
	return i
}

// foldInto returns Fold(s), writing it to b when it differs from s. The
// result is a slice of b's contents, which b only ever appends to, so it
// stays valid as b grows.
func foldInto(b *strings.Builder, s string) string {
	i := foldFrom(s)
	if i == len(s) {
		return s
	}
	start := b.Len()
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		foldRune(b, r)
	}
	return b.String()[start:]
}

func foldRune(b *strings.Builder, r rune) {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteByte(byte(r))
		return
	case r == '‘' || r == '’' || r == 'ʼ' || r == '`' || r == '´' || r == 'ʻ' || r == 'ʿ' || r == 'ʾ' || r == '′':
		b.WriteByte('\'')
		return
	case r == '“' || r == '”' || r == '„' || r == '«' || r == '»' || r == '″':
		b.WriteByte('"')
		return
	case r == '‐' || r == '‑' || r == '‒' || r == '–' || r == '—' || r == '―' || r == '−':
		b.WriteByte('-')
		return
	case r == 'ß':
		b.WriteString("ss")
		return
	case r == 'ı':
		b.WriteByte('i')
		return
	case r == 'ø' || r == 'Ø':
		b.WriteByte('o')
		return
	case r == 'đ' || r == 'Đ':
		b.WriteByte('d')
		return
	case r == 'ł' || r == 'Ł':
		b.WriteByte('l')
		return
	case r == 'æ' || r == 'Æ':
		b.WriteString("ae")
		return
	case r == 'œ' || r == 'Œ':
		b.WriteString("oe")
		return
	case r == 'þ' || r == 'Þ':
		b.WriteString("th")
		return
	case r == '\u00a0' || r == '\u2009' || r == '\u202f':
		b.WriteByte(' ')
		return
	}
	// Decompose and keep the base letters, dropping combining marks.
	var buf [16]byte
	n := utf8.EncodeRune(buf[:], r)
	d := norm.NFD.Append(nil, buf[:n]...)
	for len(d) > 0 {
		c, size := utf8.DecodeRune(d)
		d = d[size:]
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		b.WriteRune(unicode.ToLower(c))
	}
}
