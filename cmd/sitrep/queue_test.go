package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/backend"
	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/natstest"
	"github.com/sitrep/sitrep/internal/pgstore"
	"github.com/sitrep/sitrep/internal/pgtest"
	"github.com/sitrep/sitrep/internal/queue"
	"github.com/sitrep/sitrep/internal/serve"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// queueReports writes n made-up reports as JSON Lines: happenings at a
// few places on a few days, each told by one to three outlets, so that
// fusion joins reports that different workers read.
func queueReports(t testing.TB, n int) string {
	t.Helper()
	r := rand.New(rand.NewPCG(uint64(n), 3))
	outlets := []string{"Desk One", "Wire Two", "Radio Three"}
	var b bytes.Buffer
	for i := 0; i < n; {
		place := genPlaces[r.IntN(8)]
		date := fmt.Sprintf("%d March 2024", 1+r.IntN(6))
		tmpl := genEvents[r.IntN(len(genEvents))]
		dead := 2 + r.IntN(5)
		for k := range 1 + r.IntN(3) {
			if i == n {
				break
			}
			text := fmt.Sprintf(tmpl, place, date, dead+k%2) + " " + genFiller[r.IntN(len(genFiller))] + fmt.Sprintf(" (Ref. %d.)", i)
			line, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("q%04d", i), "outlet": outlets[k], "published": "2024-03-07",
				"title": fmt.Sprintf("%s: news from %s", outlets[k], place), "url": fmt.Sprintf("https://news.example/q%04d", i), "text": text})
			b.Write(append(line, '\n'))
			i++
		}
	}
	path := filepath.Join(t.TempDir(), "reports.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// sqliteOf ingests the reports into a SQLite store, as one machine does
// ("-": read from stdin).
func sqliteOf(t testing.TB, reports string, stdin ...string) *store.Store {
	t.Helper()
	db := filepath.Join(t.TempDir(), "one.db")
	e, _, stderr := cmdEnv(t, nil)
	if len(stdin) > 0 {
		e.stdin = strings.NewReader(stdin[0])
	}
	if code := runIn(e, "ingest", "--db", db, reports); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	return openStore(t, db)
}

// openPG opens a PostgreSQL store for checking what the workers did.
func openPG(t testing.TB, url string) *pgstore.Store {
	t.Helper()
	s, err := pgstore.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// workers runs n `sitrep worker`s in this process until stop is called.
func workers(t testing.TB, n int, queueURL, db string) (stderr *syncBuffer, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var errb syncBuffer
	for range n {
		e, _, _ := cmdEnv(t, nil)
		e.stderr = &errb
		wg.Go(func() { runIn2(ctx, e, "worker", "--queue", queueURL, "--db", db, "--batch", "20") })
	}
	return &errb, func() {
		cancel()
		wg.Wait()
	}
}

func runIn2(ctx context.Context, e *env, args ...string) int { return run(ctx, e, args) }

// drained waits until the stream holds no message (every one
// acknowledged) and the store has want documents.
func drained(t testing.TB, queueURL string, s *pgstore.Store, want int, within time.Duration, log func() string) {
	t.Helper()
	ctx := context.Background()
	q, err := queue.Open(ctx, queueURL)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	deadline := time.Now().Add(within)
	for {
		n, qerr := q.Pending(ctx)
		c, serr := s.Count(ctx)
		if qerr == nil && serr == nil && n == 0 && c.Documents == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %d messages in the stream (%v), %d of %d documents stored (%v); workers said:\n%s", within, n, qerr, c.Documents, want, serr, log())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestQueueSameAsSQLite: the reports queued with `ingest --queue` and
// stored by two `sitrep worker`s into PostgreSQL give the store, and the
// API answers, that `ingest --db` gives in SQLite on one machine.
func TestQueueSameAsSQLite(t *testing.T) {
	reports := queueReports(t, 160)
	want := sqliteOf(t, reports)
	ns := natstest.New(t)
	db := pgtest.DB(t)
	e, _, stderr := cmdEnv(t, nil)
	if code := runIn(e, "ingest", "--queue", ns.URL(), reports); code != 0 || !strings.Contains(stderr.String(), "160 records queued") {
		t.Fatalf("ingest --queue: exit %d: %s", code, stderr)
	}
	errb, stop := workers(t, 2, ns.URL(), db)
	got := openPG(t, db)
	c, _ := want.Count(context.Background())
	drained(t, ns.URL(), got, c.Documents, 2*time.Minute, errb.String)
	stop()
	if c.Incidents >= c.Events || c.Events < c.Documents {
		t.Fatalf("%+v: the reports should make events that fuse", c)
	}
	t.Logf("one machine: %+v", c)
	storetest.Compare(t, want, got)
	sameAPI(t, want, got)
}

// sameAPI compares what the HTTP API answers over two stores, incident
// ids and times of storing left out.
func sameAPI(t testing.TB, want, got serve.Store) {
	t.Helper()
	a := httptest.NewServer(serve.New(want, serve.Options{}))
	defer a.Close()
	b := httptest.NewServer(serve.New(got, serve.Options{}))
	defer b.Close()
	ignore := regexp.MustCompile(`"(incident_id|timestamp|ingested_at|next)":("[^"]*"|\d+),?`)
	for _, path := range []string{"/api/v1/events?limit=1000", "/api/v1/events?q=shelled&limit=50", "/api/v1/events?bbox=35,35,37,37&limit=20",
		"/api/v1/events.csv?limit=1000", "/api/v1/points", "/api/v1/places", "/api/v1/actors", "/api/v1/days", "/api/v1/trends",
		"/api/v1/documents?limit=1000", "/api/v1/control?date=2024-12-31", "/api/v1/events?q=%22unbalanced"} {
		get := func(base string) string {
			resp, err := http.Get(base + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			s := ignore.ReplaceAllString(string(body), "")
			if strings.HasSuffix(path, ".csv?limit=1000") { // the CSV's incident and timestamp columns
				var lines []string
				for l := range strings.SplitSeq(s, "\n") {
					f := strings.Split(l, ",")
					lines = append(lines, strings.Join(f[:min(len(f), 20)], ","))
				}
				s = strings.Join(lines, "\n")
			}
			return fmt.Sprintf("%d %s", resp.StatusCode, s)
		}
		if wa, ga := get(a.URL), get(b.URL); wa != ga {
			t.Errorf("%s: answers differ:\n want %.300s\n  got %.300s", path, wa, ga)
		}
	}
}

// TestWorkerKill kills a `sitrep worker` (this test binary, run as
// TestWorkerChild) with SIGKILL while it stores, starts another, and
// checks that every document is stored once: the counts and the hashes
// of the texts are those one machine stores.
func TestWorkerKill(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a worker of 600 reports")
	}
	reports := queueReports(t, 600)
	want := sqliteOf(t, reports)
	ns := natstest.New(t)
	db := pgtest.DB(t)
	ctx := context.Background()
	// A short ack wait, so that what the killed worker held comes back soon.
	q, err := queue.OpenWith(ctx, ns.URL(), queue.Options{AckWait: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	q.Close()
	e, _, stderr := cmdEnv(t, nil)
	if code := runIn(e, "ingest", "--queue", ns.URL(), reports); code != 0 {
		t.Fatalf("ingest --queue: exit %d: %s", code, stderr)
	}
	got := openPG(t, db)
	cmd := exec.Command(os.Args[0], "-test.run=^TestWorkerChild$")
	dir := t.TempDir()
	cmd.Env = append(os.Environ(), "SITREP_WORKER_CHILD="+strings.Join([]string{"worker", "--queue", ns.URL(), "--db", db, "--batch", "25"}, "\n"),
		"SITREP_DATA="+filepath.Join(dir, "data"), "HOME="+dir)
	var childErr syncBuffer
	cmd.Stderr = &childErr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stored := 0
	for deadline := time.Now().Add(2 * time.Minute); stored < 100; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the child stored %d documents in 2 minutes; stderr:\n%s", stored, childErr.String())
		}
		if c, err := got.Count(ctx); err == nil {
			stored = c.Documents
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("the child ended with %v, not killed; stderr:\n%s", err, childErr.String())
	}
	c, _ := got.Count(ctx)
	t.Logf("killed with %d documents stored", c.Documents)
	wc, _ := want.Count(ctx)
	if c.Documents >= wc.Documents {
		t.Fatalf("the child stored all %d documents before it was killed", c.Documents)
	}
	errb, stop := workers(t, 1, ns.URL(), db)
	drained(t, ns.URL(), got, wc.Documents, 2*time.Minute, errb.String)
	stop()
	if gc, _ := got.Count(ctx); gc != wc {
		t.Errorf("counts: %+v, one machine %+v", gc, wc)
	}
	if h, w := hashes(t, got), hashes(t, want); !slices.Equal(h, w) {
		t.Errorf("%d texts stored, one machine %d; or they differ", len(h), len(w))
	}
	storetest.Compare(t, want, got)
}

// hashes lists the hashes of the stored texts, each with its document
// and event ids, sorted.
func hashes(t testing.TB, s backend.Reader) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	err := s.EachDocument(ctx, func(d document.Document) error {
		_, evs, err := s.Document(ctx, d.ID)
		line := d.Hash + " " + d.ID
		for _, e := range evs {
			line += " " + e.ID
		}
		out = append(out, line)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestWorkerChild(t *testing.T) {
	args := os.Getenv("SITREP_WORKER_CHILD")
	if args == "" {
		t.Skip("run by TestWorkerKill")
	}
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(context.Background(), e, strings.Split(args, "\n")))
}

// TestNATSRestart stops the NATS server while reports are being queued
// and stored, and starts it again: nothing is lost, nothing is stored
// twice, and the incidents are the one machine's.
func TestNATSRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("restarts a NATS server mid-stream")
	}
	reports := queueReports(t, 400)
	body, err := os.ReadFile(reports)
	if err != nil {
		t.Fatal(err)
	}
	want := sqliteOf(t, "-", string(body))
	ns := natstest.New(t)
	db := pgtest.DB(t)
	ctx := context.Background()
	q, err := queue.OpenWith(ctx, ns.URL(), queue.Options{AckWait: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	q.Close()
	got := openPG(t, db)
	errb, stop := workers(t, 2, ns.URL(), db)
	defer stop()
	// ingest reads the reports from a pipe: three quarters before the
	// restart, the rest while the server is away.
	lines := strings.SplitAfter(string(body), "\n")
	pr, pw := io.Pipe()
	ingested := make(chan string, 1)
	go func() {
		e, _, stderr := cmdEnv(t, nil)
		e.stdin = pr
		code := runIn(e, "ingest", "--queue", ns.URL(), "-")
		ingested <- fmt.Sprintf("exit %d: %s", code, stderr)
	}()
	io.WriteString(pw, strings.Join(lines[:300], "")) // more than ingest peeks at (64 KB)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		if c, err := got.Count(ctx); err == nil && c.Documents >= 40 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("40 documents not stored in a minute:\n%s", errb)
		}
	}
	q, err = queue.Open(ctx, ns.URL())
	if err != nil {
		t.Fatal(err)
	}
	pending, err := q.Pending(ctx)
	q.Close()
	if err != nil || pending == 0 {
		t.Fatalf("nothing in the stream to keep across the restart (%d, %v)", pending, err)
	}
	ns.Stop()
	io.WriteString(pw, strings.Join(lines[300:], ""))
	pw.Close()
	time.Sleep(time.Second)
	ns.Start()
	if out := <-ingested; !strings.HasPrefix(out, "exit 0") || !strings.Contains(out, "400 records queued") {
		t.Fatalf("ingest --queue across the restart: %s", out)
	}
	t.Logf("%d messages in the stream at the restart", pending)
	wc, _ := want.Count(ctx)
	drained(t, ns.URL(), got, wc.Documents, 2*time.Minute, errb.String)
	stop()
	if gc, _ := got.Count(ctx); gc != wc {
		t.Errorf("counts: %+v, one machine %+v", gc, wc)
	}
	if h, w := hashes(t, got), hashes(t, want); !slices.Equal(h, w) {
		t.Errorf("%d texts stored, one machine %d; or they differ", len(h), len(w))
	}
	// The same incidents. Not always the same listing order: what
	// ingest published again after the server came back may be in the
	// stream after what it published later but got through.
	if f, w := storetest.Fusion(t, got), storetest.Fusion(t, want); !slices.Equal(f, w) {
		t.Errorf("%d incidents, one machine %d; or they differ", len(f), len(w))
	}
}

// TestStoreAway stops PostgreSQL while workers store: they say so, back
// off and, once it is back, store the rest; nothing is lost or doubled.
func TestStoreAway(t *testing.T) {
	if testing.Short() {
		t.Skip("stops a PostgreSQL server mid-stream")
	}
	reports := queueReports(t, 300)
	want := sqliteOf(t, reports)
	ns := natstest.New(t)
	pg := pgtest.New(t, pgtest.Options{})
	db := pg.NewDB(t)
	ctx := context.Background()
	e, _, stderr := cmdEnv(t, nil)
	if code := runIn(e, "ingest", "--queue", ns.URL(), reports); code != 0 {
		t.Fatalf("ingest --queue: exit %d: %s", code, stderr)
	}
	got := openPG(t, db)
	errb, stop := workers(t, 2, ns.URL(), db)
	defer stop()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		if c, err := got.Count(ctx); err == nil && c.Documents >= 30 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("30 documents not stored in a minute:\n%s", errb)
		}
	}
	pg.Stop()
	time.Sleep(2 * time.Second)
	pg.Start()
	wc, _ := want.Count(ctx)
	drained(t, ns.URL(), got, wc.Documents, 2*time.Minute, errb.String)
	stop()
	if !strings.Contains(errb.String(), "trying again in") {
		t.Errorf("the workers did not say the store was away:\n%s", errb)
	}
	if gc, _ := got.Count(ctx); gc != wc {
		t.Errorf("counts: %+v, one machine %+v", gc, wc)
	}
	storetest.Compare(t, want, got)
}

// TestQueueFeeds: `ingest --queue --feeds` queues a poll of each feed; a
// worker polls it, queues its new items for any worker, and keeps the
// feed's state in the store: polled again, nothing is stored twice.
func TestQueueFeeds(t *testing.T) {
	var srv *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Steppe Wire</title><link>%[1]s/</link><description>news</description>
<item><title>Shelling in Saraqib</title><link>%[1]s/news/1</link><guid>s1</guid><pubDate>Tue, 12 Mar 2024 10:00:00 GMT</pubDate></item>
<item><title>Clashes in Atarib</title><link>%[1]s/news/2</link><guid>s2</guid><pubDate>Wed, 13 Mar 2024 10:00:00 GMT</pubDate></item>
</channel></rss>`, srv.URL)
	})
	mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
		what := map[string]string{
			"/news/1": "Government forces shelled Saraqib on 12 March 2024, killing four civilians, local sources said.",
			"/news/2": "Fighters of two rival groups clashed in Atarib on 13 March 2024, leaving three dead, a war monitor said.",
		}[r.URL.Path]
		fmt.Fprintf(w, `<html><head><title>News</title></head><body><article><p>%s</p><p>Residents said the area had been tense for weeks, and that many families had already left for safer villages.</p></article></body></html>`, what)
	})
	srv = httptest.NewServer(mux)
	defer srv.Close()
	list := filepath.Join(t.TempDir(), "feeds.txt")
	os.WriteFile(list, []byte(srv.URL+"/feed.xml\n"), 0o644)
	ns := natstest.New(t)
	db := pgtest.DB(t)
	got := openPG(t, db)
	errb, stop := workers(t, 2, ns.URL(), db)
	defer stop()
	ctx := context.Background()
	for poll := 1; poll <= 2; poll++ {
		e, _, stderr := cmdEnv(t, nil)
		if code := runIn(e, "ingest", "--queue", ns.URL(), "--feeds", list, "--once", "--allow-private", "--host-delay", "1ms"); code != 0 ||
			!strings.Contains(stderr.String(), "1 feed polls queued") {
			t.Fatalf("poll %d: exit %d: %s", poll, code, stderr)
		}
		drained(t, ns.URL(), got, 2, time.Minute, errb.String)
		st, err := got.Feed(ctx, srv.URL+"/feed.xml")
		if err != nil || len(st.Seen) != 2 || st.Checked.IsZero() {
			t.Fatalf("poll %d: the feed's state %+v, %v", poll, st, err)
		}
	}
	c, _ := got.Count(ctx)
	if c.Documents != 2 || c.Events < 2 {
		t.Errorf("after two polls: %+v", c)
	}
}
