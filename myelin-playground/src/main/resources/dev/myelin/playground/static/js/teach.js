// The teaching mode: one training step on one example or one batch, every number of it, as the
// lecture notes write them — the forward pass, the loss expanded, δ of every unit (for a hidden one
// each δₖ·wⱼₖ term and g′(z)), and for every weight w, ∂E/∂w, Δw and the new w (with the optimizer's
// slots for Adam and the rest). The numbers come from the server's Explainer, the engine of
// `./myelin explain`; each cell keeps the full double in data-v.
import { escapeHtml } from './network-view.js';
import { ACTIVATION_NAMES } from './state.js';

export const PRESETS = [
  ['', 'Your network (the step is applied to it)'],
  ['odd-even', 'Notes 000: odd or even difference, 2-3-1'],
  ['xor-or-and', 'Notes 001: XOR from OR and AND, 2-2-1'],
  ['energy', 'Notes 001: energy usage, 2-2-1'],
  ['two-weights', 'Notes 004: two weights, 2-1'],
];
export const TEACH_OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adagrad', 'rmsprop', 'adadelta'];

/** Six significant digits, exponent form outside 1e-4 … 1e5. */
export function g(v) {
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  if (n === 0) return '0';
  const a = Math.abs(n);
  return a >= 1e5 || a < 1e-4 ? n.toExponential(4) : Number(n.toPrecision(6)).toString();
}

const td = (v) => `<td data-v="${Number(v)}">${g(v)}</td>`;
const par = (v) => (v < 0 ? `(${g(v)})` : g(v));

function layerName(t, l) {
  return l === t.layers.length - 1 ? 'output layer' : `hidden layer ${l + 1}`;
}

/** The form above the numbers. */
export function teachForm(opts) {
  const sel = (id, list, value) => `<select id="${id}">${list.map(([v, label]) => `<option value="${escapeHtml(v)}"${v === value ? ' selected' : ''}>${escapeHtml(label)}</option>`).join('')}</select>`;
  return `<div class="teach-form">
    <label>Network ${sel('teach-source', PRESETS, opts.preset)}</label>
    <label>Step on ${sel('teach-mode', [['example', 'one example'], ['batch', 'one batch']], opts.mode)}</label>
    <label class="teach-index"${opts.preset ? ' hidden' : ''}>Example <input id="teach-index" type="number" min="1" value="${opts.index + 1}"></label>
    <label class="teach-opt"${opts.preset ? '' : ' hidden'}>Optimizer ${sel('teach-optimizer', TEACH_OPTIMIZERS.map((o) => [o, o]), opts.optimizer)}</label>
    <button id="teach-step" class="text-button" type="button">Step</button>
    <button id="teach-restart" class="text-button" type="button"${opts.preset ? '' : ' hidden'}>Restart</button>
  </div><div id="teach-out"></div>`;
}

/** Every number of one step. */
export function renderTeach(t, inputNames) {
  const L = t.layers;
  const N = t.x.length;
  const eta = t.learningRate;
  let h = `<p class="explain-intro"><b>${escapeHtml(t.title)}</b> — step ${t.step}, ${N === 1 ? 'one example' : `a batch of ${N}`},
    loss <b>${escapeHtml(t.loss)}</b>, optimizer <b>${escapeHtml(t.optimizer)}</b>, η = ${g(eta)},
    optimizer step <b id="teach-t">t = ${t.t}</b>${t.layers[0].slots.length ? ' (its slots carry over from step to step)' : ''}.</p>`;
  if (t.command) h += `<p class="hint small">The same numbers: <code id="teach-command">${escapeHtml(t.command)}</code></p>`;
  const names = inputNames || t.x[0].map((_, i) => `x${i + 1}`);
  h += `<h4>Forward pass${N > 1 ? ' (example 1 of the batch)' : ''}</h4><div class="formula-block">`;
  h += `<div>x = (${t.x[0].map((v, i) => `${escapeHtml(names[i] || 'x' + (i + 1))} = ${g(v)}`).join(', ')}), y = (${t.y[0].map(g).join(', ')})</div>`;
  L.forEach((l, li) => {
    const act = ACTIVATION_NAMES[l.activation] || l.activation;
    for (let j = 0; j < l.b.length; j++) {
      const terms = l.input[0].map((a, i) => `${g(l.w[i][j])}·${par(a)}`).join(' + ');
      h += `<div>${layerName(t, li)}, unit ${j + 1}: z = ${terms} + ${par(l.b[j])} = <b>${g(l.z[0][j])}</b>,
        a = ${escapeHtml(act)}(z) = <b>${g(l.a[0][j])}</b></div>`;
    }
  });
  h += '</div>';
  h += lossBlock(t);
  h += backwardBlock(t);
  h += weightsTable(t);
  return h;
}

function lossBlock(t) {
  const out = t.layers[t.layers.length - 1];
  const N = t.x.length;
  let h = '<h4>Loss</h4><div class="formula-block">';
  if (out.activation === 'softmax') {
    const z = out.z[0];
    const s = z.reduce((acc, v) => acc + Math.exp(v), 0);
    h += `<div>softmax: p<sub>k</sub> = e<sup>z<sub>k</sub></sup> / Σ e<sup>z</sup>, Σ e<sup>z</sup> = ${z.map((v) => `e<sup>${g(v)}</sup>`).join(' + ')} = ${g(s)}</div>`;
    h += `<div>p = (${out.a[0].map(g).join(', ')})</div>`;
  }
  const y = t.y[0], a = out.a[0];
  const terms = {
    half_sse: () => `E = ½ Σ (y − ŷ)² = ½ (${y.map((v, k) => `(${g(v)} − ${g(a[k])})²`).join(' + ')})`,
    mse: () => `E = (1/${y.length}) Σ (y − ŷ)² = (${y.map((v, k) => `(${g(v)} − ${g(a[k])})²`).join(' + ')}) / ${y.length}`,
    binary_cross_entropy: () => `E = −[y ln ŷ + (1 − y) ln(1 − ŷ)] = −[${g(y[0])}·ln ${g(a[0])} + ${g(1 - y[0])}·ln ${g(1 - a[0])}]`,
    categorical_cross_entropy: () => `E = −Σ y<sub>k</sub> ln p<sub>k</sub> = −(${y.map((v, k) => `${g(v)}·ln ${g(a[k])}`).join(' + ')})`,
  }[t.loss];
  if (terms) h += `<div>${terms()} = <b>${g(t.exampleLosses[0])}</b>${N > 1 ? ' (example 1)' : ''}</div>`;
  if (N > 1) h += `<div>E of the batch = mean of (${t.exampleLosses.map(g).join(', ')}) = <b id="teach-E" data-v="${t.E}">${g(t.E)}</b></div>`;
  else h += `<div id="teach-E" data-v="${t.E}" hidden></div>`;
  return h + '</div>';
}

function backwardBlock(t) {
  const L = t.layers;
  const last = L.length - 1;
  const out = L[last];
  let h = `<h4>Backward pass${t.x.length > 1 ? ' (example 1; the batch\'s gradients sum the examples\' rows)' : ''}</h4><div class="formula-block">`;
  for (let j = 0; j < out.b.length; j++) {
    if (t.fused) {
      h += `<div>output unit ${j + 1}: δ = ∂E/∂z = (ŷ − y)/N = (${g(out.a[0][j])} − ${g(t.y[0][j])})/${t.x.length} = <b>${g(out.delta[0][j])}</b> (the loss and ${escapeHtml(out.activation)} fused)</div>`;
    } else if (out.derivative) {
      h += `<div>output unit ${j + 1}: δ = ∂E/∂ŷ · g′(z) = ${par(out.gradA[0][j])} · ${par(out.derivative[0][j])} = <b>${g(out.delta[0][j])}</b></div>`;
    } else {
      h += `<div>output unit ${j + 1}: δ = <b>${g(out.delta[0][j])}</b> (∂E/∂ŷ = ${g(out.gradA[0][j])} through the softmax's Jacobian)</div>`;
    }
  }
  for (let l = last - 1; l >= 0; l--) {
    const cur = L[l], next = L[l + 1];
    for (let j = 0; j < cur.b.length; j++) {
      const terms = next.delta[0].map((d, k) => `${par(d)}·${par(next.w[j][k])}`).join(' + ');
      const sum = cur.gradA ? cur.gradA[0][j] : next.delta[0].reduce((acc, d, k) => acc + d * next.w[j][k], 0);
      h += `<div class="teach-hidden" data-layer="${l}" data-unit="${j}">${layerName(t, l)}, unit ${j + 1}: ∂E/∂a = Σ<sub>k</sub> δ<sub>k</sub>·w<sub>${j + 1}k</sub> = ${terms} = ${g(sum)};
        g′(z) = ${cur.derivative ? g(cur.derivative[0][j]) : '—'}; δ = ${g(sum)} · ${cur.derivative ? par(cur.derivative[0][j]) : '—'} = <b>${g(cur.delta[0][j])}</b></div>`;
    }
  }
  return h + '</div>';
}

function weightsTable(t) {
  const sgd = t.optimizer === 'sgd';
  const slotNames = t.layers[0].slots.map((s) => s.name);
  let h = `<h4>Every weight: ∂E/∂w = Σ δ·a<sub>prev</sub>, ${sgd ? 'Δw = −η·∂E/∂w' : `the ${escapeHtml(t.optimizer)} update`}, the new w</h4>
    <table class="numbers teach-weights"><thead><tr><th>layer</th><th>weight</th><th>w</th><th>∂E/∂w</th>
    ${slotNames.map((n) => `<th>${escapeHtml(n)} (after)</th>`).join('')}<th>Δw${sgd ? ' = −η·∂E/∂w' : ''}</th><th>new w</th></tr></thead><tbody>`;
  t.layers.forEach((l, li) => {
    const row = (name, w, grad, slots, after, key) => {
      h += `<tr data-key="${key}"><td>${li + 1}</td><td>${name}</td>${td(w)}${td(grad)}${slots.map((v) => td(v)).join('')}${td(after - w)}${td(after)}</tr>`;
    };
    for (let i = 0; i < l.w.length; i++) {
      for (let j = 0; j < l.b.length; j++) {
        row(`w<sub>${i + 1}${j + 1}</sub>`, l.w[i][j], l.gradW[i][j], l.slots.map((s) => s.w[i][j]), l.wAfter[i][j], `${li}:${i}:${j}`);
      }
    }
    for (let j = 0; j < l.b.length; j++) {
      row(`b<sub>${j + 1}</sub>`, l.b[j], l.gradB[j], l.slots.map((s) => s.b[j]), l.bAfter[j], `${li}:b:${j}`);
    }
  });
  h += `</tbody></table><p class="hint small">Loss of the ${t.x.length === 1 ? 'example' : 'batch'} after the update: ${g(t.finalLoss)}.</p>`;
  return h;
}
