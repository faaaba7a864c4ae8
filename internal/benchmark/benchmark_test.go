package benchmark

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/code/codetest"
	"github.com/sitrep/sitrep/internal/document"
)

func TestThroughputAndStream(t *testing.T) {
	var c Corpus
	c.Add(document.Document{ID: "a", Text: "On 3 June 2021, rebels shelled Goma. Two civilians died."})
	c.Add(document.Document{ID: "b", Text: "Police arrested ten protesters in Lagos on Friday."})
	if c.Sentences != 3 || len(c.Docs) != 2 {
		t.Fatalf("corpus %+v", c)
	}
	var out bytes.Buffer
	if err := Throughput(context.Background(), &out, codetest.Coder(t), &c, 1, 10*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := Stream(context.Background(), &out, codetest.Coder(t), &c, 20); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"throughput:", "sentences/s", "stream of 20 documents", "      20 documents: heap"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in\n%s", want, out.String())
		}
	}
	if err := Throughput(context.Background(), &out, codetest.Coder(t), &Corpus{}, 1, 0); err == nil {
		t.Error("an empty corpus was measured")
	}
}
