// The events' clustering, in a worker of its own so that building the
// index of 100,000 events (a second or more on a slow machine) leaves the
// page's main thread free to draw the map meanwhile. The page sends the
// events' columns once per answer of the server ("data"), the events of
// the time window ("window", answering how long clustering them took,
// ms), then asks for the clusters of a view, the
// events of a cluster and the zoom that opens it; answers come in the
// order asked, each with the request's id.
import Supercluster from "supercluster";

const MAX_ZOOM = 15; // as events.js

let cols = null;  // { lon, lat, fat, t }: typed arrays, one entry per event
let index = null;
let places = null; // the window's events grouped by point: { start, members }

const ops = {
  data(m) {
    cols = { lon: m.lon, lat: m.lat, fat: m.fat, t: m.t };
    index = null;
    return null;
  },
  // window clusters the events of the window. Events at the same point
  // (many, where reports name a town) go in as one point with their
  // number: at 100,000 events the index is built over fewer points.
  window(m) {
    const t0 = performance.now();
    const { lon, lat, fat, t } = cols, shown = m.shown;
    // Keyed by the coordinates' bits, lon then lat: six times quicker than strings.
    const lonBits = new Uint32Array(lon.buffer, lon.byteOffset, lon.length), latBits = new Uint32Array(lat.buffer, lat.byteOffset, lat.length);
    const at = new Map(), placeOf = new Uint32Array(shown.length), first = [];
    for (let k = 0; k < shown.length; k++) {
      const i = shown[k];
      let byLat = at.get(lonBits[i]);
      if (byLat === undefined) at.set(lonBits[i], (byLat = new Map()));
      let p = byLat.get(latBits[i]);
      if (p === undefined) { p = first.length; byLat.set(latBits[i], p); first.push(i); }
      placeOf[k] = p;
    }
    // members[start[p] .. start[p+1]) are place p's events, in window order.
    const n = first.length, start = new Uint32Array(n + 1), members = new Uint32Array(shown.length);
    for (let k = 0; k < shown.length; k++) start[placeOf[k] + 1]++;
    for (let p = 0; p < n; p++) start[p + 1] += start[p];
    const fill = start.slice(0, n);
    for (let k = 0; k < shown.length; k++) members[fill[placeOf[k]]++] = shown[k];
    const features = new Array(n);
    for (let p = 0; p < n; p++) {
      const i = first[p];
      features[p] = { type: "Feature", geometry: { type: "Point", coordinates: [lon[i], lat[i]] }, properties: { p } };
    }
    const next = new Supercluster({
      radius: 46, maxZoom: MAX_ZOOM, minPoints: 2,
      map: (props) => {
        const o = { c: 0, f: 0, near: members[start[props.p]], n0: 0, n1: 0, n2: 0, n3: 0, n4: 0, n5: 0 };
        for (let j = start[props.p]; j < start[props.p + 1]; j++) {
          const i = members[j];
          o.c++;
          o.f += fat[i];
          o["n" + t[i]]++;
        }
        return o;
      },
      reduce: (a, b) => {
        a.c += b.c; a.f += b.f;
        a.n0 += b.n0; a.n1 += b.n1; a.n2 += b.n2; a.n3 += b.n3; a.n4 += b.n4; a.n5 += b.n5;
      },
    });
    next.load(features);
    index = next;
    places = { start, members };
    return performance.now() - t0;
  },
  // clusters answers [lon, lat, -1, event index] per event and [lon, lat,
  // cluster id, count, f, near, n0..n5] per cluster: flat, so that the
  // answer is quick to pass. Events that share a point are a cluster too,
  // with the id -1 - their place.
  clusters(m) {
    if (!index) return [];
    const { start, members } = places;
    return index.getClusters(m.box, m.z).map((c) => {
      const p = c.properties, [x, y] = c.geometry.coordinates;
      if (!p.cluster) {
        // A point of the index: supercluster gives the feature's own properties ({ p }).
        const n = start[p.p + 1] - start[p.p];
        if (n === 1) return [x, y, -1, members[start[p.p]]];
        const s = placeStats(p.p);
        return [x, y, -1 - p.p, n, s.f, members[start[p.p]], s.n[0], s.n[1], s.n[2], s.n[3], s.n[4], s.n[5]];
      }
      return [x, y, p.cluster_id, p.c, p.f, p.near, p.n0, p.n1, p.n2, p.n3, p.n4, p.n5];
    });
  },
  // open answers what a click on a cluster needs: its events' indexes and
  // places (at most limit, or a few more), and the zoom at which it splits.
  open(m) {
    const { start, members } = places, { lon, lat } = cols, leaves = [];
    const add = (p) => {
      for (let j = start[p]; j < start[p + 1] && leaves.length < m.limit; j++) {
        const i = members[j];
        leaves.push([i, lon[i], lat[i]]);
      }
    };
    if (m.cid < 0) {
      add(-1 - m.cid);
      return { zoom: MAX_ZOOM + 1, leaves };
    }
    for (const l of index.getLeaves(m.cid, m.limit)) add(l.properties.p);
    return { zoom: index.getClusterExpansionZoom(m.cid), leaves };
  },
};

// placeStats sums the deaths and counts the types of a place's events.
function placeStats(p) {
  const { start, members } = places, s = { f: 0, n: [0, 0, 0, 0, 0, 0] };
  for (let j = start[p]; j < start[p + 1]; j++) {
    s.f += cols.fat[members[j]];
    s.n[cols.t[members[j]]]++;
  }
  return s;
}

self.onmessage = (e) => {
  const m = e.data;
  try {
    self.postMessage({ id: m.id, result: ops[m.op](m) });
  } catch (err) {
    self.postMessage({ id: m.id, error: String((err && err.message) || err) });
  }
};
