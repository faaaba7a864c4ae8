package extract_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/gazetteer"
)

var x = func() *extract.Extractor {
	x, err := extract.New(gazetteer.Default(), "")
	if err != nil {
		panic(err)
	}
	return x
}()

func name(a *extract.ActorRef) string {
	if a == nil {
		return "-"
	}
	return a.Text
}

// Sentences written for these tests, each with the head mention expected.
func TestMentions(t *testing.T) {
	for _, c := range []struct {
		in             string
		class          string // "" for no mention
		agent, patient string
		killed         int
		hedged         bool
		source         string
	}{
		{"Taliban militants attacked a police checkpoint.", "attack", "Taliban militants", "police checkpoint", 0, false, ""},
		{"Three policemen were killed by Taliban militants.", "kill", "Taliban militants", "policemen", 3, false, ""},
		{"Three policemen were killed.", "kill", "-", "policemen", 3, false, ""},
		{"At least 5 soldiers were reportedly killed.", "kill", "-", "soldiers", 5, true, ""},
		{"Police dispersed the protesters, witnesses said.", "intervene", "Police", "protesters", 0, false, "witnesses"},
		{"According to local sources, gunmen abducted two teachers.", "abduct", "gunmen", "teachers", 0, false, "local sources"},
		{"Villagers stabbed two men to death.", "kill", "Villagers", "men", 2, false, ""},
		{"Two herders were wounded after an attack by Al Shabaab fighters.", "injure", "Al Shabaab fighters", "herders", 0, false, ""},
		{"Clashes between Pokot and Turkana herders left four dead.", "clash", "Pokot", "Turkana herders", 4, false, ""},
		// No mention: negated, planned, denied, or a thing named like an event.
		{"No one was killed.", "", "", "", 0, false, ""},
		{"The rebels threatened to attack the town.", "", "", "", 0, false, ""},
		{"The army denied that it shelled the village.", "", "", "", 0, false, ""},
		{"The convoy included two battle tanks.", "", "", "", 0, false, ""},
		{"Riot police stood by.", "", "", "", 0, false, ""},
	} {
		r := x.Extract(extract.Input{Text: c.in, Published: time.Date(2020, 3, 4, 0, 0, 0, 0, time.UTC)})
		if c.class == "" {
			if len(r.Mentions) != 0 {
				t.Errorf("%q: want no mention, got %s", c.in, r.Mentions[0].Class)
			}
			continue
		}
		if len(r.Mentions) == 0 {
			t.Errorf("%q: no mention, want %s", c.in, c.class)
			continue
		}
		m := r.Mentions[0]
		got := []string{m.Class.String(), name(m.Agent), name(m.Patient)}
		want := []string{c.class, c.agent, c.patient}
		if m.Patient == nil && m.Victim != nil {
			got[2] = name(m.Victim)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%q: got %q, want %q", c.in, got, want)
		}
		k := 0
		if m.Killed != nil {
			k = m.Killed.Low
		}
		if k != c.killed {
			t.Errorf("%q: killed %d, want %d", c.in, k, c.killed)
		}
		hedged := m.Claim.Hedged || m.Killed != nil && m.Killed.Hedged
		if hedged != c.hedged || m.Claim.Source != c.source {
			t.Errorf("%q: hedged %v source %q, want %v %q", c.in, hedged, m.Claim.Source, c.hedged, c.source)
		}
	}
}

func TestScareQuotesFrame(t *testing.T) {
	r := x.Extract(extract.Input{Text: "The army shelled ‘peaceful’ militants of Hayat Tahrir al-Sham near Saraqib."})
	if len(r.Mentions) == 0 || len(r.Mentions[0].Claim.Framing) == 0 {
		t.Fatalf("want the scare-quoted actor recorded as framing: %+v", r.Mentions)
	}
}

func TestDefaultDateComesFromTheText(t *testing.T) {
	pub := time.Date(2020, 2, 11, 0, 0, 0, 0, time.UTC)
	r := x.Extract(extract.Input{Text: "During the last few days, the army moved troops into Idlib.", Published: pub})
	if r.DefaultDate.Format(time.DateOnly) != "2020-02-09" || r.DefaultPrec != 2 || r.DefaultDateSpan == nil {
		t.Fatalf("default date %v precision %d span %v", r.DefaultDate, r.DefaultPrec, r.DefaultDateSpan)
	}
	r = x.Extract(extract.Input{Text: "KAMPALA, 14 March 2024 — Troops recaptured Bweyale on Tuesday."})
	if len(r.Mentions) == 0 || r.Mentions[0].Date == nil || r.Mentions[0].Date.Day.Format(time.DateOnly) != "2024-03-12" {
		t.Fatalf("a dateline dates the report: %+v", r.Mentions)
	}
}

func TestLocate(t *testing.T) {
	for _, c := range []struct{ in, verb, want string }{
		{"Gunmen killed two farmers in Baga on Monday.", "killed", "Baga"},
		{"A bomb exploded in Baghdad's Adhamiyah district, killing five.", "exploded", "Adhamiyah"},
		{"A man was shot in Baghdad's mostly Sunni district of Karkh.", "shot", "Karkh"},
		{"A shell fell on a school in the Punjab city of Lahore.", "fell", "Lahore"},
		{"Helicopters bombed the village of Sheikh Ghanem in Aleppo province.", "bombed", "Sheikh Ghanem"},
		{"Ankara says the army attacked militants.", "attacked", ""},
	} {
		i := strings.Index(c.in, c.verb)
		start := len([]rune(c.in[:i]))
		spans := x.Locate(c.in, textSpan(start, start+len([]rune(c.verb))))
		got := ""
		if len(spans) > 0 {
			got = string([]rune(c.in)[spans[0].Start:spans[0].End])
		}
		if got != c.want {
			t.Errorf("%q: located at %q, want %q", c.in, got, c.want)
		}
	}
}
