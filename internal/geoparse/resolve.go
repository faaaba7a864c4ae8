package geoparse

import (
	"math"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/text"
)

// famousCapital is the population from which a capital is a name's
// first meaning whatever country the document is about.
const famousCapital = 1000000

// lonelyRest is how much the other places of a text must vote before a
// small place alone in its country is taken for a namesake.
const lonelyRest = 2.0

// lonelyKm is how far from the text's other places such a place must lie.
const lonelyKm = 800

// hintKm is how near the middle of the hinted country a place abroad may
// lie and still be believed on the hint alone.
const hintKm = 250

// maxAlts bounds the places weighed for one mention, the likeliest by prior.
const maxAlts = 16

// maxAnchors bounds the places others are judged near to, so that a long
// document costs in proportion to its length.
const maxAnchors = 64

// alt is one place a candidate may be.
type alt struct {
	ref     gazetteer.Ref
	quality gazetteer.Quality
	kind    gazetteer.Kind
	cc      string
	admin1  gazetteer.Ref
	lat     float64
	lon     float64
	prior   float64
	score   float64
	pop     int  // population
	capital bool // a country's capital (PPLC)
}

// anchor is a place the document is surely about.
type anchor struct {
	cand     int
	ref      gazetteer.Ref
	lat, lon float64
}

// resolver holds what resolution learns about the whole document.
type resolver struct {
	alts    []alt
	altAt   [][2]int // per cand: its alts
	focus   string   // ISO2 of the country the document is about
	focusW  float64  // 0 to 1: how much it is about it
	focusA1 gazetteer.Ref
	anchors []anchor           // places resolved with confidence, for nearness
	votes   map[string]float64 // focus votes by country
	total   float64
	a1votes map[gazetteer.Ref]float64
	a1names map[gazetteer.Ref]nameSet // per admin-1 region, the names with a likely place in it
	areas   []gazetteer.Ref           // admin-1 regions and countries the document names, surely
	byName  map[uint64][2]float64     // per name, its mentions' votes: in all, and for the focus
}

func (s *state) resolve() {
	g := s.p.g
	r := &s.r
	r.alts = r.alts[:0]
	r.anchors = r.anchors[:0]
	r.focus, r.focusW, r.focusA1, r.total = "", 0, 0, 0
	if cap(r.altAt) < len(s.cands) {
		r.altAt = make([][2]int, len(s.cands))
	}
	r.altAt = r.altAt[:len(s.cands)]
	clear(r.altAt)
	for i := range s.cands {
		c := &s.cands[i]
		c.out = -1
		if c.quarter && !c.drop && !c.unknown && (c.in >= 0 || c.start > 0 && s.p.lex.words[s.d.Sentences[c.sent].Tokens[c.start-1].Norm]&quarter != 0) {
			// A neighbourhood: in the town the text puts it in (or the one
			// the report is about), not at a same-named place elsewhere.
			c.unknown, c.mFrom, c.mTo = true, 0, 0
		}
		if c.drop || c.unknown {
			continue
		}
		from := len(r.alts)
		for _, m := range s.ms[c.mFrom:c.mTo] {
			if k := slices.IndexFunc(r.alts[from:], func(a alt) bool { return a.ref == m.Ref }); k >= 0 {
				r.alts[from+k].quality = min(r.alts[from+k].quality, m.Quality)
				continue
			}
			p := g.Brief(m.Ref) // all prior reads
			a := alt{ref: m.Ref, quality: m.Quality, kind: p.Kind, cc: p.Country, admin1: g.Admin1Of(m.Ref), lat: p.Lat, lon: p.Lon,
				pop: p.Population, capital: p.Feature == "PPLC"}
			a.prior = s.p.w.prior(&p, &a, c)
			r.alts = append(r.alts, a)
		}
		as := r.alts[from:]
		slices.SortStableFunc(as, func(a, b alt) int { return cmpFloat(b.prior, a.prior) })
		if len(as) > maxAlts {
			r.alts = r.alts[:from+maxAlts]
		}
		r.altAt[i] = [2]int{from, len(r.alts)}
	}

	for i := range s.cands {
		c := &s.cands[i]
		toks := s.d.Sentences[c.sent].Tokens
		h := uint64(14695981039346656037)
		for k := c.start; k < c.end; k++ {
			for j := 0; j < len(toks[k].Norm); j++ {
				h = (h ^ uint64(toks[k].Norm[j])) * 1099511628211
			}
			h = (h ^ ' ') * 1099511628211
		}
		c.name = h
	}

	// What the text puts in what, for containers to be judged by their contents.
	s.child = slices.Grow(s.child[:0], len(s.cands))[:len(s.cands)]
	s.sibling = slices.Grow(s.sibling[:0], len(s.cands))[:len(s.cands)]
	for i := range s.cands {
		s.child[i], s.sibling[i] = -1, -1
	}
	for i := len(s.cands) - 1; i >= 0; i-- {
		if in := s.cands[i].in; in >= 0 && in != i {
			s.sibling[i], s.child[in] = s.child[in], i
		}
	}

	// Bonuses that do not change with what else is chosen go into the prior.
	w := s.p.w
	for i := range s.cands {
		c := &s.cands[i]
		as := r.alts[r.altAt[i][0]:r.altAt[i][1]]
		for k := range as {
			a := &as[k]
			if c.chain && a.kind >= gazetteer.Admin1 && a.kind <= gazetteer.Admin3 {
				a.prior += w.ChainArea // what the text gives as holding places is more likely an area
			}
			// A place the text says holds others should hold them.
		children:
			for j := s.child[i]; j >= 0; j = s.sibling[j] {
				if b := &s.cands[j]; b.drop || b.unknown {
					continue
				}
				for _, ba := range r.alts[r.altAt[j][0]:r.altAt[j][1]] {
					if ba.ref != a.ref && rank(a.kind) > rank(ba.kind) && s.insideAlt(a.ref, &ba) {
						a.prior += w.HoldsNamed
						break children
					}
				}
			}
		}
	}

	// Which names may each be a place in which admin-1 region: two
	// ambiguous names that may both be in one (Paris and Henry County,
	// Tennessee) are most likely there.
	if r.a1names == nil {
		r.a1names = map[gazetteer.Ref]nameSet{}
	}
	clear(r.a1names)
	for i := range s.cands {
		c := &s.cands[i]
		if c.drop || c.unknown || c.demonym || r.altAt[i][1] == r.altAt[i][0] {
			continue
		}
		as := r.alts[r.altAt[i][0]:r.altAt[i][1]]
		top := math.Inf(-1)
		for k := range as {
			top = max(top, as[k].prior)
		}
		for k := range as {
			if a := &as[k]; a.admin1.Valid() && a.prior >= top-w.SharedAdmin1Margin {
				ns := r.a1names[a.admin1]
				ns.add(c.name)
				r.a1names[a.admin1] = ns
			}
		}
	}
	// Three rounds: priors and containment alone, then with the document's
	// focus and the places near each other.
	for round := 0; round < 3; round++ {
		if round > 0 {
			s.focus(r)
		}
		for i := len(s.cands) - 1; i >= 0; i-- {
			c := &s.cands[i]
			if c.drop || c.unknown || r.altAt[i][1] == r.altAt[i][0] {
				continue
			}
			s.score(r, i, round)
		}
	}
	s.misplaced(r)
	for i := range s.cands {
		if c := &s.cands[i]; !c.drop && !c.unknown && c.quality == gazetteer.ByDemonym {
			c.demonym = true // "Canadian" is the people before it is a town in Texas
		}
	}
	s.surnames()
	s.filter(r)
	// "Jordan River": a feature named after a place is no such place, but lies by it.
	for i := range s.cands {
		if c := &s.cands[i]; c.landmark && !c.unknown && !c.drop {
			c.unknown = true
			if c.quality == gazetteer.ByName {
				c.namesake = c.ref // not "Boni Forest" by Watampone, once called Boni
			}
		}
	}
	s.unknowns(r)
}

// misplaced turns back into unknown names the places that cannot be what
// the text means: small and abroad in a document firmly about one country,
// or not inside the area the text puts them in ("Savar city (Dhaka)" is
// not Sävar in Sweden). Better an unresolved village in its district than
// a look-alike elsewhere.
func (s *state) misplaced(r *resolver) {
	g := s.p.g
	for i := range s.cands {
		c := &s.cands[i]
		if c.drop || c.unknown || !c.ref.Valid() || c.demonym || c.quality == gazetteer.ByAlias {
			continue
		}
		switch g.Kind(c.ref) {
		case gazetteer.Country, gazetteer.Region, gazetteer.Admin1:
			continue
		}
		// Abroad, in a document firmly about one country, only capitals
		// and big cities are believed; the rest are that country's own
		// places the gazetteer lacks.
		cc := g.CountryOf(c.ref)
		// The name's own votes, every time it is named: a village named
		// twice ("attacked Kate village ... 15 km from Kate") must not
		// vouch for itself. Counted once, and only when a rule needs them.
		var own, ownFocus, ownCC float64
		counted := false
		count := func() {
			if counted {
				return
			}
			counted = true
			for j := range s.cands {
				if b := &s.cands[j]; j == i || b.name == c.name && !b.drop && b.ref.Valid() {
					a, f, t := s.votesOf(r, j, cc)
					own, ownFocus, ownCC = own+a, ownFocus+f, ownCC+t
				}
			}
		}
		if len(s.areas) > 0 {
			count()
			if s.outsideAreas(r, c, cc, ownCC) {
				c.unknown, c.outside = true, true
				continue
			}
		}
		if cc == r.focus {
			continue
		}
		count()
		rest := r.total - own
		if c.quality >= gazetteer.ByAlt && r.votes[cc]-ownCC < 0.5 {
			// Only one of its other names, and nothing else of the text in
			// its country ("gunmen burned two shops in Daba village" is no
			// town of the Emirates that Daba also names): a village the
			// gazetteer lacks, unless a city.
			if p := g.Brief(c.ref); p.Feature != "PPLC" && p.Population < 50000 && !s.besideHint(r, ownFocus, p.Lat, p.Lon) {
				c.unknown = true
				continue
			}
		}
		if rest >= lonelyRest && (r.votes[cc]-ownCC)/rest < 0.05 {
			// Nothing else of the text is in its country, though the
			// text names places enough, and it lies far from all of them
			// ("the Al-Amal neighbourhood" of a report from Gaza is not in
			// Sweden; Tyre in a report on Israel is in Lebanon): only big
			// cities are believed.
			if p := g.Brief(c.ref); p.Feature != "PPLC" && p.Population < 100000 && farFromAnchors(r, i, p.Lat, p.Lon) {
				c.unknown = true
				continue
			}
		}
		if cc != r.focus && rest >= 1 && (r.votes[r.focus]-ownFocus)/rest >= 0.6 && (r.votes[cc]-ownCC)/rest < 0.15 {
			// A country named once is less firm: it makes only villages
			// suspect ("Turkish policy" does not make Bonn a Turkish village).
			limit := 500000
			if rest < minFirm {
				limit = 100000
			}
			if p := g.Brief(c.ref); p.Feature != "PPLC" && p.Population < limit && !s.besideHint(r, ownFocus, p.Lat, p.Lon) {
				c.unknown = true
			}
		}
	}
	// Each place must lie in the first resolved place up the chain the
	// text gives. When they disagree, the place yields, unless it is a
	// city followed by a smaller place in parentheses that nothing else
	// vouches for, which may as well be a part of it: "Dhaka city (New
	// Market)" is not Dhaka inside a New Jersey township.
	// Backwards, so that a container has been judged before what it holds.
	for i := len(s.cands) - 1; i >= 0; i-- {
		c := &s.cands[i]
		if c.drop || c.unknown || !c.ref.Valid() || c.demonym {
			continue
		}
		big := rank(g.Kind(c.ref)) >= rank(gazetteer.Admin1)
		for j, hops := c.in, 0; j >= 0 && hops < 8; j, hops = s.cands[j].in, hops+1 {
			b := &s.cands[j]
			if b.forced && b.was.Valid() && b.was != c.ref && s.holds(b.was, c.ref, c.part && j == c.in) {
				break // "Kaliganj upazila (Jhenaidah, Chittagong)": the note errs on the division, not on Kaliganj
			}
			if b.drop || b.unknown || !b.ref.Valid() {
				continue
			}
			if big && rank(g.Kind(b.ref)) <= rank(g.Kind(c.ref)) || rank(g.Kind(b.ref)) < rank(g.Kind(c.ref)) {
				break // "Greece, Bulgaria, Italy": a list; "Kanawha County, Supreme Court": no town holds a county
			}
			if b.ref == c.ref || s.holds(b.ref, c.ref, c.part && j == c.in) {
				break
			}
			if j == c.in && c.loose && rank(g.Kind(b.ref)) == rank(g.Kind(c.ref)) && !s.looseMisfit(b.ref, c.ref) {
				break
			}
			if c.paren && j == c.in && c.cue == settlement && !s.vouched(j) && rank(g.Kind(b.ref)) <= rank(g.Kind(c.ref)) && g.Population(b.ref) < g.Population(c.ref) {
				b.unknown, b.forced, b.was = true, true, b.ref
				continue
			}
			c.unknown, c.forced, c.was = true, true, c.ref
			break
		}
	}
}

// outsideAreas tells whether candidate c, resolved in country cc, lies
// outside every country the report's groups act in while no other place
// of the text votes for cc: "JNIM fighters took over the town of Boni" is
// not in Indonesia. Capitals and big cities are believed.
func (s *state) outsideAreas(r *resolver, c *cand, cc string, ownCC float64) bool {
	if len(s.areas) == 0 || cc == "" || cc == s.hint || slices.Contains(s.areas, cc) {
		return false
	}
	if r.votes[cc]-ownCC >= 0.5 {
		return false // the text names that country, or places in it
	}
	p := s.p.g.Brief(c.ref)
	return p.Feature != "PPLC" && p.Population < 500000
}

// holds tells whether the text may put place r in place a: a inside a
// larger area, or, for places of like rank (a town given as a district's
// name: "Savar, Dhaka"), in the same admin-1 region or close by; a part of
// a town ("the Shela area of Lamu town") must be closer still.
func (s *state) holds(a, r gazetteer.Ref, part bool) bool {
	g := s.p.g
	ka, kr := g.Kind(a), g.Kind(r)
	if rank(ka) > rank(kr) {
		return s.inside(a, r)
	}
	if ka == gazetteer.Country || ka == gazetteer.Region {
		return ka == gazetteer.Region || g.CountryOf(r) == g.CountryOf(a)
	}
	if g.CountryOf(a) != g.CountryOf(r) {
		return false
	}
	pa, pr := g.Place(a), g.Place(r)
	d := gazetteer.Distance(pa.Lat, pa.Lon, pr.Lat, pr.Lon)
	if part {
		return d < 30
	}
	a1 := g.Admin1Of(a)
	return d < 100 || a1.Valid() && a1 == g.Admin1Of(r)
}

// looseMisfit tells whether a place the text lists before another with a
// bare comma cannot be in it: small, and in another country. "Kisii,
// Wajir, Mandera" and "Lviv, Kyiv, Warsaw" may list peers.
func (s *state) looseMisfit(a, r gazetteer.Ref) bool {
	g := s.p.g
	if g.CountryOf(a) == g.CountryOf(r) {
		return false
	}
	p := g.Place(r)
	return p.Population < 100000 && p.Feature != "PPLC" && p.Feature != "PPLA"
}

// vouched tells whether something besides the text's say-so makes
// candidate j's place right: it is a country, region or admin-1 region, or
// the next resolved place up its own chain holds it.
func (s *state) vouched(j int) bool {
	g := s.p.g
	c := &s.cands[j]
	if rank(g.Kind(c.ref)) >= rank(gazetteer.Admin1) {
		return true
	}
	for k, hops := c.in, 0; k >= 0 && hops < 8; k, hops = s.cands[k].in, hops+1 {
		if b := &s.cands[k]; !b.drop && !b.unknown && b.ref.Valid() {
			return b.ref == c.ref || s.holds(b.ref, c.ref, c.part && k == c.in)
		}
	}
	return false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// prior scores a place for a name before context: big and high-ranked
// places are the likelier referents, and the text's own cue ("X
// district", "X village") says which kind is meant. It reads only the
// fields of p that Gazetteer.Brief fills.
func (w *Weights) prior(p *gazetteer.Place, a *alt, c *cand) float64 {
	s := w.PopulationLog * math.Log10(float64(p.Population)+w.PopulationOffset)
	switch p.Kind {
	case gazetteer.Country:
		s += w.Country
	case gazetteer.Region:
		s = w.Region // seas and continents have no population to weigh
	case gazetteer.Admin1:
		s += w.Admin1
		if c.cue == admin {
			s += w.Admin1Cued
		}
	case gazetteer.Admin2, gazetteer.Admin3:
		// A bare name is more often the town than the district named after it.
		s += w.Admin23
	case gazetteer.Site:
		s += w.Site
	case gazetteer.Populated:
		switch p.Feature {
		case "PPLC":
			s += w.Capital
		case "PPLA":
			s += w.SeatAdmin1
		case "PPLA2":
			s += w.SeatAdmin2
		case "PPLX":
			s += w.Section
		case "PPLH", "PPLQ", "PPLW":
			s += w.Historical
		}
	}
	switch a.quality {
	case gazetteer.ByAlt:
		s += w.ByAlt
	case gazetteer.ByVariant:
		s += w.ByVariant
	case gazetteer.BySkeleton:
		s += w.BySkeleton
	}
	switch c.cue {
	case admin:
		switch {
		case p.Kind >= gazetteer.Admin1 && p.Kind <= gazetteer.Admin3:
			s += w.AdminCueArea
		case p.Kind == gazetteer.Populated && (p.Feature == "PPLA" || p.Feature == "PPLA2" || p.Feature == "PPLA3"):
			s += w.AdminCueSeat
		default:
			s += w.AdminCueOther
		}
	case settlement:
		switch p.Kind {
		case gazetteer.Populated:
			s += w.SettlementCuePopulated
		case gazetteer.Country, gazetteer.Region:
			s += w.SettlementCueCountry
		default:
			s += w.SettlementCueOther
		}
	}
	return s
}

// score weighs candidate i's places in context and picks the best.
func (s *state) score(r *resolver, i, round int) {
	g, w := s.p.g, s.p.w
	c := &s.cands[i]
	as := r.alts[r.altAt[i][0]:r.altAt[i][1]]
	var container *cand
	if c.in >= 0 && !s.cands[c.in].drop && !s.cands[c.in].unknown && s.cands[c.in].ref.Valid() {
		container = &s.cands[c.in]
	}
	// The focus as the other mentions see it: a name's own many namesakes
	// (ten American Oxfords) must not make the document American.
	focusW := 0.0
	if round > 0 && r.focus != "" {
		v := r.byName[c.name]
		if rest := r.total - v[0]; rest > 0 {
			focusW = (r.votes[r.focus] - v[1]) / rest
		}
	}
	// A name that is a great capital ("Paris", "Baghdad") is that capital
	// unless the text says more than a country: a small namesake gets half
	// of what the document's country gives it.
	famous := slices.ContainsFunc(as, func(a alt) bool { return a.capital && a.pop >= famousCapital })
	best, second := math.Inf(-1), math.Inf(-1)
	for k := range as {
		a := &as[k]
		sc := a.prior
		damp := 1.0
		if famous && a.kind == gazetteer.Populated && a.pop < famousCapital/10 {
			damp = 0.5
		}
		if container != nil && rank(g.Kind(container.ref)) > rank(a.kind) {
			if s.insideAlt(container.ref, a) {
				sc += w.InContainer
			} else {
				sc += w.OutOfContainer
			}
		}
		if round > 0 {
			if r.focus != "" && focusW > 0 {
				if a.cc == r.focus {
					sc += w.FocusCountry * focusW * damp
					if c.inName && a.kind != gazetteer.Country && focusW >= w.FocusInNameMin {
						sc += w.FocusInName // "Jordan Junior Olympic", "Lebanon Police": a local body named after its town
					}
				} else if a.cc != "" {
					sc += w.OtherCountry * focusW
				}
				if r.focusA1.Valid() && a.admin1 == r.focusA1 && a.ref != r.focusA1 {
					sc += w.FocusAdmin1
				}
			}
			if len(as) > 1 && a.kind != gazetteer.Country && a.kind != gazetteer.Region {
				sc += s.nearness(r, i, a)
				// In a region or country the document names elsewhere:
				// London in a report that also says Ontario.
				bonus := 0.0
				for _, ar := range r.areas {
					switch {
					case ar == a.ref || ar == c.ref:
					case ar == a.admin1:
						bonus = w.NamedAdmin1
					case bonus == 0 && g.Kind(ar) == gazetteer.Country && g.CountryOf(ar) == a.cc:
						bonus = w.NamedCountry * damp
					}
				}
				sc += bonus
				if a.admin1.Valid() {
					sc += w.SharedAdmin1 * min(float64(r.a1names[a.admin1].others(c.name)), w.SharedAdmin1Max)
				}
			}
		}
		a.score = sc
		switch {
		case sc > best:
			best, second = sc, best
			c.ref, c.quality = a.ref, a.quality
		case sc > second:
			second = sc
		}
	}
	c.score = best
	// Confidence: the best place's share of a softmax over the scores.
	sum := 0.0
	for k := range as {
		sum += math.Exp(as[k].score - best)
	}
	c.conf = 1 / sum
}

// rank orders kinds of place by extent, for "A, B" to say B holds A only
// when B is the larger: "Austria, Greece, Italy" is a list.
func rank(k gazetteer.Kind) int {
	switch k {
	case gazetteer.Admin3:
		return 2
	case gazetteer.Admin2:
		return 3
	case gazetteer.Admin1:
		return 4
	case gazetteer.Country:
		return 5
	case gazetteer.Region:
		return 6
	}
	return 1
}

// inside tells whether area a holds place r: by the gazetteer's codes, or,
// since codes are missing for many places, by distance from the area's
// middle (or from a town, for its neighbourhoods).
func (s *state) inside(a, r gazetteer.Ref) bool {
	p := s.p.g.Place(r)
	return s.insideAlt(a, &alt{ref: r, kind: p.Kind, cc: p.Country, admin1: s.p.g.Admin1Of(r), lat: p.Lat, lon: p.Lon})
}

func (s *state) insideAlt(a gazetteer.Ref, r *alt) bool {
	g := s.p.g
	if g.Contains(a, r.ref) {
		return true
	}
	pa := g.Place(a)
	if pa.Country != "" && r.cc != "" && pa.Country != r.cc {
		return false
	}
	if (pa.Kind == gazetteer.Admin1 || pa.Kind == gazetteer.Admin2) && r.admin1.Valid() && r.admin1 != g.Admin1Of(a) {
		return false // the codes say it lies in another region
	}
	km := 30.0
	switch pa.Kind {
	case gazetteer.Admin3:
		km = 40
	case gazetteer.Admin2:
		km = 80
	case gazetteer.Admin1:
		km = 250
	case gazetteer.Country, gazetteer.Region:
		return pa.Kind == gazetteer.Region
	}
	return !pa.Approx && (gazetteer.Distance(pa.CLat, pa.CLon, r.lat, r.lon) < km || gazetteer.Distance(pa.Lat, pa.Lon, r.lat, r.lon) < km)
}

// nearness rewards a place close to the places the document is surely about.
func (s *state) nearness(r *resolver, i int, a *alt) float64 {
	best := math.Inf(1)
	cos := math.Cos(a.lat * math.Pi / 180)
	for _, an := range r.anchors {
		if an.cand == i || an.ref == a.ref {
			continue
		}
		// Equirectangular: close enough at these distances, and cheap.
		dy, dx := a.lat-an.lat, (a.lon-an.lon)*cos
		if d := dx*dx + dy*dy; d < best {
			best = d
		}
	}
	best = 111.2 * math.Sqrt(best) // km per degree
	w := s.p.w
	switch {
	case best < w.Near1Km:
		return w.Near1
	case best < w.Near2Km:
		return w.Near2
	case best < w.Near3Km:
		return w.Near3
	}
	return 0
}

// nameSet counts up to three distinct names.
type nameSet struct {
	a, b uint64
	n    int
}

func (ns *nameSet) add(h uint64) {
	switch {
	case ns.n == 0:
		ns.a, ns.n = h, 1
	case h == ns.a || ns.n >= 2 && h == ns.b:
	case ns.n == 1:
		ns.b, ns.n = h, 2
	case ns.n == 2:
		ns.n = 3
	}
}

// others returns how many names besides h the set holds.
func (ns nameSet) others(h uint64) int {
	if ns.n > 0 && h == ns.a || ns.n > 1 && h == ns.b {
		return ns.n - 1
	}
	return ns.n
}

func (r *resolver) chosen(i int, ref gazetteer.Ref) *alt {
	for k := r.altAt[i][0]; k < r.altAt[i][1]; k++ {
		if r.alts[k].ref == ref {
			return &r.alts[k]
		}
	}
	return nil
}

// focus works out which country (and admin-1 region) the document is
// about from the places chosen so far: countries and demonyms weigh most.
func (s *state) focus(r *resolver) {
	g := s.p.g
	if r.votes == nil {
		r.votes = map[string]float64{}
		r.a1votes = map[gazetteer.Ref]float64{}
	}
	clear(r.votes)
	clear(r.a1votes)
	r.anchors = r.anchors[:0]
	total := 0.0
	for i := range s.cands {
		c := &s.cands[i]
		if c.drop || c.unknown || !c.ref.Valid() {
			continue
		}
		s.eachVote(r, i, func(a *alt, w float64) {
			r.votes[a.cc] += w
			total += w
			if a.admin1.Valid() {
				r.a1votes[a.admin1] += w
			}
		})
		if c.conf >= 0.45 && !c.demonym && len(r.anchors) < maxAnchors {
			if a := r.chosen(i, c.ref); a != nil && a.kind != gazetteer.Country && a.kind != gazetteer.Region {
				r.anchors = append(r.anchors, anchor{i, c.ref, a.lat, a.lon})
			}
		}
	}
	if s.hint != "" {
		r.votes[s.hint] += 3 // as a country named once, surely
		total += 3
	}
	for _, cc := range s.areas {
		// The countries a group acts in: a little each, enough to choose
		// among namesakes, too little to make any the document's.
		w := 1.5 / float64(len(s.areas))
		r.votes[cc] += w
		total += w
	}
	r.total = total
	if r.byName == nil {
		r.byName = map[uint64][2]float64{}
	}
	clear(r.byName)
	r.focus = ""
	for cc, v := range r.votes {
		if r.focus == "" || v > r.votes[r.focus] || v == r.votes[r.focus] && cc < r.focus {
			r.focus = cc
		}
	}
	for i := range s.cands {
		c := &s.cands[i]
		if c.drop || c.unknown || !c.ref.Valid() {
			continue
		}
		all, toFocus, _ := s.votesOf(r, i, "")
		v := r.byName[c.name]
		r.byName[c.name] = [2]float64{v[0] + all, v[1] + toFocus}
	}
	r.areas = r.areas[:0]
	for i := range s.cands {
		c := &s.cands[i]
		if c.drop || c.unknown || !c.ref.Valid() || c.conf < 0.5 {
			continue
		}
		if k := g.Kind(c.ref); k == gazetteer.Admin1 || k == gazetteer.Country {
			r.areas = append(r.areas, c.ref)
		}
	}
	r.focus, r.focusW = "", 0
	for cc, v := range r.votes {
		if v > r.focusW || v == r.focusW && cc < r.focus {
			r.focus, r.focusW = cc, v
		}
	}
	if total > 0 {
		r.focusW /= total
	}
	r.focusA1 = 0
	bestA1 := 0.0
	for a1, v := range r.a1votes {
		if g.CountryOf(a1) == r.focus && (v > bestA1 || v == bestA1 && a1 < r.focusA1) {
			r.focusA1, bestA1 = a1, v
		}
	}
	if bestA1 < 1.5 {
		r.focusA1 = 0
	}
}

// surnames notes the last word of each run of two or three capitalised
// words that is no place and has no place cue (Conor McGregor, Hope
// Hicks): alone elsewhere in the document it names the same person or
// thing, not a town.
func (s *state) surnames() {
	for i := range s.cands {
		c := &s.cands[i]
		if !c.unknown || c.forced || c.cue != 0 || c.locCue || c.nearCue || c.in >= 0 || c.chain || c.end-c.start < 2 || c.end-c.start > 3 {
			continue
		}
		s.persons[s.d.Sentences[c.sent].Tokens[c.end-1].Norm] = true
	}
}

// votesOf returns what candidate i gave to the focus votes: in all, to the
// focus country, and to country cc, so that a place is judged by the
// others' votes and not its own.
func (s *state) votesOf(r *resolver, i int, cc string) (all, focus, toCC float64) {
	s.eachVote(r, i, func(a *alt, w float64) {
		all += w
		if a.cc == r.focus {
			focus += w
		}
		if a.cc == cc {
			toCC += w
		}
	})
	return all, focus, toCC
}

// eachVote calls fn with each country vote of candidate i: each mention
// votes for the countries of its places by how likely each is, so a
// Gainesville whose every candidate is American votes for the US however
// unsure which it is.
func (s *state) eachVote(r *resolver, i int, fn func(a *alt, w float64)) {
	c := &s.cands[i]
	as := r.alts[r.altAt[i][0]:r.altAt[i][1]]
	sum := 0.0
	for k := range as {
		sum += math.Exp(as[k].score - c.score)
	}
	for k := range as {
		if a := &as[k]; a.cc != "" {
			fn(a, voteWeight(c, a)*math.Exp(a.score-c.score)/sum)
		}
	}
}

// voteWeight is how much a mention of a place of a's kind says about the
// document's country: a country named outright says most.
func voteWeight(c *cand, a *alt) float64 {
	w := 1.0
	switch {
	case c.actorMod && (c.demonym || a.kind == gazetteer.Country):
		w = 0.3 // "a Turkish drone struck Qamishli", "U.S. forces raided": who acted, not where
	case a.kind == gazetteer.Country && strings.EqualFold(c.cueText, "from"):
		w = 1 // "raiders from Somalia": where people came from, as often as where
	case c.demonym:
		w = 1.5
	case a.kind == gazetteer.Country:
		w = 3
	case a.kind == gazetteer.Admin1:
		w = 2
	case a.kind == gazetteer.Admin2:
		w = 1.5
	}
	if c.inName {
		w /= 2
	}
	return w
}

// filter drops the candidates that the evidence does not make places:
// stop-listed words without a cue, sentence-initial ordinary words, and
// small far-away places named by a capitalised word and nothing else.
func (s *state) filter(r *resolver) {
	g := s.p.g
	for i := range s.cands {
		c := &s.cands[i]
		if c.drop || c.unknown {
			continue
		}
		if !c.ref.Valid() {
			c.drop = true
			continue
		}
		cued := c.cue != 0 || c.locCue || c.nearCue || c.in >= 0 || c.chain || c.dateline
		k := g.Kind(c.ref)
		big := k == gazetteer.Country || k == gazetteer.Admin1 || k == gazetteer.Region || c.demonym
		toks := s.d.Sentences[c.sent].Tokens
		next := ""
		if c.end < len(toks) {
			next = toks[c.end].Norm
		}
		switch {
		case c.single() && !big && c.cue == 0 && (c.person || s.persons[toks[c.start].Norm] || s.p.lex.words[next]&says != 0):
			c.drop = true // Trapani, after "Andrew Trapani"; "Jones said"
		case c.single() && !big && !cued && s.p.lex.words[toks[c.start].Norm]&first != 0:
			c.drop = true // Tyler, Brittany: a first name
		case c.stop && !(c.cue != 0 || (c.locCue || c.nearCue || c.in >= 0 || c.chain) && !c.initial):
			c.drop = true
		case c.initial && c.single() && !big && !cued && (s.lowerSeen(toks[c.start].Norm) || c.quality >= gazetteer.ByAlt):
			c.drop = true // "Grenade blasts…": a capital says nothing at the start of a sentence
		case c.weakCase && c.single() && !big && !cued && c.score < 4:
			c.drop = true
		case !big && !cued && c.score < 2.2:
			c.drop = true
		case c.single() && !big && !cued && c.quality >= gazetteer.ByAlt && !(c.quality == gazetteer.ByAlt && g.Population(c.ref) >= 100000 && c.conf >= 0.9):
			// "Exchange", "Dixie": an ordinary word that is some place's
			// other name; but Palmyra, Katmandu, Misrata are a city's.
			c.drop = true
		}
	}
}

// unknowns decides which unmatched names the text marks as places, and
// puts each in the smallest resolved area the text gives for it.
func (s *state) unknowns(r *resolver) {
	g := s.p.g
	// Marked by a cue noun, or by a chain of places after "in": kept;
	// then whatever a kept one says holds it.
	keep := func(c *cand) bool {
		switch {
		case c.forced || c.cue&(settlement|admin|area|landmark) != 0:
			return true
		case c.weakCase, c.inName:
			return false
		case c.initial && c.single() && !c.locCue && !c.nearCue:
			return false // "Ideally, Orange County could…": a sentence's first word before a comma
		case c.in < 0:
			return s.lone(c)
		case c.locCue || c.nearCue:
			return true
		}
		// "…and Watamu, Dabaso, Kilifi": a chain up to a known area.
		for j, hops := c.in, 0; j >= 0 && hops < 3; j, hops = s.cands[j].in, hops+1 {
			if b := &s.cands[j]; !b.drop && !b.unknown && b.ref.Valid() {
				return rank(g.Kind(b.ref)) >= rank(gazetteer.Admin2)
			}
		}
		return false
	}
	for i := range s.cands {
		c := &s.cands[i]
		if !c.unknown || c.drop {
			continue
		}
		if !keep(c) {
			c.drop = true
		}
	}
	for i := range s.cands {
		c := &s.cands[i]
		if c.drop || c.in < 0 {
			continue
		}
		if b := &s.cands[c.in]; b.unknown && b.drop && !b.weakCase && s.nameAlone(b) {
			b.drop = false
		}
	}
	// Dhaka - Shahbagh: a part of a resolved city.
	for i := range s.cands {
		c := &s.cands[i]
		if c.unknown && c.drop && c.in >= 0 && c.in < i && !s.cands[c.in].drop && !s.cands[c.in].unknown && s.nameAlone(c) {
			c.drop = false
		}
	}
	// Backwards, so that a container the skeleton resolves holds what precedes it.
	for i := len(s.cands) - 1; i >= 0; i-- {
		c := &s.cands[i]
		if !c.unknown || c.drop {
			continue
		}
		c.ref = 0
		for j, hops := c.in, 0; j >= 0 && hops < 8; j, hops = s.cands[j].in, hops+1 {
			if b := &s.cands[j]; !b.drop && !b.unknown && b.ref.Valid() {
				c.ref = b.ref
				break
			}
		}
		if !c.ref.Valid() && c.namesake.Valid() {
			c.ref = c.namesake
			// "near Copley Square in central Boston" lies in Boston,
			// not by a Copley in Ohio.
			if city, ok := s.sentenceCity(c); ok {
				a, b := g.Place(city), g.Place(c.namesake)
				if gazetteer.Distance(a.Lat, a.Lon, b.Lat, b.Lon) > farNamesakeKm {
					c.ref = city
				}
			}
			continue
		}
		if c.outside {
			continue // a namesake abroad: its area is not known
		}
		if ref, ok := s.skeleton(r, c); ok {
			c.ref, c.unknown, c.quality, c.conf = ref, false, gazetteer.BySkeleton, 0.5
			continue
		}
		// With no area of its own, it lies most likely in the region, else
		// the country, the document is about.
		if !c.ref.Valid() && r.focus != "" && r.focusW >= 0.5 {
			c.ref, _ = g.Country(r.focus)
			if r.focusA1.Valid() {
				c.ref = r.focusA1
			}
		}
	}
}

// farNamesakeKm is how far from the city its sentence names a feature's
// namesake may lie and still be where the feature is.
const farNamesakeKm = 50

// sentenceCity is the resolved town or city of c's sentence, the one
// nearest before c.
func (s *state) sentenceCity(c *cand) (gazetteer.Ref, bool) {
	g := s.p.g
	var best gazetteer.Ref
	found := false
	for i := range s.cands {
		b := &s.cands[i]
		if b == c || b.sent != c.sent || b.drop || b.unknown || b.demonym || !b.ref.Valid() || g.Kind(b.ref) != gazetteer.Populated {
			continue
		}
		if !found || b.start < c.start {
			best, found = b.ref, true
		}
	}
	return best, found
}

// lone tells whether a name the gazetteer lacks, with no area the text
// puts it in, is still a place: right after "in", "at", "near" or a verb
// that takes places ("shelled", "stormed"), and nothing says it is a
// person, an organisation or an ordinary word.
func (s *state) lone(c *cand) bool {
	if !(c.locCue || c.nearCue) || c.initial || c.person || c.inName || c.stop {
		return false
	}
	toks := s.d.Sentences[c.sent].Tokens
	if p := toks[c.start-1].Norm; !c.listed {
		switch r := s.p.lex.words[p]; {
		case r&lone != 0:
		case p == "the":
			return false // "in the Senate"
		default:
			if r&at == 0 || len(p) < 4 {
				return false
			}
		}
	}
	if c.after < len(toks) {
		n := &toks[c.after]
		if n.Cap && n.Kind == text.Word || n.Norm == "'s" || n.Kind == text.Number {
			return false // "at Route 5", "Pack 122"
		}
		// "at Moi university", "in Jubilee campaign colours": a name before a
		// noun is that thing's name, unless the noun is a kind of place.
		if n.Kind == text.Word && s.p.lex.words[n.Norm]&(function|settlement|admin|area|near|at|direction) == 0 {
			return false
		}
	}
	for k := c.start; k < c.end; k++ {
		t := &toks[k]
		if t.Kind != text.Word {
			continue
		}
		if s.p.lex.words[t.Norm]&(first|title|never|org|stop) != 0 || s.persons[t.Norm] || s.lowerSeen(t.Norm) || allCaps(t.Text) {
			return false
		}
	}
	return true
}

// nameAlone tells whether an unknown name given only as a link of a chain
// may be a place: set off by punctuation ("Watamu, Dabaso, Kilifi",
// "Kapkwen (Bomet)", "Dhaka - Shahbagh (Shahbagh)") rather than a word of
// the clause ("…District, Balqon got", "WASHINGTON — Denouncing a"), and
// no acronym or person's name.
func (s *state) nameAlone(c *cand) bool {
	toks := s.d.Sentences[c.sent].Tokens
	if c.after < len(toks) {
		switch toks[c.after].Text {
		case ",", ")", ".", ";", "(", "-", "–", "—":
		default:
			return false
		}
	}
	for k := c.start; k < c.end; k++ {
		t := &toks[k]
		if t.Kind == text.Word && (allCaps(t.Text) || s.persons[t.Norm] || s.p.lex.words[t.Norm]&(first|title|never|org) != 0) {
			return false
		}
	}
	return true
}

// actor tells whether a country's name stands for its state or people
// rather than its land: the one who acts or speaks ("Russia said",
// "China has imposed", "Mexico should send", "China and Russia
// welcome"), owns an institution ("Japan's coast guard", "Tunisia's most
// recent decision") or qualifies one ("U.S. officials", "U.S. goods").
func (s *state) actor(c *cand) bool {
	toks := s.d.Sentences[c.sent].Tokens
	lex := s.p.lex
	if c.offEnd > 0 {
		// "the U.S.-led coalition", "Iran-backed militias"
		rest := strings.ToLower(toks[c.start].Text[c.offEnd:])
		return len(rest) > 1 && (rest[0] == '-') && lex.words[rest[1:]]&acts != 0
	}
	k := c.after
	if k >= len(toks) || c.locCue || c.nearCue || c.in >= 0 {
		return false
	}
	if toks[k].Norm == "'s" {
		for j := k + 1; j < len(toks) && j <= k+3; j++ {
			if lex.words[toks[j].Norm]&agency != 0 {
				return true
			}
			if toks[j].Kind != text.Word {
				break
			}
		}
		return false
	}
	// "China and Russia welcome": a pair of countries acting together.
	if (toks[k].Norm == "and" || toks[k].Norm == "or") && k+1 < len(toks) && nameWord(&toks[k+1]) {
		for j := k + 1; j < len(toks) && j <= k+3; j++ {
			if !nameWord(&toks[j]) && toks[j].Text != "." {
				k = j
				break
			}
		}
	}
	n := toks[k].Norm
	r := lex.words[n]
	switch {
	case r&modal != 0:
		return k+1 < len(toks) && toks[k+1].Kind == text.Word && !toks[k+1].Cap && lex.words[toks[k+1].Norm]&(never|at|near) == 0
	case r&aux != 0:
		return k+1 < len(toks) && lex.words[toks[k+1].Norm]&acts != 0
	}
	return r&(acts|agency) != 0 && !toks[k].Cap
}

// skeleton resolves an unknown name by its transliteration skeleton, but
// only to a place inside the area the text puts it in, or, with no such
// area, to the one place of that skeleton in the document's country.
func (s *state) skeleton(r *resolver, c *cand) (gazetteer.Ref, bool) {
	g := s.p.g
	toks := s.d.Sentences[c.sent].Tokens
	s.key = s.key[:0]
	for k := c.start; k < c.end; k++ {
		if k > c.start {
			s.key = append(s.key, ' ')
		}
		s.key = gazetteer.AppendNorm(s.key, toks[k].Norm, true)
	}
	s.skey = gazetteer.AppendSkeleton(s.skey[:0], s.key)
	n := len(s.ms)
	s.ms = g.FindSkeleton(s.ms, string(s.skey))
	defer func() { s.ms = s.ms[:n] }()
	var found gazetteer.Ref
	count := 0
	for _, m := range s.ms[n:] {
		switch {
		case c.ref.Valid() && g.Kind(c.ref) != gazetteer.Country:
			if !g.Contains(c.ref, m.Ref) {
				continue
			}
		case c.ref.Valid():
			if g.CountryOf(m.Ref) != g.CountryOf(c.ref) || g.Population(m.Ref) < 1000 {
				continue
			}
		case r.focus != "" && r.focusW >= 0.5:
			if g.CountryOf(m.Ref) != r.focus || g.Population(m.Ref) < 1000 {
				continue
			}
		default:
			continue
		}
		// A district and its town of one name are one place: the cue
		// says which ("Dawlat Abad district").
		if found.Valid() && m.Ref != found && g.Place(m.Ref).Name == g.Place(found).Name && wantsArea(c) == g.Kind(m.Ref).IsArea() {
			found = m.Ref
			continue
		}
		if found.Valid() && m.Ref != found && g.Place(m.Ref).Name == g.Place(found).Name && wantsArea(c) == g.Kind(found).IsArea() {
			continue
		}
		if m.Ref != found {
			found = m.Ref
			count++
		}
	}
	return found, count == 1
}

// wantsArea tells whether a candidate's cue says it is an admin area.
func wantsArea(c *cand) bool { return c.cue == admin }

// mentions turns the kept candidates into Mentions.
func (s *state) mentions() []Mention {
	g := s.p.g
	n := 0
	for i := range s.cands {
		if !s.cands[i].drop {
			s.cands[i].out = n
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Mention, 0, n)
	for i := range s.cands {
		c := &s.cands[i]
		if c.drop {
			continue
		}
		toks := s.d.Sentences[c.sent].Tokens
		m := Mention{Sentence: c.sent, Start: c.start, End: c.end, Ref: c.ref, Resolved: !c.unknown && c.ref.Valid(),
			Demonym: c.demonym, Near: c.nearCue, InName: c.inName, Dateline: c.dateline, Cue: c.cueText, In: -1}
		if m.Resolved && s.provinceCue(c) {
			// "Raqqa province": GeoNames names the region otherwise (Ar-Raqqah).
			if p := g.Place(m.Ref); p.Kind == gazetteer.Populated && p.Feature == "PPLA" {
				if a1 := g.Admin1Of(m.Ref); a1.Valid() {
					m.Ref = a1
				}
			}
		}
		m.Actor = m.Resolved && !c.demonym && g.Kind(c.ref) == gazetteer.Country && s.actor(c)
		first, last := &toks[c.start], &toks[c.end-1]
		m.Span = text.Span{Start: first.Start, End: last.End}
		m.Text = s.d.Text[first.Off:last.OffEnd]
		if c.offEnd > 0 {
			m.Text = first.Text[c.off:c.offEnd]
			m.Span.Start = first.Start + runeCount(first.Text[:c.off])
			m.Span.End = m.Span.Start + runeCount(m.Text)
		}
		if c.in >= 0 && !s.cands[c.in].drop && !(m.Resolved && (g.Kind(c.ref) == gazetteer.Country || g.Kind(c.ref) == gazetteer.Region)) {
			m.In = s.cands[c.in].out // a country lies in no place the text names: "the U.S.-led alliance in Raqqa province"
		}
		m.Confidence = c.conf
		var containerKind gazetteer.Kind
		if m.Ref.Valid() {
			containerKind = g.Kind(m.Ref)
		}
		if m.Resolved {
			m.Kind = containerKind
		} else {
			m.Confidence = 0
			switch {
			case c.cue == admin:
				m.Kind = gazetteer.Admin2
				switch containerKind {
				case gazetteer.Country:
					m.Kind = gazetteer.Admin1
				case gazetteer.Admin2, gazetteer.Admin3:
					m.Kind = gazetteer.Admin3
				}
			case c.cue == landmark:
				m.Kind = gazetteer.Site
			default:
				m.Kind = gazetteer.Populated
			}
		}
		m.Precision = precision(&m, containerKind)
		if m.Ref.Valid() && g.Place(m.Ref).Approx {
			m.Precision = 3 // located only by the area holding it
		}
		out = append(out, m)
	}
	return out
}

// provinceCue tells whether the word that cued c names a first-order division.
func (s *state) provinceCue(c *cand) bool {
	w, _, _ := strings.Cut(strings.ToLower(c.cueText), " ")
	return c.cue == admin && s.p.lex.words[w]&province != 0
}

// precision is ACLED's geo_precision for an event coded at m.
func precision(m *Mention, refKind gazetteer.Kind) int {
	if m.Demonym {
		return 3
	}
	if !m.Resolved {
		switch refKind {
		case gazetteer.Populated, gazetteer.Site, gazetteer.Admin3, gazetteer.Admin2:
			return 2
		}
		return 3
	}
	switch m.Kind {
	case gazetteer.Populated, gazetteer.Site:
		if m.Near {
			return 2
		}
		return 1
	case gazetteer.Admin2, gazetteer.Admin3:
		return 2
	}
	return 3
}

func runeCount(s string) int {
	n := 0
	for range s {
		n++
	}
	return n
}

// minFirm is the focus votes, besides a place's own, that make a document
// firmly about one country: more than a country or demonym named once.
const minFirm = 4.0

// farFromAnchors tells whether a point lies more than lonelyKm from every
// place the document is surely about but candidate i's own; false when
// there are none.
func farFromAnchors(r *resolver, i int, lat, lon float64) bool {
	n := 0
	for _, a := range r.anchors {
		if a.cand == i {
			continue
		}
		n++
		if gazetteer.Distance(lat, lon, a.lat, a.lon) <= lonelyKm {
			return false
		}
	}
	return n > 0
}

// besideHint tells whether the focus a place is judged against comes from
// the caller's hint alone (the country of the groups a report names) and
// the place lies near that country (within hintKm of its middle): a
// group's attack across a border ("Hezbollah launched a drone at an army
// post in Metula"), not a namesake in another continent.
func (s *state) besideHint(r *resolver, ownFocus, lat, lon float64) bool {
	if s.hint == "" || r.focus != s.hint || r.votes[r.focus]-ownFocus-3 >= 0.5 {
		return false
	}
	ref, ok := s.p.g.Country(s.hint)
	if !ok {
		return false
	}
	h := s.p.g.Place(ref)
	return gazetteer.Distance(lat, lon, h.Lat, h.Lon) <= hintKm
}
