// Small DOM builders for the network view: a column, its header, an element, a canvas, a button, a select list.

export function column(parent, cls) {
  return el(parent, 'div', 'col ' + cls);
}

export function header(title, sub) {
  const h = document.createElement('div');
  h.className = 'col-header';
  h.innerHTML = `<h3>${title}</h3>` + (sub ? `<p>${sub}</p>` : '');
  return h;
}

export function el(parent, tag, cls) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  parent.appendChild(e);
  return e;
}

export function canvas(parent, size) {
  const c = document.createElement('canvas');
  c.width = size;
  c.height = size;
  parent.appendChild(c);
  return c;
}

export function button(parent, text, title, onClick) {
  const b = el(parent, 'button', 'icon-button');
  b.type = 'button';
  b.textContent = text;
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

export function select(parent, options, value, onChange) {
  const s = el(parent, 'select', 'mini');
  options.forEach(([v, t]) => {
    const o = document.createElement('option');
    o.value = v;
    o.textContent = t;
    s.appendChild(o);
  });
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}
