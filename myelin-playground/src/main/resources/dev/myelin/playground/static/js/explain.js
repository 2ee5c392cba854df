// The "explain" view: the forward and backward numbers of one example, from the server's Explainer,
// written as the lecture notes write them.
import { escapeHtml } from './network-view.js';
import { ACTIVATION_NAMES } from './state.js';

const f = (v) => (Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0) ? Number(v).toExponential(3) : Number(v).toFixed(4));

function layerName(e, l) {
  return l === e.layers.length - 1 ? 'output layer' : `hidden layer ${l + 1}`;
}

function intro(e) {
  const names = e.inputNames;
  const x = e.x.map((v, i) => `${escapeHtml(names[i])} = ${f(v)}`).join(', ');
  return `<p class="explain-intro">${e.set === 'test' ? 'Test' : 'Training'} point #${e.index + 1} at
    (${f(e.point[0])}, ${f(e.point[1])}), target <b>${escapeHtml(targetText(e))}</b>. Input x: ${x}.
    Loss ${escapeHtml(e.lossName)} E = <b>${f(e.loss)}</b>. Dropout is off here; this is a batch of one.</p>
    <p class="hint small">Click another point in the output picture to explain it instead.</p>`;
}

function targetText(e) {
  return e.y.length === 1 ? f(e.y[0]) : `class ${e.y.indexOf(Math.max(...e.y)) + 1} (one-hot ${e.y.join(', ')})`;
}

/** The whole network for one point: a table per layer. */
export function explainPoint(e) {
  let html = intro(e);
  e.layers.forEach((L, l) => {
    html += `<h4>${layerName(e, l)} — ${ACTIVATION_NAMES[L.activation] || L.activation}</h4>
      <table class="numbers"><thead><tr><th>neuron j</th><th>z<sub>j</sub> = Σ a<sub>i</sub>w<sub>ij</sub> + b<sub>j</sub></th>
      <th>a<sub>j</sub> = g(z<sub>j</sub>)</th><th>δ<sub>j</sub> = ∂E/∂z<sub>j</sub></th><th>∂E/∂b<sub>j</sub></th></tr></thead><tbody>`;
    L.z.forEach((z, j) => {
      html += `<tr><td>${j + 1}</td><td>${f(z)}</td><td>${f(L.a[j])}</td><td>${f(L.delta[j])}</td><td>${f(L.gradB[j])}</td></tr>`;
    });
    html += '</tbody></table>';
  });
  html += `<p class="formula">Backward: δ<sup>(L)</sup> = ${e.fused ? 'a − y (the loss is fused with the output activation)' : '∂E/∂a ⊙ g′(z)'};
    δ<sup>(l)</sup> = (δ<sup>(l+1)</sup> W<sup>(l+1)T</sup>) ⊙ g′(z<sup>(l)</sup>); ∂E/∂w<sub>ij</sub> = a<sub>i</sub> δ<sub>j</sub>.</p>`;
  return html;
}

/** One neuron for one point: its weighted sum term by term, activation, delta and weight gradients. */
export function explainNeuron(e, layer, unit) {
  const L = e.layers[layer];
  const prev = layer === 0 ? e.inputNames.map((n) => escapeHtml(n)) : e.layers[layer - 1].a.map((_, i) => `a${sub(i + 1)}`);
  const terms = L.input.map((a, i) => `${i === 0 ? '' : ' + '}${f(a)}·${paren(L.w[i][unit])}`);
  let html = intro(e);
  html += `<h4>Neuron ${unit + 1} of the ${layerName(e, layer)} (${ACTIVATION_NAMES[L.activation] || L.activation})</h4>
    <div class="formula-block">
    <div><b>Forward</b></div>
    <div>z = Σ<sub>i</sub> a<sub>i</sub>·w<sub>i${unit + 1}</sub> + b = ${terms.join('')} ${L.b[unit] < 0 ? '−' : '+'} ${f(Math.abs(L.b[unit]))} = <b>${f(L.z[unit])}</b></div>
    <div>a = ${L.activation}(z) = <b>${f(L.a[unit])}</b></div>
    <div><b>Backward</b></div>
    <div>δ = ∂E/∂z = <b>${f(L.delta[unit])}</b>${layer === e.layers.length - 1 && e.fused ? ' (= a − y, fused loss)' : ' (= Σ<sub>k</sub> δ<sub>k</sub>w<sub>' + (unit + 1) + 'k</sub> · g′(z))'}</div>
    <div>∂E/∂b = δ = <b>${f(L.gradB[unit])}</b></div></div>
    <table class="numbers"><thead><tr><th>input i</th><th>a<sub>i</sub></th><th>w<sub>i${unit + 1}</sub></th><th>a<sub>i</sub>·w<sub>i${unit + 1}</sub></th><th>∂E/∂w<sub>i${unit + 1}</sub> = a<sub>i</sub>·δ</th></tr></thead><tbody>`;
  L.input.forEach((a, i) => {
    html += `<tr><td>${prev[i]}</td><td>${f(a)}</td><td>${f(L.w[i][unit])}</td><td>${f(a * L.w[i][unit])}</td><td>${f(L.gradW[i][unit])}</td></tr>`;
  });
  html += '</tbody></table>';
  return html;
}

function paren(v) {
  return v < 0 ? `(${f(v)})` : f(v);
}

function sub(n) {
  return `<sub>${n}</sub>`;
}
