package serve

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

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
	days, undated, err := h.s.Days(r.Context(), f)
	if err != nil {
		return storeError(err, "", f.Query)
	}
	if days == nil {
		days = []store.Day{}
	}
	return writeJSON(w, map[string]any{"days": days, "undated": undated})
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

// points answers the map: every matching event with coordinates in a
// compact form, newest first, up to limit. The answer is streamed: the map
// asks for up to maxPoints at once.
func (h *handler) points(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r.URL.Query(), filterParams, []string{"limit"})
	f := p.filter()
	limit := p.limit("limit", defaultPts, maxPoints)
	if p.err != nil {
		return p.err
	}
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
