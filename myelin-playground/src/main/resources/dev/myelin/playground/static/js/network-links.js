// NetworkView's links: their places measured from the DOM, their painting (here or in links-worker.js),
// the hovered link's outline and tooltip, finding the link under the mouse and editing its weight.
import { paintLinks, bucketOf, curve } from './links-paint.js';

const INTERACTIVE = '.node, button, select, input, .bias, .layer-controls';

/**
 * The link half of {@link NetworkView} (network-view.js), which extends it: uses the view's root, columns
 * of nodes (inputNodes, layerNodes), layer heatmaps, canvases, tooltip, worker and handlers.
 */
export class NetworkLinks {
  /** Measures every link's end points and the neurons' places from the DOM (after a structural change or a resize). */
  layoutLinks() {
    const ratio = window.devicePixelRatio || 1;
    for (const L of this.layerHeatmaps) {
      const box = L.canvas.parentElement;
      const w = box.clientWidth, h = box.clientHeight;
      L.canvas.style.width = w + 'px';
      L.canvas.style.height = h + 'px';
      L.canvas.width = Math.round(w * ratio);
      L.canvas.height = Math.round(h * ratio);
      L.rects = L.nodes.map((node) => [node.offsetLeft, node.offsetTop, node.offsetWidth, node.offsetHeight]);
    }
    if (this.lastFrame && this.lastFrame.neurons) this.paintNeurons(this.lastFrame);
    const box = this.root.getBoundingClientRect();
    const cols = this.root.querySelector('.net-cols');
    const w = cols.scrollWidth, h = cols.scrollHeight;
    const dpr = window.devicePixelRatio || 1;
    for (const c of [this.linkCanvas, this.hoverCanvas]) {
      c.style.width = w + 'px';
      c.style.height = h + 'px';
    }
    this.hoverCanvas.width = Math.round(w * dpr);
    this.hoverCanvas.height = Math.round(h * dpr);
    if (!this.worker) {
      this.linkCanvas.width = Math.round(w * dpr);
      this.linkCanvas.height = Math.round(h * dpr);
    }
    this.links = [];
    const columns = [this.inputNodes, ...this.layerNodes];
    const sx = this.root.scrollLeft, sy = this.root.scrollTop;
    for (let l = 1; l < columns.length; l++) {
      const from = columns[l - 1].map((a) => a.getBoundingClientRect());
      const to = columns[l].map((b) => b.getBoundingClientRect());
      from.forEach((ra, i) => {
        to.forEach((rb, j) => {
          const x1 = ra.right - box.left + sx, y1 = ra.top + ra.height / 2 - box.top + sy;
          const x2 = rb.left - box.left + sx, y2 = rb.top + rb.height / 2 - box.top + sy;
          this.links.push({ layer: l - 1, from: i, to: j, x1, y1, x2, y2, w: undefined });
        });
      });
    }
    const n = this.links.length;
    const geometry = new Float32Array(4 * n);
    const layerOf = new Int16Array(n);
    this.links.forEach((k, i) => {
      geometry.set([k.x1, k.y1, k.x2, k.y2], 4 * i);
      layerOf[i] = k.layer;
    });
    this.geometry = { geometry, layerOf, width: w, height: h, dpr };
    if (this.worker) this.worker.postMessage(this.geometry);
    if (this.lastFrame) this.paintLinks(this.lastFrame); else this.drawLinks();
    this.drawHover();
  }

  /** Paints every link (here only without a worker): the weight's sign as colour, its magnitude as width. */
  drawLinks() {
    if (this.worker) {
      const weights = new Float32Array(this.links.length);
      this.links.forEach((k, i) => { weights[i] = typeof k.w === 'number' ? k.w : NaN; });
      this.worker.postMessage({ weights }, [weights.buffer]);
      return;
    }
    if (!this.geometry) return;
    const buckets = new Int8Array(this.links.length);
    this.links.forEach((k, i) => { buckets[i] = bucketOf(k.w); });
    const g = this.geometry;
    paintLinks(this.linkCanvas.getContext('2d'), g.height, g.dpr, g.geometry, g.layerOf, buckets, null);
  }

  /** Outlines the hovered link on the canvas above the links. */
  drawHover() {
    const c = this.hoverCanvas;
    if (!c || !this.geometry) return;
    const dpr = window.devicePixelRatio || 1;
    const ctx = c.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, c.width, c.height);
    if (!this.hovered) return;
    const k = this.hovered;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.strokeStyle = 'rgba(0,0,0,.35)';
    ctx.lineWidth = Math.max(3, Math.min(9, Math.abs(k.w || 0) * 2.2 + 2));
    ctx.beginPath();
    curve(ctx, [k.x1, k.y1, k.x2, k.y2], 0);
    ctx.stroke();
  }

  /** The link nearest to (x, y) in the network's own coordinates, within 6 px, or null. */
  linkAt(x, y) {
    let best = null, bestD = 36;
    for (const k of this.links) {
      if (x < Math.min(k.x1, k.x2) - 6 || x > Math.max(k.x1, k.x2) + 6) continue;
      if (y < Math.min(k.y1, k.y2) - 6 || y > Math.max(k.y1, k.y2) + 6) continue;
      const mx = (k.x1 + k.x2) / 2;
      let px = k.x1, py = k.y1;
      for (let s = 1; s <= 24; s++) {
        const t = s / 24, u = 1 - t;
        const qx = u * u * u * k.x1 + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * k.x2;
        const qy = u * u * u * k.y1 + 3 * u * u * t * k.y1 + 3 * u * t * t * k.y2 + t * t * t * k.y2;
        const d = segmentDistance2(x, y, px, py, qx, qy);
        if (d < bestD) { bestD = d; best = k; }
        px = qx; py = qy;
      }
    }
    return best;
  }

  localPoint(e) {
    const box = this.root.getBoundingClientRect();
    return [e.clientX - box.left + this.root.scrollLeft, e.clientY - box.top + this.root.scrollTop];
  }

  onRootClick(e) {
    if (e.target.closest(INTERACTIVE)) return;
    const [x, y] = this.localPoint(e);
    const link = this.linkAt(x, y);
    if (link) this.editWeight(link, e);
  }

  onRootMove(e) {
    if (e.target.closest(INTERACTIVE)) { this.hover(null); return; }
    const [x, y] = this.localPoint(e);
    this.hover(this.linkAt(x, y), x, y);
  }

  hover(link, x, y) {
    if (link !== this.hovered) {
      this.hovered = link;
      this.drawHover();
    }
    if (!this.tip) return;
    this.tip.hidden = !link;
    this.root.classList.toggle('on-link', !!link);
    if (link) {
      this.tip.textContent = `Weight ${link.from + 1} → ${link.to + 1} (layer ${link.layer + 1}): `
        + (typeof link.w === 'number' ? link.w.toFixed(4) : '…') + ' — click to edit';
      this.tip.style.left = x + 12 + 'px';
      this.tip.style.top = y + 12 + 'px';
    }
  }

  paintLinks(frame) {
    for (const link of this.links) {
      const layer = frame.network.layers[link.layer];
      const flat = layer && layer.wFlat;
      // a frame from before a structural change may lack this weight: leave it unknown
      const k = flat && link.to < layer.units ? link.from * layer.units + link.to : flat ? flat.length : 0;
      link.w = flat && k < flat.length ? flat[k] : undefined;
    }
    this.drawLinks();
    if (this.hovered && !this.tip.hidden) {
      this.tip.textContent = this.tip.textContent.replace(/: [^ ]+ —/, `: ${typeof this.hovered.w === 'number' ? this.hovered.w.toFixed(4) : '…'} —`);
    }
  }

  editWeight(link, e) {
    this.h.onEdit(e.clientX, e.clientY, `Weight ${link.from + 1} → ${link.to + 1} (layer ${link.layer + 1})`,
      link.w ?? 0, (v) => this.h.onWeightEdit(link.layer, link.from, link.to, v));
  }
}

function segmentDistance2(x, y, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len));
  const ex = ax + t * dx - x, ey = ay + t * dy - y;
  return ex * ex + ey * ey;
}
