package serve

import (
	"context"
	"net"

	"github.com/chromedp/chromedp"
	"slices"
	"testing"
	"time"
)

// BenchmarkMapRender measures the situation map in Chromium over 100,000
// events, all in view (the store of the other benchmarks, with
// SITREP_BENCH_EVENTS' default replaced by 100,000): first-frame-ms is the
// page's own measure, from navigation to the first frame with every event
// loaded and clustered and the basemap's tiles drawn (the 1:110m countries,
// which the 1:50m replace from zoom 3 on); first-render-ms to
// the map's first idle moment after it (the measure before first-frame-ms);
// full-render-ms to the first idle moment once the rest of the map, drawn
// after the first frame (labels, the clusters' counts, coasts and borders),
// is in;
// points-ms is the request of the points alone; frame-p50-ms and frame-p95-ms are the times between frames
// while the map pans and then zooms, two seconds each. WebGL runs on
// SwiftShader (CPU): a machine with a GPU draws faster.
func BenchmarkMapRender(b *testing.B) {
	s := benchStoreOf(b, 100_000)
	defer s.Close()
	// Served as `sitrep serve` does (Serve, which warms the map's first
	// load), from before Chromium starts.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, ln, New(s, Options{}), time.Second) }()
	defer func() { stop(); <-served }()
	br := newBrowser(b, "http://"+ln.Addr().String(), 1280, 800)
	type timings struct {
		FirstFrame, FirstRender, PointsMs, PointsFirstByte, PointsReceived, DaysMs, PointsLoaded, SortMs, ClusterMs, Windowed, MapLoaded, BasemapAdded, LayersAdded, ClustersSet, Indexed, EventsLoaded, TilesLoaded, LabelsAdded, BasemapDetailed, FullRender float64
	}
	var frame, first, full, points []float64
	for b.Loop() {
		br.open("/")
		// The first frame with the events may follow the page's settling.
		br.do("waiting for the first render", chromedp.Poll[chromedp.Void](`sitrepMap.timings.firstRender > 0`, chromedp.WithPollingTimeout(30*time.Second)))
		// And for the whole map: labels, counts, coasts and borders.
		br.do("waiting for the full render", chromedp.Poll[chromedp.Void](`sitrepMap.timings.fullRender > 0`, chromedp.WithPollingTimeout(30*time.Second)))
		tm := eval[timings](br, `sitrepMap.timings`)
		frame = append(frame, tm.FirstFrame)
		first = append(first, tm.FirstRender)
		full = append(full, tm.FullRender)
		points = append(points, tm.PointsMs)
		b.Logf("timings %+v", tm)
	}
	if c := eval[counts](br, `sitrepMap.counts()`); c.InView != 100_000 {
		b.Fatalf("counts %+v: want 100,000 events in view", c)
	}
	b.StopTimer()
	frames := eval[[]float64](br, `(async () => {
		const m = sitrepMap.map, d = [];
		let last = performance.now(), run = true;
		const tick = (t) => { d.push(t - last); last = t; if (run) requestAnimationFrame(tick); };
		requestAnimationFrame(tick);
		await new Promise((r) => { m.once("moveend", r); m.panBy([320, 160], { duration: 2000 }); });
		await new Promise((r) => { m.once("moveend", r); m.easeTo({ zoom: m.getZoom() + 1.5, duration: 2000 }); });
		run = false;
		return d.slice(1);
	})()`)
	br.shot("map-100k-1280x800.png")
	slices.Sort(frame)
	slices.Sort(first)
	slices.Sort(full)
	slices.Sort(points)
	slices.Sort(frames)
	pct := func(v []float64, p float64) float64 { return v[min(len(v)-1, int(float64(len(v))*p))] }
	b.ReportMetric(pct(frame, 0.5), "first-frame-ms")
	b.ReportMetric(pct(first, 0.5), "first-render-ms")
	b.ReportMetric(pct(full, 0.5), "full-render-ms")
	b.ReportMetric(pct(points, 0.5), "points-ms")
	if len(frames) > 0 {
		b.ReportMetric(pct(frames, 0.5), "frame-p50-ms")
		b.ReportMetric(pct(frames, 0.95), "frame-p95-ms")
		b.ReportMetric(float64(len(frames))/(4*float64(time.Second/time.Millisecond))*1000, "frames/s")
	}
}
