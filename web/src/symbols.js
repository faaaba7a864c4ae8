// Event symbols: a shape and a colour per ACLED event type, so that types
// stay apart for readers who do not tell colours apart. The colours are
// Okabe and Ito's palette, chosen to be distinguishable with the common
// colour-vision deficiencies; each shape has a white outline to read on
// land, sea and other markers.

export const TYPES = [
  { name: "Battles", color: "#D55E00", shape: "circle" },
  { name: "Explosions/Remote violence", color: "#E69F00", shape: "burst" },
  { name: "Violence against civilians", color: "#CC79A7", shape: "triangle" },
  { name: "Protests", color: "#0072B2", shape: "square" },
  { name: "Riots", color: "#009E73", shape: "diamond" },
  { name: "Strategic developments", color: "#555555", shape: "hexagon" },
];
export const typeIndex = Object.fromEntries(TYPES.map((t, i) => [t.name, i]));

// Holders of places, in Paul Tol's "bright" scheme (colour-blind safe),
// given out in order of how many places each holds.
export const HOLDERS = ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB"];

const SIZE = 22; // CSS pixels of an icon at icon-size 1

function path(ctx, shape, c, r) {
  ctx.beginPath();
  const poly = (n, rot, rr = r) => {
    for (let i = 0; i < n; i++) {
      const a = rot + (i * 2 * Math.PI) / n;
      ctx[i ? "lineTo" : "moveTo"](c + rr * Math.cos(a), c + rr * Math.sin(a));
    }
    ctx.closePath();
  };
  switch (shape) {
    case "circle": ctx.arc(c, c, r * 0.9, 0, 2 * Math.PI); break;
    case "square": ctx.rect(c - r * 0.78, c - r * 0.78, r * 1.56, r * 1.56); break;
    case "diamond": poly(4, -Math.PI / 2); break;
    case "triangle": poly(3, -Math.PI / 2, r * 1.05); break;
    case "hexagon": poly(6, 0, r * 0.92); break;
    case "burst":
      for (let i = 0; i < 16; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 8, rr = i % 2 ? r * 0.55 : r;
        ctx[i ? "lineTo" : "moveTo"](c + rr * Math.cos(a), c + rr * Math.sin(a));
      }
      ctx.closePath();
      break;
  }
}

// icon draws one event symbol as the image MapLibre's addImage takes.
export function icon(t, ratio) {
  const px = Math.round(SIZE * ratio), ctx = canvas(px);
  const c = px / 2, r = px / 2 - 2.2 * ratio;
  path(ctx, t.shape, c, r);
  ctx.fillStyle = t.color;
  ctx.fill();
  ctx.lineWidth = 1.6 * ratio;
  ctx.strokeStyle = "#ffffff";
  ctx.stroke();
  return ctx.getImageData(0, 0, px, px);
}

// controlIcon draws the mark of a held place: a ring around the place (and
// the events there, which it lies over), solid and thick for a confirmed
// holding, thinner for one only the outlet asserts, dashed for one a party
// claims, dotted when disputed, and grey and dashed when no report has
// told of it for longer than the chosen age.
export function controlIcon(color, style, ratio) {
  const px = Math.round(44 * ratio), ctx = canvas(px), c = px / 2, r = px / 2 - 4 * ratio;
  const circle = () => { ctx.beginPath(); ctx.arc(c, c, r, 0, 2 * Math.PI); };
  const ring = (dash, width, stroke) => {
    // A white rim first, so that the ring reads on land and over markers.
    circle();
    ctx.setLineDash([]);
    ctx.lineWidth = (width + 2.5) * ratio;
    ctx.strokeStyle = "rgba(255,255,255,0.85)";
    ctx.stroke();
    circle();
    ctx.setLineDash(dash.map((d) => d * ratio));
    ctx.lineCap = dash.length && dash[0] < 2.5 ? "round" : "butt";
    ctx.lineWidth = width * ratio;
    ctx.strokeStyle = stroke;
    ctx.stroke();
  };
  const fill = (alpha) => {
    circle();
    ctx.globalAlpha = alpha;
    ctx.fillStyle = color;
    ctx.fill();
    ctx.globalAlpha = 1;
  };
  switch (style) {
    case "confirmed": fill(0.22); ring([], 4.5, color); break;
    case "asserted": fill(0.12); ring([], 2.8, color); break;
    case "claimed": fill(0.1); ring([6, 4], 3.2, color); break;
    case "disputed": fill(0.1); ring([0.5, 4.5], 3.6, color); break;
    default: ring([4, 4], 2.5, "#6b7280"); // stale
  }
  return ctx.getImageData(0, 0, px, px);
}

function canvas(px) {
  const cv = document.createElement("canvas");
  cv.width = cv.height = px;
  return cv.getContext("2d", { willReadFrequently: true });
}

// legendSVG draws a type's symbol for the legend.
export function legendIcon(t) {
  const cv = document.createElement("canvas");
  const ratio = 2;
  cv.width = cv.height = SIZE * ratio;
  cv.getContext("2d").putImageData(icon(t, ratio), 0, 0);
  cv.style.width = cv.style.height = "16px";
  cv.setAttribute("aria-hidden", "true");
  return cv;
}
