package serve

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	jsonv2 "github.com/chromedp/cdproto/cdp/jsonv2"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
	"github.com/sitrep/sitrep/internal/store"
)

// TestMapTrace is a diagnostic, skipped unless $SITREP_MAP_TRACE_DB names
// a store (BenchmarkMapRender's, say): one load of the map (warm, after
// two, or cold with $SITREP_MAP_TRACE_COLD; after $SITREP_MAP_TRACE_IDLE,
// a duration, of nothing), logging the page's timings,
// its resources, long tasks, animation frames and WebGL program links,
// and the CPU time of Chromium's processes by kind to the first frame
// and to the full render (and, with $SITREP_MAP_TRACE_REPAINT, the cost
// of a frame, see repaints); with $SITREP_MAP_TRACE a Chrome trace (JSON;
// JavaScript samples with $SITREP_MAP_TRACE_JS, more categories, comma
// separated, with $SITREP_MAP_TRACE_CATS) is written there. For
// finding what the first render waits for (docs/MAP.md).
func TestMapTrace(t *testing.T) {
	out := os.Getenv("SITREP_MAP_TRACE")
	if os.Getenv("SITREP_MAP_TRACE_DB") == "" {
		t.Skip("SITREP_MAP_TRACE_DB not set")
	}
	s, err := store.Open(context.Background(), os.Getenv("SITREP_MAP_TRACE_DB"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, ln, New(s, Options{}), time.Second) }()
	defer func() { stop(); <-served }()
	br := newBrowser(t, "http://"+ln.Addr().String(), 1280, 800)
	warmups := 2
	if os.Getenv("SITREP_MAP_TRACE_COLD") != "" {
		warmups = 0
	}
	for range warmups {
		br.open("/")
	}
	// A first load in a browser (and server) started a while before, as
	// against one at once: what of a cold load is their starting.
	if d, err := time.ParseDuration(os.Getenv("SITREP_MAP_TRACE_IDLE")); err == nil {
		time.Sleep(d)
	}
	br.do("wrapping WebGL", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: glLog})
		return err
	}))
	var mu sync.Mutex
	var evs []jsonv2.Value
	done := make(chan struct{})
	chromedp.Listen(br.ctx, func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			evs = append(evs, ev.Value...)
			mu.Unlock()
		case *tracing.EventTracingComplete:
			close(done)
		}
	})
	if out != "" {
		br.do("tracing", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, tracing.Start, tracing.StartParams{
				TransferMode: tracing.StartTransferModeReportEvents,
				TraceConfig: &tracing.TraceConfig{
					EnableSampling: os.Getenv("SITREP_MAP_TRACE_JS") != "",
					IncludedCategories: append([]string{"devtools.timeline", "v8.execute", "disabled-by-default-devtools.timeline",
						"toplevel"}, strings.FieldsFunc(os.Getenv("SITREP_MAP_TRACE_CATS"), func(r rune) bool { return r == ',' })...),
				},
			})
			return err
		}))
	}
	cpu0 := chromiumCPU()
	br.do("opening", chromedp.Navigate(br.base+"/"))
	br.do("waiting for the first frame", chromedp.Poll[chromedp.Void](`sitrepMap.timings.firstFrame > 0`, chromedp.WithPollingTimeout(30*time.Second), chromedp.WithPollingInterval(5*time.Millisecond)))
	cpuF := chromiumCPU()
	for k, v := range cpuF {
		t.Logf("cpu to the first frame %s: %.0f ms", k, v-cpu0[k])
	}
	br.do("waiting for the full render", chromedp.Poll[chromedp.Void](`sitrepMap.timings.fullRender > 0`, chromedp.WithPollingTimeout(30*time.Second)))
	cpu1 := chromiumCPU()
	for k, v := range cpu1 {
		t.Logf("cpu %s: %.0f ms", k, v-cpu0[k])
	}
	if os.Getenv("SITREP_MAP_TRACE_REPAINT") != "" {
		repaints(t, br)
	}
	tm := eval[map[string]float64](br, `sitrepMap.timings`)
	t.Logf("timings %v", tm)
	t.Logf("resources %s", eval[string](br, `JSON.stringify(performance.getEntriesByType("resource").map((e) => [e.name.replace(/.*\//, ""), Math.round(e.startTime), Math.round(e.responseStart), Math.round(e.responseEnd), e.transferSize]))`))
	t.Logf("zoom %v", eval[float64](br, `sitrepMap.map.getZoom()`))
	t.Logf("raf %s", eval[string](br, `JSON.stringify(window.__raf)`))
	t.Logf("long %s", eval[string](br, `JSON.stringify(window.__lt)`))
	t.Logf("gl %s", eval[string](br, `JSON.stringify(window.__gl)`))
	if out == "" {
		return
	}
	br.do("ending", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, tracing.End, cdp.Empty{})
		return err
	}))
	<-done
	mu.Lock()
	defer mu.Unlock()
	data, err := json.Marshal(map[string]any{"traceEvents": evs, "timings": tm})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// glLog times the page's WebGL program links (where SwiftShader compiles).
const glLog = `(() => {
  window.__gl = [];
  window.__lt = [];
  window.__raf = [];
  const raf = window.requestAnimationFrame;
  window.requestAnimationFrame = function (cb) { return raf.call(window, (t) => { const s = performance.now(); cb(t); const d = performance.now() - s; if (d > 3) window.__raf.push([Math.round(s), Math.round(d)]); }); };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: "longtask", buffered: true });
  for (const P of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
    const link = P.linkProgram, gp = P.getProgramParameter, src = P.shaderSource, att = P.attachShader;
    P.shaderSource = function (sh, text) { sh.__attrs = (text.match(/\ba_\w+/g) || []).filter((v, i, a) => a.indexOf(v) === i).join("+"); return src.call(this, sh, text); };
    P.attachShader = function (p, sh) { if (sh.__attrs) p.__attrs = sh.__attrs; return att.call(this, p, sh); };
    P.linkProgram = function (p) { const t = performance.now(); const r = link.call(this, p); window.__gl.push(["link", Math.round(t), p.__attrs]); return r; };
    P.getProgramParameter = function (p, n) { const t = performance.now(); const r = gp.call(this, p, n); const d = performance.now() - t; if (d > 2) window.__gl.push(["param", Math.round(t), Math.round(d)]); return r; };
  }
})()`

// chromiumCPU answers the CPU time (user and system, ms) of the machine's
// Chromium processes by kind (--type=), for TestMapTrace.
func chromiumCPU() map[string]float64 {
	out := map[string]float64{}
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		cmd, err := os.ReadFile("/proc/" + d.Name() + "/cmdline")
		if err != nil || !strings.Contains(string(cmd), "chromium") {
			continue
		}
		kind := "browser"
		for _, a := range strings.FieldsFunc(string(cmd), func(r rune) bool { return r == 0 || r == ' ' }) {
			if v, ok := strings.CutPrefix(a, "--type="); ok {
				kind = v
			}
		}
		st, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		f := strings.Fields(string(st[strings.LastIndexByte(string(st), ')')+2:]))
		ut, _ := strconv.ParseFloat(f[11], 64)
		stm, _ := strconv.ParseFloat(f[12], 64)
		out[kind] += (ut + stm) * 10 // clock ticks of 10 ms
	}
	return out
}

// repaints logs the cost of a frame of the loaded map: 20 repaints with
// nothing else to do, with all its layers, then with some hidden.
func repaints(t *testing.T, br *browser) {
	every := "land,coast,borders,country-labels,city-dots,city-labels,place-labels,cluster-count,clusters,points,control,control-labels,selected,selected-spider,spider-legs,spider-points"
	for _, hide := range []string{"", "land", "coast,borders", "country-labels,city-dots,city-labels,place-labels", "cluster-count", "clusters,points", "control,control-labels", every, every + ",sea"} {
		eval[bool](br, `(() => { const m = sitrepMap.map; for (const l of m.getStyle().layers) m.setLayoutProperty(l.id, "visibility", "visible"); for (const id of "`+hide+`".split(",").filter(Boolean)) if (m.getLayer(id)) m.setLayoutProperty(id, "visibility", "none"); return true })()`)
		br.settle("settling")
		c0 := chromiumCPU()
		ms := eval[float64](br, `new Promise((done) => { const m = sitrepMap.map, t0 = performance.now(); let n = 0; const f = () => { if (++n > 20) { done(performance.now() - t0); return; } m.triggerRepaint(); m.once("render", () => requestAnimationFrame(f)); }; f(); })`)
		c1 := chromiumCPU()
		t.Logf("hiding %q: 20 repaints in %.0f ms: gpu-process %.0f ms, renderer %.0f ms", hide, ms, c1["gpu-process"]-c0["gpu-process"], c1["renderer"]-c0["renderer"])
	}
}
