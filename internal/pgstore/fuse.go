package pgstore

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/store"
)

// fusing is the fuse.Store of one event being fused, of document doc, at
// row self, in the writer's transaction. The writer holds the locks of
// the cells the event may meet others in, so no other writer adds an
// event Near would find; Near and Twins lock the incidents of what they
// return before returning it, so that no other writer changes them
// until commit.
type fusing struct {
	w         *writer
	doc, self int64
}

// storedColumns are what a fuse.Stored is read from, as in package store.
const storedColumns = `e.id, e.incident, coalesce(e.link, 0), e.event_id, e.event_type, e.sub_event_type, e.event_date, e.time_precision,
	e.published, e.latitude, e.longitude, e.geo_precision, e.country, e.location, e.actor1, e.assoc_actor_1, e.inter1, e.actor2, e.assoc_actor_2, e.inter2`

func scanStored(row pgx.Row, c *fuse.Stored) error {
	e := &c.Event
	var typ, sub string
	err := row.Scan(&c.Ref, &c.Incident, &c.Link, &e.ID, &typ, &sub, &e.EventDate, &e.TimePrecision,
		&e.Published, &e.Latitude, &e.Longitude, &e.GeoPrecision, &e.Country, &e.Location, &e.Actor1, &e.AssocActor1, &e.Inter1, &e.Actor2, &e.AssocActor2, &e.Inter2)
	e.EventType, e.SubEventType = event.Type(typ), event.SubType(sub)
	return err
}

// box is a PostgreSQL box literal.
func box(b store.BBox) string {
	return fmt.Sprintf("((%v,%v),(%v,%v))", b.MinLon, b.MinLat, b.MaxLon, b.MaxLat)
}

// Near returns the fused events of other documents that e may join, as
// the SQLite store's Near does: precise ones within reach of e by the
// GiST index of points and days, vague ones whose reach holds e by that
// of reaches, and those without coordinates (or all, when e has none) by
// place name.
func (f fusing) Near(ctx context.Context, e *event.Event) ([]fuse.Stored, error) {
	return f.near(e, 0)
}

// NearWithin is Near less the precise events with coordinates farther
// than km from e (fuse.Ringed).
func (f fusing) NearWithin(ctx context.Context, e *event.Event, km float64) ([]fuse.Stored, error) {
	return f.near(e, km)
}

// near is Near, within km of e when km > 0.
func (f fusing) near(e *event.Event, km float64) ([]fuse.Stored, error) {
	first, last, ok := fuse.Interval(e)
	if !ok {
		return nil, nil
	}
	var parts []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	// Only the sub-types e may be fused with, as in package store.
	var subs []string
	for _, s := range fuse.CompatibleSubTypes(e.SubEventType) {
		subs = append(subs, string(s))
	}
	others := ` AND e.doc <> ` + arg(f.doc) + `::bigint AND e.incident IS NOT NULL AND e.sub_event_type = ANY(` + arg(subs) + `::text[])`
	vague := fuse.Vague(e)
	located := e.Latitude != nil && e.Longitude != nil
	if located {
		days := arg(dayRange(first, last))
		reach := fuse.Radius(e.GeoPrecision) + fuse.Radius(1)
		if km > 0 {
			reach = min(reach, km)
		}
		b := store.Around(*e.Latitude, *e.Longitude, reach)
		parts = append(parts, `SELECT `+storedColumns+` FROM events e WHERE e.geo && `+arg(box(b))+`::box AND e.geo_days && `+days+`::int4range AND NOT e.vague`+others)
		if !vague {
			b := store.Around(*e.Latitude, *e.Longitude, fuse.Radius(e.GeoPrecision))
			parts = append(parts, `SELECT `+storedColumns+` FROM events e WHERE e.reach && `+arg(box(b))+`::box
				AND int4range(e.first_day, e.last_day, '[]') && `+days+`::int4range`+others)
		}
	}
	if name := fuse.PlaceName(e); name != "" {
		q := `SELECT ` + storedColumns + ` FROM events e WHERE e.place_name = ` + arg(name) + ` AND e.first_day BETWEEN ` + arg(first-31) + ` AND ` + arg(last) + ` AND e.last_day >= ` + arg(first)
		if located {
			q += ` AND e.latitude IS NULL`
		}
		if vague {
			q += ` AND NOT e.vague`
		}
		parts = append(parts, q+others)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	query := strings.Join(parts, " UNION ALL ")
	for {
		out, err := f.read(query, args)
		if err != nil {
			return nil, err
		}
		// Lock what was read, then read again: another writer may have
		// merged one of its incidents away in the meantime.
		ids := make([]int64, len(out))
		for i := range out {
			ids[i] = out[i].Incident
		}
		if f.w.allLocked(ids) {
			return out, nil
		}
		if err := f.w.lockIncidents(ids); err != nil {
			return nil, err
		}
	}
}

func (w *writer) allLocked(ids []int64) bool {
	if w.exclusive {
		return true
	}
	for _, id := range ids {
		if !w.locked[id] {
			return false
		}
	}
	return true
}

func (f fusing) read(query string, args []any) ([]fuse.Stored, error) {
	rows, err := f.w.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []fuse.Stored
	seen := map[int64]bool{f.self: true}
	for rows.Next() {
		var c fuse.Stored
		if err := scanStored(rows, &c); err != nil {
			return nil, err
		}
		if !seen[c.Ref] {
			seen[c.Ref] = true
			out = append(out, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b fuse.Stored) int { return cmp.Compare(a.Ref, b.Ref) })
	return out, nil
}

// Twins reads the vague events of e's place and dates in storage order;
// each comes with its incident locked.
func (f fusing) Twins(ctx context.Context, e *event.Event) iter.Seq2[fuse.Stored, error] {
	return func(yield func(fuse.Stored, error) bool) {
		first, last, ok := fuse.Interval(e)
		if !ok {
			return
		}
		twins, err := f.read(`SELECT `+storedColumns+` FROM events e WHERE e.place_name = $1 AND e.first_day = $2 AND e.last_day = $3
			AND e.geo_precision = $4 AND e.vague AND e.doc <> $5 AND e.incident IS NOT NULL`, []any{fuse.PlaceName(e), first, last, e.GeoPrecision, f.doc})
		if err != nil {
			yield(fuse.Stored{}, err)
			return
		}
		for _, t := range twins {
			for !f.w.allLocked([]int64{t.Incident}) {
				if err := f.w.lockIncidents([]int64{t.Incident}); err != nil {
					yield(t, err)
					return
				}
				if err := f.w.queryRow(`SELECT incident FROM events WHERE id = $1`, t.Ref).Scan(&t.Incident); err != nil {
					yield(t, err)
					return
				}
			}
			if !yield(t, nil) {
				return
			}
		}
	}
}

func (f fusing) Event(ctx context.Context, ref int64) (fuse.Stored, error) {
	var c fuse.Stored
	if err := scanStored(f.w.queryRow(`SELECT `+storedColumns+` FROM events e WHERE e.id = $1`, ref), &c); err != nil {
		return c, fmt.Errorf("event row %d: %w", ref, err)
	}
	return c, nil
}

// NewIncident gives an id a dissolved incident left, else the next of the
// sequence; the row is written once summed up.
func (f fusing) NewIncident(ctx context.Context) (int64, error) {
	w := f.w
	var id int64
	switch {
	case len(w.free) > 0:
		id, w.free = w.free[0], w.free[1:]
	default:
		// Ids come a few at a time: one round trip less for most.
		if len(w.ids) == 0 {
			rows, err := w.query(`SELECT nextval('incidents_id') FROM generate_series(1, 8)`)
			if err != nil {
				return 0, err
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return 0, err
				}
				w.ids = append(w.ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return 0, err
			}
			slices.Sort(w.ids)
		}
		id, w.ids = w.ids[0], w.ids[1:]
	}
	w.fresh[id] = true
	w.locked[id] = true // no one else knows of it
	return id, nil
}

func (f fusing) Merge(ctx context.Context, into int64, from []int64) error {
	if err := f.w.tallies.Merge(into, from); err != nil {
		return err
	}
	for _, id := range from {
		if err := f.w.exec(`UPDATE events SET incident = $1 WHERE incident = $2`, into, id); err != nil {
			return err
		}
		if err := f.w.deleteIncident(id); err != nil {
			return err
		}
	}
	f.w.touched[into] = true
	return nil
}

func (f fusing) Move(ctx context.Context, ref, from, to, link int64) error {
	f.w.touched[from], f.w.touched[to] = true, true
	if err := f.w.tallies.Move(ref, from, to); err != nil {
		return err
	}
	return f.w.exec(`UPDATE events SET incident = $1, link = $2 WHERE id = $3`, to, nullable(link), ref)
}

// VagueMembers reads the incident's tally (locked: Near and Twins lock
// the incidents they return), which the transaction keeps up to date.
func (f fusing) VagueMembers(ctx context.Context, incident int64) (int, error) {
	t, err := f.w.tallies.Get(incident)
	if err != nil {
		return 0, err
	}
	return t.VagueMembers(), nil
}
