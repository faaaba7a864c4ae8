package text

import (
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a dot that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "lt": true, "col": true,
	"maj": true, "capt": true, "cpt": true, "sgt": true, "cpl": true, "pvt": true, "adm": true, "brig": true,
	"gov": true, "sen": true, "rep": true, "rev": true, "hon": true, "pres": true, "st": true, "mt": true,
	"ft": true, "no": true, "nos": true, "vs": true, "etc": true, "approx": true, "est": true, "dept": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "inc": true, "ltd": true, "co": true, "corp": true,
	"jr": true, "sr": true, "e.g": true, "i.e": true, "fig": true, "ave": true, "blvd": true, "rd": true,
	"km": true, "cf": true, "al": true, "insp": true, "supt": true, "cmdr": true, "gen'l": true,
}

// splitSentences appends the sentences of one paragraph's tokens to d.
func splitSentences(d *Doc, toks []Token, para int) {
	start := 0
	for i := 0; i < len(toks); i++ {
		if !endsSentence(toks, i) {
			continue
		}
		// Closing quotes and brackets stay with the sentence they close.
		j := i + 1
		for j < len(toks) && isCloser(toks[j].Text) && !toks[j].SpaceBefore {
			j++
		}
		if j < len(toks) && !startsSentence(toks[j]) {
			continue
		}
		addSentence(d, toks[start:j], para)
		start = j
		i = j - 1
	}
	if start < len(toks) {
		addSentence(d, toks[start:], para)
	}
}

func addSentence(d *Doc, toks []Token, para int) {
	if len(toks) == 0 {
		return
	}
	first, last := toks[0], toks[len(toks)-1]
	d.Sentences = append(d.Sentences, Sentence{
		Span:   Span{first.Start, last.End},
		Off:    first.Off,
		OffEnd: last.OffEnd,
		Para:   para,
		Tokens: toks,
	})
}

func endsSentence(toks []Token, i int) bool {
	t := toks[i]
	switch t.Text {
	case "!", "?", "…", "...":
		return true
	case ".":
		if i == 0 {
			return false
		}
		prev := toks[i-1]
		if prev.OffEnd != t.Off {
			return true
		}
		if prev.Kind == Word && abbreviations[prev.Norm] {
			return false
		}
		// A single capital before a dot is an initial (J. Smith).
		if prev.Kind == Word && utf8.RuneCountInString(prev.Text) == 1 && prev.Cap {
			return false
		}
		return true
	}
	// An initialism token carrying its final dot (U.S.) ends a sentence only
	// when a typical sentence opener follows.
	if t.Kind == Word && len(t.Text) > 2 && t.Text[len(t.Text)-1] == '.' && i+1 < len(toks) {
		return openers[toks[i+1].Norm]
	}
	return false
}

var openers = map[string]bool{
	"the": true, "a": true, "an": true, "he": true, "she": true, "it": true, "they": true, "we": true,
	"i": true, "in": true, "on": true, "this": true, "but": true, "police": true, "officials": true,
}

func isCloser(s string) bool {
	switch s {
	case "\"", "'", "”", "’", ")", "]", "»":
		return true
	}
	return false
}

func startsSentence(t Token) bool {
	r, _ := utf8.DecodeRuneInString(t.Text)
	if unicode.IsUpper(r) || unicode.IsDigit(r) {
		return true
	}
	switch t.Text {
	case "\"", "“", "‘", "'", "(", "[", "«", "-", "—", "*", "•":
		return true
	}
	return false
}
