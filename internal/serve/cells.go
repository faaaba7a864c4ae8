package serve

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/sitrep/sitrep/internal/event"
)

// The map's first clusters, made by the server: the cells of the quadtree
// web/src/cluster-worker.js clusters the events by, for one zoom and view,
// from the same answer of points the page reads. The page draws them as
// its first frame while the points' megabytes come and are sorted, then
// its own clusters replace them: the same cells, so nothing moves.
//
// Everything here follows cluster-worker.js step by step (the same
// floating-point operations in the same order), so that the cells are the
// worker's to the bit: keep the two in step.

const (
	cellMaxZoom = 15 // MAX_ZOOM: clusters split up to this zoom
	cellFine    = 21 // FINE: the deepest level of the tree
	cellPx      = 46 // CELL_PX: a cell's width on screen
	cellLevelID = 1 << 20
)

// cellScale is SCALE: cells across the world at cellFine.
var cellScale = float64(512.0/cellPx) * (1 << cellFine)

// cellsOf is the quadtree of one kept answer of points, made the first
// time cells are asked of it.
type cellsOf struct {
	once sync.Once
	idx  *cellIndex
	err  error
}

// cellIndex is cluster-worker.js's state after "data" and a "window" of
// every event: the events by Morton key, with running sums.
type cellIndex struct {
	n                int
	lon, lat         []float32
	fat              []uint32
	t, hedged        []uint8
	off              []uint32 // ids: bytes [off[i], off[i+1]) of ids
	ids              []byte
	frame            [4]float64 // as the page reads X-Points-Frame; NaN without points
	key              []uint64
	sorted           []uint32
	lonS, latS, fatS []float64
	typeS            []uint32 // (n+1) * 6

	mu     sync.Mutex
	levels map[int][]uint32
}

// cells answers the clusters of a zoom and view over the points of the
// filters (the answer /api/v1/points?…&format=binary gives), as
// cluster-worker.js's "clusters" does: one row per cluster, [lon, lat,
// id, count, fatalities, an event's index, events of each of the 6 types],
// and per lone event [lon, lat, -1, index, type, fatalities, hedged, id].
func (h *handler) cells(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r.URL.Query(), filterParams, []string{"limit", "zoom", "view", "canvas"})
	f := p.filter()
	limit := p.limit("limit", maxPoints, maxPoints)
	zoom := p.count("zoom")
	view := p.view("view")
	width, height := p.canvas("canvas")
	if zoom > cellMaxZoom+1 {
		p.fail("zoom", "at most "+strconv.Itoa(cellMaxZoom+1))
	}
	if width > 0 && (p.v.Has("zoom") || p.v.Has("view")) {
		p.fail("canvas", "given with zoom or view: the canvas sets both")
	}
	if p.err != nil {
		return p.err
	}
	// The points' answer, as the page asks for it: kept, or shared with the
	// request (or warming) making it.
	q := r.URL.Query()
	q.Del("zoom")
	q.Del("view")
	q.Del("canvas")
	q.Set("format", "binary")
	q.Set("limit", strconv.Itoa(limit))
	fill := func(w http.ResponseWriter) error { return h.pointBinary(w, r, f, limit) }
	e, err := h.answer(r.Context(), "/api/v1/points?"+q.Encode(), fill)
	if err != nil {
		return err
	}
	var idx *cellIndex
	etag := "" // of the points' answer the cells are of, when kept
	if e != nil {
		etag = e.etag
		e.cells.once.Do(func() { e.cells.idx, e.cells.err = newCellIndex(e.body) })
		idx, err = e.cells.idx, e.cells.err
	} else {
		rec := &recorder{header: http.Header{}}
		if err := fill(rec); err != nil {
			return err
		}
		idx, err = newCellIndex(rec.body.Bytes())
	}
	if err != nil {
		return err
	}
	if width > 0 {
		var ok bool
		if zoom, view, ok = fitView(idx.frame, width, height); !ok {
			// No points, or no room for them: nothing to frame.
			zoom, view = 0, [4]float64{-180, -85, 180, 85}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	bw := bufio.NewWriterSize(w, 16<<10)
	bw.WriteString(`{"zoom":` + strconv.Itoa(zoom) + `,"view":[`)
	for k, v := range view {
		if k > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	}
	et, _ := json.Marshal(etag)
	bw.WriteString(`],"etag":` + string(et) + `,"count":` + strconv.Itoa(idx.n) + `,"clusters":[`)
	first := true
	var row []byte
	idx.clusters(zoom, view, func(r []float64, single int) {
		row = row[:0]
		if !first {
			row = append(row, ',')
		}
		first = false
		row = append(row, '[')
		for k, v := range r {
			if k > 0 {
				row = append(row, ',')
			}
			row = strconv.AppendFloat(row, v, 'g', -1, 64)
		}
		if single >= 0 {
			row = append(row, ',')
			row, _ = appendJSONString(row, string(idx.ids[idx.off[single]:idx.off[single+1]]))
		}
		row = append(row, ']')
		bw.Write(row)
	})
	bw.WriteString("]}\n")
	return bw.Flush()
}

func appendJSONString(b []byte, s string) ([]byte, error) {
	j, err := json.Marshal(s)
	return append(b, j...), err
}

// view reads west,south,east,north: the area whose clusters are answered,
// as the page pads its view (west may lie below -180 and east above 180;
// 360° or more is the whole world); the world when absent.
func (p *params) view(name string) [4]float64 {
	s := p.str(name)
	if s == "" {
		return [4]float64{-180, -85, 180, 85}
	}
	parts := strings.Split(s, ",")
	var v [4]float64
	if len(parts) != 4 {
		p.fail(name, "want west,south,east,north")
		return v
	}
	for i, part := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1000 {
			p.fail(name, strconv.Quote(part)+" is not a number of degrees (want west,south,east,north)")
			return v
		}
		v[i] = x
	}
	if v[1] > v[3] || v[0] > v[2] {
		p.fail(name, "south must not lie above north, nor west east of east")
	}
	return v
}

// canvas reads WIDTHxHEIGHT, the map's size in CSS pixels; 0, 0 when absent.
func (p *params) canvas(name string) (int, int) {
	s := p.str(name)
	if s == "" {
		return 0, 0
	}
	ws, hs, _ := strings.Cut(s, "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if err1 != nil || err2 != nil || w < 1 || h < 1 || w > 20000 || h > 20000 {
		p.fail(name, "want WIDTHxHEIGHT in pixels, as 1280x800, not "+strconv.Quote(s))
		return 0, 0
	}
	return w, h
}

// fitView answers the zoom (floored, as the page asks the worker) and the
// padded view the page shows a frame of points at on a canvas of width ×
// height CSS pixels: main.js's fitFrame, MapLibre's fitBounds (padding
// 30, maxZoom 9, the map's minZoom 0.5), its getBounds and events.js's
// pad(…, 0.5). The page draws the answer only when its own zoom is the
// same and its view lies inside the padded one (setCells), so a rounding
// of its own is no harm.
func fitView(frame [4]float64, width, height int) (int, [4]float64, bool) {
	w, s, e, n := frame[0], frame[1], frame[2], frame[3]
	if math.IsNaN(w) || width <= 60 || height <= 60 {
		return 0, [4]float64{}, false
	}
	padLon, padLat := math.Max(0.5, (e-w)*0.08), math.Max(0.5, (n-s)*0.08)
	w, e = math.Max(-180, w-padLon), math.Min(180, e+padLon)
	s, n = math.Max(-85, s-padLat), math.Min(85, n+padLat)
	mx := func(lon float64) float64 { return (180 + lon) / 360 }
	my := func(lat float64) float64 {
		return (180 - (180/math.Pi)*math.Log(math.Tan(math.Pi/4+lat*math.Pi/360))) / 360
	}
	dx, dy := mx(e)-mx(w), my(s)-my(n)
	z := math.Log2(math.Min(float64(width-60)/(512*dx), float64(height-60)/(512*dy)))
	z = math.Max(0.5, math.Min(9, z))
	cx, cy := (mx(w)+mx(e))/2, (my(n)+my(s))/2
	ws := 512 * math.Exp2(z)
	hx, hy := float64(width)/2/ws, float64(height)/2/ws
	lon := func(x float64) float64 { return x*360 - 180 }
	lat := func(y float64) float64 { return 360/math.Pi*math.Atan(math.Exp((180-y*360)*math.Pi/180)) - 90 }
	bw, be, bn, bs := lon(cx-hx), lon(cx+hx), lat(cy-hy), lat(cy+hy)
	ddx, ddy := (be-bw)*0.5, (bn-bs)*0.5
	view := [4]float64{bw - ddx, math.Max(-85, bs-ddy), be + ddx, math.Min(85, bn+ddy)}
	if be-bw+2*ddx >= 360 {
		view[0], view[2] = -180, 180
	}
	return max(0, min(int(math.Floor(z)), cellMaxZoom+1)), view, true
}

// cellType is each ACLED type's index in the page's symbols (symbols.js's
// TYPES, in package event's order); another type is drawn as the last.
var cellType = func() map[string]uint8 {
	m := map[string]uint8{}
	for i, t := range event.Types() {
		m[string(t)] = uint8(i)
	}
	return m
}()

// newCellIndex reads an answer of format=binary (pointBinary) and sorts
// its events as cluster-worker.js's "data" does, then makes the running
// sums of its "window" of every event.
func newCellIndex(body []byte) (*cellIndex, error) {
	if len(body) < 4 {
		return nil, fmt.Errorf("reading the points: %d bytes", len(body))
	}
	hl := int(binary.LittleEndian.Uint32(body))
	if 4+hl > len(body) {
		return nil, fmt.Errorf("reading the points: header of %d bytes in %d", hl, len(body))
	}
	var head struct {
		Count   int      `json:"count"`
		Strings []string `json:"strings"`
	}
	if err := json.Unmarshal(body[4:4+hl], &head); err != nil {
		return nil, fmt.Errorf("reading the points' header: %w", err)
	}
	n, at := head.Count, 4+hl
	if need := at + n*(4*12+1) + 3 + 4*(n+1); len(body) < need {
		return nil, fmt.Errorf("reading the points: %d bytes, want at least %d", len(body), need)
	}
	u32 := func() []uint32 {
		out := make([]uint32, n)
		for i := range out {
			out[i] = binary.LittleEndian.Uint32(body[at+4*i:])
		}
		at += 4 * n
		return out
	}
	f32 := func() []float32 {
		out := make([]float32, n)
		for i, v := range u32() {
			out[i] = math.Float32frombits(v)
		}
		return out
	}
	x := &cellIndex{n: n, levels: map[int][]uint32{}}
	x.lon, x.lat = f32(), f32()
	at += 4 * n // day
	x.fat = u32()
	types := u32()
	at += 7 * 4 * n // sub_type … actor2
	x.hedged = body[at : at+n]
	at += n
	at += (4 - at%4) % 4
	x.off = u32()
	x.off = append(x.off, binary.LittleEndian.Uint32(body[at:]))
	at += 4
	x.ids = body[at:]
	if len(x.ids) < int(x.off[n]) {
		return nil, fmt.Errorf("reading the points: ids of %d bytes, want %d", len(x.ids), x.off[n])
	}
	x.t = make([]uint8, n)
	last := uint8(len(event.Types()) - 1)
	for i, s := range types {
		x.t[i] = last
		if int(s) < len(head.Strings) {
			if t, ok := cellType[head.Strings[s]]; ok {
				x.t[i] = t
			}
		}
	}
	x.frame = [4]float64{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	if fr := pointsFrame(x.lon, x.lat); fr != "" {
		for k, v := range strings.Split(fr, ",") {
			x.frame[k], _ = strconv.ParseFloat(v, 64) // as Number() reads it
		}
	}
	// "data": each event's Morton key at cellFine, and the events by key
	// (ties in the answer's order, as the worker's stable radix sort).
	x.key = make([]uint64, n)
	x.sorted = make([]uint32, n)
	for i := range n {
		cx := math.Min(cellScale-1, math.Max(0, math.Floor(mercX(float64(x.lon[i]))*cellScale)))
		cy := math.Min(cellScale-1, math.Max(0, math.Floor(mercY(float64(x.lat[i]))*cellScale)))
		x.key[i] = morton(uint32(cx)) | morton(uint32(cy))<<1
		x.sorted[i] = uint32(i)
	}
	slices.SortFunc(x.sorted, func(a, b uint32) int {
		return cmp.Or(cmp.Compare(x.key[a], x.key[b]), cmp.Compare(a, b))
	})
	// "window": the running sums, in that order.
	x.lonS, x.latS, x.fatS = make([]float64, n+1), make([]float64, n+1), make([]float64, n+1)
	x.typeS = make([]uint32, (n+1)*6)
	for k, i := range x.sorted {
		x.lonS[k+1] = x.lonS[k] + float64(x.lon[i])
		x.latS[k+1] = x.latS[k] + float64(x.lat[i])
		x.fatS[k+1] = x.fatS[k] + float64(x.fat[i])
		copy(x.typeS[(k+1)*6:(k+2)*6], x.typeS[k*6:(k+1)*6])
		x.typeS[(k+1)*6+int(x.t[i])]++
	}
	return x, nil
}

// clusters gives each cluster and lone event of zoom z whose place lies in
// view, in the worker's order, as its "clusters" does; single is the lone
// event's index, else -1.
func (x *cellIndex) clusters(z int, view [4]float64, each func(row []float64, single int)) {
	l := cellFine
	if z <= cellMaxZoom {
		l = max(0, z)
	}
	starts := x.level(l)
	w, s, e, nb := view[0], view[1], view[2], view[3]
	all := e-w >= 360
	in := func(lon, lat float64) bool {
		return lat >= s && lat <= nb && (all || (lon >= w && lon <= e) || (lon+360 >= w && lon+360 <= e) || (lon-360 >= w && lon-360 <= e))
	}
	row := make([]float64, 0, 12)
	for j := 0; j+1 < len(starts); j++ {
		a, b := int(starts[j]), int(starts[j+1])
		n := b - a
		if n == 1 {
			i := int(x.sorted[a])
			lon, lat := float64(x.lon[i]), float64(x.lat[i])
			if in(lon, lat) {
				each(append(row[:0], lon, lat, -1, float64(i), float64(x.t[i]), float64(x.fat[i]), float64(x.hedged[i])), i)
			}
			continue
		}
		lon, lat := (x.lonS[b]-x.lonS[a])/float64(n), (x.latS[b]-x.latS[a])/float64(n)
		if !in(lon, lat) {
			continue
		}
		row = append(row[:0], lon, lat, float64(l*cellLevelID+j), float64(n), x.fatS[b]-x.fatS[a], float64(x.sorted[a]))
		for c := range 6 {
			row = append(row, float64(x.typeS[b*6+c]-x.typeS[a*6+c]))
		}
		each(row, -1)
	}
}

// level answers where each cell of level l begins in the order of keys
// (and, last, where the last ends), made once per level.
func (x *cellIndex) level(l int) []uint32 {
	x.mu.Lock()
	defer x.mu.Unlock()
	if starts, ok := x.levels[l]; ok {
		return starts
	}
	shift := uint(2 * (cellFine - l))
	var starts []uint32
	prev := uint64(math.MaxUint64)
	for k, i := range x.sorted {
		if c := x.key[i] >> shift; c != prev {
			starts = append(starts, uint32(k))
			prev = c
		}
	}
	starts = append(starts, uint32(len(x.sorted)))
	x.levels[l] = starts
	return starts
}

func mercX(lon float64) float64 { return float64(lon/360) + 0.5 }

func mercY(lat float64) float64 {
	s := math.Sin(float64(math.Max(-85.05, math.Min(85.05, lat))*math.Pi) / 180)
	return 0.5 - float64(float64(0.25*math.Log(float64((1+s)/(1-s))))/math.Pi)
}

// morton puts the 25 bits of v at the even bits of a 64-bit number.
func morton(v uint32) uint64 {
	var out uint64
	for b := range 25 {
		out |= uint64(v>>b&1) << (2 * b)
	}
	return out
}
