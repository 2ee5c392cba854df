// Colours and pictures: the diverging orange–grey–blue scale of the TensorFlow Playground, the
// heatmaps the server sends (one byte per cell, see FrameBuilder) and the data points on top.

import { ORANGE, BLUE, scale, css } from './colors.js';

export { scale, css };
export const CLASS_COLORS = [[8, 119, 189], [245, 147, 34], [46, 160, 67], [142, 68, 173], [214, 39, 40],
  [23, 190, 207], [188, 189, 34], [140, 86, 75], [227, 119, 194], [90, 90, 90]];

/** scale(b / 255) for every byte b, as r, g, b triples: heatmaps colour their cells without allocating. */
export const SCALE_LUT = (() => {
  const t = new Uint8Array(256 * 3);
  for (let b = 0; b < 256; b++) t.set(scale(b / 255), b * 3);
  return t;
})();

/** The output picture's lighter colours, lighten(scale(b / 255), 0.3), per byte. */
const LIGHT_LUT = (() => {
  const t = new Uint8Array(256 * 3);
  for (let b = 0; b < 256; b++) t.set(scale(b / 255).map((v) => Math.round(v + (255 - v) * 0.3)), b * 3);
  return t;
})();

/** Mixes a colour with white (the output picture is lighter so that the points stand out). */
export function lighten(rgb, amount) {
  return rgb.map((v) => Math.round(v + (255 - v) * amount));
}

export function decode(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The colour of a class for the binary sets: class 1 blue, class 0 orange (as the playground). */
export function classColor(k, classes) {
  if (classes <= 2) return k >= 1 ? BLUE : ORANGE;
  return CLASS_COLORS[k % CLASS_COLORS.length];
}

const scratch = document.createElement('canvas');

/** Draws an n×n grid of colours (a function of the cell index) onto ctx, scaled to w×h, smoothed. */
export function drawGrid(ctx, n, w, h, colorOf, smooth = true) {
  scratch.width = n;
  scratch.height = n;
  const sctx = scratch.getContext('2d');
  const img = sctx.createImageData(n, n);
  for (let i = 0; i < n * n; i++) {
    const c = colorOf(i);
    img.data[i * 4] = c[0];
    img.data[i * 4 + 1] = c[1];
    img.data[i * 4 + 2] = c[2];
    img.data[i * 4 + 3] = 255;
  }
  sctx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = smooth;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(scratch, 0, 0, n, n, 0, 0, w, h);
}

/** The output heatmap: binary and regression values, or multi-class (class + confidence). */
export function drawOutput(ctx, w, h, output, discretize, classes) {
  const n = output.size;
  const values = decode(output.values);
  if (output.kind === 'multi') {
    const cls = decode(output.classes);
    drawGrid(ctx, n, w, h, (i) => {
      const base = classColor(cls[i], classes);
      const conf = discretize ? 1 : Math.max(0, (values[i] / 255 - 1 / classes) / (1 - 1 / classes));
      const a = 0.12 + 0.5 * conf;
      return base.map((v) => Math.round(255 + (v - 255) * a));
    }, !discretize);
    return;
  }
  const rgb = [0, 0, 0];
  drawGrid(ctx, n, w, h, (i) => {
    let b = values[i];
    if (discretize) b = output.kind === 'binary' ? (b >= 128 ? 255 : 0) : Math.round(b / 255 * 4) * 255 / 4;
    const k = Math.round(b) * 3;
    rgb[0] = LIGHT_LUT[k]; rgb[1] = LIGHT_LUT[k + 1]; rgb[2] = LIGHT_LUT[k + 2];
    return rgb;
  }, !discretize);
}

/** A neuron's heatmap (activation scaled to [−1, 1] → orange…blue). */
export function drawNeuron(ctx, w, h, b64, n) {
  const v = decode(b64);
  const rgb = [0, 0, 0];
  drawGrid(ctx, n, w, h, (i) => {
    rgb[0] = SCALE_LUT[v[i] * 3]; rgb[1] = SCALE_LUT[v[i] * 3 + 1]; rgb[2] = SCALE_LUT[v[i] * 3 + 2];
    return rgb;
  });
}

/** A feature's heatmap computed here from its formula over the plane (synthetic sets). */
export function drawFeature(ctx, w, h, f, bounds) {
  const n = 20;
  const vals = new Float64Array(n * n);
  let m = 1;
  for (let gy = 0; gy < n; gy++) {
    const y = bounds[3] - (gy + 0.5) * (bounds[3] - bounds[2]) / n;
    for (let gx = 0; gx < n; gx++) {
      const x = bounds[0] + (gx + 0.5) * (bounds[1] - bounds[0]) / n;
      vals[gy * n + gx] = f(x, y);
      m = Math.max(m, Math.abs(vals[gy * n + gx]));
    }
  }
  drawGrid(ctx, n, w, h, (i) => scale((vals[i] / m + 1) / 2));
}

/** The colour of a data point's target: its class, or its value within the target range. */
export function pointColor(t, data) {
  if (data.regression) return scale((t - data.range[0]) / (data.range[1] - data.range[0]));
  return classColor(t, data.classNames.length);
}

const pointLayer = { canvas: document.createElement('canvas'), key: null, hits: [] };

/**
 * Data points on the plane, drawn once into a layer that is reused while the points, the view and
 * the size stay the same (5,000 points would cost every frame otherwise). Returns their positions.
 */
export function drawPoints(ctx, w, h, data, showTest, selected) {
  const dpr = window.devicePixelRatio || 1;
  const key = [data, showTest, selected && selected.set, selected && selected.index, w, h, dpr];
  const L = pointLayer;
  if (!L.key || key.some((v, i) => v !== L.key[i])) {
    L.canvas.width = Math.round(w * dpr);
    L.canvas.height = Math.round(h * dpr);
    const lctx = L.canvas.getContext('2d');
    lctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    L.hits = paintPoints(lctx, w, h, data, showTest, selected);
    L.key = key;
  }
  ctx.drawImage(L.canvas, 0, 0, w, h);
  return L.hits;
}

function paintPoints(ctx, w, h, data, showTest, selected) {
  const b = data.bounds;
  const px = (p) => [(p[0] - b[0]) / (b[1] - b[0]) * w, (b[3] - p[1]) / (b[3] - b[2]) * h];
  const hits = [];
  const sets = showTest ? [['train', data.train], ['test', data.test]] : [['train', data.train]];
  const r = data.train.length + data.test.length > 1500 ? 2.4 : 3.4;
  for (const [set, pts] of sets) {
    pts.forEach((p, i) => {
      const [x, y] = px(p);
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.fillStyle = css(pointColor(p[2], data));
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = set === 'test' ? '#222' : '#fff';
      ctx.stroke();
      hits.push({ set, index: i, x, y });
    });
  }
  if (selected) {
    const pts = selected.set === 'test' ? data.test : data.train;
    if (pts[selected.index]) {
      const [x, y] = px(pts[selected.index]);
      ctx.beginPath();
      ctx.arc(x, y, 7, 0, Math.PI * 2);
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#111';
      ctx.stroke();
    }
  }
  return hits;
}
