// Package pgstore keeps sitrep's store in PostgreSQL, for a team that has
// outgrown one machine: any number of workers write to it at once and any
// number of API servers read it, none of them holding state of its own.
// It answers the same calls as package store (SQLite) with the same
// results: the same ids, cursors, filters and fusion; only how it keeps
// things differs (GiST indexes over boxes and day ranges, GIN full text,
// versioned migrations of its own).
//
// Fusion stays one serial unit per event with many writers: a transaction
// first takes advisory locks on the cells of space and time (and of place
// names) its events may meet others in, so that two reports of one
// happening stored at the same moment by two workers wait for each other,
// and then a lock on each incident it reads or changes, so that incidents
// far apart are merged and summed up by one writer at a time. A deadlock
// among those (rare: two incidents spanning two cells) is retried.
package pgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sitrep/sitrep/internal/store"
)

// IsURL reports whether a --db value names a PostgreSQL database.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Store is an open PostgreSQL store, safe for concurrent use.
type Store struct {
	name string // the URL without its password, for messages
	pool *pgxpool.Pool

	// postgis: the events have PostGIS points (migration 2), which the
	// box queries use.
	postgis bool

	mu     sync.Mutex
	epochs map[string]int64 // of store.Order sources
}

//go:embed migrations/*.sql
var migrations embed.FS

// Advisory lock namespaces, the top byte of a 64-bit key.
const (
	nsCell     = 1 // a cell of space and time (see cells)
	nsName     = 2 // a place name and a block of days
	nsIncident = 3
	nsWriters  = 4 // shared by every writer, exclusive for reprocessing
	nsMigrate  = 5
)

func lockKey(ns int64, v uint64) int64 { return ns<<56 | int64(v&(1<<56-1)) }

// Open connects to the database at url (postgres://…) and applies the
// migrations it lacks.
func Open(ctx context.Context, rawURL string) (*Store, error) { return openStore(ctx, rawURL, true) }

// openStore is Open; without postgis the box queries use the built-in index
// even where PostGIS is there (for the tests of both).
func openStore(ctx context.Context, rawURL string, postgis bool) (*Store, error) {
	name := redact(rawURL)
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", name, err)
	}
	if cfg.MaxConns < 8 {
		cfg.MaxConns = 8
	}
	// The best plan of a page's query depends on its values (a cursor
	// far back, a rare actor, a small box): a generic plan, which
	// PostgreSQL switches a prepared statement to after five runs, reads
	// the wrong index for some and took seconds.
	if _, ok := cfg.ConnConfig.RuntimeParams["plan_cache_mode"]; !ok {
		cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", name, err)
	}
	s := &Store{name: name, pool: pool, epochs: map[string]int64{}}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store %s: %w", name, err)
	}
	if postgis {
		err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = 'events' AND column_name = 'geom')`).Scan(&s.postgis)
		if err != nil {
			pool.Close()
			return nil, fmt.Errorf("store %s: %w", name, err)
		}
	}
	return s, nil
}

// redact drops the password from a URL, for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "postgres://…"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxx")
	}
	return u.Redacted()
}

// Close closes the store's connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

func (s *Store) String() string { return s.name }

// PostGIS reports whether the store's box queries use PostGIS.
func (s *Store) PostGIS() bool { return s.postgis }

func (s *Store) errorf(format string, args ...any) error {
	return fmt.Errorf("store %s: "+format, append([]any{s.name}, args...)...)
}

// migrate applies the embedded migrations newer than the database's
// schema_version, all in one transaction under a lock, so that workers
// starting together on a new database apply each once.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	var have int
	err = s.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&have)
	if err == nil && have >= len(names) {
		return newer(have, len(names))
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, lockKey(nsMigrate, 0)); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("creating schema_version: %w", err)
	}
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&have); err != nil {
		return err
	}
	if have > len(names) {
		return newer(have, len(names))
	}
	for _, name := range names {
		base := path.Base(name)
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its version number", base)
		}
		if version <= have {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version, name) VALUES ($1, $2)`, version, base); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

func newer(have, want int) error {
	if have == want {
		return nil
	}
	return fmt.Errorf("schema version %d is newer than this sitrep knows (%d): upgrade sitrep", have, want)
}

// Count counts what is stored.
func (s *Store) Count(ctx context.Context) (store.Counts, error) {
	var c store.Counts
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM documents), (SELECT count(*) FROM events), (SELECT count(*) FROM incidents),
		(SELECT count(*) FROM places), (SELECT count(*) FROM actors), (SELECT count(*) FROM control)`).
		Scan(&c.Documents, &c.Events, &c.Incidents, &c.Places, &c.Actors, &c.ControlChanges)
	if err != nil {
		return c, s.errorf("counting: %w", err)
	}
	return c, nil
}

// retryable reports whether a transaction failed for another's sake
// (a deadlock, a serialization failure, the same document stored at the
// same moment by another worker) and is worth running again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "40001", "40P01", "23505":
			return true
		}
	}
	return false
}

// transact runs fn in a transaction, again when it failed for another
// writer's sake, a few times with a growing random pause.
func (s *Store) transact(ctx context.Context, fn func(pgx.Tx) error) error {
	for attempt := 0; ; attempt++ {
		err := pgx.BeginFunc(ctx, s.pool, fn)
		if err == nil || !retryable(err) || attempt >= 8 {
			return err
		}
		pause := time.Duration(rand.Int64N(int64(10*time.Millisecond) << attempt))
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		}
	}
}

// epoch returns the epoch of an input source (see the sources table).
func (s *Store) epoch(ctx context.Context, source string) (int64, error) {
	s.mu.Lock()
	e, ok := s.epochs[source]
	s.mu.Unlock()
	if ok {
		return e, nil
	}
	// In a statement of its own: a source's epoch, once given, stays. A
	// writer that lost the race to add it reads it the second time.
	var err error
	for range 2 {
		err = s.pool.QueryRow(ctx, `WITH added AS (
				INSERT INTO sources (name, epoch) VALUES ($1, nextval('sources_epoch')) ON CONFLICT (name) DO NOTHING RETURNING epoch)
			SELECT epoch FROM added UNION ALL SELECT epoch FROM sources WHERE name = $1`, source).Scan(&e)
		if !errors.Is(err, pgx.ErrNoRows) {
			break
		}
	}
	if err != nil {
		return 0, fmt.Errorf("source %q: %w", source, err)
	}
	s.mu.Lock()
	s.epochs[source] = e
	s.mu.Unlock()
	return e, nil
}

// hash64 hashes the parts of a lock's name.
func hash64(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}
