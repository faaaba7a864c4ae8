package document

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/ingest"
	"golang.org/x/text/unicode/norm"
)

// Reader makes documents of records. It is safe for concurrent use.
type Reader struct {
	cues  *cues
	langs *langs
	pages PageReader
}

// Page is what a web page says: its main text and its metadata.
type Page struct {
	Text                           string // paragraphs separated by blank lines
	Title, Author, Site, Host, URL string
	Date                           time.Time // zero when the page gives none
}

// PageReader reads a UTF-8 web page. Package page provides one; it lives
// apart because linking it makes every program start slowly.
type PageReader func(html []byte, url string) (Page, error)

// NewReader returns a Reader that reads with the embedded data files and,
// when userDir is set, with the files of the same names there: trailers.txt
// (trailer cues) and stopwords.txt (function words by language). pages
// reads HTML records; with nil, they are refused.
func NewReader(userDir string, pages PageReader) (*Reader, error) {
	c, err := loadCues(userDir)
	if err != nil {
		return nil, err
	}
	l, err := loadLangs(userDir)
	if err != nil {
		return nil, err
	}
	return &Reader{cues: c, langs: l, pages: pages}, nil
}

// Read makes a document of rec: its body decoded to UTF-8 (NFC), the main
// text of a page, trailers cut, metadata filled, language detected. Errors
// name rec.Source; ErrEmpty, ErrBinary, ErrTooLarge and ErrNoText tell why a
// record holds no document.
func (r *Reader) Read(rec ingest.Record) (Document, error) {
	d := Document{
		ID: rec.ID, Source: rec.Source, URL: rec.URL, Outlet: rec.Outlet,
		Author: rec.Author, Title: rec.Title,
	}
	fail := func(err error) (Document, error) { return Document{}, fmt.Errorf("%s: %w", rec.Source, err) }
	body, warning, err := decode(rec.Body, rec.Charset)
	if err != nil {
		return fail(err)
	}
	if warning != "" {
		d.Warnings = append(d.Warnings, warning)
	}
	var text, pageTitle string
	var pageDate time.Time
	if rec.Kind == ingest.HTML {
		if r.pages == nil {
			return fail(ErrNoPageReader)
		}
		p, err := r.pages(body, rec.URL)
		if err != nil {
			return fail(err)
		}
		text, pageTitle, pageDate = p.Text, p.Title, p.Date
		fill(&d.URL, p.URL)
		fill(&d.Title, p.Title)
		fill(&d.Author, p.Author)
		fill(&d.Outlet, p.Site)
		fill(&d.Outlet, p.Host)
	} else {
		text = normalizeLines(string(body))
	}
	text = strings.TrimSpace(norm.NFC.String(text))
	// The title has a field of its own; pages repeat it as a heading.
	if first, rest, _ := strings.Cut(text, "\n\n"); isTitle(first, d.Title) || isTitle(first, pageTitle) {
		text = rest
	}
	d.Text = strings.TrimSpace(r.cues.clean(text))
	if d.Text == "" {
		return fail(ErrNoText)
	}

	if rec.Published != "" {
		t, err := ParseDate(rec.Published)
		if err == nil {
			d.Published = t
		} else {
			d.Warnings = append(d.Warnings, "publication date dropped: "+err.Error())
		}
	}
	if d.Published.IsZero() && !pageDate.IsZero() {
		// The day as the page wrote it, in its own zone.
		t := time.Date(pageDate.Year(), pageDate.Month(), pageDate.Day(), 0, 0, 0, 0, time.UTC)
		if t.Year() >= minYear && t.Year() <= maxYear {
			d.Published = t
		}
	}

	if d.Published.IsZero() && rec.Fetched != "" {
		// When nothing better says, a crawl's capture date bounds publication.
		if t, err := ParseDate(rec.Fetched); err == nil {
			d.Published, d.Captured = t, true
		}
	}
	d.Lang = r.langs.detect(d.Text)
	sum := sha256.Sum256([]byte(d.Text))
	d.Hash = hex.EncodeToString(sum[:])
	if d.ID == "" {
		d.ID = d.Hash[:16]
	}
	return d, nil
}

func isTitle(para, title string) bool {
	return title != "" && fold(para) == fold(strings.TrimSpace(title))
}

func fill(field *string, v string) {
	if *field == "" {
		*field = strings.TrimSpace(v)
	}
}

// normalizeLines makes every line break "\n" and drops white space at line
// ends, so that a line of spaces is a blank line.
func normalizeLines(s string) string {
	if !strings.ContainsAny(s, "\r \t") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\u00a0")
	}
	return strings.Join(lines, "\n")
}
