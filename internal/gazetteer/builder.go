package gazetteer

import (
	"cmp"
	"slices"
	"strings"
)

// A builder collects places and their names and makes a table of them.
type builder struct {
	t         columns
	feats     map[string]uint8
	codeIndex map[string]uint32
	keys      []keyPost
	skels     []keyPost
	buf       []byte
}

type keyPost struct {
	key  string
	post uint32 // place<<4 | Quality
}

func newBuilder() *builder {
	return &builder{feats: map[string]uint8{}, codeIndex: map[string]uint32{}}
}

// add adds p, known by names (its own name first is not required: each
// name carries its quality). It returns the place's index.
func (b *builder) add(p *Place, names []Name) int {
	t := &b.t
	i := len(t.ids)
	t.ids = append(t.ids, uint32(p.ID))
	t.lat = append(t.lat, float32(p.Lat))
	t.lon = append(t.lon, float32(p.Lon))
	t.clat = append(t.clat, float32(p.CLat))
	t.clon = append(t.clon, float32(p.CLon))
	t.pop = append(t.pop, uint32(min(max(p.Population, 0), 1<<32-1)))
	cc := p.Country + "  "
	t.cc = append(t.cc, cc[0], cc[1])
	k := p.Kind
	if p.Approx {
		k |= approxBit
	}
	t.kind = append(t.kind, k)
	f, ok := b.feats[p.Feature]
	if !ok && len(b.feats) < 255 {
		f = uint8(len(t.feats))
		b.feats[p.Feature] = f
		t.feats = append(t.feats, p.Feature)
	}
	t.feat = append(t.feat, f)
	a2 := p.Admin2
	if p.Kind == Country {
		a2 = p.ISO3
	}
	t.names = append(t.names, oneLine(p.Name))
	t.adm1 = append(t.adm1, b.code(p.Admin1))
	t.adm2 = append(t.adm2, b.code(a2))
	for _, n := range names {
		b.addName(i, n)
	}
	return i
}

// code interns an admin code.
func (b *builder) code(c string) uint32 {
	i, ok := b.codeIndex[c]
	if !ok {
		i = uint32(len(b.codeIndex))
		b.codeIndex[c] = i
		b.t.codes = append(b.t.codes, oneLine(c))
	}
	return i
}

// oneLine keeps a string on one line of a table's blobs.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// addName indexes place i under the keys of n: the key itself, the key
// without Arabic articles, and the skeleton.
func (b *builder) addName(i int, n Name) {
	b.buf = AppendKey(b.buf[:0], n.Text)
	if len(b.buf) == 0 || len(b.buf) > 255 {
		return
	}
	key := string(b.buf)
	b.keys = append(b.keys, keyPost{key, uint32(i)<<4 | uint32(n.Quality)})
	b.buf = AppendStripped(b.buf[:0], n.Text)
	stripped := key
	if string(b.buf) != key && len(b.buf) > 0 {
		stripped = string(b.buf)
		q := max(n.Quality, ByVariant)
		b.keys = append(b.keys, keyPost{stripped, uint32(i)<<4 | uint32(q)})
	}
	if n.Quality != ByName && n.Quality != ByVariant {
		return // alternate names are variants enough
	}
	b.buf = AppendSkeleton(b.buf[:0], []byte(stripped))
	if len(b.buf) >= minSkeleton {
		b.skels = append(b.skels, keyPost{string(b.buf), uint32(i)<<4 | uint32(BySkeleton)})
	}
}

// minSkeleton is the shortest skeleton indexed: shorter ones match too much.
const minSkeleton = 4

// finish sorts the index and returns the table's columns.
func (b *builder) finish() *columns {
	t := &b.t
	t.keys = collate(b.keys)
	t.skel = collate(b.skels)
	b.keys, b.skels = nil, nil
	return t
}

// table makes the table of what b holds, as a file would give it.
func (b *builder) table() (*table, error) {
	t, _, err := readTable(string(b.finish().encode()), false)
	return t, err
}

// collate sorts key postings by key and keeps, per key and place, the
// best quality.
func collate(kp []keyPost) []keyPosts {
	slices.SortFunc(kp, func(a, b keyPost) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.post, b.post) // same place: best (lowest) quality first
	})
	var out []keyPosts
	for i, e := range kp {
		if i == 0 || e.key != kp[i-1].key {
			out = append(out, keyPosts{key: e.key})
		} else if e.post>>4 == kp[i-1].post>>4 {
			continue
		}
		last := &out[len(out)-1]
		last.post = append(last.post, e.post)
	}
	return out
}
