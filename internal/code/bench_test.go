package code_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/internal/code/codetest"
	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/testenv"
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
	benchCode(b, docs, nil)
}

// BenchmarkCodeNews measures the same on whole news articles: made up by
// codetest.Article (some thirty sentences of war reporting each, from a
// small vocabulary), and, when ../shared is there, the 40 articles of
// news-dev and the 1,017 of the geoparsing sets, real news. The read+code
// cases also make each document of its raw text first, as `sitrep
// extract` and ingest do (paragraphs, trailers, language).
func BenchmarkCodeNews(b *testing.B) {
	var madeUp []document.Document
	for i := range 300 {
		madeUp = append(madeUp, document.Document{ID: fmt.Sprint(i), Text: codetest.Article(i)})
	}
	rd, err := document.NewReader("", nil)
	if err != nil {
		b.Fatal(err)
	}
	sets := []struct {
		name string
		docs []document.Document
	}{{"made-up", madeUp}}
	for _, s := range []struct{ name, path string }{
		{"news-dev", "../../../shared/eval/news-dev.jsonl"},
		{"geoparsing", "../../../shared/eval/geoparsing/*.jsonl"},
	} {
		if docs := readJSONL(b, s.path); len(docs) > 0 {
			sets = append(sets, struct {
				name string
				docs []document.Document
			}{s.name, docs})
		}
	}
	for _, s := range sets {
		b.Run(s.name+"/code", func(b *testing.B) { benchCode(b, s.docs, nil) })
		b.Run(s.name+"/read+code", func(b *testing.B) { benchCode(b, s.docs, rd) })
	}
}

// readJSONL reads the documents ({"id", "text"} lines) of the files
// matching pattern; none when there are none.
func readJSONL(b *testing.B, pattern string) []document.Document {
	paths, _ := filepath.Glob(pattern)
	var docs []document.Document
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var d struct{ ID, Text string }
			if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
				b.Fatalf("%s: %v", p, err)
			}
			docs = append(docs, document.Document{ID: d.ID, Text: d.Text})
		}
		f.Close()
	}
	return docs
}

func benchCode(b *testing.B, docs []document.Document, rd *document.Reader) {
	sentences, bytes := 0, 0
	for _, d := range docs {
		sentences += len(text.Analyze(d.Text).Sentences)
		bytes += len(d.Text)
	}
	coder := codetest.Coder(b)
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	n := 0
	cpu0 := testenv.CPUTime()
	for b.Loop() {
		for _, d := range docs {
			if rd != nil {
				var err error
				d, err = rd.Read(ingest.Record{ID: d.ID, Source: d.ID, Kind: ingest.Text, Body: []byte(d.Text)})
				if err != nil {
					b.Fatal(err)
				}
			}
			coder.Code(d)
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
