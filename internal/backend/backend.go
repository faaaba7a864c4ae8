// Package backend opens the store a --db value names: a PostgreSQL
// database for a postgres:// (or postgresql://) URL, else a SQLite file.
// It is the one place that tells them apart; every command goes through
// it, and everything else sees only Store.
package backend

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/pgstore"
	"github.com/sitrep/sitrep/internal/store"
)

// Reader is what the commands and the API read.
type Reader interface {
	Events(ctx context.Context, f store.Filter, cursor string, limit int) (store.EventPage, error)
	RawEvents(ctx context.Context, f store.Filter, cursor string, limit int) (store.RawPage, error)
	EachEvent(ctx context.Context, f store.Filter, fn func(*event.Event) error) error
	Event(ctx context.Context, eventID string) (event.Event, int64, error)
	Incident(ctx context.Context, id int64) (store.Incident, error)
	IncidentReports(ctx context.Context, id int64, after string, limit int) (store.Incident, error)
	RawIncidentReports(ctx context.Context, id int64, after string, limit int) (store.RawIncident, error)
	IncidentOf(ctx context.Context, eventID string) (int64, error)
	Incidents(ctx context.Context, f store.Filter, cursor string, limit int) (store.IncidentPage, error)
	Document(ctx context.Context, docID string) (document.Document, []event.Event, error)
	Documents(ctx context.Context, f store.Filter, cursor string, limit int) (store.DocumentPage, error)
	EachDocument(ctx context.Context, fn func(document.Document) error) error
	HasDocument(ctx context.Context, hash string) (bool, error)
	Places(ctx context.Context, prefix string, limit int) ([]store.Place, error)
	Actors(ctx context.Context, prefix string, limit int) ([]store.Actor, error)
	ControlOn(ctx context.Context, date string) ([]fuse.Change, error)
	Timeline(ctx context.Context, place string) ([]fuse.Change, error)
	Count(ctx context.Context) (store.Counts, error)
	EachPoint(ctx context.Context, f store.Filter, limit int, fn func(*store.Point) error) (more bool, err error)
	Days(ctx context.Context, f store.Filter) (days []store.Day, undated int, err error)
	Trends(ctx context.Context, f store.Filter, date string) (countries, admin1 []store.Trend, used string, err error)
	Feed(ctx context.Context, url string) (store.Feed, error)
}

// Writer is what ingesting, reprocessing and polling write.
type Writer interface {
	PutDocuments(ctx context.Context, docs []store.Doc) ([]store.Put, error)
	ReplaceDocuments(ctx context.Context, docs []store.Doc) ([]store.Changes, error)
	PutFeed(ctx context.Context, f store.Feed) error
}

// Store is a whole backend.
type Store interface {
	Reader
	Writer
	Close() error
}

// Both backends are whole.
var (
	_ Store = (*store.Store)(nil)
	_ Store = (*pgstore.Store)(nil)
)

// Open opens the store db names (a SQLite path or a PostgreSQL URL),
// creating or migrating it.
func Open(ctx context.Context, db string) (Store, error) {
	if pgstore.IsURL(db) {
		return pgstore.Open(ctx, db)
	}
	return store.Open(ctx, db)
}

// OpenExisting opens a store that must exist already, for the commands
// that only read: a missing SQLite file is a mistyped path, not a store
// to make empty and serve as if nothing had happened. A PostgreSQL
// database exists once its server has it; its schema is migrated.
func OpenExisting(ctx context.Context, db string) (Store, error) {
	if !pgstore.IsURL(db) {
		if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("store %s does not exist (sitrep ingest --db %s makes it)", db, db)
		}
	}
	return Open(ctx, db)
}
