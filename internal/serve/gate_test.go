package serve

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// holding is a store whose listings wait for release, counting how many
// are in at once.
type holding struct {
	Store
	mu       sync.Mutex
	in, most int
	release  chan struct{}
	entered  chan struct{}
}

func (h *holding) RawEvents(ctx context.Context, f store.Filter, cursor string, limit int) (store.RawPage, error) {
	h.mu.Lock()
	h.in++
	h.most = max(h.most, h.in)
	h.mu.Unlock()
	h.entered <- struct{}{}
	<-h.release
	h.mu.Lock()
	h.in--
	h.mu.Unlock()
	return h.Store.RawEvents(ctx, f, cursor, limit)
}

func newHolding(t *testing.T, o Options) (*holding, *httptest.Server) {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "sitrep.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	h := &holding{Store: s, release: make(chan struct{}), entered: make(chan struct{}, 64)}
	srv := httptest.NewServer(New(h, o))
	t.Cleanup(srv.Close)
	return h, srv
}

// TestGateBounds: with two slots, eight listings at once run two at a
// time, and every one is answered.
func TestGateBounds(t *testing.T) {
	h, srv := newHolding(t, Options{Queries: 2})
	const n = 8
	codes := make(chan int, n)
	for range n {
		go func() {
			res, err := http.Get(srv.URL + "/api/v1/events")
			if err != nil {
				codes <- 0
				return
			}
			res.Body.Close()
			codes <- res.StatusCode
		}()
	}
	for range n {
		<-h.entered // one more is in: wait a moment for any that should not be
		time.Sleep(10 * time.Millisecond)
		h.mu.Lock()
		in := h.in
		h.mu.Unlock()
		if in > 2 {
			t.Fatalf("%d listings in the store at once, want at most 2", in)
		}
		h.release <- struct{}{}
	}
	for range n {
		if c := <-codes; c != http.StatusOK {
			t.Errorf("status %d, want 200", c)
		}
	}
	if h.most != 2 {
		t.Errorf("at most %d listings at once, want 2", h.most)
	}
}

// TestGateTimeout: a request that waits for a slot past its time gets
// the 503 of a request that took too long, and frees nothing it did not
// take.
func TestGateTimeout(t *testing.T) {
	h, srv := newHolding(t, Options{Queries: 1, Timeout: 100 * time.Millisecond})
	first := make(chan int, 1)
	go func() {
		res, err := http.Get(srv.URL + "/api/v1/events")
		if err != nil {
			first <- 0
			return
		}
		res.Body.Close()
		first <- res.StatusCode
	}()
	<-h.entered
	res, err := http.Get(srv.URL + "/api/v1/events?q=x")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("waiting past the timeout: status %d, want 503", res.StatusCode)
	}
	h.release <- struct{}{}
	<-first // the first one's own time is up by now: any answer will do
	// The slot is free again: a third is let in.
	third := make(chan int, 1)
	go func() {
		res, err := http.Get(srv.URL + "/api/v1/incidents/1")
		if err != nil {
			third <- 0
			return
		}
		res.Body.Close()
		third <- res.StatusCode
	}()
	if c := <-third; c != http.StatusNotFound {
		t.Errorf("after the slot is freed: status %d, want 404", c)
	}
}
