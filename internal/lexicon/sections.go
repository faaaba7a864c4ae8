package lexicon

import (
	"fmt"
	"strings"

	"github.com/sitrep/sitrep/internal/text"
)

// Sections is a word-list file in sections, the shape of the lists a
// package's rules read (words.txt, nouns.txt): a line "[name]" opens a
// section, and each line after it holds phrases separated by " | ", with
// braces for endings as in Alternatives. Phrases are kept folded
// (text.Fold), in file order, the embedded default's first. It is
// immutable once read.
type Sections struct {
	file    string
	phrases map[string][]entry
}

type entry struct {
	phrase, source string
}

// ReadSections reads the sectioned file name: the embedded default, then
// the file of the same name in userDir (if userDir is set and has one),
// whose phrases add to the default's. known names the sections the file
// may have; any other, or a phrase before the first section, is an error
// naming the line.
func ReadSections(name, userDir string, known ...string) (*Sections, error) {
	lines, err := Read(name, userDir)
	if err != nil {
		return nil, err
	}
	return sections(name, lines, known)
}

func sections(name string, lines []Line, known []string) (*Sections, error) {
	s := &Sections{file: name, phrases: map[string][]entry{}}
	for _, k := range known {
		s.phrases[k] = nil
	}
	section, file := "", ""
	for _, l := range lines {
		if f := l.Source[:max(0, strings.LastIndexByte(l.Source, ':'))]; f != file {
			section, file = "", f // each file opens its own sections: the user's starts with none
		}
		f := l.Fields[0]
		if len(l.Fields) == 1 && strings.HasPrefix(f, "[") && strings.HasSuffix(f, "]") {
			section = strings.TrimSpace(f[1 : len(f)-1])
			if _, ok := s.phrases[section]; !ok {
				return nil, l.Err("unknown section [%s]", section)
			}
			continue
		}
		if section == "" {
			return nil, l.Err("phrases before any [section]")
		}
		if len(l.Fields) != 1 {
			return nil, l.Err("want phrases separated by \" | \", not tab-separated fields")
		}
		for _, p := range Alternatives(f) {
			// Folded, with single spaces: how the text it meets is compared.
			if p = strings.Join(strings.Fields(text.Fold(p)), " "); p != "" {
				s.phrases[section] = append(s.phrases[section], entry{p, l.Source})
			}
		}
	}
	return s, nil
}

// Phrases returns the folded phrases of a section, in file order.
func (s *Sections) Phrases(section string) []string {
	es := s.phrases[section]
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.phrase
	}
	return out
}

// Words returns the words of a section as a set, for sections that are
// compared with one token's folded form (text.Token.Norm): an entry of
// several words could never match and is an error naming its line.
func (s *Sections) Words(section string) (*text.Set, error) {
	es, ok := s.phrases[section]
	if !ok {
		return nil, fmt.Errorf("lexicon %s: no section [%s]", s.file, section)
	}
	set := text.NewSet()
	for _, e := range es {
		if strings.Contains(e.phrase, " ") {
			return nil, fmt.Errorf("lexicon %s: [%s] takes single words, got %q", e.source, section, e.phrase)
		}
		set.Add(e.phrase)
	}
	return set, nil
}
