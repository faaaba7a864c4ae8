package text

import (
	"unicode"
	"unicode/utf8"
)

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
		if j < len(toks) && !startsSentence(&toks[j]) {
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
	first, last := &toks[0], &toks[len(toks)-1]
	d.Sentences = append(d.Sentences, Sentence{
		Span:   Span{first.Start, last.End},
		Off:    first.Off,
		OffEnd: last.OffEnd,
		Para:   para,
		Tokens: toks,
	})
}

func endsSentence(toks []Token, i int) bool {
	t := &toks[i]
	switch t.Text {
	case "!", "?", "…", "...":
		return true
	case ".":
		if i == 0 {
			return false
		}
		prev := &toks[i-1]
		if prev.OffEnd != t.Off {
			return true
		}
		if prev.Kind == Word && words.abbreviations[prev.Norm] {
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
		return words.openers[toks[i+1].Norm]
	}
	return false
}

// isCloser tells closing quotes and brackets: punctuation, grammar in Go.
func isCloser(s string) bool {
	switch s {
	case "\"", "'", "”", "’", ")", "]", "»":
		return true
	}
	return false
}

func startsSentence(t *Token) bool {
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
