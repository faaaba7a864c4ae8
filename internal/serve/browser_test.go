package serve

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/sitrep/sitrep/internal/event"
)

const chromiumPath = "/usr/bin/chromium"

// TestBrowserMap drives the situation map in headless Chromium: the page
// loads and draws the events, a filter goes through the API, and a click
// on a marker opens the panel with the event's claim, evidence and the
// other reports of its incident.
func TestBrowserMap(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("no Chromium at %s (apt-get install chromium): the real-browser test of the map is skipped", chromiumPath)
	}
	f := newFixture(t, genDocs("b", 9, 150), Options{})
	count := func(keep func(*event.Event) bool) int {
		return len(selectEvents(f.events, func(e *event.Event) bool { return e.Latitude != nil && keep(e) }))
	}

	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1400, 900),
	)
	defer cancel()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	var mu sync.Mutex
	var jsErrors []string
	err := chromedp.Listen(ctx, func(ev any) {
		if ex, ok := ev.(*runtime.EventExceptionThrown); ok {
			mu.Lock()
			jsErrors = append(jsErrors, fmt.Sprintf("%s (line %d)", ex.ExceptionDetails.Text, ex.ExceptionDetails.LineNumber))
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}

	points := `Number(document.getElementById("map").dataset.points || -1)`
	err = chromedp.Do(ctx,
		chromedp.Navigate(f.srv.URL+"/"),
		chromedp.Poll[chromedp.Void](points+` >= 0`, chromedp.WithPollingTimeout(20*time.Second)),
	)
	if err != nil {
		t.Fatalf("loading the map: %v", err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](points))
	if err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#status")))
	if err != nil {
		t.Fatal(err)
	}
	if want := count(func(*event.Event) bool { return true }); n != want || !strings.Contains(strings.NewReplacer(",", "", ".", "", "\u00a0", "").Replace(status), fmt.Sprint(want)) {
		t.Fatalf("the map drew %d markers (status %q), want %d", n, status, want)
	}

	// A filter goes to the API and redraws.
	want := count(func(e *event.Event) bool { return e.EventType == event.Protests })
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`select[name="type"]`), string(event.Protests)),
		chromedp.Click(chromedp.CSS("#apply")),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`%s === %d && !document.getElementById("status").textContent.startsWith("Loading")`, points, want),
			chromedp.WithPollingTimeout(10*time.Second)),
	)
	if err != nil {
		t.Fatalf("filtering to %d protests: %v", want, err)
	}

	// Click the topmost marker.
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`sitrepMap.ids()`))
	if err != nil || len(ids) == 0 {
		t.Fatalf("marker ids: %v %v", ids, err)
	}
	id := ids[len(ids)-1]
	at, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		X float64 `json:"x"`
		Y float64 `json:"y"`
	}](fmt.Sprintf(`sitrepMap.screenOf(%q)`, id)))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.MouseClickXY(at.X, at.Y),
		chromedp.WaitVisible(chromedp.CSS("#panel blockquote.evidence")),
		chromedp.WaitVisible(chromedp.CSS("#incident .reports")),
	)
	if err != nil {
		t.Fatalf("clicking marker %s at %+v: %v", id, at, err)
	}
	selected, err := chromedp.Run(ctx, chromedp.Evaluate[string](`sitrepMap.selected()`))
	if err != nil || selected != id {
		t.Fatalf("clicked marker %s at %+v, the map selected %q (%v)", id, at, selected, err)
	}
	text := func(sel string) string {
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	evidence, claim, incident := text("#panel blockquote.evidence"), text("#panel .claim"), text("#incident")
	e := selectEvents(f.events, func(e *event.Event) bool { return e.ID == id })[0]
	if strings.TrimSpace(evidence) != e.Evidence[0].Text {
		t.Errorf("panel evidence %q, want %q", evidence, e.Evidence[0].Text)
	}
	if !strings.Contains(claim, e.Claim.Status) || (e.Claim.Source != "" && !strings.Contains(claim, e.Claim.Source)) || e.Claim.Hedged != strings.Contains(claim, "hedged") {
		t.Errorf("panel claim %q for %+v", claim, e.Claim)
	}
	if !strings.Contains(strings.ToLower(incident), "incident") || !strings.Contains(incident, e.Outlet) {
		t.Errorf("panel incident %q lacks the reports", incident)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(jsErrors) > 0 {
		t.Errorf("script errors: %v", jsErrors)
	}
}
