package fuse

import (
	"context"
	"iter"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/sitrep/sitrep/internal/event"
)

func f64(v float64) *float64 { return &v }
func intp(v int) *int        { return &v }

// ev builds a test event: an air strike on Ariha by Russia on civilians, on
// 2024-03-14, unless changed.
func ev(id string, change func(*event.Event)) event.Event {
	e := event.Event{
		ID: id, DocID: "doc-" + id, EventType: event.ExplosionsRemote, SubEventType: "Air/drone strike",
		EventDate: "2024-03-14", TimePrecision: 1,
		Actor1: "Military Forces of Russia (2000-)", Inter1: 8, Actor2: "Civilians (Syria)", Inter2: 7,
		Country: "Syria", Admin1: "Idlib", Location: "Ariha", Latitude: f64(35.8137), Longitude: f64(36.6096), GeoPrecision: 1,
		Claim: event.Claim{SourceKind: "outlet", Status: event.Asserted},
	}
	if change != nil {
		change(&e)
	}
	return e
}

func TestCompatible(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*event.Event)
		want   bool
	}{
		{"same report from another outlet", nil, true},
		{"same document", func(e *event.Event) { e.DocID = "doc-a" }, false},
		{"next day", func(e *event.Event) { e.EventDate = "2024-03-15" }, false},
		{"next day, date within a few days", func(e *event.Event) { e.EventDate = "2024-03-15"; e.TimePrecision = 2 }, true},
		{"no date, published the day after", func(e *event.Event) { e.EventDate = ""; e.Published = "2024-03-15" }, true},
		{"village 14 km away", func(e *event.Event) { e.Location = "Sarmin"; e.Latitude, e.Longitude = f64(35.904), f64(36.725) }, false},
		{"near a town 14 km away", func(e *event.Event) {
			e.Location = "Sarmin"
			e.Latitude, e.Longitude, e.GeoPrecision = f64(35.904), f64(36.725), 3
		}, true},
		{"no coordinates, same name", func(e *event.Event) { e.Latitude, e.Longitude = nil, nil; e.Location = "ARIHA" }, true},
		{"no coordinates, other name", func(e *event.Event) { e.Latitude, e.Longitude = nil, nil; e.Location = "Sarmin" }, false},
		{"shelling for a strike", func(e *event.Event) { e.SubEventType = "Shelling/artillery/missile attack" }, true},
		{"a protest", func(e *event.Event) { e.EventType, e.SubEventType = event.Protests, "Peaceful protest" }, false},
		{"strike told as on militants", func(e *event.Event) {
			e.Actor1, e.Inter1, e.Actor2, e.Inter2 = "Military Forces of Syria (2000-)", 1, "HTS: Hayat Tahrir al-Sham", 2
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := ev("a", nil), ev("b", tc.change)
			if got := Compatible(&a, &b); got != tc.want {
				t.Errorf("Compatible = %v, want %v", got, tc.want)
			}
			if got := Compatible(&b, &a); got != tc.want {
				t.Errorf("Compatible reversed = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestActors(t *testing.T) {
	clash := func(a1 string, i1 int, a2 string, i2 int, assoc string) func(*event.Event) {
		return func(e *event.Event) {
			e.EventType, e.SubEventType = event.Battles, "Armed clash"
			e.Actor1, e.Inter1, e.Actor2, e.Inter2, e.AssocActor1 = a1, i1, a2, i2, assoc
		}
	}
	army := "Military Forces of Kenya (2013-)"
	for _, tc := range []struct {
		name string
		a, b func(*event.Event)
		want bool
	}{
		{"same sides, swapped", clash(army, 1, "Al Shabaab", 2, ""), clash("Al-Shabaab", 2, army, 1, ""), true},
		{"two rebel groups", clash(army, 1, "Al Shabaab", 2, ""), clash(army, 1, "ISIS", 2, ""), false},
		{"unidentified group", clash(army, 1, "Al Shabaab", 2, ""), clash(army, 1, "Unidentified Armed Group (Kenya)", 2, ""), true},
		{"no shared actor type", clash("Rioters (Kenya)", 5, "", 0, ""), clash(army, 1, "Al Shabaab", 2, ""), false},
		{"rallies of two parties", clash("Protesters (Kenya)", 6, "", 0, "ODM"), clash("Protesters (Kenya)", 6, "", 0, "Jubilee; Women (Kenya)"), false},
		{"rally with and without its party", clash("Protesters (Kenya)", 6, "", 0, "ODM"), clash("Protesters (Kenya)", 6, "", 0, ""), true},
		{"no actors", clash("", 0, "", 0, ""), clash(army, 1, "Al Shabaab", 2, ""), true},
		// b names a second rebel group that a, which names one rebel group
		// only, does not: read from either side, two groups in one role.
		{"a rebel group named by one only", clash("Al Shabaab", 2, army, 1, ""), clash("Al Shabaab", 2, "ISIS", 2, ""), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := ev("a", tc.a), ev("b", tc.b)
			if got := Compatible(&a, &b); got != tc.want {
				t.Errorf("Compatible = %v, want %v", got, tc.want)
			}
			if got := Compatible(&b, &a); got != tc.want {
				t.Errorf("Compatible reversed = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestCompatibleSymmetric: whether two events may be one happening does
// not depend on which came first.
func TestCompatibleSymmetric(t *testing.T) {
	events := genEvents(4, 300)
	for i := range events {
		for j := range i {
			if a, b := Compatible(&events[i], &events[j]), Compatible(&events[j], &events[i]); a != b {
				t.Fatalf("Compatible(%s, %s) = %v, reversed %v", events[i].ID, events[j].ID, a, b)
			}
		}
	}
}

// TestClusterOrder checks that incidents do not depend on the order
// reports arrive in, vague ones included.
func TestClusterOrder(t *testing.T) {
	events := []event.Event{
		ev("a", nil),
		ev("b", nil),
		ev("c", func(e *event.Event) { e.GeoPrecision = 2 }), // near Ariha: joins a and b
		ev("d", func(e *event.Event) { // Sarmin, 14 km off
			e.Location, e.Latitude, e.Longitude = "Sarmin", f64(35.904), f64(36.725)
		}),
		ev("e", func(e *event.Event) { // Idlib province: within reach of both, may bridge neither
			e.Location, e.Latitude, e.Longitude, e.GeoPrecision = "Idlib", f64(35.93), f64(36.63), 3
		}),
		ev("f", func(e *event.Event) { e.EventDate = "2024-03-20" }),
	}
	partition := func(evs []event.Event) [][]string {
		var out [][]string
		for _, c := range Cluster(evs) {
			var ids []string
			for _, i := range c {
				ids = append(ids, evs[i].ID)
			}
			slices.Sort(ids)
			out = append(out, ids)
		}
		slices.SortFunc(out, func(a, b []string) int { return slices.Compare(a, b) })
		return out
	}
	want := [][]string{{"a", "b", "c"}, {"d", "e"}, {"f"}} // Idlib is nearer Sarmin than Ariha
	r := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		r.Shuffle(len(events), func(i, j int) { events[i], events[j] = events[j], events[i] })
		if got := partition(events); !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("Cluster = %v, want %v", got, want)
		}
	}
}

func TestSummarize(t *testing.T) {
	reports := []event.Event{
		ev("a", func(e *event.Event) {
			e.Outlet, e.Fatalities, e.FatalitiesLow, e.FatalitiesHigh = "Wire", 5, 5, intp(5)
		}),
		ev("b", func(e *event.Event) {
			e.Outlet, e.Fatalities, e.FatalitiesLow, e.FatalitiesHigh = "Local", 21, 21, intp(21)
			e.GeoPrecision = 2
			e.Location = "near Ariha"
		}),
		ev("c", func(e *event.Event) {
			e.Outlet = "State TV"
			e.SubEventType = "Shelling/artillery/missile attack"
			e.Claim = event.Claim{Source: "Ministry of Defence", SourceKind: "official", Status: event.Claimed}
		}),
	}
	first := Summarize(reports)
	if first.Status != event.Disputed || first.Fatalities.Low != 5 || first.Fatalities.High == nil || *first.Fatalities.High != 21 {
		t.Errorf("status %s, fatalities %+v; want disputed, 5–21", first.Status, first.Fatalities)
	}
	if first.SubEventType != "Air/drone strike" || first.Location != "Ariha" || first.GeoPrecision != 1 {
		t.Errorf("type %s at %s/%d; want the majority type at the most precise place", first.SubEventType, first.Location, first.GeoPrecision)
	}
	if len(first.Reports) != 3 || first.Reports[2].Fatalities != nil || first.Reports[1].Fatalities.Low != 21 {
		t.Errorf("reports %+v: want who said what, with no figure for the report that gives none", first.Reports)
	}
	slices.Reverse(reports)
	if again := Summarize(reports); again.Status != first.Status || again.Location != first.Location || again.Reports[0].EventID != "a" {
		t.Errorf("summary depends on order")
	}
}

func TestStatus(t *testing.T) {
	r := func(outlet, source, kind, status string) Report {
		return Report{Outlet: outlet, DocID: outlet, Source: source, SourceKind: kind, Status: status}
	}
	for _, tc := range []struct {
		name string
		rs   []Report
		want string
	}{
		{"one outlet", []Report{r("Wire", "", "outlet", "")}, event.Asserted},
		{"two outlets", []Report{r("Wire", "", "outlet", ""), r("Local", "", "outlet", "")}, event.Confirmed},
		{"one party", []Report{r("Wire", "army", "official", "")}, event.Claimed},
		{"two outlets citing the same party", []Report{r("Wire", "army", "official", ""), r("Local", "Army", "official", "")}, event.Claimed},
		{"party and witness", []Report{r("Wire", "army", "official", ""), r("Local", "residents", "local", "")}, event.Confirmed},
		{"a denial", []Report{r("Wire", "", "outlet", ""), r("Local", "", "outlet", event.Disputed)}, event.Disputed},
		{"two local sources in one outlet", []Report{r("Wire", "residents", "local", ""), r("Wire", "doctors", "local", "")}, event.Asserted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := status(tc.rs, false); got != tc.want {
				t.Errorf("status = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestControl(t *testing.T) {
	capture := func(id, date, to, from, kind string) event.Event {
		return ev(id, func(e *event.Event) {
			e.EventType, e.SubEventType = event.Battles, "Non-state actor overtakes territory"
			e.EventDate, e.Actor1, e.Inter1, e.Actor2, e.Inter2 = date, to, 2, from, 1
			e.Claim = event.Claim{SourceKind: kind}
			if kind == "party" {
				e.Claim.Source = to + " spokesman"
			}
			e.Outlet = "Outlet " + id
		})
	}
	claimed := Summarize([]event.Event{capture("a", "2024-03-01", "HTS", "Army", "party")}).Control
	confirmed := Summarize([]event.Event{capture("b", "2024-03-10", "Army", "HTS", "party"), capture("c", "2024-03-10", "Army", "HTS", "outlet")}).Control
	if claimed == nil || claimed.Status != event.Claimed || claimed.To != "HTS" || claimed.From != "Army" {
		t.Fatalf("capture told only by its side: %+v, want claimed", claimed)
	}
	if confirmed == nil || confirmed.Status != event.Confirmed || len(confirmed.Sources) != 2 {
		t.Fatalf("capture told by two: %+v, want confirmed with two sources", confirmed)
	}
	changes := []Change{*confirmed, *claimed}
	for _, tc := range []struct {
		date, want string
	}{
		{"2024-02-28", ""},
		{"2024-03-01", "HTS"},
		{"2024-03-09", "HTS"},
		{"2024-03-10", "Army"},
		{"2025-01-01", "Army"},
	} {
		got := ControlOn(changes, tc.date)
		holder := ""
		if len(got) == 1 {
			holder = got[0].To
		}
		if holder != tc.want || len(got) > 1 {
			t.Errorf("ControlOn(%s) = %+v, want %q", tc.date, got, tc.want)
		}
	}
	if c := Summarize([]event.Event{ev("x", nil)}).Control; c != nil {
		t.Errorf("air strike read as a change of control: %+v", c)
	}
}

func FuzzDay(f *testing.F) {
	for _, s := range []string{"2024-03-14", "1970-01-01", "2024-02-30", "20240314", "2024-03-14T10:00:00Z", "", "0000-00-00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := Day(s)
		if !ok {
			return
		}
		if back, ok := Day(DateOf(d)); !ok || back != d {
			t.Errorf("Day(%q) = %d, DateOf = %s, back %d", s, d, DateOf(d), back)
		}
	})
}

func BenchmarkCompatible(b *testing.B) {
	x, y := ev("a", nil), ev("b", func(e *event.Event) { e.GeoPrecision = 2 })
	for b.Loop() {
		Compatible(&x, &y)
	}
}

func BenchmarkCluster(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	events := make([]event.Event, 10000)
	for i := range events {
		events[i] = ev(strconv.Itoa(i), func(e *event.Event) {
			e.Latitude, e.Longitude = f64(35+r.Float64()), f64(36+r.Float64())
			e.EventDate = DateOf(19700 + r.IntN(365))
			e.GeoPrecision = 1 + r.IntN(3)
		})
	}
	for b.Loop() {
		Cluster(events)
	}
}

// genEvents makes n events of n/2 documents crowded into a few places and
// a month: precise and vague (by place, by time), some without
// coordinates, sub-types and actors that are and are not compatible, and
// twins.
func genEvents(seed uint64, n int) []event.Event {
	r := rand.New(rand.NewPCG(seed, 3))
	places := []struct {
		name     string
		lat, lon float64
	}{{"Ariha", 35.8137, 36.6096}, {"Near Ariha", 35.818, 36.614}, {"Sarmin", 35.904, 36.725}, {"Idlib", 35.93, 36.63}, {"Binnish", 0, 0}, {"Taftanaz", 0, 0}}
	subs := []event.SubType{event.AirDroneStrike, event.Shelling, event.ArmedClash, event.Attack, event.PeacefulProtest}
	actors := []struct {
		name  string
		inter int
	}{{"Military Forces of Syria (2000-)", 1}, {"HTS: Hayat Tahrir al-Sham", 2}, {"Other Rebels", 2}, {"Civilians (Syria)", 7}, {"Protesters (Syria)", 6}}
	out := make([]event.Event, n)
	for i := range out {
		p := places[r.IntN(len(places))]
		a1, a2 := actors[r.IntN(len(actors))], actors[r.IntN(len(actors))]
		out[i] = ev(strconv.Itoa(i), func(e *event.Event) {
			e.DocID = "doc-" + strconv.Itoa(i/2)
			e.SubEventType = subs[r.IntN(len(subs))]
			e.EventType = e.SubEventType.Type()
			e.EventDate = DateOf(19790 + r.IntN(30))
			e.TimePrecision = []int{1, 1, 1, 2, 3}[r.IntN(5)]
			e.GeoPrecision = []int{1, 1, 1, 2, 3}[r.IntN(5)]
			e.Location, e.Latitude, e.Longitude = p.name, nil, nil
			if p.lat != 0 {
				e.Latitude, e.Longitude = f64(p.lat), f64(p.lon)
			}
			e.Actor1, e.Inter1, e.Actor2, e.Inter2 = a1.name, a1.inter, a2.name, a2.inter
			e.AssocActor1 = []string{"", "", "Party A", "Party B"}[r.IntN(4)]
		})
	}
	return out
}

// precisePartition lists the groups of the precise events, as sorted ids.
func precisePartition(events []event.Event, groups [][]int) [][]string {
	var out [][]string
	for _, g := range groups {
		var ids []string
		for _, i := range g {
			if !Vague(&events[i]) {
				ids = append(ids, events[i].ID)
			}
		}
		if ids != nil {
			slices.Sort(ids)
			out = append(out, ids)
		}
	}
	slices.SortFunc(out, func(a, b []string) int { return slices.Compare(a, b) })
	return out
}

// components groups the events by the connected components of Compatible
// among the precise ones: what incremental fusion must give them,
// whatever the order and the vague events around them. Vague events are
// left alone.
func components(events []event.Event) [][]int {
	parent := make([]int, len(events))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	for i := range events {
		for j := range i {
			if !Vague(&events[i]) && !Vague(&events[j]) && Compatible(&events[i], &events[j]) {
				parent[find(i)] = find(j)
			}
		}
	}
	byRoot := map[int][]int{}
	for i := range events {
		byRoot[find(i)] = append(byRoot[find(i)], i)
	}
	var out [][]int
	for _, g := range byRoot {
		out = append(out, g)
	}
	return out
}

// TestPreciseOrder: the incidents of precise events do not depend on the
// order events arrive in, and are the connected components of Compatible
// among them; vague events join them but never bridge two.
func TestPreciseOrder(t *testing.T) {
	events := genEvents(1, 400)
	vague, merged := 0, 0
	for i := range events {
		if Vague(&events[i]) {
			vague++
		}
	}
	want := precisePartition(events, components(events))
	for _, g := range want {
		if len(g) > 1 {
			merged++
		}
	}
	if vague < 100 || merged < 20 {
		t.Fatalf("the generated events have %d vague, %d incidents of several precise events: too few to test", vague, merged)
	}
	r := rand.New(rand.NewPCG(7, 8))
	for round := range 8 {
		shuffled := slices.Clone(events)
		if round > 0 {
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		}
		if got := precisePartition(shuffled, Cluster(shuffled)); !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("round %d: precise incidents differ from the components of Compatible:\n%v\nwant\n%v", round, got, want)
		}
	}
}

// keyless is a memory store that hands out its events without their
// keys, as the SQL stores do: fusion computes them.
type keyless struct{ *memory }

func stripped(l []Stored) []Stored {
	out := slices.Clone(l)
	for i := range out {
		out[i].Key = nil
	}
	return out
}

func (k keyless) Near(ctx context.Context, e *event.Event) ([]Stored, error) {
	l, err := k.memory.Near(ctx, e)
	return stripped(l), err
}

func (k keyless) Twins(ctx context.Context, e *event.Event) iter.Seq2[Stored, error] {
	return func(yield func(Stored, error) bool) {
		for s, err := range k.memory.Twins(ctx, e) {
			s.Key = nil
			if !yield(s, err) {
				return
			}
		}
	}
}

func (k keyless) Event(ctx context.Context, ref int64) (Stored, error) {
	s, err := k.memory.Event(ctx, ref)
	s.Key = nil
	return s, err
}

// TestKeysKept: fusing with the keys a store keeps (Stored.Key) and with
// the keys computed from each candidate's event gives the same incidents
// and links; and the keys kept are KeyOf the event.
func TestKeysKept(t *testing.T) {
	ctx := context.Background()
	events := genEvents(11, 1500)
	kept, computed := newMemory(), newMemory()
	for i := range events {
		if err := kept.add(ctx, &events[i]); err != nil {
			t.Fatal(err)
		}
		if err := computed.addVia(ctx, keyless{computed}, &events[i]); err != nil {
			t.Fatal(err)
		}
	}
	incidents := map[int64]bool{}
	for i := range kept.events {
		a, b := &kept.events[i], &computed.events[i]
		if a.Incident != b.Incident || a.Link != b.Link {
			t.Fatalf("event %s: incident %d link %d with the keys kept, %d and %d computed", a.Event.ID, a.Incident, a.Link, b.Incident, b.Link)
		}
		if *a.Key != KeyOf(&a.Event) || keyWith(&a.Event, a.Key) != keyOf(&a.Event) {
			t.Fatalf("event %s: the key kept is not its KeyOf", a.Event.ID)
		}
		incidents[a.Incident] = true
	}
	if n := len(incidents); n < 50 || n > len(events)/2 {
		t.Fatalf("%d incidents of %d events: the stream tests little", n, len(events))
	}
}

// frozen is a store that answers fusion's questions and forgets its
// changes, so that a benchmark asks the same questions each time.
type frozen struct{ Store }

func (frozen) NewIncident(context.Context) (int64, error)             { return 1 << 40, nil }
func (frozen) Merge(context.Context, int64, []int64) error            { return nil }
func (frozen) Move(context.Context, int64, int64, int64, int64) error { return nil }

// BenchmarkAddCrowded fuses one more event into a crowded place (a month
// of thousands of events about one town): the cost per candidate, with
// the keys kept as the index keeps them and computed as over SQL.
func BenchmarkAddCrowded(b *testing.B) {
	ctx := context.Background()
	events := genEvents(12, 6000)
	m := newMemory()
	for i := range events[:5000] {
		if err := m.add(ctx, &events[i]); err != nil {
			b.Fatal(err)
		}
	}
	probes := events[5000:]
	for _, bc := range []struct {
		name string
		s    Store
	}{{"kept", frozen{m}}, {"computed", frozen{keyless{m}}}} {
		b.Run(bc.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				e := &probes[i%len(probes)]
				i++
				if _, _, err := Add(ctx, bc.s, int64(len(m.events)+1), e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		lo, hi                 float64
	}{
		{"one point", 35.8137, 36.6096, 35.8137, 36.6096, 0, 0},
		{"two villages", 35.8137, 36.6096, 35.904, 36.725, 14, 15},
		{"a degree of latitude", 10, 20, 11, 20, 111, 111.4},
		{"across the antimeridian", 0, 179.5, 0, -179.5, 111, 111.4},
	} {
		if d := Distance(tc.lat1, tc.lon1, tc.lat2, tc.lon2); d < tc.lo || d > tc.hi {
			t.Errorf("%s: Distance = %g km, want %g to %g", tc.name, d, tc.lo, tc.hi)
		}
	}
}
