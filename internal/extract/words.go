package extract

import (
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/text"
)

// WordsFile is the lexicon file of the word classes the rules read, embedded
// and in the user's lexicon directory (see internal/lexicon/data/words.txt).
const WordsFile = "words.txt"

// lex holds the word classes of words.txt that extraction's rules read,
// each a set of folded single words (text.Token.Norm); the file says what
// each is for. It is immutable once loaded.
type lex struct {
	participleDeterminer, participleVerbAfter set
	gathering, protestTopic, violent          set
	adjective, passiveAux, adverb             set
	headlineParticiple, headlineAfter         set
	background, topic                         set
	militaryStrike, labourStrike              set
	clauseBoundary, targetPrep, subjectVerb   set
	phraseLink, member                        set
	lightVerb, lightVerbStop                  set
	nounBefore, nounAfter, nounTrigger        set
	sourceEnd, noneWord                       set
	person, people, thing, personDeterminer   set
	deathVerb                                 set
	locative, placeModifier, contest          set
	objectModifier, clauseWord                set

	// Compared as substrings of a folded source name, in this order.
	sourceLocal, sourceWitness, sourceOfficial, sourceMedia, sourceUnnamed []string
	// Two tokens before a place that make it an origin ("native of"), and
	// nouns after a demonym that do ("a Tunisian fighter").
	origin     *text.Set
	originNoun set
	// Beginnings of saying verbs.
	sayConfirms, sayHedges []string
}

// set is a word list a rule tests one token against.
type set = *text.Set

// CodingWords are the lists of words.txt that package code reads: phrases
// compared as substrings of folded text, except FigurativeFight, compared
// with a whole trigger, and LightVerb, with one token. They are shared and
// must not be changed.
type CodingWords struct {
	Fighters, Crowd, CrowdViolence, Communal, ArmedMeans, Herders, RefersBack []string
	FigurativeFight                                                           *text.Set
	// LightVerb holds the verbs whose object noun is the event itself
	// ("launched an attack"), the one list extract also reads.
	LightVerb *text.Set
}

// loadWords reads words.txt, the embedded default and userDir's additions.
func loadWords(userDir string) (*lex, *CodingWords, error) {
	l, c := &lex{}, &CodingWords{}
	sets := []struct {
		name string
		set  *set
	}{
		{"participle-determiner", &l.participleDeterminer}, {"participle-verb-after", &l.participleVerbAfter},
		{"gathering", &l.gathering}, {"protest-topic", &l.protestTopic}, {"violent", &l.violent},
		{"adjective", &l.adjective}, {"passive-auxiliary", &l.passiveAux}, {"adverb", &l.adverb},
		{"headline-participle", &l.headlineParticiple}, {"headline-after", &l.headlineAfter},
		{"background", &l.background}, {"topic", &l.topic},
		{"military-strike", &l.militaryStrike}, {"labour-strike", &l.labourStrike},
		{"clause-boundary", &l.clauseBoundary}, {"target-preposition", &l.targetPrep}, {"subject-verb", &l.subjectVerb},
		{"phrase-link", &l.phraseLink}, {"member", &l.member},
		{"light-verb", &l.lightVerb}, {"light-verb-stop", &l.lightVerbStop},
		{"noun-before", &l.nounBefore}, {"noun-after", &l.nounAfter}, {"noun-trigger", &l.nounTrigger},
		{"source-end", &l.sourceEnd}, {"none-word", &l.noneWord},
		{"person", &l.person}, {"people", &l.people}, {"thing", &l.thing}, {"person-determiner", &l.personDeterminer},
		{"death-verb", &l.deathVerb},
		{"locative", &l.locative}, {"place-modifier", &l.placeModifier}, {"contest", &l.contest},
		{"object-modifier", &l.objectModifier}, {"clause-word", &l.clauseWord}, {"origin-noun", &l.originNoun},
	}
	lists := []struct {
		name string
		list *[]string
	}{
		{"source-local", &l.sourceLocal}, {"source-witness", &l.sourceWitness}, {"source-official", &l.sourceOfficial},
		{"source-media", &l.sourceMedia}, {"source-unnamed", &l.sourceUnnamed},
		{"say-confirms", &l.sayConfirms}, {"say-hedges", &l.sayHedges},
		{"fighters", &c.Fighters}, {"crowd", &c.Crowd}, {"crowd-violence", &c.CrowdViolence}, {"communal", &c.Communal},
		{"armed-means", &c.ArmedMeans}, {"herders", &c.Herders}, {"refers-back", &c.RefersBack},
	}
	known := []string{"figurative-fight", "origin"}
	for _, s := range sets {
		known = append(known, s.name)
	}
	for _, s := range lists {
		known = append(known, s.name)
	}
	sec, err := lexicon.ReadSections(WordsFile, userDir, known...)
	if err != nil {
		return nil, nil, err
	}
	for _, s := range sets {
		if *s.set, err = sec.Words(s.name); err != nil {
			return nil, nil, err
		}
	}
	for _, s := range lists {
		*s.list = sec.Phrases(s.name)
	}
	c.FigurativeFight = text.NewSet(sec.Phrases("figurative-fight")...)
	l.origin = text.NewSet(sec.Phrases("origin")...)
	c.LightVerb = l.lightVerb
	return l, c, nil
}
