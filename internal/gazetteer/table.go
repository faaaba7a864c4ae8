package gazetteer

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// A table is one layer of places with its name index, read in place from
// the bytes of a gazetteer file: every column is a little-endian array or a
// blob of strings in those bytes, so that opening the embedded default
// copies and decodes nothing, and only the pages a lookup touches are read
// into memory. Names are found through hash tables of the same file.
type table struct {
	n                    int  // places
	ids                  u32s // sorted when idsSorted, for ByID's binary search
	lat, lon, clat, clon u32s // float32 bits
	pop                  u32s
	cc                   string // two bytes a place
	kind                 string // a Kind a place
	feat                 string // a place's index into feats
	feats                []string
	names                lines // per place
	adm1, adm2           u32s  // per place, index into codes; adm2 holds ISO3 for countries
	codes                lines // distinct admin codes
	par1, par2           u32s  // per place, 1 + the index of its admin-1 and admin-2 regions in this table, or 0

	keys index // place keys
	skel index // transliteration skeletons

	idsSorted bool
}

// u32s is a little-endian array of uint32 in a string.
type u32s string

func (v u32s) len() int { return len(v) / 4 }

func (v u32s) at(i int) uint32 {
	s := v[4*i : 4*i+4]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

func (v u32s) f32(i int) float32 { return math.Float32frombits(v.at(i)) }

// lines is a list of strings kept in one blob, each followed by '\n', with
// the offset of each (and len(blob) at the end).
type lines struct {
	blob string
	at   u32s
}

func (l *lines) len() int { return l.at.len() - 1 }

func (l *lines) get(i int) string { return l.blob[l.at.at(i) : l.at.at(i+1)-1] }

// index finds postings by key. Its blob holds one entry a key, in key
// order: the key, '\n', a flags byte, the number of postings (uvarint) and
// the postings (uint32 each: place index<<4 | Quality). Its slots are an
// open-addressing hash table (linear probing, a power of two long) of
// 1 + an entry's offset, 0 for none. The flags' low bit tells that longer
// keys begin with this one and a space; such word prefixes that are no
// place's key have an entry without postings, so that Find answers for
// them too.
type index struct {
	blob  string
	slots u32s
}

const prefixFlag = 1

// keyHash hashes a key for the index: fixed, since the slots are stored in
// files, and cheap for the short keys names make.
func keyHash(s string) uint64 {
	h := uint64(len(s)) * 0x9e3779b97f4a7c15
	for len(s) >= 8 {
		w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		h = (h ^ w) * 0xbf58476d1ce4e5b9
		h ^= h >> 31
		s = s[8:]
	}
	var tail uint64
	for i := 0; i < len(s); i++ {
		tail |= uint64(s[i]) << (8 * i)
	}
	h = (h ^ tail) * 0x94d049bb133111eb
	return h ^ h>>29
}

// find returns the postings of key and whether longer keys start with key+" ".
func (x *index) find(key string) (u32s, bool) {
	n := x.slots.len()
	if n == 0 || key == "" {
		return "", false
	}
	mask := n - 1
	for i, probes := int(keyHash(key))&mask, 0; probes < n; i, probes = (i+1)&mask, probes+1 {
		s := x.slots.at(i)
		if s == 0 {
			return "", false
		}
		off := int(s - 1)
		if end := off + len(key); end < len(x.blob) && x.blob[end] == '\n' && x.blob[off:end] == key {
			post, flags, _, ok := x.entryAt(end + 1)
			if !ok {
				return "", false
			}
			return post, flags&prefixFlag != 0
		}
	}
	return "", false
}

// entryAt reads the rest of an entry from p, just after its key's '\n':
// the postings, the flags and where the next entry starts.
func (x *index) entryAt(p int) (post u32s, flags byte, next int, ok bool) {
	if p >= len(x.blob) {
		return "", 0, 0, false
	}
	flags = x.blob[p]
	c, k := uvarint(x.blob[p+1:])
	if k <= 0 || c > uint64(len(x.blob)) {
		return "", 0, 0, false
	}
	start := p + 1 + k
	end := start + 4*int(c)
	if end > len(x.blob) {
		return "", 0, 0, false
	}
	return u32s(x.blob[start:end]), flags, end, true
}

// each calls fn for every entry, in key order, until fn returns false or an
// entry is malformed (which it reports).
func (x *index) each(fn func(key string, post u32s, flags byte) bool) error {
	for p := 0; p < len(x.blob); {
		nl := strings.IndexByte(x.blob[p:], '\n')
		if nl <= 0 {
			return errors.New("index entry without a key")
		}
		post, flags, next, ok := x.entryAt(p + nl + 1)
		if !ok {
			return errors.New("index entry truncated")
		}
		if !fn(x.blob[p:p+nl], post, flags) {
			return nil
		}
		p = next
	}
	return nil
}

func uvarint(s string) (uint64, int) {
	var x uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			return x | uint64(b)<<(7*i), i + 1
		}
		x |= uint64(b&0x7f) << (7 * i)
	}
	return 0, -1
}

func (t *table) size() int { return t.n }

// byID finds the place with a GeoNames id: by binary search when the ids
// are sorted (the default's are), else one by one.
func (t *table) byID(id uint32) (int, bool) {
	if t.idsSorted {
		lo, hi := 0, t.n
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if t.ids.at(m) < id {
				lo = m + 1
			} else {
				hi = m
			}
		}
		return lo, lo < t.n && t.ids.at(lo) == id
	}
	for i := range t.n {
		if t.ids.at(i) == id {
			return i, true
		}
	}
	return 0, false
}

func (t *table) kindAt(i int) Kind { return Kind(t.kind[i]) }

// country returns the ISO2 code of place i without allocating.
func (t *table) country(i int) string {
	if t.cc[2*i] == ' ' {
		return ""
	}
	return ccString(t.cc[2*i], t.cc[2*i+1])
}

func (t *table) admin1(i int) string { return t.codes.get(int(t.adm1.at(i))) }
func (t *table) admin2(i int) string { return t.codes.get(int(t.adm2.at(i))) }

// find returns the postings of key and whether longer keys start with key+" ".
func (t *table) find(key string) (u32s, bool) { return t.keys.find(key) }

// The file format: the magic line, then tagged, length-prefixed sections,
// then "END ". A file may hold several tables one after the other (a large
// import is written in segments); zstd-compressed files are decompressed
// into memory first.
const magic = "sitrep-gazetteer-4\n"

// magicPrefix starts the magic line of every version.
const magicPrefix = "sitrep-gazetteer-"

// Section tags; all must be present.
var sectionTags = []string{"META", "IDS ", "LAT ", "LON ", "CLAT", "CLON", "POP ", "CC  ", "KIND", "FEAT", "FTAB",
	"NAME", "NOFF", "CODS", "COFF", "ADM1", "ADM2", "PAR1", "PAR2", "KIDX", "KSLT", "SIDX", "SSLT"}

const metaSorted = 1 // META flags: ids ascending

// readTable reads one table from the start of data and returns the rest,
// which may hold further tables. The table's columns point into data. With
// verify, every reference between columns is checked, so that lookups in a
// broken file cannot index out of range; the embedded default is checked
// by its tests instead, so that opening it reads no more than it must.
func readTable(data string, verify bool) (*table, string, error) {
	if !strings.HasPrefix(data, magic) {
		if strings.HasPrefix(data, magicPrefix) {
			v, _, _ := strings.Cut(data[len(magicPrefix):min(len(data), len(magicPrefix)+8)], "\n")
			return nil, "", fmt.Errorf("a gazetteer of format %s, not %s: written by another version of sitrep; build or import it again", v, strings.TrimSpace(magic[len(magicPrefix):]))
		}
		return nil, "", errors.New("not a sitrep gazetteer (bad magic)")
	}
	data = data[len(magic):]
	sec := map[string]string{}
	for {
		if len(data) < 8 {
			return nil, "", errors.New("truncated")
		}
		tag, n := data[:4], binary.LittleEndian.Uint32([]byte(data[4:8]))
		data = data[8:]
		if tag == "END " {
			break
		}
		if uint64(n) > uint64(len(data)) {
			return nil, "", fmt.Errorf("section %q truncated", tag)
		}
		sec[tag], data = data[:n], data[n:]
	}
	for _, tag := range sectionTags {
		if _, ok := sec[tag]; !ok {
			return nil, "", fmt.Errorf("section %q missing", tag)
		}
	}
	meta := u32s(sec["META"])
	if meta.len() < 2 {
		return nil, "", errors.New("section META: too short")
	}
	n := int(meta.at(0))
	t := &table{
		n:         n,
		ids:       u32s(sec["IDS "]),
		lat:       u32s(sec["LAT "]),
		lon:       u32s(sec["LON "]),
		clat:      u32s(sec["CLAT"]),
		clon:      u32s(sec["CLON"]),
		pop:       u32s(sec["POP "]),
		cc:        sec["CC  "],
		kind:      sec["KIND"],
		feat:      sec["FEAT"],
		names:     lines{sec["NAME"], u32s(sec["NOFF"])},
		codes:     lines{sec["CODS"], u32s(sec["COFF"])},
		adm1:      u32s(sec["ADM1"]),
		adm2:      u32s(sec["ADM2"]),
		par1:      u32s(sec["PAR1"]),
		par2:      u32s(sec["PAR2"]),
		keys:      index{sec["KIDX"], u32s(sec["KSLT"])},
		skel:      index{sec["SIDX"], u32s(sec["SSLT"])},
		idsSorted: meta.at(1)&metaSorted != 0,
	}
	for _, f := range strings.SplitAfter(sec["FTAB"], "\n") {
		if f != "" {
			t.feats = append(t.feats, strings.TrimSuffix(f, "\n"))
		}
	}
	if err := t.checkSizes(); err != nil {
		return nil, "", err
	}
	if verify {
		if err := t.verify(); err != nil {
			return nil, "", err
		}
	}
	return t, data, nil
}

// checkSizes verifies that the columns have one value a place, cheaply.
func (t *table) checkSizes() error {
	n := t.n
	for _, c := range []int{t.ids.len(), t.lat.len(), t.lon.len(), t.clat.len(), t.clon.len(), t.pop.len(), len(t.cc) / 2,
		len(t.kind), len(t.feat), t.names.len(), t.adm1.len(), t.adm2.len(), t.par1.len(), t.par2.len()} {
		if c != n {
			return fmt.Errorf("columns disagree: %d places, a column of %d", n, c)
		}
	}
	if len(t.cc) != 2*n {
		return errors.New("country column has odd length")
	}
	for _, x := range []*index{&t.keys, &t.skel} {
		if s := x.slots.len(); s&(s-1) != 0 || len(x.slots)%4 != 0 {
			return errors.New("index slots not a power of two")
		}
	}
	return nil
}

// verify checks every reference between the columns.
func (t *table) verify() error {
	for _, f := range []byte(t.feat) {
		if int(f) >= len(t.feats) {
			return errors.New("feature code out of range")
		}
	}
	for _, l := range []*lines{&t.names, &t.codes} {
		if l.at.len() == 0 || l.at.at(0) != 0 || int(l.at.at(l.at.len()-1)) != len(l.blob) {
			return errors.New("string offsets do not match their blob")
		}
		for i := range l.len() {
			a, b := l.at.at(i), l.at.at(i+1)
			if b <= a || int(b) > len(l.blob) || l.blob[b-1] != '\n' {
				return errors.New("string offsets out of order")
			}
		}
	}
	for i := range t.n {
		if int(t.adm1.at(i)) >= t.codes.len() || int(t.adm2.at(i)) >= t.codes.len() {
			return errors.New("admin code out of range")
		}
		if int(t.par1.at(i)) > t.n || int(t.par2.at(i)) > t.n {
			return errors.New("parent region out of range")
		}
	}
	for _, x := range []*index{&t.keys, &t.skel} {
		starts := make([]uint64, len(x.blob)/64+1) // a bit an entry's first byte
		for p := 0; p < len(x.blob); {
			nl := strings.IndexByte(x.blob[p:], '\n')
			if nl <= 0 {
				return errors.New("index entry without a key")
			}
			post, _, next, ok := x.entryAt(p + nl + 1)
			if !ok {
				return errors.New("index entry truncated")
			}
			for k := range post.len() {
				if int(post.at(k)>>4) >= t.n {
					return errors.New("posting out of range")
				}
			}
			starts[p/64] |= 1 << (p % 64)
			p = next
		}
		empty := false
		for i := range x.slots.len() {
			s := int(x.slots.at(i))
			if s == 0 {
				empty = true
			} else if s-1 >= len(x.blob) || starts[(s-1)/64]&(1<<((s-1)%64)) == 0 {
				return errors.New("index slot points into no entry")
			}
		}
		if !empty && x.slots.len() > 0 {
			return errors.New("index slots full")
		}
	}
	return nil
}

// columns is a table as it is built: one slice a column. encode writes it
// in the layout readTable reads.
type columns struct {
	ids                  []uint32
	lat, lon, clat, clon []float32
	pop                  []uint32
	cc                   []byte
	kind                 []Kind
	feat                 []uint8
	feats                []string
	names, codes         []string
	adm1, adm2           []uint32
	keys, skel           []keyPosts // sorted by key
}

// keyPosts is a key and its postings, best quality first for each place.
type keyPosts struct {
	key  string
	post []uint32
}

func (c *columns) encode() []byte {
	n := len(c.ids)
	var out []byte
	out = append(out, magic...)
	section := func(tag string, data []byte) {
		out = append(out, tag...)
		out = binary.LittleEndian.AppendUint32(out, uint32(len(data)))
		out = append(out, data...)
	}
	var meta uint32
	if slices.IsSorted(c.ids) {
		meta |= metaSorted
	}
	section("META", u32bytes([]uint32{uint32(n), meta}))
	section("IDS ", u32bytes(c.ids))
	section("LAT ", f32bytes(c.lat))
	section("LON ", f32bytes(c.lon))
	section("CLAT", f32bytes(c.clat))
	section("CLON", f32bytes(c.clon))
	section("POP ", u32bytes(c.pop))
	section("CC  ", c.cc)
	kinds := make([]byte, n)
	for i, k := range c.kind {
		kinds[i] = byte(k)
	}
	section("KIND", kinds)
	section("FEAT", c.feat)
	section("FTAB", []byte(strings.Join(c.feats, "\n")+"\n"))
	blob, at := linesOf(c.names)
	section("NAME", blob)
	section("NOFF", u32bytes(at))
	blob, at = linesOf(c.codes)
	section("CODS", blob)
	section("COFF", u32bytes(at))
	section("ADM1", u32bytes(c.adm1))
	section("ADM2", u32bytes(c.adm2))
	par1, par2 := c.parents()
	section("PAR1", u32bytes(par1))
	section("PAR2", u32bytes(par2))
	blob, slots := indexOf(c.keys, true)
	section("KIDX", blob)
	section("KSLT", u32bytes(slots))
	blob, slots = indexOf(c.skel, false)
	section("SIDX", blob)
	section("SSLT", u32bytes(slots))
	out = append(out, "END \x00\x00\x00\x00"...)
	return out
}

// linesOf joins strings into a blob of lines and their offsets.
func linesOf(ss []string) ([]byte, []uint32) {
	var blob []byte
	at := make([]uint32, 0, len(ss)+1)
	for _, s := range ss {
		at = append(at, uint32(len(blob)))
		blob = append(blob, s...)
		blob = append(blob, '\n')
	}
	return blob, append(at, uint32(len(blob)))
}

// indexOf writes the entries and hash slots of an index of keys (sorted,
// unique). With prefixes, every word prefix of a key is flagged as one,
// and those that are no key get an entry of their own.
func indexOf(keys []keyPosts, prefixes bool) ([]byte, []uint32) {
	type entry struct {
		key   string
		post  []uint32
		flags byte
	}
	all := make([]entry, 0, len(keys))
	for _, k := range keys {
		all = append(all, entry{key: k.key, post: k.post})
	}
	if prefixes {
		isKey := make(map[string]int, len(keys))
		for i, k := range keys {
			isKey[k.key] = i
		}
		seen := map[string]bool{}
		for _, k := range keys {
			for i := 0; i < len(k.key); i++ {
				if k.key[i] != ' ' {
					continue
				}
				p := k.key[:i]
				if j, ok := isKey[p]; ok {
					all[j].flags |= prefixFlag
				} else if !seen[p] {
					seen[p] = true
					all = append(all, entry{key: p, flags: prefixFlag})
				}
			}
		}
		slices.SortFunc(all, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	}
	size := 1 << bits.Len(uint(len(all)+len(all)/3))
	slots := make([]uint32, size)
	var blob []byte
	for _, e := range all {
		off := len(blob)
		blob = append(blob, e.key...)
		blob = append(blob, '\n', e.flags)
		blob = binary.AppendUvarint(blob, uint64(len(e.post)))
		blob = append(blob, u32bytes(e.post)...)
		for i := int(keyHash(e.key)) & (size - 1); ; i = (i + 1) & (size - 1) {
			if slots[i] == 0 {
				slots[i] = uint32(off + 1)
				break
			}
		}
	}
	return blob, slots
}

func u32bytes(v []uint32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], x)
	}
	return b
}

func f32bytes(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

// ccString returns a two-letter code as a string, without allocating for
// upper-case ASCII letters.
func ccString(a, b byte) string {
	if a < 'A' || a > 'Z' || b < 'A' || b > 'Z' {
		return string([]byte{a, b})
	}
	i := (int(a-'A')*26 + int(b-'A')) * 2
	return allPairs[i : i+2]
}

// allPairs holds every pair of capital letters, AA to ZZ.
var allPairs = func() string {
	b := make([]byte, 0, 26*26*2)
	for a := byte('A'); a <= 'Z'; a++ {
		for c := byte('A'); c <= 'Z'; c++ {
			b = append(b, a, c)
		}
	}
	return string(b)
}()

// parents finds, per place, 1 + the index of its admin-1 and admin-2
// regions in the same table (0 for none), so that Within needs no map of
// strings. Codes are interned per table, so a code is a number here.
func (c *columns) parents() (par1, par2 []uint32) {
	key := func(i int, a2 uint32) uint64 {
		return uint64(c.cc[2*i])<<56 | uint64(c.cc[2*i+1])<<48 | uint64(c.adm1[i])<<24 | uint64(a2)
	}
	const none = 1<<24 - 1
	admins := map[uint64]uint32{}
	for i, k := range c.kind {
		switch k &^ approxBit {
		case Admin1:
			admins[key(i, none)] = uint32(i) + 1
		case Admin2:
			admins[key(i, c.adm2[i])] = uint32(i) + 1
		}
	}
	par1, par2 = make([]uint32, len(c.kind)), make([]uint32, len(c.kind))
	if len(admins) == 0 || len(c.codes) >= none {
		return par1, par2
	}
	for i, k := range c.kind {
		k &^= approxBit
		if k == Country || k == Region || k == Admin1 || c.codes[c.adm1[i]] == "" {
			continue
		}
		par1[i] = admins[key(i, none)]
		if k != Admin2 && c.codes[c.adm2[i]] != "" {
			par2[i] = admins[key(i, c.adm2[i])]
		}
	}
	return par1, par2
}
