package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestWARC(t *testing.T) {
	for _, gz := range []bool{false, true} {
		name := "crawl.warc"
		if gz {
			name += ".gz"
		}
		recs, errs, err := collect(t, name, warcBytes(testArchive(), gz), Options{})
		if err != nil || len(errs) > 0 {
			t.Fatalf("gz=%v: err %v, skipped %q", gz, err, errs)
		}
		want := []Record{
			{Source: name + "#urn:uuid:00000002", Kind: HTML, Body: []byte("<html><body>Shelling in Idlib.</body></html>"), ID: "urn:uuid:00000002", URL: "http://a.example/1", Charset: "utf-8", Fetched: "2020-02-11T10:00:00Z"},
			{Source: name + "#urn:uuid:00000005", Kind: HTML, Body: []byte("<html><body>Clashes in Saraqib.</body></html>"), ID: "urn:uuid:00000005", URL: "http://a.example/2", Charset: "windows-1252", Fetched: "2020-02-11T10:00:00Z"},
			{Source: name + "#urn:uuid:00000006", Kind: Text, Body: []byte("Protest in Nairobi."), ID: "urn:uuid:00000006", URL: "file:///notes.txt", Fetched: "2020-02-11T10:00:00Z"},
		}
		if len(recs) != len(want) {
			t.Fatalf("gz=%v: %d records, want %d: %+v", gz, len(recs), len(want), recs)
		}
		for i := range want {
			if !equalRecord(recs[i], want[i]) {
				t.Errorf("gz=%v: record %d = %+v\nwant %+v", gz, i, recs[i], want[i])
			}
		}
	}
}

func TestWARCPayloads(t *testing.T) {
	const html = "<html><body>Airstrike on Ariha.</body></html>"
	chunked := "Transfer-Encoding: chunked\r\nContent-Type: text/html\r\n"
	tests := []struct {
		name     string
		rec      warcRec
		wantBody string // "" when nothing comes out
		wantErr  string // prefix of the skip message after the offset
	}{
		{"chunked", warcRec{"response", "u", "application/http", response(200, chunked, "f\r\n<html><body>Air\r\n1e\r\nstrike on Ariha.</body></html>\r\n0\r\n\r\n"), -1}, html, ""},
		{"chunked header, stored de-chunked", warcRec{"response", "u", "application/http", response(200, chunked, html), -1}, html, ""},
		{"LF-only HTTP header", warcRec{"response", "u", "application/http", "HTTP/1.0 200 OK\nContent-Type: text/html\n\n" + html, -1}, html, ""},
		{"no content type, looks like HTML", warcRec{"response", "u", "application/http", response(200, "", html), -1}, html, ""},
		{"no content type, not HTML", warcRec{"response", "u", "application/http", response(200, "", "\x00\x01binary"), -1}, "", ""},
		{"xhtml", warcRec{"response", "u", "application/http", response(200, "Content-Type: application/xhtml+xml\r\n", html), -1}, html, ""},
		{"404", warcRec{"response", "u", "application/http", response(404, "Content-Type: text/html\r\n", html), -1}, "", ""},
		{"dns response", warcRec{"response", "dns:a.example", "text/dns", "20200211 a.example. 60 IN A 1.2.3.4", -1}, "", ""},
		{"revisit", warcRec{"revisit", "u", "application/http", response(200, "Content-Type: text/html\r\n", ""), -1}, "", ""},
		{"conversion", warcRec{"conversion", "u", "text/html", html, -1}, html, ""},
		{"bad gzip", warcRec{"response", "u", "application/http", response(200, "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", "not gzip"), -1}, "", "u: Content-Encoding gzip"},
		{"unknown encoding", warcRec{"response", "u", "application/http", response(200, "Content-Type: text/html\r\nContent-Encoding: zz\r\n", html), -1}, "", `u: unsupported Content-Encoding "zz"`},
		{"bad status line", warcRec{"response", "u", "application/http", "HTTX 200\r\nContent-Type: text/html\r\n\r\n" + html, -1}, "", "u: bad HTTP status line"},
		{"HTTP header never ends", warcRec{"response", "u", "application/http", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", -1}, "", "u: HTTP header does not end"},
		{"gzip bomb", warcRec{"response", "u", "application/http", response(200, "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", gzipped(strings.Repeat("x", 5000))), -1}, "", "u: record over the size limit once decoded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, errs, err := collect(t, "w.warc", warcBytes([]warcRec{tt.rec}, false), Options{MaxRecord: 4000})
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantBody == "" && len(recs) > 0 || tt.wantBody != "" && (len(recs) != 1 || string(recs[0].Body) != tt.wantBody) {
				t.Errorf("records %+v, want body %q", recs, tt.wantBody)
			}
			if tt.wantErr == "" && len(errs) > 0 || tt.wantErr != "" && (len(errs) != 1 || !strings.HasPrefix(errs[0], "w.warc: offset 0: "+tt.wantErr)) {
				t.Errorf("skipped %q, want %q", errs, tt.wantErr)
			}
		})
	}
}

func TestWARCMalformed(t *testing.T) {
	good := page("http://a.example/ok", "<p>ok</p>")
	goodLen := len(warcBytes([]warcRec{good}, false))
	short := warcBytes([]warcRec{{"resource", "u", "text/plain", "text that is longer", 4}, good}, false)
	tests := []struct {
		name     string
		data     []byte
		wantURIs []string
		wantErrs []string // prefixes
	}{
		{"no length", warcBytes([]warcRec{good, {"response", "u", "application/http", response(200, "", "<p>x</p>"), -2}, good}, false),
			[]string{"http://a.example/ok", "http://a.example/ok"}, []string{fmt.Sprintf("w: offset %d: malformed", goodLen) + " WARC record: no valid Content-Length"}},
		{"bad length", warcBytes([]warcRec{{"response", "u", "application/http", "x", -2}, good}, false),
			[]string{"http://a.example/ok"}, []string{"w: offset 0: malformed WARC record: no valid Content-Length"}},
		{"header line without colon", []byte("WARC/1.0\r\nWARC-Type response\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n" + string(warcBytes([]warcRec{good}, false))),
			[]string{"http://a.example/ok"}, []string{`w: offset 0: malformed WARC record: header line "WARC-Type response" has no colon`}},
		{"length too short, garbage follows", short,
			[]string{"u", "http://a.example/ok"}, []string{fmt.Sprintf("w: offset %d: malformed", bytes.Index(short, []byte("text that"))+4) + " WARC record: no WARC/1.x line"}},
		{"over-long header line", []byte("WARC/1.0\r\nX: " + strings.Repeat("x", 100_000) + "\r\n\r\n" + string(warcBytes([]warcRec{good}, false))),
			[]string{"http://a.example/ok"}, []string{"w: offset 0: malformed WARC record: header too long"}},
		{"over the size limit", warcBytes([]warcRec{page("big", strings.Repeat("x", 5000)), good}, false),
			[]string{"http://a.example/ok"}, []string{"w: offset 0: record over the size limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var st Stats
			recs, errs, err := collect(t, "w", tt.data, Options{MaxRecord: 4000, Stats: &st})
			if err != nil {
				t.Fatal(err)
			}
			var uris []string
			for _, r := range recs {
				uris = append(uris, r.URL)
			}
			if strings.Join(uris, " ") != strings.Join(tt.wantURIs, " ") {
				t.Errorf("records %q, want %q", uris, tt.wantURIs)
			}
			if len(errs) != len(tt.wantErrs) || int(st.Skipped.Load()) != len(errs) {
				t.Fatalf("skipped %q (counted %d), want %q", errs, st.Skipped.Load(), tt.wantErrs)
			}
			for i, w := range tt.wantErrs {
				if !strings.HasPrefix(errs[i], w) {
					t.Errorf("skip %d = %q, want prefix %q", i, errs[i], w)
				}
			}
		})
	}
}

func TestWARCTruncated(t *testing.T) {
	recs := []warcRec{page("http://a.example/1", "<p>one</p>"), page("http://a.example/2", "<p>two</p>"), page("http://a.example/3", strings.Repeat("<p>three</p>", 500))}
	for _, gz := range []bool{false, true} {
		data := warcBytes(recs, gz)
		data = data[:len(data)-len(data)/10] // into the third record
		got, _, err := collect(t, "cut.warc", data, Options{})
		if len(got) != 2 || got[1].URL != "http://a.example/2" {
			t.Errorf("gz=%v: %d records before the cut, want 2", gz, len(got))
		}
		off := len(warcBytes(recs[:2], false))
		want := fmt.Sprintf("cut.warc: offset %d: WARC record cut short: unexpected EOF", off)
		if gz {
			want = fmt.Sprintf("cut.warc: offset %d (uncompressed): WARC record cut short: unexpected EOF", off)
		}
		if err == nil || err.Error() != want || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("gz=%v: err = %v, want %s", gz, err, want)
		}
	}
}

func FuzzWARC(f *testing.F) {
	f.Add(warcBytes(testArchive(), false))
	f.Add(warcBytes(testArchive()[2:4], true))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 5\r\nWARC-Type: resource\r\n\r\nabc"))
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var st Stats
		recs, errs, err := collect(t, "f.warc", b, Options{MaxRecord: 1000, Stats: &st})
		if err != nil && !strings.HasPrefix(err.Error(), "f.warc: ") {
			t.Fatalf("error does not name the input: %v", err)
		}
		if int(st.Records.Load()) != len(recs) || int(st.Skipped.Load()) != len(errs) {
			t.Fatal("stats disagree with what was seen")
		}
		for _, r := range recs {
			if len(r.Body) > 1000 || (r.Kind != Text && r.Kind != HTML) {
				t.Fatalf("bad record %+v", r)
			}
		}
	})
}

func BenchmarkWARC(b *testing.B) {
	for _, gz := range []bool{false, true} {
		var recs []warcRec
		body := "<html><body>" + strings.Repeat("<p>Clashes between government forces and rebels were reported near the town.</p>", 150) + "</body></html>"
		for len(recs) < 600 {
			recs = append(recs, testArchive()[1:5]...)
			recs = append(recs, page("http://a.example/p", body))
		}
		data := warcBytes(recs, gz)
		name := "plain"
		if gz {
			name = "gzip"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(warcBytes(recs, false)))) // uncompressed: the test pages compress unusually well
			for b.Loop() {
				if err := Read(b.Context(), "b.warc", bytes.NewReader(data), Options{}, func(Record) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
