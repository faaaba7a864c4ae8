package serve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/store"
)

// smallBuffers makes the server's send buffers small, so that a client
// that does not read blocks the server's writes after kilobytes, not
// after the megabytes that loopback buffers grow to.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(8 << 10)
	}
	return c, err
}

// logBuffer collects what the handler logs.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// stall asks for path from ip and never reads the answer.
func stall(t *testing.T, addr, ip, path string) net.Conn {
	t.Helper()
	needAddress(t, ip)
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: sitrep\r\n\r\n", path)
	return c
}

// TestStalledClients: two clients that ask for an export and never read
// it hold only their own connection, and that only until the stall time:
// meanwhile a third client gets the map's points, a page of events and an
// export of its own; then the stalled connections are cut, their export
// slots freed, and nothing is logged as the server's failure.
func TestStalledClients(t *testing.T) {
	f := newFixture(t, genDocs("t", 5, 600), Options{})
	const stallTime = 2 * time.Second
	var logged logBuffer
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error)
	go func() {
		served <- Serve(ctx, smallBuffers{ln}, New(f.store, Options{Stall: stallTime, Log: log.New(&logged, "", 0)}), time.Second)
	}()
	t.Cleanup(func() {
		cancel()
		<-served
	})
	addr := ln.Addr().String()
	base := "http://" + addr

	// The map's first load, which the server warms as it starts, is made
	// before the clients stall: these requests share the warming under way
	// and return when it is done, so that what is measured below is the
	// stalled clients' hold alone.
	for _, target := range []string{warmPoints, warmDays} {
		if status, body, _ := getWith(t, clientFrom(t, "127.0.0.5"), base+target); status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", target, status, body)
		}
	}

	// Each stalled export is under way, and blocked, once a second export
	// from the same client is refused as one too many for it.
	start := time.Now()
	var stalled []net.Conn
	for _, c := range []struct{ ip, path string }{{"127.0.0.2", "/api/v1/events.csv"}, {"127.0.0.3", "/api/v1/events.jsonl"}} {
		stalled = append(stalled, stall(t, addr, c.ip, c.path))
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) { // generous: a loaded CI machine
			status, _, _ := getWith(t, clientFrom(t, c.ip), base+"/api/v1/events.geojson?limit=1")
			if status == http.StatusTooManyRequests {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the stalled export never started (last answer %d)", c.ip, status)
			}
		}
	}

	third := clientFrom(t, "127.0.0.4")
	asked := time.Now()
	for _, path := range []string{"/api/v1/points", "/api/v1/events?limit=10", "/api/v1/events.csv?limit=5", "/healthz"} {
		t0 := time.Now()
		status, body, _ := getWith(t, third, base+path)
		if status != http.StatusOK {
			t.Errorf("third client, GET %s while two stall: %d %s", path, status, body)
		}
		t.Logf("third client: GET %s: %d in %v", path, status, time.Since(t0).Round(time.Millisecond))
	}
	if time.Since(start) >= stallTime {
		t.Fatalf("the third client's answers took until %v: the stalled ones may have been cut already", time.Since(start))
	}
	t.Logf("third client answered in %v in all, %v after the two stalled clients connected", time.Since(asked).Round(time.Millisecond), time.Since(start).Round(time.Millisecond))

	// Once a write has waited stallTime the stalled export is cut and its
	// slot freed: a new export from the same client is then taken, where
	// it got 429 while the stalled one ran. (Reading the stalled
	// connection instead would end the stall.)
	for _, ip := range []string{"127.0.0.2", "127.0.0.3"} {
		for deadline := time.Now().Add(stallTime + 10*time.Second); ; time.Sleep(20 * time.Millisecond) {
			status, _, _ := getWith(t, clientFrom(t, ip), base+"/api/v1/events.csv?limit=1")
			if status == http.StatusOK {
				t.Logf("stalled client %s: cut and its export slot free %v after it connected", ip, time.Since(start).Round(10*time.Millisecond))
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the stalled export still runs %v after the stall time", ip, 10*time.Second)
			}
		}
	}
	// What the stalled connections read then ends before a complete answer.
	for i, c := range stalled {
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		body, err := io.ReadAll(bufio.NewReader(c))
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatalf("stalled client %d: its connection was not closed", i)
		}
		if strings.HasSuffix(string(body), "0\r\n\r\n") {
			t.Errorf("stalled client %d: got a complete answer of %d bytes", i, len(body))
		}
	}
	if s := logged.String(); s != "" {
		t.Errorf("stalled clients logged as server failures:\n%s", s)
	}
}

// broken is a store whose event reads fail on the server's side.
type broken struct{ Store }

func (broken) Events(context.Context, store.Filter, string, int) (store.EventPage, error) {
	return store.EventPage{}, errors.New("disk on fire")
}

func (broken) RawEvents(context.Context, store.Filter, string, int) (store.RawPage, error) {
	return store.RawPage{}, errors.New("disk on fire")
}

// TestClientGone: a client that hangs up in the middle of an export is
// not logged as a failure of the server; a failure of the store is.
func TestClientGone(t *testing.T) {
	f := newFixture(t, genDocs("g", 6, 400), Options{})
	var logged logBuffer
	srv := newServer(t, New(f.store, Options{Log: log.New(&logged, "", 0)}))
	for _, path := range []string{"/api/v1/events.jsonl", "/api/v1/events.csv", "/api/v1/points"} {
		c, err := net.Dial("tcp", strings.TrimPrefix(srv, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: sitrep\r\n\r\n", path)
		io.ReadFull(c, make([]byte, 100))
		c.(*net.TCPConn).SetLinger(0) // hang up hard: the server's next write fails
		c.Close()
	}
	// Once the handlers are done, the client's exports slots are free.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if status, _, _ := get(t, srv+"/api/v1/events.csv?limit=1"); status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the export of the client that left never ended")
		}
	}
	if s := logged.String(); s != "" {
		t.Errorf("a client hanging up was logged as a server failure:\n%s", s)
	}

	srv = newServer(t, New(broken{f.store}, Options{Log: log.New(&logged, "", 0)}))
	if status, body, _ := get(t, srv+"/api/v1/events"); status != http.StatusInternalServerError || strings.Contains(string(body), "fire") {
		t.Errorf("a store failure: %d %s; want 500 without the store's words", status, body)
	}
	if s := logged.String(); !strings.Contains(s, "GET /api/v1/events: disk on fire") {
		t.Errorf("a store failure was not logged: %q", s)
	}
}
