package serve

import (
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
