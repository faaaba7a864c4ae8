package evaluate

import (
	"math"
	"testing"

	"github.com/sitrep/sitrep/internal/event"
)

func fp(v float64) *float64 { return &v }
func ip(v int) *int         { return &v }
func bp(v bool) *bool       { return &v }

func TestScoreEvents(t *testing.T) {
	gold := []GoldDoc{
		{ID: "a", Events: []GoldEvent{
			{EventType: "Battles", SubEventType: "Armed clash", EventDate: "2020-02-10", Latitude: fp(35.86), Longitude: fp(36.80),
				Actor1: "Hayat Tahrir al-Sham", Actor2: "Military Forces of Syria", Inter1: ip(2), Inter2: ip(1), Fatalities: 0},
			{EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike", EventDate: "2020-02-09", Latitude: fp(35.93), Longitude: fp(36.63), Fatalities: 5},
			{EventType: "Strategic developments", SubEventType: "Other", Optional: true},
		}},
		{ID: "b", Events: []GoldEvent{
			{EventType: "Riots", SubEventType: "Violent demonstration", EventDate: "2023-10-23", Actor1: "Rioters (Bangladesh)", Inter1: ip(1), Inter2: ip(5), Actor2Missing: bp(true), Fatalities: 1},
			{EventType: "Riots", SubEventType: "Violent demonstration", EventDate: "2023-10-23", Actor1: "Police Forces of Bangladesh", Inter1: ip(1), Inter2: ip(5), Actor2Missing: bp(true), Fatalities: 1},
		}},
	}
	pred := map[string][]event.Event{
		"a": {
			{EventType: "Battles", SubEventType: "Armed clash", EventDate: "2020-02-10", Latitude: fp(35.87), Longitude: fp(36.81),
				Actor1: "HTS: Hayat Tahrir al-Sham", Actor2: "Military Forces of Syria (2000-2024)", Inter1: 2, Inter2: 1},
			{EventType: "Explosions/Remote violence", SubEventType: "Shelling/artillery/missile attack", EventDate: "2020-02-09", Fatalities: 5},
			{EventType: "Strategic developments", SubEventType: "Agreement"},  // forgiven: optional type
			{EventType: "Violence against civilians", SubEventType: "Attack"}, // false positive
		},
		"b": {
			{EventType: "Riots", SubEventType: "Violent demonstration", EventDate: "2023-10-23", Actor1: "Rioters (Bangladesh)", Actor2: "Police Forces of Bangladesh", Inter1: 5, Inter2: 1, Fatalities: 1},
		},
	}
	s := ScoreEvents(gold, pred, Options{})
	if s.TP != 3 || s.FP != 1 || s.FN != 1 {
		t.Fatalf("literal: TP %d FP %d FN %d, want 3 1 1", s.TP, s.FP, s.FN)
	}
	if s.SubtypeAcc.Hits != 2 || s.SubtypeAcc.N != 3 {
		t.Errorf("subtype acc %+v, want 2/3", s.SubtypeAcc)
	}
	if s.Loc25Acc.Hits != 1 || s.Loc25Acc.N != 2 {
		t.Errorf("loc25 %+v, want 1/2 (gold b has no coordinates)", s.Loc25Acc)
	}
	if s.ActorAcc.Hits != 1 || s.ActorAcc.N != 1 {
		t.Errorf("actor acc %+v, want 1/1 (monadic rows are not scored on names)", s.ActorAcc)
	}
	if s.DocFatalitiesExact.Hits != 1 {
		t.Errorf("doc fatalities %+v, want doc a exact (5 = 5), doc b not (1 ≠ 2)", s.DocFatalitiesExact)
	}
	m := ScoreEvents(gold, pred, Options{Monadic: true})
	if m.TP != 4 || m.FN != 0 || m.DocFatalitiesExact.Hits != 2 {
		t.Fatalf("monadic: TP %d FN %d fat %+v, want 4 0 2", m.TP, m.FN, m.DocFatalitiesExact)
	}
	if m.InteractionAcc.Hits != 3 {
		t.Errorf("interaction %+v: want the clash and both monadic rows", m.InteractionAcc)
	}
	if math.Abs(s.Precision-0.75) > 1e-9 {
		t.Errorf("precision %v, want 0.75", s.Precision)
	}
}

func TestLooseActors(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"Police Forces of Kenya (2013-)", "Police Forces of Kenya (2013-2022)", true},
		{"AL: Bangladesh Awami League", "Bangladesh Awami League", true},
		{"Military Forces of Syria", "Military Forces of Turkey", false},
		{"Civilians (Kenya)", "Protesters (Kenya)", false},
		{"Taliban", "", false},
	} {
		if got := looseEq(c.a, c.b); got != c.want {
			t.Errorf("looseEq(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// The article-level figures of whole news articles.
func TestArticleFigures(t *testing.T) {
	gold := []GoldDoc{
		{ID: "one-bombing", Relevant: bp(true), Events: []GoldEvent{
			{EventType: "Explosions/Remote violence", SubEventType: "Remote explosive/landmine/IED", Fatalities: 10},
		}},
		{ID: "sports", Relevant: bp(false)},
		{ID: "profile", Relevant: bp(false)},
	}
	pred := map[string][]event.Event{
		// Told three times and summed: 27 dead where there were 10.
		"one-bombing": {
			{EventType: "Explosions/Remote violence", SubEventType: "Remote explosive/landmine/IED", Fatalities: 9},
			{EventType: "Explosions/Remote violence", SubEventType: "Remote explosive/landmine/IED", Fatalities: 9},
			{EventType: "Explosions/Remote violence", SubEventType: "Remote explosive/landmine/IED", Fatalities: 9},
		},
		"sports": {{EventType: "Battles", SubEventType: "Armed clash"}},
	}
	s := ScoreEvents(gold, pred, Options{})
	if p, g := s.EventsPerDoc(); p != 4.0/3 || g != 1.0/3 {
		t.Errorf("events per doc %.2f predicted, %.2f gold", p, g)
	}
	if r := s.IrrelevantFalseAlarm; r.Hits != 1 || r.N != 2 {
		t.Errorf("false alarms %+v, want 1 of 2", r)
	}
	if r := s.DocFatalitiesWithin20; r.Hits != 0 || r.N != 1 {
		t.Errorf("within 20 %% %+v, want 0 of 1", r)
	}
	pred["one-bombing"] = pred["one-bombing"][:1]
	if r := ScoreEvents(gold, pred, Options{}).DocFatalitiesWithin20; r.Hits != 1 {
		t.Errorf("9 of 10 is within 20 %%: %+v", r)
	}
}
