package serve

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/gazetteer"
)

var update = flag.Bool("update", false, "rewrite web/data/cities.tsv from web/data/cities.txt and the gazetteer")

// TestCities holds web/data/cities.tsv, the large cities the basemap
// labels, to the embedded GeoNames gazetteer: each name in cities.txt is
// the most populous populated place of that name in its country. With
// -update it rewrites the file.
func TestCities(t *testing.T) {
	dir := filepath.Join("..", "..", "web", "data")
	list, err := os.ReadFile(filepath.Join(dir, "cities.txt"))
	if err != nil {
		t.Fatal(err)
	}
	g := gazetteer.Default()
	var b bytes.Buffer
	b.WriteString("# name\tcountry\tlatitude\tlongitude\tpopulation: written by `go test ./internal/serve -run TestCities -update`\n")
	b.WriteString("# from cities.txt and the embedded GeoNames gazetteer (CC BY 4.0); do not edit by hand\n")
	sc := bufio.NewScanner(bytes.NewReader(list))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, cc, ok := strings.Cut(line, "\t")
		if !ok || len(cc) != 2 {
			t.Errorf("cities.txt:%d: want a name, a tab and a country code, not %q", n, line)
			continue
		}
		var best gazetteer.Place
		for _, m := range g.Lookup(name) {
			if p := g.Place(m.Ref); p.Kind == gazetteer.Populated && p.Country == cc && p.Population > best.Population {
				best = p
			}
		}
		if best.Population < 100000 {
			t.Errorf("cities.txt:%d: no city %s in %s with 100,000 people or more in the gazetteer", n, name, cc)
			continue
		}
		fmt.Fprintf(&b, "%s\t%s\t%.4f\t%.4f\t%d\n", name, cc, best.Lat, best.Lon, best.Population)
	}
	path := filepath.Join(dir, "cities.tsv")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(have, b.Bytes()) {
		t.Errorf("%s is not what cities.txt and the gazetteer give (%v): run go test ./internal/serve -run TestCities -update, then rebuild the assets", path, err)
	}
}
