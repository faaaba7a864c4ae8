package evaluate

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

// BoilerplateResult is the main-content score over the pages of the
// article-extraction benchmark (../shared/eval/boilerplate).
type BoilerplateResult struct {
	Pages                 []PageScore // by ID
	Failed                int         // pages the extractor returned an error for, scored as empty
	Precision, Recall, F1 float64     // precision and recall averaged over pages; F1 of the averages
}

// PageScore is one page's score.
type PageScore struct {
	ID                string
	Precision, Recall float64
	Err               error // from the extractor
}

// ScoreBoilerplate runs extract on every page of the benchmark in dir (a
// folder with html/<id>.html and ground-truth.json) and scores its output
// with the benchmark's own measure: tokens are runs of \w, texts are
// multisets of 4-token shingles, each page gets precision and recall, and F1
// is taken of their means over pages, so that long pages weigh no more than
// short ones.
func ScoreBoilerplate(ctx context.Context, dir string, extract func(html []byte, url string) (string, error)) (BoilerplateResult, error) {
	gold, err := readBoilerplateGold(dir)
	if err != nil {
		return BoilerplateResult{}, err
	}
	var res BoilerplateResult
	for _, id := range sortedKeys(gold) {
		if err := ctx.Err(); err != nil {
			return BoilerplateResult{}, err
		}
		path := filepath.Join(dir, "html", id+".html")
		page, err := os.ReadFile(path)
		if err != nil {
			return BoilerplateResult{}, fmt.Errorf("boilerplate benchmark: %w", err)
		}
		out, err := extract(page, gold[id].URL)
		if err != nil {
			res.Failed++
			out = ""
		}
		p, r := shingleScore(gold[id].ArticleBody, out)
		res.Pages = append(res.Pages, PageScore{ID: id, Precision: p, Recall: r, Err: err})
	}
	res.average()
	return res, nil
}

// ScoreBoilerplateBaseline scores the published output of another extractor,
// baselines/<name>.json in dir, so that the scorer can be checked against the
// figures published for it (go_trafilatura 0.960, go_readability 0.934).
func ScoreBoilerplateBaseline(dir, name string) (BoilerplateResult, error) {
	gold, err := readBoilerplateGold(dir)
	if err != nil {
		return BoilerplateResult{}, err
	}
	path := filepath.Join(dir, "baselines", name+".json")
	data, err := os.ReadFile(path)
	if err != nil {
		return BoilerplateResult{}, fmt.Errorf("boilerplate baseline: %w", err)
	}
	// Some baselines wrap their pages in {"output": ...}, others do not.
	var wrapped struct {
		Output map[string]boilerplatePage `json:"output"`
	}
	if err := json.Unmarshal(data, &wrapped); err != nil {
		return BoilerplateResult{}, fmt.Errorf("%s: %w", path, err)
	}
	pred := wrapped.Output
	if pred == nil {
		if err := json.Unmarshal(data, &pred); err != nil {
			return BoilerplateResult{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	var res BoilerplateResult
	for _, id := range sortedKeys(gold) {
		p, r := shingleScore(gold[id].ArticleBody, pred[id].ArticleBody)
		res.Pages = append(res.Pages, PageScore{ID: id, Precision: p, Recall: r})
	}
	res.average()
	return res, nil
}

type boilerplatePage struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url"`
}

func readBoilerplateGold(dir string) (map[string]boilerplatePage, error) {
	path := filepath.Join(dir, "ground-truth.json")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("boilerplate benchmark: %w", err)
	}
	var gold map[string]boilerplatePage
	if err := json.Unmarshal(data, &gold); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(gold) == 0 {
		return nil, fmt.Errorf("%s: no pages", path)
	}
	return gold, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (res *BoilerplateResult) average() {
	if len(res.Pages) == 0 {
		return
	}
	for _, p := range res.Pages {
		res.Precision += p.Precision
		res.Recall += p.Recall
	}
	res.Precision /= float64(len(res.Pages))
	res.Recall /= float64(len(res.Pages))
	if s := res.Precision + res.Recall; s > 0 {
		res.F1 = 2 * res.Precision * res.Recall / s
	}
}

// shingleScore compares the multisets of 4-token shingles of gold and pred.
// A text of fewer than four tokens is one shorter shingle, as in the
// benchmark; an empty side scores zero.
func shingleScore(gold, pred string) (precision, recall float64) {
	g, p := shingles(gold), shingles(pred)
	var tp, ng, np int
	for k, n := range g {
		tp += min(n, p[k])
		ng += n
	}
	for _, n := range p {
		np += n
	}
	if np > 0 {
		precision = float64(tp) / float64(np)
	}
	if ng > 0 {
		recall = float64(tp) / float64(ng)
	}
	return precision, recall
}

func shingles(s string) map[string]int {
	const n = 4
	toks := strings.FieldsFunc(s, func(r rune) bool {
		// Python's \w: letters, digits and other numbers, underscore.
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_')
	})
	m := make(map[string]int, len(toks))
	if len(toks) == 0 {
		return m
	}
	for i := 0; i < max(1, len(toks)-n+1); i++ {
		m[strings.Join(toks[i:min(i+n, len(toks))], "\x00")]++
	}
	return m
}
