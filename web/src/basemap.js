// The offline basemap: Natural Earth's countries (1:50m, from world-atlas)
// drawn as land, borders and coasts, labelled with country names and a few
// large cities. Labels are drawn by MapLibre from the browser's own fonts
// (the style has no glyph server), so nothing is fetched from elsewhere.
import { feature, mesh } from "topojson-client";

export const FONT = ["Noto Sans Regular"];
export const FONT_BOLD = ["Noto Sans Bold"];

// The style the map starts with: the sea.
export const baseStyle = {
  version: 8,
  sources: {},
  layers: [{ id: "sea", type: "background", paint: { "background-color": "#c9dce6" } }],
};

// shapes are the countries, their borders and coasts of a TopoJSON.
function shapes(topo) {
  return {
    countries: feature(topo, topo.objects.countries),
    borders: mesh(topo, topo.objects.countries, (a, b) => a !== b),
    coast: mesh(topo, topo.objects.countries, (a, b) => a === b),
  };
}

// addLand adds the countries as one fill, below the layer before: all
// the first frame draws of the basemap. MapLibre's one worker tiles each
// source and lays out each label before that frame, on cores shared with
// the clustering worker and SwiftShader; coasts, borders and labels come
// just after it (addLabels, addLines).
export function addLand(map, data, before) {
  map.addSource("countries", { type: "geojson", data: feature(data.countries, data.countries.objects.countries), tolerance: 0.45 });
  // No antialiased outline (a program and a draw of its own per tile): the
  // coasts drawn over the land's edge after the first frame smooth it.
  map.addLayer({ id: "land", type: "fill", source: "countries", paint: { "fill-color": "#f3f1ea", "fill-antialias": false } }, before);
}

// addLabels adds the labels of the countries and the large cities,
// below the layer before.
export function addLabels(map, data, before) {
  // Bigger countries are labelled from further out.
  const labels = data.labels.map((l, i) => ({
    type: "Feature",
    geometry: { type: "Point", coordinates: [l.lon, l.lat] },
    // Whole zooms: a filter on the zoom sees the zoom of the tile.
    properties: { name: l.name, rank: i, minz: l.area > 300 ? 0 : l.area > 40 ? 2 : l.area > 6 ? 3 : l.area > 1 ? 4 : 5 },
  }));
  map.addSource("country-labels", { type: "geojson", data: { type: "FeatureCollection", features: labels } });
  const cities = data.cities.map((c) => ({
    type: "Feature",
    geometry: { type: "Point", coordinates: [c.lon, c.lat] },
    properties: { name: c.name, population: c.population, minz: c.population > 5e6 ? 3 : c.population > 1e6 ? 4 : 5 },
  }));
  map.addSource("cities", { type: "geojson", data: { type: "FeatureCollection", features: cities } });

  const layers = [
    {
      id: "country-labels", type: "symbol", source: "country-labels",
      filter: [">=", ["zoom"], ["get", "minz"]],
      layout: {
        "text-field": ["get", "name"], "text-font": FONT, "text-transform": "uppercase", "text-letter-spacing": 0.06,
        "text-size": ["interpolate", ["linear"], ["zoom"], 1, 10, 6, 14], "text-max-width": 8,
        "symbol-sort-key": ["get", "rank"], "text-padding": 4,
      },
      paint: { "text-color": "#5f5a6e", "text-halo-color": "#f3f1eacc", "text-halo-width": 1.5 },
    },
    {
      id: "city-dots", type: "circle", source: "cities", filter: [">=", ["zoom"], ["get", "minz"]],
      paint: { "circle-radius": 2.5, "circle-color": "#3d4450", "circle-stroke-color": "#ffffff", "circle-stroke-width": 1 },
    },
    {
      id: "city-labels", type: "symbol", source: "cities", filter: [">=", ["zoom"], ["get", "minz"]],
      layout: {
        "text-field": ["get", "name"], "text-font": FONT, "text-size": 12, "text-anchor": "left", "text-offset": [0.5, 0],
        "symbol-sort-key": ["-", 0, ["get", "population"]], "text-optional": true,
      },
      paint: { "text-color": "#2f3540", "text-halo-color": "#ffffffdd", "text-halo-width": 1.5 },
    },
  ];
  for (const l of layers) map.addLayer(l, before);
}

// addLines adds (or replaces) the coasts and borders of a TopoJSON of the
// countries, below the layer before.
export function addLines(map, topo, before) {
  const s = shapes(topo);
  if (map.getSource("coast")) {
    map.getSource("coast").setData(s.coast);
    map.getSource("borders").setData(s.borders);
    return;
  }
  map.addSource("coast", { type: "geojson", data: s.coast });
  map.addSource("borders", { type: "geojson", data: s.borders });
  map.addLayer({ id: "coast", type: "line", source: "coast", paint: { "line-color": "#8aa6b6", "line-width": ["interpolate", ["linear"], ["zoom"], 1, 0.5, 8, 1.2] } }, before);
  map.addLayer({ id: "borders", type: "line", source: "borders", paint: { "line-color": "#8d8a99", "line-width": ["interpolate", ["linear"], ["zoom"], 1, 0.6, 8, 1.6] } }, before);
}

// detailBasemap replaces the countries of addLand (1:110m, quick to
// tile: the first frame waits for them) with finer ones (1:50m), and
// draws their coasts and borders.
export function detailBasemap(map, data, before) {
  map.getSource("countries").setData(feature(data.countries, data.countries.objects.countries));
  addLines(map, data.countries, before);
}

// addPlaces adds the names of the places stored events happened at, shown
// from a regional zoom on.
export function addPlaces(map, places, cities, before) {
  // The basemap's cities are labelled already.
  const near = (p) => cities.some((c) => c.name === p.name && Math.abs(c.lat - p.latitude) < 0.2 && Math.abs(c.lon - p.longitude) < 0.2);
  const features = places.filter((p) => p.latitude != null && p.longitude != null && !near(p)).map((p) => ({
    type: "Feature",
    geometry: { type: "Point", coordinates: [p.longitude, p.latitude] },
    properties: { name: p.name, events: p.events },
  }));
  map.addSource("places", { type: "geojson", data: { type: "FeatureCollection", features } });
  map.addLayer({
    id: "place-labels", type: "symbol", source: "places", minzoom: 6,
    layout: {
      "text-field": ["get", "name"], "text-font": FONT, "text-size": 11, "text-anchor": "top", "text-offset": [0, 1.1],
      "symbol-sort-key": ["-", 0, ["get", "events"]], "text-optional": true,
    },
    paint: { "text-color": "#4a505a", "text-halo-color": "#ffffffdd", "text-halo-width": 1.4 },
  }, before);
}
