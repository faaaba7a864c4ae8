package pipeline

import (
	"testing"

	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/paths"
)

// BenchmarkStackStart measures what a process pays, past the gazetteer
// (BenchmarkDefaultLoad in package gazetteer), before it reads its first
// plain-text report: the lexicons, the extractor, the coder and the reader.
func BenchmarkStackStart(b *testing.B) {
	gazetteer.Default()
	dirs := paths.Dirs{Data: b.TempDir()}
	for b.Loop() {
		s := NewStack(dirs)
		if _, err := s.Coder(); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Reader(); err != nil {
			b.Fatal(err)
		}
	}
}
