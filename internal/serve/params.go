package serve

import (
	"errors"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/store"
)

// paramError is a bad query parameter: a 400 that names it.
type paramError struct{ name, msg string }

func (e paramError) Error() string { return e.name + ": " + e.msg }

// filterParams are the parameters that select events.
var filterParams = []string{"start", "end", "bbox", "type", "sub_type", "actor", "country", "admin1", "outlet", "claim_status", "incident_status", "min_fatalities", "q"}

var statuses = []string{event.Asserted, event.Claimed, event.Confirmed, event.Disputed}

const maxParam = 500 // bytes of one parameter's value

// params reads a request's query parameters, refusing those the route does
// not know (a misspelt filter would otherwise silently select everything)
// and repeated ones.
type params struct {
	v   url.Values
	err error
}

func newParams(v url.Values, known ...[]string) *params {
	p := &params{v: v}
	for name, vals := range v {
		switch {
		case !slices.ContainsFunc(known, func(k []string) bool { return slices.Contains(k, name) }):
			p.fail(name, "unknown parameter")
		case len(vals) > 1:
			p.fail(name, "given more than once")
		case len(vals[0]) > maxParam:
			p.fail(name, "longer than "+strconv.Itoa(maxParam)+" bytes")
		}
	}
	return p
}

func (p *params) fail(name, msg string) {
	// Report the first failure in a stable order: by name.
	if pe, ok := p.err.(paramError); !ok || name < pe.name {
		p.err = paramError{name, msg}
	}
}

func (p *params) str(name string) string { return strings.TrimSpace(p.v.Get(name)) }

// date reads a YYYY-MM-DD date.
func (p *params) date(name string) string {
	s := p.str(name)
	if _, ok := fuse.Day(s); s != "" && (!ok || len(s) != 10) {
		p.fail(name, "want a date as YYYY-MM-DD, not "+strconv.Quote(s))
		return ""
	}
	return s
}

// limit reads a page size, from 1 to max: more is refused, not cut, so
// that a client never takes a short page for all there is.
func (p *params) limit(name string, def, max int) int {
	s := p.str(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(s, "-"), err == nil && n > max:
		p.fail(name, "at most "+strconv.Itoa(max)+", not "+s)
		return def
	case err != nil || n < 1:
		p.fail(name, "want a whole number of 1 or more, not "+strconv.Quote(s))
		return def
	}
	return n
}

// count reads a whole number of 0 or more; 0 when absent.
func (p *params) count(name string) int {
	s := p.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		p.fail(name, "want a whole number of 0 or more, not "+strconv.Quote(s))
		return 0
	}
	return n
}

// oneOf reads a value from a closed list, in any case, as the list spells it.
func (p *params) oneOf(name string, list []string) string {
	s := p.str(name)
	if s == "" {
		return ""
	}
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return v
		}
	}
	p.fail(name, strconv.Quote(s)+" is not one of: "+strings.Join(list, ", "))
	return ""
}

// bbox reads minLon,minLat,maxLon,maxLat in degrees.
func (p *params) bbox(name string) *store.BBox {
	s := p.str(name)
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		p.fail(name, "want minLon,minLat,maxLon,maxLat")
		return nil
	}
	var f [4]float64
	for i, part := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			p.fail(name, strconv.Quote(part)+" is not a number (want minLon,minLat,maxLon,maxLat)")
			return nil
		}
		f[i] = v
	}
	b := store.BBox{MinLon: f[0], MinLat: f[1], MaxLon: f[2], MaxLat: f[3]}
	switch {
	case b.MinLon < -180 || b.MaxLon > 180 || b.MinLat < -90 || b.MaxLat > 90:
		p.fail(name, "longitudes must lie in [-180, 180] and latitudes in [-90, 90]")
	case b.MinLat > b.MaxLat:
		p.fail(name, "minLat is above maxLat")
	case b.MinLon > b.MaxLon:
		p.fail(name, "minLon is east of maxLon (split a box across the antimeridian in two)")
	default:
		return &b
	}
	return nil
}

// filter reads the parameters that select events.
func (p *params) filter() store.Filter {
	f := store.Filter{
		From:           p.date("start"),
		To:             p.date("end"),
		BBox:           p.bbox("bbox"),
		EventType:      p.oneOf("type", eventTypes),
		SubEventType:   p.oneOf("sub_type", subTypes),
		Actor:          p.str("actor"),
		Country:        p.str("country"),
		Admin1:         p.str("admin1"),
		Outlet:         p.str("outlet"),
		MinFatalities:  p.count("min_fatalities"),
		ClaimStatus:    p.oneOf("claim_status", statuses),
		IncidentStatus: p.oneOf("incident_status", statuses),
		Query:          p.str("q"),
	}
	if f.From != "" && f.To != "" && f.From > f.To {
		p.fail("start", "start "+f.From+" is after end "+f.To)
	}
	if f.EventType != "" && f.SubEventType != "" && event.SubType(f.SubEventType).Type() != event.Type(f.EventType) {
		p.fail("sub_type", strconv.Quote(f.SubEventType)+" is not a sub-type of "+strconv.Quote(f.EventType))
	}
	return f
}

// ACLED's types and sub-types, in a stable order for messages.
var eventTypes, subTypes = func() ([]string, []string) {
	var types, subs []string
	for _, t := range event.Types() {
		types = append(types, string(t))
	}
	for _, s := range event.SubTypes("") {
		subs = append(subs, string(s))
	}
	return types, subs
}()
