package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/text"
)

// Doc is a document with the events read from it.
type Doc struct {
	Document document.Document
	Events   []event.Event
	Order    Order    // where it comes in its input, for stores written in parallel
	bodies   [][]byte // the events encoded by Prepare
}

// Prepare does ahead, on the caller's goroutine, the part of storing d
// that needs no store: giving ids where they lack and encoding the
// events. PutDocuments then holds the one writer for less time, so a
// caller with documents to store from several goroutines should call it
// there. d must not change between Prepare and PutDocuments.
func Prepare(d *Doc) {
	identifyDocument(&d.Document)
	if identifyEvents(d.Document.ID, d.Events) != nil {
		return // PutDocuments refuses it
	}
	d.bodies = make([][]byte, len(d.Events))
	for i := range d.Events {
		body, err := json.Marshal(&d.Events[i])
		if err != nil {
			d.bodies = nil
			return
		}
		d.bodies[i] = body
	}
}

// identifyDocument gives a document without them its hash and id.
func identifyDocument(doc *document.Document) {
	if doc.Hash == "" {
		sum := sha256.Sum256([]byte(doc.Text))
		doc.Hash = hex.EncodeToString(sum[:])
	}
	if doc.ID == "" {
		doc.ID = "sha256-" + doc.Hash[:16]
	}
}

// identifyEvents gives the events of document docID their document and,
// when they have none, an id by position; it refuses events of another
// document and ids given twice.
func identifyEvents(docID string, events []event.Event) error {
	seen := make(map[string]bool, len(events))
	for i := range events {
		e := &events[i]
		if e.DocID != "" && e.DocID != docID {
			return fmt.Errorf("event %d belongs to document %q", i, e.DocID)
		}
		e.DocID = docID
		if e.ID == "" {
			e.ID = fmt.Sprintf("%s:%d", docID, i)
		}
		if seen[e.ID] {
			return fmt.Errorf("event id %q appears twice", e.ID)
		}
		seen[e.ID] = true
	}
	return nil
}

// Put says what became of one document.
type Put struct {
	DocID string
	// Stored is false when a document with the same text (hash) was
	// already stored, under DocID; its events were not stored again.
	Stored bool
	Events int
	// Err says why the document was refused (an id taken by another text,
	// duplicate event ids); the other documents of the batch were stored.
	Err error
}

// PutDocument stores a document and its events in one transaction and
// fuses the events into incidents. A document whose text is already
// stored is skipped: Put.Stored is false.
func (s *Store) PutDocument(ctx context.Context, doc document.Document, events []event.Event) (Put, error) {
	puts, err := s.PutDocuments(ctx, []Doc{{Document: doc, Events: events}})
	if err != nil {
		return Put{}, err
	}
	return puts[0], puts[0].Err
}

// PutDocuments stores a batch of documents in one transaction, which is
// much faster than one by one. A refused document (see Put.Err) is left
// out and the rest stored; an error returned means nothing was stored.
func (s *Store) PutDocuments(ctx context.Context, docs []Doc) ([]Put, error) {
	puts := make([]Put, len(docs))
	err := s.write(ctx, true, func(w *writer) error {
		for i := range docs {
			if err := ctx.Err(); err != nil {
				return err
			}
			p, err := w.putDocument(&docs[i])
			if err != nil {
				return err
			}
			puts[i] = p
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", s.path, err)
	}
	return puts, nil
}

// Changes says what ReplaceEvents changed, by event id.
type Changes struct {
	Added, Removed, Changed []string
	Unchanged               int
	// Dissolved counts the incidents that lost a changed or removed event;
	// their other members were fused again (into incidents that keep the
	// old ids unless they split).
	Dissolved int
	// Err says why ReplaceDocuments left this document as it was (events
	// of another document, an id given twice).
	Err error
}

// String lists what changed in a document: "+id" added, "-id" removed,
// "~id" changed.
func (ch Changes) String() string {
	var parts []string
	for _, l := range []struct {
		mark string
		ids  []string
	}{{"+", ch.Added}, {"-", ch.Removed}, {"~", ch.Changed}} {
		for _, id := range l.ids {
			parts = append(parts, l.mark+id)
		}
	}
	return strings.Join(parts, " ")
}

// ReplaceEvents replaces the events of a stored document with a new
// reading of it (after the lexicons or gazetteer changed). Events whose id
// and content did not change are kept as they are, with their incident;
// the incidents of changed and removed events are fused anew, keeping
// their ids unless they split.
func (s *Store) ReplaceEvents(ctx context.Context, docID string, events []event.Event) (Changes, error) {
	var ch Changes
	err := s.write(ctx, false, func(w *writer) error {
		var err error
		ch, err = w.replaceEvents(docID, events)
		return err
	})
	if err != nil {
		return Changes{}, fmt.Errorf("store %s: document %s: %w", s.path, docID, err)
	}
	return ch, nil
}

// ReplaceDocuments is ReplaceEvents for a batch of documents (by
// Document.ID, with their new events) in one transaction, which is much
// faster than one by one. A document refused (see Changes.Err) is left as
// it was and the rest replaced; an error returned means nothing was.
func (s *Store) ReplaceDocuments(ctx context.Context, docs []Doc) ([]Changes, error) {
	out := make([]Changes, len(docs))
	err := s.write(ctx, false, func(w *writer) error {
		for i := range docs {
			if err := ctx.Err(); err != nil {
				return err
			}
			d := &docs[i]
			// Checked before anything of the document is deleted, so that a
			// refused one leaves no trace.
			if err := identifyEvents(d.Document.ID, d.Events); err != nil {
				out[i].Err = fmt.Errorf("document %s: %w", d.Document.ID, err)
				continue
			}
			ch, err := w.replaceEvents(d.Document.ID, d.Events)
			if err != nil {
				return fmt.Errorf("document %s: %w", d.Document.ID, err)
			}
			out[i] = ch
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", s.path, err)
	}
	return out, nil
}

// writer is one write transaction and what it has touched.
type writer struct {
	ctx     context.Context
	tx      *sql.Tx
	stmts   map[string]*sql.Stmt
	touched map[int64]bool         // incidents to sum up again before commit
	tallies *fuse.Tallies          // of the incidents touched, loaded on first use
	cache   map[int64]*event.Event // events of this transaction by row, to spare decoding them again
	places  map[string]*Place      // event counts to add, by place key
	actors  map[string]*Actor      // and by actor name
	free    []int64                // ids of dissolved incidents, for the pieces to take again
	fresh   map[int64]bool         // new incidents, not written yet
	next    int64                  // the id of the next new incident; 0 until asked
	nextRow int64                  // the row of the next event stored; 0 until asked
	// The rows of the documents stored, first and last (one writer: they
	// are all the rows between), for the full-text index.
	firstDoc, lastDoc int64
	// recent is the store's index of fusion candidates, nil when fusion
	// asks the SQL alone (replacing events).
	recent *recent
	// pointChunks are what was done to the chunks of the map's points
	// (points.go), by chunk: written before commit.
	pointChunks map[int64]*pointEdits
}

// write runs fn in one write transaction. With index, fusion may answer
// from the store's in-memory index of recent candidates; without, the
// index is emptied (fn changes what it cannot follow). A transaction that
// fails empties it too.
func (s *Store) write(ctx context.Context, index bool, fn func(*writer) error) (err error) {
	s.recent.mu.Lock()
	defer s.recent.mu.Unlock()
	defer func() {
		if err != nil || !index {
			s.recent.reset()
		}
	}()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w := &writer{ctx: ctx, tx: tx, stmts: map[string]*sql.Stmt{}, touched: map[int64]bool{}, cache: map[int64]*event.Event{},
		places: map[string]*Place{}, actors: map[string]*Actor{}, fresh: map[int64]bool{}}
	if index {
		// Another connection's commit (a second process) changes what the
		// index mirrors; this connection's own commits do not count.
		var version int64
		if err := tx.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&version); err != nil {
			return err
		}
		if version != s.recent.version {
			s.recent.reset()
			s.recent.version = version
		}
		w.recent = s.recent
	} else {
		s.recent.reset()
	}
	w.tallies = fuse.NewTallies(w.loadTally)
	defer func() {
		for _, st := range w.stmts {
			st.Close()
		}
	}()
	if err := fn(w); err != nil {
		return err
	}
	if err := errors.Join(w.summarize(), w.flushCounts(), w.indexText(), w.flushPoints()); err != nil {
		return err
	}
	return tx.Commit()
}

// indexText adds the documents stored to the full-text index, in one
// statement: FTS5 writes a segment per statement.
func (w *writer) indexText() error {
	if w.firstDoc == 0 {
		return nil
	}
	_, err := w.exec(`INSERT INTO documents_fts (rowid, title, text) SELECT id, title, text FROM documents WHERE id BETWEEN ? AND ?`, w.firstDoc, w.lastDoc)
	return err
}

// stmt prepares a statement once per transaction.
func (w *writer) stmt(query string) (*sql.Stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	st, err := w.tx.PrepareContext(w.ctx, query)
	if err != nil {
		return nil, err
	}
	w.stmts[query] = st
	return st, nil
}

func (w *writer) exec(query string, args ...any) (sql.Result, error) {
	st, err := w.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(w.ctx, args...)
}

func (w *writer) query(query string, args ...any) (*sql.Rows, error) {
	st, err := w.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(w.ctx, args...)
}

func (w *writer) queryRow(query string, args ...any) *sql.Row {
	st, err := w.stmt(query)
	if err != nil {
		return w.tx.QueryRowContext(w.ctx, query, args...) // reports the same error on Scan
	}
	return st.QueryRowContext(w.ctx, args...)
}

// errRefused marks an error that refuses one document, not the batch.
type errRefused struct{ err error }

func (e errRefused) Error() string { return e.err.Error() }
func (e errRefused) Unwrap() error { return e.err }

func (w *writer) putDocument(d *Doc) (Put, error) {
	doc := &d.Document
	identifyDocument(doc)
	name := doc.Source
	if name == "" {
		name = doc.ID
	}
	var have, haveHash string
	// The text first: a document stored again under another id is the same.
	err := w.queryRow(`SELECT doc_id, hash FROM documents WHERE hash = ? UNION ALL SELECT doc_id, hash FROM documents WHERE doc_id = ? LIMIT 1`, doc.Hash, doc.ID).Scan(&have, &haveHash)
	switch {
	case err == nil && haveHash == doc.Hash:
		return Put{DocID: have}, nil
	case err == nil:
		return Put{DocID: doc.ID, Err: fmt.Errorf("%s: document id %q is already stored with another text", name, doc.ID)}, nil
	case !errors.Is(err, sql.ErrNoRows):
		return Put{}, fmt.Errorf("%s: %w", name, err)
	}
	// Everything that refuses a document is checked before anything is
	// written, so that a refused one leaves no trace and the batch goes on.
	if err := w.check(doc.ID, d.Events); err != nil {
		var refused errRefused
		if errors.As(err, &refused) {
			return Put{DocID: doc.ID, Err: fmt.Errorf("%s: %w", name, refused.err)}, nil
		}
		return Put{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(d.bodies) != len(d.Events) {
		d.bodies = nil
	}
	if err := w.insertDocument(doc, d.Events, d.bodies); err != nil {
		return Put{}, fmt.Errorf("%s: %w", name, err)
	}
	return Put{DocID: doc.ID, Stored: true, Events: len(d.Events)}, nil
}

func (w *writer) insertDocument(doc *document.Document, events []event.Event, bodies [][]byte) error {
	published := ""
	if !doc.Published.IsZero() {
		published = doc.Published.UTC().Format(time.DateOnly)
	}
	res, err := w.exec(`INSERT INTO documents (doc_id, source, url, outlet, author, title, published, captured, lang, text, hash, ingested_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		doc.ID, doc.Source, doc.URL, doc.Outlet, doc.Author, doc.Title, published, doc.Captured, doc.Lang, doc.Text, doc.Hash, now())
	if err != nil {
		return err
	}
	docRow, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if w.firstDoc == 0 {
		w.firstDoc = docRow
	}
	w.lastDoc = docRow
	return w.addEvents(docRow, events, bodies)
}

// check gives ids to events without and refuses events of another
// document, ids given twice and ids already stored.
func (w *writer) check(docID string, events []event.Event) error {
	if err := identifyEvents(docID, events); err != nil {
		return errRefused{err}
	}
	if len(events) == 0 {
		return nil
	}
	ids := make([]any, len(events))
	for i := range events {
		ids[i] = events[i].ID
	}
	var id string
	err := w.queryRow(`SELECT event_id FROM events WHERE event_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) LIMIT 1`, ids...).Scan(&id)
	switch {
	case err == nil:
		return errRefused{fmt.Errorf("event id %q is already stored", id)}
	case errors.Is(err, sql.ErrNoRows):
		return nil
	}
	return err
}

// addEvents stores the (checked) events of one document and fuses them.
// Each is fused before it is written, so that it is written once.
func (w *writer) addEvents(docRow int64, events []event.Event, bodies [][]byte) error {
	for i := range events {
		e := &events[i]
		row, incident, link, err := w.fuseNew(docRow, e)
		if err != nil {
			return fmt.Errorf("fusing event %s: %w", e.ID, err)
		}
		var body []byte
		if bodies != nil {
			body = bodies[i]
		}
		if err := w.insertEvent(docRow, row, e, body, incident, link); err != nil {
			return fmt.Errorf("event %s: %w", e.ID, err)
		}
		if w.recent != nil {
			w.recent.inserted(row, docRow, incident, link, e)
		}
		w.touched[incident] = true
		w.cache[row] = e
		if err := w.tallies.Join(incident, row, e); err != nil {
			return err
		}
	}
	return nil
}

// insertEvent stores an event at row, encoded as body (nil: encoded
// here), in an incident (0: none yet), linked to a precise event's row
// (0: none).
func (w *writer) insertEvent(docRow, row int64, e *event.Event, body []byte, incident, link int64) error {
	if body == nil {
		var err error
		if body, err = json.Marshal(e); err != nil {
			return err
		}
	}
	var day, first, last any // NULL when unknown
	d, dated := fuse.Day(e.EventDate)
	if dated {
		day = d
	}
	f, l, interval := fuse.Interval(e)
	if interval {
		first, last = f, l
	}
	_, err := w.exec(`INSERT INTO events (id, event_id, doc, incident, link, vague, event_type, sub_event_type, event_date, day, first_day, last_day, time_precision,
		actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, country, admin1, admin2, location, place_name,
		latitude, longitude, geo_precision, geonameid, fatalities, fatalities_low, fatalities_high,
		claim_source, claim_kind, hedged, claim_status, outlet, url, published, notes, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		row, e.ID, docRow, nullable(incident), nullable(link), fuse.Vague(e), e.EventType, e.SubEventType, e.EventDate, day, first, last, e.TimePrecision,
		e.Actor1, e.AssocActor1, e.Inter1, e.Actor2, e.AssocActor2, e.Inter2, e.Country, e.Admin1, e.Admin2, e.Location, fuse.PlaceName(e),
		e.Latitude, e.Longitude, e.GeoPrecision, e.GeonameID, e.Fatalities, e.FatalitiesLow, e.FatalitiesHigh,
		e.Claim.Source, e.Claim.SourceKind, e.Claim.Hedged, e.Claim.Status, e.Outlet, e.URL, e.Published, e.Notes, body)
	if err != nil {
		return err
	}
	if e.Latitude != nil && e.Longitude != nil {
		lat, lon := *e.Latitude, *e.Longitude
		// The r-tree holds no NULL (migration 3): an event without a date
		// of its own has the days fusion reads it on, which listings skip
		// (they read single days), and one without any, noDay.
		minDay, maxDay := noDay, noDay
		switch {
		case dated:
			minDay, maxDay = d, d
		case interval:
			minDay, maxDay = f, l
		}
		if _, err := w.exec(`INSERT INTO events_geo VALUES (?, ?, ?, ?, ?, ?, ?)`, row, lat, lat, lon, lon, minDay, maxDay); err != nil {
			return err
		}
		pday := int64(-1)
		if dated {
			pday = int64(d)
		}
		w.pointInserted(row, pday, e)
		// Fusion's r-trees (migration 10): precise points, and vague
		// reaches, by sub-type too.
		vague, sub := fuse.Vague(e), subCode(e.SubEventType)
		if !vague {
			if _, err := w.exec(`INSERT INTO events_near VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, row, lat, lat, lon, lon, minDay, maxDay, sub, sub); err != nil {
				return err
			}
		}
		if interval && vague {
			b := around(lat, lon, fuse.Radius(e.GeoPrecision))
			if _, err := w.exec(`INSERT INTO events_reach VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, row, b.MinLat, b.MaxLat, b.MinLon, b.MaxLon, f, l, sub, sub); err != nil {
				return err
			}
		}
	}
	return w.count(e, 1)
}

// subCode is the sub-type's coordinate in fusion's r-trees, as
// migration 10 computes it in SQL: ACLED's sub-types numbered so that those
// fusion may fuse with each other (fuse.CompatibleSubTypes) are mostly
// neighbours, any other a number from its name above them. Only
// efficiency hangs on the order: fusion asks for the range its sub-types
// span and drops the others in it, so a list of compatible sub-types that
// changes needs no new numbers. Every code is exact in the r-tree's
// 32-bit floats.
func subCode(sub event.SubType) int {
	if c, ok := subCodes[sub]; ok {
		return c
	}
	s := string(sub)
	if s == "" {
		return 100
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return 100 + utf8.RuneCountInString(s)*4096 + int(first%64)*64 + int(last%64)
}

// subCodes are stored in every store's r-trees: never renumber them.
var subCodes = map[event.SubType]int{
	"Other":                               1,
	"Non-violent transfer of territory":   2,
	"Government regains territory":        3,
	"Non-state actor overtakes territory": 4,
	"Armed clash":                         5,
	"Shelling/artillery/missile attack":   6,
	"Air/drone strike":                    7,
	"Disrupted weapons use":               8,
	"Attack":                              9,
	"Remote explosive/landmine/IED":       10,
	"Suicide bomb":                        11,
	"Grenade":                             12,
	"Abduction/forced disappearance":      13,
	"Arrests":                             14,
	"Peaceful protest":                    15,
	"Protest with intervention":           16,
	"Excessive force against protesters":  17,
	"Violent demonstration":               18,
	"Mob violence":                        19,
	"Looting/property destruction":        20,
	"Chemical weapon":                     21,
	"Sexual violence":                     22,
	"Agreement":                           23,
	"Change to group/activity":            24,
	"Headquarters or base established":    25,
}

// noDay stands for "no date" in the r-trees, which hold no NULL: before
// any date fuse.Day reads (year 0 is day -719,528), and exact in the
// r-tree's 32-bit floats.
const noDay = -10_000_000

// around returns a box holding the circle of km around a point, a little
// generously (the r-tree stores 32-bit floats).
func around(lat, lon, km float64) BBox {
	dlat := km/111.0 + 1e-4
	c := math.Cos(math.Min(89, math.Abs(lat)+dlat) * math.Pi / 180)
	dlon := km/(111.0*c) + 1e-4
	return BBox{MinLat: lat - dlat, MaxLat: lat + dlat, MinLon: lon - dlon, MaxLon: lon + dlon}
}

// count adds delta to the event counts of the event's place and actors;
// flushCounts writes them at the end of the transaction, once per place
// and actor rather than once per event.
func (w *writer) count(e *event.Event, delta int) error {
	if e.Location != "" {
		k := fuse.PlaceKey(e)
		p, ok := w.places[k]
		if !ok {
			p = &Place{Key: k, Name: e.Location, Country: e.Country, Admin1: e.Admin1, Admin2: e.Admin2, Latitude: e.Latitude, Longitude: e.Longitude, GeonameID: e.GeonameID}
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
			a = &Actor{Name: name}
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
	return nil
}

func (w *writer) flushCounts() error {
	for _, p := range w.places {
		if _, err := w.exec(`INSERT INTO places (key, name, fold, country, admin1, admin2, latitude, longitude, geonameid, events)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET events = events + excluded.events`,
			p.Key, p.Name, text.Fold(p.Name), p.Country, p.Admin1, p.Admin2, p.Latitude, p.Longitude, p.GeonameID, p.Events); err != nil {
			return err
		}
	}
	for _, a := range w.actors {
		if _, err := w.exec(`INSERT INTO actors (name, fold, inter, events) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET events = events + excluded.events, inter = max(inter, excluded.inter)`,
			a.Name, text.Fold(a.Name), a.Inter, a.Events); err != nil {
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
	_, err := w.exec(`DELETE FROM incidents WHERE id = ?`, id)
	if err == nil {
		_, err = w.exec(`DELETE FROM control WHERE incident = ?`, id)
	}
	if err == nil {
		_, err = w.exec(`DELETE FROM incident_tallies WHERE incident = ?`, id)
	}
	return err
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
		if _, err := w.exec(`INSERT INTO incident_tallies (incident, body) VALUES (?, ?)
			ON CONFLICT (incident) DO UPDATE SET body = excluded.body`, id, body); err != nil {
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
	var body []byte
	err := w.queryRow(`SELECT body FROM incident_tallies WHERE incident = ?`, id).Scan(&body)
	switch {
	case err == nil:
		if err := json.Unmarshal(body, t); err != nil {
			return nil, err
		}
		if t.Members == nil {
			t.Members = map[int64]event.Event{}
		}
		return t, nil
	case !errors.Is(err, sql.ErrNoRows):
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

// members returns the events of an incident and their rows.
func (w *writer) members(incident int64) ([]int64, []event.Event, error) {
	rows, err := w.query(`SELECT id FROM events WHERE incident = ?`, incident)
	if err != nil {
		return nil, nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	out := make([]event.Event, len(ids))
	for i, id := range ids {
		if e, ok := w.cache[id]; ok {
			out[i] = *e
			continue
		}
		var eventID string
		var body []byte
		if err := w.queryRow(`SELECT event_id, body FROM events WHERE id = ?`, id).Scan(&eventID, &body); err != nil {
			return nil, nil, fmt.Errorf("event row %d: %w", id, err)
		}
		if err := json.Unmarshal(body, &out[i]); err != nil {
			return nil, nil, fmt.Errorf("event %s: %w", eventID, err)
		}
	}
	return ids, out, nil
}

func (w *writer) putIncident(id int64, inc fuse.Incident) error {
	body, err := json.Marshal(inc)
	if err != nil {
		return err
	}
	var day any // NULL when unknown
	if d, ok := fuse.Day(inc.Date); ok {
		day = d
	}
	args := []any{inc.EventType, inc.SubEventType, inc.Date, day, inc.First, inc.Last, inc.Country, inc.Admin1, inc.Location,
		inc.Latitude, inc.Longitude, inc.GeoPrecision, inc.Fatalities.Low, inc.Fatalities.High, inc.Status,
		len(inc.Reports), len(inc.Outlets), body, id}
	if w.fresh[id] {
		delete(w.fresh, id)
		if _, err := w.exec(`INSERT INTO incidents (event_type, sub_event_type, event_date, day, first_date, last_date,
			country, admin1, location, latitude, longitude, geo_precision, fatalities_low, fatalities_high,
			status, reports, outlets, body, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...); err != nil {
			return err
		}
	} else {
		if _, err := w.exec(`UPDATE incidents SET event_type = ?, sub_event_type = ?, event_date = ?, day = ?, first_date = ?, last_date = ?,
			country = ?, admin1 = ?, location = ?, latitude = ?, longitude = ?, geo_precision = ?, fatalities_low = ?, fatalities_high = ?,
			status = ?, reports = ?, outlets = ?, body = ? WHERE id = ?`, args...); err != nil {
			return err
		}
		if _, err := w.exec(`DELETE FROM control WHERE incident = ?`, id); err != nil {
			return err
		}
	}
	if c := inc.Control; c != nil && c.Date != "" {
		body, err := json.Marshal(c)
		if err != nil {
			return err
		}
		_, err = w.exec(`INSERT INTO control (incident, place, date, to_actor, from_actor, status, body) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, c.Place, c.Date, c.To, c.From, c.Status, body)
		return err
	}
	return nil
}

func (w *writer) replaceEvents(docID string, events []event.Event) (Changes, error) {
	var ch Changes
	var docRow int64
	if err := w.queryRow(`SELECT id FROM documents WHERE doc_id = ?`, docID).Scan(&docRow); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return ch, ErrNotFound
		}
		return ch, err
	}
	type old struct {
		row, incident int64
		body          []byte
	}
	olds := map[string]old{}
	rows, err := w.query(`SELECT id, event_id, coalesce(incident, 0), body FROM events WHERE doc = ?`, docRow)
	if err != nil {
		return ch, err
	}
	for rows.Next() {
		var o old
		var id string
		if err := rows.Scan(&o.row, &id, &o.incident, &o.body); err != nil {
			rows.Close()
			return ch, err
		}
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
			if bytes.Equal(body, o.body) {
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
	// Out go the removed and changed events; the incidents they were in are
	// dissolved and their other members fused again.
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
		if err := w.count(&e, -1); err != nil {
			return ch, err
		}
		if _, err := w.exec(`DELETE FROM events WHERE id = ?`, o.row); err != nil {
			return ch, err
		}
		w.pointDeleted(o.row)
		w.nextRow = 0 // SQLite gives a row again when the last is deleted
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
		return ch, err
	}
	return ch, w.addEvents(docRow, fresh, nil)
}

// dissolve empties incidents and fuses their remaining members again, in
// the order they were stored; the pieces take the old ids first, so an
// incident that does not split keeps its id.
func (w *writer) dissolve(incidents map[int64]bool) error {
	if len(incidents) == 0 {
		return nil
	}
	type member struct {
		row, doc int64
		ev       event.Event
	}
	var members []member
	for id := range incidents {
		rows, err := w.query(`SELECT id, doc, event_id, body FROM events WHERE incident = ?`, id)
		if err != nil {
			return fmt.Errorf("dissolving incident %d: %w", id, err)
		}
		for rows.Next() {
			var m member
			var eventID string
			var body []byte
			if err := rows.Scan(&m.row, &m.doc, &eventID, &body); err != nil {
				rows.Close()
				return fmt.Errorf("dissolving incident %d: %w", id, err)
			}
			if err := json.Unmarshal(body, &m.ev); err != nil {
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
		if _, err := w.exec(`UPDATE events SET incident = NULL, link = NULL WHERE incident = ?`, id); err != nil {
			return err
		}
		if err := w.deleteIncident(id); err != nil {
			return err
		}
		w.free = append(w.free, id)
	}
	slices.Sort(w.free)
	slices.SortFunc(members, func(a, b member) int { return int(a.row - b.row) })
	for i := range members {
		if err := w.fuseStored(members[i].row, members[i].doc, &members[i].ev); err != nil {
			return err
		}
	}
	return nil
}
