package serve

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/store"
)

func TestPublicSource(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://news.example/2024/03/report.html", "https://news.example/2024/03/report.html"},
		{"http://news.example/a#item-3", "http://news.example/a#item-3"},
		{"/home/alice/corpus/report.html", "report.html"},
		{"/srv/crawls/2024.warc.gz#<urn:uuid:1234/5678>", "2024.warc.gz#<urn:uuid:1234/5678>"},
		{"/srv/crawls/2024.warc.gz@969", "2024.warc.gz@969"},
		{"/data/docs.jsonl:17", "docs.jsonl:17"},
		{"file:///home/alice/notes.txt", "notes.txt"},
		{`C:\Users\alice\report.txt`, "report.txt"},
		{`\\server\share\report.txt`, "report.txt"},
		{"~/corpus/x.html", "x.html"},
		{"../../home/alice/x.html", "x.html"},
		{"corpus/2024/report.html", "corpus/2024/report.html"},
		{"stdin", "stdin"},
		{"docs.jsonl:3", "docs.jsonl:3"},
		{"", ""},
	} {
		if got := publicSource(tc.in); got != tc.want {
			t.Errorf("publicSource(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzPublicSource: what the API shows of a source that is not a web
// address is never an absolute path nor climbs above where ingest ran.
func FuzzPublicSource(f *testing.F) {
	for _, s := range []string{"/home/a/b.html", `C:\x\y`, "file:///a/b", "rel/x", "https://a.example/b", "/a#b/c", "..//x", "~", "file://0/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := publicSource(s)
		if u, err := url.Parse(s); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			return
		}
		head := got
		if i := strings.IndexByte(head, '#'); i >= 0 {
			head = head[:i]
		}
		if strings.HasPrefix(head, "/") || strings.HasPrefix(head, `\`) || strings.HasPrefix(head, "~") || strings.HasPrefix(head, "..") ||
			len(head) >= 3 && head[1] == ':' && (head[2] == '\\' || head[2] == '/') || strings.HasPrefix(got, "file:") {
			t.Fatalf("publicSource(%q) = %q: still a path of the server's", s, got)
		}
	})
}

// TestDocumentSource: the document API shows a file's name, not the
// server's folders.
func TestDocumentSource(t *testing.T) {
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := document.Document{ID: "abs", Source: "/home/alice/private-corpus/report.html", Lang: "en", Text: "A report."}
	if _, err := s.PutDocuments(context.Background(), []store.Doc{{Document: d}}); err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, New(s, Options{}))
	var got struct{ Source string }
	getJSON(t, srv+"/api/v1/documents/abs", &got)
	if got.Source != "report.html" {
		t.Errorf("source %q, want the file's name only", got.Source)
	}
	_, page, _ := get(t, srv+"/documents/abs")
	if strings.Contains(string(page), "alice") {
		t.Errorf("the document page shows the server's path")
	}
}
