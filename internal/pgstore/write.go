package pgstore

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/text"
)

// Bounds of the ids (see migration 1).
const (
	seqBits   = 32 // a document's place in its source
	eventBits = 15 // an event's place among its document's events
	maxEvents = 1<<eventBits - 1
	// rereadBase is where the rows of events read anew begin: past every
	// epoch's documents.
	rereadBase = int64(65535) << (seqBits + eventBits)
)

// maxWords is how much of a document's folded text the full-text index
// reads: a tsvector holds at most 1 MB, and a document of more is a
// dump rather than a report.
const maxWords = 256 << 10

// PutDocument stores a document and its events in one transaction, as
// store.Store.PutDocument does.
func (s *Store) PutDocument(ctx context.Context, doc document.Document, events []event.Event) (store.Put, error) {
	puts, err := s.PutDocuments(ctx, []store.Doc{{Document: doc, Events: events}})
	if err != nil {
		return store.Put{}, err
	}
	return puts[0], puts[0].Err
}

// PutDocuments stores a batch of documents in one transaction, fusing
// their events; a refused document (see store.Put.Err) is left out and
// the rest stored; an error returned means nothing was stored. Other
// writers may store at the same time.
func (s *Store) PutDocuments(ctx context.Context, docs []store.Doc) ([]store.Put, error) {
	ids := make([]int64, len(docs)) // document ids, given once so that a retry keeps them
	for i := range docs {
		d := &docs[i]
		store.IdentifyDocument(&d.Document)
		if d.Order.Seq == 0 {
			continue
		}
		if d.Order.Seq >= 1<<seqBits {
			return nil, s.errorf("%s: its place %d in %s is past %d: start a new stream", d.Document.Source, d.Order.Seq, d.Order.Source, uint64(1<<seqBits-1))
		}
		epoch, err := s.epoch(ctx, d.Order.Source)
		if err != nil {
			return nil, s.errorf("%w", err)
		}
		ids[i] = epoch<<seqBits | int64(d.Order.Seq)
	}
	var puts []store.Put
	err := s.transact(ctx, func(tx pgx.Tx) error {
		w := newWriter(ctx, tx)
		if err := w.lockWriters(false); err != nil {
			return err
		}
		var evs []*event.Event
		for i := range docs {
			for j := range docs[i].Events {
				evs = append(evs, &docs[i].Events[j])
			}
		}
		if err := w.lockCells(evs); err != nil {
			return err
		}
		puts = make([]store.Put, len(docs))
		for i := range docs {
			if err := ctx.Err(); err != nil {
				return err
			}
			p, err := w.putDocument(&docs[i], ids[i])
			if err != nil {
				return err
			}
			puts[i] = p
		}
		return w.finish()
	})
	if err != nil {
		return nil, s.errorf("%w", err)
	}
	return puts, nil
}

// ReplaceEvents replaces the events of a stored document with a new
// reading of it, as store.Store.ReplaceEvents does.
func (s *Store) ReplaceEvents(ctx context.Context, docID string, events []event.Event) (store.Changes, error) {
	chs, err := s.ReplaceDocuments(ctx, []store.Doc{{Document: document.Document{ID: docID}, Events: events}})
	if err != nil {
		return store.Changes{}, err
	}
	if errors.Is(chs[0].Err, store.ErrNotFound) {
		return store.Changes{}, chs[0].Err
	}
	return chs[0], chs[0].Err
}

// ReplaceDocuments is ReplaceEvents for a batch of documents in one
// transaction. It holds every other writer off while it runs: fusing
// dissolved incidents again reaches events anywhere, beyond the cells a
// writer locks.
func (s *Store) ReplaceDocuments(ctx context.Context, docs []store.Doc) ([]store.Changes, error) {
	var out []store.Changes
	err := s.transact(ctx, func(tx pgx.Tx) error {
		w := newWriter(ctx, tx)
		w.exclusive = true
		if err := w.lockWriters(true); err != nil {
			return err
		}
		out = make([]store.Changes, len(docs))
		for i := range docs {
			if err := ctx.Err(); err != nil {
				return err
			}
			d := &docs[i]
			if err := store.IdentifyEvents(d.Document.ID, d.Events); err != nil {
				out[i].Err = fmt.Errorf("document %s: %w", d.Document.ID, err)
				continue
			}
			ch, err := w.replaceEvents(d.Document.ID, d.Events)
			if errors.Is(err, store.ErrNotFound) {
				out[i].Err = fmt.Errorf("document %s: %w", d.Document.ID, err)
				continue
			}
			if err != nil {
				return fmt.Errorf("document %s: %w", d.Document.ID, err)
			}
			out[i] = ch
		}
		return w.finish()
	})
	if err != nil {
		return nil, s.errorf("%w", err)
	}
	return out, nil
}

// place is a place's count to add, and the row of its first event.
type place struct {
	store.Place
	first int64
}

// writer is one write transaction and what it has touched.
type writer struct {
	ctx       context.Context
	tx        pgx.Tx
	exclusive bool                   // no other writer runs: no incident locks needed
	locked    map[int64]bool         // incidents locked (or new: no one else sees them)
	touched   map[int64]bool         // incidents to sum up again before commit
	tallies   *fuse.Tallies          // of the incidents touched, loaded on first use
	cache     map[int64]*event.Event // events of this transaction by row, to spare decoding them again
	places    map[string]*place
	actors    map[string]*store.Actor
	free      []int64        // ids of dissolved incidents, for the pieces to take again
	fresh     map[int64]bool // new incidents, not written yet
	ids       []int64        // incident ids taken from the sequence, not given yet
	ingested  string
	batch     *pgx.Batch // statements queued (exec)
}

func newWriter(ctx context.Context, tx pgx.Tx) *writer {
	w := &writer{ctx: ctx, tx: tx, locked: map[int64]bool{}, touched: map[int64]bool{}, cache: map[int64]*event.Event{},
		places: map[string]*place{}, actors: map[string]*store.Actor{}, fresh: map[int64]bool{},
		ingested: time.Now().UTC().Format(time.RFC3339), batch: &pgx.Batch{}}
	w.tallies = fuse.NewTallies(w.loadTally)
	return w
}

// exec queues a statement whose result is not read; the queue goes to
// the server in one round trip before the next query, or at the end
// (flush). A statement's error then comes with the round trip, which
// fails the transaction as the statement would have.
func (w *writer) exec(sql string, args ...any) error {
	w.batch.Queue(sql, args...)
	if w.batch.Len() >= 512 {
		return w.flush()
	}
	return nil
}

// flush sends the queued statements.
func (w *writer) flush() error {
	if w.batch.Len() == 0 {
		return nil
	}
	b := w.batch
	w.batch = &pgx.Batch{}
	return w.tx.SendBatch(w.ctx, b).Close()
}

func (w *writer) query(sql string, args ...any) (pgx.Rows, error) {
	if err := w.flush(); err != nil {
		return nil, err
	}
	return w.tx.Query(w.ctx, sql, args...)
}

func (w *writer) queryRow(sql string, args ...any) pgx.Row {
	if err := w.flush(); err != nil {
		return errRow{err}
	}
	return w.tx.QueryRow(w.ctx, sql, args...)
}

// errRow is a row whose query could not be sent.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// lockWriters takes the writers' lock: shared by those that store,
// exclusive for those that replace.
func (w *writer) lockWriters(exclusive bool) error {
	fn := "pg_advisory_xact_lock_shared"
	if exclusive {
		fn = "pg_advisory_xact_lock"
	}
	// The writer's statements are of one shape whatever their values:
	// generic plans serve, and spare planning each (see Open).
	if err := w.exec(`SET LOCAL plan_cache_mode = auto`); err != nil {
		return err
	}
	return w.exec(`SELECT `+fn+`($1)`, lockKey(nsWriters, 0))
}

// Cells: 1° of latitude and longitude by 16 days. Any two events fusion
// may join lock a cell in common: each locks the cells of the box and
// days it looks for others in, which hold its own point and reach (see
// cellsOf).
const (
	cellDegrees = 1.0
	cellDays    = 16
)

// cellsOf returns the lock keys of the cells an event may meet others in:
// those of Near's box around it, by day block of its interval, and of its
// place name, by day block.
func cellsOf(e *event.Event) []int64 {
	first, last, ok := fuse.Interval(e)
	if !ok {
		return nil
	}
	var keys []int64
	b0, b1 := floorDiv(first, cellDays), floorDiv(last, cellDays)
	if e.Latitude != nil && e.Longitude != nil {
		b := store.Around(*e.Latitude, *e.Longitude, fuse.Radius(e.GeoPrecision)+fuse.Radius(1))
		la0, la1 := int(math.Floor(b.MinLat/cellDegrees)), int(math.Floor(b.MaxLat/cellDegrees))
		lo0, lo1 := int(math.Floor(b.MinLon/cellDegrees)), int(math.Floor(b.MaxLon/cellDegrees))
		for la := la0; la <= la1; la++ {
			for lo := lo0; lo <= lo1; lo++ {
				for d := b0; d <= b1; d++ {
					keys = append(keys, lockKey(nsCell, hash64(fmt.Sprint(la), fmt.Sprint(lo), fmt.Sprint(d))))
				}
			}
		}
	}
	if name := fuse.PlaceName(e); name != "" {
		for d := b0; d <= b1; d++ {
			keys = append(keys, lockKey(nsName, hash64(name, fmt.Sprint(d))))
		}
	}
	return keys
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// lockCells locks, in one order for every writer (so that they never
// deadlock on cells), the cells of the events to be fused.
func (w *writer) lockCells(evs []*event.Event) error {
	if w.exclusive {
		return nil
	}
	var keys []int64
	for _, e := range evs {
		keys = append(keys, cellsOf(e)...)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	if len(keys) == 0 {
		return nil
	}
	// One statement: the locks are taken row by row in the array's order.
	return w.exec(`SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT k FROM unnest($1::bigint[]) WITH ORDINALITY AS u(k, n) ORDER BY n) l`, keys)
}

// lockIncidents locks incidents not locked yet, in increasing order. Two
// writers may still wait for each other's (two incidents that both
// span the cells of both): the server finds the deadlock and fails one,
// which transact runs again.
func (w *writer) lockIncidents(ids []int64) error {
	var need []int64
	for _, id := range ids {
		if !w.locked[id] && !w.exclusive {
			need = append(need, id)
		}
	}
	if len(need) == 0 {
		return nil
	}
	slices.Sort(need)
	need = slices.Compact(need)
	for _, id := range need {
		if err := w.exec(`SELECT pg_advisory_xact_lock($1)`, lockKey(nsIncident, uint64(id))); err != nil {
			return err
		}
		w.locked[id] = true
	}
	return nil
}

// finish sums up the incidents touched, writes the counts and sends
// what is queued.
func (w *writer) finish() error {
	if err := w.summarize(); err != nil {
		return err
	}
	if err := w.flushCounts(); err != nil {
		return err
	}
	return w.flush()
}

// errRefused marks an error that refuses one document, not the batch.
type errRefused struct{ err error }

func (e errRefused) Error() string { return e.err.Error() }
func (e errRefused) Unwrap() error { return e.err }

func (w *writer) putDocument(d *store.Doc, id int64) (store.Put, error) {
	doc := &d.Document
	name := doc.Source
	if name == "" {
		name = doc.ID
	}
	var have, haveHash string
	err := w.queryRow(`SELECT doc_id, hash FROM documents WHERE hash = $1 UNION ALL SELECT doc_id, hash FROM documents WHERE doc_id = $2 LIMIT 1`,
		doc.Hash, doc.ID).Scan(&have, &haveHash)
	switch {
	case err == nil && haveHash == doc.Hash:
		return store.Put{DocID: have}, nil
	case err == nil:
		return store.Put{DocID: doc.ID, Err: fmt.Errorf("%s: document id %q is already stored with another text", name, doc.ID)}, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return store.Put{}, fmt.Errorf("%s: %w", name, err)
	}
	if err := w.check(doc.ID, d.Events); err != nil {
		var refused errRefused
		if errors.As(err, &refused) {
			return store.Put{DocID: doc.ID, Err: fmt.Errorf("%s: %w", name, refused.err)}, nil
		}
		return store.Put{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(d.Events) > maxEvents {
		return store.Put{DocID: doc.ID, Err: fmt.Errorf("%s: %d events, more than the %d a document may have", name, len(d.Events), maxEvents)}, nil
	}
	if id == 0 {
		if err := w.queryRow(`SELECT nextval('documents_seq')`).Scan(&id); err != nil {
			return store.Put{}, err
		}
	}
	if err := w.insertDocument(doc, id); err != nil {
		return store.Put{}, fmt.Errorf("%s: %w", name, err)
	}
	bodies := d.Bodies()
	for i := range d.Events {
		var body []byte
		if bodies != nil {
			body = bodies[i]
		}
		if err := w.addEvent(id, id<<eventBits|int64(i), &d.Events[i], body); err != nil {
			return store.Put{}, fmt.Errorf("%s: %w", name, err)
		}
	}
	return store.Put{DocID: doc.ID, Stored: true, Events: len(d.Events)}, nil
}

// clean makes a string storable in PostgreSQL's text, which holds
// neither NUL nor invalid UTF-8: one rune for one, so that evidence spans
// (counted in code points) still point at the same words.
func clean(s string) string {
	if strings.IndexByte(s, 0) < 0 && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s { // invalid bytes come as utf8.RuneError
		if r == 0 {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// words is what the full-text index reads of a text (the title, the
// text: FTS5's columns, weights A and B here): folded as the SQLite
// store's tokenizer folds, words split at anything but letters and digits.
func words(s string) string {
	s = text.Fold(s)
	if len(s) > maxWords {
		s = s[:maxWords]
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			return r
		}
		return ' '
	}, strings.ToValidUTF8(s, " "))
}

func (w *writer) insertDocument(doc *document.Document, id int64) error {
	published := ""
	if !doc.Published.IsZero() {
		published = doc.Published.UTC().Format(time.DateOnly)
	}
	t := clean(doc.Text)
	return w.exec(`INSERT INTO documents (id, doc_id, source, url, outlet, author, title, published, captured, lang, text, hash, ingested_at, words)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
		setweight(to_tsvector('simple', $14), 'A') || setweight(to_tsvector('simple', $15), 'B'))`,
		id, clean(doc.ID), clean(doc.Source), clean(doc.URL), clean(doc.Outlet), clean(doc.Author), clean(doc.Title), published, doc.Captured,
		clean(doc.Lang), t, doc.Hash, w.ingested, words(clean(doc.Title)), words(t))
}

// check refuses events of another document, ids given twice and ids
// already stored.
func (w *writer) check(docID string, events []event.Event) error {
	if err := store.IdentifyEvents(docID, events); err != nil {
		return errRefused{err}
	}
	if len(events) == 0 {
		return nil
	}
	ids := make([]string, len(events))
	for i := range events {
		ids[i] = events[i].ID
	}
	var id string
	err := w.queryRow(`SELECT event_id FROM events WHERE event_id = ANY($1) LIMIT 1`, ids).Scan(&id)
	switch {
	case err == nil:
		return errRefused{fmt.Errorf("event id %q is already stored", id)}
	case errors.Is(err, pgx.ErrNoRows):
		return nil
	}
	return err
}

// addEvent fuses an event of document doc and stores it at row.
func (w *writer) addEvent(doc, row int64, e *event.Event, body []byte) error {
	incident, link, err := fuse.Add(w.ctx, fusing{w: w, doc: doc, self: row}, row, e)
	if err != nil {
		return fmt.Errorf("fusing event %s: %w", e.ID, err)
	}
	if err := w.insertEvent(doc, row, e, body, incident, link); err != nil {
		return fmt.Errorf("event %s: %w", e.ID, err)
	}
	w.touched[incident] = true
	w.cache[row] = e
	return w.tallies.Join(incident, row, e)
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// dayRange is an int4range of [first, last], as text PostgreSQL casts.
func dayRange(first, last int) string { return fmt.Sprintf("[%d,%d]", first, last) }

func (w *writer) insertEvent(doc, row int64, e *event.Event, body []byte, incident, link int64) error {
	if body == nil {
		var err error
		if body, err = json.Marshal(e); err != nil {
			return err
		}
	}
	var day, first, last, geoDays, reach any // NULL when unknown
	d, dated := fuse.Day(e.EventDate)
	if dated {
		day = d
	}
	f, l, interval := fuse.Interval(e)
	if interval {
		first, last = f, l
	}
	located := e.Latitude != nil && e.Longitude != nil
	if located {
		switch {
		case dated:
			geoDays = dayRange(d, d)
		case interval:
			geoDays = dayRange(f, l)
		}
		if interval && fuse.Vague(e) {
			b := store.Around(*e.Latitude, *e.Longitude, fuse.Radius(e.GeoPrecision))
			reach = fmt.Sprintf("((%v,%v),(%v,%v))", b.MinLon, b.MinLat, b.MaxLon, b.MaxLat)
		}
	}
	err := w.exec(`INSERT INTO events (id, event_id, doc, incident, link, vague, event_type, sub_event_type, event_date, day, first_day, last_day, time_precision,
		actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, country, admin1, admin2, location, place_name,
		latitude, longitude, geo_precision, geonameid, fatalities, fatalities_low, fatalities_high,
		claim_source, claim_kind, hedged, claim_status, outlet, url, published, notes, body, geo_days, reach)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30,
		$31, $32, $33, $34, $35, $36, $37, $38, $39, $40, $41::int4range, $42::box)`,
		row, clean(e.ID), doc, incident, nullable(link), fuse.Vague(e), clean(string(e.EventType)), clean(string(e.SubEventType)), clean(e.EventDate), day, first, last, e.TimePrecision,
		clean(e.Actor1), clean(e.AssocActor1), e.Inter1, clean(e.Actor2), clean(e.AssocActor2), e.Inter2, clean(e.Country), clean(e.Admin1), clean(e.Admin2), clean(e.Location), clean(fuse.PlaceName(e)),
		e.Latitude, e.Longitude, e.GeoPrecision, e.GeonameID, e.Fatalities, e.FatalitiesLow, e.FatalitiesHigh,
		clean(e.Claim.Source), clean(e.Claim.SourceKind), e.Claim.Hedged, clean(e.Claim.Status), clean(e.Outlet), clean(e.URL), clean(e.Published), clean(e.Notes), clean(string(body)),
		geoDays, reach)
	if err != nil {
		return err
	}
	w.count(e, row, 1)
	return nil
}

// count adds delta to the event counts of the event's place and actors,
// written once per place and actor at the end (flushCounts). A place
// takes its name and coordinates from its first event (by row).
func (w *writer) count(e *event.Event, row int64, delta int) {
	if e.Location != "" {
		k := fuse.PlaceKey(e)
		p, ok := w.places[k]
		if !ok || row < p.first {
			p = &place{Place: store.Place{Key: k, Name: e.Location, Country: e.Country, Admin1: e.Admin1, Admin2: e.Admin2, Latitude: e.Latitude, Longitude: e.Longitude, GeonameID: e.GeonameID},
				first: row}
			if ok {
				p.Events = w.places[k].Events
			}
			w.places[k] = p
		}
		p.Events += delta
	}
	add := func(name string, inter int) {
		if name = strings.TrimSpace(name); name == "" {
			return
		}
		a, ok := w.actors[name]
		if !ok {
			a = &store.Actor{Name: name}
			w.actors[name] = a
		}
		a.Inter = max(a.Inter, inter)
		a.Events += delta
	}
	add(e.Actor1, e.Inter1)
	add(e.Actor2, e.Inter2)
	for _, assoc := range [...]string{e.AssocActor1, e.AssocActor2} {
		for name := range strings.SplitSeq(assoc, ";") {
			add(name, 0)
		}
	}
}

// flushCounts writes the counts in key order, last in the transaction:
// a row another writer counts too is locked until commit, and writers
// that take them in one order and wait for nothing else meanwhile never
// deadlock on them.
func (w *writer) flushCounts() error {
	keys := make([]string, 0, len(w.places))
	for k := range w.places {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p := w.places[k]
		if err := w.exec(`INSERT INTO places AS p (key, name, fold, country, admin1, admin2, latitude, longitude, geonameid, events, first_event)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (key) DO UPDATE SET events = p.events + excluded.events,
			(name, fold, country, admin1, admin2, latitude, longitude, geonameid, first_event) =
			(SELECT x.name, x.fold, x.country, x.admin1, x.admin2, x.latitude, x.longitude, x.geonameid, x.first_event
			 FROM (SELECT excluded.*) x WHERE x.first_event < p.first_event
			 UNION ALL SELECT p.name, p.fold, p.country, p.admin1, p.admin2, p.latitude, p.longitude, p.geonameid, p.first_event
			 WHERE excluded.first_event >= p.first_event)`,
			clean(p.Key), clean(p.Name), clean(text.Fold(p.Name)), clean(p.Country), clean(p.Admin1), clean(p.Admin2), p.Latitude, p.Longitude, p.GeonameID, p.Events, p.first); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(w.actors))
	for n := range w.actors {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		a := w.actors[n]
		if err := w.exec(`INSERT INTO actors (name, fold, inter, events) VALUES ($1, $2, $3, $4)
			ON CONFLICT (name) DO UPDATE SET events = actors.events + excluded.events, inter = greatest(actors.inter, excluded.inter)`,
			clean(a.Name), clean(text.Fold(a.Name)), a.Inter, a.Events); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) deleteIncident(id int64) error {
	delete(w.touched, id)
	if w.fresh[id] {
		delete(w.fresh, id)
		return nil
	}
	if err := w.exec(`DELETE FROM incidents WHERE id = $1`, id); err != nil {
		return err
	}
	if err := w.exec(`DELETE FROM incident_tallies WHERE incident = $1`, id); err != nil {
		return err
	}
	return w.exec(`DELETE FROM control WHERE incident = $1`, id)
}

// summarize sums up again every incident the transaction touched, from
// its running tally.
func (w *writer) summarize() error {
	ids := make([]int64, 0, len(w.touched))
	for id := range w.touched {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		t, err := w.tallies.Get(id)
		if err != nil {
			return err
		}
		if t.Len() == 0 {
			if err := w.deleteIncident(id); err != nil {
				return err
			}
			continue
		}
		if err := w.putIncident(id, t.Summary()); err != nil {
			return fmt.Errorf("incident %d: %w", id, err)
		}
		body, err := json.Marshal(t)
		if err != nil {
			return err
		}
		if err := w.exec(`INSERT INTO incident_tallies (incident, body) VALUES ($1, $2)
			ON CONFLICT (incident) DO UPDATE SET body = excluded.body`, id, clean(string(body))); err != nil {
			return fmt.Errorf("incident %d: %w", id, err)
		}
	}
	return nil
}

// loadTally reads an incident's tally: empty for a new one, made from its
// members for one stored before tallies were kept.
func (w *writer) loadTally(id int64) (*fuse.Tally, error) {
	t := fuse.NewTally()
	if w.fresh[id] {
		return t, nil
	}
	var body string
	err := w.queryRow(`SELECT body FROM incident_tallies WHERE incident = $1`, id).Scan(&body)
	switch {
	case err == nil:
		if err := json.Unmarshal([]byte(body), t); err != nil {
			return nil, err
		}
		if t.Members == nil {
			t.Members = map[int64]event.Event{}
		}
		return t, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return nil, err
	}
	rows, members, err := w.members(id)
	if err != nil {
		return nil, err
	}
	for i := range members {
		t.Join(rows[i], &members[i])
	}
	return t, nil
}

// members returns the events of an incident and their rows, decoding
// only those not in the cache.
func (w *writer) members(incident int64) ([]int64, []event.Event, error) {
	rows, err := w.query(`SELECT id, event_id, CASE WHEN id = ANY($2) THEN NULL ELSE body END FROM events
		WHERE incident = $1 ORDER BY id`, incident, w.cachedRows())
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ids []int64
	var out []event.Event
	for rows.Next() {
		var id int64
		var eventID string
		var body *string
		if err := rows.Scan(&id, &eventID, &body); err != nil {
			return nil, nil, err
		}
		ids = append(ids, id)
		if e, ok := w.cache[id]; ok && body == nil {
			out = append(out, *e)
			continue
		}
		if body == nil {
			return nil, nil, fmt.Errorf("event %s: no body", eventID)
		}
		var e event.Event
		if err := json.Unmarshal([]byte(*body), &e); err != nil {
			return nil, nil, fmt.Errorf("event %s: %w", eventID, err)
		}
		out = append(out, e)
	}
	return ids, out, rows.Err()
}

func (w *writer) cachedRows() []int64 {
	ids := make([]int64, 0, len(w.cache))
	for id := range w.cache {
		ids = append(ids, id)
	}
	return ids
}

func (w *writer) putIncident(id int64, inc fuse.Incident) error {
	body, err := json.Marshal(inc)
	if err != nil {
		return err
	}
	var day any
	if d, ok := fuse.Day(inc.Date); ok {
		day = d
	}
	args := []any{id, clean(string(inc.EventType)), clean(string(inc.SubEventType)), clean(inc.Date), day, clean(inc.First), clean(inc.Last),
		clean(inc.Country), clean(inc.Admin1), clean(inc.Location), inc.Latitude, inc.Longitude, inc.GeoPrecision,
		inc.Fatalities.Low, inc.Fatalities.High, clean(inc.Status), len(inc.Reports), len(inc.Outlets), clean(string(body))}
	if w.fresh[id] {
		delete(w.fresh, id)
		err = w.exec(`INSERT INTO incidents (id, event_type, sub_event_type, event_date, day, first_date, last_date,
			country, admin1, location, latitude, longitude, geo_precision, fatalities_low, fatalities_high,
			status, reports, outlets, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`, args...)
	} else {
		err = w.exec(`UPDATE incidents SET event_type = $2, sub_event_type = $3, event_date = $4, day = $5, first_date = $6, last_date = $7,
			country = $8, admin1 = $9, location = $10, latitude = $11, longitude = $12, geo_precision = $13, fatalities_low = $14, fatalities_high = $15,
			status = $16, reports = $17, outlets = $18, body = $19 WHERE id = $1`, args...)
		if err == nil {
			err = w.exec(`DELETE FROM control WHERE incident = $1`, id)
		}
	}
	if err != nil {
		return err
	}
	if c := inc.Control; c != nil && c.Date != "" {
		body, err := json.Marshal(c)
		if err != nil {
			return err
		}
		return w.exec(`INSERT INTO control (incident, place, date, to_actor, from_actor, status, body) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			id, clean(c.Place), clean(c.Date), clean(c.To), clean(c.From), clean(c.Status), clean(string(body)))
	}
	return nil
}

func (w *writer) replaceEvents(docID string, events []event.Event) (store.Changes, error) {
	var ch store.Changes
	var docRow int64
	if err := w.queryRow(`SELECT id FROM documents WHERE doc_id = $1`, docID).Scan(&docRow); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return ch, store.ErrNotFound
		}
		return ch, err
	}
	type old struct {
		row, incident int64
		body          []byte
	}
	olds := map[string]old{}
	rows, err := w.query(`SELECT id, event_id, coalesce(incident, 0), body FROM events WHERE doc = $1`, docRow)
	if err != nil {
		return ch, err
	}
	for rows.Next() {
		var o old
		var id, body string
		if err := rows.Scan(&o.row, &id, &o.incident, &body); err != nil {
			rows.Close()
			return ch, err
		}
		o.body = []byte(body)
		olds[id] = o
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ch, err
	}

	var fresh []event.Event // added or changed
	dissolve := map[int64]bool{}
	keep := map[string]bool{}
	for i := range events {
		e := &events[i]
		if e.DocID == "" {
			e.DocID = docID
		}
		if e.ID == "" {
			e.ID = fmt.Sprintf("%s:%d", docID, i)
		}
		o, ok := olds[e.ID]
		if ok {
			body, err := json.Marshal(e)
			if err != nil {
				return ch, err
			}
			if bytes.Equal([]byte(clean(string(body))), o.body) {
				keep[e.ID] = true
				ch.Unchanged++
				continue
			}
			ch.Changed = append(ch.Changed, e.ID)
		} else {
			ch.Added = append(ch.Added, e.ID)
		}
		fresh = append(fresh, *e)
	}
	for id, o := range olds {
		if keep[id] {
			continue
		}
		if !slices.Contains(ch.Changed, id) {
			ch.Removed = append(ch.Removed, id)
		}
		var e event.Event
		if err := json.Unmarshal(o.body, &e); err != nil {
			return ch, fmt.Errorf("event %s: %w", id, err)
		}
		w.count(&e, math.MaxInt64, -1)
		if err := w.exec(`DELETE FROM events WHERE id = $1`, o.row); err != nil {
			return ch, err
		}
		if o.incident != 0 {
			dissolve[o.incident] = true
		}
	}
	slices.Sort(ch.Removed)
	ch.Dissolved = len(dissolve)
	if err := w.dissolve(dissolve); err != nil {
		return ch, err
	}
	if err := w.check(docID, fresh); err != nil {
		var refused errRefused
		if errors.As(err, &refused) {
			return ch, refused.err
		}
		return ch, err
	}
	// New readings go after every event stored, in order, as in SQLite.
	for i := range fresh {
		var row int64
		if err := w.queryRow(`SELECT $1::bigint + nextval('events_reread')`, rereadBase).Scan(&row); err != nil {
			return ch, err
		}
		if err := w.addEvent(docRow, row, &fresh[i], nil); err != nil {
			return ch, err
		}
	}
	return ch, nil
}

// dissolve empties incidents and fuses their remaining members again, in
// the order they were stored; the pieces take the old ids first.
func (w *writer) dissolve(incidents map[int64]bool) error {
	if len(incidents) == 0 {
		return nil
	}
	type member struct {
		row, doc int64
		ev       event.Event
	}
	var members []member
	ids := make([]int64, 0, len(incidents))
	for id := range incidents {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		rows, err := w.query(`SELECT id, doc, event_id, body FROM events WHERE incident = $1`, id)
		if err != nil {
			return fmt.Errorf("dissolving incident %d: %w", id, err)
		}
		for rows.Next() {
			var m member
			var eventID, body string
			if err := rows.Scan(&m.row, &m.doc, &eventID, &body); err != nil {
				rows.Close()
				return fmt.Errorf("dissolving incident %d: %w", id, err)
			}
			if err := json.Unmarshal([]byte(body), &m.ev); err != nil {
				rows.Close()
				return fmt.Errorf("dissolving incident %d: event %s: %w", id, eventID, err)
			}
			members = append(members, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("dissolving incident %d: %w", id, err)
		}
		if err := w.tallies.Empty(id); err != nil {
			return err
		}
		if err := w.exec(`UPDATE events SET incident = NULL, link = NULL WHERE incident = $1`, id); err != nil {
			return err
		}
		if err := w.deleteIncident(id); err != nil {
			return err
		}
		w.free = append(w.free, id)
	}
	slices.Sort(w.free)
	slices.SortFunc(members, func(a, b member) int { return cmp.Compare(a.row, b.row) })
	for i := range members {
		m := &members[i]
		incident, link, err := fuse.Add(w.ctx, fusing{w: w, doc: m.doc, self: m.row}, m.row, &m.ev)
		if err != nil {
			return err
		}
		w.touched[incident] = true
		if err := w.tallies.Join(incident, m.row, &m.ev); err != nil {
			return err
		}
		if err := w.exec(`UPDATE events SET incident = $1, link = $2 WHERE id = $3`, incident, nullable(link), m.row); err != nil {
			return err
		}
	}
	return nil
}
