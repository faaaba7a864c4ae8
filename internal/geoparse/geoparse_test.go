package geoparse

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/text"
)

var testParser = sync.OnceValue(func() *Parser {
	p, err := New(gazetteer.Default(), Options{})
	if err != nil {
		panic(err)
	}
	return p
})

// want describes the mention expected for a piece of text; empty fields are not checked.
type want struct {
	text     string
	country  string // of the place meant (or of its container, when unresolved)
	kind     gazetteer.Kind
	name     string // the gazetteer's name of the place, or of the container when unresolved
	resolved bool   // checked when true, or when unresolved is
	unres    bool
	near     bool
	demonym  bool
	prec     int
	in       string // text of the mention holding it; "-" for none
	actor    bool
	admin1   string // the name of the admin-1 region holding the place
}

func TestParse(t *testing.T) {
	p := testParser()
	g := p.Gazetteer()
	for _, c := range []struct {
		name string
		in   string
		want []want
		none []string // texts that must not come out as places
	}{
		{
			name: "Georgia the US state among American places",
			in:   "The storm hit Atlanta on Monday. Schools in Gainesville and Athens closed, and the governor of Georgia declared an emergency.",
			want: []want{{text: "Georgia", country: "US", kind: gazetteer.Admin1, resolved: true}, {text: "Atlanta", country: "US", resolved: true}},
		},
		{
			name: "Georgia the country near Russia",
			in:   "Russian troops crossed into Georgia from South Ossetia, and shelling was reported near Tbilisi.",
			want: []want{{text: "Georgia", country: "GE", kind: gazetteer.Country, resolved: true}, {text: "Tbilisi", country: "GE", near: true}},
		},
		{
			name: "Paris, France",
			in:   "Protesters marched through Paris on Saturday, and police in Lyon and Marseille braced for more.",
			want: []want{{text: "Paris", country: "FR", resolved: true}},
		},
		{
			name: "Paris, Texas",
			in:   "A tornado damaged homes in Paris, Texas, and the Lamar County sheriff said roads near Dallas were closed.",
			want: []want{{text: "Paris", country: "US", resolved: true, in: "Texas"}, {text: "Texas", kind: gazetteer.Admin1}},
		},
		{
			name: "Alexandria, Egypt",
			in:   "Clashes broke out in Alexandria and Cairo as Egyptian police dispersed protesters.",
			want: []want{{text: "Alexandria", country: "EG", resolved: true}, {text: "Egyptian", country: "EG", demonym: true, prec: 3}},
		},
		{
			name: "Alexandria, Virginia",
			in:   "The shooting happened in Alexandria, Va., a few miles from Arlington and Washington.",
			want: []want{{text: "Alexandria", country: "US", resolved: true}},
		},
		{
			name: "comma hierarchy with villages the gazetteer lacks",
			in:   "Al Shabaab suspects burned a water pump in Watamu, Dabaso, Kilifi, last night.",
			want: []want{
				{text: "Watamu", unres: true, country: "KE", name: "Kilifi", in: "Dabaso", prec: 3},
				{text: "Dabaso", unres: true, country: "KE", in: "Kilifi"},
				{text: "Kilifi", resolved: true, kind: gazetteer.Admin1, country: "KE"},
			},
			none: []string{"Al Shabaab"},
		},
		{
			name: "an unknown village is never matched to a look-alike",
			in:   "A mob attacked a man in Ikurungu village, Kirinyaga County.",
			want: []want{{text: "Ikurungu", unres: true, kind: gazetteer.Populated, name: "Kirinyaga"}, {text: "Kirinyaga", kind: gazetteer.Admin1, country: "KE"}},
		},
		{
			name: "X of Y district, province",
			in:   "A roadside mine hit a tractor in Dah Lak of Tarinkot district, Urozgan, on Friday.",
			want: []want{{text: "Dah Lak", unres: true, country: "AF", in: "Tarinkot", prec: 2}, {text: "Tarinkot", country: "AF", resolved: true}},
		},
		{
			name: "city - neighbourhood",
			in:   "Shopkeepers marched against rent rises in Dhaka - Dhanmondi this week.",
			want: []want{{text: "Dhaka", country: "BD", resolved: true}, {text: "Dhanmondi", country: "BD", name: "Dhaka", in: "Dhaka"}},
		},
		{
			name: "a country that names who acts does not make the document about it",
			in:   "U.S. forces raided a house in Tikrit.",
			want: []want{{text: "Tikrit", country: "IQ", resolved: true}},
		},
		{
			name: "a region's seat with a word for a province is the region; a country lies in no place",
			in:   "A depot was hit by the U.S.-led alliance in Raqqa province.",
			want: []want{{text: "Raqqa", country: "SY", kind: gazetteer.Admin1, resolved: true, prec: 3}, {text: "U.S.", kind: gazetteer.Country, in: "-", actor: true}},
		},
		{
			name: "an unknown name before a word for a body is a group",
			in:   "Rebels clashed with the Zerevani forces in Makhmur district.",
			want: []want{{text: "Makhmur", country: "IQ", resolved: true}},
			none: []string{"Zerevani"},
		},
		{
			name: "a person's hyphenated given names before a verb of saying are no places",
			in:   "The gunmen burned a church in Beni, civil society leader Jean-Paul Kasereka said.",
			want: []want{{text: "Beni", country: "CD", resolved: true}},
			none: []string{"Paul", "Jean"},
		},
		{
			name: "a title starts a place's name when a cue says it is one",
			in:   "Helicopters bombed the village of Sheikh Ghanem. Sheikh Hasina spoke of it.",
			want: []want{{text: "Sheikh Ghanem", unres: true}},
			none: []string{"Hasina"},
		},
		{
			name: "the A city of B puts B in A, the A area of B puts A in B",
			in:   "A shell fell in the Punjab city of Lahore. Youths rioted in the Kondele area of Kisumu.",
			want: []want{{text: "Lahore", country: "PK", resolved: true, in: "Punjab"}, {text: "Kondele", country: "KE", in: "Kisumu"}},
		},
		{
			name: "an unknown word before the settlement noun qualifies the town",
			in:   "A bomb went off in the Druze city of Suwayda.",
			want: []want{{text: "Suwayda", country: "SY", resolved: true, in: "-"}},
			none: []string{"Druze"},
		},
		{
			name: "a town the text puts in another area is not its namesake abroad",
			in:   "Garment workers blocked a road in Savar city (Dhaka) over unpaid wages.",
			want: []want{{text: "Savar", unres: true, country: "BD"}},
		},
		{
			name: "a square in a sentence about a city lies in that city, not by a namesake town far away",
			in:   "A car bomb went off near Copley Square in central Boston on Monday.",
			want: []want{{text: "Copley Square", unres: true, country: "US", name: "Boston", admin1: "Massachusetts"}},
		},
		{
			name: "near and directions",
			in:   "Turkish troops set up positions near Saraqib, southeast of Idlib city.",
			want: []want{{text: "Saraqib", country: "SY", near: true, prec: 2, resolved: true}, {text: "Idlib", near: true}},
		},
		{
			name: "province cue",
			in:   "Tanks were moved into the Syrian province of Idlib overnight.",
			want: []want{{text: "Idlib", kind: gazetteer.Admin1, country: "SY", prec: 3}, {text: "Syrian", demonym: true}},
		},
		{
			name: "dateline",
			in:   "SAN ANTONIO — Police arrested two men on Tuesday.",
			want: []want{{text: "SAN ANTONIO", country: "US", resolved: true}},
			none: []string{"Police"},
		},
		{
			name: "people, organisations, months and ordinary words",
			in:   "President George Washington met Mr. Paris in May. Hayat Tahrir al-Sham fighters and the New York Times reported it. Reading is fun, Nice said.",
			none: []string{"Washington", "Paris", "May", "al-Sham", "New York", "Reading", "Nice"},
		},
		{
			name: "surnames after a full name",
			in:   "Andrew Trapani produced the film. Trapani grew up in Saratoga, California.",
			want: []want{{text: "Saratoga", country: "US"}},
			none: []string{"Trapani"},
		},
		{
			name: "abbreviations need their dots, acronyms their capitals",
			in:   "He moved to Gainesville, Ga., from the US. Us and them. The APC won.",
			want: []want{{text: "Ga", kind: gazetteer.Admin1, country: "US"}, {text: "US", kind: gazetteer.Country}},
			none: []string{"Us", "APC"},
		},
		{
			name: "hyphenated names",
			in:   "Fighting along the Kenya-Somalia border displaced Dhaka-based workers.",
			want: []want{{text: "Kenya", kind: gazetteer.Country}, {text: "Somalia", kind: gazetteer.Country}, {text: "Dhaka", country: "BD"}},
		},
		{
			name: "chains of areas: the namesake abroad yields, even to a town named like its district",
			in:   "Teachers were beaten in Savar city (Savar, Dhaka). Rival camps fought at Char Kalia in Durgapur upazila (Sujanagar, Pabna, Rajshahi).",
			want: []want{{text: "Savar", unres: true, country: "BD"}, {text: "Durgapur", unres: true, country: "BD"}, {text: "Pabna", country: "BD", resolved: true}},
		},
		{
			name: "a town given a part in parentheses keeps its place",
			in:   "A van was torched in Gulistan area of Dhaka city (New Market) on Sunday.",
			want: []want{{text: "Dhaka", country: "BD", resolved: true}, {text: "Gulistan", unres: true, country: "BD"}},
		},
		{
			name: "a respelling in parentheses, coded as, Sadar",
			in:   "Two camps fought in Kalapara (Kala Para) upazila (Patuakhali, Barisal). A lorry was burned in Natore Sadar upazila (coded as Natore, Rajshahi).",
			want: []want{{text: "Kalapara", unres: true, country: "BD", in: "Patuakhali"}, {text: "Natore", country: "BD", resolved: true}},
			none: []string{"Kala", "Kala Para"},
		},
		{
			name: "names of newspapers and unions are no places",
			in:   "A reporter for Prothom Alo was beaten in Thakurgaon city, and the Bangladesh Federal Union of Journalists called a rally.",
			want: []want{{text: "Thakurgaon", country: "BD"}},
			none: []string{"Alo", "Federal"},
		},
		{
			name: "a district known only by a variant spelling, inside its province",
			in:   "A guard post came under fire in Dawlat Abad district, Balkh, overnight.",
			want: []want{{text: "Dawlat Abad", country: "AF", kind: gazetteer.Admin2, resolved: true}},
		},
		{
			name: "a district joined by the ezafe, known by its skeleton, holds the village before it",
			in:   "Farmers fled the shooting in Loy Kalay of Nawa-e Barakzayi district, Helmand.",
			want: []want{{text: "Loy Kalay", unres: true, country: "AF", name: "Nāwah-ye Bārakzaī"}, {text: "Nawa-e Barakzayi", kind: gazetteer.Admin2, resolved: true}},
		},
		{
			name: "unknown names after in, at, near; lists; features",
			in: "Crowds gathered in Awasi for a second day. Lecturers at Moi university went on strike. " +
				"Mortars landed on the hamlets of Kafr Salim and Umm Harba. Troops took Biju Hill near Kabul and police met marchers in Taksim Square.",
			want: []want{{text: "Awasi", unres: true}, {text: "Umm Harba", unres: true}, {text: "Biju Hill", unres: true, kind: gazetteer.Site, in: "Kabul"},
				{text: "Taksim Square", unres: true, kind: gazetteer.Site}},
			none: []string{"Moi"},
		},
		{
			name: "a country that acts is its state",
			in:   "Russia said it would expel diplomats, and China's foreign ministry protested. U.S. officials flew to Kenya.",
			want: []want{{text: "Russia", actor: true}, {text: "China", actor: true}, {text: "U.S.", actor: true}, {text: "Kenya", kind: gazetteer.Country}},
		},
		{
			name: "state abbreviations and demonyms that are also other names",
			in:   "CHARLESTON, W.Va. -- Canadian officials met in Huntington, W. Va., on Monday.",
			want: []want{{text: "W.Va", kind: gazetteer.Admin1, name: "West Virginia"}, {text: "Huntington", admin1: "West Virginia"}, {text: "Canadian", demonym: true}},
		},
		{
			name: "streets and peoples are not their places",
			in:   "The fire at 6016 Dublin Road spread. Turkana raiders stole cattle in Kenya.",
			want: []want{{text: "Kenya", kind: gazetteer.Country}},
			none: []string{"Dublin", "Turkana"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := text.Analyze(c.in)
			ms := p.Parse(d)
			byText := map[string]Mention{}
			for _, m := range ms {
				if _, ok := byText[m.Text]; !ok {
					byText[m.Text] = m
				}
				if got := d.Slice(m.Span); got != m.Text {
					t.Errorf("span %v of %q slices %q", m.Span, m.Text, got)
				}
			}
			describe := func() string {
				var b strings.Builder
				for _, m := range ms {
					name := ""
					if m.Ref.Valid() {
						pl := g.Place(m.Ref)
						name = pl.Name + "/" + pl.Country + "/" + pl.Kind.String()
					}
					b.WriteString(m.Text + "→" + name + "; ")
				}
				return b.String()
			}
			for _, w := range c.want {
				m, ok := byText[w.text]
				if !ok {
					t.Errorf("%q not found; got %s", w.text, describe())
					continue
				}
				var pl gazetteer.Place
				if m.Ref.Valid() {
					pl = g.Place(m.Ref)
				}
				switch {
				case w.country != "" && pl.Country != w.country:
					t.Errorf("%q in %q, want %q; got %s", w.text, pl.Country, w.country, describe())
				case w.kind != 0 && m.Kind != w.kind:
					t.Errorf("%q is a %v, want %v", w.text, m.Kind, w.kind)
				case w.name != "" && pl.Name != w.name:
					t.Errorf("%q is %q, want %q", w.text, pl.Name, w.name)
				case w.resolved && !m.Resolved, w.unres && m.Resolved:
					t.Errorf("%q resolved %v, want %v; got %s", w.text, m.Resolved, w.resolved, describe())
				case m.Near != w.near && w.near:
					t.Errorf("%q near %v, want %v", w.text, m.Near, w.near)
				case m.Demonym != w.demonym:
					t.Errorf("%q demonym %v, want %v", w.text, m.Demonym, w.demonym)
				case w.prec != 0 && m.Precision != w.prec:
					t.Errorf("%q precision %d, want %d", w.text, m.Precision, w.prec)
				case w.in == "-" && m.In >= 0, w.in != "" && w.in != "-" && (m.In < 0 || ms[m.In].Text != w.in):
					t.Errorf("%q held by %d, want %q; got %s", w.text, m.In, w.in, describe())
				case m.Actor != w.actor:
					t.Errorf("%q actor %v, want %v", w.text, m.Actor, w.actor)
				case w.admin1 != "" && (!m.Ref.Valid() || !g.Admin1Of(m.Ref).Valid() || g.Place(g.Admin1Of(m.Ref)).Name != w.admin1):
					t.Errorf("%q not in %s; got %s", w.text, w.admin1, describe())
				}
			}
			for _, n := range c.none {
				for _, m := range ms {
					if m.Text == n || strings.Contains(n, " ") && strings.Contains(n, m.Text) {
						t.Errorf("%q came out as a place; got %s", m.Text, describe())
					}
				}
			}
		})
	}
}

func TestUserLexicon(t *testing.T) {
	dir := t.TempDir()
	in := "Protesters gathered in Kilifi."
	p, err := New(gazetteer.Default(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if ms := p.Parse(text.Analyze(in)); len(ms) != 1 {
		t.Fatalf("want Kilifi, got %v", ms)
	}
	os.WriteFile(filepath.Join(dir, LexiconFile), []byte("never\tkilifi\n"), 0o644)
	if p, err = New(gazetteer.Default(), Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if ms := p.Parse(text.Analyze(in)); len(ms) != 0 {
		t.Errorf("the user's never-a-place entry was ignored: %v", ms)
	}
	os.WriteFile(filepath.Join(dir, LexiconFile), []byte("never kilifi\n"), 0o644)
	if _, err := New(gazetteer.Default(), Options{Dir: dir}); err == nil || !strings.Contains(err.Error(), "geoparse.tsv:1") {
		t.Errorf("a malformed lexicon line: %v", err)
	}
}

// The roles that were word lists in the code take the user's words too: a
// unit of distance the default lacks before "from" puts the town near.
func TestUserDistance(t *testing.T) {
	const in = "Gunmen struck 5 leagues from Kilifi."
	near := func(p *Parser) bool {
		for _, m := range p.Parse(text.Analyze(in)) {
			if m.Text == "Kilifi" {
				return m.Near
			}
		}
		t.Fatalf("%q: no Kilifi", in)
		return false
	}
	p, err := New(gazetteer.Default(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if near(p) {
		t.Fatal("leagues is no unit of distance by default")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, LexiconFile), []byte("distance-from\tleagues\n"), 0o644)
	if p, err = New(gazetteer.Default(), Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if !near(p) {
		t.Error("with the user's distance-from leagues, Kilifi should be near")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"A boat was stolen in Watamu, Dabaso, Kilifi.",
		"SAN ANTONIO — Police in Dhaka - Dhanmondi (Dhaka, Dhaka) and al-Bab, Aleppo's Ma'arat al-Nu'man.",
		"Kenya-Somalia U.S. Gen. St. Louis Cox's Bazar ROME, (AP) The Hague",
		"\xff\xfe ’s -- ( , ) of",
	} {
		f.Add(s)
	}
	p := testParser()
	f.Fuzz(func(t *testing.T, in string) {
		d := text.Analyze(in)
		ms := p.Parse(d)
		n := utf8.RuneCountInString(in)
		for i, m := range ms {
			if m.Span.Start < 0 || m.Span.End > n || m.Span.Start >= m.Span.End {
				t.Fatalf("bad span %v in %d code points", m.Span, n)
			}
			if m.Sentence < 0 || m.Sentence >= len(d.Sentences) || m.Start < 0 || m.End > len(d.Sentences[m.Sentence].Tokens) || m.Start >= m.End {
				t.Fatalf("bad token range %d:%d-%d", m.Sentence, m.Start, m.End)
			}
			if m.In >= len(ms) || m.In == i {
				t.Fatalf("bad In %d", m.In)
			}
			if m.Precision < 1 || m.Precision > 3 || m.Confidence < 0 || m.Confidence > 1 {
				t.Fatalf("bad precision %d or confidence %v", m.Precision, m.Confidence)
			}
			if m.Resolved && !m.Ref.Valid() {
				t.Fatalf("resolved without a place")
			}
		}
	})
}

func TestHint(t *testing.T) {
	p := testParser()
	g := p.Gazetteer()
	d := text.Analyze("Residents protested in Salima village over land.")
	country := func(ms []Mention) string {
		for _, m := range ms {
			if m.Text == "Salima" && m.Ref.Valid() {
				return g.Place(m.Ref).Country
			}
		}
		return ""
	}
	if c := country(p.Parse(d)); c != "MW" {
		t.Errorf("without a hint Salima is in %q, want Malawi's", c)
	}
	ms := p.ParseHint(d, Hint{Country: "ke"})
	if c := country(ms); c != "KE" || ms[0].Resolved {
		t.Errorf("with a Kenya hint Salima is in %q (resolved %v), want an unresolved Kenyan village", c, ms[0].Resolved)
	}
}

func TestHintAreas(t *testing.T) {
	p := testParser()
	g := p.Gazetteer()
	// Boni is only an Indonesian town in the gazetteer: a report of a
	// group of the Sahel does not happen there.
	d := text.Analyze("Fighters took over the town of Boni.")
	find := func(ms []Mention) *Mention {
		for i := range ms {
			if ms[i].Text == "Boni" {
				return &ms[i]
			}
		}
		return nil
	}
	m := find(p.Parse(d))
	if m == nil || !m.Resolved || g.Place(m.Ref).Country != "ID" {
		t.Fatalf("without areas: %+v, want Boni in Indonesia", m)
	}
	m = find(p.ParseHint(d, Hint{Areas: []string{"ML", "BF", "NE"}}))
	if m == nil || m.Resolved || m.Ref.Valid() {
		t.Fatalf("with Sahel areas: %+v, want an unresolved Boni with no area", m)
	}
}
