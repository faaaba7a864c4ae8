package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// rss writes an RSS 2.0 feed; each item is guid, link, title, description, content.
func rss(title string, items ...[5]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>%s</title><link>http://x/</link>`, title)
	for _, it := range items {
		fmt.Fprintf(&b, `<item><guid>%s</guid><link>%s</link><title>%s</title><dc:creator>A. Writer</dc:creator><pubDate>Tue, 11 Feb 2020 10:00:00 +0300</pubDate>`, it[0], it[1], it[2])
		if it[3] != "" {
			fmt.Fprintf(&b, `<description><![CDATA[%s]]></description>`, it[3])
		}
		if it[4] != "" {
			fmt.Fprintf(&b, `<content:encoded><![CDATA[%s]]></content:encoded>`, it[4])
		}
		b.WriteString(`</item>`)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// site is a test web server that counts what it is asked.
type site struct {
	*httptest.Server
	mu               sync.Mutex
	hits             map[string]int
	badUA            []string
	inFlight, maxFly int
	routes           map[string]http.HandlerFunc
}

func newSite(t *testing.T, routes map[string]http.HandlerFunc) *site {
	return newSiteAt(t, "127.0.0.1:0", routes)
}

// newSiteAt starts a site listening on addr.
func newSiteAt(t *testing.T, addr string, routes map[string]http.HandlerFunc) *site {
	t.Helper()
	s := &site{hits: map[string]int{}, routes: routes}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		// Linux routes all of 127/8 to loopback; not every system does.
		t.Skipf("cannot listen on %s here: %v", addr, err)
	}
	s.Listener.Close()
	s.Listener = ln
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	if !strings.HasPrefix(r.UserAgent(), "sitrep/") {
		s.badUA = append(s.badUA, r.UserAgent())
	}
	s.inFlight++
	s.maxFly = max(s.maxFly, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	h := s.routes[r.URL.Path]
	for path, route := range s.routes {
		if h == nil && strings.HasSuffix(path, "/") && strings.HasPrefix(r.URL.Path, path) {
			h = route // a route ending in / takes the paths under it
		}
	}
	if h != nil {
		h(w, r)
		return
	}
	http.NotFound(w, r)
}

func (s *site) hit(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func text(ct, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ct)
		fmt.Fprint(w, body)
	}
}

func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", code) }
}

// testFeedOptions are fast and still polite; they let the poller fetch
// from the test servers on 127.0.0.1, and from no other private address.
var testFeedOptions = FeedOptions{Timeout: 2 * time.Second, HostDelay: time.Millisecond, Backoff: time.Millisecond, ItemBackoff: time.Millisecond,
	AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}

func poll(t *testing.T, p *Poller, states []FeedState) ([]FeedState, []Record) {
	t.Helper()
	var recs []Record
	states, err := p.Poll(context.Background(), states, func(r Record) error {
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return states, recs
}

func TestPoll(t *testing.T) {
	var mu sync.Mutex
	version := "v1"
	items := [][5]string{
		{"a", "/a", "Clashes in Saraqib", "", ""},
		{"b", "/b", "Airstrike", "<p>Feed summary of b.</p>", ""},
		{"c", "/private/c", "Shelling", "<p>Summary of c.</p>", "<p>Full content of c.</p>"},
		{"d", "/d", "Nothing", "", ""},
		{"e", "/big", "Big page", "<p>Summary of e.</p>", ""},
	}
	var s *site
	s = newSite(t, map[string]http.HandlerFunc{
		"/robots.txt": text("text/plain", "User-agent: *\nDisallow: /private/\n"),
		"/feed.xml": func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			v, its := version, items
			mu.Unlock()
			if r.Header.Get("If-None-Match") == `"`+v+`"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"`+v+`"`)
			w.Header().Set("Last-Modified", "Tue, 11 Feb 2020 10:00:00 GMT")
			for i := range its {
				its[i][1] = s.URL + its[i][1]
			}
			fmt.Fprint(w, rss("Example News", its...))
		},
		"/a":   text("text/html; charset=ISO-8859-1", "<html><body>Page a.</body></html>"),
		"/b":   status(500),
		"/f":   text("text/html", "<html><body>Page f.</body></html>"),
		"/big": text("text/html", strings.Repeat("x", 10_000)),
	})
	var errs []string
	var st Stats
	fo := testFeedOptions
	fo.ItemTries = 2
	p := NewPoller(Options{MaxRecord: 4000, Stats: &st, OnError: func(err error) { errs = append(errs, err.Error()) }}, fo)
	meta := func(w Record) Record {
		w.Outlet, w.Author, w.Published = "Example News", "A. Writer", "2020-02-11T07:00:00Z"
		w.Title = items[slices.IndexFunc(items, func(it [5]string) bool { return strings.HasSuffix(w.URL, it[1]) })][2]
		return w
	}
	check := func(poll string, recs []Record, want []Record, wantErrs []string) {
		t.Helper()
		if len(recs) != len(want) {
			t.Fatalf("%s: %d records, want %d: %+v\nerrors %q", poll, len(recs), len(want), recs, errs)
		}
		for i, w := range want {
			if w = meta(w); !equalRecord(recs[i], w) {
				t.Errorf("%s: record %d = %+v\nwant %+v", poll, i, recs[i], w)
			}
		}
		if strings.Join(errs, "\n") != strings.Join(wantErrs, "\n") {
			t.Errorf("%s: errors\n%s\nwant\n%s", poll, strings.Join(errs, "\n"), strings.Join(wantErrs, "\n"))
		}
		errs = nil
	}

	// The page of b fails for a server error: b stays pending, neither
	// seen nor lost.
	states, recs := poll(t, p, []FeedState{{URL: s.URL + "/feed.xml"}})
	check("first poll", recs, []Record{
		{Source: s.URL + "/a", Kind: HTML, Body: []byte("<html><body>Page a.</body></html>"), URL: s.URL + "/a", Charset: "iso-8859-1"},
		{Source: s.URL + "/private/c", Kind: HTML, Body: []byte("<p>Full content of c.</p>"), URL: s.URL + "/private/c", Charset: "utf-8"},
		{Source: s.URL + "/big", Kind: HTML, Body: []byte("<p>Summary of e.</p>"), URL: s.URL + "/big", Charset: "utf-8"},
	}, []string{
		"feed " + s.URL + "/feed.xml: page " + s.URL + "/b: HTTP 500 Internal Server Error; will try again in 1ms (try 1 of 2)",
		"feed " + s.URL + "/feed.xml: page " + s.URL + "/private/c: disallowed by robots.txt; took the feed's content",
		"feed " + s.URL + "/feed.xml: item d: HTTP 404 Not Found, and the feed gives no content",
		"feed " + s.URL + "/feed.xml: page " + s.URL + "/big: record over the size limit (4000 bytes); took the feed's content",
	})
	if st.Records.Load() != 3 || st.Skipped.Load() != 1 || st.Bytes.Load() == 0 {
		t.Errorf("stats: %d records, %d skipped, %d bytes", st.Records.Load(), st.Skipped.Load(), st.Bytes.Load())
	}
	if got := states[0]; got.ETag != `"v1"` || got.LastModified == "" || strings.Join(got.Seen, " ") != "a c d e" || got.Failures != 0 ||
		len(got.Pending) != 1 || got.Pending[0].Key != "b" || got.Pending[0].Tries != 1 || got.Pending[0].Content != "<p>Feed summary of b.</p>" {
		t.Errorf("state %+v", got)
	}
	if s.hit("/private/c") != 0 || s.hit("/robots.txt") != 1 || s.hit("/b") != 1 {
		t.Errorf("fetched a disallowed page or robots.txt more than once: %v", s.hits)
	}

	// Unchanged: 304 Not Modified, nothing new, but b is tried again (the
	// feed's answer is not needed for it) and, at its last try, given up
	// for the feed's summary.
	time.Sleep(2 * time.Millisecond)
	states2, recs := poll(t, p, states)
	check("second poll", recs, []Record{
		{Source: s.URL + "/b", Kind: HTML, Body: []byte("<p>Feed summary of b.</p>"), URL: s.URL + "/b", Charset: "utf-8"},
	}, []string{
		"feed " + s.URL + "/feed.xml: page " + s.URL + "/b: HTTP 500 Internal Server Error (tried 2 times); took the feed's content",
	})
	if s.hit("/feed.xml") != 2 || s.hit("/b") != 2 || strings.Join(states2[0].Seen, " ") != "b a c d e" || len(states2[0].Pending) != 0 || states2[0].ETag != `"v1"` {
		t.Errorf("not modified: %d feed fetches, state %+v", s.hit("/feed.xml"), states2[0])
	}

	// Changed: only the new item comes out.
	mu.Lock()
	version = "v2"
	items = append([][5]string{{"f", "/f", "New", "", ""}}, items...)
	mu.Unlock()
	states3, recs := poll(t, p, states2)
	if len(recs) != 1 || recs[0].URL != s.URL+"/f" || strings.Join(states3[0].Seen, " ") != "f a b c d e" || states3[0].ETag != `"v2"` || s.hit("/b") != 2 {
		t.Errorf("changed: records %+v, state %+v", recs, states3[0])
	}
	if len(s.badUA) > 0 {
		t.Errorf("requests without sitrep's User-Agent: %q", s.badUA)
	}
}

func TestPollFailures(t *testing.T) {
	var mu sync.Mutex
	flaky := 0
	var s *site
	s = newSite(t, map[string]http.HandlerFunc{
		"/flaky": func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			flaky++
			n := flaky
			mu.Unlock()
			if n <= 2 {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			fmt.Fprint(w, rss("Flaky", [5]string{"1", s.URL + "/page", "One", "", ""}))
		},
		"/garbage": text("application/rss+xml", "<<<not a feed>>>"),
		"/slow": func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		},
		"/page": text("text/html", "<p>Page.</p>"),
	})
	closed := newSite(t, map[string]http.HandlerFunc{
		"/robots.txt": text("text/plain", "User-agent: sitrep\nDisallow: /\n"),
	})
	var mu2 sync.Mutex
	var errs []error
	fo := testFeedOptions
	fo.Timeout = 100 * time.Millisecond
	p := NewPoller(Options{OnError: func(err error) {
		mu2.Lock()
		errs = append(errs, err)
		mu2.Unlock()
	}}, fo)
	feeds := []FeedState{{URL: s.URL + "/flaky"}, {URL: s.URL + "/garbage"}, {URL: s.URL + "/slow"}, {URL: s.URL + "/missing"}, {URL: closed.URL + "/feed"}, {URL: "ftp://x/feed", Failures: 2}}
	states, recs := poll(t, p, feeds)
	if len(recs) != 1 || recs[0].URL != s.URL+"/page" {
		t.Errorf("records %+v", recs)
	}
	for i, want := range []int{0, 1, 1, 1, 1, 3} {
		if states[i].Failures != want || states[i].URL != feeds[i].URL {
			t.Errorf("%s: state %+v, want %d failures", feeds[i].URL, states[i], want)
		}
	}
	if s.hit("/flaky") != 3 || s.hit("/garbage") != 4 || s.hit("/slow") != 4 || s.hit("/missing") != 1 || closed.hit("/feed") != 0 {
		t.Errorf("fetches: %v %v", s.hits, closed.hits)
	}
	find := func(url string) error {
		for _, err := range errs {
			if strings.HasPrefix(err.Error(), "feed "+url+": ") {
				return err
			}
		}
		return nil
	}
	for _, c := range []struct {
		url, msg string
		is       error
	}{
		{s.URL + "/garbage", "not a feed", nil},
		{s.URL + "/slow", "", context.DeadlineExceeded},
		{s.URL + "/missing", "HTTP 404 Not Found", nil},
		{closed.URL + "/feed", "", errDisallowed},
		{"ftp://x/feed", "not an http(s) URL", nil},
	} {
		err := find(c.url)
		if err == nil || !strings.Contains(err.Error(), c.msg) || c.is != nil && !errors.Is(err, c.is) {
			t.Errorf("%s: reported %v, want %q / %v", c.url, err, c.msg, c.is)
		}
	}
	if len(errs) != 5 {
		t.Errorf("%d reports, want 5: %v", len(errs), errs)
	}
}

func TestPollHostLimits(t *testing.T) {
	routes := map[string]http.HandlerFunc{}
	var feeds []FeedState
	var s *site
	for f := range 3 {
		path := fmt.Sprintf("/feed%d", f)
		routes[path] = func(w http.ResponseWriter, r *http.Request) {
			var its [][5]string
			for i := range 4 {
				its = append(its, [5]string{fmt.Sprintf("%d-%d", f, i), fmt.Sprintf("%s/p/%d/%d", s.URL, f, i), "t", "", ""})
			}
			fmt.Fprint(w, rss("F", its...))
		}
	}
	routes["/robots.txt"] = status(404)
	for f := range 3 {
		for i := range 4 {
			routes[fmt.Sprintf("/p/%d/%d", f, i)] = func(w http.ResponseWriter, r *http.Request) {
				time.Sleep(2 * time.Millisecond) // let requests overlap if the gate fails
				text("text/html", "<p>x</p>")(w, r)
			}
		}
	}
	s = newSite(t, routes)
	for f := range 3 {
		feeds = append(feeds, FeedState{URL: fmt.Sprintf("%s/feed%d", s.URL, f)})
	}
	fo := testFeedOptions
	fo.HostConns, fo.Feeds = 1, 3
	_, recs := poll(t, NewPoller(Options{}, fo), feeds)
	if len(recs) != 12 {
		t.Errorf("%d records, want 12", len(recs))
	}
	if s.maxFly != 1 {
		t.Errorf("%d requests to one host at once, want 1", s.maxFly)
	}
}

func TestPollStop(t *testing.T) {
	var s *site
	s = newSite(t, map[string]http.HandlerFunc{
		"/feed": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, rss("F", [5]string{"1", s.URL + "/p", "t", "<p>1</p>", ""}, [5]string{"2", s.URL + "/p", "t", "<p>2</p>", ""}))
		},
	})
	stop := errors.New("stop")
	states, err := NewPoller(Options{}, testFeedOptions).Poll(context.Background(), []FeedState{{URL: s.URL + "/feed"}}, func(Record) error { return stop })
	if err != stop || len(states) != 1 || len(states[0].Seen) != 0 {
		t.Errorf("err %v, states %+v: want the callback's error and nothing seen", err, states)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	states, err = NewPoller(Options{}, testFeedOptions).Poll(ctx, []FeedState{{URL: s.URL + "/feed", ETag: "x"}}, func(Record) error { return nil })
	if !errors.Is(err, context.Canceled) || states[0].ETag != "x" || states[0].Failures != 0 {
		t.Errorf("cancelled: err %v, states %+v", err, states)
	}
}

func TestReadFeedList(t *testing.T) {
	urls, err := ReadFeedList("feeds.txt", strings.NewReader("# news\n\nhttps://a.example/rss\n  http://b.example/feed.xml  \nhttps://a.example/rss\n"))
	if err != nil || strings.Join(urls, " ") != "https://a.example/rss http://b.example/feed.xml" {
		t.Errorf("got %q, %v", urls, err)
	}
	for _, bad := range []string{"ftp://a/x", "a.example/rss", "http://", "http://a b/%zz"} {
		_, err := ReadFeedList("feeds.txt", strings.NewReader("https://ok.example/\n"+bad+"\n"))
		if err == nil || !strings.HasPrefix(err.Error(), "feeds.txt:2: ") {
			t.Errorf("%q: err %v", bad, err)
		}
	}
}

func FuzzReadFeedList(f *testing.F) {
	f.Add("# c\nhttps://a.example/rss\n\nhttp://b/x?y=1#z\n")
	f.Add("http://[::1]:80/\r\nhttps://%41/\n")
	f.Fuzz(func(t *testing.T, s string) {
		urls, err := ReadFeedList("f", strings.NewReader(s))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f:") {
				t.Fatalf("error does not name the list: %v", err)
			}
			return
		}
		for _, u := range urls {
			if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
				t.Fatalf("kept %q", u)
			}
		}
	})
}

// TestPollRedirects: every hop of a redirect is held to its site's
// robots.txt and its host's delay, and a loop is one failure, not a burst
// of requests tried again.
func TestPollRedirects(t *testing.T) {
	closed := newSite(t, map[string]http.HandlerFunc{
		"/robots.txt": text("text/plain", "User-agent: *\nDisallow: /secret\n"),
		"/secret":     text("text/html", "<p>Secret.</p>"),
	})
	var mu sync.Mutex
	var times []time.Time // of the requests along the chain
	stamp := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			times = append(times, time.Now())
			mu.Unlock()
			h(w, r)
		}
	}
	to := func(path string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, path, http.StatusMovedPermanently) }
	}
	var s *site
	s = newSite(t, map[string]http.HandlerFunc{
		"/robots.txt": status(404),
		"/feed": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, rss("F",
				[5]string{"closed", s.URL + "/to-closed", "t", "", ""},
				[5]string{"chain", s.URL + "/r1", "t", "", ""},
				[5]string{"loop", s.URL + "/loop1", "t", "", ""},
				[5]string{"endless", s.URL + "/n/0", "t", "", ""},
			))
		},
		"/to-closed": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, closed.URL+"/secret", http.StatusFound)
		},
		"/r1":        stamp(to("/r2")),
		"/r2":        stamp(to("/r3")),
		"/r3":        stamp(to("/page#frag")),
		"/page":      stamp(text("text/html", "<p>At last.</p>")),
		"/loop1":     to("/loop2"),
		"/loop2":     to("/loop1"),
		"/feed-loop": to("/feed-loop"),
		"/n/": func(w http.ResponseWriter, r *http.Request) { // to /n/N+1, for ever
			var i int
			fmt.Sscan(strings.TrimPrefix(r.URL.Path, "/n/"), &i)
			http.Redirect(w, r, fmt.Sprintf("/n/%d", i+1), http.StatusTemporaryRedirect)
		},
	})
	var errs []error
	fo := testFeedOptions
	fo.HostDelay = 40 * time.Millisecond
	p := NewPoller(Options{OnError: func(err error) { errs = append(errs, err) }}, fo)
	states, recs := poll(t, p, []FeedState{{URL: s.URL + "/feed"}, {URL: s.URL + "/feed-loop"}})

	if len(recs) != 1 || recs[0].URL != s.URL+"/r1" || string(recs[0].Body) != "<p>At last.</p>" {
		t.Errorf("records %+v, want the end of the chain only", recs)
	}
	if closed.hit("/secret") != 0 || closed.hit("/robots.txt") != 1 {
		t.Errorf("the redirect's target: %v", closed.hits)
	}
	mu.Lock()
	for i := 1; i < len(times); i++ {
		// The gate spaces the starts of requests; allow for the network.
		if gap := times[i].Sub(times[i-1]); gap < fo.HostDelay-10*time.Millisecond {
			t.Errorf("hop %d came %v after the one before, within the host delay of %v", i, gap, fo.HostDelay)
		}
	}
	if len(times) != 4 {
		t.Errorf("%d requests along the chain, want 4", len(times))
	}
	mu.Unlock()
	if s.hit("/loop1") != 1 || s.hit("/loop2") != 1 || s.hit("/feed-loop") != 1 || s.hit("/n/5") != 1 || s.hit("/n/6") != 0 {
		t.Errorf("loops asked again: %v", s.hits)
	}
	var msgs []string
	for _, err := range errs {
		msgs = append(msgs, err.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		"item closed: redirected to " + closed.URL + "/secret: disallowed by robots.txt",
		"item loop: redirect loop: " + s.URL + "/loop2 leads back to " + s.URL + "/loop1",
		"item endless: redirect: more than 5, the last to " + s.URL + "/n/6",
		"feed " + s.URL + "/feed-loop: redirect loop: " + s.URL + "/feed-loop leads back to " + s.URL + "/feed-loop",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no report %q in\n%s", want, all)
		}
	}
	if strings.Contains(all, "tried") || len(states[0].Pending) != 0 || states[1].Failures != 1 {
		t.Errorf("a redirect loop was tried again: %s\nstates %+v", all, states)
	}
}

// TestPollPending: an item whose page fails for a reason that may pass is
// kept pending, not seen, and tried at later polls once its wait is over,
// also after the feed stops listing it, until it is fetched or its tries
// are used up; an item stopped by the callback stays as it was.
func TestPollPending(t *testing.T) {
	var mu sync.Mutex
	flaky, listed := 2, true // failures left; whether the feed lists the items
	var s *site
	s = newSite(t, map[string]http.HandlerFunc{
		"/robots.txt": status(404),
		"/feed": func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			if !listed {
				fmt.Fprint(w, rss("F"))
				return
			}
			fmt.Fprint(w, rss("F", [5]string{"flaky", s.URL + "/flaky", "Flaky", "", ""}, [5]string{"down", s.URL + "/down", "Down", "", ""}))
		},
		"/flaky": func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			if flaky > 0 {
				flaky--
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			text("text/html", "<p>Flaky page.</p>")(w, r)
		},
		"/down": status(502),
	})
	var errs []string
	fo := testFeedOptions
	fo.ItemTries, fo.ItemBackoff = 3, time.Hour
	p := NewPoller(Options{OnError: func(err error) { errs = append(errs, err.Error()) }}, fo)
	due := func(states []FeedState) []FeedState { // as if the waits were over
		for i := range states[0].Pending {
			states[0].Pending[i].Next = time.Now().Add(-time.Second)
		}
		return states
	}

	states, recs := poll(t, p, []FeedState{{URL: s.URL + "/feed"}})
	st := states[0]
	if len(recs) != 0 || len(st.Seen) != 0 || len(st.Pending) != 2 || st.Pending[0].Key != "flaky" || st.Pending[0].Tries != 1 ||
		st.Pending[0].Err != "HTTP 503 Service Unavailable" || time.Until(st.Pending[0].Next) < 59*time.Minute || st.Pending[0].Outlet != "F" {
		t.Fatalf("first poll: records %+v, state %+v", recs, st)
	}
	if !strings.Contains(strings.Join(errs, "\n"), "page "+s.URL+"/flaky: HTTP 503 Service Unavailable; will try again in 1h0m0s (try 1 of 3)") {
		t.Errorf("reports %q", errs)
	}

	// Not before the wait is over.
	states, recs = poll(t, p, states)
	if len(recs) != 0 || s.hit("/flaky") != 1 || len(states[0].Pending) != 2 {
		t.Errorf("tried before its time: %d records, %d fetches", len(recs), s.hit("/flaky"))
	}

	// The feed no longer lists them; they are tried all the same.
	mu.Lock()
	listed, flaky = false, 1
	mu.Unlock()
	states, recs = poll(t, p, due(states))
	if len(recs) != 0 || len(states[0].Pending) != 2 || states[0].Pending[0].Tries != 2 || time.Until(states[0].Pending[0].Next) < 119*time.Minute {
		t.Errorf("second try: records %+v, state %+v", recs, states[0])
	}

	// The callback fails: the items stay pending as they were.
	stop := errors.New("stop")
	after, err := p.Poll(context.Background(), due(states), func(Record) error { return stop })
	if err != stop || len(after[0].Pending) != 2 || after[0].Pending[0].Tries != 2 || after[0].Pending[1].Tries != 2 || len(after[0].Seen) != 0 {
		t.Errorf("stopped: %v, state %+v", err, after[0])
	}
	errs = nil
	states, recs = poll(t, p, due(states))
	if len(recs) != 1 || string(recs[0].Body) != "<p>Flaky page.</p>" || recs[0].Title != "Flaky" || recs[0].Outlet != "F" {
		t.Errorf("third try: records %+v", recs)
	}
	if st := states[0]; len(st.Pending) != 0 || strings.Join(st.Seen, " ") != "down flaky" {
		t.Errorf("after the last try: state %+v", st)
	}
	if want := "feed " + s.URL + "/feed: item down: HTTP 502 Bad Gateway (tried 3 times), and the feed gives no content"; strings.Join(errs, "\n") != want {
		t.Errorf("reports %q, want %q", errs, want)
	}
	if s.hit("/down") != 3 || s.hit("/flaky") != 4 {
		t.Errorf("fetches %v", s.hits)
	}
}

// TestPollInvalidXML: a feed that is not well-formed XML is a failed poll,
// not an empty feed; the sloppiness feeds are known for still passes.
func TestPollInvalidXML(t *testing.T) {
	item := `<item><guid>1</guid><link>/p</link><title>T</title></item>`
	routes := map[string]http.HandlerFunc{"/p": text("text/html", "<p>P.</p>")}
	bad := map[string]string{
		"/stray-end":   `<rss version="2.0"><channel><title>x</title></item>` + item + `</channel></rss>`,
		"/early-close": `<rss version="2.0"></rss><channel>` + item + `</channel>`,
		"/cut-short":   `<rss version="2.0"><channel><title>x</title>` + item,
		"/mismatched":  `<rss version="2.0"><channel>` + item + `</channel></feed>`,
		"/html":        `<html><body><p>Not a feed</p></body></html>`,
	}
	good := map[string]string{
		"/entities": `<rss version="2.0"><channel><title>A &amp; B &nbsp; C & D</title>` + item + `</channel></rss>`,
		"/latin1":   `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>caf` + "\xe9" + `</title>` + item + `</channel></rss>`,
		"/bom":      "\ufeff" + `<?xml version="1.0"?>` + "\n" + `<rss version="2.0"><channel>` + item + `</channel></rss>` + "\n",
		"/json":     `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"/p","title":"T"}]}`,
	}
	var feeds []FeedState
	var s *site
	for path, body := range bad {
		routes[path] = text("application/rss+xml", body)
	}
	for path, body := range good {
		routes[path] = func(w http.ResponseWriter, r *http.Request) {
			body := strings.NewReplacer("/p<", s.URL+"/p<", `"/p"`, `"`+s.URL+`/p"`).Replace(body)
			text("application/rss+xml", body)(w, r)
		}
	}
	s = newSite(t, routes)
	for path := range bad {
		feeds = append(feeds, FeedState{URL: s.URL + path})
	}
	for path := range good {
		feeds = append(feeds, FeedState{URL: s.URL + path})
	}
	var mu sync.Mutex
	var errs []string
	fo := testFeedOptions
	fo.Retries = -1
	states, recs := poll(t, NewPoller(Options{OnError: func(err error) {
		mu.Lock()
		errs = append(errs, err.Error())
		mu.Unlock()
	}}, fo), feeds)
	for _, st := range states {
		path := strings.TrimPrefix(st.URL, s.URL)
		_, isBad := bad[path]
		if isBad != (st.Failures == 1) {
			t.Errorf("%s: %d failures", path, st.Failures)
		}
		if isBad && !slices.ContainsFunc(errs, func(e string) bool { return strings.HasPrefix(e, "feed "+st.URL+": not a feed: ") }) {
			t.Errorf("%s: not reported as not a feed: %q", path, errs)
		}
	}
	if len(recs) != len(good) || len(errs) != len(bad) {
		t.Errorf("%d records, reports %q", len(recs), errs)
	}
}
