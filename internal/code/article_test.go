package code

import (
	"testing"

	"github.com/sitrep/sitrep/internal/event"
)

// Every class of article.txt fits a cueSet.
func TestCueSetHoldsEveryClass(t *testing.T) {
	var all cueSet
	for c := range numArticleCues {
		all |= 1 << c
		if !all.has(c) {
			t.Fatalf("class %s (%d) does not fit a cueSet", articleCueNames[c], c)
		}
	}
}

// A planted bomb that hurt people, with no target named (its toll lent
// from a mention left out), hits the public; an air strike or a bomb with
// a target named keeps its own, and one that hurt no one has none.
func TestPublicTarget(t *testing.T) {
	injured := &event.Range{Low: 2}
	for _, c := range []struct {
		ev   event.Event
		want string
	}{
		{event.Event{SubEventType: event.RemoteExplosive, Country: "Kenya", FatalitiesLow: 3}, "Civilians (Kenya)"},
		{event.Event{SubEventType: event.Grenade, Country: "Kenya", Injuries: injured}, "Civilians (Kenya)"},
		{event.Event{SubEventType: event.RemoteExplosive, Country: "Kenya"}, ""},
		{event.Event{SubEventType: event.RemoteExplosive, Country: "Kenya", FatalitiesLow: 3, Actor2: "Police Forces of Kenya"}, "Police Forces of Kenya"},
		{event.Event{SubEventType: event.AirDroneStrike, Country: "Kenya", FatalitiesLow: 3}, ""},
	} {
		e := c.ev
		publicTarget(&e)
		if e.Actor2 != c.want {
			t.Errorf("%s, %d dead: actor2 %q, want %q", c.ev.SubEventType, c.ev.FatalitiesLow, e.Actor2, c.want)
		}
	}
}
