package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/text"
)

// query is a filter compiled to SQL conditions on events e, with
// numbered arguments.
type query struct {
	where        []string
	args         []any
	fromDay, toD int64
	actors       []string // the stored spellings of the actor asked for
	others       bool     // conditions other than place and time
}

// arg adds an argument and returns its placeholder.
func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return fmt.Sprintf("$%d", len(q.args))
}

func (q *query) add(cond string) { q.where = append(q.where, cond) }

// buildQuery compiles f as the SQLite store does: the same checks and
// errors, the actor by the stored spellings folding to the name asked
// for, the full-text query translated from FTS5's syntax.
func (s *Store) buildQuery(ctx context.Context, f store.Filter) (*query, error) {
	from, to, err := store.FilterDays(f)
	if err != nil {
		return nil, err
	}
	q := &query{fromDay: from, toD: to}
	var words string
	if f.Query != "" {
		if words, err = tsquery(f.Query); err != nil {
			return nil, err
		}
	}
	eq := func(col, v string) {
		if v != "" {
			q.add(col + " = " + q.arg(v))
		}
	}
	eq("e.event_type", f.EventType)
	eq("e.sub_event_type", f.SubEventType)
	nocase := func(col, v string) { // SQLite's NOCASE: ASCII letters only
		if v != "" {
			q.add(`lower(` + col + ` COLLATE "C") = lower(` + q.arg(v) + ` COLLATE "C")`)
		}
	}
	nocase("e.country", f.Country)
	nocase("e.admin1", f.Admin1)
	nocase("e.outlet", f.Outlet)
	eq("e.claim_status", f.ClaimStatus)
	if f.IncidentStatus != "" {
		q.add("e.incident IN (SELECT id FROM incidents WHERE status = " + q.arg(f.IncidentStatus) + ")")
	}
	if words != "" {
		cond, err := s.matching(ctx, q, words)
		if err != nil {
			return nil, err
		}
		q.add(cond)
	}
	if f.Actor != "" {
		q.actors = []string{f.Actor}
		rows, err := s.pool.Query(ctx, `SELECT name FROM actors WHERE fold = $1 ORDER BY name`, text.Fold(f.Actor))
		if err != nil {
			return nil, s.errorf("actor: %w", err)
		}
		var names []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return nil, err
			}
			names = append(names, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(names) > 0 {
			q.actors = names
		}
		p := q.arg(q.actors)
		q.add("(e.actor1 = ANY(" + p + ") OR e.actor2 = ANY(" + p + "))")
	}
	if f.Incident != 0 {
		q.add("e.incident = " + q.arg(f.Incident) + "::bigint")
	}
	if f.MinFatalities > 0 {
		q.add("e.fatalities >= " + q.arg(f.MinFatalities))
	}
	q.others = len(q.where) > 0
	if b := f.BBox; b != nil {
		q.add("e.latitude BETWEEN " + q.arg(b.MinLat) + " AND " + q.arg(b.MaxLat) + " AND e.longitude BETWEEN " + q.arg(b.MinLon) + " AND " + q.arg(b.MaxLon))
	}
	if f.From != "" || f.To != "" {
		q.add("e.day BETWEEN " + q.arg(q.fromDay) + "::bigint AND " + q.arg(q.toD) + "::bigint")
	}
	return q, nil
}

// fewDocs is how many documents a full-text query may match and still be
// looked up as a list of ids.
const fewDocs = 10000

// matching is the condition that an event's document matches a
// full-text query. The planner cannot tell a rare word from a common
// one, so the store does: the documents of a rare word are found first
// and their events looked up by document (a page in milliseconds, where
// walking the events newest first and testing each document took 300);
// a common word's events are met soon enough walking them in order.
func (s *Store) matching(ctx context.Context, q *query, words string) (string, error) {
	var ids []int64
	err := s.pool.QueryRow(ctx, `SELECT coalesce(array_agg(id), '{}') FROM (SELECT id FROM documents WHERE words @@ $1::tsquery LIMIT $2) d`,
		words, fewDocs+1).Scan(&ids)
	if err != nil {
		return "", s.errorf("full-text query: %w", queryError(err))
	}
	if len(ids) <= fewDocs {
		return "e.doc = ANY(" + q.arg(ids) + "::bigint[])", nil
	}
	return "e.doc IN (SELECT id FROM documents WHERE words @@ " + q.arg(words) + "::tsquery)", nil
}

// conds is the conditions joined with AND, "TRUE" when there are none.
func (q *query) conds() string {
	if len(q.where) == 0 {
		return "TRUE"
	}
	return strings.Join(q.where, " AND ")
}

// tsquery translates a full-text query in FTS5's syntax, as the SQLite
// store takes it (words, "phrases", AND/OR/NOT, prefix*, parentheses,
// title: and text: column filters), into PostgreSQL's tsquery over the
// documents' words. What FTS5 refuses it refuses too, as a
// *store.QueryError.
func tsquery(q string) (string, error) {
	p := &ftsParser{src: q}
	p.next()
	out, err := p.or()
	if err == nil && p.tok.kind != tEOF {
		err = fmt.Errorf("syntax error near %q", p.tok.text)
	}
	if p.tok.kind == tUnterminated {
		err = errors.New("unterminated string")
	}
	if err != nil {
		return "", &store.QueryError{Query: q, Reason: err.Error()}
	}
	return out, nil
}

type tokKind int

const (
	tEOF tokKind = iota
	tWord
	tPhrase
	tAnd
	tOr
	tNot
	tOpen
	tClose
	tColon
	tStar
	tBad          // a rune FTS5 does not take
	tUnterminated // a phrase without its closing quote
)

type token struct {
	kind tokKind
	text string
}

type ftsParser struct {
	src string
	pos int
	tok token
}

// bareword runes, as FTS5 reads them: letters and digits of ASCII,
// anything beyond ASCII, '_' and U+001A.
func bare(r rune) bool {
	return r >= utf8.RuneSelf || r == '_' || r == 0x1a || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
}

func (p *ftsParser) next() {
	for p.pos < len(p.src) && strings.ContainsRune(" \t\n\r\f\v", rune(p.src[p.pos])) {
		p.pos++
	}
	if p.pos >= len(p.src) {
		p.tok = token{kind: tEOF}
		return
	}
	c := p.src[p.pos]
	switch c {
	case '(':
		p.pos++
		p.tok = token{tOpen, "("}
		return
	case ')':
		p.pos++
		p.tok = token{tClose, ")"}
		return
	case ':':
		p.pos++
		p.tok = token{tColon, ":"}
		return
	case '*':
		p.pos++
		p.tok = token{tStar, "*"}
		return
	case '"':
		// A phrase; "" inside stands for one quote.
		var b strings.Builder
		i := p.pos + 1
		for {
			if i >= len(p.src) {
				p.tok = token{kind: tUnterminated, text: p.src[p.pos:]}
				p.pos = len(p.src)
				return
			}
			if p.src[i] == '"' {
				if i+1 < len(p.src) && p.src[i+1] == '"' {
					b.WriteByte('"')
					i += 2
					continue
				}
				break
			}
			b.WriteByte(p.src[i])
			i++
		}
		p.pos = i + 1
		p.tok = token{tPhrase, b.String()}
		return
	}
	start := p.pos
	for p.pos < len(p.src) {
		r, n := utf8.DecodeRuneInString(p.src[p.pos:])
		if !bare(r) {
			break
		}
		p.pos += n
	}
	if p.pos == start {
		r, n := utf8.DecodeRuneInString(p.src[p.pos:])
		p.pos += n
		p.tok = token{kind: tBad, text: string(r)}
		return
	}
	w := p.src[start:p.pos]
	switch w {
	case "AND":
		p.tok = token{tAnd, w}
	case "OR":
		p.tok = token{tOr, w}
	case "NOT":
		p.tok = token{tNot, w}
	default:
		p.tok = token{tWord, w}
	}
}

func (p *ftsParser) or() (string, error) {
	left, err := p.and()
	if err != nil {
		return "", err
	}
	for p.tok.kind == tOr {
		p.next()
		right, err := p.and()
		if err != nil {
			return "", err
		}
		left = "(" + left + " | " + right + ")"
	}
	return left, nil
}

func (p *ftsParser) and() (string, error) {
	left, err := p.not()
	if err != nil {
		return "", err
	}
	for p.tok.kind == tAnd {
		p.next()
		right, err := p.not()
		if err != nil {
			return "", err
		}
		left = "(" + left + " & " + right + ")"
	}
	return left, nil
}

// not binds tighter than AND and OR, as in FTS5.
func (p *ftsParser) not() (string, error) {
	left, err := p.unit()
	if err != nil {
		return "", err
	}
	for p.tok.kind == tNot {
		p.next()
		right, err := p.unit()
		if err != nil {
			return "", err
		}
		left = "(" + left + " & !" + right + ")"
	}
	return left, nil
}

// unit is a parenthesized query, or phrases side by side (an implicit
// AND, which FTS5 allows between phrases only, not groups).
func (p *ftsParser) unit() (string, error) {
	if p.tok.kind == tOpen {
		return p.group()
	}
	left, err := p.cnear(true)
	if err != nil {
		return "", err
	}
	for p.tok.kind == tWord || p.tok.kind == tPhrase {
		right, err := p.cnear(false)
		if err != nil {
			return "", err
		}
		left = "(" + left + " & " + right + ")"
	}
	return left, nil
}

func (p *ftsParser) group() (string, error) {
	p.next()
	inner, err := p.or()
	if err != nil {
		return "", err
	}
	if p.tok.kind != tClose {
		return "", fmt.Errorf("syntax error near %q", p.tok.text)
	}
	p.next()
	return inner, nil
}

// cnear is a phrase, or a column filter and a phrase (or, first in a
// unit, a group).
func (p *ftsParser) cnear(first bool) (string, error) {
	switch p.tok.kind {
	case tWord:
		w := p.tok.text
		p.next()
		if p.tok.kind != tColon {
			return p.phrase(w)
		}
		var weight string
		switch strings.ToLower(w) {
		case "title":
			weight = "A"
		case "text":
			weight = "B"
		default:
			return "", fmt.Errorf("no such column: %s", w)
		}
		p.next()
		var inner string
		var err error
		switch p.tok.kind {
		case tOpen:
			if !first {
				return "", fmt.Errorf("syntax error near %q", p.tok.text)
			}
			inner, err = p.group()
		case tWord, tPhrase:
			w := p.tok.text
			p.next()
			inner, err = p.phrase(w)
		default:
			return "", fmt.Errorf("syntax error near %q", p.tok.text)
		}
		if err != nil {
			return "", err
		}
		return weighted(inner, weight), nil
	case tPhrase:
		w := p.tok.text
		p.next()
		return p.phrase(w)
	case tEOF:
		return "", fmt.Errorf("syntax error near \"\"")
	}
	return "", fmt.Errorf("syntax error near %q", p.tok.text)
}

// phrase is a word or phrase, split into tokens as the index splits text,
// then a '*' after it when it is a prefix.
func (p *ftsParser) phrase(s string) (string, error) {
	prefix := false
	if p.tok.kind == tStar {
		prefix = true
		p.next()
	}
	toks := strings.Fields(words(s))
	if len(toks) == 0 {
		// Nothing to look for (FTS5 matches no row): a lexeme no text has.
		return "'\\ '", nil
	}
	for i, t := range toks {
		toks[i] = "'" + strings.ReplaceAll(strings.ReplaceAll(t, `\`, `\\`), "'", "''") + "'"
		if prefix && i == len(toks)-1 {
			toks[i] += ":*"
		}
	}
	if len(toks) == 1 {
		return toks[0], nil
	}
	return "(" + strings.Join(toks, " <-> ") + ")", nil
}

// weighted restricts every lexeme of a tsquery to a weight (a column).
func weighted(q, weight string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		b.WriteByte(c)
		switch {
		case c == '\\' && in && i+1 < len(q):
			i++
			b.WriteByte(q[i])
		case c == '\'' && in && i+1 < len(q) && q[i+1] == '\'':
			i++
			b.WriteByte(q[i])
		case c == '\'':
			in = !in
			if !in {
				if strings.HasPrefix(q[i+1:], ":*") {
					b.WriteString(":*" + weight)
					i += 2
				} else {
					b.WriteString(":" + weight)
				}
			}
		}
	}
	return b.String()
}
