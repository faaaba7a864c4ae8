package event

// Event types, as ACLED spells them.
const (
	Battles           = "Battles"
	ExplosionsRemote  = "Explosions/Remote violence"
	ViolenceCivilians = "Violence against civilians"
	Protests          = "Protests"
	Riots             = "Riots"
	Strategic         = "Strategic developments"
)

// SubTypes lists ACLED's sub-event types by event type.
var SubTypes = map[string][]string{
	Battles:           {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
	ExplosionsRemote:  {"Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
	ViolenceCivilians: {"Sexual violence", "Attack", "Abduction/forced disappearance"},
	Protests:          {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
	Riots:             {"Violent demonstration", "Mob violence"},
	Strategic: {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
		"Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other"},
}

// TypeOf returns the event type of a sub-event type, or "" if it is not ACLED's.
func TypeOf(subType string) string {
	for t, subs := range SubTypes {
		for _, s := range subs {
			if s == subType {
				return t
			}
		}
	}
	return ""
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
