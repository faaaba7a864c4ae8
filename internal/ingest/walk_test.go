package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestWalk(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("<!doctype html><p>Zipped page.</p>"))
	zw.Close()
	dir := writeFiles(t, map[string]string{
		"b/2.txt":          "Second folder.",
		"a.html":           "<html><body>Page.</body></html>",
		"b/1.jsonl":        `{"id":"j1","text":"Line one."}` + "\n" + `{"id":"j2","html":"<p>Line two.</p>"}` + "\n",
		"c.html.gz":        gz.String(),
		"d.warc":           string(warcBytes(testArchive()[2:3], false)),
		"empty.txt":        "",
		"binary.bin":       "\x00\x01\x02\x03\xff",
		".hidden.txt":      "Hidden.",
		".git/config":      "Hidden folder.",
		"b/.hidden/x.html": "<p>Hidden.</p>",
	})
	var got []string
	var st Stats
	err := Walk(context.Background(), []string{dir}, Options{Stats: &st}, func(r Record) error {
		got = append(got, strings.TrimPrefix(r.Source, dir+"/")+" "+r.Kind.String()+" "+string(r.Body))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a.html HTML <html><body>Page.</body></html>",
		"b/1.jsonl:1 text Line one.",
		"b/1.jsonl:2 HTML <p>Line two.</p>",
		"b/2.txt text Second folder.",
		"binary.bin text \x00\x01\x02\x03\xff",
		"c.html.gz HTML <!doctype html><p>Zipped page.</p>",
		"d.warc#urn:uuid:00000000 HTML <html><body>Shelling in Idlib.</body></html>",
		"empty.txt text ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if st.Records.Load() != int64(len(want)) || st.Bytes.Load() == 0 {
		t.Errorf("stats: %d records, %d bytes", st.Records.Load(), st.Bytes.Load())
	}
}

func TestWalkStdin(t *testing.T) {
	for _, paths := range [][]string{nil, {"-"}} {
		var got []Record
		err := Walk(context.Background(), paths, Options{Stdin: strings.NewReader("Report from stdin.")}, func(r Record) error {
			got = append(got, r)
			return nil
		})
		if err != nil || len(got) != 1 || got[0].Source != "stdin" || string(got[0].Body) != "Report from stdin." {
			t.Errorf("paths %q: %+v, %v", paths, got, err)
		}
	}
	if err := Walk(context.Background(), nil, Options{}, func(Record) error { return nil }); err == nil {
		t.Error("no error without stdin")
	}
}

func TestWalkBadInputs(t *testing.T) {
	cut := warcBytes([]warcRec{page("http://a.example/1", "<p>one</p>"), page("http://a.example/2", strings.Repeat("<p>two</p>", 50))}, true)
	dir := writeFiles(t, map[string]string{
		"cut.warc.gz": string(cut[:len(cut)-20]),
		"ok.txt":      "Fine.",
		"big.txt":     strings.Repeat("x", 2000),
	})
	missing := filepath.Join(dir, "missing.txt")
	var got, skipped []string
	err := Walk(context.Background(), []string{missing, dir}, Options{MaxRecord: 1000, OnError: func(err error) { skipped = append(skipped, err.Error()) }}, func(r Record) error {
		got = append(got, filepath.Base(r.Source))
		return nil
	})
	if strings.Join(got, " ") != "cut.warc.gz#urn:uuid:00000000 ok.txt" {
		t.Errorf("records %q", got)
	}
	if len(skipped) != 1 || !strings.HasPrefix(skipped[0], filepath.Join(dir, "big.txt")+": record over the size limit") {
		t.Errorf("skipped %q", skipped)
	}
	if err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), missing) ||
		!strings.Contains(err.Error(), filepath.Join(dir, "cut.warc.gz")+": offset ") {
		t.Errorf("err = %v, want the missing file and the truncated archive", err)
	}
}

func TestWalkStops(t *testing.T) {
	dir := writeFiles(t, map[string]string{"1.txt": "one", "2.txt": "two", "3.txt": "three"})
	stop := errors.New("stop")
	n := 0
	err := Walk(context.Background(), []string{dir}, Options{}, func(Record) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("callback error: got %v after %d records", err, n)
	}

	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	err = Walk(ctx, []string{dir}, Options{}, func(Record) error {
		n++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("cancel: got %v after %d records", err, n)
	}
}
