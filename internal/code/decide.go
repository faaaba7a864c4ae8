package code

import (
	"slices"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/lexicon"

	"github.com/sitrep/sitrep/internal/actor"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/text"
)

// party is an actor as coded: a registry entry and the country it belongs to.
type party struct {
	// bare marks a people named by their identity alone ("Turkana", "Pokot
	// herdsmen"): fighters when they attack, civilians when attacked.
	bare bool
	// perpetrator marks people named by who they are rather than as a
	// crowd ("youths", "herders"): when they do harm, they are an armed group.
	perpetrator bool
	entry       *actor.Entry
	country     string // ISO2 of the actor's own country; "" means the event's
	identity    *actor.Identity
	ref         *extract.ActorRef // where the text names it; nil when inferred
}

// decision is an event's sub-type and sides.
type decision struct {
	sub    event.SubType
	a1, a2 *party
	assoc1 []*actor.Entry
}

var (
	protesters = &actor.Entry{Name: "Protesters (%s)", Inter: 6, Role: actor.Protesters}
	rioters    = &actor.Entry{Name: "Rioters (%s)", Inter: 5, Role: actor.Rioters}
	civilians  = &actor.Entry{Name: "Civilians (%s)", Inter: 7, Role: actor.Civilians}
	unknownArm = &actor.Entry{Name: "Unidentified Armed Group (%s)", Inter: 3, Role: actor.Armed}
	communal   = &actor.Entry{Name: "Unidentified Communal Militia (%s)", Inter: 4, Role: actor.Communal}
	police     = &actor.Entry{Name: "Police Forces of %s", Inter: 1, Role: actor.Police}
	military   = &actor.Entry{Name: "Military Forces of %s", Inter: 1, Role: actor.Military}
)

func (c *Coder) partyOf(r *extract.Result, a *extract.ActorRef) *party {
	if a == nil || (a.Entry == nil && a.Identity == nil) {
		return nil
	}
	p := &party{entry: a.Entry, country: a.Country, identity: a.Identity, ref: a}
	p.bare = a.Identity != nil && (a.Entry == nil || a.Entry.Role == actor.Civilians)
	if p.country == "" && p.entry != nil && p.entry.Role.State() {
		p.country = p.entry.Country // "KDF", "NDS": a state's own unit
	}
	if p.entry != nil && p.entry.Role == actor.Civilians && (!c.crowdWord(a.Text) || c.lone(r, a, nounPhrase(r, a))) {
		// People who are not a crowd and do harm as a group are an armed
		// group to ACLED: "youths attacked", "herders assaulted"; so is one
		// person of a crowd's word ("a former student opened fire").
		p.perpetrator = true
	}
	if p.entry == nil {
		p.entry = unknownArm
	}
	// Brands and generic fighters stand for the group the report is about.
	if r.DominantArmed != nil && (p.entry.Role == actor.Umbrella ||
		p.entry.Role == actor.Armed && p.identity == nil && says(a.Text, c.words.Fighters)) {
		p.entry = r.DominantArmed
	}
	return p
}

// says tells whether the folded s holds one of the phrases: the words.txt
// lists are substrings ("communit" for community and communities).
func says(s string, phrases []string) bool {
	s = text.Fold(s)
	for _, w := range phrases {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// crowdWord tells whether people are named as a crowd or as members of a
// community or party: their violence is a riot.
func (c *Coder) crowdWord(s string) bool { return says(s, c.words.Crowd) }

func role(p *party) actor.Role {
	if p == nil || p.entry == nil {
		return 0
	}
	return p.entry.Role
}

func armedRole(p *party) bool { return p != nil && role(p).Armed() }

func peopleRole(p *party) bool {
	switch role(p) {
	case actor.Civilians, actor.Protesters, actor.Rioters, actor.Party, actor.Vigilante:
		return true
	}
	return false
}

// decide reads a frame's sub-type and sides.
func (c *Coder) decide(r *extract.Result, f *frame, country string) decision {
	cl := f.classes
	var agent, patient *party
	var stateActor *party // a state force named anywhere in the frame
	for _, m := range f.ms {
		if agent == nil && !(m.Class == extract.Clash && m.Agent != nil && m.Agent == m.Victim) {
			// "Two people were killed in a shootout": the dead of a fight
			// are no side of it until the text says whose they were.
			agent = c.partyOf(r, m.Agent)
		}
		if patient == nil {
			patient = c.partyOf(r, m.Patient)
		}
		if m.Victim != nil && m.Victim != m.Agent && (patient == nil || !armedRole(patient) && armedVictim(m.Victim) ||
			agent != nil && patient.entry == agent.entry && armedVictim(m.Victim) && m.Victim.Entry != agent.entry) {
			// Forces among the victims make it a fight: "a policeman and two
			// civilians were killed by the Taliban"; so do they beside the
			// attackers' own dead ("a gunman was killed and a policeman hurt").
			patient = c.partyOf(r, m.Victim)
		}
		for i := range m.Actors {
			a := &m.Actors[i]
			if stateActor == nil && a.Entry != nil && !a.Finder && (a.Entry.Role == actor.Police || a.Entry.Role == actor.Military) {
				stateActor = c.partyOf(r, a)
			}
		}
	}
	if agent != nil && patient != nil && agent.entry == patient.entry && agent.country == patient.country {
		patient = nil
	}
	d := decision{}
	// Associates (students, parties) belong to crowds: decideDemo sets them.
	has := cl.Has
	killed := 0
	for _, m := range f.ms {
		if m.Killed != nil {
			killed += m.Killed.Low
		}
	}

	if f.label != "" {
		d.sub = f.label
		d.a1, d.a2 = agent, patient
		if d.sub == event.Arrests && (d.a1 == nil || !role(d.a1).State()) {
			d.a2, d.a1 = d.a1, &party{entry: police}
			if stateActor != nil {
				d.a1 = stateActor
			}
		}
		if d.a1 == nil && d.a2 != nil {
			d.a1, d.a2 = d.a2, nil
		}
		return d
	}

	switch {
	case f.head().Class == extract.Defuse:
		// Who stopped the weapons, and whose they were: the group the
		// report names, else an unidentified one. When no one stopped
		// them ("detonated prematurely"), their owners are the only side.
		d.sub = event.DisruptedWeapons
		d.a1, d.a2 = agent, patient
		if !armedRole(d.a2) {
			d.a2 = nil
		}
		switch {
		case d.a1 != nil && !role(d.a1).State() && armedRole(d.a1):
			d.a2 = nil // their own weapons
			return d
		case d.a1 == nil || !role(d.a1).State():
			d.a1 = &party{entry: police}
			if stateActor != nil {
				d.a1 = stateActor
			}
			if c.selfDisrupted(r, f) {
				d.a1, d.a2 = &party{entry: unknownArm}, nil
				if owner := c.armedNamed(r, f); owner != nil {
					d.a1 = owner
				}
				return d
			}
		}
		if d.a2 == nil {
			d.a2 = c.armedNamed(r, f)
		}
		if d.a2 == nil {
			d.a2 = &party{entry: unknownArm}
		}
		return d
	case anyWeapon(cl) && (!c.demoFrame(cl, agent) || weaponBeatsCrowd(cl, killed)) && !grenadeInFight(cl):
		d.sub = weaponSub(cl)
		d.a1, d.a2 = agent, patient
		if d.sub == event.RemoteExplosive && role(agent).State() && role(agent) != actor.Police && c.bombVerb(r, f) {
			// "The army bombed the village": from the air.
			d.sub = event.AirDroneStrike
			if d.a2 == nil && killed > 0 {
				d.a2 = &party{entry: civilians}
			}
			return d
		}
		switch {
		case planted(d.sub) && role(d.a1) == actor.Civilians && d.a1.perpetrator:
			// "a man blew himself up": an unidentified armed group's bomber.
			d.a1 = nil
		case planted(d.sub) && d.a1 != nil && (role(d.a1).State() || role(d.a1) == actor.Civilians),
			role(d.a1) == actor.Civilians && !d.a1.perpetrator:
			// A bomb, a suicide bomber or a grenade is an armed group's
			// weapon: the state force or the people a sentence names with
			// it are its target ("a bomb struck a police convoy"), as are
			// people named before any blast that hurt someone.
			if d.a2 == nil && (planted(d.sub) || killed > 0 || hasVictims(f)) {
				d.a2 = d.a1
			}
			d.a1 = nil
		}
		if d.a1 == nil {
			d.a1 = &party{entry: unknownArm}
			// The group the report is about set the bomb; but a strike
			// from the air is that group's only when the report names it
			// by the strike ("blamed the RSF for the attack"), not in a
			// paragraph on the war's toll ("a drone strike on a wedding"
			// in a report that later sums up jihadist violence).
			// A bomb that only wounded is the group's when the report
			// names it near; the group it struck is not its bomber.
			if r.DominantArmed != nil && (d.a2 == nil || d.a2.entry != r.DominantArmed) &&
				(killed > 0 || hasVictims(f) && namedNear(r, r.DominantArmed, f.head().Sentence, 2)) &&
				(d.sub != event.AirDroneStrike || namedNear(r, r.DominantArmed, f.head().Sentence, 1) && !stateStrikes(r)) {
				d.a1 = &party{entry: r.DominantArmed}
			}
		}
		if d.a2 == nil && (killed > 0 || hasVictims(f)) {
			d.a2 = &party{entry: civilians} // people hurt and no target named: the public
		}
		return d
	case (f.head().Class == extract.Capture || f.head().Class == extract.Recapture) && c.taken(r, f) != takenGround:
		// What was taken is no place: people (an arrest, an abduction) or a thing (no event).
		switch c.taken(r, f) {
		case takenPeople:
			switch {
			case role(agent).State() && !armedRole(patient):
				d.sub, d.a1, d.a2 = event.Arrests, agent, patient
				if d.a2 == nil || !peopleRole(d.a2) {
					d.a2 = &party{entry: civilians}
				}
			case agent != nil && !role(agent).State() && !armedRole(patient):
				d.sub, d.a1, d.a2 = event.Abduction, agent, &party{entry: civilians, country: patientCountry(patient)}
				if armedRole(agent) && agent.identity == nil || role(agent) == actor.Assailant {
					d.a1 = agent
				} else if !armedRole(agent) {
					d.a1 = &party{entry: unknownArm, identity: agent.identity, ref: agent.ref}
				}
			case agent == nil && !armedRole(patient) && f.head().Class == extract.Capture && f.head().Passive:
				// "his brother was captured a day later": a suspect taken by
				// no one named is arrested by the police.
				d.sub, d.a1, d.a2 = event.Arrests, &party{entry: police}, &party{entry: civilians, country: patientCountry(patient)}
				if stateActor != nil {
					d.a1 = stateActor
				}
			}
		case takenUnknown:
			if role(agent).State() && patient != nil && !armedRole(patient) || role(agent).State() && patient == nil {
				d.sub, d.a1, d.a2 = event.Arrests, agent, patient
			}
		}
		return d
	case (f.head().Class == extract.Capture || f.head().Class == extract.Recapture) &&
		(role(agent) == actor.Civilians || role(agent) == actor.Protesters || role(agent) == actor.Rioters):
		// "Residents chased police from the slum": people hold no ground; a
		// crowd driving off the forces is a mob's fight with them, and one
		// driving off raiders the community's fight.
		switch {
		case role(patient).State():
			d.sub, d.a1, d.a2 = event.MobViolence, &party{entry: rioters}, patient
		case armedRole(patient):
			d.sub, d.a1, d.a2 = event.ArmedClash, &party{entry: communal, identity: agent.identity, ref: agent.ref}, patient
		case role(agent) == actor.Protesters:
			d.sub, d.a1 = event.PeacefulProtest, agent // "protesters took over the town hall": an occupation
		}
		return d
	case (f.head().Class == extract.Capture || f.head().Class == extract.Recapture) && c.vagueGround(r, f.head()):
		return d // "the rebels have seized more territory than ever before"
	case f.head().Class == extract.Capture || f.head().Class == extract.Recapture:
		d.a1, d.a2 = agent, patient
		if d.a1 == nil {
			d.a1 = &party{entry: military}
		}
		if role(d.a1).State() && !(placeKnown(r, f) && foreignForce(d.a1, country)) {
			d.sub = event.GovernmentRegains
			if d.a2 == nil && r.DominantArmed != nil {
				d.a2 = &party{entry: r.DominantArmed}
			}
		} else {
			d.sub = event.NonStateOvertakes
			if d.a2 == nil {
				d.a2 = &party{entry: military}
			}
		}
		if d.a2 != nil && !armedRole(d.a2) {
			d.a2 = nil
		}
		return d
	case f.head().Class == extract.Withdraw && c.handsPeople(r, f.head()) && (f.head().Object == extract.ObjPeople || c.taken(r, f) != takenGround):
		// "asked Uganda to hand over the suspects", "evacuated 200 residents",
		// "the post office was evacuated": people or a building handed over
		// or cleared, no ground changing hands.
		return d
	case f.head().Class == extract.Withdraw && f.head().Object == extract.ObjPeople && !armedObject(f.head()):
		// "rescuers pulled out three bodies", "evacuated 200 residents":
		// people carried away are no force leaving ground.
		return d
	case f.head().Class == extract.Withdraw && c.taken(r, f) == takenThing && !fromAfter(r, f.head()):
		// "the interior ministry withdrew the curfew order": a thing
		// taken back is no ground left ("pulled out its troops from
		// Manbij" left Manbij).
		return d
	case f.head().Class == extract.Withdraw && agent != nil && role(agent) == actor.Civilians:
		// "thousands of civilians fled toward Goma", "residents abandoned
		// their homes": people leaving is displacement, no ground changing hands.
		return d
	case f.head().Class == extract.Withdraw:
		d.sub = event.NonViolentTransfer
		d.a1, d.a2 = agent, patient
		if d.a1 != nil && d.a2 != nil && d.a1.entry.Name == d.a2.entry.Name && (d.a2.country == "" || d.a2.country == d.a1.country) {
			d.a2 = nil // "pulled out its troops": the leaver's own, no one it left the place to
		}
		return d
	case c.demoFrame(cl, agent) || namesProtesters(f) || c.crowdWithPurpose(r, f, agent) || c.forcedCrowd(r, f):
		return c.decideDemo(r, f, agent, patient, stateActor, killed)
	}

	// "Police arrested five suspects in a raid": a raid that hurt no one
	// and ended in arrests is the arrests.
	raidArrests := has(extract.Arrest) && f.head().Class == extract.Attack && c.isRaid(r, f.head()) &&
		!cl.Any(extract.Kill, extract.Shoot, extract.Beat, extract.Abduct, extract.Rape, extract.Injure, extract.Clash)
	harm := !raidArrests && cl.Any(extract.Attack, extract.Kill, extract.Shoot, extract.Beat, extract.Abduct, extract.Rape, extract.Injure, extract.Clash)
	switch {
	case harm && agent == nil && patient == nil && killed == 0 && !hasVictims(f) && c.words.FigurativeFight.Has(text.Fold(r.Doc.Slice(f.head().Trigger))):
		return d // "the battle goes on": nobody named, nobody hurt
	case harm:
		return c.decideHarm(r, f, agent, patient, killed)
	case has(extract.Arrest) && clauseSays(r, f, c.words.OrdinaryCrime) && !cl.Any(extract.Protest, extract.Riot, extract.Defuse):
		return d // "arrested for stealing a phone": no conflict event
	case has(extract.Arrest) && !cl.Any(extract.Vandal, extract.Arson, extract.Loot, extract.Stones, extract.Block):
		d.sub = event.Arrests
		d.a1, d.a2 = agent, patient
		if d.a1 == nil || !role(d.a1).State() {
			d.a2, d.a1 = d.a1, &party{entry: police}
			if stateActor != nil {
				d.a1 = stateActor
			}
		}
		if d.a2 == nil || !(peopleRole(d.a2) || armedRole(d.a2)) {
			d.a2 = &party{entry: civilians}
		}
		return d
	case cl&^(1<<extract.Loot|1<<extract.Arrest) == 0 && !armedRole(agent) && !sentenceSays(r, f, c.words.Unrest):
		// "thieves stole a band's van", "puppies stolen from a farm": a
		// theft with no armed group, crowd or unrest is a crime, not an event.
		return d
	case cl.Any(extract.Vandal, extract.Arson, extract.Loot) && agent == nil && !namesAnyone(f) &&
		!cl.Any(extract.Riot, extract.Mob, extract.Stones) && !sentenceSays(r, f, c.words.Unrest):
		// Property burnt or looted, and nobody named, away from any unrest:
		// nothing says it was a crowd.
		d.sub, d.a1 = event.LootingDestruction, &party{entry: unknownArm}
		if r.DominantArmed != nil {
			d.a1 = &party{entry: r.DominantArmed}
		}
		return d
	case cl.Any(extract.Vandal, extract.Arson, extract.Loot):
		d.a1, d.a2 = agent, patient
		if d.a1 == nil || peopleRole(d.a1) || d.a1.perpetrator || role(d.a1) == actor.Assailant {
			d.sub = event.MobViolence
			d.a1 = &party{entry: rioters}
			if d.a2 == nil || !peopleRole(d.a2) {
				d.a2 = &party{entry: civilians}
			}
			return d
		}
		d.sub = event.LootingDestruction
		d.a2 = nil
		return d
	case has(extract.Block) && !has(extract.Stones) && c.forcesBlock(r, f):
		// "Militants besieged the town and blocked its roads", "police
		// blocked the road": forces closing roads are no crowd, and no
		// violence is told.
		return d
	case cl.Any(extract.Stones, extract.Block):
		// Crowd weapons (stones, crude bombs) away from any demonstration: a mob.
		d.sub = event.MobViolence
		d.a1 = &party{entry: rioters}
		d.a2 = stateOr(patient)
		return d
	case has(extract.Intervene) && says(text.Fold(r.Doc.Slice(f.head().Trigger)), c.words.Closing) && (patient == nil && !namesPeople(f) || c.closesGround(r, f)):
		return d // "police cordoned off his properties": a place closed, no one broken up
	case has(extract.Intervene):
		d.sub = event.ProtestWithIntervention
		d.a1 = &party{entry: protesters}
		d.a2 = agent
		if d.a2 == nil {
			d.a2 = &party{entry: police}
		}
		return d
	case has(extract.Agreement) && !c.conflictAgreement(r, f, agent, patient, stateActor):
		return d // "a memorandum of understanding between two banks": no party to a conflict
	case has(extract.Agreement):
		d.sub = event.Agreement
	case has(extract.Base):
		d.sub = event.BaseEstablished
	case has(extract.Deploy):
		// Deploying, reinforcing or moving forces changes what a group does.
		d.sub = event.ChangeToGroup
	case has(extract.ChangeGroup):
		d.sub = event.ChangeToGroup
	case has(extract.OtherDev):
		d.sub = event.OtherDevelopment
	default:
		return d
	}
	d.a1, d.a2 = agent, patient
	if d.a1 == nil && d.a2 != nil {
		d.a1, d.a2 = d.a2, nil
	}
	return d
}

// armedNamed is the first non-state armed group a frame names, else the
// group the report is about, else nil.
func (c *Coder) armedNamed(r *extract.Result, f *frame) *party {
	for _, m := range f.ms {
		for i := range m.Actors {
			if a := &m.Actors[i]; a.Entry != nil && a.Entry.Role.Armed() && !a.Entry.Role.State() && !a.Framed && !a.Finder {
				return c.partyOf(r, a)
			}
		}
	}
	if r.DominantArmed != nil {
		return &party{entry: r.DominantArmed}
	}
	return nil
}

// selfDisrupted tells whether a frame's weapons went off early or failed
// in their owners' hands: no force stopped them.
func (c *Coder) selfDisrupted(r *extract.Result, f *frame) bool {
	for _, m := range f.ms {
		if m.Class == extract.Defuse && m.SelfDisrupted {
			return true
		}
	}
	return false
}

// armedVictim tells whether a victim named in the text is an armed body's
// own: forces, militias, fighters, not people named by their identity.
func armedVictim(a *extract.ActorRef) bool {
	return a.Entry != nil && a.Entry.Role.Armed() && a.Entry.Role != actor.Assailant
}

func hasVictims(f *frame) bool {
	for _, m := range f.ms {
		if m.Killed != nil || m.Injured != nil || m.Victim != nil {
			return true
		}
	}
	return false
}

func stateOr(p *party) *party {
	if p != nil && role(p).State() {
		return p
	}
	return nil
}

// planted sub-types are weapons a state's forces do not use on their
// own ground: bombs, suicide bombers, grenades.
func planted(s event.SubType) bool {
	return s == event.RemoteExplosive || s == event.SuicideBomb || s == event.Grenade
}

// vagueGround tells whether a word of [vague-ground] comes between a
// capture's trigger and the head of what it took: "seized more territory".
func (c *Coder) vagueGround(r *extract.Result, m *extract.Mention) bool {
	toks := r.Doc.Sentences[m.Sentence].Tokens
	for k := m.End; k < len(toks) && k < m.End+5 && (m.ObjectAt < 0 || k <= m.ObjectAt); k++ {
		if c.words.VagueGround.Has(toks[k].Norm) {
			return true
		}
	}
	return false
}

// placed tells whether any mention of a frame names the place it happened.
func placed(f *frame) bool {
	for _, m := range f.ms {
		if len(m.Places) > 0 {
			return true
		}
	}
	return false
}

// bombVerb tells whether a frame's head is the verb "bomb" ([bomb-verb]).
func (c *Coder) bombVerb(r *extract.Result, f *frame) bool {
	m := f.head()
	return c.words.BombVerb.Has(r.Doc.Sentences[m.Sentence].Tokens[m.Start].Norm)
}

// conflictAgreement tells whether an agreement is one of conflict: its
// words say so (a ceasefire, a truce, a prisoner swap, a surrender:
// [conflict-agreement]) or a party to it is armed or a government.
func (c *Coder) conflictAgreement(r *extract.Result, f *frame, parties ...*party) bool {
	for _, p := range parties {
		if p != nil && (armedRole(p) || role(p).State() || role(p) == actor.Government) {
			return true
		}
	}
	for _, m := range f.ms {
		for i := range m.Actors {
			if e := m.Actors[i].Entry; e != nil && (e.Role.State() || e.Role.Armed() || e.Role == actor.Government) {
				return true
			}
		}
		for _, p := range r.Places {
			if p.Sentence == m.Sentence && p.Actor {
				return true // "Kenya and Uganda signed": countries as states
			}
		}
		if m.Class != extract.Agreement {
			continue
		}
		toks := r.Doc.Sentences[m.Sentence].Tokens
		for i := m.Start; i < m.End; i++ {
			if c.words.ConflictAgreement.Has(toks[i].Norm) {
				return true
			}
		}
	}
	return false
}

// figureAfter tells whether the words at t are a rank or a share: an
// ordinal ("18th") or a number of percent ("5 percent", "5%").
func figureAfter(toks []text.Token, t int) bool {
	if t >= len(toks) {
		return false
	}
	n := toks[t].Norm
	if n == "" || n[0] < '0' || n[0] > '9' {
		return false
	}
	if strings.HasSuffix(n, "th") || strings.HasSuffix(n, "st") || strings.HasSuffix(n, "nd") || strings.HasSuffix(n, "rd") || strings.HasSuffix(n, "%") {
		return true
	}
	return t+1 < len(toks) && (toks[t+1].Norm == "percent" || toks[t+1].Norm == "%" || toks[t+1].Norm == "per")
}

// isRaid tells whether a mention's trigger is a raid ([raid-verb]).
func (c *Coder) isRaid(r *extract.Result, m *extract.Mention) bool {
	return c.words.RaidVerb.Has(r.Doc.Sentences[m.Sentence].Tokens[m.Start].Norm)
}

// armedObject tells whether a mention's object is an armed actor it
// names as its patient: "pulled out its troops" moves a force.
func armedObject(m *extract.Mention) bool {
	p := m.Patient
	return p != nil && m.ObjectAt >= p.Start && m.ObjectAt < p.End && p.Role().Armed()
}

// fromAfter tells whether "from" follows a mention's trigger in its clause:
// what was withdrawn left somewhere. Grammar.
func fromAfter(r *extract.Result, m *extract.Mention) bool {
	toks := r.Doc.Sentences[m.Sentence].Tokens
	for k := m.End; k < len(toks) && toks[k].Span.End <= m.Clause.End; k++ {
		if toks[k].Norm == "from" {
			return true
		}
	}
	return false
}

// handsPeople tells whether a withdrawal's verb hands over or evacuates
// its object ([hand-verb]: then people as its object are what moved),
// rather than pulling out of a place ("pulled out its troops from the
// town").
func (c *Coder) handsPeople(r *extract.Result, m *extract.Mention) bool {
	return c.words.HandVerb.Has(r.Doc.Sentences[m.Sentence].Tokens[m.Start].Norm)
}

// takenKind is what a capture took.
type takenKind uint8

const (
	takenUnknown takenKind = iota // nothing says: a person or a thing
	takenGround
	takenPeople
	takenThing
)

// taken tells what a frame's capture took: ground (a place named, or a
// word of territory as its object), people, a thing, or what nothing says.
func (c *Coder) taken(r *extract.Result, f *frame) takenKind {
	h := f.head()
	switch h.Object {
	case extract.ObjPlace:
		return takenGround
	case extract.ObjPeople:
		return takenPeople
	case extract.ObjThing:
		toks := r.Doc.Sentences[h.Sentence].Tokens
		ws := lexicon.Prepare(toks)
		for i := h.ObjectAt; i < len(toks) && i <= h.ObjectAt+3 && !placeAt(r, toks[i].Span); i++ {
			// (not past the thing to a place after it: "seized cocaine at
			// Mombasa port" took no port)
			if mt, ok := c.art.m.At(ws, i); ok && mt.Value == cueTerritory {
				return takenGround // "the town", "the key border crossing"
			}
		}
		return takenThing
	}
	if figureAfter(r.Doc.Sentences[h.Sentence].Tokens, h.End) {
		return takenThing // "the county fell to 18th", "sales fell to 5 percent": a figure, not ground
	}
	if placed(f) || c.territoryTaken(r, f) {
		return takenGround
	}
	return takenUnknown
}

// placeAt tells whether a place mention begins at a token's span.
func placeAt(r *extract.Result, sp text.Span) bool {
	for i := range r.Places {
		if r.Places[i].Span.Start == sp.Start {
			return true
		}
	}
	return false
}

// territoryTaken tells whether what a capture took is ground: a village,
// positions, control (article.txt's territory words after the trigger).
func (c *Coder) territoryTaken(r *extract.Result, f *frame) bool {
	for _, m := range f.ms {
		toks := r.Doc.Sentences[m.Sentence].Tokens
		for i := m.End; i < len(toks) && i < m.End+8; i++ {
			if mt, ok := c.art.m.At(&r.Words[m.Sentence], i); ok && mt.Value == cueTerritory {
				return true
			}
		}
	}
	return false
}

// weaponBeatsCrowd tells that a weapon, not the crowd it met, is the
// event: a suicide bomber, an air strike or gas at a rally, or a bomb
// that kills there, is a bombing whose scene was a rally.
func weaponBeatsCrowd(cl extract.Classes, killed int) bool {
	return cl.Any(extract.Suicide, extract.Air, extract.Chemical) || killed > 0 && cl.Any(extract.IED, extract.Shelling)
}

// grenadeInFight tells whether a frame's only weapon is a grenade thrown in
// a fight ("forces battled the militants; two soldiers were hurt in a
// grenade attack"): one weapon of the battle, which is coded as the battle.
func grenadeInFight(cl extract.Classes) bool {
	return cl.Has(extract.Grenade) && !cl.Any(extract.Suicide, extract.Chemical, extract.Air, extract.Shelling, extract.IED) &&
		cl.Has(extract.Clash)
}

func anyWeapon(cl extract.Classes) bool {
	return cl.Any(extract.Suicide, extract.Chemical, extract.Air, extract.Grenade, extract.Shelling, extract.IED)
}

func weaponSub(cl extract.Classes) event.SubType {
	switch {
	case cl.Has(extract.Suicide):
		return event.SuicideBomb
	case cl.Has(extract.Chemical):
		return event.ChemicalWeapon
	case cl.Has(extract.Air):
		return event.AirDroneStrike
	case cl.Has(extract.Grenade):
		return event.Grenade
	case cl.Has(extract.Shelling):
		return event.Shelling
	}
	return event.RemoteExplosive
}

// demoFrame tells whether a frame is about a demonstration or crowd.
func (c *Coder) demoFrame(cl extract.Classes, agent *party) bool {
	if cl.Any(extract.Protest, extract.Strike, extract.Riot, extract.Mob) {
		return true
	}
	switch role(agent) {
	case actor.Protesters, actor.Rioters:
		return true
	}
	return false
}

// crowdWithPurpose tells whether people who block, burn or wreck say what
// for ("burn tyres to express displeasure", "blocked the road demanding
// compensation"): a demonstration without the word, not a mob.
func (c *Coder) crowdWithPurpose(r *extract.Result, f *frame, agent *party) bool {
	if agent != nil && !peopleRole(agent) && !agent.perpetrator && role(agent) != actor.Rioters || role(agent) == actor.Assailant {
		return false
	}
	return (f.classes.Any(extract.Block, extract.Stones, extract.Vandal, extract.Arson, extract.Loot, extract.Riot) || c.stormed(r, f)) &&
		!f.classes.Any(extract.Kill, extract.Abduct, extract.Rape) && c.ownPurpose(r, f)
}

// forcedCrowd tells whether force broke up a crowd that its sentence says
// turned rowdy or tried to force its way ([crowd-forcing]): "police fired
// tear gas at party youths trying to storm the tally hall" answers a
// demonstration turned violent, though no protest is named.
func (c *Coder) forcedCrowd(r *extract.Result, f *frame) bool {
	if !f.classes.Has(extract.Intervene) || !sentenceSays(r, f, c.words.CrowdForcing) {
		return false
	}
	for _, m := range f.ms {
		if a := c.partyOf(r, m.Agent); m.Class == extract.Intervene && (a == nil || role(a).State()) {
			return true // the police's force, not a politician firing at the crowd
		}
	}
	return false
}

// stormed tells whether a frame's head is a crowd storming a place that
// hurt no one ("stormed the county offices to demand ..."): what the
// crowd did, not an attack on anyone ([storm-verb]).
func (c *Coder) stormed(r *extract.Result, f *frame) bool {
	h := f.head()
	return h.Class == extract.Attack && c.words.StormVerb.Has(r.Doc.Sentences[h.Sentence].Tokens[h.Start].Norm) &&
		!f.classes.Any(extract.Kill, extract.Injure, extract.Beat, extract.Shoot, extract.Stones, extract.Clash)
}

// ownPurpose tells whether a frame's clauses say a purpose that is not
// another demonstration's: "for supporting the demonstrations demanding
// ..." tells what those demonstrations wanted.
func (c *Coder) ownPurpose(r *extract.Result, f *frame) bool {
	for _, m := range f.ms {
		s := text.Fold(r.Doc.Slice(m.Clause))
		for _, w := range c.words.ProtestPurpose {
			for at := 0; ; {
				i := strings.Index(s[at:], w)
				if i < 0 {
					break
				}
				i += at
				before := strings.Fields(s[:i])
				if len(before) == 0 || !slices.Contains(c.words.ProtestNoun, before[len(before)-1]) {
					return true
				}
				at = i + len(w)
			}
		}
	}
	return false
}

// singleSuspect tells whether people are named as one person with a
// definite article ("the suspect who killed the man"): one person's act
// told beside a demonstration is no crowd's violence.
func singleSuspect(r *extract.Result, p *party) bool {
	if p == nil || p.ref == nil {
		return false
	}
	np := strings.Fields(text.Fold(nounPhrase(r, p.ref)))
	if len(np) < 2 || np[len(np)-2] != "the" && np[len(np)-2] != "her" && np[len(np)-2] != "his" {
		return false
	}
	w := np[len(np)-1]
	return !strings.HasSuffix(w, "s")
}

// thrownAtProtest tells whether a mention's clause says something was
// thrown or aimed at a demonstration or its people: "at the rally", "at a
// procession of the party", "at the protesting workers", "at protesters"
// ([protest-noun], protest words).
func (c *Coder) thrownAtProtest(r *extract.Result, m *extract.Mention) bool {
	after := strings.Fields(text.Fold(r.Doc.Slice(m.Clause)))
	for i, w := range after {
		if w != "at" || i+1 >= len(after) {
			continue
		}
		j := i + 1
		if n := after[j]; n == "the" || n == "a" || n == "an" || n == "their" {
			j++
		}
		if j < len(after) && (slices.Contains(c.words.ProtestNoun, strings.Trim(after[j], ",.;")) || strings.HasPrefix(after[j], "protest") || strings.HasPrefix(after[j], "demonstrat")) {
			return true
		}
	}
	return false
}

// victimsProtested tells whether the words after an act's victims say they
// were the ones demonstrating: "members assaulted six traders as they were
// protesting the tax" set on the protest, though both sides are people.
func (c *Coder) victimsProtested(r *extract.Result, m *extract.Mention) bool {
	v := m.Patient
	if v == nil {
		v = m.Victim
	}
	if v == nil {
		return false
	}
	after := text.Fold(r.Doc.Slice(text.Span{Start: v.Span.End, End: min(v.Span.End+80, m.Clause.End+80)}))
	for _, w := range c.words.VictimsProtesting {
		if i := strings.Index(after, " "+w+" "); i >= 0 && !strings.ContainsAny(after[:i], ";.") {
			return true
		}
	}
	return false
}

// protestTopic tells whether an actor is what a protest mention is about,
// its object: "marched against the lynchings by mobs" names no rioters
// at the protest.
func protestTopic(m *extract.Mention, a *extract.ActorRef) bool {
	return (m.Class == extract.Protest || m.Class == extract.Strike) && m.Patient != nil && m.Patient.Span == a.Span
}

// protestersKilled tells whether the dead a frame tells are the
// demonstrators: "police shot dead two demonstrators protesting ...".
func protestersKilled(f *frame) bool {
	for _, m := range f.ms {
		if m.Killed != nil && m.Victim != nil && m.Victim.Entry != nil && m.Victim.Entry.Role == actor.Protesters {
			return true
		}
	}
	return false
}

// namesProtesters tells whether a frame names protesters or demonstrators.
func namesProtesters(f *frame) bool {
	for _, m := range f.ms {
		for i := range m.Actors {
			if a := &m.Actors[i]; a.Entry != nil && a.Entry.Role == actor.Protesters && !a.Framed {
				return true
			}
		}
	}
	return false
}

// decideDemo codes demonstrations: peaceful, met by force, or violent.
func (c *Coder) decideDemo(r *extract.Result, f *frame, agent, patient, state *party, killed int) decision {
	cl := f.classes
	d := decision{assoc1: c.associates(f)}
	// A demonstration: protest words, riot words (a riot is a demonstration
	// turned violent), or the people named as demonstrators.
	// Rioting that sets on people ("rioters attacked two warders", "rival
	// schools riot, throw stones at each other") is a mob's, unless a
	// protest is named: only a demonstration turned violent is one.
	riotDemo := !cl.Has(extract.Mob) && !(patient != nil && !role(patient).State() && cl.Any(extract.Attack, extract.Beat, extract.Kill, extract.Injure))
	// An angry crowd that riots, hurting no one by name ("riots by angry
	// youths over the killing of a councillor", "running battles between
	// mobs and police"), is a demonstration turned violent too: a mob's
	// violence is the one it does to people.
	mobRiot := cl.Has(extract.Mob) && !cl.Any(extract.Attack, extract.Beat, extract.Kill, extract.Injure)
	demo := cl.Any(extract.Protest, extract.Strike) || cl.Has(extract.Riot) && (riotDemo || mobRiot) || c.crowdWithPurpose(r, f, agent) || c.forcedCrowd(r, f)
	for _, m := range f.ms {
		for i := range m.Actors {
			if a := &m.Actors[i]; a.Entry != nil && !a.Framed && (a.Entry.Role == actor.Protesters || a.Entry.Role == actor.Rioters && riotDemo) {
				demo = true
			}
		}
	}
	// Who used force on whom.
	stateForce := false
	var forcer *party
	for _, m := range f.ms {
		if m.Class == extract.Intervene || m.Class == extract.Shoot || m.Class == extract.Beat || m.Class == extract.Attack ||
			m.Class == extract.Kill || m.Class == extract.Injure || m.Class == extract.Arrest {
			if a := c.partyOf(r, m.Agent); a != nil && role(a).State() {
				stateForce, forcer = true, a
			}
		}
		// "A youth was shot dead by police at a protest": the protest
		// heads the sentence, and the force that killed or hurt there is
		// its doer.
		if (m.Class == extract.Protest || m.Class == extract.Strike) && m.Classes.Any(extract.Kill, extract.Shoot) && m.Killed != nil {
			if a, p := c.partyOf(r, m.Agent), c.partyOf(r, m.Patient); a != nil && role(a).State() && (p == nil || !role(p).State()) {
				stateForce, forcer = true, a
			}
		}
	}
	// Shots: "opened fire" is read as an attack, and live fire it is.
	liveFire := clauseSays(r, f, c.words.LiveFire)
	shots := cl.Has(extract.Shoot) || cl.Has(extract.Attack) && liveFire
	if state != nil && (cl.Any(extract.Intervene, extract.Arrest) || (shots || cl.Has(extract.Beat)) && !role(patient).State() || cl.Has(extract.Kill) && protestersKilled(f)) {
		// "police fired on marchers at the sit-in, wounding two": the
		// force named beside shots or blows at a demonstration is theirs.
		stateForce = true
		if forcer == nil {
			forcer = state
		}
	}
	crowdViolence := cl.Has(extract.Riot) || c.crowdClauseSays(r, f, c.words.Barricade) ||
		cl.Has(extract.Clash) && demo || clauseSays(r, f, c.words.CrowdViolence) || demo && sentenceSays(r, f, c.words.CrowdForcing)
	// Who demonstrated: the agent of the protest itself.
	var demonstrators *party
	for _, m := range f.ms {
		if m.Class == extract.Protest || m.Class == extract.Strike {
			demonstrators = c.partyOf(r, m.Agent)
			break
		}
	}
	var attackers *party    // others who set on the demonstrators
	attackerStones := false // the stones thrown were theirs
	for _, m := range f.ms {
		a := c.partyOf(r, m.Agent)
		switch m.Class {
		case extract.Beat, extract.Attack, extract.Stones, extract.Kill, extract.Injure:
			if m == f.head() && c.stormed(r, f) {
				continue // the crowd that stormed a place is the demonstration
			}
			p := c.partyOf(r, m.Patient)
			if p == nil {
				p = c.partyOf(r, m.Victim)
			}
			// The demonstrators are the victims when the text says so, or when
			// the protest is only the scene ("during their demonstration").
			scene := demonstrators == nil && demo
			if a != nil && !role(a).State() && role(a) != actor.Protesters && p != nil && !role(p).State() && !armedRole(p) &&
				(role(p) == actor.Protesters || demonstrators != nil && p.entry == demonstrators.entry && a.entry != p.entry || scene && (a.entry != p.entry || c.victimsProtested(r, m))) {
				attackers = a
			}
			// Stones or bombs thrown at a demonstration ("threw stones at the
			// rally", "at the protesting workers"), by someone not named as
			// a demonstrator: others set on it.
			if (a == nil || !role(a).State() && role(a) != actor.Protesters && !(demonstrators != nil && a.entry == demonstrators.entry)) &&
				m.Classes.Has(extract.Stones) && c.thrownAtProtest(r, m) {
				if a == nil {
					a = &party{entry: rioters}
				}
				attackers, attackerStones = a, true
			}
		case extract.Protest, extract.Strike:
			// "men hurled petrol bombs at the party's march": the
			// protest heads the sentence, and its doer named is no thrower.
			if m.Classes.Has(extract.Stones) && !m.Classes.Any(extract.Riot, extract.Clash) && c.thrownAtProtest(r, m) {
				if attackers == nil {
					attackers = &party{entry: rioters}
				}
				attackerStones = true
			}
		}
	}
	if cl.Has(extract.Stones) && !attackerStones {
		crowdViolence = true // the crowd's stones
	}
	if attackers == nil && cl.Any(extract.Vandal, extract.Arson, extract.Loot) {
		// Property wrecked or burnt is the crowd's, unless others set on
		// the demonstrators: then it is theirs too, when no one else is said
		// to have done it ("assaulted the marchers and vandalized their cars").
		crowdViolence = true
	}
	for _, m := range f.ms {
		a := c.partyOf(r, m.Agent)
		if attackers != nil && a != nil && a.entry == attackers.entry {
			continue // the attackers' violence is theirs, not the demonstrators'
		}
		if attackers != nil && a != nil {
			switch m.Class {
			case extract.Vandal, extract.Arson, extract.Loot:
				crowdViolence = true
			}
		}
		for i := range m.Actors {
			if m.Actors[i].Entry != nil && m.Actors[i].Entry.Role == actor.Rioters && !m.Actors[i].Framed && !protestTopic(m, &m.Actors[i]) {
				crowdViolence = true // the report calls them rioters
			}
		}
		switch m.Class {
		case extract.Clash, extract.Beat, extract.Attack, extract.Kill, extract.Stones:
			if (peopleRole(a) && !c.lone(r, a.ref, nounPhrase(r, a.ref)) && !singleSuspect(r, a) || role(a) == actor.Rioters) && !(m == f.head() && c.stormed(r, f)) {
				crowdViolence = true
			}
		}
	}
	if demo && crowdViolence && sentenceSays(r, f, c.words.PeacefulProtest) && !sentenceSays(r, f, c.words.CrowdViolence) {
		// "held a peaceful demonstration": the note says how it went; the
		// violence words it tells are its topic or another's ("a peaceful
		// protest that turned violent" did turn).
		crowdViolence = false
	}
	switch {
	case cl.Has(extract.Mob) && !demo || (!demo && crowdViolence):
		d.sub = event.MobViolence
		d.a1 = &party{entry: rioters}
		switch {
		case patient != nil && armedRole(patient):
			d.a2 = patient
		case patient != nil || cl.Any(extract.Kill, extract.Beat, extract.Attack, extract.Injure, extract.Vandal, extract.Arson, extract.Loot):
			d.a2 = &party{entry: civilians}
		case cl.Has(extract.Clash):
			d.a2 = &party{entry: rioters}
		}
	case crowdViolence:
		d.sub = event.ViolentDemonstration
		d.a1 = &party{entry: rioters}
		if forcer != nil {
			d.a2 = forcer
		} else if state != nil {
			d.a2 = state
		}
	case stateForce && (killed > 0 || shots && (!cl.Has(extract.Intervene) || liveFire)):
		// Force that kills protesters, or live fire at them, is excessive;
		// tear gas, batons and arrests are an intervention, even when some
		// are hurt.
		d.sub = event.ExcessiveForce
		d.a1 = forcer
		d.a2 = &party{entry: protesters}
		d.assoc1 = nil
	case attackers != nil && !stateForce && demo:
		// Others set on the demonstrators: an intervention, by rioters.
		d.sub = event.ProtestWithIntervention
		d.a1 = &party{entry: protesters}
		d.a2 = &party{entry: rioters}
		if role(attackers) != actor.Civilians && role(attackers) != actor.Assailant && role(attackers) != actor.Party {
			d.a2 = attackers // a party's members who set on a rally are rioters
		}
	case stateForce || cl.Any(extract.Intervene, extract.Arrest) || (cl.Any(extract.Attack, extract.Beat) && agent != nil && role(agent) != actor.Protesters && !c.stormed(r, f) && !(peopleRole(agent) && patient == nil && !cl.Any(extract.Beat, extract.Injure, extract.Kill))):
		// "Traders stormed the county offices protesting the demolition":
		// a crowd that storms a place, hurting no one, is the demonstration,
		// not a force on it.
		d.sub = event.ProtestWithIntervention
		d.a1 = &party{entry: protesters}
		if forcer != nil {
			d.a2 = forcer
		} else if state != nil {
			d.a2 = state
		} else if agent != nil && role(agent) != actor.Protesters && role(agent) != actor.Civilians {
			d.a2 = agent
		} else {
			d.a2 = &party{entry: police}
		}
	default:
		d.sub = event.PeacefulProtest
		d.a1 = &party{entry: protesters}
	}
	return d
}

// decideHarm codes violence against people: clashes, attacks, abductions.
func (c *Coder) decideHarm(r *extract.Result, f *frame, agent, patient *party, killed int) decision {
	cl := f.classes
	d := decision{}
	if c.domestic(r, f, agent) {
		return d // "a man stabbed his wife to death": a crime at home, no conflict event
	}
	if role(agent) == actor.Government && agent.ref != nil && !strings.Contains(text.Fold(agent.ref.Text), "regime") &&
		cl.Has(extract.Attack) && !armedRole(patient) && !placed(f) &&
		!cl.Any(extract.Kill, extract.Injure, extract.Shoot, extract.Beat, extract.Abduct, extract.Rape, extract.Clash, extract.Vandal, extract.Arson, extract.Loot) {
		// "The ministry targeted 20 more bankers": a government
		// that hurts no one, nowhere, attacks by decree, not by force.
		return d
	}
	if role(agent) == actor.Government {
		// A government's violence is its forces', and so are "regime positions".
		agent = &party{entry: military, country: agent.country, ref: agent.ref}
	}
	if role(patient) == actor.Government && patient.ref != nil && strings.Contains(text.Fold(patient.ref.Text), "regime") {
		patient = &party{entry: military, country: patient.country, ref: patient.ref}
	}
	if role(patient).State() && patient.ref != nil && says(nounPhrase(r, patient.ref), c.words.OffDuty) {
		// "an off-duty police officer was shot at his home": no force in the act.
		patient = &party{entry: civilians, country: patient.country, ref: patient.ref}
	}
	if role(agent) == actor.Military && role(patient) == actor.Assailant && !patient.perpetrator && patient.identity == nil {
		// "Soldiers killed several of the attackers": those an army
		// fights back are armed, an unidentified group, not civilians.
		patient = &party{entry: unknownArm, ref: patient.ref}
	}
	victimArmed := armedRole(patient) && !patient.bare || patient == nil && clauseSaysWord(r, f, c.words.ArmedTarget)
	if patient != nil && patient.bare {
		patient = &party{entry: civilians, country: identityCountry(patient), ref: patient.ref}
	}
	if cl.Has(extract.Stones) && !clauseSays(r, f, c.words.FireExchange) &&
		(agent == nil || role(agent).State() || peopleRole(agent) || agent.perpetrator || role(agent) == actor.Assailant) &&
		(agent == nil || agent.ref == nil || !says(nounPhrase(r, agent.ref), c.words.ArmedName)) {
		// "Villagers threw stones at police, who opened fire on the crowd":
		// stones are a crowd's weapon, and its fight with the forces a mob's,
		// whatever the forces fired.
		if st := c.forcesNamed(r, f); st != nil {
			d.sub, d.a1, d.a2 = event.MobViolence, &party{entry: rioters}, st
			return d
		}
	}
	if role(agent).State() && !victimArmed && cl.Has(extract.Attack) && c.isRaid(r, f.head()) &&
		!cl.Any(extract.Kill, extract.Injure, extract.Shoot, extract.Beat, extract.Clash, extract.Abduct, extract.Rape, extract.Vandal, extract.Arson, extract.Loot) {
		// "Police launched raids in the east of the city": a state's raid that hurts
		// no one is a search for suspects, coded as arrests.
		d.sub, d.a1, d.a2 = event.Arrests, agent, &party{entry: civilians, country: patientCountry(patient)}
		return d
	}
	if (armedRole(agent) || role(agent) == actor.Assailant) && !role(agent).State() && !agent.perpetrator && !victimArmed {
		// "Militants attacked a power station. Police responded, killing
		// two": forces that strike back at the attackers fought them, and
		// so did the forces named where the attackers' own dead are told
		// ("four of the attackers were killed; police are holding five").
		for _, m := range f.ms[1:] {
			if a := c.partyOf(r, m.Agent); a != nil && role(a).State() && m.Class != extract.Arrest &&
				(m.Class == extract.Kill || m.Class == extract.Shoot || m.Class == extract.Clash) {
				d.sub, d.a1, d.a2 = event.ArmedClash, agent, a
				return d
			}
		}
		for _, m := range f.ms[1:] {
			if m.Killed != nil && m.Victim != nil && m.Victim != m.Agent && (m.Victim.Role() == actor.Assailant || m.Victim.Entry == agent.entry) {
				if forces := c.forcesNamed(r, f); forces != nil {
					d.sub, d.a1, d.a2 = event.ArmedClash, agent, forces
					return d
				}
				break
			}
		}
	}
	told := unfound(f) // "herders discovered five bodies": the finders' community fought no one
	communalFight := clauseSays(r, told, c.words.Communal) || cl.Has(extract.Clash) && sentenceSays(r, told, c.words.Communal)
	ids := frameIdentities(f)
	switch {
	case cl.Has(extract.Clash) && (communalFight || len(ids) > 0 && !role(agent).State() && !role(patient).State()),
		agent == nil && communalFight && !cl.Any(extract.Attack, extract.Shoot, extract.Beat, extract.Abduct, extract.Rape) && !armedRole(patient):
		// ...and deaths told of communal or ethnic violence, no act or side named, were its fighting.
		// Fighting between communities, clans or ethnic groups, however
		// the report names their people ("members of the Borana and Gabra
		// communities"): an armed clash of identity militias.
		d.sub = event.ArmedClash
		d.a1, d.a2 = agent, patient
		if d.a1 == nil || !armedRole(d.a1) || role(d.a1) == actor.Assailant {
			d.a1 = &party{entry: communal, identity: identityOf(d.a1)}
		}
		if d.a2 == nil || !armedRole(d.a2) || role(d.a2) == actor.Assailant {
			d.a2 = &party{entry: communal, identity: identityOf(d.a2)}
		}
		// The identities the frame names, in order, are the sides it leaves unnamed.
		for _, id := range ids {
			switch {
			case d.a1.identity == nil && d.a1.entry == communal && (d.a2.identity == nil || d.a2.identity.Name != id.Name):
				d.a1.identity = id
			case d.a2.identity == nil && d.a2.entry == communal && d.a1.identity != nil && d.a1.identity.Name != id.Name:
				d.a2.identity = id
			}
		}
		return d
	case victimArmed && agent != nil && agent.perpetrator && agent.identity == nil && !c.armedMeans(r, f) && !says(nounPhrase(r, agent.ref), c.words.ArmedName):
		// People named by who they are who set on police or soldiers
		// with no guns ("students assaulted a soldier at the gate"): a mob.
		d.sub = event.MobViolence
		d.a1, d.a2 = &party{entry: rioters}, patient
		return d
	case cl.Has(extract.Clash) && role(agent).State() && patient != nil && (c.crowd(patient) || cl.Has(extract.Stones) && peopleRole(patient)) &&
		!says(nounPhrase(r, patient.ref), c.words.ArmedName) && (!c.armedMeans(r, f) || !clauseSays(r, f, c.words.FireExchange)):
		// "Police clashed with rioters in Kibera", "police battled stone-
		// throwing youths": a mob's fight with the forces, not two armed
		// sides, whatever the police fired; only fire exchanged both ways
		// makes the crowd armed.
		d.sub = event.MobViolence
		d.a1, d.a2 = &party{entry: rioters}, agent
		return d
	case cl.Has(extract.Clash) && agent == nil && role(patient).State() && cl.Has(extract.Stones) && !clauseSays(r, f, c.words.FireExchange):
		// "Supporters threw stones and clashed with police": stones are a
		// crowd's weapon.
		d.sub = event.MobViolence
		d.a1, d.a2 = &party{entry: rioters}, patient
		return d
	case victimArmed && agent != nil && (agent.perpetrator || role(agent) == actor.Assailant) && agent.identity == nil &&
		cl.Any(extract.Vandal, extract.Arson, extract.Loot) && !c.armedMeans(r, f) && !says(nounPhrase(r, agent.ref), c.words.ArmedName):
		// "Unidentified persons attacked, looted and set ablaze the police
		// station": what unnamed attackers did is a crowd's, and their
		// attack on the forces a mob's.
		d.sub = event.MobViolence
		d.a1, d.a2 = &party{entry: rioters}, patient
		return d
	case victimArmed && agent != nil && (agent.perpetrator || role(agent) == actor.Assailant || agent.identity != nil) && !c.crowd(agent):
		// Unnamed or communal attackers of police or soldiers: a clash.
		d.sub = event.ArmedClash
		d.a1, d.a2 = &party{entry: unknownArm, identity: agent.identity, ref: agent.ref}, patient
		if agent.identity != nil {
			d.a1.entry = communal
		}
		return d
	case cl.Has(extract.Clash) && (agent == nil || armedRole(agent)) || armedRole(agent) && victimArmed || agent == nil && victimArmed:
		// Nobody named: armed fighters where the report is about armed
		// groups, else a crowd.
		if peopleRole(agent) || (agent == nil && !victimArmed && !c.armedMeans(r, f) && r.DominantArmed == nil && !armedReport(r)) {
			d.sub = event.MobViolence
			d.a1, d.a2 = &party{entry: rioters}, &party{entry: rioters}
			return d
		}
		d.sub = event.ArmedClash
		d.a1, d.a2 = agent, patient
		if d.a1 == nil {
			// "Two soldiers were killed in clashes with rebels": the dead
			// are of the other side.
			if v := c.partyOf(r, f.head().Victim); v != nil && armedRole(v) && (patient == nil || v.entry != patient.entry) {
				d.a1, d.a2 = v, patient
			} else {
				d.a1 = &party{entry: unknownArm}
			}
		}
		if d.a2 != nil && role(d.a2) == actor.Civilians && role(d.a1) == actor.Armed && !c.sideWith(r, f, d.a2) {
			// "Armed groups clashed in Tripoli, killing three people": the
			// dead are no side; the groups fought each other.
			d.a2 = &party{entry: unknownArm}
		}
		if d.a2 == nil {
			// A clash has two sides: a state force fights the group the
			// report is about, or an unidentified one; a group, the state.
			switch {
			case role(d.a1).State() && r.DominantArmed != nil && r.DominantArmed != d.a1.entry:
				d.a2 = &party{entry: r.DominantArmed}
			case role(d.a1).State():
				d.a2 = &party{entry: unknownArm}
			case role(d.a1) == actor.Armed && d.a1.ref != nil && cl.Has(extract.Clash) && pluralEnd(r.Doc.Sentences[f.head().Sentence].Tokens, d.a1.ref.End) &&
				f.head().Class == extract.Clash && f.head().Start >= d.a1.ref.End && f.head().Start-d.a1.ref.End <= 2:
				d.a2 = &party{entry: unknownArm} // "armed groups clashed": with each other (their own verb, not "a gun battle" told after)
			case d.a1.entry != unknownArm && role(d.a1) != actor.Assailant:
				d.a2 = &party{entry: military}
			case d.a1.entry == unknownArm && agent == nil:
				d.a2 = &party{entry: unknownArm} // "shots in both directions": neither side named
			}
		}
		return d
	case agent != nil && agent.identity != nil && !role(agent).State():
		// "Pokot raiders", "Kikuyu people", "Maasai herders": an identity's militia.
		agent = &party{entry: communal, identity: agent.identity, ref: agent.ref}
	case agent != nil && (agent.perpetrator || role(agent) == actor.Assailant):
		// People named by who they are ("youths") are a mob when they beat,
		// stab and stone, an armed group when they shoot, bomb, kidnap or
		// rape. Unnamed assailants are an armed group unless what they did
		// is a crowd's: stones, looting, burning, wrecking.
		named := nounPhrase(r, agent.ref)
		mob := !c.armedMeans(r, f) && !cl.Any(extract.Abduct, extract.Rape) && !says(agent.ref.Text, c.words.Herders) &&
			!says(named, c.words.ArmedName) && !c.lone(r, agent.ref, named)
		if role(agent) == actor.Assailant && !agent.perpetrator && cl.Has(extract.Kill) {
			mob = mob && cl.Any(extract.Stones, extract.Vandal, extract.Arson, extract.Loot, extract.Block, extract.Mob, extract.Riot)
		}
		if cl.Has(extract.Loot) && clauseSays(r, f, c.words.Livestock) && !cl.Any(extract.Stones, extract.Vandal, extract.Arson, extract.Block, extract.Mob, extract.Riot) {
			mob = false // "killed four herders and stole livestock": a raid
		}
		if mob {
			d.sub = event.MobViolence
			d.a1 = &party{entry: rioters}
			d.a2 = patient
			if d.a2 == nil || !armedRole(d.a2) {
				d.a2 = &party{entry: civilians, country: patientCountry(patient)}
			}
			return d
		}
		agent = &party{entry: unknownArm, identity: agent.identity, ref: agent.ref}
		if says(agent.ref.Text, c.words.Herders) {
			agent.entry = communal
		}
	case peopleRole(agent) && agent.ref != nil && role(agent) != actor.Rioters && says(nounPhrase(r, agent.ref), c.words.ArmedName):
		// "armed raiders", "a group of armed youths": an armed group.
		agent = &party{entry: unknownArm, identity: agent.identity, ref: agent.ref}
	case peopleRole(agent):
		d.sub = event.MobViolence
		d.a1 = &party{entry: rioters}
		d.a2 = patient
		if d.a2 == nil || !armedRole(d.a2) {
			d.a2 = &party{entry: civilians, country: patientCountry(patient)}
			if cl.Has(extract.Clash) {
				d.a2 = &party{entry: rioters} // a crowd fighting a crowd
			}
		}
		return d
	}
	switch {
	case cl.Has(extract.Rape):
		d.sub = event.SexualViolence // "abducted and raped": the rape is what is coded
	case cl.Has(extract.Abduct) && !cl.Any(extract.Kill, extract.Beat, extract.Injure):
		d.sub = event.Abduction // kidnapped and killed, or beaten and taken, is an attack
	default:
		d.sub = event.Attack
	}
	d.a1 = agent
	if d.a1 == nil {
		d.a1 = &party{entry: unknownArm}
	}
	d.a2 = &party{entry: civilians, country: patientCountry(patient)}
	if patient != nil {
		d.a2.ref = patient.ref
	}
	return d
}

// forcesNamed is the first police or military force a frame names, else nil.
func (c *Coder) forcesNamed(r *extract.Result, f *frame) *party {
	for _, m := range f.ms {
		for i := range m.Actors {
			if e := m.Actors[i].Entry; e != nil && !m.Actors[i].Framed && (e.Role == actor.Police || e.Role == actor.Military) {
				return c.partyOf(r, &m.Actors[i])
			}
		}
	}
	return nil
}

// unfound is f without the mentions that tell its dead as bodies found:
// what their clauses say of the finders is not the killing's.
func unfound(f *frame) *frame {
	g := *f
	g.ms = nil
	for _, m := range f.ms {
		if !m.Found {
			g.ms = append(g.ms, m)
		}
	}
	return &g
}

// frameIdentities lists the ethnic or clan identities a frame names, in
// text order, each once.
func frameIdentities(f *frame) []*actor.Identity {
	var out []*actor.Identity
	for _, m := range f.ms {
		for i := range m.Actors {
			a := &m.Actors[i]
			if a.Identity == nil || a.Framed || a.Finder || a.Entry != nil && a.Entry.Role.State() {
				continue
			}
			if !slices.ContainsFunc(out, func(id *actor.Identity) bool { return id.Name == a.Identity.Name }) {
				out = append(out, a.Identity)
			}
		}
	}
	return out
}

// armedMeans tells whether a frame's violence used guns or explosives.
func (c *Coder) armedMeans(r *extract.Result, f *frame) bool {
	if f.classes.Any(extract.Shoot, extract.IED, extract.Grenade, extract.Shelling) {
		return true
	}
	for _, m := range f.ms {
		s := text.Fold(r.Doc.Slice(m.Clause))
		for _, w := range c.words.ArmedMeansNot {
			s = strings.ReplaceAll(s, w, " ")
		}
		for _, w := range c.words.ArmedMeans {
			if strings.Contains(s, w) {
				return true
			}
		}
	}
	return false
}

// nounPhrase is an actor's name with the few words before it in its
// phrase: "a group of armed youths", "an unidentified man".
func nounPhrase(r *extract.Result, a *extract.ActorRef) string {
	pre := r.Doc.Slice(text.Span{Start: max(0, a.Span.Start-40), End: a.Span.Start})
	if i := strings.LastIndexAny(pre, ".,;:!?()\n"); i >= 0 {
		pre = pre[i+1:]
	}
	words := strings.Fields(pre)
	words = words[max(0, len(words)-4):]
	return strings.Join(append(words, a.Text), " ")
}

// lone tells whether an actor is one person ("a man", "an unidentified
// youth", "one suspect", not "a group of people" nor "a chairman and his
// supporters"): one attacker is no mob. Grammar of the article, the
// number and what follows the name, not vocabulary.
func (c *Coder) lone(r *extract.Result, a *extract.ActorRef, named string) bool {
	f := text.Fold(named)
	first, rest, _ := strings.Cut(f, " ")
	if first != "a" && first != "an" && first != "one" || rest == "" {
		return false
	}
	for _, w := range strings.Fields(rest) {
		if c.words.Many.Has(w) {
			return false // "a group of", "a mob", "a man and his sons" ([many])
		}
	}
	if strings.HasSuffix(rest, "s") && !strings.HasSuffix(rest, "ss") {
		return false
	}
	after := text.Fold(r.Doc.Slice(text.Span{Start: a.Span.End, End: a.Span.End + 16}))
	if strings.HasPrefix(after, " and ") || strings.HasPrefix(after, " along") || strings.HasPrefix(after, " with ") {
		return false
	}
	// "a chairman of the party along with his accomplices": the company he
	// came with, told after what he is.
	tail := text.Fold(r.Doc.Slice(text.Span{Start: a.Span.End, End: a.Span.End + 48}))
	for _, w := range c.words.Company {
		if i := strings.Index(tail, " "+w+" "); i >= 0 && !strings.ContainsAny(tail[:i], ",;.") {
			return false
		}
	}
	return true
}

// namedNear tells whether an actor is named in sentence i or in one of
// the within sentences after it.
func namedNear(r *extract.Result, e *actor.Entry, i, within int) bool {
	for k := range r.Mentions {
		m := &r.Mentions[k]
		if m.Sentence < i || m.Sentence > i+within {
			continue
		}
		for j := range m.Actors {
			if m.Actors[j].Entry == e {
				return true
			}
		}
	}
	return false
}

// forcesBlock tells whether the frame's roads are closed by armed forces
// or fighters, the doers of its blocking: "militants blocked the supply
// routes", not "the road was barricaded; police dispersed the crowd".
func (c *Coder) forcesBlock(r *extract.Result, f *frame) bool {
	for _, m := range f.ms {
		if m.Class != extract.Block {
			continue
		}
		a := c.partyOf(r, m.Agent)
		// "The attackers blocked the road and forced the passengers into
		// the bush": the report's attackers named again, not a crowd.
		again := role(a) == actor.Assailant && a.ref != nil && a.ref.Start > 0 && r.Doc.Sentences[m.Sentence].Tokens[a.ref.Start-1].Norm == "the"
		return armedRole(a) && !a.perpetrator && role(a) != actor.Assailant || again
	}
	return false
}

// domestic tells whether one person harmed one of his or her own kin or
// partner, named right after the act ([household] after "his", "her" or
// "their"): "a man killed his brother", "a police officer shot dead his
// wife". Grammar of the act's object.
func (c *Coder) domestic(r *extract.Result, f *frame, agent *party) bool {
	if agent == nil || agent.ref == nil || !c.lone(r, agent.ref, nounPhrase(r, agent.ref)) {
		return false
	}
	if armedRole(agent) && !role(agent).State() && role(agent) != actor.Assailant {
		return false // "an insurgent shot his cousin, a soldier on leave": the group's act
	}
	h := f.head()
	if agent.ref.Span.End > h.Trigger.Start {
		return false
	}
	after := strings.FieldsFunc(text.Fold(r.Doc.Slice(text.Span{Start: agent.ref.Span.End, End: min(h.Clause.End, agent.ref.Span.End+60)})), func(r rune) bool {
		return r == ' ' || r == ',' || r == '.'
	})
	for i, w := range after {
		if i > 3 {
			return false
		}
		if w != "his" && w != "her" && w != "their" {
			continue
		}
		// The kin right after the possessive or over one word ("his two
		// sons", "her estranged husband").
		for _, rest := range [][]string{after[i+1:], after[min(len(after), i+2):]} {
			for _, k := range c.words.Household {
				kin := strings.Fields(k)
				if len(rest) >= len(kin) && slices.Equal(rest[:len(kin)], kin) {
					return true
				}
			}
		}
		return false
	}
	return false
}

// clauseSays tells whether one of the frame's clauses holds one of the words.
func clauseSays(r *extract.Result, f *frame, words []string) bool {
	for _, m := range f.ms {
		s := text.Fold(r.Doc.Slice(m.Clause))
		for _, w := range words {
			if strings.Contains(s, w) {
				return true
			}
		}
	}
	return false
}

// clauseSaysWord is clauseSays with each phrase starting a word: "enemy
// positions", not "opposition".
func clauseSaysWord(r *extract.Result, f *frame, words []string) bool {
	for _, m := range f.ms {
		s := text.Fold(r.Doc.Slice(m.Clause))
		for _, w := range words {
			for i := 0; ; {
				j := strings.Index(s[i:], w)
				if j < 0 {
					break
				}
				if k := i + j; k == 0 || !unicode.IsLetter(rune(s[k-1])) {
					return true
				}
				i += j + 1
			}
		}
	}
	return false
}

// crowdClauseSays tells whether a clause of the frame holds one of the
// words, leaving out what state forces did: "police barricaded the area"
// is no barricade of the crowd's, but what the clause tells before the
// force is named ("protesters lit fires and were dispersed by police"), or
// in a relative clause ("police dispersed youths who barricaded the road"),
// is the crowd's act.
func (c *Coder) crowdClauseSays(r *extract.Result, f *frame, words []string) bool {
	for _, m := range f.ms {
		s := text.Fold(r.Doc.Slice(m.Clause))
		if a := c.partyOf(r, m.Agent); a != nil && role(a).State() {
			before := ""
			if at := m.Agent.Span.Start; at > m.Clause.Start && at <= m.Clause.End {
				before = text.Fold(r.Doc.Slice(text.Span{Start: m.Clause.Start, End: at}))
			}
			if i := max(strings.LastIndex(s, " who "), strings.LastIndex(s, " which ")); i >= 0 {
				before += " " + s[i:]
			}
			s = before
		}
		for _, w := range words {
			if strings.Contains(s, w) {
				return true
			}
		}
	}
	return false
}

// namesPeople tells whether a frame names anyone but state forces.
func namesPeople(f *frame) bool {
	for _, m := range f.ms {
		for i := range m.Actors {
			if e := m.Actors[i].Entry; e == nil || !e.Role.State() {
				return true
			}
		}
	}
	return false
}

// namesAnyone tells whether a frame's sentences name any actor or people.
func namesAnyone(f *frame) bool {
	for _, m := range f.ms {
		if len(m.Actors) > 0 {
			return true
		}
	}
	return false
}

// sentenceSays tells whether one of the frame's sentences holds one of the words.
func sentenceSays(r *extract.Result, f *frame, words []string) bool {
	for _, m := range f.ms {
		s := text.Fold(sentenceText(r, m.Sentence))
		for _, w := range words {
			if strings.Contains(s, w) {
				return true
			}
		}
	}
	return false
}

// crowd tells whether a party is people named as a crowd or community.
func (c *Coder) crowd(p *party) bool {
	return p != nil && (role(p) == actor.Rioters || role(p) == actor.Protesters || role(p) == actor.Party ||
		role(p) == actor.Civilians && p.ref != nil && c.crowdWord(p.ref.Text) && p.identity == nil)
}

func identityCountry(p *party) string {
	if p.identity != nil {
		return p.identity.Country
	}
	return p.country
}

func identityOf(p *party) *actor.Identity {
	if p == nil {
		return nil
	}
	return p.identity
}

func patientCountry(p *party) string {
	if p == nil {
		return ""
	}
	return p.country
}

// associates lists who the protesters or rioters were: students, parties.
func (c *Coder) associates(f *frame) []*actor.Entry {
	var out []*actor.Entry
	seen := map[string]bool{}
	add := func(e *actor.Entry) {
		if !seen[e.Name] {
			seen[e.Name] = true
			out = append(out, e)
		}
	}
	for _, m := range f.ms {
		for i := range m.Actors {
			if a := &m.Actors[i]; a.Entry != nil && a.Entry.Role == actor.Party {
				add(a.Entry)
			}
		}
	}
	// Who the crowd was: the first sentence's students, workers, teachers.
	if len(f.ms) > 0 {
		for _, e := range f.ms[0].Assoc {
			add(e)
		}
	}
	return out
}

func (c *Coder) assocNames(es []*actor.Entry, country string) []string {
	var out []string
	for _, e := range es {
		out = append(out, c.reg.Name(e, country, c.countryName(country), ""))
	}
	return out
}

func (c *Coder) countryName(code string) string {
	if code == "" {
		return ""
	}
	if ref, ok := c.gaz.Country(code); ok {
		return c.gaz.Place(ref).Name
	}
	return code
}

// name gives a party's ACLED name and inter code for an event in country.
func (c *Coder) name(p *party, country string, date string) (string, int) {
	if p == nil || p.entry == nil {
		return "", 0
	}
	own := p.country
	if own == "" {
		own = country
	}
	if p.identity != nil && (p.entry.Role == actor.Armed || p.entry.Role == actor.Communal || p.entry == unknownArm) {
		cn := p.identity.Country
		if cn == "" {
			cn = own
		}
		return p.identity.Name + " Ethnic Militia (" + c.countryName(cn) + ")", 4
	}
	if p.entry.Role == actor.Party && p.entry.Inter == 3 {
		return c.reg.Name(p.entry, own, c.countryName(own), date), 3
	}
	return c.reg.Name(p.entry, own, c.countryName(own), date), actor.Inter(p.entry, own, country)
}

// stateStrikes tells whether the report names a state's forces striking
// from the air ("Israeli air strikes on villages ..."): its other strikes
// from the air are no armed group's the report also names.
func stateStrikes(r *extract.Result) bool {
	for i := range r.Mentions {
		m := &r.Mentions[i]
		if m.Classes.Has(extract.Air) && m.Agent != nil && m.Agent.Entry != nil && m.Agent.Entry.Role.State() {
			return true
		}
	}
	return false
}

// placeKnown tells whether a frame names a place the gazetteer knows, or
// one the text puts in a known place: the event's country is the text's,
// not a guess.
func placeKnown(r *extract.Result, f *frame) bool {
	for _, m := range f.ms {
		for _, i := range m.Places {
			if p := &r.Places[i]; p.Resolved || p.In >= 0 && r.Places[p.In].Resolved {
				return true
			}
		}
	}
	return false
}

// foreignForce tells whether a state force is another country's than the
// event's: ground it takes is taken as a non-state actor takes it (ACLED:
// "non-state actors or foreign state actors acquire control").
func foreignForce(p *party, country string) bool {
	own := p.country
	if own == "" && p.entry != nil && len(p.entry.Country) == 2 {
		own = p.entry.Country
	}
	return own != "" && country != "" && own != country
}

// name1 is the decision's first actor's name, for comparisons.
func (d decision) name1(c *Coder, country string) string {
	n, _ := c.name(d.a1, country, "")
	return n
}

// fatalities sets the counts: deaths summed over the frame's sentences, a toll replacing them.
func (c *Coder) fatalities(e *event.Event, f *frame) {
	low, open := 0, false
	var high int
	counted := map[text.Span]bool{}
	current := false // a figure not superseded is told
	for _, m := range f.ms {
		if m.Killed != nil && !m.Killed.Superseded {
			current = true
		}
	}
	for _, m := range f.ms {
		k := m.Killed
		if k == nil || counted[k.Span] || k.Superseded && current {
			continue // one figure read for two triggers of its sentence counts once; an early one gives way
		}
		counted[k.Span] = true
		if k.Total {
			low, high, open = k.Low, 0, k.High == nil
			if k.High != nil {
				high = *k.High
			}
			continue
		}
		if k.Back && low > 0 {
			// "killing the three": of those counted already, not more.
			low, high = max(low, k.Low), max(high, k.Low)
			continue
		}
		low += k.Low
		if k.High == nil {
			open = true
		} else {
			high += *k.High
		}
		if m.Injured != nil && e.Injuries == nil {
			e.Injuries = &event.Range{Low: m.Injured.Low, High: m.Injured.High}
		}
	}
	for _, m := range f.ms {
		if m.Injured != nil && e.Injuries == nil {
			e.Injuries = &event.Range{Low: m.Injured.Low, High: m.Injured.High}
		}
	}
	e.Fatalities, e.FatalitiesLow = low, low
	if !open {
		h := max(high, low)
		e.FatalitiesHigh = &h
	}
}

// claim sets who asserts the event and how firmly.
func (c *Coder) claim(e *event.Event, r *extract.Result, f *frame) {
	h := f.head()
	cl := h.Claim
	e.Claim = event.Claim{Source: cl.Source, SourceKind: cl.SourceKind, Hedged: cl.Hedged, Status: event.Asserted}
	for _, m := range f.ms {
		if m.Killed != nil && (m.Killed.Hedged || m != h && m.Claim.Hedged) {
			e.Claim.Hedged = true // the casualty figure is hedged
		}
	}
	if cl.SourceSpan != nil {
		s := span(r, *cl.SourceSpan)
		e.Claim.Cue = &s
		e.Fields["claim_source"] = s
	}
	if cl.HedgeSpan != nil {
		e.Fields["hedge"] = span(r, *cl.HedgeSpan)
	}
	for _, fr := range cl.Framing {
		e.Claim.Framing = append(e.Claim.Framing, span(r, fr))
	}
	denied := cl.Denied
	for _, m := range f.ms {
		denied = denied || m.Claim.Denied
	}
	switch {
	case denied:
		e.Claim.Status = event.Disputed
	case cl.SourceKind == "party":
		e.Claim.Status = event.Claimed
	case cl.Confirmed:
		e.Claim.Status = event.Confirmed
	}
}

// sideWith tells whether the text names a party as the other side of a
// frame's fight: after "with", "against", "and" or "between", or as the
// object right after the act ("fought residents"), not the dead of a
// participle after it ("clashed in Tripoli, killing three people").
func (c *Coder) sideWith(r *extract.Result, f *frame, p *party) bool {
	if p.ref == nil || p.ref.Start == 0 {
		return false
	}
	for _, m := range f.ms {
		if m.Patient != p.ref {
			continue
		}
		toks := r.Doc.Sentences[m.Sentence].Tokens
		k := p.ref.Start - 1
		for k > 0 && (toks[k].Norm == "the" || toks[k].Kind == text.Number || toks[k].Norm == "some") {
			k--
		}
		switch toks[k].Norm {
		case "with", "against", "and", "between":
			return true
		}
		return k < m.End && p.ref.Start >= m.End
	}
	return false
}

// armedReport tells whether a report names armed groups, unnamed or not
// ("armed groups clashed in Tripoli on Saturday"): its fighting with no
// side named ("fighting resumed on Sunday") is theirs, not a crowd's.
func armedReport(r *extract.Result) bool {
	for i := range r.Mentions {
		for _, a := range r.Mentions[i].Actors {
			if a.Entry == nil || a.Finder {
				continue
			}
			switch a.Entry.Role {
			case actor.Armed, actor.Rebel, actor.Militia, actor.Umbrella:
				return true
			}
		}
	}
	return false
}

// closesGround tells whether a frame's closing takes ground as its object
// ("cordoned off the area and are searching for the suspect"): the
// words of territory right after the trigger, past its particle and
// determiner.
func (c *Coder) closesGround(r *extract.Result, f *frame) bool {
	h := f.head()
	toks := r.Doc.Sentences[h.Sentence].Tokens
	k := h.End
	for k < len(toks) && k < h.End+3 && (toks[k].Norm == "off" || toks[k].Norm == "the" || toks[k].Norm == "a" || toks[k].Norm == "an") {
		k++
	}
	if k >= len(toks) {
		return false
	}
	mt, ok := c.art.m.At(lexicon.Prepare(toks), k)
	return ok && mt.Value == cueTerritory
}
