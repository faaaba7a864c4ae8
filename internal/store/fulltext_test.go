package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
)

// TestRareList holds a rare term's listed documents (ftsListCond) to the
// full-text query they stand for: the same events in the same pages,
// with and without a box and dates, and the same refusal of a query
// SQLite cannot read.
func TestRareList(t *testing.T) {
	ctx := context.Background()
	s := openWith(t, 300)
	pages := func(f Filter, listed bool, limit int) []key {
		q, err := s.buildQuery(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.Index(q.where, ftsListCond)
		if listed != (i >= 0) {
			t.Fatalf("%+v: documents listed %v, want %v", f, i >= 0, listed)
		}
		if i >= 0 {
			q.where[i], q.args[q.argAt(i)] = ftsCond, f.Query
		}
		return drain(t, limit, func(after key) ([]row, error) { return s.pageRows(ctx, q, f, after, limit) })
	}
	box := &BBox{MinLat: 30, MinLon: 40, MaxLat: 33, MaxLon: 43}
	for _, query := range []string{"Place17", `"report 12"`, "Place3 OR Place4", "Place999", "shelling"} {
		for _, f := range []Filter{{Query: query}, {Query: query, BBox: box}, {Query: query, From: "2022-01-01", To: "2022-12-31"}} {
			for _, limit := range []int{1, 3, 100} {
				rare := query != "shelling"   // in every document
				want := pages(f, rare, limit) // the documents listed put back
				if len(want) == 0 && f == (Filter{Query: "Place17"}) {
					t.Fatal("Place17: no events, nothing to compare")
				}
				if got := keysOf(t, s, f); !slices.Equal(got, want) {
					t.Errorf("%+v, pages of %d: the listed documents give %v, the query %v", f, limit, got, want)
				}
				n := 0
				for cursor := ""; ; {
					page, err := s.RawEvents(ctx, f, cursor, limit)
					if err != nil {
						t.Fatal(err)
					}
					if n += len(page.Events); page.Next == "" {
						break
					}
					cursor = page.Next
				}
				if n != len(want) {
					t.Errorf("%+v, pages of %d: %d events listed, want %d", f, limit, n, len(want))
				}
			}
		}
	}
	if _, err := s.RawEvents(ctx, Filter{Query: `"unterminated`}, "", 10); err == nil {
		t.Error(`"unterminated: no error`)
	} else if qe := (*QueryError)(nil); !errors.As(err, &qe) {
		t.Errorf(`"unterminated: %v, want a QueryError`, err)
	}
}

// keysOf is the keys of every event matching f, as the listing finds them.
func keysOf(t *testing.T, s *Store, f Filter) []key {
	t.Helper()
	q, err := s.buildQuery(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.pageRows(context.Background(), q, f, key{day: 1 << 40}, MaxLimit)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]key, len(rows))
	for i, r := range rows {
		keys[i] = r.key
	}
	return keys
}

// TestStmtsBound holds the readers' prepared statements to maxStmts: past
// it, queries still run, unprepared.
func TestStmtsBound(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	for i := range maxStmts + 10 {
		var n int
		if err := s.queryRow(ctx, fmt.Sprintf("SELECT %d", i)).Scan(&n); err != nil || n != i {
			t.Fatalf("query %d: %d, %v", i, n, err)
		}
	}
	if n := len(s.stmts.m); n != maxStmts {
		t.Errorf("%d statements kept, want %d", n, maxStmts)
	}
}

// TestFullTextPlanCount holds the plan that fullTextPlan picks, listing
// up to fewDocs documents in its first run and counting only past them,
// to the one that a single count of the matches gives: listed up to
// common/3 (or fewDocs), walked up to 3·common, in batches past that.
func TestFullTextPlanCount(t *testing.T) {
	ctx := context.Background()
	s := openWith(t, 1000)
	common := 317 // √(DefaultLimit·1000) + 1
	seen := map[string]bool{}
	for _, query := range []string{"Place17", "Place10* OR Place11*", "Place10* OR Place11* OR Place12 OR Place13 OR Place14 OR Place15", "Place10* OR Place11* OR Place12*", "Place1*", "Place2* OR Place3*", "Place* NOT Place4*", "shelling", "Place999"} {
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?`, query).Scan(&n); err != nil {
			t.Fatal(err)
		}
		want := "listed"
		switch {
		case n > 3*common:
			want = "batches"
		case n > common/3 && n > fewDocs:
			want = "walked"
		}
		seen[want] = true
		seen["past fewDocs"] = seen["past fewDocs"] || want == "listed" && n > fewDocs
		q, err := s.buildQuery(ctx, Filter{Query: query})
		if err != nil {
			t.Fatal(err)
		}
		got := "walked"
		switch {
		case slices.Contains(q.where, ftsListCond):
			got = "listed"
		case q.commonFTS:
			got = "batches"
		}
		if got != want {
			t.Errorf("%s: %d documents match: %s, want %s", query, n, got, want)
		}
	}
	// Past fewDocs, a term is listed only in a store of more than
	// 9·fewDocs²/page documents (about 5,900): not this one.
	if !seen["listed"] || !seen["walked"] || !seen["batches"] {
		t.Errorf("the queries take only the plans %v", seen)
	}
}

// TestSplitWalk holds a walked term's split condition (ftsSplitCond) to
// the full-text query it stands for: the same events in the same pages,
// with and without a box and dates, and from a cursor deep in the list,
// past the documents of the split.
func TestSplitWalk(t *testing.T) {
	ctx := context.Background()
	s := openWith(t, 1000)
	walked := 0
	for _, term := range []string{"Place10* OR Place11*", "Place10* OR Place11* OR Place12 OR Place13 OR Place14 OR Place15", "Place10* OR Place11* OR Place12*", "Place1*", "Place2* OR Place3*"} {
		box := &BBox{MinLat: 30, MinLon: 40, MaxLat: 33, MaxLon: 43}
		for _, f := range []Filter{{Query: term}, {Query: term, BBox: box}, {Query: term, From: "2022-01-01", To: "2022-12-31"}} {
			q, err := s.buildQuery(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.Index(q.where, ftsSplitCond)
			if i < 0 {
				continue
			}
			walked++
			old := q
			at := q.argAt(i)
			old.where = slices.Clone(q.where)
			old.where[i] = "+" + ftsCond
			old.args = slices.Replace(slices.Clone(q.args), at, at+5, any(term))
			for _, limit := range []int{1, 3, 100} {
				var got, want []key
				for _, c := range []struct {
					q    query
					keys *[]key
				}{{q, &got}, {old, &want}} {
					for after := (key{day: 1 << 40}); ; {
						rows, err := s.pageRows(ctx, c.q, f, after, limit)
						if err != nil {
							t.Fatal(err)
						}
						for _, r := range rows {
							*c.keys = append(*c.keys, r.key)
						}
						if len(rows) < limit {
							break
						}
						after = rows[len(rows)-1].key
					}
				}
				if len(want) == 0 {
					t.Fatalf("%+v: no events, nothing to compare", f)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%+v, pages of %d: split %d events, the query %d (or in another order)", f, limit, len(got), len(want))
				}
			}
		}
	}
	if walked == 0 {
		t.Fatal("no query was walked")
	}
}

// drain reads pages of limit rows from the newest until one is short, and
// returns their keys in order.
func drain(t *testing.T, limit int, next func(after key) ([]row, error)) []key {
	t.Helper()
	var keys []key
	for after := (key{day: 1 << 40}); ; {
		rows, err := next(after)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			keys = append(keys, r.key)
		}
		if len(rows) < limit {
			return keys
		}
		after = rows[len(rows)-1].key
	}
}
