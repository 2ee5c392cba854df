// The data panel: the data sets to choose from (with their thumbnails) and the upload of a CSV file.
import { request } from './api.js';
import { DATASETS, toHash, toConfig } from './state.js';
import { escapeHtml } from './network-view.js';
import { drawDatasets } from './datasets.js';
import { options, toast } from './ui.js';

const $ = (id) => document.getElementById(id);

export async function loadThumbnails(page) {
  try { page.thumbnails = await request('GET', '/api/thumbnails'); } catch (e) { page.thumbnails = {}; }
  renderDatasets(page);
}

export function renderDatasets(page) {
  const { state, csvInfo } = page;
  const sets = [...DATASETS[state.problem]];
  if (csvInfo && csvInfo.problem === state.problem) sets.push({ id: 'csv', name: csvInfo.name });
  drawDatasets($('datasets'), sets, state.dataset, page.thumbnails, (id) => page.change((s) => {
    s.dataset = id;
    if (id === 'csv') { s.planeX = 0; s.planeY = 1; }
  }));
}

export async function onFileChosen(page) {
  const file = $('csv-file').files[0];
  if (!file) return;
  const { maxUploadBytes } = page.limits;
  if (file.size > maxUploadBytes) {
    toast(`The file is ${(file.size / 1048576).toFixed(1)} MB; the playground takes CSV files up to ${(maxUploadBytes / 1048576).toFixed(0)} MB.`);
    return;
  }
  const text = await file.text();
  await uploadCsv(page, file.name, text, null, true);
  $('csv-file').value = '';
}

export async function uploadCsv(page, name, text, label, switchTo) {
  let info;
  try { info = await page.api('POST', 'csv', label ? { name, label, text } : { name, text }); } catch (e) { return; }
  page.csvInfo = info;
  page.csvText = text;
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
    Object.assign(page.state, { dataset: 'csv', problem: info.problem, planeX: 0, planeY: 1, loss: 'auto', outputActivation: 'auto' });
    history.replaceState(null, '', toHash(page.state));
    await request('POST', `/api/sessions/${page.session.id}/config`, toConfig(page.state)).catch((e) => toast(e.message));
  }
  page.sync();
}
