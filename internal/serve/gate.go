package serve

import (
	"context"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/store"
)

// gated is the store as the routes ask it: each call waits for one of a
// few slots, so that at most that many run at once. A request is several
// SQLite statements, each taking a reader connection from database/sql,
// which hands a freed connection to a waiter picked at random: with 16
// requests on 2 cores each statement of a request queued behind the
// others' anew, and the unlucky ones waited many times over (p99 two to
// three times p50). The slots are taken in the order asked for (a
// channel's waiting senders are queued), a whole store call at a time,
// so a request waits once, behind those before it. The answer is written
// to the client after the slot is given back: a client slow to read
// holds none. EachPoint is not gated: it writes to the client as it
// reads (and the map's first answers are cached, see warm).
type gated struct {
	Store
	slots chan struct{}
}

// enter takes a slot, or gives up when ctx is done (the client left or
// the request's time is up) before one is free.
func (g gated) enter(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g gated) leave() { <-g.slots }

// through runs f, which returns one result, holding a slot.
func through[T any](ctx context.Context, g gated, f func() (T, error)) (T, error) {
	if err := g.enter(ctx); err != nil {
		var zero T
		return zero, err
	}
	defer g.leave()
	return f()
}

func (g gated) Events(ctx context.Context, f store.Filter, cursor string, limit int) (store.EventPage, error) {
	return through(ctx, g, func() (store.EventPage, error) { return g.Store.Events(ctx, f, cursor, limit) })
}

func (g gated) RawEvents(ctx context.Context, f store.Filter, cursor string, limit int) (store.RawPage, error) {
	return through(ctx, g, func() (store.RawPage, error) { return g.Store.RawEvents(ctx, f, cursor, limit) })
}

func (g gated) Event(ctx context.Context, eventID string) (event.Event, int64, error) {
	if err := g.enter(ctx); err != nil {
		return event.Event{}, 0, err
	}
	defer g.leave()
	return g.Store.Event(ctx, eventID)
}

func (g gated) RawIncidentReports(ctx context.Context, id int64, after string, limit int) (store.RawIncident, error) {
	return through(ctx, g, func() (store.RawIncident, error) { return g.Store.RawIncidentReports(ctx, id, after, limit) })
}

func (g gated) IncidentOf(ctx context.Context, eventID string) (int64, error) {
	return through(ctx, g, func() (int64, error) { return g.Store.IncidentOf(ctx, eventID) })
}

func (g gated) Document(ctx context.Context, docID string) (document.Document, []event.Event, error) {
	if err := g.enter(ctx); err != nil {
		return document.Document{}, nil, err
	}
	defer g.leave()
	return g.Store.Document(ctx, docID)
}

func (g gated) Places(ctx context.Context, prefix string, limit int) ([]store.Place, error) {
	return through(ctx, g, func() ([]store.Place, error) { return g.Store.Places(ctx, prefix, limit) })
}

func (g gated) Actors(ctx context.Context, prefix string, limit int) ([]store.Actor, error) {
	return through(ctx, g, func() ([]store.Actor, error) { return g.Store.Actors(ctx, prefix, limit) })
}

func (g gated) ControlOn(ctx context.Context, date string) ([]fuse.Change, error) {
	return through(ctx, g, func() ([]fuse.Change, error) { return g.Store.ControlOn(ctx, date) })
}

func (g gated) Timeline(ctx context.Context, place string) ([]fuse.Change, error) {
	return through(ctx, g, func() ([]fuse.Change, error) { return g.Store.Timeline(ctx, place) })
}

func (g gated) Count(ctx context.Context) (store.Counts, error) {
	return through(ctx, g, func() (store.Counts, error) { return g.Store.Count(ctx) })
}

func (g gated) Days(ctx context.Context, f store.Filter) ([]store.Day, int, error) {
	if err := g.enter(ctx); err != nil {
		return nil, 0, err
	}
	defer g.leave()
	return g.Store.Days(ctx, f)
}

func (g gated) Trends(ctx context.Context, f store.Filter, date string) ([]store.Trend, []store.Trend, string, error) {
	if err := g.enter(ctx); err != nil {
		return nil, nil, "", err
	}
	defer g.leave()
	return g.Store.Trends(ctx, f, date)
}

func (g gated) Incidents(ctx context.Context, f store.Filter, cursor string, limit int) (store.IncidentPage, error) {
	return through(ctx, g, func() (store.IncidentPage, error) { return g.Store.Incidents(ctx, f, cursor, limit) })
}

func (g gated) Documents(ctx context.Context, f store.Filter, cursor string, limit int) (store.DocumentPage, error) {
	return through(ctx, g, func() (store.DocumentPage, error) { return g.Store.Documents(ctx, f, cursor, limit) })
}
