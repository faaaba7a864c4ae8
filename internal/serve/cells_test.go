package serve

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// cellEvent is an event of the cells' fixture: where, its deaths, type
// and whether its report hedges.
type cellEvent struct {
	lon, lat float32
	fat      uint32
	typ      string
	hedged   bool
}

// Invented events: three and a fourth near one another (one hedged, one
// of a type that is not ACLED's, drawn as the last), two at one point,
// two alone, and one by the antimeridian.
var cellEvents = []cellEvent{
	{36.8, -1.28, 2, "Battles", false},
	{36.82, -1.3, 0, "Protests", false},
	{36.81, -1.29, 1, "Riots", true},
	{30.05, 31.23, 5, "Explosions/Remote violence", false},
	{30.05, 31.23, 3, "Violence against civilians", false},
	{-58.4, -34.6, 0, "Strategic developments", false},
	{100.5, 13.75, 7, "Battles", false},
	{179.9, -17.7, 0, "Protests", false},
	{36.9, -1.2, 4, "Looting", false},
}

// TestCells holds the server's cells to what web/src/cluster-worker.js
// answers for the same events, zoom and view: the rows below are the
// worker's own, printed by running it in Node on cellEvents (as float32,
// as the page holds them), to the last bit. A lone event's row carries,
// after the worker's four numbers, its type, deaths, hedging and id.
func TestCells(t *testing.T) {
	x, err := newCellIndex(encodeCellEvents(cellEvents))
	if err != nil {
		t.Fatal(err)
	}
	world := [4]float64{-180, -85, 180, 85}
	for _, c := range []struct {
		z    int
		view [4]float64
		want [][]float64
	}{
		{0, world, [][]float64{
			{-58.400001525878906, -34.599998474121094, -1, 5},
			{30.049999237060547, 31.229999542236328, 1, 2, 8, 3, 0, 1, 1, 0, 0, 0},
			{36.83250045776367, -1.2674999833106995, 2, 4, 7, 0, 1, 0, 0, 1, 1, 1},
			{100.5, 13.75, -1, 6},
			{179.89999389648438, -17.700000762939453, -1, 7},
		}},
		{3, world, [][]float64{
			{-58.400001525878906, -34.599998474121094, -1, 5},
			{30.049999237060547, 31.229999542236328, 3145729, 2, 8, 3, 0, 1, 1, 0, 0, 0},
			{36.83250045776367, -1.2674999833106995, 3145730, 4, 7, 0, 1, 0, 0, 1, 1, 1},
			{100.5, 13.75, -1, 6},
			{179.89999389648438, -17.700000762939453, -1, 7},
		}},
		{8, world, [][]float64{
			{-58.400001525878906, -34.599998474121094, -1, 5},
			{30.049999237060547, 31.229999542236328, 8388609, 2, 8, 3, 0, 1, 1, 0, 0, 0},
			{36.79999923706055, -1.2799999713897705, -1, 0},
			{36.84333419799805, -1.2633333206176758, 8388611, 3, 5, 8, 0, 0, 0, 1, 1, 1},
			{100.5, 13.75, -1, 6},
			{179.89999389648438, -17.700000762939453, -1, 7},
		}},
		// Beyond the last zoom that splits (15): the finest level, where
		// only the two events at one point stay together.
		{16, world, [][]float64{
			{-58.400001525878906, -34.599998474121094, -1, 5},
			{30.049999237060547, 31.229999542236328, 22020097, 2, 8, 3, 0, 1, 1, 0, 0, 0},
			{36.79999923706055, -1.2799999713897705, -1, 0},
			{36.900001525878906, -1.2000000476837158, -1, 8},
			{36.810001373291016, -1.2899999618530273, -1, 2},
			{36.81999969482422, -1.2999999523162842, -1, 1},
			{100.5, 13.75, -1, 6},
			{179.89999389648438, -17.700000762939453, -1, 7},
		}},
		// A view west of -180 holds the events east of 180, as the page's
		// padded view does past the antimeridian.
		{3, [4]float64{-200, -60, -150, 0}, [][]float64{
			{179.89999389648438, -17.700000762939453, -1, 7},
		}},
		{8, [4]float64{30, -5, 40, 35}, [][]float64{
			{30.049999237060547, 31.229999542236328, 8388609, 2, 8, 3, 0, 1, 1, 0, 0, 0},
			{36.79999923706055, -1.2799999713897705, -1, 0},
			{36.84333419799805, -1.2633333206176758, 8388611, 3, 5, 8, 0, 0, 0, 1, 1, 1},
		}},
	} {
		var got [][]float64
		x.clusters(c.z, c.view, func(row []float64, single int) {
			if single >= 0 {
				e := cellEvents[single]
				hedged := 0.0
				if e.hedged {
					hedged = 1
				}
				typ := float64(slices.Index([]string{"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots"}, e.typ))
				if typ < 0 {
					typ = 5
				}
				if want := []float64{float64(single), typ, float64(e.fat), hedged}; !slices.Equal(row[3:], want) {
					t.Errorf("zoom %d: lone event %d: %v, want index, type, deaths, hedged %v", c.z, single, row[3:], want)
				}
				row = row[:4]
			}
			got = append(got, slices.Clone(row))
		})
		if !slices.EqualFunc(got, c.want, slices.Equal[[]float64]) {
			t.Errorf("zoom %d, view %v:\n got %v\nwant %v", c.z, c.view, got, c.want)
		}
	}
}

// TestCellsAPI: /api/v1/cells answers the cells of the points' answer
// (its ETag, its count), every event counted once over the world, and
// the zoom and view of a canvas as the page fits the points' frame.
func TestCellsAPI(t *testing.T) {
	f := newFixture(t, genDocs("c", 17, 120), Options{})
	_, _, pts := get(t, f.srv.URL+"/api/v1/points?limit=250000&format=binary")
	type answer struct {
		Zoom     int
		View     [4]float64
		Etag     string
		Count    int
		Clusters [][]any
	}
	read := func(q string) answer {
		t.Helper()
		code, body, _ := get(t, f.srv.URL+"/api/v1/cells?"+q)
		if code != http.StatusOK {
			t.Fatalf("cells?%s: %d %s", q, code, body)
		}
		var a answer
		if err := json.Unmarshal(body, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	for _, z := range []int{0, 4, 9, 16} {
		a := read("zoom=" + strconv.Itoa(z))
		if a.Etag == "" || a.Etag != pts.Get("ETag") {
			t.Errorf("zoom %d: etag %q, want the points' %q", z, a.Etag, pts.Get("ETag"))
		}
		n := 0
		for _, r := range a.Clusters {
			if r[2].(float64) < 0 {
				n++
				if _, ok := r[7].(string); !ok || len(r) != 8 {
					t.Errorf("zoom %d: lone event %v: want 8 values, its id last", z, r)
				}
			} else {
				n += int(r[3].(float64))
			}
		}
		if a.Count == 0 || n != a.Count {
			t.Errorf("zoom %d: %d events in the cells, want the points' %d", z, n, a.Count)
		}
	}
	// The frame of genDocs' places on a 1280x800 canvas.
	_, _, hd := get(t, f.srv.URL+"/api/v1/points?limit=250000&format=binary")
	var frame [4]float64
	for i, s := range strings.Split(hd.Get(framePointsHeader), ",") {
		frame[i], _ = strconv.ParseFloat(s, 64)
	}
	z, view, ok := fitView(frame, 1280, 800)
	if a := read("canvas=1280x800"); !ok || a.Zoom != z || a.View != view {
		t.Errorf("canvas 1280x800: zoom %d, view %v; want %d, %v", a.Zoom, a.View, z, view)
	}
	if z < 1 || view[0] > frame[0] || view[2] < frame[2] || view[1] > frame[1] || view[3] < frame[3] {
		t.Errorf("frame %v on 1280x800: zoom %d, view %v does not hold it", frame, z, view)
	}
	for _, q := range []string{"zoom=17", "zoom=-1", "view=1,2,3", "view=10,0,5,1", "canvas=12", "canvas=1280x800&zoom=3", "format=binary"} {
		if code, _, _ := get(t, f.srv.URL+"/api/v1/cells?"+q); code != http.StatusBadRequest {
			t.Errorf("cells?%s: %d, want 400", q, code)
		}
	}
}

// TestFitView: a frame whose fit falls between whole zooms, and the
// world's padded view.
func TestFitView(t *testing.T) {
	// 32° by 45°, with fitFrame's margins 37.12° by 52.2° (-3.6° to
	// 48.6°): zoom log2(min(1220 / (512 * 37.12/360), 740 / (512 *
	// 0.1653))) = log2(min(23.1, 8.74)) = 3.13.
	z, view, ok := fitView([4]float64{20, 0, 52, 45}, 1280, 800)
	if !ok || z != 3 {
		t.Fatalf("zoom %d (%v), want 3", z, ok)
	}
	if view[0] >= 20 || view[2] <= 52 || view[1] >= 0 || view[3] <= 45 || view[3] > 85 || view[1] < -85 {
		t.Errorf("view %v", view)
	}
	if _, _, ok := fitView([4]float64{math.NaN(), 0, 0, 0}, 1280, 800); ok {
		t.Errorf("no frame: fitted")
	}
	if z, view, _ := fitView([4]float64{-170, -60, 170, 70}, 400, 300); z != 0 || view[0] != -180 || view[2] != 180 {
		t.Errorf("the world on 400x300: zoom %d, view %v; want 0 and the whole world", z, view)
	}
}

// encodeCellEvents encodes events as pointBinary does (format=binary), with
// ids ev-0, ev-1, …, undated, and empty strings but the type.
func encodeCellEvents(evs []cellEvent) []byte {
	strs := []string{""}
	index := map[string]uint32{"": 0}
	ref := func(s string) uint32 {
		if i, ok := index[s]; ok {
			return i
		}
		index[s] = uint32(len(strs))
		strs = append(strs, s)
		return index[s]
	}
	n := len(evs)
	types := make([]uint32, n)
	for i, e := range evs {
		types[i] = ref(e.typ)
	}
	head, _ := json.Marshal(map[string]any{"count": n, "truncated": false, "strings": strs})
	for len(head)%4 != 0 {
		head = append(head, ' ')
	}
	out := binary.LittleEndian.AppendUint32(nil, uint32(len(head)))
	out = append(out, head...)
	for _, e := range evs {
		out = binary.LittleEndian.AppendUint32(out, math.Float32bits(e.lon))
	}
	for _, e := range evs {
		out = binary.LittleEndian.AppendUint32(out, math.Float32bits(e.lat))
	}
	for range evs {
		out = binary.LittleEndian.AppendUint32(out, uint32(undatedDay&math.MaxUint32))
	}
	for _, e := range evs {
		out = binary.LittleEndian.AppendUint32(out, e.fat)
	}
	for _, v := range types {
		out = binary.LittleEndian.AppendUint32(out, v)
	}
	out = append(out, make([]byte, 7*4*n)...) // sub_type … actor2: ""
	for _, e := range evs {
		if e.hedged {
			out = append(out, 1)
		} else {
			out = append(out, 0)
		}
	}
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	var ids []byte
	out = binary.LittleEndian.AppendUint32(out, 0)
	for i := range evs {
		ids = append(ids, "ev-"+strconv.Itoa(i)...)
		out = binary.LittleEndian.AppendUint32(out, uint32(len(ids)))
	}
	return append(out, ids...)
}
