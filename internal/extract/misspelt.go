package extract

import (
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/text"
)

// Hand-written notes misspell their verbs ("protestd", "attakced",
// "demonstated"), and a trigger no lexicon knows loses the whole event.
// A word that no phrase has is read as a long trigger word when it is
// that word with one slip inside it: a letter dropped (words of nine
// letters or more), two neighbours swapped, or a letter doubled (seven or
// more). The first and last letters stay, and short words are left alone:
// there one slip makes another real word too often ("selling" from
// "shelling", "storing" from "storming"). The real words the rule would
// still reach are listed in words.txt [misspelling-not].
const (
	dropMin  = 9 // a trigger word this long may have lost a letter
	slipMin  = 7 // or have two swapped or one doubled
	slipWord = 7 // the shortest misspelt word read
)

// misspellings maps each slip of the triggers' single words to the word.
// A slip of two words, a trigger itself, a word another phrase has or a
// listed real word is none.
func misspellings(forms []string, v *lexicon.Vocab, not *text.Set) map[string]string {
	known := make(map[string]bool, len(forms))
	for _, f := range forms {
		known[f] = true
	}
	out := map[string]string{}
	add := func(slip, f string) {
		if len(slip) < slipWord || known[slip] || v.Has(slip) || not.Has(slip) {
			return
		}
		if g, ok := out[slip]; ok && g != f {
			out[slip] = "" // two words' slip: neither
			return
		}
		out[slip] = f
	}
	for _, f := range forms {
		n := len(f)
		if n < slipMin {
			continue
		}
		for i := 1; i < n-1; i++ {
			if n >= dropMin {
				add(f[:i]+f[i+1:], f)
			}
			add(f[:i]+f[i:i+1]+f[i:], f)
			if i < n-2 && f[i] != f[i+1] {
				add(f[:i]+f[i+1:i+2]+f[i:i+1]+f[i+2:], f)
			}
		}
	}
	for k, f := range out {
		if f == "" {
			delete(out, k)
		}
	}
	return out
}

// plainWord tells whether a folded trigger form is one word of ASCII
// letters, the only kind a slip is looked for in.
func plainWord(f string) bool {
	for i := 0; i < len(f); i++ {
		if f[i] < 'a' || f[i] > 'z' {
			return false
		}
	}
	return f != ""
}

// respell reads each misspelt trigger word of d as the word (its Norm;
// its text and spans stay as written). A capitalised word inside a
// sentence is a name and stays.
func (x *Extractor) respell(d *text.Doc) {
	if len(x.misspelt) == 0 {
		return
	}
	for i := range d.Sentences {
		toks := d.Sentences[i].Tokens
		for k := range toks {
			t := &toks[k]
			if t.Kind != text.Word || len(t.Norm) < slipWord || t.Cap && k > 0 && !upper(t.Text) {
				continue
			}
			if f, ok := x.misspelt[t.Norm]; ok {
				t.Norm = f
			}
		}
	}
}

// upper tells whether a word is written in capitals ("FATALITIES").
func upper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return false
		}
	}
	return true
}
