package serve

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Warming: the map's first load asks for its points and days with no
// filters (index.html's early fetches), and the first read of them after
// the server starts, or after a commit, is what a first visitor waits for
// (seconds, over 100,000 events). So the server asks for them itself, in
// the background, when it starts and again once the store has changed:
// through the handler, so that what is kept (bytes, ETag) is what a
// request would have made. A request that comes meanwhile waits for the
// same answer rather than making its own (see serveCached).

// The first load's requests, as index.html asks for them with no filters.
const (
	warmPoints = "/api/v1/points?limit=250000&format=binary"
	warmDays   = "/api/v1/days?"
)

// WarmPaths are the requests the server makes of itself when it starts:
// a request of one of them waits for the answer being made.
var WarmPaths = []string{warmPoints, warmDays}

// warmEvery is how often the store is asked whether it changed (one
// PRAGMA): a commit is warmed for within about two of these.
const warmEvery = time.Second

// warming is the handler's warming settings, set by tests.
type warming struct {
	every time.Duration    // how often to ask for the generation; 0: warmEvery
	done  func(gen uint64) // called after each warming, with the generation warmed for
}

// warm readies the page's files, then keeps the first load's answers
// made until ctx is done: at once,
// then whenever the store's generation changed and then held still for
// one poll, so that a store being written to all the time is not read
// again for every commit (its answers are made by requests then, as
// without warming). A store without a generation is not warmed: nothing
// would be kept.
func (h *handler) warm(ctx context.Context) {
	// Beside the points: gzipping the page's files first made the first
	// load's points come later.
	var files sync.WaitGroup
	files.Go(h.assets.warm)
	defer files.Wait()
	gs, ok := h.base.(generationer)
	if !ok {
		return
	}
	every := h.warming.every
	if every <= 0 {
		every = warmEvery
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	var warmed, last uint64
	first := true
	for {
		gen, err := gs.Generation(ctx)
		if ctx.Err() != nil {
			return
		}
		// An error is asked again at the next tick: serveCached logs it
		// for the requests meanwhile.
		if err == nil && (first || gen != warmed && gen == last) {
			h.warmOnce(ctx)
			if ctx.Err() != nil {
				return
			}
			first, warmed = false, gen
			if h.warming.done != nil {
				h.warming.done(gen)
			}
		}
		if err == nil {
			last = gen
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// warmOnce asks for the first load's answers, at once as the page does,
// and returns when both are made (or failed: the handler logs a 5xx).
func (h *handler) warmOnce(ctx context.Context) {
	var wg sync.WaitGroup
	for _, target := range WarmPaths {
		wg.Go(func() {
			r, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
			if err != nil {
				h.o.Log.Printf("warming %s: %v", target, err)
				return
			}
			r.RemoteAddr = "warming:0" // a client host of its own for the limits
			h.ServeHTTP(&discard{header: http.Header{}}, r)
		})
	}
	wg.Wait()
}

// discard is the ResponseWriter of a warming request: the answer is kept
// by the cache, and sent to nobody.
type discard struct{ header http.Header }

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) WriteHeader(int)             {}
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
