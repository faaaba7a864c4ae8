package gazetteer

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"
)

// GeoNames files read by Build, in its directory.
const (
	CitiesFile    = "cities500.txt"
	Admin1File    = "admin1CodesASCII.txt"
	Admin2File    = "admin2Codes.txt"
	CountriesFile = "countryInfo.txt"
)

// geoRow is a row of a GeoNames dump (cities500.txt, allCountries.txt, SY.txt).
type geoRow struct {
	id                int
	name, ascii, alts string
	lat, lon          float64
	class, code       string
	cc, a1, a2, a3    string
	pop               int
}

// parseRow reads one line of the standard 19-column GeoNames format.
func parseRow(line string) (geoRow, error) {
	var f [19]string
	n := 0
	for n < 18 {
		i := strings.IndexByte(line, '\t')
		if i < 0 {
			break
		}
		f[n], line = line[:i], line[i+1:]
		n++
	}
	f[n] = line
	if n != 18 {
		return geoRow{}, fmt.Errorf("%d columns, want 19", n+1)
	}
	r := geoRow{name: f[1], ascii: f[2], alts: f[3], class: f[6], code: f[7], cc: f[8], a1: f[10], a2: f[11], a3: f[12]}
	var err error
	if r.id, err = strconv.Atoi(f[0]); err != nil || r.id <= 0 {
		return r, fmt.Errorf("bad geonameid %q", f[0])
	}
	if r.lat, r.lon, err = latLon(f[4], f[5]); err != nil {
		return r, err
	}
	if f[14] != "" {
		if r.pop, err = strconv.Atoi(f[14]); err != nil || r.pop < 0 {
			return r, fmt.Errorf("bad population %q", f[14])
		}
	}
	if r.name == "" {
		return r, fmt.Errorf("no name")
	}
	return r, nil
}

// names returns the row's names worth indexing: its name and ASCII name,
// and the alternate names in Latin script (an English-language product has
// no use for the others).
func (r *geoRow) names(dst []Name) []Name {
	dst = append(dst, Name{r.name, ByName})
	if r.ascii != "" && r.ascii != r.name {
		dst = append(dst, Name{r.ascii, ByName})
	}
	return r.altNames(dst)
}

// altNames appends the row's useful alternate names.
func (r *geoRow) altNames(dst []Name) []Name {
	for alts := r.alts; alts != ""; {
		a := alts
		if i := strings.IndexByte(alts, ','); i >= 0 {
			a, alts = alts[:i], alts[i+1:]
		} else {
			alts = ""
		}
		if usefulAlt(a) {
			dst = append(dst, Name{a, ByAlt})
		}
	}
	return dst
}

// usefulAlt keeps Latin-script alternate names that look like names: not
// codes (IATA "DAM", postal codes), links or long descriptions.
func usefulAlt(a string) bool {
	if a == "" || len(a) > 60 || strings.Contains(a, "http") {
		return false
	}
	upper := 0
	for _, r := range a {
		switch {
		case r < 0x80:
			if '0' <= r && r <= '9' || r == '(' || r == '/' || r == ':' {
				return false
			}
			if 'A' <= r && r <= 'Z' {
				upper++
			}
		case unicode.Is(unicode.Latin, r), unicode.Is(unicode.Mn, r), r == '’', r == '‘', r == 'ʻ', r == 'ʼ', r == 'ʿ', r == 'ʾ', r == '–':
		default:
			return false
		}
	}
	return !(upper == len(a) && len(a) <= 4)
}

// genericSuffixes and genericPrefixes are the words GeoNames adds to admin names and news leaves
// out: "Rajshahi Division" is written "Rajshahi".
var genericSuffixes = []string{" division", " district", " province", " governorate", " county", " region", " state",
	" oblast", " prefecture", " department", " municipality", " area", " territory", " sub-county", " subcounty",
	" parish", " borough", " zila", " upazila", " woreda", " zone", " commune", " governorate of", " wilaya", " muhafazah"}
var genericPrefixes = []string{"municipio de ", "municipio del ", "provincia de ", "provincia di ", "departamento de ", "departamento del ",
	"distrito de ", "region of ", "province of ", "state of ", "district of ", "muhafazat ", "mohafazat ", "gouvernorat de ",
	"wilaya de ", "commune de ", "arrondissement de ", "canton de ", "shahrestan-e ", "ostan-e ", "city of ", "county of "}

// adminNames returns an admin region's names: as GeoNames spells it, and
// without the generic word.
func adminNames(dst []Name, names ...string) []Name {
	for _, n := range names {
		if n == "" {
			continue
		}
		dst = append(dst, Name{n, ByName})
		low := strings.ToLower(n)
		for _, s := range genericSuffixes {
			if strings.HasSuffix(low, s) && len(low) > len(s)+2 {
				dst = append(dst, Name{n[:len(n)-len(s)], ByVariant})
			}
		}
		for _, p := range genericPrefixes {
			if strings.HasPrefix(low, p) && len(low) > len(p)+2 {
				dst = append(dst, Name{n[len(p):], ByVariant})
			}
		}
	}
	return dst
}

// area accumulates the places inside a region, to place its seat and centre.
type area struct {
	seat     int // index into places of the best seat so far, -1 none
	seatRank int
	seatPop  int
	total    int     // population of the places inside
	wlat     float64 // population-weighted sums
	wlon     float64
	w        float64
	lats     []float32
	lons     []float32
}

func newArea() *area { return &area{seat: -1} }

func (a *area) add(i int, p *Place, rank int) {
	if rank > 0 && (rank > a.seatRank || rank == a.seatRank && p.Population > a.seatPop) {
		a.seat, a.seatRank, a.seatPop = i, rank, p.Population
	}
	a.total += p.Population
	w := float64(p.Population) + 100
	a.wlat += w * p.Lat
	a.wlon += w * p.Lon
	a.w += w
	a.lats = append(a.lats, float32(p.Lat))
	a.lons = append(a.lons, float32(p.Lon))
}

// seatByName returns the area of region p with, when no town has the
// rank of its seat, the town named like the region as its seat: a
// district is mostly named after its chief town (Natore, Bogra), which
// GeoNames does not always mark. The town may lie outside the region's
// codes when GeoNames codes it to no district or another (Syrian and
// Somali districts); it is taken then only if it is the only one of its
// name in the admin-1 region and, for a region with towns of its own,
// within 60 km of them. a may be nil (no town inside), and the result too.
func (a *area) seatByName(p *Place, names []Name, places []Place, towns map[string][]int) *area {
	if a != nil && a.seatRank > 0 {
		return a
	}
	best, outside := -1, false
	for _, n := range names {
		for _, i := range towns[p.Country+"."+p.Admin1+"."+Key(n.Text)] {
			t := &places[i]
			in := p.Kind == Admin1 || t.Admin2 == p.Admin2
			switch {
			case best < 0, in && outside, in == !outside && t.Population > places[best].Population:
				best, outside = i, !in
			}
		}
	}
	if best < 0 {
		return a
	}
	t := &places[best]
	if outside {
		if len(towns[p.Country+"."+p.Admin1+"."+Key(t.Name)]) > 1 {
			return a
		}
		if a != nil && a.w > 0 && Distance(a.wlat/a.w, a.wlon/a.w, t.Lat, t.Lon) > 60 {
			return a
		}
	}
	if a == nil {
		a = newArea()
	}
	if outside {
		a.add(best, t, 0)
	}
	a.seat, a.seatRank, a.seatPop = best, 1, t.Population
	return a
}

// locate sets p's seat (Lat, Lon) and centre (CLat, CLon).
func (a *area) locate(p *Place, places []Place) bool {
	if a.w == 0 {
		return false
	}
	if a.seat >= 0 {
		p.Lat, p.Lon = places[a.seat].Lat, places[a.seat].Lon
	} else {
		p.Lat, p.Lon = a.wlat/a.w, a.wlon/a.w
	}
	p.CLat, p.CLon = p.Lat, p.Lon
	if len(a.lats) >= 3 {
		// The middle of the box around its places, but for a few strays: a
		// centroid of villages leans to where people live, away from the
		// empty north of Ontario or west of Queensland.
		p.CLat, p.CLon = trimmedMid(a.lats), trimmedMid(a.lons)
		slices.Sort(a.lons)
		if a.lons[len(a.lons)-1]-a.lons[0] > 180 {
			// Across the antimeridian (Alaska, Fiji): measure it east of it.
			for i, x := range a.lons {
				if x < 0 {
					a.lons[i] = x + 360
				}
			}
			if p.CLon = trimmedMid(a.lons); p.CLon > 180 {
				p.CLon -= 360
			}
		}
	}
	return true
}

func trimmedMid(v []float32) float64 {
	slices.Sort(v)
	k := len(v) / 200
	return (float64(v[k]) + float64(v[len(v)-1-k])) / 2
}

// Build compiles GeoNames' cities500, admin and country tables in dir into
// a table and writes it to w, uncompressed (see DefaultFile).
func Build(ctx context.Context, dir string, w io.Writer) (int, error) {
	type admin struct {
		code, name, ascii string
		id                int
	}
	readAdmins := func(file string) ([]admin, error) {
		var out []admin
		err := eachLine(filepath.Join(dir, file), func(line string) error {
			f := strings.Split(line, "\t")
			if len(f) < 4 {
				return fmt.Errorf("%d columns, want 4", len(f))
			}
			id, err := strconv.Atoi(f[3])
			if err != nil {
				return fmt.Errorf("bad geonameid %q", f[3])
			}
			out = append(out, admin{f[0], f[1], f[2], id})
			return nil
		})
		return out, err
	}
	admins1, err := readAdmins(Admin1File)
	if err != nil {
		return 0, err
	}
	admins2, err := readAdmins(Admin2File)
	if err != nil {
		return 0, err
	}
	type country struct {
		iso2, iso3, name, capital string
		pop, id                   int
	}
	var countries []country
	err = eachLine(filepath.Join(dir, CountriesFile), func(line string) error {
		f := strings.Split(line, "\t")
		if len(f) < 17 {
			return fmt.Errorf("%d columns, want 17 or more", len(f))
		}
		pop, _ := strconv.Atoi(f[7])
		id, _ := strconv.Atoi(f[16])
		countries = append(countries, country{f[0], f[1], f[4], f[5], pop, id})
		return nil
	})
	if err != nil {
		return 0, err
	}

	var places []Place
	var names [][]Name
	areas := map[string]*area{}
	areaOf := func(code string) *area {
		a := areas[code]
		if a == nil {
			a = newArea()
			areas[code] = a
		}
		return a
	}
	err = eachLine(filepath.Join(dir, CitiesFile), func(line string) error {
		if len(places)%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		r, err := parseRow(line)
		if err != nil {
			return err
		}
		p := Place{ID: r.id, Name: r.name, Kind: Populated, Feature: r.code, Lat: r.lat, Lon: r.lon, CLat: r.lat, CLon: r.lon,
			Country: r.cc, Admin1: r.a1, Admin2: r.a2, Population: r.pop}
		if r.class != "P" {
			p.Kind = kindOfFeature(r.code)
		}
		i := len(places)
		places = append(places, p)
		names = append(names, r.names(nil))
		// Seats: a capital seats its country, a PPLA its admin-1, a PPLA2 its admin-2.
		rank := map[string][3]int{"PPLC": {3, 2, 1}, "PPLA": {0, 3, 2}, "PPLA2": {0, 0, 3}}[r.code]
		areaOf(r.cc).add(i, &p, rank[0])
		if r.a1 != "" {
			areaOf(r.cc+"."+r.a1).add(i, &p, rank[1])
			if r.a2 != "" {
				areaOf(r.cc+"."+r.a1+"."+r.a2).add(i, &p, rank[2])
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	nPopulated := len(places)
	// Towns by country, admin-1 code and key of name, for areas that have
	// no seat to be put at the town named like them.
	towns := map[string][]int{}
	for i := range places {
		if places[i].Kind != Populated {
			continue
		}
		p := &places[i]
		for j, n := range names[i] {
			if j > 1 || n.Quality != ByName {
				break // its own name and ASCII name only
			}
			k := p.Country + "." + p.Admin1 + "." + Key(n.Text)
			if l := towns[k]; len(l) == 0 || l[len(l)-1] != i {
				towns[k] = append(l, i)
			}
		}
	}
	// located remembers where areas were put, for the areas inside them
	// that have no place of their own to be put by.
	located := map[string]Place{}
	addArea := func(p Place, ns []Name) {
		code, parent := p.Country, ""
		switch p.Kind {
		case Admin1:
			code, parent = p.Country+"."+p.Admin1, p.Country
		case Admin2:
			code, parent = p.Country+"."+p.Admin1+"."+p.Admin2, p.Country+"."+p.Admin1
		}
		a := areas[code]
		if p.Kind == Admin1 || p.Kind == Admin2 {
			a = a.seatByName(&p, ns, places[:nPopulated], towns)
		}
		if a == nil || !a.locate(&p, places[:nPopulated]) {
			// No place inside: put it where the area holding it is, marked
			// approximate, so that its name and codes are still known.
			up, ok := located[parent]
			if !ok {
				up, ok = located[p.Country]
			}
			if !ok {
				return
			}
			p.Lat, p.Lon, p.CLat, p.CLon, p.Approx = up.Lat, up.Lon, up.CLat, up.CLon, true
		}
		if p.Population == 0 && a != nil {
			p.Population = a.total
		}
		located[code] = p
		places = append(places, p)
		names = append(names, ns)
	}
	for _, c := range countries {
		p := Place{ID: c.id, Name: c.name, Kind: Country, Feature: "PCLI", Country: c.iso2, ISO3: c.iso3, Population: c.pop}
		addArea(p, []Name{{c.name, ByName}})
	}
	for _, a := range admins1 {
		cc, a1, _ := strings.Cut(a.code, ".")
		addArea(Place{ID: a.id, Name: a.name, Kind: Admin1, Feature: "ADM1", Country: cc, Admin1: a1}, adminNames(nil, a.name, a.ascii))
	}
	for _, a := range admins2 {
		f := strings.SplitN(a.code, ".", 3)
		if len(f) != 3 {
			return 0, fmt.Errorf("%s: bad code %q", Admin2File, a.code)
		}
		addArea(Place{ID: a.id, Name: a.name, Kind: Admin2, Feature: "ADM2", Country: f[0], Admin1: f[1], Admin2: f[2]}, adminNames(nil, a.name, a.ascii))
	}

	// Sorted by id for ByID's binary search.
	order := make([]int, len(places))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return places[a].ID - places[b].ID })
	b := newBuilder()
	for _, i := range order {
		b.add(&places[i], names[i])
	}
	_, err = w.Write(b.finish().encode())
	return len(places), err
}

// writeCompressed writes tables as zstd frames, one a table, each
// recording its size so that loading allocates once.
func writeCompressed(w io.Writer, level zstd.EncoderLevel, tables ...*columns) error {
	zw, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(level), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return err
	}
	defer zw.Close()
	for _, t := range tables {
		if _, err := w.Write(zw.EncodeAll(t.encode(), nil)); err != nil {
			return err
		}
	}
	return nil
}

// eachLine calls fn for each line of a file that is not blank or a # comment,
// naming the file and line in errors.
func eachLine(path string, fn func(string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return eachLineOf(path, f, fn)
}

func eachLineOf(name string, r io.Reader, fn func(string) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	for n := 1; ; n++ {
		line, err := br.ReadString('\n')
		if len(line) > 0 {
			line = strings.TrimRight(line, "\r\n")
			if !utf8.ValidString(line) {
				return fmt.Errorf("%s:%d: invalid UTF-8", name, n)
			}
			if line != "" && line[0] != '#' {
				if err := fn(line); err != nil {
					return fmt.Errorf("%s:%d: %w", name, n, err)
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
}

// BuildFile is Build to the file out, written whole or not at all (through a
// temporary file renamed into place). It returns the places written.
func BuildFile(ctx context.Context, dir, out string) (int, error) {
	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp)
	w := bufio.NewWriterSize(f, 1<<20)
	n, err := Build(ctx, dir, w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	return n, os.Rename(tmp, out)
}
