package lexicon

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"protest{,s,ed}", []string{"protest", "protests", "protested"}},
		{"shot{,s} {dead,down}", []string{"shot dead", "shot down", "shots dead", "shots down"}},
		{"plain", []string{"plain"}},
		{"broken{a,b", []string{"broken{a,b"}},
	} {
		if got := Expand(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Expand(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := Alternatives("a{,s} | b c |"); !reflect.DeepEqual(got, []string{"a", "as", "b c"}) {
		t.Errorf("Alternatives = %q", got)
	}
}

func TestReadMergesUserFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cues.txt"), []byte("# mine\nhedge\tby all accounts # trailing comment\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	def, err := Read("cues.txt", "")
	if err != nil {
		t.Fatal(err)
	}
	all, err := Read("cues.txt", dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(def)+1 {
		t.Fatalf("user file added %d lines, want 1", len(all)-len(def))
	}
	last := all[len(all)-1]
	if !reflect.DeepEqual(last.Fields, []string{"hedge", "by all accounts"}) || last.Source != filepath.Join(dir, "cues.txt")+":2" {
		t.Fatalf("last line = %+v", last)
	}
	if _, err := Read("missing.txt", dir); err == nil {
		t.Fatal("reading a file with no default should fail")
	}
}

// FuzzParse reads arbitrary lexicon files: no panic, and every line's fields
// are trimmed and non-empty; every expansion is finite.
func FuzzParse(f *testing.F) {
	f.Add("class\tphr{a,b}se | other\n# comment\n\n\tx\ty{\n")
	f.Add("a{,s{x,y}}\t{{}}|||")
	f.Fuzz(func(t *testing.T, in string) {
		lines, err := parse(strings.NewReader(in), "fuzz.txt")
		if err != nil {
			return
		}
		for _, l := range lines {
			if len(l.Fields) == 0 || !strings.HasPrefix(l.Source, "fuzz.txt:") {
				t.Fatalf("line %+v", l)
			}
			for _, fld := range l.Fields {
				if fld == "" || strings.TrimSpace(fld) != fld {
					t.Fatalf("untrimmed field %q", fld)
				}
				if len(Alternatives(fld)) > 1<<16 {
					t.Fatalf("expansion of %q too large", fld)
				}
			}
		}
	})
}

func TestExpandIsBounded(t *testing.T) {
	if n := len(Expand(strings.Repeat("{a,b,c}", 30))); n > maxExpansions {
		t.Fatalf("%d expansions", n)
	}
}
