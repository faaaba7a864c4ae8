package store

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
)

const crashDocs = 10000

// ingest stores documents from..crashDocs in batches, calling done with
// the number of documents committed after each.
func ingest(ctx context.Context, s *Store, from int, done func(int)) (stored int, err error) {
	const batch = 100
	for i := from; i < crashDocs; i += batch {
		var docs []Doc
		for j := i; j < min(i+batch, crashDocs); j++ {
			docs = append(docs, genDoc(j))
		}
		puts, err := s.PutDocuments(ctx, docs)
		if err != nil {
			return stored, err
		}
		for _, p := range puts {
			if p.Stored {
				stored++
			}
		}
		done(i + len(docs))
	}
	return stored, nil
}

// TestCrash kills a process that is ingesting 10,000 documents (this test
// binary, run again as TestCrashChild) with SIGKILL, then checks that
// everything it had committed is there, once, and that ingesting again
// stores exactly the rest.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 10,000 documents")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
	cmd.Env = append(os.Environ(), "SITREP_STORE_CRASH="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	committed := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if n, err := strconv.Atoi(strings.TrimPrefix(sc.Text(), "committed ")); err == nil {
			committed = n
		}
		if committed >= 2000 {
			cmd.Process.Signal(syscall.SIGKILL)
			break
		}
	}
	err = cmd.Wait()
	if committed < 2000 || err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("child committed %d documents and ended with %v; want it killed after 2000", committed, err)
	}

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := consistent(t, s)
	if c.Documents < committed || c.Documents >= crashDocs {
		t.Fatalf("after the kill: %d documents stored; the child had committed %d", c.Documents, committed)
	}
	// Batches commit in order: the stored documents are the first ones.
	var last string
	s.r.QueryRow(`SELECT max(doc_id) FROM documents`).Scan(&last)
	if want := fmt.Sprintf("doc%06d", c.Documents-1); last != want {
		t.Errorf("last stored document %s, want %s", last, want)
	}
	t.Logf("killed after %d committed; %d stored", committed, c.Documents)

	// Resume from the start: what is stored is skipped.
	stored, err := ingest(ctx, s, 0, func(int) {})
	if err != nil {
		t.Fatal(err)
	}
	if want := crashDocs - c.Documents; stored != want {
		t.Errorf("resuming stored %d documents, want %d", stored, want)
	}
	if c := consistent(t, s); c.Documents != crashDocs {
		t.Errorf("after resuming: %d documents, want %d", c.Documents, crashDocs)
	}
}

// consistent checks the store's integrity and that every document has its
// events, indexes and incidents, and returns the counts.
func consistent(t *testing.T, s *Store) Counts {
	t.Helper()
	ctx := context.Background()
	// On the writer: a reader connection that read the full-text index
	// before another connection wrote to it reports false "fts5:
	// corruption" in integrity_check (modernc.org/sqlite v1.62.0), though
	// its queries are right (TestReadWhileWriting).
	var ok string
	if err := s.w.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity check: %s, %v", ok, err)
	}
	c, err := s.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var fts, geo, unfused, dupHashes int
	s.r.QueryRow(`SELECT count(*) FROM documents_fts`).Scan(&fts)
	s.r.QueryRow(`SELECT count(*) FROM events_geo`).Scan(&geo)
	s.r.QueryRow(`SELECT count(*) FROM events WHERE incident IS NULL OR incident NOT IN (SELECT id FROM incidents)`).Scan(&unfused)
	s.r.QueryRow(`SELECT count(*) FROM (SELECT hash FROM documents GROUP BY hash HAVING count(*) > 1)`).Scan(&dupHashes)
	if c.Events != 2*c.Documents || fts != c.Documents || geo != c.Events || unfused != 0 || dupHashes != 0 {
		t.Errorf("%+v: %d in full-text index, %d located, %d events without incident, %d duplicated texts", c, fts, geo, unfused, dupHashes)
	}
	return c
}

// TestCrashChild is the process TestCrash kills.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("SITREP_STORE_CRASH")
	if path == "" {
		t.Skip("run by TestCrash")
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest(context.Background(), s, 0, func(n int) { fmt.Printf("committed %d\n", n) }); err != nil {
		t.Fatal(err)
	}
}

// TestOpenWhileWriting: a store already migrated opens at once, and
// answers, while another process (this test binary run again as
// TestHoldChild) holds a write transaction open, as ingest does while it
// stores a batch: opening takes no lock that the writer holds. Before,
// Open waited for the write lock (10 s) and failed.
func TestOpenWhileWriting(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "held.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := dayDocs(t)
	if _, err := s.PutDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldChild$")
	cmd.Env = append(os.Environ(), "SITREP_STORE_HOLD="+path)
	cmd.Stderr = os.Stderr
	release, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(out)
	for sc.Scan() && sc.Text() != "holding" {
	}

	// The child holds the write lock until its stdin closes.
	r, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("opening while another process writes: %v", err)
	}
	defer r.Close()
	c, err := r.Count(ctx)
	if err != nil || c.Documents != len(docs) {
		t.Errorf("Count while another process writes: %+v, %v; want the %d documents committed", c, err, len(docs))
	}
	if page, err := r.Events(ctx, Filter{BBox: &BBox{MinLat: 30, MinLon: 30, MaxLat: 40, MaxLon: 40}}, "", 5); err != nil || len(page.Events) != 5 {
		t.Errorf("Events while another process writes: %d, %v", len(page.Events), err)
	}
	if has, err := r.HasDocument(ctx, "nope"); err != nil || has {
		t.Errorf("HasDocument while another process writes: %v, %v", has, err)
	}
	release.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the writing process: %v", err)
	}
	// What it wrote is seen once it commits.
	if c, err := r.Count(ctx); err != nil || c.Documents != len(docs)+1 {
		t.Errorf("after the other process committed: %+v, %v; want one more document", c, err)
	}
}

// TestHoldChild is the process TestOpenWhileWriting reads beside: it
// stores a document in a write transaction that it keeps open until its
// stdin is closed.
func TestHoldChild(t *testing.T) {
	path := os.Getenv("SITREP_STORE_HOLD")
	if path == "" {
		t.Skip("run by TestOpenWhileWriting")
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.write(ctx, true, func(w *writer) error {
		if _, err := w.putDocument(&Doc{Document: genDoc(1).Document, Events: genDoc(1).Events}); err != nil {
			return err
		}
		fmt.Println("holding")
		_, err := io.Copy(io.Discard, os.Stdin)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMigrateKill kills a process (this test binary, run again as
// TestMigrateChild) while migration 3 rewrites a store of version 2 with
// SIGKILL, then checks that opening it again migrates it whole: nothing
// lost, nothing half-done.
func TestMigrateKill(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and migrates 8,000 events")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v2.db")
	var events []event.Event
	for i := range 8000 {
		date := fuse.DateOf(-800 + i)
		if i%3 == 0 {
			date = ""
		}
		events = append(events, dayEvent(fmt.Sprintf("e%05d", i), date, "", 1+i%3))
	}
	writeV2(t, path, events)

	cmd := exec.Command(os.Args[0], "-test.run=^TestMigrateChild$")
	cmd.Env = append(os.Environ(), "SITREP_STORE_MIGRATE="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	if l := <-lines; l != "opening" {
		t.Fatalf("child said %q", l)
	}
	// Killed once the migration has written a megabyte to the log.
	killed := false
	for !killed {
		select {
		case l := <-lines:
			t.Fatalf("the migration ended (%q) before it could be killed", l)
		default:
		}
		if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 1<<20 {
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
		}
	}
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("child ended with %v; want it killed", err)
	}
	var before int
	if db, err := sql.Open("sqlite", path+"?_pragma=query_only(1)"); err == nil {
		db.QueryRow(`SELECT max(version) FROM schema_version`).Scan(&before)
		db.Close()
	}
	t.Logf("killed at schema version %d", before) // 2: within the migration

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ok string
	var version, stored, undated, geo int
	s.w.QueryRow(`PRAGMA integrity_check`).Scan(&ok)
	s.r.QueryRow(`SELECT max(version) FROM schema_version`).Scan(&version)
	s.r.QueryRow(`SELECT count(*), count(*) - count(day) FROM events`).Scan(&stored, &undated)
	s.r.QueryRow(`SELECT count(*) FROM events_geo WHERE min_day = ?`, noDay).Scan(&geo)
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	if ok != "ok" || version != len(names) || stored != len(events) || undated != len(events)/3+1 || geo != undated {
		t.Errorf("after the kill and reopening: integrity %s, schema %d, %d events, %d undated, %d at noDay; want ok, %d, %d, %d, %d",
			ok, version, stored, undated, geo, len(names), len(events), len(events)/3+1, len(events)/3+1)
	}
	if got := pageIDs(t, s, Filter{BBox: &BBox{MinLat: 35, MinLon: 36, MaxLat: 36, MaxLon: 37}, From: "1968-01-01", To: "1968-01-31"}, 100); len(got) != 20 {
		t.Errorf("%d events of January 1968 in the box, want 20", len(got))
	}
}

// TestMigrateChild is the process TestMigrateKill kills.
func TestMigrateChild(t *testing.T) {
	path := os.Getenv("SITREP_STORE_MIGRATE")
	if path == "" {
		t.Skip("run by TestMigrateKill")
	}
	fmt.Println("opening")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	fmt.Println("opened")
}
