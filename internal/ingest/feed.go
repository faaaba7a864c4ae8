package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"
)

// DefaultUserAgent names sitrep to the servers it polls.
const DefaultUserAgent = "sitrep/0.1 (+https://github.com/sitrep/sitrep)"

// maxSeen caps FeedState.Seen beyond the items a feed lists at present.
const maxSeen = 1000

// maxRedirects is how many redirects one fetch follows (RFC 9309 asks
// crawlers to follow at least five for robots.txt).
const maxRedirects = 5

// FeedState is what the poller remembers of one feed between polls. The
// caller keeps it (the store persists it) and hands it back next time; a
// new feed needs only its URL.
type FeedState struct {
	URL          string   `json:"url"`
	ETag         string   `json:"etag,omitempty"`
	LastModified string   `json:"last_modified,omitempty"`
	Seen         []string `json:"seen,omitempty"`     // keys (GUID, else link) of the items already handled, newest first
	Failures     int      `json:"failures,omitempty"` // polls that failed in a row
	// Pending are the items whose page could not be had yet, oldest first.
	Pending []PendingItem `json:"pending,omitempty"`
}

// PendingItem is a feed item whose page failed for a reason that may pass
// (a timeout, a server error). It is neither seen nor lost: later polls try
// it again, waiting longer each time, also once the feed no longer lists
// it, until FeedOptions.ItemTries tries; then it is given up and the feed's
// own text of it, if any, taken instead.
type PendingItem struct {
	Key       string    `json:"key"`
	Link      string    `json:"link"`
	Outlet    string    `json:"outlet,omitempty"` // the feed's title
	Title     string    `json:"title,omitempty"`
	Author    string    `json:"author,omitempty"`
	Published string    `json:"published,omitempty"`
	Content   string    `json:"content,omitempty"` // the feed's own text of the item
	Tries     int       `json:"tries"`
	Next      time.Time `json:"next"`  // not tried again before then
	Err       string    `json:"error"` // why the last try failed
}

// FeedOptions sets how politely feeds and pages are fetched. Zero values
// take the defaults given.
type FeedOptions struct {
	UserAgent string        // DefaultUserAgent
	Timeout   time.Duration // of one request, body included: 30s
	HostDelay time.Duration // between the starts of two requests to one host: 1s
	HostConns int           // requests to one host at once: 2
	Feeds     int           // feeds polled at once: 4
	Retries   int           // retries of a feed that failed for a timeout, 5xx or garbage: 3; negative: none
	Backoff   time.Duration // wait before the first retry, doubling after: 2s
	// ItemTries is how many polls try an item's page that failed for a
	// timeout, a network error or a server error: 5. ItemBackoff is the
	// wait before the second try, doubling after: 5m.
	ItemTries   int
	ItemBackoff time.Duration
	// AllowPrivate lists the addresses that are not public (loopback,
	// private, link-local...) that may be fetched all the same:
	// AllAddresses for an intranet. Nil refuses them all.
	AllowPrivate []netip.Prefix
}

// Poller polls RSS/Atom feeds and fetches the pages of their new items,
// honouring robots.txt. It remembers robots.txt files and per-host limits
// across polls, so keep one for the life of the process.
type Poller struct {
	opt    Options
	fo     FeedOptions
	client *http.Client

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
	def(&fo.ItemBackoff, 5*time.Minute)
	if fo.HostConns <= 0 {
		fo.HostConns = 2
	}
	if fo.Feeds <= 0 {
		fo.Feeds = 4
	}
	if fo.Retries == 0 {
		fo.Retries = 3
	}
	if fo.ItemTries <= 0 {
		fo.ItemTries = 5
	}
	return &Poller{opt: opt, fo: fo, client: newClient(fo.AllowPrivate), hosts: map[string]*hostGate{}, robots: map[string]robotsEntry{}}
}

// Poll polls each feed once and calls fn, from one goroutine at a time,
// with a record for each item not seen before and for each pending item
// whose time has come: its linked page, with the item's title, author,
// date and the feed's title as metadata, or the item's own content when
// the page cannot be had. A feed that fails is reported and counted in its
// state's Failures; it never stops the others. Poll returns the feeds' new
// states, in order, also when fn fails or ctx is done (then it returns
// that error): items not handled stay as they were.
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
	switch {
	case err == nil:
		st.Failures = 0
	case ctx.Err() == nil:
		st.Failures++
		run.report(fmt.Errorf("feed %s: %w", st.URL, err))
	}
	seen := make(map[string]bool, len(st.Seen))
	for _, k := range st.Seen {
		seen[k] = true
	}
	// Pending items go first, whatever became of the feed: they carry all
	// they need.
	var pending []PendingItem
	var handled []string // pending items done with, newest last
	waiting := map[string]bool{}
	now := time.Now()
	for _, it := range st.Pending {
		if seen[it.Key] || waiting[it.Key] {
			continue
		}
		out := itemStopped
		if ctx.Err() == nil && !now.Before(it.Next) {
			it, out = run.item(ctx, st.URL, it)
		}
		if out == itemDone {
			seen[it.Key] = true
			handled = append(handled, it.Key)
			continue
		}
		pending = append(pending, it)
		waiting[it.Key] = true
	}
	var keys []string // of the items the feed lists that are seen, in its order
	if feed != nil {
		for _, fi := range feed.Items {
			key := itemKey(fi)
			if key == "" || waiting[key] {
				continue
			}
			if !seen[key] && ctx.Err() == nil {
				it, out := run.item(ctx, st.URL, newItem(feed, fi, key))
				switch out {
				case itemDone:
					seen[key] = true
				case itemPending:
					pending = append(pending, it)
					waiting[key] = true
				}
			}
			if seen[key] {
				keys = append(keys, key)
			}
		}
	}
	st.Pending = pending
	st.Seen = seenList(keys, handled, st.Seen, feed != nil)
	return st
}

// seenList is a feed's new FeedState.Seen: the keys of the items it lists
// that are seen, then those of pending items handled this poll, newest
// first, then the ones remembered before, up to maxSeen in all unless the
// feed lists more (or was not read, when nothing is forgotten).
func seenList(listed, handled, before []string, read bool) []string {
	keys := slices.Clone(listed)
	in := make(map[string]bool, len(keys))
	for _, k := range keys {
		in[k] = true
	}
	for _, k := range slices.Backward(handled) {
		if !in[k] {
			in[k] = true
			keys = append(keys, k)
		}
	}
	limit := max(maxSeen, len(keys))
	if !read {
		limit = len(keys) + len(before)
	}
	for _, k := range before {
		if len(keys) >= limit {
			break
		}
		if !in[k] {
			in[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

func newItem(feed *gofeed.Feed, fi *gofeed.Item, key string) PendingItem {
	it := PendingItem{Key: key, Link: strings.TrimSpace(fi.Link), Outlet: strings.TrimSpace(feed.Title), Title: strings.TrimSpace(fi.Title), Published: itemDate(fi)}
	if len(fi.Authors) > 0 && fi.Authors[0] != nil {
		it.Author = fi.Authors[0].Name
	}
	it.Content = fi.Content
	if it.Content == "" {
		it.Content = fi.Description
	}
	return it
}

// outcome is what became of an item.
type outcome int

const (
	itemDone    outcome = iota // handed over, or given up: seen
	itemPending                // to be tried again
	itemStopped                // fn failed or ctx is done: as it was
)

// item hands over the record of an item: its page, or the feed's content
// once the page is given up. A page that failed for a reason that may pass
// leaves the item pending until its tries are used up.
func (run *feedRun) item(ctx context.Context, feedURL string, it PendingItem) (PendingItem, outcome) {
	rec := Record{Source: it.Link, URL: it.Link, Outlet: it.Outlet, Title: it.Title, Author: it.Author, Published: it.Published}
	hand := func(rec Record) outcome {
		if run.yield(rec) != nil {
			return itemStopped
		}
		return itemDone
	}
	var pageErr error
	if it.Link != "" {
		if pageErr = run.page(ctx, &rec); pageErr == nil {
			return it, hand(rec)
		}
		if ctx.Err() != nil {
			return it, itemStopped
		}
		it.Tries++
		if mayPass(pageErr) && it.Tries < run.p.fo.ItemTries {
			wait := run.p.fo.ItemBackoff << (it.Tries - 1)
			it.Next, it.Err = time.Now().Add(wait), pageErr.Error()
			run.report(fmt.Errorf("feed %s: page %s: %w; will try again in %v (try %d of %d)", feedURL, it.Link, pageErr, wait, it.Tries, run.p.fo.ItemTries))
			return it, itemPending
		}
		if it.Tries > 1 {
			pageErr = fmt.Errorf("%w (tried %d times)", pageErr, it.Tries)
		}
	} else {
		rec.Source = feedURL + "#" + it.Key
		pageErr = errors.New("no link")
	}
	if strings.TrimSpace(it.Content) == "" {
		run.opt.skip(fmt.Errorf("feed %s: item %s: %w, and the feed gives no content", feedURL, it.Key, pageErr))
		return it, itemDone
	}
	if it.Link != "" {
		run.report(fmt.Errorf("feed %s: page %s: %w; took the feed's content", feedURL, it.Link, pageErr))
	}
	rec.Kind, rec.Body, rec.Charset = HTML, []byte(it.Content), "utf-8"
	return it, hand(rec)
}

// Errors that no retry mends.
var (
	errDisallowed = errors.New("disallowed by robots.txt")
	errRedirect   = errors.New("redirect")
	errNotPage    = errors.New("not a page")
	errNotHTTP    = errors.New("not an http(s) link")
)

// statusError is a server's answer other than success.
type statusError struct {
	code   int
	status string
}

func (e statusError) Error() string { return "HTTP " + e.status }

// mayPass tells whether a failed fetch may succeed when tried again: a
// timeout, a network error, a server error or "too many requests" may
// pass; a refusal, a missing page or a redirect loop will not.
func mayPass(err error) bool {
	var se statusError
	switch {
	case errors.As(err, &se):
		return se.code/100 == 5 || se.code == http.StatusTooManyRequests || se.code == http.StatusRequestTimeout
	case errors.Is(err, errDisallowed), errors.Is(err, ErrNotPublic), errors.Is(err, ErrTooLarge),
		errors.Is(err, errRedirect), errors.Is(err, errNotPage), errors.Is(err, errNotHTTP):
		return false
	}
	return true
}

// page fetches an item's page into rec.
func (run *feedRun) page(ctx context.Context, rec *Record) error {
	u := httpURL(rec.URL)
	if u == nil {
		return errNotHTTP
	}
	resp, body, err := run.p.fetch(ctx, u, true, nil, run.opt)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return statusError{resp.StatusCode, resp.Status}
	}
	media, charset := parseContentType(resp.Header.Get("Content-Type"))
	kind, ok := pageKind(media, body)
	if !ok {
		return fmt.Errorf("%w but %q", errNotPage, media)
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
	resp, body, err := run.p.fetch(ctx, u, true, func(req *http.Request) {
		if st.ETag != "" {
			req.Header.Set("If-None-Match", st.ETag)
		}
		if st.LastModified != "" {
			req.Header.Set("If-Modified-Since", st.LastModified)
		}
	}, run.opt)
	switch {
	case err != nil:
		return nil, mayPass(err), err
	case resp.StatusCode == http.StatusNotModified:
		return nil, false, nil
	case resp.StatusCode/100 != 2:
		err := statusError{resp.StatusCode, resp.Status}
		return nil, mayPass(err), err
	}
	// gofeed reads a feed cut short, or with stray end tags, as one with
	// fewer items or none, which would pass for a quiet feed.
	if err := checkXML(body); err != nil {
		return nil, true, fmt.Errorf("not a feed: %w", err)
	}
	feed, err = gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, true, fmt.Errorf("not a feed: %w", err)
	}
	st.ETag, st.LastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	return feed, false, nil
}

// allowed tells, as an error, whether robots.txt lets sitrep fetch u.
func (p *Poller) allowed(ctx context.Context, u *url.URL) error {
	site := u.Scheme + "://" + u.Host
	p.mu.Lock()
	e, ok := p.robots[site]
	p.mu.Unlock()
	if !ok || time.Now().After(e.expires) {
		opt := Options{MaxRecord: maxRobots, Stats: p.opt.Stats}
		resp, body, err := p.fetch(ctx, &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}, false, nil, &opt)
		switch {
		case errors.Is(err, errRedirect): // the RFC: as if there were none
			e.r = Robots{}
		case err != nil && !errors.Is(err, ErrTooLarge): // the RFC says to parse what fits
			return fmt.Errorf("robots.txt: %w", err)
		case resp.StatusCode/100 == 2:
			e.r = ParseRobots(body, robotsAgent)
		case resp.StatusCode/100 == 4: // no robots.txt: all allowed
			e.r = Robots{}
		default: // the RFC: assume all disallowed, so try again later
			return fmt.Errorf("robots.txt: %w", statusError{resp.StatusCode, resp.Status})
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

// fetch GETs u, following redirects itself so that every hop is held to
// robots.txt (when robots is set) and to its host's limits, as the first
// is; an http.Client following them would skip both. A loop, or more than
// maxRedirects hops, fails at once: asking again would loop again.
func (p *Poller) fetch(ctx context.Context, u *url.URL, robots bool, prepare func(*http.Request), opt *Options) (*http.Response, []byte, error) {
	visited := map[string]bool{}
	for hops := 0; ; hops++ {
		hop := func(err error) error {
			if hops > 0 {
				return fmt.Errorf("redirected to %s: %w", u, err)
			}
			return err
		}
		if robots {
			if err := p.allowed(ctx, u); err != nil {
				return nil, nil, hop(err)
			}
		}
		resp, body, err := p.get(ctx, u, prepare, opt)
		if err != nil {
			return resp, body, hop(err)
		}
		loc := resp.Header.Get("Location")
		switch resp.StatusCode {
		case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		default:
			return resp, body, nil
		}
		if loc == "" {
			return resp, body, nil
		}
		next, err := u.Parse(loc)
		if err != nil || httpURL(next.String()) == nil {
			return nil, nil, fmt.Errorf("%w from %s to %q: not an http(s) URL", errRedirect, u, loc)
		}
		next.Fragment, next.RawFragment = "", ""
		visited[u.String()] = true
		switch {
		case visited[next.String()]:
			return nil, nil, fmt.Errorf("%w loop: %s leads back to %s", errRedirect, u, next)
		case hops == maxRedirects:
			return nil, nil, fmt.Errorf("%w: more than %d, the last to %s", errRedirect, maxRedirects, next)
		}
		u = next
	}
}

// get makes one polite GET: within the host's limits, with a timeout and a
// size limit. A body over the limit comes back cut, with ErrTooLarge.
func (p *Poller) get(ctx context.Context, u *url.URL, prepare func(*http.Request), opt *Options) (*http.Response, []byte, error) {
	g := p.gate(u.Host)
	if err := g.enter(ctx, p.fo.HostDelay); err != nil {
		return nil, nil, err
	}
	defer g.leave()
	ctx, cancel := context.WithTimeout(ctx, p.fo.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("User-Agent", p.fo.UserAgent)
	if prepare != nil {
		prepare(req)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		var ae *addrError
		if errors.As(err, &ae) {
			// Said plainly, rather than as the dialer's error.
			return nil, nil, fmt.Errorf("refused %s: %w", u, ae)
		}
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

// ReadFeedFile reads the list of feed URLs in the file at path, which must
// list at least one.
func ReadFeedFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	urls, err := ReadFeedList(path, f)
	if err == nil && len(urls) == 0 {
		err = fmt.Errorf("%s lists no feeds", path)
	}
	return urls, err
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
