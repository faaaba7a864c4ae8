// Package page reads web pages: their main text, without navigation and
// other page furniture, and what they say of themselves (title, author,
// site, date), with go-trafilatura.
//
// It stands apart from package document because go-trafilatura is large
// and slow to start: its date parser, go-dateparser, builds hundreds of
// locale tables when the program starts (0.3 s and about 95 MB), whether or
// not a page is ever read. Programs that read no HTML need not import it.
package page

import (
	"bytes"
	"fmt"
	nurl "net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/markusmobius/go-trafilatura"
	"github.com/sitrep/sitrep/internal/document"
	"golang.org/x/net/html"
)

// extractOptions are go-trafilatura's settings for news pages. On the
// article-extraction benchmark (see internal/evaluate) favouring recall and
// dropping repeated blocks score best: F1 0.963, against 0.962 by default and
// 0.960 with the readability and DOM-distiller fallbacks, which also cost
// time. Dates are read from the page's metadata and markup without
// go-dateparser, which is slow.
func extractOptions(url string) trafilatura.Options {
	o := trafilatura.Options{
		Focus:           trafilatura.FavorRecall,
		Deduplicate:     true,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Fast,
	}
	if u, err := nurl.ParseRequestURI(url); err == nil {
		o.OriginalURL = u
	}
	return o
}

// Read returns the main text of a UTF-8 page, paragraphs separated by blank
// lines, and what the page says of itself. It is a document.PageReader.
func Read(page []byte, url string) (p document.Page, err error) {
	// The extractor is large and meets every kind of broken page; a panic in
	// it must cost one page, not the run.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("html extractor failed: %v", r)
		}
	}()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return p, fmt.Errorf("parsing html: %w", err)
	}
	res, err := trafilatura.ExtractDocument(doc, extractOptions(url))
	if err != nil {
		return p, fmt.Errorf("%w (%v)", document.ErrNoText, err)
	}
	var w textWriter
	w.node(res.ContentNode)
	m := res.Metadata
	site, _, _ := strings.Cut(m.Sitename, ";") // some pages name themselves twice
	return document.Page{Text: w.b.String(), Title: m.Title, Author: m.Author, Site: site,
		Host: strings.TrimPrefix(m.Hostname, "www."), URL: m.URL, Date: m.Date}, nil
}

// textWriter renders HTML as plain text: a blank line between blocks (what
// package text takes for a paragraph break), a newline for <br>, runs of
// white space as one space.
type textWriter struct {
	b     strings.Builder
	brk   int  // line breaks owed before the next word: 0, 1 or 2
	space bool // white space owed before the next word
	soft  bool // an element boundary: a space if a word follows a word
	last  rune // last written
	pre   int  // depth inside <pre>
}

func (w *textWriter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode, html.DocumentNode:
	default:
		return
	}
	block := isBlock[n.Data]
	switch {
	case n.Data == "br":
		w.brk = max(w.brk, 1)
	case n.Data == "td" || n.Data == "th":
		w.space = true
	case n.Data == "pre":
		w.pre++
		defer func() { w.pre-- }()
	case n.Data == "script" || n.Data == "style" || n.Data == "noscript":
		return
	}
	if block {
		w.brk = 2
	}
	// The extractor drops the white space around inline elements
	// ("<a>Burnett</a> was" comes out as "Burnett" and "was"), so a word
	// that follows another across an element boundary is a new word.
	w.soft = true
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
	w.soft = true
	if block {
		w.brk = 2
	}
}

func (w *textWriter) text(s string) {
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		if r == '\n' && w.pre > 0 {
			w.brk = max(w.brk, 1)
			continue
		}
		if unicode.IsSpace(r) && w.pre == 0 || r == '\n' || r == '\r' {
			w.space = true
			continue
		}
		if w.b.Len() > 0 {
			switch {
			case w.brk == 2:
				w.b.WriteString("\n\n")
			case w.brk == 1:
				w.b.WriteByte('\n')
			case w.space, w.soft && isWordRune(w.last) && isWordRune(r):
				w.b.WriteByte(' ')
			}
		}
		w.brk, w.space, w.soft, w.last = 0, false, false, r
		w.b.WriteRune(r)
	}
}

// isBlock holds the elements that stand as paragraphs of their own.
var isBlock = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "dd": true, "details": true,
	"div": true, "dl": true, "dt": true, "fieldset": true, "figcaption": true, "figure": true,
	"footer": true, "form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "header": true, "hr": true, "li": true, "main": true, "nav": true, "ol": true,
	"p": true, "pre": true, "section": true, "summary": true, "table": true, "tr": true, "ul": true,
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
