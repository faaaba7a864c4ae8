package gazetteer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unsafe"
)

// A table is one layer of places with its sorted name index, held in flat
// slices so that loading 200,000 places costs a few allocations.
type table struct {
	ids                  []uint32
	lat, lon, clat, clon []float32
	pop                  []uint32
	cc                   []byte // two bytes a place
	kind                 []Kind
	feat                 []uint8 // index into feats
	feats                []string
	names                strs     // per place
	adm1, adm2           []uint32 // per place, index into codes; adm2 holds ISO3 for countries
	codes                strs     // distinct admin codes
	par1, par2           []uint32 // per place, 1 + the index of its admin-1 and admin-2 regions in this table, or 0

	keys   strs     // sorted, unique
	postAt []uint32 // postings of key k: post[postAt[k]:postAt[k+1]]
	post   []uint32 // place index<<4 | Quality

	skel       strs // sorted skeletons, same layout
	skelPostAt []uint32
	skelPost   []uint32

	idsSorted bool // ids ascending, for ByID's binary search
}

// strs is a list of strings kept in one blob, each followed by '\n'.
type strs struct {
	blob string
	at   []uint32 // start of each string, and len(blob) at the end
	// two, for sorted lists, gives per two-byte prefix where its strings
	// start (the second byte 0 for one-byte strings), to narrow searches.
	two []uint32
}

func prefix2(k string) int {
	switch len(k) {
	case 0:
		return 0
	case 1:
		return int(k[0]) << 8
	}
	return int(k[0])<<8 | int(k[1])
}

// indexPrefixes fills s.two; s must be sorted with no empty strings.
func (s *strs) indexPrefixes() {
	s.two = make([]uint32, 1<<16+1)
	n := s.len()
	k := 0
	for p := range 1 << 16 {
		for k < n && prefix2(s.get(k)) < p {
			k++
		}
		s.two[p] = uint32(k)
	}
	s.two[1<<16] = uint32(n)
}

func (s *strs) len() int { return len(s.at) - 1 }

func (s *strs) get(i int) string { return s.blob[s.at[i] : s.at[i+1]-1] }

func makeStrs(blob string) (strs, error) {
	if blob != "" && blob[len(blob)-1] != '\n' {
		return strs{}, errors.New("string list not terminated")
	}
	at := make([]uint32, 1, strings.Count(blob, "\n")+1)
	for i := 0; i < len(blob); {
		i += strings.IndexByte(blob[i:], '\n') + 1
		at = append(at, uint32(i))
	}
	return strs{blob: blob, at: at}, nil
}

func (t *table) size() int { return len(t.ids) }

// country returns the ISO2 code of place i without allocating: codes are
// interned in the codes list by the builder.
func (t *table) country(i int) string {
	if t.cc[2*i] == ' ' {
		return ""
	}
	return ccString(t.cc[2*i], t.cc[2*i+1])
}

func (t *table) admin1(i int) string { return t.codes.get(int(t.adm1[i])) }
func (t *table) admin2(i int) string { return t.codes.get(int(t.adm2[i])) }

// find returns the postings of key and whether longer keys start with key+" ".
func (t *table) find(key string) (post []uint32, prefix bool) {
	return findIn(&t.keys, t.postAt, t.post, key)
}

func findIn(keys *strs, postAt, post []uint32, key string) ([]uint32, bool) {
	n := keys.len()
	lo, hi := 0, n
	if keys.two != nil && key != "" {
		p := prefix2(key)
		lo, hi = int(keys.two[p]), int(keys.two[p+1])
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if keys.get(m) < key {
			lo = m + 1
		} else {
			hi = m
		}
	}
	var hits []uint32
	if lo < n && keys.get(lo) == key {
		hits = post[postAt[lo]:postAt[lo+1]]
		lo++
	}
	// Keys that extend key by a word sort right after it, ' ' being the
	// smallest byte a key holds.
	prefix := false
	if lo < n {
		k := keys.get(lo)
		prefix = len(k) > len(key) && k[len(key)] == ' ' && k[:len(key)] == key
	}
	return hits, prefix
}

const magic = "sitrep-gazetteer-3\n"

// Section tags; all must be present.
var sectionTags = []string{"IDS ", "LAT ", "LON ", "CENT", "POP ", "CC  ", "KIND", "FEAT", "FTAB", "NAME", "CODS", "ADM1", "ADM2", "KEYS", "KCNT", "POST", "SKEY", "SCNT", "SPST"}

// encode returns t in the layout readTable reads: the magic line, then
// tagged, length-prefixed sections, then "END ". Integer columns that are
// mostly small (counts, id steps, populations) are varints, so the file
// compresses well.
func (t *table) encode() []byte {
	var out []byte
	out = append(out, magic...)
	section := func(tag string, data []byte) {
		out = append(out, tag...)
		out = binary.LittleEndian.AppendUint32(out, uint32(len(data)))
		out = append(out, data...)
	}
	var buf []byte
	prev := int64(0)
	for _, id := range t.ids {
		buf = binary.AppendVarint(buf, int64(id)-prev)
		prev = int64(id)
	}
	section("IDS ", buf)
	section("LAT ", f32bytes(t.lat))
	section("LON ", f32bytes(t.lon))
	// Centres, for the few places (areas) whose centre is not the place itself.
	buf, last := nil, 0
	for i := range t.ids {
		if t.clat[i] != t.lat[i] || t.clon[i] != t.lon[i] {
			buf = binary.AppendUvarint(buf, uint64(i-last))
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(t.clat[i]))
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(t.clon[i]))
			last = i
		}
	}
	section("CENT", buf)
	section("POP ", uvarints(t.pop))
	section("CC  ", t.cc)
	kinds := make([]byte, len(t.kind))
	for i, k := range t.kind {
		kinds[i] = byte(k)
	}
	section("KIND", kinds)
	section("FEAT", t.feat)
	section("FTAB", []byte(strings.Join(t.feats, "\n")+"\n"))
	section("NAME", []byte(t.names.blob))
	section("CODS", []byte(t.codes.blob))
	section("ADM1", uvarints(t.adm1))
	section("ADM2", uvarints(t.adm2))
	section("KEYS", []byte(t.keys.blob))
	section("KCNT", counts(t.postAt))
	section("POST", u32bytes(t.post))
	section("SKEY", []byte(t.skel.blob))
	section("SCNT", counts(t.skelPostAt))
	section("SPST", u32bytes(t.skelPost))
	out = append(out, "END \x00\x00\x00\x00"...)
	return out
}

func uvarints(v []uint32) []byte {
	var b []byte
	for _, x := range v {
		b = binary.AppendUvarint(b, uint64(x))
	}
	return b
}

// counts turns posting offsets into the number of postings per key.
func counts(at []uint32) []byte {
	var b []byte
	for i := 1; i < len(at); i++ {
		b = binary.AppendUvarint(b, uint64(at[i]-at[i-1]))
	}
	return b
}

// readTable reads one table from the start of data and returns the rest,
// which may hold further tables (a large import is written in segments).
// The table's strings point into data, which must not change afterwards.
func readTable(data []byte) (*table, []byte, error) {
	if !bytes.HasPrefix(data, []byte(magic)) {
		return nil, nil, errors.New("not a sitrep gazetteer, or another version (bad magic)")
	}
	data = data[len(magic):]
	sec := map[string][]byte{}
	for {
		if len(data) < 8 {
			return nil, nil, errors.New("truncated")
		}
		tag, n := string(data[:4]), binary.LittleEndian.Uint32(data[4:8])
		data = data[8:]
		if tag == "END " {
			break
		}
		if uint64(n) > uint64(len(data)) {
			return nil, nil, fmt.Errorf("section %q truncated", tag)
		}
		sec[tag], data = data[:n], data[n:]
	}
	for _, tag := range sectionTags {
		if _, ok := sec[tag]; !ok {
			return nil, nil, fmt.Errorf("section %q missing", tag)
		}
	}
	n := len(sec["KIND"])
	t := &table{
		lat:      bytesF32(sec["LAT "]),
		lon:      bytesF32(sec["LON "]),
		cc:       sec["CC  "],
		feat:     sec["FEAT"],
		post:     bytesU32(sec["POST"]),
		skelPost: bytesU32(sec["SPST"]),
	}
	var err error
	if t.ids, err = readIDs(sec["IDS "], n); err != nil {
		return nil, nil, fmt.Errorf("section IDS: %w", err)
	}
	if t.pop, err = readUvarints(sec["POP "], n); err != nil {
		return nil, nil, fmt.Errorf("section POP: %w", err)
	}
	if t.postAt, err = readCounts(sec["KCNT"]); err != nil {
		return nil, nil, fmt.Errorf("section KCNT: %w", err)
	}
	if t.skelPostAt, err = readCounts(sec["SCNT"]); err != nil {
		return nil, nil, fmt.Errorf("section SCNT: %w", err)
	}
	t.kind = make([]Kind, n)
	for i, k := range sec["KIND"] {
		t.kind[i] = Kind(k)
	}
	if len(t.lat) != n || len(t.lon) != n {
		return nil, nil, fmt.Errorf("%d places but %d coordinates", n, len(t.lat))
	}
	t.clat, t.clon = slices.Clone(t.lat), slices.Clone(t.lon)
	for c, i := sec["CENT"], 0; len(c) > 0; {
		d, k := binary.Uvarint(c)
		if k <= 0 || len(c) < k+8 || uint64(i)+d >= uint64(n) {
			return nil, nil, errors.New("section CENT: corrupt")
		}
		i += int(d)
		t.clat[i] = math.Float32frombits(binary.LittleEndian.Uint32(c[k:]))
		t.clon[i] = math.Float32frombits(binary.LittleEndian.Uint32(c[k+4:]))
		c = c[k+8:]
	}
	for _, l := range []struct {
		dst *strs
		tag string
	}{{&t.names, "NAME"}, {&t.codes, "CODS"}, {&t.keys, "KEYS"}, {&t.skel, "SKEY"}} {
		b := sec[l.tag]
		if *l.dst, err = makeStrs(unsafe.String(unsafe.SliceData(b), len(b))); err != nil {
			return nil, nil, fmt.Errorf("section %q: %w", l.tag, err)
		}
	}
	for _, l := range []struct {
		dst *[]uint32
		tag string
	}{{&t.adm1, "ADM1"}, {&t.adm2, "ADM2"}} {
		if *l.dst, err = readUvarints(sec[l.tag], n); err != nil {
			return nil, nil, fmt.Errorf("section %q: %w", l.tag, err)
		}
	}
	ftab, err := makeStrs(string(sec["FTAB"]))
	if err != nil {
		return nil, nil, fmt.Errorf("section FTAB: %w", err)
	}
	for i := range ftab.len() {
		t.feats = append(t.feats, ftab.get(i))
	}
	if err := t.check(); err != nil {
		return nil, nil, err
	}
	t.idsSorted = slices.IsSorted(t.ids)
	t.keys.indexPrefixes()
	t.skel.indexPrefixes()
	t.parents()
	return t, data, nil
}

func readIDs(b []byte, n int) ([]uint32, error) {
	v := make([]uint32, 0, n)
	prev := int64(0)
	for len(b) > 0 {
		d, k := binary.Varint(b)
		if k <= 0 || prev+d < 0 || prev+d > math.MaxUint32 {
			return nil, errors.New("corrupt")
		}
		prev += d
		v = append(v, uint32(prev))
		b = b[k:]
	}
	if len(v) != n {
		return nil, fmt.Errorf("%d ids for %d places", len(v), n)
	}
	return v, nil
}

func readUvarints(b []byte, n int) ([]uint32, error) {
	v := make([]uint32, 0, n)
	for len(b) > 0 {
		x, k := binary.Uvarint(b)
		if k <= 0 || x > math.MaxUint32 {
			return nil, errors.New("corrupt")
		}
		v = append(v, uint32(x))
		b = b[k:]
	}
	if len(v) != n {
		return nil, fmt.Errorf("%d values for %d places", len(v), n)
	}
	return v, nil
}

// readCounts turns per-key posting counts back into offsets.
func readCounts(b []byte) ([]uint32, error) {
	at := make([]uint32, 1, len(b)+1)
	for len(b) > 0 {
		x, k := binary.Uvarint(b)
		if k <= 0 || uint64(at[len(at)-1])+x > math.MaxUint32 {
			return nil, errors.New("corrupt")
		}
		at = append(at, at[len(at)-1]+uint32(x))
		b = b[k:]
	}
	return at, nil
}

// check verifies that the sections agree, so that lookups cannot index out of range.
func (t *table) check() error {
	n := len(t.ids)
	for _, c := range []int{len(t.lat), len(t.lon), len(t.clat), len(t.clon), len(t.pop), len(t.cc) / 2, len(t.kind), len(t.feat), t.names.len(), len(t.adm1), len(t.adm2)} {
		if c != n {
			return fmt.Errorf("columns disagree: %d places, a column of %d", n, c)
		}
	}
	if len(t.cc) != 2*n {
		return errors.New("country column has odd length")
	}
	for _, f := range t.feat {
		if int(f) >= len(t.feats) {
			return errors.New("feature code out of range")
		}
	}
	for i := range t.adm1 {
		if int(t.adm1[i]) >= t.codes.len() || int(t.adm2[i]) >= t.codes.len() {
			return errors.New("admin code out of range")
		}
	}
	check := func(keys *strs, postAt, post []uint32) error {
		if len(postAt) != keys.len()+1 || postAt[len(postAt)-1] != uint32(len(post)) {
			return errors.New("postings do not match keys")
		}
		for _, p := range post {
			if int(p>>4) >= n {
				return errors.New("posting out of range")
			}
		}
		return nil
	}
	if err := check(&t.keys, t.postAt, t.post); err != nil {
		return err
	}
	return check(&t.skel, t.skelPostAt, t.skelPost)
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

func bytesU32(b []byte) []uint32 {
	v := make([]uint32, len(b)/4)
	for i := range v {
		v[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return v
}

func bytesF32(b []byte) []float32 {
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v
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

// parents fills par1 and par2 from the admin codes, so that Within needs no
// map of strings. Codes are interned per table, so a code is a number here.
func (t *table) parents() {
	key := func(i int, a2 uint32) uint64 {
		return uint64(t.cc[2*i])<<56 | uint64(t.cc[2*i+1])<<48 | uint64(t.adm1[i])<<24 | uint64(a2)
	}
	const none = 1<<24 - 1
	admins := map[uint64]uint32{}
	for i, k := range t.kind {
		switch k &^ approxBit {
		case Admin1:
			admins[key(i, none)] = uint32(i) + 1
		case Admin2:
			admins[key(i, t.adm2[i])] = uint32(i) + 1
		}
	}
	t.par1, t.par2 = make([]uint32, len(t.kind)), make([]uint32, len(t.kind))
	if len(admins) == 0 || t.codes.len() >= none {
		return
	}
	for i, k := range t.kind {
		k &^= approxBit
		if k == Country || k == Region || k == Admin1 || t.admin1(i) == "" {
			continue
		}
		t.par1[i] = admins[key(i, none)]
		if k != Admin2 && t.admin2(i) != "" {
			t.par2[i] = admins[key(i, t.adm2[i])]
		}
	}
}
