package fuse

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"

	"github.com/sitrep/sitrep/internal/event"
)

// Stored is an event already fused, as a Store hands it to fusion.
type Stored struct {
	Ref      int64 // the store's id of the event, > 0
	Incident int64 // the incident it is in, > 0
	Link     int64 // for a vague event, the Ref of the precise event it joined; 0 when none
	// Event holds at least what Compatible, Closer, Twins and Vague read:
	// ID, sub-type, dates and precisions, place, coordinates and actors.
	// DocID may be empty: a store never hands over events of the
	// document being fused.
	Event event.Event
	// Key, when set, is KeyOf(&Event), kept by the store with the
	// candidate; nil: fusion folds the names itself.
	Key *Key
}

// key returns s's key, made in tmp, with the folded names the store
// kept when it did.
func (s *Stored) key(tmp *key) *key {
	if s.Key != nil {
		*tmp = keyWith(&s.Event, s.Key)
	} else {
		*tmp = keyOf(&s.Event)
	}
	return tmp
}

// Index is what fusion reads of the events already fused. Its methods
// are asked of an event e not stored yet, or stored and taken out of its
// incident to be fused again; they never return e itself, events of e's
// document, or events not fused.
type Index interface {
	// Near returns, in any order, the fused events among which are all
	// those e is Compatible with: precise ones and, when e is precise,
	// vague ones. It may return more (fusion checks each); returning fewer
	// makes fusion depend on the order events arrive in. The slice is the
	// caller's until its next call of Near or NearWithin, which may reuse
	// it (a crowded place gives thousands).
	Near(ctx context.Context, e *event.Event) ([]Stored, error)
	// Twins returns, in the order they were stored, the fused vague events
	// with e's PlaceName, Interval and geo_precision. Fusion stops reading
	// at the first it takes.
	Twins(ctx context.Context, e *event.Event) iter.Seq2[Stored, error]
	// Event returns a fused event by its Ref.
	Event(ctx context.Context, ref int64) (Stored, error)
	// VagueMembers counts the vague events an incident holds now.
	VagueMembers(ctx context.Context, incident int64) (int, error)
}

// Ringed is what an Index may offer besides: Near's answer for a located
// vague event, less the precise events with coordinates farther than km
// from it. A vague event joins the closest compatible precise event (with
// room), and a crowded place holds thousands within a vague event's
// reach; when the closest is within km, no event beyond can be closer,
// so the answer is the same as over all of Near's.
type Ringed interface {
	NearWithin(ctx context.Context, e *event.Event, km float64) ([]Stored, error)
}

// ringKm is the first ring a vague event's candidates are looked for in:
// the reports of one town share its coordinates.
const ringKm = 1.0

// Incidents is what fusion changes: which incident each event is in.
// Summing incidents up (Summarize) is the store's, once its writes are
// done.
type Incidents interface {
	// NewIncident returns the id of a new, empty incident.
	NewIncident(ctx context.Context) (int64, error)
	// Merge moves every event of the incidents from into incident into,
	// and deletes them.
	Merge(ctx context.Context, into int64, from []int64) error
	// Move puts the fused event ref, now in incident from, into incident
	// to, linked to the precise event link.
	Move(ctx context.Context, ref, from, to, link int64) error
}

// Store is what fusion needs of a store of fused events. Package store
// implements it over SQLite; the in-memory one behind Cluster is the
// reference the others are tested against. Add's calls for one event must
// see and leave the store as one transaction: a store written by several
// writers at once locks what Near reads (or retries a serializable
// transaction), or two reports of one happening fused at the same moment
// end in two incidents.
type Store interface {
	Index
	Incidents
}

// Add fuses the event e, about to be stored under ref, with the events s
// holds, and returns the incident e joins and the precise event it is
// linked to (0: none), to be stored with it. On the way it merges the
// incidents a precise e is compatible with into the one with the smallest
// id, and moves into that incident the vague events for which e is now
// the closest match. A vague e joins its closest compatible precise
// event, else its first twin, else a new incident of its own. An event
// already stored and taken out of its incident is fused again the same
// way, under its own ref.
func Add(ctx context.Context, s Store, ref int64, e *event.Event) (incident, link int64, err error) {
	// Keys once per event: a crowded place gives thousands of candidates.
	ke := keyOf(e)
	if r, ok := s.(Ringed); ok && ke.vague && ke.hasPoint {
		near, err := r.NearWithin(ctx, e, ringKm)
		if err != nil {
			return 0, 0, err
		}
		c, err := closestWithRoom(ctx, s, &ke, near)
		if err != nil || c != nil && c.gap <= ringKm {
			if c == nil {
				return 0, 0, err
			}
			return c.s.Incident, c.s.Ref, err
		}
	}
	near, err := s.Near(ctx, e)
	if err != nil {
		return 0, 0, err
	}
	if ke.vague {
		return addVague(ctx, s, e, &ke, near)
	}
	var incidents []int64
	var vague []cand
	var tmp key
	for i := range near {
		c := &near[i]
		kc := c.key(&tmp)
		if !ke.compatible(kc) {
			continue
		}
		if kc.vague {
			vague = append(vague, cand{c, ke.gap(kc)})
		} else {
			incidents = append(incidents, c.Incident)
		}
	}
	merged := slices.Clone(incidents)
	if incident, err = merge(ctx, s, incidents); err != nil {
		return 0, 0, err
	}
	// The closest first, whatever order Near gave: the incident may have
	// room for only some of them.
	sortCands(vague)
	room := -1 // how many more vague events incident takes in; -1 until asked
	for _, vc := range vague {
		v := vc.s
		// One already in the incident may change its link; another joins
		// only while the incident has room (Config.MaxVague).
		join := !slices.Contains(merged, v.Incident)
		if join && room < 0 {
			n, err := s.VagueMembers(ctx, incident)
			if err != nil {
				return 0, 0, err
			}
			room = max(0, Tuning().MaxVague-n)
		}
		if join && room == 0 {
			continue
		}
		take := v.Link == 0
		if !take {
			cur, err := s.Event(ctx, v.Link)
			if err != nil {
				return 0, 0, fmt.Errorf("the event %s is linked to: %w", v.Event.ID, err)
			}
			// Closer(&v.Event, e, &cur.Event), with the names kept.
			var kv key
			take = v.key(&kv).closer(&ke, cur.key(&tmp), e.ID, cur.Event.ID)
		}
		if take {
			if err := s.Move(ctx, v.Ref, v.Incident, incident, ref); err != nil {
				return 0, 0, err
			}
			if join {
				room--
			}
		}
	}
	return incident, 0, nil
}

// cand is a compatible candidate and its gap to the event fused.
type cand struct {
	s   *Stored
	gap float64
}

// sortCands orders candidates closest first, as Closer does.
func sortCands(cs []cand) {
	slices.SortFunc(cs, func(a, b cand) int {
		if a.gap != b.gap {
			return cmp.Compare(a.gap, b.gap)
		}
		return cmp.Compare(a.s.Event.ID, b.s.Event.ID)
	})
}

func addVague(ctx context.Context, s Store, e *event.Event, ke *key, near []Stored) (incident, link int64, err error) {
	c, err := closestWithRoom(ctx, s, ke, near)
	if err != nil {
		return 0, 0, err
	}
	if c != nil {
		return c.s.Incident, c.s.Ref, nil
	}
	full := map[int64]bool{}
	var tmp key
	if _, _, ok := Interval(e); ok && PlaceName(e) != "" {
		for t, err := range s.Twins(ctx, e) {
			if err != nil {
				return 0, 0, err
			}
			if full[t.Incident] || !Twins(e, &t.Event) || !ke.compatible(t.key(&tmp)) {
				continue
			}
			ok, err := hasRoom(ctx, s, t.Incident)
			if err != nil {
				return 0, 0, err
			}
			if ok {
				return t.Incident, 0, nil
			}
			full[t.Incident] = true
		}
	}
	incident, err = s.NewIncident(ctx)
	return incident, 0, err
}

// closestWithRoom returns the precise candidate closest to the vague
// event of key ke, among those compatible with it, whose incident has room
// for one more vague report (Config.MaxVague); nil when none has.
func closestWithRoom(ctx context.Context, s Store, ke *key, near []Stored) (*cand, error) {
	var cands []cand
	var tmp key
	for i := range near {
		c := &near[i]
		kc := c.key(&tmp)
		if !kc.vague && ke.compatible(kc) {
			cands = append(cands, cand{c, ke.gap(kc)})
		}
	}
	sortCands(cands)
	full := map[int64]bool{}
	for i := range cands {
		c := &cands[i]
		if full[c.s.Incident] {
			continue
		}
		ok, err := hasRoom(ctx, s, c.s.Incident)
		if err != nil {
			return nil, err
		}
		if ok {
			return c, nil
		}
		full[c.s.Incident] = true
	}
	return nil, nil
}

// hasRoom reports whether an incident takes in one more vague event.
func hasRoom(ctx context.Context, s Store, incident int64) (bool, error) {
	n, err := s.VagueMembers(ctx, incident)
	return n < Tuning().MaxVague, err
}

// merge merges incidents into the one with the smallest id and returns
// it; with none, a new incident.
func merge(ctx context.Context, s Store, ids []int64) (int64, error) {
	if len(ids) == 0 {
		return s.NewIncident(ctx)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) > 1 {
		if err := s.Merge(ctx, ids[0], ids[1:]); err != nil {
			return 0, err
		}
	}
	return ids[0], nil
}
