package extract

import (
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

// TestAsideTokens pins what is an aside: parentheses and an editor's long
// comment in square brackets, not the few words an editor puts in place.
func TestAsideTokens(t *testing.T) {
	for _, tc := range []struct {
		in, aside string // aside: the words marked, space-joined
	}{
		{"a suspected [Mungiki] member was shot", ""},
		{"police (two officers) were hurt", "two officers"},
		{"one was shot dead [perhaps counted among the six dead the district gave] on Monday", "perhaps counted among the six dead the district gave"},
		{"on Sunday [22 October] three were hurt (one badly)", "one badly"},
	} {
		d := text.Analyze(tc.in)
		toks := d.Sentences[0].Tokens
		marked := asideTokens(toks, make([]bool, len(toks)))
		var got []string
		for k, m := range marked {
			if m {
				got = append(got, toks[k].Text)
			}
		}
		if g := strings.Join(got, " "); g != tc.aside {
			t.Errorf("%q: aside %q, want %q", tc.in, g, tc.aside)
		}
	}
}
