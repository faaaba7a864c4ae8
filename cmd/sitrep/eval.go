package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/sitrep/sitrep/internal/code"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/document/page"
	"github.com/sitrep/sitrep/internal/evaluate"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/text"
)

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval", "")
	shared := fs.String("shared", "../shared", "the shared folder holding eval/ and corpus/")
	only := fs.String("only", "seed,acled,geoparsing,location,boilerplate", "comma-separated sections to run")
	limit := fs.Int("limit", 0, "score only the first N documents of each file (0: all)")
	misses := fs.String("misses", "", "write the events missed and wrongly found, per document, to this JSON Lines file")
	if err := parse(fs, args); err != nil {
		return err
	}
	dir := filepath.Join(*shared, "eval")
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("no evaluation data at %s (set --shared): %w", dir, err)
	}
	coder, err := newCoder(e)
	if err != nil {
		return err
	}
	ev := &evaluator{e: e, dir: dir, coder: coder, limit: *limit}
	if *misses != "" {
		f, err := os.Create(*misses)
		if err != nil {
			return err
		}
		defer f.Close()
		ev.misses = f
	}
	out := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	ev.out = out
	for _, section := range strings.Split(*only, ",") {
		start := time.Now()
		var err error
		switch strings.TrimSpace(section) {
		case "seed":
			err = ev.seed(ctx)
		case "acled":
			err = ev.acled(ctx)
		case "geoparsing":
			err = ev.geoparsing(ctx)
		case "location":
			err = ev.location(ctx)
		case "boilerplate":
			err = ev.boilerplate(ctx)
		default:
			return fmt.Errorf("unknown section %q: %w", section, errUsage)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", section, err)
		}
		fmt.Fprintf(out, "\t(%s in %.1fs)\n\n", section, time.Since(start).Seconds())
		out.Flush()
	}
	return nil
}

type evaluator struct {
	e      *env
	dir    string
	coder  *code.Coder
	limit  int
	out    *tabwriter.Writer
	misses io.Writer
}

// code runs the pipeline on gold documents, on all cores.
func (ev *evaluator) code(ctx context.Context, docs []evaluate.GoldDoc) (map[string][]event.Event, error) {
	pred := make(map[string][]event.Event, len(docs))
	var mu sync.Mutex
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				g := &docs[i]
				d := document.Document{ID: g.ID, Text: g.Text, Title: g.Title, Outlet: g.Outlet, URL: g.URL}
				if g.Published != nil {
					d.Published, _ = time.Parse(time.DateOnly, *g.Published)
				}
				evs := ev.coder.Code(d)
				mu.Lock()
				pred[g.ID] = evs
				mu.Unlock()
			}
		}()
	}
	var err error
	for i := range docs {
		if err = ctx.Err(); err != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	return pred, err
}

func (ev *evaluator) readGold(name string) ([]evaluate.GoldDoc, error) {
	docs, err := evaluate.ReadGold(filepath.Join(ev.dir, name))
	if err != nil {
		return nil, err
	}
	if ev.limit > 0 && len(docs) > ev.limit {
		docs = docs[:ev.limit]
	}
	return docs, nil
}

func (ev *evaluator) admin1() func(lat, lon float64) string {
	g := ev.coder.Gazetteer()
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
	s := evaluate.ScoreEvents(docs, pred, evaluate.Options{Admin1: ev.admin1()})
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

func (ev *evaluator) acled(ctx context.Context) error {
	docs, err := ev.readGold("acled-dev.jsonl")
	if err != nil {
		return err
	}
	pred, err := ev.code(ctx, docs)
	if err != nil {
		return err
	}
	lit := evaluate.ScoreEvents(docs, pred, evaluate.Options{Admin1: ev.admin1()})
	ev.printEvents("acled-dev, as the README scores", lit)
	mon := evaluate.ScoreEvents(docs, pred, evaluate.Options{Admin1: ev.admin1(), Monadic: true})
	ev.writeMisses(mon)
	ev.printEvents("acled-dev, one-row-per-actor gold compared row by row", mon)
	fmt.Fprintf(ev.out, "  date exact, documents whose text or metadata gives the year\t%s\n", ratio(mon.DatedDocsDateAcc))
	// Per set, monadic-aware.
	sets := map[string][]evaluate.GoldDoc{}
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
		s := evaluate.ScoreEvents(sets[n], pred, evaluate.Options{Admin1: ev.admin1(), Monadic: true})
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

func (ev *evaluator) printEvents(title string, s evaluate.EventScore) {
	fmt.Fprintf(ev.out, "%s\t%d documents, %d gold events, %d predicted\n", title, s.Docs, s.Gold, s.Pred)
	fmt.Fprintf(ev.out, "  event precision / recall / F1\t%.3f / %.3f / %.3f\t(TP %d, FP %d, FN %d)\n", s.Precision, s.Recall, s.F1, s.TP, s.FP, s.FN)
	fmt.Fprintf(ev.out, "  strict F1 (sub-type, place, date)\t%.3f\n", s.StrictF1)
	fmt.Fprintf(ev.out, "  sub-type accuracy\t%s\n", ratio(s.SubtypeAcc))
	fmt.Fprintf(ev.out, "  location within 25 km\t%s\n", ratio(s.Loc25Acc))
	fmt.Fprintf(ev.out, "  right admin-1 region\t%s\n", ratio(s.Admin1Acc))
	fmt.Fprintf(ev.out, "  date exact\t%s\n", ratio(s.DateAcc))
	fmt.Fprintf(ev.out, "  interaction (inter codes)\t%s\n", ratio(s.InteractionAcc))
	fmt.Fprintf(ev.out, "  actors (loosely)\t%s\n", ratio(s.ActorAcc))
	fmt.Fprintf(ev.out, "  documents with exact fatalities\t%s\n", ratio(s.DocFatalitiesExact))
}

func ratio(r evaluate.Ratio) string {
	if r.N == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.3f\t(%d of %d)", r.Value(), r.Hits, r.N)
}

func pct(r evaluate.Ratio) string {
	if r.N == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.3f", r.Value())
}

func (ev *evaluator) writeMisses(s evaluate.EventScore) {
	if ev.misses == nil {
		return
	}
	enc := json.NewEncoder(ev.misses)
	for _, m := range s.Misses {
		enc.Encode(m)
	}
}

func (ev *evaluator) location(ctx context.Context) error {
	x := ev.coder.Extractor()
	path := filepath.Join(ev.dir, "event-location.jsonl")
	s, err := evaluate.ScoreEventLocation(ctx, path, func(sentence string, verb text.Span) []text.Span {
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
	rd, err := document.NewReader("", page.Read)
	if err != nil {
		return err
	}
	dir := filepath.Join(ev.dir, "boilerplate")
	res, err := evaluate.ScoreBoilerplate(ctx, dir, func(html []byte, url string) (string, error) {
		d, err := rd.Read(ingest.Record{Source: url, Kind: ingest.HTML, Body: html, URL: url})
		return d.Text, err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(ev.out, "main-content extraction\t%d pages (%d failed)\n", len(res.Pages), res.Failed)
	fmt.Fprintf(ev.out, "  precision / recall / F1\t%.3f / %.3f / %.3f\n", res.Precision, res.Recall, res.F1)
	if base, err := evaluate.ScoreBoilerplateBaseline(dir, "go_trafilatura"); err == nil {
		fmt.Fprintf(ev.out, "  go-trafilatura's published output, same scorer\t%.3f\n", base.F1)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func (ev *evaluator) geoparsing(ctx context.Context) error {
	x := ev.coder.Extractor()
	find := geoparsingFind(ev.coder.Gazetteer(), x.Places())
	fmt.Fprintf(ev.out, "geoparsing\tdocs\tgold\tpredicted\tP\tR\tF1\tacc161\n")
	for _, name := range []string{"lgl", "geowebnews", "geovirus"} {
		path := filepath.Join(ev.dir, "geoparsing", name+".jsonl")
		r, err := evaluate.ScoreGeoparsing(ctx, path, find)
		if err != nil {
			return err
		}
		fmt.Fprintf(ev.out, "  %s\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\n", name, r.Docs, r.Gold, r.Predicted, r.Precision, r.Recall, r.F1, r.Acc161)
	}
	// What place recognition alone offers event coding on the ACLED notes.
	a, err := evaluate.ScoreACLEDPlaces(ctx, filepath.Join(ev.dir, "acled-dev.jsonl"), ev.coder.Gazetteer(), acledPlacesFind(ev.coder.Gazetteer(), x.Places()))
	if err != nil {
		return err
	}
	fmt.Fprintf(ev.out, "  acled-dev places\t%d events: the location within 25 km of a mention %.3f, of the likeliest mention %.3f (its admin-1 %.3f)\n", a.Events, a.Loc25, a.First25, a.Admin1)
	fmt.Fprintf(ev.out, "  \tthe %d events whose note names the location: %.3f, %.3f (%.3f)\n", a.Named, a.NamedLoc25, a.NamedFirst25, a.NamedAdmin1)
	return nil
}
