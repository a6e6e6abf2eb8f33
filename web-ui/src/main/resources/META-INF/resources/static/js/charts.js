// Charts: uPlot for metric lines (downsampled on the server by get-history-bulk-interval, so a
// 100k-point series costs ~1000 points until zoomed in), and small SVG charts for sparklines,
// scatter plots and parallel coordinates.
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { mlflow } from './api.js';
import { h, clear, errorBox, fmtNumber } from './dom.js';

/** Points per run for an overview or a zoomed-in window. MLflow caps the RPC at 2500. */
export const CHART_POINTS = 1000;
/** MLflow's limit on run_ids per bulk-interval call. */
const MAX_RUNS = 100;
const SVG = 'http://www.w3.org/2000/svg';

/** Sixteen colours that stay apart from each other on white. */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#17becf', '#8c564b',
  '#e377c2', '#7f7f7f', '#bcbd22', '#393b79', '#ad494a', '#637939', '#e6550d', '#7b4173',
  '#3182bd'];

function paletteSlot(runId) {
  let hash = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < runId.length; i++) {
    hash ^= runId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % PALETTE.length;
}

function withAlpha(hex, alpha) {
  if (alpha >= 1) return hex;
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** A run's own colour, the same in every view and session: a palette slot from its id. */
export function runColour(runId, alpha = 1) {
  return withAlpha(PALETTE[paletteSlot(runId)], alpha);
}

/**
 * Colours for runs shown together: each keeps its own colour unless an earlier run (by id)
 * holds it, then takes the next free one, so up to 16 runs never share a colour and the same
 * set of runs always gets the same colours.
 */
export function runColours(runIds) {
  const taken = new Map();
  const out = new Map();
  for (const id of [...runIds].sort()) {
    let slot = paletteSlot(id);
    for (let i = 0; i < PALETTE.length && taken.has(slot); i++) slot = (slot + 1) % PALETTE.length;
    taken.set(slot, id);
    out.set(id, slot);
  }
  return (id, alpha = 1) => withAlpha(PALETTE[out.has(id) ? out.get(id) : paletteSlot(id)], alpha);
}

/** Exponential moving average with TensorBoard's debiasing, so the start is not pulled to 0. */
export function smooth(values, weight) {
  if (!weight) return values;
  const out = new Array(values.length);
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    n++;
    out[i] = last / (1 - Math.pow(weight, n));
  }
  return out;
}

/** Sampled points of one metric for many runs: {runId: [{step, value, timestamp}] by step}. */
export async function fetchSeries(runIds, metric, range, points = CHART_POINTS) {
  const out = {};
  for (let i = 0; i < runIds.length; i += MAX_RUNS) {
    const page = await mlflow.get('metrics/get-history-bulk-interval', {
      run_ids: runIds.slice(i, i + MAX_RUNS), metric_key: metric, max_results: points,
      start_step: range ? range[0] : undefined, end_step: range ? range[1] : undefined,
    });
    for (const m of page.metrics || []) (out[m.run_id] ||= []).push(m);
  }
  for (const list of Object.values(out)) list.sort((a, b) => a.step - b.step);
  return out;
}

/** A tiny inline chart of a series' shape. */
export function sparkline(values, colour = '#1f4e79', width = 120, height = 24) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  svg.setAttribute('class', 'sparkline');
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return svg;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const points = values.map((v, i) => Number.isFinite(v)
    ? `${(i / (values.length - 1) * (width - 2) + 1).toFixed(1)},`
      + `${(height - 1 - (max === min ? 0.5 : (v - min) / (max - min)) * (height - 2)).toFixed(1)}`
    : null).filter(Boolean);
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', points.join(' '));
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', colour);
  line.setAttribute('stroke-width', '1.5');
  svg.append(line);
  return svg;
}

const X_MODES = { step: 'Step', wall: 'Wall time', relative: 'Relative time (s)' };

/**
 * Metric line chart with its controls: metric, x axis (step, wall time, relative time),
 * smoothing, log scale; drag to zoom (fetches the detail of the window), double-click to
 * zoom out. {@code state}: {metric, x, smooth, log}; {@code onState} is told every change.
 */
export function metricChart({ runs, metrics, state, onState,
  colour = runColours(runs.map((r) => r.info.run_id)) }) {
  const s = { metric: metrics.includes(state.metric) ? state.metric : metrics[0],
    x: X_MODES[state.x] ? state.x : 'step', smooth: Number(state.smooth) || 0, log: !!state.log };
  const area = h('div', { class: 'chart-area' });
  const message = h('div', {});
  const changed = (patch) => {
    Object.assign(s, patch);
    onState({ ...s });
    draw();
  };
  const controls = h('div', { class: 'toolbar chart-controls' },
    h('label', {}, 'Metric ', h('select', { name: 'metric',
      onchange: (e) => changed({ metric: e.target.value }) },
    metrics.map((m) => h('option', { value: m, selected: m === s.metric }, m)))),
    h('label', {}, 'X axis ', h('select', { name: 'x-axis',
      onchange: (e) => changed({ x: e.target.value }) },
    Object.entries(X_MODES).map(([v, l]) => h('option', { value: v, selected: v === s.x }, l)))),
    h('label', {}, 'Smoothing ', h('input', { type: 'range', name: 'smoothing', min: 0,
      max: 0.99, step: 0.01, value: s.smooth,
      onchange: (e) => changed({ smooth: Number(e.target.value) }) })),
    h('label', {}, h('input', { type: 'checkbox', name: 'log-scale', checked: s.log,
      onchange: (e) => changed({ log: e.target.checked }) }), ' Log scale'),
    h('span', { class: 'dim hint' }, 'Drag to zoom · double-click to reset'));
  const panel = h('div', { class: 'chart-panel' }, controls, message, area);
  let markReady;
  /** Settles once the first chart is drawn (or failed): lesser reads may start then. */
  panel.ready = new Promise((resolve) => {
    markReady = resolve;
  });
  const byId = Object.fromEntries(runs.map((r) => [r.info.run_id, r]));
  let plot = null;
  let loaded = null;
  let quiet = false;
  let zoomTimer = null;

  const xOf = (m, run) => s.x === 'step' ? m.step
    : s.x === 'wall' ? m.timestamp / 1000 : (m.timestamp - Number(run.info.start_time)) / 1000;

  /** uPlot's aligned columns: x, then a line per run (smoothed), then the raw lines. */
  const idsIn = (series) => Object.keys(byId).filter((id) => series[id]?.length);

  function tables(series, ids = idsIn(series)) {
    const per = ids.map((id) => {
      const seen = new Map();
      for (const m of series[id] || []) {
        const v = Number(m.value);
        seen.set(xOf(m, byId[id]), s.log && !(v > 0) ? null : v);
      }
      const xs = [...seen.keys()].sort((a, b) => a - b);
      return { xs, ys: xs.map((x) => seen.get(x)) };
    });
    const parts = per.map((p) => [p.xs, smooth(p.ys, s.smooth)]);
    if (s.smooth) parts.push(...per.map((p) => [p.xs, p.ys]));
    return { ids, data: uPlot.join(parts), raw: !!s.smooth };
  }

  function build(series) {
    const { ids, data, raw } = tables(series);
    if (plot) plot.destroy();
    clear(area);
    if (!ids.length) {
      area.append(h('p', { class: 'empty' }, `No values of "${s.metric}" in these runs.`));
      return;
    }
    const name = (id) => byId[id].info.run_name || id;
    const lines = ids.map((id) => ({ label: name(id), stroke: colour(id), width: 2,
      spanGaps: true, value: (u, v) => v == null ? '' : fmtNumber(v) }));
    const faint = raw ? ids.map((id) => ({ label: name(id) + ' (raw)', stroke: colour(id, 0.25),
      width: 1, spanGaps: true, value: (u, v) => v == null ? '' : fmtNumber(v) })) : [];
    plot = new uPlot({
      width: Math.max(area.clientWidth || panel.clientWidth || 800, 320),
      height: 340,
      scales: { x: { time: s.x === 'wall' }, y: { distr: s.log ? 3 : 1 } },
      series: [{ label: X_MODES[s.x] }, ...lines, ...faint],
      axes: [{}, { size: 70, values: (u, ticks) => ticks.map(fmtNumber) }],
      cursor: { drag: { x: true, y: false }, bind: { dblclick: () => null } },
      hooks: { setScale: [(u, key) => {
        if (key === 'x' && !quiet) {
          clearTimeout(zoomTimer);
          zoomTimer = setTimeout(() => refine(u.scales.x.min, u.scales.x.max), 150);
        }
      }] },
    }, data, area);
    plot.over.addEventListener('dblclick', () => overview());
    // The faint raw lines need no legend rows of their own.
    [...plot.root.querySelectorAll('.u-legend .u-series')].slice(1 + ids.length)
      .forEach((row) => { row.style.display = 'none'; });
    performance.mark('labtrack:chart');
  }

  /** Zoomed in: fetch the window's steps at full resolution (up to CHART_POINTS). */
  async function refine(min, max) {
    if (!loaded) return;
    let lo = Infinity;
    let hi = -Infinity;
    for (const [id, list] of Object.entries(loaded)) {
      for (const m of list) {
        const x = xOf(m, byId[id]);
        if (x >= min && x <= max) {
          lo = Math.min(lo, m.step);
          hi = Math.max(hi, m.step);
        }
      }
    }
    if (!Number.isFinite(lo)) return;
    try {
      const detail = await fetchSeries(Object.keys(byId), s.metric, [lo, hi]);
      if (!plot) return;
      quiet = true;
      // The same runs (and so the same series) as the overview, even where one has no points.
      plot.setData(tables(detail, idsIn(loaded)).data, false);
      plot.setScale('x', { min, max });
      quiet = false;
    } catch (e) {
      message.replaceChildren(errorBox(e));
    }
  }

  async function overview() {
    try {
      loaded = await fetchSeries(Object.keys(byId), s.metric);
      quiet = true;
      build(loaded);
      quiet = false;
    } catch (e) {
      message.replaceChildren(errorBox(e));
    } finally {
      markReady();
    }
  }

  function draw() {
    message.replaceChildren();
    if (!s.metric) {
      clear(area).append(h('p', { class: 'empty' }, 'These runs logged no metrics.'));
      markReady();
      return;
    }
    overview();
  }

  window.addEventListener('resize', () => {
    if (plot && area.isConnected) plot.setSize({ width: area.clientWidth, height: 340 });
  });
  // Drawn once the panel is in the page, so the chart knows its width.
  requestAnimationFrame(draw);
  return panel;
}

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** Linear or ordinal (categorical values, sorted) scale of a column of values. */
export function axisScale(values) {
  const numeric = values.every((v) => v === undefined || v === '' || Number.isFinite(Number(v)));
  if (numeric) {
    const nums = values.filter((v) => v !== undefined && v !== '').map(Number);
    const min = Math.min(...nums);
    const max = Math.max(...nums);
    return { numeric, min, max,
      at: (v) => v === undefined || v === '' ? null : max === min ? 0.5 : (Number(v) - min) / (max - min),
      label: (t) => fmtNumber(min + t * (max - min)) };
  }
  const cats = [...new Set(values.filter((v) => v !== undefined))].sort();
  return { numeric, cats,
    at: (v) => v === undefined ? null : cats.length === 1 ? 0.5 : cats.indexOf(v) / (cats.length - 1),
    label: (t) => cats[Math.round(t * (cats.length - 1))] };
}

/** Scatter of one column against another, a dot per run. */
export function scatter(points, xLabel, yLabel) {
  const W = 560;
  const H = 360;
  const P = { l: 70, r: 20, t: 20, b: 50 };
  const xs = axisScale(points.map((p) => p.x));
  const ys = axisScale(points.map((p) => p.y));
  const root = svg('svg', { width: W, height: H, class: 'scatter', role: 'img',
    'aria-label': `${yLabel} against ${xLabel}` });
  // 5% inside the frame, so the extreme runs are not drawn on its edge.
  const px = (t) => P.l + (0.05 + 0.9 * t) * (W - P.l - P.r);
  const py = (t) => H - P.b - (0.05 + 0.9 * t) * (H - P.t - P.b);
  root.append(svg('rect', { x: P.l, y: P.t, width: W - P.l - P.r, height: H - P.t - P.b,
    class: 'plot-bg' }));
  for (const t of [0, 0.5, 1]) {
    root.append(svg('text', { x: px(t), y: H - P.b + 16, 'text-anchor': 'middle' },
      points.length ? xs.label(t) ?? '' : ''));
    root.append(svg('text', { x: P.l - 6, y: py(t) + 4, 'text-anchor': 'end' },
      points.length ? ys.label(t) ?? '' : ''));
  }
  root.append(svg('text', { x: (W + P.l) / 2, y: H - 8, 'text-anchor': 'middle', class: 'axis-label' }, xLabel));
  root.append(svg('text', { x: 14, y: H / 2, transform: `rotate(-90 14 ${H / 2})`,
    'text-anchor': 'middle', class: 'axis-label' }, yLabel));
  for (const p of points) {
    const tx = xs.at(p.x);
    const ty = ys.at(p.y);
    if (tx === null || ty === null) continue;
    root.append(svg('circle', { cx: px(tx), cy: py(ty), r: 6, fill: p.colour, class: 'dot' },
      svg('title', {}, `${p.label}\n${xLabel}: ${p.x}\n${yLabel}: ${p.y}`)));
  }
  return root;
}

/** Parallel coordinates: an axis per column, a line per run. rows: [{label, colour, values}] */
export function parallelCoordinates(columns, rows) {
  const W = Math.max(560, columns.length * 140);
  const H = 360;
  const P = { t: 40, b: 30, l: 60, r: 60 };
  const root = svg('svg', { width: W, height: H, class: 'parallel', role: 'img',
    'aria-label': 'Parallel coordinates of ' + columns.join(', ') });
  const scales = columns.map((c, i) => axisScale(rows.map((r) => r.values[i])));
  const ax = (i) => columns.length === 1 ? W / 2 : P.l + i * (W - P.l - P.r) / (columns.length - 1);
  const ay = (t) => H - P.b - t * (H - P.t - P.b);
  columns.forEach((c, i) => {
    root.append(svg('line', { x1: ax(i), x2: ax(i), y1: P.t, y2: H - P.b, class: 'axis' }));
    root.append(svg('text', { x: ax(i), y: P.t - 22, 'text-anchor': 'middle', class: 'axis-label' }, c));
    root.append(svg('text', { x: ax(i), y: P.t - 8, 'text-anchor': 'middle' }, scales[i].label(1) ?? ''));
    root.append(svg('text', { x: ax(i), y: H - P.b + 16, 'text-anchor': 'middle' }, scales[i].label(0) ?? ''));
  });
  for (const row of rows) {
    const pts = [];
    row.values.forEach((v, i) => {
      const t = scales[i].at(v);
      if (t !== null && Number.isFinite(t)) pts.push(`${ax(i).toFixed(1)},${ay(t).toFixed(1)}`);
    });
    root.append(svg('polyline', { points: pts.join(' '), fill: 'none', stroke: row.colour,
      'stroke-width': 2, class: 'pc-line' }, svg('title', {}, row.label)));
  }
  return root;
}
