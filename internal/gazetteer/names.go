package gazetteer

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// A names file (the embedded data/*.tsv, a user's places.tsv) adds places,
// aliases, demonyms and centres, one record a line, fields separated by tabs:
//
//	place	NAME	FEATURE	CC	ADMIN1	ADMIN2	LAT	LON	[POPULATION	[ALT,ALT…]]
//	alias	NAME	TARGET
//	demonym	NAME	TARGET
//	centre	TARGET	LAT	LON
//
// FEATURE is a GeoNames feature code (PPL, ADM1, CONT, RGN, SEA…; it sets
// the kind of place). TARGET is a GeoNames id, a country code (SY or SYR),
// an admin-1 (SY.12) or admin-2 (SY.12.1234) code, or the NAME of a place
// line. centre sets where an area's middle is drawn (its Lat, Lon stay its
// seat). Blank lines and lines starting with # are ignored.
type record struct {
	kind   string
	fields []string // after the kind
	where  string   // file:line
}

// maxLine bounds a names file line; a longer one is an error, not a hang.
const maxLine = 64 << 10

func parseNames(name string, r io.Reader) ([]record, error) {
	var recs []record
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), maxLine)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f := strings.Split(s, "\t")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		rec := record{kind: f[0], fields: f[1:], where: fmt.Sprintf("%s:%d", name, line)}
		want := map[string][2]int{"place": {7, 9}, "alias": {2, 2}, "demonym": {2, 2}, "centre": {3, 3}}
		n, ok := want[rec.kind]
		if !ok {
			return nil, fmt.Errorf("%s: unknown record %q (want place, alias, demonym or centre)", rec.where, rec.kind)
		}
		if len(rec.fields) < n[0] || len(rec.fields) > n[1] {
			return nil, fmt.Errorf("%s: %s wants %d to %d fields, has %d", rec.where, rec.kind, n[0], n[1], len(rec.fields))
		}
		if rec.fields[0] == "" {
			return nil, fmt.Errorf("%s: empty name", rec.where)
		}
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	return recs, nil
}

// placeOf reads a place record.
func placeOf(rec record) (Place, []Name, error) {
	f := rec.fields
	p := Place{Name: f[0], Feature: f[1], Country: strings.ToUpper(f[2]), Admin1: f[3], Admin2: f[4]}
	p.Kind = kindOfFeature(p.Feature)
	var err error
	if p.Lat, p.Lon, err = latLon(f[5], f[6]); err != nil {
		return p, nil, fmt.Errorf("%s: %w", rec.where, err)
	}
	p.CLat, p.CLon = p.Lat, p.Lon
	if len(f) > 7 && f[7] != "" {
		if p.Population, err = strconv.Atoi(f[7]); err != nil || p.Population < 0 {
			return p, nil, fmt.Errorf("%s: bad population %q", rec.where, f[7])
		}
	}
	if len(p.Country) != 0 && len(p.Country) != 2 {
		return p, nil, fmt.Errorf("%s: country %q is not an ISO 3166 alpha-2 code", rec.where, f[2])
	}
	names := []Name{{p.Name, ByName}}
	if len(f) > 8 {
		for _, a := range strings.Split(f[8], ",") {
			if a = strings.TrimSpace(a); a != "" {
				names = append(names, Name{a, ByAlt})
			}
		}
	}
	return p, names, nil
}

func latLon(lat, lon string) (float64, float64, error) {
	la, err1 := strconv.ParseFloat(lat, 64)
	lo, err2 := strconv.ParseFloat(lon, 64)
	if err1 != nil || err2 != nil || la < -90 || la > 90 || lo < -180 || lo > 180 {
		return 0, 0, fmt.Errorf("bad coordinates %q, %q", lat, lon)
	}
	return la, lo, nil
}

// kindOfFeature maps a GeoNames feature code to a kind of place.
func kindOfFeature(code string) Kind {
	switch {
	case strings.HasPrefix(code, "PPL") || code == "STLMT":
		return Populated
	case code == "ADM1" || code == "ADM1H":
		return Admin1
	case code == "ADM2" || code == "ADM2H":
		return Admin2
	case strings.HasPrefix(code, "ADM"):
		return Admin3
	case strings.HasPrefix(code, "PCL") || code == "TERR":
		return Country
	}
	switch code {
	case "CONT", "RGN", "RGNE", "RGNH", "AREA", "ZN", "SEA", "OCN", "GULF", "BAY", "STRT", "CHN", "LK", "LKS",
		"MTS", "DSRT", "PLN", "PLAT", "VAL", "PEN", "ISL", "ISLS", "STM", "BSNU", "VALS":
		return Region
	}
	return Site
}
