package document

import (
	"bytes"
	"testing"
)

const benchParagraph = "Government forces shelled the villages of Kafr Nabl and Maarat al-Numan on Tuesday, killing at least seven civilians, according to local rescue workers."

func BenchmarkDecode(b *testing.B) {
	body := bytes.Repeat([]byte(benchParagraph+"\n\n"), 12)
	for b.Loop() {
		decode(body, "")
	}
}

func textReader(t testing.TB) *Reader {
	r, err := NewReader("", nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
