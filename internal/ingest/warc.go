package ingest

// A streaming reader of WARC 1.0/1.1 archives (ISO 28500). gowarc's reader
// was not used: it copies every record's block whole (spilling to a
// temporary file past 1 MiB) before handing it over, cannot skip an
// over-large record unread or find the next record after a malformed one,
// and importing it links its whole crawler (TLS, DNS, proxies).

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httputil"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
)

// maxWARCHeader caps the size of one record's WARC header.
const maxWARCHeader = 1 << 20

// errMalformed marks a record that could not be read; the reader has moved
// on to the next one.
var errMalformed = errors.New("malformed WARC record")

// warcReader reads WARC records one at a time from an uncompressed stream
// (gzip, of the whole file or record by record, is undone below it).
type warcReader struct {
	br  *bufio.Reader
	off int64 // bytes consumed: the offset of what comes next
}

// warcHeader is what sitrep uses of a record's WARC header.
type warcHeader struct {
	typ, uri, date, id, contentType string
	length                          int64
}

// readWARC yields the HTML and text pages of a WARC archive: response
// records with an HTTP 2xx payload, and resource and conversion records.
// gz tells that offsets in messages count uncompressed bytes.
func readWARC(ctx context.Context, name string, gz bool, br *bufio.Reader, opt *Options, fn func(Record) error) error {
	w := &warcReader{br: br}
	at := func(off int64) string {
		if gz {
			return fmt.Sprintf("%s: offset %d (uncompressed)", name, off)
		}
		return fmt.Sprintf("%s: offset %d", name, off)
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		start, h, err := w.next()
		switch {
		case err == io.EOF:
			return nil
		case errors.Is(err, errMalformed):
			opt.skip(fmt.Errorf("%s: %w", at(start), err))
			continue
		case err != nil:
			return fmt.Errorf("%s: WARC record cut short: %w", at(start), err)
		}
		wanted := h.typ == "response" || h.typ == "resource" || h.typ == "conversion"
		if wanted && h.length > opt.maxRecord() {
			opt.skip(fmt.Errorf("%s: %w (%d bytes)", at(start), ErrTooLarge, opt.maxRecord()))
			wanted = false
		}
		if !wanted {
			if err := w.discard(h.length); err != nil {
				return fmt.Errorf("%s: WARC record cut short: %w", at(start), err)
			}
			continue
		}
		block := make([]byte, h.length)
		if err := w.readFull(block); err != nil {
			return fmt.Errorf("%s: WARC record cut short: %w", at(start), err)
		}
		rec, ok, err := warcPage(h, block, opt.maxRecord())
		if err != nil {
			opt.skip(fmt.Errorf("%s: %s: %w", at(start), h.uri, err))
			continue
		}
		if !ok {
			continue
		}
		rec.Source = name + "#" + rec.ID
		if rec.ID == "" {
			rec.Source = name + "@" + strconv.FormatInt(start, 10)
		}
		if err := opt.yield(fn, rec); err != nil {
			return err
		}
	}
}

// next reads the header of the next record, leaving the reader at the
// start of its block. It returns io.EOF at the clean end of the archive,
// and errMalformed, after skipping to the next record, for a header it
// cannot read.
func (w *warcReader) next() (start int64, h warcHeader, err error) {
	for { // records end in a blank line or two
		p, err := w.br.Peek(1)
		if len(p) == 0 {
			return w.off, h, err
		}
		if p[0] != '\r' && p[0] != '\n' {
			break
		}
		w.br.ReadByte()
		w.off++
	}
	start = w.off
	malformed := func(why string) (int64, warcHeader, error) {
		if err := w.resync(); err != nil && err != io.EOF {
			return start, h, err
		}
		return start, h, fmt.Errorf("%w: %s", errMalformed, why)
	}
	if p, _ := w.br.Peek(7); string(p) != "WARC/1." {
		return malformed("no WARC/1.x line where a record should start")
	}
	h.length = -1
	for size, first := 0, true; ; first = false {
		line, err := w.br.ReadSlice('\n')
		w.off += int64(len(line))
		size += len(line)
		switch {
		case err == bufio.ErrBufferFull || size > maxWARCHeader:
			return malformed("header too long")
		case err == io.EOF:
			return start, h, io.ErrUnexpectedEOF
		case err != nil:
			return start, h, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		if first || line[0] == ' ' || line[0] == '\t' {
			continue // the version line; continued lines carry nothing used here
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return malformed(fmt.Sprintf("header line %q has no colon", clip(line)))
		}
		v = bytes.TrimSpace(v)
		switch k := string(bytes.TrimSpace(k)); {
		case strings.EqualFold(k, "WARC-Type"):
			h.typ = strings.ToLower(string(v))
		case strings.EqualFold(k, "Content-Length"):
			if n, err := strconv.ParseInt(string(v), 10, 64); err == nil && n >= 0 {
				h.length = n
			}
		case strings.EqualFold(k, "WARC-Target-URI"):
			h.uri = string(bytes.Trim(v, "<>"))
		case strings.EqualFold(k, "WARC-Date"):
			h.date = string(v)
		case strings.EqualFold(k, "WARC-Record-ID"):
			h.id = string(bytes.Trim(v, "<>"))
		case strings.EqualFold(k, "Content-Type"):
			h.contentType = string(v)
		}
	}
	if h.length < 0 {
		return malformed("no valid Content-Length")
	}
	return start, h, nil
}

// resync skips to the next line that starts a record.
func (w *warcReader) resync() error {
	for {
		if p, _ := w.br.Peek(7); string(p) == "WARC/1." {
			return nil
		}
		for {
			line, err := w.br.ReadSlice('\n')
			w.off += int64(len(line))
			if err == nil {
				break
			}
			if err != bufio.ErrBufferFull {
				return err
			}
		}
	}
}

func (w *warcReader) discard(n int64) error {
	for n > 0 {
		d, err := w.br.Discard(int(min(n, 1<<30)))
		w.off += int64(d)
		n -= int64(d)
		if err != nil {
			return unexpected(err)
		}
	}
	return nil
}

func (w *warcReader) readFull(b []byte) error {
	n, err := io.ReadFull(w.br, b)
	w.off += int64(n)
	return unexpected(err)
}

// unexpected turns io.EOF inside a record into io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// warcPage makes a record of a WARC record's block if it holds an HTML or
// text page; ok is false for everything else (requests, images, redirects).
func warcPage(h warcHeader, block []byte, max int64) (rec Record, ok bool, err error) {
	contentType, encoding, body, chunked := h.contentType, "", block, false
	if h.typ == "response" {
		if !strings.HasPrefix(strings.ToLower(h.contentType), "application/http") {
			return rec, false, nil // dns: and other non-HTTP responses
		}
		var hh httpHeader
		if hh, body, err = splitHTTP(block); err != nil {
			return rec, false, err
		}
		if hh.status < 200 || hh.status > 299 {
			return rec, false, nil
		}
		contentType, encoding, chunked = hh.contentType, hh.contentEncoding, strings.Contains(strings.ToLower(hh.transferEncoding), "chunked")
	}
	media, charset := parseContentType(contentType)
	if !isPageType(media) {
		return rec, false, nil
	}
	if chunked {
		// Some crawlers store the body de-chunked but keep the header.
		if b, err := io.ReadAll(io.LimitReader(httputil.NewChunkedReader(bytes.NewReader(body)), max+1)); err == nil {
			body = b
		}
	}
	if body, err = decodeBody(encoding, body, max); err != nil {
		return rec, false, err
	}
	kind, ok := pageKind(media, body)
	if !ok {
		return rec, false, nil
	}
	return Record{Kind: kind, Body: body, ID: h.id, URL: h.uri, Charset: charset, Fetched: h.date}, true, nil
}

// isPageType tells whether a media type may be a page: HTML, text, or
// not given.
func isPageType(media string) bool {
	switch media {
	case "text/html", "application/xhtml+xml", "text/plain", "":
		return true
	}
	return false
}

// pageKind tells the kind of a page from its media type; without one, only
// what is surely HTML is taken.
func pageKind(media string, body []byte) (Kind, bool) {
	switch media {
	case "text/html", "application/xhtml+xml":
		return HTML, true
	case "text/plain":
		return Text, true
	case "":
		return HTML, Detect(body[:min(len(body), DetectSize)]) == FormatHTML
	}
	return 0, false
}

// httpHeader is what sitrep uses of an HTTP response header.
type httpHeader struct {
	status                                         int
	contentType, contentEncoding, transferEncoding string
}

// splitHTTP parses the status line and header of an HTTP response and
// returns its body. It is lenient: crawls hold odd headers.
func splitHTTP(b []byte) (h httpHeader, body []byte, err error) {
	end, sep := bytes.Index(b, []byte("\r\n\r\n")), 4
	if i := bytes.Index(b, []byte("\n\n")); i >= 0 && (end < 0 || i < end) {
		end, sep = i, 2
	}
	if end < 0 {
		return h, nil, errors.New("HTTP header does not end")
	}
	head, body := b[:end], b[end+sep:]
	status, head, _ := bytes.Cut(head, []byte("\n"))
	f := bytes.Fields(status)
	if len(f) < 2 || !bytes.HasPrefix(f[0], []byte("HTTP/")) {
		return h, nil, fmt.Errorf("bad HTTP status line %q", clip(status))
	}
	if h.status, err = strconv.Atoi(string(f[1])); err != nil {
		return h, nil, fmt.Errorf("bad HTTP status line %q", clip(status))
	}
	for len(head) > 0 {
		var line []byte
		line, head, _ = bytes.Cut(head, []byte("\n"))
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		v = bytes.TrimSpace(v)
		switch k := string(bytes.TrimSpace(k)); {
		case strings.EqualFold(k, "Content-Type"):
			h.contentType = string(v)
		case strings.EqualFold(k, "Content-Encoding"):
			h.contentEncoding = string(v)
		case strings.EqualFold(k, "Transfer-Encoding"):
			h.transferEncoding = string(v)
		}
	}
	return h, body, nil
}

// parseContentType returns the media type and charset of a Content-Type,
// both lower case.
func parseContentType(ct string) (media, charset string) {
	media, params, _ := strings.Cut(strings.ToLower(ct), ";")
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		if k, v, ok := strings.Cut(p, "="); ok && strings.TrimSpace(k) == "charset" {
			charset = strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return strings.TrimSpace(media), charset
}

// decodeBody undoes an HTTP Content-Encoding, keeping to max bytes.
func decodeBody(encoding string, body []byte, max int64) ([]byte, error) {
	var r io.Reader
	var err error
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity", "none":
		return body, nil
	case "gzip", "x-gzip":
		r, err = gzip.NewReader(bytes.NewReader(body))
	case "deflate": // zlib as the RFC says, or raw deflate as some servers send
		if r, err = zlib.NewReader(bytes.NewReader(body)); err != nil {
			r, err = flate.NewReader(bytes.NewReader(body)), nil
		}
	case "br":
		r = brotli.NewReader(bytes.NewReader(body))
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q", clip([]byte(encoding)))
	}
	if err != nil {
		return nil, fmt.Errorf("Content-Encoding %s: %w", encoding, err)
	}
	out, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("Content-Encoding %s: %w", encoding, err)
	}
	if int64(len(out)) > max {
		return nil, fmt.Errorf("%w once decoded (%d bytes)", ErrTooLarge, max)
	}
	return out, nil
}

// clip shortens what is quoted of bad input in messages.
func clip(b []byte) string {
	if len(b) > 60 {
		return string(b[:60]) + "…"
	}
	return string(b)
}
