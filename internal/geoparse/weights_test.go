package geoparse

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/text"
)

func TestWeightsDefault(t *testing.T) {
	w, err := loadWeights("")
	if err != nil {
		t.Fatal(err)
	}
	// A few of the defaults, as resolution was tuned with them.
	for name, c := range map[string][2]float64{
		"population-log": {w.PopulationLog, 0.45}, "region": {w.Region, 4.5}, "by-skeleton": {w.BySkeleton, -3},
		"in-container": {w.InContainer, 3}, "other-country": {w.OtherCountry, -0.8}, "near3-km": {w.Near3Km, 300},
	} {
		if c[0] != c[1] {
			t.Errorf("%s = %v, want %v", name, c[0], c[1])
		}
	}
}

// The user's geoparse-weights.txt overrides the weights it names, and the
// scores follow.
func TestUserWeights(t *testing.T) {
	const in = "Protesters gathered in Paris."
	country := func(p *Parser) string {
		for _, m := range p.Parse(text.Analyze(in)) {
			if m.Text == "Paris" && m.Resolved {
				return p.g.CountryOf(m.Ref)
			}
		}
		return ""
	}
	p, err := New(gazetteer.Default(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := country(p); c != "FR" {
		t.Fatalf("default weights: Paris in %q, want FR", c)
	}
	dir := t.TempDir()
	// No weight for population or for being a capital: the bare name is
	// any of the Parises.
	os.WriteFile(filepath.Join(dir, WeightsFile), []byte("[prior]\npopulation-log = 0 # mine\ncapital = -5\n"), 0o644)
	if p, err = New(gazetteer.Default(), Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if p.w.PopulationLog != 0 || p.w.Capital != -5 || p.w.Country != 2.2 {
		t.Fatalf("weights %+v: want the two overridden and the rest default", p.w)
	}
	if c := country(p); c == "FR" {
		t.Errorf("with the capital's weight at -5, Paris is still the capital")
	}
	for _, bad := range []string{"[prior]\ncapitol = 1\n", "capital = 1\n", "[priors]\n", "[prior]\ncapital = high\n", "[prior]\ncapital 1\n"} {
		os.WriteFile(filepath.Join(dir, WeightsFile), []byte(bad), 0o644)
		if _, err := New(gazetteer.Default(), Options{Dir: dir}); err == nil || !strings.Contains(err.Error(), WeightsFile+":") {
			t.Errorf("%q: error %v, want one naming the file and line", bad, err)
		}
	}
}

func TestWeightsAllSet(t *testing.T) {
	w := &Weights{}
	set := map[*float64]bool{}
	if err := readWeights("t.txt", "[score]\nnear1 = 2\n", w.fields(), set); err != nil {
		t.Fatal(err)
	}
	if len(set) != 1 || w.Near1 != 2 {
		t.Fatalf("set %d weights, near1 %v", len(set), w.Near1)
	}
	n := 0
	for _, fs := range w.fields() {
		n += len(fs)
	}
	if want := reflect.TypeOf(Weights{}).NumField(); n != want {
		t.Errorf("%d weights named, want all %d fields of Weights", n, want)
	}
}

func FuzzWeights(f *testing.F) {
	f.Add("[prior]\ncapital = 1.5\n# c\n[score]\nnear1=2")
	f.Add("[x]\n=\n[prior]\ncapital = NaN\n")
	f.Fuzz(func(t *testing.T, in string) {
		w := &Weights{}
		if err := readWeights("f.txt", in, w.fields(), map[*float64]bool{}); err != nil && !strings.Contains(err.Error(), "f.txt:") {
			t.Fatalf("error %q names no line", err)
		}
	})
}
