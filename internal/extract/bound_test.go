package extract

import (
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

// paraKeyPlain is the plain reading of appendParaKey: the fields, folded.
func paraKeyPlain(p string) string {
	var b strings.Builder
	for _, f := range strings.Fields(p) {
		b.WriteString(text.Fold(f))
		b.WriteByte(' ')
	}
	return b.String()
}

func paraKey(p string) string { return string(appendParaKey(nil, p)) }

var paraKeyCases = []string{
	"",
	"   ",
	"Rebels shelled the market at dawn.",
	"  rebels   SHELLED the\tmarket\nat dawn.  ",
	"Gunmen raided Qaryat\u00a0al-Ḥamrāʼ, “witnesses” said — two died.",
	"x\u2009y\u202fz\u3000w\u0085v",
	"bad \xff\xfe utf-8 \xc3",
	"ÆSIR Straße Łódź ØRE",
}

func TestParaKey(t *testing.T) {
	for _, p := range paraKeyCases {
		if got, want := paraKey(p), paraKeyPlain(p); got != want {
			t.Errorf("paraKey(%q) = %q, want %q", p, got, want)
		}
	}
}

func FuzzParaKey(f *testing.F) {
	for _, p := range paraKeyCases {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if got, want := paraKey(p), paraKeyPlain(p); got != want {
			t.Errorf("paraKey(%q) = %q, want %q", p, got, want)
		}
	})
}

func BenchmarkParaKey(b *testing.B) {
	p := strings.Repeat("Militia fighters ambushed a supply convoy near the river crossing, officials said. ", 6)
	b.SetBytes(int64(len(p)))
	var buf []byte
	for b.Loop() {
		buf = appendParaKey(buf[:0], p)
	}
}
