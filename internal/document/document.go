// Package document turns ingested records (text, HTML pages, JSON Lines
// documents) into clean documents: main text without page furniture or
// in-body trailers, and metadata.
//
// A record's own metadata (ID, URL, Outlet, Author, Title, Published) wins
// over what is read from the page; the page fills only what the record
// leaves empty. A publication date that cannot be read or makes no sense is
// dropped with a warning in Document.Warnings, and the document is kept.
//
// Bodies are decoded to UTF-8 whatever their charset; text that is mostly
// UTF-8 but has bad bytes is repaired with U+FFFD and a warning. Empty,
// binary and oversized bodies, and pages without main text, are errors
// naming the record.
//
// What a user may want to extend is data: data/trailers.txt (the cues of
// in-body trailers) and data/stopwords.txt (function words, for telling the
// language), embedded, plus files of the same names in a user's directory
// (NewReader).
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
	// Captured tells that Published is only the day a crawler fetched the
	// page: the report was published then or before.
	Captured bool
	Lang     string // ISO 639-1 when detected
	Text     string // main text, cleaned; offsets of everything downstream count code points in it
	Hash     string // hex SHA-256 of Text, for de-duplication
	// Warnings name what was wrong with the input but did not stop it being
	// read: a dropped date, repaired encoding.
	Warnings []string
}
