// The events layer: every loaded event in the chosen time window, clustered
// for the view's zoom (the cells of a quadtree, see cluster-worker.js), drawn as type symbols sized by
// deaths; clusters open when clicked, and events that share a point are
// spread out around it (or listed, when too many), so every event can be
// reached. Hover and keyboard focus show the same summary. The clusters
// are made in a worker (cluster-worker.js): the main thread stays free
// to draw meanwhile.
import { Popup } from "maplibre-gl";
import { TYPES, icon } from "./symbols.js";
import { FONT_BOLD } from "./basemap.js";
import { el, fmt, dateOf } from "./util.js";

const MAX_ZOOM = 15;    // clusters split up to this zoom; beyond, points that remain together share a place
const MAX_SPIDER = 24;  // more events than this at one point are listed instead
const LIST_MAX = 150;   // entries of the "in view" list
const LEAVES_MAX = 500; // entries of a list at a point

export const LAYERS = ["clusters", "points", "spider-points"];

export class Events {
  constructor(map, { onOpen, onView }) {
    this.map = map;
    this.popup = new Popup({ closeButton: false, closeOnClick: false, maxWidth: "300px", className: "summary", focusAfterOpen: false });
    this.listPopup = new Popup({ closeButton: true, closeOnClick: true, maxWidth: "340px", className: "at-point" });
    this.onOpen = onOpen;   // open an event's card, by id
    this.onView = onView;   // the events in view changed
    this.c = null;          // the server's answer, in columns (format=binary)
    this.count = 0;         // events in it
    this.shown = [];        // indexes of the events in the window
    this.index = null;      // true once the worker holds the index of a window
    this.worker = new Worker(new URL("/static/dist/cluster-worker.js", location.href), { type: "module" });
    this.calls = new Map(); // requests to the worker not yet answered, by id
    this.callID = 0;
    this.windowSeq = 0;
    this.refreshSeq = 0;
    this.worker.onmessage = (e) => {
      const c = this.calls.get(e.data.id);
      this.calls.delete(e.data.id);
      if (e.data.error) c.reject(new Error("clustering: " + e.data.error));
      else c.resolve(e.data.result);
    };
    this.spider = null;
    this.selected = "";
    this.lastZ = -1;
    this.lastBox = null;
    this.visible = true;
  }

  // addLayers adds the sources and layers, on top of the basemap.
  addLayers() {
    const map = this.map, ratio = Math.max(2, window.devicePixelRatio || 1);
    TYPES.forEach((t, i) => map.addImage("ev-" + i, icon(t, ratio), { pixelRatio: ratio }));
    const empty = { type: "FeatureCollection", features: [] };
    map.addSource("events", { type: "geojson", data: empty, buffer: 64 });
    map.addSource("spider", { type: "geojson", data: empty });
    map.addLayer(clusterLayer("clusters", "events"));
    map.addLayer(symbol("points", "events"));
    map.addLayer({
      id: "spider-legs", type: "line", source: "spider", filter: ["==", ["geometry-type"], "LineString"],
      paint: { "line-color": "#33475b", "line-width": 1.5, "line-opacity": 0.8 },
    });
    map.addLayer(symbol("spider-points", "spider"));
    map.addLayer({
      id: "selected", type: "circle", source: "events", filter: ["==", ["get", "id"], ""],
      paint: { "circle-radius": 15, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": "#111111", "circle-stroke-width": 3 },
    });
    map.addLayer({
      id: "selected-spider", type: "circle", source: "spider", filter: ["==", ["get", "id"], ""],
      paint: { "circle-radius": 15, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": "#111111", "circle-stroke-width": 3 },
    });

    map.on("mousemove", (e) => this.hover(e));
    map.on("mouseout", () => this.popup.remove());
    map.on("click", (e) => this.click(e));
    map.on("zoomstart", () => this.unspider());
    map.on("move", () => {
      const z = Math.floor(map.getZoom());
      if (this.index && !this.asking && (z !== this.lastZ || !inside(map.getBounds(), this.lastBox))) this.refresh();
    });
    map.on("moveend", () => this.refresh());
  }

  // addCounts adds the clusters' counts, once the first frame is drawn:
  // MapLibre draws their glyphs before the frame that shows them.
  addCounts() {
    const map = this.map;
    if (map.getLayer("cluster-count")) return;
    map.addLayer({
      id: "cluster-count", type: "symbol", source: "events", filter: this.spider ? ["all", ["has", "cluster"], ["!=", ["get", "cid"], this.spider.cid]] : ["has", "cluster"],
      layout: { "text-field": ["get", "label"], "text-font": FONT_BOLD, "text-size": 12, "text-allow-overlap": true, "text-ignore-placement": true, visibility: this.visible ? "visible" : "none" },
      paint: { "text-color": "#ffffff" },
    }, "points");
  }

  // call asks the worker and answers its result.
  call(op, msg = {}) {
    const id = ++this.callID;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id, op });
    });
  }

  // idle tells whether the worker has answered everything asked.
  idle() {
    return this.index != null && this.calls.size === 0;
  }

  // setColumns takes the server's answer in columns (format=binary, as
  // util.js's getPoints reads it).
  setColumns(c) {
    const typeOf = c.strings.map((name) => {
      const t = TYPES.findIndex((t) => t.name === name);
      return t < 0 ? TYPES.length - 1 : t;
    });
    const t = new Uint8Array(c.count), type = c.str.type;
    for (let i = 0; i < c.count; i++) t[i] = typeOf[type[i]];
    this.c = { ...c, t, dates: new Map() };
    this.count = c.count;
    // Copies: the page keeps its own for summaries, fitting and spreading out.
    this.call("data", { lon: c.lon.slice(), lat: c.lat.slice(), fat: c.fat.slice(), t: t.slice() }).then((ms) => { this.sortMs = ms; });
  }

  // ev returns event i of the answer as an object, made when asked for:
  // 100,000 objects made at once cost the page a large part of a second.
  ev(i) {
    const c = this.c, s = c.strings, day = c.day[i] === UNDATED ? NaN : c.day[i];
    let date = "";
    if (!Number.isNaN(day)) {
      date = c.dates.get(day);
      if (date === undefined) c.dates.set(day, (date = dateOf(day)));
    }
    return {
      id: c.id(i), lon: c.lon[i], lat: c.lat[i], day, date,
      fatalities: c.fat[i], hedged: c.hedged[i] === 1, t: c.t[i],
      type: s[c.str.type[i]], sub_type: s[c.str.sub_type[i]], claim_status: s[c.str.claim_status[i]],
      location: s[c.str.location[i]], country: s[c.str.country[i]], admin1: s[c.str.admin1[i]],
      actor1: s[c.str.actor1[i]], actor2: s[c.str.actor2[i]],
    };
  }

  // setWindow shows the events of days [from, to] (NaN: no bound; with
  // any bound undated events are left out). It resolves once the worker
  // has clustered them and the map has them, or at once when a later
  // window replaced this one.
  async setWindow(from, to) {
    const seq = ++this.windowSeq;
    const day = this.c ? this.c.day : new Int32Array(0), n = this.count;
    const any = !Number.isNaN(from) || !Number.isNaN(to);
    const lo = Number.isNaN(from) ? -Infinity : from, hi = Number.isNaN(to) ? Infinity : to;
    let shown;
    if (!any) {
      shown = new Uint32Array(n);
      for (let i = 0; i < n; i++) shown[i] = i;
    } else {
      const keep = [];
      for (let i = 0; i < n; i++) {
        const d = day[i];
        if (d !== UNDATED && d >= lo && d <= hi) keep.push(i);
      }
      shown = Uint32Array.from(keep);
    }
    this.shown = shown;
    this.clusterMs = await this.call("window", { shown });
    this.windowed = performance.now();
    if (seq !== this.windowSeq) return;
    this.index = true;
    this.unspider();
    await this.refresh();
  }

  setVisible(on) {
    this.visible = on;
    for (const id of ["clusters", "cluster-count", "points", "spider-legs", "spider-points", "selected", "selected-spider"]) {
      if (this.map.getLayer(id)) this.map.setLayoutProperty(id, "visibility", on ? "visible" : "none");
    }
    if (!on) this.popup.remove();
  }

  // refresh puts the clusters of the view (and a margin around it, so that
  // a pan shows them at once) into the map.
  async refresh() {
    // Before the map's load there is nothing to draw on: the clusters come
    // with loadData's refresh then.
    if (!this.index || !this.map.getSource("events")) return;
    const seq = ++this.refreshSeq;
    const map = this.map, z = Math.max(0, Math.min(Math.floor(map.getZoom()), MAX_ZOOM + 1));
    const box = pad(map.getBounds(), 0.5);
    // Moves while the worker answers ask again at the end (moveend).
    this.asking = true;
    let found;
    try {
      found = await this.call("clusters", { box, z });
    } finally {
      if (seq === this.refreshSeq) this.asking = false;
    }
    if (seq !== this.refreshSeq) return;
    const c = this.c;
    const features = found.map((r) => {
      const geometry = { type: "Point", coordinates: [r[0], r[1]] };
      if (r.length > 4) {
        return {
          type: "Feature", geometry,
          properties: { cluster: 1, cid: r[2], count: r[3], label: abbrev(r[3]), f: r[4], near: r[5], n0: r[6], n1: r[7], n2: r[8], n3: r[9], n4: r[10], n5: r[11] },
        };
      }
      const i = r[3];
      return { type: "Feature", geometry, properties: { id: c.id(i), i, t: c.t[i], f: c.fat[i], hedged: c.hedged[i] } };
    });
    map.getSource("events").setData({ type: "FeatureCollection", features });
    if (!this.drawnAt) this.drawnAt = performance.now();
    this.lastZ = Math.floor(map.getZoom());
    this.lastBox = box;
    this.features = features;
    this.onView();
  }

  // inView returns the clusters and events inside the view, most events first.
  inView() {
    if (!this.features) return [];
    const b = this.map.getBounds();
    const out = this.features.filter((f) => b.contains(f.geometry.coordinates));
    out.sort((a, b) => (b.properties.count || 1) - (a.properties.count || 1) || b.properties.f - a.properties.f);
    return out;
  }

  // count is how many events are in the window and in view.
  countInView() {
    return this.inView().reduce((n, f) => n + (f.properties.count || 1), 0);
  }

  setSelected(id) {
    this.selected = id || "";
    for (const l of ["selected", "selected-spider"]) this.map.setFilter(l, ["==", ["get", "id"], this.selected]);
  }

  // --- reading the map ---

  featureAt(point) {
    const layers = LAYERS.filter((l) => this.map.getLayer(l));
    const fs = this.visible ? this.map.queryRenderedFeatures([[point.x - 3, point.y - 3], [point.x + 3, point.y + 3]], { layers }) : [];
    // Spread-out events lie over their cluster: take them first.
    return fs.find((f) => f.layer.id === "spider-points") || fs.find((f) => f.layer.id === "points") || fs[0] || null;
  }

  hover(e) {
    const f = this.featureAt(e.point);
    this.map.getCanvas().style.cursor = f ? "pointer" : "";
    if (!f) { this.popup.remove(); return; }
    this.showSummary(f.geometry.coordinates, f.properties);
  }

  showSummary(at, props) {
    this.popup.setLngLat(at).setDOMContent(this.summary(props)).addTo(this.map);
  }

  summary(props) {
    if (props.cluster) {
      const types = TYPES.map((t, i) => [t, props["n" + i] || 0]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
      return el("div", { class: "tip" },
        el("strong", {}, `${fmt(props.count)} events, ${fmt(props.f)} killed`),
        el("ul", {}, types.map(([t, n]) => el("li", {}, el("i", { class: "sw", style: `background:${t.color}` }), `${t.name}: ${fmt(n)}`))),
        el("div", { class: "meta" }, "Click to open"));
    }
    const p = this.ev(props.i);
    return el("div", { class: "tip" },
      el("strong", {}, p.sub_type || p.type),
      el("div", {}, [p.location, p.admin1, p.country].filter(Boolean).join(", ")),
      el("div", {}, `${p.date || "undated"} · ${fmt(p.fatalities)} killed`),
      p.actor1 ? el("div", {}, p.actor1 + (p.actor2 ? " v " + p.actor2 : "")) : null,
      el("div", { class: "meta" }, `claim ${p.claim_status}${p.hedged ? ", hedged" : ""}`));
  }

  click(e) {
    const f = this.featureAt(e.point);
    if (!f) { this.unspider(); return; }
    this.activate(f.geometry.coordinates, f.properties);
  }

  // activate opens an event's card, or opens up a cluster.
  async activate(at, props) {
    if (!props.cluster) { this.onOpen(this.c.id(props.i)); return; }
    const cid = props.cid;
    const { zoom, leaves } = await this.call("open", { cid, limit: LEAVES_MAX + 1 });
    const together = leaves.every((l) => l[1] === leaves[0][1] && l[2] === leaves[0][2]);
    if (!together && zoom <= MAX_ZOOM) {
      this.map.easeTo({ center: at, zoom: Math.max(zoom, this.map.getZoom() + 1) });
      return;
    }
    if (props.count <= MAX_SPIDER) this.spiderfy(cid, at, leaves.map((l) => l[0]));
    else this.listAt(at, leaves.map((l) => l[0]), props.count);
  }

  // spiderfy spreads the events of a cluster around its point, on legs.
  spiderfy(cid, at, leaves) {
    this.unspider();
    const map = this.map, c = map.project(at), n = leaves.length;
    const features = [];
    // Newest first; undated last.
    const day = (i) => (this.c.day[i] === UNDATED ? 0 : this.c.day[i]);
    leaves.sort((a, b) => day(b) - day(a));
    leaves.forEach((i, k) => {
      let x, y;
      if (n <= 9) {
        const r = 26 + n * 2.5, a = -Math.PI / 2 + (k * 2 * Math.PI) / n;
        x = c.x + r * Math.cos(a); y = c.y + r * Math.sin(a);
      } else {
        // An Archimedean spiral keeps legs apart for many events.
        const a = 0.9 + k * 0.62, r = 20 + k * 4.2;
        x = c.x + r * Math.cos(a); y = c.y + r * Math.sin(a);
      }
      const pos = map.unproject([x, y]).toArray();
      const p = this.ev(i);
      features.push({ type: "Feature", geometry: { type: "LineString", coordinates: [at, pos] }, properties: {} });
      features.push({ type: "Feature", geometry: { type: "Point", coordinates: pos }, properties: { id: p.id, i, t: p.t, f: p.fatalities, hedged: p.hedged ? 1 : 0 } });
    });
    map.getSource("spider").setData({ type: "FeatureCollection", features });
    map.setFilter("clusters", ["all", ["has", "cluster"], ["!=", ["get", "cid"], cid]]);
    if (map.getLayer("cluster-count")) map.setFilter("cluster-count", ["all", ["has", "cluster"], ["!=", ["get", "cid"], cid]]);
    this.spider = { cid, features };
  }

  unspider() {
    if (!this.spider) return;
    this.spider = null;
    this.map.getSource("spider").setData({ type: "FeatureCollection", features: [] });
    this.map.setFilter("clusters", ["has", "cluster"]);
    if (this.map.getLayer("cluster-count")) this.map.setFilter("cluster-count", ["has", "cluster"]);
  }

  // listAt lists the events at one point in a popup, each a button.
  listAt(at, leaves, count) {
    const items = leaves.slice(0, LEAVES_MAX).map((i) => this.ev(i)).sort((a, b) => (b.date > a.date ? 1 : -1));
    const list = el("ul", { class: "leaves" }, items.map((p) => el("li", {},
      el("button", { type: "button", onclick: () => { this.onOpen(p.id); } },
        el("i", { class: "sw", style: `background:${TYPES[p.t].color}` }),
        `${p.date || "undated"} · ${p.sub_type} · ${fmt(p.fatalities)} killed`))));
    const box = el("div", { class: "tip list" },
      el("strong", {}, `${fmt(count)} events at ${items[0].location || "this place"}`),
      count > LEAVES_MAX ? el("div", { class: "meta" }, `The newest ${LEAVES_MAX}; narrow the window or the filters for the rest.`) : null,
      list);
    this.listPopup.setLngLat(at).setDOMContent(box).addTo(this.map);
    const b = list.querySelector("button");
    if (b) b.focus();
  }

  // leafAt says where an event is drawn, for tests and the list.
  screenOf(id) {
    const layers = ["spider-points", "points"];
    for (const f of this.map.queryRenderedFeatures({ layers })) {
      if (f.properties.id === id) return this.map.project(f.geometry.coordinates);
    }
    return null;
  }

  // listEntries builds the "in view" list: one button per cluster or event.
  listEntries() {
    const items = this.inView();
    const out = items.slice(0, LIST_MAX).map((f) => {
      const pr = f.properties, at = f.geometry.coordinates;
      let text;
      if (pr.cluster) {
        const p = this.ev(pr.near);
        text = `${fmt(pr.count)} events, ${fmt(pr.f)} killed, near ${p.location || "?"}`;
      } else {
        const p = this.ev(pr.i);
        text = `${p.sub_type} · ${p.location || "?"} · ${p.date || "undated"} · ${fmt(p.fatalities)} killed`;
      }
      return el("li", {}, el("button", {
        type: "button", class: pr.cluster ? "cluster" : "event",
        onfocus: () => this.showSummary(at, pr),
        onmouseenter: () => this.showSummary(at, pr),
        onclick: () => this.activate(at, pr),
      }, pr.cluster ? null : el("i", { class: "sw", style: `background:${TYPES[pr.t].color}` }), text));
    });
    return { entries: out, more: Math.max(0, items.length - LIST_MAX) };
  }
}

// symbol is the layer of the events (not clusters) of a source.
function symbol(id, source) {
  const size = ["interpolate", ["linear"], ["get", "f"], 0, 0.72, 1, 0.85, 5, 1, 20, 1.3, 100, 1.75];
  return {
    id, type: "symbol", source, filter: ["!", ["has", "cluster"]],
    layout: {
      "icon-image": ["concat", "ev-", ["to-string", ["get", "t"]]], "icon-size": size,
      "icon-allow-overlap": true, "icon-ignore-placement": true, "symbol-sort-key": ["-", 0, ["get", "f"]],
    },
    paint: { "icon-opacity": ["case", ["==", ["get", "hedged"], 1], 0.6, 1] },
  };
}

// clusterLayer is the layer of the clusters of a source: dark discs.
function clusterLayer(id, source) {
  return {
    id, type: "circle", source, filter: ["has", "cluster"],
    paint: {
      "circle-color": "#33475b", "circle-opacity": 0.88,
      "circle-radius": ["step", ["get", "count"], 13, 10, 16, 100, 20, 1000, 25, 10000, 30],
      "circle-stroke-color": "#ffffff", "circle-stroke-width": 2,
    },
  };
}

// UNDATED marks an undated event in the day column, as the server sends it.
export const UNDATED = -2147483648;

// abbrev abbreviates a count as supercluster did: 1234 → "1.2k", 12345 → "12k".
function abbrev(n) {
  return n >= 10000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${Math.round(n / 100) / 10}k` : String(n);
}

// pad widens bounds by a share of their size on each side, as
// [west, south, east, north] for the worker.
function pad(b, share) {
  const w = b.getWest(), e = b.getEast(), s = b.getSouth(), n = b.getNorth();
  const dx = (e - w) * share, dy = (n - s) * share;
  if (e - w + 2 * dx >= 360) return [-180, Math.max(-85, s - dy), 180, Math.min(85, n + dy)];
  return [w - dx, Math.max(-85, s - dy), e + dx, Math.min(85, n + dy)];
}

function inside(b, box) {
  if (!box) return false;
  if (box[2] - box[0] >= 360) return b.getSouth() >= box[1] && b.getNorth() <= box[3];
  return b.getWest() >= box[0] && b.getEast() <= box[2] && b.getSouth() >= box[1] && b.getNorth() <= box[3];
}
