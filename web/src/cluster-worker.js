// The events' clustering, in a worker of its own so that building the
// index of 100,000 events (a second or more on a slow machine) leaves the
// page's main thread free to draw the map meanwhile. The page sends the
// events' columns once per answer of the server ("data"), the events of
// the time window ("window"), then asks for the clusters of a view, the
// events of a cluster and the zoom that opens it; answers come in the
// order asked, each with the request's id.
import Supercluster from "supercluster";

const MAX_ZOOM = 15; // as events.js

let cols = null;  // { lon, lat, fat, t }: typed arrays, one entry per event
let index = null;

const ops = {
  data(m) {
    cols = { lon: m.lon, lat: m.lat, fat: m.fat, t: m.t };
    index = null;
    return null;
  },
  window(m) {
    const { lon, lat, fat, t } = cols, shown = m.shown;
    const features = new Array(shown.length);
    for (let k = 0; k < shown.length; k++) {
      const i = shown[k];
      features[k] = { type: "Feature", geometry: { type: "Point", coordinates: [lon[i], lat[i]] }, properties: { i } };
    }
    const next = new Supercluster({
      radius: 46, maxZoom: MAX_ZOOM, minPoints: 2,
      map: (props) => {
        const o = { f: fat[props.i], near: props.i, n0: 0, n1: 0, n2: 0, n3: 0, n4: 0, n5: 0 };
        o["n" + t[props.i]] = 1;
        return o;
      },
      reduce: (a, b) => {
        a.f += b.f;
        a.n0 += b.n0; a.n1 += b.n1; a.n2 += b.n2; a.n3 += b.n3; a.n4 += b.n4; a.n5 += b.n5;
      },
    });
    next.load(features);
    index = next;
    return shown.length;
  },
  // clusters answers [lon, lat, cluster id or -1, count or event index, f, near, n0..n5] per
  // cluster or event: flat, so that the answer is quick to pass.
  clusters(m) {
    if (!index) return [];
    return index.getClusters(m.box, m.z).map((c) => {
      const p = c.properties, [x, y] = c.geometry.coordinates;
      if (!p.cluster) return [x, y, -1, p.i];
      return [x, y, p.cluster_id, p.point_count, p.f, p.near, p.n0, p.n1, p.n2, p.n3, p.n4, p.n5];
    });
  },
  // open answers what a click on a cluster needs: its events' indexes and
  // places, and the zoom at which it splits.
  open(m) {
    const leaves = index.getLeaves(m.cid, m.limit);
    return {
      zoom: index.getClusterExpansionZoom(m.cid),
      leaves: leaves.map((l) => [l.properties.i, l.geometry.coordinates[0], l.geometry.coordinates[1]]),
    };
  },
};

self.onmessage = (e) => {
  const m = e.data;
  try {
    self.postMessage({ id: m.id, result: ops[m.op](m) });
  } catch (err) {
    self.postMessage({ id: m.id, error: String((err && err.message) || err) });
  }
};
