// Builds the situation map's assets from src/, data/ and the packages of
// package-lock.json into internal/serve/static/dist, which Go embeds:
//
//   app.js, app.css            the page's script and styles (esbuild, minified)
//   cluster-worker.js          the worker that clusters the events (a quadtree)
//   maplibre-gl-worker.mjs     MapLibre's worker, as the package ships it
//   basemap.json               Natural Earth's countries (world-atlas, 1:110m,
//                              TopoJSON) with a label point per country and
//                              the large cities of data/cities.tsv: what the
//                              map's first frame draws
//   basemap-50m.json           the countries at 1:50m, which replace them
//                              from zoom 3
//   LICENSES.txt               the licences of everything bundled
//
// Usage: node build.mjs [--out DIR] [--check]
// --check builds into a temporary folder and fails when the result differs
// from the committed assets (CI runs it after `npm ci`).
import * as esbuild from "esbuild";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";
import polylabel from "polylabel";

const here = path.dirname(fileURLToPath(import.meta.url));
const committed = path.join(here, "..", "internal", "serve", "static", "dist");
const args = process.argv.slice(2);
const check = args.includes("--check");
const at = args.indexOf("--out");
const out = at >= 0 ? path.resolve(args[at + 1]) : check ? fs.mkdtempSync(path.join(os.tmpdir(), "sitrep-web-")) : committed;
const pkgDir = (name) => path.join(here, "node_modules", name);

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

// 1. The page's script and styles.
const result = await esbuild.build({
  // The clustering worker is a script of its own, loaded by events.js.
  entryPoints: { app: path.join(here, "src", "main.js"), "cluster-worker": path.join(here, "src", "cluster-worker.js") },
  absWorkingDir: here,
  bundle: true,
  minify: true,
  format: "esm",
  target: ["chrome110", "firefox115", "safari16"],
  outdir: out,
  metafile: true,
  legalComments: "none", // collected in LICENSES.txt instead
  charset: "utf8",
  logLevel: "warning",
});

// 2. MapLibre's worker: already minified by its authors.
fs.copyFileSync(path.join(pkgDir("maplibre-gl"), "dist", "maplibre-gl-worker.mjs"), path.join(out, "maplibre-gl-worker.mjs"));

// 3. The basemap.
const bm = basemap();
fs.writeFileSync(path.join(out, "basemap.json"), JSON.stringify({ ...bm, countries: countries("110m") }));
fs.writeFileSync(path.join(out, "basemap-50m.json"), JSON.stringify({ countries: bm.countries }));

// 4. Licences of every package that went in.
// MapLibre's dist bundles its own dependencies: their licences go in too.
const used = new Set(["maplibre-gl", "world-atlas"]);
for (const dep of Object.keys(JSON.parse(fs.readFileSync(path.join(pkgDir("maplibre-gl"), "package.json"), "utf8")).dependencies || {})) {
  if (!dep.startsWith("@types/") && fs.existsSync(pkgDir(dep))) used.add(dep);
}
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m) used.add(m[1]);
}
let licences = "sitrep's situation map bundles the following packages, each under its own licence.\n" +
  "Country boundaries: Natural Earth (public domain), via world-atlas. Cities: GeoNames (CC BY 4.0).\n";
for (const name of [...used].sort()) {
  const dir = pkgDir(name);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  licences += `\n${"=".repeat(72)}\n${name} ${meta.version} (${meta.license})\n${"=".repeat(72)}\n`;
  licences += file ? fs.readFileSync(path.join(dir, file), "utf8").trim() + "\n" : `(no licence file; package.json says ${meta.license})\n`;
}
fs.writeFileSync(path.join(out, "LICENSES.txt"), licences);

for (const f of fs.readdirSync(out).sort()) console.log(`${f}\t${fs.statSync(path.join(out, f)).size} bytes`);

if (check) {
  const diff = compare(out, committed);
  fs.rmSync(out, { recursive: true, force: true });
  if (diff.length) {
    console.error("The committed assets in internal/serve/static/dist differ from a build of web/ with its lockfile:\n  " +
      diff.join("\n  ") + "\nRebuild them: npm --prefix web ci && npm --prefix web run build (or go generate ./internal/serve).");
    process.exit(1);
  }
  console.log("internal/serve/static/dist matches the build");
}

// basemap returns the countries' TopoJSON with a label point per country
// (the pole of inaccessibility of its largest polygon, so that a label
// falls inside it) and the cities, as one document.
function basemap() {
  const topo = countries("50m");
  const labels = [];
  for (const f of feature(topo, topo.objects.countries).features) {
    const name = f.properties && f.properties.name;
    if (!name || !f.geometry) continue;
    const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    let best = null, bestArea = 0, total = 0;
    for (const p of polys) {
      const a = ringArea(p[0]);
      total += a;
      if (a > bestArea) { best = p; bestArea = a; }
    }
    if (!best) continue;
    const at = polylabel(best, 0.05);
    labels.push({ name, lon: round(at[0]), lat: round(at[1]), area: round(total) });
  }
  labels.sort((a, b) => b.area - a.area || (a.name < b.name ? -1 : 1));
  const cities = [];
  for (const line of fs.readFileSync(path.join(here, "data", "cities.tsv"), "utf8").split("\n")) {
    if (!line.trim() || line.startsWith("#")) continue;
    const [name, country, lat, lon, population] = line.split("\t");
    cities.push({ name, country, lat: Number(lat), lon: Number(lon), population: Number(population) });
  }
  return { countries: topo, labels, cities };
}

// countries is world-atlas's countries at a scale ("110m", "50m").
function countries(scale) {
  const topo = JSON.parse(fs.readFileSync(path.join(pkgDir("world-atlas"), `countries-${scale}.json`), "utf8"));
  delete topo.objects.land; // the countries cover it
  return topo;
}

// ringArea is a ring's area in square degrees, scaled by the cosine of its
// latitude: enough to rank countries by size.
function ringArea(ring) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return Math.abs(a / 2) * Math.cos((ring[0][1] * Math.PI) / 180);
}

function round(v) { return Math.round(v * 1000) / 1000; }

function compare(a, b) {
  const names = new Set([...list(a), ...list(b)]);
  const diff = [];
  for (const n of [...names].sort()) {
    const pa = path.join(a, n), pb = path.join(b, n);
    if (!fs.existsSync(pb)) diff.push(`${n}: not committed`);
    else if (!fs.existsSync(pa)) diff.push(`${n}: committed but not built`);
    else if (!fs.readFileSync(pa).equals(fs.readFileSync(pb))) diff.push(`${n}: differs`);
  }
  return diff;
}

function list(dir) { return fs.existsSync(dir) ? fs.readdirSync(dir) : []; }
