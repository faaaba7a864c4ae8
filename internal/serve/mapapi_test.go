package serve

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/store"
)

// TestMapAPI holds the endpoints the map reads (lists of incidents and
// documents, days, trends, points in columns) to the events stored.
func TestMapAPI(t *testing.T) {
	f := newFixture(t, genDocs("m", 11, 240), Options{})
	base := f.srv.URL
	located := func(keep func(*event.Event) bool) []event.Event {
		return selectEvents(f.events, func(e *event.Event) bool { return e.Latitude != nil && keep(e) })
	}

	t.Run("incidents", func(t *testing.T) {
		for _, q := range []string{"", "type=Protests", "outlet=Daily+Ledger&min_fatalities=4", "admin1=Province+3"} {
			v, _ := url.ParseQuery(q)
			p := newParams(v, filterParams)
			filter := p.filter()
			want := map[int64]bool{}
			for _, e := range f.events {
				if (filter.EventType == "" || string(e.EventType) == filter.EventType) && (filter.Outlet == "" || e.Outlet == filter.Outlet) &&
					e.Fatalities >= filter.MinFatalities && (filter.Admin1 == "" || e.Admin1 == filter.Admin1) {
					id, err := f.store.IncidentOf(t.Context(), e.ID)
					if err != nil {
						t.Fatal(err)
					}
					want[id] = true
				}
			}
			got := map[int64]bool{}
			cursor := ""
			for pages := 0; ; pages++ {
				var page struct {
					Incidents []struct {
						ID      int64         `json:"id"`
						Reports []fuse.Report `json:"reports"`
					} `json:"incidents"`
					Next *string `json:"next"`
				}
				u := base + "/api/v1/incidents?limit=7&" + q
				if cursor != "" {
					u += "&cursor=" + url.QueryEscape(cursor)
				}
				getJSON(t, u, &page)
				for _, inc := range page.Incidents {
					if got[inc.ID] || len(inc.Reports) == 0 {
						t.Fatalf("%s: incident %d twice or without reports", q, inc.ID)
					}
					got[inc.ID] = true
				}
				if page.Next == nil {
					break
				}
				cursor = *page.Next
			}
			if len(got) != len(want) || len(want) == 0 {
				t.Errorf("%q: %d incidents, want %d", q, len(got), len(want))
			}
		}
	})

	t.Run("documents", func(t *testing.T) {
		var page struct {
			Documents []store.DocumentSummary `json:"documents"`
			Next      *string                 `json:"next"`
		}
		getJSON(t, base+"/api/v1/documents?limit=1000", &page)
		if len(page.Documents) != len(f.docs) || page.Next != nil {
			t.Errorf("%d documents (next %v), want %d", len(page.Documents), page.Next, len(f.docs))
		}
		want := 0
		for _, d := range f.docs {
			if d.Document.Outlet == "Radio Qamar" {
				want++
			}
		}
		var all []store.DocumentSummary
		cursor := ""
		for {
			u := base + "/api/v1/documents?outlet=Radio+Qamar&limit=10"
			if cursor != "" {
				u += "&cursor=" + url.QueryEscape(cursor)
			}
			getJSON(t, u, &page)
			all = append(all, page.Documents...)
			if page.Next == nil {
				break
			}
			cursor = *page.Next
		}
		if len(all) != want || all[0].Outlet != "Radio Qamar" || all[0].Events != 1 || all[0].Title == "" {
			t.Errorf("Radio Qamar: %d documents, want %d: %+v", len(all), want, all[:min(1, len(all))])
		}
		for _, bad := range []string{"cursor=zzz", "q=%22open", "min_fatalities=-2", "nope=1"} {
			if status, body, _ := get(t, base+"/api/v1/documents?"+bad); status != http.StatusBadRequest {
				t.Errorf("documents?%s: %d %s, want 400", bad, status, body)
			}
		}
	})

	t.Run("days", func(t *testing.T) {
		var res struct {
			Days    []store.Day `json:"days"`
			Undated int         `json:"undated"`
		}
		getJSON(t, base+"/api/v1/days?type=Battles&start=2024-02-01&end=2024-03-31", &res)
		want := map[string]store.Day{}
		for _, e := range f.events {
			if e.EventType == event.Battles && e.EventDate >= "2024-02-01" && e.EventDate <= "2024-03-31" {
				d := want[e.EventDate]
				d.Date, d.Events, d.Fatalities = e.EventDate, d.Events+1, d.Fatalities+e.Fatalities
				want[e.EventDate] = d
			}
		}
		if len(res.Days) != len(want) || len(want) == 0 {
			t.Fatalf("%d days, want %d", len(res.Days), len(want))
		}
		for _, d := range res.Days {
			if d != want[d.Date] {
				t.Errorf("%+v, want %+v", d, want[d.Date])
			}
		}
	})

	t.Run("trends", func(t *testing.T) {
		var res struct {
			Date      string        `json:"date"`
			Countries []store.Trend `json:"countries"`
			Admin1    []store.Trend `json:"admin1"`
		}
		getJSON(t, base+"/api/v1/trends?date=2024-04-10", &res)
		end, _ := fuse.Day("2024-04-10")
		week, before := 0, 0
		for _, e := range f.events {
			d, _ := fuse.Day(e.EventDate)
			switch {
			case d > end-7 && d <= end:
				week++
			case d > end-35 && d <= end-7:
				before++
			}
		}
		if res.Date != "2024-04-10" || len(res.Countries) != 1 || res.Countries[0].Events != week || res.Countries[0].PrevEvents != before || len(res.Admin1) == 0 {
			t.Errorf("trends %+v, want Xland with %d and %d events", res, week, before)
		}
		if status, _, _ := get(t, base+"/api/v1/trends?date=2024-13-01"); status != http.StatusBadRequest {
			t.Errorf("trends with a bad date: %d", status)
		}
	})

	t.Run("points in columns", func(t *testing.T) {
		var c struct {
			Count     int
			Truncated bool
			ID        []string
			Lon, Lat  []float64
			Day       []*int
			Type      []int
			Location  []int
			Strings   []string
		}
		getJSON(t, base+"/api/v1/points?format=columns&limit=100000&sub_type=Attack", &c)
		want := located(func(e *event.Event) bool { return e.SubEventType == "Attack" })
		if c.Count != len(want) || len(c.ID) != c.Count || len(c.Lon) != c.Count || len(c.Day) != c.Count || c.Truncated {
			t.Fatalf("%d points in columns of %d, %d, %d (truncated %v), want %d", c.Count, len(c.ID), len(c.Lon), len(c.Day), c.Truncated, len(want))
		}
		byID := map[string]event.Event{}
		for _, e := range want {
			byID[e.ID] = e
		}
		for i, id := range c.ID {
			e := byID[id]
			d, _ := fuse.Day(e.EventDate)
			if c.Strings[c.Type[i]] != string(e.EventType) || c.Strings[c.Location[i]] != e.Location || c.Day[i] == nil || *c.Day[i] != d ||
				fmt.Sprintf("%.4f", c.Lat[i]) != fmt.Sprintf("%.4f", *e.Latitude) {
				t.Fatalf("point %d (%s) does not match its event %+v", i, id, e)
			}
		}
		getJSON(t, base+"/api/v1/points?format=columns&limit=3", &c)
		if c.Count != 3 || !c.Truncated {
			t.Errorf("limit 3: %d points, truncated %v", c.Count, c.Truncated)
		}
		if status, _, _ := get(t, base+"/api/v1/points?format=rows"); status != http.StatusBadRequest {
			t.Errorf("an unknown format: %d", status)
		}
	})

	t.Run("points in binary", func(t *testing.T) {
		// The same points as the columns, in the same order.
		var c struct {
			Count      int
			Truncated  bool
			ID         []string
			Lon, Lat   []float64
			Day        []*int
			Fatalities []int
			Hedged     []int
			Type       []int
			Actor2     []int
			Strings    []string
		}
		const q = "limit=100000&sub_type=Attack"
		getJSON(t, base+"/api/v1/points?format=columns&"+q, &c)
		status, body, h := get(t, base+"/api/v1/points?format=binary&"+q)
		if status != http.StatusOK || h.Get("Content-Type") != "application/octet-stream" {
			t.Fatalf("binary: %d %s", status, h.Get("Content-Type"))
		}
		b := decodeBinaryPoints(t, body)
		if b.Count != c.Count || b.Truncated != c.Truncated || c.Count == 0 {
			t.Fatalf("binary: %d points (truncated %v), columns %d (%v)", b.Count, b.Truncated, c.Count, c.Truncated)
		}
		for i := range c.Count {
			day := int32(undatedDay)
			if c.Day[i] != nil {
				day = int32(*c.Day[i])
			}
			if b.IDs[i] != c.ID[i] || b.Lon[i] != float32(c.Lon[i]) || b.Lat[i] != float32(c.Lat[i]) || b.Day[i] != day ||
				int(b.Fatalities[i]) != c.Fatalities[i] || int(b.Hedged[i]) != c.Hedged[i] ||
				b.Strings[b.Str[0][i]] != c.Strings[c.Type[i]] || b.Strings[b.Str[7][i]] != c.Strings[c.Actor2[i]] {
				t.Fatalf("point %d differs: binary %s %v,%v day %d, columns %s %v,%v", i, b.IDs[i], b.Lon[i], b.Lat[i], b.Day[i], c.ID[i], c.Lon[i], c.Lat[i])
			}
		}
		_, body, _ = get(t, base+"/api/v1/points?format=binary&limit=3")
		if b := decodeBinaryPoints(t, body); b.Count != 3 || !b.Truncated {
			t.Errorf("limit 3: %d points, truncated %v", b.Count, b.Truncated)
		}
		_, body, _ = get(t, base+"/api/v1/points?format=binary&country=Nowhere")
		if b := decodeBinaryPoints(t, body); b.Count != 0 || len(b.IDs) != 0 {
			t.Errorf("no match: %d points", b.Count)
		}
	})
}

// TestAssets serves the page's files: compressed when the client takes
// gzip, revalidated by ETag, 404 for what is not there.
func TestAssets(t *testing.T) {
	srv := newFixture(t, nil, Options{}).srv
	req := func(path string, h map[string]string) (*http.Response, []byte) {
		t.Helper()
		r, _ := http.NewRequest("GET", srv.URL+path, nil)
		for k, v := range h {
			r.Header.Set(k, v)
		}
		// The transport must not ask for gzip on its own.
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(r)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, body
	}
	want, err := files.ReadFile("static/dist/app.js")
	if err != nil {
		t.Fatal(err)
	}
	res, plain := req("/static/dist/app.js", nil)
	if res.StatusCode != 200 || !bytes.Equal(plain, want) || res.Header.Get("Content-Type") != "text/javascript; charset=utf-8" || res.Header.Get("Content-Encoding") != "" {
		t.Fatalf("app.js: %d %v", res.StatusCode, res.Header)
	}
	res, zipped := req("/static/dist/app.js", map[string]string{"Accept-Encoding": "br, gzip;q=0.8"})
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil || res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("app.js with gzip: %v %v", res.Header, err)
	}
	if unzipped, _ := io.ReadAll(zr); !bytes.Equal(unzipped, want) || len(zipped) >= len(want)/2 {
		t.Errorf("gzip'd app.js: %d bytes, unzipped to %d, want %d", len(zipped), len(unzipped), len(want))
	}
	if res, _ := req("/static/dist/app.js", map[string]string{"Accept-Encoding": "gzip;q=0"}); res.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}
	etag := res.Header.Get("ETag")
	if res, body := req("/static/dist/app.js", map[string]string{"If-None-Match": etag}); res.StatusCode != http.StatusNotModified || len(body) != 0 || etag == "" {
		t.Errorf("revalidating with %s: %d, %d bytes", etag, res.StatusCode, len(body))
	}
	for path, ctype := range map[string]string{"/": "text/html; charset=utf-8", "/static/dist/app.css": "text/css; charset=utf-8",
		"/static/dist/basemap.json": "application/json", "/static/dist/maplibre-gl-worker.mjs": "text/javascript; charset=utf-8",
		"/static/dist/LICENSES.txt": "text/plain; charset=utf-8"} {
		if res, body := req(path, nil); res.StatusCode != 200 || res.Header.Get("Content-Type") != ctype || len(body) == 0 {
			t.Errorf("GET %s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	for _, path := range []string{"/static/dist/nope.js", "/static/dist/", "/static/index.html/x", "/static/dist/.hidden.js"} {
		if res, body := req(path, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d %s, want 404", path, res.StatusCode, body)
		}
	}
	// A path that climbs out is cleaned by the router, never served.
	if res, body := req("/static/../openapi.json", nil); res.StatusCode == http.StatusOK {
		t.Errorf("GET /static/../openapi.json: 200 %.80s", body)
	}
	// The licences of what the page bundles are served with it.
	_, lic := req("/static/dist/LICENSES.txt", nil)
	for _, name := range []string{"maplibre-gl", "uplot", "topojson-client", "world-atlas", "Natural Earth", "GeoNames"} {
		if !strings.Contains(string(lic), name) {
			t.Errorf("LICENSES.txt does not name %s", name)
		}
	}
}

// TestPageSize holds the page's own script and styles (MapLibre's worker
// and the clustering worker included, the basemap's data not) under 1 MB gzip'd, the budget,
// and logs the figures.
func TestPageSize(t *testing.T) {
	total := 0
	for _, name := range []string{"app.js", "app.css", "maplibre-gl-worker.mjs", "cluster-worker.js", "../index.html", "basemap.json", "basemap-50m.json"} {
		body, err := os.ReadFile(filepath.Join("static", "dist", name))
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		t.Logf("%s: %d bytes, %d gzip'd", name, len(body), b.Len())
		if !strings.HasPrefix(name, "basemap") {
			total += b.Len()
		}
	}
	t.Logf("the page's own files: %d bytes gzip'd", total)
	if total > 1<<20 {
		t.Errorf("the page's script and styles are %d bytes gzip'd, over the 1 MB budget", total)
	}
}

// TestOpenAPIPoints checks that the documented formats of /points are the
// ones served.
func TestOpenAPIPoints(t *testing.T) {
	doc, _ := readOpenAPI(t)
	var found bool
	for _, p := range doc.Paths["/api/v1/points"]["get"].Parameters {
		if p.Name == "format" {
			found = true
			if strings.Join(p.Schema.Enum, ",") != "objects,columns,binary" {
				t.Errorf("format enum %v", p.Schema.Enum)
			}
		}
	}
	if !found {
		t.Error("/api/v1/points documents no format parameter")
	}
}

type binaryPoints struct {
	Count      int
	Truncated  bool
	Strings    []string
	IDs        []string `json:"-"` // from the ids section, not the header
	Lon, Lat   []float32
	Day        []int32
	Fatalities []uint32
	Str        [8][]uint32
	Hedged     []byte
}

// decodeBinaryPoints reads format=binary as the page does, checking that
// every column is where the header says and nothing is left over.
func decodeBinaryPoints(t *testing.T, body []byte) binaryPoints {
	t.Helper()
	if len(body) < 4 {
		t.Fatalf("binary points: %d bytes", len(body))
	}
	hl := int(binary.LittleEndian.Uint32(body))
	if hl%4 != 0 || 4+hl > len(body) {
		t.Fatalf("binary points: header of %d bytes in %d", hl, len(body))
	}
	var b binaryPoints
	if err := json.Unmarshal(body[4:4+hl], &b); err != nil {
		t.Fatalf("binary points: header: %v", err)
	}
	n, rest := b.Count, body[4+hl:]
	cols := n*(4*12+1) + (4-n%4)%4 // then zero bytes to a multiple of 4
	if len(rest) < cols+4*(n+1) {
		t.Fatalf("binary points: %d bytes after the header for %d points", len(rest), n)
	}
	off := rest[cols:]
	idBytes := off[4*(n+1):]
	if last := binary.LittleEndian.Uint32(off[4*n:]); int(last) != len(idBytes) || binary.LittleEndian.Uint32(off) != 0 {
		t.Fatalf("binary points: ids end at %d of %d bytes", last, len(idBytes))
	}
	for i := range n {
		a, z := binary.LittleEndian.Uint32(off[4*i:]), binary.LittleEndian.Uint32(off[4*i+4:])
		if a > z || int(z) > len(idBytes) {
			t.Fatalf("binary points: id %d at [%d, %d)", i, a, z)
		}
		b.IDs = append(b.IDs, string(idBytes[a:z]))
	}
	rest = rest[:n*(4*12+1)]
	u32 := func() []uint32 {
		v := make([]uint32, n)
		for i := range v {
			v[i] = binary.LittleEndian.Uint32(rest[4*i:])
		}
		rest = rest[4*n:]
		return v
	}
	for _, c := range []*[]float32{&b.Lon, &b.Lat} {
		for _, v := range u32() {
			*c = append(*c, math.Float32frombits(v))
		}
	}
	for _, v := range u32() {
		b.Day = append(b.Day, int32(v))
	}
	b.Fatalities = u32()
	for i := range b.Str {
		b.Str[i] = u32()
	}
	b.Hedged = rest
	return b
}
