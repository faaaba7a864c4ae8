package serve

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sitrep/sitrep/internal/event"
)

// TestPageTaxonomy holds the map's list of types and sub-types
// (web/src/taxonomy.json, built into the page's script) to package event's.
func TestPageTaxonomy(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("..", "..", "web", "src", "taxonomy.json"))
	if err != nil {
		t.Fatal(err)
	}
	var page []struct {
		Type string
		Subs []string
	}
	var raw [][2]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	for _, r := range raw {
		var p struct {
			Type string
			Subs []string
		}
		if json.Unmarshal(r[0], &p.Type) != nil || json.Unmarshal(r[1], &p.Subs) != nil {
			t.Fatalf("taxonomy.json: want [type, [sub-types]] pairs, not %s", r)
		}
		page = append(page, p)
	}
	types := event.Types()
	if len(page) != len(types) {
		t.Fatalf("taxonomy.json has %d types, package event %d", len(page), len(types))
	}
	for i, ty := range types {
		var want []string
		for _, s := range event.SubTypes(ty) {
			want = append(want, string(s))
		}
		if page[i].Type != string(ty) || !slices.Equal(page[i].Subs, want) {
			t.Errorf("taxonomy.json type %d: %s %q, want %s %q", i, page[i].Type, page[i].Subs, ty, want)
		}
	}
}
