package gazetteer

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"github.com/sitrep/sitrep/internal/rusage"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testColumns builds the columns of a few places through the same path as Build.
func testColumns(t testing.TB) *columns {
	t.Helper()
	var buf bytes.Buffer
	if _, err := Build(context.Background(), "testdata/geonames", &buf); err != nil {
		t.Fatal(err)
	}
	ts, err := decodeTables(buf.String(), true)
	if err != nil || len(ts) != 1 {
		t.Fatalf("%d tables, %v", len(ts), err)
	}
	return columnsOf(ts[0])
}

// columnsOf reads a table back into columns, to encode again.
func columnsOf(t *table) *columns {
	c := &columns{feats: t.feats, cc: []byte(t.cc), feat: []byte(t.feat)}
	for i := range t.n {
		c.ids = append(c.ids, t.ids.at(i))
		c.lat, c.lon = append(c.lat, t.lat.f32(i)), append(c.lon, t.lon.f32(i))
		c.clat, c.clon = append(c.clat, t.clat.f32(i)), append(c.clon, t.clon.f32(i))
		c.pop = append(c.pop, t.pop.at(i))
		c.kind = append(c.kind, t.kindAt(i))
		c.names = append(c.names, t.names.get(i))
		c.adm1, c.adm2 = append(c.adm1, t.adm1.at(i)), append(c.adm2, t.adm2.at(i))
	}
	for i := range t.codes.len() {
		c.codes = append(c.codes, t.codes.get(i))
	}
	for _, l := range []struct {
		x   *index
		dst *[]keyPosts
	}{{&t.keys, &c.keys}, {&t.skel, &c.skel}} {
		l.x.each(func(key string, post u32s, _ byte) bool {
			if post.len() > 0 { // word prefixes are made again
				kp := keyPosts{key: key}
				for k := range post.len() {
					kp.post = append(kp.post, post.at(k))
				}
				*l.dst = append(*l.dst, kp)
			}
			return true
		})
	}
	return c
}

func TestTableRoundTrip(t *testing.T) {
	// The same bytes read back to the same table.
	raw := testColumns(t).encode()
	again, rest, err := readTable(string(raw), true)
	if err != nil || len(rest) != 0 {
		t.Fatalf("readTable: %v, %d bytes left", err, len(rest))
	}
	if !bytes.Equal(columnsOf(again).encode(), raw) {
		t.Errorf("table does not survive a round trip")
	}
	// Two tables in a row are two segments.
	two, err := decodeTables(string(raw)+string(raw), true)
	if err != nil || len(two) != 2 {
		t.Errorf("two segments: %d tables, %v", len(two), err)
	}
	// A broken posting, slot or offset is found when the file is read.
	corrupt := func(tag string, at int, b byte) string {
		data := []byte(string(raw))
		for i := len(magic); i+8 <= len(data); {
			n := int(binary.LittleEndian.Uint32(data[i+4:]))
			if string(data[i:i+4]) == tag {
				data[i+8+at] = b
				return string(data)
			}
			i += 8 + n
		}
		t.Fatalf("no section %q", tag)
		return ""
	}
	for _, c := range []struct {
		name string
		data string
		want string
	}{
		{"empty", "", "empty"},
		{"not a gazetteer", "hello\n", "bad magic"},
		{"another version", "sitrep-gazetteer-3\nIDS ", "format 3"},
		{"truncated", string(raw[:len(raw)/2]), "truncated"},
		{"no end", string(raw[:len(raw)-8]), "truncated"},
		{"broken zstd", "\x28\xb5\x2f\xfd\x01\x02\x03", "decompressing"},
		{"place count", corrupt("META", 0, 0xff), "columns disagree"},
		{"name offset", corrupt("NOFF", 4, 0xff), "string offsets"},
		{"admin code", corrupt("ADM1", 0, 0xff), "admin code out of range"},
		{"slot", corrupt("KSLT", 0, 0xf1), "slot"},
	} {
		_, err := decodeTables(c.data, true)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}

// TestDefaultVerifies reads the embedded table whole, as files from disk
// are read, since Default trusts it and checks only its sizes.
func TestDefaultVerifies(t *testing.T) {
	if _, err := decodeTables(embedded, true); err != nil {
		t.Fatal(err)
	}
}

func FuzzReadTable(f *testing.F) {
	f.Add(testColumns(f).encode())
	f.Add([]byte(magic + "END \x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tabs, err := decodeTables(string(data), true)
		if err != nil {
			return
		}
		// Whatever reads must be safe to look up.
		g := &Gazetteer{layers: tabs, countries: map[string]Ref{}}
		for l, tb := range tabs {
			for i := range tb.size() {
				r := makeRef(l, i)
				g.Place(r)
				g.Within(r)
			}
			tb.keys.each(func(key string, _ u32s, _ byte) bool {
				ms, _ := g.Find(nil, key)
				for _, m := range ms {
					g.Place(m.Ref)
				}
				return true
			})
		}
	})
}

func TestParseNames(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
	}{
		{"ok", "# comment\n\nalias\tU.S.\tUS\nplace\tX\tPPL\tKE\t\t\t1\t2\t30\ta,b\n", ""},
		{"unknown record", "alias\tA\tUS\nfoo\tbar\n", "f.tsv:2: unknown record"},
		{"too few fields", "alias\tA\n", "f.tsv:1: alias wants 2"},
		{"bad coordinates", "place\tX\tPPL\tKE\t\t\t91\t2\n", "f.tsv:1: bad coordinates"},
		{"bad population", "place\tX\tPPL\tKE\t\t\t1\t2\tmany\n", "bad population"},
		{"bad country", "place\tX\tPPL\tKEN\t\t\t1\t2\n", "not an ISO 3166 alpha-2"},
		{"empty name", "demonym\t\tKE\n", "empty name"},
	} {
		recs, err := parseNames("f.tsv", strings.NewReader(c.in))
		for _, r := range recs {
			if r.kind == "place" && err == nil {
				_, _, err = placeOf(r)
			}
		}
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

func FuzzParseNames(f *testing.F) {
	f.Add("alias\tU.S.\tUS\nplace\tX\tPPL\tKE\t\t\t1\t2\t30\ta,b\n")
	f.Add("centre\tUS\t40\t-100\n")
	f.Fuzz(func(t *testing.T, in string) {
		recs, err := parseNames("f", strings.NewReader(in))
		if err != nil {
			return
		}
		for _, r := range recs {
			if r.kind == "place" {
				placeOf(r)
			}
		}
	})
}

func FuzzParseRow(f *testing.F) {
	data, _ := os.ReadFile("testdata/dump.txt")
	for _, l := range strings.Split(string(data), "\n")[:3] {
		f.Add(l)
	}
	f.Add(strings.Repeat("\t", 18))
	f.Fuzz(func(t *testing.T, line string) {
		r, err := parseRow(line)
		if err != nil {
			return
		}
		if r.id <= 0 || r.name == "" || r.lat < -90 || r.lat > 90 || r.pop < 0 {
			t.Fatalf("accepted a bad row: %+v", r)
		}
		r.names(nil)
	})
}

func TestImport(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "SY"+ImportExt)
	// Segments of 2 places keep memory bounded; the file holds them all.
	st, err := ImportFile(context.Background(), "testdata/dump.txt", out, ImportOptions{Segment: 2})
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != 8 || st.Kept != 7 || st.Segments < 3 {
		t.Errorf("stats %+v, want 8 rows, 7 kept (not the river), several segments", st)
	}
	if err := os.WriteFile(filepath.Join(dir, PlacesFile), []byte("place\tYak Lingah\tPPL\tAF\t39\t\t32.6\t65.9\t800\nalias\tKafranbel Town\t940004\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := Load(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	one := func(name string) Place {
		t.Helper()
		ms := g.Lookup(name)
		if len(ms) == 0 {
			t.Fatalf("%q not found", name)
		}
		return g.Place(ms[0].Ref)
	}
	has := func(name string, id int) bool {
		for _, m := range g.Lookup(name) {
			if g.Place(m.Ref).ID == id {
				return true
			}
		}
		return false
	}
	if !has("Kafranbel", 940004) || !has("Kafr Nabl", 940004) {
		t.Errorf("Kafranbel (940004) not found by its names")
	}
	if p := one("Kafranbel Town"); p.ID != 940004 {
		t.Errorf("user alias Kafranbel Town = %+v", p)
	}
	if p := one("Atmeh Camp"); p.Kind != Site {
		t.Errorf("Atmeh Camp = %+v, want a site", p)
	}
	if p := one("Yak Lingah"); p.Country != "AF" || p.ID != 0 {
		t.Errorf("Yak Lingah = %+v", p)
	}
	if ms := g.Lookup("Orontes"); len(ms) != 0 {
		t.Errorf("a river was imported: %v", ms)
	}
	// An imported admin area takes its seat from the PPLA2 inside it and
	// keeps its own point as centre.
	for _, m := range g.Lookup("Ariha District") {
		if p := g.Place(m.Ref); p.ID == 940002 && (p.Lat != float64(float32(35.8128)) || p.CLat != float64(float32(35.8))) {
			t.Errorf("Ariha District = %+v", p)
		}
	}
	// The import's copy of a place replaces the default's in lookups.
	idlib := 0
	for _, m := range g.Lookup("Idlib") {
		if p := g.Place(m.Ref); p.Kind == Admin1 && p.Country == "SY" {
			idlib++
			if p.ID != 169387 || p.Name != "Idlib Governorate" {
				t.Errorf("Idlib governorate from the default, not the import: %+v", p)
			}
		}
	}
	if idlib != 1 {
		t.Errorf("%d Idlib governorates, want the imported one only", idlib)
	}
	if r, ok := g.Admin1("SY", "12"); !ok || g.Place(r).Name != "Idlib Governorate" {
		t.Errorf("Admin1(SY, 12) is not the imported area")
	}

	// The same dump zipped, as GeoNames serves it, and filtered by country.
	zpath := filepath.Join(dir, "SY.zip")
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("about\n"))
	w, _ = zw.Create("SY.txt")
	data, _ := os.ReadFile("testdata/dump.txt")
	w.Write(data)
	zw.Close()
	os.WriteFile(zpath, zb.Bytes(), 0o644)
	st, err = ImportFile(context.Background(), zpath, filepath.Join(dir, "zip"+ImportExt), ImportOptions{Countries: []string{"ps"}})
	if err != nil || st.Kept != 1 {
		t.Errorf("zip import: %+v %v, want 1 place kept (Palestine only)", st, err)
	}
}

func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	data, _ := os.ReadFile("testdata/dump.txt")
	lines := strings.Split(string(data), "\n")
	lines[2] = "12\tbroken"
	os.WriteFile(bad, []byte(strings.Join(lines, "\n")), 0o644)
	out := filepath.Join(dir, "bad"+ImportExt)
	_, err := ImportFile(context.Background(), bad, out, ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "bad.txt:3") {
		t.Errorf("error %v, want one naming bad.txt:3", err)
	}
	if _, serr := os.Stat(out); serr == nil {
		t.Errorf("a failed import left %s behind", out)
	}
	if _, err := ImportFile(context.Background(), filepath.Join(dir, "missing.txt"), out, ImportOptions{}); err == nil {
		t.Errorf("no error for a missing file")
	}
	os.WriteFile(filepath.Join(dir, "trunc.zip"), []byte("PK\x03\x04truncated"), 0o644)
	if _, err := ImportFile(context.Background(), filepath.Join(dir, "trunc.zip"), out, ImportOptions{}); err == nil || !strings.Contains(err.Error(), "trunc.zip") {
		t.Errorf("truncated zip: %v", err)
	}
	// A broken user file is an error naming it; a missing directory is no error.
	udir := t.TempDir()
	os.WriteFile(filepath.Join(udir, PlacesFile), []byte("alias\tX\tNOWHERE\n"), 0o644)
	if _, err := Load(Options{Dir: udir}); err == nil || !strings.Contains(err.Error(), "places.tsv:1") {
		t.Errorf("Load with a bad places.tsv: %v", err)
	}
	if g, err := Load(Options{Dir: filepath.Join(udir, "none")}); err != nil || g != Default() {
		t.Errorf("Load of a missing dir: %v", err)
	}
}

// BenchmarkDefaultLoad measures what Default costs a process once.
func BenchmarkDefaultLoad(b *testing.B) {
	cpu0, n := cpuNow(), 0
	for b.Loop() {
		ts, err := decodeTables(embedded, false)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := assemble(ts, embeddedNames()); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if cpu := cpuNow() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()*1e3/float64(n), "cpu-ms/op")
	}
}

func BenchmarkFind(b *testing.B) {
	g := Default()
	keys := []string{"aleppo", "new", "new york", "kilifi", "the", "police", "ma arrat al numan", "zzzz"}
	var ms []Match
	for b.Loop() {
		for _, k := range keys {
			ms, _ = g.Find(ms[:0], k)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(keys)), "ns/find")
}

// cpuNow is the CPU time the process has used: on a busy machine, what a
// core needed rather than wall time.
func cpuNow() time.Duration {
	d, _ := rusage.CPU()
	return d
}
