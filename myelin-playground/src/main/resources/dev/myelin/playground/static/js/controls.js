// The controls around the network: fills the lists, sends every change through page.change, and puts the state's values back into them.
import { toHash, ACTIVATIONS, ACTIVATION_NAMES, OPTIMIZERS, LOSSES, LEARNING_RATES, REG_RATES, SPEEDS } from './state.js';
import { drawChart } from './chart.js';
import { options, toast } from './ui.js';
import { renderDatasets, onFileChosen, uploadCsv } from './data-panel.js';
import { exportModel, exportOnnx, exportCode } from './export-actions.js';
import { openTeach } from './teach-mode.js';

const $ = (id) => document.getElementById(id);

export function setupControls(page) {
  const { change, api } = page;
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
      page.pausing = true;
    }
    let r;
    try { r = await api('POST', 'control', { action }); } catch (e) { return; } finally { if (action === 'pause') page.pausing = false; }
    if (action === 'pause') page.pauses = Math.max(page.pauses, r.pauses);
    if (window.playground.frames === seen) document.body.classList.toggle('playing', r.playing);
  });
  $('step').addEventListener('click', () => api('POST', 'control', { action: 'step' }));
  // Reset draws a new seed on the server; the seed field and the link show it, so a run can be repeated
  $('reset').addEventListener('click', async () => {
    let r;
    try { r = await api('POST', 'control', { action: 'reset' }); } catch (e) { return; }
    page.state.initSeed = r.config.initSeed;
    history.replaceState(null, '', toHash(page.state));
    syncControls(page);
  });
  $('initSeed').addEventListener('change', () => change((s) => {
    const v = Math.round(Number($('initSeed').value));
    if (!Number.isFinite(v) || v < 0 || v > 1e15) { toast('The seed is a whole number from 0 to 10^15.'); return false; }
    s.initSeed = v;
  }));
  $('csv-file').addEventListener('change', () => onFileChosen(page));
  $('csv-label').addEventListener('change', () => uploadCsv(page, page.csvInfo.name, page.csvText, $('csv-label').value, true));
  $('planeX').addEventListener('change', () => change((s) => { s.planeX = Number($('planeX').value); }));
  $('planeY').addEventListener('change', () => change((s) => { s.planeY = Number($('planeY').value); }));
  $('export-model').addEventListener('click', () => exportModel(page));
  $('teach').addEventListener('click', () => openTeach(page));
  $('export-onnx').addEventListener('click', () => exportOnnx(page));
  $('export-command').addEventListener('click', () => exportCode(page));
  $('modal-close').addEventListener('click', () => { $('modal').hidden = true; });
  $('modal').addEventListener('click', (e) => { if (e.target === $('modal')) $('modal').hidden = true; });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') { $('modal').hidden = true; $('popover').hidden = true; } });
  $('heatmap').addEventListener('click', page.onHeatmapClick);
  window.addEventListener('pagehide', () => {
    if (page.session) {
      fetch(`/api/sessions/${page.session.id}/close`, { method: 'POST', keepalive: true, headers: { 'Content-Type': 'application/json' }, body: '{}' })
        .catch(() => {});
    }
  });
  window.addEventListener('hashchange', () => { if (location.hash !== toHash(page.state)) location.reload(); });
  window.addEventListener('resize', () => { page.view.key = null; if (page.frame) page.view.render(page.state, page.frame); });
  // the chart's size, kept up to date without reading it from the layout on every frame
  new ResizeObserver(([e]) => {
    page.chartSize = { w: e.contentRect.width, h: e.contentRect.height };
    if (page.frame) drawChart($('chart'), page.frame.history, page.chartSize);
  }).observe($('chart'));
}

function fmtSlider(id, v) {
  return id === 'ratio' ? `${v}%` : String(v);
}

/** Puts the state's values into the controls. */
export function syncControls(page) {
  const { state, csvInfo } = page;
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
  if (acts.length === 1) page.lastActivation = acts[0];
  options($('activation'), [...(acts.length > 1 ? [['', 'Per layer']] : []), ...ACTIVATIONS.map((a) => [a, ACTIVATION_NAMES[a]])]);
  // no hidden layer: show the activation a new layer will get, disabled
  $('activation').value = acts.length > 1 ? '' : acts.length === 1 ? acts[0] : page.lastActivation;
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
  renderDatasets(page);
}

function addOption(sel, v) {
  const o = document.createElement('option');
  o.value = String(v);
  o.textContent = String(v);
  sel.appendChild(o);
  sel.value = String(v);
}
