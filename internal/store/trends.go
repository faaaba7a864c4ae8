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

// Trend compares an area's last week with the four weeks before it, as
// ACLED's dashboard (its "change level") does: the events of the 7 days
// ending on the trend's date against the weekly average of the 28 days
// before them.
type Trend struct {
	Country string `json:"country"`
	Admin1  string `json:"admin1,omitempty"` // "" for a country's own row

	Events     int `json:"events"`     // the last 7 days
	Fatalities int `json:"fatalities"` // their deaths
	// PrevEvents and PrevFatalities are the 28 days before, in all.
	PrevEvents     int     `json:"prev_events"`
	PrevFatalities int     `json:"prev_fatalities"`
	WeeklyAverage  float64 `json:"weekly_average"` // PrevEvents / 4
	// Change is the percent change of Events against WeeklyAverage; nil
	// when there is no baseline to compare with.
	Change *float64 `json:"change"`
	Level  string   `json:"level"` // one of the Level constants
	// Daily counts events per day over the 35 days, oldest first, for a
	// sparkline; DailyFatalities their deaths.
	Daily           []int `json:"daily"`
	DailyFatalities []int `json:"daily_fatalities"`
}

// Change levels, as ACLED names and bounds them: more than 25 % above the
// previous weekly average is a large increase, more than 10 % a moderate
// one, more than 25 % below a large decrease, the rest limited change;
// areas with a low baseline (at most 2 events a week before, at most 5 in
// the last week) count as limited change whatever the percentage.
const (
	LargeIncrease    = "large increase"
	ModerateIncrease = "moderate increase"
	LimitedChange    = "limited change"
	LargeDecrease    = "large decrease"
)

// The windows, in days.
const (
	trendWeek = 7
	trendBase = 28
)

// ChangeLevel classifies a week's events against the weekly average of the
// four weeks before, and gives the percent change (nil with no baseline).
func ChangeLevel(events int, weeklyAverage float64) (string, *float64) {
	var change *float64
	if weeklyAverage > 0 {
		c := (float64(events) - weeklyAverage) / weeklyAverage * 100
		change = &c
	}
	switch {
	case weeklyAverage <= 2 && events <= 5:
		return LimitedChange, change
	case change == nil || *change > 25:
		return LargeIncrease, change
	case *change > 10:
		return ModerateIncrease, change
	case *change < -25:
		return LargeDecrease, change
	}
	return LimitedChange, change
}

// Trends returns the trends of every country and every admin-1 region
// with events matching f in the 35 days ending on date (YYYY-MM-DD; ""
// for the date of the latest event), and the date used. f's own dates
// are ignored. Areas come with most events in the last week first.
func (s *Store) Trends(ctx context.Context, f Filter, date string) (countries, admin1 []Trend, _ string, _ error) {
	f.From, f.To = "", ""
	q, err := s.buildQuery(ctx, f)
	if err != nil {
		return nil, nil, "", err
	}
	var end int
	if date == "" {
		var last sql.NullInt64
		if err := s.queryRow(ctx, `SELECT max(day) FROM events`).Scan(&last); err != nil {
			return nil, nil, "", fmt.Errorf("store %s: trends: %w", s.path, err)
		}
		if !last.Valid || last.Int64 < 0 {
			return nil, nil, "", nil
		}
		end = int(last.Int64)
	} else {
		var ok bool
		if end, ok = fuse.Day(date); !ok || len(date) != 10 {
			return nil, nil, "", fmt.Errorf("%w: %q is not a date (YYYY-MM-DD)", ErrInvalid, date)
		}
	}
	start := TrendStart(end)
	conds, condArgs := q.conds()
	where := append([]string{"e.day BETWEEN ? AND ?"}, conds...)
	rows, err := s.query(ctx, `SELECT e.country, e.admin1, e.day, count(*), coalesce(sum(e.fatalities), 0) FROM events e
		WHERE `+strings.Join(where, " AND ")+` GROUP BY e.country, e.admin1, e.day`, append([]any{start, end}, condArgs...)...)
	if err != nil {
		return nil, nil, "", queryError(err)
	}
	defer rows.Close()
	var counts []TrendCount
	for rows.Next() {
		var c TrendCount
		if err := rows.Scan(&c.Country, &c.Admin1, &c.Day, &c.Events, &c.Fatalities); err != nil {
			return nil, nil, "", fmt.Errorf("store %s: trends: %w", s.path, err)
		}
		counts = append(counts, c)
	}
	if err := queryError(rows.Err()); err != nil {
		return nil, nil, "", fmt.Errorf("store %s: trends: %w", s.path, err)
	}
	countries, admin1 = SumTrends(end, counts)
	return countries, admin1, fuse.DateOf(end), nil
}

// TrendCount is how many events of one area (country, admin1) happened on
// one day, and their deaths: what a backend counts for Trends.
type TrendCount struct {
	Country, Admin1         string
	Day, Events, Fatalities int
}

// TrendStart is the first day of the trends' windows that end on day end.
func TrendStart(end int) int { return end - trendBase - trendWeek + 1 }

// SumTrends sums the counts of the 35 days ending on day end into the
// trends of countries and admin-1 regions, most events in the last week
// first.
func SumTrends(end int, counts []TrendCount) (countries, admin1 []Trend) {
	start := TrendStart(end)
	type area struct{ country, admin1 string }
	byArea := map[area]*Trend{}
	add := func(a area, i, n, dead int) {
		t := byArea[a]
		if t == nil {
			t = &Trend{Country: a.country, Admin1: a.admin1, Daily: make([]int, trendBase+trendWeek), DailyFatalities: make([]int, trendBase+trendWeek)}
			byArea[a] = t
		}
		t.Daily[i] += n
		t.DailyFatalities[i] += dead
	}
	for _, c := range counts {
		if c.Country == "" || c.Day < start || c.Day > end {
			continue // nowhere to put it
		}
		add(area{country: c.Country}, c.Day-start, c.Events, c.Fatalities)
		if c.Admin1 != "" {
			add(area{c.Country, c.Admin1}, c.Day-start, c.Events, c.Fatalities)
		}
	}
	for a, t := range byArea {
		for i := range t.Daily {
			if i < trendBase {
				t.PrevEvents += t.Daily[i]
				t.PrevFatalities += t.DailyFatalities[i]
			} else {
				t.Events += t.Daily[i]
				t.Fatalities += t.DailyFatalities[i]
			}
		}
		t.WeeklyAverage = float64(t.PrevEvents) / (trendBase / trendWeek)
		t.Level, t.Change = ChangeLevel(t.Events, t.WeeklyAverage)
		if a.admin1 == "" {
			countries = append(countries, *t)
		} else {
			admin1 = append(admin1, *t)
		}
	}
	order := func(a, b Trend) int {
		return cmp.Or(b.Events-a.Events, b.PrevEvents-a.PrevEvents, strings.Compare(a.Country, b.Country), strings.Compare(a.Admin1, b.Admin1))
	}
	slices.SortFunc(countries, order)
	slices.SortFunc(admin1, order)
	return countries, admin1
}
