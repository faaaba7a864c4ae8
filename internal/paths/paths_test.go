package paths

import (
	"path/filepath"
	"testing"
)

func TestFromEnv(t *testing.T) {
	for _, c := range []struct {
		name             string
		env              map[string]string
		data, store, lex string
	}{
		{"home", map[string]string{"HOME": "/h"}, "/h/.local/share/sitrep", "/h/.local/share/sitrep/sitrep.db", "/h/.local/share/sitrep/lexicon"},
		{"xdg", map[string]string{"HOME": "/h", "XDG_DATA_HOME": "/x"}, "/x/sitrep", "/x/sitrep/sitrep.db", "/x/sitrep/lexicon"},
		{"sitrep data", map[string]string{"HOME": "/h", "XDG_DATA_HOME": "/x", "SITREP_DATA": "/d"}, "/d", "/d/sitrep.db", "/d/lexicon"},
		{"sitrep db", map[string]string{"HOME": "/h", "SITREP_DATA": "/d", "SITREP_DB": "/db/s.db"}, "/d", "/db/s.db", "/d/lexicon"},
	} {
		d := FromEnv(func(k string) string { return c.env[k] })
		if d.Data != filepath.FromSlash(c.data) || d.Store != filepath.FromSlash(c.store) || d.Lexicon() != filepath.FromSlash(c.lex) {
			t.Errorf("%s: got %+v, lexicon %s", c.name, d, d.Lexicon())
		}
		if d.Gazetteer() != filepath.Join(d.Data, "gazetteer") {
			t.Errorf("%s: gazetteer %s", c.name, d.Gazetteer())
		}
		if d.StoreOr("f.db") != "f.db" || d.StoreOr("") != d.Store {
			t.Errorf("%s: --db is not preferred", c.name)
		}
	}
}
