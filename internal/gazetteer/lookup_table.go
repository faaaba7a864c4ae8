package gazetteer

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteLookup writes, as a table, the places each name may refer to, best
// first, with the feature, container and match quality that ranked them.
func (g *Gazetteer) WriteLookup(w io.Writer, names []string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tFEATURE\tCOUNTRY\tADMIN1\tLAT\tLON\tCENTRE\tPOPULATION\tGEONAMEID\tMATCH")
	for _, name := range names {
		for _, m := range g.Lookup(name) {
			p := g.Place(m.Ref)
			a1 := ""
			if _, r, _ := g.Within(m.Ref); r.Valid() {
				a1 = g.Place(r).Name
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.4f\t%.4f\t%.2f,%.2f\t%d\t%d\t%s\n", p.Name, p.Kind, p.Feature, p.Country, a1, p.Lat, p.Lon, p.CLat, p.CLon, p.Population, p.ID, m.Quality)
		}
	}
	return tw.Flush()
}
