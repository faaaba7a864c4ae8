package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/text"
)

// row is an event of a page: its keyset position, body, incident (0:
// none) and document, as rowCols selects them.
type row struct {
	store.Cursor
	body          string
	incident, doc int64
}

// rowCols are the columns of a row, of events e.
const rowCols = "e.id, e.day, e.body, coalesce(e.incident, 0), e.doc"

// Events returns the page of events that match f after cursor, newest
// first, as store.Store.Events does.
func (s *Store) Events(ctx context.Context, f store.Filter, cursor string, limit int) (store.EventPage, error) {
	raw, err := s.RawEvents(ctx, f, cursor, limit)
	if err != nil {
		return store.EventPage{}, err
	}
	page, err := store.DecodePage(raw)
	if err != nil {
		return page, s.errorf("%w", err)
	}
	return page, nil
}

// RawEvents is Events with the events as stored, as store.Store's.
func (s *Store) RawEvents(ctx context.Context, f store.Filter, cursor string, limit int) (store.RawPage, error) {
	var page store.RawPage
	limit = store.PageLimit(limit)
	q, err := s.buildQuery(ctx, f)
	if err != nil {
		return page, err
	}
	after := store.FirstCursor
	if cursor != "" {
		if after, err = store.ParseCursor(cursor); err != nil {
			return page, err
		}
	}
	rows, err := s.pageRows(ctx, q, f, after, limit)
	if err != nil {
		return page, s.errorf("%w", err)
	}
	ingested, err := s.ingestedAt(ctx, rows)
	if err != nil {
		return page, s.errorf("%w", err)
	}
	page.Events = make([]store.RawEvent, len(rows))
	for i, r := range rows {
		page.Events[i] = store.StoredEvent([]byte(r.body), r.incident, ingested[r.doc])
	}
	if len(rows) == limit {
		page.Next = rows[len(rows)-1].Cursor.String()
	}
	return page, nil
}

// ingestedAt is when the documents of a page's events were stored, by
// document: the page's own query reads their incidents.
func (s *Store) ingestedAt(ctx context.Context, rows []row) (map[int64]string, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	docs := make([]int64, len(rows))
	for i, r := range rows {
		docs[i] = r.doc
	}
	slices.Sort(docs)
	docs = slices.Compact(docs)
	rs, err := s.pool.Query(ctx, `SELECT id, ingested_at FROM documents WHERE id = ANY($1)`, docs)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	out := make(map[int64]string, len(docs))
	for rs.Next() {
		var id int64
		var at string
		if err := rs.Scan(&id, &at); err != nil {
			return nil, err
		}
		out[id] = at
	}
	return out, rs.Err()
}

// EachEvent calls fn for every event that matches f, newest first, a page
// at a time; it stops at fn's first error.
func (s *Store) EachEvent(ctx context.Context, f store.Filter, fn func(*event.Event) error) error {
	cursor := ""
	for {
		page, err := s.Events(ctx, f, cursor, store.MaxLimit)
		if err != nil {
			return err
		}
		for i := range page.Events {
			if err := fn(&page.Events[i]); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		cursor = page.Next
	}
}

// pageRows runs the query of one page: the dated events, then, unless
// dates were asked for, those of no known day.
func (s *Store) pageRows(ctx context.Context, q *query, f store.Filter, after store.Cursor, limit int) ([]row, error) {
	var out []row
	if !after.Undated {
		var err error
		if out, err = s.datedRows(ctx, q, f, after, limit); err != nil {
			return nil, err
		}
		after = store.Cursor{Undated: true, ID: math.MaxInt64}
	}
	if len(out) < limit && f.From == "" && f.To == "" {
		cond := "e.day IS NULL AND e.id < $%d::bigint"
		if f.BBox != nil {
			cond += " AND " + s.inBox()
		}
		more, err := s.pageQuery(ctx, q, cond, " ORDER BY e.id DESC", limit-len(out), after.ID, s.boxArg(f.BBox))
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}

// inBox is the condition that an event's point is in the box of the
// placeholder %d: by PostGIS's index where the store has it, else by the
// built-in one. Either is a box test of the index (PostGIS's of 32-bit
// floats, a little generous): the filter's exact bounds are conditions
// of their own.
func (s *Store) inBox() string {
	if s.postgis {
		return "e.geom && ST_SetSRID($%d::box2d::geometry, 4326)"
	}
	return "e.geo && $%d::box"
}

// boxArg is the argument of inBox; "" for none.
func (s *Store) boxArg(b *store.BBox) string {
	switch {
	case b == nil:
		return ""
	case s.postgis:
		return fmt.Sprintf("BOX(%v %v,%v %v)", b.MinLon, b.MinLat, b.MaxLon, b.MaxLat)
	}
	return box(*b)
}

// pageQuery runs "SELECT id, day, body FROM events e WHERE cond AND q's
// conditions order LIMIT limit"; cond's %d are the placeholders of extra,
// in order ("" extras are left out).
func (s *Store) pageQuery(ctx context.Context, q *query, cond, order string, limit int, extra ...any) ([]row, error) {
	args := append([]any{}, q.args...)
	var marks []any
	for _, v := range extra {
		if v == "" {
			continue
		}
		args = append(args, v)
		marks = append(marks, len(args))
	}
	cond = fmt.Sprintf(cond, marks...)
	args = append(args, limit)
	sql := `SELECT ` + rowCols + ` FROM events e WHERE ` + cond + ` AND ` + q.conds() + order + fmt.Sprintf(" LIMIT $%d", len(args))
	return s.rows(ctx, sql, args...)
}

// datedRows is the dated part of a page. With a bounding box it walks the
// GiST index of points and days in growing windows of days, newest
// first, until the page is full, as the SQLite store walks its r-tree.
func (s *Store) datedRows(ctx context.Context, q *query, f store.Filter, after store.Cursor, limit int) ([]row, error) {
	const order = " ORDER BY e.day DESC, e.id DESC"
	if f.BBox == nil {
		if q.actors != nil {
			return s.actorRows(ctx, q, after, limit)
		}
		return s.pageQuery(ctx, q, "(e.day, e.id) < ($%d::bigint, $%d::bigint)", order, limit, after.Day, after.ID)
	}
	var first, last *int64
	if err := s.pool.QueryRow(ctx, `SELECT min(day), max(day) FROM events`).Scan(&first, &last); err != nil {
		return nil, err
	}
	if first == nil {
		return nil, nil
	}
	lo, hi := max(q.fromDay, *first), min(q.toD, after.Day, *last)
	b := s.boxArg(f.BBox)
	var out []row
	width := int64(7)
	for top := hi; top >= lo && len(out) < limit; {
		bottom := max(lo, top-width+1)
		page, err := s.pageQuery(ctx, q, s.inBox()+" AND e.geo_days <@ $%d::int4range AND e.day IS NOT NULL AND (e.day, e.id) < ($%d::bigint, $%d::bigint)",
			order, limit-len(out), b, dayRange(int(bottom), int(top)), after.Day, after.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		top = bottom - 1
		width *= 4
	}
	return out, nil
}

// actorRows pages the dated events of an actor (1 or 2) as the union of
// two ranges of the actor indexes, merged in order.
func (s *Store) actorRows(ctx context.Context, q *query, after store.Cursor, limit int) ([]row, error) {
	args := append([]any{}, q.args...)
	args = append(args, after.Day, after.ID, q.actors, limit)
	n := len(args)
	// q.conds() holds the actor condition too: each arm's index gives
	// its own actor, the condition is then checked on few rows.
	arm := func(col string) string {
		return fmt.Sprintf(`(SELECT `+rowCols+` FROM events e WHERE %s = ANY($%d) AND (e.day, e.id) < ($%d::bigint, $%d::bigint) AND %s ORDER BY e.day DESC, e.id DESC LIMIT $%d)`,
			col, n-1, n-3, n-2, q.conds(), n)
	}
	return s.rows(ctx, arm("e.actor1")+" UNION "+arm("e.actor2")+fmt.Sprintf(" ORDER BY 2 DESC, 1 DESC LIMIT $%d", n), args...)
}

func (s *Store) rows(ctx context.Context, sql string, args ...any) ([]row, error) {
	rs, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, queryError(err)
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		var r row
		var day *int64
		if err := rs.Scan(&r.ID, &day, &r.body, &r.incident, &r.doc); err != nil {
			return nil, queryError(err)
		}
		if day != nil {
			r.Day = *day
		} else {
			r.Undated = true
		}
		out = append(out, r)
	}
	return out, queryError(rs.Err())
}

// queryError turns PostgreSQL's complaints about a full-text query into
// store.ErrInvalid (the translation should leave none).
func queryError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "42601" || strings.Contains(pe.Message, "tsquery")) {
		return fmt.Errorf("%w: full-text query: %v", store.ErrInvalid, err)
	}
	return err
}

// Incident returns one incident with every report of it in full.
func (s *Store) Incident(ctx context.Context, id int64) (store.Incident, error) {
	return s.IncidentReports(ctx, id, "", 0)
}

// IncidentReports returns one incident with a page of its reports, as
// store.Store's does.
func (s *Store) IncidentReports(ctx context.Context, id int64, after string, limit int) (store.Incident, error) {
	raw, err := s.RawIncidentReports(ctx, id, after, limit)
	if err != nil {
		return store.Incident{ID: id}, err
	}
	inc, err := store.DecodeIncident(raw)
	if err != nil {
		return inc, s.errorf("incident %d: %w", id, err)
	}
	return inc, nil
}

// RawIncidentReports is IncidentReports with the reports as stored.
func (s *Store) RawIncidentReports(ctx context.Context, id int64, after string, limit int) (store.RawIncident, error) {
	inc := store.RawIncident{ID: id}
	var body string
	err := s.pool.QueryRow(ctx, `SELECT body FROM incidents WHERE id = $1`, id).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return inc, fmt.Errorf("incident %d: %w", id, store.ErrNotFound)
	}
	if err == nil {
		err = json.Unmarshal([]byte(body), &inc.Incident)
	}
	if err == nil {
		var lim *int // NULL: no limit
		if limit > 0 {
			lim = &limit
		}
		inc.Events, err = s.members(ctx, `SELECT event_id, body FROM events WHERE incident = $1 AND event_id COLLATE "C" > $2 ORDER BY event_id COLLATE "C" LIMIT $3`, id, after, lim)
	}
	if err != nil {
		return inc, s.errorf("incident %d: %w", id, err)
	}
	return inc, nil
}

func (s *Store) members(ctx context.Context, sql string, args ...any) ([]store.RawEvent, error) {
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.RawEvent
	for rows.Next() {
		var eventID, body string
		if err := rows.Scan(&eventID, &body); err != nil {
			return nil, err
		}
		out = append(out, store.MemberEvent(eventID, []byte(body)))
	}
	return out, rows.Err()
}

// IncidentOf returns the id of the incident an event belongs to.
// Event returns one event and the id of its incident, as store.Store's does.
func (s *Store) Event(ctx context.Context, eventID string) (event.Event, int64, error) {
	var (
		body string
		inc  *int64
		e    event.Event
	)
	err := s.pool.QueryRow(ctx, `SELECT body, incident FROM events WHERE event_id = $1`, eventID).Scan(&body, &inc)
	if errors.Is(err, pgx.ErrNoRows) || err == nil && inc == nil {
		return e, 0, fmt.Errorf("event %s: %w", eventID, store.ErrNotFound)
	}
	if err == nil {
		err = json.Unmarshal([]byte(body), &e)
	}
	if err != nil {
		return e, 0, s.errorf("event %s: %w", eventID, err)
	}
	return e, *inc, nil
}

func (s *Store) IncidentOf(ctx context.Context, eventID string) (int64, error) {
	var id *int64
	err := s.pool.QueryRow(ctx, `SELECT incident FROM events WHERE event_id = $1`, eventID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) || err == nil && id == nil {
		return 0, fmt.Errorf("event %s: %w", eventID, store.ErrNotFound)
	}
	if err != nil {
		return 0, s.errorf("event %s: %w", eventID, err)
	}
	return *id, nil
}

func (s *Store) events(ctx context.Context, sql string, args ...any) ([]event.Event, error) {
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []event.Event
	for rows.Next() {
		var body string
		var e event.Event
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

const documentColumns = `id, doc_id, source, url, outlet, author, title, published, captured, lang, text, hash`

func scanDocument(r pgx.Row, id *int64, d *document.Document) error {
	var published string
	if err := r.Scan(id, &d.ID, &d.Source, &d.URL, &d.Outlet, &d.Author, &d.Title, &published, &d.Captured, &d.Lang, &d.Text, &d.Hash); err != nil {
		return err
	}
	if published != "" {
		d.Published, _ = time.Parse(time.DateOnly, published)
	}
	return nil
}

// Document returns a stored document and its events.
func (s *Store) Document(ctx context.Context, docID string) (document.Document, []event.Event, error) {
	var d document.Document
	var id int64
	err := scanDocument(s.pool.QueryRow(ctx, `SELECT `+documentColumns+` FROM documents WHERE doc_id = $1`, docID), &id, &d)
	if errors.Is(err, pgx.ErrNoRows) {
		return d, nil, fmt.Errorf("document %s: %w", docID, store.ErrNotFound)
	}
	if err != nil {
		return d, nil, s.errorf("document %s: %w", docID, err)
	}
	events, err := s.events(ctx, `SELECT body FROM events WHERE doc = $1 ORDER BY id`, id)
	if err != nil {
		return d, nil, s.errorf("document %s: %w", docID, err)
	}
	return d, events, nil
}

// HasDocument reports whether a document with this text hash is stored.
func (s *Store) HasDocument(ctx context.Context, hash string) (bool, error) {
	var known bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE hash = $1)`, hash).Scan(&known); err != nil {
		return false, s.errorf("%w", err)
	}
	return known, nil
}

// EachDocument calls fn for every stored document, in storage order, a
// page at a time with no rows open, so that fn may write.
func (s *Store) EachDocument(ctx context.Context, fn func(document.Document) error) error {
	last := int64(math.MinInt64)
	for {
		rows, err := s.pool.Query(ctx, `SELECT `+documentColumns+` FROM documents WHERE id > $1 ORDER BY id LIMIT 200`, last)
		if err != nil {
			return s.errorf("%w", err)
		}
		var docs []document.Document
		for rows.Next() {
			var d document.Document
			if err := scanDocument(rows, &last, &d); err != nil {
				rows.Close()
				return err
			}
			docs = append(docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(docs) == 0 {
			return nil
		}
		for _, d := range docs {
			if err := fn(d); err != nil {
				return err
			}
		}
	}
}

// Places returns the places whose name starts with prefix (folded), those
// with most events first.
func (s *Store) Places(ctx context.Context, prefix string, limit int) ([]store.Place, error) {
	p := text.Fold(prefix)
	rows, err := s.pool.Query(ctx, `SELECT key, name, country, admin1, admin2, latitude, longitude, geonameid, events FROM places
		WHERE fold >= $1 AND fold < $2 AND events > 0 ORDER BY events DESC, name LIMIT $3`, p, p+"\U0010FFFF", store.ListLimit(limit))
	if err != nil {
		return nil, s.errorf("places: %w", err)
	}
	defer rows.Close()
	var out []store.Place
	for rows.Next() {
		var pl store.Place
		if err := rows.Scan(&pl.Key, &pl.Name, &pl.Country, &pl.Admin1, &pl.Admin2, &pl.Latitude, &pl.Longitude, &pl.GeonameID, &pl.Events); err != nil {
			return nil, err
		}
		out = append(out, pl)
	}
	return out, rows.Err()
}

// Actors returns the actors whose name starts with prefix (folded), those
// with most events first.
func (s *Store) Actors(ctx context.Context, prefix string, limit int) ([]store.Actor, error) {
	p := text.Fold(prefix)
	rows, err := s.pool.Query(ctx, `SELECT name, inter, events FROM actors
		WHERE fold >= $1 AND fold < $2 AND events > 0 ORDER BY events DESC, name LIMIT $3`, p, p+"\U0010FFFF", store.ListLimit(limit))
	if err != nil {
		return nil, s.errorf("actors: %w", err)
	}
	defer rows.Close()
	var out []store.Actor
	for rows.Next() {
		var a store.Actor
		if err := rows.Scan(&a.Name, &a.Inter, &a.Events); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ControlOn returns who held each place that ever changed hands, on date.
func (s *Store) ControlOn(ctx context.Context, date string) ([]fuse.Change, error) {
	if _, ok := fuse.Day(date); !ok || len(date) != 10 {
		return nil, fmt.Errorf("%w: %q is not a date (YYYY-MM-DD)", store.ErrInvalid, date)
	}
	changes, err := s.changes(ctx, `SELECT body FROM control WHERE date <= $1 ORDER BY incident`, date)
	if err != nil {
		return nil, err
	}
	return fuse.ControlOn(changes, date), nil
}

// Timeline returns the changes of control of one place, oldest first.
func (s *Store) Timeline(ctx context.Context, place string) ([]fuse.Change, error) {
	return s.changes(ctx, `SELECT body FROM control WHERE place = $1 ORDER BY date, incident`, place)
}

func (s *Store) changes(ctx context.Context, sql string, args ...any) ([]fuse.Change, error) {
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, s.errorf("control: %w", err)
	}
	defer rows.Close()
	var out []fuse.Change
	for rows.Next() {
		var body string
		var c fuse.Change
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			return nil, s.errorf("control: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Feed returns the state of a feed; a feed never polled has a zero state.
func (s *Store) Feed(ctx context.Context, url string) (store.Feed, error) {
	f := store.Feed{URL: url}
	var checked, seen, pending string
	err := s.pool.QueryRow(ctx, `SELECT etag, last_modified, checked_at, seen, failures, pending FROM feeds WHERE url = $1`, url).
		Scan(&f.ETag, &f.LastModified, &checked, &seen, &f.Failures, &pending)
	if errors.Is(err, pgx.ErrNoRows) {
		return f, nil
	}
	if err != nil {
		return f, s.errorf("feed %s: %w", url, err)
	}
	f.Checked, _ = time.Parse(time.RFC3339, checked)
	if seen != "" {
		f.Seen = strings.Split(seen, "\n")
	}
	if pending != "" {
		f.Pending = []byte(pending)
	}
	return f, nil
}

// PutFeed records the state of a feed after a poll.
func (s *Store) PutFeed(ctx context.Context, f store.Feed) error {
	seen := make([]string, 0, len(f.Seen))
	for _, k := range f.Seen {
		if k = strings.TrimSpace(strings.ReplaceAll(k, "\n", " ")); k != "" {
			seen = append(seen, clean(k))
		}
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO feeds (url, etag, last_modified, checked_at, seen, failures, pending) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
		checked_at = excluded.checked_at, seen = excluded.seen, failures = excluded.failures, pending = excluded.pending`,
		clean(f.URL), clean(f.ETag), clean(f.LastModified), f.Checked.UTC().Format(time.RFC3339), strings.Join(seen, "\n"), f.Failures, clean(string(f.Pending)))
	if err != nil {
		return s.errorf("feed %s: %w", f.URL, err)
	}
	return nil
}
