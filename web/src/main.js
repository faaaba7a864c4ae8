// sitrep's situation map: MapLibre GL over an offline Natural Earth
// basemap, the stored events clustered and drawn by type, a timeline to
// choose the days shown, filters, the control of places, trends by area,
// and the card of an event with its evidence. The URL holds the view, so
// that a link reproduces it.
import "maplibre-gl/dist/maplibre-gl.css";
import "uplot/dist/uPlot.min.css";
import "./style.css";
import * as maplibregl from "maplibre-gl";
import taxonomy from "./taxonomy.json";
import { baseStyle, addLand, addLabels, addLines, detailBasemap, addPlaces } from "./basemap.js";
import { Events } from "./events.js";
import { Control } from "./control.js";
import { Timeline } from "./timeline.js";
import { Card, trendsTable } from "./panels.js";
import { TYPES, legendIcon } from "./symbols.js";
import { $, el, getJSON, readJSON, readPoints, fmt, dayOf, dateOf, debounce } from "./util.js";

maplibregl.setWorkerUrl(new URL("/static/dist/maplibre-gl-worker.mjs", location.href).href);

const FILTERS = ["q", "type", "sub_type", "actor", "country", "admin1", "outlet", "claim_status", "min_fatalities"];
const POINTS_LIMIT = 250000;
const DETAIL_ZOOM = 3; // the zoom from which the 1:50m countries are drawn
const timings = { scriptStart: performance.now() }; // after the modules imported are evaluated
let pending = 0;
let positioned = false; // the map shows the view of the URL, or the events

// --- the view, read from and written to the URL ---

function readURL() {
  const u = new URLSearchParams(location.search);
  const num = (k) => (u.has(k) && u.get(k) !== "" && Number.isFinite(Number(u.get(k))) ? Number(u.get(k)) : null);
  const c = (u.get("c") || "").split(",").map(Number);
  const date = (k) => (/^\d{4}-\d{2}-\d{2}$/.test(u.get(k) || "") ? u.get(k) : "");
  return {
    center: c.length === 2 && c.every(Number.isFinite) ? c : null,
    zoom: num("z"),
    filters: Object.fromEntries(FILTERS.map((k) => [k, (u.get(k) || "").trim()])),
    start: date("start"),
    end: date("end"),
    metric: u.get("metric") === "deaths" ? "deaths" : "events",
    control: u.get("ctl") !== "off",
    controlDate: date("ctl_date"),
    age: num("age") ?? 30,
    events: u.get("ev") !== "off",
    places: u.get("places") !== "off",
    card: u.get("card") || "",
    tab: ["filters", "trends", "list"].includes(u.get("tab")) ? u.get("tab") : "filters",
    level: u.get("level") === "admin1" ? "admin1" : "country",
  };
}

const view = readURL();

function writeURL() {
  const u = new URLSearchParams();
  if (positioned) {
    const c = map.getCenter();
    u.set("c", `${c.lng.toFixed(4)},${c.lat.toFixed(4)}`);
    u.set("z", map.getZoom().toFixed(2));
  }
  for (const k of FILTERS) if (view.filters[k]) u.set(k, view.filters[k]);
  if (view.start) u.set("start", view.start);
  if (view.end) u.set("end", view.end);
  if (view.metric !== "events") u.set("metric", view.metric);
  if (!view.control) u.set("ctl", "off");
  if (view.controlDate) u.set("ctl_date", view.controlDate);
  if (view.age !== 30) u.set("age", String(view.age));
  if (!view.events) u.set("ev", "off");
  if (!view.places) u.set("places", "off");
  if (view.card) u.set("card", view.card);
  if (view.tab !== "filters") u.set("tab", view.tab);
  if (view.level !== "country") u.set("level", view.level);
  const s = u.toString().replaceAll("%2C", ",");
  history.replaceState(null, "", s ? "?" + s : location.pathname);
  updateExports();
}
const writeURLSoon = debounce(writeURL, 250);

function filterQuery() {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (view.filters[k]) q.set(k, view.filters[k]);
  return q;
}

// --- the map ---

// The first load's requests (index.html asked for them already).
const earlyBasemap = window.sitrepEarly && window.sitrepEarly.basemap;
const firstData = fetchData();
let framed = false; // the map shows the frame of the answer's headers
let firstFrameDone;
const firstFrameDrawn = new Promise((r) => { firstFrameDone = r; }); // resolved by detailed()

const map = new maplibregl.Map({
  container: "map",
  style: baseStyle,
  center: view.center || [20, 20],
  zoom: view.zoom ?? 1.6,
  minZoom: 0.5,
  maxZoom: 17,
  dragRotate: false,
  pitchWithRotate: false,
  touchPitch: false,
  attributionControl: false,
  renderWorldCopies: true,
  fadeDuration: 0,
});
timings.mapCreated = performance.now();
// Until the first frame with the events, the map is painted only once
// every tile it needs is in: without a GPU each frame is painted whole by
// SwiftShader, on the cores the page's own work needs meanwhile, and the
// frames of half-loaded tiles show nothing the next one does not.
// painter.render is MapLibre's own (its version pinned by the lockfile);
// tiles are still asked for, laid out and placed in every frame.
// The first paint links the sea's WebGL programs, and the main thread
// waits for that (SwiftShader compiling them: 200-400 ms in a new
// browser); meanwhile the messages sent to MapLibre's worker before it
// started wait too (the main thread hands them on), and so did the land's
// tiling. So once the land is added (at the style's load, when index.html
// has read the basemap by then), nothing is painted until the worker
// holds it, and then the sea alone, once, while the worker tiles it.
if (map.painter && typeof map.painter.render === "function") {
  const painter = map.painter, paint = painter.render;
  let landHeld = false;
  map.on("sourcedata", function held(e) {
    if (e.sourceId !== "countries" || e.sourceDataType !== "metadata") return;
    landHeld = true;
    map.off("sourcedata", held);
  });
  const paints = () => {
    const land = !!map.getSource("countries");
    if (land && !landHeld) return false;
    return map.areTilesLoaded() || (land && timings.painted === 0);
  };
  timings.painted = 0;
  timings.unpainted = 0;
  painter.render = function (...args) {
    if (!timings.firstFrame && !paints()) {
      timings.unpainted++;
      return;
    }
    if (!timings.firstFrame) timings.painted++;
    else painter.render = paint;
    return paint.apply(this, args);
  };
}
map.touchZoomRotate.disableRotation();
map.keyboard.disableRotation();
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-left");
map.addControl(new maplibregl.AttributionControl({
  compact: true,
  customAttribution: 'Natural Earth · GeoNames · <a href="/static/dist/LICENSES.txt">licences</a>',
}), "bottom-left");
map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");

const popupAt = new maplibregl.Popup({ closeButton: false, closeOnClick: false, maxWidth: "300px", className: "summary", focusAfterOpen: false });

const card = new Card($("panel"), $("panel-body"), {
  onSelect: (id) => openEvent(id),
  onClose: () => {
    view.card = "";
    events.setSelected("");
    writeURLSoon();
  },
});

const events = new Events(map, {
  onOpen: (id) => openEvent(id),
  onView: () => { updateStatus(); listSoon(); updateExportsSoon(); },
});

const control = new Control(map, { onOpen: () => {} });

function openEvent(id) {
  view.card = id;
  events.setSelected(id);
  events.listPopup.remove();
  card.event(id);
  writeURLSoon();
}

// --- the timeline and the window ---

const timeline = new Timeline($("chart"), { onWindow: (a, b) => setWindow(a, b) });

function windowDays() {
  return [dayOf(view.start), dayOf(view.end)];
}

function setWindow(from, to, { quiet } = {}) {
  view.start = Number.isNaN(from) ? "" : dateOf(from);
  view.end = Number.isNaN(to) ? "" : dateOf(to);
  $("w-start").value = view.start;
  $("w-end").value = view.end;
  timeline.setWindow(from, to);
  events.setWindow(from, to).catch((err) => setStatus(err.message, true));
  updateStatus();
  if (!quiet) {
    loadControl();
    loadTrends();
  }
  writeURLSoon();
}

function lastDay() {
  return timeline.last;
}

let playing = 0;
function play(on) {
  clearInterval(playing);
  playing = 0;
  $("play").setAttribute("aria-pressed", String(on));
  $("play").textContent = on ? "❚❚ Pause" : "▶ Play";
  if (!on) return;
  let [from, to] = windowDays();
  if (Number.isNaN(from) || Number.isNaN(to) || to >= timeline.last) {
    from = to = timeline.first;
    setWindow(from, to);
  }
  playing = setInterval(() => {
    const [a, b] = windowDays();
    if (b >= timeline.last) { play(false); return; }
    setWindow(a + 1, b + 1);
  }, 700);
}

function step(d) {
  let [a, b] = windowDays();
  if (Number.isNaN(a) || Number.isNaN(b)) {
    a = b = d > 0 ? timeline.first : timeline.last;
  } else {
    a += d; b += d;
  }
  if (b > timeline.last || a < timeline.first) return;
  setWindow(a, b);
}

// --- loading ---

let loadSeq = 0;

// fetchData asks for the points and the days of the filters; the map does
// not wait for the days, nor the timeline for the points.
function fetchData() {
  const q = filterQuery();
  const url = `/api/v1/points?${q}${q.size ? "&" : ""}limit=${POINTS_LIMIT}&format=binary`, daysURL = `/api/v1/days?${q}`;
  // Asked for by index.html's script before this one was read, once.
  const early = window.sitrepEarly;
  window.sitrepEarly = null;
  const same = early && early.points === url && early.days === daysURL;
  const t0 = same ? early.t0 : performance.now();
  const res = same ? early.pointsRes : fetch(url);
  // The area that frames the points, in the answer's headers (see
  // pointsFrame in internal/serve/mapapi.go): well before its body.
  const frame = res.then((r) => {
    const b = (r.headers.get("X-Points-Frame") || "").split(",").map(Number);
    return b.length === 4 && b.every(Number.isFinite) ? b : null;
  }, () => null);
  const points = res.then(readPoints).then((pts) => {
    timings.pointsMs = performance.now() - t0; // the request and reading the answer
    const e = performance.getEntriesByName(new URL(url, location.href).href).pop();
    if (e) Object.assign(timings, { pointsFirstByte: e.responseStart, pointsReceived: e.responseEnd });
    return pts;
  });
  const days = (same ? early.daysRes : fetch(daysURL)).then(readJSON).then((d) => {
    timings.daysMs = performance.now() - t0;
    return d;
  });
  points.catch(() => {}); // reported when loadData awaits them
  days.catch(() => {});
  return { points, days, frame };
}

// showPoints takes the events of an answer, frames them when asked to,
// and has them clustered for the window: it resolves once they are.
function showPoints(pts, fit) {
  events.truncated = pts.truncated;
  events.setColumns(pts);
  timings.pointsLoaded = performance.now();
  // Framed before clustering: the basemap's tiles of the new view are
  // made (by MapLibre's worker) while the events are clustered (by ours).
  // At start the answer's headers framed them already (framed).
  if (fit && events.count && !framed) fitTo(events.c);
  framed = false;
  positioned = true;
  const [a, b] = windowDays();
  return events.setWindow(a, b);
}

// loadData asks for the events of the filters and shows them, or, at
// start, shows those asked for and clustered while the map was setting up
// (early).
async function loadData({ fit, early } = {}) {
  const seq = ++loadSeq;
  if (!early) firstData.stale = true; // the filters changed before the map started
  setStatus("Loading…");
  pending++;
  try {
    const req = early || fetchData();
    const days = req.days.then(async (d) => {
      // The timeline's chart, the trends and the control after the map's
      // first frame: drawn (the chart on a canvas, by SwiftShader too) and
      // asked for meanwhile, they took from it.
      if (early) await Promise.race([firstFrameDrawn, new Promise((r) => setTimeout(r, 3000))]);
      if (seq !== loadSeq) return;
      events.undated = d.undated;
      timeline.setData(d.days);
      const [a, b] = windowDays();
      timeline.setWindow(a, b);
    });
    days.catch(() => {}); // reported below
    if (early) {
      await early.indexed;
      await events.refresh(); // the map had no layers to draw them on
    } else {
      const pts = await req.points;
      if (seq !== loadSeq) return;
      await showPoints(pts, fit);
    }
    if (seq !== loadSeq) return;
    timings.indexed = performance.now();
    Object.assign(timings, { clusterMs: events.clusterMs, sortMs: events.sortMs, windowed: events.windowed, clustersSet: events.drawnAt });
    if (!timings.firstFrame) {
      // The first frame with every event clustered and the basemap drawn;
      // firstRender is the map's first idle moment after it.
      const drawn = () => {
        const ev = map.isSourceLoaded("events"), tiles = map.areTilesLoaded();
        if (ev && !timings.eventsLoaded) timings.eventsLoaded = performance.now();
        if (tiles && !timings.tilesLoaded) timings.tilesLoaded = performance.now();
        if (!ev || !tiles) return;
        timings.firstFrame = performance.now();
        map.off("render", drawn);
        // Then the rest of the basemap, once that frame is up.
        requestAnimationFrame(() => detailed());
      };
      map.on("render", drawn);
      map.triggerRepaint();
    }
    if (!timings.firstRender) map.once("idle", () => { timings.firstRender = performance.now(); });
    updateStatus();
    await days;
    if (seq !== loadSeq) return;
    updateStatus();
    loadControl();
    loadTrends();
  } catch (err) {
    if (seq === loadSeq) setStatus(err.message, true);
  } finally {
    pending--;
  }
}

// fitTo frames the events, leaving out the few farthest from the rest (a
// stray point on another continent would otherwise zoom the map out to
// the world). The server frames them so too (pointsFrame in
// internal/serve/mapapi.go).
function fitTo(c) {
  const q = (arr, f) => arr[Math.min(arr.length - 1, Math.max(0, Math.floor(f * (arr.length - 1))))];
  // Typed arrays sort numerically, and quickly.
  const lons = c.lon.slice().sort(), lats = c.lat.slice().sort();
  const cut = c.count >= 50 ? 0.02 : 0;
  fitFrame([q(lons, cut), q(lats, cut), q(lons, 1 - cut), q(lats, 1 - cut)]);
}

// fitFrame frames [west, south, east, north] with a margin.
function fitFrame([w, s, e, n]) {
  const padLon = Math.max(0.5, (e - w) * 0.08), padLat = Math.max(0.5, (n - s) * 0.08);
  w = Math.max(-180, w - padLon); e = Math.min(180, e + padLon); s = Math.max(-85, s - padLat); n = Math.min(85, n + padLat);
  map.fitBounds([[w, s], [e, n]], { padding: 30, maxZoom: 9, duration: 0 });
}

async function loadControl() {
  if (!map.getSource("control")) return;
  const [, to] = windowDays();
  const date = view.controlDate || (Number.isNaN(to) ? (Number.isNaN(lastDay()) ? "" : dateOf(lastDay())) : dateOf(to));
  pending++;
  try {
    const c = await control.load(date, view.age);
    if (!c) return;
    $("control-date").value = view.controlDate || c.date;
    $("control-legend").replaceChildren(el("h2", {}, `Held on ${c.date}`), ...c.legend());
  } catch (err) {
    setStatus("control: " + err.message, true);
  } finally {
    pending--;
  }
}

let trendSeq = 0;
async function loadTrends() {
  const seq = ++trendSeq;
  const q = filterQuery();
  // Trends are of the whole area: the area filters would leave one row.
  q.delete("country");
  q.delete("admin1");
  const [, to] = windowDays();
  if (!Number.isNaN(to)) q.set("date", dateOf(to));
  pending++;
  try {
    const t = await getJSON("/api/v1/trends?" + q);
    if (seq !== trendSeq) return;
    view.trends = t;
    renderTrends();
    $("country-list").replaceChildren(...t.countries.map((r) => el("option", { value: r.country })));
    $("admin1-list").replaceChildren(...t.admin1.filter((r) => !view.filters.country || r.country === view.filters.country).map((r) => el("option", { value: r.admin1 })));
  } catch (err) {
    $("trends").replaceChildren(el("p", { class: "meta" }, err.message));
  } finally {
    pending--;
  }
}

function renderTrends() {
  const t = view.trends;
  if (!t) return;
  $("trend-note").textContent = t.date
    ? `Events in the 7 days to ${t.date} against the weekly average of the 4 weeks before, flagged as ACLED's dashboard does. Click an area to show it.`
    : "No dated events yet.";
  const rows = view.level === "admin1" ? t.admin1 : t.countries;
  $("trends").replaceChildren(trendsTable(rows, view.level, (r) => {
    view.filters.country = r.country;
    view.filters.admin1 = view.level === "admin1" ? r.admin1 : "";
    fillForm();
    loadData({ fit: true });
    writeURLSoon();
  }));
}

// --- status, list, exports ---

function setStatus(text, error) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("error", !!error);
}

function updateStatus() {
  if (pending && !events.count) return;
  const n = events.shown.length, inView = events.countInView();
  let text = `${fmt(n)} event${n === 1 ? "" : "s"}` + (view.start || view.end ? " in the window" : "") + `, ${fmt(inView)} in view`;
  if (events.truncated) text += ` (the newest ${fmt(POINTS_LIMIT)}; narrow the filters for more)`;
  setStatus(text);
  $("map").dataset.shown = String(n);
  $("map").dataset.inview = String(inView);
}

const listSoon = debounce(() => {
  if ($("pane-list").hidden) return;
  const { entries, more } = events.listEntries();
  $("inview").replaceChildren(...entries);
  $("list-note").textContent = entries.length
    ? `Clusters and events in view, most events first${more ? `; ${fmt(more)} more: zoom in` : ""}. Focus one to see it on the map.`
    : "No events in view.";
}, 150);

// The map has loaded once: its bounds are the view's from now on.
let mapReady = false;

function updateExports() {
  const q = filterQuery();
  if (view.start) q.set("start", view.start);
  if (view.end) q.set("end", view.end);
  // Not map.loaded(): that is false while a source updates, and the
  // link must hold the area whenever it is asked for.
  if (mapReady) {
    const b = map.getBounds();
    const clamp = (v, lim) => Math.max(-lim, Math.min(lim, v)).toFixed(4);
    if (b.getEast() - b.getWest() < 360) q.set("bbox", [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)].join(","));
  }
  const s = q.toString().replaceAll("%2C", ",");
  for (const f of ["csv", "geojson", "jsonl"]) $("x-" + f).href = `/api/v1/events.${f}${s ? "?" + s : ""}`;
}
const updateExportsSoon = debounce(updateExports, 200);

// --- the form ---

function fillForm() {
  const f = $("filters");
  for (const k of FILTERS) if (f.elements[k]) f.elements[k].value = view.filters[k] || "";
  fillSubTypes();
  f.elements.sub_type.value = view.filters.sub_type || "";
}

function fillSubTypes() {
  const type = $("f-type").value, sel = $("f-sub"), keep = sel.value;
  const opts = [el("option", { value: "" }, "All sub-types")];
  for (const [t, subs] of taxonomy) {
    if (type && t !== type) continue;
    const group = el("optgroup", { label: t }, subs.map((s) => el("option", { value: s }, s)));
    opts.push(group);
  }
  sel.replaceChildren(...opts);
  sel.value = [...sel.options].some((o) => o.value === keep) ? keep : "";
}

function readForm() {
  const f = $("filters");
  for (const k of FILTERS) view.filters[k] = (f.elements[k].value || "").trim();
  if (view.filters.min_fatalities === "0") view.filters.min_fatalities = "";
}

function setupForm() {
  $("f-type").append(...taxonomy.map(([t]) => el("option", { value: t }, t)));
  $("f-type").addEventListener("change", fillSubTypes);
  fillForm();
  $("filters").addEventListener("submit", (e) => {
    e.preventDefault();
    readForm();
    loadData();
    writeURLSoon();
  });
  for (const id of ["f-type", "f-sub", "f-status"]) $(id).addEventListener("change", () => $("filters").requestSubmit());
  $("reset").onclick = () => {
    for (const k of FILTERS) view.filters[k] = "";
    fillForm();
    loadData();
    writeURLSoon();
  };
  let actorTimer = 0;
  $("f-actor").addEventListener("input", () => {
    clearTimeout(actorTimer);
    actorTimer = setTimeout(async () => {
      try {
        const res = await getJSON("/api/v1/actors?limit=15&q=" + encodeURIComponent($("f-actor").value));
        $("actor-list").replaceChildren(...res.actors.map((a) => el("option", { value: a.name })));
      } catch { /* suggestions only */ }
    }, 200);
  });
  // After the map's first frame: a thousand documents to read, for suggestions.
  firstFrameDrawn.then(() => getJSON("/api/v1/documents?limit=1000")).then((res) => {
    const outlets = [...new Set(res.documents.map((d) => d.outlet).filter(Boolean))].sort();
    $("outlet-list").replaceChildren(...outlets.map((o) => el("option", { value: o })));
  }).catch(() => { /* suggestions only */ });

  // Layers.
  $("show-events").checked = view.events;
  $("show-control").checked = view.control;
  $("show-places").checked = view.places;
  $("control-age").value = String(view.age);
  $("control-date").value = view.controlDate;
  $("show-events").onchange = () => { view.events = $("show-events").checked; events.setVisible(view.events); writeURLSoon(); };
  $("show-control").onchange = () => { view.control = $("show-control").checked; control.setVisible(view.control); writeURLSoon(); };
  $("show-places").onchange = () => {
    view.places = $("show-places").checked;
    if (map.getLayer("place-labels")) map.setLayoutProperty("place-labels", "visibility", view.places ? "visible" : "none");
    writeURLSoon();
  };
  $("control-date").onchange = () => { view.controlDate = $("control-date").value; loadControl(); writeURLSoon(); };
  $("control-age").onchange = () => {
    const v = Number($("control-age").value);
    view.age = Number.isFinite(v) && v >= 0 ? Math.round(v) : 30;
    loadControl();
    writeURLSoon();
  };

  // Timeline controls.
  $("w-start").value = view.start;
  $("w-end").value = view.end;
  const fromInputs = () => {
    let a = dayOf($("w-start").value), b = dayOf($("w-end").value);
    if (!Number.isNaN(a) && !Number.isNaN(b) && a > b) [a, b] = [b, a];
    setWindow(a, b);
  };
  $("w-start").onchange = fromInputs;
  $("w-end").onchange = fromInputs;
  $("w-all").onclick = () => { play(false); setWindow(NaN, NaN); };
  $("play").onclick = () => play(!playing);
  $("step-back").onclick = () => { play(false); step(-1); };
  $("step-on").onclick = () => { play(false); step(1); };
  $("tl-metric").value = view.metric;
  timeline.metric = view.metric;
  $("tl-metric").onchange = () => { view.metric = $("tl-metric").value; timeline.setMetric(view.metric); writeURLSoon(); };

  // Legend.
  $("legend").replaceChildren(el("h2", {}, "Event types"),
    el("ul", { class: "types" }, TYPES.map((t) => el("li", {}, legendIcon(t), t.name))),
    el("p", { class: "meta" }, "Size: deaths. Faded: the report hedges. Dark discs: clusters, with their number of events."));

  // Tabs, with the arrow keys of a tab list.
  const tabs = ["filters", "trends", "list"];
  const show = (name, focus) => {
    view.tab = name;
    for (const t of tabs) {
      const on = t === name;
      $("tab-" + t).setAttribute("aria-selected", String(on));
      $("tab-" + t).tabIndex = on ? 0 : -1;
      $("pane-" + t).hidden = !on;
    }
    if (focus) $("tab-" + name).focus();
    if (name === "list") listSoon();
    writeURLSoon();
  };
  for (const t of tabs) {
    $("tab-" + t).onclick = () => show(t);
    $("tab-" + t).onkeydown = (e) => {
      const i = tabs.indexOf(t);
      if (e.key === "ArrowRight" || e.key === "ArrowDown") { e.preventDefault(); show(tabs[(i + 1) % tabs.length], true); }
      if (e.key === "ArrowLeft" || e.key === "ArrowUp") { e.preventDefault(); show(tabs[(i + tabs.length - 1) % tabs.length], true); }
    };
  }
  show(view.tab);
  for (const r of document.querySelectorAll('input[name="trend-level"]')) {
    r.checked = r.value === view.level;
    r.onchange = () => { view.level = r.value; renderTrends(); writeURLSoon(); };
  }

  // The side panel slides in on a phone.
  $("menu").onclick = () => {
    const open = !document.body.classList.contains("side-open");
    document.body.classList.toggle("side-open", open);
    $("menu").setAttribute("aria-expanded", String(open));
    if (open) $("tab-" + view.tab).focus();
  };
  $("panel-close").onclick = () => card.close();
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    if (document.body.classList.contains("side-open")) { $("menu").click(); $("menu").focus(); return; }
    if (!$("panel").hidden) { card.close(); map.getCanvas().focus(); }
  });
}

// --- start ---

setupForm();
// The events are asked for, and clustered as they come, while the map
// starts; unless the filters were sent meanwhile (then loadData has them).
firstData.indexed = firstData.points.then((pts) => (firstData.stale ? null : showPoints(pts, !view.center)));
firstData.indexed.catch(() => {}); // reported when loadData awaits it
const basemapData = earlyBasemap || getJSON("/static/dist/basemap.json");
let detailing = null;
// detailed draws the rest of the map, once: the labels and the clusters'
// counts, then the countries at 1:50m with their coasts and borders;
// after the first frame with the events, or at the first idle moment
// should none come. The first frame has the land (1:110m) and the
// clusters alone: MapLibre's one worker tiles every source, and lays out
// every label, before the frame that shows any of them.
function detailed() {
  detailing ||= (async () => {
    firstFrameDone();
    // The places' names show from zoom 6: asked for now, not at start (the
    // server reads them for a tenth of a second).
    const placesData = getJSON("/api/v1/places?limit=500").catch(() => ({ places: [] }));
    const bm = await basemapData;
    // Rings of held places lie over the events they surround; drawn
    // after the first frame (their marks are drawn into images first).
    control.addLayers();
    if (!view.control) control.setVisible(false);
    loadControl();
    addLabels(map, bm, "clusters");
    events.addCounts();
    timings.labelsAdded = performance.now();
    // The 1:50m countries only from a regional zoom: tiling them took
    // MapLibre's worker about a second, and at the world's zooms the
    // 1:110m are drawn as finely as the screen shows.
    addLines(map, bm.countries, "country-labels");
    map.once("idle", () => { timings.fullRender = performance.now(); });
    const finer = () => {
      if (map.getZoom() < DETAIL_ZOOM) return;
      map.off("zoomend", finer);
      getJSON("/static/dist/basemap-50m.json").then((d) => {
        detailBasemap(map, d, "country-labels");
        timings.basemapDetailed = performance.now();
      }).catch((err) => setStatus("basemap: " + err.message, true));
    };
    map.on("zoomend", finer);
    finer();
    const pl = await placesData;
    addPlaces(map, pl.places, bm.cities, "clusters");
    if (!view.places) map.setLayoutProperty("place-labels", "visibility", "none");
  })().catch((err) => setStatus("basemap: " + err.message, true)).finally(() => { pending--; });
  return detailing;
}

// The land and the events' layers as soon as the style is (a frame after
// the map is made, before its "load"; and before its first paint when
// index.html has read the basemap by then, see the painter's wrapper) and
// the points' headers framed the view: the land's tiles are made while the
// points' body comes and the events are clustered, so that the events'
// tiles do not queue behind them in MapLibre's one worker (before, the
// land was added once the points were read).
const layersReady = new Promise((resolve, reject) => {
  map.once("style.load", () => basemapData.then(async (bm) => {
    // The view that frames the events first, so that the basemap's tiles
    // are made once, for it (made at the starting view, they were made
    // twice). Not waited for long.
    if (!view.center) {
      const b = await Promise.race([firstData.frame, new Promise((r) => setTimeout(() => r(null), 1000))]);
      if (b && !firstData.stale && !positioned) {
        fitFrame(b);
        framed = true;
      }
    }
    addLand(map, bm);
    timings.basemapAdded = performance.now();
    events.addLayers();
    timings.layersAdded = performance.now();
    resolve(bm);
  }).catch(reject));
});
layersReady.catch(() => {}); // reported by the load handler

map.on("load", async () => {
  mapReady = true;
  pending += 2; // this, and detailed()
  try {
    await layersReady;
    timings.mapLoaded = performance.now();
    if (!view.events) events.setVisible(false);
    // Held places answer clicks and hovers where no event is.
    map.on("click", (e) => {
      if (events.featureAt(e.point)) return;
      const c = control.at(e.point);
      if (c) card.place(c, control.date, control.staleDays(c));
    });
    map.on("mousemove", (e) => {
      if (events.featureAt(e.point)) { popupAt.remove(); return; }
      const c = control.at(e.point);
      if (c) popupAt.setLngLat([c.longitude, c.latitude]).setDOMContent(control.summary(c)).addTo(map);
      else popupAt.remove();
    });
    map.on("moveend", writeURLSoon);
    if (!firstData.stale) await loadData({ early: firstData });
    else await events.refresh();
    // The rest of the basemap, should no first frame with events come.
    map.once("idle", () => detailed());
    if (view.card) openEvent(view.card);
  } catch (err) {
    setStatus("The map could not start: " + err.message, true);
  } finally {
    pending--;
  }
});

// For tests and the console.
window.sitrepMap = {
  map,
  timings,
  view: () => ({ ...view, filters: { ...view.filters } }),
  settled: () => pending === 0 && map.loaded() && !map.isMoving() && map.areTilesLoaded() && events.idle(),
  counts: () => ({ loaded: events.count, shown: events.shown.length, inView: events.countInView() }),
  rendered() {
    const fs = map.queryRenderedFeatures({ layers: ["clusters", "points"] });
    const clusters = fs.filter((f) => f.properties.cluster);
    return { clusters: clusters.length, points: fs.length - clusters.length, events: clusters.reduce((n, f) => n + f.properties.count, 0) + fs.length - clusters.length };
  },
  ids: () => map.queryRenderedFeatures({ layers: ["points", "spider-points"] }).map((f) => f.properties.id),
  screenOf(id) {
    const p = events.screenOf(id);
    if (!p) return null;
    const r = map.getCanvas().getBoundingClientRect();
    return { x: p.x + r.left, y: p.y + r.top };
  },
  clusterAt() {
    // A rendered cluster and where it is, for tests.
    const f = map.queryRenderedFeatures({ layers: ["clusters"] })[0];
    if (!f) return null;
    const p = map.project(f.geometry.coordinates), r = map.getCanvas().getBoundingClientRect();
    return { x: p.x + r.left, y: p.y + r.top, count: f.properties.count };
  },
  selected: () => events.selected,
  control: () => map.queryRenderedFeatures({ layers: ["control"] }).map((f) => ({ ...control.changes[f.properties.i], icon: f.properties.icon })),
  style: () => map.getStyle().layers.map((l) => ({ id: l.id, type: l.type, source: l.source || "" })),
  countries: () => map.queryRenderedFeatures({ layers: ["land"] }).map((f) => f.properties.name),
};
