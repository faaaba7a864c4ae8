package evaluate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sitrep/sitrep/internal/code"
	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/extract"
	"github.com/sitrep/sitrep/internal/gazetteer"
	"github.com/sitrep/sitrep/internal/geoparse"
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/text"
)

// Sections are the parts of a run, in the order Run prints them by default.
var Sections = []string{"seed", "news", "acled", "geoparsing", "location", "boilerplate"}

// RunOptions configures Run.
type RunOptions struct {
	Shared   string          // the shared folder holding eval/ and corpus/
	Sections []string        // which to run (see Sections); nil: all
	Limit    int             // score only the first N documents of each file (0: all)
	Misses   io.Writer       // when not nil, the events missed and wrongly found, per document, as JSON Lines
	Stack    *pipeline.Stack // what reads
}

// ErrUnknownSection is wrapped by the error of a section Run does not know.
var ErrUnknownSection = errors.New("unknown section")

// Run scores sitrep against the gold files in the shared folder and writes
// the report to out, section by section.
func Run(ctx context.Context, out io.Writer, opt RunOptions) error {
	sections := opt.Sections
	if len(sections) == 0 {
		sections = Sections
	}
	for _, s := range sections {
		if !slices.Contains(Sections, strings.TrimSpace(s)) {
			return fmt.Errorf("%w %q (want %s)", ErrUnknownSection, s, strings.Join(Sections, ", "))
		}
	}
	dir := filepath.Join(opt.Shared, "eval")
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("no evaluation data at %s: %w", dir, err)
	}
	coder, err := opt.Stack.Coder()
	if err != nil {
		return err
	}
	x, err := opt.Stack.Extractor()
	if err != nil {
		return err
	}
	g, err := opt.Stack.Gazetteer()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	ev := &evaluator{dir: dir, coder: coder, x: x, gaz: g, stack: opt.Stack, limit: opt.Limit, out: tw, misses: opt.Misses}
	for _, section := range sections {
		start := time.Now()
		var err error
		switch strings.TrimSpace(section) {
		case "seed":
			err = ev.seed(ctx)
		case "news":
			err = ev.news(ctx)
		case "acled":
			err = ev.acled(ctx)
		case "geoparsing":
			err = ev.geoparsing(ctx)
		case "location":
			err = ev.location(ctx)
		case "boilerplate":
			err = ev.boilerplate(ctx)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", section, err)
		}
		fmt.Fprintf(tw, "\t(%s in %.1fs)\n\n", section, time.Since(start).Seconds())
		tw.Flush()
	}
	return nil
}

type evaluator struct {
	dir    string
	coder  *code.Coder
	x      *extract.Extractor
	gaz    *gazetteer.Gazetteer
	stack  *pipeline.Stack
	limit  int
	out    *tabwriter.Writer
	misses io.Writer
}

type coded struct {
	id     string
	events []event.Event
}

// code runs the pipeline on gold documents, on all cores.
func (ev *evaluator) code(ctx context.Context, docs []GoldDoc) (map[string][]event.Event, error) {
	pred := make(map[string][]event.Event, len(docs))
	err := pipeline.Map(ctx, 0,
		func(yield func(*GoldDoc) error) error {
			for i := range docs {
				if err := yield(&docs[i]); err != nil {
					return err
				}
			}
			return nil
		},
		func(g *GoldDoc) coded {
			d := document.Document{ID: g.ID, Text: g.Text, Title: g.Title, Outlet: g.Outlet, URL: g.URL}
			if g.Published != nil {
				d.Published, _ = time.Parse(time.DateOnly, *g.Published)
			}
			return coded{g.ID, ev.coder.Code(d)}
		},
		func(c coded) error {
			pred[c.id] = c.events
			return nil
		})
	return pred, err
}

func (ev *evaluator) readGold(name string) ([]GoldDoc, error) {
	docs, err := ReadGold(filepath.Join(ev.dir, name))
	if err != nil {
		return nil, err
	}
	if ev.limit > 0 && len(docs) > ev.limit {
		docs = docs[:ev.limit]
	}
	return docs, nil
}

func (ev *evaluator) admin1() func(lat, lon float64) string {
	g := ev.gaz
	return func(lat, lon float64) string {
		r, _, ok := g.Nearest(lat, lon, 500)
		if !ok {
			return ""
		}
		p := g.Place(r)
		return p.Country + "." + p.Admin1
	}
}

func (ev *evaluator) seed(ctx context.Context) error {
	docs, err := ev.readGold("seed.gold.json")
	if err != nil {
		return err
	}
	pred, err := ev.code(ctx, docs)
	if err != nil {
		return err
	}
	s := ScoreEvents(docs, pred, Options{Admin1: ev.admin1()})
	ev.writeMisses(s)
	ev.printEvents("seed report", s)
	// The seed's own checks.
	p := pred[docs[0].ID]
	required := s.Gold
	fmt.Fprintf(ev.out, "  required events found\t%d of %d\n", s.TP, required)
	var turkish *event.Event
	for i := range p {
		if p[i].FatalitiesLow == 5 && strings.Contains(p[i].Actor2, "Turkey") {
			turkish = &p[i]
		}
	}
	if turkish != nil {
		fmt.Fprintf(ev.out, "  5 Turkish personnel killed\tlow %d, high %s, hedged %v\n", turkish.FatalitiesLow, highStr(turkish.FatalitiesHigh), turkish.Claim.Hedged)
	} else {
		fmt.Fprintf(ev.out, "  5 Turkish personnel killed\tnot found\n")
	}
	trailer := 0
	from := docs[0].Text
	if i := strings.Index(from, "Note to readers"); i >= 0 {
		cut := len([]rune(from[:i]))
		for _, e := range p {
			for _, sp := range e.Evidence {
				if sp.Start >= cut {
					trailer++
				}
			}
		}
	}
	fmt.Fprintf(ev.out, "  events read from the trailer\t%d\n", trailer)
	return nil
}

func highStr(h *int) string {
	if h == nil {
		return "open"
	}
	return fmt.Sprint(*h)
}

// news scores whole news articles, where what matters besides F1 is the
// article: one event told three times is one, background is none.
func (ev *evaluator) news(ctx context.Context) error {
	docs, err := ev.readGold("news-dev.jsonl")
	if err != nil {
		return err
	}
	pred, err := ev.code(ctx, docs)
	if err != nil {
		return err
	}
	s := ScoreEvents(docs, pred, Options{Admin1: ev.admin1()})
	ev.writeMisses(s)
	ev.printEvents("news-dev (whole articles)", s)
	p, g := s.EventsPerDoc()
	fmt.Fprintf(ev.out, "  events per article\t%.2f predicted, %.2f in gold\n", p, g)
	fmt.Fprintf(ev.out, "  no-event articles yielding events\t%s\n", showRatio(s.IrrelevantFalseAlarm))
	fmt.Fprintf(ev.out, "  article deaths within 20 %%\t%s\n", showRatio(s.DocFatalitiesWithin20))
	return nil
}

func (ev *evaluator) acled(ctx context.Context) error {
	docs, err := ev.readGold("acled-dev.jsonl")
	if err != nil {
		return err
	}
	pred, err := ev.code(ctx, docs)
	if err != nil {
		return err
	}
	lit := ScoreEvents(docs, pred, Options{Admin1: ev.admin1()})
	ev.printEvents("acled-dev, as the README scores", lit)
	mon := ScoreEvents(docs, pred, Options{Admin1: ev.admin1(), Monadic: true})
	ev.writeMisses(mon)
	ev.printEvents("acled-dev, one-row-per-actor gold compared row by row", mon)
	fmt.Fprintf(ev.out, "  date exact, documents whose text or metadata gives the year\t%s\n", showRatio(mon.DatedDocsDateAcc))
	// Per set, monadic-aware.
	sets := map[string][]GoldDoc{}
	var names []string
	for _, d := range docs {
		if sets[d.Set] == nil {
			names = append(names, d.Set)
		}
		sets[d.Set] = append(sets[d.Set], d)
	}
	sort.Strings(names)
	fmt.Fprintf(ev.out, "  by set\tF1\tsub-type\tloc25\tadmin1\tdate\tinteraction\tfatalities\n")
	for _, n := range names {
		s := ScoreEvents(sets[n], pred, Options{Admin1: ev.admin1(), Monadic: true})
		fmt.Fprintf(ev.out, "  %s (%d)\t%.3f\t%s\t%s\t%s\t%s\t%s\t%s\n", n, len(sets[n]), s.F1, pct(s.SubtypeAcc), pct(s.Loc25Acc), pct(s.Admin1Acc),
			pct(s.DateAcc), pct(s.InteractionAcc), pct(s.DocFatalitiesExact))
	}
	// The sub-types most often confused.
	type conf struct {
		gold, pred string
		n          int
	}
	var cs []conf
	for g, c := range mon.Subtypes {
		for p, n := range c.Predicted {
			if p != g {
				cs = append(cs, conf{g, p, n})
			}
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		return cs[i].n > cs[j].n || cs[i].n == cs[j].n && cs[i].gold+cs[i].pred < cs[j].gold+cs[j].pred
	})
	fmt.Fprintf(ev.out, "  most confused sub-types (gold → predicted)\n")
	for i, c := range cs {
		if i == 8 {
			break
		}
		fmt.Fprintf(ev.out, "    %s → %s\t%d\n", c.gold, c.pred, c.n)
	}
	return nil
}

func (ev *evaluator) printEvents(title string, s EventScore) {
	fmt.Fprintf(ev.out, "%s\t%d documents, %d gold events, %d predicted\n", title, s.Docs, s.Gold, s.Pred)
	fmt.Fprintf(ev.out, "  event precision / recall / F1\t%.3f / %.3f / %.3f\t(TP %d, FP %d, FN %d)\n", s.Precision, s.Recall, s.F1, s.TP, s.FP, s.FN)
	fmt.Fprintf(ev.out, "  strict F1 (sub-type, place, date)\t%.3f\n", s.StrictF1)
	fmt.Fprintf(ev.out, "  sub-type accuracy\t%s\n", showRatio(s.SubtypeAcc))
	fmt.Fprintf(ev.out, "  location within 25 km\t%s\n", showRatio(s.Loc25Acc))
	fmt.Fprintf(ev.out, "  right admin-1 region\t%s\n", showRatio(s.Admin1Acc))
	fmt.Fprintf(ev.out, "  date exact\t%s\n", showRatio(s.DateAcc))
	fmt.Fprintf(ev.out, "  interaction (inter codes)\t%s\n", showRatio(s.InteractionAcc))
	fmt.Fprintf(ev.out, "  actors (loosely)\t%s\n", showRatio(s.ActorAcc))
	fmt.Fprintf(ev.out, "  documents with exact fatalities\t%s\n", showRatio(s.DocFatalitiesExact))
}

func showRatio(r Ratio) string {
	if r.N == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.3f\t(%d of %d)", r.Value(), r.Hits, r.N)
}

func pct(r Ratio) string {
	if r.N == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.3f", r.Value())
}

func (ev *evaluator) writeMisses(s EventScore) {
	if ev.misses == nil {
		return
	}
	enc := json.NewEncoder(ev.misses)
	for _, m := range s.Misses {
		enc.Encode(m)
	}
}

func (ev *evaluator) location(ctx context.Context) error {
	x := ev.x
	path := filepath.Join(ev.dir, "event-location.jsonl")
	s, err := ScoreEventLocation(ctx, path, func(sentence string, verb text.Span) []text.Span {
		return x.Locate(sentence, verb)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(ev.out, "event location\t%d sentences (%d more left out: their gold span is empty)\n", s.Sentences, s.Unusable)
	fmt.Fprintf(ev.out, "  precision / recall / F1\t%.3f / %.3f / %.3f\t(TP %d, FP %d, FN %d)\n", s.Precision, s.Recall, s.F1, s.TP, s.FP, s.FN)
	w := s.Whole
	fmt.Fprintf(ev.out, "  less %d whose gold span cuts a word\t%.3f / %.3f / %.3f\t(TP %d, FP %d, FN %d)\n", s.Sentences-w.Sentences, w.Precision, w.Recall, w.F1, w.TP, w.FP, w.FN)
	return nil
}

func (ev *evaluator) boilerplate(ctx context.Context) error {
	rd, err := ev.stack.Reader()
	if err != nil {
		return err
	}
	dir := filepath.Join(ev.dir, "boilerplate")
	res, err := ScoreBoilerplate(ctx, dir, func(html []byte, url string) (string, error) {
		d, err := rd.Read(ingest.Record{Source: url, Kind: ingest.HTML, Body: html, URL: url})
		return d.Text, err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(ev.out, "main-content extraction\t%d pages (%d failed)\n", len(res.Pages), res.Failed)
	fmt.Fprintf(ev.out, "  precision / recall / F1\t%.3f / %.3f / %.3f\n", res.Precision, res.Recall, res.F1)
	if base, err := ScoreBoilerplateBaseline(dir, "go_trafilatura"); err == nil {
		fmt.Fprintf(ev.out, "  go-trafilatura's published output, same scorer\t%.3f\n", base.F1)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func (ev *evaluator) geoparsing(ctx context.Context) error {
	find := geoparsingFind(ev.gaz, ev.x.Places())
	fmt.Fprintf(ev.out, "geoparsing\tdocs\tgold\tpredicted\tP\tR\tF1\tacc161\n")
	for _, name := range []string{"lgl", "geowebnews", "geovirus"} {
		path := filepath.Join(ev.dir, "geoparsing", name+".jsonl")
		r, err := ScoreGeoparsing(ctx, path, find)
		if err != nil {
			return err
		}
		fmt.Fprintf(ev.out, "  %s\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\n", name, r.Docs, r.Gold, r.Predicted, r.Precision, r.Recall, r.F1, r.Acc161)
	}
	// What place recognition alone offers event coding on the ACLED notes.
	a, err := ScoreACLEDPlaces(ctx, filepath.Join(ev.dir, "acled-dev.jsonl"), ev.gaz, acledPlacesFind(ev.gaz, ev.x.Places()))
	if err != nil {
		return err
	}
	fmt.Fprintf(ev.out, "  acled-dev places\t%d events: the location within 25 km of a mention %.3f, of the likeliest mention %.3f (its admin-1 %.3f)\n", a.Events, a.Loc25, a.First25, a.Admin1)
	fmt.Fprintf(ev.out, "  \tthe %d events whose note names the location: %.3f, %.3f (%.3f)\n", a.Named, a.NamedLoc25, a.NamedFirst25, a.NamedAdmin1)
	return nil
}

// geoparsingFind is what `sitrep eval` scores the geoparsing gold files
// with (ScoreGeoparsing): the mentions `sitrep places` prints,
// demonyms left out, an area at its centre.
func geoparsingFind(g *gazetteer.Gazetteer, p *geoparse.Parser) func(id, text string) []PlacePrediction {
	return func(_, s string) []PlacePrediction {
		var out []PlacePrediction
		for _, m := range p.Parse(text.Analyze(s)) {
			if m.Demonym {
				continue
			}
			pp := PlacePrediction{Start: m.Span.Start, End: m.Span.End, Name: m.Text}
			if lat, lon, ok := geoparse.Where(g, m); ok {
				pp.Latitude, pp.Longitude = &lat, &lon
			}
			out = append(out, pp)
		}
		return out
	}
}

// acledPlacesFind is what `sitrep eval` scores place recognition on ACLED
// notes with (ScoreACLEDPlaces): each mention at the point an
// event there is coded at (an area's seat; an unresolved place at its
// container's), the likeliest event location first: a resolved town or
// area the text puts something in ("in X", "X village"), then an
// unresolved place in a known area, then other towns and areas; countries,
// regions and names inside organisations' names last, demonyms not at all.
func acledPlacesFind(g *gazetteer.Gazetteer, p *geoparse.Parser) func(id, text string) []PlacePrediction {
	return func(_, s string) []PlacePrediction {
		var tiers [4][]PlacePrediction
		for _, m := range p.Parse(text.Analyze(s)) {
			if !m.Ref.Valid() || m.Demonym {
				continue
			}
			pl := g.Place(m.Ref)
			lat, lon := pl.Lat, pl.Lon
			pp := PlacePrediction{Start: m.Span.Start, End: m.Span.End, Name: m.Text, Latitude: &lat, Longitude: &lon}
			specific := pl.Kind != gazetteer.Country && pl.Kind != gazetteer.Region && !m.InName
			tier := 3
			switch {
			case specific && m.Resolved && m.Cue != "":
				tier = 0
			case specific && !m.Resolved:
				tier = 1
			case specific:
				tier = 2
			}
			tiers[tier] = append(tiers[tier], pp)
		}
		return append(append(append(tiers[0], tiers[1]...), tiers[2]...), tiers[3]...)
	}
}
