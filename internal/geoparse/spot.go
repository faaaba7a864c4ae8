package geoparse

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/text"
)

// maxWords bounds a place name in tokens.
const maxWords = 7

// cand is a possible place mention while a document is read.
type cand struct {
	sent       int
	start, end int // tokens
	after      int // the token after the name and a respelling in parentheses: where the words about it go on
	// off, offEnd select part of a hyphenated token, in bytes of its text; both 0 for whole tokens.
	off, offEnd int

	mFrom, mTo int    // gazetteer matches, in state.ms
	name       uint64 // hash of the folded words, to know mentions of one name
	unknown    bool
	demonym    bool

	cue      role   // settlement, admin or area noun next to it; near or at before it
	cueText  string // as written
	nearCue  bool
	locCue   bool // a locating preposition before it (in, at, from)
	inName   bool
	person   bool // a person's name by its context
	dateline bool
	drop     bool
	initial  bool          // first word of its sentence
	stop     bool          // a stop-listed word: needs a cue to count
	weakCase bool          // in an all-caps or title-case line, where capitals say little
	listed   bool          // after the first of a list of names, whose cues it shares
	landmark bool          // a feature's name: "Biju Hill", "Mount Hermon"
	quarter  bool          // named with a word for a part of a town: "Dallas estate", "Colonia Roma"
	namesake gazetteer.Ref // for a feature named after a known place ("Jordan River"), that place
	outside  bool          // resolved outside every country the report's groups act in: no container abroad either
	actorMod bool          // a demonym or country naming who acts ("Turkish troops", "U.S. forces"), not where

	in     int  // index of the cand given as holding it, or -1
	part   bool // and not by a comma, which also lists peers: "A (B)", "A of B", "B - A"
	loose  bool // by a bare comma, which may as well list peers: "Kisii, Wajir, Mandera"
	paren  bool // by a parenthesis, which may as well give a part: "Dhaka city (New Market)"
	chain  bool
	forced bool          // a place by the text's say-so, though the gazetteer's namesake is elsewhere
	was    gazetteer.Ref // for a forced one, that namesake

	// Resolution.
	ref     gazetteer.Ref
	quality gazetteer.Quality
	score   float64
	conf    float64
	out     int // index among the returned mentions, or -1
}

func (c *cand) single() bool { return c.end-c.start == 1 }

// state is the scratch of one Parse call.
type state struct {
	p       *Parser
	d       *text.Doc
	cands   []cand
	ms      []gazetteer.Match
	key     []byte
	skey    []byte
	buf     []byte
	mask    []bool
	persons map[string]bool // surnames met after a title or first name
	hint    string          // country the caller expects, or ""
	areas   []string        // countries the report's groups act in, or nil
	r       resolver

	lower      map[string]bool // words seen in lower case, built on demand
	lowerBuilt bool
	child      []int // per cand, the first cand the text puts in it, or -1
	sibling    []int // per cand, the next cand put in the same one, or -1

	found findCache // match's gazetteer lookups, kept across documents
	akey  []byte    // adminForms' key of a name
	pkey  []byte    // and of the name after a prefix
}

func (s *state) reset(p *Parser, d *text.Doc) {
	s.p, s.d = p, d
	s.cands = s.cands[:0]
	s.ms = s.ms[:0]
	s.lowerBuilt = false
	if s.persons == nil {
		s.persons = map[string]bool{}
	}
	clear(s.persons)
}

// connector tells whether a lower-case word may sit inside a place name.
func (l *lexicon) connector(norm string) bool { return l.connectors.Has(norm) }

// articleCap tells whether a token is an Arabic article joined to a
// capitalised name: al-Bab, ez-Zor, as-Suwayda.
func articleCap(t *text.Token) bool {
	s := t.Text
	if t.Cap || len(s) < 4 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	// A hyphen (or a Unicode one) after one to three letters.
	for i := 1; i <= 3 && i < len(s); i++ {
		rest := ""
		switch c := s[i]; {
		case c == '-':
			rest = s[i+1:]
		case strings.HasPrefix(s[i:], "‐"), strings.HasPrefix(s[i:], "‑"):
			rest = s[i+3:]
		case c >= 'a' && c <= 'z':
			continue
		default:
			return false
		}
		r, _ := utf8.DecodeRuneInString(rest)
		return unicode.IsUpper(r)
	}
	return false
}

// nameWord tells whether a token may be (part of) a name.
func nameWord(t *text.Token) bool {
	return t.Kind == text.Word && (t.Cap || articleCap(t))
}

// allCaps tells whether a word is written in capitals (BNP, KILIFI).
func allCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 0
}

// spot finds the candidate mentions of sentence si.
func (s *state) spot(si int) {
	toks := s.d.Sentences[si].Tokens
	lex := s.p.lex
	if cap(s.mask) < len(toks) {
		s.mask = make([]bool, len(toks))
	}
	s.mask = s.mask[:len(toks)]
	clear(s.mask)
	// Whole names that hold place words (Hayat Tahrir al-Sham) are masked.
	for i := 0; i < len(toks); i++ {
		if lex.prefixes.Has(toks[i].Norm) {
			var end int
			if end, s.buf = lex.phraseAt(toks, i, name, s.buf); end > i {
				for k := i; k < end; k++ {
					s.mask[k] = true
				}
				i = end - 1
			}
		}
	}
	firstWord := 0
	for firstWord < len(toks) && toks[firstWord].Kind != text.Word {
		firstWord++
	}
	weak := s.weakCase(toks)
	from := len(s.cands)
	run := -1 // the unknown run being built, as an index into s.cands
	start := 0
	if si == 0 && firstWord+1 < len(toks) && toks[firstWord].Norm == "by" && toks[firstWord].Cap {
		// A byline, "By MARI YAMAGUCHI, Associated Press": its names are a
		// writer's.
		k := firstWord + 1
		for ; k < len(toks) && nameWord(&toks[k]); k++ {
			s.persons[toks[k].Norm] = true
		}
		if k < len(toks) && toks[k].Text == "," {
			start = k
		}
	}
	for i := start; i < len(toks); {
		t := &toks[i]
		if s.mask[i] || !nameWord(t) {
			run = -1
			i++
			// The map last: most words are followed by no name.
			if !s.mask[i-1] && i < len(toks) && nameWord(&toks[i]) && lex.words[t.Norm]&kin != 0 {
				// "his brother Karim": a person's names, whatever places share them.
				last := ""
				for ; i < len(toks) && nameWord(&toks[i]); i++ {
					last = toks[i].Norm
				}
				s.persons[last] = true
			}
			continue
		}
		r := lex.words[t.Norm]
		if r&(never|name) != 0 && r&title == 0 || len(t.Norm) == 1 {
			// Only as the start of a longer name: "The Hague", "New York", "W.Va.".
			if i+1 < len(toks) && nameWord(&toks[i+1]) || i+2 < len(toks) && toks[i+1].Text == "." && !toks[i+1].SpaceBefore && nameWord(&toks[i+2]) {
				if end, ok := s.match(si, toks, i); ok && end > i+1 {
					s.cands[len(s.cands)-1].initial = i == firstWord
					i, run = end, -1
					continue
				}
				s.dropLast(si, i)
			}
			run = -1
			i++
			continue
		}
		if r&avenue != 0 && t.Cap && i+1 < len(toks) && nameWord(&toks[i+1]) {
			// "Rue Victor Hugo": a street, whatever names it.
			for i++; i < len(toks) && nameWord(&toks[i]); i++ {
			}
			run = -1
			continue
		}
		if r&mount != 0 && t.Cap && !allCaps(t.Text) && i+1 < len(toks) && nameWord(&toks[i+1]) && !s.mask[i+1] &&
			lex.words[toks[i+1].Norm]&(landmark|mount|never|stop|org|street|title|first) == 0 {
			// "Lake Turkana", "Mount Hermon": the whole name if the
			// gazetteer has it (Lake Charles), else a feature's name.
			if end, ok := s.match(si, toks, i); ok && end > i+1 {
				c := &s.cands[len(s.cands)-1]
				c.initial, c.weakCase, c.cue, c.cueText = i == firstWord, weak, landmark, t.Text
				i, run = end, -1
				continue
			}
			s.dropLast(si, i)
			s.cands = append(s.cands, cand{sent: si, start: i, end: i + 1, unknown: true, landmark: true, in: -1, initial: i == firstWord, weakCase: weak})
			run = len(s.cands) - 1
			i++
			continue
		}
		if r&(title|first) != 0 {
			// A title or a first name makes the next names a person's,
			// unless they make a place name with it (Henry County).
			end, ok := s.match(si, toks, i)
			if ok && end > i+1 {
				s.cands[len(s.cands)-1].initial = i == firstWord
				i, run = end, -1
				continue
			}
			s.dropLast(si, i)
			if (r&title != 0 || i+1 < len(toks) && nameWord(&toks[i+1]) && !s.mask[i+1] && lex.words[toks[i+1].Norm]&(settlement|admin|area) == 0) && !s.placeCued(toks, i) {
				run = -1
				last := ""
				for i++; i < len(toks) && (nameWord(&toks[i]) || toks[i].Text == "." && !toks[i].SpaceBefore); i++ {
					if toks[i].Kind == text.Word {
						last = toks[i].Norm
					}
				}
				if last != "" {
					s.persons[last] = true
				}
				continue
			}
		}
		if r&landmark != 0 && t.Cap && run >= 0 && s.cands[run].end == i &&
			!(i+1 < len(toks) && nameWord(&toks[i+1]) && lex.words[toks[i+1].Norm]&landmark == 0) {
			// "Sawwan Hill", "Bardeh Mountains"; not "Cedar River Seafood"
			s.cands[run].end, s.cands[run].landmark = i+1, true
			i, run = i+1, -1
			continue
		}
		if n := len(s.cands); t.Cap && n > from && run < 0 && s.cands[n-1].end == i && !s.cands[n-1].unknown {
			if le := s.landmarkAt(toks, i, facility); le > i {
				// "Bagram Airfield", "Incirlik Air Base": the known name
				// before it stays a place, and cues reads the feature.
				i = le
				continue
			}
		}
		if end, ok := s.match(si, toks, i); ok {
			c := &s.cands[len(s.cands)-1]
			c.initial = i == firstWord
			c.weakCase = weak
			c.stop = c.single() && r&stop != 0
			i, run = end, -1
			continue
		}
		if s.parts(si, toks, i) {
			i, run = i+1, -1
			continue
		}
		// No match: perhaps a place the gazetteer lacks, if a cue says so later.
		if r&(stop|org|street|settlement|admin|area|direction) != 0 || allCaps(t.Text) && utf8.RuneCountInString(t.Text) <= 5 {
			run = -1
			i++
			continue
		}
		if run >= 0 && s.cands[run].end == i {
			s.cands[run].end = i + 1
		} else {
			s.cands = append(s.cands, cand{sent: si, start: i, end: i + 1, unknown: true, in: -1, initial: i == firstWord, weakCase: weak})
			run = len(s.cands) - 1
		}
		i++
	}
	s.merge(from, toks)
	for k := from; k < len(s.cands); k++ {
		s.cands[k].after = s.cands[k].end
	}
	s.respellings(from, toks)
	for k := from; k < len(s.cands); k++ {
		s.cues(&s.cands[k], toks, firstWord)
	}
	s.lists(from, toks)
	s.link(from, toks)
}

// merge joins names that follow each other with nothing between, unless
// one is a country, admin-1 region, region or demonym: "Rod Stewart", "Tal
// Kalariyah", "Washington Latin School" are one name, not a place and more.
// A name the gazetteer lacks before a region's also makes one ("Prothom
// Alo"), but a region's before another name may be a place in it ("Kenya
// Airways" aside, "Texas Hill Country").
func (s *state) merge(from int, toks []text.Token) {
	out := from
	for k := from; k < len(s.cands); k++ {
		c := s.cands[k]
		if out > from {
			p := &s.cands[out-1]
			if p.sent == c.sent && p.end == c.start && p.offEnd == 0 && c.offEnd == 0 && (p.unknown || p.single()) && (c.unknown || c.single()) &&
				(!s.big(p) && !s.big(&c) ||
					// "Prothom Alo", "Air Canada": a name before a region's makes one name.
					// "Kenyas Isiolo County" is not.
					p.unknown && (!p.initial || p.landmark) && !p.weakCase && !c.demonym && !s.big(p) &&
						!(c.end < len(toks) && s.p.lex.words[toks[c.end].Norm]&(settlement|admin|area) != 0)) {
				p.end, p.unknown, p.mFrom, p.mTo, p.landmark = c.end, true, 0, 0, p.landmark || c.landmark
				continue
			}
		}
		s.cands[out] = c
		out++
	}
	s.cands = s.cands[:out]
}

// big tells whether a candidate may be a country, admin-1 region, region or demonym.
func (s *state) big(c *cand) bool {
	if c.unknown {
		return false
	}
	for _, m := range s.ms[c.mFrom:c.mTo] {
		if m.Quality == gazetteer.ByDemonym {
			return true
		}
		switch s.p.g.Kind(m.Ref) {
		case gazetteer.Country, gazetteer.Admin1, gazetteer.Region:
			return true
		}
	}
	return false
}

// dropLast removes the candidate just added at token i, if any, when the
// caller does not want it after all.
func (s *state) dropLast(si, i int) {
	if n := len(s.cands); n > 0 && s.cands[n-1].start == i && s.cands[n-1].sent == si {
		c := &s.cands[n-1]
		if !c.unknown {
			s.ms = s.ms[:c.mFrom]
		}
		s.cands = s.cands[:n-1]
	}
}

// weakCase tells whether capitals in a sentence say little: a headline in
// Title Case (its small words capitalised too) or in capitals.
func (s *state) weakCase(toks []text.Token) bool {
	words, upper, first := 0, 0, true
	for i := range toks {
		t := &toks[i]
		if t.Kind != text.Word {
			continue
		}
		words++
		if allCaps(t.Text) {
			upper++
		}
		if !first && t.Cap && !allCaps(t.Text) && s.p.lex.smalls.Has(t.Norm) { // IS, US: acronyms
			return true
		}
		first = false
	}
	return words >= 3 && upper == words
}

// match finds the longest gazetteer name starting at token i and, if any,
// adds a cand for it and returns the token after it.
func (s *state) match(si int, toks []text.Token, i int) (int, bool) {
	g := s.p.g
	if s.p.lex.words[toks[i].Norm]&quarter != 0 && i+1 < len(toks) && nameWord(&toks[i+1]) {
		return i, false // "Colonia Roma": the word names no place; the name after it does
	}
	s.key, s.skey = s.key[:0], s.skey[:0]
	start := len(s.ms)
	best, bestFrom, bestTo := -1, 0, 0
	for j := i; j < len(toks) && j < i+maxWords; j++ {
		t := &toks[j]
		if j > i {
			if t.Text == "." && !t.SpaceBefore && j+1 < len(toks) && nameWord(&toks[j+1]) {
				continue // St. Louis, Ft. Worth
			}
			if (t.Norm == "'s") && !t.SpaceBefore && j+1 < len(toks) && nameWord(&toks[j+1]) {
				// Cox's Bazar: the key drops the apostrophe, keeping the s.
				s.key = append(s.key, 's')
				s.skey = append(s.skey, 's')
				continue
			}
			if s.mask[j] || !(nameWord(t) || t.Kind == text.Word && s.p.lex.connector(t.Norm) && j+1 < len(toks)) {
				break
			}
			if !(toks[j-1].Text == "." && !t.SpaceBefore) { // W.Va. is one word, W. Va. two
				s.key = append(s.key, ' ')
				if len(s.skey) > 0 {
					s.skey = append(s.skey, ' ')
				}
			}
		}
		s.key = gazetteer.AppendNorm(s.key, t.Norm, false)
		if !(t.Norm == "al" || t.Norm == "el") || j+1 >= len(toks) {
			s.skey = gazetteer.AppendNorm(s.skey, t.Norm, true)
		} else if len(s.skey) > 0 && s.skey[len(s.skey)-1] == ' ' {
			s.skey = s.skey[:len(s.skey)-1]
		}
		if !t.Cap && s.p.lex.connector(t.Norm) {
			continue // a name does not end on "of"
		}
		n0 := len(s.ms)
		var p1, p2 bool
		s.ms, p1 = s.found.find(g, s.ms, s.key)
		if !bytes2eq(s.skey, s.key) && len(s.skey) > 0 {
			n1 := len(s.ms)
			s.ms, p2 = s.found.find(g, s.ms, s.skey)
			for k := n1; k < len(s.ms); k++ {
				s.ms[k].Quality = max(s.ms[k].Quality, gazetteer.ByVariant)
			}
		}
		if len(s.ms) > n0 {
			best, bestFrom, bestTo = j, n0, len(s.ms)
		}
		if !p1 && !p2 {
			break
		}
	}
	if best >= 0 {
		s.ms = append(s.ms[:start], s.ms[bestFrom:bestTo]...)
	} else {
		s.ms = s.ms[:start]
	}
	if end, ok := s.adminForms(toks, i, best); ok {
		best = end // "Seytenga in Seno province": Province du Séno
	}
	if best < 0 {
		s.ms = s.ms[:start]
		return i, false
	}
	c := cand{sent: si, start: i, end: best + 1, mFrom: start, mTo: len(s.ms), in: -1, out: -1}
	s.classify(&c, toks)
	if c.drop {
		s.ms = s.ms[:start]
		return i, false
	}
	s.cands = append(s.cands, c)
	return best + 1, true
}

func bytes2eq(a, b []byte) bool { return string(a) == string(b) }

// adminForms looks a name followed by an admin word up as the admin areas
// GeoNames names with the generic word first ("Seno province": "Province
// du Séno"). It adds their matches to s.ms for the name ending at best, or
// at the last name word when best < 0 (nothing matched as written), and
// returns that end.
func (s *state) adminForms(toks []text.Token, i, best int) (int, bool) {
	if len(s.p.lex.adminPrefixes) == 0 {
		return 0, false
	}
	end := best
	if end < 0 {
		for j := i; j < len(toks) && j < i+maxWords && !s.mask[j] && nameWord(&toks[j]); j++ {
			end = j
		}
	}
	if end < 0 || end+1 >= len(toks) || s.p.lex.words[toks[end+1].Norm]&admin == 0 {
		return 0, false
	}
	// The name's key, then after each prefix, in buffers of the state.
	s.akey = s.akey[:0]
	for j := i; j <= end; j++ {
		if j > i {
			s.akey = append(s.akey, ' ')
		}
		s.akey = gazetteer.AppendNorm(s.akey, toks[j].Norm, false)
	}
	n0 := len(s.ms)
	for _, p := range s.p.lex.adminPrefixes {
		s.pkey = append(append(s.pkey[:0], p...), s.akey...)
		s.ms, _ = s.found.find(s.p.g, s.ms, s.pkey)
	}
	for k := n0; k < len(s.ms); k++ {
		s.ms[k].Quality = max(s.ms[k].Quality, gazetteer.ByVariant)
	}
	return end, len(s.ms) > n0
}

// classify drops what cannot be a place name by its form: generic words
// (Council, Street, North), short names in lower case that only an
// abbreviation can be ("Us", "La" but "US", "La."), and notes demonyms.
func (s *state) classify(c *cand, toks []text.Token) {
	ms := s.ms[c.mFrom:c.mTo]
	t := &toks[c.start]
	abbrev := true // written as an abbreviation: capitals or a dot
	if c.offEnd > 0 {
		abbrev = allCaps(t.Text[c.off:c.offEnd])
	} else if c.single() {
		dotted := strings.Contains(t.Text, ".") || c.end < len(toks) && toks[c.end].Text == "." && !toks[c.end].SpaceBefore
		abbrev = allCaps(t.Text) || dotted
		if s.p.lex.words[t.Norm]&(org|street|settlement|admin|area|direction|title|never) != 0 {
			c.drop = true
			return
		}
		if !abbrev && utf8.RuneCountInString(t.Text) <= 2 {
			c.drop = true
			return
		}
	}
	short := !strings.Contains(string(s.key), " ") && len(s.key) <= 4
	dotted := strings.Contains(t.Text, ".") || c.end < len(toks) && toks[c.end].Text == "." && !toks[c.end].SpaceBefore
	// An acronym (BWL, APC) is a place only as a known short form, or
	// opening a paragraph as a dateline (ROME —).
	acronym := c.single() && c.offEnd == 0 && allCaps(t.Text) && utf8.RuneCountInString(t.Text) <= 4 && !dotted &&
		!(paraStart(s.d, c.sent) == toks[0].Off && c.end < len(toks) && datelineMark(toks[c.end].Text))
	out := ms[:0]
	demonyms := 0
	for _, m := range ms {
		switch {
		case m.Quality == gazetteer.ByAbbrev && !dotted:
			continue
		case m.Quality == gazetteer.ByAlias && short && !abbrev:
			continue
		case acronym && m.Quality != gazetteer.ByAlias && s.p.g.Kind(m.Ref) != gazetteer.Country:
			continue
		}
		if m.Quality == gazetteer.ByDemonym {
			demonyms++
		}
		out = append(out, m)
	}
	c.mTo = c.mFrom + len(out)
	// A demonym that some place also has as an alternate name
	// ("Canadian") is still the demonym.
	c.demonym = demonyms > 0
	for _, m := range out {
		if m.Quality != gazetteer.ByDemonym && !slices.ContainsFunc(out, func(d gazetteer.Match) bool { return d.Ref == m.Ref && d.Quality == gazetteer.ByDemonym }) {
			c.demonym = false
			break
		}
	}
	if len(out) == 0 {
		c.drop = true
	}
}

// parts matches the capitalised parts of a hyphenated token that does not
// match whole: Kenya-Somalia, Dhaka-based, Israeli-Palestinian.
func (s *state) parts(si int, toks []text.Token, i int) bool {
	t := &toks[i]
	if !strings.Contains(t.Text, "-") {
		return false
	}
	for _, part := range strings.Split(t.Text, "-") {
		if r, _ := utf8.DecodeRuneInString(part); len(part) <= 2 && unicode.IsLower(r) {
			return false // Nawa-e Barakzayi, Sar-e Pol: one name joined by the ezafe
		}
	}
	if i > 0 && i+2 < len(toks) && toks[i+1].Kind == text.Word && toks[i+1].Cap && !toks[i-1].Cap && toks[i-1].Kind == text.Word &&
		(toks[i+2].Norm == "said" || toks[i+2].Norm == "says" || toks[i+2].Norm == "told") {
		return false // "civil society leader Jean-Paul Mbusa": a person's given names, not two places
	}
	if i+1 < len(toks) && s.p.lex.words[toks[i+1].Norm]&(admin|area) != 0 {
		// "Cameroon's North-West region": the whole name, when the
		// gazetteer knows an area by it; its parts are other places.
		s.key = gazetteer.AppendNorm(s.key[:0], t.Norm, false)
		start := len(s.ms)
		s.ms, _ = s.p.g.Find(s.ms, string(s.key))
		for _, m := range s.ms[start:] {
			if k := s.p.g.Kind(m.Ref); k == gazetteer.Admin1 || k == gazetteer.Admin2 {
				s.cands = append(s.cands, cand{sent: si, start: i, end: i + 1, mFrom: start, mTo: len(s.ms), in: -1, out: -1})
				return true
			}
		}
		s.ms = s.ms[:start]
	}
	found := false
	off := 0
	for _, part := range strings.Split(t.Text, "-") {
		r, _ := utf8.DecodeRuneInString(part)
		if unicode.IsUpper(r) && len(part) > 1 {
			norm := text.Fold(part)
			s.key = gazetteer.AppendNorm(s.key[:0], norm, false)
			start := len(s.ms)
			s.ms, _ = s.p.g.Find(s.ms, string(s.key))
			if len(s.ms) > start {
				c := cand{sent: si, start: i, end: i + 1, off: off, offEnd: off + len(part), mFrom: start, mTo: len(s.ms), in: -1, out: -1}
				s.classify(&c, toks)
				if !c.drop && s.p.lex.words[norm]&(never|stop) == 0 && (s.bigMatch(c.mFrom, c.mTo) || s.p.lex.placeSuffix(t.Text[off+len(part):])) {
					s.cands = append(s.cands, c)
					found = true
				} else {
					s.ms = s.ms[:start]
				}
			}
		}
		off += len(part) + 1
	}
	return found
}

// landmarkAt returns the end of the feature word or phrase with role ro
// at token e ("River", "Air Base") when no other name word follows it,
// else e.
func (s *state) landmarkAt(toks []text.Token, e int, ro role) int {
	end := e
	if s.p.lex.words[toks[e].Norm]&ro != 0 {
		end = e + 1
	}
	var pe int
	if pe, s.buf = s.p.lex.phraseAt(toks, e, ro, s.buf); pe > end {
		end = pe
	}
	if end > e && end < len(toks) && nameWord(&toks[end]) {
		return e
	}
	return end
}

// placeSuffix tells whether the rest of a hyphenated word after a name
// makes it a place: Gori-based, Kabul-bound.
func (l *lexicon) placeSuffix(rest string) bool {
	return len(rest) > 1 && rest[0] == '-' && l.words[strings.ToLower(rest[1:])]&suffix != 0
}

// bigMatch tells whether a name matches a country, an admin-1 region, a
// region, a demonym or a city of 100,000: the only names trusted inside a
// hyphenated word (Kenya-Somalia, Saudi-led, but not Wal-Mart).
func (s *state) bigMatch(from, to int) bool {
	g := s.p.g
	for _, m := range s.ms[from:to] {
		switch g.Kind(m.Ref) {
		case gazetteer.Country, gazetteer.Admin1, gazetteer.Region:
			return true
		}
		if m.Quality == gazetteer.ByDemonym || g.Population(m.Ref) >= 100000 {
			return true
		}
	}
	return false
}

// cues reads the words around a candidate: what kind of place they say it
// is, whether it is near rather than at, whether it is part of another name.
func (s *state) cues(c *cand, toks []text.Token, firstWord int) {
	lex := s.p.lex
	if c.off != 0 || c.offEnd != 0 {
		// Part of a hyphenated word: Dhaka-based says Dhaka, Israeli-Palestinian says both.
		return
	}
	if c.landmark {
		c.cue = landmark
		if w := toks[c.end-1].Text; s.p.lex.words[toks[c.end-1].Norm]&landmark != 0 {
			c.cueText = w
		} else {
			c.cueText = toks[c.start].Text
		}
	}
	// A part of a town: "Dallas estate in Embu", "Colonia Roma".
	if e := c.after; e < len(toks) && lex.words[toks[e].Norm]&quarter != 0 {
		c.quarter = true
	}
	if c.start > 0 && lex.words[toks[c.start-1].Norm]&quarter != 0 && toks[c.start-1].Cap {
		c.quarter = true
	}
	// After: "X village", "X district", "X Police", "X Road".
	if e := c.after; e < len(toks) {
		n := &toks[e]
		r := lex.words[n.Norm]
		if r&(agency|weapon) != 0 {
			c.actorMod = true
		}
		switch {
		case r&(settlement|admin|area) != 0 && n.Cap && (e+2 < len(toks) && toks[e+1].Norm == "of" && nameWord(&toks[e+2]) || strings.HasSuffix(n.Norm, "s") && r&area == 0):
			c.inName = true // Dhaka Union of Journalists, Member States
		case r&(settlement|admin|area) != 0 && n.Kind == text.Word && !c.demonym &&
			!(n.Cap && e+1 < len(toks) && nameWord(&toks[e+1]) && lex.words[toks[e+1].Norm]&(settlement|admin|area) == 0):
			c.cue, c.cueText = r&(settlement|admin|area), n.Text
			if c.cue&admin != 0 {
				c.cue = admin
			} else if c.cue&settlement != 0 {
				c.cue = settlement
			}
			if e+1 < len(toks) && n.Norm == "refugee" {
				c.cue = settlement
			}
		case n.Cap && !c.unknown && !c.demonym && c.offEnd == 0 && s.landmarkAt(toks, e, landmark|facility) > e:
			// "Jordan River", "Bagram Air Base": a feature named after the place, by it.
			le := s.landmarkAt(toks, e, landmark|facility)
			c.end, c.after, c.landmark, c.cue, c.cueText = le, le, true, landmark, toks[le-1].Text
		case r&street != 0 && n.Cap && !c.unknown && !(e+1 < len(toks) && nameWord(&toks[e+1])):
			c.drop = true // Dublin Road; but Florida Highway Patrol is an organisation
		case r&street != 0 && n.Cap && !c.unknown:
			c.inName = true
		case r&org != 0 && n.Cap:
			c.inName = true
		case r&title != 0 && n.Cap:
			c.inName = true // Kirinyaga Governor: an office, not an event's place
		case r&group != 0 && !c.demonym:
			c.drop = true // Turkana raiders, Kikuyu community: a people
		}
		if c.unknown && (r&(org|street) != 0 && n.Cap || r&agency != 0 && r&org != 0) {
			c.drop = true // "Bweyale Police", "Zerevani forces": no place the gazetteer knows, and named as a body
		}
	}
	// Before: "the village of X", "north of X", "near X", "in X", "University of X".
	k := c.start - 1
	if k >= 0 && toks[k].Norm == "the" {
		k--
	}
	if k >= 0 {
		p := &toks[k]
		r := lex.words[p.Norm]
		switch {
		case p.Norm == "of" && k > 0:
			q := &toks[k-1]
			rq := lex.words[q.Norm]
			switch {
			case rq&(settlement|admin|area) != 0 && !q.Cap:
				if c.cue == 0 {
					c.cue, c.cueText = rq&(settlement|admin|area), q.Text+" of"
					if c.cue&admin != 0 {
						c.cue = admin
					} else if c.cue&settlement != 0 {
						c.cue = settlement
					}
				}
				if rq&area != 0 && rq&edge != 0 {
					c.nearCue, c.cueText = true, q.Text+" of"
				}
			case rq&direction != 0:
				c.nearCue, c.cueText = true, q.Text+" of"
			case rq&org != 0 && q.Cap:
				c.inName = true
			case rq&distance != 0:
				c.nearCue, c.cueText = true, q.Text+" of"
			}
		case r&near != 0:
			c.nearCue = true
			if c.cueText == "" {
				c.cueText = p.Text
			}
		case r&at != 0:
			c.locCue = true
			if c.cueText == "" {
				c.cueText = p.Text
			}
		case r&(title|first) != 0 && p.Cap:
			if c.cue == 0 {
				c.drop = true // President Kenyatta, George Washington
			}
		case r&street != 0 && p.Cap && !c.unknown:
			c.drop = true // Lake Lanier, Mount Kenya: a feature, not the place
		case r&says != 0 && c.cue == 0:
			c.person = true // said Milton J. Little
		case r&direction != 0 && !p.Cap && !c.demonym:
			c.cueText = p.Text // northern Syria: part of it
			c.nearCue = true
		}
		if (p.Norm == "from" || p.Norm == "to") && k > 0 && lex.words[toks[k-1].Norm]&distanceFrom != 0 {
			c.nearCue, c.cueText = true, toks[k-1].Text+" "+p.Text
		}
	}
	// A dateline opens a paragraph in capitals and is followed by a dash or comma.
	if c.start == firstWord && s.d.Sentences[c.sent].Tokens[0].Off == paraStart(s.d, c.sent) && allCaps(toks[c.start].Text) && c.end < len(toks) {
		c.dateline = datelineMark(toks[c.end].Text)
	}
}

// lists passes the words before the first of a list of names on to the
// others: "the villages of Abu Dafna and Tell Sultan", "in Bannu and
// Lakki Marwat", "Sarmin, Taftanaz (twice) and Binnish".
func (s *state) lists(from int, toks []text.Token) {
	for k := from; k+1 < len(s.cands); k++ {
		a, b := &s.cands[k], &s.cands[k+1]
		if a.drop || b.drop || a.sent != b.sent || a.after > b.start || b.cue != 0 || b.locCue || b.nearCue || a.demonym || b.demonym {
			continue
		}
		if !(a.locCue || a.nearCue || a.cue != 0 && strings.HasSuffix(a.cueText, " of")) {
			continue
		}
		between := toks[a.after:b.start]
		if len(between) >= 3 && between[0].Text == "(" {
			if i := slices.IndexFunc(between, func(t text.Token) bool { return t.Text == ")" }); i > 0 && i <= 3 {
				between = between[i+1:] // "Ansar (twice) and"
			}
		}
		switch {
		case len(between) == 1 && (between[0].Text == "," || between[0].Norm == "and" || between[0].Norm == "or"),
			len(between) == 2 && between[0].Text == "," && (between[1].Norm == "and" || between[1].Norm == "or"):
		default:
			continue
		}
		b.locCue, b.nearCue, b.listed = a.locCue, a.nearCue, true
		if b.cueText == "" {
			b.cueText = a.cueText
		}
		if a.cue != 0 && strings.HasSuffix(a.cueText, " of") {
			b.cue = a.cue
		}
	}
}

// datelineMark tells whether a token may end a dateline: ROME —, KABUL,
// DHAKA (Reuters). Punctuation is grammar, not a word list.
func datelineMark(t string) bool {
	switch t {
	case "—", "-", "–", "--", ",", "(", ":":
		return true
	}
	return false
}

// paraStart returns the byte offset where sentence si's paragraph starts.
func paraStart(d *text.Doc, si int) int {
	s := &d.Sentences[si]
	if si == 0 || d.Sentences[si-1].Para != s.Para {
		return s.Off
	}
	return -1
}

// link records what the text says holds what among the candidates of one
// sentence: "A, B" and "A (B)" put A in B, "A of B district" and "A in B"
// too, "A - B" puts B in A (Dhaka - Shahbagh). Words for kinds of place
// may stand after A ("Sadar upazila of Feni", "Bura Ward in
// Taveta", "Kawran bazar area in Dhaka", "Ahero town (coded as …").
func (s *state) link(from int, toks []text.Token) {
	lex := s.p.lex
	for k := from; k+1 < len(s.cands); k++ {
		a, b := &s.cands[k], &s.cands[k+1]
		if a.drop || b.drop || b.demonym {
			continue // "Nonetheless, Palestinian officials": a people holds no place
		}
		if a.end > b.start || a.sent != b.sent || a.after > b.start {
			continue // parts of one token
		}
		between := toks[a.after:b.start]
		n := 0
		for !a.demonym && n < len(between) && n < 4 && between[n].Kind == text.Word &&
			!(between[n].Cap && n+1 < len(between) && between[n+1].Norm == "of") { // Department of Development
			if lex.words[between[n].Norm]&(settlement|admin|area|street|org) != 0 && !between[n].Cap || lex.words[between[n].Norm]&(settlement|admin|area) != 0 {
				n++
				continue
			}
			end := n
			if lex.prefixes.Has(between[n].Norm) {
				end, s.buf = lex.phraseAt(between, n, settlement|admin|area, s.buf)
			}
			if end == n {
				break
			}
			n = end
		}
		nouns, rest := n > 0, between[n:]
		if len(rest) == 0 {
			continue
		}
		one := len(rest) == 1
		part := true // the text makes one part of the other, not a list of peers
		switch {
		case one && rest[0].Text == "," && s.listGoesOn(k+1, toks):
			continue // "in Mombasa, Kisumu and Nakuru": a list of peers, not Mombasa in Kisumu
		case one && rest[0].Text == ",":
			a.in, b.chain, part = k+1, true, false
			// "(Savar, Dhaka)", "Kasipul upazila, Homa Bay" say it more firmly.
			a.loose = !nouns && a.cue == 0 && (a.start == 0 || toks[a.start-1].Text != "(")
		case rest[0].Text == "(" && (one || len(rest) <= 4 && rest[len(rest)-1].Norm == "as" && lowerWords(rest[1:])):
			a.in, b.chain, a.paren = k+1, true, true
		case one && rest[0].Norm == "of" && nouns && s.theKindOf(a, b, toks) && s.larger(a, b):
			// "the Punjab city of Lahore", "the Tijuana district of La
			// Presa": the first names where the second lies.
			b.in, a.chain, b.part = k, true, true
			continue
		case one && rest[0].Norm == "of" && a.unknown && a.single() && lex.words[toks[a.end].Norm]&settlement != 0 && s.theKindOf(a, b, toks):
			// "the Druze city of Suwayda", "the Alawite town of
			// Qardaha": a word the gazetteer lacks, qualifying the town.
			a.drop = true
			continue
		case one && rest[0].Norm == "of" && (nouns || b.cue == admin || a.unknown && a.cue != 0),
			one && rest[0].Norm == "in",
			len(rest) == 2 && rest[0].Text == "," && rest[1].Norm == "in",
			len(rest) == 2 && rest[0].Norm == "in" && lex.words[rest[1].Norm]&direction != 0: // "Deir al-Balah in central Gaza"
			a.in, b.chain = k+1, true
		case a.unknown && (one || len(rest) == 2 && rest[0].Text == ",") && s.p.lex.words[rest[len(rest)-1].Norm]&near != 0 && rest[len(rest)-1].Norm != "towards" && rest[len(rest)-1].Norm != "toward":
			// "Falana, near Mandera": a village the gazetteer lacks, coded at
			// the town; "towards" names a direction, not where it lies.
			a.in, b.chain = k+1, true
		case one && !nouns && (rest[0].Text == "-" || rest[0].Text == "–" || rest[0].Text == "—") && !a.dateline && rest[0].SpaceBefore:
			b.in, a.chain, b.part = k, true, true
			continue
		default:
			continue
		}
		a.part = part
	}
	// "Kolwa and Nyamasaria villages in Kisumu": what holds the last of a
	// list holds the others.
	for k := len(s.cands) - 2; k >= from; k-- {
		a, b := &s.cands[k], &s.cands[k+1]
		if a.drop || b.drop || a.in >= 0 || b.in < 0 || b.in == k || a.sent != b.sent || a.after > b.start {
			continue
		}
		between := toks[a.after:b.start]
		if len(between) == 1 && (between[0].Norm == "and" || between[0].Norm == "or") ||
			len(between) == 2 && between[0].Text == "," && (between[1].Norm == "and" || between[1].Norm == "or") {
			a.in, a.part, a.loose, a.paren = b.in, b.part, b.loose, false
		}
	}
	// "Vremivka in Ukraine's Donetsk region": the country's possessive
	// names where the next place lies, and that place holds the first.
	for k := from; k < len(s.cands); k++ {
		a := &s.cands[k]
		j := a.in
		if j < 0 || j+1 >= len(s.cands) || j+1 == k {
			continue
		}
		c, d := &s.cands[j], &s.cands[j+1]
		if c.drop || d.drop || c.sent != d.sent || c.sent != a.sent || c.after+1 != d.start || c.after >= len(toks) {
			continue
		}
		if n := toks[c.after].Text; (n == "'s" || n == "’s") && s.country(c) {
			a.in = j + 1
			if d.in < 0 {
				d.in, c.chain = j, true
			}
		}
	}
}

// listGoesOn tells whether candidate j is followed, in its sentence, by
// "and" or "or" (after a comma or not) and another candidate: the middle
// of a list.
func (s *state) listGoesOn(j int, toks []text.Token) bool {
	if j+1 >= len(s.cands) {
		return false
	}
	b, c := &s.cands[j], &s.cands[j+1]
	if c.sent != b.sent || b.after > c.start {
		return false
	}
	between := toks[b.after:c.start]
	return len(between) == 1 && (between[0].Norm == "and" || between[0].Norm == "or") ||
		len(between) == 2 && between[0].Text == "," && (between[1].Norm == "and" || between[1].Norm == "or")
}

// country tells whether the gazetteer reads candidate c as a country.
func (s *state) country(c *cand) bool {
	if c.unknown {
		return false
	}
	for _, m := range s.ms[c.mFrom:c.mTo] {
		if s.p.g.Kind(m.Ref) == gazetteer.Country {
			return true
		}
	}
	return false
}

// theKindOf tells whether a and b stand as "the A city of B", where A may
// say where B lies ("the Punjab city of Lahore") rather than be a part
// of B ("the Kondele area of Kisumu", "the Shela area of Lamu town"): no
// word for an area after A, and no kind word after B claiming the rank
// for B.
func (s *state) theKindOf(a, b *cand, toks []text.Token) bool {
	if a.demonym {
		return false
	}
	j := a.start - 1
	for j >= 0 && s.p.lex.words[toks[j].Norm]&direction != 0 {
		j-- // "the south Baghdad neighbourhood of"
	}
	if j < 0 || toks[j].Norm != "the" {
		return false
	}
	if s.p.lex.words[toks[a.end].Norm]&area != 0 {
		return false
	}
	k := b.after
	if k < len(toks) && toks[k].Text == "(" {
		for k < len(toks) && toks[k].Text != ")" {
			k++ // "Arghandab (Arghandaab) district"
		}
		k++
	}
	return k >= len(toks) || s.p.lex.words[toks[k].Norm]&(settlement|admin|area) == 0
}

// larger tells whether the gazetteer knows a as the larger place of the two.
func (s *state) larger(a, b *cand) bool {
	if a.unknown {
		return false
	}
	if b.unknown {
		return true
	}
	most := func(c *cand) (r, pop int) {
		for _, m := range s.ms[c.mFrom:c.mTo] {
			r, pop = max(r, rank(s.p.g.Kind(m.Ref))), max(pop, s.p.g.Population(m.Ref))
		}
		return r, pop
	}
	ra, pa := most(a)
	rb, pb := most(b)
	return ra > rb || ra == rb && pa > 2*pb
}

// placeCued tells whether the names from token i are a place by the
// words around them, though they start with a title or a first name: "the
// village of Sheikh Ghanem", "Sheikh Maqsoud district".
func (s *state) placeCued(toks []text.Token, i int) bool {
	lex := s.p.lex
	if i >= 2 && toks[i-1].Norm == "of" && lex.words[toks[i-2].Norm]&(settlement|admin) != 0 && !toks[i-2].Cap {
		return true
	}
	j := i + 1
	for j < len(toks) && nameWord(&toks[j]) && toks[j].Cap {
		j++
	}
	return j > i+1 && j < len(toks) && !toks[j].Cap && lex.words[toks[j].Norm]&(settlement|admin) != 0
}

func lowerWords(ts []text.Token) bool {
	for i := range ts {
		if ts[i].Kind != text.Word || ts[i].Cap {
			return false
		}
	}
	return true
}

// respellings drops a name given again in parentheses in another spelling,
// "Kalapara (Kala Para) upazila", "Dhaka - Shahbagh (Shahbagh)": it is the
// same place, and what follows the parenthesis is said of the first.
func (s *state) respellings(from int, toks []text.Token) {
	for k := from; k < len(s.cands); k++ {
		a := &s.cands[k]
		if a.drop || a.offEnd != 0 || a.end+2 >= len(toks) || toks[a.end].Text != "(" {
			continue
		}
		end := -1
		for j := a.end + 1; j < len(toks) && j <= a.end+4; j++ {
			if toks[j].Text == ")" {
				end = j
				break
			}
			if !nameWord(&toks[j]) {
				break
			}
		}
		if end <= a.end+1 {
			continue
		}
		s.skey = appendSkeleton(s.skey[:0], s.key[:0], toks[a.start:a.end])
		n := len(s.skey)
		s.skey = appendSkeleton(s.skey, s.key[:0], toks[a.end+1:end])
		if string(s.skey[:n]) != string(s.skey[n:]) {
			continue
		}
		a.after = end + 1
		j := k + 1
		for j < len(s.cands) && s.cands[j].start < end {
			j++
		}
		s.cands = append(s.cands[:k+1], s.cands[j:]...)
	}
}

// appendSkeleton appends the transliteration skeleton of some words to dst, using key as scratch.
func appendSkeleton(dst, key []byte, ws []text.Token) []byte {
	for i := range ws {
		if i > 0 {
			key = append(key, ' ')
		}
		key = gazetteer.AppendNorm(key, ws[i].Norm, true)
	}
	return gazetteer.AppendSkeleton(dst, key)
}

// lowerSeen tells whether word (folded) occurs in lower case in the document,
// which says that a capitalised first word of a sentence is an ordinary word.
// The set is built on first use and its memory kept for the next document.
func (s *state) lowerSeen(norm string) bool {
	if !s.lowerBuilt {
		if s.lower == nil {
			s.lower = map[string]bool{}
		}
		clear(s.lower)
		for i := range s.d.Sentences {
			for _, t := range s.d.Sentences[i].Tokens {
				if t.Kind == text.Word && !t.Cap {
					s.lower[t.Norm] = true
				}
			}
		}
		s.lowerBuilt = true
	}
	return s.lower[norm]
}
