package gazetteer

import "testing"

// briefRefs are the places of a few names of the default gazetteer, with
// many namesakes among them.
func briefRefs(tb testing.TB) []Ref {
	g := Default()
	var refs []Ref
	for _, k := range []string{"springfield", "aleppo", "new york", "kenya", "paris", "victoria"} {
		ms, _ := g.Find(nil, k)
		for _, m := range ms {
			refs = append(refs, m.Ref)
		}
	}
	if len(refs) < 20 {
		tb.Fatalf("only %d places", len(refs))
	}
	return refs
}

// TestBrief checks Brief's fields against Place's.
func TestBrief(t *testing.T) {
	g := Default()
	for _, r := range briefRefs(t) {
		p, b := g.Place(r), g.Brief(r)
		want := Place{Kind: p.Kind, Approx: p.Approx, Feature: p.Feature, Lat: p.Lat, Lon: p.Lon, Country: p.Country, Population: p.Population}
		if b != want {
			t.Errorf("Brief(%v) = %+v, want %+v", r, b, want)
		}
	}
}

func BenchmarkPlaceBrief(b *testing.B) {
	g := Default()
	refs := briefRefs(b)
	b.Run("Place", func(b *testing.B) {
		for b.Loop() {
			for _, r := range refs {
				g.Place(r)
			}
		}
	})
	b.Run("Brief", func(b *testing.B) {
		for b.Loop() {
			for _, r := range refs {
				g.Brief(r)
			}
		}
	})
}
