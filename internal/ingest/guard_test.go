package ingest

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"
)

func TestAddrKind(t *testing.T) {
	for _, tc := range []struct{ addr, kind string }{
		{"93.184.215.14", ""},
		{"8.8.8.8", ""},
		{"2606:4700::1111", ""},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::808:808", ""}, // NAT64 of 8.8.8.8
		{"127.0.0.1", "loopback"},
		{"127.255.0.9", "loopback"},
		{"::1", "loopback"},
		{"10.1.2.3", "private"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"172.32.0.1", ""},
		{"192.168.1.1", "private"},
		{"fd12:3456::1", "private"}, // ULA
		{"169.254.169.254", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"224.0.0.1", "multicast"},
		{"239.255.255.250", "multicast"},
		{"ff02::1", "multicast"},
		{"0.0.0.0", "unspecified"},
		{"::", "unspecified"},
		{"0.1.2.3", `"this network"`},
		{"100.64.0.1", "carrier-grade NAT"},
		{"100.127.255.254", "carrier-grade NAT"},
		{"100.128.0.1", ""},
		{"198.18.0.1", "benchmarking"},
		{"255.255.255.255", "reserved"},
		{"::ffff:127.0.0.1", "IPv4-mapped loopback"},
		{"::ffff:10.0.0.1", "IPv4-mapped private"},
		{"::ffff:169.254.169.254", "IPv4-mapped link-local"},
		{"::ffff:100.64.0.1", "IPv4-mapped carrier-grade NAT"},
		{"64:ff9b::7f00:1", "NAT64 loopback"},
		{"::127.0.0.1", "IPv4-compatible"},
		{"fec0::1", "site-local"},
	} {
		if got := addrKind(netip.MustParseAddr(tc.addr)); got != tc.kind {
			t.Errorf("%s: %q, want %q", tc.addr, got, tc.kind)
		}
	}
}

func TestGuard(t *testing.T) {
	lan := []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")}
	for _, tc := range []struct {
		allow []netip.Prefix
		addr  string
		ok    bool
	}{
		{nil, "93.184.215.14:443", true},
		{nil, "127.0.0.1:80", false},
		{nil, "[::1]:80", false},
		{nil, "[::ffff:127.0.0.1]:80", false},
		{nil, "[fe80::1%eth0]:80", false},
		{lan, "10.1.2.3:80", true},
		{lan, "[::ffff:10.1.2.3]:80", true},
		{lan, "10.2.0.1:80", false},
		{lan, "127.0.0.1:80", false},
		{AllAddresses, "127.0.0.1:80", true},
		{AllAddresses, "[::1]:80", true},
		{AllAddresses, "169.254.169.254:80", true},
		{nil, "not an address", false},
	} {
		err := guard{tc.allow}.check("tcp", tc.addr, nil)
		if (err == nil) != tc.ok || err != nil && !errors.Is(err, ErrNotPublic) {
			t.Errorf("allow %v, %s: %v, want ok %v", tc.allow, tc.addr, err, tc.ok)
		}
	}
}

// TestPollPrivate: feeds and pages on addresses that are not public are
// refused, by address, by name, in IPv4-mapped form and through a
// redirect, unless allowed.
func TestPollPrivate(t *testing.T) {
	// The "intranet" server, which must not be reached, listens on
	// 127.0.0.1; the feed's own server on 127.0.0.2, the one address the
	// poller is allowed.
	intranet := newSiteAt(t, "127.0.0.1:0", map[string]http.HandlerFunc{
		"/robots.txt": status(404),
		"/secret":     text("text/html", "<p>Internal figures.</p>"),
	})
	port := intranet.URL[strings.LastIndexByte(intranet.URL, ':')+1:]
	var feed *site
	links := []string{
		intranet.URL + "/secret",
		"http://localhost:" + port + "/secret",
		"http://[::ffff:127.0.0.1]:" + port + "/secret",
		"http://[::1]:" + port + "/secret",
	}
	feed = newSiteAt(t, "127.0.0.2:0", map[string]http.HandlerFunc{
		"/robots.txt": status(404),
		"/feed": func(w http.ResponseWriter, r *http.Request) {
			var its [][5]string
			for i, l := range links {
				its = append(its, [5]string{fmt.Sprint(i), l, "t", "", ""})
			}
			fmt.Fprint(w, rss("F", its...))
		},
		"/moved": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, intranet.URL+"/secret", http.StatusFound)
		},
	})
	links = append(links, feed.URL+"/moved")
	var errs []error
	fo := testFeedOptions
	fo.AllowPrivate = []netip.Prefix{netip.MustParsePrefix("127.0.0.2/32")}
	p := NewPoller(Options{OnError: func(err error) { errs = append(errs, err) }}, fo)
	states, recs := poll(t, p, []FeedState{{URL: feed.URL + "/feed"}})
	if len(recs) != 0 || intranet.hit("/secret") != 0 || intranet.hit("/robots.txt") != 0 {
		t.Errorf("fetched from the intranet: %d records, hits %v", len(recs), intranet.hits)
	}
	if len(errs) != len(links) {
		t.Fatalf("%d reports for %d links: %v", len(errs), len(links), errs)
	}
	for i, err := range errs {
		msg := err.Error()
		if !errors.Is(err, ErrNotPublic) || !strings.Contains(msg, "item "+fmt.Sprint(i)+": ") || !strings.Contains(msg, "refused http://") ||
			!strings.Contains(msg, "loopback address") || !strings.Contains(msg, "--allow-private") {
			t.Errorf("link %s: reported %q", links[i], msg)
		}
	}
	if !strings.Contains(errs[len(errs)-1].Error(), "redirected to "+intranet.URL+"/secret: robots.txt: refused "+intranet.URL+"/robots.txt: ") {
		t.Errorf("the redirect's report does not name the hop: %v", errs[len(errs)-1])
	}
	if st := states[0]; len(st.Pending) != 0 || len(st.Seen) != len(links) || st.Failures != 0 {
		t.Errorf("refused items are given up at once, not kept pending: %+v", st)
	}

	// By default nothing private is fetched: the feed itself is refused
	// (once, not retried), naming the URL.
	errs = nil
	fo.AllowPrivate = nil
	states, recs = poll(t, NewPoller(Options{OnError: func(err error) { errs = append(errs, err) }}, fo), []FeedState{{URL: intranet.URL + "/feed"}})
	if len(recs) != 0 || len(errs) != 1 || states[0].Failures != 1 || !errors.Is(errs[0], ErrNotPublic) ||
		!strings.HasPrefix(errs[0].Error(), "feed "+intranet.URL+"/feed: ") || strings.Contains(errs[0].Error(), "tried") {
		t.Errorf("default: %d records, reports %v, state %+v", len(recs), errs, states[0])
	}

	// With --allow-private everything is.
	fo.AllowPrivate = AllAddresses
	_, recs = poll(t, NewPoller(Options{}, fo), []FeedState{{URL: feed.URL + "/feed"}})
	got := map[string]bool{}
	for _, r := range recs {
		got[r.URL] = string(r.Body) == "<p>Internal figures.</p>"
	}
	for _, l := range links {
		if !got[l] && !strings.Contains(l, "[::1]") { // the intranet does not listen on ::1
			t.Errorf("allowing all: %s not fetched (records %v)", l, got)
		}
	}
}
