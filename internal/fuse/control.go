package fuse

import (
	"cmp"
	"slices"
	"strconv"

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
	To        string   `json:"to"`
	// Status is event.Claimed when only parties to the conflict report the
	// change (typically the side that took the place), Disputed when
	// reports name different new holders or deny it.
	Status  string   `json:"status"`
	Sources []string `json:"sources"`   // who says so: cited sources, else outlets
	Events  []string `json:"event_ids"` // the reports that tell of the change
}

// ControlOf reads a change of control from an event: the territorial
// sub-types, where ACLED codes the actor that takes the place as actor 1
// and the one that loses it as actor 2. Withdrawals the extractor codes as
// Strategic developments/Other are not read yet: that needs the extractor
// to say which actor left (see the proposed event.Event field Control).
func ControlOf(e *event.Event) (from, to string, ok bool) {
	switch e.SubEventType {
	case event.GovernmentRegains, event.NonStateOvertakes, event.NonViolentTransfer:
		return e.Actor2, e.Actor1, e.Actor1 != "" && e.Location != ""
	}
	return "", "", false
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
	}
	if len(rs) == 0 {
		return nil
	}
	c := &Change{
		Location: inc.Location, Country: inc.Country, Admin1: inc.Admin1,
		Latitude: inc.Latitude, Longitude: inc.Longitude, GeonameID: inc.GeonameID,
		Date: inc.Date, To: sortedByCount(to)[0], Events: ids,
		Status: status(rs, len(to) > 1),
	}
	if len(from) > 0 {
		c.From = sortedByCount(from)[0]
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
	return c
}

// ControlOn returns, for every place that changes hands in changes, the
// latest change on or before date (YYYY-MM-DD): who held it then, and
// according to whom. Changes of one place on one day are ranked by how
// well they are attested. The result is sorted by place.
func ControlOn(changes []Change, date string) []Change {
	latest := map[string]*Change{}
	for i := range changes {
		c := &changes[i]
		if c.Date == "" || c.Date > date {
			continue
		}
		if cur, ok := latest[c.Place]; !ok || later(c, cur) {
			latest[c.Place] = c
		}
	}
	out := make([]Change, 0, len(latest))
	for _, c := range latest {
		out = append(out, *c)
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
