package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/sitrep/sitrep/internal/fuse"
)

// IncidentSummary is a listed incident: its summary with who said what,
// without the reports' full events (Incident has those).
type IncidentSummary struct {
	ID int64 `json:"id"`
	fuse.Incident
}

// IncidentPage is one page of incidents, newest first (by the incident's
// date, then storage order). Next is the cursor of the next page, ""
// after the last.
type IncidentPage struct {
	Incidents []IncidentSummary
	Next      string
}

// eventsIn is the condition "has an event that matches q" on a column
// holding event foreign keys; "" when q selects every event.
func eventsIn(col, fk string, q query) (string, []any) {
	where, args := q.conds()
	if len(where) == 0 {
		return "", nil
	}
	return col + " IN (SELECT e." + fk + " FROM events e WHERE " + strings.Join(where, " AND ") + ")", args
}

// Incidents returns the page of incidents with at least one event that
// matches f, after cursor ("" for the first page); limit as for Events.
func (s *Store) Incidents(ctx context.Context, f Filter, cursor string, limit int) (IncidentPage, error) {
	var page IncidentPage
	limit = pageLimit(limit)
	q, err := s.buildQuery(ctx, f)
	if err != nil {
		return page, err
	}
	after := key{day: 1 << 40}
	if cursor != "" {
		if after, err = parseCursor(cursor); err != nil {
			return page, err
		}
	}
	cond, cargs := eventsIn("i.id", "incident", q)
	// Dated incidents newest first, then those of no known day (NULL),
	// by id, as events are paged.
	var last key
	for len(page.Incidents) < limit {
		where, args := []string{"(i.day, i.id) < (?, ?)"}, []any{after.day, after.id}
		if after.undated {
			where, args = []string{"i.day IS NULL AND i.id < ?"}, []any{after.id}
		}
		if cond != "" {
			where, args = append(where, cond), append(args, cargs...)
		}
		order := ` ORDER BY i.day DESC, i.id DESC LIMIT ?`
		if after.undated {
			order = ` ORDER BY i.id DESC LIMIT ?`
		}
		_, err := s.incidentRows(ctx, `SELECT i.id, i.day, i.body FROM incidents i WHERE `+strings.Join(where, " AND ")+order,
			append(args, limit-len(page.Incidents)), &page, &last)
		if err != nil {
			return page, err
		}
		if after.undated || len(page.Incidents) == limit {
			break
		}
		// The dated ones are done: go on with the undated.
		after = key{undated: true, id: math.MaxInt64}

	}
	if len(page.Incidents) == limit {
		page.Next = last.String()
	}
	return page, nil
}

// incidentRows appends the incidents of a page query to page, keeping the
// key of the last in last.
func (s *Store) incidentRows(ctx context.Context, query string, args []any, page *IncidentPage, last *key) (int, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return 0, queryError(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var body []byte
		var day sql.NullInt64
		var inc IncidentSummary
		if err := rows.Scan(&inc.ID, &day, &body); err != nil {
			return n, fmt.Errorf("store %s: incidents: %w", s.path, err)
		}
		if err := json.Unmarshal(body, &inc.Incident); err != nil {
			return n, fmt.Errorf("store %s: incident %d: %w", s.path, inc.ID, err)
		}
		*last = key{day: day.Int64, id: inc.ID, undated: !day.Valid}
		page.Incidents = append(page.Incidents, inc)
		n++
	}
	if err := queryError(rows.Err()); err != nil {
		return n, fmt.Errorf("store %s: incidents: %w", s.path, err)
	}
	return n, nil
}

// DocumentSummary is a listed document: its metadata and how many events
// were read from it, without its text.
type DocumentSummary struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Outlet    string `json:"outlet"`
	Author    string `json:"author"`
	Title     string `json:"title"`
	Published string `json:"published"` // YYYY-MM-DD, "" when unknown
	Lang      string `json:"lang"`
	Events    int    `json:"events"`
	Ingested  string `json:"ingested_at"` // RFC 3339
}

// DocumentPage is one page of documents, the last stored first. Next is
// the cursor of the next page, "" after the last.
type DocumentPage struct {
	Documents []DocumentSummary
	Next      string
}

// Documents returns the page of documents after cursor ("" for the first
// page): every document when f is empty, else those with at least one
// event that matches f. limit as for Events.
func (s *Store) Documents(ctx context.Context, f Filter, cursor string, limit int) (DocumentPage, error) {
	var page DocumentPage
	limit = pageLimit(limit)
	q, err := s.buildQuery(ctx, f)
	if err != nil {
		return page, err
	}
	after := key{id: 1 << 62}
	if cursor != "" {
		if after, err = parseCursor(cursor); err != nil {
			return page, err
		}
	}
	where := []string{"d.id < ?"}
	args := []any{after.id}
	if cond, cargs := eventsIn("d.id", "doc", q); cond != "" {
		where = append(where, cond)
		args = append(args, cargs...)
	}
	rows, err := s.query(ctx, `SELECT d.id, d.doc_id, d.url, d.outlet, d.author, d.title, d.published, d.lang, d.ingested_at,
		(SELECT count(*) FROM events WHERE doc = d.id) FROM documents d WHERE `+strings.Join(where, " AND ")+
		` ORDER BY d.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return page, queryError(err)
	}
	defer rows.Close()
	var last int64
	for rows.Next() {
		var d DocumentSummary
		if err := rows.Scan(&last, &d.ID, &d.URL, &d.Outlet, &d.Author, &d.Title, &d.Published, &d.Lang, &d.Ingested, &d.Events); err != nil {
			return page, fmt.Errorf("store %s: documents: %w", s.path, err)
		}
		page.Documents = append(page.Documents, d)
	}
	if err := queryError(rows.Err()); err != nil {
		return page, fmt.Errorf("store %s: documents: %w", s.path, err)
	}
	if len(page.Documents) == limit {
		page.Next = key{id: last}.String()
	}
	return page, nil
}

func pageLimit(limit int) int {
	switch {
	case limit <= 0:
		return DefaultLimit
	case limit > MaxLimit:
		return MaxLimit
	}
	return limit
}
