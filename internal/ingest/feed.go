package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"
)

// DefaultUserAgent names sitrep to the servers it polls.
const DefaultUserAgent = "sitrep/0.1 (+https://github.com/sitrep/sitrep)"

// maxSeen caps FeedState.Seen beyond the items a feed lists at present.
const maxSeen = 1000

// FeedState is what the poller remembers of one feed between polls. The
// caller keeps it (the store persists it) and hands it back next time; a
// new feed needs only its URL.
type FeedState struct {
	URL          string   `json:"url"`
	ETag         string   `json:"etag,omitempty"`
	LastModified string   `json:"last_modified,omitempty"`
	Seen         []string `json:"seen,omitempty"`     // keys (GUID, else link) of the items already handled, newest first
	Failures     int      `json:"failures,omitempty"` // polls that failed in a row
}

// FeedOptions sets how politely feeds and pages are fetched. Zero values
// take the defaults given.
type FeedOptions struct {
	Client    *http.Client  // nil: a client of the poller's own
	UserAgent string        // DefaultUserAgent
	Timeout   time.Duration // of one request, body included: 30s
	HostDelay time.Duration // between the starts of two requests to one host: 1s
	HostConns int           // requests to one host at once: 2
	Feeds     int           // feeds polled at once: 4
	Retries   int           // retries of a feed that failed for a timeout, 5xx or garbage: 3; negative: none
	Backoff   time.Duration // wait before the first retry, doubling after: 2s
}

// Poller polls RSS/Atom feeds and fetches the pages of their new items,
// honouring robots.txt. It remembers robots.txt files and per-host limits
// across polls, so keep one for the life of the process.
type Poller struct {
	opt Options
	fo  FeedOptions

	mu     sync.Mutex
	hosts  map[string]*hostGate
	robots map[string]robotsEntry // by scheme://host
}

type robotsEntry struct {
	r       Robots
	expires time.Time
}

// NewPoller returns a poller. Of opt, OnError is told of failed feeds and
// pages, MaxRecord caps every response and Stats counts (Stdin is unused).
func NewPoller(opt Options, fo FeedOptions) *Poller {
	if fo.Client == nil {
		fo.Client = &http.Client{}
	}
	if fo.UserAgent == "" {
		fo.UserAgent = DefaultUserAgent
	}
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&fo.Timeout, 30*time.Second)
	def(&fo.HostDelay, time.Second)
	def(&fo.Backoff, 2*time.Second)
	if fo.HostConns <= 0 {
		fo.HostConns = 2
	}
	if fo.Feeds <= 0 {
		fo.Feeds = 4
	}
	if fo.Retries == 0 {
		fo.Retries = 3
	}
	return &Poller{opt: opt, fo: fo, hosts: map[string]*hostGate{}, robots: map[string]robotsEntry{}}
}

// Poll polls each feed once and calls fn, from one goroutine at a time,
// with a record for each item not seen before: its linked page, with the
// item's title, author, date and the feed's title as metadata, or the
// item's own content when the page cannot be had. A feed that fails is
// reported and counted in its state's Failures; it never stops the others.
// Poll returns the feeds' new states, in order, also when fn fails or ctx
// is done (then it returns that error): items not handled stay unseen.
func (p *Poller) Poll(ctx context.Context, feeds []FeedState, fn func(Record) error) ([]FeedState, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var mu sync.Mutex // fn and OnError are called one at a time
	opt := p.opt
	if onError := p.opt.OnError; onError != nil {
		opt.OnError = func(err error) {
			mu.Lock()
			defer mu.Unlock()
			onError(err)
		}
	}
	run := &feedRun{p: p, opt: &opt, yield: func(r Record) error {
		mu.Lock()
		defer mu.Unlock()
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := opt.yield(fn, r); err != nil {
			cancel(err)
			return err
		}
		return nil
	}}

	out := append([]FeedState(nil), feeds...)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(p.fo.Feeds, len(feeds)) {
		wg.Go(func() {
			for i := range next {
				out[i] = run.feed(ctx, feeds[i])
			}
		})
	}
send:
	for i := range feeds {
		select {
		case next <- i:
		case <-ctx.Done():
			break send
		}
	}
	close(next)
	wg.Wait()
	return out, context.Cause(ctx)
}

// feedRun is one Poll.
type feedRun struct {
	p     *Poller
	opt   *Options
	yield func(Record) error
}

func (run *feedRun) report(err error) {
	if run.opt.OnError != nil {
		run.opt.OnError(err)
	}
}

// feed polls one feed and returns its new state.
func (run *feedRun) feed(ctx context.Context, st FeedState) FeedState {
	feed, err := run.fetchFeed(ctx, &st)
	if err != nil {
		if ctx.Err() == nil {
			st.Failures++
			run.report(fmt.Errorf("feed %s: %w", st.URL, err))
		}
		return st
	}
	st.Failures = 0
	if feed == nil {
		return st // not modified
	}
	seen := make(map[string]bool, len(st.Seen))
	for _, k := range st.Seen {
		seen[k] = true
	}
	var keys []string
	for _, it := range feed.Items {
		key := itemKey(it)
		if key == "" {
			continue
		}
		if !seen[key] {
			if ctx.Err() != nil || run.item(ctx, st.URL, feed, it, key) != nil {
				continue // stopped: the item stays unseen
			}
			seen[key] = true
		}
		keys = append(keys, key)
	}
	limit := max(maxSeen, len(keys))
	in := make(map[string]bool, len(keys))
	for _, k := range keys {
		in[k] = true
	}
	for _, k := range st.Seen {
		if len(keys) >= limit {
			break
		}
		if !in[k] {
			keys = append(keys, k)
		}
	}
	st.Seen = keys
	return st
}

// item yields the record of one new item. It fails only when fn did or ctx
// is done.
func (run *feedRun) item(ctx context.Context, feedURL string, feed *gofeed.Feed, it *gofeed.Item, key string) error {
	rec := Record{Source: it.Link, URL: it.Link, Outlet: strings.TrimSpace(feed.Title), Title: strings.TrimSpace(it.Title), Published: itemDate(it)}
	if len(it.Authors) > 0 && it.Authors[0] != nil {
		rec.Author = it.Authors[0].Name
	}
	var pageErr error
	if it.Link != "" {
		if pageErr = run.page(ctx, &rec); pageErr == nil {
			return run.yield(rec)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	} else {
		rec.Source = feedURL + "#" + key
		pageErr = errors.New("no link")
	}
	content := it.Content
	if content == "" {
		content = it.Description
	}
	if strings.TrimSpace(content) == "" {
		run.opt.skip(fmt.Errorf("feed %s: item %s: %w, and the feed gives no content", feedURL, key, pageErr))
		return nil
	}
	if it.Link != "" {
		run.report(fmt.Errorf("feed %s: page %s: %w; took the feed's content", feedURL, it.Link, pageErr))
	}
	rec.Kind, rec.Body, rec.Charset = HTML, []byte(content), "utf-8"
	return run.yield(rec)
}

// page fetches an item's page into rec.
func (run *feedRun) page(ctx context.Context, rec *Record) error {
	u := httpURL(rec.URL)
	if u == nil {
		return errors.New("not an http(s) link")
	}
	if err := run.p.allowed(ctx, u); err != nil {
		return err
	}
	resp, body, err := run.p.get(ctx, rec.URL, nil, run.opt)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("HTTP %s", resp.Status)
	}
	media, charset := parseContentType(resp.Header.Get("Content-Type"))
	kind, ok := pageKind(media, body)
	if !ok {
		return fmt.Errorf("not a page but %q", media)
	}
	rec.Kind, rec.Body, rec.Charset = kind, body, charset
	return nil
}

// fetchFeed fetches and parses a feed, retrying with backoff, and keeps
// its validators in st. It returns a nil feed when the feed is unchanged.
func (run *feedRun) fetchFeed(ctx context.Context, st *FeedState) (*gofeed.Feed, error) {
	u := httpURL(st.URL)
	if u == nil {
		return nil, errors.New("not an http(s) URL")
	}
	for attempt := 0; ; attempt++ {
		feed, retry, err := run.tryFeed(ctx, u, st)
		if err == nil || !retry || attempt >= run.p.fo.Retries {
			if err != nil && attempt > 0 {
				err = fmt.Errorf("%w (tried %d times)", err, attempt+1)
			}
			return feed, err
		}
		if err := sleep(ctx, run.p.fo.Backoff<<attempt); err != nil {
			return nil, err
		}
	}
}

// tryFeed fetches a feed once; retry tells whether another try may do better.
func (run *feedRun) tryFeed(ctx context.Context, u *url.URL, st *FeedState) (feed *gofeed.Feed, retry bool, err error) {
	if err := run.p.allowed(ctx, u); err != nil {
		return nil, !errors.Is(err, errDisallowed), err
	}
	resp, body, err := run.p.get(ctx, st.URL, func(req *http.Request) {
		if st.ETag != "" {
			req.Header.Set("If-None-Match", st.ETag)
		}
		if st.LastModified != "" {
			req.Header.Set("If-Modified-Since", st.LastModified)
		}
	}, run.opt)
	switch {
	case err != nil:
		return nil, !errors.Is(err, ErrTooLarge), err
	case resp.StatusCode == http.StatusNotModified:
		return nil, false, nil
	case resp.StatusCode/100 != 2:
		return nil, resp.StatusCode/100 == 5 || resp.StatusCode == http.StatusTooManyRequests, fmt.Errorf("HTTP %s", resp.Status)
	}
	feed, err = gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, true, fmt.Errorf("not a feed: %w", err)
	}
	st.ETag, st.LastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	return feed, false, nil
}

var errDisallowed = errors.New("disallowed by robots.txt")

// allowed tells, as an error, whether robots.txt lets sitrep fetch u.
func (p *Poller) allowed(ctx context.Context, u *url.URL) error {
	site := u.Scheme + "://" + u.Host
	p.mu.Lock()
	e, ok := p.robots[site]
	p.mu.Unlock()
	if !ok || time.Now().After(e.expires) {
		opt := Options{MaxRecord: maxRobots, Stats: p.opt.Stats}
		resp, body, err := p.get(ctx, site+"/robots.txt", nil, &opt)
		switch {
		case err != nil && !errors.Is(err, ErrTooLarge): // the RFC says to parse what fits
			return fmt.Errorf("robots.txt: %w", err)
		case resp.StatusCode/100 == 2:
			e.r = ParseRobots(body, robotsAgent)
		case resp.StatusCode/100 == 4: // no robots.txt: all allowed
			e.r = Robots{}
		default: // the RFC: assume all disallowed, so try again later
			return fmt.Errorf("robots.txt: HTTP %s", resp.Status)
		}
		e.expires = time.Now().Add(24 * time.Hour)
		p.mu.Lock()
		p.robots[site] = e
		p.mu.Unlock()
	}
	if !e.r.Allowed(u.EscapedPath() + query(u)) {
		return errDisallowed
	}
	return nil
}

// httpURL parses an absolute http(s) URL; nil if s is none.
func httpURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	return u
}

func query(u *url.URL) string {
	if u.RawQuery == "" {
		return ""
	}
	return "?" + u.RawQuery
}

// get makes a polite GET: within the host's limits, with a timeout and a
// size limit. A body over the limit comes back cut, with ErrTooLarge.
func (p *Poller) get(ctx context.Context, rawURL string, prepare func(*http.Request), opt *Options) (*http.Response, []byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, nil, err
	}
	g := p.gate(u.Host)
	if err := g.enter(ctx, p.fo.HostDelay); err != nil {
		return nil, nil, err
	}
	defer g.leave()
	ctx, cancel := context.WithTimeout(ctx, p.fo.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("User-Agent", p.fo.UserAgent)
	if prepare != nil {
		prepare(req)
	}
	resp, err := p.fo.Client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, opt.maxRecord()+1))
	opt.addBytes(len(body))
	if err != nil {
		return resp, nil, err
	}
	if int64(len(body)) > opt.maxRecord() {
		return resp, body[:opt.maxRecord()], fmt.Errorf("%w (%d bytes)", ErrTooLarge, opt.maxRecord())
	}
	return resp, body, nil
}

// hostGate keeps the requests to one host within its limits.
type hostGate struct {
	slots chan struct{} // one per request under way
	mu    sync.Mutex
	next  time.Time // when the next request may start
}

func (p *Poller) gate(host string) *hostGate {
	p.mu.Lock()
	defer p.mu.Unlock()
	g := p.hosts[host]
	if g == nil {
		g = &hostGate{slots: make(chan struct{}, p.fo.HostConns)}
		p.hosts[host] = g
	}
	return g
}

func (g *hostGate) enter(ctx context.Context, delay time.Duration) error {
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	g.mu.Lock()
	now := time.Now()
	start := g.next
	if start.Before(now) {
		start = now
	}
	g.next = start.Add(delay)
	g.mu.Unlock()
	if err := sleep(ctx, start.Sub(now)); err != nil {
		g.leave()
		return err
	}
	return nil
}

func (g *hostGate) leave() { <-g.slots }

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// itemKey tells items apart across polls.
func itemKey(it *gofeed.Item) string {
	for _, k := range []string{it.GUID, it.Link, it.Title} {
		if k = strings.TrimSpace(k); k != "" {
			return k
		}
	}
	return ""
}

func itemDate(it *gofeed.Item) string {
	switch {
	case it.PublishedParsed != nil:
		return it.PublishedParsed.UTC().Format(time.RFC3339)
	case it.UpdatedParsed != nil:
		return it.UpdatedParsed.UTC().Format(time.RFC3339)
	}
	return strings.TrimSpace(it.Published)
}

// ReadFeedList reads a list of feed URLs, one a line; blank lines and
// lines starting with '#' are skipped. name names the list in errors.
func ReadFeedList(name string, r io.Reader) ([]string, error) {
	var urls []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		if httpURL(line) == nil {
			return nil, fmt.Errorf("%s:%d: not an http(s) URL: %q", name, n, clip([]byte(line)))
		}
		if !seen[line] {
			seen[line] = true
			urls = append(urls, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return urls, nil
}
