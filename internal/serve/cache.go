package serve

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The map's heaviest answers (its points, its days) are kept, encoded and
// compressed, for the store generation they were read at: a load of the
// map while nothing was stored costs no query, and loads at once share one.

// generationer is a store that tells when something was committed (see
// store.Store.Generation). A store without it is read for every request.
type generationer interface {
	Generation(ctx context.Context) (uint64, error)
}

const (
	cacheEntries = 6         // answers kept: the map's points and days of a few filters
	cacheBytes   = 192 << 20 // at most, all kept answers together (250,000 points: 25 MB with their gzip)
	cacheMaxBody = 64 << 20  // an answer larger than this is not kept
)

// answerCache holds answers by request (path and query) for one generation.
type answerCache struct {
	mu      sync.Mutex
	gen     uint64
	entries map[string]*cachedAnswer
	order   []string // keys, oldest first
	bytes   int      // of the answers made
}

// cachedAnswer is one answer, or the one request making it: done is
// closed once it is made (or failed, with err set and nothing kept).
type cachedAnswer struct {
	done     chan struct{}
	err      error
	status   int
	header   http.Header
	body, gz []byte
	etag     string
}

// serveCached answers r from the cache when the store has not changed
// since the answer was made, else has fill make it (once, for every
// request that asks meanwhile) and keeps it. fill writes as a handler
// does; an answer other than a 200, or an error, is not kept.
func (h *handler) serveCached(w http.ResponseWriter, r *http.Request, fill func(http.ResponseWriter) error) error {
	gs, ok := h.base.(generationer)
	if !ok {
		return fill(w)
	}
	gen, err := gs.Generation(r.Context())
	if err != nil {
		// Unable to tell whether the store changed: read it, as without a cache.
		h.o.Log.Printf("%s %s: not cached: %v", r.Method, r.URL.RequestURI(), err)
		return fill(w)
	}
	key := r.URL.Path + "?" + r.URL.Query().Encode()
	c := &h.cache
	c.mu.Lock()
	if c.gen != gen || c.entries == nil {
		c.gen, c.entries, c.order, c.bytes = gen, map[string]*cachedAnswer{}, nil, 0
	}
	e, found := c.entries[key]
	if !found {
		e = &cachedAnswer{done: make(chan struct{})}
		c.entries[key] = e
		c.order = append(c.order, key)
		c.evict(cacheEntries)
	}
	c.mu.Unlock()
	if found {
		select {
		case <-e.done:
		case <-r.Context().Done():
			return r.Context().Err()
		}
		if e.err != nil {
			// The request that made it failed (its client may have left):
			// this one makes its own.
			return fill(w)
		}
		return e.write(w, r)
	}
	e.err = e.make(fill)
	c.mu.Lock()
	if c.entries[key] == e {
		if e.err != nil {
			delete(c.entries, key)
			c.order = slices.DeleteFunc(c.order, func(k string) bool { return k == key })
		} else {
			c.bytes += len(e.body) + len(e.gz)
		}
	}
	// Closed under the lock, so that evict counts an answer's bytes when
	// and only when they were added.
	close(e.done)
	if e.err == nil {
		c.evict(cacheEntries)
	}
	c.mu.Unlock()
	if e.err != nil {
		if e.err == errUncached {
			// An answer not to keep (a 4xx, or too large): made again, as it is.
			return fill(w)
		}
		return e.err
	}
	return e.write(w, r)
}

// evict drops the oldest answers until at most n are kept and their bytes
// are within cacheBytes (the newest is kept whatever its size). It is
// called with c.mu held.
func (c *answerCache) evict(n int) {
	for len(c.order) > 1 && (len(c.order) > n || c.bytes > cacheBytes) {
		if old, ok := c.entries[c.order[0]]; ok {
			select {
			case <-old.done:
				c.bytes -= len(old.body) + len(old.gz)
			default: // still being made: not counted yet
			}
			delete(c.entries, c.order[0])
		}
		c.order = c.order[1:]
	}
}

// errUncached marks an answer made but not kept.
var errUncached = errors.New("answer not cached")

// make has fill write the answer into e, and compresses it.
func (e *cachedAnswer) make(fill func(http.ResponseWriter) error) error {
	rec := &recorder{header: http.Header{}}
	if err := fill(rec); err != nil {
		return err
	}
	if rec.status != 0 && rec.status != http.StatusOK || rec.body.Len() > cacheMaxBody {
		return errUncached
	}
	e.status, e.header, e.body = http.StatusOK, rec.header, rec.body.Bytes()
	e.header.Del("Content-Length")
	sum := sha256.Sum256(e.body)
	e.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
	if len(e.body) > 1024 {
		// The fastest level: 7 MB of points in tens of milliseconds, to a
		// third of the bytes; the best level took ten times as long for
		// a few per cent less.
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
		zw.Write(e.body)
		if err := zw.Close(); err != nil {
			return fmt.Errorf("compressing the answer: %w", err)
		}
		if b.Len() < len(e.body)*9/10 {
			e.gz = b.Bytes()
		}
	}
	return nil
}

// write sends the kept answer: 304 when the client holds it already,
// gzip'd when the client takes that.
func (e *cachedAnswer) write(w http.ResponseWriter, r *http.Request) error {
	hd := w.Header()
	for k, v := range e.header {
		hd[k] = v
	}
	// The client may keep it, and must ask again each time: the ETag
	// makes asking cheap, and the answer changes with what is stored.
	hd.Set("Cache-Control", "no-cache")
	hd.Set("ETag", e.etag)
	hd.Set("Vary", "Accept-Encoding")
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, e.etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	body := e.body
	if e.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		hd.Set("Content-Encoding", "gzip")
		body = e.gz
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	_, err := w.Write(body)
	return err
}

// recorder is the ResponseWriter an answer is made into.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(p)
}
