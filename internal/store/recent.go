package store

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
)

// recent is the writer's in-memory index of fusion candidates: the fused
// events of a few stretches of days (chunks, by first_day), with what
// fusing.Near, Twins and Event read of them, so that fusing an event costs
// map lookups rather than SQL statements over the r-trees. It answers only
// when every chunk a question reaches is loaded, and then exactly what the
// SQL would (the same conditions, over the same columns); otherwise the
// SQL answers, and a chunk asked for often enough is loaded from the store
// (so a store opened again fills it as it is used, and an ingest in date
// order loads each chunk once). It follows every change the writer makes
// to what fusion reads (new events, merges, moves); a transaction that
// fails, one that replaces events (reprocess) and a commit by another
// connection (PRAGMA data_version) empty it, so it never answers from
// anything but the store's committed state and the transaction's own
// writes.
type recent struct {
	mu      sync.Mutex // held for a whole write transaction (Store.write)
	version int64      // PRAGMA data_version when it was last in step with the store
	chunks  map[int]*chunk
	misses  map[int]int // questions the SQL answered, by chunk not loaded
	byRef   map[int64]*entry
	members map[int64]map[int64]*entry // loaded entries by incident, by ref
	size    int                        // entries held
	tick    int64                      // for least-recently-used eviction
	stamp   int64                      // one per question, to count an entry once
	buf     []fuse.Stored              // near's answer, again at the next question (fuse.Index)
	ents    []*entry                   // near's entries, sorted before they are copied into buf
	// The strings of the entries, each once, and fusion's keys of them
	// (fuse.KeyOf), by number: an entry holds numbers, so the collector,
	// which marks the whole index at every cycle, finds a single pointer
	// in each (its event id) rather than fifteen. Bounded by maxSymbols.
	syms  symbols
	keys  []*fuse.Key // by entry.key; 0 is none
	keyOf map[fuse.Key]uint32
	// loadAfter, most and maxSyms are loadAfter, maxRecent and
	// maxSymbols but in tests, which load at once, evict and forget often;
	// answered counts the questions the index answered.
	loadAfter, most, maxSyms int
	answered                 int
}

const (
	// chunkDays is the width of a chunk, in first_day: a question reaches
	// 30 days back from its first day (fuse.Interval is at most 31 wide),
	// so about three chunks.
	chunkDays = 16
	// loadAfter is how many questions the SQL answers for a chunk before it
	// is loaded: loading one of tens of thousands of events costs about as
	// much as a few hundred questions, so a store written in random order
	// pays at most about twice for chunks it loads and drops again.
	loadAfter = 256
	// maxRecent bounds the entries held (about 250 bytes each); past it
	// the chunks used least recently go. So does a chunk no question has
	// read for idleAfter questions (a stream in date order has moved on).
	maxRecent = 250_000
	idleAfter = 20_000
	// maxSymbols bounds the strings and keys the index numbers (under a
	// thousand in the benchmark's stream; at most some 16 MB): past it the
	// index is emptied, tables and all, to fill again from the store.
	maxSymbols = 1 << 18
	// slabEntries is how many entries a chunk allocates at once: a few
	// large objects for the collector rather than one per event.
	slabEntries = 512
	// cellDeg is the side of a grid cell of the spatial index, in degrees:
	// a vague event's reach (40 km) spans a few.
	cellDeg = 0.25
)

// chunk holds the fused events whose first_day falls in one stretch of
// chunkDays days, indexed as the three parts of fusing.near read them.
type chunk struct {
	n    int // its number (chunkOf)
	used int64
	all  []*entry
	slab []entry // where the next entries go (newEntry)
	// The lists below hold positions in all (no pointers to mark), with
	// what a question tests first (slot).
	// Located precise events (events_near) by cell and first_day, and
	// located vague events with dates (events_reach) in every cell their
	// reach meets, by first_day; with the most days (last - first) an
	// event of each spans, so that a question reads only the first_days
	// that can reach its days. One lookup a cell: a vague question meets
	// a few dozen cells over a month of days.
	points, reach           map[cell]*days
	pointsWidth, reachWidth int
	names                   map[sym][]slot      // by place_name, all
	unlocated               map[sym][]slot      // and those without latitude
	twins                   map[twinKey][]int32 // vague events, by ref (events_twins)
}

// slot is an entry's position in its chunk with its sub-type, last day
// and vagueness: in a crowded place most of the entries a question
// reaches are of sub-types or days it does not take, and these are told
// without reading the entry (a cache miss each).
type slot struct {
	at    int32
	sub   sym
	last  int32
	vague bool
}

func newChunk(n int) *chunk {
	return &chunk{n: n, points: map[cell]*days{}, reach: map[cell]*days{}, names: map[sym][]slot{}, unlocated: map[sym][]slot{},
		twins: map[twinKey][]int32{}}
}

// newEntry returns a zero entry of the chunk, from its slab.
func (c *chunk) newEntry() *entry {
	if len(c.slab) == cap(c.slab) {
		c.slab = make([]entry, 0, slabEntries)
	}
	c.slab = c.slab[:len(c.slab)+1]
	return &c.slab[len(c.slab)-1]
}

// sym is a string of the index's table (symbols); 0 is "".
type sym uint32

// symbols numbers strings.
type symbols struct {
	of  map[string]sym
	str []string
}

func (t *symbols) reset() { t.of, t.str = map[string]sym{}, []string{""} }

// id numbers s, adding it when new.
func (t *symbols) id(s string) sym {
	if s == "" {
		return 0
	}
	if n, ok := t.of[s]; ok {
		return n
	}
	n := sym(len(t.str))
	t.str = append(t.str, s)
	t.of[s] = n
	return n
}

// find is s's number; false when no entry holds s.
func (t *symbols) find(s string) (sym, bool) {
	if s == "" {
		return 0, true
	}
	n, ok := t.of[s]
	return n, ok
}

type cell struct{ lat, lon int32 }

// days are a cell's slots of one chunk, by first_day less the chunk's first.
type days [chunkDays][]slot

// put adds sl to cell k's list of day d (of chunk c) in m.
func put(m map[cell]*days, k cell, c, d int, sl slot) {
	l := m[k]
	if l == nil {
		l = new(days)
		m[k] = l
	}
	l[d-c*chunkDays] = append(l[d-c*chunkDays], sl)
}

type twinKey struct {
	place       sym
	first, last int32
	geo         int32
}

// entry is one fused event as fusion reads it: the fields storedColumns
// reads and no more, kept compact (an index holds a few hundred
// thousand): strings by number (recent.syms) but for the event's id.
type entry struct {
	ref, incident, link, doc int64
	lat, lon                 float64
	reach                    BBox // located vague events
	stamp                    int64
	id                       string
	first, last              int32
	key                      uint32 // in recent.keys, once keyed (its first question); 0 until
	place                    sym
	date, published          sym
	typ, sub                 sym
	country, location        sym
	actor1, assoc1           sym
	actor2, assoc2           sym
	timePrecision, geo       int32
	inter1, inter2           int32
	hasLat, hasLon           bool
	vague, located           bool
}

func newRecent() *recent {
	r := &recent{loadAfter: loadAfter, most: maxRecent, maxSyms: maxSymbols}
	r.reset()
	return r
}

// reset empties the index.
func (r *recent) reset() {
	r.empty()
	r.version = -1
}

// empty empties the index and its tables.
func (r *recent) empty() {
	r.chunks, r.misses = map[int]*chunk{}, map[int]int{}
	r.byRef, r.members = map[int64]*entry{}, map[int64]map[int64]*entry{}
	r.size = 0
	r.syms.reset()
	r.keys, r.keyOf = []*fuse.Key{nil}, map[fuse.Key]uint32{}
}

func chunkOf(day int) int { return int(math.Floor(float64(day) / chunkDays)) }

func cellOf(lat, lon float64) cell {
	return cell{int32(math.Floor(lat / cellDeg)), int32(math.Floor(lon / cellDeg))}
}

// cells calls fn with every cell b meets.
func cells(b BBox, fn func(cell)) {
	lo, hi := cellOf(b.MinLat, b.MinLon), cellOf(b.MaxLat, b.MaxLon)
	for la := lo.lat; la <= hi.lat; la++ {
		for lo := lo.lon; lo <= hi.lon; lo++ {
			fn(cell{la, lo})
		}
	}
}

// newEntry makes the entry of a fused event at row in chunk c, from what
// the store holds of it (or is about to write).
func (r *recent) newEntry(c *chunk, row, doc, incident, link int64, e *event.Event, first, last int, vague bool, place string) *entry {
	t := &r.syms
	ent := c.newEntry()
	*ent = entry{ref: row, incident: incident, link: link, doc: doc, first: int32(first), last: int32(last), vague: vague, place: t.id(place),
		id: e.ID, date: t.id(e.EventDate), published: t.id(e.Published),
		typ: t.id(string(e.EventType)), sub: t.id(string(e.SubEventType)),
		country: t.id(e.Country), location: t.id(e.Location),
		actor1: t.id(e.Actor1), assoc1: t.id(e.AssocActor1), actor2: t.id(e.Actor2), assoc2: t.id(e.AssocActor2),
		timePrecision: int32(e.TimePrecision), geo: int32(e.GeoPrecision), inter1: int32(e.Inter1), inter2: int32(e.Inter2)}
	if ent.hasLat = e.Latitude != nil; ent.hasLat {
		ent.lat = *e.Latitude
	}
	if ent.hasLon = e.Longitude != nil; ent.hasLon {
		ent.lon = *e.Longitude
	}
	if ent.located = ent.hasLat && ent.hasLon; ent.located && vague {
		ent.reach = around(ent.lat, ent.lon, fuse.Radius(e.GeoPrecision))
	}
	return ent
}

// stored is the entry as fuse reads it, with its key (made at the first
// question it answers, kept for the next); its coordinates point into
// the entry, which fusion only reads.
func (r *recent) stored(ent *entry) fuse.Stored {
	str := r.syms.str
	s := fuse.Stored{Ref: ent.ref, Incident: ent.incident, Link: ent.link, Event: event.Event{
		ID: ent.id, EventType: event.Type(str[ent.typ]), SubEventType: event.SubType(str[ent.sub]), EventDate: str[ent.date], TimePrecision: int(ent.timePrecision),
		Published: str[ent.published], GeoPrecision: int(ent.geo), Country: str[ent.country], Location: str[ent.location],
		Actor1: str[ent.actor1], AssocActor1: str[ent.assoc1], Inter1: int(ent.inter1), Actor2: str[ent.actor2], AssocActor2: str[ent.assoc2], Inter2: int(ent.inter2)}}
	if ent.hasLat {
		s.Event.Latitude = &ent.lat
	}
	if ent.hasLon {
		s.Event.Longitude = &ent.lon
	}
	if ent.key == 0 {
		k := fuse.KeyOf(&s.Event)
		n, ok := r.keyOf[k]
		if !ok {
			n = uint32(len(r.keys))
			r.keys = append(r.keys, &k)
			r.keyOf[k] = n
		}
		ent.key = n
	}
	s.Key = r.keys[ent.key]
	return s
}

// add puts an entry of chunk c's (newEntry) into it.
func (r *recent) add(c *chunk, ent *entry) {
	at := int32(len(c.all))
	sl := slot{at, ent.sub, ent.last, ent.vague}
	c.all = append(c.all, ent)
	first, width := int(ent.first), int(ent.last-ent.first)
	switch {
	case ent.located && !ent.vague:
		put(c.points, cellOf(ent.lat, ent.lon), c.n, first, sl)
		c.pointsWidth = max(c.pointsWidth, width)
	case ent.located:
		cells(ent.reach, func(k cell) { put(c.reach, k, c.n, first, sl) })
		c.reachWidth = max(c.reachWidth, width)
	}
	if ent.place != 0 {
		c.names[ent.place] = append(c.names[ent.place], sl)
		if !ent.hasLat {
			c.unlocated[ent.place] = append(c.unlocated[ent.place], sl)
		}
	}
	if ent.vague {
		k := twinKey{ent.place, ent.first, ent.last, ent.geo}
		l := c.twins[k]
		i, _ := slices.BinarySearchFunc(l, ent.ref, func(a int32, ref int64) int { return cmp.Compare(c.all[a].ref, ref) })
		c.twins[k] = slices.Insert(l, i, at)
	}
	r.byRef[ent.ref] = ent
	r.join(ent)
	r.size++
}

func (r *recent) join(ent *entry) {
	if ent.incident == 0 {
		return
	}
	m := r.members[ent.incident]
	if m == nil {
		m = map[int64]*entry{}
		r.members[ent.incident] = m
	}
	m[ent.ref] = ent
}

func (r *recent) leave(ent *entry) {
	if m := r.members[ent.incident]; m != nil {
		delete(m, ent.ref)
		if len(m) == 0 {
			delete(r.members, ent.incident)
		}
	}
}

// inserted notes an event the writer stores, fused into incident.
func (r *recent) inserted(row, doc, incident, link int64, e *event.Event) {
	first, last, ok := fuse.Interval(e)
	if !ok {
		return // never a candidate: fusion reads events by their days
	}
	c := r.chunks[chunkOf(first)]
	if c == nil {
		return // the store has it, for when the chunk is loaded
	}
	r.add(c, r.newEntry(c, row, doc, incident, link, e, first, last, fuse.Vague(e), fuse.PlaceName(e)))
}

// merged follows fusing.Merge.
func (r *recent) merged(into int64, from []int64) {
	for _, id := range from {
		for _, ent := range r.members[id] {
			ent.incident = into
			r.join(ent)
		}
		delete(r.members, id)
	}
}

// moved follows fusing.Move.
func (r *recent) moved(ref, to, link int64) {
	ent := r.byRef[ref]
	if ent == nil {
		return
	}
	r.leave(ent)
	ent.incident, ent.link = to, link
	r.join(ent)
}

// ready returns the chunks of first_day lo to hi when all are loaded,
// loading those asked for loadAfter times; false when the SQL is to
// answer.
func (r *recent) ready(w *writer, lo, hi int) (bool, error) {
	if len(r.syms.str) > r.maxSyms || len(r.keys) > r.maxSyms {
		r.empty()
	}
	r.tick++
	ok := true
	for c := chunkOf(lo); c <= chunkOf(hi); c++ {
		ch := r.chunks[c]
		if ch == nil {
			if r.misses[c]++; r.misses[c] < r.loadAfter {
				ok = false
				continue
			}
			var err error
			if ch, err = r.load(w, c); err != nil {
				return false, err
			}
		}
		ch.used = r.tick
	}
	if ok {
		r.evict(chunkOf(lo), chunkOf(hi))
		r.answered++
	}
	return ok, nil
}

// load reads chunk c from the store, within the writer's transaction.
func (r *recent) load(w *writer, c int) (*chunk, error) {
	a, b := c*chunkDays, c*chunkDays+chunkDays-1
	// An event's day is its first_day plus 0, 3 or 15 (fuse.Interval);
	// one with only a publication date has no day.
	rows, err := w.query(`SELECT `+storedColumns+`, e.doc, e.first_day, e.last_day, e.vague, coalesce(e.place_name, '') FROM events e
		WHERE e.day BETWEEN ? AND ? AND e.first_day BETWEEN ? AND ? AND e.incident IS NOT NULL
		UNION ALL SELECT `+storedColumns+`, e.doc, e.first_day, e.last_day, e.vague, coalesce(e.place_name, '') FROM events e INDEXED BY events_dateless
		WHERE e.day IS NULL AND e.first_day BETWEEN ? AND ? AND e.incident IS NOT NULL`, a, b+15, a, b, a, b)
	if err != nil {
		return nil, fmt.Errorf("loading fusion candidates of days %d-%d: %w", a, b, err)
	}
	defer rows.Close()
	ch := newChunk(c)
	var ents []*entry
	for rows.Next() {
		var s fuse.Stored
		var doc int64
		var first, last int
		var vague bool
		var place string
		e := &s.Event
		if err := rows.Scan(&s.Ref, &s.Incident, &s.Link, &e.ID, &e.EventType, &e.SubEventType, &e.EventDate, &e.TimePrecision,
			&e.Published, &e.Latitude, &e.Longitude, &e.GeoPrecision, &e.Country, &e.Location, &e.Actor1, &e.AssocActor1, &e.Inter1, &e.Actor2, &e.AssocActor2, &e.Inter2,
			&doc, &first, &last, &vague, &place); err != nil {
			return nil, fmt.Errorf("loading fusion candidates of days %d-%d: %w", a, b, err)
		}
		ents = append(ents, r.newEntry(ch, s.Ref, doc, s.Incident, s.Link, e, first, last, vague, place))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("loading fusion candidates of days %d-%d: %w", a, b, err)
	}
	slices.SortFunc(ents, func(x, y *entry) int { return cmp.Compare(x.ref, y.ref) })
	for _, ent := range ents {
		r.add(ch, ent)
	}
	r.chunks[c] = ch
	delete(r.misses, c)
	return ch, nil
}

// evict drops the chunks used least recently while more than r.most
// entries are held, never those of first_day chunk lo to hi.
func (r *recent) evict(lo, hi int) {
	if r.tick%1024 == 0 {
		for c, ch := range r.chunks {
			if ch.used < r.tick-idleAfter {
				r.drop(c)
			}
		}
	}
	for r.size > r.most {
		victim, oldest := 0, int64(math.MaxInt64)
		for c, ch := range r.chunks {
			if (c < lo || c > hi) && ch.used < oldest {
				victim, oldest = c, ch.used
			}
		}
		if oldest == math.MaxInt64 {
			return
		}
		r.drop(victim)
	}
}

// drop forgets a chunk.
func (r *recent) drop(c int) {
	for _, ent := range r.chunks[c].all {
		delete(r.byRef, ent.ref)
		r.leave(ent)
	}
	r.size -= len(r.chunks[c].all)
	delete(r.chunks, c)
}

// near is fusing.near over the index: ok is false when the SQL is to
// answer. The three parts and their conditions are the SQL's, one for
// one; the parts never share an event.
func (r *recent) near(w *writer, e *event.Event, doc, self int64, km float64) ([]fuse.Stored, bool, error) {
	first, last, ok := fuse.Interval(e)
	if !ok {
		return nil, true, nil
	}
	if ok, err := r.ready(w, first-30, last); !ok || err != nil {
		return nil, false, err
	}
	// The compatible sub-types by number; one no entry holds is left out.
	var subsBuf [16]sym
	subs := subsBuf[:0]
	for _, s := range fuse.CompatibleSubTypes(e.SubEventType) {
		if n, ok := r.syms.find(string(s)); ok {
			subs = append(subs, n)
		}
	}
	r.stamp++
	ents := r.ents[:0]
	defer func() { r.ents = ents[:0] }()
	first32, last32 := int32(first), int32(last)
	// pass tests what the slot tells; take the rest, of an entry passed.
	pass := func(sl slot) bool { return sl.last >= first32 && slices.Contains(subs, sl.sub) }
	take := func(ent *entry) {
		if ent.stamp == r.stamp || ent.doc == doc || ent.incident == 0 || ent.ref == self || ent.first > last32 {
			return
		}
		ent.stamp = r.stamp
		ents = append(ents, ent)
	}
	vague := fuse.Vague(e)
	located := e.Latitude != nil && e.Longitude != nil
	lo, hi := chunkOf(first-30), chunkOf(last)
	if located {
		reach := fuse.Radius(e.GeoPrecision) + fuse.Radius(1)
		if km > 0 {
			reach = min(reach, km)
		}
		b := around(*e.Latitude, *e.Longitude, reach)
		for c := lo; c <= hi; c++ {
			ch := r.chunks[c]
			dlo, dhi := max(c*chunkDays, first-ch.pointsWidth)-c*chunkDays, min(c*chunkDays+chunkDays-1, last)-c*chunkDays
			if dlo > dhi {
				continue
			}
			cells(b, func(k cell) {
				l := ch.points[k]
				if l == nil {
					return
				}
				for _, day := range l[dlo : dhi+1] {
					for _, sl := range day {
						if !pass(sl) {
							continue
						}
						ent := ch.all[sl.at]
						if ent.lat <= b.MaxLat && ent.lat >= b.MinLat && ent.lon <= b.MaxLon && ent.lon >= b.MinLon {
							take(ent)
						}
					}
				}
			})
		}
		if !vague {
			b := around(*e.Latitude, *e.Longitude, fuse.Radius(e.GeoPrecision))
			for c := lo; c <= hi; c++ {
				ch := r.chunks[c]
				dlo, dhi := max(c*chunkDays, first-ch.reachWidth)-c*chunkDays, min(c*chunkDays+chunkDays-1, last)-c*chunkDays
				if dlo > dhi {
					continue
				}
				cells(b, func(k cell) {
					l := ch.reach[k]
					if l == nil {
						return
					}
					for _, day := range l[dlo : dhi+1] {
						for _, sl := range day {
							if !pass(sl) {
								continue
							}
							ent := ch.all[sl.at]
							g := &ent.reach
							if g.MinLat <= b.MaxLat && g.MaxLat >= b.MinLat && g.MinLon <= b.MaxLon && g.MaxLon >= b.MinLon {
								take(ent)
							}
						}
					}
				})
			}
		}
	}
	if name := fuse.PlaceName(e); name != "" {
		if n, ok := r.syms.find(name); ok {
			for c := lo; c <= hi; c++ {
				ch := r.chunks[c]
				l := ch.names[n]
				if located {
					l = ch.unlocated[n]
				}
				for _, sl := range l {
					if !(vague && sl.vague) && pass(sl) {
						take(ch.all[sl.at])
					}
				}
			}
		}
	}
	// Sorted as pointers: a fuse.Stored is some 600 bytes to swap.
	slices.SortFunc(ents, func(a, b *entry) int { return cmp.Compare(a.ref, b.ref) })
	out := r.buf[:0]
	for _, ent := range ents {
		out = append(out, r.stored(ent))
	}
	r.buf = out[:0]
	return out, true, nil
}

// twins is fusing.Twins over the index: ok is false when the SQL is to
// answer.
func (r *recent) twins(w *writer, e *event.Event, doc int64) ([]*entry, bool, error) {
	first, last, _ := fuse.Interval(e)
	if ok, err := r.ready(w, first, first); !ok || err != nil {
		return nil, false, err
	}
	place, ok := r.syms.find(fuse.PlaceName(e))
	if !ok {
		return nil, true, nil
	}
	var out []*entry
	ch := r.chunks[chunkOf(first)]
	for _, at := range ch.twins[twinKey{place, int32(first), int32(last), int32(e.GeoPrecision)}] {
		if ent := ch.all[at]; ent.doc != doc && ent.incident != 0 {
			out = append(out, ent)
		}
	}
	return out, true, nil
}
