// Package paths says where sitrep keeps the user's data: word-list
// additions, gazetteer imports and the default store. It is the one place
// that reads $SITREP_DATA, $SITREP_DB and the XDG variables.
package paths

import (
	"os"
	"path/filepath"
)

// Dirs are the user's data locations.
type Dirs struct {
	// Data holds everything else: $SITREP_DATA, else
	// $XDG_DATA_HOME/sitrep, else ~/.local/share/sitrep.
	Data string
	// Store is the default store: $SITREP_DB, else Data/sitrep.db.
	Store string
}

// FromEnv resolves the locations from the environment; getenv is
// os.Getenv outside tests.
func FromEnv(getenv func(string) string) Dirs {
	d := Dirs{Data: getenv("SITREP_DATA")}
	if d.Data == "" {
		base := getenv("XDG_DATA_HOME")
		if base == "" {
			home := getenv("HOME")
			if home == "" {
				home, _ = os.UserHomeDir() // "" when unknown: the paths become relative
			}
			base = filepath.Join(home, ".local", "share")
		}
		d.Data = filepath.Join(base, "sitrep")
	}
	d.Store = getenv("SITREP_DB")
	if d.Store == "" {
		d.Store = filepath.Join(d.Data, "sitrep.db")
	}
	return d
}

// Lexicon holds the user's additions to the word lists.
func (d Dirs) Lexicon() string { return filepath.Join(d.Data, "lexicon") }

// Gazetteer holds imported GeoNames tables and the user's own places.
func (d Dirs) Gazetteer() string { return filepath.Join(d.Data, "gazetteer") }

// StoreOr returns flag when set (a --db flag), else the default store.
func (d Dirs) StoreOr(flag string) string {
	if flag != "" {
		return flag
	}
	return d.Store
}
