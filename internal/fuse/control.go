package fuse

import (
	"cmp"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/text"
)

// Change is a change of control of a place, read from one incident: To
// took the place from From on Date, according to Sources.
type Change struct {
	Place     string   `json:"place"` // PlaceKey
	Location  string   `json:"location"`
	Country   string   `json:"country"`
	Admin1    string   `json:"admin1,omitempty"`
	Latitude  *float64 `json:"latitude"`
	Longitude *float64 `json:"longitude"`
	GeonameID int      `json:"geonameid,omitempty"`
	Date      string   `json:"date"`
	From      string   `json:"from,omitempty"`
	// To is the new holder; "" when From left the place and no report says
	// to whom (a withdrawal).
	To string `json:"to"`
	// Status is event.Claimed when only parties to the conflict report the
	// change (typically the side that took the place), Confirmed when a
	// voice with no stake and another in another outlet agree, Disputed
	// when reports name different new holders or deny it, else Asserted.
	// Basis says why, in words.
	Status  string   `json:"status"`
	Basis   string   `json:"basis"`
	Sources []string `json:"sources"`   // who says so: cited sources, else outlets
	Events  []string `json:"event_ids"` // the reports that tell of the change

	// AsOf is the last day a report tells of this holding: the latest date
	// of the change's reports, and in ControlOn of later reports of the
	// same holder taking or keeping the place. Since is the first day of
	// the holding, AgeDays the days from AsOf to the day asked about, and
	// Stale is set past fuse.txt's control_stale_days: old control fades
	// instead of standing for ever. Since, AgeDays and Stale are set by
	// ControlOn only.
	AsOf    string `json:"as_of"`
	Since   string `json:"since,omitempty"`
	AgeDays int    `json:"age_days"`
	Stale   bool   `json:"stale"`
}

//go:embed data/control.txt
var holdersData string

// holders says who can hold ground (data/control.txt).
type holders struct {
	inter      map[int]bool
	ownCountry []string // name prefixes, folded
}

var holderRules = sync.OnceValue(func() holders {
	h, err := parseHolders(holdersData)
	if err != nil {
		panic(err) // embedded data, checked by the tests
	}
	return h
})

func parseHolders(data string) (holders, error) {
	h := holders{inter: map[int]bool{}}
	err := eachSetting(data, func(n int, name, value string) error {
		switch name {
		case "holder_inter":
			for _, f := range strings.Fields(value) {
				v, err := strconv.Atoi(f)
				if err != nil || v < 1 || v > 8 {
					return fmt.Errorf("control.txt:%d: %q is no ACLED actor type (1-8)", n, f)
				}
				h.inter[v] = true
			}
		case "own_country_only":
			if value == "" {
				return fmt.Errorf("control.txt:%d: own_country_only needs a name", n)
			}
			h.ownCountry = append(h.ownCountry, text.Fold(value))
		default:
			return fmt.Errorf("control.txt:%d: unknown rule %q", n, name)
		}
		return nil
	})
	if err != nil {
		return h, err
	}
	if len(h.inter) == 0 {
		return h, fmt.Errorf("control.txt: no holder_inter")
	}
	return h, nil
}

// holds reports whether an actor of ACLED type inter can hold a place in
// country. An unknown type (0, as in summaries stored before types were
// kept) is given the benefit of the doubt.
func (h holders) holds(actor string, inter int, country string) bool {
	if inter != 0 && !h.inter[inter] {
		return false
	}
	name := text.Fold(actor)
	for _, p := range h.ownCountry {
		if rest, ok := strings.CutPrefix(name, p); ok {
			// "police forces of turkey (2016-)" holds only in Turkey.
			rest, _, _ = strings.Cut(rest, "(")
			if strings.TrimSpace(rest) != text.Fold(country) {
				return false
			}
		}
	}
	return true
}

// ControlOf reads a change of control from an event: who held its place
// before and who holds it after. The direction is the coder's
// (event.Event.Control: a withdrawal hands the place from actor 1 to
// actor 2, a capture from actor 2 to actor 1); events stored without it
// are read by sub-type, as ACLED codes the taker as actor 1. Only a
// located place changes hands (not a country or a province told as a
// whole), only on a known date, and only to an armed holder
// (data/control.txt): civilians or a foreign country's police hold
// nothing. to is "" for a withdrawal that names no new holder.
func ControlOf(e *event.Event) (from, to string, ok bool) {
	switch e.SubEventType {
	case event.GovernmentRegains, event.NonStateOvertakes, event.NonViolentTransfer:
	default:
		return "", "", false
	}
	if e.Location == "" || e.EventDate == "" || text.Fold(e.Location) == text.Fold(e.Country) ||
		e.GeoPrecision >= 3 && text.Fold(e.Location) == text.Fold(e.Admin1) {
		return "", "", false
	}
	from, to = e.Actor2, e.Actor1
	if e.Control != nil {
		from, to = e.Control.From, e.Control.To
	}
	h := holderRules()
	if to != "" && !h.holds(to, interOf(e, to), e.Country) {
		return "", "", false
	}
	if to == "" && (from == "" || !h.holds(from, interOf(e, from), e.Country)) {
		return "", "", false
	}
	if from != "" && !h.holds(from, interOf(e, from), e.Country) {
		from = "" // "villagers handed the hill to the army": the army holds it, from no one who held it
	}
	return from, to, true
}

func interOf(e *event.Event, actor string) int {
	switch actor {
	case e.Actor1:
		return e.Inter1
	case e.Actor2:
		return e.Inter2
	}
	return 0
}

// PlaceKey identifies a place across events: its GeoNames id when the
// extractor resolved one, else its country and folded name.
func PlaceKey(e *event.Event) string {
	if e.GeonameID != 0 {
		return "geonames:" + strconv.Itoa(e.GeonameID)
	}
	return PlaceName(e)
}

// control reads the incident's change of control from those of its events
// that tell of one; the new holder is the one most of them name.
func control(inc *Incident, evs []*event.Event) *Change {
	to := map[string]int{}
	from := map[string]int{}
	var rs []Report
	var ids []string
	asOf := ""
	for i, e := range evs {
		f, t, ok := ControlOf(e)
		if !ok {
			continue
		}
		to[t]++
		if f != "" {
			from[f]++
		}
		rs = append(rs, inc.Reports[i])
		ids = append(ids, e.ID)
		asOf = max(asOf, e.EventDate)
	}
	if len(rs) == 0 {
		return nil
	}
	holders := sortedByCount(to)
	c := &Change{
		Location: inc.Location, Country: inc.Country, Admin1: inc.Admin1,
		Latitude: inc.Latitude, Longitude: inc.Longitude, GeonameID: inc.GeonameID,
		Date: inc.Date, To: holders[0], Events: ids, AsOf: max(asOf, inc.Date),
		Status: status(rs, len(to) > 1),
	}
	if len(from) > 0 {
		c.From = sortedByCount(from)[0]
	}
	if c.From == c.To {
		c.From = ""
	}
	c.Place = PlaceKey(&event.Event{GeonameID: c.GeonameID, Country: c.Country, Location: c.Location})
	sources := map[string]bool{}
	for _, r := range rs {
		s := r.Source
		if s == "" {
			s = r.Outlet
		}
		if s != "" {
			sources[s] = true
		}
	}
	c.Sources = sortedKeys(sources)
	c.Basis = basis(c, rs, holders, to)
	return c
}

// basis says in words why a change has its status.
func basis(c *Change, rs []Report, holders []string, to map[string]int) string {
	outlets := map[string]bool{}
	independent := 0
	for i := range rs {
		outlets[cmp.Or(rs[i].Outlet, "doc:"+rs[i].DocID)] = true
		if !Interested(&rs[i]) {
			independent++
		}
	}
	told := plural(len(rs), "report") + " in " + plural(len(outlets), "outlet")
	switch c.Status {
	case event.Disputed:
		if len(holders) > 1 {
			names := make([]string, len(holders))
			for i, h := range holders {
				names[i] = cmp.Or(h, "no one") + " (" + strconv.Itoa(to[h]) + ")"
			}
			return "disputed: " + told + " name different holders: " + strings.Join(names, ", ")
		}
		return "disputed: " + told + ", denied or contradicted"
	case event.Confirmed:
		if independent == 0 {
			return "confirmed: " + told + ", one of them confirmed"
		}
		return "confirmed: " + told + ", " + strconv.Itoa(independent) + " from a voice with no stake in the fighting"
	case event.Claimed:
		return "claimed: " + told + ", told only by parties to the fighting (" + strings.Join(c.Sources, ", ") + ")"
	}
	return "asserted: " + told + ", no second independent voice"
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// ControlOn returns, for every place that changes hands in changes, the
// latest change on or before date (YYYY-MM-DD): who held it then, and
// according to whom, since when, and how long ago a report last told of
// it (Stale past fuse.txt's control_stale_days). Changes of one place on
// one day are ranked by how well they are attested. The result is sorted
// by place.
func ControlOn(changes []Change, date string) []Change {
	byPlace := map[string][]*Change{}
	for i := range changes {
		c := &changes[i]
		if c.Date == "" || c.Date > date {
			continue
		}
		byPlace[c.Place] = append(byPlace[c.Place], c)
	}
	today, _ := Day(date)
	stale := Tuning().StaleDays
	out := make([]Change, 0, len(byPlace))
	for _, cs := range byPlace {
		slices.SortFunc(cs, func(a, b *Change) int {
			if later(a, b) {
				return 1
			}
			if later(b, a) {
				return -1
			}
			return 0
		})
		c := *cs[len(cs)-1]
		// The holding began with the first of the latest run of changes
		// naming this holder, and is last told of by the latest of them.
		c.Since = c.Date
		c.AsOf = cmp.Or(c.AsOf, c.Date)
		for i := len(cs) - 1; i >= 0 && cs[i].To == c.To; i-- {
			c.Since = cs[i].Date
			c.AsOf = max(c.AsOf, cmp.Or(cs[i].AsOf, cs[i].Date))
		}
		c.AsOf = min(c.AsOf, date)
		if d, ok := Day(c.AsOf); ok {
			c.AgeDays = int(today - d)
		}
		c.Stale = c.AgeDays > stale
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Change) int { return cmp.Compare(a.Place, b.Place) })
	return out
}

func later(a, b *Change) bool {
	return cmp.Or(
		cmp.Compare(a.Date, b.Date),
		cmp.Compare(statusRank(a.Status), statusRank(b.Status)),
		cmp.Compare(len(a.Sources), len(b.Sources)),
		cmp.Compare(text.Fold(b.To), text.Fold(a.To)),
	) > 0
}

func statusRank(s string) int {
	switch s {
	case event.Confirmed:
		return 3
	case event.Asserted:
		return 2
	case event.Claimed:
		return 1
	}
	return 0
}
