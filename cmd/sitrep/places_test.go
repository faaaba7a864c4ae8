package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/geoparse"
)

// testEnv runs commands with a private home, so no user data leaks in.
func testEnv(t *testing.T, stdin string) (*env, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	home := t.TempDir()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(k string) string {
			if k == "HOME" {
				return home
			}
			return ""
		}}
	return e, &out, &errb
}

func TestPlacesJSONL(t *testing.T) {
	e, out, errb := testEnv(t, `{"id":"d1","text":"On 4 March, Syrian forces shelled Saraqib, southeast of Idlib, and Watamu, Dabaso, Kilifi."}`+"\n")
	if code := run(context.Background(), e, []string{"places", "--format", "jsonl"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	var recs []geoparse.Record
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		var r geoparse.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("bad line %q: %v", sc.Text(), err)
		}
		recs = append(recs, r)
	}
	by := map[string]geoparse.Record{}
	for _, r := range recs {
		by[r.Name] = r
		if r.DocID != "d1" || r.End <= r.Start {
			t.Errorf("bad record %+v", r)
		}
	}
	if r := by["Saraqib"]; r.Country != "SY" || r.GeonameID == 0 || r.Latitude == nil || !r.Resolved || r.Start != 34 || r.End != 41 {
		t.Errorf("Saraqib: %+v", r)
	}
	if r := by["Watamu"]; r.Resolved || r.Country != "KE" || r.Admin1 != "Kilifi" || r.In == nil {
		t.Errorf("Watamu: %+v, want unresolved in Kilifi", r)
	}
	if _, ok := by["Syrian"]; ok {
		t.Errorf("a demonym was printed without --demonyms")
	}
}

func TestPlacesTable(t *testing.T) {
	e, out, errb := testEnv(t, "Police fired tear gas in Nairobi.")
	e.terminal = true
	if code := run(context.Background(), e, []string{"places", "--demonyms"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if s := out.String(); !strings.HasPrefix(s, "DOC") || !strings.Contains(s, "Nairobi") || !strings.Contains(s, "KE") {
		t.Errorf("table:\n%s", s)
	}
	e, _, errb = testEnv(t, "")
	if code := run(context.Background(), e, []string{"places", "--format", "xml"}); code != 2 || !strings.Contains(errb.String(), "xml") {
		t.Errorf("unknown format: exit %d, %q", code, errb)
	}
}

func TestGazetteerCommand(t *testing.T) {
	e, out, errb := testEnv(t, "")
	dump := filepath.Join("..", "..", "internal", "gazetteer", "testdata", "dump.txt")
	if code := run(context.Background(), e, []string{"gazetteer", "import", dump}); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errb)
	}
	if !strings.Contains(errb.String(), "kept 7 of 8 rows") {
		t.Errorf("import said %q", errb)
	}
	// The imported places are found by lookup and by places.
	if code := run(context.Background(), e, []string{"gazetteer", "lookup", "Kafranbel"}); code != 0 || !strings.Contains(out.String(), "940004") {
		t.Errorf("lookup after import: exit %d\n%s%s", code, out, errb)
	}
	out.Reset()
	e.stdin = strings.NewReader("Shelling hit Kafranbel.")
	if code := run(context.Background(), e, []string{"places"}); code != 0 || !strings.Contains(out.String(), `"geonameid":940004`) && !strings.Contains(out.String(), "Kafranbel") {
		t.Errorf("places after import: exit %d\n%s", code, out)
	}
	if code := run(context.Background(), e, []string{"gazetteer", "import"}); code != 2 {
		t.Errorf("import without a file: exit %d", code)
	}
	if code := run(context.Background(), e, []string{"gazetteer", "frobnicate"}); code != 2 {
		t.Errorf("unknown sub-command: exit %d", code)
	}
	// build from a tiny GeoNames directory.
	outFile := filepath.Join(t.TempDir(), "g.gaz.zst")
	if code := run(context.Background(), e, []string{"gazetteer", "build", "--geonames", filepath.Join("..", "..", "internal", "gazetteer", "testdata", "geonames"), "--out", outFile}); code != 0 {
		t.Fatalf("build: exit %d: %s", code, errb)
	}
	if fi, err := os.Stat(outFile); err != nil || fi.Size() == 0 {
		t.Errorf("build wrote nothing: %v", err)
	}
}
