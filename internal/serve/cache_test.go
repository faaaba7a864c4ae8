package serve

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sitrep/sitrep/internal/store"
)

// countingStore counts the store's reads of points and days.
type countingStore struct {
	*store.Store
	points, days atomic.Int32
}

func (c *countingStore) EachPoint(ctx context.Context, f store.Filter, limit int, fn func(*store.Point) error) (bool, error) {
	c.points.Add(1)
	return c.Store.EachPoint(ctx, f, limit, fn)
}

func (c *countingStore) Days(ctx context.Context, f store.Filter) ([]store.Day, int, error) {
	c.days.Add(1)
	return c.Store.Days(ctx, f)
}

// noGeneration hides the store's generation: nothing can be kept.
type noGeneration struct{ Store }

// TestAnswerCache: the map's points and days are read once per store
// generation, however many ask and however at once; what is kept is what
// the store answers; a commit makes them read again; the ETag answers 304.
func TestAnswerCache(t *testing.T) {
	f := newFixture(t, genDocs("c", 5, 60), Options{})
	cs := &countingStore{Store: f.store}
	srv := httptest.NewServer(New(cs, Options{}))
	t.Cleanup(srv.Close)
	plain := httptest.NewServer(New(noGeneration{f.store}, Options{}))
	t.Cleanup(plain.Close)
	const points = "/api/v1/points?format=binary&limit=250000"
	_, want, _ := get(t, plain.URL+points)

	var wg sync.WaitGroup
	bodies := make([][]byte, 8)
	for i := range bodies {
		wg.Go(func() { _, bodies[i], _ = get(t, srv.URL+points) })
	}
	wg.Wait()
	for i, b := range bodies {
		if !bytes.Equal(b, want) {
			t.Fatalf("answer %d of the cache: %d bytes, differs from the store's %d", i, len(b), len(want))
		}
	}
	if n := cs.points.Load(); n != 1 {
		t.Errorf("8 requests, one at a time or at once, read the points %d times; want 1", n)
	}
	// The same filters, the parameters in another order: the same answer.
	if _, b, _ := get(t, srv.URL+"/api/v1/points?limit=250000&format=binary"); !bytes.Equal(b, want) || cs.points.Load() != 1 {
		t.Errorf("reordered parameters: %d reads, same answer %v", cs.points.Load(), bytes.Equal(b, want))
	}
	// Other filters are another answer.
	get(t, srv.URL+points+"&type=Protests")
	if n := cs.points.Load(); n != 2 {
		t.Errorf("other filters: %d reads, want 2", n)
	}
	// Days too.
	get(t, srv.URL+"/api/v1/days")
	_, days, _ := get(t, srv.URL+"/api/v1/days")
	if _, d, _ := get(t, plain.URL+"/api/v1/days"); !bytes.Equal(days, d) || cs.days.Load() != 1 {
		t.Errorf("days: %d reads, same answer %v", cs.days.Load(), bytes.Equal(days, d))
	}

	// Compressed for a client that takes it, and 304 for one that has it.
	req, _ := http.NewRequest("GET", srv.URL+points, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil || res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip: %v, Content-Encoding %q", err, res.Header.Get("Content-Encoding"))
	}
	unz, _ := io.ReadAll(zr)
	res.Body.Close()
	if !bytes.Equal(unz, want) {
		t.Error("the gzip'd answer differs")
	}
	etag := res.Header.Get("ETag")
	req.Header.Set("If-None-Match", etag)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match %s: %v %v, want 304", etag, res.StatusCode, err)
	} else {
		res.Body.Close()
	}

	// A commit: read again, and the new answer is the store's.
	if _, err := f.store.PutDocuments(t.Context(), genDocs("d", 6, 3)); err != nil {
		t.Fatal(err)
	}
	_, after, hd := get(t, srv.URL+points)
	_, wantAfter, _ := get(t, plain.URL+points)
	if cs.points.Load() != 3 || !bytes.Equal(after, wantAfter) || bytes.Equal(after, want) {
		t.Errorf("after a commit: %d reads (want 3), answer is the store's: %v", cs.points.Load(), bytes.Equal(after, wantAfter))
	}
	if hd.Get("ETag") == etag {
		t.Errorf("the ETag %s stayed after a commit", etag)
	}

	// A refused query is answered as before, and not kept.
	for range 2 {
		if code, _, _ := get(t, srv.URL+"/api/v1/points?q=%22unclosed"); code != http.StatusBadRequest {
			t.Errorf("a bad text query: %d, want 400", code)
		}
	}
}

// TestAnswerCacheBounds: at most cacheEntries answers are kept, the oldest
// dropped first, and their bytes are counted once each.
func TestAnswerCacheBounds(t *testing.T) {
	f := newFixture(t, genDocs("b", 7, 30), Options{})
	cs := &countingStore{Store: f.store}
	srv := httptest.NewServer(New(cs, Options{}))
	t.Cleanup(srv.Close)
	u := func(i int) string { return srv.URL + "/api/v1/points?format=binary&min_fatalities=" + strconv.Itoa(i) }
	for i := range cacheEntries + 2 {
		get(t, u(i))
	}
	reads := cs.points.Load()
	get(t, u(cacheEntries+1)) // the newest: kept
	get(t, u(0))              // the oldest: dropped
	if n := cs.points.Load() - reads; n != 1 {
		t.Errorf("%d reads for the newest and the oldest answers, want 1 (the oldest)", n)
	}
}
