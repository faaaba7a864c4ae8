package document

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/datafile"
)

//go:embed data/*.txt
var data embed.FS

// trailersFile is the cue file's name, embedded and in the user's directory.
const trailersFile = "trailers.txt"

// maxCallWords is the most words a "line" call to action has.
const maxCallWords = 25

// cues recognise trailers: the phrases of data/trailers.txt by kind, folded.
// The phrases a paragraph may begin with are indexed by their first bytes,
// so that a test looks at the few that can match rather than at each of
// some 110.
type cues struct {
	start, within, line, alone []string
	longest                    int       // bytes of the longest line or alone phrase
	first                      [256]bool // first bytes of line and alone phrases

	starts, lines heads // start and line phrases by their first bytes
	alones        map[string]bool
	// inside gives, by a within phrase's first two bytes, 1 + its index in
	// insideBy, the phrases that begin so.
	inside   *[1 << 16]uint16
	insideBy [][]string
}

// heads indexes phrases by their first headLen bytes (all of a shorter one).
type heads map[string][]string

const headLen = 4

func (h heads) add(q string) { k := q[:min(len(q), headLen)]; h[k] = append(h[k], q) }

// any reports whether s begins with one of the phrases, as whole words.
func (h heads) any(s string) bool {
	for n := 1; n <= headLen && n <= len(s); n++ {
		for _, q := range h[s[:n]] {
			if startsWith(s, q) {
				return true
			}
		}
	}
	return false
}

// loadCues reads the embedded cues and those in userDir/trailers.txt, if any.
func loadCues(userDir string) (*cues, error) {
	c := &cues{}
	f, err := data.Open("data/" + trailersFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := datafile.Read(f, trailersFile, userDir, trailersFile, c.read); err != nil {
		return nil, err
	}
	c.starts, c.lines, c.alones = heads{}, heads{}, map[string]bool{}
	for _, q := range c.start {
		c.starts.add(q)
	}
	for _, q := range c.line {
		c.lines.add(q)
	}
	for _, q := range c.alone {
		c.alones[q] = true
	}
	c.inside = new([1 << 16]uint16)
	for _, q := range c.within {
		if len(q) < 2 {
			continue
		}
		k := &c.inside[uint16(q[0])<<8|uint16(q[1])]
		if *k == 0 {
			c.insideBy = append(c.insideBy, nil)
			*k = uint16(len(c.insideBy))
		}
		c.insideBy[*k-1] = append(c.insideBy[*k-1], q)
	}
	return c, nil
}

func (c *cues) read(r io.Reader, name string) error {
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if strings.TrimSpace(line) == "" {
			continue
		}
		kind, phrase, ok := strings.Cut(line, "\t")
		phrase = fold(strings.TrimSpace(phrase))
		if !ok || phrase == "" {
			return fmt.Errorf("%s:%d: want <kind><TAB><phrase>, got %q", name, n, line)
		}
		switch strings.TrimSpace(kind) {
		case "start":
			c.start = append(c.start, phrase)
		case "within":
			c.within = append(c.within, phrase)
		case "line":
			c.line = append(c.line, phrase)
		case "alone":
			c.alone = append(c.alone, phrase)
		default:
			return fmt.Errorf("%s:%d: unknown kind %q (want start, within, line or alone)", name, n, kind)
		}
		if k := strings.TrimSpace(kind); k == "line" || k == "alone" {
			c.longest = max(c.longest, len(phrase))
			c.first[phrase[0]] = true
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// clean removes from text the calls to action that stand anywhere ("line"
// and "alone" cues) and the trailer at its end: from the first trailer
// paragraph after which nothing is article text, together with the
// separators just before it. The first paragraph is always kept. Paragraphs
// are separated by blank lines, or by line breaks in a text that has no
// blank line. Text that loses nothing is returned as is.
func (c *cues) clean(text string) string {
	sep := "\n\n"
	if !strings.Contains(text, sep) {
		sep = "\n"
	}
	paras := strings.Split(text, sep)
	keep := make([]bool, len(paras))
	for i, p := range paras {
		keep[i] = i == 0 || strings.TrimSpace(p) != "" && !c.call(p)
	}
	// Walk back over the trailer-like tail to the first trailer paragraph.
	cut := len(paras)
	for i := len(paras) - 1; i > 0; i-- {
		p := paras[i]
		switch {
		case !keep[i] || separator(p):
		case c.trailer(p):
			cut = i
		case !shortLine(p):
			i = 0
		}
	}
	for cut > 1 && (!keep[cut-1] || separator(paras[cut-1])) {
		cut--
	}
	var b strings.Builder
	b.Grow(len(text))
	removed := cut < len(paras)
	for i, p := range paras[:cut] {
		if !keep[i] {
			removed = true
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(p)
	}
	if !removed {
		return text
	}
	return b.String()
}

// call reports whether p is a call to action that may stand anywhere.
func (c *cues) call(p string) bool {
	p = strings.TrimSpace(p)
	if p == "" || p[0] < utf8.RuneSelf && !c.first[p[0]|0x20] {
		return false // the common case, decided without folding
	}
	head := fold(prefix(p, 2*c.longest+8))
	if c.lines.any(head) && words(p) <= maxCallWords {
		return true
	}
	if len(p) > 2*c.longest {
		return false
	}
	return c.alones[strings.TrimFunc(head, isPunctOrSpace)]
}

// trailer reports whether p is a notice, credit or appeal.
func (c *cues) trailer(p string) bool {
	f := fold(strings.TrimSpace(p))
	if c.starts.any(f) || c.lines.any(f) {
		return true
	}
	// One pass over the paragraph for the phrases it may contain, looking
	// at those whose first two bytes stand at each place.
	for i := 0; i+1 < len(f); i++ {
		k := c.inside[uint16(f[i])<<8|uint16(f[i+1])]
		if k == 0 {
			continue
		}
		for _, q := range c.insideBy[k-1] {
			if strings.HasPrefix(f[i:], q) && boundary(f, i, i+len(q)) {
				return true
			}
		}
	}
	for _, q := range c.within {
		if len(q) != 1 {
			continue // a user's one-byte phrase, looked for alone
		}
		for i := 0; ; {
			j := strings.Index(f[i:], q)
			if j < 0 {
				break
			}
			if boundary(f, i+j, i+j+1) {
				return true
			}
			i += j + 1
		}
	}
	return false
}

// startsWith reports whether s begins with the phrase q as whole words.
func startsWith(s, q string) bool {
	return strings.HasPrefix(s, q) && boundary(s, 0, len(q))
}

// boundary reports whether s[i:j] is not part of a longer word.
func boundary(s string, i, j int) bool {
	if i > 0 {
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		first, _ := utf8.DecodeRuneInString(s[i:])
		if isWordRune(before) && isWordRune(first) {
			return false
		}
	}
	if j < len(s) {
		// A phrase ending in a digit may go on: "copyright 2" matches "copyright 2020".
		last, _ := utf8.DecodeLastRuneInString(s[:j])
		after, _ := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(last) && isWordRune(after) {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isPunctOrSpace(r rune) bool {
	return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r)
}

// separator reports whether p has no letters or digits: "*", "***", "—".
func separator(p string) bool {
	return strings.IndexFunc(p, isWordRune) < 0
}

// shortLine reports whether p looks like a by-line, a name or a link title
// rather than a sentence: a few words with no full stop at the end.
func shortLine(p string) bool {
	p = strings.TrimSpace(p)
	last, _ := utf8.DecodeLastRuneInString(p)
	if last == '.' || last == '!' || last == '?' || last == '"' || last == '”' || last == '\'' || last == '’' {
		return false
	}
	return words(p) <= 10
}

// words counts the runs of non-space in p.
func words(p string) int {
	n, in := 0, false
	for _, r := range p {
		sp := unicode.IsSpace(r)
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

// prefix returns at most n bytes of s, cut at a rune boundary.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// fold lower-cases s, maps typographic quotes, dashes and odd spaces to
// ASCII and collapses runs of white space, so that cues match however a page
// typed them. It allocates only when s changes.
func fold(s string) string {
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' || c < ' ' || c == ' ' && i > 0 && s[i-1] == ' ' {
			break
		}
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		// ASCII byte by byte, the rest rune by rune.
		if c := s[i]; c < utf8.RuneSelf {
			i++
			switch {
			case c == ' ' || '\t' <= c && c <= '\r':
				if !space {
					b.WriteByte(' ')
				}
				space = true
				continue
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case c == '`':
				c = '\''
			}
			space = false
			b.WriteByte(c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '‘', '’', 'ʼ', '`', '´':
			r = '\''
		case '“', '”', '„', '«', '»':
			r = '"'
		case '‐', '‑', '‒', '–', '—', '―', '−':
			r = '-'
		}
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
