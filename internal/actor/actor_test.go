package actor

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/text"
)

func TestFindAndName(t *testing.T) {
	v := lexicon.NewVocab()
	r, err := Load("", v)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		in   string
		want []string // entry names (or identity names) in order
	}{
		{"HTS fighters attacked pro-government forces", []string{"Hayat Tahrir al-Sham", "Military Forces of %s"}},
		{"Pokot raiders killed two herders", []string{"Unidentified Armed Group (%s)", "Civilians (%s)"}},
		{"Police dispersed the protesters", []string{"Police Forces of %s", "Protesters (%s)"}},
		{"Al Shabaab militants ambushed a convoy", []string{"Al Shabaab"}},
		{"Taliban fighters and Taliban insurgents", []string{"Taliban", "Taliban"}},
		{"activists of Chhatra League (BCL) fought", []string{"Civilians (%s)", "BCL: Bangladesh Chhatra League", "BCL: Bangladesh Chhatra League"}},
		{"it is said that", nil},
	} {
		s := text.Analyze(c.in).Sentences[0]
		var got []string
		for _, m := range r.Find(s.Tokens, v.Prepare(s.Tokens)) {
			switch {
			case m.Entry != nil:
				got = append(got, m.Entry.Name)
			case m.Identity != nil:
				got = append(got, m.Identity.Name)
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: got %q, want %q", c.in, got, c.want)
				break
			}
		}
	}
	police := &Entry{Name: "Police Forces of %s", Inter: 1, Role: Police}
	for _, c := range []struct {
		date string
		want string
	}{
		{"2019", "Police Forces of Kenya (2013-2022)"},
		{"2023", "Police Forces of Kenya (2022-)"},
		{"2009", "Police Forces of Kenya (2002-2013)"},
		{"", "Police Forces of Kenya"},
		// A regime's year of change: the day says which.
		{"2013-03-04", "Police Forces of Kenya (2002-2013)"},
		{"2013-06-01", "Police Forces of Kenya (2013-2022)"},
		{"2022-08-09", "Police Forces of Kenya (2013-2022)"},
		{"2022-10-01", "Police Forces of Kenya (2022-)"},
		{"2022", "Police Forces of Kenya (2022-)"}, // a year alone: who held at its end
	} {
		if got := r.Name(police, "KE", "Kenya", c.date); got != c.want {
			t.Errorf("Name(%q) = %q, want %q", c.date, got, c.want)
		}
	}
	if got := Inter(&Entry{Role: Military, Inter: 1}, "TR", "SY"); got != 8 {
		t.Errorf("Turkish forces in Syria: inter %d, want 8", got)
	}
}

// nouns.txt says which nouns after a force's name make it a thing's
// modifier; the user's file adds to them.
func TestUserNouns(t *testing.T) {
	names := func(r *Registry, in string) []string {
		s := text.Analyze(in).Sentences[0]
		var out []string
		for _, m := range r.Find(s.Tokens, lexicon.Prepare(s.Tokens)) {
			out = append(out, m.Entry.Name)
		}
		return out
	}
	def, err := Load("", lexicon.NewVocab())
	if err != nil {
		t.Fatal(err)
	}
	const in = "Police drones filmed the market"
	if got := names(def, in); len(got) != 1 || got[0] != "Police Forces of %s" {
		t.Fatalf("default nouns: %q finds %q, want the police", in, got)
	}
	if got := names(def, "Police equipment was burnt"); len(got) != 0 {
		t.Fatalf("police equipment: %q, want no actor", got)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, NounsFile), []byte("[thing-noun]\ndrone{,s}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Load(dir, lexicon.NewVocab())
	if err != nil {
		t.Fatal(err)
	}
	if got := names(r, in); len(got) != 0 {
		t.Fatalf("with drones a thing noun: %q finds %q, want none", in, got)
	}
	if err := os.WriteFile(filepath.Join(dir, NounsFile), []byte("[thing-nouns]\ndrones\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir, lexicon.NewVocab()); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, NounsFile)+":1") {
		t.Fatalf("misspelt section: error %v, want one naming the file and line", err)
	}
}

func TestAreas(t *testing.T) {
	r, err := Load("", lexicon.NewVocab())
	if err != nil {
		t.Fatal(err)
	}
	s := text.Analyze("JNIM fighters").Sentences[0]
	ms := r.Find(s.Tokens, lexicon.Prepare(s.Tokens))
	if len(ms) == 0 || ms[0].Entry.Country != "" || !slices.Contains(ms[0].Entry.Areas, "ML") {
		t.Fatalf("JNIM: %+v, want no one country and Mali among its areas", ms)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "actors.txt"), []byte("Some Front\t2\trebel\tML,Mali\tSome Front\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir, lexicon.NewVocab()); err == nil || !strings.Contains(err.Error(), "Mali") {
		t.Fatalf("bad area: error %v, want one naming it", err)
	}
}
