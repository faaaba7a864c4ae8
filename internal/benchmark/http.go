package benchmark

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sitrep/sitrep/internal/backend"
	"github.com/sitrep/sitrep/internal/rusage"
	"github.com/sitrep/sitrep/internal/serve"
)

//go:embed data/http.txt
var httpData string

// HTTPConfig is what `sitrep bench http` runs.
type HTTPConfig struct {
	// DB is the store to serve in-process on a loopback listener (a SQLite
	// path or a PostgreSQL URL); URL, when given, is instead the base of a
	// running `sitrep serve`, and DB is not opened.
	DB, URL string
	// Requests is how many requests each scenario is measured over at each
	// number of clients, after a tenth as many (at least one a client) to
	// warm up.
	Requests int
	// Seed picks the samples and each request's values.
	Seed uint64
	// Only, if not "", keeps the scenarios whose names contain it.
	Only string
	// CPUProfile, if not "", gets a CPU profile of the measured requests:
	// in-process, of the server and the clients together.
	CPUProfile string
}

// httpPlan is data/http.txt.
type httpPlan struct {
	clients   []int
	target    time.Duration
	scenarios []httpScenario
}

type httpScenario struct{ name, path string }

func readHTTPPlan(text string) (httpPlan, error) {
	var p httpPlan
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		var err error
		switch {
		case f[0] == "clients" && len(f) == 2:
			for _, s := range strings.Split(f[1], ",") {
				c, cerr := strconv.Atoi(strings.TrimSpace(s))
				if cerr != nil || c < 1 {
					err = fmt.Errorf("clients %q: want whole numbers of 1 or more", f[1])
				}
				p.clients = append(p.clients, c)
			}
		case f[0] == "target" && len(f) == 2:
			p.target, err = time.ParseDuration(f[1])
		case f[0] == "scenario" && len(f) == 3 && strings.HasPrefix(f[2], "/"):
			p.scenarios = append(p.scenarios, httpScenario{f[1], f[2]})
		default:
			err = errors.New("want clients, target or scenario NAME<TAB>/PATH")
		}
		if err != nil {
			return p, fmt.Errorf("http.txt:%d: %w", n, err)
		}
	}
	if len(p.clients) == 0 || len(p.scenarios) == 0 || p.target <= 0 {
		return p, errors.New("http.txt lacks clients, a target or scenarios")
	}
	return p, nil
}

// HTTP is `sitrep bench http`: it serves c.DB in-process (or takes c.URL),
// samples what the store holds through the API, then runs every scenario
// of data/http.txt at each number of clients and writes to w the latency
// percentiles and the rate of each, and which missed the target. Progress
// goes to progress (nil: none). When ctx is done it stops and reports the
// scenarios finished.
func HTTP(ctx context.Context, w, progress io.Writer, c HTTPConfig) error {
	if progress == nil {
		progress = io.Discard
	}
	plan, err := readHTTPPlan(httpData)
	if err != nil {
		return err
	}
	if c.Requests < 1 {
		return fmt.Errorf("http benchmark: %d requests a scenario", c.Requests)
	}
	base, where := strings.TrimSuffix(c.URL, "/"), c.URL
	if base == "" {
		hint := fmt.Sprintf("sitrep bench ingest --docs 100000 --db %s fills one", c.DB)
		s, err := backend.OpenExisting(ctx, c.DB)
		if err != nil {
			return fmt.Errorf("http benchmark: %w; %s", err, hint)
		}
		defer s.Close()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("http benchmark: listening on loopback: %w", err)
		}
		// Every client is one host to the server: let all of them in.
		h := serve.New(s, serve.Options{PerHost: slices.Max(plan.clients), Log: log.New(progress, "sitrep bench http: serve: ", 0)})
		sctx, stop := context.WithCancel(context.WithoutCancel(ctx))
		done := make(chan error, 1)
		go func() { done <- serve.Serve(sctx, ln, h, 5*time.Second) }()
		defer func() { stop(); <-done }()
		base, where = "http://"+ln.Addr().String(), c.DB+storeSize(c.DB)+", served in-process on loopback"
	}
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		MaxIdleConns: 2 * slices.Max(plan.clients), MaxIdleConnsPerHost: 2 * slices.Max(plan.clients), IdleConnTimeout: time.Minute}}
	defer client.CloseIdleConnections()
	r := &httpRun{ctx: ctx, client: client, base: base, progress: progress}
	if c.URL == "" {
		// The server makes the map's first load itself when it starts
		// (seconds of CPU on 100,000 documents); these requests wait for
		// it, so that the scenarios measure the API, not the start-up.
		for _, path := range serve.WarmPaths {
			if _, _, err := r.get(path, nil); err != nil {
				return fmt.Errorf("http benchmark: GET %s: %w", path, err)
			}
		}
	}
	fmt.Fprintf(progress, "sampling the store through %s\n", base)
	smp, err := r.sample(c.Seed)
	if errors.Is(err, errEmpty) && c.URL == "" {
		return fmt.Errorf("http benchmark: store %s is empty; sitrep bench ingest --docs 100000 --db %s fills it", c.DB, c.DB)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "store: %d documents, %d events, %d incidents; %s\n", smp.counts.Documents, smp.counts.Events, smp.counts.Incidents, where)
	fmt.Fprintf(w, "machine: %s/%s, %d cores, %s; load average %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), loadAvg())
	warm := max(1, c.Requests/10)
	fmt.Fprintf(w, "%d requests a scenario and number of clients, after %d to warm up (at least one a client); latency of one request\n", c.Requests, warm)
	if c.CPUProfile != "" {
		f, err := os.Create(c.CPUProfile)
		if err != nil {
			return fmt.Errorf("http benchmark: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("http benchmark: profile %s: %w", c.CPUProfile, err)
		}
		defer pprof.StopCPUProfile()
	}
	// CPU ms/req is the process's CPU time over the measured requests:
	// in-process, of the server and the clients together.
	fmt.Fprintf(w, "%7s  %-12s %8s %6s %9s %9s %9s %9s %8s %8s %8s\n", "clients", "scenario", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s", "KB/resp", "CPU ms/req")
	var missed []string
	most := slices.Max(plan.clients)
	for _, n := range plan.clients {
		for _, sc := range plan.scenarios {
			if !strings.Contains(sc.name, c.Only) {
				continue
			}
			fill, why := smp.filler(sc.path)
			if why != "" {
				fmt.Fprintf(w, "%7d  %-12s skipped: %s\n", n, sc.name, why)
				continue
			}
			if _, err := r.run(sc, fill, n, max(warm, n), c.Seed); err != nil {
				return err
			}
			cpu0, _ := rusage.CPU()
			res, err := r.run(sc, fill, n, c.Requests, c.Seed+1)
			if err != nil {
				return err
			}
			cpu, haveCPU := rusage.CPU()
			if res.done > 0 {
				perReq := "-"
				if haveCPU && c.URL == "" {
					perReq = fmt.Sprintf("%.2f", ms(cpu-cpu0)/float64(res.done))
				}
				fmt.Fprintf(w, "%7d  %-12s %8d %6d %9.1f %9.1f %9.1f %9.1f %8.1f %8.1f %8s\n", n, sc.name, res.done, res.errors,
					ms(res.pct(0.50)), ms(res.pct(0.95)), ms(res.pct(0.99)), ms(res.pct(1)), float64(res.done)/res.wall.Seconds(), float64(res.bytes)/float64(res.done)/1024, perReq)
			}
			if res.first != "" {
				fmt.Fprintf(w, "         first error: %s\n", res.first)
			}
			if ctx.Err() != nil {
				fmt.Fprintln(w, "interrupted")
				return nil
			}
			if n == most && (res.pct(0.99) >= plan.target || res.errors > 0) {
				missed = append(missed, fmt.Sprintf("%s (p99 %.1f ms, %d failed)", sc.name, ms(res.pct(0.99)), res.errors))
			}
		}
	}
	fmt.Fprintf(w, "load average at the end: %s\n", loadAvg())
	if len(missed) == 0 {
		fmt.Fprintf(w, "every scenario answered with p99 under %v at %d clients, without errors\n", plan.target, most)
	} else {
		fmt.Fprintf(w, "missed p99 under %v at %d clients: %s\n", plan.target, most, strings.Join(missed, ", "))
	}
	return nil
}

var errEmpty = errors.New("http benchmark: the store served is empty")

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// storeSize is ", SIZE on disk" of a SQLite store and its log, or "".
func storeSize(db string) string {
	var n int64
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(db + suffix); err == nil {
			n += fi.Size()
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (%.0f MB on disk)", float64(n)/(1<<20))
}

// loadAvg is the machine's load average over 1, 5 and 15 minutes, where
// the system tells it.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// httpRun is one run's client side.
type httpRun struct {
	ctx      context.Context
	client   *http.Client
	base     string
	progress io.Writer
}

// get reads base+path to the end: its status and size.
func (r *httpRun) get(path string, v any) (int, int64, error) {
	req, err := http.NewRequestWithContext(r.ctx, http.MethodGet, r.base+path, nil)
	if err != nil {
		return 0, 0, err
	}
	res, err := r.client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	if v != nil && res.StatusCode == http.StatusOK {
		err = json.NewDecoder(res.Body).Decode(v)
	}
	n, cerr := io.Copy(io.Discard, res.Body)
	return res.StatusCode, n, errors.Join(err, cerr)
}

func (r *httpRun) getJSON(path string, v any) error {
	status, _, err := r.get(path, v)
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("status %d", status)
	}
	if err != nil {
		return fmt.Errorf("http benchmark: GET %s%s: %w", r.base, path, err)
	}
	return nil
}

// samples are what requests are made of: values the store holds.
type samples struct {
	counts    struct{ Documents, Events, Incidents int }
	days      []string
	points    [][2]float64 // longitude, latitude
	towns     []string
	townDays  []string
	events    []string
	incidents []int64
}

// sample reads the store's counts and days, and the events and incidents
// of a few days picked at random.
func (r *httpRun) sample(seed uint64) (*samples, error) {
	s := &samples{}
	if err := r.getJSON("/healthz", &s.counts); err != nil {
		return nil, err
	}
	if s.counts.Documents == 0 {
		return nil, errEmpty
	}
	var days struct{ Days []struct{ Date string } }
	if err := r.getJSON("/api/v1/days", &days); err != nil {
		return nil, err
	}
	for _, d := range days.Days {
		s.days = append(s.days, d.Date)
	}
	rnd := rand.New(rand.NewPCG(seed, 0x5a3))
	for range min(8, len(s.days)) {
		d := url.QueryEscape(s.days[rnd.IntN(len(s.days))])
		var evs struct {
			Events []struct {
				ID, Location        string
				Date                string `json:"event_date"`
				Latitude, Longitude *float64
			}
		}
		if err := r.getJSON("/api/v1/events?limit=100&start="+d+"&end="+d, &evs); err != nil {
			return nil, err
		}
		for _, e := range evs.Events {
			s.events = append(s.events, e.ID)
			if town := strings.ReplaceAll(e.Location, `"`, ``); town != "" {
				s.towns = append(s.towns, `"`+town+`"`)
				if t, err := time.Parse(time.DateOnly, e.Date); err == nil {
					s.townDays = append(s.townDays, `"`+town+t.Format(" on 2 January 2006")+`"`)
				}
			}
			if e.Latitude != nil && e.Longitude != nil {
				s.points = append(s.points, [2]float64{*e.Longitude, *e.Latitude})
			}
		}
		var incs struct{ Incidents []struct{ ID int64 } }
		if err := r.getJSON("/api/v1/incidents?limit=50&start="+d+"&end="+d, &incs); err != nil {
			return nil, err
		}
		for _, inc := range incs.Incidents {
			s.incidents = append(s.incidents, inc.ID)
		}
	}
	return s, nil
}

// filler returns what fills path's placeholders for one request, or why
// the store cannot.
func (s *samples) filler(path string) (func(*rand.Rand) string, string) {
	type value struct {
		have int
		why  string
		fn   func(rnd *rand.Rand, end *string) string
	}
	values := map[string]value{
		// A window of 30 days: {start} picks it, {end} reads its end.
		"{start}": {len(s.days), "no dated events", func(rnd *rand.Rand, end *string) string {
			start := s.days[rnd.IntN(max(1, len(s.days)-29))]
			*end = start
			if t, err := time.Parse(time.DateOnly, start); err == nil {
				*end = t.AddDate(0, 0, 29).Format(time.DateOnly)
			}
			return url.QueryEscape(start)
		}},
		"{end}": {len(s.days), "no dated events", func(_ *rand.Rand, end *string) string { return url.QueryEscape(*end) }},
		"{bbox}": {len(s.points), "no located events", func(rnd *rand.Rand, _ *string) string {
			p := s.points[rnd.IntN(len(s.points))]
			return fmt.Sprintf("%.3f,%.3f,%.3f,%.3f", math.Max(-180, p[0]-1), math.Max(-90, p[1]-1), math.Min(180, p[0]+1), math.Min(90, p[1]+1))
		}},
		"{town}": {len(s.towns), "no events with a location", func(rnd *rand.Rand, _ *string) string {
			return url.QueryEscape(s.towns[rnd.IntN(len(s.towns))])
		}},
		"{townday}": {len(s.townDays), "no dated events with a location", func(rnd *rand.Rand, _ *string) string {
			return url.QueryEscape(s.townDays[rnd.IntN(len(s.townDays))])
		}},
		"{incident}": {len(s.incidents), "no incidents", func(rnd *rand.Rand, _ *string) string {
			return strconv.FormatInt(s.incidents[rnd.IntN(len(s.incidents))], 10)
		}},
		"{event}": {len(s.events), "no events", func(rnd *rand.Rand, _ *string) string { return url.PathEscape(s.events[rnd.IntN(len(s.events))]) }},
	}
	// The placeholders in the order they appear, so that {start} is
	// filled before {end}.
	type use struct {
		at   int
		name string
	}
	var uses []use
	for name, v := range values {
		if i := strings.Index(path, name); i >= 0 {
			if v.have == 0 {
				return nil, "the store has " + v.why
			}
			uses = append(uses, use{i, name})
		}
	}
	slices.SortFunc(uses, func(a, b use) int { return a.at - b.at })
	return func(rnd *rand.Rand) string {
		p, end := path, ""
		for _, u := range uses {
			p = strings.Replace(p, u.name, values[u.name].fn(rnd, &end), 1)
		}
		return p
	}, ""
}

// httpResult is one scenario at one number of clients.
type httpResult struct {
	lat          []time.Duration // of the requests done, sorted
	done, errors int
	bytes        int64
	wall         time.Duration
	first        string // the first error
}

// pct is the q-th quantile of the latencies (nearest rank).
func (r *httpResult) pct(q float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[max(0, int(math.Ceil(q*float64(len(r.lat))))-1)]
}

// run makes n requests of sc with clients at once, each request's
// placeholders filled by fill, and reports progress every few seconds.
func (r *httpRun) run(sc httpScenario, fill func(*rand.Rand) string, clients, n int, seed uint64) (*httpResult, error) {
	lat := make([]time.Duration, n)
	var next, done, errs, bytes atomic.Int64
	var once sync.Once
	res := &httpResult{}
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Go(func() {
			rnd := rand.New(rand.NewPCG(seed, uint64(c)))
			for {
				i := next.Add(1) - 1
				if i >= int64(n) || r.ctx.Err() != nil {
					return
				}
				path := fill(rnd)
				t0 := time.Now()
				status, m, err := r.get(path, nil)
				lat[i] = time.Since(t0)
				if err == nil && status != http.StatusOK {
					err = fmt.Errorf("status %d", status)
				}
				if err != nil {
					if r.ctx.Err() != nil {
						lat[i] = -1 // cut off, not measured
						return
					}
					errs.Add(1)
					once.Do(func() { res.first = "GET " + path + ": " + err.Error() })
				}
				bytes.Add(m)
				done.Add(1)
			}
		})
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for running := true; running; {
		select {
		case <-finished:
			running = false
		case <-tick.C:
			fmt.Fprintf(r.progress, "%s at %d clients: %d of %d requests\n", sc.name, clients, done.Load(), n)
		}
	}
	res.wall = time.Since(start)
	for _, d := range lat[:min(int(next.Load()), n)] {
		if d > 0 {
			res.lat = append(res.lat, d)
		}
	}
	slices.Sort(res.lat)
	res.done, res.errors, res.bytes = len(res.lat), int(errs.Load()), bytes.Load()
	return res, nil
}
