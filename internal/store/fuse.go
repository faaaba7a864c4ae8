package store

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
)

// The store's side of fusion: package fuse decides, over fusing, which
// answers its questions with SQL and the r-trees within the write
// transaction, and keeps note of the incidents to sum up again.

// fuseNew fuses an event of document doc about to be stored, and returns
// the row it is to be stored at, its incident and link.
func (w *writer) fuseNew(doc int64, e *event.Event) (row, incident, link int64, err error) {
	if row, err = w.eventRow(); err != nil {
		return 0, 0, 0, err
	}
	incident, link, err = fuse.Add(w.ctx, fusing{w: w, doc: doc, self: row}, row, e)
	return row, incident, link, err
}

// fuseStored fuses again a stored event of document doc, at row, taken out
// of its incident.
func (w *writer) fuseStored(row, doc int64, e *event.Event) error {
	incident, link, err := fuse.Add(w.ctx, fusing{w: w, doc: doc, self: row}, row, e)
	if err != nil {
		return err
	}
	w.touched[incident] = true
	if err := w.tallies.Join(incident, row, e); err != nil {
		return err
	}
	_, err = w.exec(`UPDATE events SET incident = ?, link = ? WHERE id = ?`, incident, nullable(link), row)
	return err
}

// eventRow reserves the row of the next event stored, which fusion may
// link vague events to before it is written: the row SQLite would give it.
func (w *writer) eventRow() (int64, error) {
	if w.nextRow == 0 {
		if err := w.queryRow(`SELECT coalesce(max(id), 0) + 1 FROM events`).Scan(&w.nextRow); err != nil {
			return 0, err
		}
	}
	w.nextRow++
	return w.nextRow - 1, nil
}

// nullable is NULL for 0.
func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// fusing is the fuse.Store of one event being fused, of document doc, at
// row self (reserved or stored). It works in the writer's transaction and
// context: the one writer makes each fuse.Add one serial unit.
type fusing struct {
	w         *writer
	doc, self int64
}

// storedColumns are what a fuse.Stored is read from, of events e: what
// package fuse compares, from the columns rather than decoded from the
// body, and no DocID (events of the event's own document are never
// asked for).
const storedColumns = `e.id, coalesce(e.incident, 0), coalesce(e.link, 0), e.event_id, e.event_type, e.sub_event_type, e.event_date, e.time_precision,
	e.published, e.latitude, e.longitude, e.geo_precision, e.country, e.location, e.actor1, e.assoc_actor_1, e.inter1, e.actor2, e.assoc_actor_2, e.inter2`

func scanStored(rows interface{ Scan(...any) error }, c *fuse.Stored) error {
	e := &c.Event
	return rows.Scan(&c.Ref, &c.Incident, &c.Link, &e.ID, &e.EventType, &e.SubEventType, &e.EventDate, &e.TimePrecision,
		&e.Published, &e.Latitude, &e.Longitude, &e.GeoPrecision, &e.Country, &e.Location, &e.Actor1, &e.AssocActor1, &e.Inter1, &e.Actor2, &e.AssocActor2, &e.Inter2)
}

// Near returns the fused events of other documents that e may join, in
// storage order: the precise events within its reach and, when e is
// precise, the vague events whose reach holds it (which e may take over).
// By r-tree when e has coordinates (events_geo holds a precise event's
// day, or, when it has no date of its own, the days fuse.Interval gives
// it), and by place name the events without (or all, when e has none).
// The one kind of event it misses is a precise one with coordinates and
// geo_precision 0, which fuse.Radius reads as wide: neither the coder nor
// ACLED makes one.
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
	if r := f.w.recent; r != nil {
		if out, ok, err := r.near(f.w, e, f.doc, f.self, km); ok || err != nil {
			return out, err
		}
	}
	first, last, ok := fuse.Interval(e)
	if !ok {
		return nil, nil
	}
	// One statement for the three ways of meeting: each costs more to run
	// than to answer. Events not fused yet will find e when they are.
	var parts []string
	var args []any
	// Only the sub-types e may be fused with: in a busy place most events
	// within reach are of others, which the r-trees skip (subCode).
	subs := fuse.CompatibleSubTypes(e.SubEventType)
	others := ` AND e.doc != ? AND e.incident IS NOT NULL AND e.sub_event_type IN (?` + strings.Repeat(", ?", len(subs)-1) + `)`
	withSubs := func(args []any) []any {
		args = append(args, f.doc)
		for _, s := range subs {
			args = append(args, string(s))
		}
		return args
	}
	// byTree adds a part over an r-tree, of the boxes that meet b on the
	// days first to last, in the range of e's compatible sub-types' codes;
	// the other sub-types in it are dropped by code before the join (the
	// unary + keeps that test from the r-tree, which would scan once per
	// code).
	codes := make([]any, len(subs))
	lo, hi := subCode(subs[0]), subCode(subs[0])
	for i, s := range subs {
		c := subCode(s)
		codes[i] = c
		lo, hi = min(lo, c), max(hi, c)
	}
	byTree := func(tree string, b BBox) {
		parts = append(parts, `SELECT `+storedColumns+` FROM `+tree+` g CROSS JOIN events e ON e.id = g.id
			WHERE g.min_lat <= ? AND g.max_lat >= ? AND g.min_lon <= ? AND g.max_lon >= ? AND g.min_day <= ? AND g.max_day >= ?
			AND g.min_sub <= ? AND g.max_sub >= ? AND +g.min_sub IN (?`+strings.Repeat(", ?", len(codes)-1)+`)`+others)
		args = append(args, b.MaxLat, b.MinLat, b.MaxLon, b.MinLon, last, first, hi, lo)
		args = withSubs(append(args, codes...))
	}
	vague := fuse.Vague(e)
	located := e.Latitude != nil && e.Longitude != nil
	if located {
		// Precise events are points on one day: look for them within
		// reach of e; vague ones, by their own reach. The r-trees drive.
		reach := fuse.Radius(e.GeoPrecision) + fuse.Radius(1)
		if km > 0 {
			reach = min(reach, km)
		}
		byTree("events_near", around(*e.Latitude, *e.Longitude, reach))
		if !vague {
			byTree("events_reach", around(*e.Latitude, *e.Longitude, fuse.Radius(e.GeoPrecision)))
		}
	}
	if name := fuse.PlaceName(e); name != "" {
		// An interval is at most 31 days wide: bound the index scan.
		// Located events meet by name only those without coordinates.
		q := `SELECT ` + storedColumns + ` FROM events e WHERE e.place_name = ? AND e.first_day BETWEEN ? AND ? AND e.last_day >= ?`
		if located {
			q = `SELECT ` + storedColumns + ` FROM events e INDEXED BY events_unlocated
				WHERE e.place_name = ? AND e.latitude IS NULL AND e.first_day BETWEEN ? AND ? AND e.last_day >= ?`
		}
		if vague {
			q += ` AND e.vague = 0`
		}
		parts = append(parts, q+others)
		args = withSubs(append(args, name, first-31, last, first))
	}
	if len(parts) == 0 {
		return nil, nil
	}
	rows, err := f.w.query(strings.Join(parts, " UNION ALL "), args...)
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

// Twins reads by an index on place and dates, apart from Near: in a
// crowded place a vague event's twins are many, and one is enough.
func (f fusing) Twins(ctx context.Context, e *event.Event) iter.Seq2[fuse.Stored, error] {
	return func(yield func(fuse.Stored, error) bool) {
		first, last, ok := fuse.Interval(e)
		if !ok {
			return
		}
		if r := f.w.recent; r != nil {
			ents, ok, err := r.twins(f.w, e, f.doc)
			if err != nil {
				yield(fuse.Stored{}, err)
				return
			}
			if ok {
				for _, ent := range ents {
					if !yield(r.stored(ent), nil) {
						return
					}
				}
				return
			}
		}
		rows, err := f.w.query(`SELECT `+storedColumns+` FROM events e INDEXED BY events_twins WHERE e.place_name = ? AND e.first_day = ? AND e.last_day = ?
			AND e.geo_precision = ? AND e.vague = 1 AND e.doc != ? AND e.incident IS NOT NULL ORDER BY e.id`, fuse.PlaceName(e), first, last, e.GeoPrecision, f.doc)
		if err != nil {
			yield(fuse.Stored{}, err)
			return
		}
		defer rows.Close()
		for rows.Next() {
			var c fuse.Stored
			if err := scanStored(rows, &c); err != nil {
				yield(c, err)
				return
			}
			if !yield(c, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(fuse.Stored{}, err)
		}
	}
}

func (f fusing) Event(ctx context.Context, ref int64) (fuse.Stored, error) {
	if r := f.w.recent; r != nil {
		if ent := r.byRef[ref]; ent != nil {
			return r.stored(ent), nil
		}
	}
	var c fuse.Stored
	if err := scanStored(f.w.queryRow(`SELECT `+storedColumns+` FROM events e WHERE e.id = ?`, ref), &c); err != nil {
		return c, fmt.Errorf("event row %d: %w", ref, err)
	}
	return c, nil
}

// NewIncident gives the id SQLite would give, or one a dissolved incident
// left; the row is written once summed up (summarize).
func (f fusing) NewIncident(ctx context.Context) (int64, error) {
	w := f.w
	var id int64
	if len(w.free) > 0 {
		id, w.free = w.free[0], w.free[1:]
	} else {
		if w.next == 0 {
			if err := w.queryRow(`SELECT coalesce(max(id), 0) + 1 FROM incidents`).Scan(&w.next); err != nil {
				return 0, err
			}
			// Dissolved incidents are gone from the table, not from use.
			for _, id := range w.free {
				w.next = max(w.next, id+1)
			}
			for id := range w.fresh {
				w.next = max(w.next, id+1)
			}
		}
		id = w.next
		w.next++
	}
	w.fresh[id] = true
	return id, nil
}

func (f fusing) Merge(ctx context.Context, into int64, from []int64) error {
	if err := f.w.tallies.Merge(into, from); err != nil {
		return err
	}
	if r := f.w.recent; r != nil {
		r.merged(into, from)
	}
	for _, id := range from {
		if _, err := f.w.exec(`UPDATE events SET incident = ? WHERE incident = ?`, into, id); err != nil {
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
	if r := f.w.recent; r != nil {
		r.moved(ref, to, link)
	}
	_, err := f.w.exec(`UPDATE events SET incident = ?, link = ? WHERE id = ?`, to, nullable(link), ref)
	return err
}

// VagueMembers reads the incident's tally, which the transaction keeps
// up to date as events join and leave.
func (f fusing) VagueMembers(ctx context.Context, incident int64) (int, error) {
	t, err := f.w.tallies.Get(incident)
	if err != nil {
		return 0, err
	}
	return t.VagueMembers(), nil
}
