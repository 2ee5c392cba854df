// The loss chart: training loss (grey) and test loss (black) per epoch, with axes: the loss on the
// left (0 and the largest loss shown, three significant digits) and the epochs below.

const LEFT = 44, BOTTOM = 14, TOP = 4, RIGHT = 6;

function label(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1000 || a < 1e-3 ? v.toExponential(1) : Number(v.toPrecision(3)).toString();
}

/** Draws the history; size {w, h} in CSS pixels if known (reading clientWidth would force a layout per frame). */
export function drawChart(canvas, history, size) {
  const dpr = window.devicePixelRatio || 1;
  const w = size ? size.w : canvas.clientWidth, h = size ? size.h : canvas.clientHeight;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const pts = history.filter((p) => Number.isFinite(Number(p[1])) && Number.isFinite(Number(p[2])));
  const pw = w - LEFT - RIGHT, ph = h - TOP - BOTTOM;
  const firstEpoch = pts.length ? pts[0][0] : 0;
  const lastEpoch = pts.length ? Math.max(firstEpoch + 1, pts[pts.length - 1][0]) : 1;
  let maxLoss = 0;
  pts.forEach((p) => { maxLoss = Math.max(maxLoss, p[1], p[2]); });
  maxLoss = maxLoss > 0 ? maxLoss : 1;
  // axes and labels
  ctx.strokeStyle = '#c5cacd';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(LEFT - 0.5, TOP);
  ctx.lineTo(LEFT - 0.5, TOP + ph + 0.5);
  ctx.lineTo(LEFT + pw, TOP + ph + 0.5);
  ctx.stroke();
  ctx.fillStyle = '#5f6368';
  ctx.font = '10px system-ui, sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'top';
  ctx.fillText(label(maxLoss), LEFT - 4, TOP - 1);
  ctx.textBaseline = 'bottom';
  ctx.fillText('0', LEFT - 4, TOP + ph + 1);
  ctx.save();
  ctx.translate(9, TOP + ph / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText('loss', 0, 0);
  ctx.restore();
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(String(firstEpoch), LEFT, TOP + ph + 2);
  ctx.textAlign = 'center';
  ctx.fillText('epoch', LEFT + pw / 2, TOP + ph + 2);
  ctx.textAlign = 'right';
  ctx.fillText(String(lastEpoch), LEFT + pw, TOP + ph + 2);
  if (pts.length < 1) return;
  const line = (k, color) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    pts.forEach((p, i) => {
      const x = LEFT + ((p[0] - firstEpoch) / (lastEpoch - firstEpoch)) * pw;
      const y = TOP + ph - (p[k] / maxLoss) * (ph - 2);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
  };
  line(1, '#9aa0a6');
  line(2, '#202124');
}
