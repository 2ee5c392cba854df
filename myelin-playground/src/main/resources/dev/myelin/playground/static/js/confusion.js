// The confusion matrix table under the output picture.
import { escapeHtml } from './network-view.js';

const $ = (id) => document.getElementById(id);

/** The confusion matrix of the test data: rows actual classes, columns predicted; the diagonal in blue. */
export function renderConfusion(f, data) {
  const wrap = $('confusion-wrap');
  if (!f.confusion || !data) { wrap.hidden = true; return; }
  wrap.hidden = false;
  const names = data.classNames;
  let html = '<tr><th class="corner">actual ↓ predicted →</th>' + names.map((n) => `<th>${escapeHtml(n)}</th>`).join('') + '</tr>';
  const max = Math.max(1, ...f.confusion.flat());
  f.confusion.forEach((row, i) => {
    html += `<tr><th>${escapeHtml(names[i])}</th>` + row.map((v, j) => {
      const a = v / max;
      const bg = i === j ? `rgba(8,119,189,${0.12 + 0.6 * a})` : `rgba(245,147,34,${v ? 0.15 + 0.6 * a : 0})`;
      return `<td style="background:${bg}">${v}</td>`;
    }).join('') + '</tr>';
  });
  $('confusion').innerHTML = html;
}
