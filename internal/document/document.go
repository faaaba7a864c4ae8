// Package document turns ingested records (text, HTML pages, JSON Lines
// documents) into clean documents: main text without page furniture or
// in-body trailers, and metadata.
package document

import "time"

// Document is one report, ready for reading.
type Document struct {
	ID     string // from the input, else derived from Hash
	Source string // where it came from, for messages: "page.html", "docs.jsonl:17", a URL
	URL    string
	Outlet string
	Author string
	Title  string
	// Published is the publication date; zero when unknown.
	Published time.Time
	Lang      string // ISO 639-1 when detected
	Text      string // main text, cleaned; offsets of everything downstream count code points in it
	Hash      string // hex SHA-256 of Text, for de-duplication
}
