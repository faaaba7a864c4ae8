package event

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

func sample() *Event {
	lat, lon := 35.8645, 36.8059
	return &Event{
		ID: "ev1", DocID: "d1", EventType: ExplosionsRemote, SubEventType: "Shelling/artillery/missile attack",
		EventDate: "2020-02-10", TimePrecision: 1,
		Actor1: "Military Forces of Syria (2000-2024)", Inter1: 1, Actor2: "Military Forces of Turkey (2014-)", Inter2: 8,
		Country: "Syria", Admin1: "Idlib", Location: "Saraqib", Latitude: &lat, Longitude: &lon, GeoPrecision: 2,
		Fatalities: 5, FatalitiesLow: 5, Claim: Claim{SourceKind: "outlet", Hedged: true, Status: Asserted},
		Evidence: []Span{{Start: 3401, End: 3498, Text: "Five Turkish soldiers were said to have died"}},
	}
}

func TestJSONLHasEvalFields(t *testing.T) {
	var buf bytes.Buffer
	w := NewJSONLWriter(&buf)
	if err := w.Write(sample()); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"doc_id", "event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor2",
		"inter1", "inter2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "fatalities",
		"fatalities_low", "fatalities_high", "evidence"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSONL lacks %q", k)
		}
	}
	if m["fatalities_high"] != nil {
		t.Errorf("open range should be null, got %v", m["fatalities_high"])
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	if err := w.Write(sample()); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || len(rows[0]) != len(rows[1]) {
		t.Fatalf("want header and one row of equal width, got %v", rows)
	}
	row := map[string]string{}
	for i, c := range rows[0] {
		row[c] = rows[1][i]
	}
	want := map[string]string{"event_date": "2020-02-10", "year": "2020", "interaction": "18", "disorder_type": "Political violence",
		"latitude": "35.8645", "fatalities": "5", "fatalities_high": "", "hedged": "true", "evidence": "3401-3498"}
	for k, v := range want {
		if row[k] != v {
			t.Errorf("column %s = %q, want %q", k, row[k], v)
		}
	}
}

func TestGeoJSON(t *testing.T) {
	var buf bytes.Buffer
	w := NewGeoJSONWriter(&buf)
	noPlace := sample()
	noPlace.Latitude, noPlace.Longitude = nil, nil
	for _, e := range []*Event{sample(), noPlace, sample()} {
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string
		Features []struct {
			Geometry struct{ Coordinates []float64 }
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &fc); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 2 || fc.Features[0].Geometry.Coordinates[0] != 36.8059 {
		t.Fatalf("unexpected collection: %s", buf.String())
	}
	var empty bytes.Buffer
	NewGeoJSONWriter(&empty).Close()
	if !strings.Contains(empty.String(), `"features":[]`) {
		t.Fatalf("empty collection: %s", empty.String())
	}
}

func TestInteraction(t *testing.T) {
	for _, c := range []struct{ a, b, want int }{{1, 5, 15}, {5, 1, 15}, {6, 0, 60}, {0, 0, 0}, {7, 7, 77}} {
		if got := Interaction(c.a, c.b); got != c.want {
			t.Errorf("Interaction(%d,%d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestTaxonomy(t *testing.T) {
	n := 0
	for _, typ := range Types() {
		if !typ.Valid() {
			t.Errorf("%q is not valid", typ)
		}
		for _, s := range SubTypes(typ) {
			n++
			if s.Type() != typ {
				t.Errorf("%q.Type() = %q, want %q", s, s.Type(), typ)
			}
		}
	}
	if n != 25 || len(Types()) != 6 || len(SubTypes("")) != 25 {
		t.Fatalf("taxonomy has %d types and %d sub-types, want 6 and 25", len(Types()), n)
	}
	if SubType("Armed Clash").Valid() || Type("Battle").Valid() {
		t.Fatal("misspelt names are valid")
	}
}
