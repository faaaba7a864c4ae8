// Package actor is the registry of who acts in conflict reports: state
// forces, governments, armed groups, parties and generic actors (protesters,
// rioters, civilians, unidentified gunmen), with ACLED's names and actor-type
// (inter) codes. The registry is read from lexicon files the user can extend.
package actor

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/text"
)

// Role is what kind of actor an entry is.
type Role uint8

const (
	Rebel    Role = iota + 1
	Umbrella      // a movement's brand (al-Qaeda): stands for its local group when the report names one
	Militia
	Party
	Ethnic
	External
	Military
	Police
	Government
	Protesters
	Rioters
	Civilians
	Armed     // unidentified armed group
	Assailant // people named only by what they did: a mob or an armed group, by how they fought
	Communal  // identity militia of unknown identity
	Vigilante // vigilante group
	Assoc     // only ever an associated actor: students, workers
)

var roleNames = map[string]Role{
	"rebel": Rebel, "umbrella": Umbrella, "militia": Militia, "party": Party, "identity": Ethnic, "external": External, "state": Military,
	"military": Military, "police": Police, "government": Government, "protesters": Protesters, "rioters": Rioters,
	"civilians": Civilians, "armed": Armed, "assailants": Assailant, "communal": Communal, "vigilante": Vigilante, "assoc": Assoc,
}

func (r Role) String() string {
	for k, v := range roleNames {
		if v == r && k != "state" {
			return k
		}
	}
	return "role(" + strconv.Itoa(int(r)) + ")"
}

// Armed tells whether actors of this role carry weapons as an organisation.
func (r Role) Armed() bool {
	switch r {
	case Rebel, Umbrella, Militia, Ethnic, External, Military, Police, Armed, Communal, Vigilante:
		return true
	}
	return false
}

// State tells whether the role is a state's.
func (r Role) State() bool { return r == Military || r == Police || r == Government }

// Entry is one actor of the registry.
type Entry struct {
	Name    string // ACLED's name; "%s" stands for the country where the event happens
	Inter   int    // ACLED actor-type code; 0 for associates
	Role    Role
	Country string // ISO2 of the country it belongs to, "" if any
	// Areas are the countries a group of no one country acts in
	// ("ML,BF,NE" in actors.txt), nil if anywhere: a place of its report
	// outside them is more likely a namesake than where it fought.
	Areas []string
}

// Identity is an ethnic, clan or communal group.
type Identity struct {
	Name    string
	Country string
}

// Registry finds and names actors.
type Registry struct {
	Named      *lexicon.Matcher[*Entry]
	Groups     *lexicon.Matcher[*Entry]
	Forces     *lexicon.Matcher[*Entry]
	Assoc      *lexicon.Matcher[*Entry] // who people are: students, teachers, workers
	Identities *lexicon.Matcher[*Identity]
	periods    map[string][]period
	// Nouns after a name, from nouns.txt: a group's people ("BNP
	// supporters"), a force's things ("police vehicles").
	memberNoun, thingNoun *text.Set
	// Military is the state's armed forces (forces.txt's first military
	// line), for a country named as the doer: "Russia struck Kharkiv".
	Military *Entry
	// heads are the first words of Named, Identities, Forces and Groups,
	// the matchers Find asks about every token.
	heads lexicon.Heads
	// namesakes are, for a named actor, the others of actors.txt that
	// share one of its aliases ("SNA" in Syria and in Somalia).
	namesakes map[*Entry][]*Entry
}

// NounsFile is the lexicon file of the nouns read after actors' names.
const NounsFile = "nouns.txt"

// period is one regime's span: the years its name gives, and the days it
// began and ended (YYYY-MM-DD; a year alone is taken from its first or to
// its last day). to == 0: to date.
type period struct {
	from, to          int
	fromDay, untilDay string
}

// Load reads the registry: the embedded lexicon plus userDir's files (if
// set), its phrase matchers numbering their words in v.
func Load(userDir string, v *lexicon.Vocab) (*Registry, error) {
	r := &Registry{
		Named:      lexicon.NewMatcherIn[*Entry](v),
		Groups:     lexicon.NewMatcherIn[*Entry](v),
		Forces:     lexicon.NewMatcherIn[*Entry](v),
		Assoc:      lexicon.NewMatcherIn[*Entry](v),
		Identities: lexicon.NewMatcherIn[*Identity](v),
		periods:    map[string][]period{},
		namesakes:  map[*Entry][]*Entry{},
	}
	byAlias := map[string][]*Entry{}
	lines, err := lexicon.Read("actors.txt", userDir)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		if len(l.Fields) != 5 {
			return nil, l.Err("want 5 fields (name, inter, role, country, aliases), got %d", len(l.Fields))
		}
		inter, err := strconv.Atoi(l.Fields[1])
		role, ok := roleNames[l.Fields[2]]
		if err != nil || inter < 0 || inter > 8 || !ok {
			return nil, l.Err("bad inter %q or role %q", l.Fields[1], l.Fields[2])
		}
		e := &Entry{Name: l.Fields[0], Inter: inter, Role: role, Country: strings.Trim(l.Fields[3], "-")}
		if strings.Contains(e.Country, ",") {
			e.Areas, e.Country = strings.Split(e.Country, ","), ""
			for _, cc := range e.Areas {
				if len(cc) != 2 {
					return nil, l.Err("bad country %q: want ISO2 codes separated by commas", cc)
				}
			}
		}
		for _, a := range lexicon.Alternatives(l.Fields[4]) {
			r.Named.Add(a, e)
			for _, o := range byAlias[a] {
				if o != e && !slices.Contains(r.namesakes[o], e) {
					r.namesakes[o] = append(r.namesakes[o], e)
					r.namesakes[e] = append(r.namesakes[e], o)
				}
			}
			byAlias[a] = append(byAlias[a], e)
		}
	}
	if lines, err = lexicon.Read("groups.txt", userDir); err != nil {
		return nil, err
	}
	for _, l := range lines {
		if len(l.Fields) != 4 {
			return nil, l.Err("want 4 fields (name, inter, role, nouns), got %d", len(l.Fields))
		}
		inter, err := strconv.Atoi(l.Fields[1])
		role, ok := roleNames[l.Fields[2]]
		if err != nil || !ok {
			return nil, l.Err("bad inter %q or role %q", l.Fields[1], l.Fields[2])
		}
		e := &Entry{Name: l.Fields[0], Inter: inter, Role: role}
		m := r.Groups
		if role == Assoc {
			// Associates only name who the people are; kept apart so a
			// word like "students" can be both civilians and an associate.
			m = r.Assoc
		}
		for _, a := range lexicon.Alternatives(l.Fields[3]) {
			m.Add(a, e)
		}
	}
	if lines, err = lexicon.Read("forces.txt", userDir); err != nil {
		return nil, err
	}
	for _, l := range lines {
		if len(l.Fields) != 2 {
			return nil, l.Err("want 2 fields (kind, nouns), got %d", len(l.Fields))
		}
		var e *Entry
		switch l.Fields[0] {
		case "military":
			e = &Entry{Name: "Military Forces of %s", Inter: 1, Role: Military}
			if r.Military == nil {
				r.Military = e
			}
		case "police":
			e = &Entry{Name: "Police Forces of %s", Inter: 1, Role: Police}
		case "government":
			e = &Entry{Name: "Government of %s", Inter: 1, Role: Government}
		default:
			return nil, l.Err("unknown kind %q", l.Fields[0])
		}
		for _, a := range lexicon.Alternatives(l.Fields[1]) {
			r.Forces.Add(a, e)
		}
	}
	if lines, err = lexicon.Read("identities.txt", userDir); err != nil {
		return nil, err
	}
	for _, l := range lines {
		if len(l.Fields) != 3 {
			return nil, l.Err("want 3 fields (name, country, aliases), got %d", len(l.Fields))
		}
		id := &Identity{Name: l.Fields[0], Country: l.Fields[1]}
		for _, a := range lexicon.Alternatives(l.Fields[2]) {
			r.Identities.Add(a, id)
		}
	}
	if lines, err = lexicon.Read("regimes.txt", userDir); err != nil {
		return nil, err
	}
	for _, l := range lines {
		if len(l.Fields) < 2 || len(l.Fields) > 3 {
			return nil, l.Err("want country, first year and optional last year")
		}
		p := period{untilDay: "9999-12-31"}
		if p.from, p.fromDay, err = periodDay(l.Fields[1], "-01-01"); err != nil {
			return nil, l.Err("%v", err)
		}
		if len(l.Fields) == 3 {
			if p.to, p.untilDay, err = periodDay(l.Fields[2], "-12-31"); err != nil {
				return nil, l.Err("%v", err)
			}
		}
		r.periods[l.Fields[0]] = append(r.periods[l.Fields[0]], p)
	}
	nouns, err := lexicon.ReadSections(NounsFile, userDir, "member-noun", "thing-noun")
	if err != nil {
		return nil, err
	}
	if r.memberNoun, err = nouns.Words("member-noun"); err != nil {
		return nil, err
	}
	if r.thingNoun, err = nouns.Words("thing-noun"); err != nil {
		return nil, err
	}
	lexicon.AddHeads(&r.heads, r.Named)
	lexicon.AddHeads(&r.heads, r.Identities)
	lexicon.AddHeads(&r.heads, r.Forces)
	lexicon.AddHeads(&r.heads, r.Groups)
	return r, nil
}

// periodDay reads a period's bound, a year or a day (YYYY-MM-DD): its year
// and its day, a year alone completed by rest ("-01-01" or "-12-31").
func periodDay(s, rest string) (int, string, error) {
	if len(s) == 4 {
		s += rest
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, "", fmt.Errorf("bad year or day %q (want YYYY or YYYY-MM-DD)", s)
	}
	return d.Year(), s, nil
}

// StateName names a state actor ACLED's way: "Police Forces of Kenya (2013-2022)".
// date (YYYY-MM-DD, or its year alone) picks the period; "" or an unknown
// country gives the name without one.
func (r *Registry) StateName(e *Entry, countryCode, countryName string, date string) string {
	if countryName == "" {
		return strings.TrimSuffix(e.Name, " of %s") // the country is not known
	}
	name := fmt.Sprintf(e.Name, countryName)
	if len(date) < 4 {
		return name
	}
	if len(date) < len("2006-01-02") {
		date = date[:4] + "-12-31" // a year alone: the regime that held at its end
	}
	var best *period
	for i, p := range r.periods[countryCode] {
		if p.fromDay <= date && date <= p.untilDay {
			best = &r.periods[countryCode][i] // later periods win a boundary day
		}
	}
	if best == nil {
		return name
	}
	if best.to == 0 {
		return fmt.Sprintf("%s (%d-)", name, best.from)
	}
	return fmt.Sprintf("%s (%d-%d)", name, best.from, best.to)
}

// Name gives an entry's name for an event in the named country on date
// (YYYY-MM-DD, a year, or "").
func (r *Registry) Name(e *Entry, countryCode, countryName string, date string) string {
	if e.Role.State() {
		return r.StateName(e, countryCode, countryName, date)
	}
	if strings.Contains(e.Name, "%s") {
		if countryName == "" {
			return strings.TrimSuffix(e.Name, " (%s)")
		}
		return fmt.Sprintf(e.Name, countryName)
	}
	return e.Name
}

// InCountry returns, for a named actor that belongs to another country
// than the one a report is about, its namesake of that country, if one
// shares an alias with it: "the SNA" of a Somali report is Somalia's army,
// not Syria's rebels. Otherwise e itself.
func (r *Registry) InCountry(e *Entry, country string) *Entry {
	if e == nil || e.Country == "" || country == "" || e.Country == country {
		return e
	}
	for _, o := range r.namesakes[e] {
		if o.Country == country {
			return o
		}
	}
	return e
}

// Inter is an actor's ACLED inter code for an event in eventCountry: a state's
// forces acting abroad are external forces (8).
func Inter(e *Entry, actorCountry, eventCountry string) int {
	if e.Role.State() && actorCountry != "" && eventCountry != "" && actorCountry != eventCountry {
		return 8
	}
	return e.Inter
}

// Match is an actor found in a sentence: tokens [Start, End).
type Match struct {
	Start, End int
	Entry      *Entry
	Identity   *Identity // "Pokot raiders": the identity qualifying a generic actor
}

// Find returns the actors named in a sentence, longest first at each token.
func (r *Registry) Find(toks []text.Token, w *lexicon.Words) []Match {
	var out []Match
	for i := 0; i < len(toks); {
		if w.StartsNone(&r.heads, i) {
			i++
			continue
		}
		if m, ok := r.Named.At(w, i); ok {
			// "HTS fighters", "Taliban militants": the generic noun only says what they are.
			if g, ok := r.Groups.At(w, m.End); ok && (g.Value.Role == Armed || g.Value.Role == Assailant || g.Value.Role == Communal || r.memberNoun.Has(toks[g.End-1].Norm)) {
				m.End = g.End // "Mungiki members", "BNP supporters", "Al Shabaab suspect"
			} else if f, ok := r.Forces.At(w, m.End); ok && f.Value.Role == Military && m.Value.Role != Party {
				m.End = f.End
			}
			out = append(out, Match{Start: m.Start, End: m.End, Entry: m.Value})
			i = m.End
			continue
		}
		if id, ok := r.Identities.At(w, i); ok {
			// An identity followed by a group or force noun qualifies it.
			if g, ok := r.Groups.At(w, id.End); ok {
				out = append(out, Match{Start: id.Start, End: g.End, Entry: g.Value, Identity: id.Value})
				i = g.End
				continue
			}
			out = append(out, Match{Start: id.Start, End: id.End, Identity: id.Value})
			i = id.End
			continue
		}
		if m, ok := r.Forces.At(w, i); ok {
			// "military equipment", "police vehicles": a modifier, not the force.
			if m.End < len(toks) && r.thingNoun.Has(toks[m.End].Norm) {
				i = m.End + 1
				continue
			}
			out = append(out, Match{Start: m.Start, End: m.End, Entry: m.Value})
			i = m.End
			continue
		}
		if m, ok := r.Groups.At(w, i); ok {
			out = append(out, Match{Start: m.Start, End: m.End, Entry: m.Value})
			i = m.End
			continue
		}
		i++
	}
	return out
}
