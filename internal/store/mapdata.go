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
// thousands at once. Without a filter it reads the compact points
// (points.go): the map's first load.
func (s *Store) EachPoint(ctx context.Context, f Filter, limit int, fn func(*Point) error) (more bool, err error) {
	q, err := s.buildQuery(ctx, f)
	if err != nil {
		return false, err
	}
	var all []keyedPoint
	var order []int32 // nil: all is in order
	if conds, _ := q.conds(); len(conds) == 0 {
		all, err = s.allPoints(ctx)
		if err != nil {
			return false, fmt.Errorf("store %s: points: %w", s.path, queryError(err))
		}
		order = newestFirst(all)
	} else if all, order, err = s.pointsSQL(ctx, q, limit); err != nil {
		return false, err
	}
	n := min(len(all), limit)
	for i := range n {
		j := i
		if order != nil {
			j = int(order[i])
		}
		if err := fn(&all[j].Point); err != nil {
			return false, err
		}
	}
	return len(all) > limit, nil
}

// pointsSQL reads the located events that match q from the events table,
// up to limit+1 of them (one more tells there are more), newest first in
// the order given (nil: as they are).
func (s *Store) pointsSQL(ctx context.Context, q query, limit int) ([]keyedPoint, []int32, error) {
	conds, condArgs := q.conds()
	where := " WHERE " + strings.Join(append([]string{located}, conds...), " AND ")
	// When every located event fits in limit, reading in storage order
	// (the covering index events_points, unless a filter needs more) and
	// sorting here is twice as fast as walking the date index and looking
	// each row up.
	var nLocated int
	if err := s.queryRow(ctx, `SELECT count(*) FROM events_geo`).Scan(&nLocated); err != nil {
		return nil, nil, fmt.Errorf("store %s: points: %w", s.path, err)
	}
	query := `SELECT ` + pointCols + ` FROM events e` + where + ` ORDER BY e.day DESC, e.id DESC LIMIT ?`
	if nLocated <= limit {
		query = `SELECT ` + pointCols + ` FROM events e` + where + ` LIMIT ?`
	}
	rows, err := s.query(ctx, query, append(condArgs, limit+1)...)
	if err != nil {
		return nil, nil, queryError(err)
	}
	defer rows.Close()
	// Sized for every located event: growing a slice of 100,000 points
	// copied it over and over.
	all := make([]keyedPoint, 0, min(nLocated, limit)+1)
	for rows.Next() {
		var k keyedPoint
		if err := scanPointRow(rows, &k); err != nil {
			return nil, nil, fmt.Errorf("store %s: points: %w", s.path, err)
		}
		all = append(all, k)
	}
	if err := queryError(rows.Err()); err != nil {
		return nil, nil, fmt.Errorf("store %s: points: %w", s.path, err)
	}
	if nLocated <= limit {
		return all, newestFirst(all), nil
	}
	return all, nil, nil
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
