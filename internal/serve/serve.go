// Package serve answers sitrep's HTTP API and serves the situation map: the
// stored events with their filters and exports, incidents with all their
// reports, documents with their evidence marked, places, actors and the
// control of places. It reads through Store, a small interface that the
// store's concrete type satisfies, and writes nothing.
//
// Every request is bounded: its header and body size, its time, the number
// a client host may have in flight, the page size, how many exports run at
// once (and one at a time per client), and how long one write may wait for
// a client that does not read.
package serve

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/store"
)

// Store is what the API reads. The store's errors wrapping
// store.ErrInvalid become 400s and those wrapping store.ErrNotFound 404s.
type Store interface {
	Events(ctx context.Context, f store.Filter, cursor string, limit int) (store.EventPage, error)
	// RawEvents and RawIncidentReports are Events and IncidentReports
	// with the events as stored, which the listings write as they are.
	RawEvents(ctx context.Context, f store.Filter, cursor string, limit int) (store.RawPage, error)
	Event(ctx context.Context, eventID string) (event.Event, int64, error)
	RawIncidentReports(ctx context.Context, id int64, after string, limit int) (store.RawIncident, error)
	IncidentOf(ctx context.Context, eventID string) (int64, error)
	Document(ctx context.Context, docID string) (document.Document, []event.Event, error)
	Places(ctx context.Context, prefix string, limit int) ([]store.Place, error)
	Actors(ctx context.Context, prefix string, limit int) ([]store.Actor, error)
	ControlOn(ctx context.Context, date string) ([]fuse.Change, error)
	Timeline(ctx context.Context, place string) ([]fuse.Change, error)
	Count(ctx context.Context) (store.Counts, error)
	// For the situation map.
	EachPoint(ctx context.Context, f store.Filter, limit int, fn func(*store.Point) error) (more bool, err error)
	Days(ctx context.Context, f store.Filter) (days []store.Day, undated int, err error)
	Trends(ctx context.Context, f store.Filter, date string) (countries, admin1 []store.Trend, used string, err error)
	Incidents(ctx context.Context, f store.Filter, cursor string, limit int) (store.IncidentPage, error)
	Documents(ctx context.Context, f store.Filter, cursor string, limit int) (store.DocumentPage, error)
}

// Options bound what the handler does; zero fields take the defaults.
type Options struct {
	// PerHost is how many requests one client host may have in flight;
	// more get 429.
	PerHost int
	// Exports is how many exports (CSV, GeoJSON, JSONL) may run at once;
	// more get 503. A client host may run one at a time; a second gets 429.
	Exports int
	// Timeout bounds a request; ExportTimeout an export.
	Timeout, ExportTimeout time.Duration
	// Stall is how long one write may wait for the client to read: a
	// client that stops reading is cut off then, and frees what it held.
	Stall time.Duration
	// Queries is how many store calls may run at once; more wait their
	// turn, in order (see gated). 0: GOMAXPROCS.
	Queries int
	// Log gets one line per request that failed on the server's side
	// (5xx); nil discards them. A client that goes away or stalls is not
	// the server's failure.
	Log *log.Logger
}

// Limits.
const (
	maxBody    = 1 << 20 // the API takes no bodies; this bounds what a client may push at it
	maxPoints  = 250000  // map points in one answer
	defaultPts = 10000
)

//go:embed static openapi.json
var files embed.FS

// handler is the API and the map.
type handler struct {
	s         Store // gated
	base      Store // as given to New
	o         Options
	mux       *http.ServeMux
	exports   chan struct{}
	mu        sync.Mutex
	busy      map[string]int  // requests in flight by client host
	exporting map[string]bool // client hosts with an export running
	assets    assets
	cache     answerCache // the map's points and days
	warming   warming     // see warm
}

// route is one served route, listed so that a test can hold the OpenAPI
// document to them.
type route struct {
	method, path string
	export       bool
	fn           func(http.ResponseWriter, *http.Request) error
}

func (h *handler) routes() []route {
	return []route{
		{"GET", "/api/v1/events", false, h.events},
		{"GET", "/api/v1/events.csv", true, h.export(csvFormat)},
		{"GET", "/api/v1/events.geojson", true, h.export(geojsonFormat)},
		{"GET", "/api/v1/events.jsonl", true, h.export(jsonlFormat)},
		{"GET", "/api/v1/events/{id}", false, h.event},
		{"GET", "/api/v1/points", false, h.points}, // the map's data: bounded in size, not an export
		{"GET", "/api/v1/incidents", false, h.incidents},
		{"GET", "/api/v1/incidents/{id}", false, h.incident},
		{"GET", "/api/v1/documents", false, h.documents},
		{"GET", "/api/v1/documents/{id}", false, h.document},
		{"GET", "/documents/{id}", false, h.documentHTML},
		{"GET", "/api/v1/places", false, h.places},
		{"GET", "/api/v1/actors", false, h.actors},
		{"GET", "/api/v1/control", false, h.control},
		{"GET", "/api/v1/control/{place}", false, h.timeline},
		{"GET", "/api/v1/days", false, h.days},
		{"GET", "/api/v1/trends", false, h.trends},
		{"GET", "/api/v1/openapi.json", false, h.openapi},
		{"GET", "/healthz", false, h.health},
		{"GET", "/{$}", false, h.static("static/index.html")},
		{"GET", "/static/{path...}", false, h.asset},
	}
}

// New returns the handler of the API and the map.
func New(s Store, o Options) http.Handler {
	if o.PerHost <= 0 {
		o.PerHost = 16
	}
	if o.Exports <= 0 {
		o.Exports = 4
	}
	if o.Stall <= 0 {
		o.Stall = 30 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.ExportTimeout <= 0 {
		o.ExportTimeout = 10 * time.Minute
	}
	if o.Log == nil {
		o.Log = log.New(io.Discard, "", 0)
	}
	if o.Queries <= 0 {
		o.Queries = runtime.GOMAXPROCS(0)
	}
	h := &handler{s: gated{s, make(chan struct{}, o.Queries)}, base: s, o: o, mux: http.NewServeMux(), exports: make(chan struct{}, o.Exports), busy: map[string]int{}, exporting: map[string]bool{}}
	for _, rt := range h.routes() {
		h.mux.Handle(rt.method+" "+rt.path, h.wrap(rt))
	}
	return h
}

func (h *handler) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	w := &respWriter{ResponseWriter: rw, rc: http.NewResponseController(rw), stall: h.o.Stall}
	// The server has no write timeout of its own, so that exports may run
	// long; each write gets a deadline instead, and so does the last flush.
	defer w.deadline()
	host := clientHost(r)
	if !h.enter(host) {
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusTooManyRequests, "too many requests in flight from "+host)
		return
	}
	defer h.leave(host)
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if _, pattern := h.mux.Handler(r); pattern == "" {
		// No route: the mux answers 404 or 405 in plain text; say it in
		// JSON, as every other error.
		h.mux.ServeHTTP(&jsonErrors{ResponseWriter: w, r: r}, r)
		return
	}
	h.mux.ServeHTTP(w, r)
}

func clientHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (h *handler) enter(host string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.busy[host] >= h.o.PerHost {
		return false
	}
	h.busy[host]++
	return true
}

func (h *handler) leave(host string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.busy[host]--; h.busy[host] <= 0 {
		delete(h.busy, host)
	}
}

// enterExport takes an export slot for host: the client's one, then one
// of all. It answers the refusal itself.
func (h *handler) enterExport(w http.ResponseWriter, host string) bool {
	h.mu.Lock()
	mine := h.exporting[host]
	if !mine {
		h.exporting[host] = true
	}
	h.mu.Unlock()
	if mine {
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusTooManyRequests, "an export from "+host+" is already running; one at a time")
		return false
	}
	select {
	case h.exports <- struct{}{}:
		return true
	default:
		h.leaveExport(host, false)
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "too many exports running; try again shortly")
		return false
	}
}

func (h *handler) leaveExport(host string, slot bool) {
	if slot {
		<-h.exports
	}
	h.mu.Lock()
	delete(h.exporting, host)
	h.mu.Unlock()
}

// wrap bounds a route's time and turns its error into a JSON answer.
func (h *handler) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w := rw.(*respWriter) // every route is served through ServeHTTP
		timeout := h.o.Timeout
		if rt.export {
			host := clientHost(r)
			if !h.enterExport(w, host) {
				return
			}
			defer h.leaveExport(host, true)
			timeout = h.o.ExportTimeout
		}
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		err := rt.fn(w, r.WithContext(ctx))
		if err == nil {
			return
		}
		if w.err != nil || r.Context().Err() != nil {
			// The client left, stalled past the write deadline or broke the
			// connection: nobody to answer, and not the server's failure.
			if w.n > 0 {
				panic(http.ErrAbortHandler)
			}
			return
		}
		status, msg := http.StatusInternalServerError, "internal error"
		var pe paramError
		switch {
		case errors.As(err, &pe):
			status, msg = http.StatusBadRequest, pe.Error()
		case errors.Is(err, store.ErrInvalid):
			status, msg = http.StatusBadRequest, err.Error()
		case errors.Is(err, store.ErrNotFound):
			status, msg = http.StatusNotFound, err.Error()
		case errors.Is(err, context.DeadlineExceeded):
			status, msg = http.StatusServiceUnavailable, "the request took too long"
		}
		if status >= 500 {
			h.o.Log.Printf("%s %s: %v", r.Method, r.URL.RequestURI(), err)
		}
		if w.n > 0 {
			// Too late for a status: a streamed export broke off. Cutting the
			// connection tells the client the body is incomplete.
			panic(http.ErrAbortHandler)
		}
		writeError(w, status, msg)
	})
}

// respWriter gives every write a deadline, so that a client that stops
// reading holds nothing for longer than the stall time, and remembers
// whether the answer began and whether writing to the client failed.
type respWriter struct {
	http.ResponseWriter
	rc    *http.ResponseController
	stall time.Duration
	n     int
	err   error // the first failed write: the client's side
}

func (w *respWriter) deadline() { _ = w.rc.SetWriteDeadline(time.Now().Add(w.stall)) }

func (w *respWriter) Write(p []byte) (int, error) {
	w.deadline()
	n, err := w.ResponseWriter.Write(p)
	w.n += n
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}

func (w *respWriter) FlushError() error {
	w.deadline()
	err := w.rc.Flush()
	if err != nil && w.err == nil {
		w.err = err
	}
	return err
}

func (w *respWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// jsonErrors turns the mux's plain-text 404 and 405 into JSON.
type jsonErrors struct {
	http.ResponseWriter
	r       *http.Request
	swallow bool // the plain-text body that follows
}

func (w *jsonErrors) WriteHeader(status int) {
	var msg string
	switch status {
	case http.StatusNotFound:
		msg = "no such route: " + w.r.URL.Path
	case http.StatusMethodNotAllowed:
		msg = "method " + w.r.Method + " not allowed on " + w.r.URL.Path + "; allowed: " + w.Header().Get("Allow")
	default:
		w.ResponseWriter.WriteHeader(status)
		return
	}
	w.swallow = true
	writeError(w.ResponseWriter, status, msg)
}

func (w *jsonErrors) Write(p []byte) (int, error) {
	if w.swallow {
		return len(p), nil
	}
	return w.ResponseWriter.Write(p)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, v any) error {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// encodeJSON is what writeJSON writes of v.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return b.Bytes(), err
}

// writeRaw writes a JSON answer made already, with its length: sent in
// one piece rather than chunked.
func writeRaw(w http.ResponseWriter, b []byte) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, err := w.Write(b)
	return err
}

func (h *handler) openapi(w http.ResponseWriter, r *http.Request) error {
	body, err := files.ReadFile("openapi.json")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(body)
	return err
}

func (h *handler) health(w http.ResponseWriter, r *http.Request) error {
	c, err := h.s.Count(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, map[string]any{"status": "ok", "documents": c.Documents, "events": c.Events, "incidents": c.Incidents})
}

// Serve answers on ln until ctx is done, then stops taking connections and
// waits up to grace for the requests under way. A handler made by New has
// the map's first load made meanwhile (see warm), until ctx is done.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration) error {
	if hd, ok := h.(*handler); ok {
		wctx, stop := context.WithCancel(ctx) // also when the server fails
		warmed := make(chan struct{})
		go func() {
			defer close(warmed)
			hd.warm(wctx)
		}()
		// Returned after it, so that the store is not closed under it.
		defer func() { stop(); <-warmed }()
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = srv.Close()
	}
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
