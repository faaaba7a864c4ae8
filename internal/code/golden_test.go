package code_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/code/codetest"
	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden from what the coder reads now")

// TestGolden pins what the rules read, family by family: each
// testdata/golden/*.txt holds reports written for these tests, and the
// .golden file beside it the events coded from them, one readable line per
// event. The .golden files say what sitrep reads today, right or wrong: a
// rule change shows as a diff of those lines, and after checking it,
// go test ./internal/code -run Golden -update rewrites them.
//
// An input file holds one report per line. "||" separates paragraphs; a
// line may start with "[YYYY-MM-DD] " to give the publication date; lines
// starting with "#" are comments, copied to the output to say what a group
// of reports is about.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "golden", "*.txt"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	coder := codetest.Coder(t)
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".txt")
		t.Run(name, func(t *testing.T) {
			got, err := goldenRead(in, func(d document.Document) []event.Event { return coder.Code(d) })
			if err != nil {
				t.Fatal(err)
			}
			path := strings.TrimSuffix(in, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from what is read now (-want +got):\n%s", path, lineDiff(string(want), got))
			}
		})
	}
}

// goldenRead codes every report of an input file and describes the events.
func goldenRead(path string, code func(document.Document) []event.Event) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "#"):
			fmt.Fprintf(&b, "\n%s\n", line)
			continue
		}
		d := document.Document{ID: fmt.Sprintf("%s:%d", filepath.Base(path), n)}
		text := line
		if strings.HasPrefix(text, "[") && len(text) > 13 && text[11] == ']' {
			pub, err := time.Parse(time.DateOnly, text[1:11])
			if err != nil {
				return "", fmt.Errorf("%s:%d: publication date: %w", path, n, err)
			}
			d.Published, text = pub, strings.TrimSpace(text[12:])
		}
		d.Text = strings.ReplaceAll(text, " || ", "\n\n")
		fmt.Fprintf(&b, "> %s\n", line)
		evs := code(d)
		if len(evs) == 0 {
			b.WriteString("  no event\n")
		}
		for i := range evs {
			b.WriteString("  " + describe(&evs[i]) + "\n")
		}
	}
	return strings.TrimLeft(b.String(), "\n"), sc.Err()
}

// describe is one event in the fields a rule decides.
func describe(e *event.Event) string {
	side := func(name string, inter int) string {
		if name == "" {
			return "-"
		}
		return fmt.Sprintf("%s [%d]", name, inter)
	}
	var place []string
	for _, p := range []string{e.Location, e.Admin1, e.Country} {
		if p != "" && (len(place) == 0 || place[len(place)-1] != p) {
			place = append(place, p)
		}
	}
	where := strings.Join(place, ", ")
	if where == "" {
		where = "?"
	}
	date := e.EventDate
	if date == "" {
		date = "?"
	}
	deaths := fmt.Sprint(e.FatalitiesLow)
	switch {
	case e.FatalitiesHigh == nil:
		deaths += "+"
	case *e.FatalitiesHigh != e.FatalitiesLow:
		deaths += fmt.Sprintf("-%d", *e.FatalitiesHigh)
	}
	claim := e.Claim.Status
	if e.Claim.Hedged {
		claim += ", hedged"
	}
	if e.Claim.Source != "" {
		claim += ", by " + e.Claim.Source
	}
	s := fmt.Sprintf("%s | %s | %s | %s (%d) | %s (%d, %s) | killed %s | %s",
		e.SubEventType, side(e.Actor1, e.Inter1), side(e.Actor2, e.Inter2), where, e.GeoPrecision, date, e.TimePrecision, e.DateSource, deaths, claim)
	if e.Control != nil {
		s += fmt.Sprintf(" | control %q → %q", e.Control.From, e.Control.To)
	}
	return s
}

// lineDiff lists the lines only in want (-) and only in got (+), in order.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	// Longest common subsequence, small files only.
	lcs := make([][]int, len(w)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(g)+1)
	}
	for i := len(w) - 1; i >= 0; i-- {
		for j := len(g) - 1; j >= 0; j-- {
			if w[i] == g[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	// Each changed line is shown under the report it belongs to.
	var b strings.Builder
	report, shown := "", ""
	show := func(mark, line string) {
		if report != shown && !strings.HasPrefix(line, "> ") {
			fmt.Fprintf(&b, "  %s\n", report)
			shown = report
		}
		fmt.Fprintf(&b, "%s %s\n", mark, line)
	}
	i, j := 0, 0
	for i < len(w) || j < len(g) {
		switch {
		case i < len(w) && j < len(g) && w[i] == g[j]:
			if strings.HasPrefix(w[i], "> ") {
				report = w[i]
			}
			i++
			j++
		case j < len(g) && (i == len(w) || lcs[i][j+1] >= lcs[i+1][j]):
			show("+", g[j])
			j++
		default:
			show("-", w[i])
			i++
		}
	}
	return b.String()
}
