package serve

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"strconv"

	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/store"
)

// The lists, the timeline, the trends and the map's points: what the
// situation map asks for besides the events themselves.

// incidents answers the incidents with an event that matches the filters,
// newest first, a page at a time.
func (h *handler) incidents(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r.URL.Query(), filterParams, pageParams)
	f := p.filter()
	limit := p.limit("limit", store.DefaultLimit, store.MaxLimit)
	cursor := p.str("cursor")
	if p.err != nil {
		return p.err
	}
	page, err := h.s.Incidents(r.Context(), f, cursor, limit)
	if err != nil {
		return storeError(err, cursor, f.Query)
	}
	out := struct {
		Incidents []store.IncidentSummary `json:"incidents"`
		Next      *string                 `json:"next"`
	}{Incidents: page.Incidents}
	if out.Incidents == nil {
		out.Incidents = []store.IncidentSummary{}
	}
	if page.Next != "" {
		out.Next = &page.Next
	}
	return writeJSON(w, out)
}

// documents answers the stored documents (with an event that matches the
// filters, when there are any), the last stored first, a page at a time.
func (h *handler) documents(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r.URL.Query(), filterParams, pageParams)
	f := p.filter()
	limit := p.limit("limit", store.DefaultLimit, store.MaxLimit)
	cursor := p.str("cursor")
	if p.err != nil {
		return p.err
	}
	page, err := h.s.Documents(r.Context(), f, cursor, limit)
	if err != nil {
		return storeError(err, cursor, f.Query)
	}
	out := struct {
		Documents []store.DocumentSummary `json:"documents"`
		Next      *string                 `json:"next"`
	}{Documents: page.Documents}
	if out.Documents == nil {
		out.Documents = []store.DocumentSummary{}
	}
	if page.Next != "" {
		out.Next = &page.Next
	}
	return writeJSON(w, out)
}

// days answers the events per day that match the filters: the timeline.
func (h *handler) days(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r.URL.Query(), filterParams)
	f := p.filter()
	if p.err != nil {
		return p.err
	}
	return h.serveCached(w, r, func(w http.ResponseWriter) error {
		days, undated, err := h.s.Days(r.Context(), f)
		if err != nil {
			return storeError(err, "", f.Query)
		}
		if days == nil {
			days = []store.Day{}
		}
		return writeJSON(w, map[string]any{"days": days, "undated": undated})
	})
}

// trends answers each country's and admin-1 region's last week against the
// four before, for the events that match the filters.
func (h *handler) trends(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r.URL.Query(), filterParams, []string{"date"})
	f := p.filter()
	date := p.date("date")
	if p.err != nil {
		return p.err
	}
	countries, admin1, date, err := h.s.Trends(r.Context(), f, date)
	if err != nil {
		return storeError(err, "", f.Query)
	}
	if countries == nil {
		countries = []store.Trend{}
	}
	if admin1 == nil {
		admin1 = []store.Trend{}
	}
	out := map[string]any{"date": nil, "countries": countries, "admin1": admin1}
	if date != "" {
		out["date"] = date
	}
	return writeJSON(w, out)
}

// points answers the map: every matching event with coordinates, newest
// first, up to limit, as a list of objects or, with format=columns (what
// the map asks for), as one array per field with the strings given once:
// a quarter of the bytes, and quicker to read on both sides.
func (h *handler) points(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r.URL.Query(), filterParams, []string{"limit", "format"})
	f := p.filter()
	limit := p.limit("limit", defaultPts, maxPoints)
	format := p.oneOf("format", []string{"objects", "columns", "binary"})
	if p.err != nil {
		return p.err
	}
	return h.serveCached(w, r, func(w http.ResponseWriter) error {
		switch format {
		case "columns":
			return h.pointColumns(w, r, f, limit)
		case "binary":
			return h.pointBinary(w, r, f, limit)
		}
		return h.pointObjects(w, r, f, limit)
	})
}

// framePointsHeader holds the area the page frames the points by
// (pointsFrame): sent in the headers, which come well before the 7 MB of
// 100,000 points, so that the map starts at the view it will show and
// makes its basemap's tiles for it while the points are read.
const framePointsHeader = "X-Points-Frame"

// pointsFrame answers "west,south,east,north": the 2nd and 98th
// percentiles of the longitudes and latitudes (every point under 50
// points), as web/src/main.js's fitTo takes them, so that a stray point on
// another continent does not zoom the map out to the world. "" when there
// are no points.
func pointsFrame(lon, lat []float32) string {
	n := len(lon)
	if n == 0 {
		return ""
	}
	cut := 0.0
	if n >= 50 {
		cut = 0.02
	}
	q := func(v []float32, f float64) string {
		i := min(n-1, max(0, int(math.Floor(f*float64(n-1)))))
		return strconv.FormatFloat(float64(v[i]), 'g', -1, 32)
	}
	lo, la := slices.Clone(lon), slices.Clone(lat)
	slices.Sort(lo)
	slices.Sort(la)
	return q(lo, cut) + "," + q(la, cut) + "," + q(lo, 1-cut) + "," + q(la, 1-cut)
}

// pointObjects writes the points as a list of objects.
func (h *handler) pointObjects(w http.ResponseWriter, r *http.Request, f store.Filter, limit int) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	n := 0
	start := func() {
		// Written with the first point, so that a query the store refuses
		// still gets its 400.
		w.Header().Set("Content-Type", "application/json")
		bw.WriteString(`{"points":[`)
	}
	more, err := h.s.EachPoint(r.Context(), f, limit, func(pt *store.Point) error {
		if n == 0 {
			start()
		} else {
			bw.WriteByte(',')
		}
		n++
		buf.Reset()
		if err := enc.Encode(pt); err != nil {
			return err
		}
		_, err := bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return err
	})
	if err != nil {
		if n == 0 {
			return storeError(err, "", f.Query)
		}
		return err
	}
	if n == 0 {
		start()
	}
	bw.WriteString(`],"truncated":` + strconv.FormatBool(more) + "}\n")
	return bw.Flush()
}

// pointColumns writes the points as columns: numbers as numbers, the
// other fields as indexes into "strings", day as days since 1970-01-01
// (null when undated).
func (h *handler) pointColumns(w http.ResponseWriter, r *http.Request, f store.Filter, limit int) error {
	type column struct {
		name string
		vals []byte
	}
	strs := []string{}
	index := map[string]int{}
	ref := func(b []byte, s string) []byte {
		i, ok := index[s]
		if !ok {
			i = len(strs)
			index[s] = i
			strs = append(strs, s)
		}
		return strconv.AppendInt(b, int64(i), 10)
	}
	names := []string{"id", "lon", "lat", "day", "fatalities", "hedged", "type", "sub_type", "claim_status", "location", "country", "admin1", "actor1", "actor2"}
	cols := make([]column, len(names))
	for i, n := range names {
		cols[i] = column{name: n, vals: make([]byte, 0, 1<<12)}
	}
	n := 0
	more, err := h.s.EachPoint(r.Context(), f, limit, func(pt *store.Point) error {
		if n > 0 {
			for i := range cols {
				cols[i].vals = append(cols[i].vals, ',')
			}
		}
		n++
		cols[0].vals = strconv.AppendQuote(cols[0].vals, pt.ID)
		// 32-bit floats keep a metre's precision in fewer digits.
		cols[1].vals = strconv.AppendFloat(cols[1].vals, pt.Lon, 'g', -1, 32)
		cols[2].vals = strconv.AppendFloat(cols[2].vals, pt.Lat, 'g', -1, 32)
		if d, ok := fuse.Day(pt.Date); ok && pt.Date != "" {
			cols[3].vals = strconv.AppendInt(cols[3].vals, int64(d), 10)
		} else {
			cols[3].vals = append(cols[3].vals, "null"...)
		}
		cols[4].vals = strconv.AppendInt(cols[4].vals, int64(pt.Fatalities), 10)
		if pt.Hedged {
			cols[5].vals = append(cols[5].vals, '1')
		} else {
			cols[5].vals = append(cols[5].vals, '0')
		}
		for i, v := range []string{pt.Type, pt.SubType, pt.Status, pt.Location, pt.Country, pt.Admin1, pt.Actor1, pt.Actor2} {
			cols[6+i].vals = ref(cols[6+i].vals, v)
		}
		return nil
	})
	if err != nil {
		return storeError(err, "", f.Query)
	}
	w.Header().Set("Content-Type", "application/json")
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(`{"count":` + strconv.Itoa(n) + `,"truncated":` + strconv.FormatBool(more))
	for _, c := range cols {
		bw.WriteString(`,"` + c.name + `":[`)
		bw.Write(c.vals)
		bw.WriteByte(']')
	}
	sb, err := json.Marshal(strs)
	if err != nil {
		return err
	}
	bw.WriteString(`,"strings":`)
	bw.Write(sb)
	bw.WriteString("}\n")
	return bw.Flush()
}

// undatedDay marks an undated point in the binary day column.
const undatedDay = math.MinInt32

// pointBinary writes the points as typed arrays the page reads without
// parsing (format=binary): a little-endian uint32, the length of a JSON
// header {"count", "truncated", "strings"}; the header, padded with
// spaces to a multiple of 4 bytes; then count values of each column, in
// this order: lon, lat (float32), day (int32 days since 1970-01-01,
// -2^31 when undated), fatalities (uint32), type, sub_type, claim_status,
// location, country, admin1, actor1, actor2 (uint32 indexes into
// strings), hedged (uint8, 0 or 1); zero bytes to a multiple of 4; then
// the ids: count+1 uint32 offsets into the UTF-8 bytes that follow (id i
// is bytes [off[i], off[i+1])). Parsing 6.7 MB of JSON columns held
// the map's main thread for a large part of a second at 100,000 points;
// the ids, out of the header, are read only for the events shown.
func (h *handler) pointBinary(w http.ResponseWriter, r *http.Request, f store.Filter, limit int) error {
	strs := []string{}
	index := map[string]uint32{}
	ref := func(s string) uint32 {
		i, ok := index[s]
		if !ok {
			i = uint32(len(strs))
			index[s] = i
			strs = append(strs, s)
		}
		return i
	}
	// The string before in each column, and its index: the country, the
	// actors, often the type come again and again, and comparing is
	// cheaper than hashing.
	var lastStr [8]string
	var lastRef [8]uint32
	var ids []byte
	offs := []uint32{0}
	var f32 [2][]float32
	var u32 [10][]uint32 // day (as int32), fatalities, then the string columns
	var hedged []byte
	more, err := h.s.EachPoint(r.Context(), f, limit, func(pt *store.Point) error {
		ids = append(ids, pt.ID...)
		offs = append(offs, uint32(len(ids)))
		f32[0] = append(f32[0], float32(pt.Lon))
		f32[1] = append(f32[1], float32(pt.Lat))
		day := int32(undatedDay)
		if d, ok := fuse.Day(pt.Date); ok && pt.Date != "" {
			day = int32(d)
		}
		u32[0] = append(u32[0], uint32(day))
		u32[1] = append(u32[1], uint32(max(pt.Fatalities, 0)))
		for i, v := range [...]string{pt.Type, pt.SubType, pt.Status, pt.Location, pt.Country, pt.Admin1, pt.Actor1, pt.Actor2} {
			if v != lastStr[i] || len(u32[2+i]) == 0 {
				lastStr[i], lastRef[i] = v, ref(v)
			}
			u32[2+i] = append(u32[2+i], lastRef[i])
		}
		var hb byte
		if pt.Hedged {
			hb = 1
		}
		hedged = append(hedged, hb)
		return nil
	})
	if err != nil {
		return storeError(err, "", f.Query)
	}
	n := len(hedged)
	head, err := json.Marshal(struct {
		Count     int      `json:"count"`
		Truncated bool     `json:"truncated"`
		Strings   []string `json:"strings"`
	}{n, more, strs})
	if err != nil {
		return err
	}
	for len(head)%4 != 0 {
		head = append(head, ' ')
	}
	out := make([]byte, 0, 4+len(head)+n*(4*13+1)+3+4+len(ids))
	out = binary.LittleEndian.AppendUint32(out, uint32(len(head)))
	out = append(out, head...)
	for _, c := range f32 {
		for _, v := range c {
			out = binary.LittleEndian.AppendUint32(out, math.Float32bits(v))
		}
	}
	for _, c := range u32 {
		for _, v := range c {
			out = binary.LittleEndian.AppendUint32(out, v)
		}
	}
	out = append(out, hedged...)
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	for _, o := range offs {
		out = binary.LittleEndian.AppendUint32(out, o)
	}
	out = append(out, ids...)
	w.Header().Set("Content-Type", "application/octet-stream")
	if fr := pointsFrame(f32[0], f32[1]); fr != "" {
		w.Header().Set(framePointsHeader, fr)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	_, err = w.Write(out)
	return err
}
