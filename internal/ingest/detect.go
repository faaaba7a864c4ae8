package ingest

import (
	"bytes"
	"encoding/json"
)

// Format is the layout of an input, detected from its first bytes.
type Format uint8

const (
	FormatText  Format = iota + 1 // one plain-text record
	FormatHTML                    // one HTML page
	FormatJSONL                   // JSON Lines documents, one a line
	FormatWARC                    // a WARC 1.x archive
)

func (f Format) String() string {
	switch f {
	case FormatText:
		return "text"
	case FormatHTML:
		return "HTML"
	case FormatJSONL:
		return "JSON Lines"
	case FormatWARC:
		return "WARC"
	}
	return "unknown"
}

// DetectSize is how much of the start of an input Detect looks at.
const DetectSize = 64 << 10

// Detect tells the format of an (uncompressed) input from its first bytes,
// up to DetectSize of them. Anything neither HTML, JSON Lines nor WARC is
// text, binary data included.
func Detect(head []byte) Format {
	if bytes.HasPrefix(head, []byte("WARC/1.")) {
		return FormatWARC
	}
	if s := trimStart(head); len(s) > 0 && s[0] == '{' && isJSONL(s) {
		return FormatJSONL
	}
	if isHTML(head) {
		return FormatHTML
	}
	return FormatText
}

// trimStart drops a UTF-8 byte order mark and leading ASCII white space.
func trimStart(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	return bytes.TrimLeft(b, " \t\r\n\f")
}

// isJSONL tells whether one of the first few lines is an object with a
// "text" or "html" key. Looking past the first line lets a file whose first
// record is broken still be read as JSON Lines (and that record reported).
func isJSONL(b []byte) bool {
	for tries := 0; tries < 4 && len(b) > 0; {
		line, rest, _ := bytes.Cut(b, []byte("\n"))
		b = rest
		if line = bytes.TrimSpace(line); len(line) == 0 {
			continue
		}
		if hasDocKey(line) {
			return true
		}
		tries++
	}
	return false
}

// hasDocKey tells whether b starts a JSON object with a top-level "text" or
// "html" key. b may be cut short: the key only has to come before the cut.
func hasDocKey(b []byte) bool {
	d := json.NewDecoder(bytes.NewReader(b))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	depth, wantKey := 1, true
	for {
		t, err := d.Token()
		if err != nil {
			return false
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
			continue
		case json.Delim('}'), json.Delim(']'):
			depth--
			if depth == 0 {
				return false
			}
			wantKey = depth == 1 // a value that was an object or array ended
			continue
		}
		// Token does not tell keys from values: at depth 1 they alternate.
		if depth == 1 {
			if wantKey && (t == "text" || t == "html") {
				return true
			}
			wantKey = !wantKey
		}
	}
}

// htmlTags are tags that start HTML pages (lower case, without '<').
var htmlTags = []string{
	"!doctype html", "html", "head", "body", "title", "meta", "link", "script", "style",
	"div", "p", "h1", "h2", "h3", "article", "section", "header", "nav", "main", "table",
	"a", "span", "font", "b", "br", "iframe", "form", "img", "ul", "noscript", "base",
}

// isHTML tells whether b starts like an HTML page: a tag, comment or
// declaration first, and a common tag first or html/head/body soon after.
func isHTML(b []byte) bool {
	if bytes.HasPrefix(b, []byte("\xff\xfe")) || bytes.HasPrefix(b, []byte("\xfe\xff")) {
		b = narrow16(b)
	}
	s := trimStart(b)
	if len(s) == 0 || s[0] != '<' {
		return false
	}
	head := bytes.ToLower(s[:min(len(s), 1024)])
	if bytes.HasPrefix(head, []byte("<!--")) {
		return true
	}
	for _, t := range htmlTags {
		if rest, ok := bytes.CutPrefix(head[1:], []byte(t)); ok && (len(rest) == 0 || bytes.IndexByte([]byte(" \t\r\n>/"), rest[0]) >= 0) {
			return true
		}
	}
	for _, t := range []string{"<!doctype html", "<html", "<head", "<body"} {
		if bytes.Contains(head, []byte(t)) {
			return true
		}
	}
	return false
}

// narrow16 keeps the low byte of each UTF-16 code unit after the byte
// order mark: enough to sniff ASCII markup.
func narrow16(b []byte) []byte {
	lo := 2
	if b[0] == 0xfe {
		lo = 3
	}
	out := make([]byte, 0, min(len(b)/2, 1024))
	for i := lo; i < len(b) && len(out) < cap(out); i += 2 {
		out = append(out, b[i])
	}
	return out
}
