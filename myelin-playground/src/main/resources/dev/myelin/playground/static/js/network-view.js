// The network in the middle of the page: the input features, the hidden layers with their
// controls, the output; a small heatmap in every neuron; links coloured by the sign of their weight
// and as wide as its magnitude; click a link or a bias to edit it, a neuron to explain it.
import { FEATURES, ACTIVATIONS, ACTIVATION_NAMES, DROPOUTS } from './state.js';
import { drawNeuron, drawFeature, scale, css, classColor } from './heatmap.js';

const SVG = 'http://www.w3.org/2000/svg';

export class NetworkView {
  constructor(root, handlers) {
    this.root = root;
    this.h = handlers;
    this.key = null;
    this.links = [];
    this.biases = [];
    this.neuronCanvases = [];
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
    this.biases = [];
    this.root.style.setProperty('--node', size + 'px');
    const svg = document.createElementNS(SVG, 'svg');
    svg.classList.add('links');
    this.svg = svg;
    this.root.appendChild(svg);
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
    this.neuronCanvases = [];
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
      const nodes = el(col, 'div', 'nodes');
      const row = [];
      for (let u = 0; u < l.units; u++) {
        const node = el(nodes, 'div', 'node neuron');
        node.title = `Neuron ${u + 1} of hidden layer ${li + 1}: click to see its forward and backward numbers`;
        const c = canvas(node, size);
        const bias = el(node, 'div', 'bias');
        bias.title = 'Bias';
        bias.addEventListener('click', (e) => { e.stopPropagation(); this.editBias(li, u, e); });
        node.addEventListener('click', () => this.h.onNeuronClick(li, u));
        row.push(node);
        this.neuronCanvases.push(c);
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

  /** Creates one SVG path per weight between the node columns (positions measured from the DOM). */
  layoutLinks() {
    const box = this.root.getBoundingClientRect();
    const cols = this.root.querySelector('.net-cols');
    this.svg.setAttribute('width', cols.scrollWidth);
    this.svg.setAttribute('height', cols.scrollHeight);
    this.svg.innerHTML = '';
    this.links = [];
    const columns = [this.inputNodes, ...this.layerNodes];
    for (let l = 1; l < columns.length; l++) {
      columns[l - 1].forEach((a, i) => {
        columns[l].forEach((b, j) => {
          const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
          const x1 = ra.right - box.left + this.root.scrollLeft, y1 = ra.top + ra.height / 2 - box.top + this.root.scrollTop;
          const x2 = rb.left - box.left + this.root.scrollLeft, y2 = rb.top + rb.height / 2 - box.top + this.root.scrollTop;
          const mx = (x1 + x2) / 2;
          const d = `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
          const hit = document.createElementNS(SVG, 'path');
          hit.setAttribute('d', d);
          hit.setAttribute('class', 'link-hit');
          const path = document.createElementNS(SVG, 'path');
          path.setAttribute('d', d);
          path.setAttribute('class', 'link');
          const title = document.createElementNS(SVG, 'title');
          hit.appendChild(title);
          const link = { layer: l - 1, from: i, to: j, path, title };
          hit.addEventListener('click', (e) => this.editWeight(link, e));
          this.svg.appendChild(path);
          this.svg.appendChild(hit);
          this.links.push(link);
        });
      });
    }
    if (this.lastFrame) this.paintLinks(this.lastFrame);
  }

  paint(state, frame) {
    this.lastFrame = frame;
    const n = 20;
    const inputs = frame.network.inputs.length;
    this.featureCanvases.forEach((fc, i) => {
      if (fc.csv && frame.neurons[i]) drawNeuron(fc.canvas.getContext('2d'), this.size, this.size, frame.neurons[i], n);
    });
    this.neuronCanvases.forEach((c, k) => {
      const b64 = frame.neurons[inputs + k];
      if (b64) drawNeuron(c.getContext('2d'), this.size, this.size, b64, n);
    });
    if (frame.output.kind !== 'multi') {
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
      const classes = this.outputNodes.length;
      this.outputNodes.forEach((node, k) => {
        const ctx = node.querySelector('canvas').getContext('2d');
        ctx.fillStyle = css(classColor(k, classes));
        ctx.fillRect(0, 0, this.size, this.size);
        node.title = `Output neuron ${k + 1} (class ${k + 1}): click to see its forward and backward numbers`;
      });
    }
    this.biases.forEach((b) => {
      const layer = frame.network.layers[b.layer];
      if (layer) b.el.style.background = css(scale((Math.tanh(layer.b[b.unit]) + 1) / 2));
    });
    this.paintLinks(frame);
  }

  paintLinks(frame) {
    for (const link of this.links) {
      const layer = frame.network.layers[link.layer];
      if (!layer || !layer.w[link.from]) continue;
      const w = layer.w[link.from][link.to];
      const mag = Math.abs(w);
      link.path.setAttribute('stroke', css(scale(w >= 0 ? 0.5 + Math.min(1, mag) / 2 : 0.5 - Math.min(1, mag) / 2)));
      link.path.setAttribute('stroke-width', Math.max(0.6, Math.min(8, mag * 2.2)).toFixed(2));
      link.title.textContent = `Weight ${w.toFixed(3)} — click to edit`;
      link.w = w;
    }
  }

  editWeight(link, e) {
    this.h.onEdit(e.clientX, e.clientY, `Weight ${link.from + 1} → ${link.to + 1} (layer ${link.layer + 1})`,
      link.w ?? 0, (v) => this.h.onWeightEdit(link.layer, link.from, link.to, v));
  }

  editBias(layer, unit, e) {
    const l = this.lastFrame && this.lastFrame.network.layers[layer];
    this.h.onEdit(e.clientX, e.clientY, `Bias of neuron ${unit + 1} (layer ${layer + 1})`, l ? l.b[unit] : 0,
      (v) => this.h.onWeightEdit(layer, -1, unit, v));
  }
}

function column(parent, cls) {
  return el(parent, 'div', 'col ' + cls);
}

function header(title, sub) {
  const h = document.createElement('div');
  h.className = 'col-header';
  h.innerHTML = `<h3>${title}</h3>` + (sub ? `<p>${sub}</p>` : '');
  return h;
}

function el(parent, tag, cls) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  parent.appendChild(e);
  return e;
}

function canvas(parent, size) {
  const c = document.createElement('canvas');
  c.width = size;
  c.height = size;
  parent.appendChild(c);
  return c;
}

function button(parent, text, title, onClick) {
  const b = el(parent, 'button', 'icon-button');
  b.type = 'button';
  b.textContent = text;
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

function select(parent, options, value, onChange) {
  const s = el(parent, 'select', 'mini');
  options.forEach(([v, t]) => {
    const o = document.createElement('option');
    o.value = v;
    o.textContent = t;
    s.appendChild(o);
  });
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
