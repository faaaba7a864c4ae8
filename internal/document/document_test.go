package document_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/document/page"
	"github.com/sitrep/sitrep/internal/ingest"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

const sampleParagraph = "Government forces shelled the villages of Kafr Nabl and Maarat al-Numan on Tuesday, killing at least seven civilians, according to local rescue workers. The ministry of defence said its units had targeted positions held by armed groups and denied that residential areas were hit."

var reader = func() *document.Reader {
	r, err := document.NewReader("", page.Read)
	if err != nil {
		panic(err)
	}
	return r
}()

func fromRecord(rec ingest.Record) (document.Document, error) { return reader.Read(rec) }

func ingestText(source, body string) ingest.Record {
	return ingest.Record{Source: source, Kind: ingest.Text, Body: []byte(body)}
}

// page is a news page as sites serve them: navigation, the article, a
// footer, and the article's metadata in the head.
func newsPage(charset, para string) string {
	return `<!DOCTYPE html>
<html lang="en"><head><meta charset="` + charset + `">
<title>Shelling kills seven in Idlib villages | Example News</title>
<meta name="author" content="Jane Roe">
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="Shelling kills seven in Idlib villages">
<meta property="article:published_time" content="2020-02-11T23:30:00+02:00">
<link rel="canonical" href="https://news.example.org/world/idlib-shelling">
<script>var tracking = {"id": 1};</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Shelling kills seven in Idlib villages</h1>
<p>` + para + `</p>
<p>Residents said the strikes began before dawn and lasted for several hours. Many families fled north towards the Turkish border, joining the tens of thousands already displaced since December.</p>
<p>The <a href="/idlib">United Nations</a> called for an immediate halt to attacks on civilian areas and warned that aid convoys could no longer reach parts of the province.</p>
<p>Turkey, which backs some of the opposition groups, has sent reinforcements to its observation posts in the area.</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Markets fall</a></li><li><a href="/b">Weather warning</a></li></ul></aside>
<footer><p>© 2020 Example News. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>`
}

func TestReadHTML(t *testing.T) {
	para := "Government forces shelled the villages of Kafr Nabl and Maʿarat al-Nuʿman on Tuesday, killing at least seven civilians, according to local rescue workers in the café district."
	d, err := fromRecord(ingest.Record{Source: "idlib.html", Kind: ingest.HTML, Body: []byte(newsPage("utf-8", para))})
	if err != nil {
		t.Fatal(err)
	}
	want := document.Document{
		Source: "idlib.html", URL: "https://news.example.org/world/idlib-shelling", Outlet: "Example News",
		Author: "Jane Roe", Title: "Shelling kills seven in Idlib villages",
		Published: time.Date(2020, 2, 11, 0, 0, 0, 0, time.UTC), Lang: "en",
	}
	if d.URL != want.URL || d.Outlet != want.Outlet || d.Author != want.Author || d.Title != want.Title || !d.Published.Equal(want.Published) || d.Lang != want.Lang {
		t.Errorf("metadata:\n got %+v\nwant %+v", d, want)
	}
	paras := strings.Split(d.Text, "\n\n")
	if len(paras) != 4 || paras[0] != para || !strings.HasPrefix(paras[2], "The United Nations called") {
		t.Errorf("text: want the 4 paragraphs of the article, the first as written, separated by blank lines; got\n%s", d.Text)
	}
	for _, furniture := range []string{"Home", "Most read", "Markets fall", "All rights reserved", "tracking", "Shelling kills"} {
		if strings.Contains(d.Text, furniture) {
			t.Errorf("text holds page furniture %q:\n%s", furniture, d.Text)
		}
	}
	sum := sha256.Sum256([]byte(d.Text))
	if d.Hash != hex.EncodeToString(sum[:]) || d.ID != d.Hash[:16] {
		t.Errorf("hash %s, id %s: want the SHA-256 of the text and its first 16 digits", d.Hash, d.ID)
	}

	// The same page in a legacy charset reads the same.
	latin, err := charmap.Windows1252.NewEncoder().String(newsPage("windows-1252", sampleParagraph+" Café."))
	if err != nil {
		t.Fatal(err)
	}
	d, err = fromRecord(ingest.Record{Source: "latin.html", Kind: ingest.HTML, Body: []byte(latin)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(d.Text, sampleParagraph+" Café.\n\n") || len(d.Warnings) != 0 {
		t.Errorf("windows-1252 page: text %q, warnings %q", d.Text[:min(len(d.Text), 400)], d.Warnings)
	}
}

func TestRecordMetadataWins(t *testing.T) {
	body := []byte(newsPage("utf-8", sampleParagraph))
	for _, tc := range []struct {
		name     string
		rec      ingest.Record
		want     document.Document
		warnings int
	}{
		{"record fields win",
			ingest.Record{ID: "r1", URL: "https://other.example/x", Outlet: "Wire", Author: "A. Writer", Title: "Another title", Published: "12 Feb 2020"},
			document.Document{ID: "r1", URL: "https://other.example/x", Outlet: "Wire", Author: "A. Writer", Title: "Another title", Published: time.Date(2020, 2, 12, 0, 0, 0, 0, time.UTC)}, 0},
		{"empty record fields are filled from the page",
			ingest.Record{Title: "Another title"},
			document.Document{URL: "https://news.example.org/world/idlib-shelling", Outlet: "Example News", Author: "Jane Roe", Title: "Another title", Published: time.Date(2020, 2, 11, 0, 0, 0, 0, time.UTC)}, 0},
		{"a nonsense date is dropped with a warning, the page's taken",
			ingest.Record{Published: "2020-13-45"},
			document.Document{URL: "https://news.example.org/world/idlib-shelling", Outlet: "Example News", Author: "Jane Roe", Title: "Shelling kills seven in Idlib villages", Published: time.Date(2020, 2, 11, 0, 0, 0, 0, time.UTC)}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := tc.rec
			rec.Source, rec.Kind, rec.Body = "p.html", ingest.HTML, body
			d, err := fromRecord(rec)
			if err != nil {
				t.Fatal(err)
			}
			w := tc.want
			if w.ID == "" {
				w.ID = d.Hash[:16]
			}
			if d.ID != w.ID || d.URL != w.URL || d.Outlet != w.Outlet || d.Author != w.Author || d.Title != w.Title || !d.Published.Equal(w.Published) || len(d.Warnings) != tc.warnings {
				t.Errorf("\n got %+v\nwant %+v with %d warnings", d, w, tc.warnings)
			}
			if tc.warnings > 0 && !strings.Contains(d.Warnings[0], "2020-13-45") {
				t.Errorf("warning %q does not name the date", d.Warnings[0])
			}
		})
	}
	// A text record's date is read the same way.
	rec := ingestText("t.txt", sampleParagraph)
	rec.Published = "0000-01-01"
	d, err := fromRecord(rec)
	if err != nil || !d.Published.IsZero() || len(d.Warnings) != 1 {
		t.Errorf("text with year 0: %v, published %v, warnings %q", err, d.Published, d.Warnings)
	}
}

func TestReadText(t *testing.T) {
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String("Kämpfe bei Saraqib.\n\nFünf Tote.")
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String("Combats près de Saraqib.")
	latin, _ := charmap.Windows1252.NewEncoder().String("Combats près de Saraqib, à l’est d’Idlib.")
	for _, tc := range []struct {
		name, in, want string
		warning        string
	}{
		{"as is", "Five were killed.\n\nTen were wounded.", "Five were killed.\n\nTen were wounded.", ""},
		{"line endings and trimming", "\r\n  Five were killed. \r\n\r\nTen were\rwounded.\t\r\n", "Five were killed.\n\nTen were\nwounded.", ""},
		{"a line of spaces is a blank line", "Five were killed.\n   \nTen were wounded.", "Five were killed.\n\nTen were wounded.", ""},
		{"UTF-8 byte-order mark", "\ufeffFive were killed.", "Five were killed.", ""},
		{"UTF-16LE with BOM", utf16le, "Kämpfe bei Saraqib.\n\nFünf Tote.", ""},
		{"UTF-16BE with BOM", utf16be, "Combats près de Saraqib.", ""},
		{"Windows-1252", latin, "Combats près de Saraqib, à l’est d’Idlib.", "Windows-1252"},
		{"UTF-8 with a bad byte", "Kämpfe bei Saraqib \xff und Fünf Tote in Maʿarrat.", "Kämpfe bei Saraqib \ufffd und Fünf Tote in Maʿarrat.", "U+FFFD"},
		{"decomposed accents are composed", "Sarāqib", "Sarāqib", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := fromRecord(ingestText("in.txt", tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if d.Text != tc.want {
				t.Errorf("text %q, want %q", d.Text, tc.want)
			}
			if (tc.warning == "") != (len(d.Warnings) == 0) || tc.warning != "" && !strings.Contains(d.Warnings[0], tc.warning) {
				t.Errorf("warnings %q, want one saying %q", d.Warnings, tc.warning)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
	for _, tc := range []struct {
		name string
		rec  ingest.Record
		want error
	}{
		{"empty", ingestText("a.txt", ""), document.ErrEmpty},
		{"white space", ingestText("a.txt", " \n\t\r\n"), document.ErrEmpty},
		{"NUL bytes", ingestText("a.txt", "text\x00more text"), document.ErrBinary},
		{"image", ingest.Record{Source: "a.html", Kind: ingest.HTML, Body: []byte(png)}, document.ErrBinary},
		{"control characters", ingestText("a.txt", strings.Repeat("\x01\x02\x03abc", 50)), document.ErrBinary},
		{"too large", ingestText("a.txt", strings.Repeat("a", document.MaxSize+1)), document.ErrTooLarge},
		{"page without text", ingest.Record{Source: "a.html", Kind: ingest.HTML, Body: []byte("<html><head><title>Home</title><script>var a = 1;</script></head><body><img src=a.png></body></html>")}, document.ErrNoText},
		{"broken page", ingest.Record{Source: "a.html", Kind: ingest.HTML, Body: []byte("<html><body><p>Five killed in </b></i><table><tr><td>Saraqib")}, nil},
		{"only a trailer", ingestText("a.txt", "*\n\n***"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := fromRecord(tc.rec)
			if tc.want == nil {
				if err != nil {
					t.Errorf("error %v", err)
				}
				if d.Text == "" {
					t.Errorf("no text")
				}
				return
			}
			if !errors.Is(err, tc.want) || !strings.HasPrefix(err.Error(), tc.rec.Source+": ") {
				t.Errorf("error %v, want %v naming %s", err, tc.want, tc.rec.Source)
			}
		})
	}
}

func TestIDAndLang(t *testing.T) {
	a, _ := fromRecord(ingestText("a.txt", sampleParagraph))
	b, _ := fromRecord(ingestText("b.txt", "\n"+sampleParagraph+"\r\n"))
	if a.ID == "" || a.ID != b.ID || a.Hash != b.Hash {
		t.Errorf("the same text read twice: ids %q %q", a.ID, b.ID)
	}
	rec := ingestText("c.txt", sampleParagraph)
	rec.ID = "KEN7182"
	if c, _ := fromRecord(rec); c.ID != "KEN7182" {
		t.Errorf("record id %q lost: %q", rec.ID, c.ID)
	}
	for text, want := range map[string]string{
		sampleParagraph: "en",
		"Les forces gouvernementales ont bombardé les villages de Kafr Nabl et de Maarat al-Numan mardi, tuant au moins sept civils, selon les secouristes locaux.":                                             "fr",
		"Правительственные войска обстреляли деревни в провинции Идлиб во вторник, погибли по меньшей мере семь мирных жителей. Жители говорят, что удары начались до рассвета и продолжались несколько часов.": "ru",
		"Kämpfe bei Saraqib. Fünf Tote.": "", // too short to tell German from its neighbours
		"12 345 678":                     "",
	} {
		d, err := fromRecord(ingestText("l.txt", text))
		if err != nil || d.Lang != want {
			t.Errorf("lang of %.30q: %q, %v; want %q", text, d.Lang, err, want)
		}
	}
}

// FuzzFromRecord reads arbitrary bodies as pages (and as text).
func FuzzFromRecord(f *testing.F) {
	f.Add([]byte(newsPage("utf-8", sampleParagraph)), true)
	f.Add([]byte("<html><body><p>Five killed in </b></i><table><tr><td>Saraqib"), true)
	f.Add([]byte("<meta charset=shift_jis><p>\x82\xa0\x82\xa2</p>"), true)
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), true)
	f.Add([]byte("<pre>a\n  b</pre><br><br><p>c</p>"), true)
	f.Add([]byte("Five killed.\r\n\r\n*\n\nShare this article"), false)
	f.Add([]byte("caf\xe9 \xff"), false)
	f.Fuzz(func(t *testing.T, body []byte, isHTML bool) {
		kind := ingest.Text
		if isHTML {
			kind = ingest.HTML
		}
		d, err := fromRecord(ingest.Record{Source: "fuzz.html", Kind: kind, Body: body})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.html: ") {
				t.Fatalf("error %q does not name the input", err)
			}
			return
		}
		sum := sha256.Sum256([]byte(d.Text))
		if d.Text == "" || !utf8.ValidString(d.Text) || d.Text != strings.TrimSpace(d.Text) || d.Hash != hex.EncodeToString(sum[:]) || d.ID == "" {
			t.Fatalf("document %+v", d)
		}
	})
}

func BenchmarkFromRecordHTML(b *testing.B) {
	body := []byte(newsPage("utf-8", strings.Repeat(sampleParagraph+"</p>\n<p>", 8)+sampleParagraph))
	rec := ingest.Record{Source: "bench.html", Kind: ingest.HTML, Body: body}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := fromRecord(rec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFromRecordText(b *testing.B) {
	body := []byte(strings.Repeat(sampleParagraph+"\n\n", 12) + "*\n\nShare this article\n\nDisclaimer: the views are the author's.")
	rec := ingest.Record{Source: "bench.txt", Kind: ingest.Text, Body: body}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := fromRecord(rec); err != nil {
			b.Fatal(err)
		}
	}
}
