package geoparse

import (
	"bufio"
	"encoding/json"
	"github.com/sitrep/sitrep/internal/rusage"
	"os"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/text"
)

// benchDocs reads up to n documents of a JSON Lines file in ../shared, analysed.
func benchDocs(b *testing.B, path string, n int) []*text.Doc {
	f, err := os.Open(path)
	if err != nil {
		b.Skip("../shared not present")
	}
	defer f.Close()
	var docs []*text.Doc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() && len(docs) < n {
		var d struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &d) == nil {
			docs = append(docs, text.Analyze(d.Text))
		}
	}
	return docs
}

func benchParse(b *testing.B, docs []*text.Doc) {
	p, err := New(gazetteer.Default(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	sentences := 0
	for _, d := range docs {
		sentences += len(d.Sentences)
	}
	b.ReportAllocs()
	n := 0
	cpu0 := cpuNow()
	for b.Loop() {
		for _, d := range docs {
			p.Parse(d)
		}
		n += sentences
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
	// CPU time says what one core needs when others compete for the machine.
	if cpu := cpuNow() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()*1e6/float64(n), "cpu-µs/sentence")
	}
}

// BenchmarkParseNews runs on news articles (the LGL geoparsing corpus).
func BenchmarkParseNews(b *testing.B) {
	benchParse(b, benchDocs(b, "../../../shared/eval/geoparsing/lgl.jsonl", 200))
}

// BenchmarkParseNotes runs on short ACLED event notes.
func BenchmarkParseNotes(b *testing.B) {
	benchParse(b, benchDocs(b, "../../../shared/eval/acled-dev.jsonl", 2000))
}

func BenchmarkParseSeed(b *testing.B) {
	data, err := os.ReadFile("../../../shared/corpus/seed/000_e832070ca5f6e4b0.txt")
	if err != nil {
		b.Skip("../shared not present")
	}
	benchParse(b, []*text.Doc{text.Analyze(string(data))})
}

// cpuNow is the CPU time the process has used: on a busy machine, what a
// core needed rather than wall time.
func cpuNow() time.Duration {
	d, _ := rusage.CPU()
	return d
}
