package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/sitrep/sitrep/internal/event"
)

// The map's points, kept compact (migration 12): every located event's
// Point, in chunks of the events' rows (pointChunkRows rows of the events
// table per chunk, those located), each chunk one blob with its strings
// given once. The writer, before it commits, writes every chunk whose rows
// it inserted or deleted again: the chunk as it was, less the rows
// deleted, plus the located events inserted, as the SQL of EachPoint
// would read them back (TestPointChunks holds every chunk to one made
// afresh from the events table, after each kind of write). EachPoint
// without a filter reads them (a few MB, each blob written at once and so
// in pages that follow each other) instead of walking the covering index
// events_points (20 MB at 100,000 events, its pages spread over the whole
// file: one read of the disk each when the file is not in the page
// cache), and decodes them without SQLite's row-by-row work.

// pointChunkShift makes the chunks: an event's chunk is its row >> it.
const pointChunkShift = 10

// pointCols are the events' columns a chunk holds, in the order
// scanPointRow scans them: those EachPoint reads.
const pointCols = `e.day, e.id, e.event_id, e.longitude, e.latitude, e.event_type, e.sub_event_type, e.event_date,
		e.location, e.country, e.admin1, e.actor1, e.actor2, e.fatalities, e.claim_status, e.hedged`

// located is the condition of an event on the map.
const located = "e.latitude IS NOT NULL AND e.longitude IS NOT NULL"

// keyedPoint is a point with its place in the newest-first order.
type keyedPoint struct {
	key
	Point
}

// scanPointRow scans a row of pointCols.
func scanPointRow(rows *sql.Rows, k *keyedPoint) error {
	var day sql.NullInt64
	p := &k.Point
	if err := rows.Scan(&day, &k.id, &p.ID, &p.Lon, &p.Lat, &p.Type, &p.SubType, &p.Date, &p.Location, &p.Country, &p.Admin1,
		&p.Actor1, &p.Actor2, &p.Fatalities, &p.Status, &p.Hedged); err != nil {
		return err
	}
	k.day = -1
	if day.Valid {
		k.day = day.Int64
	}
	return nil
}

// newestFirst is the order of points newest first: by day, then by row,
// both descending (undated last, as day -1), as indexes into all. Sorting
// their keys rather than the points themselves (about 200 bytes each)
// took a fifth of the time at 100,000 points.
func newestFirst(all []keyedPoint) []int32 {
	type ord struct {
		day, id int64
		i       int32
	}
	keys := make([]ord, len(all))
	for i := range all {
		keys[i] = ord{all[i].day, all[i].id, int32(i)}
	}
	slices.SortFunc(keys, func(a, b ord) int { return cmp.Or(cmp.Compare(b.day, a.day), cmp.Compare(b.id, a.id)) })
	out := make([]int32, len(keys))
	for i, k := range keys {
		out[i] = k.i
	}
	return out
}

// pointChunkFormat is the first byte of a chunk: how the rest is written.
const pointChunkFormat = 1

// encodePointChunk writes points (rows ascending) as a chunk: the format
// byte; the number of strings, then each as its length and bytes; the
// number of points; then per point, its row as the difference from the
// one before (from 0), its day (signed: -1 when unknown), its longitude
// and latitude (the float64's bits, little-endian), hedged (a byte, 0 or
// 1), its deaths (signed), the indexes of its type, sub-type, date, location, country, admin-1,
// actors 1 and 2 and claim status among the strings, and its id (length
// and bytes). Numbers are varints.
func encodePointChunk(points []keyedPoint) []byte {
	index := map[string]uint64{}
	var strs []string
	ref := func(s string) uint64 {
		i, ok := index[s]
		if !ok {
			i = uint64(len(strs))
			index[s] = i
			strs = append(strs, s)
		}
		return i
	}
	body := make([]byte, 0, len(points)*48)
	prev := int64(0)
	for i := range points {
		k := &points[i]
		p := &k.Point
		body = binary.AppendUvarint(body, uint64(k.id-prev))
		prev = k.id
		body = binary.AppendVarint(body, k.day)
		body = binary.LittleEndian.AppendUint64(body, math.Float64bits(p.Lon))
		body = binary.LittleEndian.AppendUint64(body, math.Float64bits(p.Lat))
		var h byte
		if p.Hedged {
			h = 1
		}
		body = append(body, h)
		body = binary.AppendVarint(body, int64(p.Fatalities))
		for _, s := range [...]string{p.Type, p.SubType, p.Date, p.Location, p.Country, p.Admin1, p.Actor1, p.Actor2, p.Status} {
			body = binary.AppendUvarint(body, ref(s))
		}
		body = binary.AppendUvarint(body, uint64(len(p.ID)))
		body = append(body, p.ID...)
	}
	size := 1 + 2*binary.MaxVarintLen64 + len(body)
	for _, s := range strs {
		size += binary.MaxVarintLen64 + len(s)
	}
	out := make([]byte, 0, size)
	out = append(out, pointChunkFormat)
	out = binary.AppendUvarint(out, uint64(len(strs)))
	for _, s := range strs {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	out = binary.AppendUvarint(out, uint64(len(points)))
	return append(out, body...)
}

var errBadChunk = errors.New("malformed points chunk")

// decodePointChunk appends a chunk's points to all.
func decodePointChunk(all []keyedPoint, b []byte) ([]keyedPoint, error) {
	if len(b) == 0 || b[0] != pointChunkFormat {
		return all, errBadChunk
	}
	b = b[1:]
	bad := false
	uvarint := func() uint64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			bad, b = true, nil
			return 0
		}
		b = b[n:]
		return v
	}
	varint := func() int64 {
		v, n := binary.Varint(b)
		if n <= 0 {
			bad, b = true, nil
			return 0
		}
		b = b[n:]
		return v
	}
	bytesOf := func(n uint64) []byte {
		if n > uint64(len(b)) {
			bad, b = true, nil
			return nil
		}
		v := b[:n]
		b = b[n:]
		return v
	}
	ns := uvarint()
	if ns > uint64(len(b)) {
		return all, errBadChunk
	}
	strs := make([]string, ns)
	for i := range strs {
		strs[i] = string(bytesOf(uvarint()))
	}
	str := func() string {
		i := uvarint()
		if i >= uint64(len(strs)) {
			bad = true
			return ""
		}
		return strs[i]
	}
	n := uvarint()
	if bad || n > uint64(len(b)) {
		return all, errBadChunk
	}
	all = slices.Grow(all, int(n))
	prev := int64(0)
	for range n {
		var k keyedPoint
		p := &k.Point
		k.id = prev + int64(uvarint())
		prev = k.id
		k.day = varint()
		fixed := bytesOf(17)
		if bad {
			return all, errBadChunk
		}
		p.Lon = math.Float64frombits(binary.LittleEndian.Uint64(fixed))
		p.Lat = math.Float64frombits(binary.LittleEndian.Uint64(fixed[8:]))
		p.Hedged = fixed[16] != 0
		p.Fatalities = int(varint())
		p.Type, p.SubType, p.Date, p.Location, p.Country, p.Admin1, p.Actor1, p.Actor2, p.Status =
			str(), str(), str(), str(), str(), str(), str(), str(), str()
		p.ID = string(bytesOf(uvarint()))
		if bad {
			return all, errBadChunk
		}
		all = append(all, k)
	}
	if len(b) != 0 {
		return all, errBadChunk
	}
	return all, nil
}

// chunkPoints reads the located events of one chunk from the events
// table, rows ascending.
func chunkPoints(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, chunk int64) ([]keyedPoint, error) {
	lo := chunk << pointChunkShift
	rows, err := q.QueryContext(ctx, `SELECT `+pointCols+` FROM events e WHERE e.id BETWEEN ? AND ? AND `+located+` ORDER BY e.id`,
		lo, lo+1<<pointChunkShift-1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var pts []keyedPoint
	for rows.Next() {
		var k keyedPoint
		if err := scanPointRow(rows, &k); err != nil {
			return nil, err
		}
		pts = append(pts, k)
	}
	return pts, rows.Err()
}

// execQuerier is what makes chunks: a transaction.
type execQuerier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}

// writePointChunks makes the chunks again from the events table, in tx.
func writePointChunks(ctx context.Context, tx execQuerier, chunks []int64) error {
	for _, c := range chunks {
		pts, err := chunkPoints(ctx, tx, c)
		if err != nil {
			return fmt.Errorf("points chunk %d: %w", c, err)
		}
		if len(pts) == 0 {
			_, err = tx.ExecContext(ctx, `DELETE FROM point_chunks WHERE chunk = ?`, c)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO point_chunks (chunk, points, data) VALUES (?, ?, ?)
				ON CONFLICT (chunk) DO UPDATE SET points = excluded.points, data = excluded.data`, c, len(pts), encodePointChunk(pts))
		}
		if err != nil {
			return fmt.Errorf("points chunk %d: %w", c, err)
		}
	}
	return nil
}

// buildPointChunks makes every chunk, from the events stored: migration
// 12's part in Go.
func buildPointChunks(ctx context.Context, tx execQuerier) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM point_chunks`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT id >> ? FROM events e WHERE `+located+` ORDER BY 1`, pointChunkShift)
	if err != nil {
		return err
	}
	var chunks []int64
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		chunks = append(chunks, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return writePointChunks(ctx, tx, chunks)
}

// pointEdits are what a transaction did to one chunk's events.
type pointEdits struct {
	deleted  map[int64]bool       // rows deleted: their points, as the chunk had them, leave it
	inserted map[int64]keyedPoint // located events inserted, by row
}

func (w *writer) pointEdits(row int64) *pointEdits {
	if w.pointChunks == nil {
		w.pointChunks = map[int64]*pointEdits{}
	}
	c := row >> pointChunkShift
	ed := w.pointChunks[c]
	if ed == nil {
		ed = &pointEdits{deleted: map[int64]bool{}, inserted: map[int64]keyedPoint{}}
		w.pointChunks[c] = ed
	}
	return ed
}

// pointInserted adds a located event, stored at row, to its chunk, as
// scanPointRow would read it back (day: -1 when unknown).
func (w *writer) pointInserted(row, day int64, e *event.Event) {
	w.pointEdits(row).inserted[row] = keyedPoint{key: key{day: day, id: row}, Point: Point{
		ID: e.ID, Lon: *e.Longitude, Lat: *e.Latitude, Type: string(e.EventType), SubType: string(e.SubEventType),
		Date: e.EventDate, Location: e.Location, Country: e.Country, Admin1: e.Admin1, Actor1: e.Actor1, Actor2: e.Actor2,
		Fatalities: e.Fatalities, Status: e.Claim.Status, Hedged: e.Claim.Hedged,
	}}
}

// pointDeleted takes the event at row, located or not, out of its chunk.
// The row may be given again in the same transaction (pointInserted).
func (w *writer) pointDeleted(row int64) {
	ed := w.pointEdits(row)
	delete(ed.inserted, row)
	ed.deleted[row] = true
}

// flushPoints writes the chunks the transaction changed: each as it was,
// less the rows deleted, plus the events inserted. A chunk that does not
// decode is made again from the events table. Making every chunk touched
// again from the events table instead (reading its 1,024 rows) took
// half of the time of a one-document commit.
func (w *writer) flushPoints() error {
	for _, c := range slices.Sorted(maps.Keys(w.pointChunks)) {
		ed := w.pointChunks[c]
		var old []byte
		err := w.queryRow(`SELECT data FROM point_chunks WHERE chunk = ?`, c).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("points chunk %d: %w", c, err)
		}
		var pts []keyedPoint
		if old != nil {
			if pts, err = decodePointChunk(nil, old); err != nil {
				if err := writePointChunks(w.ctx, w.tx, []int64{c}); err != nil {
					return err
				}
				continue
			}
		}
		pts = slices.DeleteFunc(pts, func(k keyedPoint) bool {
			_, again := ed.inserted[k.id]
			return ed.deleted[k.id] || again
		})
		for _, k := range ed.inserted {
			pts = append(pts, k)
		}
		slices.SortFunc(pts, func(a, b keyedPoint) int { return cmp.Compare(a.id, b.id) })
		if len(pts) == 0 {
			_, err = w.exec(`DELETE FROM point_chunks WHERE chunk = ?`, c)
		} else {
			_, err = w.exec(`INSERT INTO point_chunks (chunk, points, data) VALUES (?, ?, ?)
				ON CONFLICT (chunk) DO UPDATE SET points = excluded.points, data = excluded.data`, c, len(pts), encodePointChunk(pts))
		}
		if err != nil {
			return fmt.Errorf("points chunk %d: %w", c, err)
		}
	}
	return nil
}

// allPoints reads every chunk, in one statement (one snapshot of the
// store): every located event, in no particular order.
func (s *Store) allPoints(ctx context.Context) ([]keyedPoint, error) {
	var total int
	if err := s.queryRow(ctx, `SELECT coalesce(sum(points), 0) FROM point_chunks`).Scan(&total); err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT chunk, data FROM point_chunks`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Sized for every point (the sum may be a commit behind: it only sizes).
	all := make([]keyedPoint, 0, total)
	var data sql.RawBytes
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c, &data); err != nil {
			return nil, err
		}
		if all, err = decodePointChunk(all, data); err != nil {
			return nil, fmt.Errorf("points chunk %d: %w", c, err)
		}
	}
	return all, rows.Err()
}
