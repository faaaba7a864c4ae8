package main

import (
	"github.com/sitrep/sitrep/internal/code"
	"os"
	"path/filepath"

	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/gazetteer"
)

// dataDir is where the user's own data lives: lexicon additions and
// gazetteer imports. $SITREP_DATA, else $XDG_DATA_HOME/sitrep, else ~/.local/share/sitrep.
func dataDir(getenv func(string) string) string {
	if d := getenv("SITREP_DATA"); d != "" {
		return d
	}
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "sitrep")
	}
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, ".local", "share", "sitrep")
}

// newCoder loads the gazetteer and lexicons, the embedded defaults with the user's additions.
func newCoder(e *env) (*code.Coder, error) {
	g, err := gazetteer.Load(gazetteer.Options{Dir: gazetteer.UserDir(e.getenv)})
	if err != nil {
		return nil, err
	}
	x, err := extract.New(g, lexiconDir(e))
	if err != nil {
		return nil, err
	}
	return code.New(x), nil
}
