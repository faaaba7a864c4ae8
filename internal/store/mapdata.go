package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/internal/fuse"
)

// Point is a located event as a map draws it: enough for a marker, its
// summary and the filters a page applies by itself (time, place).
type Point struct {
	ID         string  `json:"id"`
	Lon        float64 `json:"lon"`
	Lat        float64 `json:"lat"`
	Type       string  `json:"type"`
	SubType    string  `json:"sub_type"`
	Date       string  `json:"date"` // "" when undated
	Location   string  `json:"location"`
	Country    string  `json:"country"`
	Admin1     string  `json:"admin1"`
	Actor1     string  `json:"actor1"`
	Actor2     string  `json:"actor2"`
	Fatalities int     `json:"fatalities"`
	Status     string  `json:"claim_status"`
	Hedged     bool    `json:"hedged"`
}

// EachPoint calls fn for each located event that matches f, newest first,
// at most limit of them, and tells whether more match. It reads the
// events' columns, not their JSON bodies: a map asks for tens of
// thousands at once.
func (s *Store) EachPoint(ctx context.Context, f Filter, limit int, fn func(*Point) error) (more bool, err error) {
	q, err := s.buildQuery(ctx, f)
	if err != nil {
		return false, err
	}
	const cols = `e.day, e.id, e.event_id, e.longitude, e.latitude, e.event_type, e.sub_event_type, e.event_date,
		e.location, e.country, e.admin1, e.actor1, e.actor2, e.fatalities, e.claim_status, e.hedged`
	conds, condArgs := q.conds()
	where := " WHERE " + strings.Join(append([]string{"e.latitude IS NOT NULL AND e.longitude IS NOT NULL"}, conds...), " AND ")
	// When every located event fits in limit, reading in storage order
	// (the covering index events_points, unless a filter needs more) and
	// sorting here is twice as fast as walking the date index and looking
	// each row up.
	var located int
	if err := s.queryRow(ctx, `SELECT count(*) FROM events_geo`).Scan(&located); err != nil {
		return false, fmt.Errorf("store %s: points: %w", s.path, err)
	}
	query := `SELECT ` + cols + ` FROM events e` + where + ` ORDER BY e.day DESC, e.id DESC LIMIT ?`
	if located <= limit {
		query = `SELECT ` + cols + ` FROM events e` + where + ` LIMIT ?`
	}
	rows, err := s.query(ctx, query, append(condArgs, limit+1)...)
	if err != nil {
		return false, queryError(err)
	}
	defer rows.Close()
	type keyed struct {
		key
		Point
	}
	// Sized for every located event: growing a slice of 100,000 points
	// copied it over and over.
	all := make([]keyed, 0, min(located, limit)+1)
	for rows.Next() {
		var k keyed
		var day sql.NullInt64
		p := &k.Point
		if err := rows.Scan(&day, &k.id, &p.ID, &p.Lon, &p.Lat, &p.Type, &p.SubType, &p.Date, &p.Location, &p.Country, &p.Admin1,
			&p.Actor1, &p.Actor2, &p.Fatalities, &p.Status, &p.Hedged); err != nil {
			return false, fmt.Errorf("store %s: points: %w", s.path, err)
		}
		k.day = -1
		if day.Valid {
			k.day = day.Int64
		}
		all = append(all, k)
	}
	if err := queryError(rows.Err()); err != nil {
		return false, fmt.Errorf("store %s: points: %w", s.path, err)
	}
	if located <= limit {
		slices.SortFunc(all, func(a, b keyed) int { return cmp.Or(cmp.Compare(b.day, a.day), cmp.Compare(b.id, a.id)) })
	}
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

// Day is how many events matching a filter happened on one date, and
// their deaths.
type Day struct {
	Date       string `json:"date"`
	Events     int    `json:"events"`
	Fatalities int    `json:"fatalities"`
}

// Days counts the events that match f per date, oldest first, leaving out
// dates without events; undated counts the events that have no date.
func (s *Store) Days(ctx context.Context, f Filter) (days []Day, undated int, err error) {
	q, err := s.buildQuery(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	query := `SELECT e.day, count(*), coalesce(sum(e.fatalities), 0) FROM events e`
	conds, condArgs := q.conds()
	if len(conds) > 0 {
		query += " WHERE " + strings.Join(conds, " AND ")
	}
	rows, err := s.query(ctx, query+" GROUP BY e.day ORDER BY e.day", condArgs...)
	if err != nil {
		return nil, 0, queryError(err)
	}
	defer rows.Close()
	for rows.Next() {
		// Unknown days are -1 or NULL, as the schema has it.
		var day sql.NullInt64
		var d Day
		if err := rows.Scan(&day, &d.Events, &d.Fatalities); err != nil {
			return nil, 0, fmt.Errorf("store %s: days: %w", s.path, err)
		}
		if !day.Valid || day.Int64 < 0 {
			undated += d.Events
			continue
		}
		d.Date = fuse.DateOf(int(day.Int64))
		days = append(days, d)
	}
	if err := queryError(rows.Err()); err != nil {
		return nil, 0, fmt.Errorf("store %s: days: %w", s.path, err)
	}
	return days, undated, nil
}
