// The export buttons: the trained model as safetensors or ONNX, and the command and Java code that train it.
import { escapeHtml } from './network-view.js';
import { openModal, toast } from './ui.js';

const $ = (id) => document.getElementById(id);

/** Hands a file the server sent to the browser's download. */
function save(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

export async function exportModel(page) {
  let blob;
  try { blob = await page.api('GET', 'export/model'); } catch (e) { return; }
  save(blob, 'playground.safetensors');
  toast('Saved playground.safetensors — try: ./myelin evaluate --model playground.safetensors --data ' + (page.state.dataset === 'csv' ? 'your.csv' : page.state.dataset), 6000);
}

export async function exportOnnx(page) {
  let blob;
  try { blob = await page.api('GET', 'export/onnx'); } catch (e) { return; }
  save(blob, 'playground.onnx');
  toast('Saved playground.onnx — it runs in ONNX Runtime; try: ./myelin summary --model playground.onnx', 6000);
}

export async function exportCode(page) {
  let code;
  try { code = await page.api('GET', 'export/code'); } catch (e) { return; }
  openModal('Train this network outside the playground', `
    <h4>Command line</h4><pre id="export-cli" class="code">${escapeHtml(code.command)}</pre>
    <button class="text-button copy" data-copy="export-cli" type="button">Copy</button>
    <h4>Java</h4><pre id="export-java" class="code">${escapeHtml(code.java)}</pre>
    <button class="text-button copy" data-copy="export-java" type="button">Copy</button>`);
  document.querySelectorAll('.copy').forEach((b) => b.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText($(b.dataset.copy).textContent); toast('Copied.'); } catch (e) { toast('Select the text and copy it.'); }
  }));
}
