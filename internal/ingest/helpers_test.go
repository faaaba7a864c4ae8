package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
)

// collect reads one input with Read and returns its records and the
// messages of what was skipped.
func collect(t testing.TB, name string, data []byte, opt Options) ([]Record, []string, error) {
	t.Helper()
	var recs []Record
	var errs []string
	opt.OnError = func(err error) { errs = append(errs, err.Error()) }
	err := Read(context.Background(), name, bytes.NewReader(data), opt, func(r Record) error {
		recs = append(recs, r)
		return nil
	})
	return recs, errs, err
}

// warcRec is one record of a test archive. length < 0 writes the true
// length, -2 writes none.
type warcRec struct {
	typ, uri, ct, block string
	length              int
}

// warcBytes writes a WARC archive, gzipping each record on its own when
// gz is set, as crawlers do.
func warcBytes(recs []warcRec, gz bool) []byte {
	var out bytes.Buffer
	for i, r := range recs {
		var b strings.Builder
		fmt.Fprintf(&b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%08d>\r\nWARC-Date: 2020-02-11T10:00:00Z\r\n", r.typ, i)
		if r.uri != "" {
			fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", r.uri)
		}
		if r.ct != "" {
			fmt.Fprintf(&b, "Content-Type: %s\r\n", r.ct)
		}
		switch {
		case r.length >= 0:
			fmt.Fprintf(&b, "Content-Length: %d\r\n", r.length)
		case r.length == -1:
			fmt.Fprintf(&b, "Content-Length: %d\r\n", len(r.block))
		}
		b.WriteString("\r\n" + r.block + "\r\n\r\n")
		if !gz {
			out.WriteString(b.String())
			continue
		}
		zw := gzip.NewWriter(&out)
		io.WriteString(zw, b.String())
		zw.Close()
	}
	return out.Bytes()
}

// response is an HTTP response as a WARC response record holds it.
func response(status int, header, body string) string {
	return fmt.Sprintf("HTTP/1.1 %d X\r\n%s\r\n%s", status, header, body)
}

func gzipped(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	io.WriteString(zw, s)
	zw.Close()
	return b.String()
}

// page is a test record for an HTML page.
func page(uri, body string) warcRec {
	return warcRec{"response", uri, "application/http; msgtype=response", response(200, "Content-Type: text/html; charset=UTF-8\r\n", body), -1}
}

// testArchive is a small crawl: pages, a request, an image, a redirect, a
// text resource.
func testArchive() []warcRec {
	return []warcRec{
		{"warcinfo", "", "application/warc-fields", "software: test\r\n", -1},
		{"request", "http://a.example/1", "application/http; msgtype=request", "GET /1 HTTP/1.1\r\nHost: a.example\r\n\r\n", -1},
		page("http://a.example/1", "<html><body>Shelling in Idlib.</body></html>"),
		{"response", "http://a.example/logo.png", "application/http; msgtype=response", response(200, "Content-Type: image/png\r\n", "\x89PNG..."), -1},
		{"response", "http://a.example/old", "application/http; msgtype=response", response(301, "Location: /new\r\nContent-Type: text/html\r\n", "<html>moved</html>"), -1},
		{"response", "http://a.example/2", "application/http; msgtype=response", response(200, "Content-Type: text/html; charset=windows-1252\r\nContent-Encoding: gzip\r\n", gzipped("<html><body>Clashes in Saraqib.</body></html>")), -1},
		{"resource", "file:///notes.txt", "text/plain", "Protest in Nairobi.", -1},
	}
}
