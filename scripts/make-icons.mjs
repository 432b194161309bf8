// Draws the tray icons (one glyph per state) and the app icon into resources/, as PNGs committed
// to the repository. Run it after changing a glyph: `node scripts/make-icons.mjs`. Shapes are
// drawn as signed-distance functions sampled 4×4 per pixel, so edges are anti-aliased at 16 px.
//   mac/<state>Template.png (+@2x): black + alpha; macOS tints template images for light and dark.
//   win/<state>.png (+@2x): 16 and 32 px in colour (the sizes Windows' tray uses at 100 and 200 %).
//   linux/<state>.png (+@2x): 24 and 48 px in colour.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

const OUT = path.resolve(import.meta.dirname, '..', 'resources');

const COLOURS = {
  idle: [138, 143, 152],
  available: [46, 158, 91],
  working: [47, 127, 216],
  paused: [224, 165, 38],
  error: [214, 69, 69],
};

// Distance helpers in a unit square [0,1]²; negative inside.
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - w / 2;
const box = (x0, y0, x1, y1) => (x, y) => Math.max(x0 - x, x - x1, y0 - y, y - y1);
const union = (...fs) => (x, y) => Math.min(...fs.map((f) => f(x, y)));
const cut = (a, b) => (x, y) => Math.max(a(x, y), -b(x, y));
function triangle(ax, ay, bx, by, cx, cy) {
  const edge = (px, py, qx, qy) => (x, y) => ((qx - px) * (y - py) - (qy - py) * (x - px)) / Math.hypot(qx - px, qy - py);
  const e = [edge(ax, ay, bx, by), edge(bx, by, cx, cy), edge(cx, cy, ax, ay)];
  return (x, y) => Math.max(...e.map((f) => f(x, y)));
}

/** One glyph per tray state, clear at 16 px. */
const GLYPHS = {
  idle: ring(0.5, 0.5, 0.34, 0.14),
  available: circle(0.5, 0.5, 0.41),
  working: cut(circle(0.5, 0.5, 0.43), triangle(0.4, 0.3, 0.4, 0.7, 0.72, 0.5)),
  paused: union(box(0.24, 0.16, 0.42, 0.84), box(0.58, 0.16, 0.76, 0.84)),
  error: cut(circle(0.5, 0.5, 0.43), union(box(0.44, 0.2, 0.56, 0.58), circle(0.5, 0.74, 0.07))),
};

function render(size, shape, colour) {
  const png = new PNG({ width: size, height: size });
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let inside = 0;
      for (let sy = 0; sy < n; sy++) for (let sx = 0; sx < n; sx++) if (shape((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size) <= 0) inside++;
      const i = (py * size + px) * 4;
      const [r, g, b] = colour(px / size, py / size);
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = Math.round((255 * inside) / (n * n));
    }
  }
  return PNG.sync.write(png);
}

function write(rel, data) {
  const file = path.join(OUT, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
}

for (const [state, glyph] of Object.entries(GLYPHS)) {
  const black = () => [0, 0, 0];
  const colour = () => COLOURS[state];
  write(`tray/mac/${state}Template.png`, render(16, glyph, black));
  write(`tray/mac/${state}Template@2x.png`, render(32, glyph, black));
  write(`tray/win/${state}.png`, render(16, glyph, colour));
  write(`tray/win/${state}@2x.png`, render(32, glyph, colour));
  write(`tray/linux/${state}.png`, render(24, glyph, colour));
  write(`tray/linux/${state}@2x.png`, render(48, glyph, colour));
}

// The app icon: an island (a sun over a wave) on a rounded square, 1024 px (electron-builder makes
// the .icns and .ico from it).
const rounded = (x, y) => {
  const r = 0.2;
  const qx = Math.abs(x - 0.5) - (0.5 - 0.04 - r);
  const qy = Math.abs(y - 0.5) - (0.5 - 0.04 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const sun = circle(0.5, 0.42, 0.17);
const wave = (x, y) => {
  const top = 0.66 + 0.035 * Math.sin(x * Math.PI * 4);
  return Math.max(top - y, y - (top + 0.09), 0.18 - x, x - 0.82);
};
const emblem = union(sun, wave);
const appIcon = (x, y) => rounded(x, y);
const colourAt = (x, y) => (emblem(x + 0.5 / 1024, y + 0.5 / 1024) <= 0 ? [255, 255, 255] : [Math.round(20 + 30 * y), Math.round(90 + 40 * y), Math.round(170 + 30 * (1 - y))]);
write('icon.png', render(1024, appIcon, colourAt));
console.log(`icons written to ${OUT}`);
