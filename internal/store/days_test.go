package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
)

// dayEvent is a located clash at Ariha on date (YYYY-MM-DD, or "" for
// none), published on published, at geo precision prec.
func dayEvent(id, date, published string, prec int) event.Event {
	return event.Event{ID: id + "-1", DocID: id, EventType: event.Battles, SubEventType: event.ArmedClash, EventDate: date, TimePrecision: 1,
		Published: published, Country: "Syria", Location: "Ariha", Latitude: f64(35.8137), Longitude: f64(36.6096), GeoPrecision: prec}
}

func dayDoc(e event.Event) Doc {
	return Doc{Document: document.Document{ID: e.DocID, Text: "report " + e.DocID}, Events: []event.Event{e}}
}

// pageIDs pages through the events f selects, limit at a time, and
// returns their ids in the order given.
func pageIDs(t *testing.T, s *Store, f Filter, limit int) []string {
	t.Helper()
	var ids []string
	cursor := ""
	for range 100 {
		page, err := s.Events(context.Background(), f, cursor, limit)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Events {
			ids = append(ids, e.ID)
		}
		if page.Next == "" {
			return ids
		}
		cursor = page.Next
	}
	t.Fatalf("%+v: more than 100 pages", f)
	return nil
}

// TestUnknownDays: events dated before 1970 are found by bounding box and
// time like any others; events of no known date come after all the dated
// ones and only when no dates are asked for.
func TestUnknownDays(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	docs := []Doc{
		dayDoc(dayEvent("d2024", "2024-03-14", "2024-03-14", 1)),
		dayDoc(dayEvent("d1968", "1968-05-10", "", 1)),
		dayDoc(dayEvent("d1969", "1969-12-31", "", 1)), // day -1, the old "unknown"
		dayDoc(dayEvent("undated", "", "", 1)),
		dayDoc(dayEvent("published", "", "1999-06-02", 1)), // no date of its own
	}
	nowhere := dayEvent("nowhere", "", "", 1)
	nowhere.Latitude, nowhere.Longitude = nil, nil
	docs = append(docs, dayDoc(nowhere))
	if _, err := s.PutDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	box := &BBox{MinLat: 35, MinLon: 36, MaxLat: 36, MaxLon: 37}
	for _, tc := range []struct {
		name string
		f    Filter
		want []string
	}{
		{"box and 1968", Filter{BBox: box, From: "1968-01-01", To: "1968-12-31"}, []string{"d1968-1"}},
		{"1968", Filter{From: "1968-01-01", To: "1968-12-31"}, []string{"d1968-1"}},
		{"box and the last day of 1969", Filter{BBox: box, From: "1969-12-31", To: "1969-12-31"}, []string{"d1969-1"}},
		{"the last day of 1969", Filter{From: "1969-12-31", To: "1969-12-31"}, []string{"d1969-1"}},
		{"box and the 20th century", Filter{BBox: box, From: "1900-01-01", To: "1999-12-31"}, []string{"d1969-1", "d1968-1"}},
		{"box", Filter{BBox: box}, []string{"d2024-1", "d1969-1", "d1968-1", "published-1", "undated-1"}},
		{"everything", Filter{}, []string{"d2024-1", "d1969-1", "d1968-1", "nowhere-1", "published-1", "undated-1"}},
		{"box and a type", Filter{BBox: box, SubEventType: string(event.ArmedClash)}, []string{"d2024-1", "d1969-1", "d1968-1", "published-1", "undated-1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, limit := range []int{1, 2, 100} {
				if got := pageIDs(t, s, tc.f, limit); !slices.Equal(got, tc.want) {
					t.Errorf("pages of %d: %v, want %v", limit, got, tc.want)
				}
			}
		})
	}
	// The walk of a common term (textRows), forced on this small store,
	// pages as pageRows does: the dated events, then those of no known day
	// unless dates were asked for (see checkWalk).
	for _, f := range []Filter{{Query: "report"}, {Query: "report", From: "1900-01-01", To: "1999-12-31"}, {Query: "report NOT d2024"}} {
		for _, limit := range []int{1, 2, 100} {
			checkWalk(t, s, f, limit)
		}
	}
	// Unknown is NULL, in the events and in the incidents.
	var nulls, incidentNulls int
	s.r.QueryRow(`SELECT count(*) FROM events WHERE day IS NULL`).Scan(&nulls)
	s.r.QueryRow(`SELECT count(*) FROM incidents WHERE day IS NULL`).Scan(&incidentNulls)
	if nulls != 3 || incidentNulls != 2 {
		t.Errorf("%d events and %d incidents of no known day, want 3 and 2", nulls, incidentNulls)
	}
}

// TestUnknownDaysFuse: an event before 1970 fuses like any other, the
// vague ones included, and an event with no date of its own is matched
// by its publication's week whichever comes first.
func TestUnknownDaysFuse(t *testing.T) {
	ctx := context.Background()
	near := func(e event.Event) event.Event { e.GeoPrecision = 2; return e }
	for _, tc := range []struct {
		name string
		a, b event.Event
	}{
		{"two reports of 1968", dayEvent("a", "1968-05-10", "", 1), dayEvent("b", "1968-05-10", "", 1)},
		{"a vague report of 1968, then a precise one", near(dayEvent("a", "1968-05-10", "", 1)), dayEvent("b", "1968-05-10", "", 1)},
		{"a report with no date of its own, then a dated one", dayEvent("a", "", "2024-03-15", 1), dayEvent("b", "2024-03-14", "", 1)},
		{"a dated report, then one with no date of its own", dayEvent("a", "2024-03-14", "", 1), dayEvent("b", "", "2024-03-15", 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !fuse.Compatible(&tc.a, &tc.b) {
				t.Fatal("the events are not compatible")
			}
			s := open(t)
			if _, err := s.PutDocuments(ctx, []Doc{dayDoc(tc.a), dayDoc(tc.b)}); err != nil {
				t.Fatal(err)
			}
			if got := partition(t, s); len(got) != 1 {
				t.Errorf("incidents %v, want one", got)
			}
		})
	}
}

// writeV2 writes a store of schema version 2 at path, with events as
// version 2's writer stored them (one document and incident each): day,
// first_day, last_day -1 when unknown; events_geo at the day;
// events_reach only for vague events whose interval began in 1970 or
// later.
func writeV2(t *testing.T, path string, events []event.Event) {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for v, name := range []string{"0001_init.sql", "0002_feed_items.sql"} {
		body, err := migrations.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if v == 0 {
			if _, err := db.Exec(`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO schema_version VALUES (?, ?, '')`, v+1, name); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for i, e := range events {
		day, ok := fuse.Day(e.EventDate)
		if !ok {
			day = -1
		}
		first, last, ok := fuse.Interval(&e)
		if !ok {
			first, last = -1, -1
		}
		body, err := json.Marshal(&e)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []struct {
			query string
			args  []any
		}{
			{`INSERT INTO documents (id, doc_id, text, hash, ingested_at) VALUES (?, ?, ?, ?, '')`, []any{i + 1, e.DocID, e.DocID, e.DocID}},
			{`INSERT INTO incidents (id, event_type, sub_event_type, event_date, day, first_date, last_date, country, admin1, location, geo_precision, fatalities_low, status, reports, outlets, body)
				VALUES (?, '', '', ?, ?, '', '', '', '', '', 1, 0, '', 1, 0, '{}')`, []any{i + 1, e.EventDate, day}},
			{`INSERT INTO events (id, event_id, doc, incident, vague, event_type, sub_event_type, event_date, day, first_day, last_day, time_precision,
				actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, country, admin1, admin2, location, place_name,
				latitude, longitude, geo_precision, geonameid, fatalities, fatalities_low, claim_source, claim_kind, hedged, claim_status, outlet, url, published, notes, body)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', 0, '', '', 0, ?, '', '', ?, ?, ?, ?, ?, 0, 0, 0, '', '', 0, '', '', '', ?, '', ?)`,
				[]any{i + 1, e.ID, i + 1, i + 1, fuse.Vague(&e), e.EventType, e.SubEventType, e.EventDate, day, first, last, e.TimePrecision,
					e.Country, e.Location, fuse.PlaceName(&e), e.Latitude, e.Longitude, e.GeoPrecision, e.Published, body}},
		} {
			if _, err := tx.Exec(q.query, q.args...); err != nil {
				t.Fatalf("%s: %v", e.ID, err)
			}
		}
		if e.Latitude == nil {
			continue
		}
		if _, err := tx.Exec(`INSERT INTO events_geo VALUES (?, ?, ?, ?, ?, ?, ?)`, i+1, *e.Latitude, *e.Latitude, *e.Longitude, *e.Longitude, day, day); err != nil {
			t.Fatal(err)
		}
		if first >= 0 && fuse.Vague(&e) {
			b := around(*e.Latitude, *e.Longitude, fuse.Radius(e.GeoPrecision))
			if _, err := tx.Exec(`INSERT INTO events_reach VALUES (?, ?, ?, ?, ?, ?, ?)`, i+1, b.MinLat, b.MaxLat, b.MinLon, b.MaxLon, first, last); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestMigrateUnknownDays opens a store of schema version 2, written as
// sitrep wrote it (-1 for unknown days), and checks what migration 3 makes
// of it: NULL where the day was unknown, -1 where it was 1969-12-31, the
// r-trees right, and the store usable as a new one.
func TestMigrateUnknownDays(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v2.db")
	// Rows as version 2's writer wrote them: day, first_day, last_day -1
	// when unknown; events_geo at the day; events_reach only for vague
	// events whose interval began in 1970 or later.
	vague := func(e event.Event) event.Event { e.GeoPrecision = 2; return e }
	unlocated := dayEvent("nowhere", "", "", 1)
	unlocated.Latitude, unlocated.Longitude = nil, nil
	events := []event.Event{
		dayEvent("d2024", "2024-03-14", "", 1),
		dayEvent("d1968", "1968-05-10", "", 1),
		dayEvent("d1969", "1969-12-31", "", 1),
		dayEvent("undated", "", "", 1),
		dayEvent("published", "", "1999-06-02", 1),
		vague(dayEvent("v1968", "1968-05-20", "", 1)),
		vague(dayEvent("v2024", "2024-03-20", "", 1)),
		unlocated,
	}
	writeV2(t, path, events)

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ok string
	if err := s.w.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity check: %s, %v", ok, err)
	}
	str := func(v sql.NullInt64) string {
		if !v.Valid {
			return "NULL"
		}
		return fmt.Sprint(v.Int64)
	}
	for _, tc := range []struct {
		id                           string
		day, first, last, geo, reach string // as stored; geo and reach: min_day of the r-trees
	}{
		{"d2024-1", "19796", "19796", "19796", "19796", "none"},
		{"d1968-1", "-601", "-601", "-601", "-601", "none"},
		{"d1969-1", "-1", "-1", "-1", "-1", "none"},
		{"undated-1", "NULL", "NULL", "NULL", fmt.Sprint(noDay), "none"},
		{"published-1", "NULL", "10741", "10747", "10741", "none"},
		{"v1968-1", "-591", "-591", "-591", "-591", "-591"},
		{"v2024-1", "19802", "19802", "19802", "19802", "19802"},
		{"nowhere-1", "NULL", "NULL", "NULL", "none", "none"},
	} {
		var day, first, last sql.NullInt64
		geo, reach := "none", "none"
		if err := s.r.QueryRow(`SELECT day, first_day, last_day FROM events WHERE event_id = ?`, tc.id).Scan(&day, &first, &last); err != nil {
			t.Fatal(err)
		}
		var d float64
		if s.r.QueryRow(`SELECT min_day FROM events_geo WHERE id = (SELECT id FROM events WHERE event_id = ?)`, tc.id).Scan(&d) == nil {
			geo = fmt.Sprint(int64(d))
		}
		if s.r.QueryRow(`SELECT min_day FROM events_reach WHERE id = (SELECT id FROM events WHERE event_id = ?)`, tc.id).Scan(&d) == nil {
			reach = fmt.Sprint(int64(d))
		}
		got := [5]string{str(day), str(first), str(last), geo, reach}
		if want := [5]string{tc.day, tc.first, tc.last, tc.geo, tc.reach}; got != want {
			t.Errorf("%s: day, first, last, r-tree days %v; want %v", tc.id, got, want)
		}
	}
	var incidentNulls int
	s.r.QueryRow(`SELECT count(*) FROM incidents WHERE day IS NULL`).Scan(&incidentNulls)
	if incidentNulls != 3 {
		t.Errorf("%d incidents of no known day, want 3", incidentNulls)
	}
	// The store works as a new one: found by box and time, and a new
	// precise report of 1968 takes over the vague one (now in reach).
	box := &BBox{MinLat: 35, MinLon: 36, MaxLat: 36, MaxLon: 37}
	if got := pageIDs(t, s, Filter{BBox: box, From: "1968-01-01", To: "1968-12-31"}, 10); !slices.Equal(got, []string{"v1968-1", "d1968-1"}) {
		t.Errorf("box and 1968 after migrating: %v", got)
	}
	if got := pageIDs(t, s, Filter{BBox: box}, 3); !slices.Equal(got, []string{"v2024-1", "d2024-1", "d1969-1", "v1968-1", "d1968-1", "published-1", "undated-1"}) {
		t.Errorf("box after migrating: %v", got)
	}
	if _, err := s.PutDocuments(ctx, []Doc{dayDoc(dayEvent("new1968", "1968-05-20", "", 1))}); err != nil {
		t.Fatal(err)
	}
	a, _ := s.IncidentOf(ctx, "new1968-1")
	b, _ := s.IncidentOf(ctx, "v1968-1")
	if a == 0 || a != b {
		t.Errorf("a new report of 1968 in incident %d, the vague one near it in %d: want one", a, b)
	}
	var claims, evidence int
	if err := s.r.QueryRow(`SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM evidence)`).Scan(&claims, &evidence); err != nil || claims != len(events)+1 {
		t.Errorf("views after migrating: %d claims, %v", claims, err)
	}
}

// checkWalk holds the batched walk of a common full-text term (textRows),
// forced whatever the store holds, to the gathering plan (pageRows): the
// same events in the same pages of limit.
func checkWalk(t *testing.T, s *Store, f Filter, limit int) {
	t.Helper()
	ctx := context.Background()
	// docs is what the store is taken to hold: 0 has the walk go on with
	// the gathering plan after its first batch, a huge number keeps it
	// walking in batches to the end.
	walk := func(common bool, docs int64) []key {
		q, err := s.buildQuery(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if common {
			if i := slices.Index(q.where, ftsListCond); i >= 0 {
				// A rare term's documents listed: its query again.
				q.where[i], q.args[q.argAt(i)] = ftsCond, f.Query
			}
			if i := slices.Index(q.where, ftsCond); i >= 0 {
				q.where[i] = "+" + ftsCond
			}
			q.commonFTS, q.docs = true, docs
		}
		return drain(t, limit, func(after key) ([]row, error) {
			if common {
				return s.textRows(ctx, q, f, after, limit)
			}
			return s.pageRows(ctx, q, f, after, limit)
		})
	}
	want := walk(false, 0)
	for _, docs := range []int64{0, 1 << 40} {
		if got := walk(true, docs); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("%+v, pages of %d, %d documents: the walk gave %v, want %v", f, limit, docs, got, want)
		}
	}
}
