// The control layer: the places that changed hands, coloured by who holds
// them on the chosen date, styled by how firmly that is known (confirmed,
// asserted by the outlet, claimed by a party, disputed), with the date of
// the last change; a holding no report has told of for longer than the
// chosen age is shown as unconfirmed.
import { HOLDERS, controlIcon } from "./symbols.js";
import { FONT } from "./basemap.js";
import { el, getJSON, fmt } from "./util.js";

export const STYLES = [
  ["confirmed", "confirmed by an independent or opposing source"],
  ["asserted", "the outlet's own account"],
  ["claimed", "claimed by a party to the conflict"],
  ["disputed", "disputed or denied"],
  ["stale", "unconfirmed: no report for longer than the age set"],
];

export class Control {
  constructor(map, { onOpen }) {
    this.map = map;
    this.onOpen = onOpen;
    this.changes = [];
    this.date = "";
    this.age = 0;
    this.holders = [];
    this.seq = 0;
  }

  addLayers() {
    const map = this.map;
    // Every mark up front: images added while tiles are laid out (on
    // "styleimagemissing") were left out of some tiles.
    const ratio = Math.max(2, window.devicePixelRatio || 1);
    HOLDERS.forEach((color, k) => {
      for (const [style] of STYLES) map.addImage(`ctl-${k}-${style}`, controlIcon(color, style, ratio), { pixelRatio: ratio });
    });
    map.addSource("control", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({
      id: "control", type: "symbol", source: "control",
      layout: {
        "icon-image": ["get", "icon"], "icon-allow-overlap": true, "icon-ignore-placement": true,
        "icon-size": ["interpolate", ["linear"], ["zoom"], 2, 0.8, 7, 1, 11, 1.2],
      },
    });
    map.addLayer({
      id: "control-labels", type: "symbol", source: "control", minzoom: 4.5,
      layout: {
        "text-field": ["get", "label"], "text-font": FONT, "text-size": 11, "text-anchor": "top", "text-offset": [0, 1.9],
        "text-optional": true, "text-max-width": 14,
      },
      paint: { "text-color": ["get", "ink"], "text-halo-color": "#ffffffee", "text-halo-width": 1.6 },
    });
  }

  setVisible(on) {
    for (const id of ["control", "control-labels"]) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, "visibility", on ? "visible" : "none");
  }

  // load asks who held what on date; age is the number of days after which
  // a holding counts as unconfirmed (0: never).
  async load(date, age) {
    const seq = ++this.seq;
    // The server ages each holding from its last report (as_of) and says
    // whether it is stale past the age asked for.
    const q = new URLSearchParams();
    if (date) q.set("date", date);
    if (age > 0) q.set("stale_days", String(age));
    const res = await getJSON("/api/v1/control" + (q.size ? "?" + q : ""));
    if (seq !== this.seq) return null;
    this.date = res.date;
    this.age = age;
    this.changes = res.control.filter((c) => c.latitude != null && c.longitude != null);
    // Colours by holder, the holder of most places first.
    const counts = new Map();
    for (const c of this.changes) counts.set(c.to, (counts.get(c.to) || 0) + 1);
    this.holders = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name, n], i) => ({ name, n, color: HOLDERS[i % HOLDERS.length], k: i % HOLDERS.length }));
    const byName = new Map(this.holders.map((h) => [h.name, h]));
    const features = this.changes.map((c, i) => {
      const h = byName.get(c.to), stale = age > 0 && c.stale;
      const style = stale ? "stale" : ["confirmed", "claimed", "disputed"].includes(c.status) ? c.status : "asserted";
      return {
        type: "Feature", geometry: { type: "Point", coordinates: [c.longitude, c.latitude] },
        properties: {
          i, icon: `ctl-${h.k}-${style}`, ink: stale ? "#4b5563" : darken(h.color),
          label: `${c.location}: ${holderName(c)}\n${stale ? "unconfirmed, last " + (c.as_of || c.date) : "since " + (c.since || c.date)}`,
        },
      };
    });
    this.map.getSource("control").setData({ type: "FeatureCollection", features });
    return this;
  }

  // at returns the change drawn under a point of the screen, if any.
  at(point) {
    if (!this.map.getLayer("control") || this.map.getLayoutProperty("control", "visibility") === "none") return null;
    const f = this.map.queryRenderedFeatures([[point.x - 4, point.y - 4], [point.x + 4, point.y + 4]], { layers: ["control"] })[0];
    return f ? this.changes[f.properties.i] : null;
  }

  staleDays(c) {
    return this.age > 0 && c.stale ? c.age_days : 0;
  }

  summary(c) {
    const stale = this.staleDays(c);
    return el("div", { class: "tip" },
      el("strong", {}, c.location),
      el("div", {}, c.to ? `Held by ${c.to} since ${c.since || c.date}` : `Left by ${c.from} on ${c.date}; no report names a new holder`),
      el("div", { class: "meta" }, stale ? `unconfirmed: last reported ${c.as_of}, ${stale} days before ${this.date}` : `last reported ${c.as_of || c.date}`),
      el("div", { class: "meta" }, c.basis || c.status));
  }

  legend() {
    if (!this.changes.length) return [el("p", { class: "meta" }, `No place is known to have changed hands by ${this.date}.`)];
    return [
      el("ul", { class: "holders" }, this.holders.map((h) => el("li", {}, el("i", { class: "sw round", style: `background:${h.color}` }), `${h.name || "left, no new holder"} (${fmt(h.n)})`))),
      el("ul", { class: "styles" }, STYLES.map(([s, text]) => {
        const cv = document.createElement("canvas");
        cv.width = cv.height = 88;
        cv.getContext("2d").putImageData(controlIcon("#4477AA", s, 2), 0, 0);
        cv.style.width = cv.style.height = "20px";
        cv.setAttribute("aria-hidden", "true");
        return el("li", {}, cv, text);
      })),
    ];
  }
}

function holderName(c) {
  return c.to || `left by ${c.from}`;
}

// darken makes a holder's colour dark enough for text on white.
function darken(hex) {
  const n = parseInt(hex.slice(1), 16);
  const f = (v) => Math.round(v * 0.55).toString(16).padStart(2, "0");
  return "#" + f(n >> 16) + f((n >> 8) & 255) + f(n & 255);
}
