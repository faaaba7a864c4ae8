package evaluate

import (
	"testing"

	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/geoparse"
)

func TestEvalFinds(t *testing.T) {
	g := gazetteer.Default()
	p, err := geoparse.New(g, geoparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := "Syrian forces shelled Syria's Idlib province and the town of Saraqib."
	geo := geoparsingFind(g, p)("d", in)
	for _, pp := range geo {
		if pp.Name == "Syrian" {
			t.Errorf("geoparsing output holds a demonym")
		}
	}
	ac := acledPlacesFind(g, p)("d", in)
	if len(ac) < 2 || ac[0].Name == "Syria" || ac[len(ac)-1].Name != "Syria" {
		t.Errorf("ACLED order %v: the country should come last", ac)
	}
}
