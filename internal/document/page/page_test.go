package page

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestRenderText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<p>a</p><p>b</p>", "a\n\nb"},
		{"<p>line one<br>line two</p>", "line one\nline two"},
		{"<p>  lots   of\n space </p>", "lots of space"},
		{"<p><a>Burnett</a>was lost</p>", "Burnett was lost"}, // the extractor drops the space
		{"<p><a>Burnett</a>, who</p>", "Burnett, who"},
		{"<p>(<a>link</a>)</p>", "(link)"},
		{"<pre>a\n  b</pre><p>c</p>", "a\n  b\n\nc"},
		{"<ul><li>one</li><li>two</li></ul>", "one\n\ntwo"},
		{"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"},
		{"<p>x<script>var a</script>y</p>", "xy"},
		{"<div><h2>Head</h2>text <b>bold</b> end</div>", "Head\n\ntext bold end"},
	} {
		doc, err := html.Parse(strings.NewReader(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		var w textWriter
		w.node(doc)
		if got := w.b.String(); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}
