// Dialogs of the page: the modal card, the small weight editor and the message toast; and the filling of a select list.
const $ = (id) => document.getElementById(id);

export function openModal(title, html) {
  $('modal-title').textContent = title;
  $('modal-body').innerHTML = html;
  $('modal-note').hidden = true;
  $('modal').hidden = false;
  // a message shown before the dialog opened moves into it instead of covering it
  if (!$('toast').hidden) { toast($('toast').textContent); }
}

export function openPopover(x, y, title, value, onSet) {
  const p = $('popover');
  $('popover-title').textContent = title;
  const input = $('popover-input');
  input.value = Number(value).toFixed(4);
  p.hidden = false;
  p.style.left = Math.min(window.innerWidth - 220, x + 8) + window.scrollX + 'px';
  p.style.top = y + 8 + window.scrollY + 'px';
  input.focus();
  input.select();
  const set = () => {
    const v = Number(input.value);
    if (!Number.isFinite(v)) { toast('Type a number.'); return; }
    p.hidden = true;
    onSet(v);
  };
  $('popover-ok').onclick = set;
  input.onkeydown = (e) => { if (e.key === 'Enter') set(); };
}

let toastTimer = null;
export function toast(message, ms = 4500) {
  if (!$('modal').hidden) {
    // over a dialog, the message goes into the dialog's own note line, never on top of its content
    $('toast').hidden = true;
    const n = $('modal-note');
    n.textContent = message;
    n.hidden = false;
    return false;
  }
  const t = $('toast');
  t.textContent = message;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, ms);
  return false;
}

/** Replaces a select's options with the [value, text] pairs of list. */
export function options(sel, list) {
  sel.innerHTML = '';
  list.forEach(([v, t]) => {
    const o = document.createElement('option');
    o.value = String(v);
    o.textContent = t;
    sel.appendChild(o);
  });
}
