// The page: keeps the state (and the URL) in step with the controls, talks to this tab's session
// on the server and draws each frame the server streams.
import { request } from './api.js';
import { defaults, fromHash, toHash, toConfig } from './state.js';
import { NetworkView, escapeHtml } from './network-view.js';
import { drawOutput, drawPoints, css, classColor } from './heatmap.js';
import { drawChart } from './chart.js';
import { FrameStream, timed } from './frames.js';
import { explainNeuron, explainPoint } from './explain.js';
import { openModal, openPopover, toast } from './ui.js';
import { renderConfusion } from './confusion.js';
import { setupControls, syncControls } from './controls.js';
import { loadThumbnails, uploadCsv } from './data-panel.js';

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

// What the controls (controls.js), the data panel (data-panel.js), the export buttons and the teaching
// dialog read and change of this page: the variables above themselves, never a copy of them.
const page = {
  get state() { return state; },
  get session() { return session; },
  get frame() { return frame; },
  get limits() { return limits; },
  get csvInfo() { return csvInfo; },
  set csvInfo(v) { csvInfo = v; },
  get csvText() { return csvText; },
  set csvText(v) { csvText = v; },
  get thumbnails() { return thumbnails; },
  set thumbnails(v) { thumbnails = v; },
  get lastActivation() { return lastActivation; },
  set lastActivation(v) { lastActivation = v; },
  get pausing() { return pausing; },
  set pausing(v) { pausing = v; },
  get pauses() { return pauses; },
  set pauses(v) { pauses = v; },
  get chartSize() { return chartSize; },
  set chartSize(v) { chartSize = v; },
  view, api, change, onHeatmapClick,
  sync: () => syncControls(page),
};

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
  if (wantCsv) await uploadCsv(page, csvInfo.name, csvText, csvInfo.label, true);
  history.replaceState(null, '', toHash(state));
  syncControls(page);
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
  syncControls(page);
  if (viewOnly) { redrawOutput(); return; }
  try {
    await request('POST', `/api/sessions/${session.id}/config`, toConfig(state));
  } catch (e) {
    toast(e.message);
    state = previous;
    history.replaceState(null, '', toHash(state));
    syncControls(page);
  }
  if (frame) view.render(state, frame);
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

// ---------- explain ----------

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
setupControls(page);
syncControls(page);
history.replaceState(null, '', toHash(state));
loadThumbnails(page);
startSession().catch((e) => toast('Cannot reach the playground server: ' + e.message, 60000));
