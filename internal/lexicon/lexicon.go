// Package lexicon loads the word lists sitrep reads text with: event
// triggers, cues for attribution, hedging and negation, and the actor
// registry. They are data, not code: the defaults are embedded, and a user's
// directory of files with the same names extends them.
//
// Every file is UTF-8 text, one entry a line, '#' starting a comment. Fields
// are separated by tabs; alternatives inside a field by " | ". A phrase may
// use braces for endings: "protest{,s,ed,ing}" stands for protest, protests,
// protested, protesting.
package lexicon

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"strings"

	"github.com/sitrep/sitrep/internal/datafile"
)

//go:embed data/*.txt
var defaults embed.FS

// Line is one entry of a lexicon file: its tab-separated fields.
type Line struct {
	Source string // "triggers.txt:12", for messages
	Fields []string
}

// Read returns the lines of the named file: the embedded default's, then
// those of the same file in userDir (if userDir is set and has one).
func Read(name, userDir string) ([]Line, error) {
	f, err := defaults.Open("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("lexicon %s: %w", name, err)
	}
	defer f.Close()
	var lines []Line
	err = datafile.Read(f, name, userDir, name, func(r io.Reader, source string) error {
		more, err := parse(r, source)
		lines = append(lines, more...)
		return err
	})
	return lines, err
}

func parse(r io.Reader, name string) ([]Line, error) {
	var lines []Line
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		s := sc.Text()
		if i := strings.Index(s, "#"); i >= 0 {
			s = s[:i]
		}
		if strings.TrimSpace(s) == "" {
			continue
		}
		var fields []string
		for _, f := range strings.Split(s, "\t") {
			if f = strings.TrimSpace(f); f != "" {
				fields = append(fields, f)
			}
		}
		lines = append(lines, Line{Source: fmt.Sprintf("%s:%d", name, n), Fields: fields})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lexicon %s:%d: %w", name, n, err)
	}
	return lines, nil
}

// Alternatives splits a field on " | " and expands braces in each phrase.
func Alternatives(field string) []string {
	var out []string
	for _, alt := range strings.Split(field, "|") {
		if alt = strings.TrimSpace(alt); alt != "" {
			out = append(out, Expand(alt)...)
		}
	}
	return out
}

// maxExpansions bounds what one phrase may expand to, so a mistyped file
// cannot ask for millions of phrases.
const maxExpansions = 1024

// Expand expands the brace groups of a phrase:
// "shot{,s} dead" → "shot dead", "shots dead". An unclosed brace is kept as
// written; at most maxExpansions phrases come out.
func Expand(p string) []string {
	out := []string{p}
	for {
		var next []string
		expanded := false
		for _, q := range out {
			i := strings.IndexByte(q, '{')
			j := -1
			if i >= 0 {
				j = strings.IndexByte(q[i:], '}')
			}
			if j < 0 {
				next = append(next, q) // nothing (closed) left to expand
				continue
			}
			j += i
			expanded = true
			for _, alt := range strings.Split(q[i+1:j], ",") {
				if len(next) >= maxExpansions {
					break
				}
				next = append(next, q[:i]+alt+q[j+1:])
			}
		}
		out = next
		if !expanded {
			return out
		}
	}
}

// Err reports a malformed line.
func (l Line) Err(format string, args ...any) error {
	return fmt.Errorf("lexicon %s: %s", l.Source, fmt.Sprintf(format, args...))
}
