package page

import (
	"strings"
	"testing"
	"time"

	dps "github.com/markusmobius/go-dateparser"
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

// TestDateParserTables checks the go-dateparser that go-trafilatura links,
// patched (third_party/go-dateparser) to build its locale tables and
// regular expressions on first use rather than at start-up: dates in other
// languages and relative dates still parse once it is first called.
func TestDateParserTables(t *testing.T) {
	now := time.Date(2024, 3, 20, 12, 0, 0, 0, time.UTC)
	cfg := &dps.Configuration{CurrentTime: now}
	var p dps.Parser
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"12 August 2021", time.Date(2021, 8, 12, 0, 0, 0, 0, time.UTC)},
		{"3 de marzo de 2024", time.Date(2024, 3, 3, 0, 0, 0, 0, time.UTC)},
		{"le 14 février 2023", time.Date(2023, 2, 14, 0, 0, 0, 0, time.UTC)},
		{"2 days ago", now.AddDate(0, 0, -2)},
	} {
		d, err := p.Parse(cfg, tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		got := d.Time
		if got.Year() != tc.want.Year() || got.YearDay() != tc.want.YearDay() {
			t.Errorf("%q: got %v, want %v", tc.in, got, tc.want)
		}
	}
}
