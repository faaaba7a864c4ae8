package gazetteer

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/klauspost/compress/zstd"
)

// DefaultFile is the embedded table's path in data/, written by `sitrep
// gazetteer build`. It is not compressed: a process reads the pages of it
// that its lookups touch, in place, instead of decompressing and decoding
// 20 MB when it starts (85 ms and 44 MB of heap, when it was).
const DefaultFile = "geonames.gaz"

//go:embed data/geonames.gaz
var embedded string

//go:embed data/*.tsv
var namesFS embed.FS

// PlacesFile is the user's names file inside the user directory (see names.go for its format).
const PlacesFile = "places.tsv"

// ImportExt ends the names of imported tables in the user directory.
const ImportExt = ".gaz"

var defaultTable = sync.OnceValues(func() (*table, error) {
	t, err := decodeTables(embedded, false) // checked by TestDefaultVerifies
	if err != nil {
		return nil, err
	}
	if len(t) != 1 {
		return nil, fmt.Errorf("%d tables, want 1", len(t))
	}
	return t[0], nil
})

var defaultGazetteer = sync.OnceValues(func() (*Gazetteer, error) {
	t, err := defaultTable()
	if err != nil {
		return nil, fmt.Errorf("embedded gazetteer %s: %w", DefaultFile, err)
	}
	return assemble([]*table{t}, embeddedNames())
})

// Default returns the embedded gazetteer, opening it on first use (about a
// millisecond: the table is read in place, see DefaultFile). It panics if
// the embedded data is broken, which TestDefault catches before a release.
func Default() *Gazetteer {
	g, err := defaultGazetteer()
	if err != nil {
		panic(err)
	}
	return g
}

// Options says which user files Load adds to the embedded default.
type Options struct {
	// Dir holds imported tables (*.gaz, loaded in name order) and places.tsv;
	// "" or a missing directory adds nothing.
	Dir string
}

// Load returns the embedded gazetteer with the user's files on top: their
// places are found as well, and an imported place replaces the default one
// with the same GeoNames id in lookups by id.
func Load(opts Options) (*Gazetteer, error) {
	if opts.Dir == "" {
		return Default(), nil
	}
	entries, err := os.ReadDir(opts.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("gazetteer directory: %w", err)
	}
	base, err := defaultTable()
	if err != nil {
		return nil, fmt.Errorf("embedded gazetteer %s: %w", DefaultFile, err)
	}
	tables := []*table{base}
	var user []namedReader
	for _, e := range entries {
		path := filepath.Join(opts.Dir, e.Name())
		switch {
		case e.IsDir():
		case strings.HasSuffix(e.Name(), ImportExt):
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			ts, err := decodeTables(unsafe.String(unsafe.SliceData(data), len(data)), true)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			tables = append(tables, ts...)
		case e.Name() == PlacesFile:
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			user = append(user, namedReader{path, bytes.NewReader(data)})
		}
	}
	if len(tables)+1 >= 1<<(31-layerShift) {
		return nil, fmt.Errorf("%s: too many tables (%d)", opts.Dir, len(tables))
	}
	return assemble(tables, append(embeddedNames(), user...))
}

// decodeTables reads the tables of a file, zstd-compressed or not. The
// tables point into data (or into its decompressed copy), which must not
// change afterwards. verify checks them whole (see readTable).
func decodeTables(data string, verify bool) ([]*table, error) {
	if strings.HasPrefix(data, "\x28\xb5\x2f\xfd") {
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(1<<31))
		if err != nil {
			return nil, err
		}
		defer d.Close()
		raw, err := d.DecodeAll([]byte(data), nil)
		if err != nil {
			return nil, fmt.Errorf("decompressing: %w", err)
		}
		data = unsafe.String(unsafe.SliceData(raw), len(raw))
	}
	var ts []*table
	for len(data) > 0 {
		t, rest, err := readTable(data, verify)
		if err != nil {
			return nil, fmt.Errorf("table %d: %w", len(ts)+1, err)
		}
		ts = append(ts, t)
		data = rest
	}
	if len(ts) == 0 {
		return nil, errors.New("empty gazetteer file")
	}
	return ts, nil
}

type namedReader struct {
	name string
	r    io.Reader
}

// embeddedNames returns the embedded names files, data/*.tsv, in name order.
func embeddedNames() []namedReader {
	files, _ := fs.Glob(namesFS, "data/*.tsv")
	slices.Sort(files)
	var out []namedReader
	for _, f := range files {
		data, _ := namesFS.ReadFile(f)
		out = append(out, namedReader{f, bytes.NewReader(data)})
	}
	return out
}

// assemble makes a Gazetteer of tables and names files, in order.
func assemble(tables []*table, names []namedReader) (*Gazetteer, error) {
	var recs []record
	for _, u := range names {
		rs, err := parseNames(u.name, u.r)
		if err != nil {
			return nil, err
		}
		recs = append(recs, rs...)
	}

	// Places of the names files make one more table, so that aliases can name them.
	b := newBuilder()
	defined := map[string]int{}
	for _, rec := range recs {
		if rec.kind != "place" {
			continue
		}
		p, names, err := placeOf(rec)
		if err != nil {
			return nil, err
		}
		defined[Key(p.Name)] = b.add(&p, names)
	}
	g := &Gazetteer{layers: slices.Clone(tables), aliases: map[string][]Match{}, prefixes: map[string]bool{}, centres: map[Ref][2]float64{}, imported: len(tables) > 1}
	if len(defined) > 0 {
		t, err := b.table()
		if err != nil {
			return nil, err
		}
		g.layers = append(g.layers, t)
	}
	own := len(g.layers) - 1
	g.countries = map[string]Ref{}
	for l, t := range g.layers {
		for i := range t.n {
			if t.kindAt(i)&^approxBit == Country {
				g.countries[t.country(i)] = makeRef(l, i)
				if iso3 := t.admin2(i); iso3 != "" {
					g.countries[iso3] = makeRef(l, i)
				}
			}
		}
	}

	// Admin codes named as targets are found in one pass, sparing the
	// full index of codes that Admin1 and Admin2 build on first use.
	wanted := map[code]Ref{}
	for _, rec := range recs {
		t := rec.fields[len(rec.fields)-1]
		switch rec.kind {
		case "centre":
			t = rec.fields[0]
		case "place":
			continue
		}
		if f := strings.SplitN(t, ".", 3); len(f) > 1 {
			c := code{cc: strings.ToUpper(f[0]), a1: f[1]}
			if len(f) == 3 {
				c.a2 = f[2]
			}
			wanted[c] = 0
		}
	}
	if len(wanted) > 0 {
		for l, t := range g.layers {
			for i := range t.n {
				var c code
				switch t.kindAt(i) &^ approxBit {
				case Admin1:
					c = code{t.country(i), t.admin1(i), ""}
				case Admin2:
					c = code{t.country(i), t.admin1(i), t.admin2(i)}
				default:
					continue
				}
				if _, ok := wanted[c]; ok {
					wanted[c] = makeRef(l, i)
				}
			}
		}
	}
	for _, rec := range recs {
		if rec.kind == "place" {
			continue
		}
		target := rec.fields[1]
		if rec.kind == "centre" {
			target = rec.fields[0]
		}
		r, ok := g.target(target, wanted)
		if !ok {
			if i, found := defined[Key(target)]; found {
				r, ok = makeRef(own, i), true
			}
		}
		if !ok {
			return nil, fmt.Errorf("%s: unknown target %q", rec.where, target)
		}
		switch rec.kind {
		case "alias", "demonym":
			q := ByAlias
			switch {
			case rec.kind == "demonym":
				q = ByDemonym
			case strings.Contains(rec.fields[0], ".") && len(Key(rec.fields[0])) <= 6:
				q = ByAbbrev
			}
			g.addAlias(rec.fields[0], Match{r, q})
			if rec.kind == "demonym" {
				if pl := plural(rec.fields[0]); pl != "" {
					g.addAlias(pl, Match{r, q})
				}
			}
		case "centre":
			lat, lon, err := latLon(rec.fields[1], rec.fields[2])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", rec.where, err)
			}
			g.centres[r] = [2]float64{lat, lon}
		}
	}
	return g, nil
}

// target resolves a names-file TARGET that is an id, a country code, or
// an admin code found in admins.
func (g *Gazetteer) target(s string, admins map[code]Ref) (Ref, bool) {
	if id, err := strconv.Atoi(s); err == nil {
		return g.ByID(id)
	}
	f := strings.SplitN(s, ".", 3)
	if len(f) == 1 {
		return g.Country(f[0])
	}
	c := code{cc: strings.ToUpper(f[0]), a1: f[1]}
	if len(f) == 3 {
		c.a2 = f[2]
	}
	r := admins[c]
	return r, r.Valid()
}

// plural returns the plural of a demonym that takes -s (Syrians, Afghans,
// Iraqis, Turks), or "" for those that do not (French, Chinese, Swiss).
func plural(d string) string {
	for _, end := range []string{"sh", "ch", "ese", "s", "x", "z", "y"} {
		if strings.HasSuffix(d, end) {
			return ""
		}
	}
	return d + "s"
}

func (g *Gazetteer) addAlias(name string, m Match) {
	for _, key := range []string{Key(name), Stripped(name)} {
		if key == "" || slices.Contains(g.aliases[key], m) {
			continue
		}
		g.aliases[key] = append(g.aliases[key], m)
		for i := range len(key) {
			if key[i] == ' ' {
				g.prefixes[key[:i]] = true
			}
		}
	}
}

// codesOf maps admin-1 and admin-2 codes to their places; a later table's
// place wins.
func codesOf(tables []*table) map[code]Ref {
	codes := make(map[code]Ref, 60000)
	for l, t := range tables {
		for i := range t.n {
			switch t.kindAt(i) &^ approxBit {
			case Admin1:
				if a1 := t.admin1(i); a1 != "" {
					codes[code{t.country(i), a1, ""}] = makeRef(l, i)
				}
			case Admin2:
				if a1, a2 := t.admin1(i), t.admin2(i); a1 != "" && a2 != "" {
					codes[code{t.country(i), a1, a2}] = makeRef(l, i)
				}
			}
		}
	}
	return codes
}
