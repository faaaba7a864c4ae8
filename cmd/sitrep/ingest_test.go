package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/rusage"
	"github.com/sitrep/sitrep/internal/testenv"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/store"
)

// Made-up reports for tests and benchmarks: real places, invented
// happenings, every one different.
var (
	genPlaces = []string{
		"Ariha", "Saraqib", "Atarib", "Sarmada", "Jisr al-Shughur", "Kafr Nabl", "Binnish", "Taftanaz",
		"Garissa", "Mandera", "Wajir", "Lamu", "Baragoi", "Eldoret", "Kisumu", "Marsabit",
		"Lashkar Gah", "Kunduz", "Ghazni", "Jalalabad", "Kandahar", "Herat", "Farah", "Maidan Shar",
		"Sylhet", "Bogura", "Rangpur", "Comilla", "Narayanganj", "Gazipur", "Khulna", "Rajshahi",
	}
	genEvents = []string{
		"Government forces shelled %[1]s on %[2]s, killing %[3]d civilians, local sources said.",
		"Unidentified gunmen shot dead %[3]d people in %[1]s on %[2]s, police said.",
		"Hundreds of people protested in %[1]s on %[2]s against rising fuel prices.",
		"An air strike hit a market in %[1]s on %[2]s, killing %[3]d people, according to rescuers.",
		"Police arrested %[3]d opposition supporters in %[1]s on %[2]s.",
		"Militants attacked a police post near %[1]s on %[2]s and %[3]d officers were killed, officials said.",
		"Rioters set fire to vehicles in %[1]s on %[2]s after a disputed election result.",
		"Fighters of two rival groups clashed in %[1]s on %[2]s, leaving %[3]d dead.",
	}
	genFiller = []string{
		"Residents said the area had been tense for weeks.",
		"The report could not be independently verified.",
		"Aid groups called for calm and for access to the wounded.",
		"Shops remained closed and the roads out of town were empty.",
		"A spokesman declined to comment when reached by telephone.",
		"Local elders said they had warned of the danger for months.",
	}
	genMonths = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// genReport writes the i-th made-up report, of about n sentences: one or
// two happenings and filler, with a reference that makes it unique.
func genReport(i, n int) string {
	r := rand.New(rand.NewPCG(uint64(i), 11))
	var b strings.Builder
	event := func() {
		date := fmt.Sprintf("%d %s 2024", 1+r.IntN(28), genMonths[r.IntN(12)])
		fmt.Fprintf(&b, genEvents[r.IntN(len(genEvents))], genPlaces[r.IntN(len(genPlaces))], date, 2+r.IntN(9))
		b.WriteByte(' ')
	}
	event()
	for s := 1; s < n; s++ {
		if s%4 == 3 {
			b.WriteString("\n\n")
		}
		if s == n/2 && n > 3 {
			event()
			continue
		}
		b.WriteString(genFiller[r.IntN(len(genFiller))] + " ")
	}
	fmt.Fprintf(&b, "(Ref. %d.)\n", i)
	return b.String()
}

// TestIngestFiles ingests a folder of text, HTML, JSON Lines, WARC and
// gzip'd WARC, with a broken JSON line and a malformed WARC record, and
// again: the second run stores nothing new.
func TestIngestFiles(t *testing.T) {
	dir := t.TempDir()
	page := func(title, body string) string {
		return `<!DOCTYPE html><html><head><title>` + title + `</title></head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>` + title + `</h1><p>` + body + `</p><p>Residents said the area had been tense for weeks, and that many families had already left for safer villages to the north.</p></article>
<footer>Copyright 2024 The Outlet. All rights reserved.</footer></body></html>`
	}
	files := map[string]string{
		"a.txt":  "Government forces shelled Saraqib on 12 March 2024, killing four civilians, local sources said.\n",
		"b.html": page("Clashes in Atarib", "Fighters of two rival groups clashed in Atarib on 13 March 2024, leaving three dead, a war monitor said."),
		"c.jsonl": `{"id": "j1", "text": "Police arrested twelve opposition supporters in Sylhet on 2 May 2024.", "published": "2024-05-03", "outlet": "Wire"}` + "\n" +
			`{"id": "j2", "text": "Hundreds` + "\n" +
			`{"id": "j3", "text": "Hundreds of people protested in Khulna on 4 May 2024 against rising fuel prices.", "published": "2024-05-04"}` + "\n",
		"d.warc": warcRecord("warcinfo", "", "application/warc-fields", "software: test\r\n") +
			warcRecord("response", "http://a.example/1", "application/http; msgtype=response",
				httpResponse(page("Air strike on Ariha market", "An air strike hit a market in Ariha on 14 March 2024, killing nine people, according to rescuers."))) +
			"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bad>\r\n\r\nno length\r\n\r\n" +
			warcRecord("resource", "file:///notes.txt", "text/plain", "Rioters set fire to vehicles in Bogura on 20 July 2024 after a disputed election result."),
		"e.warc.gz": gzipString(warcRecord("response", "http://b.example/2", "application/http; msgtype=response",
			httpResponse(page("Gunmen kill six in Garissa", "Unidentified gunmen shot dead six people in Garissa on 3 June 2024, police said.")))),
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "s.db")
	for run, want := range []string{"7 stored, 0 already stored, 2 failed", "0 stored, 7 already stored, 2 failed"} {
		e, _, stderr := cmdEnv(t, map[string]string{"SITREP_DB": db})
		code := runIn(e, "ingest", dir)
		out := stderr.String()
		if code != 1 || !strings.Contains(out, want) {
			t.Fatalf("run %d: exit %d, stderr:\n%s\nwant exit 1 and %q", run+1, code, out, want)
		}
		for _, bad := range []string{"c.jsonl:2: ", "d.warc: offset ", "malformed WARC record", "2 record(s) failed"} {
			if !strings.Contains(out, bad) {
				t.Errorf("run %d: stderr does not name %q:\n%s", run+1, bad, out)
			}
		}
		s := openStore(t, db)
		c, err := s.Count(context.Background())
		if err != nil || c.Documents != 7 || c.Events < 6 {
			t.Errorf("run %d: %+v, %v; want 7 documents and their events", run+1, c, err)
		}
		doc, events, err := s.Document(context.Background(), "j1")
		if err != nil || doc.Outlet != "Wire" || len(events) != 1 || events[0].Location != "Sylhet" || events[0].SubEventType != "Arrests" {
			t.Errorf("run %d: j1 is %+v with %+v, %v", run+1, doc, events, err)
		}
	}
}

// runIn runs a command in-process and returns its exit code.
func runIn(e *env, args ...string) int { return run(context.Background(), e, args) }

// openStore opens a store for checking what a command did.
func openStore(t testing.TB, path string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// rawStore opens a store file with database/sql for what the store's API
// does not tell.
func rawStore(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t testing.TB, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

var warcIDs atomic.Int64

func warcRecord(typ, uri, contentType, block string) string {
	return fmt.Sprintf("WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%d>\r\nWARC-Date: 2024-03-14T10:00:00Z\r\nWARC-Target-URI: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
		typ, warcIDs.Add(1), uri, contentType, len(block), block)
}

func httpResponse(html string) string {
	return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
}

func gzipString(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	io.WriteString(zw, s)
	zw.Close()
	return b.String()
}

// TestIngestFeeds polls two feeds, one good, one that always answers 500:
// the bad one is retried with backoff and reported, the good one's pages
// are stored (its disallowed page replaced by the feed's text), and the
// next poll asks the good one conditionally and stores nothing new.
func TestIngestFeeds(t *testing.T) {
	var bad, good, notModified, private atomic.Int32
	var srv *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "User-agent: *\nDisallow: /private/\n")
	})
	mux.HandleFunc("/bad.xml", func(w http.ResponseWriter, r *http.Request) {
		bad.Add(1)
		http.Error(w, "down", http.StatusInternalServerError)
	})
	mux.HandleFunc("/good.xml", func(w http.ResponseWriter, r *http.Request) {
		good.Add(1)
		if r.Header.Get("If-None-Match") == `"v1"` {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Frontline Wire</title><link>%[1]s/</link><description>news</description>
<item><title>Shelling in Saraqib</title><link>%[1]s/news/1</link><guid>n1</guid><pubDate>Tue, 12 Mar 2024 10:00:00 GMT</pubDate></item>
<item><title>Clashes in Atarib</title><link>%[1]s/news/2</link><guid>n2</guid><pubDate>Wed, 13 Mar 2024 10:00:00 GMT</pubDate></item>
<item><title>Protest in Idlib</title><link>%[1]s/private/3</link><guid>n3</guid><pubDate>Thu, 14 Mar 2024 10:00:00 GMT</pubDate>
<description>Hundreds of people protested in Idlib on 14 March 2024 demanding the release of detainees.</description></item>
<item><title>Airstrike on Maarat</title><link>%[1]s/news/4</link><guid>n4</guid><pubDate>Fri, 15 Mar 2024 10:00:00 GMT</pubDate></item>
</channel></rss>`, srv.URL)
	})
	var flaky atomic.Int32
	mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/news/4" && flaky.Add(1) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable) // once: the item waits for the next run
			return
		}
		what := map[string]string{
			"/news/1": "Government forces shelled Saraqib on 12 March 2024, killing four civilians, local sources said.",
			"/news/2": "Fighters of two rival groups clashed in Atarib on 13 March 2024, leaving three dead, a war monitor said.",
			"/news/4": "An airstrike hit a market in Maarat on 15 March 2024, killing two people, witnesses said.",
		}[r.URL.Path]
		fmt.Fprintf(w, `<html><head><title>News</title></head><body><article><p>%s</p><p>Residents said the area had been tense for weeks, and that many families had already left for safer villages.</p></article></body></html>`, what)
	})
	mux.HandleFunc("/private/", func(w http.ResponseWriter, r *http.Request) { private.Add(1) })
	srv = httptest.NewServer(mux)
	defer srv.Close()

	list := filepath.Join(t.TempDir(), "feeds.txt")
	os.WriteFile(list, []byte("# test feeds\n"+srv.URL+"/bad.xml\n"+srv.URL+"/good.xml\n"), 0o644)
	db := filepath.Join(t.TempDir(), "s.db")
	args := []string{"ingest", "--db", db, "--feeds", list, "--once", "--host-delay", "1ms", "--backoff", "1ms", "--timeout", "5s"}

	// The test server is on loopback: refused without --allow-private.
	e, _, stderr := cmdEnv(t, nil)
	if code := runIn(e, args...); code != 1 || !strings.Contains(stderr.String(), "feed "+srv.URL+"/good.xml: robots.txt: refused "+srv.URL+"/robots.txt: 127.0.0.1 is a loopback address") ||
		good.Load() != 0 {
		t.Fatalf("without --allow-private: exit %d, %d fetches of the good feed, stderr:\n%s", code, good.Load(), stderr)
	}
	args = slices.Insert(args, 1, "--allow-private")
	for poll := 1; poll <= 2; poll++ {
		e, _, stderr := cmdEnv(t, nil)
		code := runIn(e, args...)
		out := stderr.String()
		if code != 1 || !strings.Contains(out, "feed "+srv.URL+"/bad.xml: HTTP 500") || !strings.Contains(out, "(tried 4 times)") ||
			!strings.Contains(out, "1 of 2 feeds failed") {
			t.Fatalf("poll %d: exit %d, stderr:\n%s", poll, code, out)
		}
		if n := bad.Load(); n != int32(4*poll) {
			t.Errorf("poll %d: the failing feed was asked %d times in all, want %d", poll, n, 4*poll)
		}
		s := openStore(t, db)
		ctx := context.Background()
		// The item whose page failed is kept pending in the store, and
		// stored by the next run.
		if c, _ := s.Count(ctx); c.Documents != 2+poll {
			t.Errorf("poll %d: %d documents stored, want %d", poll, c.Documents, 2+poll)
		}
		f, err := s.Feed(ctx, srv.URL+"/good.xml")
		if err != nil || f.ETag != `"v1"` || len(f.Seen) != 2+poll || f.Failures != 0 || (poll == 1) != strings.Contains(string(f.Pending), `"key":"n4"`) {
			t.Errorf("poll %d: good feed state %+v (pending %s), %v", poll, f, f.Pending, err)
		}
		if poll == 1 {
			// As if the item's wait were over.
			f.Pending = regexp.MustCompile(`"next":"[^"]*"`).ReplaceAll(f.Pending, []byte(`"next":"2000-01-01T00:00:00Z"`))
			if err := s.PutFeed(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
		if f, _ := s.Feed(ctx, srv.URL+"/bad.xml"); f.Failures != 1+poll { // the refused run counts
			t.Errorf("poll %d: bad feed state %+v, want %d failures", poll, f, 1+poll)
		}
	}
	if good.Load() != 2 || notModified.Load() != 1 || private.Load() != 0 {
		t.Errorf("good feed asked %d times, %d not modified; disallowed page fetched %d times", good.Load(), notModified.Load(), private.Load())
	}
	raw := rawStore(t, db)
	if n := count(t, raw, `SELECT count(*) FROM documents WHERE outlet = 'Frontline Wire' AND url LIKE ? AND published != ''`, srv.URL+"/%"); n != 4 {
		t.Errorf("%d documents with the feed's metadata, want 4", n)
	}

	// Without --once it polls every --every until Ctrl-C.
	e, _, stderr = cmdEnv(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int)
	go func() {
		code <- run(ctx, e, append(slices.Clone(args[:len(args)-7]), "--every", "10ms", "--host-delay", "1ms", "--backoff", "1ms"))
	}()
	for deadline := time.Now().Add(30 * time.Second); notModified.Load() < 3; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no third poll; stderr:\n%s", stderr)
		}
	}
	cancel()
	if c := <-code; c != 130 || strings.Count(stderr.String(), "2 feeds polled, 1 failed") < 2 {
		t.Errorf("polling every 10ms: exit %d, stderr:\n%s", c, stderr)
	}
}

// TestIngestInterrupt: Ctrl-C while reading from a pipe stores every
// document already read, prints the summary and exits 130.
func TestIngestInterrupt(t *testing.T) {
	// More than the reader looks at before it starts (ingest.DetectSize).
	var data bytes.Buffer
	for i := range 200 {
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprint("p", i), "text": genReport(i, 8)})
		data.Write(append(line, '\n'))
	}
	pr, pw := io.Pipe()
	probe := &drainProbe{r: pr, want: int64(data.Len()), drained: make(chan struct{})}
	db := filepath.Join(t.TempDir(), "s.db")
	e, _, stderr := cmdEnv(t, nil)
	e.stdin = probe
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int)
	go func() { code <- run(ctx, e, []string{"ingest", "--db", db}) }()
	go pw.Write(data.Bytes())
	select {
	case <-probe.drained:
	case <-time.After(30 * time.Second):
		t.Fatal("the input was not read")
	}
	cancel()
	pw.Close()
	if c := <-code; c != 130 || !strings.Contains(stderr.String(), "200 stored") || !strings.Contains(stderr.String(), "interrupted") {
		t.Fatalf("exit %d, stderr:\n%s", c, stderr)
	}
	if c, _ := openStore(t, db).Count(context.Background()); c.Documents != 200 {
		t.Errorf("%d documents stored, want the 200 read", c.Documents)
	}
}

// TestConsole: on a terminal, progress is shown in place and cleared
// before messages and at the end.
func TestConsole(t *testing.T) {
	var out syncBuffer
	c := &console{w: &out, terminal: true}
	stop := c.live(func() string { return "12 stored" })
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), "\r12 stored\033[K"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no progress shown: %q", out.String())
		}
	}
	c.printf("skipped x\n")
	stop()
	got := out.String()
	last := got[strings.LastIndex(got, "12 stored"):]
	if !strings.Contains(got, "12 stored\033[K\r\033[Kskipped x\n") || !strings.Contains(last, "\033[K\r\033[K") {
		t.Errorf("console wrote %q", got)
	}
	var plain syncBuffer
	c = &console{w: &plain}
	stop = c.live(func() string { return "12 stored" })
	c.printf("skipped x\n")
	stop()
	if plain.String() != "skipped x\n" {
		t.Errorf("not a terminal: wrote %q", plain.String())
	}
}

// drainProbe tells when its reader is asked for more after handing over
// all of want: everything before was read.
type drainProbe struct {
	r       io.Reader
	want    int64
	got     atomic.Int64
	once    sync.Once
	drained chan struct{}
}

func (p *drainProbe) Read(b []byte) (int, error) {
	if p.got.Load() >= p.want {
		p.once.Do(func() { close(p.drained) })
	}
	n, err := p.r.Read(b)
	p.got.Add(int64(n))
	return n, err
}

// TestIngestKill kills `sitrep ingest` of 10,000 reports (this test
// binary, run as TestIngestKillChild) with SIGKILL midway, runs it again
// to the end, and checks that every document is stored once, with the
// events coding it gives, all fused.
func TestIngestKill(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 10,000 documents")
	}
	const n = 10000
	dir := t.TempDir()
	reports := filepath.Join(dir, "reports")
	os.Mkdir(reports, 0o755)
	for i := range n {
		if err := os.WriteFile(filepath.Join(reports, fmt.Sprintf("r%05d.txt", i)), []byte(genReport(i, 3)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "kill.db")
	args := []string{"ingest", "--db", db, "--batch", "200", reports}
	cmd := exec.Command(os.Args[0], "-test.run=^TestIngestKillChild$")
	cmd.Env = append(os.Environ(), "SITREP_INGEST_CHILD="+strings.Join(args, "\n"), "SITREP_DATA="+filepath.Join(dir, "data"), "HOME="+dir)
	var childErr bytes.Buffer
	cmd.Stderr = &childErr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killedAt := 0
	for deadline := time.Now().Add(2 * time.Minute); killedAt < 2000; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the child stored %d documents in 2 minutes; stderr:\n%s", killedAt, childErr.String())
		}
		if _, err := os.Stat(db); err == nil {
			if raw, err := sql.Open("sqlite", db+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)"); err == nil {
				raw.QueryRow(`SELECT count(*) FROM documents`).Scan(&killedAt)
				raw.Close()
			}
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	err := cmd.Wait()
	if err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("the child ended with %v, not killed; stderr:\n%s", err, childErr.String())
	}
	raw := rawStore(t, db)
	var ok string
	if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("after the kill: integrity check %q, %v", ok, err)
	}
	stored := count(t, raw, `SELECT count(*) FROM documents`)
	if stored < killedAt || stored >= n {
		t.Fatalf("after the kill: %d documents; %d were seen stored before it", stored, killedAt)
	}
	t.Logf("killed with %d documents stored", stored)

	e, _, stderr := cmdEnv(t, nil)
	if code := runIn(e, args...); code != 0 || !strings.Contains(stderr.String(), fmt.Sprintf("%d stored, %d already stored, 0 failed", n-stored, stored)) {
		t.Fatalf("rerun: exit %d, stderr:\n%s", code, stderr)
	}

	// What coding each report gives, by document id.
	coder, err := e.stack().Coder()
	if err != nil {
		t.Fatal(err)
	}
	rd, _ := document.NewReader("", nil)
	want, wantEvents := map[string]int{}, 0
	for i := range n {
		d, err := rd.Read(ingest.Record{Source: "r", Kind: ingest.Text, Body: []byte(genReport(i, 3))})
		if err != nil {
			t.Fatal(err)
		}
		want[d.ID] = len(coder.Code(d))
		wantEvents += want[d.ID]
	}
	rows, err := raw.Query(`SELECT d.doc_id, count(e.id) FROM documents d LEFT JOIN events e ON e.doc = d.id GROUP BY d.id`)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for rows.Next() {
		var id string
		var k int
		rows.Scan(&id, &k)
		if _, dup := got[id]; dup {
			t.Errorf("document %s stored twice", id)
		}
		got[id] = k
	}
	rows.Close()
	if !maps.Equal(got, want) {
		t.Errorf("%d documents stored, %d expected; their event counts differ from a clean coding", len(got), len(want))
	}
	for _, c := range []struct {
		query string
		want  int
	}{
		{`SELECT count(*) FROM events`, wantEvents},
		{`SELECT count(DISTINCT hash) FROM documents`, n},
		{`SELECT count(*) FROM documents_fts`, n},
		{`SELECT count(*) FROM events WHERE incident IS NULL OR incident NOT IN (SELECT id FROM incidents)`, 0},
		{`SELECT count(*) FROM incidents WHERE id NOT IN (SELECT incident FROM events)`, 0},
	} {
		if got := count(t, raw, c.query); got != c.want {
			t.Errorf("%s: %d, want %d", c.query, got, c.want)
		}
	}
}

// TestIngestKillChild is the process TestIngestKill kills.
func TestIngestKillChild(t *testing.T) {
	args := os.Getenv("SITREP_INGEST_CHILD")
	if args == "" {
		t.Skip("run by TestIngestKill")
	}
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(context.Background(), e, strings.Split(args, "\n")))
}

// long runs the measurements that take minutes: go test ./cmd/sitrep
// -run 'TestFusionACLED|TestIngestWARCMemory' -long -v
var (
	long   = flag.Bool("long", false, "run the long measurements (fusion on acled-dev, memory on a 1 GB WARC)")
	warcMB = flag.Int("warc-mb", 1024, "the size of the WARC of TestIngestWARCMemory, uncompressed, in MiB")
)

// fused is an event as stored, with its document and incident.
type fused struct {
	event.Event
	incident int64
}

// ingestFused ingests the inputs into a new store and returns every
// event stored, by document id.
func ingestFused(t *testing.T, inputs ...string) map[string][]fused {
	t.Helper()
	db := filepath.Join(t.TempDir(), "s.db")
	e, _, stderr := cmdEnv(t, nil)
	if code := runIn(e, append([]string{"ingest", "--db", db}, inputs...)...); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	t.Log(strings.TrimSpace(stderr.String()))
	rows, err := rawStore(t, db).Query(`SELECT e.body, e.incident FROM events e ORDER BY e.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]fused{}
	for rows.Next() {
		var body []byte
		var f fused
		if err := rows.Scan(&body, &f.incident); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(body, &f.Event); err != nil {
			t.Fatal(err)
		}
		out[f.DocID] = append(out[f.DocID], f)
	}
	return out
}

// pairs scores "same incident" against "same happening" over pairs of
// events of different documents.
type pairs struct{ tp, fp, fn int }

func (p pairs) String() string {
	return fmt.Sprintf("tp=%d fp=%d fn=%d precision=%.3f recall=%.3f", p.tp, p.fp, p.fn, share(p.tp, p.tp+p.fp), share(p.tp, p.tp+p.fn))
}

func share(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestFusionDay runs the 21 reports of one made-up day (written for the
// project, internal/fuse/testdata/day) through ingest and compares the
// incidents with the key. Each report tells of one happening; its event
// is the one it yields nearest the hand-coded place (a report may yield
// none: an extraction miss). Pairs of reports' events are scored, over
// all reports with an event and over those read right (the hand-coded
// event type, within 25 km); the reports' other events are counted apart.
func TestFusionDay(t *testing.T) {
	day := filepath.Join("..", "..", "internal", "fuse", "testdata", "day")
	got := ingestFused(t, filepath.Join(day, "reports.jsonl"))
	keyData, err := os.ReadFile(filepath.Join(day, "events.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	incidentDocs := map[int64]map[string]bool{}
	for _, evs := range got {
		for _, f := range evs {
			if incidentDocs[f.incident] == nil {
				incidentDocs[f.incident] = map[string]bool{}
			}
			incidentDocs[f.incident][f.DocID] = true
		}
	}
	type keyed struct {
		doc, happening string
		ev             fused
		right          bool
	}
	var keys []keyed
	misses, misread, extras, extrasMerged := 0, 0, 0, 0
	for line := range strings.SplitSeq(strings.TrimSpace(string(keyData)), "\n") {
		var k struct {
			event.Event
			Happening string `json:"happening"`
		}
		if err := json.Unmarshal([]byte(line), &k); err != nil {
			t.Fatal(err)
		}
		evs := got[k.DocID]
		if len(evs) == 0 {
			misses++
			t.Logf("extraction miss: %s (%s, %s at %s) yields no event", k.DocID, k.Happening, k.SubEventType, k.Location)
			continue
		}
		best, bestKm := 0, math.Inf(1)
		for i, f := range evs {
			if f.Latitude != nil && k.Latitude != nil {
				if km := fuse.Distance(*f.Latitude, *f.Longitude, *k.Latitude, *k.Longitude); km < bestKm {
					best, bestKm = i, km
				}
			}
		}
		for i, f := range evs {
			if i != best {
				extras++
				if len(incidentDocs[f.incident]) > 1 {
					extrasMerged++
				}
			}
		}
		f := evs[best]
		right := f.EventType == k.EventType && bestKm <= 25
		if !right {
			misread++
			t.Logf("misread: %s (%s, %s at %s) read as %s at %q, %s (%.0f km off)", k.DocID, k.Happening, k.SubEventType, k.Location,
				f.SubEventType, f.Location, f.Country, bestKm)
		}
		keys = append(keys, keyed{k.DocID, k.Happening, f, right})
	}
	var all, rightOnly pairs
	for i, a := range keys {
		for _, b := range keys[i+1:] {
			same, truth := a.ev.incident == b.ev.incident, a.happening == b.happening
			for _, p := range []*pairs{&all, &rightOnly} {
				if p == &rightOnly && !(a.right && b.right) {
					continue
				}
				switch {
				case same && truth:
					p.tp++
				case same:
					p.fp++
				case truth:
					p.fn++
				}
			}
			switch {
			case same && !truth:
				t.Logf("false merge: %s (%s: %s at %s) and %s (%s: %s at %s)", a.doc, a.happening, a.ev.SubEventType, a.ev.Location, b.doc, b.happening, b.ev.SubEventType, b.ev.Location)
			case truth && !same:
				t.Logf("missed merge: %s (%s: %s at %s %s) and %s (%s: %s at %s %s)", a.doc, a.happening, a.ev.SubEventType, a.ev.Location, a.ev.EventDate,
					b.doc, b.happening, b.ev.SubEventType, b.ev.Location, b.ev.EventDate)
			}
		}
	}
	t.Logf("day: %d reports: %d yield no event, %d misread; pairs of all reports with an event: %v; of reports read right: %v; %d other events, %d of them in an incident with another report",
		len(keys)+misses, misses, misread, all, rightOnly, extras, extrasMerged)
	// Floors a little under what was measured (docs/STORE.md): a fall
	// means extraction or fusion got worse.
	if len(keys) < 18 || share(all.tp, all.tp+all.fp) < 0.4 || share(all.tp, all.tp+all.fn) < 0.25 {
		t.Errorf("fusion of the day through ingest fell: %d reports with an event, %v", len(keys), all)
	}
}

// TestFusionACLED feeds acled-dev's 9,722 event notes through ingest as
// separate reports and measures how fusion treats events of different
// notes. ACLED codes each happening once, so two notes are the same
// happening only when they have rows that agree on type, sub-type, date,
// location (name and coordinates) and every actor ("twins", the key of
// internal/fuse's TestACLEDDev); events of any other two notes that share
// an incident are a false merge. Rows of one note never merge (one
// document).
func TestFusionACLED(t *testing.T) {
	if !*long {
		t.Skip("takes a minute: -long")
	}
	path := testenv.Shared(t, "eval", "acled-dev.jsonl")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string][]string{} // note → keys of its rows
	byLabel := map[string][]string{}
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		var note struct {
			ID     string        `json:"id"`
			Events []event.Event `json:"events"`
		}
		if err := json.Unmarshal([]byte(line), &note); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, r := range note.Events {
			a1, a2 := sorted(r.Actor1, r.Actor2)
			s1, s2 := sorted(r.AssocActor1, r.AssocActor2)
			l := strings.Join([]string{string(r.EventType), string(r.SubEventType), r.EventDate, r.Location, ftoa(r.Latitude), ftoa(r.Longitude), a1, a2, s1, s2}, "|")
			if !seen[l] {
				seen[l] = true
				labels[note.ID] = append(labels[note.ID], l)
				byLabel[l] = append(byLabel[l], note.ID)
			}
		}
	}
	twins := map[[2]string]bool{}
	for _, notes := range byLabel {
		for i, a := range notes {
			for _, b := range notes[i+1:] {
				twins[[2]string{min(a, b), max(a, b)}] = true
			}
		}
	}

	got := ingestFused(t, path)
	members := map[int64][]fused{}
	events := 0
	for _, evs := range got {
		for _, f := range evs {
			members[f.incident] = append(members[f.incident], f)
			events++
		}
	}
	var merged, falseMerged, multi int
	why := map[string]int{}
	mergedNotes := map[[2]string]bool{}
	eventsMerged := map[string]bool{}
	for _, m := range members {
		docs := map[string]bool{}
		for i, a := range m {
			docs[a.DocID] = true
			for _, b := range m[i+1:] {
				if a.DocID == b.DocID {
					continue
				}
				pair := [2]string{min(a.DocID, b.DocID), max(a.DocID, b.DocID)}
				merged++
				mergedNotes[pair] = true
				eventsMerged[a.ID], eventsMerged[b.ID] = true, true
				if !twins[pair] {
					falseMerged++
					why[mergeKind(&a.Event, &b.Event)]++
				}
			}
		}
		if len(docs) > 1 {
			multi++
		}
	}
	found, both := 0, 0
	for pair := range twins {
		if len(got[pair[0]]) > 0 && len(got[pair[1]]) > 0 {
			both++
		}
		if mergedNotes[pair] {
			found++
		}
	}
	t.Logf("acled-dev: %d notes, %d events stored, %d incidents, %d of events of several notes", len(labels), events, len(members), multi)
	t.Logf("acled-dev: %d events (%.2f%%) share an incident with another note's event; %d such event pairs, %d of them not twins (precision %.3f)",
		len(eventsMerged), 100*float64(len(eventsMerged))/float64(events), merged, falseMerged, share(merged-falseMerged, merged))
	t.Logf("acled-dev: %d pairs of twin notes, %d with events from both, %d of them merged (recall %.3f of all, %.3f of those with events)",
		len(twins), both, found, share(found, len(twins)), share(found, both))
	t.Logf("acled-dev: false merges by the events' precision and what they share: %v", why)
}

// mergeKind tells what two merged events have in common: whether both
// are precise (fuse.Vague), and the same place name and day.
func mergeKind(a, b *event.Event) string {
	kind := "both precise"
	switch {
	case fuse.Vague(a) && fuse.Vague(b):
		kind = "both vague"
	case fuse.Vague(a) || fuse.Vague(b):
		kind = "one vague"
	}
	if a.Location == b.Location {
		kind += ", same place"
		if a.Location == a.Country || a.Location == "" {
			kind += " (a country)"
		}
	}
	if a.EventDate == b.EventDate {
		kind += ", same day"
	}
	if a.SubEventType == b.SubEventType {
		kind += ", same sub-type"
	}
	return kind
}

func sorted(a, b string) (string, string) { return min(a, b), max(a, b) }

func ftoa(p *float64) string {
	if p == nil {
		return ""
	}
	return fmt.Sprintf("%.4f", *p)
}

// TestIngestWARCMemory streams a generated 1 GB WARC of news pages
// through sitrep ingest and logs the heap as it goes: it should stay flat.
func TestIngestWARCMemory(t *testing.T) {
	if !*long {
		t.Skip("takes minutes: -long")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "crawl.warc.gz")
	pages, size := writeCrawl(t, path, int64(*warcMB)<<20)
	fi, _ := os.Stat(path)
	t.Logf("%s: %d pages, %.0f MB uncompressed, %.0f MB on disk", path, pages, float64(size)/1e6, float64(fi.Size())/1e6)

	e, _, stderr := cmdEnv(t, nil)
	done := make(chan int)
	start := time.Now()
	go func() { done <- runIn(e, "ingest", "--db", filepath.Join(dir, "s.db"), path) }()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/total:bytes"}}
	var peakHeap, peakTotal uint64
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	lastLog := time.Now()
	for code := -1; code < 0; {
		select {
		case code = <-done:
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
		case <-tick.C:
			metrics.Read(sample)
			heap, total := sample[0].Value.Uint64(), sample[1].Value.Uint64()
			peakHeap, peakTotal = max(peakHeap, heap), max(peakTotal, total)
			if time.Since(lastLog) > 15*time.Second {
				lastLog = time.Now()
				t.Logf("%4.0fs: heap %4.0f MB (peak %4.0f), Go memory %4.0f MB (peak %4.0f)", time.Since(start).Seconds(),
					float64(heap)/1e6, float64(peakHeap)/1e6, float64(total)/1e6, float64(peakTotal)/1e6)
			}
		}
	}
	t.Log(strings.TrimSpace(stderr.String()))
	t.Logf("%d MiB WARC in %.0fs: peak heap %.0f MB, peak Go memory %.0f MB, peak resident %.0f MB (the test process's)",
		*warcMB, time.Since(start).Seconds(), float64(peakHeap)/1e6, float64(peakTotal)/1e6, peakMB())
}

// writeCrawl writes a gzip'd WARC (a member per record, as crawlers do)
// of at least size uncompressed bytes: news pages of about 30 KB, mostly
// page furniture, each with its request record, and an image now and
// then. It returns the pages written and the uncompressed size.
func writeCrawl(t *testing.T, path string, size int64) (pages int, written int64) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	zw, _ := gzip.NewWriterLevel(bw, gzip.BestSpeed)
	var nav strings.Builder
	for i := range 120 {
		fmt.Fprintf(&nav, `<li><a href="/section/%d" class="nav-link">Section %d</a></li>`, i, i)
	}
	script := "<script>" + strings.Repeat("window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());", 60) + "</script>"
	put := func(rec string) {
		zw.Reset(bw)
		io.WriteString(zw, rec)
		zw.Close()
		written += int64(len(rec))
	}
	for i := 0; written < size; i++ {
		uri := fmt.Sprintf("https://news.example/%d/story", i)
		put(warcRecord("request", uri, "application/http; msgtype=request", "GET /"+fmt.Sprint(i)+"/story HTTP/1.1\r\nHost: news.example\r\n\r\n"))
		var body strings.Builder
		for p := range strings.SplitSeq(genReport(i, 16), "\n\n") {
			body.WriteString("<p>" + p + "</p>\n")
		}
		html := `<!DOCTYPE html><html><head><title>Story ` + fmt.Sprint(i) + `</title><meta name="date" content="2024-06-01">` + script +
			`</head><body><header><ul class="nav">` + nav.String() + `</ul></header><main><article><h1>Story ` + fmt.Sprint(i) + `</h1>` + body.String() +
			`</article><aside><ul>` + nav.String() + `</ul></aside></main><footer>` + nav.String() + `<p>Copyright 2024 News Example</p></footer></body></html>`
		put(warcRecord("response", uri, "application/http; msgtype=response", httpResponse(html)))
		pages++
		if i%10 == 0 {
			put(warcRecord("response", uri+".jpg", "application/http; msgtype=response", "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n"+strings.Repeat("\xff\xd8", 4000)))
		}
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	return pages, written
}

// BenchmarkIngest measures `sitrep ingest` of plain-text reports into a
// new store, extraction and fusion included, on all cores: 3,000 ACLED
// notes (one to three sentences each, when ../shared is there) and 3,000
// made-up reports of 20 sentences (1.2 KB, 3.3 events) each. docs/s is
// the figure to compare with the target (1,000 on 2 cores); cpu-µs/doc,
// the process's CPU time, moves less with the machine's load.
func BenchmarkIngest(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	corpora := map[string]string{"reports": filepath.Join(dir, "reports")}
	os.Mkdir(corpora["reports"], 0o755)
	for i := range 3000 {
		if err := os.WriteFile(filepath.Join(corpora["reports"], fmt.Sprintf("r%05d.txt", i)), []byte(genReport(i, 20)), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if path, ok := testenv.SharedPath("eval", "acled-dev.jsonl"); ok {
		notes, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		lines := strings.SplitAfterN(string(notes), "\n", 3001)
		corpora["acled"] = filepath.Join(dir, "acled.jsonl")
		if err := os.WriteFile(corpora["acled"], []byte(strings.Join(lines[:3000], "")), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	e, _, _ := cmdEnv(b, nil)
	e.stderr = io.Discard
	defer pipeline.LessGC(e.getenv)() // as the command does
	in, first, _, err := openIngester(ctx, e, filepath.Join(dir, "first.db"), 500)
	if err != nil {
		b.Fatal(err)
	}
	first.Close()
	in.Report = func(error) {}
	for _, name := range []string{"acled", "reports"} {
		corpus, ok := corpora[name]
		if !ok {
			continue
		}
		b.Run(name, func(b *testing.B) {
			docs, runs, stores := 0, 0, b.TempDir()
			var storing time.Duration
			cpu := testenv.CPUTime()
			for b.Loop() {
				runs++
				s, err := store.Open(ctx, filepath.Join(stores, fmt.Sprintf("%d.db", runs)))
				if err != nil {
					b.Fatal(err)
				}
				in.Store = s
				t := pipeline.NewTally(nil)
				err = in.Files(ctx, t, []string{corpus})
				s.Close()
				if err != nil || t.Failed() > 0 || t.Stored() != 3000 {
					b.Fatalf("%v: %v", t, err)
				}
				docs += int(t.Stored())
				storing += t.Storing()
			}
			b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric(float64(storing.Microseconds())/float64(docs), "store-µs/doc")
			b.ReportMetric(float64((testenv.CPUTime()-cpu).Microseconds())/float64(docs), "cpu-µs/doc")
		})
	}
}

// cmdEnv is an env for running commands in tests: a private home and
// data directory, and vars.
func cmdEnv(t testing.TB, vars map[string]string) (*env, *syncBuffer, *syncBuffer) {
	t.Helper()
	all := map[string]string{"HOME": t.TempDir(), "SITREP_DATA": t.TempDir()}
	maps.Copy(all, vars)
	var out, errb syncBuffer
	return &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return all[k] }}, &out, &errb
}

// BenchmarkIngestStore measures the store's part of ingest alone: 3,000
// made-up reports, coded beforehand, stored into a new store in batches
// of 500, fusion included.
func BenchmarkIngestStore(b *testing.B) {
	ctx := context.Background()
	e, _, _ := cmdEnv(b, nil)
	coder, err := e.stack().Coder()
	if err != nil {
		b.Fatal(err)
	}
	rd, err := document.NewReader("", nil)
	if err != nil {
		b.Fatal(err)
	}
	var docs []store.Doc
	events := 0
	for i := range 3000 {
		d, err := rd.Read(ingest.Record{Source: fmt.Sprint(i), Kind: ingest.Text, Body: []byte(genReport(i, 20))})
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, store.Doc{Document: d, Events: coder.Code(d)})
		store.Prepare(&docs[i]) // as ingest does, on all cores
		events += len(docs[i].Events)
	}
	defer pipeline.LessGC(e.getenv)()
	dir, runs := b.TempDir(), 0
	cpu := testenv.CPUTime()
	for b.Loop() {
		runs++
		s, err := store.Open(ctx, filepath.Join(dir, fmt.Sprintf("%d.db", runs)))
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < len(docs); i += 500 {
			batch := slices.Clone(docs[i:min(i+500, len(docs))])
			if _, err := s.PutDocuments(ctx, batch); err != nil {
				b.Fatal(err)
			}
		}
		s.Close()
	}
	b.ReportMetric(float64(runs*len(docs))/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(runs*events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64((testenv.CPUTime()-cpu).Microseconds())/float64(runs*len(docs)), "cpu-µs/doc")
}

// peakMB is the process's peak resident memory in MiB.
func peakMB() float64 {
	n, _ := rusage.PeakRSS()
	return float64(n) / (1 << 20)
}
