package timex

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

func phrases(l *Lexicon, in string) string {
	d := text.Analyze(in)
	var out []string
	for _, s := range d.Sentences {
		for _, e := range l.Find(s.Tokens, ref, Options{}) {
			out = append(out, d.Slice(e.Span)+"="+e.Day.Format("2006-01-02"))
		}
	}
	return strings.Join(out, "; ")
}

// The user's timex.txt adds words to the classes and overrides values.
func TestLoad(t *testing.T) {
	const in = "Gunmen struck yday, and again the previous sennight."
	if got := phrases(Default(), in); got != "" {
		t.Fatalf("default lexicon: %q read %q, want nothing", in, got)
	}
	dir := t.TempDir()
	user := "# mine\n[deictic]\nyday = -1\n[unit]\nsennight = week\n"
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(user), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	// ref is Tuesday 11 February 2020: yesterday is the 10th, the previous
	// week (rolling) is coded on its middle.
	if got, want := phrases(l, in), "yday=2020-02-10; the previous sennight=2020-02-08"; got != want {
		t.Errorf("user lexicon: %q\n got %q\nwant %q", in, got, want)
	}
	if got := phrases(Default(), in); got != "" {
		t.Errorf("the user file changed the default lexicon: %q", got)
	}
	for _, bad := range []string{
		"yday = -1\n",
		"[deictic]\nyday\n",
		"[deictic]\nyday = soon\n",
		"[unit]\nsennight = lunar\n",
		"[part]\nsunrise = 1\n",
		"[month-cue]\nup to\n",
		"[date-unknown]\nunknown\n",
		"[calendar]\nfoo\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, FileName), []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), FileName+":") {
			t.Errorf("Load(%q) = %v, want an error naming the file and line", bad, err)
		}
	}
}

func FuzzLexicon(f *testing.F) {
	f.Add("[deictic]\nyday = -1\n[unit]\nsennight = week\n[date-unknown]\ndate tbc\n")
	f.Add("[number]\nscore = 20\n[edge]\nlate = mid\n[x]\n")
	f.Fuzz(func(t *testing.T, data string) {
		l := newLexicon()
		if err := l.read("user.txt", data); err != nil {
			if !strings.HasPrefix(err.Error(), "user.txt:") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		l.index()
		for _, s := range text.Analyze("Since early last week, and 3 days ago, around 5 March (date unknown).").Sentences {
			l.Find(s.Tokens, ref, Options{})
		}
	})
}
