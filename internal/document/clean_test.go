package document

import (
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/testenv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	c, err := loadCues("")
	if err != nil {
		t.Fatal(err)
	}
	const body = "Fighting broke out near Saraqib on Monday.\n\nAt least five soldiers were killed, the ministry said."
	for _, tc := range []struct{ name, in, want string }{
		{"nothing to cut", body, body},
		{"trailer after a separator",
			body + "\n\n*\n\nNote to readers: if this piece helped you, pass it on.\n\nKeep Frontline Desk going: every gift counts. Card or PayPal: desk@example.org\n\nArticles by: Frontline Desk\n\nDisclaimer: each author answers for their own piece.\n\nThis site carries copyrighted material whose owners did not always agree to its use.\n\nFor media inquiries: desk@example.org",
			body},
		{"credits and copyright", body + "\n\n(Reporting by Jane Roe; Editing by John Doe)\n\n© 2020 Example News", body},
		{"link titles after a trailer cue go too", body + "\n\nRelated articles\n\nTurkey sends more troops to Idlib\n\nRussia and Turkey hold talks", body},
		{"typographic quotes and case", body + "\n\nEDITOR’S NOTE: this story was updated.", body},
		{"lone separators at the end", body + "\n\n***\n\n—", body},
		{"calls to action mid-article",
			"Fighting broke out near Saraqib on Monday.\n\nREAD MORE: Turkey sends troops to Idlib\n\nAt least five soldiers were killed.\n\nAdvertisement\n\nThe ministry said so.",
			"Fighting broke out near Saraqib on Monday.\n\nAt least five soldiers were killed.\n\nThe ministry said so."},
		{"line breaks when there are no blank lines", "Fighting broke out near Saraqib.\nFive were killed.\nShare this article\nFollow us on Twitter", "Fighting broke out near Saraqib.\nFive were killed."},

		// Article text that mentions the cues stays.
		{"support mid-article", "Fighting broke out near Saraqib.\n\nSupport for the ceasefire grew among residents.\n\nFive were killed on Tuesday.", ""},
		{"support as the last paragraph", body + "\n\nSupport for the ceasefire grew among residents of Idlib.", ""},
		{"supporters", body + "\n\nSupporters of the government rallied in Damascus.", ""},
		{"disclaimer mentioned", body + "\n\nThe disclaimer issued by the ministry said the figures were provisional.", ""},
		{"disclaimer without colon", body + "\n\nDisclaimers aside, the ministry said the figures were final.", ""},
		{"copyright dispute", body + "\n\nCopyright lawyers said the footage was used without permission.", ""},
		{"read more as a sentence", body + "\n\nRead more than fifty names, the list was long.", ""},
		{"trailer cue followed by article text", body + "\n\nShare this article\n\nThe fighting continued into the night, residents said, and the roads were closed.", "Fighting broke out near Saraqib on Monday.\n\nAt least five soldiers were killed, the ministry said.\n\nThe fighting continued into the night, residents said, and the roads were closed."},
		{"first paragraph is kept", "Share this article\n\nDisclaimer: none.", "Share this article"},
		{"donations in the news", body + "\n\nThe charity said it would donate 5,000 blankets to families in Idlib.", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			if want == "" {
				want = tc.in
			}
			if got := c.clean(tc.in); got != want {
				t.Errorf("clean:\n%s\n--- got:\n%s\n--- want:\n%s", tc.in, got, want)
			}
		})
	}
}

func TestCleanSeed(t *testing.T) {
	path := testenv.Shared(t, "corpus", "seed", "000_e832070ca5f6e4b0.txt")
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := textReader(t).Read(ingest.Record{Source: path, Kind: ingest.Text, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	// Nothing before the trailer was lost, and the cut begins at the
	// separator line that opens the trailer.
	if !strings.HasPrefix(string(body), d.Text) {
		t.Fatalf("cleaned seed report is not a prefix of the original")
	}
	if cut := strings.TrimSpace(string(body[len(d.Text):])); !strings.HasPrefix(cut, "*\n") {
		t.Errorf("the cut does not begin at the separator: %q", cut[:min(len(cut), 200)])
	}
	if !strings.HasSuffix(d.Text, ".") {
		t.Errorf("seed report ends %q", d.Text[max(0, len(d.Text)-200):])
	}
}

func TestUserCues(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, trailersFile), []byte("# ours\nstart\tmehr zum thema\nalone\twerbung\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := "Kämpfe bei Saraqib.\n\nWerbung\n\nFünf Soldaten wurden getötet.\n\nMehr zum Thema: Idlib"
	if got := r.cues.clean(in); got != "Kämpfe bei Saraqib.\n\nFünf Soldaten wurden getötet." {
		t.Errorf("user cues: got %q", got)
	}
	// The embedded cues still apply.
	if got := r.cues.clean("Text.\n\nShare this article"); got != "Text." {
		t.Errorf("embedded cues with a user file: got %q", got)
	}
	// A directory without the file is fine.
	if _, err := NewReader(t.TempDir(), nil); err != nil {
		t.Errorf("directory without %s: %v", trailersFile, err)
	}
}

func TestUserCuesErrors(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"start\tok\nbegin\tnote to readers\n", "trailers.txt:2: unknown kind"},
		{"\n\nstart note to readers\n", "trailers.txt:3: want <kind><TAB><phrase>"},
		{"within\t\n", "trailers.txt:1"},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, trailersFile), []byte(tc.file), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := NewReader(dir, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("cue file %q: error %v, want %q", tc.file, err, tc.want)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"note to readers":          "note to readers",
		"Note  to\u00a0READERS":    "note to readers",
		"Editor’s Note — “quoted”": "editor's note - \"quoted\"",
		"Ünïcode":                  "ünïcode",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkClean(b *testing.B) {
	c, err := loadCues("")
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat(benchParagraph+"\n\n", 12) + "Share this article\n\nDisclaimer: none."
	for b.Loop() {
		c.clean(text)
	}
}

// FuzzClean checks that cleaning only ever drops whole paragraphs, keeps
// their order and keeps the first.
func FuzzClean(f *testing.F) {
	c, err := loadCues("")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("Five killed.\n\n*\n\nNote to readers: share.\n\nArticles by: X")
	f.Add("Share this article\n\nRead more: x\n\nAdvertisement")
	f.Add("a\nb\nFollow us on X")
	f.Fuzz(func(t *testing.T, text string) {
		out := c.clean(text)
		sep := "\n\n"
		if !strings.Contains(text, sep) {
			sep = "\n"
		}
		in := strings.Split(text, sep)
		if !strings.HasPrefix(out, in[0]) {
			t.Fatalf("first paragraph lost: %q -> %q", text, out)
		}
		i := 0
		for _, p := range strings.Split(out, sep) {
			for i < len(in) && in[i] != p {
				i++
			}
			if i == len(in) {
				t.Fatalf("%q -> %q: paragraph %q is not one of the input's, in order", text, out, p)
			}
			i++
		}
	})
}

// FuzzCueIndex checks the indexed, one-pass cue tests against the plain
// reading of trailers.txt: every phrase tried at every place.
func FuzzCueIndex(f *testing.F) {
	c, err := loadCues("")
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range []string{"Reporting by Jane Doe; editing by John Roe", "Share this article", "Follow us on Twitter",
		"The views expressed in this article are the author's own.", "Five people were killed, police said.",
		"© 2024 The Outlet. All rights reserved.", "advertisement", "Copyright 2019", "(Reporting by A. B.)", "a", "", "Ç"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		plainTrailer := func() bool {
			f := fold(strings.TrimSpace(p))
			for _, list := range [][]string{c.start, c.line} {
				for _, q := range list {
					if startsWith(f, q) {
						return true
					}
				}
			}
			for _, q := range c.within {
				for i := 0; ; {
					j := strings.Index(f[i:], q)
					if j < 0 {
						break
					}
					if boundary(f, i+j, i+j+len(q)) {
						return true
					}
					i += j + 1
				}
			}
			return false
		}
		plainCall := func() bool {
			p := strings.TrimSpace(p)
			if p == "" || p[0] < utf8.RuneSelf && !c.first[p[0]|0x20] {
				return false
			}
			head := fold(prefix(p, 2*c.longest+8))
			for _, q := range c.line {
				if startsWith(head, q) && words(p) <= maxCallWords {
					return true
				}
			}
			if len(p) > 2*c.longest {
				return false
			}
			head = strings.TrimFunc(head, isPunctOrSpace)
			return slices.Contains(c.alone, head)
		}
		plainFold := func(s string) string {
			var b strings.Builder
			space := false
			for _, r := range s {
				switch r {
				case '‘', '’', 'ʼ', '`', '´':
					r = '\''
				case '“', '”', '„', '«', '»':
					r = '"'
				case '‐', '‑', '‒', '–', '—', '―', '−':
					r = '-'
				}
				if unicode.IsSpace(r) {
					if !space {
						b.WriteByte(' ')
					}
					space = true
					continue
				}
				space = false
				b.WriteRune(unicode.ToLower(r))
			}
			return b.String()
		}
		if got, want := fold(p), plainFold(p); got != want && got != p {
			t.Errorf("fold(%q) = %q, want %q", p, got, want)
		}
		if got, want := c.trailer(p), plainTrailer(); got != want {
			t.Errorf("trailer(%q) = %v, want %v", p, got, want)
		}
		if got, want := c.call(p), plainCall(); got != want {
			t.Errorf("call(%q) = %v, want %v", p, got, want)
		}
	})
}

// TestCueIndex runs FuzzCueIndex's comparison over every cue phrase, in
// the cases a paragraph meets it: alone, starting it, inside it, glued to
// a word.
func TestCueIndex(t *testing.T) {
	c, err := loadCues("")
	if err != nil {
		t.Fatal(err)
	}
	var paras []string
	for _, list := range [][]string{c.start, c.within, c.line, c.alone} {
		for _, q := range list {
			paras = append(paras, q, strings.ToUpper(q[:1])+q[1:]+" the rest.", "Before it, "+q+" after.", "x"+q, q+"x", q+" 2021")
		}
	}
	for _, p := range paras {
		plain := false
		f := fold(strings.TrimSpace(p))
		for _, list := range [][]string{c.start, c.line} {
			for _, q := range list {
				plain = plain || startsWith(f, q)
			}
		}
		for _, q := range c.within {
			for i := 0; ; {
				j := strings.Index(f[i:], q)
				if j < 0 {
					break
				}
				plain = plain || boundary(f, i+j, i+j+len(q))
				i += j + 1
			}
		}
		if got := c.trailer(p); got != plain {
			t.Errorf("trailer(%q) = %v, want %v", p, got, plain)
		}
	}
}
