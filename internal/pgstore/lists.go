package pgstore

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/store"
)

// eventsIn is the condition "has an event that matches q" on a column
// holding event foreign keys; "TRUE" when q selects every event.
func eventsIn(col, fk string, q *query) string {
	if len(q.where) == 0 {
		return "TRUE"
	}
	return col + " IN (SELECT e." + fk + " FROM events e WHERE " + q.conds() + ")"
}

// Incidents returns the page of incidents with at least one event that
// matches f, newest first, as store.Store.Incidents does.
func (s *Store) Incidents(ctx context.Context, f store.Filter, cursor string, limit int) (store.IncidentPage, error) {
	var page store.IncidentPage
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
	cond := eventsIn("i.id", "incident", q)
	var last store.Cursor
	for len(page.Incidents) < limit {
		args := append([]any{}, q.args...)
		n := len(args)
		where := fmt.Sprintf("(i.day, i.id) < ($%d::bigint, $%d::bigint)", n+1, n+2)
		order := " ORDER BY i.day DESC, i.id DESC"
		args = append(args, after.Day, after.ID)
		if after.Undated {
			where = fmt.Sprintf("i.day IS NULL AND i.id < $%d::bigint AND $%d::bigint IS NOT NULL", n+2, n+1)
			order = " ORDER BY i.id DESC"
		}
		args = append(args, limit-len(page.Incidents))
		rows, err := s.pool.Query(ctx, `SELECT i.id, i.day, i.body FROM incidents i WHERE `+where+` AND `+cond+order+fmt.Sprintf(" LIMIT $%d", len(args)), args...)
		if err != nil {
			return page, s.errorf("incidents: %w", queryError(err))
		}
		for rows.Next() {
			var body string
			var day *int64
			var inc store.IncidentSummary
			if err := rows.Scan(&inc.ID, &day, &body); err != nil {
				rows.Close()
				return page, s.errorf("incidents: %w", err)
			}
			if err := json.Unmarshal([]byte(body), &inc.Incident); err != nil {
				rows.Close()
				return page, s.errorf("incident %d: %w", inc.ID, err)
			}
			last = store.Cursor{ID: inc.ID, Undated: day == nil}
			if day != nil {
				last.Day = *day
			}
			page.Incidents = append(page.Incidents, inc)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return page, s.errorf("incidents: %w", queryError(err))
		}
		if after.Undated || len(page.Incidents) == limit {
			break
		}
		after = store.Cursor{Undated: true, ID: math.MaxInt64}
	}
	if len(page.Incidents) == limit {
		page.Next = last.String()
	}
	return page, nil
}

// Documents returns the page of documents after cursor, the last stored
// first: every document when f is empty, else those with at least one
// event that matches f.
func (s *Store) Documents(ctx context.Context, f store.Filter, cursor string, limit int) (store.DocumentPage, error) {
	var page store.DocumentPage
	limit = store.PageLimit(limit)
	q, err := s.buildQuery(ctx, f)
	if err != nil {
		return page, err
	}
	after := store.Cursor{ID: math.MaxInt64}
	if cursor != "" {
		if after, err = store.ParseCursor(cursor); err != nil {
			return page, err
		}
	}
	args := append([]any{}, q.args...)
	args = append(args, after.ID, limit)
	rows, err := s.pool.Query(ctx, `SELECT d.id, d.doc_id, d.url, d.outlet, d.author, d.title, d.published, d.lang, d.ingested_at,
		(SELECT count(*) FROM events WHERE doc = d.id) FROM documents d WHERE `+fmt.Sprintf("d.id < $%d::bigint", len(args)-1)+` AND `+eventsIn("d.id", "doc", q)+
		fmt.Sprintf(` ORDER BY d.id DESC LIMIT $%d`, len(args)), args...)
	if err != nil {
		return page, s.errorf("documents: %w", queryError(err))
	}
	defer rows.Close()
	var last int64
	for rows.Next() {
		var d store.DocumentSummary
		if err := rows.Scan(&last, &d.ID, &d.URL, &d.Outlet, &d.Author, &d.Title, &d.Published, &d.Lang, &d.Ingested, &d.Events); err != nil {
			return page, s.errorf("documents: %w", err)
		}
		page.Documents = append(page.Documents, d)
	}
	if err := rows.Err(); err != nil {
		return page, s.errorf("documents: %w", queryError(err))
	}
	if len(page.Documents) == limit {
		page.Next = store.Cursor{ID: last}.String()
	}
	return page, nil
}

// EachPoint calls fn for each located event that matches f, newest first,
// at most limit of them, and tells whether more match.
func (s *Store) EachPoint(ctx context.Context, f store.Filter, limit int, fn func(*store.Point) error) (more bool, err error) {
	q, err := s.buildQuery(ctx, f)
	if err != nil {
		return false, err
	}
	type keyed struct {
		day, id int64
		store.Point
	}
	var all []keyed
	// The dated newest first, then the undated: each a range of the
	// (day, id) index read in order, where one ORDER BY with NULLS LAST
	// would sort them all.
	for _, part := range []string{"e.day IS NOT NULL ORDER BY e.day DESC, e.id DESC", "e.day IS NULL ORDER BY e.id DESC"} {
		if len(all) > limit {
			break
		}
		args := append([]any{}, q.args...)
		args = append(args, limit+1-len(all))
		where, order, _ := strings.Cut(part, " ORDER BY ")
		rows, err := s.pool.Query(ctx, `SELECT e.day, e.id, e.event_id, e.longitude, e.latitude, e.event_type, e.sub_event_type, e.event_date,
			e.location, e.country, e.admin1, e.actor1, e.actor2, e.fatalities, e.claim_status, e.hedged
			FROM events e WHERE e.latitude IS NOT NULL AND e.longitude IS NOT NULL AND `+where+` AND `+q.conds()+
			` ORDER BY `+order+fmt.Sprintf(` LIMIT $%d`, len(args)), args...)
		if err != nil {
			return false, s.errorf("points: %w", queryError(err))
		}
		for rows.Next() {
			var k keyed
			var day *int64
			p := &k.Point
			if err := rows.Scan(&day, &k.id, &p.ID, &p.Lon, &p.Lat, &p.Type, &p.SubType, &p.Date, &p.Location, &p.Country, &p.Admin1,
				&p.Actor1, &p.Actor2, &p.Fatalities, &p.Status, &p.Hedged); err != nil {
				rows.Close()
				return false, s.errorf("points: %w", err)
			}
			k.day = -1
			if day != nil {
				k.day = *day
			}
			all = append(all, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return false, s.errorf("points: %w", queryError(err))
		}
	}
	// The SQLite store's order: an undated point counts as day -1.
	slices.SortStableFunc(all, func(a, b keyed) int { return cmp.Or(cmp.Compare(b.day, a.day), cmp.Compare(b.id, a.id)) })
	if len(all) > limit {
		all, more = all[:limit], true
	}
	for i := range all {
		if err := fn(&all[i].Point); err != nil {
			return false, err
		}
	}
	return more, nil
}

// Days counts the events that match f per date, oldest first; undated
// counts those that have no date.
func (s *Store) Days(ctx context.Context, f store.Filter) (days []store.Day, undated int, err error) {
	q, err := s.buildQuery(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.pool.Query(ctx, `SELECT e.day, count(*), coalesce(sum(e.fatalities), 0) FROM events e WHERE `+q.conds()+
		` GROUP BY e.day ORDER BY e.day`, q.args...)
	if err != nil {
		return nil, 0, s.errorf("days: %w", queryError(err))
	}
	defer rows.Close()
	for rows.Next() {
		var day *int64
		var d store.Day
		if err := rows.Scan(&day, &d.Events, &d.Fatalities); err != nil {
			return nil, 0, s.errorf("days: %w", err)
		}
		if day == nil {
			undated += d.Events
			continue
		}
		d.Date = fuse.DateOf(int(*day))
		days = append(days, d)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, s.errorf("days: %w", queryError(err))
	}
	return days, undated, nil
}

// Trends returns the trends of every country and admin-1 region with
// events matching f in the 35 days ending on date ("" for the latest
// event's), as store.Store.Trends does.
func (s *Store) Trends(ctx context.Context, f store.Filter, date string) (countries, admin1 []store.Trend, _ string, _ error) {
	f.From, f.To = "", ""
	q, err := s.buildQuery(ctx, f)
	if err != nil {
		return nil, nil, "", err
	}
	var end int
	if date == "" {
		var last *int64
		if err := s.pool.QueryRow(ctx, `SELECT max(day) FROM events`).Scan(&last); err != nil {
			return nil, nil, "", s.errorf("trends: %w", err)
		}
		if last == nil || *last < 0 {
			return nil, nil, "", nil
		}
		end = int(*last)
	} else {
		var ok bool
		if end, ok = fuse.Day(date); !ok || len(date) != 10 {
			return nil, nil, "", fmt.Errorf("%w: %q is not a date (YYYY-MM-DD)", store.ErrInvalid, date)
		}
	}
	args := append([]any{}, q.args...)
	args = append(args, store.TrendStart(end), end)
	rows, err := s.pool.Query(ctx, `SELECT e.country, e.admin1, e.day, count(*), coalesce(sum(e.fatalities), 0) FROM events e
		WHERE `+fmt.Sprintf("e.day BETWEEN $%d::bigint AND $%d::bigint", len(args)-1, len(args))+` AND `+q.conds()+` GROUP BY e.country, e.admin1, e.day`, args...)
	if err != nil {
		return nil, nil, "", s.errorf("trends: %w", queryError(err))
	}
	defer rows.Close()
	var counts []store.TrendCount
	for rows.Next() {
		var c store.TrendCount
		if err := rows.Scan(&c.Country, &c.Admin1, &c.Day, &c.Events, &c.Fatalities); err != nil {
			return nil, nil, "", s.errorf("trends: %w", err)
		}
		counts = append(counts, c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, "", s.errorf("trends: %w", queryError(err))
	}
	countries, admin1 = store.SumTrends(end, counts)
	return countries, admin1, fuse.DateOf(end), nil
}
