// One MLflow 3 logged model: what it is and where it came from, its params, its metrics (with
// the dataset and run each was measured on), its tags (editors add and delete them) and its own
// artifacts.
import { mlflow, modelArtifacts } from '../api.js';
import { h, fmtTime, fmtNumber, keyValueTable } from '../dom.js';
import { artifactBrowser } from './artifacts.js';
import { tagsEditor } from './tags.js';

export function loggedModelHref(modelId) {
  return '#/logged-models/' + encodeURIComponent(modelId);
}

/** A logged model's status as MLflow's entity names it ("READY", not "LOGGED_MODEL_READY"). */
export function loggedModelStatus(status) {
  return (status || '').replace('LOGGED_MODEL_', '');
}

export async function loggedModelView(root, modelId, route, ctx) {
  const { model } = await mlflow.get('logged-models/' + encodeURIComponent(modelId));
  const info = model.info;
  const { experiment } = await mlflow.get('experiments/get',
    { experiment_id: info.experiment_id });
  if (!ctx.live()) return;
  const experimentHref = `#/experiments/${encodeURIComponent(experiment.experiment_id)}`;
  ctx.setCrumbs([{ label: experiment.name, href: experimentHref },
    { label: info.name || info.model_id }]);
  const runLink = (id) => id ? h('a', { href: `#/runs/${encodeURIComponent(id)}`, class: 'mono' },
    id) : '';
  const data = model.data || {};
  const tags = info.tags || [];
  const path = encodeURIComponent(info.model_id);
  root.append(h('section', {},
    h('div', { class: 'titlebar' }, h('h1', {}, info.name || info.model_id),
      h('span', { class: 'status' }, loggedModelStatus(info.status))),
    h('dl', { class: 'overview' }, [
      ['Model ID', h('span', { class: 'mono' }, info.model_id)],
      ['Experiment', h('a', { href: experimentHref }, experiment.name)],
      ['Source run', runLink(info.source_run_id)],
      ['Type', info.model_type],
      ['Created', fmtTime(info.creation_timestamp_ms)],
      ['Artifact location', h('span', { class: 'mono' }, info.artifact_uri)],
    ].map(([label, value]) => [h('dt', {}, label), h('dd', {}, value || '—')])),
    h('div', { class: 'columns-2' },
      h('div', {}, h('h2', {}, `Parameters (${(data.params || []).length})`),
        keyValueTable('model-params', data.params)),
      h('div', {}, h('h2', {}, `Metrics (${(data.metrics || []).length})`),
        table('model-metrics', ['Name', 'Value', 'Step', 'Dataset', 'Run'],
          (data.metrics || []).map((m) => [m.key, fmtNumber(m.value), m.step ?? '',
            m.dataset_name ? `${m.dataset_name} (${m.dataset_digest || ''})` : '',
            runLink(m.run_id)])))),
    tags.length || ctx.canWrite ? [h('h2', {}, 'Tags'), tagsEditor({ id: 'model-tags',
      field: 'model-tag', tags, canWrite: ctx.canWrite,
      set: (key, value) => mlflow.patch(`logged-models/${path}/tags`,
        { tags: [{ key, value }] }),
      remove: (key) => mlflow.delete(`logged-models/${path}/tags/${encodeURIComponent(key)}`) },
    ctx)] : null,
    h('h2', {}, 'Artifacts'),
    artifactBrowser(modelArtifacts(info.model_id), route.params.get('artifact'),
      (path) => ctx.setParams({ artifact: path }))));
}

/** A table of {@code columns} whose rows are lists of cells. */
function table(id, columns, rows) {
  if (!rows.length) return h('p', { class: 'empty' }, 'None.');
  return h('table', { class: 'grid kv', id },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', {}, c)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c))))));
}
