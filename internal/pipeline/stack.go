package pipeline

import (
	"sync"

	"github.com/sitrep/sitrep/internal/code"
	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/document/page"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/geoparse"
	"github.com/sitrep/sitrep/internal/paths"
)

// Stack is sitrep's reading stack: the gazetteer, the word lists, the
// extractor, the coder and the document reader, from the embedded defaults
// and the user's additions. Each part is built once, when first asked for
// (a command that only resolves places never loads the event lexicons), and
// all are safe for concurrent use.
type Stack struct {
	gazetteer func() (*gazetteer.Gazetteer, error)
	extractor func() (*extract.Extractor, error)
	coder     func() (*code.Coder, error)
	reader    func() (*document.Reader, error)
}

// NewStack returns the stack reading the user's data in dirs.
func NewStack(dirs paths.Dirs) *Stack {
	s := &Stack{}
	s.gazetteer = sync.OnceValues(func() (*gazetteer.Gazetteer, error) {
		return gazetteer.Load(gazetteer.Options{Dir: dirs.Gazetteer()})
	})
	s.extractor = sync.OnceValues(func() (*extract.Extractor, error) {
		g, err := s.gazetteer()
		if err != nil {
			return nil, err
		}
		return extract.New(g, dirs.Lexicon())
	})
	s.coder = sync.OnceValues(func() (*code.Coder, error) {
		x, err := s.extractor()
		if err != nil {
			return nil, err
		}
		return code.New(x, dirs.Lexicon())
	})
	s.reader = sync.OnceValues(func() (*document.Reader, error) {
		return document.NewReader(dirs.Lexicon(), page.Read)
	})
	return s
}

// Gazetteer returns the gazetteer.
func (s *Stack) Gazetteer() (*gazetteer.Gazetteer, error) { return s.gazetteer() }

// Extractor returns the extractor.
func (s *Stack) Extractor() (*extract.Extractor, error) { return s.extractor() }

// Places returns the place parser the extractor reads with.
func (s *Stack) Places() (*geoparse.Parser, error) {
	x, err := s.extractor()
	if err != nil {
		return nil, err
	}
	return x.Places(), nil
}

// Coder returns the coder.
func (s *Stack) Coder() (*code.Coder, error) { return s.coder() }

// Reader returns the reader that makes documents of raw records.
func (s *Stack) Reader() (*document.Reader, error) { return s.reader() }

// Reading returns the reader and the coder: all that reads and codes
// documents on their way to a store.
func (s *Stack) Reading() (*document.Reader, *code.Coder, error) {
	rd, err := s.reader()
	if err != nil {
		return nil, nil, err
	}
	c, err := s.coder()
	return rd, c, err
}
