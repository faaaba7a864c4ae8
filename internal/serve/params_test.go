package serve

import (
	"math"
	"net/url"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/store"
)

func TestParamsFilter(t *testing.T) {
	for _, tc := range []struct {
		query   string
		want    store.Filter
		bad     string // the parameter named by the error; "" for none
		wantBox *store.BBox
	}{
		{query: "", want: store.Filter{}},
		{query: "start=2024-02-29&end=2024-03-01", want: store.Filter{From: "2024-02-29", To: "2024-03-01"}},
		{query: "start=2023-02-29", bad: "start"},
		{query: "start=2024-03-02&end=2024-03-01", bad: "start"},
		{query: "end=2024-3-1", bad: "end"},
		{query: "type=riots&sub_type=mob+violence", want: store.Filter{EventType: "Riots", SubEventType: "Mob violence"}},
		{query: "type=Riots&sub_type=Grenade", bad: "sub_type"},
		{query: "sub_type=Grenades", bad: "sub_type"},
		{query: "claim_status=CLAIMED&incident_status=disputed", want: store.Filter{ClaimStatus: "claimed", IncidentStatus: "disputed"}},
		{query: "actor=+Rebel+Front+&country=Syria&outlet=X&q=shelling", want: store.Filter{Actor: "Rebel Front", Country: "Syria", Outlet: "X", Query: "shelling"}},
		{query: "bbox=35.5,%2033,37,36.25", wantBox: &store.BBox{MinLon: 35.5, MinLat: 33, MaxLon: 37, MaxLat: 36.25}},
		{query: "bbox=-180,-90,180,90", wantBox: &store.BBox{MinLon: -180, MinLat: -90, MaxLon: 180, MaxLat: 90}},
		{query: "bbox=170,0,-170,10", bad: "bbox"},
		{query: "bbox=0,10,1,5", bad: "bbox"},
		{query: "bbox=0,0,1,Inf", bad: "bbox"},
		{query: "bbox=0,0,181,1", bad: "bbox"},
		{query: "bbox=0|0|1|1", bad: "bbox"},
		{query: "admin1=Idlib+Governorate&min_fatalities=3", want: store.Filter{Admin1: "Idlib Governorate", MinFatalities: 3}},
		{query: "min_fatalities=0", want: store.Filter{}},
		{query: "min_fatalities=-1", bad: "min_fatalities"},
		{query: "min_fatalities=two", bad: "min_fatalities"},
		{query: "bogus=1&type=Nope", bad: "bogus"}, // the first by name
		{query: "q=a&q=b", bad: "q"},
	} {
		v, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		p := newParams(v, filterParams)
		got := p.filter()
		if tc.bad != "" {
			if pe, ok := p.err.(paramError); !ok || pe.name != tc.bad {
				t.Errorf("%q: error %v, want one naming %s", tc.query, p.err, tc.bad)
			}
			continue
		}
		if p.err != nil {
			t.Errorf("%q: %v", tc.query, p.err)
			continue
		}
		if tc.wantBox != nil {
			if got.BBox == nil || *got.BBox != *tc.wantBox {
				t.Errorf("%q: bbox %v, want %v", tc.query, got.BBox, *tc.wantBox)
			}
			got.BBox = nil
		}
		if got != tc.want {
			t.Errorf("%q: %+v, want %+v", tc.query, got, tc.want)
		}
	}
}

func TestParamsLimit(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  int
		bad   string // what the error says
	}{
		{"", 100, ""}, {"limit=1", 1, ""}, {"limit=1000", 1000, ""},
		{"limit=99999999999999999999", 100, "limit: at most 1000, not 99999999999999999999"},
		{"limit=5000", 100, "limit: at most 1000, not 5000"}, // refused, not cut
		{"limit=0", 100, "limit: want a whole number"}, {"limit=-3", 100, "limit: want a whole number"},
		{"limit=-99999999999999999999", 100, "limit: want a whole number"}, {"limit=1e3", 100, "limit: want a whole number"},
	} {
		v, _ := url.ParseQuery(tc.query)
		p := newParams(v, pageParams)
		got := p.limit("limit", 100, 1000)
		if got != tc.want || (p.err != nil) != (tc.bad != "") || p.err != nil && !strings.HasPrefix(p.err.Error(), tc.bad) {
			t.Errorf("%q: %d, %v; want %d, error %q", tc.query, got, p.err, tc.want, tc.bad)
		}
	}
}

// FuzzParams: whatever the query string, reading it never panics, and a
// filter read without error is one the store can take: real dates in
// order, a box inside the world with its corners in order.
func FuzzParams(f *testing.F) {
	for _, s := range []string{"", "start=2024-01-01&end=2024-02-01", "bbox=1,2,3,4", "type=Battles&sub_type=Armed+clash",
		"limit=10&cursor=abc", "q=%22x&claim_status=disputed", "bbox=1e308,-1e308,0,0", "start=0000-00-00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p := newParams(v, filterParams, pageParams)
		flt := p.filter()
		limit := p.limit("limit", store.DefaultLimit, store.MaxLimit)
		if p.err != nil {
			if _, ok := p.err.(paramError); !ok {
				t.Fatalf("error of another kind: %v", p.err)
			}
			return
		}
		if limit < 1 || limit > store.MaxLimit {
			t.Fatalf("limit %d", limit)
		}
		for _, d := range []string{flt.From, flt.To} {
			if _, ok := fuse.Day(d); d != "" && (!ok || len(d) != 10) {
				t.Fatalf("date %q taken", d)
			}
		}
		if flt.From != "" && flt.To != "" && flt.From > flt.To {
			t.Fatalf("start %s after end %s", flt.From, flt.To)
		}
		if b := flt.BBox; b != nil {
			for _, x := range []float64{b.MinLat, b.MaxLat, b.MinLon, b.MaxLon} {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("box %+v", *b)
				}
			}
			if b.MinLat > b.MaxLat || b.MinLon > b.MaxLon || b.MinLat < -90 || b.MaxLat > 90 || b.MinLon < -180 || b.MaxLon > 180 {
				t.Fatalf("box %+v", *b)
			}
		}
	})
}

// FuzzPieces: cutting any text at any marks loses and adds nothing.
func FuzzPieces(f *testing.F) {
	f.Add("Shelling hit Kafr Nūrān on Monday.", 0, 8, 13, 23)
	f.Add("", -1, 5, 3, 2)
	f.Fuzz(func(t *testing.T, text string, a, b, c, d int) {
		ms := []mark{{a, b, "e1", "evidence"}, {c, d, "e2", "location"}}
		ps := pieces(text, ms, "e1")
		got := ""
		for _, p := range ps {
			got += p.Text
		}
		if want := string([]rune(text)); got != want {
			t.Fatalf("pieces join to %q, want %q", got, want)
		}
	})
}
