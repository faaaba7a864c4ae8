// The events layer: every loaded event in the chosen time window, clustered
// with supercluster for the view's zoom, drawn as type symbols sized by
// deaths; clusters open when clicked, and events that share a point are
// spread out around it (or listed, when too many), so every event can be
// reached. Hover and keyboard focus show the same summary.
import Supercluster from "supercluster";
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
    this.all = [];          // points of the server's answer, with day and type index
    this.shown = [];        // indexes into all of the events in the window
    this.index = null;
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
    const size = ["interpolate", ["linear"], ["get", "f"], 0, 0.72, 1, 0.85, 5, 1, 20, 1.3, 100, 1.75];
    const symbol = (id, source) => ({
      id, type: "symbol", source, filter: ["!", ["has", "cluster"]],
      layout: {
        "icon-image": ["concat", "ev-", ["to-string", ["get", "t"]]], "icon-size": size,
        "icon-allow-overlap": true, "icon-ignore-placement": true, "symbol-sort-key": ["-", 0, ["get", "f"]],
      },
      paint: { "icon-opacity": ["case", ["==", ["get", "hedged"], 1], 0.6, 1] },
    });
    map.addLayer({
      id: "clusters", type: "circle", source: "events", filter: ["has", "cluster"],
      paint: {
        "circle-color": "#33475b", "circle-opacity": 0.88,
        "circle-radius": ["step", ["get", "count"], 13, 10, 16, 100, 20, 1000, 25, 10000, 30],
        "circle-stroke-color": "#ffffff", "circle-stroke-width": 2,
      },
    });
    map.addLayer({
      id: "cluster-count", type: "symbol", source: "events", filter: ["has", "cluster"],
      layout: { "text-field": ["get", "label"], "text-font": FONT_BOLD, "text-size": 12, "text-allow-overlap": true, "text-ignore-placement": true },
      paint: { "text-color": "#ffffff" },
    });
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
      if (this.index && (z !== this.lastZ || !inside(map.getBounds(), this.lastBox))) this.refresh();
    });
    map.on("moveend", () => this.refresh());
  }

  // setColumns takes the server's answer in columns (format=columns).
  setColumns(c) {
    const s = c.strings, all = new Array(c.count);
    const typeOf = s.map((name) => {
      const t = TYPES.findIndex((t) => t.name === name);
      return t < 0 ? TYPES.length - 1 : t;
    });
    const dates = new Map();
    const date = (day) => {
      let d = dates.get(day);
      if (d === undefined) dates.set(day, (d = dateOf(day)));
      return d;
    };
    for (let i = 0; i < c.count; i++) {
      const day = c.day[i] ?? NaN;
      all[i] = {
        id: c.id[i], lon: c.lon[i], lat: c.lat[i], day, date: Number.isNaN(day) ? "" : date(day),
        fatalities: c.fatalities[i], hedged: c.hedged[i] === 1, t: typeOf[c.type[i]],
        type: s[c.type[i]], sub_type: s[c.sub_type[i]], claim_status: s[c.claim_status[i]],
        location: s[c.location[i]], country: s[c.country[i]], admin1: s[c.admin1[i]], actor1: s[c.actor1[i]], actor2: s[c.actor2[i]],
      };
    }
    this.all = all;
  }

  // setWindow shows the events of days [from, to] (NaN: no bound; with
  // any bound undated events are left out).
  setWindow(from, to) {
    const all = this.all, shown = [];
    const any = !Number.isNaN(from) || !Number.isNaN(to);
    const lo = Number.isNaN(from) ? -Infinity : from, hi = Number.isNaN(to) ? Infinity : to;
    for (let i = 0; i < all.length; i++) {
      const d = all[i].day;
      if (!any || (d >= lo && d <= hi)) shown.push(i);
    }
    this.shown = shown;
    const features = new Array(shown.length);
    for (let k = 0; k < shown.length; k++) {
      const p = all[shown[k]];
      features[k] = { type: "Feature", geometry: { type: "Point", coordinates: [p.lon, p.lat] }, properties: { i: shown[k] } };
    }
    const index = new Supercluster({
      radius: 46, maxZoom: MAX_ZOOM, minPoints: 2,
      map: (props) => {
        const p = all[props.i], o = { f: p.fatalities, n0: 0, n1: 0, n2: 0, n3: 0, n4: 0, n5: 0 };
        o["n" + p.t] = 1;
        return o;
      },
      reduce: (a, b) => {
        a.f += b.f;
        a.n0 += b.n0; a.n1 += b.n1; a.n2 += b.n2; a.n3 += b.n3; a.n4 += b.n4; a.n5 += b.n5;
      },
    });
    index.load(features);
    this.index = index;
    this.unspider();
    this.refresh();
  }

  setVisible(on) {
    this.visible = on;
    for (const id of ["clusters", "cluster-count", "points", "spider-legs", "spider-points", "selected", "selected-spider"]) {
      this.map.setLayoutProperty(id, "visibility", on ? "visible" : "none");
    }
    if (!on) this.popup.remove();
  }

  // refresh puts the clusters of the view (and a margin around it, so that
  // a pan shows them at once) into the map.
  refresh() {
    if (!this.index) return;
    const map = this.map, z = Math.max(0, Math.min(Math.floor(map.getZoom()), MAX_ZOOM + 1));
    const box = pad(map.getBounds(), 0.5);
    const found = this.index.getClusters(box, z);
    const features = found.map((c) => {
      const pr = c.properties;
      if (pr.cluster) {
        return {
          type: "Feature", geometry: c.geometry,
          properties: { cluster: 1, cid: pr.cluster_id, count: pr.point_count, label: String(pr.point_count_abbreviated), f: pr.f, n0: pr.n0, n1: pr.n1, n2: pr.n2, n3: pr.n3, n4: pr.n4, n5: pr.n5 },
        };
      }
      const p = this.all[pr.i];
      return { type: "Feature", geometry: c.geometry, properties: { id: p.id, i: pr.i, t: p.t, f: p.fatalities, hedged: p.hedged ? 1 : 0 } };
    });
    map.getSource("events").setData({ type: "FeatureCollection", features });
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
    const p = this.all[props.i];
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
  activate(at, props) {
    if (!props.cluster) { this.onOpen(this.all[props.i].id); return; }
    const cid = props.cid;
    const leaves = this.index.getLeaves(cid, LEAVES_MAX + 1);
    const first = leaves[0].geometry.coordinates;
    const together = leaves.every((l) => l.geometry.coordinates[0] === first[0] && l.geometry.coordinates[1] === first[1]);
    const zoom = this.index.getClusterExpansionZoom(cid);
    if (!together && zoom <= MAX_ZOOM) {
      this.map.easeTo({ center: at, zoom: Math.max(zoom, this.map.getZoom() + 1) });
      return;
    }
    if (props.count <= MAX_SPIDER) this.spiderfy(cid, at, leaves);
    else this.listAt(at, leaves, props.count);
  }

  // spiderfy spreads the events of a cluster around its point, on legs.
  spiderfy(cid, at, leaves) {
    this.unspider();
    const map = this.map, c = map.project(at), n = leaves.length;
    const features = [];
    leaves.sort((a, b) => (this.all[b.properties.i].day || 0) - (this.all[a.properties.i].day || 0));
    leaves.forEach((l, k) => {
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
      const p = this.all[l.properties.i];
      features.push({ type: "Feature", geometry: { type: "LineString", coordinates: [at, pos] }, properties: {} });
      features.push({ type: "Feature", geometry: { type: "Point", coordinates: pos }, properties: { id: p.id, i: l.properties.i, t: p.t, f: p.fatalities, hedged: p.hedged ? 1 : 0 } });
    });
    map.getSource("spider").setData({ type: "FeatureCollection", features });
    map.setFilter("clusters", ["all", ["has", "cluster"], ["!=", ["get", "cid"], cid]]);
    map.setFilter("cluster-count", ["all", ["has", "cluster"], ["!=", ["get", "cid"], cid]]);
    this.spider = { cid, features };
  }

  unspider() {
    if (!this.spider) return;
    this.spider = null;
    this.map.getSource("spider").setData({ type: "FeatureCollection", features: [] });
    this.map.setFilter("clusters", ["has", "cluster"]);
    this.map.setFilter("cluster-count", ["has", "cluster"]);
  }

  // listAt lists the events at one point in a popup, each a button.
  listAt(at, leaves, count) {
    const items = leaves.slice(0, LEAVES_MAX).map((l) => this.all[l.properties.i]).sort((a, b) => (b.date > a.date ? 1 : -1));
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
        const first = this.index.getLeaves(pr.cid, 1)[0];
        const p = this.all[first.properties.i];
        text = `${fmt(pr.count)} events, ${fmt(pr.f)} killed, near ${p.location || "?"}`;
      } else {
        const p = this.all[pr.i];
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

// pad widens bounds by a share of their size on each side, as
// [west, south, east, north] for supercluster.
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
