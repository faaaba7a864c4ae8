package extract

import "strings"

// Class is what a trigger says happened; triggers.txt names them.
type Class uint8

const (
	Protest Class = iota + 1
	Strike
	Riot
	Mob
	Clash
	Attack
	Kill
	Injure
	Shoot
	Beat
	Abduct
	Rape
	Arrest
	Intervene
	Vandal
	Arson
	Loot
	Stones
	Block
	Capture
	Recapture
	Withdraw
	Air
	Shelling
	IED
	Suicide
	Grenade
	Chemical
	Defuse
	Agreement
	Deploy
	Base
	ChangeGroup
	OtherDev
	None // a phrase that only looks like a trigger ("battle tanks", "riot police")
	numClasses
)

var classNames = [numClasses]string{"", "protest", "strike", "riot", "mob", "clash", "attack", "kill", "injure", "shoot", "beat",
	"abduct", "rape", "arrest", "intervene", "vandal", "arson", "loot", "stones", "block", "capture", "recapture", "withdraw",
	"air", "shelling", "ied", "suicide", "grenade", "chemical", "defuse", "agreement", "deploy", "base", "changegroup", "other", "none"}

func (c Class) String() string {
	if c < numClasses {
		return classNames[c]
	}
	return "?"
}

func classNamed(s string) (Class, bool) {
	for i, n := range classNames {
		if n == s && i > 0 {
			return Class(i), true
		}
	}
	return 0, false
}

// Classes is a set of classes.
type Classes uint64

func (s Classes) Has(c Class) bool { return s&(1<<c) != 0 }
func (s *Classes) Add(c Class)     { *s |= 1 << c }
func (s Classes) Any(cs ...Class) bool {
	for _, c := range cs {
		if s.Has(c) {
			return true
		}
	}
	return false
}

func (s Classes) String() string {
	var b []string
	for c := Class(1); c < numClasses; c++ {
		if s.Has(c) {
			b = append(b, c.String())
		}
	}
	return strings.Join(b, ",")
}

// Groups of classes, by what they tell.
var (
	weaponClasses = []Class{Suicide, Chemical, Air, Grenade, Shelling, IED}
	demoClasses   = []Class{Protest, Strike, Riot, Mob}
)

// Cue is a word that qualifies what is said rather than saying it happened.
type Cue uint8

const (
	Hedge Cue = iota + 1
	Attrib
	SayVerb
	Negation
	Denial
	Irrealis
	Framing
)

var cueNames = map[string]Cue{"hedge": Hedge, "attrib": Attrib, "sayverb": SayVerb, "negation": Negation,
	"denial": Denial, "irrealis": Irrealis, "framing": Framing}
