package code_test

import (
	"bufio"
	"encoding/json"
	"github.com/sitrep/sitrep/internal/code/codetest"
	"github.com/sitrep/sitrep/internal/testenv"
	"os"
	"testing"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/text"
)

// BenchmarkCode measures the whole reading of plain text, from text to
// coded events, on the ACLED notes of ../shared/eval (or the seed report).
func BenchmarkCode(b *testing.B) {
	var docs []document.Document
	if f, err := os.Open("../../../shared/eval/acled-dev.jsonl"); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() && len(docs) < 2000 {
			var d struct{ ID, Text string }
			json.Unmarshal(sc.Bytes(), &d)
			docs = append(docs, document.Document{ID: d.ID, Text: d.Text})
		}
		f.Close()
	} else {
		docs = append(docs, document.Document{ID: "s", Text: "On 2 March 2020, Taliban fighters stormed a police checkpoint in Ghazni city, killing three officers."})
	}
	sentences, bytes := 0, 0
	for _, d := range docs {
		sentences += len(text.Analyze(d.Text).Sentences)
		bytes += len(d.Text)
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	n := 0
	cpu0 := testenv.CPUTime()
	for b.Loop() {
		for _, d := range docs {
			codetest.Coder(b).Code(d)
		}
		n++
	}
	// On a shared machine wall time depends on the neighbours; CPU time
	// (the process's, GC included) tells what one core does.
	cpu := (testenv.CPUTime() - cpu0).Seconds()
	b.ReportMetric(float64(n*sentences)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(float64(n*sentences)/cpu, "sentences/cpu-s")
	b.ReportMetric(float64(n*len(docs))/cpu, "docs/cpu-s")
}
