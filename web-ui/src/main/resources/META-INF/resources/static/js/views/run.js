// One run: overview (with its parent and source), description, child runs, params, metrics with
// sparklines, a metric chart, tags, datasets, logged models (MLflow 3) and the artifact browser
// with previews.
import { mlflow, purge, quoted, runArtifacts } from '../api.js';
import { h, clear, fmtTime, fmtDuration, fmtNumber, byKey, keyValueTable }
  from '../dom.js';
import { fetchSeries, metricChart, runColour, sparkline } from '../charts.js';
import { artifactBrowser } from './artifacts.js';
import { lifecycleActions } from './actions.js';
import { descriptionSection, NOTE_TAG } from './description.js';
import { loggedModelHref, loggedModelStatus } from './logged-model.js';
import { versionLink } from './models.js';
import { tagsEditor } from './tags.js';

const SPARK_POINTS = 60;
const MAX_SPARKLINES = 50;
const MAX_CHILDREN = 100;

export async function runView(root, runId, route, ctx) {
  const { run } = await mlflow.get('runs/get', { run_id: runId });
  if (!ctx.live()) return;
  const info = run.info;
  const { experiment } = await mlflow.get('experiments/get',
    { experiment_id: info.experiment_id });
  if (!ctx.live()) return;
  const name = info.run_name || info.run_id;
  ctx.setCrumbs([{ label: experiment.name,
    href: `#/experiments/${encodeURIComponent(experiment.experiment_id)}` }, { label: name }]);
  const p = route.params;
  const metrics = [...(run.data.metrics || [])].sort((a, b) => a.key.localeCompare(b.key));
  const tags = run.data.tags || [];
  const tag = byKey(tags);

  const chartHolder = h('div', {});
  const showChart = (metric) => {
    const state = { metric: metric || p.get('metric'), x: p.get('x'), smooth: p.get('smooth'),
      log: p.get('log') === '1' };
    const chart = metricChart({ runs: [run], metrics: metrics.map((m) => m.key),
      state, onState: (st) => ctx.setParams({ metric: st.metric, x: st.x === 'step' ? null : st.x,
        smooth: st.smooth || null, log: st.log ? 1 : null }) });
    clear(chartHolder).append(chart);
    if (metric) ctx.setParams({ metric });
    return chart;
  };
  const metricsSection = metricsTable(run, metrics, showChart);
  // The chart first: the page's lesser reads (sparklines, parent, children, registered
  // versions) wait for it rather than compete with it.
  let chartDrawn;
  const afterChart = new Promise((resolve) => {
    chartDrawn = resolve;
  });

  root.append(h('section', { class: 'run' },
    h('div', { class: 'titlebar' },
      h('h1', {}, h('span', { class: 'swatch', style: `background:${runColour(info.run_id)}` }),
        name),
      h('span', { class: 'status status-' + info.status }, info.status),
      info.lifecycle_stage === 'deleted' ? h('span', { class: 'status status-KILLED' }, 'deleted') : null,
      ctx.canWrite ? lifecycleActions({ name: info.run_name, what: 'run',
        deleted: info.lifecycle_stage === 'deleted', api: {
          rename: (name) => mlflow.post('runs/update', { run_id: info.run_id, run_name: name }),
          remove: () => mlflow.post('runs/delete', { run_id: info.run_id }),
          restore: () => mlflow.post('runs/restore', { run_id: info.run_id }),
          purge: ctx.isAdmin ? () => purge({ run_ids: [info.run_id] }) : null,
          gone: `#/experiments/${encodeURIComponent(info.experiment_id)}`,
        } }, ctx) : null),
    h('dl', { class: 'overview' },
      item('Run ID', h('span', { class: 'mono' }, info.run_id)),
      item('Experiment', h('a', { href: `#/experiments/${encodeURIComponent(experiment.experiment_id)}` },
        experiment.name)),
      item('User', info.user_id),
      item('Started', fmtTime(info.start_time)),
      item('Ended', fmtTime(info.end_time)),
      item('Duration', fmtDuration(info.start_time, info.end_time)),
      item('Artifact URI', h('span', { class: 'mono' }, info.artifact_uri)),
      parentItem(tag['mlflow.parentRunId'], afterChart),
      sourceItems(tag)),
    tag[NOTE_TAG] || ctx.canWrite ? h('h2', {}, 'Description') : null,
    descriptionSection(tag[NOTE_TAG], ctx.canWrite, async (text) => {
      await mlflow.post('runs/set-tag', { run_id: info.run_id, key: NOTE_TAG, value: text });
      ctx.refresh();
    }),
    childRuns(info, ctx, afterChart),
    h('div', { class: 'columns-2' },
      h('div', {}, h('h2', {}, `Parameters (${(run.data.params || []).length})`),
        keyValueTable('params', run.data.params)),
      h('div', {}, h('h2', {}, `Metrics (${metrics.length})`),
        metricsSection.table)),
    h('h2', {}, 'Chart'), chartHolder,
    h('h2', {}, 'Tags'), tagsEditor({ id: 'tags', tags, canWrite: ctx.canWrite,
      set: (key, value) => mlflow.post('runs/set-tag', { run_id: info.run_id, key, value }),
      remove: (key) => mlflow.post('runs/delete-tag', { run_id: info.run_id, key }) }, ctx),
    h('h2', {}, `Datasets (${(run.inputs?.dataset_inputs || []).length})`),
    datasetsTable(run.inputs?.dataset_inputs || []),
    loggedModelsSection(run),
    registeredVersions(info, ctx, afterChart),
    h('h2', {}, 'Artifacts'),
    artifactBrowser(runArtifacts(info.run_id), p.get('artifact'),
      (path) => ctx.setParams({ artifact: path }))));
  showChart().ready.then(chartDrawn);
  afterChart.then(() => ctx.live() && metricsSection.loadSparklines());
}

function item(label, value) {
  return [h('dt', {}, label), h('dd', {}, value || '—')];
}

/** A link to the parent run (mlflow.parentRunId, set by nested runs), named once it is read. */
function parentItem(parentId, after) {
  if (!parentId) return null;
  const link = h('a', { href: `#/runs/${encodeURIComponent(parentId)}`, id: 'parent-run',
    class: 'mono' }, parentId);
  after.then(() => mlflow.get('runs/get', { run_id: parentId })).then(({ run }) => {
    if (run.info.run_name) {
      link.className = '';
      link.replaceChildren(run.info.run_name);
    }
  }, () => {});
  return item('Parent run', link);
}

/** Where the run came from, as MLflow's client records it in the run's tags (by key). */
function sourceItems(tag) {
  const source = tag['mlflow.source.name'];
  const commit = tag['mlflow.source.git.commit'];
  return [
    source ? item('Source', h('span', { class: 'mono wrap', id: 'source' }, source)) : null,
    commit ? item('Git commit', h('span', { class: 'mono', id: 'git-commit', title: commit },
      commit.slice(0, 12))) : null,
  ];
}

/** Runs nested under this one (their mlflow.parentRunId names it), filled in once found. */
function childRuns(info, ctx, after) {
  const holder = h('div', {});
  const filter = 'tags.mlflow.parentRunId = ' + quoted(info.run_id);
  after.then(() => mlflow.post('runs/search', { experiment_ids: [info.experiment_id], filter,
    // One more than is listed: a full page carries a token even when nothing follows it.
    max_results: MAX_CHILDREN + 1, order_by: ['attributes.start_time ASC'] })).then((page) => {
    const more = (page.runs || []).length > MAX_CHILDREN;
    const runs = (page.runs || []).slice(0, MAX_CHILDREN);
    if (!ctx.live() || !runs.length) return;
    holder.append(h('h2', {}, `Child runs (${runs.length}${more ? '+' : ''})`),
      h('ul', { class: 'children', id: 'child-runs' }, runs.map((r) => h('li', {},
        h('span', { class: 'swatch', style: `background:${runColour(r.info.run_id)}` }),
        h('a', { href: `#/runs/${r.info.run_id}` }, r.info.run_name || r.info.run_id), ' ',
        h('span', { class: 'status status-' + r.info.status }, r.info.status)))));
    if (more) {
      holder.append(h('p', { class: 'dim' }, `The first ${MAX_CHILDREN} are listed; `,
        h('a', { href: `#/experiments/${encodeURIComponent(info.experiment_id)}?filter=`
          + encodeURIComponent(filter) }, 'the experiment filtered to them'), ' has all.'));
    }
  }, () => {});
  return holder;
}

/** The metrics table; its sparklines load when {@code loadSparklines} is called. */
function metricsTable(run, metrics, showChart) {
  if (!metrics.length) return { table: h('p', { class: 'empty' }, 'None.'), loadSparklines() {} };
  const cells = new Map();
  const table = h('table', { class: 'grid kv', id: 'metrics' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Latest'), h('th', {}, 'Step'),
      h('th', {}, 'History'))),
    h('tbody', {}, metrics.map((m) => {
      const cell = h('td', { class: 'spark' });
      cells.set(m.key, cell);
      return h('tr', {},
        h('td', {}, h('button', { class: 'link', type: 'button', title: 'Chart this metric',
          onclick: () => showChart(m.key) }, m.key)),
        h('td', { class: 'num' }, fmtNumber(m.value)),
        h('td', { class: 'num' }, m.step), cell);
    })));
  // Each sparkline is a small sampled read, one after another.
  const loadSparklines = async () => {
    for (const m of metrics.slice(0, MAX_SPARKLINES)) {
      try {
        const series = await fetchSeries([run.info.run_id], m.key, null, SPARK_POINTS);
        const values = (series[run.info.run_id] || []).map((p) => Number(p.value));
        cells.get(m.key).append(sparkline(values, runColour(run.info.run_id)));
      } catch (e) {
        return;
      }
    }
  };
  return { table, loadSparklines };
}

function datasetsTable(inputs) {
  if (!inputs.length) return h('p', { class: 'empty' }, 'None.');
  return h('table', { class: 'grid', id: 'datasets' },
    h('thead', {}, h('tr', {}, ['Name', 'Digest', 'Context', 'Source', 'Schema', 'Profile']
      .map((c) => h('th', {}, c)))),
    h('tbody', {}, inputs.map((input) => {
      const d = input.dataset || {};
      const context = (input.tags || []).find((t) => t.key === 'mlflow.data.context');
      return h('tr', {},
        h('td', {}, d.name), h('td', { class: 'mono' }, d.digest),
        h('td', {}, context ? context.value : ''),
        h('td', { class: 'mono wrap' }, `${d.source_type || ''} ${d.source || ''}`),
        h('td', {}, d.schema ? h('details', {}, h('summary', {}, 'schema'),
          h('pre', {}, pretty(d.schema))) : ''),
        h('td', {}, d.profile ? h('pre', { class: 'small' }, pretty(d.profile)) : ''));
    })));
}

/**
 * MLflow 3's LoggedModels the run took as input or produced (nothing for MLflow 2 runs). The run
 * names them by id only; name, type and status are read per model once the table is shown.
 */
function loggedModelsSection(run) {
  const models = [
    ...(run.inputs?.model_inputs || []).map((m) => ({ role: 'input', id: m.model_id, step: '' })),
    ...(run.outputs?.model_outputs || []).map((m) => ({ role: 'output', id: m.model_id,
      step: m.step })),
  ];
  if (!models.length) return null;
  const rows = models.map((m) => {
    const cells = { name: h('td', { class: 'dim' }, '…'), type: h('td', {}), status: h('td', {}) };
    const row = h('tr', { dataset: { modelId: m.id } }, cells.name,
      h('td', { class: 'mono' }, m.id), cells.type, cells.status, h('td', {}, m.role),
      h('td', {}, String(m.step)));
    return { id: m.id, row, cells };
  });
  for (const id of new Set(models.map((m) => m.id))) {
    mlflow.get('logged-models/' + encodeURIComponent(id)).then(({ model }) => {
      for (const r of rows.filter((x) => x.id === id)) {
        r.cells.name.replaceChildren(h('a', { href: loggedModelHref(id) }, model.info.name || id));
        r.cells.name.className = '';
        r.cells.type.replaceChildren(model.info.model_type || '');
        r.cells.status.replaceChildren(loggedModelStatus(model.info.status));
      }
    }, (e) => {
      for (const r of rows.filter((x) => x.id === id)) {
        r.cells.name.replaceChildren(e.status === 404 ? 'deleted' : 'unavailable');
      }
    });
  }
  return [h('h2', {}, `Logged models (${models.length})`),
    h('table', { class: 'grid', id: 'logged-models' },
      h('thead', {}, h('tr', {}, ['Name', 'Model ID', 'Type', 'Status', 'Role', 'Step']
        .map((c) => h('th', {}, c)))),
      h('tbody', {}, rows.map((r) => r.row)))];
}

/** Model registry versions made from this run, filled in once found. */
function registeredVersions(info, ctx, after) {
  const holder = h('div', {});
  after.then(() => mlflow.get('model-versions/search', {
    filter: 'run_id = ' + quoted(info.run_id), max_results: MAX_CHILDREN })).then((page) => {
    const versions = page.model_versions || [];
    if (!ctx.live() || !versions.length) return;
    holder.append(h('h2', {}, `Registered model versions (${versions.length})`),
      h('ul', { class: 'children', id: 'registered-versions' }, versions.map((v) => h('li', {},
        h('a', { href: `#/models/${encodeURIComponent(v.name)}` }, v.name), ' ',
        versionLink(v.name, v.version, v.current_stage)))));
  }, () => {});
  return holder;
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    return text;
  }
}
