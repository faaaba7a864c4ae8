package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestReprocess: reading the stored documents again with the same
// lexicons changes nothing; with a trigger added by the user, the document
// that uses it gains an event and the others keep theirs, ids and
// incidents included; with the trigger gone, the event goes.
func TestReprocess(t *testing.T) {
	data := t.TempDir()
	db := filepath.Join(t.TempDir(), "s.db")
	e, _, stderr := cmdEnv(t, map[string]string{"SITREP_DATA": data})
	e.stdin = strings.NewReader(`{"id": "d1", "text": "Militants bulldozed a police station in Garissa on 3 June 2024."}
{"id": "d2", "text": "Government forces shelled Saraqib on Tuesday, killing four civilians, local sources said.", "published": "2024-03-14T23:30:00-05:00"}
{"id": "d3", "text": "Hundreds of people protested in Khulna on 4 May 2024 against rising fuel prices."}
`)
	if code := runIn(e, "ingest", "--db", db); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	s := openStore(t, db)
	ctx := context.Background()
	ids := func(doc string) []string {
		_, events, err := s.Document(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, ev := range events {
			out = append(out, ev.ID)
		}
		return out
	}
	d1, d2, d3 := ids("d1"), ids("d2"), ids("d3")
	if len(d1) != 0 || len(d2) != 1 || len(d3) != 1 {
		t.Fatalf("events before: %q %q %q; want none, one, one", d1, d2, d3)
	}
	incident, err := s.IncidentOf(ctx, d2[0])
	if err != nil {
		t.Fatal(err)
	}

	lexicon := filepath.Join(data, "lexicon", "triggers.txt")
	for _, tc := range []struct {
		name     string
		triggers string // "" for none
		stdout   string // prefix of what changed
		summary  string
		d1       int
	}{
		{"same lexicons", "", "", "3 documents read again, 0 changed, 0 refused; events: 2 kept, 0 added, 0 removed, 0 changed; 0 incidents", 0},
		{"trigger added", "vandal\tbulldoz{e,es,ed,ing}\n", "d1\t+ev_", "3 documents read again, 1 changed, 0 refused; events: 2 kept, 1 added, 0 removed, 0 changed; 0 incidents", 1},
		{"trigger gone", "", "d1\t-ev_", "3 documents read again, 1 changed, 0 refused; events: 2 kept, 0 added, 1 removed, 0 changed; 1 incidents", 0},
	} {
		os.RemoveAll(filepath.Dir(lexicon))
		if tc.triggers != "" {
			os.MkdirAll(filepath.Dir(lexicon), 0o755)
			os.WriteFile(lexicon, []byte(tc.triggers), 0o644)
		}
		e, stdout, stderr := cmdEnv(t, map[string]string{"SITREP_DATA": data, "SITREP_DB": db})
		if code := runIn(e, "reprocess"); code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.name, code, stderr)
		}
		if out := stdout.String(); tc.stdout == "" && out != "" || !strings.HasPrefix(out, tc.stdout) {
			t.Errorf("%s: stdout %q, want %q…", tc.name, out, tc.stdout)
		}
		if !strings.Contains(stderr.String(), tc.summary) {
			t.Errorf("%s: stderr %q, want %q", tc.name, stderr, tc.summary)
		}
		if got := ids("d1"); len(got) != tc.d1 {
			t.Errorf("%s: d1 has events %q, want %d", tc.name, got, tc.d1)
		}
		if !slices.Equal(ids("d2"), d2) || !slices.Equal(ids("d3"), d3) {
			t.Errorf("%s: untouched documents' events %q %q, were %q %q", tc.name, ids("d2"), ids("d3"), d2, d3)
		}
		if got, _ := s.IncidentOf(ctx, d2[0]); got != incident {
			t.Errorf("%s: an untouched event moved from incident %d to %d", tc.name, incident, got)
		}
	}
}

func TestReprocessUsage(t *testing.T) {
	for _, args := range [][]string{{"reprocess", "extra"}, {"reprocess", "--batch", "0"}, {"reprocess", "--nope"}} {
		e, _, _ := cmdEnv(t, nil)
		if code := runIn(e, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}
