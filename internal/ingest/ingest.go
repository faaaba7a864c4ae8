// Package ingest reads reports from where they are kept: files and folders
// of text, HTML and JSON Lines, WARC archives and RSS/Atom feeds. It yields
// raw records; package document makes documents of them.
package ingest

// Kind is the content type of a record's body, detected from its content.
type Kind uint8

const (
	Text Kind = iota + 1
	HTML
)

// Record is one raw report as found.
type Record struct {
	Source string // names the input for messages: "page.html", "docs.jsonl:17", "crawl.warc.gz#<record id>", a URL
	Kind   Kind
	Body   []byte
	// Metadata given by the container (JSONL fields, WARC headers, feed items); "" when unknown.
	ID, URL, Outlet, Author, Title, Published string
}
