package serve

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/store"
)

var pageParams = []string{"cursor", "limit"}

// storeError names the parameter behind the store's refusal of a query.
func storeError(err error, cursor, q string) error {
	if !errors.Is(err, store.ErrInvalid) {
		return err
	}
	msg := err.Error()
	var qe *store.QueryError
	switch {
	case errors.As(err, &qe):
		return paramError{"q", "not a full-text query: " + qe.Reason + ` (words, "phrases", AND, OR, NOT, prefix*)`}
	case cursor != "" && strings.Contains(msg, "cursor"):
		return paramError{"cursor", "not a cursor this API gave out"}
	case q != "" && strings.Contains(msg, "full-text"):
		return paramError{"q", `not a full-text query (words, "phrases", AND, OR, NOT, prefix*)`}
	}
	return err
}

func (h *handler) events(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r.URL.Query(), filterParams, pageParams, []string{"fields"})
	f := p.filter()
	limit := p.limit("limit", store.DefaultLimit, store.MaxLimit)
	cursor := p.str("cursor")
	fields := p.fields("fields")
	if p.err != nil {
		return p.err
	}
	page, err := h.s.RawEvents(r.Context(), f, cursor, limit)
	if err != nil {
		return storeError(err, cursor, f.Query)
	}
	// Written from the stored bodies as json.Encoder would write the
	// decoded events: {"events":[...],"next":...}, into a buffer of the
	// page's size used again by the next pages (a new one for each page
	// was a tenth of a listing's CPU time, in the garbage collector).
	size := 64
	for i := range page.Events {
		size += len(page.Events[i].Body) + 64
	}
	buf := getPageBuf(size)
	defer putPageBuf(buf)
	b := append((*buf)[:0], `{"events":[`...)
	for i := range page.Events {
		if i > 0 {
			b = append(b, ',')
		}
		if fields == nil {
			b = page.Events[i].AppendJSON(b)
		} else if b, err = page.Events[i].AppendFields(b, fields); err != nil {
			return err
		}
	}
	b = appendNext(append(b, `],"next":`...), page.Next)
	b = append(b, "}\n"...)
	*buf = b
	return writeRaw(w, b)
}

// pageBufs are the buffers that listings are written into.
var pageBufs sync.Pool

// maxPageBuf bounds a buffer kept for the next page: a page of 1,000 full
// events is about 1.3 MB.
const maxPageBuf = 4 << 20

func getPageBuf(size int) *[]byte {
	if buf, ok := pageBufs.Get().(*[]byte); ok && cap(*buf) >= size {
		return buf
	}
	b := make([]byte, 0, size)
	return &b
}

func putPageBuf(buf *[]byte) {
	if cap(*buf) <= maxPageBuf {
		pageBufs.Put(buf)
	}
}

// appendNext appends a page's next, null after the last page.
func appendNext(b []byte, next string) []byte {
	if next == "" {
		return append(b, "null"...)
	}
	q, _ := json.Marshal(next)
	return append(b, q...)
}

// sink writes events in one format (the writers of package event).
type sink interface {
	Write(*event.Event) error
	Close() error
}

type format struct {
	name, contentType string
	writer            func(io.Writer) sink
}

var (
	csvFormat     = format{"csv", "text/csv; charset=utf-8", func(w io.Writer) sink { return event.NewCSVWriter(w) }}
	geojsonFormat = format{"geojson", "application/geo+json", func(w io.Writer) sink { return event.NewGeoJSONWriter(w) }}
	jsonlFormat   = format{"jsonl", "application/x-ndjson", func(w io.Writer) sink { return event.NewJSONLWriter(w) }}
)

// export streams every event that matches the filters, a store page at a
// time, so that memory stays flat whatever the export's size. limit, if
// given, bounds the rows; cursor starts after a page of /api/v1/events.
func (h *handler) export(fm format) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := newParams(r.URL.Query(), filterParams, pageParams)
		f := p.filter()
		left := p.limit("limit", -1, 1<<62)
		cursor := p.str("cursor")
		if p.err != nil {
			return p.err
		}
		return h.stream(w, r, fm, f, cursor, left)
	}
}

// stream walks the pages of events from cursor, at most left events in
// all (-1: no bound), and writes them in format fm. The first page is read
// before anything is written, so that a query the store refuses still gets
// its 400.
func (h *handler) stream(w http.ResponseWriter, r *http.Request, fm format, f store.Filter, cursor string, left int) error {
	ctx := r.Context()
	size := func() int {
		if left >= 0 {
			return min(left, store.MaxLimit)
		}
		return store.MaxLimit
	}
	page, err := h.s.Events(ctx, f, cursor, size())
	if err != nil {
		return storeError(err, cursor, f.Query)
	}
	w.Header().Set("Content-Type", fm.contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="events.`+fm.name+`"`)
	bw := bufio.NewWriterSize(w, 32<<10)
	out := fm.writer(bw)
	rc := http.NewResponseController(w)
	for {
		for i := range page.Events {
			if left == 0 {
				break
			}
			if err := out.Write(&page.Events[i]); err != nil {
				return err
			}
			left--
		}
		if page.Next == "" || left == 0 {
			break
		}
		// Hand the client what is ready before the next page's query.
		if err := bw.Flush(); err != nil {
			return err
		}
		_ = rc.Flush()
		if page, err = h.s.Events(ctx, f, page.Next, size()); err != nil {
			return err
		}
	}
	if err := out.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// event answers one event with the id of its incident.
func (h *handler) event(w http.ResponseWriter, r *http.Request) error {
	if err := newParams(r.URL.Query()).err; err != nil {
		return err
	}
	e, incID, err := h.s.Event(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, struct {
		*event.Event
		Incident int64 `json:"incident_id"`
	}{&e, incID})
}

// disagreement sums up where an incident's reports differ.
type disagreement struct {
	Fatalities event.Range `json:"fatalities"`       // lowest to highest figure given
	Dates      [2]string   `json:"dates"`            // earliest and latest date given
	SubTypes   []string    `json:"sub_event_types"`  // every sub-type given
	Locations  []string    `json:"locations"`        // every place named
	Statuses   []string    `json:"claim_statuses"`   // every claim status
	Sources    []string    `json:"sources"`          // who is cited, or the outlet
	Conflict   bool        `json:"figures_conflict"` // reports give figures that cannot all be true
}

func disagree(inc *fuse.Incident) disagreement {
	d := disagreement{Fatalities: inc.Fatalities, Dates: [2]string{inc.First, inc.Last}}
	add := func(list *[]string, s string) {
		if s != "" && !slices.Contains(*list, s) {
			*list = append(*list, s)
		}
	}
	var lows, highs []int
	for _, rp := range inc.Reports {
		add(&d.SubTypes, string(rp.SubType))
		add(&d.Locations, rp.Location)
		add(&d.Statuses, rp.Status)
		add(&d.Sources, cmpOr(rp.Source, rp.Outlet))
		if f := rp.Fatalities; f != nil {
			lows = append(lows, f.Low)
			if f.High != nil {
				highs = append(highs, *f.High)
			}
		}
	}
	// Figures conflict when one report's floor is above another's ceiling.
	if len(lows) > 0 && len(highs) > 0 {
		d.Conflict = slices.Max(lows) > slices.Min(highs)
	}
	for _, l := range []*[]string{&d.SubTypes, &d.Locations, &d.Statuses, &d.Sources} {
		if *l == nil {
			*l = []string{}
		}
		slices.Sort(*l)
	}
	return d
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// incident answers an incident with a page of its reports in full, in
// event id order: an incident of hundreds of reports is not one answer of
// megabytes. next is the after of the next page, null after the last.
func (h *handler) incident(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r.URL.Query(), []string{"after", "limit"})
	after, limit := p.str("after"), p.limit("limit", store.DefaultLimit, store.MaxLimit)
	if p.err != nil {
		return p.err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return paramError{"id", "want an incident number, not " + strconv.Quote(r.PathValue("id"))}
	}
	inc, err := h.s.RawIncidentReports(r.Context(), id, after, limit+1)
	if err != nil {
		return err
	}
	next := ""
	if len(inc.Events) > limit {
		inc.Events = inc.Events[:limit]
		next = inc.Events[limit-1].ID
	}
	// The summary as json.Encoder writes it, then the reports as stored.
	head, err := encodeJSON(struct {
		ID int64 `json:"id"`
		fuse.Incident
		Disagreement disagreement `json:"disagreement"`
	}{inc.ID, inc.Incident, disagree(&inc.Incident)})
	if err != nil {
		return err
	}
	b := append(head[:len(head)-len("}\n")], `,"events":[`...)
	for i := range inc.Events {
		if i > 0 {
			b = append(b, ',')
		}
		b = inc.Events[i].AppendJSON(b)
	}
	b = appendNext(append(b, `],"next":`...), next)
	return writeRaw(w, append(b, "}\n"...))
}

func (h *handler) places(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r.URL.Query(), []string{"q", "limit"})
	q, limit := p.str("q"), p.limit("limit", 20, store.MaxLimit)
	if p.err != nil {
		return p.err
	}
	places, err := h.s.Places(r.Context(), q, limit)
	if err != nil {
		return err
	}
	if places == nil {
		places = []store.Place{}
	}
	return writeJSON(w, map[string]any{"places": places})
}

func (h *handler) actors(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r.URL.Query(), []string{"q", "limit"})
	q, limit := p.str("q"), p.limit("limit", 20, store.MaxLimit)
	if p.err != nil {
		return p.err
	}
	actors, err := h.s.Actors(r.Context(), q, limit)
	if err != nil {
		return err
	}
	if actors == nil {
		actors = []store.Actor{}
	}
	return writeJSON(w, map[string]any{"actors": actors})
}

// control answers who held each place that ever changed hands on a date,
// today (UTC) when none is given; stale_days asks for another age than
// fuse.txt's after which a holding no report tells of is stale.
func (h *handler) control(w http.ResponseWriter, r *http.Request) error {
	p := newParams(r.URL.Query(), []string{"date", "stale_days"})
	date := p.date("date")
	staleDays := p.count("stale_days")
	if p.err != nil {
		return p.err
	}
	if date == "" {
		date = time.Now().UTC().Format(time.DateOnly)
	}
	changes, err := h.s.ControlOn(r.Context(), date)
	if err != nil {
		return err
	}
	if changes == nil {
		changes = []fuse.Change{}
	}
	if staleDays > 0 {
		for i := range changes {
			changes[i].Stale = changes[i].AgeDays > staleDays
		}
	}
	return writeJSON(w, map[string]any{"date": date, "control": changes})
}

// timeline answers the changes of control of one place, oldest first.
func (h *handler) timeline(w http.ResponseWriter, r *http.Request) error {
	if err := newParams(r.URL.Query()).err; err != nil {
		return err
	}
	place := r.PathValue("place")
	changes, err := h.s.Timeline(r.Context(), place)
	if err != nil {
		return err
	}
	if changes == nil {
		changes = []fuse.Change{}
	}
	return writeJSON(w, map[string]any{"place": place, "changes": changes})
}
