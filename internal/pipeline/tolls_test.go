package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Three invented reports of one air strike, each with its own toll and
// its own source: the incident keeps every figure with who gives it, and
// names each source as it is named, not by a piece of its sentence.
func TestIncidentTollsAndSources(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	reports := map[string]string{
		"a.txt": "Strikes hit Kafr Nabl market\n\nAir strikes hit the market of Kafr Nabl in Idlib province on 4 March 2024, killing at least 35 people, the Syrian Observatory for Human Rights said.\n",
		"b.txt": "Five dead in Kafr Nabl\n\nFive people were killed when air strikes hit the market of Kafr Nabl in Idlib province on 4 March 2024, state media reported.\n",
		"c.txt": "Kafr Nabl toll climbs\n\nAir strikes on the market of Kafr Nabl in Idlib province on 4 March 2024 killed 116 people, according to local rescuers.\n",
	}
	for name, body := range reports {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in, s := newIngester(t)
	if err := in.Files(ctx, NewTally(nil), []string{dir}); err != nil {
		t.Fatal(err)
	}
	c, err := s.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Events != 3 || c.Incidents != 1 {
		t.Fatalf("%d events in %d incidents, want 3 in 1", c.Events, c.Incidents)
	}
	inc, err := s.Incident(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Fatalities.Low != 5 || inc.Fatalities.High == nil || *inc.Fatalities.High != 116 {
		t.Errorf("fatalities %+v, want 5 to 116", inc.Fatalities)
	}
	type toll struct {
		low    int
		high   int // -1: open
		source string
	}
	var got []toll
	for _, tl := range inc.Tolls {
		h := -1
		if tl.Fatalities.High != nil {
			h = *tl.Fatalities.High
		}
		if len(tl.Sources) != 1 || tl.Reports != 1 {
			t.Fatalf("toll %+v: want one report, one source", tl)
		}
		got = append(got, toll{tl.Fatalities.Low, h, tl.Sources[0]})
	}
	want := []toll{{5, 5, "state media"}, {35, -1, "the Syrian Observatory for Human Rights"}, {116, 116, "local rescuers"}}
	if !slices.Equal(got, want) {
		t.Errorf("tolls %+v, want %+v", got, want)
	}
	if inc.Status != "disputed" {
		t.Errorf("status %q, want disputed: 5 and 116 cannot both be right", inc.Status)
	}
}
