// Coreference: the mentions of one happening folded into one event.

package code

import (
	"math"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/text"
)

// redate takes back the dates reported candidates took from the one
// before them when that one is left out: a recalled 2013 bombing must not
// date the explosion the report is about. They fall back to the last
// dated candidate still reported before them in the paragraph, else to
// what the report as a whole is dated by.
func redate(r *extract.Result, cands []*candidate) {
	var last *candidate
	for _, k := range cands {
		if k.reason != "" {
			continue
		}
		e := &k.ev
		if e.DateSource == "context" && (last == nil || last.ev.EventDate != e.EventDate) {
			if r.DefaultDateSpan == nil || r.DefaultDate.Format(time.DateOnly) != e.EventDate {
				e.EventDate, e.TimePrecision, e.DateSource = "", 0, ""
				delete(e.Fields, "event_date")
				switch {
				case last != nil && last.ev.EventDate != "" && last.f.head().Para == k.f.head().Para:
					e.EventDate, e.TimePrecision, e.DateSource = last.ev.EventDate, last.ev.TimePrecision, "context"
					if s, ok := last.ev.Fields["event_date"]; ok {
						e.Fields["event_date"] = s
					}
				case !r.DefaultDate.IsZero():
					e.EventDate, e.TimePrecision = r.DefaultDate.Format(time.DateOnly), r.DefaultPrec
					e.DateSource = "published"
					if r.DefaultDateSpan != nil {
						e.DateSource = "context"
						e.Fields["event_date"] = span(r, *r.DefaultDateSpan)
					}
				}
			}
		}
		if e.EventDate != "" {
			last = k
		}
	}
}

// corefer folds the reported candidates that tell one happening into the
// first that tells it, and returns those that remain. In an article
// (long), "another attack" at the same place and day is another event; a
// coder's note keeps one row a place and day.
func corefer(cands []*candidate, long bool) []*candidate {
	var kept []*candidate
	for _, k := range cands {
		if k.reason != "" {
			continue
		}
		k.count = 1
		var into *candidate
		for _, o := range kept {
			if sameHappening(o, k, long) {
				into = o
				break
			}
		}
		if into == nil {
			kept = append(kept, k)
			continue
		}
		fold(into, k)
		k.reason = merged
	}
	// A vague mention whose toll holds those of several specific ones sums
	// them up ("attacks across the province killed 40"): it adds nothing
	// of its own, and its deaths would count twice.
	out := kept[:0]
	for _, k := range kept {
		if vague(&k.ev) && k.ev.FatalitiesLow > 0 && !k.spot {
			var held []*candidate
			most := 0
			for _, o := range kept {
				// (a village the gazetteer lacks is a place of its own: o.spot)
				if o != k && (!vague(&o.ev) || o.spot) && violent(&k.ev) && violent(&o.ev) && placeWithin(&o.ev, &k.ev) {
					held = append(held, o)
					most = max(most, o.ev.FatalitiesLow)
				}
			}
			if len(held) >= 2 && k.ev.FatalitiesLow >= most {
				k.reason = "sums up the events it is told with"
				// Its day is theirs where they tell none ("killed seven in
				// two attacks on Tuesday. In the first attack, ...").
				for _, o := range held {
					if o.ev.DateSource != "text" && k.ev.DateSource == "text" {
						o.ev.EventDate, o.ev.TimePrecision, o.ev.DateSource = k.ev.EventDate, k.ev.TimePrecision, k.ev.DateSource
						if sp, ok := k.ev.Fields["event_date"]; ok {
							o.ev.Fields["event_date"] = sp
						}
					}
				}
				continue
			}
		}
		out = append(out, k)
	}
	return out
}

// violent tells whether an event is of a kind a wave of attacks sums up:
// explosions, attacks, battles, riots.
func violent(e *event.Event) bool {
	switch kin(e.SubEventType) {
	case "harm", "battle", "riot":
		return true
	}
	return false
}

// vague tells whether an event is placed no closer than a region.
func vague(e *event.Event) bool { return e.GeoPrecision >= 3 || e.Location == "" }

// sameHappening tells whether b tells the same happening as a: of one
// kind, at one place (or one of them placed only in the other's area) on
// one day, by actors that do not contradict each other. Two specific
// places, two written days or two weapons are two happenings.
func sameHappening(a, b *candidate, long bool) bool {
	x, y := &a.ev, &b.ev
	// A bare death's kind is only a guess from who died ("two soldiers
	// were killed" reads as a clash): it may be of any violent event.
	bare := b.weak && !a.weak && violentKin(x.SubEventType) && violentKin(y.SubEventType)
	// "Some threw stones at police ... two officers were injured": people
	// hurt with no doer of their own, where a crowd was, were hurt in it.
	crowdHurt := b.weak && !a.weak && !b.distinct && (kin(x.SubEventType) == "protest" || kin(x.SubEventType) == "riot") && violentKin(y.SubEventType)
	if !long && arrestsAtProtest(x, y) && a.f != b.f && (samePlace(x, y) || vague(y) && placeWithin(x, y)) &&
		(y.EventDate == "" || y.DateSource != "text" || x.EventDate == y.EventDate) {
		// "Officers used tear gas on the marchers. Several were held":
		// in a brief, arrests with no place or day of their own are the
		// demonstration's.
		return true
	}
	// "The attack lasted about an hour": a noun that names no one of its
	// own may name a fight or a bombing as well as an attack; and in a
	// brief, force used at a demonstration ("tear gas was fired at the
	// crowds; dozens were wounded") is the demonstration's.
	backNoun := y.SubEventType == event.Attack && namesNoOne(b.f) && violentKin(x.SubEventType)
	atProtest := !long && kin(x.SubEventType) == "protest" && y.SubEventType == event.Attack && a.f != b.f &&
		(y.EventDate == "" || y.DateSource != "text" || x.EventDate == y.EventDate)
	if atProtest && (samePlace(x, y) || vague(y) && placeWithin(x, y)) {
		return true
	}
	if ownAccount(a, b) || losersAccount(a, b) || takenInFight(a, b) || weaponOfAttack(a, b) {
		return true
	}
	if b.backDemo && a.sentence < b.sentence && kin(x.SubEventType) == "protest" {
		return true // "... President Ruto said the protests had been hijacked"
	}
	if summedUp(a, b) && (samePlace(x, y) || placeWithin(y, x) || placeWithin(x, y) || nearby(x, y)) &&
		(x.EventDate == "" || y.EventDate == "" || x.EventDate == y.EventDate || x.DateSource != "text" || y.DateSource != "text") {
		return true
	}
	// "Some of the marchers threw stones at the officers": a crowd's
	// violence told on after its demonstration is that demonstration's.
	crowdTurns := kin(x.SubEventType) == "protest" && y.SubEventType == event.MobViolence && goesOn(a, b)
	if !compatibleEvents(x, y) && !bare && !backNoun && !crowdHurt && !crowdTurns {
		return false
	}
	if a.f == b.f && (frameDays(a.f) >= 2 || listed(a) && writtenApart(x, y) && !(vague(x) && vague(y))) {
		// The days of one event, or the places of a list, one of them
		// found ("in Ngong and Kiserian"): told apart by the text. Two the
		// gazetteer lacks, coded at the area that holds them ("in Kiriko
		// and Gatwiri areas of Kiambu"), are one event there: one place,
		// one day, one act.
		return false
	}
	if sameKey(x, y) && !(long && b.distinct) && !(b.distinct && a.spot && b.spot) {
		return true // places that resolve to one: the same event twice
	}
	if a.f == b.f || a.sentence == b.sentence || b.distinct && !(listed(a) && samePlace(x, y) && x.SubEventType == y.SubEventType) {
		// The frame already told them apart, or the text says so; but "a
		// second suicide bombing struck Mogadishu" is the Mogadishu one of
		// "two suicide bombings in Baidoa and Mogadishu".
		return false
	}
	if a.many && !vague(y) || b.many && !vague(x) {
		return false // a wave holds the specific events; it is none of them
	}
	if b.weak && !a.weak && kin(x.SubEventType) != "" {
		// A death told apart is of the event at its place: any violent kind.
		return (samePlace(x, y) || vague(y) && placeWithin(x, y) || vague(x) && placeWithin(y, x)) &&
			(x.EventDate == "" || y.EventDate == "" || x.EventDate == y.EventDate || y.DateSource != "text")
	}
	if x.SubEventType != y.SubEventType && !((b.nominal || namesNoOne(b.f)) && generic(y.SubEventType) || blast(x.SubEventType) && blast(y.SubEventType) ||
		b.nominal && namesNoOne(b.f) && fromAfar(x.SubEventType) && fromAfar(y.SubEventType) || // "reports of a strike" after a drone strike
		kin(x.SubEventType) == "protest" && kin(y.SubEventType) == "protest" && (!long || goesOn(a, b)) || crowdTurns) {
		// Two weapons or two acts, unless a later mention only names it
		// ("the attack"); but a note or a brief tells one demonstration's
		// crowd and its dispersal in sentences apart. (In a long article,
		// protests told twice are as often two.)
		return false
	}
	if x.EventDate != "" && y.EventDate != "" && x.EventDate != y.EventDate && x.DateSource == "text" && y.DateSource == "text" {
		return false
	}
	if !samePlace(x, y) && !(vague(y) && placeWithin(x, y)) && !(vague(x) && placeWithin(y, x)) && !nearby(x, y) {
		return false
	}
	// "No group claimed the attack": a noun that names no one of its own
	// takes the actors of the event it names.
	// The crowd of a demonstration told on is one, as protesters or as rioters.
	return actorsAgree(x, y) || namesNoOne(b.f) && generic(y.SubEventType) ||
		kin(x.SubEventType) == "protest" && kin(y.SubEventType) == "protest" && goesOn(a, b) || crowdTurns
}

// summedUp tells whether one of a and b names the other's happening in a
// word of fighting or attack, with its very toll: "Fighting in El Fasher
// killed 14 civilians ... The RSF shelled the camp, killing 14 people" is
// the shelling told twice, whichever comes first.
func summedUp(a, b *candidate) bool {
	x, y := &a.ev, &b.ev
	if a.f == b.f || a.sentence == b.sentence || a.shared || b.shared || b.weak || b.distinct || x.FatalitiesLow == 0 || x.FatalitiesLow != y.FatalitiesLow || kin(x.SubEventType) == kin(y.SubEventType) {
		return false
	}
	return generic(x.SubEventType) && violentKin(y.SubEventType) || generic(y.SubEventType) && violentKin(x.SubEventType)
}

// goesOn tells whether b goes on telling a's demonstration: told in the
// next two sentences with neither a place nor a day of its own
// ("Protesters burned tyres and chanted slogans").
func goesOn(a, b *candidate) bool {
	y := &b.ev
	return b.sentence > a.sentence && b.sentence-a.sentence <= 2 && !placeTold(y) && y.DateSource != "text"
}

// ownAccount tells whether b is a side's own account of a's harm, told
// after it with no day, toll or place of its own: "A drone strike killed
// four traders ... The army said it had targeted a gathering of
// terrorists in the area" is one strike, and the army says it was its.
// Another weapon is another act ("Hezbollah said it fired rockets in
// response" after a drone strike).
func ownAccount(a, b *candidate) bool {
	x, y := &a.ev, &b.ev
	unnamed := strings.HasPrefix(x.Actor1, "Unidentified") || x.Actor1 == ""
	return y.Claim.SourceKind == "party" && a.sentence < b.sentence && !b.distinct &&
		kin(x.SubEventType) == "harm" && violentKin(y.SubEventType) && (x.SubEventType == y.SubEventType || generic(y.SubEventType)) &&
		y.FatalitiesLow == 0 && y.DateSource != "text" && (unnamed || base(x.Actor1) == base(y.Actor1)) &&
		(samePlace(x, y) || vague(y) && placeWithin(x, y))
}

// weaponOfAttack tells whether b tells the weapon of a's attack, told
// just after it by the same named doer, with no day, toll or place of its
// own: "The RSF killed more than 100 people in an attack on the village
// ... the RSF used heavy weapons and shelled homes".
func weaponOfAttack(a, b *candidate) bool {
	x, y := &a.ev, &b.ev
	return x.SubEventType == event.Attack && kin(y.SubEventType) == "harm" && !generic(y.SubEventType) && !b.distinct &&
		b.sentence > a.sentence && b.sentence-a.sentence <= 2 && y.DateSource != "text" && y.FatalitiesLow == 0 &&
		!placeTold(y) && x.Actor1 != "" && !strings.HasPrefix(x.Actor1, "Unidentified") && base(x.Actor1) == base(y.Actor1)
}

// takenInFight tells whether b is weapons seized in a's fight, told with
// it or just after with no day or place of its own: "Police shot dead five
// robbers in a shootout ... Officers recovered two pistols", "soldiers
// killed four militants and recovered weapons".
func takenInFight(a, b *candidate) bool {
	x, y := &a.ev, &b.ev
	return y.SubEventType == event.DisruptedWeapons && kin(x.SubEventType) == "battle" && !b.distinct &&
		b.sentence >= a.sentence && b.sentence-a.sentence <= 2 &&
		(samePlace(x, y) || !placeTold(y) || vague(y) && placeWithin(x, y)) &&
		(y.DateSource != "text" || x.EventDate == y.EventDate)
}

// losersAccount tells whether b is the withdrawal of the side a's capture
// took the place from, told after it with no day or place of its own: "M23
// rebels captured Sake ... The army said its troops had withdrawn to
// strategic positions", "... Government soldiers withdrew from the town, a
// resident said" is one capture, whoever tells the withdrawal.
func losersAccount(a, b *candidate) bool {
	x, y := &a.ev, &b.ev
	return y.SubEventType == event.NonViolentTransfer && (x.SubEventType == event.NonStateOvertakes || x.SubEventType == event.GovernmentRegains) &&
		a.sentence < b.sentence && !b.distinct && y.DateSource != "text" &&
		x.Actor2 != "" && base(y.Actor1) == base(x.Actor2) &&
		(samePlace(x, y) || vague(y) && placeWithin(x, y) || !placeTold(y))
}

// placeTold tells whether an event's place is written in the text it was
// read from, not lent by the report's dateline or another sentence.
func placeTold(e *event.Event) bool {
	p, ok := e.Fields["location"]
	if !ok {
		return false
	}
	for _, s := range e.Evidence {
		if s.Start <= p.Start && p.End <= s.End {
			return true
		}
	}
	return false
}

// namesNoOne tells whether no mention of a frame names a doer or a target.
func namesNoOne(f *frame) bool {
	for _, m := range f.ms {
		if m.Agent != nil || m.Patient != nil || m.Victim != nil {
			return false
		}
	}
	return true
}

// arrestsAtProtest tells whether b is arrests told after a's demonstration.
func arrestsAtProtest(a, b *event.Event) bool {
	return kin(a.SubEventType) == "protest" && b.SubEventType == event.Arrests
}

// listed tells whether a candidate was read from a list of places told
// with one act: "two suicide bombings in Baidoa and Mogadishu".
func listed(k *candidate) bool { return k.f.head().Listed >= 2 }

// weakFrame tells whether a frame only tells deaths, wounds or shots,
// with no doer named, or with no place of its own: "the general died",
// "all six of the members killed were Americans".
func weakFrame(f *frame) bool {
	named, placed := false, false
	for _, m := range f.ms {
		named = named || m.Agent != nil && m.Agent.Entry != nil
		placed = placed || len(m.Places) > 0
	}
	if named && placed {
		return false
	}
	rest := f.classes
	for _, c := range []extract.Class{extract.Kill, extract.Injure, extract.Shoot} {
		rest &^= 1 << c
	}
	return rest == 0
}

// nearby tells whether two violent events are told at places a city or
// its suburbs apart ("Chelsea", "Manhattan", "New York"): one happening when nothing
// else tells them apart, as a report names the spot, then the city.
// Battles and crowds are not: a front and a city have many.
func nearby(a, b *event.Event) bool {
	if kin(a.SubEventType) != "harm" || kin(b.SubEventType) != "harm" || a.Latitude == nil || b.Latitude == nil {
		return false
	}
	if a.FatalitiesLow > 0 && b.FatalitiesLow > 0 && a.FatalitiesLow != b.FatalitiesLow {
		return false // two places, two tolls: a list of attacks
	}
	return haversine(*a.Latitude, *a.Longitude, *b.Latitude, *b.Longitude) <= 60
}

// sameKey tells whether two events say the same in every field a reader
// tells events apart by: an event written twice.
func sameKey(a, b *event.Event) bool {
	return a.SubEventType == b.SubEventType && a.Location == b.Location && a.EventDate == b.EventDate &&
		a.Actor1 == b.Actor1 && a.Actor2 == b.Actor2
}

// generic sub-types say less than a weapon: an attack, a clash.
func generic(s event.SubType) bool { return s == event.Attack || s == event.ArmedClash }

// fromAfar sub-types are what a report may call "a strike" before it says
// whence: an air strike, a shell, a missile.
func fromAfar(s event.SubType) bool { return s == event.AirDroneStrike || s == event.Shelling }

// blast sub-types are what a report may call an explosion before it
// knows more: a bomb, a suicide bomber, a grenade.
func blast(s event.SubType) bool {
	return s == event.RemoteExplosive || s == event.SuicideBomb || s == event.Grenade
}

// samePlace tells whether two events are placed at one place.
func samePlace(a, b *event.Event) bool {
	switch {
	case a.Location == "" || b.Location == "":
		return false
	case namedApart(a, b):
		return false
	case a.GeonameID != 0 && a.GeonameID == b.GeonameID, a.Location == b.Location && a.Country == b.Country:
		return true
	case a.Latitude != nil && b.Latitude != nil && a.GeoPrecision <= 2 && b.GeoPrecision <= 2:
		return haversine(*a.Latitude, *a.Longitude, *b.Latitude, *b.Longitude) <= 2
	}
	return false
}

// namedApart tells whether two events the gazetteer placed only by the
// area holding them were told at two places of different names: Diwaniyah
// and Heet are not one town because both were put in their province.
func namedApart(a, b *event.Event) bool {
	if a.GeoPrecision < 3 && b.GeoPrecision < 3 {
		return false
	}
	sa, oka := a.Fields["location"]
	sb, okb := b.Fields["location"]
	if !oka || !okb {
		return false
	}
	na, nb := text.Fold(sa.Text), text.Fold(sb.Text)
	return na != nb && na != text.Fold(b.Location) && nb != text.Fold(a.Location)
}

// writtenApart tells whether two events' places are written as two names.
func writtenApart(a, b *event.Event) bool {
	sa, oka := a.Fields["location"]
	sb, okb := b.Fields["location"]
	return oka && okb && text.Fold(sa.Text) != text.Fold(sb.Text)
}

// compatibleEvents tells whether two sub-types may be told of one
// happening in one report: the same, or kin ("a bomb exploded", "the
// attack", "the suicide bomber").
func compatibleEvents(a, b *event.Event) bool {
	if a.SubEventType == b.SubEventType {
		return true
	}
	return kin(a.SubEventType) != "" && kin(a.SubEventType) == kin(b.SubEventType)
}

// violentKin tells whether a sub-type is of harm or battle.
func violentKin(s event.SubType) bool { k := kin(s); return k == "harm" || k == "battle" }

// kin groups sub-types one report uses for one happening as it learns
// more of it: a blast that turns out a suicide bombing, an attack that
// was a bombing. Grammar of the taxonomy, not vocabulary.
func kin(s event.SubType) string {
	switch s {
	case event.RemoteExplosive, event.SuicideBomb, event.Grenade, event.Attack, event.AirDroneStrike, event.Shelling, event.ChemicalWeapon:
		return "harm"
	case event.ArmedClash, event.GovernmentRegains, event.NonStateOvertakes:
		return "battle"
	case event.PeacefulProtest, event.ProtestWithIntervention, event.ExcessiveForce, event.ViolentDemonstration:
		return "protest"
	case event.MobViolence, event.LootingDestruction:
		return "riot"
	case event.Abduction, event.Arrests:
		return "taken"
	}
	return ""
}

// placeWithin tells whether b's place is a's or lies in it, or b has none.
func placeWithin(a, b *event.Event) bool {
	switch {
	case b.Location == "" && b.Country == "":
		return true
	case (b.Location == "" || b.Location == b.Country) && (!placeTold(b) || unknownPlace(b)):
		// A country guessed from the actors, not told ("the military said
		// it had targeted militants"), or a place the gazetteer lacks put
		// in the country the report seems about ("the strike flattened a
		// building in the Al-Amal neighbourhood"): either may lie in a's.
		return true
	case a.Country != "" && b.Country != "" && a.Country != b.Country:
		return false
	case a.GeonameID != 0 && a.GeonameID == b.GeonameID, a.Location != "" && a.Location == b.Location:
		return true
	case b.Location == "" || b.Location == b.Country:
		return true // the country alone
	case b.Location == a.Admin1 || b.Location == a.Admin2:
		return true // the province or district b names holds a
	case a.Latitude != nil && b.Latitude != nil && b.GeoPrecision <= 2 && a.GeoPrecision <= 2:
		return haversine(*a.Latitude, *a.Longitude, *b.Latitude, *b.Longitude) <= 10
	}
	return false
}

func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// actorsAgree tells whether two events' actors do not contradict each
// other: an unnamed side agrees with any, and two named perpetrators
// must be one, except in a clash told from either side.
func actorsAgree(a, b *event.Event) bool {
	named := func(s string) bool { return s != "" && !strings.HasPrefix(s, "Unidentified") }
	if !named(a.Actor1) || !named(b.Actor1) || base(a.Actor1) == base(b.Actor1) {
		return true
	}
	// A clash told from the other side: each side matches the other
	// telling's, or one of the two is a doer unnamed ("jihadists attacked
	// an army post" claimed by JNIM, then "the army repelled the
	// attackers").
	side := func(p, q string) bool { return !named(p) || !named(q) || base(p) == base(q) }
	return a.SubEventType == event.ArmedClash && b.SubEventType == event.ArmedClash &&
		side(a.Actor1, b.Actor2) && side(a.Actor2, b.Actor1)
}

// fold folds b, another telling of a's happening, into a: every span
// kept, the most specific sub-type, place, date and actors winning, and
// the deaths the largest credible figure, never a sum.
func fold(a, b *candidate) {
	x, y := &a.ev, &b.ev
	told := func(k *candidate) bool { return k.ev.FatalitiesLow > 0 && !k.shared } // a figure of its own
	a.count++
	a.quoted = a.quoted && b.quoted
	// A wave folded with one of its events ("two explosions killed five
	// rebels" / "the device went off, killing both"): the wave's toll is
	// a tally of several, the event's own figure is its toll.
	waveA, waveB := a.many && !b.many && told(b), b.many && !a.many && told(a)
	a.many = a.many && b.many // "three drones struck the depot": one attack
	a.said = append(a.said, b.said...)
	x.Evidence = addSpans(x.Evidence, y.Evidence...)
	if summedUp(a, b) && generic(x.SubEventType) {
		// The fighting summed up first was this act: its kind and its sides.
		x.EventType, x.SubEventType = y.EventType, y.SubEventType
		x.Fields["event_type"] = y.Fields["event_type"]
		x.Actor1, x.Inter1, x.AssocActor1 = y.Actor1, y.Inter1, y.AssocActor1
		x.Actor2, x.Inter2, x.AssocActor2 = y.Actor2, y.Inter2, y.AssocActor2
		for _, f := range []string{"actor1", "actor2"} {
			if sp, ok := y.Fields[f]; ok {
				x.Fields[f] = sp
			} else {
				delete(x.Fields, f)
			}
		}
	}
	if !b.weak && specificity(y.SubEventType) > specificity(x.SubEventType) && compatibleEvents(x, y) {
		x.EventType, x.SubEventType = y.EventType, y.SubEventType
		x.Fields["event_type"] = y.Fields["event_type"]
		x.Control = y.Control
		if (x.Inter1 == 5 || x.Inter1 == 6) && (y.Inter1 == 5 || y.Inter1 == 6) {
			// The crowd is what the sub-type says it was: rioters in a
			// violent demonstration, protesters in a peaceful one.
			x.Actor1, x.Inter1 = y.Actor1, y.Inter1
		}
	}
	if kin(x.SubEventType) == "protest" && y.SubEventType == event.MobViolence {
		// The demonstration turned violent (sameHappening's crowdTurns):
		// its crowd rioted, against the forces that broke it up or those
		// it fought.
		x.EventType, x.SubEventType = event.ViolentDemonstration.Type(), event.ViolentDemonstration
		x.Fields["event_type"] = y.Fields["event_type"]
		x.Actor1, x.Inter1 = y.Actor1, y.Inter1
		if x.Inter2 != 1 && y.Inter2 == 1 {
			x.Actor2, x.Inter2 = y.Actor2, y.Inter2
		}
	}
	if arrestsAtProtest(x, y) && x.SubEventType == event.PeacefulProtest {
		x.SubEventType = event.ProtestWithIntervention // the arrests broke it up
	}
	// The place the report first gives stands unless it is vague: a later
	// mention names a spot of it ("a bakery on Rue X") or only its area.
	// A toll told only of the country, or of no place, over twice that of
	// an event told at a place, is a tally of many ("attacks across Iraq
	// killed 107"), not this event's figure.
	countryOnly := func(e *event.Event) bool { return e.Location == "" || e.Location == e.Country }
	tally := func(wide, placed *event.Event) bool {
		return countryOnly(wide) && !countryOnly(placed) && placed.FatalitiesLow > 0 && wide.FatalitiesLow > 2*placed.FatalitiesLow
	}
	keepToll := tally(y, x) || waveB
	if waveA {
		x.Fatalities, x.FatalitiesLow, x.FatalitiesHigh = y.Fatalities, y.FatalitiesLow, y.FatalitiesHigh
		if s, ok := y.Fields["fatalities"]; ok {
			x.Fields["fatalities"] = s
		}
	}
	if y.Location != "" && (x.Location == "" || vague(x) && !vague(y)) {
		if tally(x, y) {
			x.Fatalities, x.FatalitiesLow, x.FatalitiesHigh = y.Fatalities, y.FatalitiesLow, y.FatalitiesHigh
		}
		copyPlace(x, y)
	}
	if x.DateSource != "text" && y.DateSource == "text" || x.EventDate == "" && y.EventDate != "" {
		x.EventDate, x.TimePrecision, x.DateSource = y.EventDate, y.TimePrecision, y.DateSource
		if s, ok := y.Fields["event_date"]; ok {
			x.Fields["event_date"] = s
		}
	}
	unnamed := func(s string) bool { return s == "" || strings.HasPrefix(s, "Unidentified") }
	if unnamed(x.Actor1) && !unnamed(y.Actor1) && base(y.Actor1) != base(x.Actor2) {
		// (a side that is a's target is not its doer: the loser who
		// withdrew from the town the capture took)
		x.Actor1, x.Inter1, x.AssocActor1 = y.Actor1, y.Inter1, y.AssocActor1
		if s, ok := y.Fields["actor1"]; ok {
			x.Fields["actor1"] = s
		}
	}
	if unnamed(x.Actor2) && !unnamed(y.Actor2) && base(y.Actor2) != base(x.Actor1) {
		x.Actor2, x.Inter2, x.AssocActor2 = y.Actor2, y.Inter2, y.AssocActor2
		if s, ok := y.Fields["actor2"]; ok {
			x.Fields["actor2"] = s
		}
	}
	if a.f == b.f {
		// Two places of one frame that turned out one: their shares of
		// the frame's toll add up again.
		x.FatalitiesLow += y.FatalitiesLow
		x.Fatalities = x.FatalitiesLow
		if x.FatalitiesHigh != nil && y.FatalitiesHigh != nil {
			h := *x.FatalitiesHigh + *y.FatalitiesHigh
			x.FatalitiesHigh = &h
		} else {
			x.FatalitiesHigh = nil
		}
	} else if told(b) && !told(a) || y.FatalitiesLow > x.FatalitiesLow && !keepToll && (told(b) || !told(a)) {
		// The largest figure, but one told of this event beats its share
		// of a list's total ("two bombings killed 30" gives each 15; "9
		// died in Tikrit").
		x.Fatalities, x.FatalitiesLow, x.FatalitiesHigh = y.Fatalities, y.FatalitiesLow, y.FatalitiesHigh
		if s, ok := y.Fields["fatalities"]; ok {
			x.Fields["fatalities"] = s
		}
	}
	if y.FatalitiesLow > 0 && !b.shared {
		a.shared = false
	}
	if x.Injuries == nil || y.Injuries != nil && y.Injuries.Low > x.Injuries.Low {
		x.Injuries = y.Injuries
	}
	x.Claim.Hedged = x.Claim.Hedged && y.Claim.Hedged
	if x.Claim.Source == "" && y.Claim.Source != "" {
		x.Claim = y.Claim
	}
	if y.Claim.Status == event.Disputed {
		x.Claim.Status = event.Disputed // "the army denied that the town had fallen"
	}
}

// specificity ranks sub-types by how much they say: a suicide bombing is
// a particular explosion, which is a particular attack.
func specificity(s event.SubType) int {
	switch s {
	case event.SuicideBomb, event.ChemicalWeapon, event.Grenade:
		return 4
	case event.RemoteExplosive, event.AirDroneStrike, event.Shelling, event.GovernmentRegains, event.NonStateOvertakes,
		event.ExcessiveForce, event.ViolentDemonstration:
		return 3
	case event.ArmedClash, event.ProtestWithIntervention, event.Abduction, event.SexualViolence:
		return 2
	case event.Attack, event.PeacefulProtest, event.Arrests:
		return 1
	}
	return 0
}

// unknownPlace tells whether an event's place is a name the gazetteer
// lacks, coded at a country: the country is a guess.
func unknownPlace(e *event.Event) bool {
	f, ok := e.Fields["location"]
	return ok && e.GeoPrecision == 3 && e.Location == e.Country && text.Fold(f.Text) != text.Fold(e.Country)
}
