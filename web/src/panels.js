// The side panel's cards (an event with its claim, evidence and the other
// reports of its incident; a held place with its timeline) and the trends
// table.
import { el, svg, getJSON, range, fmt } from "./util.js";

function badge(text, cls) { return el("span", { class: "badge " + (cls || text) }, text); }

function dl(rows) {
  const d = el("dl");
  for (const [k, v] of rows) if (v) d.append(el("dt", {}, k), el("dd", {}, v));
  return d;
}

// evidence renders an event's evidence spans, with the text of the fields
// read from them marked.
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

export class Card {
  constructor(panel, body, { onSelect, onClose }) {
    this.panel = panel;
    this.body = body;
    this.onSelect = onSelect; // another report of the incident chosen
    this.onClose = onClose;
    this.current = "";
  }

  open() {
    this.panel.hidden = false;
    document.body.classList.add("with-panel");
  }

  close() {
    this.panel.hidden = true;
    this.current = "";
    document.body.classList.remove("with-panel");
    this.onClose();
  }

  focusTitle() {
    const h = this.body.querySelector("h2");
    if (h) { h.tabIndex = -1; h.focus({ preventScroll: true }); }
  }

  async event(id) {
    this.current = id;
    this.open();
    this.body.replaceChildren(el("p", {}, "Loading…"));
    try {
      const ev = await getJSON("/api/v1/events/" + encodeURIComponent(id));
      if (this.current !== id) return;
      const c = ev.claim || {};
      this.body.replaceChildren(
        el("h2", { id: "card-title" }, ev.sub_event_type || ev.event_type),
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
      this.focusTitle();
      if (ev.incident_id) this.incident(ev.incident_id, id);
    } catch (err) {
      this.body.replaceChildren(el("h2", {}, "Event " + id), el("p", { class: "meta" }, err.message));
    }
  }

  async incident(incID, current) {
    const box = document.getElementById("incident");
    try {
      const inc = await getJSON("/api/v1/incidents/" + incID);
      if (this.current !== current) return;
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
        if (r.event_id !== current) li.append(el("button", { type: "button", onclick: () => this.onSelect(r.event_id) }, "open"));
        list.append(li);
      }
      kids.push(list);
      box.replaceChildren(...kids);
    } catch (err) {
      box.replaceChildren(el("p", { class: "meta" }, "incident: " + err.message));
    }
  }

  // place shows a held place and the changes of its control.
  async place(c, date, stale) {
    this.current = "place:" + c.place;
    this.open();
    const cur = this.current;
    this.body.replaceChildren(
      el("h2", { id: "card-title" }, c.location),
      el("p", { class: "meta" }, [c.admin1, c.country].filter(Boolean).join(", ")),
      el("p", {}, `Held by ${c.to} on ${date}, since ${c.date}`, c.from ? `, taken from ${c.from}` : "", " ", badge(c.status),
        stale ? badge("unconfirmed", "stale") : null),
      stale ? el("p", { class: "meta" }, `No report has told of it for ${stale} days: shown as unconfirmed.`) : null,
      el("p", { class: "meta" }, "According to " + (c.sources || []).join(", ")),
      el("h3", {}, "Changes of control"));
    this.focusTitle();
    try {
      const t = await getJSON("/api/v1/control/" + encodeURIComponent(c.place));
      if (this.current !== cur) return;
      const list = el("ul", { class: "reports" });
      for (const ch of t.changes) {
        const li = el("li", {}, `${ch.date}: ${ch.to}${ch.from ? " from " + ch.from : ""} `, badge(ch.status));
        if (ch.event_ids && ch.event_ids.length) li.append(" ", el("button", { type: "button", onclick: () => this.onSelect(ch.event_ids[0]) }, "report"));
        list.append(li);
      }
      this.body.append(list);
    } catch (err) {
      this.body.append(el("p", { class: "meta" }, err.message));
    }
  }
}

export const LEVELS = {
  "large increase": { cls: "up2", text: "Large increase" },
  "moderate increase": { cls: "up1", text: "Moderate increase" },
  "limited change": { cls: "flat", text: "Limited change" },
  "large decrease": { cls: "down", text: "Large decrease" },
};

// sparkline draws 35 days of events: the four weeks before in grey, the
// last week in ink.
function sparkline(daily) {
  const w = 88, h = 16, max = Math.max(1, ...daily), bw = w / daily.length;
  const s = svg("svg", { width: w, height: h, viewBox: `0 0 ${w} ${h}`, class: "spark", "aria-hidden": "true" });
  s.append(svg("line", { x1: 0, x2: w, y1: h - 0.5, y2: h - 0.5, stroke: "#d0d5da", "stroke-width": 1 }));
  daily.forEach((v, i) => {
    if (!v) return;
    const bh = Math.max(2, (v / max) * h);
    s.append(svg("rect", { x: (i * bw).toFixed(2), y: (h - bh).toFixed(2), width: Math.max(1, bw - 0.6).toFixed(2), height: bh.toFixed(2), fill: i >= daily.length - 7 ? "#1d2329" : "#8f99a3" }));
  });
  return s;
}

// trendsTable renders the trends of one level; onPick filters the map.
export function trendsTable(rows, level, onPick) {
  if (!rows.length) return el("p", { class: "meta" }, "No events in the five weeks up to this date.");
  const table = el("table", { class: "trends" },
    el("caption", { class: "sr" }, "Events in the last 7 days against the weekly average of the 4 weeks before"),
    el("thead", {}, el("tr", {},
      el("th", { scope: "col" }, level === "admin1" ? "Admin-1, 5 weeks" : "Country, 5 weeks"),
      el("th", { scope: "col", class: "num" }, "7 days"),
      el("th", { scope: "col", class: "num" }, "avg"),
      el("th", { scope: "col" }, "change"))));
  const body = el("tbody");
  for (const r of rows) {
    const lv = LEVELS[r.level] || LEVELS["limited change"];
    const name = level === "admin1" ? `${r.admin1}, ${r.country}` : r.country;
    const change = r.change == null ? "new" : `${r.change > 0 ? "+" : ""}${Math.round(r.change)}%`;
    body.append(el("tr", {},
      el("th", { scope: "row" }, el("button", { type: "button", class: "link", title: `Show ${name} on the map`, onclick: () => onPick(r) }, name), sparkline(r.daily)),
      el("td", { class: "num" }, fmt(r.events), el("div", { class: "meta" }, `${fmt(r.fatalities)} dead`)),
      el("td", { class: "num" }, r.weekly_average.toFixed(1)),
      el("td", {}, el("span", { class: "level " + lv.cls }, lv.text), el("div", { class: "meta" }, change))));
  }
  table.append(body);
  return table;
}
