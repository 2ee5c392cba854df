// The data set pictures of the DATA column: 200 points of each built-in set (from the server), or a
// CSV tile for the uploaded file.
import { css, classColor, scale } from './heatmap.js';

/** Fills {@code box} with one button per data set; {@code onPick(id)} is called on a click. */
export function drawDatasets(box, sets, selectedId, thumbnails, onPick) {
  box.innerHTML = '';
  sets.forEach((d) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'dataset' + (selectedId === d.id ? ' selected' : '');
    b.dataset.dataset = d.id;
    b.title = d.name;
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 64;
    b.appendChild(c);
    const label = document.createElement('span');
    label.textContent = d.id === 'csv' ? 'Your data' : d.name;
    b.appendChild(label);
    b.addEventListener('click', () => onPick(d.id));
    box.appendChild(b);
    drawThumbnail(c, d.id, thumbnails);
  });
}

function drawThumbnail(c, id, thumbnails) {
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#f3f4f5';
  ctx.fillRect(0, 0, 64, 64);
  if (id === 'csv') {
    ctx.fillStyle = '#5f6368';
    ctx.font = '600 15px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText('CSV', 32, 38);
    return;
  }
  const pts = thumbnails && thumbnails[id];
  if (!pts) return;
  const regression = id === 'plane' || id === 'multigauss';
  pts.forEach((p) => {
    const x = (p[0] + 6) / 12 * 64, y = (6 - p[1]) / 12 * 64;
    ctx.fillStyle = css(regression ? scale((p[2] + 1) / 2) : classColor(p[2], 2));
    ctx.beginPath();
    ctx.arc(x, y, 1.8, 0, Math.PI * 2);
    ctx.fill();
  });
}

