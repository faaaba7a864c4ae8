package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// textRows is pageRows for a common full-text term without a box. The
// walk of the time index that fullTextPlan chooses tests each event's
// document against the term's matches, which SQLite first gathers into a
// temporary index: every matching document, 100,000 for a word in all of
// them, most of such a page's time (and a probe of the full-text index
// per event costs more still). Instead the walk takes the next events in
// order without the term, in batches, and asks the full-text index only
// for the matches among the documents of the batch, by rowid range:
// the events of a stretch of days come from documents stored about then,
// so the range is narrow; at worst it spans them all, as before.
//
// Each candidate is a row handed to Go, which costs about nine times
// what gathering a match costs SQLite (measured on 100,000 documents), so
// the batches pay only for a term in a good share of the documents: for
// page·D/r candidates against r·D gathered, r the share that matches, at
// least √(9·page/D). fullTextPlan counts the documents for that; when the
// events of a batch match less often than their documents' count says,
// the page goes on with the gathering plan from where the batch stopped.
func (s *Store) textRows(ctx context.Context, q query, f Filter, after key, limit int) ([]row, error) {
	i := slices.Index(q.where, "+"+ftsCond)
	if i < 0 {
		return s.pageRows(ctx, q, f, after, limit)
	}
	at := q.argAt(i) // the full-text query's place among the arguments
	fts := q.args[at]
	bare := q
	bare.where = slices.Delete(slices.Clone(q.where), i, i+1)
	bare.args = slices.Delete(slices.Clone(q.args), at, at+1)
	var out []candidate
	batch := max(2*limit, 64)
	for len(out) < limit {
		query, args := listQuery(bare, after, batch)
		// The same walk, with each event's document instead of its body.
		query = strings.ReplaceAll(query, "SELECT "+rowCols+" FROM", "SELECT e.id, e.day, e.doc FROM")
		cands, err := s.candidates(ctx, query, args)
		if err != nil {
			return nil, err
		}
		if len(cands) > 0 {
			match, err := s.matching(ctx, fts, cands)
			if err != nil {
				return nil, err
			}
			n := 0
			for _, c := range cands {
				if match[c.doc] {
					n++
					if len(out) < limit {
						out = append(out, c)
					}
				}
			}
			after = cands[len(cands)-1].key
			if r := float64(n) / float64(len(cands)); len(out) < limit && r*r*float64(q.docs) < 9*float64(limit) {
				page, err := s.bodies(ctx, out)
				if err != nil {
					return nil, err
				}
				more, err := s.pageRows(ctx, q, f, after, limit-len(out))
				return append(page, more...), err
			}
		}
		if len(cands) < batch {
			// This range of the index is walked: the dated events end,
			// then those of no known day unless dates were asked for.
			if after.undated || f.From != "" || f.To != "" {
				break
			}
			after = key{undated: true, id: 1<<63 - 1}
		}
		batch = min(2*batch, 1<<14)
	}
	return s.bodies(ctx, out)
}

type candidate struct {
	key
	doc int64
}

func (s *Store) candidates(ctx context.Context, query string, args []any) ([]candidate, error) {
	rs, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, queryError(err)
	}
	defer rs.Close()
	var out []candidate
	for rs.Next() {
		var c candidate
		var day *int64
		if err := rs.Scan(&c.id, &day, &c.doc); err != nil {
			return nil, err
		}
		if day != nil {
			c.day = *day
		} else {
			c.undated = true
		}
		out = append(out, c)
	}
	return out, queryError(rs.Err())
}

// matching is which documents of cands match the full-text query: those
// the index holds between the lowest and the highest.
func (s *Store) matching(ctx context.Context, fts any, cands []candidate) (map[int64]bool, error) {
	lo, hi := cands[0].doc, cands[0].doc
	for _, c := range cands {
		lo, hi = min(lo, c.doc), max(hi, c.doc)
	}
	rs, err := s.query(ctx, `SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? AND rowid BETWEEN ? AND ?`, fts, lo, hi)
	if err != nil {
		return nil, queryError(err)
	}
	defer rs.Close()
	match := map[int64]bool{}
	for rs.Next() {
		var id int64
		if err := rs.Scan(&id); err != nil {
			return nil, err
		}
		match[id] = true
	}
	return match, queryError(rs.Err())
}

// bodies reads the events of a page, in its order.
func (s *Store) bodies(ctx context.Context, page []candidate) ([]row, error) {
	if len(page) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(page))
	for i, c := range page {
		ids[i] = c.id
	}
	list, _ := json.Marshal(ids)
	rs, err := s.query(ctx, `SELECT id, body, coalesce(incident, 0), doc FROM events WHERE id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	body := make(map[int64]row, len(page))
	for rs.Next() {
		var id int64
		var r row
		if err := rs.Scan(&id, &r.body, &r.incident, &r.doc); err != nil {
			return nil, err
		}
		body[id] = r
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	out := make([]row, len(page))
	for i, c := range page {
		b, ok := body[c.id]
		if !ok {
			return nil, fmt.Errorf("event row %d: gone while its page was read", c.id)
		}
		b.key = c.key
		out[i] = b
	}
	return out, nil
}
