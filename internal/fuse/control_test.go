package fuse

import (
	"testing"

	"github.com/sitrep/sitrep/internal/event"
)

func TestControlOf(t *testing.T) {
	territory := func(sub event.SubType, change func(*event.Event)) event.Event {
		return ev("t", func(e *event.Event) {
			e.EventType, e.SubEventType = event.Strategic, sub
			if sub != event.NonViolentTransfer {
				e.EventType = event.Battles
			}
			e.Actor1, e.Inter1, e.Actor2, e.Inter2 = "Hayat Tahrir al-Sham", 2, "Military Forces of Syria (2024-)", 1
			if change != nil {
				change(e)
			}
		})
	}
	for _, tc := range []struct {
		name     string
		e        event.Event
		from, to string
		ok       bool
	}{
		{"a capture: actor 1 takes it from actor 2", territory(event.NonStateOvertakes, nil),
			"Military Forces of Syria (2024-)", "Hayat Tahrir al-Sham", true},
		{"a withdrawal handing it over: actor 1 leaves, actor 2 holds",
			territory(event.NonViolentTransfer, func(e *event.Event) {
				e.Control = &event.ControlChange{From: e.Actor1, To: e.Actor2}
			}), "Hayat Tahrir al-Sham", "Military Forces of Syria (2024-)", true},
		{"a withdrawal naming no new holder", territory(event.NonViolentTransfer, func(e *event.Event) {
			e.Actor2, e.Inter2 = "", 0
			e.Control = &event.ControlChange{From: e.Actor1}
		}), "Hayat Tahrir al-Sham", "", true},
		{"stored before the coder's direction: by sub-type", territory(event.GovernmentRegains, func(e *event.Event) {
			e.Actor1, e.Inter1, e.Actor2, e.Inter2 = e.Actor2, e.Inter2, e.Actor1, e.Inter1
		}), "Hayat Tahrir al-Sham", "Military Forces of Syria (2024-)", true},
		{"civilians hold nothing", territory(event.NonStateOvertakes, func(e *event.Event) {
			e.Actor1, e.Inter1 = "Civilians (Syria)", 7
		}), "", "", false},
		{"protesters hold nothing", territory(event.NonStateOvertakes, func(e *event.Event) {
			e.Actor1, e.Inter1 = "Protesters (Syria)", 6
		}), "", "", false},
		{"a foreign country's police hold nothing", territory(event.GovernmentRegains, func(e *event.Event) {
			e.Actor1, e.Inter1 = "Police Forces of Turkey (2016-)", 8
		}), "", "", false},
		{"a country's own police do", territory(event.GovernmentRegains, func(e *event.Event) {
			e.Actor1, e.Inter1 = "Police Forces of Syria (2024-)", 1
		}), "Military Forces of Syria (2024-)", "Police Forces of Syria (2024-)", true},
		{"a foreign army does", territory(event.GovernmentRegains, func(e *event.Event) {
			e.Actor1, e.Inter1 = "Military Forces of Turkey (2016-)", 8
		}), "Military Forces of Syria (2024-)", "Military Forces of Turkey (2016-)", true},
		{"civilians handing over: the army holds it, from no holder", territory(event.NonViolentTransfer, func(e *event.Event) {
			e.Actor1, e.Inter1 = "Civilians (Syria)", 7
			e.Control = &event.ControlChange{From: e.Actor1, To: e.Actor2}
		}), "", "Military Forces of Syria (2024-)", true},
		{"a country told as a whole is no place", territory(event.NonStateOvertakes, func(e *event.Event) {
			e.Location, e.Admin1, e.GeoPrecision = "Syria", "", 3
		}), "", "", false},
		{"a province told as a whole", territory(event.NonStateOvertakes, func(e *event.Event) {
			e.Location, e.GeoPrecision = e.Admin1, 3
		}), "", "", false},
		{"no date", territory(event.NonStateOvertakes, func(e *event.Event) { e.EventDate = "" }), "", "", false},
		{"an air strike", ev("x", nil), "", "", false},
	} {
		from, to, ok := ControlOf(&tc.e)
		if from != tc.from || to != tc.to || ok != tc.ok {
			t.Errorf("%s: ControlOf = %q, %q, %v; want %q, %q, %v", tc.name, from, to, ok, tc.from, tc.to, tc.ok)
		}
	}
}

// A holding is held since its first capture, is as of its last report,
// and turns stale past control_stale_days; a new holder starts afresh.
func TestControlAgeing(t *testing.T) {
	at := func(date, to, asOf string) Change {
		return Change{Place: "p", Location: "Kafr Nabl", Date: date, To: to, AsOf: asOf, Status: event.Asserted}
	}
	changes := []Change{
		at("2024-03-01", "HTS", "2024-03-02"),
		at("2024-03-20", "HTS", "2024-03-21"), // told again: the holding stands
		at("2024-05-10", "Army", "2024-05-12"),
	}
	stale := Tuning().StaleDays
	for _, tc := range []struct {
		date, to, since, asOf string
		age                   int
		stale                 bool
	}{
		{"2024-03-01", "HTS", "2024-03-01", "2024-03-01", 0, false}, // a later report is not known yet
		{"2024-03-10", "HTS", "2024-03-01", "2024-03-02", 8, false},
		{"2024-04-30", "HTS", "2024-03-01", "2024-03-21", 40, 40 > stale},
		{"2024-05-11", "Army", "2024-05-10", "2024-05-11", 0, false},
		{"2025-01-01", "Army", "2024-05-10", "2024-05-12", 234, true},
	} {
		got := ControlOn(changes, tc.date)
		if len(got) != 1 {
			t.Fatalf("%s: %d places", tc.date, len(got))
		}
		c := got[0]
		if c.To != tc.to || c.Since != tc.since || c.AsOf != tc.asOf || c.AgeDays != tc.age || c.Stale != tc.stale {
			t.Errorf("%s: %s since %s as of %s, %d days, stale %v; want %s since %s as of %s, %d, %v",
				tc.date, c.To, c.Since, c.AsOf, c.AgeDays, c.Stale, tc.to, tc.since, tc.asOf, tc.age, tc.stale)
		}
	}
}

func TestControlBasis(t *testing.T) {
	capture := func(id, to, kind, outlet string) event.Event {
		return ev(id, func(e *event.Event) {
			e.EventType, e.SubEventType = event.Battles, event.NonStateOvertakes
			e.Actor1, e.Inter1, e.Actor2, e.Inter2 = to, 2, "Military Forces of Syria (2024-)", 1
			e.Claim = event.Claim{SourceKind: kind, Status: event.Asserted, Source: map[string]string{"official": to + " spokesman", "local": "residents"}[kind]}
			e.Outlet = outlet
		})
	}
	for _, tc := range []struct {
		evs    []event.Event
		status string
		basis  string
	}{
		{[]event.Event{capture("a", "HTS", "official", "A")}, event.Claimed,
			"claimed: 1 report in 1 outlet, told only by parties to the fighting (HTS spokesman)"},
		{[]event.Event{capture("a", "HTS", "official", "A"), capture("b", "HTS", "local", "B")}, event.Confirmed,
			"confirmed: 2 reports in 2 outlets, 1 from a voice with no stake in the fighting"},
		{[]event.Event{capture("a", "HTS", "outlet", "A")}, event.Asserted,
			"asserted: 1 report in 1 outlet, no second independent voice"},
		{[]event.Event{capture("a", "HTS", "local", "A"), capture("b", "HTS", "local", "B"), capture("c", "Turkistan Islamic Party", "local", "C")}, event.Disputed,
			"disputed: 3 reports in 3 outlets name different holders: HTS (2), Turkistan Islamic Party (1)"},
	} {
		c := Summarize(tc.evs).Control
		if c == nil || c.Status != tc.status || c.Basis != tc.basis {
			t.Errorf("%+v:\n got %+v\nwant %s, %q", tc.evs, c, tc.status, tc.basis)
		}
	}
}

func TestParseHolders(t *testing.T) {
	if h := holderRules(); !h.inter[1] || h.inter[7] {
		t.Fatalf("embedded control.txt: %+v", h)
	}
	for _, bad := range []string{"", "holder_inter 9", "holder_inter x", "own_country_only", "holder_inter 1\nother 2"} {
		if _, err := parseHolders(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
