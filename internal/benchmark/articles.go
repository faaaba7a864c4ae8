package benchmark

import (
	"bufio"
	_ "embed"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

//go:embed data/articles.txt
var articlesData string

// Articles writes a stream of made-up news articles, article-length and
// telling about EventsPer happenings each, for ingest benchmarks. The
// stream moves on in time (DocsPerDay articles a day) as a real one does,
// and about half the happenings an article tells were told by an earlier
// article (other words, another outlet, a toll that differs), so that
// fusion has work as in real news. The i-th article depends only on i
// and the seed.
type Articles struct {
	Seed       uint64
	EventsPer  int       // happenings per article; 0 means 7
	DocsPerDay int       // articles per day; 0 means 300
	Start      time.Time // the first day; zero means 2023-01-01
	parts      articleParts
}

type place struct{ town, province, country string }

type articleParts struct {
	places                                     []place
	events, vague, headlines, fillers, outlets []string
}

// happening is what several articles may tell of.
type happening struct {
	place int
	day   int // days after Start
	kind  int // index into events
	toll  int
}

// NewArticles reads the embedded parts articles are written from.
func NewArticles(seed uint64) (*Articles, error) {
	a := &Articles{Seed: seed}
	sc := bufio.NewScanner(strings.NewReader(articlesData))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, rest, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("articles.txt:%d: no tab", n)
		}
		p := &a.parts
		switch kind {
		case "place":
			f := strings.Split(rest, "\t")
			if len(f) != 3 {
				return nil, fmt.Errorf("articles.txt:%d: a place is town, province, country", n)
			}
			p.places = append(p.places, place{f[0], f[1], f[2]})
		case "event":
			p.events = append(p.events, rest)
		case "vague":
			p.vague = append(p.vague, rest)
		case "headline":
			p.headlines = append(p.headlines, rest)
		case "filler":
			p.fillers = append(p.fillers, rest)
		case "outlet":
			p.outlets = append(p.outlets, rest)
		default:
			return nil, fmt.Errorf("articles.txt:%d: unknown kind %q", n, kind)
		}
	}
	p := &a.parts
	if len(p.places) == 0 || len(p.events) == 0 || len(p.vague) == 0 || len(p.headlines) == 0 || len(p.fillers) == 0 || len(p.outlets) == 0 {
		return nil, fmt.Errorf("articles.txt lacks a kind of part")
	}
	return a, nil
}

func (a *Articles) eventsPer() int  { return cmp0(a.EventsPer, 7) }
func (a *Articles) docsPerDay() int { return cmp0(a.DocsPerDay, 300) }
func cmp0(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

func (a *Articles) start() time.Time {
	if a.Start.IsZero() {
		return time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return a.Start
}

// happening returns the j-th happening of day d: the same for every
// article that tells of it.
func (a *Articles) happening(d, j int) happening {
	r := rand.New(rand.NewPCG(a.Seed^uint64(d)<<20^uint64(j), 0x5eed))
	return happening{place: r.IntN(len(a.parts.places)), day: d, kind: r.IntN(len(a.parts.events)), toll: 1 + r.IntN(40)}
}

// Article is the i-th article: its title, outlet, publication date and text.
func (a *Articles) Article(i int) (title, outlet string, published time.Time, body string) {
	r := rand.New(rand.NewPCG(a.Seed, uint64(i)))
	p := &a.parts
	today := i / a.docsPerDay()
	published = a.start().AddDate(0, 0, today).Add(time.Duration(6+r.IntN(14)) * time.Hour)
	// Happenings of the last three days: a day has few enough that
	// several articles tell each one.
	perDay := max(1, a.docsPerDay()*a.eventsPer()/8)
	var hs []happening
	for range a.eventsPer() {
		d := max(0, today-r.IntN(3))
		hs = append(hs, a.happening(d, r.IntN(perDay)))
	}
	var b strings.Builder
	date := func(h happening) string {
		return "on " + a.start().AddDate(0, 0, h.day).Format("2 January 2006")
	}
	toll := func(h happening) int { // reports differ a little
		switch r.IntN(4) {
		case 0:
			return max(1, h.toll-r.IntN(3))
		case 1:
			return h.toll + r.IntN(5)
		}
		return h.toll
	}
	first := p.places[hs[0].place]
	title = fmt.Sprintf(p.headlines[r.IntN(len(p.headlines))], first.town, "", hs[0].toll)
	fmt.Fprintf(&b, "%s\n\n", title)
	filler := func(n int) {
		for range n {
			b.WriteString(p.fillers[r.IntN(len(p.fillers))])
			b.WriteByte(' ')
		}
	}
	for k, h := range hs {
		pl := p.places[h.place]
		fmt.Fprintf(&b, p.events[h.kind], pl.town, date(h), toll(h), pl.province)
		b.WriteByte(' ')
		filler(2 + r.IntN(3))
		if k%3 == 2 {
			v := p.vague[r.IntN(len(p.vague))]
			fmt.Fprintf(&b, v, pl.town, date(h), 2+r.IntN(30), pl.province)
			b.WriteByte(' ')
		}
		b.WriteString("\n\n")
	}
	// A reference that makes every article's text its own.
	fmt.Fprintf(&b, "Reporting by desk %d, file %d.\n", r.IntN(90)+10, i)
	return title, p.outlets[r.IntN(len(p.outlets))], published, b.String()
}
