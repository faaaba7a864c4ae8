package store

import (
	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
)

// What another backend (package pgstore) shares with this one, so that
// the two differ only in how they keep things, not in what they answer:
// ids, cursors, filter checks, the boxes of fusion and the trends' sums.

// Order places a document among the others of its input when several
// writers store them at once: Source names the input (a queue's stream)
// and Seq is the document's place in it, from 1. The SQLite store, with
// one writer, keeps the order of its calls and ignores it.
type Order struct {
	Source string
	Seq    uint64
}

// IdentifyDocument gives a document without them its hash and id, as
// PutDocuments does.
func IdentifyDocument(doc *document.Document) { identifyDocument(doc) }

// IdentifyEvents gives the events of document docID their document and,
// when they have none, an id by position; it refuses events of another
// document and ids given twice (the error says which).
func IdentifyEvents(docID string, events []event.Event) error { return identifyEvents(docID, events) }

// Bodies returns the events as Prepare encoded them, nil when it did not
// (or they changed count since).
func (d *Doc) Bodies() [][]byte {
	if len(d.bodies) != len(d.Events) {
		return nil
	}
	return d.bodies
}

// Cursor is a keyset position as Events, Incidents and Documents page:
// (Day, ID), both descending, then the items of no known day (Undated),
// by ID descending.
type Cursor struct {
	Day, ID int64
	Undated bool
}

// FirstCursor is the position before the first page.
var FirstCursor = Cursor{Day: 1 << 40}

// String encodes the cursor for a page's Next.
func (c Cursor) String() string { return key{day: c.Day, id: c.ID, undated: c.Undated}.String() }

// ParseCursor decodes a page's Next; a malformed one wraps ErrInvalid.
func ParseCursor(s string) (Cursor, error) {
	k, err := parseCursor(s)
	return Cursor{Day: k.day, ID: k.id, Undated: k.undated}, err
}

// Around returns a box holding the circle of km around a point, as fusion
// looks for candidates.
func Around(lat, lon, km float64) BBox { return around(lat, lon, km) }

// FilterDays checks a filter as every backend does (dates, box, minimum
// fatalities) and returns its dates as days since 1970 (the widest range
// when it gives none). Errors wrap ErrInvalid.
func FilterDays(f Filter) (from, to int64, err error) {
	q, err := filterQuery(f)
	return q.fromDay, q.toD, err
}

// PageLimit is the page size a limit asks for: DefaultLimit for 0 or
// less, at most MaxLimit.
func PageLimit(limit int) int { return pageLimit(limit) }

// ListLimit is the size of a list of places or actors a limit asks for.
func ListLimit(limit int) int { return capLimit(limit) }
