// Package ingest reads reports from where they are kept: files and folders
// of text, HTML and JSON Lines, WARC archives and RSS/Atom feeds. It yields
// raw records; package document makes documents of them.
//
// Ingest judges containers, not contents: a file that is empty or binary
// still comes out as a Record (the document stage rejects it, naming the
// source), while a broken container record (a malformed JSON line, a WARC
// record without a length) is reported through Options.OnError, counted in
// Stats.Skipped and skipped, and reading goes on with the next record.
package ingest

import (
	"errors"
	"io"
	"sync/atomic"
)

// Kind is the content type of a record's body, detected from its content.
type Kind uint8

const (
	Text Kind = iota + 1
	HTML
)

func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case HTML:
		return "HTML"
	}
	return "unknown"
}

// Record is one raw report as found.
type Record struct {
	Source string // names the input for messages: "page.html", "docs.jsonl:17", "crawl.warc.gz#<record id>", a URL
	Kind   Kind
	Body   []byte
	// Metadata given by the container (JSONL fields, WARC headers, feed items); "" when unknown.
	ID, URL, Outlet, Author, Title, Published string
	// Charset is the character set the container declared for Body (the
	// HTTP Content-Type of a WARC response or a fetched page), lower case.
	Charset string
	// Fetched is when a crawler fetched the page (WARC-Date, RFC 3339): a
	// fallback for Published only when neither the container nor the page
	// itself tells the publication date.
	Fetched string
}

// DefaultMaxRecord is the size limit of one record (a file, a JSON line, a
// WARC record, a fetched page) when Options.MaxRecord is zero. Larger ones
// are reported and skipped without being read into memory.
const DefaultMaxRecord = 16 << 20

// ErrTooLarge is wrapped by the errors of records over the size limit.
var ErrTooLarge = errors.New("record over the size limit")

// Options configures reading. The zero value reads with the defaults and
// ignores skipped records.
type Options struct {
	// Stdin is read for the path "-" or when no paths are given.
	Stdin io.Reader
	// OnError is told of every record that was skipped and why, and by the
	// Poller also of failed feeds and of pages replaced by the feed's own
	// content; its error names the input ("docs.jsonl:17: ...", "feed
	// <URL>: ..."). It is called from one goroutine at a time.
	OnError func(error)
	// Stats, when not nil, is kept up to date while reading, for progress.
	Stats *Stats
	// MaxRecord is the size limit of one record; 0 means DefaultMaxRecord.
	MaxRecord int64
}

// Stats counts what was read. Its fields may be read while reading goes on.
type Stats struct {
	Records atomic.Int64 // records handed to the callback
	Skipped atomic.Int64 // records reported and skipped
	Bytes   atomic.Int64 // input bytes read (compressed bytes for gzip'd input)
}

func (o *Options) maxRecord() int64 {
	if o.MaxRecord > 0 {
		return o.MaxRecord
	}
	return DefaultMaxRecord
}

// skip reports a skipped record.
func (o *Options) skip(err error) {
	if o.Stats != nil {
		o.Stats.Skipped.Add(1)
	}
	if o.OnError != nil {
		o.OnError(err)
	}
}

// yield hands a record over and counts it.
func (o *Options) yield(fn func(Record) error, r Record) error {
	if err := fn(r); err != nil {
		return err
	}
	if o.Stats != nil {
		o.Stats.Records.Add(1)
	}
	return nil
}

func (o *Options) addBytes(n int) {
	if o.Stats != nil {
		o.Stats.Bytes.Add(int64(n))
	}
}
