package event

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
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

// acledExport is the header of ACLED's current export, written out here
// rather than taken from the package, so that a change of order shows.
var acledExport = strings.Fields(`event_id_cnty event_date year time_precision disorder_type event_type sub_event_type
	actor1 assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1
	admin2 admin3 location latitude longitude geo_precision source source_scale notes fatalities tags timestamp`)

// readCSV reads a CSV export back as a reader of ACLED's files would: the
// header, then one map per row.
func readCSV(t *testing.T, b []byte) ([]string, []map[string]string) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	header, err := r.Read()
	if err != nil {
		t.Fatalf("no header: %v", err)
	}
	rest, err := r.ReadAll() // also checks every row is as wide as the header
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, rec := range rest {
		row := map[string]string{}
		for i, c := range header {
			row[c] = rec[i]
		}
		rows = append(rows, row)
	}
	return header, rows
}

func TestCSV(t *testing.T) {
	stored := sample()
	stored.CountryCode, stored.Incident, stored.Timestamp = "SY", 42, 1710000000
	stored.Claim.Source = "local sources"
	stored.Outlet = "Wire"
	sole := &Event{ID: "ev2", DocID: "d2", EventType: Protests, SubEventType: PeacefulProtest, EventDate: "2024-03-15", TimePrecision: 2,
		Actor1: "Protesters (Kenya)", Inter1: 6, Country: "Kenya", CountryCode: "ke", Location: "Nairobi", GeoPrecision: 1,
		Claim: Claim{Status: Claimed}}
	bare := &Event{ID: "ev3", DocID: "d3", EventType: Strategic, SubEventType: Arrests} // no date, place or actors
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	for _, e := range []*Event{stored, sole, bare} {
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	header, rows := readCSV(t, buf.Bytes())
	if !slices.Equal(header[:len(acledExport)], acledExport) {
		t.Fatalf("header does not start with ACLED's columns in ACLED's order:\n%q", header)
	}
	if !slices.Equal(header, CSVColumns) || len(rows) != 3 {
		t.Fatalf("header %q, %d rows", header, len(rows))
	}

	// Typed as a data frame reader would type ACLED's columns.
	ints := []string{"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities", "timestamp", "incident_id", "fatalities_low"}
	floats := []string{"latitude", "longitude"}
	for i, row := range rows {
		for _, c := range ints {
			if _, err := strconv.Atoi(row[c]); err != nil {
				t.Errorf("row %d: integer column %s = %q", i, c, row[c])
			}
		}
		for _, c := range floats {
			if _, err := strconv.ParseFloat(row[c], 64); err != nil && row[c] != "" {
				t.Errorf("row %d: number column %s = %q", i, c, row[c])
			}
		}
		if _, err := time.Parse(time.DateOnly, row["event_date"]); err != nil && row["event_date"] != "" {
			t.Errorf("row %d: event_date %q", i, row["event_date"])
		}
		if _, err := strconv.ParseBool(row["hedged"]); err != nil {
			t.Errorf("row %d: hedged %q", i, row["hedged"])
		}
	}
	for i, want := range []map[string]string{
		{"event_id_cnty": "ev1", "event_date": "2020-02-10", "year": "2020", "interaction": "18", "disorder_type": "Political violence",
			"iso": "760", "region": "Middle East", "country": "Syria", "admin3": "", "latitude": "35.8645", "fatalities": "5",
			"source": "Wire; local sources", "source_scale": "", "tags": "", "timestamp": "1710000000",
			"incident_id": "42", "fatalities_high": "", "hedged": "true", "evidence": "3401-3498", "claim_source": "local sources"},
		{"inter2": "0", "interaction": "60", "actor2": "", "iso": "404", "region": "Eastern Africa", "time_precision": "2",
			"disorder_type": "Demonstrations", "timestamp": "0", "incident_id": "0", "latitude": "", "civilian_targeting": ""},
		{"year": "0", "time_precision": "0", "inter1": "0", "inter2": "0", "interaction": "0", "iso": "0", "region": "",
			"geo_precision": "0", "fatalities": "0", "disorder_type": "Strategic developments"},
	} {
		for k, v := range want {
			if rows[i][k] != v {
				t.Errorf("row %d: %s = %q, want %q", i, k, rows[i][k], v)
			}
		}
	}

	// No events: the header all the same, so that readers know the columns.
	buf.Reset()
	if err := NewCSVWriter(&buf).Close(); err != nil {
		t.Fatal(err)
	}
	if header, rows := readCSV(t, buf.Bytes()); !slices.Equal(header, CSVColumns) || len(rows) != 0 {
		t.Errorf("no events: header %q, %d rows", header, len(rows))
	}
}

func TestCountries(t *testing.T) {
	m, err := parseCountries(strings.NewReader(countriesFile), "countries.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(m) < 249 {
		t.Errorf("%d countries, want all of ISO 3166-1's 249", len(m))
	}
	regions := map[string]bool{}
	for _, c := range m {
		regions[c.region] = true
	}
	for _, r := range []string{"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa", "Middle East",
		"Caucasus and Central Asia", "South Asia", "Southeast Asia", "East Asia", "Europe", "North America", "Central America",
		"Caribbean", "South America", "Oceania", "Antarctica"} {
		if !regions[r] {
			t.Errorf("no country in region %q", r)
		}
		delete(regions, r)
	}
	if len(regions) > 0 {
		t.Errorf("regions ACLED does not have: %v", regions)
	}
	for code, want := range map[string]country{"UA": {804, "Europe"}, "AF": {4, "South Asia"}, "MX": {484, "Central America"}, "YE": {887, "Middle East"}} {
		if got := countryOf(code); got != want {
			t.Errorf("%s: %+v, want %+v", code, got, want)
		}
	}
	for _, bad := range []string{"SY\t760", "sy\t760\tMiddle East", "SY\tx\tMiddle East", "SY\t760\t", "SYR\t760\tMiddle East", "SY\t760\tA\nSY\t760\tA"} {
		if _, err := parseCountries(strings.NewReader("# c\n"+bad+"\n"), "f"); err == nil || !strings.HasPrefix(err.Error(), "f:") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func FuzzParseCountries(f *testing.F) {
	f.Add("SY\t760\tMiddle East\n")
	f.Add("# x\n\nXK\t0\tEurope\nKE\t404\tEastern Africa")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := parseCountries(strings.NewReader(s), "f")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f:") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for code, c := range m {
			if len(code) != 2 || c.region == "" || c.iso < 0 || c.iso > 999 {
				t.Fatalf("kept %q %+v", code, c)
			}
		}
	})
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
