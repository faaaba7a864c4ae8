// Package geoparse finds the places a report mentions and resolves each to
// a gazetteer place, so that event coding can locate events as ACLED does.
//
// There is no statistical tagger: capitalised word sequences are matched
// against the gazetteer (longest match), filtered by a lexicon of titles,
// first names, organisation and street words, months and place-named
// ordinary words (data/lexicon.tsv, extendable), and marked by context
// ("village of X", "X district", "near X", "Watamu, Dabaso, Kilifi").
// Ambiguous names are resolved by the document's country focus, by the
// areas the text says contain them (checked up the whole chain: "Savar
// city (Savar, Dhaka)"), by other names that may lie in the same admin-1
// region (Paris and Henry County), by nearness to the other places, and by
// population and rank. A place the text marks as one but the gazetteer
// lacks ("in Kamuli village", "Signal Hill", "the villages of Abu Dafna and
// Tell Sultan") comes out unresolved, carrying the smallest known area
// holding it, else the region or country the document is about: it is
// never matched to a look-alike village elsewhere. A country that stands
// for its state ("Russia said") is marked as such.
package geoparse

import (
	"io"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/internal/datafile"
	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/text"
)

// Mention is one mention of a place.
type Mention struct {
	Sentence   int       // index into text.Doc.Sentences
	Start, End int       // tokens of the sentence; a part of a hyphenated token ("Kenya-Somalia") has its token's range
	Span       text.Span // code points in the text
	Text       string    // as written

	// Ref is the place meant. When Resolved is false the gazetteer lacks
	// the place and Ref is the smallest known area the text puts it in (its
	// container, or the document's country), or zero.
	Ref      gazetteer.Ref
	Resolved bool
	// Kind is the kind of place meant; for an unresolved mention, what its
	// cue says it is (village: populated place, district: admin2, a hill,
	// river or square: site).
	Kind gazetteer.Kind

	Demonym  bool   // "Syrian", "Kenyan": names a country's people or things, does not locate
	Near     bool   // "near X", "north of X", "the outskirts of X": close to the place, not in it
	InName   bool   // inside an organisation's name: "Mansfield Police", "University of Nairobi"
	Actor    bool   // a country standing for its state or people: "Russia said", "China's response", "U.S. officials"
	Dateline bool   // "SAN ANTONIO —" opening a report: where it was filed
	Cue      string // the words that marked it: "village", "district", "village of", "near", "north of", "in"
	// In is the index, in the returned slice, of the mention the text gives
	// as holding this one ("Watamu, Dabaso, Kilifi", "X of Y district",
	// "Dhaka - Shahbagh"), or -1.
	In int

	Confidence float64 // 0 to 1, that Ref is the place meant
	// Precision is ACLED's geo_precision for an event coded at this
	// mention: 1 the place itself, 2 near it or a small area (district,
	// unresolved village in a known district), 3 only a wider region.
	Precision int
}

// Options configures a Parser.
type Options struct {
	// Dir may hold geoparse.tsv, the user's additions to the lexicon, and
	// geoparse-weights.txt, weights of resolution to use instead of the
	// defaults; "" or a missing file changes nothing.
	Dir string
}

// Parser finds places in documents. It is immutable and safe for concurrent use.
type Parser struct {
	g    *gazetteer.Gazetteer
	lex  *lexicon
	w    *Weights
	pool sync.Pool // *state, reused across documents
}

// New returns a Parser over g with the embedded lexicon and the user's additions.
func New(g *gazetteer.Gazetteer, opt Options) (*Parser, error) {
	lex := newLexicon()
	// Months and weekdays are never places ("March", "Sunday"): the
	// project's calendar table says which words they are.
	for m := 1; m <= 12; m++ {
		for _, n := range text.MonthNames(m) {
			lex.add(never, n)
		}
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		lex.add(never, text.WeekdayName(d))
	}
	err := datafile.Read(strings.NewReader(defaultLexicon), "data/lexicon.tsv", opt.Dir, LexiconFile, func(r io.Reader, source string) error {
		return lex.read(source, r)
	})
	if err != nil {
		return nil, err
	}
	lex.index()
	w, err := loadWeights(opt.Dir)
	if err != nil {
		return nil, err
	}
	p := &Parser{g: g, lex: lex, w: w}
	p.pool.New = func() any { return &state{} }
	return p, nil
}

// Gazetteer returns the gazetteer the parser resolves against.
func (p *Parser) Gazetteer() *gazetteer.Gazetteer { return p.g }

// Where returns the point a mention stands for on a map or in scoring
// against a gazetteer: the place itself, an area's centre (events are coded
// at its seat, Place.Lat/Lon, instead), or for an unresolved mention the
// centre of its container. ok is false when the mention has no place at all.
func Where(g *gazetteer.Gazetteer, m Mention) (lat, lon float64, ok bool) {
	if !m.Ref.Valid() {
		return 0, 0, false
	}
	p := g.Place(m.Ref)
	return p.CLat, p.CLon, true
}

// Hint is what is known of a document before reading it.
type Hint struct {
	// Country is the ISO 3166-1 alpha-2 code of the country the document
	// is likely about (an outlet's home, a feed's region), or "". It weighs
	// as much as the country named once in the text.
	Country string
	// Areas are the countries where the groups the document names act
	// (the registry's areas of a group of no one country, upper-case
	// ISO2), or nil: a small place resolved outside all of them, with no
	// word of its country in the text, is taken for a namesake of a
	// place the gazetteer lacks.
	Areas []string
}

// Parse returns the place mentions of d in text order.
func (p *Parser) Parse(d *text.Doc) []Mention { return p.ParseHint(d, Hint{}) }

// ParseHint is Parse with what is known of the document beforehand.
func (p *Parser) ParseHint(d *text.Doc, h Hint) []Mention {
	s := p.pool.Get().(*state)
	s.reset(p, d)
	s.hint = strings.ToUpper(h.Country)
	s.areas = h.Areas
	for i := range d.Sentences {
		s.spot(i)
	}
	s.resolve()
	out := s.mentions()
	s.d = nil
	p.pool.Put(s)
	return out
}
