// A small DOM toolkit: h() builds elements, formatters keep units consistent across views.

/** h('a', {href: '#/', class: 'x', onclick: fn}, 'text', childNode, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function fmtTime(ms) {
  if (!ms) return '';
  const d = new Date(Number(ms));
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} `
    + `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function fmtDuration(startMs, endMs) {
  if (!startMs || !endMs) return '';
  let s = Math.max(0, Math.round((Number(endMs) - Number(startMs)) / 1000));
  if (s < 60) return s + 's';
  const m = Math.floor(s / 60);
  s %= 60;
  if (m < 60) return `${m}m ${s}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function fmtNumber(v) {
  if (v === undefined || v === null || v === '') return '';
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  if (n !== 0 && (Math.abs(n) >= 1e6 || Math.abs(n) < 1e-4)) return n.toExponential(4);
  return String(Math.round(n * 1e6) / 1e6);
}

export function fmtBytes(n) {
  if (n === undefined || n === null) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(n);
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return (u ? v.toFixed(1) : v) + ' ' + units[u];
}

/** An inline error box in MLflow's terms: "INVALID_PARAMETER_VALUE: message". */
export function errorBox(error) {
  return h('div', { class: 'error', role: 'alert' },
    error.code ? h('strong', {}, error.code + ': ') : null, error.message || String(error));
}

/** A tag/param/metric list (array of {key, value}) as an object. */
export function byKey(list) {
  const out = {};
  for (const item of list || []) out[item.key] = item.value;
  return out;
}

/** Keys and values (array of {key, value}) as a two-column table, sorted by key. */
export function keyValueTable(id, list) {
  if (!list || !list.length) return h('p', { class: 'empty' }, 'None.');
  return h('table', { class: 'grid kv', id },
    h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Value'))),
    h('tbody', {}, [...list].sort((a, b) => a.key.localeCompare(b.key)).map((kv) =>
      h('tr', {}, h('td', {}, kv.key), h('td', { class: 'mono wrap' }, kv.value)))));
}
