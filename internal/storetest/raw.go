package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/store"
)

// RawReader is what Raw asks of a store.
type RawReader interface {
	Events(ctx context.Context, f store.Filter, cursor string, limit int) (store.EventPage, error)
	RawEvents(ctx context.Context, f store.Filter, cursor string, limit int) (store.RawPage, error)
	IncidentReports(ctx context.Context, id int64, after string, limit int) (store.Incident, error)
	RawIncidentReports(ctx context.Context, id int64, after string, limit int) (store.RawIncident, error)
}

// RawDocs are documents whose events carry what a JSON encoder may write
// in more than one way: HTML's <, > and &, invalid UTF-8, U+2028,
// quotes, backslashes, text that reads like an escape, and an incident
// and a time of storing of their own (which the store's replace).
func RawDocs(prefix string) []store.Doc {
	docs := Docs(prefix, 7, 12)
	odd := []string{
		`Shelling near <Kalvo> & "the bridge" \ depot`,
		"bad bytes \xff\xfe here, and a line\u2028separator",
		`text that reads \u003c like an escape & \\u0026 too`,
		"tabs\tand\nnewlines, \x01 control, émigrés",
	}
	for i := range docs {
		for k := range docs[i].Events {
			e := &docs[i].Events[k]
			s := odd[(i+k)%len(odd)]
			e.Notes = s
			e.Location += " " + s[:5]
			e.Claim.Source = s
			e.Evidence[0].Text = s
			if i%3 == 0 {
				e.Incident, e.Timestamp = 99, 12345 // not the store's
			}
			if i%4 == 1 {
				e.Fields = map[string]event.Span{"location": {Start: 1, End: 2, Text: "<" + s[:3]}}
			}
		}
	}
	return docs
}

// Raw fails t where a listing or an incident page written from the
// stored bodies differs by a byte from one written from the decoded
// events as the API encodes them (json.Encoder, HTML escaping off), in
// full and with fields= projections.
func Raw(t testing.TB, s RawReader) {
	t.Helper()
	ctx := context.Background()
	projections := [][]string{
		{"id", "event_date", "latitude", "longitude"},
		{"notes", "incident_id", "timestamp", "claim", "id"},
		{"field_evidence", "injuries", "quantities", "control", "rank", "main", "geonameid", "date_source"},
		{"evidence", "evidence", "fatalities_high", "outlet", "url", "published", "country_code"},
	}
	incidents := map[int64]bool{}
	checked := 0
	for _, f := range append(Filters(), store.Filter{Query: "kalvo"}) {
		what := fmt.Sprintf("filter %+v", f)
		cursor := ""
		for range 50 {
			raw, err1 := s.RawEvents(ctx, f, cursor, 9)
			dec, err2 := s.Events(ctx, f, cursor, 9)
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("%s: errors differ: %v | %v", what, err1, err2)
			}
			if err1 != nil {
				break
			}
			if len(raw.Events) != len(dec.Events) || raw.Next != dec.Next {
				t.Fatalf("%s: %d events, next %q raw; %d, %q decoded", what, len(raw.Events), raw.Next, len(dec.Events), dec.Next)
			}
			for i := range raw.Events {
				e := &dec.Events[i]
				incidents[e.Incident] = true
				same(t, what+" event "+e.ID, raw.Events[i].AppendJSON(nil), encode(t, e))
				for _, fields := range projections {
					got, err := raw.Events[i].AppendFields(nil, fields)
					if err != nil {
						t.Fatal(err)
					}
					same(t, what+" event "+e.ID+" fields "+strings.Join(fields, ","), got, encode(t, project(t, e, fields)))
				}
				checked++
			}
			if raw.Next == "" {
				break
			}
			cursor = raw.Next
		}
	}
	for id := range incidents {
		for _, page := range []struct {
			after string
			limit int
		}{{"", 0}, {"", 1}} {
			raw, err1 := s.RawIncidentReports(ctx, id, page.after, page.limit)
			dec, err2 := s.IncidentReports(ctx, id, page.after, page.limit)
			if err1 != nil || err2 != nil {
				t.Fatalf("incident %d: %v | %v", id, err1, err2)
			}
			if len(raw.Events) != len(dec.Events) {
				t.Fatalf("incident %d: %d reports raw, %d decoded", id, len(raw.Events), len(dec.Events))
			}
			for i := range raw.Events {
				if raw.Events[i].ID != dec.Events[i].ID {
					t.Errorf("incident %d: report %s raw, %s decoded", id, raw.Events[i].ID, dec.Events[i].ID)
				}
				same(t, fmt.Sprintf("incident %d report %s", id, dec.Events[i].ID), raw.Events[i].AppendJSON(nil), encode(t, &dec.Events[i]))
			}
		}
	}
	if checked == 0 {
		t.Fatal("no events to compare")
	}
}

// encode is what the API writes of v, less the newline.
func encode(t testing.TB, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// project is the decoded way to keep some fields: each as json.Marshal
// writes it, those it leaves out left out.
func project(t testing.TB, e *event.Event, fields []string) map[string]json.RawMessage {
	t.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	out := map[string]json.RawMessage{}
	for _, f := range fields {
		if v, ok := all[f]; ok {
			out[f] = v
		}
	}
	return out
}

func same(t testing.TB, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("%s: raw and decoded differ:\n  raw %.400s\n  dec %.400s", what, firstDiff(string(got), string(want)), firstDiff(string(want), string(got)))
	}
}
