// Small helpers shared by the page's parts.

export const $ = (id) => document.getElementById(id);

// el makes an element: attributes (on* are listeners) and children.
export function el(tag, attrs, ...kids) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on")) n.addEventListener(k.slice(2), v);
    else n.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids.flat()) if (k != null && k !== false) n.append(k);
  return n;
}

// svg makes an SVG element.
export function svg(tag, attrs, ...kids) {
  const n = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, v);
  for (const k of kids) n.append(k);
  return n;
}

// getJSON fetches a URL and throws the API's error message on failure.
export async function getJSON(url, signal) {
  return readJSON(await fetch(url, { signal }));
}

// readJSON reads a fetched answer as getJSON does.
export async function readJSON(res) {
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) throw new Error((body && body.error) || `${res.status} ${res.statusText}`);
  return body;
}

// readPoints reads a fetched answer of /api/v1/points?format=binary as
// the server writes it (see pointBinary in internal/serve/mapapi.go):
// views into the answer's bytes, with no parsing but the header's; id(i)
// decodes an event's id when it is asked for (100,000 ids parsed at once
// held the main thread for tens of milliseconds).
export async function readPoints(res) {
  if (!res.ok) {
    let body = null;
    try { body = await res.json(); } catch { /* not JSON */ }
    throw new Error((body && body.error) || `${res.status} ${res.statusText}`);
  }
  const buf = await res.arrayBuffer();
  const hl = new DataView(buf).getUint32(0, true);
  const head = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, hl)));
  const n = head.count;
  let at = 4 + hl;
  // Typed arrays read the platform's byte order: little-endian everywhere a browser runs.
  const col = (Kind) => { const a = new Kind(buf, at, n); at += n * Kind.BYTES_PER_ELEMENT; return a; };
  const lon = col(Float32Array), lat = col(Float32Array), day = col(Int32Array), fat = col(Uint32Array);
  const str = {};
  for (const k of ["type", "sub_type", "claim_status", "location", "country", "admin1", "actor1", "actor2"]) str[k] = col(Uint32Array);
  const hedged = col(Uint8Array);
  at += (4 - (at % 4)) % 4;
  const off = new Uint32Array(buf, at, n + 1), bytes = new Uint8Array(buf, at + 4 * (n + 1)), dec = new TextDecoder();
  const id = (i) => dec.decode(bytes.subarray(off[i], off[i + 1]));
  return { count: n, truncated: head.truncated, strings: head.strings, id, lon, lat, day, fat, str, hedged };
}

export const fmt = (n) => n.toLocaleString("en");

export function range(low, high) {
  return high == null ? `${low}+` : low === high ? `${low}` : `${low}–${high}`;
}

// Dates are YYYY-MM-DD; days count from 1970-01-01 (UTC), as the store does.
export const DAY = 86400000;
export const dayOf = (date) => (date ? Math.floor(Date.parse(date + "T00:00:00Z") / DAY) : NaN);
export const dateOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);

export function debounce(fn, ms) {
  let t = 0;
  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
}
