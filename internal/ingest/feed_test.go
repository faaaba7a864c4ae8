package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
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
}

func newSite(t *testing.T, routes map[string]http.HandlerFunc) *site {
	s := &site{hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
		if h := routes[r.URL.Path]; h != nil {
			h(w, r)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(s.Close)
	return s
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

// testFeedOptions are fast and still polite.
var testFeedOptions = FeedOptions{Timeout: 2 * time.Second, HostDelay: time.Millisecond, Backoff: time.Millisecond}

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
	p := NewPoller(Options{MaxRecord: 4000, Stats: &st, OnError: func(err error) { errs = append(errs, err.Error()) }}, testFeedOptions)

	states, recs := poll(t, p, []FeedState{{URL: s.URL + "/feed.xml"}})
	want := []Record{
		{Source: s.URL + "/a", Kind: HTML, Body: []byte("<html><body>Page a.</body></html>"), URL: s.URL + "/a", Charset: "iso-8859-1"},
		{Source: s.URL + "/b", Kind: HTML, Body: []byte("<p>Feed summary of b.</p>"), URL: s.URL + "/b", Charset: "utf-8"},
		{Source: s.URL + "/private/c", Kind: HTML, Body: []byte("<p>Full content of c.</p>"), URL: s.URL + "/private/c", Charset: "utf-8"},
		{Source: s.URL + "/big", Kind: HTML, Body: []byte("<p>Summary of e.</p>"), URL: s.URL + "/big", Charset: "utf-8"},
	}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d: %+v\nerrors %q", len(recs), len(want), recs, errs)
	}
	for i, w := range want {
		w.Outlet, w.Author, w.Published = "Example News", "A. Writer", "2020-02-11T07:00:00Z"
		w.Title = items[slices.IndexFunc(items, func(it [5]string) bool { return strings.HasSuffix(w.URL, it[1]) })][2]
		if !equalRecord(recs[i], w) {
			t.Errorf("record %d = %+v\nwant %+v", i, recs[i], w)
		}
	}
	wantErrs := []string{
		"feed " + s.URL + "/feed.xml: page " + s.URL + "/b: HTTP 500 Internal Server Error; took the feed's content",
		"feed " + s.URL + "/feed.xml: page " + s.URL + "/private/c: disallowed by robots.txt; took the feed's content",
		"feed " + s.URL + "/feed.xml: item d: HTTP 404 Not Found, and the feed gives no content",
		"feed " + s.URL + "/feed.xml: page " + s.URL + "/big: record over the size limit (4000 bytes); took the feed's content",
	}
	if strings.Join(errs, "\n") != strings.Join(wantErrs, "\n") {
		t.Errorf("errors\n%s\nwant\n%s", strings.Join(errs, "\n"), strings.Join(wantErrs, "\n"))
	}
	if st.Records.Load() != 4 || st.Skipped.Load() != 1 || st.Bytes.Load() == 0 {
		t.Errorf("stats: %d records, %d skipped, %d bytes", st.Records.Load(), st.Skipped.Load(), st.Bytes.Load())
	}
	if got := states[0]; got.ETag != `"v1"` || got.LastModified == "" || strings.Join(got.Seen, " ") != "a b c d e" || got.Failures != 0 {
		t.Errorf("state %+v", got)
	}
	if s.hit("/private/c") != 0 || s.hit("/robots.txt") != 1 {
		t.Errorf("fetched a disallowed page or robots.txt more than once: %v", s.hits)
	}

	// Unchanged: 304 Not Modified, nothing new.
	states2, recs := poll(t, p, states)
	if len(recs) != 0 || s.hit("/feed.xml") != 2 || !slices.Equal(states2[0].Seen, states[0].Seen) || states2[0].ETag != `"v1"` {
		t.Errorf("not modified: %d records, %d feed fetches, state %+v", len(recs), s.hit("/feed.xml"), states2[0])
	}

	// Changed: only the new item comes out.
	mu.Lock()
	version = "v2"
	items = append([][5]string{{"f", "/f", "New", "", ""}}, items...)
	mu.Unlock()
	states3, recs := poll(t, p, states2)
	if len(recs) != 1 || recs[0].URL != s.URL+"/f" || strings.Join(states3[0].Seen, " ") != "f a b c d e" || states3[0].ETag != `"v2"` {
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
