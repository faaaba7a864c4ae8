package evaluate

import (
	"context"
	"errors"
	"github.com/sitrep/sitrep/internal/testenv"
	"math"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/document/page"
	"github.com/sitrep/sitrep/internal/ingest"
)

func TestShingleScore(t *testing.T) {
	for _, c := range []struct {
		name, gold, pred string
		p, r             float64
	}{
		{"same", "one two three four five", "one two three four five", 1, 1},
		{"punctuation and spacing do not count", "one, two; three four\nfive", "one two three four five", 1, 1},
		{"half extra", "a b c d e", "a b c d e f g", 2.0 / 4, 1},
		{"half missing", "a b c d e f g", "a b c d e", 1, 2.0 / 4},
		{"case counts", "a b c d", "A b c d", 0, 0},
		{"repeats are a multiset", "a b c d a b c d", "a b c d", 1, 1.0 / 5},
		{"short texts are one shingle", "a b", "a b", 1, 1},
		{"empty prediction", "a b c d", "", 0, 0},
		{"unicode words", "Saraqib and Ma'arrat al-Nu'man", "Saraqib and Ma'arrat al-Nu'man", 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, r := shingleScore(c.gold, c.pred)
			if math.Abs(p-c.p) > 1e-9 || math.Abs(r-c.r) > 1e-9 {
				t.Errorf("shingleScore(%q, %q) = %.3f, %.3f; want %.3f, %.3f", c.gold, c.pred, p, r, c.p, c.r)
			}
		})
	}
}

func TestAverageIsOverPages(t *testing.T) {
	res := BoilerplateResult{Pages: []PageScore{{Precision: 1, Recall: 1}, {Precision: 0.5, Recall: 0}}}
	res.average()
	if res.Precision != 0.75 || res.Recall != 0.5 || math.Abs(res.F1-0.6) > 1e-9 {
		t.Errorf("got P %.3f R %.3f F1 %.3f; want 0.750 0.500 0.600", res.Precision, res.Recall, res.F1)
	}
}

// benchmarkDir is the boilerplate benchmark beside the project, or "" (and
// the test skipped) when it is absent.
func benchmarkDir(t *testing.T) string {
	testenv.Shared(t, "eval", "boilerplate", "ground-truth.json")
	return testenv.Shared(t, "eval", "boilerplate")
}

func TestScoreBoilerplateBaselines(t *testing.T) {
	dir := benchmarkDir(t)
	// Published figures of the benchmark's extractors.
	for name, want := range map[string]float64{"go_trafilatura": 0.960, "go_readability": 0.934} {
		res, err := ScoreBoilerplateBaseline(dir, name)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: P %.4f R %.4f F1 %.4f", name, res.Precision, res.Recall, res.F1)
		if len(res.Pages) != 181 || math.Abs(res.F1-want) > 0.001 {
			t.Errorf("%s: %d pages, F1 %.4f; want 181 pages, F1 %.3f", name, len(res.Pages), res.F1, want)
		}
	}
}

func TestScoreBoilerplate(t *testing.T) {
	dir := benchmarkDir(t)
	// An extractor that returns the whole page scores full recall and poor
	// precision; one that fails scores zero on that page.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pages := 0
	res, err := ScoreBoilerplate(ctx, dir, func(html []byte, url string) (string, error) {
		pages++
		if pages == 3 {
			cancel()
		}
		if pages == 2 {
			return "", errors.New("broken")
		}
		return string(html), nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: err %v, want context.Canceled", err)
	}
	if pages != 3 {
		t.Errorf("cancelled run extracted %d pages, want 3", pages)
	}

	res, err = ScoreBoilerplate(context.Background(), dir, limit(3, func(html []byte, url string) (string, error) {
		if !strings.HasPrefix(url, "http") {
			t.Errorf("url %q", url)
		}
		return string(html), nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Pages[:3] {
		if p.Recall < 0.8 || p.Precision > 0.5 {
			t.Errorf("page %s as a whole: P %.3f R %.3f; want high recall, low precision", p.ID, p.Precision, p.Recall)
		}
	}
	if res.Failed != len(res.Pages)-3 {
		t.Errorf("failed %d of %d, want all but 3", res.Failed, len(res.Pages))
	}
}

// TestScoreBoilerplateDocuments runs the document pipeline on a few pages;
// sitrep eval runs it on all of them.
func TestScoreBoilerplateDocuments(t *testing.T) {
	dir := benchmarkDir(t)
	rd, err := document.NewReader("", page.Read)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ScoreBoilerplate(context.Background(), dir, limit(12, func(html []byte, url string) (string, error) {
		d, err := rd.Read(ingest.Record{Source: url, Kind: ingest.HTML, Body: html, URL: url})
		return d.Text, err
	}))
	if err != nil {
		t.Fatal(err)
	}
	var p, r float64
	for _, page := range res.Pages[:12] {
		if page.Err != nil {
			t.Errorf("page %s: %v", page.ID, page.Err)
		}
		p += page.Precision / 12
		r += page.Recall / 12
	}
	if p < 0.9 || r < 0.9 {
		t.Errorf("document pipeline on 12 pages: P %.3f R %.3f; want both ≥ 0.9", p, r)
	}
}

// limit runs extract on the first n pages only and fails the others, to keep the test fast.
func limit(n int, extract func([]byte, string) (string, error)) func([]byte, string) (string, error) {
	return func(html []byte, url string) (string, error) {
		if n == 0 {
			return "", errors.New("skipped")
		}
		n--
		return extract(html, url)
	}
}
