// The timeline under the map: events (or deaths) per day as bars, with the
// chosen window shaded; dragging across the bars chooses a new window,
// a double click clears it.
import uPlot from "uplot";
import { DAY, dayOf } from "./util.js";

const S = DAY / 1000; // uPlot's time scale counts seconds

export class Timeline {
  constructor(box, { onWindow }) {
    this.box = box;
    this.onWindow = onWindow;
    this.first = NaN;
    this.last = NaN;
    this.from = NaN;
    this.to = NaN;
    this.metric = "events";
    this.days = [];
    this.plot = null;
    new ResizeObserver(() => {
      if (this.plot) this.plot.setSize(this.size());
    }).observe(box);
  }

  size() {
    return { width: Math.max(200, this.box.clientWidth), height: Math.max(60, this.box.clientHeight) };
  }

  // setData takes the days the API answered (only those with events).
  setData(days) {
    this.days = days;
    if (!days.length) {
      this.first = this.last = NaN;
    } else {
      this.first = dayOf(days[0].date);
      this.last = dayOf(days[days.length - 1].date);
    }
    this.draw();
  }

  setMetric(m) {
    this.metric = m;
    this.draw();
  }

  setWindow(from, to) {
    this.from = from;
    this.to = to;
    if (this.plot) this.plot.redraw(false, false);
  }

  draw() {
    const n = Number.isNaN(this.first) ? 0 : this.last - this.first + 1;
    const xs = new Array(n), ys = new Array(n).fill(0);
    for (let i = 0; i < n; i++) xs[i] = (this.first + i) * S;
    for (const d of this.days) ys[dayOf(d.date) - this.first] = this.metric === "deaths" ? d.fatalities : d.events;
    const data = [xs, ys];
    if (this.plot) {
      this.plot.setData(data);
      return;
    }
    const axis = { stroke: "#46505a", font: "11px system-ui, sans-serif", ticks: { stroke: "#c4cad0", width: 1, size: 4 } };
    this.plot = new uPlot({
      ...this.size(),
      padding: [6, 10, 0, 0],
      legend: { show: false },
      scales: {
        x: { time: true, range: (u, lo, hi) => [lo - S, hi + S] },
        y: { range: (u, lo, hi) => [0, Math.max(1, hi * 1.08)] },
      },
      axes: [
        // Ticks fall on whole days, whatever the span.
        { ...axis, grid: { show: false }, size: 26, incrs: [1, 2, 7, 14, 30, 91, 182, 365, 730, 1826, 3652].map((d) => d * S) },
        { ...axis, size: 38, grid: { stroke: "#e7eaee", width: 1 }, values: (u, vals) => vals.map((v) => (v >= 1000 ? v / 1000 + "k" : v)) },
      ],
      series: [
        {},
        {
          label: "per day", fill: "#33475bcc", stroke: "#33475b", width: 0,
          paths: uPlot.paths.bars({ size: [0.92, 14], align: 0 }), points: { show: false },
        },
      ],
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false }, y: false },
      hooks: {
        setSelect: [(u) => {
          if (u.select.width > 2) {
            const a = Math.round(u.posToVal(u.select.left, "x") / S), b = Math.round(u.posToVal(u.select.left + u.select.width, "x") / S);
            const from = Math.max(this.first, Math.min(a, b)), to = Math.min(this.last, Math.max(a, b));
            if (from <= to) this.onWindow(from, to);
          }
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        }],
        draw: [(u) => this.shade(u)],
      },
    }, data, this.box);
    this.plot.over.addEventListener("dblclick", () => this.onWindow(NaN, NaN));
  }

  // shade marks the window over the bars.
  shade(u) {
    if (Number.isNaN(this.from) && Number.isNaN(this.to)) return;
    const from = Number.isNaN(this.from) ? this.first : this.from, to = Number.isNaN(this.to) ? this.last : this.to;
    const x0 = u.valToPos((from - 0.5) * S, "x", true), x1 = u.valToPos((to + 0.5) * S, "x", true);
    const { top, height } = u.bbox, ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = "rgba(0, 114, 178, 0.16)";
    ctx.fillRect(x0, top, x1 - x0, height);
    ctx.strokeStyle = "#0072B2";
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(x0, top); ctx.lineTo(x0, top + height);
    ctx.moveTo(x1, top); ctx.lineTo(x1, top + height);
    ctx.stroke();
    ctx.restore();
  }
}
