package evaluate

import (
	"context"
	"github.com/sitrep/sitrep/internal/testenv"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/geoparse"
	"github.com/sitrep/sitrep/internal/text"
)

func TestScoreGeoparsing(t *testing.T) {
	// Two documents; the second's offsets are shifted by one, as in some gold files.
	gold := `{"id":"a","text":"Rain in Paris and Lyon.","toponyms":[{"start":8,"end":13,"name":"Paris","lat":48.85,"lon":2.35},{"start":18,"end":22,"name":"Lyon","lat":45.76,"lon":4.83}]}
{"id":"b","text":"Floods hit Kenya.","toponyms":[{"start":12,"end":17,"name":"Kenya","lat":1,"lon":38}]}
`
	path := filepath.Join(t.TempDir(), "gold.jsonl")
	if err := os.WriteFile(path, []byte(gold), 0o644); err != nil {
		t.Fatal(err)
	}
	f := func(v float64) *float64 { return &v }
	pred := map[string][]PlacePrediction{
		"a": {
			{Start: 8, End: 13, Name: "Paris", Latitude: f(33.66), Longitude: f(-95.55)}, // Paris, Texas: found, far
			{Start: 0, End: 4, Name: "Rain"},                                             // not a toponym
		},
		"b": {{Start: 11, End: 16, Name: "Kenya", Latitude: f(0.5), Longitude: f(37.5)}}, // overlaps despite the shift
	}
	res, err := ScoreGeoparsing(context.Background(), path, func(id, _ string) []PlacePrediction { return pred[id] })
	if err != nil {
		t.Fatal(err)
	}
	if res.Docs != 2 || res.Gold != 3 || res.Predicted != 3 || res.TruePred != 2 || res.Found != 2 || res.Within161 != 1 {
		t.Fatalf("counts %+v", res)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(res.Precision, 2.0/3) || !near(res.Recall, 2.0/3) || !near(res.F1, 2.0/3) || !near(res.Acc161, 0.5) {
		t.Errorf("scores %+v", res)
	}
	if err := os.WriteFile(path, []byte("{broken\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ScoreGeoparsing(context.Background(), path, nil); err == nil {
		t.Errorf("no error for a broken gold file")
	}
}

func TestScoreACLEDPlaces(t *testing.T) {
	gold := `{"id":"k1","text":"Clashes in Malindi.","events":[{"location":"Malindi","admin1":"Kilifi","latitude":-3.2192,"longitude":40.1169}]}
{"id":"k2","text":"Protest in Mombasa.","events":[{"location":"Mombasa","admin1":"Mombasa","latitude":-4.0547,"longitude":39.6636},{"location":"x","admin1":"","latitude":null,"longitude":null}]}
`
	path := filepath.Join(t.TempDir(), "acled.jsonl")
	if err := os.WriteFile(path, []byte(gold), 0o644); err != nil {
		t.Fatal(err)
	}
	f := func(v float64) *float64 { return &v }
	pred := map[string][]PlacePrediction{
		"k1": {{Name: "Watamu", Latitude: f(-3.3543), Longitude: f(40.0209)}}, // 20 km away, same county
		"k2": {{Name: "Nairobi", Latitude: f(-1.2833), Longitude: f(36.8167)}, {Name: "Mombasa", Latitude: f(-4.05), Longitude: f(39.66)}},
	}
	res, err := ScoreACLEDPlaces(context.Background(), path, gazetteer.Default(), func(id, _ string) []PlacePrediction { return pred[id] })
	if err != nil {
		t.Fatal(err)
	}
	if res.Events != 2 || res.Within25 != 2 || res.FirstWithin25 != 1 || res.Admin1Right != 1 {
		t.Errorf("%+v, want 2 events, both within 25 km of a mention, one of the first, one admin1 right", res)
	}
}

// TestGeoparsingSets runs geoparse on the start of each gold file in
// ../shared and checks that scores stay above floors well below the
// measured figures: a regression guard, not the measurement (that is
// `sitrep eval`).
func TestGeoparsingSets(t *testing.T) {
	dir := testenv.Shared(t, "eval", "geoparsing")
	g := gazetteer.Default()
	p, err := geoparse.New(g, geoparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	limit := 60
	if testing.Short() {
		limit = 15
	}
	for _, set := range []string{"lgl", "geowebnews", "geovirus"} {
		n := 0
		find := func(_, s string) []PlacePrediction {
			if n++; n > limit {
				return nil
			}
			var out []PlacePrediction
			for _, m := range p.Parse(text.Analyze(s)) {
				if m.Demonym {
					continue // not toponyms in two of the three sets
				}
				pp := PlacePrediction{Start: m.Span.Start, End: m.Span.End, Name: m.Text}
				if lat, lon, ok := geoparse.Where(g, m); ok {
					pp.Latitude, pp.Longitude = &lat, &lon
				}
				out = append(out, pp)
			}
			return out
		}
		res, err := ScoreGeoparsing(context.Background(), filepath.Join(dir, set+".jsonl"), find)
		if err != nil {
			t.Fatal(err)
		}
		// Only the first documents were parsed: score those.
		if res.Found == 0 || res.TruePred < res.Predicted/3 || float64(res.Within161) < 0.7*float64(res.Found) {
			t.Errorf("%s: %+v", set, res)
		}
	}
}
