package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/text"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// BBox is a bounding box in degrees.
type BBox struct{ MinLat, MinLon, MaxLat, MaxLon float64 }

// Filter selects events; zero fields select everything. Types and
// statuses match as stored; Actor (case and diacritics folded), Country and
// Outlet (ASCII case ignored) as people type them.
type Filter struct {
	From, To       string // event dates, YYYY-MM-DD, inclusive
	BBox           *BBox
	EventType      string
	SubEventType   string
	Actor          string // actor 1 or 2
	Country        string
	Admin1         string
	Outlet         string
	ClaimStatus    string // the event's own claim status
	MinFatalities  int    // events with at least this many deaths (0: any)
	IncidentStatus string // the status of the incident it belongs to
	Incident       int64
	// Query is an FTS5 query over the text and title of the events'
	// documents: words, "phrases", AND/OR/NOT, prefix*.
	Query string
}

// Page limits.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// EventPage is one page of events, newest first (by event date, then
// storage order); events whose date is unknown come after all the dated
// ones, and only when the filter asks for no dates (From and To empty).
// Next is the cursor of the next page, "" after the last.
type EventPage struct {
	Events []event.Event
	Next   string
}

// Events returns the page of events that match f after cursor ("" for
// the first page); limit is capped at MaxLimit (0: DefaultLimit). Paging
// is by keyset, so pages stay consistent while events are added.
func (s *Store) Events(ctx context.Context, f Filter, cursor string, limit int) (EventPage, error) {
	raw, err := s.RawEvents(ctx, f, cursor, limit)
	if err != nil {
		return EventPage{}, err
	}
	page, err := DecodePage(raw)
	if err != nil {
		return page, fmt.Errorf("store %s: %w", s.path, err)
	}
	return page, nil
}

// RawEvents is Events with the events as stored, for the API to write
// without decoding them.
func (s *Store) RawEvents(ctx context.Context, f Filter, cursor string, limit int) (RawPage, error) {
	var page RawPage
	switch {
	case limit <= 0:
		limit = DefaultLimit
	case limit > MaxLimit:
		limit = MaxLimit
	}
	q, err := s.buildQuery(ctx, f)
	if err != nil {
		return page, err
	}
	after := key{day: 1 << 40}
	if cursor != "" {
		if after, err = parseCursor(cursor); err != nil {
			return page, err
		}
	}
	var rows []row
	if q.commonFTS && f.BBox == nil {
		rows, err = s.textRows(ctx, q, f, after, limit)
	} else {
		rows, err = s.pageRows(ctx, q, f, after, limit)
	}
	if err != nil {
		return page, fmt.Errorf("store %s: %w", s.path, err)
	}
	ingested, err := s.ingestedAt(ctx, rows)
	if err != nil {
		return page, fmt.Errorf("store %s: %w", s.path, err)
	}
	page.Events = make([]RawEvent, len(rows))
	for i, r := range rows {
		page.Events[i] = StoredEvent(r.body, r.incident, ingested[r.doc])
	}
	if len(rows) == limit {
		last := rows[len(rows)-1]
		page.Next = last.key.String()
	}
	return page, nil
}

// ingestedAt is when the documents of a page's events were stored, by
// document row. The page's own queries read each event's incident; the
// time is a column of documents after their text, so it is looked up
// once a document, for the page only, and the paging queries stay as
// they are.
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
	list, _ := json.Marshal(docs)
	rs, err := s.query(ctx, `SELECT id, ingested_at FROM documents INDEXED BY documents_ingested WHERE id IN (SELECT value FROM json_each(?))`, string(list))
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

// QueryError is a full-text query that SQLite could not make sense of: the
// query's fault, not the store's. It wraps ErrInvalid.
type QueryError struct {
	Query, Reason string
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("full-text query %q: %s", e.Query, e.Reason)
}

func (e *QueryError) Unwrap() error { return ErrInvalid }

// ftsError is the error of a query that runs only the full-text query q:
// what SQLite makes of it ("syntax error", "unknown special query", a
// column that does not exist) is then known to be the query's, whatever
// the message says.
func (s *Store) ftsError(err error, q string) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_ERROR {
		reason := strings.TrimPrefix(se.Error(), "SQL logic error: ")
		reason = strings.TrimPrefix(strings.TrimSuffix(reason, " (1)"), "fts5: ")
		return &QueryError{q, reason}
	}
	return fmt.Errorf("store %s: full-text query: %w", s.path, err)
}

// EachEvent calls fn for every event that matches f, newest first, a page
// at a time (for exports); it stops at fn's first error.
func (s *Store) EachEvent(ctx context.Context, f Filter, fn func(*event.Event) error) error {
	cursor := ""
	for {
		page, err := s.Events(ctx, f, cursor, MaxLimit)
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

// key is a keyset position: (day, id), both descending, then the events
// of no known day (undated), by id descending.
type key struct {
	day, id int64
	undated bool
}

func (k key) String() string {
	d := strconv.FormatInt(k.day, 10)
	if k.undated {
		d = "u"
	}
	return base64.RawURLEncoding.EncodeToString([]byte(d + "." + strconv.FormatInt(k.id, 10)))
}

func parseCursor(s string) (key, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		d, i, ok := strings.Cut(string(b), ".")
		var k key
		var e1, e2 error
		if d == "u" {
			k.undated = true
		} else {
			k.day, e1 = strconv.ParseInt(d, 10, 64)
		}
		k.id, e2 = strconv.ParseInt(i, 10, 64)
		if ok && e1 == nil && e2 == nil {
			return k, nil
		}
	}
	return key{}, fmt.Errorf("%w: bad cursor %q", ErrInvalid, s)
}

// query is a filter compiled to SQL conditions on events e.
type query struct {
	where        []string
	args         []any
	fromDay, toD int64
	// actors are the stored spellings of the actor asked for (actor 1 or
	// 2), case and accents folded: not in where, see listQuery and conds.
	actors    []string
	actorFold string
	others    bool  // conditions other than place and time
	commonFTS bool  // a full-text query matching very many documents: see textRows
	docs      int64 // the documents stored, when commonFTS
}

// buildQuery is filterQuery with the full-text query checked first, so
// that a query SQLite cannot read is the user's error (QueryError), on
// every endpoint that filters events.
func (s *Store) buildQuery(ctx context.Context, f Filter) (query, error) {
	q, err := filterQuery(f)
	if err == nil && f.Query != "" {
		// Counting its matches checks the query too (see fullTextPlan).
		err = s.fullTextPlan(ctx, &q, f.Query)
	}
	if err == nil && q.actorFold != "" {
		// The actors table folds the names: its index gives the stored
		// spellings, and the events' actor indexes do the rest.
		err = s.spellings(ctx, &q)
	}
	return q, err
}

// fullTextPlan chooses how the listing finds a full-text query's events.
// A rare term's are found by document and sorted, few as they are; a
// common term's would be thousands sorted for one page, so the listing
// walks the time index as with any filter, tests each event's document
// against the matches and stops when the page is full. Walking costs about
// page·D/m events for m of D documents matching, sorting about m: the walk
// wins once m passes √(page·D)/3 (see the count below), taken for a
// page of DefaultLimit. Without a box, a term in more than 3·√(page·D) documents is walked in batches
// (textRows) rather than with every match gathered first.
//
// The first run lists up to fewDocs matches, and is the query's check:
// whatever SQLite makes of it ("syntax error", "unknown special query",
// a column that does not exist) is known to be the query's, a
// QueryError. A rare term's documents are then all listed, and the
// listing's queries take the list instead of running the full-text query
// again: a phrase of common words ("Manbij on 3 March 2023") reads their
// long lists of matches at every run, however few documents match them
// all. A term with more is counted, and up to common listed, in runs of
// their own.
func (s *Store) fullTextPlan(ctx context.Context, q *query, fts string) error {
	var docs int64
	if err := s.queryRow(ctx, `SELECT coalesce(max(id), 0) FROM documents`).Scan(&docs); err != nil {
		return fmt.Errorf("store %s: full-text query: %w", s.path, err)
	}
	common := int(math.Sqrt(float64(DefaultLimit)*float64(docs))) + 1
	i := slices.Index(q.where, ftsCond)
	// The first run reads up to fewDocs documents, as a list: the matches
	// of a rare term are then all there, for the listing's queries to take
	// (ftsListCond), and a phrase of common words is run once instead of
	// twice. A term with more is counted (and, up to common, listed) as
	// before; the few it read first cost little next to that.
	var n int
	var list string
	err := s.queryRow(ctx, `SELECT count(*), json_group_array(rowid) FROM (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?)`, fts, min(fewDocs, common)+1).Scan(&n, &list)
	if err != nil {
		return s.ftsError(err, fts)
	}
	if n <= min(fewDocs, common) {
		q.where[i], q.args[q.argAt(i)] = ftsListCond, list
		return nil
	}
	err = s.queryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?)`, fts, 3*common+1).Scan(&n)
	if err != nil {
		return s.ftsError(err, fts)
	}
	// Sorting a listed term's events reads each one's row (6 µs an event
	// on 100,000 documents, 56 ms for a region's name in 1,186 of them),
	// walking reads index entries (0.5 µs an event with ftsSplitCond): the
	// walk wins from about √(page·D/12) documents, not √(page·D).
	if n <= common/3 {
		var list string
		err := s.queryRow(ctx, `SELECT json_group_array(rowid) FROM documents_fts WHERE documents_fts MATCH ?`, fts).Scan(&list)
		if err != nil {
			return s.ftsError(err, fts)
		}
		q.where[i], q.args[q.argAt(i)] = ftsListCond, list
		return nil
	}
	if n > 3*common {
		// The unary + keeps SQLite from driving the query by e.doc.
		q.where[i] = "+" + ftsCond
		q.commonFTS, q.docs = true, docs
		return nil
	}
	// The lowest of the newest fewDocs+1 matches bounds the documents of
	// the first pages (ftsSplitCond). Not taken from the first run: read
	// newest first there, the benchmark's text rare looked slower.
	var lo int64
	err = s.queryRow(ctx, `SELECT coalesce(min(rowid), 0) FROM (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid DESC LIMIT ?)`, fts, fewDocs+1).Scan(&lo)
	if err != nil {
		return s.ftsError(err, fts)
	}
	at := q.argAt(i)
	q.where[i] = ftsSplitCond
	q.args = slices.Replace(q.args, at, at+1, []any{lo, fts, lo, lo, fts}...)
	return nil
}

// fewDocs is how many documents fullTextPlan lists from its first run.
const fewDocs = 256

// spellings sets q.actors to the stored names folding to q.actorFold
// (the name asked for when none does: it then matches nothing).
func (s *Store) spellings(ctx context.Context, q *query) error {
	rows, err := s.query(ctx, `SELECT name FROM actors WHERE fold = ? ORDER BY name`, q.actorFold)
	if err != nil {
		return fmt.Errorf("store %s: actor: %w", s.path, err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		names = append(names, n)
	}
	if len(names) > 0 {
		q.actors = names
	}
	return rows.Err()
}

// in is "col IN (?, ...)" for the actors.
func (q *query) in(col string) (string, []any) {
	args := make([]any, len(q.actors))
	for i, a := range q.actors {
		args[i] = a
	}
	return col + " IN (?" + strings.Repeat(", ?", len(q.actors)-1) + ")", args
}

// actorCond is the condition on the actor, "" when there is none.
func (q *query) actorCond() (string, []any) {
	if q.actors == nil {
		return "", nil
	}
	c1, a1 := q.in("e.actor1")
	c2, a2 := q.in("e.actor2")
	return "(" + c1 + " OR " + c2 + ")", append(a1, a2...)
}

// conds returns every condition of q, the actor's included, for the
// queries that do not page on the actor indexes.
func (q *query) conds() ([]string, []any) {
	where, args := slices.Clone(q.where), slices.Clone(q.args)
	if c, a := q.actorCond(); c != "" {
		where, args = append(where, c), append(args, a...)
	}
	return where, args
}

// ftsCond is the full-text condition of a filter; ftsListCond is it for
// a rare term, with its documents listed (JSON) in place of the query.
const (
	ftsCond     = "e.doc IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
	ftsListCond = "e.doc IN (SELECT value FROM json_each(?))"
	// ftsSplitCond is ftsCond for a term walked in the time index (more
	// than √(page·D)/3 documents, up to 3·√(page·D)), split at the lowest
	// of its newest fewDocs+1 documents. Walking the index, SQLite tests
	// each event's document against a temporary index of the matches,
	// built at the first test: of all of them (4,800 for a town's name
	// in 100,000 documents, most of such a page's time) with ftsCond,
	// only of the newest few hundred here, as the events of the first
	// pages come from documents stored about when they happened. The
	// older matches are gathered only if an event of an older document
	// is met, so the answer is the same whatever the split; the unary +
	// keeps SQLite from driving the query by e.doc.
	ftsSplitCond = "(+e.doc >= ? AND +e.doc IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? AND rowid >= ?) OR +e.doc < ? AND +e.doc IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?))"
)

// argAt is the place among q.args of the first argument of q.where[i].
func (q *query) argAt(i int) int {
	at := 0
	for _, w := range q.where[:i] {
		at += strings.Count(w, "?")
	}
	return at
}

func filterQuery(f Filter) (query, error) {
	q := query{fromDay: -1 << 40, toD: 1 << 40}
	if f.From != "" {
		d, ok := fuse.Day(f.From)
		if !ok || len(f.From) != 10 {
			return q, fmt.Errorf("%w: from %q is not a date (YYYY-MM-DD)", ErrInvalid, f.From)
		}
		q.fromDay = int64(d)
	}
	if f.To != "" {
		d, ok := fuse.Day(f.To)
		if !ok || len(f.To) != 10 {
			return q, fmt.Errorf("%w: to %q is not a date (YYYY-MM-DD)", ErrInvalid, f.To)
		}
		q.toD = int64(d)
	}
	if q.fromDay > q.toD {
		return q, fmt.Errorf("%w: from %s is after to %s", ErrInvalid, f.From, f.To)
	}
	if b := f.BBox; b != nil {
		if b.MinLat > b.MaxLat || b.MinLon > b.MaxLon || b.MinLat < -90 || b.MaxLat > 90 || b.MinLon < -180 || b.MaxLon > 180 {
			return q, fmt.Errorf("%w: bounding box %v", ErrInvalid, *b)
		}
	}
	for _, c := range []struct {
		cond, v string
	}{
		{"e.event_type = ?", f.EventType},
		{"e.sub_event_type = ?", f.SubEventType},
		{"e.country = ? COLLATE NOCASE", f.Country},
		{"e.admin1 = ? COLLATE NOCASE", f.Admin1},
		{"e.outlet = ? COLLATE NOCASE", f.Outlet},
		{"e.claim_status = ?", f.ClaimStatus},
		{"e.incident IN (SELECT id FROM incidents WHERE status = ?)", f.IncidentStatus},
		{ftsCond, f.Query},
	} {
		if c.v != "" {
			q.add(c.cond, c.v)
		}
	}
	if f.Actor != "" {
		q.actorFold = text.Fold(f.Actor)
		q.actors = []string{f.Actor}
	}
	if f.Incident != 0 {
		q.add("e.incident = ?", f.Incident)
	}
	if f.MinFatalities < 0 {
		return q, fmt.Errorf("%w: minimum fatalities %d is below 0", ErrInvalid, f.MinFatalities)
	}
	if f.MinFatalities > 0 {
		q.add("e.fatalities >= ?", f.MinFatalities)
	}
	q.others = len(q.where) > 0 || q.actors != nil
	if b := f.BBox; b != nil {
		q.add("e.latitude BETWEEN ? AND ? AND e.longitude BETWEEN ? AND ?", b.MinLat, b.MaxLat, b.MinLon, b.MaxLon)
	}
	if f.From != "" || f.To != "" {
		q.add("e.day BETWEEN ? AND ?", q.fromDay, q.toD)
	}
	return q, nil
}

func (q *query) add(cond string, args ...any) {
	q.where = append(q.where, cond)
	q.args = append(q.args, args...)
}

// row is an event of a page: its keyset position, body, incident (0:
// none) and document row, as rowCols selects them.
type row struct {
	key
	body          []byte
	incident, doc int64
}

// rowCols are the columns of a row, of events e.
const rowCols = "e.id, e.day, e.body, coalesce(e.incident, 0), e.doc"

// pageRows runs the query for one page. With a bounding box it walks the
// r-tree of locations and days in growing windows of days, newest first,
// until the page is full: a dense box fills it from the first small
// window, a sparse one costs few r-tree hits in all.
func (s *Store) pageRows(ctx context.Context, q query, f Filter, after key, limit int) ([]row, error) {
	var out []row
	if !after.undated {
		var err error
		if out, err = s.datedRows(ctx, q, f, after, limit); err != nil {
			return nil, err
		}
		after = key{undated: true, id: math.MaxInt64}
	}
	// Then the events of no known day, unless dates were asked for.
	if len(out) < limit && f.From == "" && f.To == "" {
		query, args := listQuery(q, after, limit-len(out))
		if b := f.BBox; b != nil {
			query, args = undatedBoxQuery(q, b, after, limit-len(out))
		}
		more, err := s.rows(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}

// undatedBoxQuery is the query of a page of the events of no known day
// in a box, after an undated key. A note gives no date more often than
// not (half of acled-dev's events have none): the r-tree finds those of
// the box, at noDay, where walking them all would read every one. Those
// with no date of their own but a publication's (none from the coder)
// are in the r-tree at that week, for fusion; a partial index finds them.
func undatedBoxQuery(q query, b *BBox, after key, limit int) (string, []any) {
	where := append([]string{`e.id IN (SELECT id FROM events_geo WHERE min_lat <= ? AND max_lat >= ? AND min_lon <= ? AND max_lon >= ? AND min_day >= ? AND max_day <= ?
		UNION ALL SELECT id FROM events INDEXED BY events_dateless WHERE day IS NULL AND first_day IS NOT NULL)`, "e.day IS NULL AND e.id < ?"}, q.where...)
	args := append([]any{b.MaxLat, b.MinLat, b.MaxLon, b.MinLon, noDay, noDay, after.id}, q.args...)
	if c, a := q.actorCond(); c != "" {
		where, args = append(where, c), append(args, a...)
	}
	return "SELECT " + rowCols + " FROM events e WHERE " + strings.Join(where, " AND ") + " ORDER BY e.id DESC LIMIT ?", append(args, limit)
}

// datedRows is pageRows for the events of known days.
func (s *Store) datedRows(ctx context.Context, q query, f Filter, after key, limit int) ([]row, error) {
	if f.BBox == nil {
		query, args := listQuery(q, after, limit)
		return s.rows(ctx, query, args...)
	}
	// The keyset as in listQuery.
	where := append([]string{"(e.day, e.id) < (?, ?)"}, q.where...)
	args := append([]any{after.day, after.id}, q.args...)
	if c, a := q.actorCond(); c != "" {
		where, args = append(where, c), append(args, a...)
	}
	order := " ORDER BY e.day DESC, e.id DESC LIMIT ?"
	b := f.BBox
	lo, hi := q.fromDay, min(q.toD, after.day)
	var first, last int64
	// Two index probes (min() with a WHERE clause would scan); none dated:
	// first > last.
	if err := s.queryRow(ctx, `SELECT coalesce((SELECT day FROM events WHERE day IS NOT NULL ORDER BY day LIMIT 1), 1), coalesce((SELECT max(day) FROM events), 0)`).Scan(&first, &last); err != nil {
		return nil, err
	}
	lo, hi = max(lo, first), min(hi, last)
	// CROSS JOIN keeps SQLite from walking events_day and probing the
	// r-tree per row; the r-tree drives, events are looked up by key.
	geo := "SELECT " + rowCols + " FROM events_geo g CROSS JOIN events e ON e.id = g.id WHERE g.min_lat <= ? AND g.max_lat >= ? AND g.min_lon <= ? AND g.max_lon >= ? AND g.min_day >= ? AND g.max_day <= ? AND " +
		strings.Join(where, " AND ") + order
	if !q.others {
		// Place and time only: page on the r-tree alone and read the
		// events of the page only. The box is then as precise as the
		// r-tree's 32-bit floats (about a metre). An event without a day
		// of its own spans days in the r-tree (see insertEvent): not one.
		geo = `SELECT ` + rowCols + ` FROM (SELECT id FROM events_geo WHERE min_lat <= ? AND max_lat >= ? AND min_lon <= ? AND max_lon >= ?
			AND min_day >= ? AND max_day <= ? AND min_day = max_day AND (min_day, id) < (?, ?) ORDER BY min_day DESC, id DESC LIMIT ?) g
			CROSS JOIN events e ON e.id = g.id ORDER BY e.day DESC, e.id DESC`
		args = args[:2]
	}
	var out []row
	width := int64(7)
	for top := hi; top >= lo && len(out) < limit; {
		bottom := max(lo, top-width+1)
		page, err := s.rows(ctx, geo, append([]any{b.MaxLat, b.MinLat, b.MaxLon, b.MinLon, bottom, top}, append(args, limit-len(out))...)...)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		top = bottom - 1
		width *= 4
	}
	return out, nil
}

// listQuery is the query of a page without a bounding box: one range of
// an index read newest first, stopped at the page's end, never sorted
// (TestListPlan). The keyset is a row value, which SQLite reads as one
// range of the (day, id) index: spelt with OR, it read the index twice
// and sorted the union whenever the page was small, a full scan (2.2 s
// for one event of 80,000; docs/STORE.md). An actor is actor 1 or 2: the
// union of two ranges of their indexes, merged in order.
// After an undated key, the range is that of the NULL days.
func listQuery(q query, after key, limit int) (string, []any) {
	keyset, keyArgs, order := "(e.day, e.id) < (?, ?)", []any{after.day, after.id}, " ORDER BY e.day DESC, e.id DESC LIMIT ?"
	if after.undated {
		keyset, keyArgs, order = "e.day IS NULL AND e.id < ?", []any{after.id}, " ORDER BY e.id DESC LIMIT ?"
	}
	arm := func(cond string, condArgs ...any) (string, []any) {
		where := append([]string{keyset}, q.where...)
		args := append(slices.Clone(keyArgs), q.args...)
		if cond != "" {
			where, args = append(where, cond), append(args, condArgs...)
		}
		return "SELECT " + rowCols + " FROM events e WHERE " + strings.Join(where, " AND "), args
	}
	if q.actors == nil {
		query, args := arm("")
		return query + order, append(args, limit)
	}
	c1, ca1 := q.in("e.actor1")
	c2, ca2 := q.in("e.actor2")
	q1, a1 := arm(c1, ca1...)
	q2, a2 := arm(c2, ca2...)
	return q1 + " UNION " + q2 + " ORDER BY 2 DESC, 1 DESC LIMIT ?", append(append(a1, a2...), limit)
}

func (s *Store) rows(ctx context.Context, query string, args ...any) ([]row, error) {
	rs, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, queryError(err)
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		var r row
		var day sql.NullInt64
		if err := rs.Scan(&r.id, &day, &r.body, &r.incident, &r.doc); err != nil {
			return nil, err
		}
		r.day, r.undated = day.Int64, !day.Valid
		out = append(out, r)
	}
	return out, queryError(rs.Err())
}

// queryError turns SQLite's complaints about a full-text query into ErrInvalid.
func queryError(err error) error {
	if err == nil {
		return nil
	}
	if msg := err.Error(); strings.Contains(msg, "fts5") || strings.Contains(msg, "syntax error") || strings.Contains(msg, "unterminated string") || strings.Contains(msg, "no such column") {
		return fmt.Errorf("%w: full-text query: %v", ErrInvalid, err)
	}
	return err
}

// Incident is a stored incident: its summary, with who said what, and
// every report of it in full, evidence included.
type Incident struct {
	ID int64
	fuse.Incident
	Events []event.Event
}

// Incident returns one incident with every report.
func (s *Store) Incident(ctx context.Context, id int64) (Incident, error) {
	return s.IncidentReports(ctx, id, "", 0)
}

// IncidentReports returns one incident with a page of its reports: at
// most limit (all when 0) of those whose event id sorts after after, in
// id order. An incident of hundreds of reports is read a page at a time.
func (s *Store) IncidentReports(ctx context.Context, id int64, after string, limit int) (Incident, error) {
	raw, err := s.RawIncidentReports(ctx, id, after, limit)
	if err != nil {
		return Incident{ID: id}, err
	}
	inc, err := DecodeIncident(raw)
	if err != nil {
		return inc, fmt.Errorf("store %s: incident %d: %w", s.path, id, err)
	}
	return inc, nil
}

// RawIncidentReports is IncidentReports with the reports as stored.
func (s *Store) RawIncidentReports(ctx context.Context, id int64, after string, limit int) (RawIncident, error) {
	inc := RawIncident{ID: id}
	var body []byte
	err := s.queryRow(ctx, `SELECT body FROM incidents WHERE id = ?`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return inc, fmt.Errorf("incident %d: %w", id, ErrNotFound)
	}
	if err == nil {
		err = json.Unmarshal(body, &inc.Incident)
	}
	if err == nil {
		inc.Events, err = s.members(ctx, id, after, cmp.Or(limit, -1)) // -1: no limit
	}
	if err != nil {
		return inc, fmt.Errorf("store %s: incident %d: %w", s.path, id, err)
	}
	return inc, nil
}

func (s *Store) members(ctx context.Context, id int64, after string, limit int) ([]RawEvent, error) {
	rows, err := s.query(ctx, `SELECT event_id, body FROM events WHERE incident = ? AND event_id > ? ORDER BY event_id LIMIT ?`, id, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RawEvent
	for rows.Next() {
		var eventID string
		var body []byte
		if err := rows.Scan(&eventID, &body); err != nil {
			return nil, err
		}
		out = append(out, MemberEvent(eventID, body))
	}
	return out, rows.Err()
}

// Event returns one event and the id of its incident: one row, however
// many reports its incident has.
func (s *Store) Event(ctx context.Context, eventID string) (event.Event, int64, error) {
	var (
		body []byte
		inc  sql.NullInt64
		e    event.Event
	)
	err := s.queryRow(ctx, `SELECT body, incident FROM events WHERE event_id = ?`, eventID).Scan(&body, &inc)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !inc.Valid {
		return e, 0, fmt.Errorf("event %s: %w", eventID, ErrNotFound)
	}
	if err == nil {
		err = json.Unmarshal(body, &e)
	}
	if err != nil {
		return e, 0, fmt.Errorf("store %s: event %s: %w", s.path, eventID, err)
	}
	return e, inc.Int64, nil
}

// IncidentOf returns the id of the incident an event belongs to.
func (s *Store) IncidentOf(ctx context.Context, eventID string) (int64, error) {
	var id sql.NullInt64
	err := s.queryRow(ctx, `SELECT incident FROM events WHERE event_id = ?`, eventID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !id.Valid {
		return 0, fmt.Errorf("event %s: %w", eventID, ErrNotFound)
	}
	return id.Int64, err
}

func (s *Store) events(ctx context.Context, query string, args ...any) ([]event.Event, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []event.Event
	for rows.Next() {
		var body []byte
		var e event.Event
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(body, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Document returns a stored document and its events, whose Evidence and
// Fields mark the spans of its text they were read from.
func (s *Store) Document(ctx context.Context, docID string) (document.Document, []event.Event, error) {
	var d document.Document
	var row int64
	var published string
	err := s.queryRow(ctx, `SELECT id, doc_id, source, url, outlet, author, title, published, captured, lang, text, hash FROM documents WHERE doc_id = ?`, docID).
		Scan(&row, &d.ID, &d.Source, &d.URL, &d.Outlet, &d.Author, &d.Title, &published, &d.Captured, &d.Lang, &d.Text, &d.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return d, nil, fmt.Errorf("document %s: %w", docID, ErrNotFound)
	}
	if err != nil {
		return d, nil, fmt.Errorf("store %s: document %s: %w", s.path, docID, err)
	}
	if published != "" {
		d.Published, _ = time.Parse(time.DateOnly, published)
	}
	events, err := s.events(ctx, `SELECT body FROM events WHERE doc = ? ORDER BY id`, row)
	if err != nil {
		return d, nil, fmt.Errorf("store %s: document %s: %w", s.path, docID, err)
	}
	return d, events, nil
}

// HasDocument reports whether a document with this text hash is stored,
// so that a reader can skip it before extracting anything.
func (s *Store) HasDocument(ctx context.Context, hash string) (bool, error) {
	var known bool
	if err := s.has.QueryRowContext(ctx, hash).Scan(&known); err != nil {
		return false, fmt.Errorf("store %s: %w", s.path, err)
	}
	return known, nil
}

// EachDocument calls fn for every stored document, in storage order, with
// the ids of its events (for reprocessing).
func (s *Store) EachDocument(ctx context.Context, fn func(document.Document) error) error {
	var last int64
	for {
		rows, err := s.query(ctx, `SELECT id, doc_id, source, url, outlet, author, title, published, captured, lang, text, hash
			FROM documents WHERE id > ? ORDER BY id LIMIT 200`, last)
		if err != nil {
			return fmt.Errorf("store %s: %w", s.path, err)
		}
		var docs []document.Document
		for rows.Next() {
			var d document.Document
			var published string
			if err := rows.Scan(&last, &d.ID, &d.Source, &d.URL, &d.Outlet, &d.Author, &d.Title, &published, &d.Captured, &d.Lang, &d.Text, &d.Hash); err != nil {
				rows.Close()
				return err
			}
			if published != "" {
				d.Published, _ = time.Parse(time.DateOnly, published)
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
		// Called with no rows open, so fn may write to the store.
		for _, d := range docs {
			if err := fn(d); err != nil {
				return err
			}
		}
	}
}

// Place is a place events happened at.
type Place struct {
	Key       string   `json:"key"` // fuse.PlaceKey
	Name      string   `json:"name"`
	Country   string   `json:"country"`
	Admin1    string   `json:"admin1"`
	Admin2    string   `json:"admin2"`
	Latitude  *float64 `json:"latitude"`
	Longitude *float64 `json:"longitude"`
	GeonameID int      `json:"geonameid,omitempty"`
	Events    int      `json:"events"`
}

// Places returns the places whose name starts with prefix (case and
// diacritics folded; "" for all), those with most events first.
func (s *Store) Places(ctx context.Context, prefix string, limit int) ([]Place, error) {
	rows, err := s.query(ctx, `SELECT key, name, country, admin1, admin2, latitude, longitude, geonameid, events FROM places
		WHERE fold >= ? AND fold < ? AND events > 0 ORDER BY events DESC, name LIMIT ?`, foldRange(prefix, capLimit(limit))...)
	if err != nil {
		return nil, fmt.Errorf("store %s: places: %w", s.path, err)
	}
	defer rows.Close()
	var out []Place
	for rows.Next() {
		var p Place
		if err := rows.Scan(&p.Key, &p.Name, &p.Country, &p.Admin1, &p.Admin2, &p.Latitude, &p.Longitude, &p.GeonameID, &p.Events); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Actor is an actor named by events.
type Actor struct {
	Name   string `json:"name"`
	Inter  int    `json:"inter"` // ACLED's actor type; 0 when only ever an associated actor
	Events int    `json:"events"`
}

// Actors returns the actors whose name starts with prefix (folded), those
// with most events first.
func (s *Store) Actors(ctx context.Context, prefix string, limit int) ([]Actor, error) {
	rows, err := s.query(ctx, `SELECT name, inter, events FROM actors
		WHERE fold >= ? AND fold < ? AND events > 0 ORDER BY events DESC, name LIMIT ?`, foldRange(prefix, capLimit(limit))...)
	if err != nil {
		return nil, fmt.Errorf("store %s: actors: %w", s.path, err)
	}
	defer rows.Close()
	var out []Actor
	for rows.Next() {
		var a Actor
		if err := rows.Scan(&a.Name, &a.Inter, &a.Events); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// foldRange turns a prefix into index bounds on a folded column.
func foldRange(prefix string, limit int) []any {
	p := text.Fold(prefix)
	return []any{p, p + "\U0010FFFF", limit}
}

func capLimit(limit int) int {
	if limit <= 0 || limit > MaxLimit {
		return DefaultLimit
	}
	return limit
}

// ControlOn returns who held each place that ever changed hands, on date
// (YYYY-MM-DD), according to whom: see fuse.ControlOn.
func (s *Store) ControlOn(ctx context.Context, date string) ([]fuse.Change, error) {
	if _, ok := fuse.Day(date); !ok || len(date) != 10 {
		return nil, fmt.Errorf("%w: %q is not a date (YYYY-MM-DD)", ErrInvalid, date)
	}
	changes, err := s.changes(ctx, `SELECT body FROM control WHERE date <= ?`, date)
	if err != nil {
		return nil, err
	}
	return fuse.ControlOn(changes, date), nil
}

// Timeline returns the changes of control of one place (a fuse.PlaceKey),
// oldest first.
func (s *Store) Timeline(ctx context.Context, place string) ([]fuse.Change, error) {
	return s.changes(ctx, `SELECT body FROM control WHERE place = ? ORDER BY date, incident`, place)
}

func (s *Store) changes(ctx context.Context, query string, args ...any) ([]fuse.Change, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store %s: control: %w", s.path, err)
	}
	defer rows.Close()
	var out []fuse.Change
	for rows.Next() {
		var body []byte
		var c fuse.Change
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(body, &c); err != nil {
			return nil, fmt.Errorf("store %s: control: %w", s.path, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Feed is what is remembered of a polled feed between polls.
type Feed struct {
	URL, ETag, LastModified string
	Checked                 time.Time
	Seen                    []string // keys of the items already handled, newest first
	Failures                int      // polls that failed in a row
	// Pending are the items to be tried again, as the poller encodes them:
	// kept as given, nil when none.
	Pending []byte
}

// Feed returns the state of a feed; a feed never polled has a zero state.
func (s *Store) Feed(ctx context.Context, url string) (Feed, error) {
	f := Feed{URL: url}
	var checked, seen, pending string
	err := s.queryRow(ctx, `SELECT etag, last_modified, checked_at, seen, failures, pending FROM feeds WHERE url = ?`, url).
		Scan(&f.ETag, &f.LastModified, &checked, &seen, &f.Failures, &pending)
	if errors.Is(err, sql.ErrNoRows) {
		return f, nil
	}
	if err != nil {
		return f, fmt.Errorf("store %s: feed %s: %w", s.path, url, err)
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
func (s *Store) PutFeed(ctx context.Context, f Feed) error {
	// Item keys are GUIDs or URLs: one a line is safe once line breaks in
	// them, which no feed should have, are cut.
	seen := make([]string, 0, len(f.Seen))
	for _, k := range f.Seen {
		if k = strings.TrimSpace(strings.ReplaceAll(k, "\n", " ")); k != "" {
			seen = append(seen, k)
		}
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO feeds (url, etag, last_modified, checked_at, seen, failures, pending) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
		checked_at = excluded.checked_at, seen = excluded.seen, failures = excluded.failures, pending = excluded.pending`,
		f.URL, f.ETag, f.LastModified, f.Checked.UTC().Format(time.RFC3339), strings.Join(seen, "\n"), f.Failures, string(f.Pending))
	if err != nil {
		return fmt.Errorf("store %s: feed %s: %w", s.path, f.URL, err)
	}
	return nil
}
