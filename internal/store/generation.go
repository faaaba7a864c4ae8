package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// generation watches the file for commits: SQLite's data_version, read
// on a connection of its own that never writes, changes whenever any
// other connection (this store's writer, or another process) commits.
type generation struct {
	mu    sync.Mutex
	conn  *sql.Conn
	epoch uint64 // bumped when the connection is replaced: its count starts afresh
}

// Generation is a number that changes whenever something is committed to
// the store, by this process or another, so that a caller may keep what
// it read (the map's points) until it does. Equal numbers mean nothing
// was committed in between; it is cheap to ask (one PRAGMA).
func (s *Store) Generation(ctx context.Context) (uint64, error) {
	g := &s.gen
	g.mu.Lock()
	defer g.mu.Unlock()
	for try := 0; ; try++ {
		if g.conn == nil {
			c, err := s.r.Conn(ctx)
			if err != nil {
				return 0, fmt.Errorf("store %s: generation: %w", s.path, err)
			}
			g.conn, g.epoch = c, g.epoch+1
		}
		var v uint64
		err := g.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
		if err == nil {
			return g.epoch<<32 | v&0xffffffff, nil
		}
		// A broken connection is replaced once; a cancelled context is not
		// the connection's fault, but replacing it costs little.
		g.conn.Close()
		g.conn = nil
		if try > 0 || ctx.Err() != nil {
			return 0, fmt.Errorf("store %s: generation: %w", s.path, err)
		}
	}
}

func (g *generation) close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.conn == nil {
		return nil
	}
	err := g.conn.Close()
	g.conn = nil
	return err
}
