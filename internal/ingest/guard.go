package ingest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// Feed items are written by third parties, and what the poller fetches is
// stored and served: a link to http://10.0.0.1/admin or to a cloud
// metadata address must not make sitrep fetch it. The poller refuses every
// address that is not public, checked at dial time on the address actually
// connected to, so that neither a name (localhost, a record pointing at
// 127.0.0.1), a DNS answer that changes between look-up and use, nor a
// redirect slips past.

// ErrNotPublic is wrapped by the errors of fetches refused because the
// server's address is not a public one.
var ErrNotPublic = errors.New("not a public address")

// AllAddresses allows every address: FeedOptions.AllowPrivate for teams that
// poll feeds on their own network.
var AllAddresses = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")}

// nonPublic are the ranges, beyond what netip.Addr's methods tell, that
// reach no public host.
var nonPublic = []struct {
	prefix netip.Prefix
	kind   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "\"this network\""},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"}, // and the broadcast address
	{netip.MustParsePrefix("::/96"), "IPv4-compatible"},
	{netip.MustParsePrefix("fec0::/10"), "site-local"},
	{netip.MustParsePrefix("100::/64"), "discard-only"},
}

// nat64 is the well-known NAT64 prefix: its addresses carry an IPv4
// address in their last 32 bits, which is where the gateway connects.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// addrKind names what kind of non-public address a is, "" for a public one.
func addrKind(a netip.Addr) string {
	a = a.WithZone("")
	if a.Is4In6() {
		if k := addrKind(a.Unmap()); k != "" {
			return "IPv4-mapped " + k
		}
		return ""
	}
	if nat64.Contains(a) {
		b := a.As16()
		if k := addrKind(netip.AddrFrom4([4]byte(b[12:]))); k != "" {
			return "NAT64 " + k
		}
		return ""
	}
	switch {
	case !a.IsValid():
		return "invalid"
	case a.IsUnspecified():
		return "unspecified"
	case a.IsLoopback():
		return "loopback"
	case a.IsPrivate():
		return "private"
	case a.IsLinkLocalUnicast():
		return "link-local"
	case a.IsMulticast():
		return "multicast"
	}
	for _, r := range nonPublic {
		if r.prefix.Contains(a) {
			return r.kind
		}
	}
	return ""
}

// addrError is a refused address.
type addrError struct {
	addr netip.Addr
	kind string
}

func (e *addrError) Error() string {
	return fmt.Sprintf("%s is a %s address, which sitrep does not fetch unless told to (--allow-private)", e.addr, e.kind)
}

func (e *addrError) Unwrap() error { return ErrNotPublic }

// guard refuses connections to non-public addresses outside allow.
type guard struct{ allow []netip.Prefix }

// check is a net.Dialer Control hook: address is the resolved IP and port
// about to be connected to.
func (g guard) check(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot tell the address of %q", ErrNotPublic, address)
	}
	a := ap.Addr().WithZone("")
	kind := addrKind(a)
	if kind == "" {
		return nil
	}
	for _, p := range g.allow {
		if p.Contains(a) || a.Is4In6() && p.Contains(a.Unmap()) {
			return nil
		}
	}
	return &addrError{a, kind}
}

// newClient returns the poller's HTTP client: its own transport, whose
// dialer refuses what the guard refuses, and no redirects followed, since
// the poller follows them itself, each hop within robots.txt and the
// host's limits. It uses no proxy: through one, the address connected to
// would be the proxy's, and nothing would check the server's.
func newClient(allow []netip.Prefix) *http.Client {
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: guard{allow}.check}
	t := &http.Transport{
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Transport:     t,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
