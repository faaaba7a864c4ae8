// The events' clustering, in a worker of its own so that the page's main
// thread stays free to draw the map. The page sends the events' columns
// once per answer of the server ("data"), the events of the time window
// ("window"; both answer how long they took, ms), then asks for
// the clusters of a view, the events of a cluster and the zoom that opens
// it; answers come in the order asked, each with the request's id.
//
// Clusters are the cells of a quadtree over the Web Mercator plane: at
// zoom z a cell is CELL_PX screen pixels wide, and each cell splits into
// four at z + 1. The events are sorted once by their Morton key (the
// cells' path down the tree), so the events of any cell at any zoom lie
// together in that order, and a cluster's count, deaths, types and centre
// are differences of running sums. Nothing is built per zoom but the list
// of a zoom's cells, once, in one pass: at 100,000 events, milliseconds,
// where supercluster's index of every zoom took 0.5–3 s on this project's
// test machine (docs/MAP.md).
const MAX_ZOOM = 15; // as events.js: clusters split up to this zoom
const FINE = 21;     // the deepest level of the tree: beyond MAX_ZOOM, events closer than a pixel are one point
const CELL_PX = 46;  // a cell's width on screen, the radius supercluster was given
const SCALE = (512 / CELL_PX) * 2 ** FINE; // cells across the world at FINE (under 2^25)
const LEVEL = 2 ** 20; // cluster ids: level * LEVEL + the cell's place in its level's list

let cols = null; // { lon, lat, fat, t }: typed arrays, one entry per event
let key = null;  // Float64Array: each event's Morton key at FINE (50 bits)
let order = null; // Uint32Array: every event, by key
let win = null;  // the window's events by key, with running sums; null before a window

const ops = {
  data(m) {
    const t0 = performance.now();
    cols = { lon: m.lon, lat: m.lat, fat: m.fat, t: m.t };
    const n = m.lon.length, hi = new Uint32Array(n), lo = new Uint32Array(n);
    key = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = Math.min(SCALE - 1, Math.max(0, Math.floor(mercX(m.lon[i]) * SCALE)));
      const y = Math.min(SCALE - 1, Math.max(0, Math.floor(mercY(m.lat[i]) * SCALE)));
      hi[i] = spread(x >>> 16) | (spread(y >>> 16) << 1);
      lo[i] = (spread(x & 0xffff) | (spread(y & 0xffff) << 1)) >>> 0;
      key[i] = hi[i] * 2 ** 32 + lo[i];
    }
    order = radixSort(hi, lo);
    win = null;
    return performance.now() - t0;
  },
  // window takes the events of the window (indexes, ascending) and makes
  // their running sums.
  window(m) {
    const t0 = performance.now();
    const shown = m.shown, n = order.length;
    let sorted;
    if (shown.length === n) {
      sorted = order;
    } else {
      const in_ = new Uint8Array(n);
      for (let k = 0; k < shown.length; k++) in_[shown[k]] = 1;
      sorted = new Uint32Array(shown.length);
      let j = 0;
      for (let k = 0; k < n; k++) if (in_[order[k]]) sorted[j++] = order[k];
    }
    const len = sorted.length, { lon, lat, fat, t } = cols;
    const lonS = new Float64Array(len + 1), latS = new Float64Array(len + 1), fatS = new Float64Array(len + 1);
    const typeS = new Uint32Array((len + 1) * 6);
    for (let k = 0; k < len; k++) {
      const i = sorted[k];
      lonS[k + 1] = lonS[k] + lon[i];
      latS[k + 1] = latS[k] + lat[i];
      fatS[k + 1] = fatS[k] + fat[i];
      for (let c = 0; c < 6; c++) typeS[(k + 1) * 6 + c] = typeS[k * 6 + c];
      typeS[(k + 1) * 6 + t[i]]++;
    }
    win = { sorted, lonS, latS, fatS, typeS, levels: [] };
    return performance.now() - t0;
  },
  // clusters answers [lon, lat, -1, event index] per event and [lon, lat,
  // cluster id, count, f, near, n0..n5] per cluster: flat, so that the
  // answer is quick to pass.
  clusters(m) {
    if (!win) return [];
    const l = m.z <= MAX_ZOOM ? Math.max(0, m.z) : FINE, starts = level(l);
    const { sorted, lonS, latS, fatS, typeS } = win, { lon, lat } = cols;
    const [w, s, e, nb] = m.box, all = e - w >= 360;
    const inBox = (x, y) => y >= s && y <= nb && (all || (x >= w && x <= e) || (x + 360 >= w && x + 360 <= e) || (x - 360 >= w && x - 360 <= e));
    const out = [];
    for (let j = 0; j + 1 < starts.length; j++) {
      const a = starts[j], b = starts[j + 1], n = b - a;
      if (n === 1) {
        const i = sorted[a];
        if (inBox(lon[i], lat[i])) out.push([lon[i], lat[i], -1, i]);
        continue;
      }
      const x = (lonS[b] - lonS[a]) / n, y = (latS[b] - latS[a]) / n;
      if (!inBox(x, y)) continue;
      const r = [x, y, l * LEVEL + j, n, fatS[b] - fatS[a], sorted[a]];
      for (let c = 0; c < 6; c++) r.push(typeS[b * 6 + c] - typeS[a * 6 + c]);
      out.push(r);
    }
    return out;
  },
  // open answers what a click on a cluster needs: its events' indexes and
  // places (at most limit), and the zoom at which it splits (MAX_ZOOM + 1
  // when it does not, its events lying within a pixel at MAX_ZOOM).
  open(m) {
    const l = Math.floor(m.cid / LEVEL), j = m.cid % LEVEL, starts = level(l);
    const a = starts[j], b = starts[j + 1], { sorted } = win, { lon, lat } = cols, leaves = [];
    for (let k = a; k < b && leaves.length < m.limit; k++) {
      const i = sorted[k];
      leaves.push([i, lon[i], lat[i]]);
    }
    const first = key[sorted[a]], last = key[sorted[b - 1]];
    let zoom = l + 1;
    while (zoom <= MAX_ZOOM && cell(first, zoom) === cell(last, zoom)) zoom++;
    return { zoom, leaves };
  },
};

// level answers where each cell of level l begins in the window's order
// (and, last, where the last ends), made once per window.
function level(l) {
  let starts = win.levels[l];
  if (starts) return starts;
  const { sorted } = win, out = [];
  let prev = -1;
  for (let k = 0; k < sorted.length; k++) {
    const c = cell(key[sorted[k]], l);
    if (c !== prev) { out.push(k); prev = c; }
  }
  out.push(sorted.length);
  starts = win.levels[l] = Uint32Array.from(out);
  return starts;
}

// cell is the cell at level l of a Morton key at FINE.
const cell = (k, l) => Math.floor(k / 4 ** (FINE - l));

const mercX = (lon) => lon / 360 + 0.5;
function mercY(lat) {
  const s = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180);
  return 0.5 - (0.25 * Math.log((1 + s) / (1 - s))) / Math.PI;
}

// spread puts the 16 bits of v at the even bits of a 32-bit number.
function spread(v) {
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v >>> 0;
}

// radixSort orders the indexes by (hi, lo), least significant digit first:
// four passes of 16 bits; stable, so equal keys keep the answer's order.
function radixSort(hi, lo) {
  const n = hi.length;
  let a = new Uint32Array(n), b = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  const count = new Uint32Array(65537);
  for (const digit of [(i) => lo[i] & 0xffff, (i) => lo[i] >>> 16, (i) => hi[i] & 0xffff, (i) => hi[i] >>> 16]) {
    count.fill(0);
    for (let k = 0; k < n; k++) count[digit(a[k]) + 1]++;
    for (let d = 0; d < 65536; d++) count[d + 1] += count[d];
    for (let k = 0; k < n; k++) b[count[digit(a[k])]++] = a[k];
    [a, b] = [b, a];
  }
  return a;
}

self.onmessage = (e) => {
  const m = e.data;
  try {
    self.postMessage({ id: m.id, result: ops[m.op](m) });
  } catch (err) {
    self.postMessage({ id: m.id, error: String((err && err.message) || err) });
  }
};
