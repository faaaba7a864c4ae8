package geoparse

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/text"
)

// role is what a word or phrase of the lexicon says about the words around it.
type role uint64

const (
	never        role = 1 << iota // never a place: months, weekdays (from package text), function words
	stop                          // a place name that is usually an ordinary word
	title                         // a person's title
	first                         // a first name
	org                           // after a place name: part of an organisation's name
	street                        // after a place name: a street or feature named after it
	name                          // a whole name holding place words that is not a place
	settlement                    // village, town, city
	admin                         // district, province, county
	area                          // area, outskirts, border
	near                          // near, outside
	at                            // in, at, from
	direction                     // north, southern
	group                         // after a name, makes it a people's: Turkana raiders, Kikuyu community
	landmark                      // before or after a name, makes the whole a feature's name: Biju Hill, Mount Hermon
	mount                         // before a name, makes the whole a feature's name: Mount Hermon, Lake Turkana, Jabal Al-Koz
	acts                          // after a country, makes it the state acting: Russia said, China imposed
	agency                        // after a country or its possessive, an institution of the state: U.S. officials, Japan's navy
	province                      // a word for a first-order division: "Raqqa province" is the region, not its seat
	connector                     // a lower-case word inside a place name: Bay of Plenty, Rio de Janeiro
	weapon                        // after a demonym or country, a force or its weapons: who acted, not where (Turkish drone)
	function                      // may follow a place name without making it a modifier (in Kamuli for a week)
	says                          // a verb of saying: the name before or after it is a speaker's
	modal                         // after a country, a modal: the state acts if a verb follows (Mexico should send)
	aux                           // after a country, an auxiliary or adverb: the next word decides (China has imposed)
	edge                          // an area word that puts a place near rather than in it: the outskirts of X
	distance                      // a unit of distance before "of": within 5 km of X
	distanceFrom                  // a unit of distance before "from" or "to": 5 km from X
	lone                          // a preposition after which a name the gazetteer lacks is a place on its own: in Kamuli
	suffix                        // after a hyphen, makes the name before it a place: Gori-based, Kabul-bound
	small                         // a small word of a title: capitalised inside a line, it makes the line Title Case
	adminPrefix                   // the generic words some admin areas' names start with: "Province du" Séno
	quarter                       // a word for a part of a town: "Dallas estate", "Colonia Roma", "the Kibera slum"
	facility                      // after a place name, a facility named after the place it serves: Bagram Airfield, Incirlik Air Base
	avenue                        // before a name, makes the whole a street's name: Rue Victor Hugo
	kin                           // a lower-case word for kin before a name, which is a person's: his brother Karim
)

var roleNames = map[string]role{"never": never, "stop": stop, "title": title, "first": first, "org": org, "street": street,
	"name": name, "settlement": settlement, "admin": admin, "area": area, "near": near, "at": at, "direction": direction, "group": group, "landmark": landmark, "mount": mount, "acts": acts, "agency": agency, "province": province,
	"connector": connector, "weapon": weapon, "function": function, "says": says, "modal": modal, "aux": aux,
	"edge": edge, "distance": distance, "distance-from": distanceFrom, "lone": lone, "suffix": suffix, "small": small,
	"admin-prefix": adminPrefix, "quarter": quarter, "facility": facility, "avenue": avenue, "kin": kin}

//go:embed data/lexicon.tsv
var defaultLexicon string

// LexiconFile is the name of a user's additions to the lexicon, in the
// directory given to New; same format as data/lexicon.tsv.
const LexiconFile = "geoparse.tsv"

// lexicon holds the words and phrases geoparsing looks for, keyed by the
// token norms (text.Token.Norm) joined with spaces.
type lexicon struct {
	words    map[string]role
	phrases  map[string]role // several tokens
	prefixes *text.Set       // the first tokens of phrases
	longest  int             // tokens in the longest phrase
	// The words of roles tested on most tokens of a sentence, as sets
	// that turn most words away without the map (see index).
	connectors, smalls *text.Set
	// adminPrefixes are the admin-prefix phrases as gazetteer keys, each
	// ending with a space: "province du ".
	adminPrefixes []string
}

// index builds the sets of the roles tested on most tokens, once every
// file is read.
func (l *lexicon) index() {
	l.connectors, l.smalls = text.NewSet(), text.NewSet()
	for w, r := range l.words {
		if r&connector != 0 {
			l.connectors.Add(w)
		}
		if r&small != 0 {
			l.smalls.Add(w)
		}
	}
}

func newLexicon() *lexicon {
	return &lexicon{words: map[string]role{}, phrases: map[string]role{}, prefixes: text.NewSet()}
}

// read adds the entries of a lexicon file, ROLE<TAB>PHRASE a line.
func (l *lexicon) read(file string, r io.Reader) error {
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		rs, phrase, ok := strings.Cut(line, "\t")
		ro, known := roleNames[strings.TrimSpace(rs)]
		phrase = strings.TrimSpace(phrase)
		if !ok || !known || phrase == "" {
			return fmt.Errorf("%s:%d: want ROLE<TAB>PHRASE with a known role, got %q", file, n, line)
		}
		l.add(ro, phrase)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", file, n+1, err)
	}
	return nil
}

// add tokenises phrase as text does, so that it meets the tokens of a sentence.
func (l *lexicon) add(ro role, phrase string) {
	d := text.Analyze(phrase)
	var norms []string
	for _, s := range d.Sentences {
		for _, t := range s.Tokens {
			norms = append(norms, t.Norm)
		}
	}
	if ro == adminPrefix && len(norms) > 0 {
		var key []byte
		for _, n := range norms {
			key = append(gazetteer.AppendNorm(key, n, false), ' ')
		}
		l.adminPrefixes = append(l.adminPrefixes, string(key))
		return
	}
	switch len(norms) {
	case 0:
	case 1:
		l.words[norms[0]] |= ro
	default:
		l.phrases[strings.Join(norms, " ")] |= ro
		for i := 1; i < len(norms); i++ {
			l.prefixes.Add(strings.Join(norms[:i], " "))
		}
		l.longest = max(l.longest, len(norms))
	}
}

// phraseAt returns the end of the longest phrase with role ro starting at
// token i, or i if none does.
func (l *lexicon) phraseAt(toks []text.Token, i int, ro role, buf []byte) (int, []byte) {
	end := i
	buf = buf[:0]
	for j := i; j < len(toks) && j-i < l.longest; j++ {
		if j > i {
			buf = append(buf, ' ')
		}
		buf = append(buf, toks[j].Norm...)
		if j > i && l.phrases[string(buf)]&ro != 0 {
			end = j + 1
		}
		if !l.prefixes.Has(string(buf)) {
			break
		}
	}
	return end, buf
}
