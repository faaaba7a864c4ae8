package store

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/sitrep/sitrep/internal/event"
)

// sqlPoints is what EachPoint answered before the compact points: every
// located event read from the events table by SQL (pointsSQL, the path a
// filter still takes), newest first, cut at limit.
func sqlPoints(t *testing.T, s *Store, limit int) ([]Point, bool) {
	t.Helper()
	all, order, err := s.pointsSQL(context.Background(), query{}, limit)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]Point, min(len(all), limit))
	for i := range out {
		j := i
		if order != nil {
			j = int(order[i])
		}
		out[i] = all[j].Point
	}
	return out, len(all) > limit
}

// chunkPointsOf is EachPoint without a filter: the compact points.
func chunkPointsOf(t *testing.T, s *Store, limit int) ([]Point, bool) {
	t.Helper()
	var out []Point
	more, err := s.EachPoint(context.Background(), Filter{}, limit, func(p *Point) error {
		out = append(out, *p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, more
}

// samePoints fails t unless the compact points are the SQL's, point for
// point and in the same order, at a few limits, and unless the chunks
// stored are those a rebuild from the events makes.
func samePoints(t *testing.T, s *Store, step string) {
	t.Helper()
	want, _ := sqlPoints(t, s, 1<<30)
	if len(want) == 0 {
		t.Fatalf("%s: no points to compare", step)
	}
	for _, limit := range []int{1 << 30, len(want), len(want) - 1, len(want) / 3, 1} {
		w, wmore := sqlPoints(t, s, limit)
		g, gmore := chunkPointsOf(t, s, limit)
		if gmore != wmore || !reflect.DeepEqual(g, w) {
			for i := range min(len(g), len(w)) {
				if g[i] != w[i] {
					t.Fatalf("%s, limit %d: point %d is %+v, the SQL's %+v", step, limit, i, g[i], w[i])
				}
			}
			t.Fatalf("%s, limit %d: %d points (more %v), the SQL gives %d (more %v)", step, limit, len(g), gmore, len(w), wmore)
		}
	}
	// The chunks as kept by the writer are the chunks made afresh.
	kept := chunkBlobs(t, s)
	tx, err := s.w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := buildPointChunks(context.Background(), tx); err != nil {
		t.Fatal(err)
	}
	fresh := map[int64]string{}
	rows, err := tx.Query(`SELECT chunk, data FROM point_chunks`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c int64
		var b []byte
		rows.Scan(&c, &b)
		fresh[c] = string(b)
	}
	rows.Close()
	if !reflect.DeepEqual(kept, fresh) {
		t.Fatalf("%s: %d chunks kept, differing from the %d made afresh", step, len(kept), len(fresh))
	}
}

func chunkBlobs(t *testing.T, s *Store) map[int64]string {
	t.Helper()
	rows, err := s.r.Query(`SELECT chunk, points, data FROM point_chunks`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[int64]string{}
	for rows.Next() {
		var c int64
		var n int
		var b []byte
		if err := rows.Scan(&c, &n, &b); err != nil {
			t.Fatal(err)
		}
		pts, err := decodePointChunk(nil, b)
		if err != nil || len(pts) != n {
			t.Fatalf("chunk %d: %d points decoded (%v), %d said", c, len(pts), err, n)
		}
		m[c] = string(b)
	}
	return m
}

// TestPointChunks: the compact points answer what the SQL did, on a store
// of several chunks, after more documents, events read again (changed,
// added, removed: rows deleted, the last rows given again), a document's
// events all removed, and after the file is opened again.
func TestPointChunks(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sitrep.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	// 1,300 documents of two events: three chunks of rows. Some events
	// have no place, no date, a day of their own but odd fields.
	var docs []Doc
	for i := range 1300 {
		d := genDoc(i)
		switch i % 40 {
		case 1:
			d.Events[0].Latitude, d.Events[0].Longitude = nil, nil
		case 2:
			d.Events[1].EventDate = ""
		case 3:
			d.Events[0].Location, d.Events[0].Actor2 = "Ḩalab — “old city”", ""
			d.Events[0].Claim.Hedged = true
		case 4:
			d.Events[1].Longitude = f64(-179.999999999)
			d.Events[1].Latitude = f64(math.SmallestNonzeroFloat64)
		}
		docs = append(docs, d)
	}
	if _, err := s.PutDocuments(ctx, docs[:700]); err != nil {
		t.Fatal(err)
	}
	samePoints(t, s, "700 documents")
	if _, err := s.PutDocuments(ctx, docs[700:]); err != nil {
		t.Fatal(err)
	}
	if n := len(chunkBlobs(t, s)); n != 3 {
		t.Fatalf("%d chunks, want 3 (2,600 events of %d rows each)", n, 1<<pointChunkShift)
	}
	samePoints(t, s, "1,300 documents")

	// Read again: doc000010's first event moves and gets deaths, a third
	// event comes; doc000500's events go (rows in the middle deleted).
	e := docs[10].Events[0]
	e.Latitude, e.Fatalities, e.FatalitiesLow = f64(31.5), 40, 40
	extra := docs[10].Events[1]
	extra.ID, extra.SubEventType, extra.EventType = "doc000010-9", "Looting/property destruction", event.Strategic
	if _, err := s.ReplaceEvents(ctx, "doc000010", []event.Event{e, docs[10].Events[1], extra}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplaceEvents(ctx, "doc000500", nil); err != nil {
		t.Fatal(err)
	}
	samePoints(t, s, "two documents read again")
	// The last document's events go and come back: SQLite gives their rows again.
	last := docs[len(docs)-1]
	if _, err := s.ReplaceEvents(ctx, last.Document.ID, nil); err != nil {
		t.Fatal(err)
	}
	samePoints(t, s, "the last rows deleted")
	last.Events[0].Location = "Elsewhere"
	if _, err := s.ReplaceEvents(ctx, last.Document.ID, last.Events); err != nil {
		t.Fatal(err)
	}
	samePoints(t, s, "the last rows given again")
	// In one transaction: the last event changed, so deleted, and its row
	// given again to its new reading.
	var had int64
	s.r.QueryRow(`SELECT id FROM events WHERE event_id = ?`, last.Events[1].ID).Scan(&had)
	last.Events[1].Fatalities, last.Events[1].FatalitiesLow = 9, 9
	if ch, err := s.ReplaceEvents(ctx, last.Document.ID, last.Events); err != nil || len(ch.Changed) != 1 {
		t.Fatalf("reading the last document again: %+v, %v", ch, err)
	}
	var row int64
	s.r.QueryRow(`SELECT id FROM events WHERE event_id = ?`, last.Events[1].ID).Scan(&row)
	var maxRow int64
	s.r.QueryRow(`SELECT max(id) FROM events`).Scan(&maxRow)
	if row != had || row != maxRow {
		t.Fatalf("the changed event is at row %d, want %d (the row it had, the last)", row, had)
	}
	samePoints(t, s, "a row deleted and given again in one transaction")
	// More documents after all that, then the file opened again.
	var more []Doc
	for i := range 30 {
		more = append(more, genDoc(5000+i))
	}
	if _, err := s.PutDocuments(ctx, more); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	samePoints(t, s, "reopened")
}

// TestPointChunksMigrate: a store from before migration 12 gets its
// chunks from the events it holds.
func TestPointChunksMigrate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sitrep.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []Doc
	for i := range 600 {
		docs = append(docs, genDoc(i))
	}
	if _, err := s.PutDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	want, _ := chunkPointsOf(t, s, 1<<30)
	// As version 11 left it.
	if _, err := s.w.Exec(`DROP TABLE point_chunks; DELETE FROM schema_version WHERE version = 12`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := len(chunkBlobs(t, s)); n != 2 {
		t.Fatalf("%d chunks after the migration, want 2", n)
	}
	got, _ := chunkPointsOf(t, s, 1<<30)
	if len(got) != 1200 || !reflect.DeepEqual(got, want) {
		t.Fatalf("after the migration: %d points, want the %d of before", len(got), len(want))
	}
	samePoints(t, s, "migrated")
}

// TestPointChunkDecode: a chunk cut short or with an index out of range is
// an error, never a panic or a wrong point.
func TestPointChunkDecode(t *testing.T) {
	pts := []keyedPoint{
		{key{day: 19000, id: 3}, Point{ID: "a:0", Lon: 1.5, Lat: -2.25, Type: "Battles", SubType: "Armed clash", Date: "2022-01-08", Location: "X", Fatalities: 3, Status: "asserted", Hedged: true}},
		{key{day: -1, id: 1027}, Point{ID: "a:1", Lon: -180, Lat: 90, Type: "Battles", Fatalities: -1}},
	}
	b := encodePointChunk(pts)
	got, err := decodePointChunk(nil, b)
	if err != nil || !reflect.DeepEqual(got, pts) {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	for n := range len(b) {
		if got, err := decodePointChunk(nil, b[:n]); err == nil {
			t.Fatalf("cut at %d of %d bytes: %d points, no error", n, len(b), len(got))
		}
	}
	if _, err := decodePointChunk(nil, append(b, 0)); err == nil {
		t.Fatal("a byte too many: no error")
	}
	bad := append([]byte{}, b...)
	bad[0] = 2
	if _, err := decodePointChunk(nil, bad); err == nil {
		t.Fatal("another format: no error")
	}
}

func FuzzPointChunkDecode(f *testing.F) {
	f.Add(encodePointChunk([]keyedPoint{{key{day: 5, id: 9}, Point{ID: "x", Type: "t"}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		pts, err := decodePointChunk(nil, b)
		if err != nil {
			return
		}
		if again := encodePointChunk(pts); len(pts) > 0 && fmt.Sprint(pts) != fmt.Sprint(mustDecode(t, again)) {
			t.Fatalf("decoded %v, encoded again and decoded %v", pts, mustDecode(t, again))
		}
	})
}

func mustDecode(t *testing.T, b []byte) []keyedPoint {
	pts, err := decodePointChunk(nil, b)
	if err != nil {
		t.Fatal(err)
	}
	return pts
}
