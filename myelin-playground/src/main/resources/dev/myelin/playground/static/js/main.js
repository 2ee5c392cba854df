// The page: keeps the state (and the URL) in step with the controls, talks to this tab's session
// on the server and draws each frame the server streams.
import { request } from './api.js';
import {
  defaults, fromHash, toHash, toConfig, DATASETS, ACTIVATIONS, ACTIVATION_NAMES, OPTIMIZERS, LOSSES,
  LEARNING_RATES, REG_RATES, SPEEDS,
} from './state.js';
import { NetworkView, escapeHtml } from './network-view.js';
import { drawOutput, drawPoints, css, pointColor, classColor, scale } from './heatmap.js';
import { drawChart } from './chart.js';
import { FrameStream, timed } from './frames.js';
import { explainNeuron, explainPoint } from './explain.js';
import { openModal, openPopover, toast } from './ui.js';
import { renderConfusion } from './confusion.js';
import { drawDatasets } from './datasets.js';
import { teachForm, renderTeach } from './teach.js';

const $ = (id) => document.getElementById(id);
let state = fromHash(location.hash);
let session = null;
let frame = null;
let data = null;
let limits = { maxHiddenLayers: 8, maxUnits: 32, maxPoints: 5000, maxUploadBytes: 1 << 20 };
let csvInfo = null;
let csvText = null;
let hits = [];
let selected = null;
let thumbnails = null;
let lastActivation = 'tanh';
let pausing = false; // a Pause is on its way to the server
let pauses = 0; // the server's pause count after this page's latest Pause
let painted = { output: null, data: null, history: null };
let chartSize = null;
const view = new NetworkView($('network'), {
  onToggleFeature: (id) => change((s) => {
    const on = s.features.includes(id);
    if (on && s.features.length === 1) return toast('Keep at least one input feature.');
    s.features = on ? s.features.filter((f) => f !== id) : [...s.features, id].sort(featureOrder);
  }),
  onAddLayer: () => change((s) => {
    if (s.layers.length >= limits.maxHiddenLayers) return toast(`At most ${limits.maxHiddenLayers} hidden layers.`);
    const last = s.layers[s.layers.length - 1];
    s.layers.push({ units: 2, activation: last ? last.activation : lastActivation, dropout: 0 });
  }),
  onRemoveLayer: () => change((s) => { if (s.layers.length > 0) s.layers.pop(); }),
  onUnits: (li, d) => change((s) => {
    const u = s.layers[li].units + d;
    if (u < 1) return;
    if (u > limits.maxUnits) return toast(`At most ${limits.maxUnits} neurons per layer.`);
    s.layers[li].units = u;
  }),
  onLayerActivation: (li, a) => change((s) => { s.layers[li].activation = a; }),
  onLayerDropout: (li, d) => change((s) => { s.layers[li].dropout = d; }),
  onNeuronClick: (layer, unit) => explain((e) => explainNeuron(e, layer, unit)),
  onWeightEdit: (layer, from, to, value) => api('POST', 'weight', { layer, from, to, value }),
  onEdit: openPopover,
});

function featureOrder(a, b) {
  const order = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'];
  return order.indexOf(a) - order.indexOf(b);
}

// ---------- session and stream ----------

const frames = new FrameStream((f) => onFrame(f), () => {
  toast('This session was freed after a long time without a connection; starting a new one.');
  startSession();
});

async function startSession() {
  frames.close();
  const wantCsv = state.dataset === 'csv' && csvText;
  if (state.dataset === 'csv' && !csvText) {
    toast('The link names uploaded data, which links do not keep: showing a built-in data set instead.');
    state.dataset = state.problem === 'regression' ? 'plane' : 'circle';
  }
  const config = toConfig(state);
  if (wantCsv) config.dataset = state.problem === 'regression' ? 'plane' : 'circle';
  try {
    session = await request('POST', '/api/sessions', config);
  } catch (e) {
    toast(`This link's setup was refused (${e.message}); starting from the defaults.`);
    state = defaults();
    session = await request('POST', '/api/sessions', toConfig(state));
  }
  limits = session.limits;
  window.playground.sessionId = session.id;
  if (wantCsv) await uploadCsv(csvInfo.name, csvText, csvInfo.label, true);
  history.replaceState(null, '', toHash(state));
  syncControls();
  frames.open(session.id);
}

async function api(method, route, body, type) {
  try {
    return await request(method, `/api/sessions/${session.id}/${route}`, body, type);
  } catch (e) {
    toast(e.message);
    throw e;
  }
}

// ---------- state changes ----------

/** Applies a change to the state, updates the URL and the controls, and sends the configuration. */
async function change(mutate, viewOnly = false) {
  const before = JSON.stringify(state);
  const previous = JSON.parse(before);
  if (mutate(state) === false) return;
  if (JSON.stringify(state) === before) return;
  history.replaceState(null, '', toHash(state));
  syncControls();
  if (viewOnly) { redrawOutput(); return; }
  try {
    await request('POST', `/api/sessions/${session.id}/config`, toConfig(state));
  } catch (e) {
    toast(e.message);
    state = previous;
    history.replaceState(null, '', toHash(state));
    syncControls();
  }
  if (frame) view.render(state, frame);
}

function options(sel, list) {
  sel.innerHTML = '';
  list.forEach(([v, t]) => {
    const o = document.createElement('option');
    o.value = String(v);
    o.textContent = t;
    sel.appendChild(o);
  });
}

function setupControls() {
  options($('lr'), LEARNING_RATES.map((v) => [v, String(v)]));
  options($('regRate'), REG_RATES.map((v) => [v, String(v)]));
  options($('optimizer'), Object.entries(OPTIMIZERS));
  options($('speed'), SPEEDS.map((v) => [v, String(v)]));
  options($('early'), [[0, 'Off'], [5, 'patience 5'], [10, 'patience 10'], [20, 'patience 20'], [50, 'patience 50'], [100, 'patience 100']]);
  options($('outAct'), [['auto', 'Auto'], ['sigmoid', 'Sigmoid'], ['softmax', 'Softmax'], ['tanh', 'Tanh'], ['identity', 'Linear']]);
  const bind = (id, apply, parse = (v) => v) => $(id).addEventListener('change', () => change((s) => apply(s, parse($(id).value))));
  bind('lr', (s, v) => { s.learningRate = v; }, Number);
  bind('regRate', (s, v) => { s.regularizationRate = v; }, Number);
  bind('regularization', (s, v) => {
    s.regularization = v;
    if (v !== 'none' && s.regularizationRate === 0) s.regularizationRate = 0.001;
  });
  bind('optimizer', (s, v) => { s.optimizer = v; });
  bind('loss', (s, v) => { s.loss = v; });
  bind('speed', (s, v) => { s.speed = v; }, Number);
  bind('early', (s, v) => { s.earlyStopping = v; }, Number);
  bind('outAct', (s, v) => { s.outputActivation = v; });
  bind('activation', (s, v) => { if (v) s.layers.forEach((l) => { l.activation = v; }); });
  bind('problem', (s, v) => {
    s.problem = v;
    s.dataset = v === 'regression' ? 'plane' : 'circle';
    s.loss = 'auto';
    s.outputActivation = 'auto';
  });
  const slider = (id, apply) => {
    $(id).addEventListener('input', () => { $(id + '-value').textContent = fmtSlider(id, $(id).value); });
    $(id).addEventListener('change', () => change((s) => apply(s, Number($(id).value))));
  };
  slider('ratio', (s, v) => { s.ratio = v; });
  slider('noise', (s, v) => { s.noise = v; });
  slider('points', (s, v) => { s.points = v; });
  slider('batch', (s, v) => { s.batch = v; });
  $('regenerate').addEventListener('click', () => change((s) => { s.dataSeed = (s.dataSeed % 999983) + 1; }));
  $('showTest').addEventListener('change', () => change((s) => { s.showTest = $('showTest').checked; }, true));
  $('discretize').addEventListener('change', () => change((s) => { s.discretize = $('discretize').checked; }, true));
  // the answer says at once whether the session plays; the button follows it without waiting for a
  // frame, unless a frame came meanwhile (it is newer: training may already have stopped by itself)
  // A Pause shows at once: frames built before the server saw it (they count fewer pauses) may still
  // say playing and are not allowed to turn the button back.
  $('play').addEventListener('click', async () => {
    const seen = window.playground.frames;
    const action = document.body.classList.contains('playing') ? 'pause' : 'play';
    if (action === 'pause') {
      document.body.classList.remove('playing'); // nothing can make a paused session play
      pausing = true;
    }
    let r;
    try { r = await api('POST', 'control', { action }); } catch (e) { return; } finally { if (action === 'pause') pausing = false; }
    if (action === 'pause') pauses = Math.max(pauses, r.pauses);
    if (window.playground.frames === seen) document.body.classList.toggle('playing', r.playing);
  });
  $('step').addEventListener('click', () => api('POST', 'control', { action: 'step' }));
  // Reset draws a new seed on the server; the seed field and the link show it, so a run can be repeated
  $('reset').addEventListener('click', async () => {
    let r;
    try { r = await api('POST', 'control', { action: 'reset' }); } catch (e) { return; }
    state.initSeed = r.config.initSeed;
    history.replaceState(null, '', toHash(state));
    syncControls();
  });
  $('initSeed').addEventListener('change', () => change((s) => {
    const v = Math.round(Number($('initSeed').value));
    if (!Number.isFinite(v) || v < 0 || v > 1e15) { toast('The seed is a whole number from 0 to 10^15.'); return false; }
    s.initSeed = v;
  }));
  $('csv-file').addEventListener('change', onFileChosen);
  $('csv-label').addEventListener('change', () => uploadCsv(csvInfo.name, csvText, $('csv-label').value, true));
  $('planeX').addEventListener('change', () => change((s) => { s.planeX = Number($('planeX').value); }));
  $('planeY').addEventListener('change', () => change((s) => { s.planeY = Number($('planeY').value); }));
  $('export-model').addEventListener('click', exportModel);
  $('teach').addEventListener('click', openTeach);
  $('export-onnx').addEventListener('click', exportOnnx);
  $('export-command').addEventListener('click', exportCode);
  $('modal-close').addEventListener('click', () => { $('modal').hidden = true; });
  $('modal').addEventListener('click', (e) => { if (e.target === $('modal')) $('modal').hidden = true; });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') { $('modal').hidden = true; $('popover').hidden = true; } });
  $('heatmap').addEventListener('click', onHeatmapClick);
  window.addEventListener('pagehide', () => {
    if (session) {
      fetch(`/api/sessions/${session.id}/close`, { method: 'POST', keepalive: true, headers: { 'Content-Type': 'application/json' }, body: '{}' })
        .catch(() => {});
    }
  });
  window.addEventListener('hashchange', () => { if (location.hash !== toHash(state)) location.reload(); });
  window.addEventListener('resize', () => { view.key = null; if (frame) view.render(state, frame); });
  // the chart's size, kept up to date without reading it from the layout on every frame
  new ResizeObserver(([e]) => {
    chartSize = { w: e.contentRect.width, h: e.contentRect.height };
    if (frame) drawChart($('chart'), frame.history, chartSize);
  }).observe($('chart'));
}

function fmtSlider(id, v) {
  return id === 'ratio' ? `${v}%` : String(v);
}

/** Puts the state's values into the controls. */
function syncControls() {
  $('lr').value = String(state.learningRate);
  if ($('lr').value !== String(state.learningRate)) addOption($('lr'), state.learningRate);
  $('regRate').value = String(state.regularizationRate);
  if ($('regRate').value !== String(state.regularizationRate)) addOption($('regRate'), state.regularizationRate);
  $('regularization').value = state.regularization;
  $('regRate').disabled = state.regularization === 'none';
  $('problem').value = state.problem;
  $('optimizer').value = state.optimizer;
  $('speed').value = String(state.speed);
  $('early').value = String(state.earlyStopping);
  $('outAct').value = state.outputActivation;
  const lossList = state.problem === 'regression' ? ['auto', 'mse', 'half_sse'] : Object.keys(LOSSES);
  options($('loss'), lossList.map((k) => [k, LOSSES[k]]));
  $('loss').value = state.loss;
  const acts = [...new Set(state.layers.map((l) => l.activation))];
  if (acts.length === 1) lastActivation = acts[0];
  options($('activation'), [...(acts.length > 1 ? [['', 'Per layer']] : []), ...ACTIVATIONS.map((a) => [a, ACTIVATION_NAMES[a]])]);
  // no hidden layer: show the activation a new layer will get, disabled
  $('activation').value = acts.length > 1 ? '' : acts.length === 1 ? acts[0] : lastActivation;
  $('activation').disabled = state.layers.length === 0;
  $('activation').title = state.layers.length === 0 ? 'Add a hidden layer to choose its activation' : 'Activation of every hidden layer';
  $('initSeed').value = String(state.initSeed);
  for (const id of ['ratio', 'noise', 'points', 'batch']) {
    const key = id;
    $(id).value = state[key];
    $(id + '-value').textContent = fmtSlider(id, state[key]);
  }
  $('showTest').checked = state.showTest;
  $('discretize').checked = state.discretize;
  const synthetic = state.dataset !== 'csv';
  $('noise-slider').hidden = !synthetic;
  $('points-slider').hidden = !synthetic;
  $('csv-options').hidden = synthetic || !csvInfo;
  if (!synthetic && csvInfo) {
    $('planeX').value = String(state.planeX);
    $('planeY').value = String(state.planeY);
  }
  renderDatasets();
}

function addOption(sel, v) {
  const o = document.createElement('option');
  o.value = String(v);
  o.textContent = String(v);
  sel.appendChild(o);
  sel.value = String(v);
}

// ---------- data sets ----------

async function loadThumbnails() {
  try { thumbnails = await request('GET', '/api/thumbnails'); } catch (e) { thumbnails = {}; }
  renderDatasets();
}

function renderDatasets() {
  const sets = [...DATASETS[state.problem]];
  if (csvInfo && csvInfo.problem === state.problem) sets.push({ id: 'csv', name: csvInfo.name });
  drawDatasets($('datasets'), sets, state.dataset, thumbnails, (id) => change((s) => {
    s.dataset = id;
    if (id === 'csv') { s.planeX = 0; s.planeY = 1; }
  }));
}

async function onFileChosen() {
  const file = $('csv-file').files[0];
  if (!file) return;
  if (file.size > limits.maxUploadBytes) {
    toast(`The file is ${(file.size / 1048576).toFixed(1)} MB; the playground takes CSV files up to ${(limits.maxUploadBytes / 1048576).toFixed(0)} MB.`);
    return;
  }
  const text = await file.text();
  await uploadCsv(file.name, text, null, true);
  $('csv-file').value = '';
}

async function uploadCsv(name, text, label, switchTo) {
  let info;
  try { info = await api('POST', 'csv', label ? { name, label, text } : { name, text }); } catch (e) { return; }
  csvInfo = info;
  csvText = text;
  $('csv-info').hidden = false;
  $('csv-info').innerHTML = `<b>${escapeHtml(info.name)}</b>: ${info.rows} rows, ${info.features.length} features, label
    <b>${escapeHtml(info.label)}</b> (${info.problem}${info.classes.length ? ', ' + info.classes.length + ' classes' : ''}).
    <span class="hint">Uploaded data stays in this tab; links do not keep it.</span>`;
  const all = [...info.features];
  all.splice(all.length, 0, info.label);
  options($('csv-label'), all.map((c) => [c, c]));
  $('csv-label').value = info.label;
  options($('planeX'), info.features.map((f, i) => [i, f]));
  options($('planeY'), info.features.map((f, i) => [i, f]));
  if (switchTo) {
    Object.assign(state, { dataset: 'csv', problem: info.problem, planeX: 0, planeY: 1, loss: 'auto', outputActivation: 'auto' });
    history.replaceState(null, '', toHash(state));
    await request('POST', `/api/sessions/${session.id}/config`, toConfig(state)).catch((e) => toast(e.message));
  }
  syncControls();
}

// ---------- frames ----------

function onFrame(f) {
  // while training, the server skips the heatmaps in frames where computing them would cost too much
  if (!f.output && frame) { f.output = frame.output; f.neurons = frame.neurons; }
  if (!f.output) return;
  let t = performance.now();
  const t0 = t;
  frame = f;
  window.playground.lastFrame = f;
  window.playground.frames++;
  const perf = window.playground.perf;
  perf.drawn++;
  if (f.server) {
    for (const k of Object.keys(f.server)) perf.server[k] = (perf.server[k] || 0) + f.server[k];
    perf.server.n = (perf.server.n || 0) + 1;
  }
  if (f.data) data = f.data;
  $('epoch').textContent = String(f.epoch).padStart(6, '0').replace(/(\d{3})(\d{3})$/, '$1,$2');
  document.body.classList.toggle('playing', f.playing && !pausing && !(f.pauses < pauses));
  $('test-loss').textContent = fmtLoss(f.testLoss);
  $('train-loss').textContent = fmtLoss(f.trainLoss);
  const acc = f.testAccuracy !== undefined;
  document.querySelectorAll('.metric.acc').forEach((m) => { m.hidden = !acc; });
  if (acc) {
    $('test-acc').textContent = fmtPct(f.testAccuracy);
    $('train-acc').textContent = fmtPct(f.trainAccuracy);
  }
  const st = $('status');
  st.hidden = !f.status;
  st.textContent = f.status || '';
  t = timed('numbers', t);
  // the chart changes when an epoch ends, the output picture when the heatmaps or the points do
  const last = f.history[f.history.length - 1];
  const historyKey = `${f.history.length}:${f.history[0]}:${last}`;
  if (historyKey !== painted.history) {
    painted.history = historyKey;
    drawChart($('chart'), f.history, chartSize);
  }
  t = timed('chart', t);
  view.render(state, f);
  t = timed('network', t);
  if (f.output !== painted.output || data !== painted.data) redrawOutput();
  t = timed('output', t);
  renderConfusion(f, data);
  t = timed('confusion', t);
  const times = window.playground.renderMs;
  times.push(t - t0);
  if (times.length > 100) times.shift();
}

/** A loss with three significant digits (0.000123, not 0.000), fixed-point from 0.001 to 1,000. */
export function fmtLoss(v) {
  const n = Number(v);
  if (!Number.isFinite(n)) return 'NaN';
  if (n === 0) return '0';
  const a = Math.abs(n);
  if (a >= 1000 || a < 1e-4) return n.toExponential(2);
  return a >= 1 ? n.toFixed(3) : Number(n.toPrecision(3)).toString();
}

function fmtPct(v) {
  const n = Number(v);
  return Number.isFinite(n) ? (n * 100).toFixed(1) + '%' : '—';
}

function redrawOutput() {
  if (!frame || !data) return;
  painted.output = frame.output;
  painted.data = data;
  const c = $('heatmap');
  const dpr = window.devicePixelRatio || 1;
  const w = c.clientWidth || 300, h = c.clientHeight || 300;
  if (c.width !== Math.round(w * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
  const ctx = c.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  drawOutput(ctx, c.width, c.height, frame.output, state.discretize, data.classNames.length);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  hits = drawPoints(ctx, w, h, data, state.showTest, selected);
  window.playground.hits = hits;
  $('axis-x').textContent = data.axes[0];
  $('axis-y').textContent = data.axes[1];
  $('tick-min').textContent = fmtTick(data.bounds[0]);
  $('tick-max').textContent = fmtTick(data.bounds[1]);
  renderLegend();
}

function fmtTick(v) {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toFixed(1)).toString().replace('-', '−');
}

function renderLegend() {
  const l = $('legend');
  if (data.regression) {
    l.innerHTML = `<span>${data.range[0].toFixed(2)}</span><span class="bar"></span><span>${data.range[1].toFixed(2)}</span>`;
    return;
  }
  const k = data.classNames.length;
  l.innerHTML = data.classNames.map((n, i) => `<span class="chip"><i style="background:${css(classColor(i, k))}"></i>${escapeHtml(k === 2 && state.dataset !== 'csv' ? (i === 0 ? 'class 0 (−1)' : 'class 1 (+1)') : n)}</span>`).join('');
}

// ---------- explain, edit, export ----------

function onHeatmapClick(e) {
  const r = $('heatmap').getBoundingClientRect();
  const x = e.clientX - r.left, y = e.clientY - r.top;
  let best = null, bestD = 100;
  for (const h of hits) {
    const d = (h.x - x) ** 2 + (h.y - y) ** 2;
    if (d < bestD) { bestD = d; best = h; }
  }
  if (!best) return;
  selected = { set: best.set, index: best.index };
  redrawOutput();
  explain(explainPoint);
}

async function explain(render) {
  let e;
  try { e = await api('POST', 'explain', selected || { set: 'train', index: 0 }); } catch (err) { return; }
  openModal(`Forward and backward pass`, render(e));
}


// ---------- teaching mode ----------

const teach = { preset: '', mode: 'example', index: 0, optimizer: 'sgd', steps: 0 };

function openTeach() {
  openModal('Step by step: one update, every number', teachForm(teach));
  const read = () => {
    teach.preset = $('teach-source').value;
    teach.mode = $('teach-mode').value;
    teach.optimizer = $('teach-optimizer').value;
    teach.index = Math.max(0, Math.round(Number($('teach-index').value) - 1) || 0);
  };
  const restart = () => {
    read();
    teach.steps = 0;
    document.querySelector('.teach-index').hidden = !!teach.preset;
    document.querySelector('.teach-opt').hidden = !teach.preset;
    $('teach-restart').hidden = !teach.preset;
    $('teach-out').innerHTML = '';
  };
  ['teach-source', 'teach-mode', 'teach-optimizer'].forEach((id) => $(id).addEventListener('change', restart));
  $('teach-restart').addEventListener('click', restart);
  $('teach-step').addEventListener('click', teachStep);
}

async function teachStep() {
  teach.index = Math.max(0, Math.round(Number($('teach-index').value) - 1) || 0);
  const body = teach.preset
    ? { preset: teach.preset, mode: teach.mode, steps: teach.steps + 1, optimizer: teach.optimizer }
    : { mode: teach.mode, index: teach.index };
  let t;
  $('teach-step').disabled = true;
  try { t = await api('POST', 'teach', body); } catch (e) { return; } finally { $('teach-step').disabled = false; }
  if (teach.preset) teach.steps++;
  $('teach-out').innerHTML = renderTeach(t, teach.preset ? null : frame && frame.network.inputs);
  window.playground.teach = t;
}

async function exportModel() {
  let blob;
  try { blob = await api('GET', 'export/model'); } catch (e) { return; }
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'playground.safetensors';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  toast('Saved playground.safetensors — try: ./myelin evaluate --model playground.safetensors --data ' + (state.dataset === 'csv' ? 'your.csv' : state.dataset), 6000);
}

async function exportOnnx() {
  let blob;
  try { blob = await api('GET', 'export/onnx'); } catch (e) { return; }
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'playground.onnx';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  toast('Saved playground.onnx — it runs in ONNX Runtime; try: ./myelin summary --model playground.onnx', 6000);
}

async function exportCode() {
  let code;
  try { code = await api('GET', 'export/code'); } catch (e) { return; }
  openModal('Train this network outside the playground', `
    <h4>Command line</h4><pre id="export-cli" class="code">${escapeHtml(code.command)}</pre>
    <button class="text-button copy" data-copy="export-cli" type="button">Copy</button>
    <h4>Java</h4><pre id="export-java" class="code">${escapeHtml(code.java)}</pre>
    <button class="text-button copy" data-copy="export-java" type="button">Copy</button>`);
  document.querySelectorAll('.copy').forEach((b) => b.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText($(b.dataset.copy).textContent); toast('Copied.'); } catch (e) { toast('Select the text and copy it.'); }
  }));
}

// perf: frames received and drawn, characters received, milliseconds per phase of drawing (network: the
// view's own split in view.perf), summed since the page loaded; the fix-8 browser test prints them
window.playground = {
  sessionId: null, lastFrame: null, frames: 0, errors: [], renderMs: [], view,
  perf: { received: 0, drawn: 0, bytes: 0, phases: {}, server: {} },
};
window.addEventListener('error', (e) => window.playground.errors.push(String(e.message)));
/** Redraws the last frame as if everything in it were new; returns the milliseconds it took (for tests). */
window.playground.redrawAll = () => {
  if (!frame) return 0;
  view.paintedNeurons = null;
  view.paintedOutput = null;
  painted = { output: null, data: null, history: null };
  const t0 = performance.now();
  onFrame({ ...frame });
  return performance.now() - t0;
};
window.addEventListener('unhandledrejection', (e) => window.playground.errors.push(String(e.reason)));
setupControls();
syncControls();
history.replaceState(null, '', toHash(state));
loadThumbnails();
startSession().catch((e) => toast('Cannot reach the playground server: ' + e.message, 60000));
