// The loss chart: training loss (grey) and test loss (black) per epoch, like the playground's.

export function drawChart(canvas, history) {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * dpr)) { canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr); }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const pts = history.filter((p) => Number.isFinite(Number(p[1])) && Number.isFinite(Number(p[2])));
  ctx.strokeStyle = '#e3e6e8';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, h - 0.5);
  ctx.lineTo(w, h - 0.5);
  ctx.stroke();
  if (pts.length < 1) return;
  const maxEpoch = Math.max(1, pts[pts.length - 1][0]);
  let maxLoss = 0;
  pts.forEach((p) => { maxLoss = Math.max(maxLoss, p[1], p[2]); });
  maxLoss = maxLoss > 0 ? maxLoss * 1.05 : 1;
  const line = (k, color, width) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.beginPath();
    pts.forEach((p, i) => {
      const x = (p[0] / maxEpoch) * (w - 2) + 1;
      const y = h - 2 - (p[k] / maxLoss) * (h - 6);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
  };
  line(1, '#9aa0a6', 1.5);
  line(2, '#202124', 1.5);
}
