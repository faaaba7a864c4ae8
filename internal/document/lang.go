package document

import (
	"bufio"
	"fmt"
	"io"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"

	"github.com/sitrep/sitrep/internal/datafile"
)

// stopwordsFile names the function-word lists, embedded and in the user's directory.
const stopwordsFile = "stopwords.txt"

// Language detection reads the opening of a text: enough words for the vote
// to settle, and the cost stays flat on long texts.
const (
	langSample      = 2048 // bytes
	minVotes        = 3    // function words needed to name a language
	minTrigramWords = 20   // words needed before asking the trigram model
)

// langs tells the language of a text from its function words. whatlanggo's
// trigram model costs about a millisecond a call whatever the text's length
// (it scores every language it knows), more than the rest of reading a
// document; a vote of function words costs microseconds and suffices for
// news text. The model is asked only when the vote is unsure.
type langs struct {
	codes []string          // by bit
	words map[string]uint64 // folded word → bit set of languages
}

// singleScript names the language of texts written mostly in a script that
// one language uses (or one above all in news).
var singleScript = []struct {
	script *unicode.RangeTable
	lang   string
}{
	{unicode.Greek, "el"}, {unicode.Hebrew, "he"}, {unicode.Hangul, "ko"}, {unicode.Thai, "th"},
	{unicode.Hiragana, "ja"}, {unicode.Katakana, "ja"}, {unicode.Han, "zh"},
	{unicode.Bengali, "bn"}, {unicode.Myanmar, "my"}, {unicode.Ethiopic, "am"},
	{unicode.Armenian, "hy"}, {unicode.Georgian, "ka"}, {unicode.Devanagari, "hi"},
	{unicode.Tamil, "ta"}, {unicode.Khmer, "km"}, {unicode.Sinhala, "si"}, {unicode.Lao, "lo"},
	{unicode.Gujarati, "gu"}, {unicode.Gurmukhi, "pa"}, {unicode.Telugu, "te"},
}

func loadLangs(userDir string) (*langs, error) {
	l := &langs{words: map[string]uint64{}}
	f, err := data.Open("data/" + stopwordsFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return l, datafile.Read(f, stopwordsFile, userDir, stopwordsFile, l.read)
}

func (l *langs) read(r io.Reader, name string) error {
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if strings.TrimSpace(line) == "" {
			continue
		}
		code, list, ok := strings.Cut(line, "\t")
		code = strings.TrimSpace(code)
		if !ok || len(code) != 2 || strings.TrimSpace(list) == "" {
			return fmt.Errorf("%s:%d: want <ISO 639-1 code><TAB><words>, got %q", name, n, line)
		}
		bit := -1
		for i, c := range l.codes {
			if c == code {
				bit = i
			}
		}
		if bit < 0 {
			if len(l.codes) == 64 {
				return fmt.Errorf("%s:%d: more than 64 languages", name, n)
			}
			bit = len(l.codes)
			l.codes = append(l.codes, code)
		}
		for _, w := range strings.Fields(list) {
			l.words[strings.ToLower(w)] |= 1 << bit
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// detect returns the ISO 639-1 code of the language of text, or "" when
// it cannot tell.
func (l *langs) detect(text string) string {
	if len(text) > langSample {
		text = prefix(text, langSample)
	}
	var (
		votes [64]int
		words int
		other int // letters outside Latin, Cyrillic and Arabic
		buf   [64]byte
	)
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			i += n
			continue
		}
		// A word: lower-case it into buf and look it up.
		b := buf[:0]
		j := i
		for j < len(text) {
			if c := text[j]; c < utf8.RuneSelf {
				if !isLetter(c) {
					break
				}
				if len(b) < len(buf) {
					b = append(b, c|0x20)
				}
				j++
				continue
			}
			r, n := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
				break
			}
			if !unicode.In(r, unicode.Latin, unicode.Cyrillic, unicode.Arabic) {
				other++
			}
			if len(b)+utf8.UTFMax <= len(buf) {
				b = utf8.AppendRune(b, unicode.ToLower(r))
			}
			j += n
		}
		words++
		set := l.words[string(b)]
		for set != 0 {
			bit := bits.TrailingZeros64(set)
			votes[bit]++
			set &^= 1 << bit
		}
		i = j
	}
	if other > 2*words {
		return scriptLang(text)
	}
	best, second := -1, 0
	for i := range l.codes {
		switch {
		case best < 0 || votes[i] > votes[best]:
			if best >= 0 {
				second = votes[best]
			}
			best = i
		case votes[i] > second:
			second = votes[i]
		}
	}
	if best >= 0 && votes[best] >= minVotes && votes[best] >= 2*second {
		return l.codes[best]
	}
	if words < minTrigramWords {
		return ""
	}
	info := whatlanggo.Detect(text)
	if !info.IsReliable() {
		return ""
	}
	return info.Lang.Iso6391()
}

// scriptLang returns the language of the script most of text's letters are in.
func scriptLang(text string) string {
	var counts [32]int
	for _, r := range text {
		if r < utf8.RuneSelf {
			continue
		}
		for i, s := range singleScript {
			if unicode.Is(s.script, r) {
				counts[i]++
				break
			}
		}
	}
	best := 0
	for i := range singleScript {
		if counts[i] > counts[best] {
			best = i
		}
	}
	if counts[best] == 0 {
		return ""
	}
	lang := singleScript[best].lang
	if lang == "zh" && counts[4]+counts[5] > 0 {
		return "ja" // Japanese mixes kana with Han
	}
	return lang
}
