// The picture of the links, shared by the links worker (links-worker.js, which paints it off the
// page's main thread) and the page itself (browsers without OffscreenCanvas): each link a cubic curve
// from its source to its target, coloured by the sign of its weight and as wide as its magnitude.
// Weights fall into 41 buckets over −4…4, so that ~7,000 links cost a few dozen strokes, not 7,000,
// and a frame whose weights moved within their buckets changes nothing on screen.
import { scale, css } from './colors.js';

/** The bucket of a link whose weight is not known (yet). */
export const UNKNOWN = 127;

/** A weight's bucket: round(clamp(w / 4, −1, 1) · 20) ∈ −20…20, or UNKNOWN. */
export function bucketOf(w) {
  return Number.isFinite(w) ? Math.round(Math.max(-1, Math.min(1, w / 4)) * 20) : UNKNOWN;
}

/** The stroke of a bucket: the weight w = bucket / 5 ∈ −4…4, colour scale(½ ± min(1, |w|)/2), width 2.2·|w| in 0.6…8 px. */
export function strokeOf(bucket) {
  if (bucket === UNKNOWN) return { colour: '#e3e6e8', width: 0.6 };
  const w = bucket / 5;
  const mag = Math.abs(w);
  return { colour: css(scale(w >= 0 ? 0.5 + Math.min(1, mag) / 2 : 0.5 - Math.min(1, mag) / 2)), width: Math.max(0.6, Math.min(8, mag * 2.2)) };
}

/** Adds link i's curve (geometry: x1, y1, x2, y2 per link, in CSS pixels) to the current path. */
export function curve(ctx, g, i) {
  const x1 = g[4 * i], y1 = g[4 * i + 1], x2 = g[4 * i + 2], y2 = g[4 * i + 3];
  const mx = (x1 + x2) / 2;
  ctx.moveTo(x1, y1);
  ctx.bezierCurveTo(mx, y1, mx, y2, x2, y2);
}

/**
 * Repaints the links of the layers marked in {@code dirty} (all if null): each layer's links lie in
 * their own band of x between two columns, so a band is cleared and redrawn alone. ctx's canvas is
 * in device pixels (dpr per CSS pixel); layerOf gives each link's layer, buckets its weight's bucket.
 */
export function paintLinks(ctx, height, dpr, geometry, layerOf, buckets, dirty) {
  const n = layerOf.length;
  const layers = n ? layerOf[n - 1] + 1 : 0;
  if (!dirty) {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.globalAlpha = 0.85;
  let start = 0;
  for (let l = 0; l < layers; l++) {
    let end = start;
    while (end < n && layerOf[end] === l) end++;
    if (!dirty || dirty[l]) {
      let lo = Infinity, hi = -Infinity;
      for (let i = start; i < end; i++) {
        lo = Math.min(lo, geometry[4 * i]);
        hi = Math.max(hi, geometry[4 * i + 2]);
      }
      ctx.save();
      ctx.beginPath();
      ctx.rect(lo, 0, hi - lo, height);
      ctx.clip();
      ctx.clearRect(lo, 0, hi - lo, height);
      const byBucket = new Map();
      for (let i = start; i < end; i++) {
        let list = byBucket.get(buckets[i]);
        if (!list) { list = []; byBucket.set(buckets[i], list); }
        list.push(i);
      }
      for (const [bucket, list] of byBucket) {
        const s = strokeOf(bucket);
        ctx.strokeStyle = s.colour;
        ctx.lineWidth = s.width;
        ctx.beginPath();
        for (const i of list) curve(ctx, geometry, i);
        ctx.stroke();
      }
      ctx.restore();
    }
    start = end;
  }
  ctx.globalAlpha = 1;
}
