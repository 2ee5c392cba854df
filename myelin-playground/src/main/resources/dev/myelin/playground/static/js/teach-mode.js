// Teaching mode's dialog: reads its choices, asks the server for one update at a time and shows it (teach.js writes the form and the numbers).
import { teachForm, renderTeach } from './teach.js';
import { openModal } from './ui.js';

const $ = (id) => document.getElementById(id);

/** The dialog's choices and how many steps of a preset it has shown; kept from one opening to the next. */
const teach = { preset: '', mode: 'example', index: 0, optimizer: 'sgd', steps: 0 };

export function openTeach(page) {
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
  $('teach-step').addEventListener('click', () => teachStep(page));
}

async function teachStep(page) {
  teach.index = Math.max(0, Math.round(Number($('teach-index').value) - 1) || 0);
  const body = teach.preset
    ? { preset: teach.preset, mode: teach.mode, steps: teach.steps + 1, optimizer: teach.optimizer }
    : { mode: teach.mode, index: teach.index };
  let t;
  $('teach-step').disabled = true;
  try { t = await page.api('POST', 'teach', body); } catch (e) { return; } finally { $('teach-step').disabled = false; }
  if (teach.preset) teach.steps++;
  $('teach-out').innerHTML = renderTeach(t, teach.preset ? null : page.frame && page.frame.network.inputs);
  window.playground.teach = t;
}
