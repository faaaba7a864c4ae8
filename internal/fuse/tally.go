package fuse

import (
	"bufio"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/sitrep/sitrep/internal/event"
)

//go:embed data/fuse.txt
var configData string

// Config holds fusion's tuning values (data/fuse.txt).
type Config struct {
	// MaxVague is how many vague reports one incident takes in.
	MaxVague int
	// StaleDays is how long a holding stands without a report.
	StaleDays int
}

// Tuning returns the embedded tuning values.
var Tuning = sync.OnceValue(func() Config {
	c, err := parseConfig(configData)
	if err != nil {
		panic(err) // embedded data, checked by the tests
	}
	return c
})

func parseConfig(data string) (Config, error) {
	var c Config
	err := eachSetting(data, func(n int, name, value string) error {
		v, err := strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("fuse.txt:%d: %s: %w", n, name, err)
		}
		switch name {
		case "max_vague_reports":
			c.MaxVague = v
		case "control_stale_days":
			c.StaleDays = v
		default:
			return fmt.Errorf("fuse.txt:%d: unknown value %q", n, name)
		}
		return nil
	})
	if err != nil {
		return c, err
	}
	if c.MaxVague < 1 {
		return c, fmt.Errorf("fuse.txt: max_vague_reports must be at least 1")
	}
	if c.StaleDays < 1 {
		return c, fmt.Errorf("fuse.txt: control_stale_days must be at least 1")
	}
	return c, nil
}

// eachSetting calls fn for each "name value" line of a fusion data file,
// with its line number, skipping blank lines and # comments.
func eachSetting(data string, fn func(n int, name, value string) error) error {
	sc := bufio.NewScanner(strings.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, _ := strings.Cut(line, " ")
		if err := fn(n, name, strings.TrimSpace(value)); err != nil {
			return err
		}
	}
	return sc.Err()
}

// Tally is an incident's running summary: for each member (by the store's
// ref) what Summarize reads of it and nothing more, so that the events
// joining and leaving an incident update it and no member's stored body
// is read again. Summary gives what Summarize gives over the members.
type Tally struct {
	Members map[int64]event.Event `json:"members"`
}

// NewTally returns an empty tally.
func NewTally() *Tally { return &Tally{Members: map[int64]event.Event{}} }

// Brief is what Summarize (and the control it reads) needs of an event.
func Brief(e *event.Event) event.Event {
	b := event.Event{
		ID: e.ID, DocID: e.DocID, EventType: e.EventType, SubEventType: e.SubEventType,
		EventDate: e.EventDate, TimePrecision: e.TimePrecision, Published: e.Published,
		Country: e.Country, Admin1: e.Admin1, Admin2: e.Admin2, Location: e.Location,
		Latitude: e.Latitude, Longitude: e.Longitude, GeoPrecision: e.GeoPrecision, GeonameID: e.GeonameID,
		Actor1: e.Actor1, AssocActor1: e.AssocActor1, Actor2: e.Actor2, AssocActor2: e.AssocActor2,
		Inter1: e.Inter1, Inter2: e.Inter2, Control: e.Control,
		Outlet: e.Outlet, URL: e.URL,
		Fatalities: e.Fatalities, FatalitiesLow: e.FatalitiesLow, FatalitiesHigh: e.FatalitiesHigh,
	}
	b.Claim.Source, b.Claim.SourceKind, b.Claim.Hedged, b.Claim.Status = e.Claim.Source, e.Claim.SourceKind, e.Claim.Hedged, e.Claim.Status
	if f, ok := e.Fields["fatalities"]; ok { // figure reads whether the toll was read
		b.Fields = map[string]event.Span{"fatalities": f}
	}
	return b
}

// Join adds the event stored under ref.
func (t *Tally) Join(ref int64, e *event.Event) { t.Members[ref] = Brief(e) }

// Leave takes out the event stored under ref.
func (t *Tally) Leave(ref int64) (event.Event, bool) {
	e, ok := t.Members[ref]
	delete(t.Members, ref)
	return e, ok
}

// Len is the number of members.
func (t *Tally) Len() int { return len(t.Members) }

// VagueMembers counts the vague members.
func (t *Tally) VagueMembers() int {
	n := 0
	for _, e := range t.Members {
		if Vague(&e) {
			n++
		}
	}
	return n
}

// Summary sums the incident up, as Summarize over its members.
func (t *Tally) Summary() Incident {
	refs := make([]int64, 0, len(t.Members))
	for ref := range t.Members {
		refs = append(refs, ref)
	}
	slices.Sort(refs)
	evs := make([]event.Event, len(refs))
	for i, ref := range refs {
		evs[i] = t.Members[ref]
	}
	return Summarize(evs)
}

// Tallies are the running tallies one write transaction works on, loaded
// from the store on first use and written back by the store.
type Tallies struct {
	load func(incident int64) (*Tally, error)
	m    map[int64]*Tally
	of   map[int64]int64 // the incident of each member of a loaded tally
}

// NewTallies returns tallies that load the ones they lack with load
// (which returns an empty tally for an incident that has none yet).
func NewTallies(load func(incident int64) (*Tally, error)) *Tallies {
	return &Tallies{load: load, m: map[int64]*Tally{}, of: map[int64]int64{}}
}

// Get returns the tally of an incident.
func (ts *Tallies) Get(incident int64) (*Tally, error) {
	if t, ok := ts.m[incident]; ok {
		return t, nil
	}
	t, err := ts.load(incident)
	if err != nil {
		return nil, fmt.Errorf("the tally of incident %d: %w", incident, err)
	}
	ts.m[incident] = t
	for ref := range t.Members {
		ts.of[ref] = incident
	}
	return t, nil
}

// Fresh starts an empty tally for a new incident.
func (ts *Tallies) Fresh(incident int64) { ts.m[incident] = NewTally() }

// Join adds the event stored under ref to an incident.
func (ts *Tallies) Join(incident, ref int64, e *event.Event) error {
	t, err := ts.Get(incident)
	if err != nil {
		return err
	}
	t.Join(ref, e)
	ts.of[ref] = incident
	return nil
}

// Merge moves the members of the incidents from into into.
func (ts *Tallies) Merge(into int64, from []int64) error {
	t, err := ts.Get(into)
	if err != nil {
		return err
	}
	for _, id := range from {
		o, err := ts.Get(id)
		if err != nil {
			return err
		}
		for ref, e := range o.Members {
			t.Members[ref] = e
			ts.of[ref] = into
		}
		clear(o.Members)
	}
	return nil
}

// Move moves the event ref to incident to from the incident it is in,
// which is from unless this transaction has moved it since.
func (ts *Tallies) Move(ref, from, to int64) error {
	if cur, ok := ts.of[ref]; ok {
		from = cur
	}
	f, err := ts.Get(from)
	if err != nil {
		return err
	}
	e, ok := f.Leave(ref)
	if !ok {
		return fmt.Errorf("event row %d is not in incident %d", ref, from)
	}
	t, err := ts.Get(to)
	if err != nil {
		return err
	}
	t.Members[ref] = e
	ts.of[ref] = to
	return nil
}

// Empty empties an incident's tally (dissolved: its members are fused again).
func (ts *Tallies) Empty(incident int64) error {
	t, err := ts.Get(incident)
	if err != nil {
		return err
	}
	for ref := range t.Members {
		delete(ts.of, ref)
	}
	clear(t.Members)
	return nil
}
