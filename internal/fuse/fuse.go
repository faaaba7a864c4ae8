// Package fuse merges events read from different reports into incidents:
// the same happening told by ten outlets becomes one incident with ten
// reports. It decides which events belong together (Add, as each event
// arrives), sums an incident up from its reports (keeping who said what,
// never averaging) and reads changes of territorial control from them.
//
// It stores nothing: Add works over a Store, a small interface (find
// candidates, find twins, merge incidents, move an event) in sitrep's own
// types. Package store implements it with SQL and r-trees; Cluster runs
// the same fusion over one held in memory, the reference every store is
// tested against.
//
// Membership is single-link between precise events: an event joins every
// incident holding an event it is compatible with, and an event compatible
// with two incidents merges them, so the partition depends only on the set
// of events, not on their order. A vague event (a province, a month) would
// chain every happening in its reach into one incident, so it links to
// nothing but the single closest precise event it is compatible with (and
// to its twins: vague events of the same place and dates).
package fuse

import (
	"math"
	"slices"
	"strings"
	"time"
	"unique"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/text"
)

// Radius returns, in km, how far from its coordinates an event of the given
// geo_precision may have happened. Two events may be one happening when
// their points lie within the sum of their radii: a village (1) is a point
// with gazetteer jitter, "near X" (2) a few villages around it, a province
// coded at its seat (3) a wide area.
func Radius(geoPrecision int) float64 {
	switch geoPrecision {
	case 1:
		return 0.5
	case 2:
		return 10
	}
	return 40
}

// Interval returns the days (since 1970-01-01) an event may have happened
// on, from its date and time_precision; ok is false when it has no usable
// date. An event without an event date falls back to its document's
// publication date, read as "within a few days".
func Interval(e *event.Event) (first, last int, ok bool) {
	d, prec := e.EventDate, e.TimePrecision
	if d == "" {
		d, prec = e.Published, 2
	}
	day, ok := Day(d)
	if !ok {
		return 0, 0, false
	}
	switch prec {
	case 0, 1:
		return day, day, true
	case 2:
		return day - 3, day + 3, true
	}
	return day - 15, day + 15, true
}

// Day returns the days since 1970-01-01 of a YYYY-MM-DD date (anything
// after the tenth byte, such as a time, is ignored).
func Day(s string) (int, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, ok1 := digits(s[:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 2024-02-30
		return 0, false
	}
	return int(t.Unix() / 86400), true
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// DateOf is the inverse of Day.
func DateOf(day int) string {
	return time.Unix(int64(day)*86400, 0).UTC().Format(time.DateOnly)
}

// Compatible reports whether two events may describe the same happening:
// compatible sub-types, places within reach of each other, overlapping
// dates and actors that do not contradict each other. Events of one
// document are never merged: a report that lists two events means two.
func Compatible(a, b *event.Event) bool {
	ka, kb := keyOf(a), keyOf(b)
	return ka.compatible(&kb)
}

// Vague reports whether e is too vague in place or time to bridge two
// incidents: anything less than a named place on a known day.
func Vague(e *event.Event) bool { return e.GeoPrecision >= 2 || e.TimePrecision >= 2 }

// Twins reports whether two vague events give the same place and the same
// dates: then they join each other, and always the same incident.
func Twins(a, b *event.Event) bool {
	fa, la, _ := Interval(a)
	fb, lb, _ := Interval(b)
	// Vague reports join only when they tell the same thing of the same
	// place: same sub-type and, for crowds, the same people.
	return fa == fb && la == lb && a.GeoPrecision == b.GeoPrecision && PlaceName(a) != "" && PlaceName(a) == PlaceName(b) &&
		a.SubEventType == b.SubEventType && a.AssocActor1 == b.AssocActor1
}

// Closer reports whether a is a closer match than b for the vague event
// v: nearer, then nearer in time, then the smaller id, so that the choice
// is the same whatever the order the events came in.
func Closer(v, a, b *event.Event) bool {
	kv, ka, kb := keyOf(v), keyOf(a), keyOf(b)
	return kv.closer(&ka, &kb, a.ID, b.ID)
}

func (v *key) closer(a, b *key, aID, bID string) bool {
	da, db := v.gap(a), v.gap(b)
	if da != db {
		return da < db
	}
	return aID < bID
}

// gap measures how far apart two events are: km, with a day counted as 10 km.
func (v *key) gap(a *key) float64 {
	d := 0.0
	if v.hasPoint && a.hasPoint {
		d = Distance(v.lat, v.lon, a.lat, a.lon)
	}
	days := max(0, a.first-v.last, v.first-a.last)
	return d + 10*float64(days)
}

// key is what Compatible needs of an event, computed once. Fields are
// ordered to pack it into 176 bytes: a store may keep one per candidate
// (Key).
type key struct {
	doc      string
	sub      event.SubType
	place    string    // PlaceName: country and folded location
	actors   [2]string // actor keys, by slot
	assoc    [2]string // associated actors, as written, by slot
	first    int
	last     int
	inter    [2]int
	lat, lon float64
	radius   float64
	dated    bool
	hasPoint bool
	vague    bool
}

func keyOf(e *event.Event) key {
	k := key{doc: e.DocID, sub: e.SubEventType, place: PlaceName(e), vague: Vague(e)}
	k.first, k.last, k.dated = Interval(e)
	if e.Latitude != nil && e.Longitude != nil {
		k.hasPoint, k.lat, k.lon = true, *e.Latitude, *e.Longitude
		k.radius = Radius(e.GeoPrecision)
	}
	k.inter = [2]int{e.Inter1, e.Inter2}
	k.actors = [2]string{actorKey(e.Actor1), actorKey(e.Actor2)}
	k.assoc = [2]string{e.AssocActor1, e.AssocActor2}
	return k
}

// Key is what fusion folds of an event (its place and actor names): a
// store keeps it with a candidate (Stored.Key) so that the thousands of
// candidates of a crowded place are not folded again for every event
// fused. Only the folded names: a whole key would add 176 bytes to each
// of the index's entries, and the heap it holds is what the collector's
// soft limit (pipeline.LessGC) works against.
type Key struct {
	place  string    // PlaceName
	actors [2]string // actorKey of Actor1 and Actor2
}

// KeyOf returns the key of e. Its folded names are interned: the
// candidates of one place share them.
func KeyOf(e *event.Event) Key {
	return Key{intern(PlaceName(e)), [2]string{intern(actorKey(e.Actor1)), intern(actorKey(e.Actor2))}}
}

// keyWith is keyOf(e), with e's folded names from f.
func keyWith(e *event.Event, f *Key) key {
	k := key{doc: e.DocID, sub: e.SubEventType, place: f.place, vague: Vague(e)}
	k.first, k.last, k.dated = Interval(e)
	if e.Latitude != nil && e.Longitude != nil {
		k.hasPoint, k.lat, k.lon = true, *e.Latitude, *e.Longitude
		k.radius = Radius(e.GeoPrecision)
	}
	k.inter = [2]int{e.Inter1, e.Inter2}
	k.actors = f.actors
	k.assoc = [2]string{e.AssocActor1, e.AssocActor2}
	return k
}

func intern(s string) string {
	if s == "" {
		return ""
	}
	return unique.Make(s).Value()
}

func (a *key) compatible(b *key) bool {
	if a.doc != "" && a.doc == b.doc {
		return false
	}
	if !subTypesCompatible(a.sub, b.sub) || !a.meets(b) {
		return false
	}
	r := remote(a.sub) && remote(b.sub)
	// Both ways: an armed group one names is checked against the other's
	// (the rule is not symmetric), and fusion must not depend on which
	// event came first.
	return actorsCompatible(a, b, r) && actorsCompatible(b, a, r)
}

// meets reports whether the two events' dates overlap and their places
// are within reach of each other (or, without coordinates, the same).
func (a *key) meets(b *key) bool {
	if !a.dated || !b.dated || a.last < b.first || b.last < a.first {
		return false
	}
	switch {
	case a.hasPoint && b.hasPoint:
		return Distance(a.lat, a.lon, b.lat, b.lon) <= a.radius+b.radius
	case a.place == "" || a.place != b.place:
		return false
	}
	return true
}

// remote: sub-types of Explosions/Remote violence, whose actors outlets
// tell least alike: who flew the jet is often unknown, and the same strike
// killed "terrorists" for one side and "civilians" for the other.
func remote(sub event.SubType) bool { return sub.Type() == event.ExplosionsRemote }

// PlaceName names an event's place for matching when coordinates are
// missing: country and folded location, "" when there is no location.
func PlaceName(e *event.Event) string {
	if e.Location == "" {
		return ""
	}
	return text.Fold(e.Country) + "|" + text.Fold(e.Location)
}

// Distance is the great-circle distance in km.
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	if lat1 == lat2 && lon1 == lon2 {
		return 0 // what the formula gives; the reports of one town share its point
	}
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// actorsCompatible: the two events must share an actor type (when both name
// any, and unless remote is set), and an armed group a names must be the
// group b names in the same role of the same type, or one b names too:
// "Al Shabaab" and "ISIS" fighting the army in one town on one day are
// two battles.
func actorsCompatible(a, b *key, remote bool) bool {
	if a.inter == [2]int{} || b.inter == [2]int{} {
		return true
	}
	shared := remote
	for _, x := range a.inter {
		for _, y := range b.inter {
			if x != 0 && x == y {
				shared = true
			}
		}
	}
	if !shared {
		return false
	}
	for i, x := range a.inter {
		if crowd(x) && a.assoc[i] != "" {
			for j, y := range b.inter {
				if y == x && b.assoc[j] != "" && !overlap(a.assoc[i], b.assoc[j]) {
					return false
				}
			}
		}
		if !armedGroup(x) || a.actors[i] == "" || generic(a.actors[i]) {
			continue
		}
		for j, y := range b.inter {
			if y == x && b.actors[j] != "" && !generic(b.actors[j]) && b.actors[j] != a.actors[i] && !named(b, a.actors[i]) {
				return false
			}
		}
	}
	return true
}

// crowd: protesters and rioters, whom ACLED tells apart by the groups
// associated with them: the ruling party's rally and the opposition's
// march in one city on one day are two events.
func crowd(inter int) bool { return inter == event.InterRioters || inter == event.InterProtesters }

// overlap reports whether two "; "-separated actor lists share an actor.
func overlap(a, b string) bool {
	for x := range strings.SplitSeq(a, ";") {
		for y := range strings.SplitSeq(b, ";") {
			if actorKey(x) == actorKey(y) {
				return true
			}
		}
	}
	return false
}

// named reports whether k names the actor key in either role.
func named(k *key, actor string) bool { return k.actors[0] == actor || k.actors[1] == actor }

// armedGroup: inter codes whose actors are specific groups (rebels,
// militias, external forces), unlike state forces or crowds, which outlets
// name in many ways.
func armedGroup(inter int) bool {
	return inter == event.InterRebel || inter == event.InterPolitical || inter == event.InterIdentity || inter == event.InterExternal
}

// generic actor names say nobody in particular and contradict no one.
func generic(k string) bool {
	return strings.HasPrefix(k, "unidentified") || strings.HasPrefix(k, "unknown")
}

// actorKey folds an actor name and drops ACLED's parenthesised country and
// years and all punctuation: "Al-Shabaab (2006-)" → "alshabaab".
func actorKey(name string) string {
	if name == "" {
		return ""
	}
	f := text.Fold(name)
	var b strings.Builder
	b.Grow(len(f))
	depth := 0
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case c == '(':
			depth++
		case c == ')':
			if depth > 0 {
				depth--
			}
		case depth == 0 && ('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c >= 0x80):
			b.WriteByte(c)
		}
	}
	return b.String()
}

// compatibleSubTypes lists, beyond identical ones, the sub-types outlets
// use for one happening depending on their side and what they saw: a
// capture is also a clash, "shelling" and "strikes" are confused, an
// abduction to one side is an arrest to the other, a protest dispersed by
// police is peaceful to its organisers and violent to the police.
var compatibleSubTypes = [][]event.SubType{
	{event.ArmedClash, event.GovernmentRegains, event.NonStateOvertakes, event.NonViolentTransfer},
	{event.ArmedClash, event.Shelling, event.Attack},
	{event.NonViolentTransfer, event.OtherDevelopment}, // a withdrawal
	{event.Shelling, event.AirDroneStrike, event.DisruptedWeapons, event.Attack},
	{event.RemoteExplosive, event.SuicideBomb, event.Grenade, event.Attack},
	{event.Abduction, event.Arrests},
	{event.PeacefulProtest, event.ProtestWithIntervention, event.ExcessiveForce, event.ViolentDemonstration},
	{event.ViolentDemonstration, event.MobViolence, event.LootingDestruction},
}

func subTypesCompatible(a, b event.SubType) bool {
	if a == b {
		return true
	}
	for _, group := range compatibleSubTypes {
		ina, inb := false, false
		for _, s := range group {
			ina = ina || s == a
			inb = inb || s == b
		}
		if ina && inb {
			return true
		}
	}
	return false
}

// CompatibleSubTypes lists the sub-types an event of sub-type sub may be
// fused with (sub itself among them), for a store to ask only for those.
func CompatibleSubTypes(sub event.SubType) []event.SubType {
	out := []event.SubType{sub}
	for _, group := range compatibleSubTypes {
		if slices.Contains(group, sub) {
			for _, s := range group {
				if !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
		}
	}
	return out
}
