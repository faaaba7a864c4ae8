package gazetteer

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestKey(t *testing.T) {
	for _, c := range []struct{ in, key, stripped string }{
		{"Ma’arrat al-Nu‘man", "maarrat al numan", "maarrat numan"},
		{"Ma'arat al-Numan", "maarat al numan", "maarat numan"},
		{"Al-Raqqah", "al raqqah", "raqqah"},
		{"Ar-Raqqah", "ar raqqah", "raqqah"},
		{"Al Bab", "al bab", "bab"},
		{"Deir ez-Zor", "deir ez zor", "deir zor"},
		{"as-Suwayda", "as suwayda", "suwayda"},
		{"As Suwayda", "as suwayda", "suwayda"}, // assimilated: the article's s is the name's
		{"Ad Dīwānīyah", "ad diwaniyah", "diwaniyah"},
		{"As Long", "as long", "as long"}, // "as" without a hyphen is English too
		{"An Najaf", "an najaf", "najaf"},
		{"At Home", "at home", "at home"},
		{"U.S.", "us", "us"},
		{"St. Louis", "st louis", "st louis"},
		{"Sar-e Pol", "sar e pol", "sar e pol"},
		{"SAN ANTONIO", "san antonio", "san antonio"},
		{"Tharaka - Nithi", "tharaka nithi", "tharaka nithi"},
		{"Al", "al", "al"}, // an article alone is kept
		{"", "", ""},
	} {
		if got := Key(c.in); got != c.key {
			t.Errorf("Key(%q) = %q, want %q", c.in, got, c.key)
		}
		if got := Stripped(c.in); got != c.stripped {
			t.Errorf("Stripped(%q) = %q, want %q", c.in, got, c.stripped)
		}
	}
}

func TestSkeleton(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"Sarāqib", "Saraqeb", true},
		{"Idlib", "Idleb", true},
		{"Rafiqiyah", "Rafiqiyeh", true},
		{"Jowzjan", "Jawzjan", true},
		{"Tarin Kot", "Tarinkot", true},
		{"Oruzgan", "Uruzgan", true},
		{"Vardak", "Wardak", true},
		{"Khowst", "Khost", true},
		{"al-Bab", "Bab", true},
		{"Idlib", "Aleppo", false},
		{"Saraqib", "Sarmada", false},
	} {
		if got := Skeleton(c.a) == Skeleton(c.b); got != c.same {
			t.Errorf("Skeleton(%q)=%q, Skeleton(%q)=%q: same %v, want %v", c.a, Skeleton(c.a), c.b, Skeleton(c.b), got, c.same)
		}
	}
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"Ma’arrat al-Nu‘man", "U.S.", "al-", "-al-x", "\xff\xfe", "ÅÉÎ ß"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if Key(k) != k {
			t.Fatalf("Key not idempotent: %q -> %q -> %q", s, k, Key(k))
		}
		if strings.HasPrefix(k, " ") || strings.HasSuffix(k, " ") || strings.Contains(k, "  ") {
			t.Fatalf("Key(%q) = %q has stray spaces", s, k)
		}
		if st := Stripped(s); len(st) > len(k) {
			t.Fatalf("Stripped(%q) = %q longer than Key %q", s, st, k)
		}
		AppendSkeleton(nil, []byte(k))
	})
}

// testTables builds the tables of a few places through the same path as Build.
func testTables(t testing.TB) []*table {
	t.Helper()
	var buf bytes.Buffer
	if _, err := Build(context.Background(), "testdata/geonames", &buf); err != nil {
		t.Fatal(err)
	}
	ts, err := decodeTables(buf.String(), true)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// testGazetteer assembles the test tables with a few hand-written entries.
func testGazetteer(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := assemble(testTables(t), []namedReader{{"test.tsv", strings.NewReader(
		"alias\tDRK\tKE\ndemonym\tKenyan\tKE\ncentre\tKE\t1.0\t38.0\nplace\tSwahili Coast\tRGN\t\t\t\t-4\t39.7\t0\tthe Swahili coast\n")}})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestBuild(t *testing.T) {
	g := testGazetteer(t)
	ref := func(name string, kind Kind) Ref {
		t.Helper()
		for _, m := range g.Lookup(name) {
			if g.Kind(m.Ref) == kind {
				return m.Ref
			}
		}
		t.Fatalf("no %v called %q", kind, name)
		return 0
	}
	find := func(name string, kind Kind) Place { return g.Place(ref(name, kind)) }
	// Seats: a country at its capital, an admin-1 at its PPLA, an admin-2 at its PPLA2.
	if p := find("Kenya", Country); p.Lat != float64(float32(-1.2833)) || p.ISO3 != "KEN" || p.CLat != 1 {
		t.Errorf("Kenya = %+v, want seat at Nairobi, ISO3 KEN, centre from countries data", p)
	}
	if p := find("Kilifi", Admin1); p.Lat != float64(float32(-3.6305)) || p.Population == 0 {
		t.Errorf("Kilifi county = %+v, want seat at Kilifi town and a population", p)
	}
	if p := find("Malindi", Admin2); p.Lat != float64(float32(-3.2192)) || p.Approx {
		t.Errorf("Malindi District = %+v, want seat at Malindi, by the name without 'District'", p)
	}
	// An admin area with no place inside is kept where its parent is, marked approximate.
	if p := find("Magarini", Admin2); !p.Approx || p.Lat != find("Kilifi", Admin1).Lat {
		t.Errorf("Magarini = %+v, want approximate, at Kilifi county's seat", p)
	}
	// A district with no seat of its own is put at the town named like it,
	// though GeoNames codes the town to no district.
	if p, town := find("Saraqib", Admin2), find("Saraqib", Populated); p.Approx || p.Lat != town.Lat || p.Lon != town.Lon {
		t.Errorf("Saraqib District = %+v, want it at Saraqib town %v,%v", p, town.Lat, town.Lon)
	}
	// Alternate names in Latin script only; codes (DAM) dropped.
	if ms := g.Lookup("Saraqeb"); len(ms) != 1 || ms[0].Quality != ByAlt {
		t.Errorf("Saraqeb: %v, want one alternate-name match", ms)
	}
	if ms := g.Lookup("سراقب"); len(ms) != 0 {
		t.Errorf("Arabic-script name indexed: %v", ms)
	}
	if ms := g.Lookup("DAM"); len(ms) != 0 {
		t.Errorf("airport code indexed: %v", ms)
	}
	// Articles are optional.
	if ms := g.Lookup("al-Raqqah"); len(ms) == 0 {
		t.Errorf("al-Raqqah not found")
	}
	// Names files: aliases, demonyms (and their plurals), regions, centres.
	if ms := g.Lookup("Kenyans"); len(ms) != 1 || ms[0].Quality != ByDemonym || g.Place(ms[0].Ref).Country != "KE" {
		t.Errorf("Kenyans: %v", ms)
	}
	if ms := g.Lookup("the Swahili coast"); len(ms) != 1 || g.Place(ms[0].Ref).Kind != Region {
		t.Errorf("Swahili coast: %v", ms)
	}
	// Codes and containment.
	ke, ok := g.Country("KEN")
	if !ok || g.Place(ke).Name != "Kenya" {
		t.Fatalf("Country(KEN) = %v %v", ke, ok)
	}
	w := g.Lookup("Watamu")[0].Ref
	c, a1, a2 := g.Within(w)
	if c != ke || g.Place(a1).Name != "Kilifi" || g.Place(a2).Name != "Malindi District" {
		t.Errorf("Within(Watamu) = %v %v %v", g.Place(c).Name, g.Place(a1).Name, g.Place(a2).Name)
	}
	if !g.Contains(a1, w) || g.Contains(a2, ref("Kilifi", Populated)) {
		t.Errorf("Contains wrong")
	}
	if r, km, ok := g.Nearest(-3.36, 40.02, 50); !ok || g.Place(r).Name != "Watamu" || km > 2 {
		t.Errorf("Nearest = %v %.1f %v", g.Place(r).Name, km, ok)
	}
	if _, _, ok := g.Nearest(60, 0, 50); ok {
		t.Errorf("Nearest found a place in the North Sea")
	}
	if r, ok := g.ByID(900004); !ok || g.Place(r).Name != "Watamu" {
		t.Errorf("ByID(900004) = %v %v", r, ok)
	}
}

func TestFindPrefix(t *testing.T) {
	g := testGazetteer(t)
	ms, prefix := g.Find(nil, "ar")
	if len(ms) != 0 || !prefix {
		t.Errorf("Find(ar) = %v %v, want no match and a prefix (ar raqqah)", ms, prefix)
	}
	ms, prefix = g.Find(nil, "ar raqqah")
	if len(ms) == 0 || prefix {
		t.Errorf("Find(ar raqqah) = %v %v, want a match and no longer key", ms, prefix)
	}
	if ms, _ := g.Find(nil, "zzz"); len(ms) != 0 {
		t.Errorf("Find(zzz) = %v", ms)
	}
	if ms := g.FindSkeleton(nil, Skeleton("Saraqeeb")); len(ms) != 2 { // the town and its district
		t.Errorf("FindSkeleton(Saraqeeb) = %v", ms)
	}
}

func TestDefault(t *testing.T) {
	g := Default()
	if g.Len() < 200000 {
		t.Fatalf("default gazetteer has %d places", g.Len())
	}
	for _, c := range []struct {
		name    string
		kind    Kind
		country string
	}{
		{"Aleppo", Populated, "SY"},
		{"Idlib", Admin1, "SY"},
		{"Georgia", Country, "GE"},
		{"Georgia", Admin1, "US"},
		{"U.S.", Country, "US"},
		{"DRC", Country, "CD"},
		{"the Gambia", Country, "GM"},
		{"Syrian", Country, "SY"},
		{"Afghans", Country, "AF"},
		{"Europe", Region, ""},
		{"Sahel", Region, ""},
		{"Kilifi", Admin1, "KE"},
		{"Rajshahi", Admin1, "BD"}, // Rajshahi Division
		{"Raqqa", Populated, "SY"},
		{"Calif.", Admin1, "US"},
	} {
		found := false
		for _, m := range g.Lookup(c.name) {
			p := g.Place(m.Ref)
			if p.Kind == c.kind && p.Country == c.country {
				found = true
			}
		}
		if !found {
			t.Errorf("no %v in %q called %q", c.kind, c.country, c.name)
		}
	}
	if r, ok := g.Admin1("SY", "12"); !ok || g.Place(r).Name != "Idlib" {
		t.Errorf("Admin1(SY, 12) = %v", g.Place(r).Name)
	}
	us, _ := g.Country("US")
	if p := g.Place(us); p.CLon > -95 || p.CLon < -102 {
		t.Errorf("US centre %v,%v not in the middle of the country", p.CLat, p.CLon)
	}
}
