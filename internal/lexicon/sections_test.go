package lexicon

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadSections(t *testing.T) {
	_, err := ReadSections("words.txt", "", "adjective", "light-verb", "person")
	if err == nil {
		t.Fatal("words.txt has more sections than three: want an unknown-section error")
	}
	if !strings.Contains(err.Error(), "words.txt:") || !strings.Contains(err.Error(), "unknown section") {
		t.Fatalf("error %q does not name the line and the section", err)
	}
	lines := []Line{
		{Source: "t.txt:1", Fields: []string{"[adjective]"}},
		{Source: "t.txt:2", Fields: []string{"angry | Irate"}},
		{Source: "t.txt:3", Fields: []string{"[ light-verb ]"}},
		{Source: "t.txt:4", Fields: []string{"carr{y,ied} out | waged"}},
	}
	s, err := sections("t.txt", lines, []string{"adjective", "light-verb", "person"})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Phrases("light-verb"); !reflect.DeepEqual(got, []string{"carry out", "carried out", "waged"}) {
		t.Errorf("light-verb = %q", got)
	}
	adj, err := s.Words("adjective")
	if err != nil || adj.Len() != 2 || !adj.Has("angry") || !adj.Has("irate") {
		t.Errorf("adjective = %v, %v (want folded single words)", adj, err)
	}
	if p, err := s.Words("person"); err != nil || p.Len() != 0 {
		t.Errorf("a known section the file leaves out is empty, got %v, %v", p, err)
	}
	if _, err := s.Words("light-verb"); err == nil || !strings.Contains(err.Error(), "t.txt:4") {
		t.Errorf("phrases of several words in a word section: error %v, want one naming t.txt:4", err)
	}
	if _, err := s.Words("nothing"); err == nil {
		t.Error("an undeclared section should be an error")
	}
	for _, bad := range [][]Line{
		{{Source: "b.txt:1", Fields: []string{"angry"}}},
		{{Source: "b.txt:1", Fields: []string{"[adjective]"}}, {Source: "b.txt:2", Fields: []string{"angry", "irate"}}},
		{{Source: "b.txt:1", Fields: []string{"[adjectives]"}}},
		{{Source: "a.txt:1", Fields: []string{"[adjective]"}}, {Source: "b.txt:1", Fields: []string{"angry"}}},
	} {
		if _, err := sections("b.txt", bad, []string{"adjective"}); err == nil || !strings.Contains(err.Error(), "b.txt:") {
			t.Errorf("%v: error %v, want one naming the line", bad, err)
		}
	}
}

// embeddedSections lists the sections an embedded file has.
func embeddedSections(t *testing.T, name string) []string {
	b, err := defaults.ReadFile("data/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") {
			out = append(out, l[1:len(l)-1])
		}
	}
	return out
}

func TestReadSectionsUserFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "words.txt"), []byte("# mine\n[thing]\nDrones | tank{,s}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	known := embeddedSections(t, "words.txt")
	def, err := ReadSections("words.txt", "", known...)
	if err != nil {
		t.Fatal(err)
	}
	all, err := ReadSections("words.txt", dir, known...)
	if err != nil {
		t.Fatal(err)
	}
	d, a := def.Phrases("thing"), all.Phrases("thing")
	if want := append(d, "drones", "tank", "tanks"); !reflect.DeepEqual(a, want) {
		t.Fatalf("with the user's file: %q, want the default's and then drones, tank, tanks", a)
	}
	if err := os.WriteFile(filepath.Join(dir, "words.txt"), []byte("\n[things]\ndrones\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadSections("words.txt", dir, known...); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "words.txt")+":2") {
		t.Fatalf("a misspelt section in the user's file: error %v, want one naming the file and line", err)
	}
}

// FuzzSections reads arbitrary sectioned files: no panic; what is read is
// folded and trimmed, and a section's words hold no space.
func FuzzSections(f *testing.F) {
	f.Add("[a]\nx | Y{,s}\n[b]\n# c\nz z\n")
	f.Add("[a]\tb\n[]\n[a\n")
	f.Fuzz(func(t *testing.T, in string) {
		lines, err := parse(strings.NewReader(in), "fuzz.txt")
		if err != nil {
			return
		}
		s, err := sections("fuzz.txt", lines, []string{"a", "b"})
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.txt:") {
				t.Fatalf("error %q names no line", err)
			}
			return
		}
		for _, sec := range []string{"a", "b"} {
			for _, p := range s.Phrases(sec) {
				if p == "" || strings.TrimSpace(p) != p {
					t.Fatalf("untrimmed phrase %q", p)
				}
			}
			if ws, err := s.Words(sec); err == nil {
				for _, w := range ws.Words() {
					if strings.ContainsAny(w, " \t") || w == "" {
						t.Fatalf("word %q with a space", w)
					}
				}
			}
		}
	})
}
