package serve

import (
	"context"
	"fmt"
	"math"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/sitrep/sitrep/internal/code/codetest"
	"github.com/sitrep/sitrep/internal/document"
	"github.com/sitrep/sitrep/internal/document/page"
	"github.com/sitrep/sitrep/internal/event"
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/store"
)

const chromiumPath = "/usr/bin/chromium"

// artifacts is where the browser tests save their screenshots:
// $SITREP_ARTIFACTS, else a temporary directory of the test.
func artifacts(t testing.TB) string {
	dir := os.Getenv("SITREP_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browser is one headless Chromium tab on the page under test.
type browser struct {
	t    testing.TB
	ctx  context.Context
	base string
	dir  string
	mu   sync.Mutex
	errs []string
}

// newBrowser starts Chromium with a window of w×h CSS pixels, or skips
// the test when there is none. WebGL runs on SwiftShader, Chromium's CPU
// renderer, as there is no GPU.
func newBrowser(t testing.TB, base string, w, h int) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("no Chromium at %s (apt-get install chromium): the real-browser test of the map is skipped", chromiumPath)
	}
	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.WindowSize(w, h),
	)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	b := &browser{t: t, ctx: ctx, base: base, dir: artifacts(t)}
	err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			msg = fmt.Sprintf("%s (line %d)", ev.ExceptionDetails.Text, ev.ExceptionDetails.LineNumber)
			if ev.ExceptionDetails.Exception != nil {
				msg += ": " + ev.ExceptionDetails.Exception.Description
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type != runtime.ConsoleAPICalledTypeError {
				return
			}
			for _, a := range ev.Args {
				msg += string(a.Value) + a.Description + " "
			}
		default:
			return
		}
		b.mu.Lock()
		b.errs = append(b.errs, msg)
		b.mu.Unlock()
	})
	if err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h))); err != nil {
		t.Fatal(err)
	}
	return b
}

// scriptErrors fails the test for any exception or console error the page had.
func (b *browser) scriptErrors() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.errs) > 0 {
		b.t.Errorf("script errors: %q", b.errs)
	}
}

func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 40*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 40*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// settle waits until the page has no request under way and the map has
// drawn everything.
func (b *browser) settle(what string) {
	b.t.Helper()
	start := time.Now()
	defer func() { b.t.Logf("%s: settled in %v", what, time.Since(start).Round(time.Millisecond)) }()
	b.do(what, chromedp.Poll[chromedp.Void](`window.sitrepMap && sitrepMap.settled()`, chromedp.WithPollingTimeout(30*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
	// A redraw may follow the last request by a frame.
	b.do(what, chromedp.Sleep(150*time.Millisecond),
		chromedp.Poll[chromedp.Void](`sitrepMap.settled()`, chromedp.WithPollingTimeout(30*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
}

func (b *browser) open(path string) {
	b.t.Helper()
	b.do("opening "+path, chromedp.Navigate(b.base+path))
	b.settle("loading " + path)
}

// jump moves the map, as a person panning and zooming would.
func (b *browser) jump(lon, lat, zoom float64) {
	b.t.Helper()
	eval[bool](b, fmt.Sprintf(`(sitrepMap.map.jumpTo({center: [%v, %v], zoom: %v}), true)`, lon, lat, zoom))
	b.settle(fmt.Sprintf("moving to %v,%v zoom %v", lon, lat, zoom))
}

// shot saves a screenshot of the page.
func (b *browser) shot(name string) {
	b.t.Helper()
	start := time.Now()
	defer func() { b.t.Logf("shot in %v", time.Since(start).Round(time.Millisecond)) }()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatal(err)
	}
	path := filepath.Join(b.dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s", path)
}

// setInput sets a form field and fires its change event, as a person
// typing a value and leaving the field would.
func (b *browser) setInput(sel, value string) {
	b.t.Helper()
	eval[bool](b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q; e.dispatchEvent(new Event("change", {bubbles: true})); return true })()`, sel, value))
}

// sampleStore ingests the project's sample reports (examples/) through
// the real pipeline: read, code, store.
func sampleStore(t testing.TB) (*store.Store, []event.Event) {
	t.Helper()
	start := time.Now()
	defer func() { t.Logf("store in %v", time.Since(start).Round(time.Millisecond)) }()
	ctx := context.Background()
	rd, err := document.NewReader("", page.Read)
	if err != nil {
		t.Fatal(err)
	}
	coder := codetest.Coder(t)
	var docs []store.Doc
	err = ingest.Walk(ctx, []string{filepath.Join("..", "..", "examples")}, ingest.Options{}, func(rec ingest.Record) error {
		d, err := rd.Read(rec)
		if err != nil {
			return err
		}
		doc := store.Doc{Document: d, Events: coder.Code(d)}
		store.Prepare(&doc)
		docs = append(docs, doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "sitrep.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	puts, err := s.PutDocuments(ctx, docs)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range puts {
		if p.Err != nil || !p.Stored {
			t.Fatalf("%s: stored %v, %v", docs[i].Document.Source, p.Stored, p.Err)
		}
	}
	var all []event.Event
	if err := s.EachEvent(ctx, store.Filter{}, func(e *event.Event) error { all = append(all, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(all) < 30 {
		t.Fatalf("the sample reports gave %d events; the map test wants 30 or more", len(all))
	}
	return s, all
}

// located counts the stored events with coordinates that keep says.
func located(all []event.Event, keep func(*event.Event) bool) int {
	n := 0
	for i := range all {
		if all[i].Latitude != nil && keep(&all[i]) {
			n++
		}
	}
	return n
}

type counts struct{ Loaded, Shown, InView int }
type rendered struct{ Clusters, Points, Events int }
type xy struct{ X, Y float64 }

// TestBrowserMap drives the situation map in headless Chromium against a
// store of the sample reports, at 1280×800: the basemap draws, events
// render and cluster, filters and the timeline's window change what is
// shown, the URL reproduces a view, an event's card shows its evidence,
// events sharing a point are spread out, the control layer follows the
// date, the trends filter the map. Screenshots go to $SITREP_ARTIFACTS.
func TestBrowserMap(t *testing.T) {
	s, all := sampleStore(t)
	srv := httptest.NewServer(New(s, Options{}))
	t.Cleanup(srv.Close)
	b := newBrowser(t, srv.URL, 1280, 800)
	b.open("/")
	defer b.scriptErrors()

	// The basemap: Natural Earth's countries as filled polygons, and
	// labels, in the style MapLibre renders.
	type layer struct{ ID, Type, Source string }
	style := eval[[]layer](b, `sitrepMap.style()`)
	has := func(id, typ, source string) bool {
		for _, l := range style {
			if l.ID == id && l.Type == typ && l.Source == source {
				return true
			}
		}
		return false
	}
	for _, l := range []layer{{"land", "fill", "countries"}, {"borders", "line", "borders"}, {"country-labels", "symbol", "country-labels"}, {"points", "symbol", "events"}, {"clusters", "circle", "events"}, {"control", "symbol", "control"}} {
		if !has(l.ID, l.Type, l.Source) {
			t.Errorf("the style lacks layer %+v: %+v", l, style)
		}
	}
	countries := strings.Join(eval[[]string](b, `sitrepMap.countries()`), "|")
	for _, c := range []string{"Syria", "Ukraine", "Sudan"} {
		if !strings.Contains(countries, c) {
			t.Errorf("the map in view draws no polygon of %s: %.300s", c, countries)
		}
	}

	// Every located event is loaded and, once fitted, in view; clusters
	// stand for several.
	want := located(all, func(*event.Event) bool { return true })
	c := eval[counts](b, `sitrepMap.counts()`)
	r := eval[rendered](b, `sitrepMap.rendered()`)
	if c.Loaded != want || c.Shown != want || c.InView != want {
		t.Errorf("counts %+v, want %d events loaded, shown and in view", c, want)
	}
	if r.Events != want || r.Clusters == 0 || r.Clusters+r.Points >= want {
		t.Errorf("rendered %+v: want %d events, some in clusters", r, want)
	}
	b.shot("map-1280x800.png")

	// A filter goes through the API and changes the count.
	protests := located(all, func(e *event.Event) bool { return e.EventType == event.Protests })
	b.setInput("#f-type", string(event.Protests))
	b.settle("filtering by type")
	if c := eval[counts](b, `sitrepMap.counts()`); c.Shown != protests || protests == 0 || protests == want {
		t.Errorf("type filter: %+v, want %d of %d events", c, protests, want)
	}
	b.setInput("#f-dead", "5")
	b.do("filtering by deaths", chromedp.Click(chromedp.CSS("#apply")))
	b.settle("filtering by deaths")
	if c := eval[counts](b, `sitrepMap.counts()`); c.Shown != 0 {
		t.Errorf("protests with 5 or more dead: %+v, want none", c)
	}
	b.do("clearing the filters", chromedp.Click(chromedp.CSS("#reset")))
	b.settle("clearing the filters")
	if c := eval[counts](b, `sitrepMap.counts()`); c.Shown != want {
		t.Errorf("after clearing the filters: %+v, want %d", c, want)
	}

	// The timeline's window: February only.
	feb := located(all, func(e *event.Event) bool { return e.EventDate >= "2024-02-01" && e.EventDate <= "2024-02-29" })
	b.setInput("#w-start", "2024-02-01")
	b.setInput("#w-end", "2024-02-29")
	b.settle("choosing a window")
	if c := eval[counts](b, `sitrepMap.counts()`); c.Shown != feb || feb == 0 || feb == want {
		t.Errorf("February: %+v, want %d of %d events", c, feb, want)
	}
	if r := eval[rendered](b, `sitrepMap.rendered()`); r.Events != feb {
		t.Errorf("February: the map draws %+v, want %d events", r, feb)
	}
	if st := eval[string](b, `document.getElementById("status").textContent`); !strings.Contains(st, fmt.Sprint(feb)) || !strings.Contains(st, "window") {
		t.Errorf("status %q", st)
	}
	// Dragging across the bars chooses a window too.
	box := eval[struct{ Left, Top, Width, Height float64 }](b, `(() => { const r = document.querySelector("#chart .u-over").getBoundingClientRect(); return {left: r.left, top: r.top, width: r.width, height: r.height} })()`)
	y := box.Top + box.Height/2
	b.do("dragging over the timeline",
		chromedp.MouseEvent("mousePressed", box.Left+box.Width*0.05, y, chromedp.ButtonLeft),
		chromedp.MouseEvent("mouseMoved", box.Left+box.Width*0.3, y, chromedp.ButtonLeft),
		chromedp.MouseEvent("mouseMoved", box.Left+box.Width*0.5, y, chromedp.ButtonLeft),
		chromedp.MouseEvent("mouseReleased", box.Left+box.Width*0.5, y, chromedp.ButtonLeft))
	b.settle("dragging over the timeline")
	v := eval[struct{ Start, End string }](b, `sitrepMap.view()`)
	inDrag := located(all, func(e *event.Event) bool { return e.EventDate >= v.Start && e.EventDate <= v.End })
	if c := eval[counts](b, `sitrepMap.counts()`); v.Start == "" || v.End < v.Start || v.Start == "2024-02-01" || c.Shown != inDrag {
		t.Errorf("after a drag the window is %+v with %+v, want %d events", v, c, inDrag)
	}
	b.setInput("#w-start", "2024-02-01")
	b.setInput("#w-end", "2024-02-29")
	b.settle("choosing February again")
	b.shot("map-window-1280x800.png")

	// The export links carry the view: filters, window and the map's area.
	href := eval[string](b, `document.getElementById("x-csv").href`)
	xu, _ := url.Parse(href)
	if xu.Path != "/api/v1/events.csv" || xu.Query().Get("start") != "2024-02-01" || xu.Query().Get("bbox") == "" {
		t.Errorf("the CSV export link %s does not hold the view", href)
	}
	status, csvBody, _ := get(t, href)
	if rows := strings.Count(strings.TrimSpace(string(csvBody)), "\n"); status != 200 || rows != feb {
		t.Errorf("the CSV export of the view: %d, %d rows, want %d", status, rows, feb)
	}

	// Play steps the window on by a day at a time.
	b.setInput("#w-start", "2024-02-05")
	b.setInput("#w-end", "2024-02-05")
	b.settle("choosing a day")
	b.do("playing", chromedp.Click(chromedp.CSS("#play")), chromedp.Sleep(1600*time.Millisecond), chromedp.Click(chromedp.CSS("#play")))
	b.settle("playing")
	if v := eval[struct{ Start, End string }](b, `sitrepMap.view()`); v.Start != v.End || v.Start < "2024-02-06" || v.Start > "2024-02-08" {
		t.Errorf("after playing 1.6 s from 2024-02-05 the window is %+v", v)
	}
	b.setInput("#w-start", "2024-02-01")
	b.setInput("#w-end", "2024-02-29")
	b.settle("choosing February again")

	// The URL holds the view: a filter, the window, the centre and zoom.
	b.setInput("#f-country", "Syria")
	b.do("filtering by country", chromedp.Click(chromedp.CSS("#apply")))
	b.settle("filtering by country")
	b.jump(36.9, 35.9, 7.25)
	b.do("waiting for the URL", chromedp.Sleep(400*time.Millisecond))
	link := eval[string](b, `location.href`)
	u, _ := url.Parse(link)
	q := u.Query()
	if q.Get("country") != "Syria" || q.Get("start") != "2024-02-01" || q.Get("end") != "2024-02-29" || q.Get("z") != "7.25" || q.Get("c") != "36.9000,35.9000" {
		t.Errorf("the URL does not hold the view: %s", link)
	}
	before := eval[counts](b, `sitrepMap.counts()`)
	b.open(strings.TrimPrefix(link, srv.URL))
	after := eval[counts](b, `sitrepMap.counts()`)
	type center struct{ Lng, Lat float64 }
	at := eval[center](b, `sitrepMap.map.getCenter()`)
	zoom := eval[float64](b, `sitrepMap.map.getZoom()`)
	syriaFeb := located(all, func(e *event.Event) bool {
		return e.Country == "Syria" && e.EventDate >= "2024-02-01" && e.EventDate <= "2024-02-29"
	})
	if after != before || after.Shown != syriaFeb || math.Abs(at.Lng-36.9) > 1e-3 || math.Abs(at.Lat-35.9) > 1e-3 || math.Abs(zoom-7.25) > 1e-3 {
		t.Errorf("the link gave %+v at %+v zoom %v, want %+v (%d events) at 36.9,35.9 zoom 7.25", after, at, zoom, before, syriaFeb)
	}
	if got := eval[string](b, `document.getElementById("f-country").value + "|" + document.getElementById("w-start").value`); got != "Syria|2024-02-01" {
		t.Errorf("the form after the link: %q", got)
	}

	// Clicking an event opens its card with its evidence and incident.
	b.do("clearing the filters", chromedp.Click(chromedp.CSS("#reset")), chromedp.Click(chromedp.CSS("#w-all")))
	b.settle("clearing the filters")
	b.jump(37.2164, 19.6175, 9)
	var target *event.Event
	for i := range all {
		if all[i].Location == "Port Sudan" {
			target = &all[i]
		}
	}
	if target == nil {
		t.Fatal("no event at Port Sudan among the samples")
	}
	p := eval[*xy](b, fmt.Sprintf(`sitrepMap.screenOf(%q)`, target.ID))
	if p == nil {
		t.Fatalf("event %s is not drawn at Port Sudan: %v", target.ID, eval[[]string](b, `sitrepMap.ids()`))
	}
	b.do("clicking an event", chromedp.MouseClickXY(p.X, p.Y),
		chromedp.WaitVisible(chromedp.CSS("#panel blockquote.evidence")),
		chromedp.WaitVisible(chromedp.CSS("#incident .reports")))
	if sel := eval[string](b, `sitrepMap.selected()`); sel != target.ID {
		t.Errorf("clicked %s, the map selected %q", target.ID, sel)
	}
	evidence := eval[string](b, `document.querySelector("#panel blockquote.evidence").textContent`)
	if strings.TrimSpace(evidence) != target.Evidence[0].Text {
		t.Errorf("card evidence %q, want %q", evidence, target.Evidence[0].Text)
	}
	if marks := eval[int](b, `document.querySelectorAll("#panel blockquote.evidence mark").length`); marks == 0 {
		t.Error("the card marks no field in the evidence")
	}
	b.do("waiting for the URL", chromedp.Sleep(400*time.Millisecond))
	if link := eval[string](b, `location.search`); !strings.Contains(link, "card="+url.QueryEscape(target.ID)) {
		t.Errorf("the URL %s does not name the open card", link)
	}
	b.settle("showing the card")
	b.shot("map-card-1280x800.png")
	b.do("closing the card", chromedp.Click(chromedp.CSS("#panel-close")), chromedp.WaitNotVisible(chromedp.CSS("#panel")))

	// Events that share a point are spread out around it when their
	// cluster is clicked, each one reachable.
	b.jump(36.2527, 49.9808, 11)
	cl := eval[*struct {
		X, Y  float64
		Count int
	}](b, `sitrepMap.clusterAt()`)
	kharkiv := located(all, func(e *event.Event) bool { return e.Location == "Kharkiv" })
	if cl == nil || cl.Count != kharkiv {
		t.Fatalf("cluster at Kharkiv %+v, want one of %d events", cl, kharkiv)
	}
	b.do("opening a cluster", chromedp.MouseClickXY(cl.X, cl.Y))
	b.settle("spreading a cluster")
	ids := eval[[]string](b, `sitrepMap.ids()`)
	if len(ids) != kharkiv {
		t.Errorf("the cluster of %d spread into %d events: %v", kharkiv, len(ids), ids)
	}
	b.shot("map-spider-1280x800.png")
	if len(ids) > 0 {
		p := eval[*xy](b, fmt.Sprintf(`sitrepMap.screenOf(%q)`, ids[0]))
		b.do("clicking a spread event", chromedp.MouseClickXY(p.X, p.Y), chromedp.WaitVisible(chromedp.CSS("#panel blockquote.evidence")))
		if sel := eval[string](b, `sitrepMap.selected()`); sel != ids[0] {
			t.Errorf("clicked spread event %s, selected %q", ids[0], sel)
		}
	}

	// The control layer follows the date: what the page draws is what the
	// store says was held on each date, and that changed between them.
	b.do("closing the card", chromedp.Click(chromedp.CSS("#panel-close")))
	b.setInput("#control-date", "2024-02-20")
	b.jump(34, 22, 2.4)
	type holding struct{ Location, To, Status, Icon string }
	drawn := func() map[string]holding {
		m := map[string]holding{}
		for _, h := range eval[[]holding](b, `sitrepMap.control()`) {
			m[h.Location] = h
		}
		return m
	}
	held := func(date string, age int) map[string]holding {
		changes, err := s.ControlOn(context.Background(), date)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]holding{}
		for _, c := range changes {
			if c.Latitude == nil {
				continue
			}
			style := c.Status
			if style != event.Confirmed && style != event.Claimed && style != event.Disputed {
				style = "asserted"
			}
			if c.AgeDays > age { // from its last report
				style = "stale"
			}
			m[c.Location] = holding{Location: c.Location, To: c.To, Status: c.Status, Icon: style}
		}
		return m
	}
	same := func(date string, age int) map[string]holding {
		got, want := drawn(), held(date, age)
		if len(got) != len(want) {
			t.Errorf("control on %s (age %d): drawn %+v, want %+v", date, age, got, want)
		}
		for k, w := range want {
			g := got[k]
			if g.To != w.To || g.Status != w.Status || !strings.HasSuffix(g.Icon, "-"+w.Icon) {
				t.Errorf("control of %s on %s (age %d): drawn %+v, want %+v", k, date, age, g, w)
			}
		}
		return want
	}
	feb20 := same("2024-02-20", 30)
	b.setInput("#control-date", "2024-03-20")
	b.settle("changing the control date")
	mar20 := same("2024-03-20", 30)
	if fmt.Sprint(feb20) == fmt.Sprint(mar20) || len(mar20) < 2 {
		t.Errorf("the samples' control does not change between 2024-02-20 and 2024-03-20: %+v, %+v", feb20, mar20)
	}
	b.shot("map-control-1280x800.png")
	// Past the age, a holding is shown as unconfirmed.
	b.setInput("#control-date", "2024-05-01")
	b.settle("changing the control date")
	stale := same("2024-05-01", 30)
	b.setInput("#control-age", "60")
	b.settle("changing the age")
	if fresh := same("2024-05-01", 60); fmt.Sprint(stale) == fmt.Sprint(fresh) {
		t.Errorf("the age changes nothing: %+v", fresh)
	}

	// Trends: a table per area; a click filters the map to that area.
	b.do("showing the trends", chromedp.Click(chromedp.CSS("#tab-trends")))
	b.settle("showing the trends")
	rows := eval[int](b, `document.querySelectorAll("#trends tbody tr").length`)
	if trends, _, _, err := s.Trends(context.Background(), store.Filter{}, ""); err != nil || rows != len(trends) || rows < 3 {
		t.Errorf("%d rows of country trends, want %d (%v)", rows, len(trends), err)
	}
	first := eval[string](b, `(() => { const b = document.querySelector("#trends tbody button"); b.click(); return b.textContent })()`)
	b.settle("filtering by a trend's area")
	inCountry := located(all, func(e *event.Event) bool { return e.Country == first })
	if c := eval[counts](b, `sitrepMap.counts()`); c.Shown != inCountry || inCountry == 0 {
		t.Errorf("after clicking %q in trends: %+v, want %d", first, c, inCountry)
	}
	b.shot("map-trends-1280x800.png")

	// Keyboard: the list of what is in view; focusing an entry shows its
	// summary, Enter acts on it.
	eval[bool](b, `(document.getElementById("reset").click(), true)`)
	b.do("showing the list", chromedp.Click(chromedp.CSS("#tab-list")))
	b.jump(37.2164, 19.6175, 9)
	b.do("focusing the list", chromedp.Focus(chromedp.CSS("#inview button.event")))
	if tip := eval[string](b, `(document.querySelector(".maplibregl-popup.summary") || {}).textContent || ""`); !strings.Contains(tip, "Port Sudan") {
		t.Errorf("focusing the entry of Port Sudan shows %q", tip)
	}
	b.do("pressing Enter", chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS("#panel blockquote.evidence")))
}

// TestBrowserPhone opens the map at a phone's size: the map takes the
// whole width, and the filters slide in over it.
func TestBrowserPhone(t *testing.T) {
	s, _ := sampleStore(t)
	srv := httptest.NewServer(New(s, Options{}))
	t.Cleanup(srv.Close)
	b := newBrowser(t, srv.URL, 390, 844)
	b.open("/")
	defer b.scriptErrors()
	// Every control has a name a screen reader can say.
	if unnamed := eval[[]string](b, `[...document.querySelectorAll("input, select, button, [role=tab]")].filter((e) =>
		!(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.textContent.trim() && !e.title).map((e) => e.outerHTML.slice(0, 80))`); len(unnamed) > 0 {
		t.Errorf("controls without a name: %q", unnamed)
	}
	// Text keeps a contrast of 4.5:1 with what it is drawn on (WCAG AA).
	contrast := eval[struct {
		Checked int
		Low     []string
	}](b, `(() => {
		const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
		const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
			.reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
		const back = (e) => {
			for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || c[3] > 0.5) return c.slice(0, 3); }
			return [255, 255, 255];
		};
		const out = [];
		let checked = 0;
		for (const e of document.querySelectorAll("#bar *, #side label, #side .meta, #side legend, #side h2, #side li, .tl-bar *, .tabs [role=tab], button")) {
			if (!e.childNodes.length || ![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
			checked++;
			const a = lum(rgb(getComputedStyle(e).color)), b = lum(back(e));
			const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
			if (ratio < 4.5) out.push(e.tagName + " " + e.textContent.trim().slice(0, 30) + ": " + ratio.toFixed(2));
		}
		return {checked, low: out};
	})()`)
	if len(contrast.Low) > 0 || contrast.Checked < 40 {
		t.Errorf("of %d texts, below a contrast of 4.5:1: %q", contrast.Checked, contrast.Low)
	}
	type rect struct{ Left, Width, Height float64 }
	m := eval[rect](b, `(() => { const r = document.getElementById("map").getBoundingClientRect(); return {left: r.left, width: r.width, height: r.height} })()`)
	if m.Left != 0 || m.Width != 390 || m.Height < 500 {
		t.Errorf("the map on a phone: %+v, want the full width of 390", m)
	}
	if vis := eval[string](b, `getComputedStyle(document.getElementById("side")).visibility`); vis != "hidden" {
		t.Errorf("the filters show over the map before being asked for (%s)", vis)
	}
	if r := eval[rendered](b, `sitrepMap.rendered()`); r.Events == 0 {
		t.Errorf("no events drawn on a phone: %+v", r)
	}
	b.shot("map-390x844.png")
	// Waited for, not slept on: the panel slides in over a transition that
	// a loaded machine draws late.
	b.do("opening the filters", chromedp.Click(chromedp.CSS("#menu")),
		chromedp.Poll[chromedp.Void](`document.getElementById("side").getBoundingClientRect().left === 0 && getComputedStyle(document.getElementById("side")).visibility !== "hidden"`,
			chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
	side := eval[rect](b, `(() => { const r = document.getElementById("side").getBoundingClientRect(); return {left: r.left, width: r.width, height: r.height} })()`)
	if side.Left != 0 || side.Width < 300 || eval[string](b, `document.getElementById("menu").getAttribute("aria-expanded")`) != "true" {
		t.Errorf("the filters after the menu button: %+v", side)
	}
	b.shot("map-filters-390x844.png")
	b.do("closing the filters", chromedp.KeyEvent(kb.Escape),
		chromedp.Poll[chromedp.Void](`getComputedStyle(document.getElementById("side")).visibility === "hidden"`,
			chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
	if vis := eval[string](b, `getComputedStyle(document.getElementById("side")).visibility`); vis != "hidden" {
		t.Errorf("Escape left the filters open (%s)", vis)
	}
}
