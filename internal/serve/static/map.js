// sitrep situation map: events and control of places drawn on a canvas in
// Web Mercator, with no tiles and no third-party code, so that it works
// offline. World coordinates run 0..1 in x (west to east) and y (north to
// south); the view is a centre in world coordinates and a scale in pixels
// per world unit.
"use strict";

(() => {
  const TYPES = {
    "Battles": "#d7301f",
    "Explosions/Remote violence": "#f28e1c",
    "Violence against civilians": "#7b3294",
    "Protests": "#2b83ba",
    "Riots": "#1a9641",
    "Strategic developments": "#6b6b6b",
  };
  const MAX_LAT = 85.0511;
  const MIN_SCALE = 256, MAX_SCALE = 256 * 2 ** 19;

  const $ = (id) => document.getElementById(id);
  const canvas = $("map"), ctx = canvas.getContext("2d");
  const form = $("filters");

  const state = {
    view: { cx: 0.5, cy: 0.5, scale: 512 },
    points: [],     // {p, x, y, r, color}, drawn in this order
    places: [],     // reference labels: {name, x, y, events}
    control: [],    // {c, x, y, color}
    holders: {},    // control holder -> colour
    selected: null, // event id
    fitted: false,
    size: { w: 0, h: 0, dpr: 1 },
    loading: null,  // AbortController of the points request under way
  };

  // --- projection ---------------------------------------------------------

  function project(lon, lat) {
    const la = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI / 180;
    return [(lon + 180) / 360, (1 - Math.log(Math.tan(la) + 1 / Math.cos(la)) / Math.PI) / 2];
  }
  function unproject(x, y) {
    const lon = x * 360 - 180;
    const lat = Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180 / Math.PI;
    return [lon, lat];
  }
  function toScreen(x, y) {
    const v = state.view;
    return [(x - v.cx) * v.scale + state.size.w / 2, (y - v.cy) * v.scale + state.size.h / 2];
  }
  function toWorld(sx, sy) {
    const v = state.view;
    return [(sx - state.size.w / 2) / v.scale + v.cx, (sy - state.size.h / 2) / v.scale + v.cy];
  }
  // bounds of the view in degrees: [minLon, minLat, maxLon, maxLat]
  function viewBounds() {
    const [x0, y0] = toWorld(0, 0), [x1, y1] = toWorld(state.size.w, state.size.h);
    const [lon0, lat1] = unproject(Math.max(0, x0), Math.max(0, y0));
    const [lon1, lat0] = unproject(Math.min(1, x1), Math.min(1, y1));
    return [lon0, lat0, lon1, lat1];
  }

  // --- drawing ------------------------------------------------------------

  let frame = 0;
  function redraw() {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  function resize() {
    const r = canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
    state.size = { w: r.width, h: r.height, dpr };
    canvas.width = Math.round(r.width * dpr);
    canvas.height = Math.round(r.height * dpr);
    redraw();
  }

  function draw() {
    frame = 0;
    const t0 = performance.now();
    const { w, h, dpr } = state.size;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#eef2f5";
    ctx.fillRect(0, 0, w, h);
    // The world's edge, so that panning off it shows.
    const [ax, ay] = toScreen(0, 0), [bx, by] = toScreen(1, 1);
    ctx.fillStyle = "#fbfcfd";
    ctx.fillRect(ax, ay, bx - ax, by - ay);
    drawGraticule(w, h);
    // Labels never overlap: control labels claim their room first, then
    // place names take what is left.
    const placed = [];
    const control = $("show-control").checked;
    const labels = control ? layoutControl(w, h, placed) : [];
    if ($("show-places").checked) drawPlaces(w, h, placed);
    if (control) drawControl(w, h);
    if ($("show-events").checked) drawEvents(w, h);
    ctx.font = "bold 11px system-ui, sans-serif";
    for (const l of labels) label(l.text, l.x, l.y, l.color);
    drawScale(w);
    state.drawMs = performance.now() - t0;
  }

  function overlaps(box, placed) {
    return placed.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]);
  }

  function label(text, x, y, color) {
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#ffffffdd";
    ctx.strokeText(text, x, y);
    ctx.fillStyle = color;
    ctx.fillText(text, x, y);
  }

  function niceStep(span) {
    const steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 45];
    for (const s of steps) if (span / s <= 8) return s;
    return 90;
  }

  function drawGraticule(w, h) {
    const [lon0, lat0, lon1, lat1] = viewBounds();
    const step = niceStep(Math.max(lon1 - lon0, 1e-6));
    const dec = step < 0.1 ? 2 : step < 1 ? 1 : 0;
    ctx.strokeStyle = "#d3dae1";
    ctx.lineWidth = 1;
    ctx.fillStyle = "#7d8893";
    ctx.font = "10px system-ui, sans-serif";
    ctx.beginPath();
    for (let lon = Math.ceil(lon0 / step) * step; lon <= lon1; lon += step) {
      const [x] = toScreen(project(lon, 0)[0], 0);
      ctx.moveTo(Math.round(x) + 0.5, 0);
      ctx.lineTo(Math.round(x) + 0.5, h);
      if (x > 50) ctx.fillText(Math.abs(lon).toFixed(dec) + (lon < 0 ? "°W" : "°E"), x + 3, 12);
    }
    const lstep = niceStep(Math.max(lat1 - lat0, 1e-6));
    const ldec = lstep < 0.1 ? 2 : lstep < 1 ? 1 : 0;
    for (let lat = Math.ceil(lat0 / lstep) * lstep; lat <= lat1; lat += lstep) {
      const [, y] = toScreen(0, project(0, lat)[1]);
      ctx.moveTo(0, Math.round(y) + 0.5);
      ctx.lineTo(w, Math.round(y) + 0.5);
      ctx.fillText(Math.abs(lat).toFixed(ldec) + (lat < 0 ? "°S" : "°N"), w - 44, y - 3);
    }
    ctx.stroke();
  }

  // Labels of the places with most events, greedily, skipping any that
  // would overlap one already placed.
  function drawPlaces(w, h, placed) {
    ctx.font = "11px system-ui, sans-serif";
    let n = 0;
    for (const p of state.places) {
      const [sx, sy] = toScreen(p.x, p.y);
      if (sx < -20 || sy < -20 || sx > w + 20 || sy > h + 20) continue;
      const box = [sx - 2, sy - 12, sx + 9 + ctx.measureText(p.name).width, sy + 2];
      if (overlaps(box, placed)) continue;
      placed.push(box);
      ctx.fillStyle = "#55606b";
      ctx.fillRect(sx - 1.5, sy - 1.5, 3, 3);
      label(p.name, sx + 6, sy - 2, "#3b444d");
      if (++n >= 60) break;
    }
  }

  function layoutControl(w, h, placed) {
    ctx.font = "bold 11px system-ui, sans-serif";
    const out = [];
    for (const k of state.control) {
      const [sx, sy] = toScreen(k.x, k.y);
      if (sx < -30 || sy < -30 || sx > w + 30 || sy > h + 30) continue;
      const box = [sx + 12, sy - 8, sx + 16 + ctx.measureText(k.c.to).width, sy + 6];
      if (overlaps(box, placed)) continue;
      placed.push(box);
      out.push({ text: k.c.to, x: sx + 14, y: sy + 4, color: k.color });
    }
    return out;
  }

  function drawControl(w, h) {
    for (const k of state.control) {
      const [sx, sy] = toScreen(k.x, k.y);
      if (sx < -30 || sy < -30 || sx > w + 30 || sy > h + 30) continue;
      ctx.save();
      ctx.translate(sx, sy);
      ctx.rotate(Math.PI / 4);
      ctx.fillStyle = k.color + "55";
      ctx.strokeStyle = k.color;
      ctx.lineWidth = 2;
      ctx.setLineDash(k.c.status === "disputed" || k.c.status === "claimed" ? [3, 2] : []);
      ctx.fillRect(-9, -9, 18, 18);
      ctx.strokeRect(-9, -9, 18, 18);
      ctx.restore();
    }
  }

  function drawEvents(w, h) {
    let sel = null;
    for (const m of state.points) {
      const [sx, sy] = toScreen(m.x, m.y);
      if (sx < -m.r || sy < -m.r || sx > w + m.r || sy > h + m.r) continue;
      ctx.beginPath();
      ctx.arc(sx, sy, m.r, 0, 2 * Math.PI);
      ctx.fillStyle = m.color + (m.p.hedged ? "88" : "cc");
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = m.p.claim_status === "disputed" ? "#b00020" : "#ffffff";
      ctx.stroke();
      if (m.p.id === state.selected) sel = [sx, sy, m.r];
    }
    if (sel) {
      ctx.beginPath();
      ctx.arc(sel[0], sel[1], sel[2] + 4, 0, 2 * Math.PI);
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = "#111";
      ctx.stroke();
    }
  }

  function drawScale(w) {
    // km per pixel at the view's centre latitude
    const [, lat] = unproject(state.view.cx, state.view.cy);
    const kmPerPx = 40075 * Math.cos(lat * Math.PI / 180) / state.view.scale;
    let km = 1;
    for (const s of [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]) if (s / kmPerPx <= 120) km = s;
    $("scale").textContent = `${km} km ≈ ${Math.round(km / kmPerPx)} px`;
  }

  // --- view changes ------------------------------------------------------

  function zoomAt(factor, sx, sy) {
    const v = state.view;
    const [wx, wy] = toWorld(sx, sy);
    v.scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, v.scale * factor));
    // keep the world point under the cursor where it was
    v.cx = wx - (sx - state.size.w / 2) / v.scale;
    v.cy = wy - (sy - state.size.h / 2) / v.scale;
    redraw();
  }

  function fit(items) {
    if (!items.length) return;
    let x0 = 1, y0 = 1, x1 = 0, y1 = 0;
    for (const m of items) {
      x0 = Math.min(x0, m.x); x1 = Math.max(x1, m.x);
      y0 = Math.min(y0, m.y); y1 = Math.max(y1, m.y);
    }
    const pad = 60, { w, h } = state.size;
    const dx = Math.max(x1 - x0, 1e-5), dy = Math.max(y1 - y0, 1e-5);
    state.view = {
      cx: (x0 + x1) / 2, cy: (y0 + y1) / 2,
      scale: Math.max(MIN_SCALE, Math.min(MAX_SCALE / 16, (w - pad * 2) / dx, (h - pad * 2) / dy)),
    };
    redraw();
  }

  let drag = null;
  canvas.addEventListener("pointerdown", (e) => {
    drag = { x: e.clientX, y: e.clientY, cx: state.view.cx, cy: state.view.cy, moved: false };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener("pointermove", (e) => {
    if (drag) {
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (drag.moved) {
        canvas.classList.add("dragging");
        state.view.cx = drag.cx - dx / state.view.scale;
        state.view.cy = drag.cy - dy / state.view.scale;
        $("tip").hidden = true;
        redraw();
      }
      return;
    }
    hover(e);
  });
  canvas.addEventListener("pointerup", (e) => {
    const d = drag;
    drag = null;
    canvas.classList.remove("dragging");
    if (d && !d.moved) click(e);
    else if (d) reloadInView();
  });
  canvas.addEventListener("pointerleave", () => { $("tip").hidden = true; });
  canvas.addEventListener("wheel", (e) => {
    e.preventDefault();
    const r = canvas.getBoundingClientRect();
    zoomAt(Math.pow(2, -e.deltaY / (e.deltaMode ? 3 : 300)), e.clientX - r.left, e.clientY - r.top);
    reloadInView();
  }, { passive: false });
  // With "only the area in view", a new view asks for its events, once the
  // wheel has come to rest.
  let viewTimer = 0;
  function reloadInView() {
    if (!form.inview.checked) return;
    clearTimeout(viewTimer);
    viewTimer = setTimeout(load, 300);
  }
  $("zoom-in").onclick = () => { zoomAt(2, state.size.w / 2, state.size.h / 2); reloadInView(); };
  $("zoom-out").onclick = () => { zoomAt(0.5, state.size.w / 2, state.size.h / 2); reloadInView(); };
  $("zoom-fit").onclick = () => fit(state.points.length ? state.points : state.control);
  window.addEventListener("resize", resize);

  // --- hit testing ---------------------------------------------------------

  function markerAt(sx, sy) {
    if (!$("show-events").checked) return null;
    let best = null, bestD = Infinity;
    // Topmost first: the last drawn.
    for (let i = state.points.length - 1; i >= 0; i--) {
      const m = state.points[i];
      const [mx, my] = toScreen(m.x, m.y);
      const d = Math.hypot(mx - sx, my - sy);
      if (d <= m.r + 3 && d < bestD) { best = m; bestD = d; }
    }
    return best;
  }

  function controlAt(sx, sy) {
    if (!$("show-control").checked) return null;
    return state.control.find((k) => {
      const [mx, my] = toScreen(k.x, k.y);
      return Math.abs(mx - sx) + Math.abs(my - sy) <= 13;
    }) || null;
  }

  function hover(e) {
    const r = canvas.getBoundingClientRect(), sx = e.clientX - r.left, sy = e.clientY - r.top;
    const m = markerAt(sx, sy), k = m ? null : controlAt(sx, sy);
    const tip = $("tip");
    if (!m && !k) { tip.hidden = true; canvas.style.cursor = ""; return; }
    canvas.style.cursor = "pointer";
    tip.textContent = m
      ? `${m.p.sub_type} · ${m.p.location || "?"} · ${m.p.date || "undated"} · ${m.p.fatalities} killed`
      : `${k.c.location}: held by ${k.c.to} since ${k.c.date} (${k.c.status})`;
    tip.style.left = Math.min(sx + 12, state.size.w - 290) + "px";
    tip.style.top = sy + 12 + "px";
    tip.hidden = false;
  }

  function click(e) {
    const r = canvas.getBoundingClientRect(), sx = e.clientX - r.left, sy = e.clientY - r.top;
    const m = markerAt(sx, sy);
    if (m) return select(m.p.id);
    const k = controlAt(sx, sy);
    if (k) return showControl(k.c);
  }

  // --- data ------------------------------------------------------------------

  async function getJSON(url, signal) {
    const res = await fetch(url, { signal });
    let body;
    try { body = await res.json(); } catch { body = null; }
    if (!res.ok) throw new Error((body && body.error) || `${res.status} ${res.statusText}`);
    return body;
  }

  function filterParams() {
    const f = new FormData(form), q = new URLSearchParams();
    for (const k of ["start", "end", "type", "q", "actor"]) {
      const v = (f.get(k) || "").trim();
      if (v) q.set(k, v);
    }
    if (f.get("inview")) {
      const b = viewBounds().map((v, i) => Math.max(i % 2 ? -90 : -180, Math.min(i % 2 ? 90 : 180, v)));
      q.set("bbox", b.map((v) => v.toFixed(4)).join(","));
    }
    return q;
  }

  function setStatus(text, error) {
    const s = $("status");
    s.textContent = text;
    s.classList.toggle("error", !!error);
  }

  async function load() {
    if (state.loading) state.loading.abort();
    const ac = new AbortController();
    state.loading = ac;
    const q = filterParams();
    for (const f of ["csv", "geojson", "jsonl"]) $("x-" + f).href = `/api/v1/events.${f}?${q}`;
    setStatus("Loading…");
    try {
      const res = await getJSON(`/api/v1/points?${q}&limit=20000`, ac.signal);
      setPoints(res.points);
      setStatus(`${res.points.length.toLocaleString()} events${res.truncated ? " (the newest; narrow the filters for more)" : ""}`);
      if (!state.fitted && state.points.length) { state.fitted = true; fit(state.points); }
    } catch (err) {
      if (err.name !== "AbortError") setStatus(err.message, true);
    } finally {
      if (state.loading === ac) state.loading = null;
    }
  }

  function setPoints(points) {
    const ms = points.map((p) => {
      const [x, y] = project(p.lon, p.lat);
      return { p, x, y, r: Math.min(16, 3.5 + 2.2 * Math.sqrt(p.fatalities)), color: TYPES[p.type] || "#333333" };
    });
    // Big markers under small ones, so that none hides another entirely.
    ms.sort((a, b) => b.r - a.r);
    state.points = ms;
    canvas.dataset.points = String(ms.length);
    redraw();
  }

  async function loadPlaces() {
    try {
      const res = await getJSON("/api/v1/places?limit=300");
      state.places = res.places.filter((p) => p.latitude != null && p.longitude != null).map((p) => {
        const [x, y] = project(p.longitude, p.latitude);
        return { name: p.name, x, y, events: p.events };
      });
      redraw();
    } catch (err) { /* labels are an aid; the map works without them */ }
  }

  function holderColor(name) {
    if (!state.holders[name]) {
      let h = 0;
      for (const ch of name) h = (h * 31 + ch.codePointAt(0)) >>> 0;
      state.holders[name] = `hsl(${h % 360}, 60%, 38%)`;
    }
    return state.holders[name];
  }

  async function loadControl() {
    const date = $("control-date").value;
    try {
      const res = await getJSON("/api/v1/control" + (date ? "?date=" + date : ""));
      if (!date) $("control-date").value = res.date;
      state.holders = {};
      state.control = res.control.filter((c) => c.latitude != null && c.longitude != null).map((c) => {
        const [x, y] = project(c.longitude, c.latitude);
        return { c, x, y, color: hexOf(holderColor(c.to)) };
      });
      const legend = $("control-legend");
      legend.replaceChildren();
      if (state.control.length) {
        legend.append(el("h3", {}, `Held on ${res.date}`));
        for (const [name, color] of Object.entries(state.holders)) {
          const n = state.control.filter((k) => k.c.to === name).length;
          legend.append(el("div", {}, el("i", { style: `background:${color}` }), `${name} (${n})`));
        }
      }
      redraw();
    } catch (err) {
      setStatus("control: " + err.message, true);
    }
  }

  // hsl() to #rrggbb, so that alpha can be appended as hex.
  function hexOf(hsl) {
    ctx.fillStyle = hsl;
    return ctx.fillStyle;
  }

  // --- the panel -------------------------------------------------------------

  function el(tag, attrs, ...kids) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k.startsWith("on")) n.addEventListener(k.slice(2), v);
      else n.setAttribute(k, v);
    }
    for (const k of kids) if (k != null && k !== false) n.append(k);
    return n;
  }
  function badge(text, cls) { return el("span", { class: "badge " + (cls || text) }, text); }
  function range(low, high) { return high == null ? `${low}+` : low === high ? `${low}` : `${low}–${high}`; }
  function dl(rows) {
    const d = el("dl");
    for (const [k, v] of rows) if (v) d.append(el("dt", {}, k), el("dd", {}, v));
    return d;
  }

  // Evidence spans, with the text of the fields read from them marked.
  function evidence(ev) {
    const out = [];
    for (const sp of ev.evidence || []) {
      const q = el("blockquote", { class: "evidence" });
      const fields = Object.entries(ev.field_evidence || {}).filter(([, f]) => f.start >= sp.start && f.end <= sp.end)
        .sort((a, b) => a[1].start - b[1].start);
      // Offsets count code points: cut with Array.from, not string indexes.
      const chars = Array.from(sp.text || "");
      let at = 0;
      for (const [name, f] of fields) {
        const a = f.start - sp.start, b = f.end - sp.start;
        if (a < at) continue;
        q.append(chars.slice(at, a).join(""), el("mark", { title: name }, chars.slice(a, b).join("")));
        at = b;
      }
      q.append(chars.slice(at).join(""));
      out.push(q);
    }
    return out.length ? out : [el("p", { class: "meta" }, "No evidence recorded.")];
  }

  async function select(id) {
    state.selected = id;
    redraw();
    const body = $("panel-body");
    $("panel").hidden = false;
    resize();
    body.replaceChildren(el("p", {}, "Loading…"));
    try {
      const ev = await getJSON("/api/v1/events/" + encodeURIComponent(id));
      if (state.selected !== id) return;
      const c = ev.claim || {};
      body.replaceChildren(
        el("h2", {}, ev.sub_event_type || ev.event_type),
        el("p", { class: "meta" }, [ev.location, ev.admin1, ev.country].filter(Boolean).join(", ") + " · " + (ev.event_date || "undated")),
        dl([
          ["Type", ev.event_type],
          ["Actor 1", ev.actor1 && `${ev.actor1}${ev.assoc_actor_1 ? " with " + ev.assoc_actor_1 : ""}`],
          ["Actor 2", ev.actor2 && `${ev.actor2}${ev.assoc_actor_2 ? " with " + ev.assoc_actor_2 : ""}`],
          ["Fatalities", range(ev.fatalities_low, ev.fatalities_high)],
          ["Precision", `place ${ev.geo_precision}, time ${ev.time_precision}`],
          ["Outlet", ev.outlet],
        ]),
        el("h3", {}, "Claim"),
        el("p", { class: "claim" }, badge(c.status || "asserted"), c.hedged ? badge("hedged") : null,
          c.source ? `according to ${c.source}` : "the outlet's own account", c.source_kind ? ` (${c.source_kind})` : ""),
        el("h3", {}, "Evidence"),
        ...evidence(ev),
        el("p", {}, el("a", { href: `/documents/${encodeURIComponent(ev.doc_id)}?event=${encodeURIComponent(ev.id)}#${encodeURIComponent(ev.id)}`, target: "_blank" }, "Read the report with its evidence marked"),
          ev.url ? " · " : "", ev.url ? el("a", { href: ev.url, rel: "noreferrer", target: "_blank" }, "original") : ""),
        el("div", { id: "incident" }, el("p", { class: "meta" }, "Loading the other reports…")),
      );
      if (ev.incident_id) showIncident(ev.incident_id, id);
    } catch (err) {
      body.replaceChildren(el("p", { class: "meta" }, err.message));
    }
  }

  async function showIncident(incID, current) {
    const box = $("incident");
    try {
      const inc = await getJSON("/api/v1/incidents/" + incID);
      if (state.selected !== current) return;
      const d = inc.disagreement;
      const kids = [el("h3", {}, `Incident ${inc.id}: ${inc.reports.length} report${inc.reports.length === 1 ? "" : "s"}, ${inc.outlets.length} outlet${inc.outlets.length === 1 ? "" : "s"}`),
        el("p", {}, badge(inc.status), inc.hedged ? badge("hedged") : null,
          `${inc.sub_event_type}, ${inc.location || "?"}, ${inc.event_date || "undated"}`)];
      const differs = [];
      if (d.fatalities.low !== d.fatalities.high) differs.push(["Fatalities", range(d.fatalities.low, d.fatalities.high) + (d.figures_conflict ? " (figures conflict)" : "")]);
      if (d.dates[0] !== d.dates[1]) differs.push(["Dates", `${d.dates[0]} to ${d.dates[1]}`]);
      if (d.sub_event_types.length > 1) differs.push(["Sub-types", d.sub_event_types.join("; ")]);
      if (d.locations.length > 1) differs.push(["Places", d.locations.join("; ")]);
      if (d.claim_statuses.length > 1) differs.push(["Statuses", d.claim_statuses.join(", ")]);
      if (differs.length) kids.push(el("div", { class: "disagree" }, el("strong", {}, "Where the reports differ"), dl(differs)));
      if (inc.control) kids.push(el("p", {}, `Control: ${inc.control.to} took ${inc.control.location}${inc.control.from ? " from " + inc.control.from : ""} on ${inc.control.date} (${inc.control.status})`));
      const list = el("ul", { class: "reports" });
      for (const r of inc.reports) {
        const li = el("li", { class: r.event_id === current ? "current" : "" },
          el("div", {}, el("strong", {}, r.outlet || r.doc_id), " ", badge(r.status || "asserted"), r.hedged ? badge("hedged") : null),
          el("div", { class: "meta" }, `${r.sub_event_type} · ${r.location || "?"} · ${r.event_date || "undated"} · ` +
            (r.fatalities ? `${range(r.fatalities.low, r.fatalities.high)} killed` : "no figure") +
            (r.source ? ` · says ${r.source}` : "")));
        if (r.event_id !== current) li.append(el("button", { type: "button", onclick: () => select(r.event_id) }, "open"));
        list.append(li);
      }
      kids.push(list);
      box.replaceChildren(...kids);
    } catch (err) {
      box.replaceChildren(el("p", { class: "meta" }, "incident: " + err.message));
    }
  }

  async function showControl(c) {
    state.selected = null;
    $("panel").hidden = false;
    resize();
    const body = $("panel-body");
    body.replaceChildren(el("h2", {}, c.location), el("p", { class: "meta" }, [c.admin1, c.country].filter(Boolean).join(", ")),
      el("p", {}, `Held by ${c.to} since ${c.date}`, c.from ? `, taken from ${c.from}` : "", " ", badge(c.status)),
      el("p", { class: "meta" }, "According to " + (c.sources || []).join(", ")), el("h3", {}, "Timeline"));
    try {
      const t = await getJSON("/api/v1/control/" + encodeURIComponent(c.place));
      const list = el("ul", { class: "reports" });
      for (const ch of t.changes) list.append(el("li", {}, `${ch.date}: ${ch.to}${ch.from ? " from " + ch.from : ""} `, badge(ch.status)));
      body.append(list);
    } catch (err) {
      body.append(el("p", { class: "meta" }, err.message));
    }
  }

  $("panel-close").onclick = () => {
    $("panel").hidden = true;
    state.selected = null;
    resize();
  };

  // --- controls -------------------------------------------------------------

  form.addEventListener("submit", (e) => { e.preventDefault(); load(); });
  $("reset").onclick = () => { form.reset(); load(); };
  for (const id of ["show-events", "show-control", "show-places"]) $(id).onchange = redraw;
  $("control-date").onchange = loadControl;
  let actorTimer = 0;
  form.actor.addEventListener("input", () => {
    clearTimeout(actorTimer);
    actorTimer = setTimeout(async () => {
      try {
        const res = await getJSON("/api/v1/actors?limit=15&q=" + encodeURIComponent(form.actor.value));
        $("actor-list").replaceChildren(...res.actors.map((a) => el("option", { value: a.name })));
      } catch { /* suggestions only */ }
    }, 200);
  });

  const legend = $("legend");
  legend.append(el("h3", {}, "Event types (size: fatalities)"));
  for (const [t, color] of Object.entries(TYPES)) legend.append(el("div", {}, el("i", { style: `background:${color}` }), t));

  // For tests and the console: where a marker is on screen.
  window.sitrepMap = {
    screenOf(id) {
      const m = state.points.find((m) => m.p.id === id);
      if (!m) return null;
      const [sx, sy] = toScreen(m.x, m.y), r = canvas.getBoundingClientRect();
      return { x: sx + r.left, y: sy + r.top };
    },
    ids() { return state.points.map((m) => m.p.id); },
    selected() { return state.selected; },
    drawMs() { return state.drawMs; }, // how long the last frame took
  };

  resize();
  load();
  loadPlaces();
  loadControl();
})();
