// Package gazetteer knows the world's places by name: populated places,
// admin-1 and admin-2 regions, countries, and continents, seas and
// well-known regions, with the demonyms that point at them.
//
// The embedded default is compiled by `sitrep gazetteer build` from GeoNames
// (https://www.geonames.org, cities500 and its admin and country tables),
// licensed under CC BY 4.0; continents, regions, country short forms and
// demonyms are hand-written in data/*.tsv. A user may add a GeoNames dump
// for village coverage (`sitrep gazetteer import`) and a places.tsv of their
// own; Load puts both on top of the default.
//
// A Gazetteer is immutable and safe for concurrent use.
package gazetteer

import (
	"fmt"
	"math"
	"strings"
	"sync"
)

// Kind is what sort of place a place is.
type Kind uint8

const (
	Populated Kind = iota + 1 // city, town, village
	Admin1                    // first-order region: province, state, governorate, county in Kenya
	Admin2                    // second-order region: district, county in the US
	Admin3                    // smaller admin areas, from imports: upazilas, sub-districts
	Country
	Region // continent, sea, well-known region: Europe, the Sahel, Kashmir
	Site   // camps and other features, from imports
)

var kindNames = [...]string{"", "populated place", "admin1", "admin2", "admin3", "country", "region", "site"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// IsArea tells whether places of kind k are areas located by a seat.
func (k Kind) IsArea() bool { return k >= Admin1 && k <= Region }

// Quality says how a name matched a place, best first.
type Quality uint8

const (
	ByName     Quality = iota // the place's own name
	ByAlt                     // one of its alternate names
	ByAlias                   // a hand-written other name or short form: Britain, DRC
	ByAbbrev                  // a hand-written abbreviation with dots, to be written with them: U.S., Ga., Calif.
	ByVariant                 // an article or a generic word dropped: Raqqa for Ar-Raqqah, Rajshahi for Rajshahi Division
	ByDemonym                 // an adjective or demonym: Syrian
	BySkeleton                // a transliteration skeleton only: low confidence
)

var qualityNames = [...]string{"name", "alternate", "alias", "abbreviation", "variant", "demonym", "skeleton"}

func (q Quality) String() string {
	if int(q) < len(qualityNames) {
		return qualityNames[q]
	}
	return fmt.Sprintf("quality(%d)", q)
}

// Name is one name of a place and how good a name it is.
type Name struct {
	Text    string
	Quality Quality
}

// Place is one place. Strings share the gazetteer's memory.
type Place struct {
	ID      int // GeoNames id; 0 for hand-written places
	Name    string
	Kind    Kind
	Feature string // GeoNames feature code: PPLC, PPLA, PPL, ADM1, ADM2, PCLI, CONT, RGN...
	// Lat, Lon is where an event there is coded: the place itself, or for
	// an area its seat (capital), as ACLED codes a province-level event at
	// the provincial capital.
	Lat, Lon float64
	// CLat, CLon is the area's centre, for maps and for scoring against
	// gazetteers that locate areas by centroid; the place itself for a point.
	CLat, CLon float64
	Country    string // ISO 3166-1 alpha-2; "" for regions spanning countries
	Admin1     string // GeoNames admin-1 code within the country: "12", "CA", "ENG"
	Admin2     string // GeoNames admin-2 code within admin-1
	ISO3       string // countries only
	Population int
	// Approx tells that the gazetteer knows no place inside this area, so
	// its coordinates are those of the area holding it.
	Approx bool
}

// Ref names a place of a Gazetteer; the zero Ref names none.
type Ref int32

const layerShift = 26

// Valid tells whether r names a place.
func (r Ref) Valid() bool { return r > 0 }

func makeRef(layer, i int) Ref { return Ref((layer+1)<<layerShift | i) }

func (r Ref) split() (layer, i int) {
	return int(r>>layerShift) - 1, int(r & (1<<layerShift - 1))
}

// Match is a place a name may refer to.
type Match struct {
	Ref     Ref
	Quality Quality
}

// Gazetteer is a set of places indexed by name.
type Gazetteer struct {
	layers    []*table
	aliases   map[string][]Match // hand-written and user aliases and demonyms, by key
	prefixes  map[string]bool    // keys that begin longer alias keys, for Find's prefix answer
	centres   map[Ref][2]float64 // hand-written centres overriding computed ones
	countries map[string]Ref     // by ISO2 and ISO3
	imported  bool               // user tables may repeat default places

	codesOnce sync.Once
	codes     map[code]Ref // admin-1 and admin-2 regions by code, built on first need

	nearOnce sync.Once
	near     *grid
}

// Len returns the number of places.
func (g *Gazetteer) Len() int {
	n := 0
	for _, t := range g.layers {
		n += t.size()
	}
	return n
}

// Place returns the place r names. It does not allocate.
func (g *Gazetteer) Place(r Ref) Place {
	l, i := r.split()
	t := g.layers[l]
	k := t.kindAt(i)
	p := Place{
		ID:         int(t.ids.at(i)),
		Name:       t.names.get(i),
		Kind:       k &^ approxBit,
		Approx:     k&approxBit != 0,
		Feature:    t.feats[t.feat[i]],
		Lat:        float64(t.lat.f32(i)),
		Lon:        float64(t.lon.f32(i)),
		CLat:       float64(t.clat.f32(i)),
		CLon:       float64(t.clon.f32(i)),
		Country:    t.country(i),
		Admin1:     t.admin1(i),
		Admin2:     t.admin2(i),
		Population: int(t.pop.at(i)),
	}
	if p.Kind == Country {
		p.ISO3, p.Admin2 = p.Admin2, ""
	}
	if p.Kind.IsArea() {
		if c, ok := g.centres[r]; ok {
			p.CLat, p.CLon = c[0], c[1]
		}
	}
	return p
}

// Brief returns the fields of Place(r) that weighing a name's places
// reads, cheaply: Kind, Approx, Feature, Lat, Lon, Country and Population;
// the others are zero. It reads fewer of the file's columns than Place,
// for the many namesakes a name has.
func (g *Gazetteer) Brief(r Ref) Place {
	l, i := r.split()
	t := g.layers[l]
	k := t.kindAt(i)
	return Place{
		Kind:       k &^ approxBit,
		Approx:     k&approxBit != 0,
		Feature:    t.feats[t.feat[i]],
		Lat:        float64(t.lat.f32(i)),
		Lon:        float64(t.lon.f32(i)),
		Country:    t.country(i),
		Population: int(t.pop.at(i)),
	}
}

// approxBit marks, in a table's kind column, a place located only by the area holding it.
const approxBit Kind = 0x80

// Kind returns the kind of r, cheaply.
func (g *Gazetteer) Kind(r Ref) Kind {
	l, i := r.split()
	return g.layers[l].kindAt(i) &^ approxBit
}

// Population returns the population of r, cheaply.
func (g *Gazetteer) Population(r Ref) int {
	l, i := r.split()
	return int(g.layers[l].pop.at(i))
}

// CountryOf returns the ISO2 code of r's country, cheaply.
func (g *Gazetteer) CountryOf(r Ref) string {
	l, i := r.split()
	return g.layers[l].country(i)
}

// Find appends to dst the places whose key (see AppendKey) is key, and
// tells whether longer keys begin with key and a space, so that a caller
// matching word by word knows when to stop. It does not allocate unless dst
// must grow.
func (g *Gazetteer) Find(dst []Match, key string) ([]Match, bool) {
	prefix := false
	start := len(dst)
	for l, t := range g.layers {
		post, p := t.find(key)
		prefix = prefix || p
		for k := range post.len() {
			x := post.at(k)
			dst = append(dst, Match{makeRef(l, int(x>>4)), Quality(x & 15)})
		}
	}
	if ms, ok := g.aliases[key]; ok {
		dst = append(dst, ms...)
	}
	if g.imported {
		dst = g.dropReplaced(dst, start)
	}
	return dst, prefix || g.prefixes[key]
}

// dropReplaced drops matches of dst[start:] whose GeoNames id a later layer
// also has: an imported dump replaces the default's copy of a place.
func (g *Gazetteer) dropReplaced(dst []Match, start int) []Match {
	out := dst[:start]
	for i, m := range dst[start:] {
		id := g.id(m.Ref)
		replaced := false
		for _, o := range dst[start+i+1:] {
			if id != 0 && o.Ref > m.Ref && g.id(o.Ref) == id {
				replaced = true
				break
			}
		}
		if !replaced {
			out = append(out, m)
		}
	}
	return out
}

func (g *Gazetteer) id(r Ref) uint32 {
	l, i := r.split()
	return g.layers[l].ids.at(i)
}

// FindSkeleton appends to dst the places whose names have the skeleton
// skel (see AppendSkeleton). Such matches are guesses.
func (g *Gazetteer) FindSkeleton(dst []Match, skel string) []Match {
	if len(skel) < minSkeleton {
		return dst
	}
	for l, t := range g.layers {
		post, _ := t.skel.find(skel)
		for k := range post.len() {
			x := post.at(k)
			dst = append(dst, Match{makeRef(l, int(x>>4)), Quality(x & 15)})
		}
	}
	return dst
}

// Lookup returns the places called name, by key and by key without
// articles, each place once with its best quality. It is for callers off
// the hot path; a geoparser uses Find.
func (g *Gazetteer) Lookup(name string) []Match {
	ms, _ := g.Find(nil, Key(name))
	if s := Stripped(name); s != Key(name) {
		n := len(ms)
		ms, _ = g.Find(ms, s)
		for i := n; i < len(ms); i++ {
			ms[i].Quality = max(ms[i].Quality, ByVariant)
		}
	}
	return dedupe(ms)
}

// dedupe keeps the first best match of each place, in order.
func dedupe(ms []Match) []Match {
	out := ms[:0]
next:
	for _, m := range ms {
		for j := range out {
			if out[j].Ref == m.Ref {
				out[j].Quality = min(out[j].Quality, m.Quality)
				continue next
			}
		}
		out = append(out, m)
	}
	return out
}

// code names a country or admin region: country alone, with admin-1, or with both.
type code struct{ cc, a1, a2 string }

// Country returns the country with ISO 3166-1 code (alpha-2 or alpha-3).
func (g *Gazetteer) Country(iso string) (Ref, bool) {
	r, ok := g.countries[strings.ToUpper(iso)]
	return r, ok
}

// Admin1 returns the admin-1 region of a country by its GeoNames code.
// The first call indexes the codes (a few milliseconds).
func (g *Gazetteer) Admin1(country, admin1 string) (Ref, bool) {
	if admin1 == "" {
		return 0, false
	}
	r, ok := g.adminCodes()[code{country, admin1, ""}]
	return r, ok
}

// Admin2 returns the admin-2 region by its GeoNames codes.
func (g *Gazetteer) Admin2(country, admin1, admin2 string) (Ref, bool) {
	if admin1 == "" || admin2 == "" {
		return 0, false
	}
	r, ok := g.adminCodes()[code{country, admin1, admin2}]
	return r, ok
}

func (g *Gazetteer) adminCodes() map[code]Ref {
	g.codesOnce.Do(func() { g.codes = codesOf(g.layers) })
	return g.codes
}

// Within returns the country, admin-1 and admin-2 regions that r lies in,
// each the zero Ref when unknown (or when r is that level or above).
func (g *Gazetteer) Within(r Ref) (country, admin1, admin2 Ref) {
	l, i := r.split()
	t := g.layers[l]
	k := t.kindAt(i) &^ approxBit
	if k == Region {
		return 0, 0, 0
	}
	if k != Country {
		country = g.countries[t.country(i)]
	}
	if k == Country || k == Admin1 {
		return country, 0, 0
	}
	admin1, admin2 = g.parent(l, t.par1.at(i)), g.parent(l, t.par2.at(i))
	if g.imported && (!admin1.Valid() || !admin2.Valid() && k != Admin2) {
		// A user table may hold a place whose regions are in another table.
		cc, a1, a2 := t.country(i), t.admin1(i), t.admin2(i)
		if !admin1.Valid() && a1 != "" {
			admin1 = g.adminCodes()[code{cc, a1, ""}]
		}
		if !admin2.Valid() && k != Admin2 && a1 != "" && a2 != "" {
			admin2 = g.adminCodes()[code{cc, a1, a2}]
		}
	}
	return country, admin1, admin2
}

func (g *Gazetteer) parent(layer int, p uint32) Ref {
	if p == 0 {
		return 0
	}
	return makeRef(layer, int(p-1))
}

// Admin1Of returns the admin-1 region r lies in, or r itself if it is one,
// or the zero Ref. It is Within's cheaper half for callers that need only it.
func (g *Gazetteer) Admin1Of(r Ref) Ref {
	l, i := r.split()
	switch g.layers[l].kindAt(i) &^ approxBit {
	case Admin1:
		return r
	case Country, Region:
		return 0
	}
	_, a1, _ := g.Within(r)
	return a1
}

// Contains tells whether the area a contains place r by their codes (a
// country, admin-1 or admin-2 region holding it; a place contains itself).
// It compares codes and does not allocate.
func (g *Gazetteer) Contains(a, r Ref) bool {
	if a == r {
		return true
	}
	la, ia := a.split()
	lr, ir := r.split()
	ta, tr := g.layers[la], g.layers[lr]
	ka, kr := ta.kindAt(ia)&^approxBit, tr.kindAt(ir)&^approxBit
	if rankOf(kr) >= rankOf(ka) || ta.cc[2*ia] != tr.cc[2*ir] || ta.cc[2*ia+1] != tr.cc[2*ir+1] {
		return false
	}
	switch ka {
	case Country:
		return true
	case Admin1:
		return ta.admin1(ia) == tr.admin1(ir)
	case Admin2:
		return ta.admin1(ia) == tr.admin1(ir) && ta.admin2(ia) == tr.admin2(ir)
	}
	return false
}

// rankOf orders kinds of place by extent, for containment.
func rankOf(k Kind) int {
	switch k {
	case Admin3:
		return 2
	case Admin2:
		return 3
	case Admin1:
		return 4
	case Country:
		return 5
	case Region:
		return 6
	}
	return 1
}

// ByID returns the place with GeoNames id id, the last layer's if several have it.
func (g *Gazetteer) ByID(id int) (Ref, bool) {
	if id <= 0 {
		return 0, false
	}
	for l := len(g.layers) - 1; l >= 0; l-- {
		t := g.layers[l]
		if i, ok := t.byID(uint32(id)); ok {
			return makeRef(l, i), true
		}
	}
	return 0, false
}

// Distance returns the great-circle distance in km between two points.
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}
