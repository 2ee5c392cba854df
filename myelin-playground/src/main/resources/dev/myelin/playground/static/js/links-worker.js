// Paints the links off the page's main thread, into the OffscreenCanvas the network view hands over:
// rasterizing ~7,000 anti-aliased curves takes tens of milliseconds, which on the main thread held up
// every display frame and click. Messages: {canvas} (a new canvas after a rebuild), {geometry, layerOf,
// width, height, dpr} (after a layout), {weights} (each frame; NaN = unknown). Only the newest weights
// are painted, and only the layers with a link whose bucket changed. Answers {paintMs} after each paint.
import { paintLinks, bucketOf, UNKNOWN } from './links-paint.js';

let canvas = null;
let layout = null;
let weights = null;
let painted = null;
let scheduled = false;

self.onmessage = (e) => {
  const m = e.data;
  if (m.canvas) { canvas = m.canvas; painted = null; }
  if (m.geometry) { layout = m; painted = null; }
  if (m.weights) weights = m.weights;
  if (!scheduled) { scheduled = true; setTimeout(paint, 0); }
};

function paint() {
  scheduled = false;
  if (!canvas || !layout) return;
  const t0 = performance.now();
  const n = layout.layerOf.length;
  const buckets = new Int8Array(n);
  for (let i = 0; i < n; i++) buckets[i] = weights && i < weights.length ? bucketOf(weights[i]) : UNKNOWN;
  let dirty = null;
  if (painted && painted.length === n) {
    dirty = [];
    let any = false;
    for (let i = 0; i < n; i++) {
      if (buckets[i] !== painted[i]) { dirty[layout.layerOf[i]] = true; any = true; }
    }
    if (!any) return;
  } else {
    const w = Math.round(layout.width * layout.dpr), h = Math.round(layout.height * layout.dpr);
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  }
  paintLinks(canvas.getContext('2d'), layout.height, layout.dpr, layout.geometry, layout.layerOf, buckets, dirty);
  painted = buckets;
  self.postMessage({ paintMs: performance.now() - t0 });
}
