package code_test

import (
	"github.com/sitrep/sitrep/internal/code/codetest"
	"testing"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
)

// FuzzCode feeds arbitrary text through reading and coding: it must not
// panic, every event must be of ACLED's taxonomy, and every span must point
// at the text it quotes.
func FuzzCode(f *testing.F) {
	f.Add("On 3 March 2020, ‘liberation units’ attacked posts near Taftanaz. At least 9 soldiers were said to have died.")
	f.Add("Police fired tear gas at protesters in Kisumu; 2 dead, 1-2 injured.\n\nNo one was arrested.")
	f.Add("KAMPALA, 14 March 2024 — rebels seized Bweyale.")
	f.Add("\u00a0\u200b«»\"'’s - — … U.S. 05/09/2020 between 1,200 and 1,500")
	// The conventions' own paths: disruptions, exchanges, routs, bases, misfires, accidents.
	f.Add("Two drones were shot down; sappers defused an IED. The bomb detonated prematurely, killing 2 of them.")
	f.Add("Indian and Pakistani troops traded artillery and rocket fire with small arms, shots in both directions.")
	f.Add("Soldiers drove the rebels out of Kidal and set up a new military base; the police seized three suspects.")
	f.Add("A gas cylinder explosion killed four; residents then set fire to a lorry. Nine were arrested after they burned it.")
	// One event a day and a place: stretches of days, ranges, lists the gazetteer lacks.
	f.Add("Traders protested for seven days in Kiriko and Gatwiri areas of Kiambu, a two-day strike, 3-4 May; 5 killed.")
	f.Add("21 May. Rivals clashed over three days; the second of four days of marches. Police responded, killing two.")
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			return // the document stage repairs or refuses invalid text before coding
		}
		runes := []rune(in)
		ids := map[string]bool{}
		for _, e := range codetest.Coder(t).Code(document.Document{ID: "f", Text: in}) {
			if ids[e.ID] {
				t.Fatalf("event id %s given twice: the store refuses such a document", e.ID)
			}
			ids[e.ID] = true
			if e.SubEventType.Type() != e.EventType || e.EventType == "" {
				t.Fatalf("sub-type %q under %q", e.SubEventType, e.EventType)
			}
			check := func(s event.Span) {
				if s.Start < 0 || s.End > len(runes) || s.Start > s.End || string(runes[s.Start:s.End]) != s.Text {
					t.Fatalf("span %d-%d %q does not point at the text", s.Start, s.End, s.Text)
				}
			}
			for _, s := range e.Evidence {
				check(s)
			}
			for _, s := range e.Fields {
				check(s)
			}
		}
	})
}
