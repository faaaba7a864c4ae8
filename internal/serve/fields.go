package serve

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/event"
)

// eventFields are the JSON names of an event's fields, for fields=.
var eventFields = func() []string {
	var names []string
	t := reflect.TypeFor[event.Event]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}()

// fields reads fields=, the event fields a listing keeps (all when empty):
// a map page of thousands needs dates, places and types, not every
// report's evidence spans.
func (p *params) fields(name string) []string {
	v := p.str(name)
	if v == "" {
		return nil
	}
	var out []string
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if !slices.Contains(eventFields, f) {
			p.fail(name, "unknown field "+strconv.Quote(f)+" (want some of "+strings.Join(eventFields, ", ")+")")
			return nil
		}
		out = append(out, f)
	}
	return out
}

// fieldOf is where each JSON name of an event is in event.Event, and
// whether the field is left out when empty (omitempty).
var fieldOf = func() map[string]eventField {
	m := map[string]eventField{}
	t := reflect.TypeFor[event.Event]()
	for i := range t.NumField() {
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			m[name] = eventField{i, slices.Contains(strings.Split(opts, ","), "omitempty")}
		}
	}
	return m
}()

type eventField struct {
	index     int
	omitEmpty bool
}

// keepFields is an event with only the fields asked for, each encoded as
// the whole event encodes it: encoding the whole event and decoding it
// again to pick a few was half of a lean page's time.
func keepFields(e *event.Event, fields []string) (map[string]json.RawMessage, error) {
	v := reflect.ValueOf(e).Elem()
	out := make(map[string]json.RawMessage, len(fields))
	for _, name := range fields {
		f, ok := fieldOf[name]
		if !ok {
			continue
		}
		fv := v.Field(f.index)
		if f.omitEmpty && (fv.IsZero() || (fv.Kind() == reflect.Slice || fv.Kind() == reflect.Map) && fv.Len() == 0) {
			continue
		}
		b, err := json.Marshal(fv.Interface())
		if err != nil {
			return nil, err
		}
		out[name] = b
	}
	return out, nil
}
