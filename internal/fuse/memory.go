package fuse

import (
	"context"
	"fmt"
	"iter"
	"slices"

	"github.com/sitrep/sitrep/internal/event"
)

// Cluster groups events into incidents as a store does when they arrive
// in this order: Add, over a Store held in memory. It is the reference
// the stores are tested against. Each group lists event indexes in
// increasing order; groups are ordered by their first index.
//
// The groups of precise events do not depend on the order (they are the
// connected components of Compatible among them); a vague event's group
// may, when it has twins.
func Cluster(events []event.Event) [][]int {
	m := newMemory()
	ctx := context.Background()
	for i := range events {
		if err := m.add(ctx, &events[i]); err != nil {
			panic(err) // memory's methods fail only on a ref it never gave
		}
	}
	groups := map[int64][]int{}
	var order []int64
	for i := range m.events {
		inc := m.events[i].Incident
		if _, ok := groups[inc]; !ok {
			order = append(order, inc)
		}
		groups[inc] = append(groups[inc], i)
	}
	out := make([][]int, len(order))
	for n, inc := range order {
		out[n] = groups[inc]
	}
	return out
}

// memory is a Store in memory: the events, by Ref (1 for the first),
// indexed by the first day of their Interval.
type memory struct {
	events  []Stored        // with their folded names (Key)
	keys    []key           // of events, for Near
	byFirst map[int][]int64 // refs of dated events, by first day, in the order stored
	members map[int64][]int64
	next    int64 // the last incident id given
}

func newMemory() *memory {
	return &memory{byFirst: map[int][]int64{}, members: map[int64][]int64{}}
}

// add fuses e and keeps it, under the next ref.
func (m *memory) add(ctx context.Context, e *event.Event) error { return m.addVia(ctx, m, e) }

// addVia is add, fusing through s: m, or m seen another way (tests).
func (m *memory) addVia(ctx context.Context, s Store, e *event.Event) error {
	ref := int64(len(m.events) + 1)
	inc, link, err := Add(ctx, s, ref, e)
	if err != nil {
		return err
	}
	f := KeyOf(e)
	m.events = append(m.events, Stored{Ref: ref, Incident: inc, Link: link, Event: *e, Key: &f})
	m.keys = append(m.keys, keyOf(e))
	m.members[inc] = append(m.members[inc], ref)
	if first, _, ok := Interval(e); ok {
		m.byFirst[first] = append(m.byFirst[first], ref)
	}
	return nil
}

// maxWidth is the widest Interval, in days, less one.
const maxWidth = 30

// Near returns the events of other documents whose dates and places meet
// e's (and only precise ones for a vague e): Add checks the rest.
func (m *memory) Near(_ context.Context, e *event.Event) ([]Stored, error) {
	k := keyOf(e)
	if !k.dated {
		return nil, nil
	}
	var out []Stored
	for d := k.first - maxWidth; d <= k.last; d++ {
		for _, ref := range m.byFirst[d] {
			c, kc := &m.events[ref-1], &m.keys[ref-1]
			if k.doc != "" && kc.doc == k.doc || k.vague && kc.vague || !k.meets(kc) {
				continue
			}
			out = append(out, *c)
		}
	}
	return out, nil
}

func (m *memory) Twins(_ context.Context, e *event.Event) iter.Seq2[Stored, error] {
	return func(yield func(Stored, error) bool) {
		first, last, ok := Interval(e)
		if !ok {
			return
		}
		name := PlaceName(e)
		for _, ref := range m.byFirst[first] {
			c := &m.events[ref-1]
			if _, l, _ := Interval(&c.Event); l != last || !Vague(&c.Event) || PlaceName(&c.Event) != name ||
				c.Event.GeoPrecision != e.GeoPrecision || e.DocID != "" && c.Event.DocID == e.DocID {
				continue
			}
			if !yield(*c, nil) {
				return
			}
		}
	}
}

func (m *memory) Event(_ context.Context, ref int64) (Stored, error) {
	if ref < 1 || ref > int64(len(m.events)) {
		return Stored{}, fmt.Errorf("no event %d", ref)
	}
	return m.events[ref-1], nil
}

func (m *memory) NewIncident(context.Context) (int64, error) {
	m.next++
	return m.next, nil
}

func (m *memory) Merge(_ context.Context, into int64, from []int64) error {
	for _, inc := range from {
		for _, ref := range m.members[inc] {
			m.events[ref-1].Incident = into
		}
		m.members[into] = append(m.members[into], m.members[inc]...)
		delete(m.members, inc)
	}
	return nil
}

func (m *memory) Move(_ context.Context, ref, _, to, link int64) error {
	if ref < 1 || ref > int64(len(m.events)) {
		return fmt.Errorf("no event %d", ref)
	}
	// From the incident it is in: from may have been merged away since
	// the caller read it.
	cur := m.events[ref-1].Incident
	if i := slices.Index(m.members[cur], ref); i >= 0 {
		m.members[cur] = slices.Delete(m.members[cur], i, i+1)
	}
	m.members[to] = append(m.members[to], ref)
	m.events[ref-1].Incident, m.events[ref-1].Link = to, link
	return nil
}

func (m *memory) VagueMembers(_ context.Context, incident int64) (int, error) {
	n := 0
	for _, ref := range m.members[incident] {
		if Vague(&m.events[ref-1].Event) {
			n++
		}
	}
	return n, nil
}
