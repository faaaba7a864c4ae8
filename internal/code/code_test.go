package code_test

import (
	"github.com/sitrep/sitrep/internal/code/codetest"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
)

func read(tb testing.TB, text string, published string) []event.Event {
	tb.Helper()
	d := document.Document{ID: "t", Text: text}
	if published != "" {
		d.Published, _ = time.Parse(time.DateOnly, published)
	}
	return codetest.Coder(tb).Code(d)
}

// Reports written for these tests; each names what ACLED would code.
func TestCodeSubTypes(t *testing.T) {
	for _, c := range []struct {
		text, pub string
		sub       event.SubType // "" for no event
		actor1    string        // prefix
		actor2    string        // prefix; "-" for none
		fatal     int
		location  string
	}{
		{"On 3 May 2023, hundreds of teachers staged a peaceful rally in Khulna city, demanding higher pay.", "",
			"Peaceful protest", "Protesters (Bangladesh)", "-", 0, "Khulna"},
		{"On 3 May 2023, police fired tear gas and baton-charged students protesting fee hikes in Rajshahi city.", "",
			"Protest with intervention", "Protesters (Bangladesh)", "Police Forces of Bangladesh", 0, "Rajshahi"},
		{"On 3 May 2023, protesters hurled stones at police and set tyres ablaze in Sylhet city during a demonstration against fuel prices.", "",
			"Violent demonstration", "Rioters (Bangladesh)", "", 0, "Sylhet"},
		{"On 12 June 2019, police shot dead two demonstrators during a protest over water shortages in Kisumu.", "",
			"Excessive force against protesters", "Police Forces of Kenya", "Protesters (Kenya)", 2, "Kisumu"},
		{"On 4 July 2019, an angry mob lynched a suspected thief in Kakamega.", "",
			"Mob violence", "Rioters (Kenya)", "Civilians (Kenya)", 1, "Kakamega"},
		{"On 2 March 2020, Taliban fighters stormed a police checkpoint in Ghazni city, killing three officers.", "",
			"Armed clash", "Taliban", "Police Forces of Afghanistan", 3, "Ghazni"},
		{"On 9 March 2020, unknown gunmen shot dead a shopkeeper in Jalalabad city, Nangarhar.", "",
			"Attack", "Unidentified Armed Group (Afghanistan)", "Civilians (Afghanistan)", 1, "Jalalabad"},
		{"On 9 March 2020, gunmen abducted two aid workers near Kandahar.", "",
			"Abduction/forced disappearance", "Unidentified Armed Group", "Civilians", 0, "Kandahar"},
		{"On 5 March 2020, a roadside bomb struck a military vehicle in Lashkar Gah, wounding two soldiers.", "",
			"Remote explosive/landmine/IED", "", "", 0, "Lashkar Gah"},
		{"On 6 March 2020, a suicide bomber detonated his vest at a checkpoint in Kabul, killing at least 4 people.", "",
			"Suicide bomb", "", "", 4, "Kabul"},
		{"On 7 February 2020, Syrian warplanes carried out airstrikes on Saraqib.", "",
			"Air/drone strike", "Military Forces of Syria", "", 0, "Saraqib"},
		{"On 7 February 2020, government forces recaptured the town of Saraqib from rebels.", "",
			"Government regains territory", "Military Forces of Syria", "", 0, "Saraqib"},
		{"On 8 August 2019, police arrested five suspects in Garissa over the killing of a chief.", "",
			"Arrests", "Police Forces of Kenya", "", 0, "Garissa"},
		{"Arrests: On 8 August 2019, detectives detained a journalist in Nakuru.", "",
			"Arrests", "Police Forces of Kenya", "", 0, "Nakuru"},
		{"On 1 March 2020, police defused an explosive device found near a school in Mombasa.", "",
			"Disrupted weapons use", "", "", 0, "Mombasa"},
		// Not events.
		{"The opposition threatened to hold protests in Nairobi next week.", "2019-05-02", "", "", "", 0, ""},
		{"Police denied that anyone was killed in Mombasa.", "2019-05-02", "", "", "", 0, ""},
		{"No one was injured, and no attack took place in Mandera.", "2019-05-02", "", "", "", 0, ""},
	} {
		evs := read(t, c.text, c.pub)
		if c.sub == "" {
			if len(evs) != 0 {
				t.Errorf("%q: want no event, got %s", c.text, summary(evs))
			}
			continue
		}
		if len(evs) == 0 {
			t.Errorf("%q: no event, want %s", c.text, c.sub)
			continue
		}
		e := evs[0]
		if e.SubEventType != c.sub || !strings.HasPrefix(e.Actor1, c.actor1) ||
			(c.actor2 == "-" && e.Actor2 != "") || (c.actor2 != "-" && !strings.HasPrefix(e.Actor2, c.actor2)) ||
			e.Fatalities != c.fatal || !strings.Contains(e.Location, c.location) {
			t.Errorf("%q:\n got %s\nwant %s | %s | %s | %d | %s", c.text, summary(evs[:1]), c.sub, c.actor1, c.actor2, c.fatal, c.location)
		}
	}
}

func summary(evs []event.Event) string {
	var b []string
	for _, e := range evs {
		b = append(b, strings.Join([]string{string(e.SubEventType), e.Actor1, e.Actor2, e.Location, e.EventDate}, " | ")+
			" | killed "+itoa(e.Fatalities))
	}
	return strings.Join(b, "; ")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}

func TestDatesAndClaims(t *testing.T) {
	// Published on a Wednesday.
	evs := read(t, "Gunmen killed at least 5 villagers in Baga on Monday, according to local sources. Residents said the attackers reportedly came on motorbikes.", "2020-02-12")
	if len(evs) != 1 {
		t.Fatalf("want one event, got %s", summary(evs))
	}
	e := evs[0]
	if e.EventDate != "2020-02-10" || e.TimePrecision != 1 || e.DateSource != "text" {
		t.Errorf("date %s precision %d source %s, want 2020-02-10, 1, text", e.EventDate, e.TimePrecision, e.DateSource)
	}
	if e.FatalitiesLow != 5 || e.FatalitiesHigh != nil {
		t.Errorf("fatalities %d-%v, want 5 and open", e.FatalitiesLow, e.FatalitiesHigh)
	}
	if e.Claim.Source != "local sources" || e.Claim.SourceKind != "local" {
		t.Errorf("claim %+v, want local sources", e.Claim)
	}
	if _, ok := e.Fields["event_date"]; !ok {
		t.Errorf("no evidence for the date: %v", e.Fields)
	}
	// Without a date in the text, the publication date at precision 2, said so.
	evs = read(t, "Gunmen killed two farmers in Baga.", "2020-02-12")
	if len(evs) != 1 || evs[0].EventDate != "2020-02-12" || evs[0].TimePrecision != 2 || evs[0].DateSource != "published" {
		t.Errorf("undated report: %s (source %q)", summary(evs), evs[0].DateSource)
	}
	// Nor is a date invented when there is none.
	evs = read(t, "Gunmen killed two farmers in Baga.", "")
	if len(evs) != 1 || evs[0].EventDate != "" {
		t.Errorf("no date anywhere: %s", summary(evs))
	}
	// Injuries are not deaths.
	evs = read(t, "On 3 May 2023, twelve people were injured when police clashed with rioters in Bogra.", "")
	if len(evs) != 1 || evs[0].Fatalities != 0 || evs[0].Injuries == nil || evs[0].Injuries.Low != 12 {
		t.Errorf("injuries: %s %+v", summary(evs), evs)
	}
}

func TestFramingIsNotTheActor(t *testing.T) {
	evs := read(t, "On 10 February 2020, ‘moderate rebels’ of Hayat Tahrir al-Sham attacked army positions near Saraqib.", "")
	if len(evs) != 1 {
		t.Fatalf("got %s", summary(evs))
	}
	if !strings.HasPrefix(evs[0].Actor1, "Hayat Tahrir al-Sham") || len(evs[0].Claim.Framing) == 0 {
		t.Errorf("got %s framing %v", summary(evs), evs[0].Claim.Framing)
	}
}

func TestStableIDs(t *testing.T) {
	text := "On 2 March 2020, Taliban fighters stormed a police checkpoint in Ghazni city, killing three officers."
	a, b := read(t, text, ""), read(t, text, "")
	if len(a) == 0 || a[0].ID != b[0].ID || !strings.HasPrefix(a[0].ID, "ev_") {
		t.Fatalf("ids %v %v", a, b)
	}
}

func TestEvidenceSpansAreDistinct(t *testing.T) {
	// "aircraft" and "bombed" are two mentions of one clause: one span.
	text := "On 3 October 2015, government aircraft bombed a bakery in Talbiseh. The strike killed four people, medics said."
	for _, e := range read(t, text, "") {
		seen := map[[2]int]bool{}
		for _, s := range e.Evidence {
			k := [2]int{s.Start, s.End}
			if seen[k] {
				t.Errorf("%s: span %d-%d given twice in %v", e.SubEventType, s.Start, s.End, e.Evidence)
			}
			seen[k] = true
		}
	}
}

func TestEvidenceSpansPointAtTheText(t *testing.T) {
	text := "Résumé: on 2 March 2020, Taliban fighters stormed a checkpoint in Ghazni city, killing three officers."
	runes := []rune(text)
	for _, e := range read(t, text, "") {
		for _, s := range e.Evidence {
			if string(runes[s.Start:s.End]) != s.Text {
				t.Errorf("span %d-%d is %q, text says %q", s.Start, s.End, string(runes[s.Start:s.End]), s.Text)
			}
		}
		for f, s := range e.Fields {
			if string(runes[s.Start:s.End]) != s.Text {
				t.Errorf("%s span %d-%d is %q, text says %q", f, s.Start, s.End, string(runes[s.Start:s.End]), s.Text)
			}
		}
	}
}

// A text in another language is skipped when long enough to be sure and
// read, with a note, when short; English gets no note.
func TestForeignTextNote(t *testing.T) {
	c := codetest.Coder(t)
	short := "Des soldats ont été attaqués près de Mopti mardi."
	long := strings.Repeat("Les habitants du quartier ont raconté aux journalistes ce qu'ils avaient vu pendant la nuit. ", 4)
	for _, tc := range []struct {
		name, lang, text, note string
		events                 bool // may the text yield events
	}{
		{"short French", "fr", short, "looks like fr (ISO 639-1) but is too short", true},
		{"long French", "fr", long, "the text is in fr", false},
		{"English", "en", "Gunmen killed two traders near Mopti on Tuesday.", "", true},
		{"unknown", "", "Gunmen killed two traders near Mopti on Tuesday.", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd := c.Read(document.Document{ID: "doc-" + tc.lang, Lang: tc.lang, Text: tc.text})
			if tc.note == "" && rd.Note != "" || !strings.Contains(rd.Note, tc.note) {
				t.Errorf("note %q, want one containing %q", rd.Note, tc.note)
			}
			if rd.Note != "" && rd.Source != "doc-"+tc.lang {
				t.Errorf("note names %q, want the document's id", rd.Source)
			}
			if !tc.events && len(rd.Events) > 0 {
				t.Errorf("%d events from a text skipped", len(rd.Events))
			}
		})
	}
}
