package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
)

// RawEvent is a stored event as its body was stored (json.Marshal of an
// event.Event), with what the store knows of it beyond the body. A page
// of the API is written from these without decoding a body: decoding and
// encoding again were about half a page's time (docs/STORE.md).
//
// The raw path relies on the body being what json.Marshal of the current
// event.Event writes; a store written by a version whose event.Event had
// other fields would answer them as stored until its documents are
// reprocessed.
type RawEvent struct {
	ID   string // the event's id; set by the incident's pages only
	Body json.RawMessage
	// Incident and Timestamp are the event's incident (0: none) and when
	// its document was stored (Unix seconds, 0: unknown). They replace
	// what the body says of them, if anything.
	Incident, Timestamp int64
}

// RawPage is EventPage with the events as stored.
type RawPage struct {
	Events []RawEvent
	Next   string
}

// RawIncident is Incident with its reports as stored: the reports carry
// what their bodies say of incident_id and timestamp, as Incident's do.
type RawIncident struct {
	ID int64
	fuse.Incident
	Events []RawEvent
}

// StoredEvent is the RawEvent of a listing: body as stored, its incident
// and its document's ingested_at (RFC 3339; the body's timestamp stays
// when it does not parse).
func StoredEvent(body []byte, incident int64, ingestedAt string) RawEvent {
	r := RawEvent{Body: body, Incident: incident}
	_, _, r.Timestamp = splitTail(body)
	if t, err := time.Parse(time.RFC3339, ingestedAt); err == nil {
		r.Timestamp = t.Unix()
	}
	return r
}

// MemberEvent is the RawEvent of an incident's page: what the body says.
func MemberEvent(id string, body []byte) RawEvent {
	r := RawEvent{ID: id, Body: body}
	_, r.Incident, r.Timestamp = splitTail(body)
	return r
}

// Decode is the event the body holds, with Incident and Timestamp.
func (r *RawEvent) Decode() (event.Event, error) {
	var e event.Event
	if err := json.Unmarshal(r.Body, &e); err != nil {
		return e, err
	}
	e.Incident, e.Timestamp = r.Incident, r.Timestamp
	return e, nil
}

// DecodePage decodes the events of a raw page.
func DecodePage(raw RawPage) (EventPage, error) {
	page := EventPage{Next: raw.Next}
	if len(raw.Events) > 0 {
		page.Events = make([]event.Event, len(raw.Events))
	}
	for i := range raw.Events {
		var err error
		if page.Events[i], err = raw.Events[i].Decode(); err != nil {
			return page, fmt.Errorf("event %d of the page: %w", i, err)
		}
	}
	return page, nil
}

// DecodeIncident decodes the reports of a raw incident.
func DecodeIncident(raw RawIncident) (Incident, error) {
	inc := Incident{ID: raw.ID, Incident: raw.Incident}
	for i := range raw.Events {
		e, err := raw.Events[i].Decode()
		if err != nil {
			return inc, fmt.Errorf("report %s: %w", raw.Events[i].ID, err)
		}
		inc.Events = append(inc.Events, e)
	}
	return inc, nil
}

// The last two fields of event.Event, in its order, as json.Marshal
// writes them when they are not zero.
const (
	incidentKey  = `,"incident_id":`
	timestampKey = `,"timestamp":`
)

// splitTail cuts off the incident_id and timestamp a body ends with, if
// any, and returns them: json.Marshal writes event.Event's fields in
// order, and those two are its last. Inside a string every quote is
// escaped, so `,"timestamp":` followed by digits to the end is the
// member itself.
func splitTail(body []byte) (head []byte, incident, timestamp int64) {
	head = bytes.TrimSuffix(body, []byte("}"))
	if len(head) == len(body) {
		return body, 0, 0
	}
	cut := func(key string) (int64, bool) {
		// Only the end can hold it: searching the whole body from its
		// end was a seventh of a page's time.
		from := max(0, len(head)-len(key)-20)
		i := bytes.LastIndex(head[from:], []byte(key))
		if i >= 0 {
			i += from
		}
		if i < 0 {
			return 0, false
		}
		n, err := strconv.ParseInt(string(head[i+len(key):]), 10, 64)
		if err != nil {
			return 0, false
		}
		head = head[:i]
		return n, true
	}
	timestamp, _ = cut(timestampKey)
	incident, _ = cut(incidentKey)
	return head, incident, timestamp
}

// AppendJSON appends the event as the API's encoder (json.Encoder with
// HTML escaping off) writes the decoded event, without a newline.
func (r *RawEvent) AppendJSON(dst []byte) []byte {
	head, _, _ := splitTail(r.Body)
	dst = appendUnescaped(dst, head, true)
	if r.Incident != 0 {
		dst = strconv.AppendInt(append(dst, incidentKey...), r.Incident, 10)
	}
	if r.Timestamp != 0 {
		dst = strconv.AppendInt(append(dst, timestampKey...), r.Timestamp, 10)
	}
	return append(dst, '}')
}

// appendUnescaped appends a JSON text json.Marshal wrote, with the
// escapes that json.Marshal writes of a decoded value otherwise turned
// back into what they stand for: U+FFFD (json.Marshal writes it as an
// escape for invalid UTF-8; decoded and encoded again it is the
// character) and, with html, <, > and & (the API's encoder does not
// escape HTML, json.Marshal does). Every backslash of a JSON text starts an escape, so
// reading from one escape to the next cannot mistake an escaped
// backslash for the start of one.
func appendUnescaped(dst, src []byte, html bool) []byte {
	for {
		i := bytes.IndexByte(src, '\\')
		if i < 0 || i+1 >= len(src) {
			return append(dst, src...)
		}
		dst = append(dst, src[:i]...)
		src = src[i:]
		if src[1] != 'u' || len(src) < 6 {
			dst = append(dst, src[:2]...)
			src = src[2:]
			continue
		}
		switch esc := string(src[2:6]); {
		case html && esc == "003c":
			dst = append(dst, '<')
		case html && esc == "003e":
			dst = append(dst, '>')
		case html && esc == "0026":
			dst = append(dst, '&')
		case esc == "fffd":
			dst = append(dst, "\uFFFD"...)
		default:
			dst = append(dst, src[:6]...)
		}
		src = src[6:]
	}
}

// AppendFields appends an object of the fields asked for (JSON names of
// event.Event), in the order of their names and each once, as the API
// encodes a map of them: each value as json.Marshal writes the decoded
// field (HTML escaped), a field left out when json.Marshal leaves it out
// (omitempty).
func (r *RawEvent) AppendFields(dst []byte, fields []string) ([]byte, error) {
	names := slices.Clone(fields)
	slices.Sort(names)
	names = slices.Compact(names)
	head, _, _ := splitTail(r.Body)
	values := make([][]byte, len(names)) // by names' index; nil: not in the body
	err := eachMember(head, func(key, value []byte) {
		for i, name := range names {
			if string(key) == name {
				values[i] = value
			}
		}
	})
	if err != nil {
		return dst, err
	}
	dst = append(dst, '{')
	first := true
	member := func(name string) {
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(append(append(dst, '"'), name...), '"', ':')
	}
	for i, name := range names {
		switch name {
		case "incident_id", "timestamp":
			n := r.Incident
			if name == "timestamp" {
				n = r.Timestamp
			}
			if n != 0 {
				member(name)
				dst = strconv.AppendInt(dst, n, 10)
			}
		default:
			if v := values[i]; v != nil {
				member(name)
				dst = appendUnescaped(dst, v, false)
			}
		}
	}
	return append(dst, '}'), nil
}

var errBody = errors.New("stored event body is not a JSON object as json.Marshal writes one")

// eachMember calls fn with each member of the compact JSON object obj
// (its closing brace may be cut off) whose keys need no escapes, as
// event.Event's do: the value as it is in obj.
func eachMember(obj []byte, fn func(key, value []byte)) error {
	if len(obj) == 0 || obj[0] != '{' {
		return errBody
	}
	i := 1
	for i < len(obj) && obj[i] != '}' {
		if obj[i] == ',' {
			i++
		}
		if i >= len(obj) || obj[i] != '"' {
			return errBody
		}
		end := bytes.IndexByte(obj[i+1:], '"')
		if end < 0 || i+end+2 >= len(obj) || obj[i+end+2] != ':' {
			return errBody
		}
		key := obj[i+1 : i+1+end]
		start := i + end + 3
		n, err := skipValue(obj[start:])
		if err != nil {
			return err
		}
		fn(key, obj[start:start+n])
		i = start + n
	}
	return nil
}

// skipValue is the length of the compact JSON value b starts with.
func skipValue(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, errBody
	}
	switch b[0] {
	case '"':
		return skipString(b)
	case '{', '[':
		depth := 0
		for i := 0; i < len(b); {
			switch b[i] {
			case '"':
				n, err := skipString(b[i:])
				if err != nil {
					return 0, err
				}
				i += n
				continue
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1, nil
				}
			}
			i++
		}
		return 0, errBody
	}
	// A number, true, false or null.
	if i := bytes.IndexAny(b, ",}]"); i >= 0 {
		return i, nil
	}
	return len(b), nil
}

// skipString is the length of the JSON string b starts with, quotes
// included.
func skipString(b []byte) (int, error) {
	i := 1
	for {
		j := bytes.IndexAny(b[i:], `"\`)
		if j < 0 {
			return 0, errBody
		}
		i += j
		if b[i] == '"' {
			return i + 1, nil
		}
		i += 2 // an escape: \" or \\ or the start of \uXXXX
	}
}
