// Package store keeps documents, the events read from them, the incidents
// they fuse into, places, actors and the control of places, in one SQLite
// file (modernc.org/sqlite, pure Go). It creates and migrates the file,
// writes each document with its events in one transaction, fusing them into
// incidents as they arrive (package fuse decides, over the fuse.Store this
// package implements in fuse.go), and answers the queries of the
// commands and the HTTP API. Its API speaks in sitrep's own types, never in
// SQLite's, so that another backend can stand behind the same calls.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Errors callers tell apart: a query that cannot be answered as asked (the
// HTTP layer answers 400) and something that is not stored (404).
var (
	ErrInvalid  = errors.New("invalid query")
	ErrNotFound = errors.New("not found")
)

// Store is an open store. It is safe for concurrent use: writes go through
// one connection, one at a time; reads use a pool of their own and, with
// SQLite's write-ahead log, see the last committed state while a write is
// under way.
type Store struct {
	path string
	w    *sql.DB // the one writer
	r    *sql.DB // readers
	// has answers HasDocument, asked for every document ingested.
	has *sql.Stmt
	gen generation // see Generation
	// recent is the writer's index of fusion candidates (recent.go).
	recent *recent
	stmts  stmts // the readers' prepared statements (query, queryRow)
}

//go:embed migrations/*.sql
var migrations embed.FS

// Open opens the store at path, creating it and its directory when missing
// and applying the migrations it lacks.
func Open(ctx context.Context, path string) (*Store, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("store %s: the path may not contain '?' or '#'", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	// WAL lets readers go on while one writer commits; NORMAL sync is
	// durable against a crash of the process (not of the machine) and much
	// faster; the busy timeout makes a second process wait for the lock.
	const pragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(10000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=cache_size(-32000)&_pragma=temp_store(MEMORY)"
	w, err := sql.Open("sqlite", path+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", path+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	r.SetMaxOpenConns(5) // four for queries, one held by Generation
	// Kept open when idle (database/sql keeps two): under load the others
	// were closed and opened again, their page caches and prepared
	// statements lost.
	r.SetMaxIdleConns(5)
	s := &Store{path: path, w: w, r: r, recent: newRecent()}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	if s.has, err = r.PrepareContext(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE hash = ?)`); err != nil {
		s.Close()
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	return s, nil
}

// String names the store by its file, for messages ("serving /data/sitrep.db").
func (s *Store) String() string { return s.path }

// Close closes the store.
func (s *Store) Close() error {
	var err error
	if s.has != nil {
		err = s.has.Close()
	}
	return errors.Join(err, s.stmts.close(), s.gen.close(), s.r.Close(), s.w.Close())
}

// migrate applies, each in its own transaction, the embedded migrations
// newer than the file's schema_version. A file already up to date is only
// read, by a reader: so a command that only reads (serve) opens it at once
// and without the writer's lock while another process writes (ingest).
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	var n, have int
	// No such table yet on a new file: then it is the writer's to make.
	if err := s.r.QueryRowContext(ctx, `SELECT count(*), coalesce(max(version), 0) FROM schema_version`).Scan(&n, &have); err == nil {
		switch want := len(names); {
		case have > want:
			return newer(have, want)
		case n == want && have == want:
			return nil
		}
	}
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("creating schema_version: %w", err)
	}
	for _, name := range names {
		base := filepath.Base(name)
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its version number", base)
		}
		if err := s.apply(ctx, version, base); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	if err := s.w.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&have); err != nil {
		return err
	}
	if want := len(names); have > want {
		return newer(have, want)
	}
	return nil
}

func newer(have, want int) error {
	return fmt.Errorf("schema version %d is newer than this sitrep knows (%d): upgrade sitrep", have, want)
}

func (s *Store) apply(ctx context.Context, version int, name string) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Checked inside the (immediate) transaction, so two processes opening
	// a new file at once apply each migration once.
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_version WHERE version = ?`, version).Scan(&n); err != nil || n > 0 {
		return err
	}
	body, err := migrations.ReadFile("migrations/" + name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if code := migrationCode[version]; code != nil {
		if err := code(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version VALUES (?, ?, ?)`, version, name, now()); err != nil {
		return err
	}
	return tx.Commit()
}

// migrationCode is the part in Go of a migration, run after its SQL in
// the same transaction.
var migrationCode = map[int]func(context.Context, *sql.Tx) error{
	12: func(ctx context.Context, tx *sql.Tx) error { return buildPointChunks(ctx, tx) },
}

func now() string { return time.Now().UTC().Format(time.RFC3339) }

// Counts says how much is stored.
type Counts struct {
	Documents, Events, Incidents, Places, Actors, ControlChanges int
}

// Count counts what is stored.
func (s *Store) Count(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.r.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM documents), (SELECT count(*) FROM events), (SELECT count(*) FROM incidents),
		(SELECT count(*) FROM places), (SELECT count(*) FROM actors), (SELECT count(*) FROM control)`).
		Scan(&c.Documents, &c.Events, &c.Incidents, &c.Places, &c.Actors, &c.ControlChanges)
	if err != nil {
		return c, fmt.Errorf("store %s: counting: %w", s.path, err)
	}
	return c, nil
}

// maxStmts bounds the readers' prepared statements: the queries are made
// of the filters given, so their texts are many but not endless.
const maxStmts = 256

// stmts are the readers' statements, prepared once by their text and then
// on each connection as it first runs them (database/sql). Preparing
// again for every query was about a tenth of a listing's CPU time.
type stmts struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// stmt is the prepared statement of query, nil when there is no room for
// it or it did not prepare (the query then runs unprepared, and says why
// it fails).
func (s *Store) stmt(ctx context.Context, query string) *sql.Stmt {
	c := &s.stmts
	c.mu.Lock()
	st, ok := c.m[query]
	full := len(c.m) >= maxStmts
	c.mu.Unlock()
	if ok || full {
		return st
	}
	st, err := s.r.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if had, ok := c.m[query]; ok {
		st.Close()
		return had
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = st
	return st
}

// query and queryRow are the readers' QueryContext and QueryRowContext,
// with the statement prepared once.
func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := s.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.r.QueryContext(ctx, query, args...)
}

func (s *Store) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := s.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.r.QueryRowContext(ctx, query, args...)
}

func (c *stmts) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	for _, st := range c.m {
		err = errors.Join(err, st.Close())
	}
	c.m = nil
	return err
}
