// Compare runs: params side by side with differences marked, latest metrics, overlaid metric
// charts, a scatter of any column against another, and parallel coordinates.
import { mlflow } from '../api.js';
import { h, clear, fmtNumber, byKey, fmtTime } from '../dom.js';
import { metricChart, parallelCoordinates, runColours, scatter } from '../charts.js';

const MAX_RUNS = 100;

/** Keys whose value is not the same in every run (missing counts as a value). */
export function differingKeys(rows, keys) {
  return keys.filter((k) => new Set(rows.map((r) => r[k])).size > 1);
}

export async function compareView(root, route, ctx) {
  const ids = [...new Set((route.params.get('runs') || '').split(',').filter(Boolean))]
    .slice(0, MAX_RUNS);
  ctx.setCrumbs([{ label: `Compare ${ids.length} runs` }]);
  if (ids.length < 1) {
    root.append(h('p', { class: 'empty' }, 'Pick runs on an experiment page, then Compare.'));
    return;
  }
  const runs = [];
  for (let i = 0; i < ids.length; i += 10) {
    const batch = await Promise.all(ids.slice(i, i + 10)
      .map((id) => mlflow.get('runs/get', { run_id: id }).then((r) => r.run)));
    runs.push(...batch);
  }
  if (!ctx.live()) return;
  const p = route.params;
  const params = runs.map((r) => byKey(r.data.params));
  const metrics = runs.map((r) => byKey(r.data.metrics));
  const paramKeys = [...new Set(params.flatMap(Object.keys))].sort();
  const metricKeys = [...new Set(metrics.flatMap(Object.keys))].sort();
  const diffParams = differingKeys(params, paramKeys);
  const name = (r) => r.info.run_name || r.info.run_id;
  const runColour = runColours(runs.map((r) => r.info.run_id));
  const columns = [...paramKeys.map((k) => 'p:' + k), ...metricKeys.map((k) => 'm:' + k)];
  const valueOf = (i, col) => (col[0] === 'p' ? params : metrics)[i][col.slice(2)];
  const colLabel = (col) => (col[0] === 'p' ? 'params.' : 'metrics.') + col.slice(2);

  const onlyDiff = h('input', { type: 'checkbox', name: 'only-differences',
    checked: p.get('diff') === '1' });
  const paramsHolder = h('div', { class: 'table-wrap' });
  const renderParams = () => {
    const keys = onlyDiff.checked ? diffParams : paramKeys;
    clear(paramsHolder).append(sideBySide('compare-params', runs, keys, params, diffParams,
      (v) => v ?? '', runColour));
  };
  onlyDiff.addEventListener('change', () => {
    ctx.setParams({ diff: onlyDiff.checked ? 1 : null });
    renderParams();
  });
  renderParams();

  const scatterHolder = h('div', {});
  const pick = (id, value, onchange) => h('select', { name: id, onchange },
    columns.map((c) => h('option', { value: c, selected: c === value }, colLabel(c))));
  let sx = columns.includes(p.get('sx')) ? p.get('sx')
    : (diffParams.length ? 'p:' + diffParams[0] : columns[0]);
  let sy = columns.includes(p.get('sy')) ? p.get('sy')
    : (metricKeys.length ? 'm:' + metricKeys[0] : columns[1] || columns[0]);
  const renderScatter = () => {
    ctx.setParams({ sx, sy });
    clear(scatterHolder).append(scatter(runs.map((r, i) => ({ label: name(r),
      colour: runColour(r.info.run_id), x: valueOf(i, sx), y: valueOf(i, sy) })),
    colLabel(sx), colLabel(sy)));
  };

  const pcHolder = h('div', { class: 'table-wrap' });
  let pcCols = (p.get('pc') || '').split(',').filter((c) => columns.includes(c));
  if (!pcCols.length) {
    pcCols = [...diffParams.slice(0, 5).map((k) => 'p:' + k),
      ...metricKeys.slice(0, 3).map((k) => 'm:' + k)];
  }
  const renderParallel = () => {
    ctx.setParams({ pc: pcCols.join(',') });
    clear(pcHolder).append(pcCols.length ? parallelCoordinates(pcCols.map(colLabel),
      runs.map((r, i) => ({ label: name(r), colour: runColour(r.info.run_id),
        values: pcCols.map((c) => valueOf(i, c)) })))
      : h('p', { class: 'empty' }, 'Pick columns for the axes.'));
  };
  const pcMenu = h('details', { class: 'columns' }, h('summary', {}, 'Axes'),
    h('div', { class: 'menu' }, columns.map((c) => h('label', {}, h('input', { type: 'checkbox',
      checked: pcCols.includes(c), onchange: (e) => {
        pcCols = e.target.checked ? [...pcCols, c] : pcCols.filter((x) => x !== c);
        renderParallel();
      } }), ' ' + colLabel(c)))));

  root.append(h('section', { class: 'compare' },
    h('h1', {}, `Comparing ${runs.length} runs`),
    h('table', { class: 'grid', id: 'compare-runs' },
      h('thead', {}, h('tr', {}, ['Run', 'Status', 'User', 'Started'].map((c) => h('th', {}, c)))),
      h('tbody', {}, runs.map((r) => h('tr', {},
        h('td', {}, h('span', { class: 'swatch', style: `background:${runColour(r.info.run_id)}` }),
          h('a', { href: `#/runs/${r.info.run_id}` }, name(r))),
        h('td', {}, h('span', { class: 'status status-' + r.info.status }, r.info.status)),
        h('td', {}, r.info.user_id), h('td', {}, fmtTime(r.info.start_time)))))),
    h('h2', {}, 'Parameters ', h('label', { class: 'small' }, onlyDiff, ' only differences')),
    paramsHolder,
    h('h2', {}, 'Metrics (latest values)'),
    h('div', { class: 'table-wrap' }, sideBySide('compare-metrics', runs, metricKeys, metrics,
      differingKeys(metrics, metricKeys), fmtNumber, runColour)),
    h('h2', {}, 'Metric charts'),
    metricChart({ runs, metrics: metricKeys, colour: runColour,
      state: { metric: p.get('metric'), x: p.get('x'), smooth: p.get('smooth'), log: p.get('log') === '1' },
      onState: (st) => ctx.setParams({ metric: st.metric, x: st.x === 'step' ? null : st.x,
        smooth: st.smooth || null, log: st.log ? 1 : null }) }),
    h('h2', {}, 'Scatter'),
    h('div', { class: 'toolbar' },
      h('label', {}, 'X ', pick('scatter-x', sx, (e) => {
        sx = e.target.value;
        renderScatter();
      })),
      h('label', {}, 'Y ', pick('scatter-y', sy, (e) => {
        sy = e.target.value;
        renderScatter();
      }))),
    scatterHolder,
    h('h2', {}, 'Parallel coordinates'), h('div', { class: 'toolbar' }, pcMenu), pcHolder));
  if (columns.length) renderScatter();
  renderParallel();
}

/** Keys down, runs across; rows whose values differ are marked. */
function sideBySide(id, runs, keys, values, differing, format, runColour) {
  if (!keys.length) return h('p', { class: 'empty' }, 'None.');
  const diff = new Set(differing);
  return h('table', { class: 'grid side-by-side', id },
    h('thead', {}, h('tr', {}, h('th', {}, 'Name'), runs.map((r) => h('th', {},
      h('span', { class: 'swatch', style: `background:${runColour(r.info.run_id)}` }),
      r.info.run_name || r.info.run_id)))),
    h('tbody', {}, keys.map((k) => h('tr', { class: diff.has(k) ? 'diff' : '' },
      h('th', { scope: 'row' }, k), values.map((v) => h('td', { class: 'mono' }, format(v[k])))))));
}
