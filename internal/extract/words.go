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
	// countedPerson is the numbers' lexicon of people nouns, singular or
	// plural: "six miners" are six people though no actor names them.
	countedPerson func(string) bool
	// demonym tells whether a word, as written, names a nation's people
	// ("Kenyans", "a Somali"): the gazetteer's, through the extractor.
	demonym                                                func(string) bool
	topicNoun, tollRise                                    set
	participleDeterminer, participleVerbAfter              set
	gathering, protestTopic, violent                       set
	adjective, passiveAux, adverb                          set
	headlineParticiple, headlineAfter                      set
	intransitive                                           set
	background, topic, topicAfterIn, protestAbout          set
	foilVerb                                               set
	militaryStrike, labourStrike, strikeHarm               set
	clauseBoundary, targetPrep, subjectVerb                set
	phraseLink, member                                     set
	lightVerb, lightVerbStop, demandVerb                   set
	relativeAbout                                          set
	nounBefore, nounAfter, nounTrigger                     set
	sourceEnd, noneWord, negativePolarity                  set
	tollWord, superseded, thrownNoun, throwVerb            set
	woundWord, remains, actFor, animal, natural            set
	symbolObject                                           set
	fireActBefore, vehicle, genericDet, showObject         set
	person, people, thing, personDeterminer                set
	deathVerb, vanishVerb, recoverVerb, bodyNoun, landNoun set
	groupAnaphor, suspectNoun, sufferVerb                  set
	figurativeCaptive, stateNoun, timeOfDay                set
	locative, placeModifier, contest                       set
	objectModifier, clauseWord                             set
	weaponObject                                           set
	exchangeVerb, exchangeObject, genericBlast             set
	swapObject, holdersRelease                             set
	dispatchVerb, troopNoun, responseGoal                  set
	takeVerb, takeObject, contestObject                    set
	abstractObject, executeObject, commemoration           set
	kinOf                                                  set
	carriedExplosive, routVerb, releaseVerb                set
	baseVerb, baseNoun, weaponRemains                      set
	airVehicle, airAct, agreementEnd, idiom                set
	sayLead                                                set
	tollLead                                               set
	raiders, misspellingNot                                set
	setFireVerb, setFireEnd                                set
	futureModal, goOnVerb                                  set
	protestActVerb                                         set
	smallArms, legacyOrdnance, notConflict                 *lexicon.Matcher[bool]
	// disruptVerb matches the verbs of disrupted weapons use, phrases.
	disruptVerb, disruptCue, misfireCue *lexicon.Matcher[bool]

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
// with a whole trigger, and LightVerb and BriefDistinct, with one token. They are shared and
// must not be changed.
type CodingWords struct {
	Fighters, Crowd, CrowdViolence, CrowdForcing, VictimsProtesting, PeacefulProtest, Communal, ArmedMeans, Herders, ArmedName, LiveFire, RefersBack, Likewise, Barricade, ProtestPurpose, ArmedTarget, Unrest, OrdinaryCrime, Closing, ProtestNoun []string
	FigurativeFight                                                                                                                                                                                                                                 *text.Set
	// OffDuty holds the words that make a member of the forces no force in
	// the act; FireExchange, those of fire going both ways; Company, those
	// that tell the people one person came with; Household, the kin and
	// partners whose harm by one of their own is a domestic crime.
	OffDuty, FireExchange, Company, Household, Livestock, ArmedMeansNot []string
	// BriefDistinct holds the words that make a sentence of a brief tell
	// another happening, compared with one token.
	BriefDistinct *text.Set
	// LightVerb holds the verbs whose object noun is the event itself
	// ("launched an attack"), the one list extract also reads.
	LightVerb *text.Set
	// One-token sets: raids (a state's that hurts no one is arrests),
	// verbs that hand over or evacuate their object, verbs of claiming,
	// and nouns that make a phrase more than one person.
	RaidVerb, HandVerb, ClaimVerb, ClaimMedium, Many, BombVerb, ConflictAgreement, VagueGround *text.Set
	// Reaction holds the words that tell a brief's later demonstration
	// as what came of the violence before it, compared with one token.
	Reaction *text.Set
	// StormVerb holds the verbs of a crowd forcing its way into a place.
	StormVerb *text.Set
}

// loadWords reads words.txt, the embedded default and userDir's additions;
// its phrase matchers number their words in v, the extractor's vocabulary.
func loadWords(userDir string, v *lexicon.Vocab) (*lex, *CodingWords, error) {
	l, c := &lex{}, &CodingWords{}
	sets := []struct {
		name string
		set  *set
	}{
		{"participle-determiner", &l.participleDeterminer}, {"participle-verb-after", &l.participleVerbAfter},
		{"gathering", &l.gathering}, {"protest-topic", &l.protestTopic}, {"violent", &l.violent},
		{"adjective", &l.adjective}, {"passive-auxiliary", &l.passiveAux}, {"adverb", &l.adverb},
		{"headline-participle", &l.headlineParticiple}, {"headline-after", &l.headlineAfter},
		{"intransitive", &l.intransitive},
		{"background", &l.background}, {"topic", &l.topic}, {"topic-noun", &l.topicNoun}, {"topic-after-in", &l.topicAfterIn}, {"protest-about", &l.protestAbout}, {"foil-verb", &l.foilVerb},
		{"military-strike", &l.militaryStrike}, {"labour-strike", &l.labourStrike}, {"strike-harm", &l.strikeHarm},
		{"clause-boundary", &l.clauseBoundary}, {"target-preposition", &l.targetPrep}, {"subject-verb", &l.subjectVerb},
		{"phrase-link", &l.phraseLink}, {"member", &l.member},
		{"light-verb", &l.lightVerb}, {"light-verb-stop", &l.lightVerbStop}, {"demand-verb", &l.demandVerb}, {"relative-about", &l.relativeAbout},
		{"noun-before", &l.nounBefore}, {"noun-after", &l.nounAfter}, {"noun-trigger", &l.nounTrigger},
		{"source-end", &l.sourceEnd}, {"none-word", &l.noneWord}, {"negative-polarity", &l.negativePolarity}, {"toll-word", &l.tollWord}, {"toll-lead", &l.tollLead}, {"toll-rise", &l.tollRise}, {"superseded", &l.superseded}, {"thrown-noun", &l.thrownNoun}, {"throw-verb", &l.throwVerb}, {"wound-word", &l.woundWord}, {"remains", &l.remains}, {"act-for", &l.actFor}, {"animal", &l.animal}, {"symbol-object", &l.symbolObject}, {"natural-force", &l.natural}, {"fire-act-before", &l.fireActBefore}, {"vehicle", &l.vehicle}, {"generic-determiner", &l.genericDet}, {"show-object", &l.showObject},
		{"person", &l.person}, {"people", &l.people}, {"thing", &l.thing}, {"person-determiner", &l.personDeterminer},
		{"death-verb", &l.deathVerb}, {"vanish-verb", &l.vanishVerb}, {"group-anaphor", &l.groupAnaphor}, {"suspect-noun", &l.suspectNoun}, {"suffer-verb", &l.sufferVerb}, {"recover-verb", &l.recoverVerb}, {"body-noun", &l.bodyNoun}, {"land-noun", &l.landNoun}, {"figurative-captive", &l.figurativeCaptive}, {"state-noun", &l.stateNoun}, {"time-of-day", &l.timeOfDay},
		{"locative", &l.locative}, {"place-modifier", &l.placeModifier}, {"contest", &l.contest},
		{"object-modifier", &l.objectModifier}, {"clause-word", &l.clauseWord}, {"origin-noun", &l.originNoun},
		{"weapon-object", &l.weaponObject}, {"exchange-verb", &l.exchangeVerb}, {"exchange-object", &l.exchangeObject}, {"swap-object", &l.swapObject}, {"dispatch-verb", &l.dispatchVerb}, {"troop-noun", &l.troopNoun}, {"response-goal", &l.responseGoal}, {"take-verb", &l.takeVerb}, {"take-object", &l.takeObject}, {"contest-object", &l.contestObject}, {"abstract-object", &l.abstractObject}, {"execute-object", &l.executeObject}, {"commemoration", &l.commemoration}, {"kin-of", &l.kinOf}, {"holders-release", &l.holdersRelease}, {"generic-blast", &l.genericBlast}, {"carried-explosive", &l.carriedExplosive},
		{"rout-verb", &l.routVerb}, {"release-verb", &l.releaseVerb}, {"base-verb", &l.baseVerb}, {"base-noun", &l.baseNoun},
		{"weapon-remains", &l.weaponRemains}, {"air-vehicle", &l.airVehicle}, {"air-act", &l.airAct}, {"say-lead", &l.sayLead}, {"agreement-end", &l.agreementEnd}, {"idiom", &l.idiom}, {"raiders", &l.raiders}, {"misspelling-not", &l.misspellingNot}, {"set-fire-verb", &l.setFireVerb}, {"set-fire-end", &l.setFireEnd},
		{"future-modal", &l.futureModal}, {"go-on-verb", &l.goOnVerb}, {"protest-act-verb", &l.protestActVerb},
	}
	lists := []struct {
		name string
		list *[]string
	}{
		{"source-local", &l.sourceLocal}, {"source-witness", &l.sourceWitness}, {"source-official", &l.sourceOfficial},
		{"source-media", &l.sourceMedia}, {"source-unnamed", &l.sourceUnnamed},
		{"say-confirms", &l.sayConfirms}, {"say-hedges", &l.sayHedges},
		{"fighters", &c.Fighters}, {"crowd", &c.Crowd}, {"crowd-violence", &c.CrowdViolence}, {"crowd-forcing", &c.CrowdForcing}, {"victims-protesting", &c.VictimsProtesting}, {"peaceful-protest", &c.PeacefulProtest}, {"communal", &c.Communal},
		{"armed-means", &c.ArmedMeans}, {"herders", &c.Herders}, {"armed-name", &c.ArmedName}, {"live-fire", &c.LiveFire}, {"refers-back", &c.RefersBack}, {"likewise", &c.Likewise}, {"barricade", &c.Barricade}, {"protest-purpose", &c.ProtestPurpose}, {"armed-target", &c.ArmedTarget}, {"unrest", &c.Unrest}, {"ordinary-crime", &c.OrdinaryCrime}, {"closing", &c.Closing}, {"protest-noun", &c.ProtestNoun}, {"off-duty", &c.OffDuty}, {"fire-exchange", &c.FireExchange}, {"company", &c.Company}, {"household", &c.Household}, {"livestock", &c.Livestock}, {"armed-means-not", &c.ArmedMeansNot},
	}
	known := []string{"figurative-fight", "origin", "disrupt-verb", "disrupt-cue", "misfire-cue", "brief-distinct", "small-arms", "legacy-ordnance", "not-conflict", "raid-verb", "hand-verb", "claim-verb", "claim-medium", "many", "bomb-verb", "conflict-agreement", "reaction", "storm-verb", "vague-ground"}
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
	if c.BriefDistinct, err = sec.Words("brief-distinct"); err != nil {
		return nil, nil, err
	}
	for _, w := range []struct {
		name string
		set  **text.Set
	}{{"raid-verb", &c.RaidVerb}, {"hand-verb", &c.HandVerb}, {"claim-verb", &c.ClaimVerb}, {"claim-medium", &c.ClaimMedium}, {"many", &c.Many}, {"bomb-verb", &c.BombVerb}, {"conflict-agreement", &c.ConflictAgreement}, {"reaction", &c.Reaction}, {"storm-verb", &c.StormVerb}, {"vague-ground", &c.VagueGround}} {
		if *w.set, err = sec.Words(w.name); err != nil {
			return nil, nil, err
		}
	}
	l.disruptVerb, l.disruptCue, l.misfireCue = lexicon.NewMatcherIn[bool](v), lexicon.NewMatcherIn[bool](v), lexicon.NewMatcherIn[bool](v)
	for _, p := range sec.Phrases("disrupt-verb") {
		l.disruptVerb.Add(p, true)
	}
	for _, p := range sec.Phrases("disrupt-cue") {
		l.disruptCue.Add(p, true)
	}
	for _, p := range sec.Phrases("misfire-cue") {
		l.misfireCue.Add(p, true)
	}
	l.smallArms, l.legacyOrdnance = lexicon.NewMatcherIn[bool](v), lexicon.NewMatcherIn[bool](v)
	for _, p := range sec.Phrases("small-arms") {
		l.smallArms.Add(p, true)
	}
	for _, p := range sec.Phrases("legacy-ordnance") {
		l.legacyOrdnance.Add(p, true)
	}
	l.notConflict = lexicon.NewMatcherIn[bool](v)
	for _, p := range sec.Phrases("not-conflict") {
		l.notConflict.Add(p, true)
	}
	l.origin = text.NewSet(sec.Phrases("origin")...)
	c.LightVerb = l.lightVerb
	return l, c, nil
}
