package store

import (
	"context"
	"database/sql"
	"fmt"
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
	q, err := buildQuery(f)
	if err != nil {
		return false, err
	}
	where := append([]string{"e.latitude IS NOT NULL AND e.longitude IS NOT NULL"}, q.where...)
	rows, err := s.r.QueryContext(ctx, `SELECT e.event_id, e.longitude, e.latitude, e.event_type, e.sub_event_type, e.event_date,
		e.location, e.country, e.admin1, e.actor1, e.actor2, e.fatalities, e.claim_status, e.hedged
		FROM events e WHERE `+strings.Join(where, " AND ")+` ORDER BY e.day DESC, e.id DESC LIMIT ?`, append(q.args, limit+1)...)
	if err != nil {
		return false, queryError(err)
	}
	defer rows.Close()
	n := 0
	var p Point
	for rows.Next() {
		if n == limit {
			return true, nil
		}
		if err := rows.Scan(&p.ID, &p.Lon, &p.Lat, &p.Type, &p.SubType, &p.Date, &p.Location, &p.Country, &p.Admin1,
			&p.Actor1, &p.Actor2, &p.Fatalities, &p.Status, &p.Hedged); err != nil {
			return false, fmt.Errorf("store %s: points: %w", s.path, err)
		}
		if err := fn(&p); err != nil {
			return false, err
		}
		n++
	}
	if err := queryError(rows.Err()); err != nil {
		return false, fmt.Errorf("store %s: points: %w", s.path, err)
	}
	return false, nil
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
	q, err := buildQuery(f)
	if err != nil {
		return nil, 0, err
	}
	query := `SELECT e.day, count(*), coalesce(sum(e.fatalities), 0) FROM events e`
	if len(q.where) > 0 {
		query += " WHERE " + strings.Join(q.where, " AND ")
	}
	rows, err := s.r.QueryContext(ctx, query+" GROUP BY e.day ORDER BY e.day", q.args...)
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
