// The diverging orange–grey–blue scale of the TensorFlow Playground, without the DOM, so that the
// links worker (links-worker.js) can colour with it too.

export const ORANGE = [245, 147, 34];
export const MID = [232, 234, 235];
export const BLUE = [8, 119, 189];

/** t ∈ [0, 1] → [r, g, b]: 0 orange, ½ light grey, 1 blue. */
export function scale(t) {
  t = Math.max(0, Math.min(1, t));
  const [a, b, u] = t < 0.5 ? [ORANGE, MID, t * 2] : [MID, BLUE, (t - 0.5) * 2];
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * u));
}

export function css(rgb, alpha = 1) {
  return alpha === 1 ? `rgb(${rgb[0]},${rgb[1]},${rgb[2]})` : `rgba(${rgb[0]},${rgb[1]},${rgb[2]},${alpha})`;
}
