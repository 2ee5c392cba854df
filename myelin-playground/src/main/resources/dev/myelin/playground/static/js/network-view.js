// The network in the middle of the page: the input features, the hidden layers with their
// controls, the output; a small heatmap in every neuron (enlarged on hover); links coloured by the
// sign of their weight and as wide as its magnitude, drawn on one canvas under the columns (8 × 32
// neurons are ~7,000 links) which a worker paints off the main thread (links-worker.js), only the
// layers whose links changed colour or width; the hovered link is outlined on a canvas above it. Hover
// a link to see its weight, click it or a bias to edit it, click a neuron to explain it. The links'
// own code is in network-links.js (NetworkView extends it), the small DOM builders in network-dom.js.
import { FEATURES, ACTIVATIONS, ACTIVATION_NAMES, DROPOUTS } from './state.js';
import { drawNeuron, drawFeature, scale, css, classColor, decode, SCALE_LUT } from './heatmap.js';
import { NetworkLinks } from './network-links.js';
import { column, header, el, canvas, button, select } from './network-dom.js';

export class NetworkView extends NetworkLinks {
  constructor(root, handlers) {
    super();
    this.root = root;
    this.h = handlers;
    this.key = null;
    this.links = [];
    this.biases = [];
    /** Milliseconds spent per part of painting, summed (read by the frame-rate test); worker: the links worker's. */
    this.perf = { neurons: 0, biases: 0, links: 0, worker: 0 };
    this.worker = null;
    if (typeof OffscreenCanvas === 'function' && HTMLCanvasElement.prototype.transferControlToOffscreen) {
      this.worker = new Worker(new URL('./links-worker.js', import.meta.url), { type: 'module' });
      this.worker.onmessage = (e) => { this.perf.worker += e.data.paintMs; };
      this.worker.onerror = (e) => {
        const message = 'links worker: ' + (e.message || 'failed to load');
        console.error(message);
        if (window.playground) window.playground.errors.push(message);
      };
    }
  }

  /** Rebuilds the DOM if the structure changed, then paints the frame's values. */
  render(state, frame) {
    const inputs = frame ? frame.network.inputs : state.features;
    const outUnits = frame ? frame.network.layers[frame.network.layers.length - 1].units : 1;
    const key = JSON.stringify([state.dataset, state.features, state.layers, inputs, outUnits]);
    if (key !== this.key) {
      this.build(state, inputs, outUnits, frame);
      this.key = key;
    }
    if (frame) this.paint(state, frame);
  }

  build(state, inputs, outUnits, frame) {
    const csv = state.dataset === 'csv';
    const maxUnits = Math.max(inputs.length, csv ? 0 : FEATURES.length, ...state.layers.map((l) => l.units), outUnits);
    const size = maxUnits > 12 ? 22 : maxUnits > 8 ? 28 : 34;
    this.root.innerHTML = '';
    this.zoom = null;
    this.zoomed = null;
    this.hovered = null;
    this.paintedNeurons = null;
    this.paintedOutput = null;
    this.biases = [];
    this.root.style.setProperty('--node', size + 'px');
    const canvasEl = document.createElement('canvas');
    canvasEl.className = 'links';
    this.linkCanvas = canvasEl;
    this.root.appendChild(canvasEl);
    if (this.worker) {
      const off = canvasEl.transferControlToOffscreen();
      this.worker.postMessage({ canvas: off }, [off]);
    }
    this.hoverCanvas = document.createElement('canvas');
    this.hoverCanvas.className = 'links link-hover';
    this.root.appendChild(this.hoverCanvas);
    this.tip = document.createElement('div');
    this.tip.className = 'link-tip';
    this.tip.hidden = true;
    this.root.appendChild(this.tip);
    if (!this.listening) {
      this.listening = true;
      this.root.addEventListener('click', (e) => this.onRootClick(e));
      this.root.addEventListener('mousemove', (e) => this.onRootMove(e));
      this.root.addEventListener('mouseleave', () => this.hover(null));
    }
    const cols = document.createElement('div');
    cols.className = 'net-cols';
    this.root.appendChild(cols);

    // features
    const fcol = column(cols, 'features');
    fcol.appendChild(header(csv ? 'INPUTS' : 'FEATURES', csv ? 'The columns of your file, standardized.' : 'Which properties do you want to feed in?'));
    const fnodes = document.createElement('div');
    fnodes.className = 'nodes';
    fcol.appendChild(fnodes);
    this.inputNodes = [];
    const list = csv ? inputs.map((n) => ({ id: n, label: escapeHtml(n), csv: true })) : FEATURES;
    this.featureCanvases = [];
    list.forEach((f) => {
      const active = csv || state.features.includes(f.id);
      const node = el(fnodes, 'div', 'node feature' + (active ? ' active' : ''));
      node.dataset.feature = f.id;
      node.title = csv ? f.id : (active ? 'Click to stop feeding ' : 'Click to feed in ') + f.text;
      const label = el(node, 'span', 'feature-label');
      label.innerHTML = f.label;
      const c = canvas(node, size);
      if (!csv) {
        node.addEventListener('click', () => this.h.onToggleFeature(f.id));
        drawFeature(c.getContext('2d'), size, size, f.f, [-6, 6, -6, 6]);
      }
      this.featureCanvases.push({ id: f.id, canvas: c, csv });
      if (active) this.inputNodes.push(node);
    });

    // hidden layers
    const hidden = el(cols, 'div', 'hidden-layers');
    const hh = el(hidden, 'div', 'layers-header');
    const add = button(hh, '+', 'Add a hidden layer', () => this.h.onAddLayer());
    const rem = button(hh, '−', 'Remove the last hidden layer', () => this.h.onRemoveLayer());
    add.classList.add('round');
    rem.classList.add('round');
    add.id = 'add-layer';
    rem.id = 'remove-layer';
    const count = el(hh, 'span', 'layers-count');
    count.textContent = `${state.layers.length} HIDDEN LAYER${state.layers.length === 1 ? '' : 'S'}`;
    const layerCols = el(hidden, 'div', 'layer-cols');
    this.layerNodes = [];
    this.layerHeatmaps = [];
    let neuronIndex = 0;
    state.layers.forEach((l, li) => {
      const col = el(layerCols, 'div', 'col layer');
      const ctl = el(col, 'div', 'layer-controls');
      const pm = el(ctl, 'div', 'pm');
      button(pm, '+', 'Add a neuron', () => this.h.onUnits(li, +1)).classList.add('small');
      button(pm, '−', 'Remove a neuron', () => this.h.onUnits(li, -1)).classList.add('small');
      const n = el(ctl, 'div', 'units');
      n.textContent = `${l.units} neuron${l.units === 1 ? '' : 's'}`;
      const act = select(ctl, ACTIVATIONS.map((a) => [a, ACTIVATION_NAMES[a]]), l.activation,
        (v) => this.h.onLayerActivation(li, v));
      act.title = 'Activation of this layer';
      act.classList.add('layer-activation');
      const drop = select(ctl, DROPOUTS.map((d) => [String(d), d === 0 ? 'no dropout' : `dropout ${d}`]),
        String(l.dropout), (v) => this.h.onLayerDropout(li, Number(v)));
      drop.title = 'Dropout after this layer (training only)';
      const nodes = el(col, 'div', 'nodes layer-nodes');
      // the layer's neuron heatmaps: one canvas under its nodes (32 canvases per layer cost a repaint each)
      const heat = el(nodes, 'canvas', 'layer-heatmaps');
      this.layerHeatmaps.push({ canvas: heat, nodes: [], first: neuronIndex, rects: null });
      neuronIndex += l.units;
      const row = [];
      for (let u = 0; u < l.units; u++) {
        const node = el(nodes, 'div', 'node neuron');
        node.title = `Neuron ${u + 1} of hidden layer ${li + 1}: click to see its forward and backward numbers`;
        this.layerHeatmaps[li].nodes.push(node);
        const bias = el(node, 'div', 'bias');
        bias.title = 'Bias';
        bias.addEventListener('click', (e) => { e.stopPropagation(); this.editBias(li, u, e); });
        node.addEventListener('click', () => this.h.onNeuronClick(li, u));
        const k = this.layerHeatmaps[li].first + u;
        node.addEventListener('mouseenter', () => this.showZoom(node, k));
        node.addEventListener('mouseleave', () => this.hideZoom());
        row.push(node);
        this.biases.push({ layer: li, unit: u, el: bias });
      }
      this.layerNodes.push(row);
    });

    // output
    const ocol = column(cols, 'output-col');
    ocol.appendChild(header('OUTPUT', ''));
    const onodes = el(ocol, 'div', 'nodes');
    const orow = [];
    for (let u = 0; u < outUnits; u++) {
      const node = el(onodes, 'div', 'node neuron out');
      node.title = 'Output neuron: click to see its forward and backward numbers';
      const c = canvas(node, size);
      c.classList.add('out-canvas');
      const bias = el(node, 'div', 'bias');
      bias.addEventListener('click', (e) => { e.stopPropagation(); this.editBias(state.layers.length, u, e); });
      node.addEventListener('click', () => this.h.onNeuronClick(state.layers.length, u));
      orow.push(node);
    }
    this.outputNodes = orow;
    this.layerNodes.push(orow);
    this.size = size;
    requestAnimationFrame(() => this.layoutLinks());
  }

  /** A large copy of hidden neuron k's heatmap beside its node (the small ones are 22–34 px). */
  showZoom(node, k) {
    const f = this.lastFrame;
    const b64 = f && f.neurons && f.neurons[f.network.inputs.length + k];
    if (!b64) return;
    if (!this.zoom || !this.zoom.isConnected) {
      this.zoom = document.createElement('canvas');
      this.zoom.className = 'neuron-zoom';
      this.zoom.width = 132;
      this.zoom.height = 132;
      this.root.appendChild(this.zoom);
    }
    drawNeuron(this.zoom.getContext('2d'), 132, 132, b64, 20);
    const box = this.root.getBoundingClientRect(), r = node.getBoundingClientRect();
    const right = r.right - box.left + this.root.scrollLeft + 10;
    const x = right + 132 > this.root.scrollWidth ? r.left - box.left + this.root.scrollLeft - 142 : right;
    this.zoom.style.left = x + 'px';
    this.zoom.style.top = Math.max(0, r.top - box.top + this.root.scrollTop - 50) + 'px';
    this.zoom.hidden = false;
    this.zoomed = { node, k };
  }

  hideZoom() {
    this.zoomed = null;
    if (this.zoom) this.zoom.hidden = true;
  }

  /** Paints the hidden neurons' heatmaps, one canvas per layer (after {@link #layoutLinks} placed them). */
  paintNeurons(frame) {
    const n = 20;
    const inputs = frame.network.inputs.length;
    const dpr = window.devicePixelRatio || 1;
    this.paintedNeurons = frame.neurons;
    for (const L of this.layerHeatmaps) {
      if (!L.rects) continue;
      const units = L.nodes.length;
      // all the layer's n×n pictures stacked in one scratch image, then each scaled into its node's place
      if (neuronScratch.width !== n || neuronScratch.height !== n * units) { neuronScratch.width = n; neuronScratch.height = n * units; }
      const sctx = neuronScratch.getContext('2d');
      const img = sctx.createImageData(n, n * units);
      for (let u = 0; u < units; u++) {
        const b64 = frame.neurons[inputs + L.first + u];
        const v = b64 ? decode(b64) : null;
        for (let i = 0; i < n * n; i++) {
          const o = (u * n * n + i) * 4;
          if (v) {
            const b = v[i] * 3;
            img.data[o] = SCALE_LUT[b]; img.data[o + 1] = SCALE_LUT[b + 1]; img.data[o + 2] = SCALE_LUT[b + 2];
          } else {
            img.data[o] = img.data[o + 1] = img.data[o + 2] = 0xee;
          }
          img.data[o + 3] = 255;
        }
      }
      sctx.putImageData(img, 0, 0);
      const ctx = L.canvas.getContext('2d');
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.imageSmoothingEnabled = true;
      L.rects.forEach(([x, y, w, h], u) => ctx.drawImage(neuronScratch, 0, u * n, n, n, x, y, w, h));
    }
    if (this.zoomed) this.showZoom(this.zoomed.node, this.zoomed.k);
  }

  paint(state, frame) {
    let t = performance.now();
    this.lastFrame = frame;
    const n = 20;
    const inputs = frame.network.inputs.length;
    this.featureCanvases.forEach((fc, i) => {
      if (fc.csv && frame.neurons[i]) putNeuron(fc.canvas, frame.neurons[i], n);
    });
    if (frame.neurons !== this.paintedNeurons) this.paintNeurons(frame);
    if (frame.output === this.paintedOutput) {
      // the heatmaps were not recomputed for this frame
    } else if (frame.output.kind !== 'multi') {
      this.paintedOutput = frame.output;
      const v = atob(frame.output.values);
      const m = frame.output.size;
      this.outputNodes.forEach((node) => {
        const c = node.querySelector('canvas');
        const ctx = c.getContext('2d');
        const step = m / this.size;
        const img = ctx.createImageData(this.size, this.size);
        for (let y = 0; y < this.size; y++) {
          for (let x = 0; x < this.size; x++) {
            const rgb = scale(v.charCodeAt(Math.floor(y * step) * m + Math.floor(x * step)) / 255);
            const o = (y * this.size + x) * 4;
            img.data[o] = rgb[0]; img.data[o + 1] = rgb[1]; img.data[o + 2] = rgb[2]; img.data[o + 3] = 255;
          }
        }
        ctx.putImageData(img, 0, 0);
      });
    } else {
      this.paintedOutput = frame.output;
      const classes = this.outputNodes.length;
      this.outputNodes.forEach((node, k) => {
        const ctx = node.querySelector('canvas').getContext('2d');
        ctx.fillStyle = css(classColor(k, classes));
        ctx.fillRect(0, 0, this.size, this.size);
        node.title = `Output neuron ${k + 1} (class ${k + 1}): click to see its forward and backward numbers`;
      });
    }
    t = this.timed('neurons', t);
    this.biases.forEach((b) => {
      const layer = frame.network.layers[b.layer];
      if (!layer || typeof layer.b[b.unit] !== 'number') return;
      // 64 shades: a bias that drifts repaints its square (and restyles) only when the shade changes
      const k = Math.round(Math.round((Math.tanh(layer.b[b.unit]) + 1) / 2 * 63) * 255 / 63) * 3;
      const colour = `rgb(${SCALE_LUT[k]},${SCALE_LUT[k + 1]},${SCALE_LUT[k + 2]})`;
      if (b.colour !== colour) { b.colour = colour; b.el.style.background = colour; }
    });
    t = this.timed('biases', t);
    this.paintLinks(frame);
    this.timed('links', t);
  }

  timed(part, t0) {
    const now = performance.now();
    this.perf[part] += now - t0;
    return now;
  }

  editBias(layer, unit, e) {
    const l = this.lastFrame && this.lastFrame.network.layers[layer];
    this.h.onEdit(e.clientX, e.clientY, `Bias of neuron ${unit + 1} (layer ${layer + 1})`, l ? l.b[unit] : 0,
      (v) => this.h.onWeightEdit(layer, -1, unit, v));
  }
}

const neuronScratch = document.createElement('canvas');

/** Writes an n×n heatmap straight into an n×n canvas (CSS scales it to the node): no resampling per frame. */
function putNeuron(c, b64, n) {
  if (c.width !== n) { c.width = n; c.height = n; }
  const v = decode(b64);
  const ctx = c.getContext('2d');
  const img = ctx.createImageData(n, n);
  for (let i = 0; i < n * n; i++) {
    const b = v[i] * 3;
    img.data[i * 4] = SCALE_LUT[b]; img.data[i * 4 + 1] = SCALE_LUT[b + 1]; img.data[i * 4 + 2] = SCALE_LUT[b + 2];
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
