package ingest

import (
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

func TestCheckXML(t *testing.T) {
	for _, tc := range []struct {
		doc string
		ok  bool
	}{
		{`<rss><channel><item/></channel></rss>`, true},
		{"\ufeff<?xml version=\"1.0\"?>\n<!-- c --><feed><entry>a &amp; b & c &nbsp;</entry></feed>\n", true},
		{`<?xml version="1.0" encoding="windows-1252"?><rss>` + "\x93q\x94" + `</rss>`, true},
		{`<rss><channel><br></channel></rss>`, true}, // an unclosed tag inside another is closed for it
		{`{"version":"https://jsonfeed.org/version/1.1","items":[]}`, true},
		{``, false},
		{`just text`, false},
		{`<rss></rss><rss></rss>`, false},
		{`<rss></rss>trailing`, false},
		{`<rss></channel></rss>`, false},
		{`<rss><channel>`, false},
		{`<rss>` + "\x00" + `</rss>`, false},
	} {
		if err := checkXML([]byte(tc.doc)); (err == nil) != tc.ok {
			t.Errorf("%q: %v, want ok %v", tc.doc, err, tc.ok)
		}
	}
}

// FuzzCheckXML: checkXML never panics, and a document it takes stops being
// one once a stray end tag or a second root follows it.
func FuzzCheckXML(f *testing.F) {
	f.Add(`<rss version="2.0"><channel><title>x</title><item><title>a</title></item></channel></rss>`)
	f.Add(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a &amp; b</title></entry></feed>`)
	f.Add(`<?xml version="1.0" encoding="ISO-8859-1"?><rss>` + "\xe9" + `</rss>`)
	f.Add(`<rss></channel>`)
	f.Add(`{"items":[]}`)
	f.Fuzz(func(t *testing.T, doc string) {
		if checkXML([]byte(doc)) != nil || gofeed.DetectFeedType(strings.NewReader(doc)) == gofeed.FeedTypeJSON {
			return
		}
		if err := checkXML([]byte(doc + "</zz>")); err == nil {
			t.Fatalf("%q: a stray end tag passed", doc+"</zz>")
		}
		if err := checkXML([]byte(doc + "<zz/>")); err == nil {
			t.Fatalf("%q: a second root passed", doc+"<zz/>")
		}
	})
}
