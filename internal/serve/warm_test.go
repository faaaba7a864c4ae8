package serve

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// serveWarming serves h as `sitrep serve` does (Serve, which warms) until
// the test ends or stop is called; warmed gets each generation warmed for.
func serveWarming(t *testing.T, h *handler, every time.Duration) (url string, warmed <-chan uint64, stop func() error) {
	t.Helper()
	ch := make(chan uint64, 64)
	h.warming.every = every
	h.warming.done = func(gen uint64) { ch <- gen }
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, ln, h, 5*time.Second) }()
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		return <-served
	}
	t.Cleanup(func() { stop() })
	return "http://" + ln.Addr().String(), ch, stop
}

// TestWarm: once the server has warmed, the page's first requests are
// answered from what was kept, as a request would have made it; a commit
// has them made again; stopping the server stops the warming.
func TestWarm(t *testing.T) {
	f := newFixture(t, genDocs("w", 11, 40), Options{})
	cs := &countingStore{Store: f.store}
	h := New(cs, Options{}).(*handler)
	url, warmed, stop := serveWarming(t, h, 5*time.Millisecond)
	plain := httptest.NewServer(New(noGeneration{f.store}, Options{}))
	t.Cleanup(plain.Close)
	// What a server with nothing kept answers, and the ETag it gives.
	fresh := httptest.NewServer(New(f.store, Options{}))
	t.Cleanup(fresh.Close)

	gen := <-warmed
	if p, d := cs.points.Load(), cs.days.Load(); p != 1 || d != 1 {
		t.Fatalf("after warming: the points read %d times, the days %d; want 1 and 1", p, d)
	}
	_, want, _ := get(t, plain.URL+warmPoints)
	_, _, freshHd := get(t, fresh.URL+warmPoints)
	code, body, hd := get(t, url+warmPoints)
	if code != http.StatusOK || !bytes.Equal(body, want) {
		t.Fatalf("the first points request after warming: %d, %d bytes; want 200 and the store's %d", code, len(body), len(want))
	}
	if hd.Get("ETag") == "" || hd.Get("ETag") != freshHd.Get("ETag") {
		t.Errorf("ETag %q after warming, %q made by a request", hd.Get("ETag"), freshHd.Get("ETag"))
	}
	_, days, _ := get(t, url+warmDays)
	if _, wantDays, _ := get(t, plain.URL+warmDays); !bytes.Equal(days, wantDays) {
		t.Errorf("days after warming: %s, want %s", days, wantDays)
	}
	if p, d := cs.points.Load(), cs.days.Load(); p != 1 || d != 1 {
		t.Errorf("the first requests after warming read the points %d times, the days %d; want them kept (1 and 1)", p, d)
	}

	// A commit: warmed again, for the new generation, with the new event.
	if _, err := f.store.PutDocuments(t.Context(), genDocs("x", 12, 1)); err != nil {
		t.Fatal(err)
	}
	for g := range warmed {
		if g != gen {
			break
		}
	}
	reads := cs.points.Load()
	if reads != 2 || cs.days.Load() != 2 {
		t.Fatalf("after a commit and warming: the points read %d times, the days %d; want 2 and 2", reads, cs.days.Load())
	}
	_, after, _ := get(t, url+warmPoints)
	_, wantAfter, _ := get(t, plain.URL+warmPoints)
	if !bytes.Equal(after, wantAfter) || bytes.Equal(after, want) {
		t.Errorf("after a commit: the answer is the store's: %v, is the old one: %v", bytes.Equal(after, wantAfter), bytes.Equal(after, want))
	}
	if n := cs.points.Load(); n != reads {
		t.Errorf("the points request after re-warming read the store (%d reads, want %d)", n, reads)
	}

	// Stopped: Serve returns only once warming has returned.
	if err := stop(); err != nil {
		t.Fatalf("Serve: %v", err)
	}
}

// blockingStore holds its first read of the points until release is
// closed or its context ends, and tells when it began.
type blockingStore struct {
	*countingStore
	began, release chan struct{}
	held           atomic.Bool
	gens           atomic.Int32
	third          chan struct{} // closed at the third Generation call
}

func newBlockingStore(s *store.Store) *blockingStore {
	return &blockingStore{countingStore: &countingStore{Store: s}, began: make(chan struct{}), release: make(chan struct{}), third: make(chan struct{})}
}

func (b *blockingStore) Generation(ctx context.Context) (uint64, error) {
	if b.gens.Add(1) == 3 {
		close(b.third)
	}
	return b.Store.Generation(ctx)
}

func (b *blockingStore) EachPoint(ctx context.Context, f store.Filter, limit int, fn func(*store.Point) error) (bool, error) {
	if b.held.CompareAndSwap(false, true) {
		close(b.began)
		select {
		case <-b.release:
		case <-ctx.Done():
			b.points.Add(1)
			return false, ctx.Err()
		}
	}
	return b.countingStore.EachPoint(ctx, f, limit, fn)
}

// TestWarmShared: a request that comes while warming makes the points
// waits for them rather than reading them again.
func TestWarmShared(t *testing.T) {
	f := newFixture(t, genDocs("s", 21, 30), Options{})
	bs := newBlockingStore(f.store)
	h := New(bs, Options{}).(*handler)
	url, warmed, _ := serveWarming(t, h, time.Hour) // one warming: at the start
	<-bs.began
	got := make(chan []byte, 1)
	go func() {
		var body []byte
		if res, err := http.Get(url + warmPoints); err == nil {
			body, _ = io.ReadAll(res.Body)
			res.Body.Close()
		}
		got <- body
	}()
	// Calls: the warming loop's, its points request's, then this request's.
	<-bs.third
	close(bs.release)
	body := <-got
	<-warmed
	_, want, _ := get(t, httptest.NewServer(New(noGeneration{f.store}, Options{})).URL+warmPoints)
	if !bytes.Equal(body, want) {
		t.Errorf("the request during warming: %d bytes, want the store's %d", len(body), len(want))
	}
	if n := bs.points.Load(); n != 1 {
		t.Errorf("warming and a request at once read the points %d times, want 1", n)
	}
}

// TestWarmCancelled: stopping the server while warming reads the points
// stops the read; nothing is kept, and a request reads them itself.
func TestWarmCancelled(t *testing.T) {
	f := newFixture(t, genDocs("k", 31, 30), Options{})
	bs := newBlockingStore(f.store)
	h := New(bs, Options{}).(*handler)
	var warmings atomic.Int32
	h.warming.done = func(uint64) { warmings.Add(1) }
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.warm(ctx)
	}()
	<-bs.began
	cancel()
	<-done // a warming that ignored ctx would hang here
	if n := warmings.Load(); n != 0 {
		t.Errorf("a cancelled warming reported %d warmings done", n)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	if code, _, _ := get(t, srv.URL+warmPoints); code != http.StatusOK {
		t.Fatalf("points after a cancelled warming: %d", code)
	}
	if n := bs.points.Load(); n != 2 {
		t.Errorf("points read %d times (the cancelled warming's and the request's), want 2: nothing kept of the cancelled one", n)
	}
}

// TestWarmTargets: what is warmed is what the page asks for first, with
// no filters (index.html's early fetches, main.js's fetchData).
func TestWarmTargets(t *testing.T) {
	page, err := files.ReadFile("static/index.html")
	if err != nil {
		t.Fatal(err)
	}
	_, query, _ := strings.Cut(warmPoints, "?")
	for _, want := range []string{`"/api/v1/points?"`, `"` + query + `"`, `"` + warmDays + `"`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("index.html does not ask for %s", want)
		}
	}
	if !strings.Contains(query, "limit="+strconv.Itoa(maxPoints)) {
		t.Errorf("warmed %s: not the most points an answer holds (%d)", warmPoints, maxPoints)
	}
}

// TestWarmAssets: the files warmed when the server starts exist, and
// include every file index.html's head asks for.
func TestWarmAssets(t *testing.T) {
	h := New(noGeneration{}, Options{}).(*handler)
	h.assets.warm()
	page, err := files.ReadFile("static/index.html")
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(page), "</head>")
	for _, m := range regexp.MustCompile(`/static/dist/[\w.-]+`).FindAllString(head, -1) {
		f, ok := h.assets.files[strings.TrimPrefix(m, "/")]
		if !ok {
			t.Errorf("index.html's head asks for %s: not warmed", m)
			continue
		}
		if f.gz == nil && len(f.body) > 4096 {
			t.Errorf("%s warmed but not gzip'd", m)
		}
	}
	if len(h.assets.files) < 6 {
		t.Errorf("%d files warmed, want the 6 of a first load", len(h.assets.files))
	}
}
