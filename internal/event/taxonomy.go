package event

// Type is one of ACLED's six event types, spelled as ACLED spells it.
type Type string

// Event types.
const (
	Battles           Type = "Battles"
	ExplosionsRemote  Type = "Explosions/Remote violence"
	ViolenceCivilians Type = "Violence against civilians"
	Protests          Type = "Protests"
	Riots             Type = "Riots"
	Strategic         Type = "Strategic developments"
)

// SubType is one of ACLED's 25 sub-event types, spelled as ACLED spells it.
type SubType string

// Sub-event types, by event type.
const (
	ArmedClash        SubType = "Armed clash"
	GovernmentRegains SubType = "Government regains territory"
	NonStateOvertakes SubType = "Non-state actor overtakes territory"

	ChemicalWeapon  SubType = "Chemical weapon"
	AirDroneStrike  SubType = "Air/drone strike"
	SuicideBomb     SubType = "Suicide bomb"
	Shelling        SubType = "Shelling/artillery/missile attack"
	RemoteExplosive SubType = "Remote explosive/landmine/IED"
	Grenade         SubType = "Grenade"

	SexualViolence SubType = "Sexual violence"
	Attack         SubType = "Attack"
	Abduction      SubType = "Abduction/forced disappearance"

	PeacefulProtest         SubType = "Peaceful protest"
	ProtestWithIntervention SubType = "Protest with intervention"
	ExcessiveForce          SubType = "Excessive force against protesters"

	ViolentDemonstration SubType = "Violent demonstration"
	MobViolence          SubType = "Mob violence"

	Agreement          SubType = "Agreement"
	Arrests            SubType = "Arrests"
	ChangeToGroup      SubType = "Change to group/activity"
	DisruptedWeapons   SubType = "Disrupted weapons use"
	BaseEstablished    SubType = "Headquarters or base established"
	LootingDestruction SubType = "Looting/property destruction"
	NonViolentTransfer SubType = "Non-violent transfer of territory"
	OtherDevelopment   SubType = "Other"
)

// taxonomy lists the sub-types in ACLED's order, each with its type.
var taxonomy = [...]struct {
	sub SubType
	typ Type
}{
	{ArmedClash, Battles}, {GovernmentRegains, Battles}, {NonStateOvertakes, Battles},
	{ChemicalWeapon, ExplosionsRemote}, {AirDroneStrike, ExplosionsRemote}, {SuicideBomb, ExplosionsRemote},
	{Shelling, ExplosionsRemote}, {RemoteExplosive, ExplosionsRemote}, {Grenade, ExplosionsRemote},
	{SexualViolence, ViolenceCivilians}, {Attack, ViolenceCivilians}, {Abduction, ViolenceCivilians},
	{PeacefulProtest, Protests}, {ProtestWithIntervention, Protests}, {ExcessiveForce, Protests},
	{ViolentDemonstration, Riots}, {MobViolence, Riots},
	{Agreement, Strategic}, {Arrests, Strategic}, {ChangeToGroup, Strategic}, {DisruptedWeapons, Strategic},
	{BaseEstablished, Strategic}, {LootingDestruction, Strategic}, {NonViolentTransfer, Strategic}, {OtherDevelopment, Strategic},
}

// Types returns ACLED's six event types in ACLED's order.
func Types() []Type {
	return []Type{Battles, ExplosionsRemote, ViolenceCivilians, Protests, Riots, Strategic}
}

// SubTypes returns the sub-types of event type t in ACLED's order (all 25
// when t is ""), nil for a type that is not ACLED's.
func SubTypes(t Type) []SubType {
	var out []SubType
	for _, s := range taxonomy {
		if t == "" || s.typ == t {
			out = append(out, s.sub)
		}
	}
	return out
}

// Type returns the event type of a sub-type, "" when it is not ACLED's.
func (s SubType) Type() Type {
	for _, x := range taxonomy {
		if x.sub == s {
			return x.typ
		}
	}
	return ""
}

// Valid tells whether s is one of ACLED's sub-types.
func (s SubType) Valid() bool { return s.Type() != "" }

// Valid tells whether t is one of ACLED's event types.
func (t Type) Valid() bool {
	for _, x := range Types() {
		if x == t {
			return true
		}
	}
	return false
}

// ACLED actor-type (inter) codes.
const (
	InterState      = 1 // state forces
	InterRebel      = 2 // rebel groups
	InterPolitical  = 3 // political militias
	InterIdentity   = 4 // identity militias
	InterRioters    = 5
	InterProtesters = 6
	InterCivilians  = 7
	InterExternal   = 8 // external/other forces
)
