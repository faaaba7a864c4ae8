package ingest

import (
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	long := `{"id":"x","text":"` + strings.Repeat("a", DetectSize) // first line longer than what Detect sees
	tests := []struct {
		name, head string
		want       Format
	}{
		{"empty", "", FormatText},
		{"plain text", "Turkish forces shelled Idlib.\n", FormatText},
		{"text mentioning a tag", "Use <html> tags, he said.", FormatText},
		{"doctype", "<!DOCTYPE html>\n<html><head>", FormatHTML},
		{"doctype after BOM and space", "\xef\xbb\xbf\n  <!doctype html><title>x</title>", FormatHTML},
		{"bare html tag", "<html lang=en>", FormatHTML},
		{"fragment", "<p>Clashes in Saraqib.</p>", FormatHTML},
		{"comment first", "<!-- saved page -->\n<html>", FormatHTML},
		{"xml declaration then html", `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">`, FormatHTML},
		{"RSS is not HTML", `<?xml version="1.0"?><rss><channel>`, FormatText},
		{"unknown tag first", "<foo>bar</foo>", FormatText},
		{"tag prefix is not a tag", "<pre-formatted text", FormatText},
		{"UTF-16LE HTML", "\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00", FormatHTML},
		{"UTF-16BE HTML", "\xfe\xff\x00<\x00h\x00t\x00m\x00l\x00>", FormatHTML},
		{"JSON Lines text", `{"id":"1","text":"Clashes."}` + "\n" + `{"id":"2","text":"More."}`, FormatJSONL},
		{"JSON Lines html, spaced", `  { "id" : "1", "html" : "<p>x</p>" }`, FormatJSONL},
		{"JSON Lines with nested fields first", `{"events":[{"text":"no"}],"meta":{"a":[1,{"b":2}]},"text":"yes"}`, FormatJSONL},
		{"first record broken", "{broken\n" + `{"text":"ok"}`, FormatJSONL},
		{"line cut short by the peek", long, FormatJSONL},
		{"nested text key only", `{"meta":{"text":"x"}}`, FormatText},
		{"text key as a value", `{"kind":"text"}`, FormatText},
		{"JSON without text", `{"id":"1","body":"x"}`, FormatText},
		{"braces in prose", "{Editor's note} Fighting resumed.", FormatText},
		{"WARC", "WARC/1.0\r\nWARC-Type: warcinfo\r\n", FormatWARC},
		{"WARC 1.1", "WARC/1.1\r\n", FormatWARC},
		{"WARC after space is not WARC", " WARC/1.0\r\n", FormatText},
		{"binary", "\x00\x01\x02\xff\xfe\x00", FormatText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect([]byte(tt.head)); got != tt.want {
				t.Errorf("Detect(%.40q) = %v, want %v", tt.head, got, tt.want)
			}
		})
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"", "<html>", `{"text":"x"}`, "WARC/1.0\r\n", "\xff\xfe<\x00", `{"a":[{"text":1}],"html":2}`, "{"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got := Detect(b)
		if got < FormatText || got > FormatWARC {
			t.Fatalf("Detect = %d", got)
		}
		if got != Detect(b) {
			t.Fatal("Detect is not deterministic")
		}
		if strings.HasPrefix(string(b), "WARC/1.") != (got == FormatWARC) {
			t.Fatalf("Detect(%q) = %v", b, got)
		}
	})
}
