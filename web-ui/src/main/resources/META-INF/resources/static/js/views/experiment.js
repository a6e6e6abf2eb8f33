// One experiment's runs: MLflow search syntax filter, server-side sort and paging (so 10,000
// runs cost one page at a time), user-picked param and metric columns, selection to compare.
import { mlflow, purge } from '../api.js';
import { h, clear, errorBox, fmtTime, fmtDuration, fmtNumber, byKey } from '../dom.js';
import { runColour } from '../charts.js';
import { descriptionSection, NOTE_TAG } from './description.js';
import { loggedModelHref, loggedModelStatus } from './logged-model.js';
import { lifecycleActions } from './actions.js';

const PAGE_SIZES = [50, 100, 250, 1000];
const DEFAULT_COLUMNS = 5;

/** A column: built-in attribute, param ('p:lr') or metric ('m:loss'). */
const ATTRIBUTES = [
  { id: 'name', label: 'Run', order: 'attributes.run_name' },
  { id: 'status', label: 'Status', order: 'attributes.status' },
  { id: 'user', label: 'User', order: 'attributes.user_id' },
  { id: 'start', label: 'Started', order: 'attributes.start_time' },
  { id: 'duration', label: 'Duration' },
];

/** MLflow's order_by for a param or metric column, with the key quoted. */
export function orderKey(kind, key) {
  return `${kind === 'p' ? 'params' : 'metrics'}.\`${key.replace(/`/g, '\\`')}\``;
}

export async function experimentView(root, experimentId, route, ctx) {
  const { experiment } = await mlflow.get('experiments/get', { experiment_id: experimentId });
  if (!ctx.live()) return;
  ctx.setCrumbs([{ label: experiment.name }]);
  const deleted = experiment.lifecycle_stage === 'deleted';

  const state = {
    filter: route.params.get('filter') || '',
    order: route.params.get('order') || 'attributes.start_time DESC',
    cols: route.params.has('cols') ? route.params.get('cols').split(',').filter(Boolean) : null,
    pageSize: PAGE_SIZES.includes(Number(route.params.get('ps')))
      ? Number(route.params.get('ps')) : 100,
    view: route.params.get('view') || 'ACTIVE_ONLY',
  };
  const selected = new Set();
  // Page tokens of the pages seen so far (tokens[i] loads page i). A shared link carries its
  // page's token and number, so it opens on that page; pages before it are then one step away
  // through the first page.
  let tokens = [null];
  let pageIndex = 0;
  const linkedPage = Number(route.params.get('p'));
  if (route.params.get('from') && Number.isInteger(linkedPage) && linkedPage > 0) {
    pageIndex = linkedPage;
    tokens[pageIndex] = route.params.get('from');
  }
  let runs = [];
  let known = { p: new Set(), m: new Set() };

  const filterInput = h('input', { type: 'search', name: 'filter', value: state.filter,
    class: 'grow mono', 'aria-label': 'Filter runs',
    placeholder: "metrics.accuracy > 0.9 and params.optimizer = 'adam'" });
  const filterMessage = h('div', { class: 'filter-message', id: 'filter-message' });
  const table = h('table', { class: 'grid runs', id: 'runs' });
  const pager = h('div', { class: 'pager' });
  const compareButton = h('button', { type: 'button', class: 'primary', disabled: true,
    onclick: () => {
      location.hash = '#/compare?runs=' + [...selected].join(',');
    } }, 'Compare');
  const deleteButton = ctx.canWrite ? h('button', { type: 'button', class: 'danger',
    disabled: true, onclick: deleteSelected }, 'Delete') : null;
  const columnsMenu = h('details', { class: 'columns' }, h('summary', {}, 'Columns'));
  const viewSelect = h('select', { name: 'view', 'aria-label': 'Which runs',
    onchange: () => {
      state.view = viewSelect.value;
      ctx.setParams({ view: state.view === 'ACTIVE_ONLY' ? null : state.view });
      reload();
    } },
  ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'].map((v) => h('option',
    { value: v, selected: v === state.view }, v.replace('_ONLY', '').toLowerCase())));
  const pageSizeSelect = h('select', { name: 'page-size', 'aria-label': 'Runs per page',
    onchange: () => {
      state.pageSize = Number(pageSizeSelect.value);
      ctx.setParams({ ps: state.pageSize === 100 ? null : state.pageSize });
      reload();
    } },
  PAGE_SIZES.map((n) => h('option', { value: n, selected: n === state.pageSize }, n + ' / page')));

  const models = loggedModels(experiment, ctx);
  root.append(h('section', {},
    h('div', { class: 'titlebar' }, h('h1', {}, experiment.name),
      h('span', { class: 'dim mono' }, 'ID ' + experiment.experiment_id + ' · '
        + experiment.artifact_location),
      deleted ? h('span', { class: 'status status-KILLED' }, 'deleted') : null,
      ctx.canWrite ? lifecycleActions({ name: experiment.name, what: 'experiment', deleted,
        api: {
          rename: (name) => mlflow.post('experiments/update',
            { experiment_id: experiment.experiment_id, new_name: name }),
          remove: () => mlflow.post('experiments/delete',
            { experiment_id: experiment.experiment_id }),
          restore: () => mlflow.post('experiments/restore',
            { experiment_id: experiment.experiment_id }),
          purge: ctx.isAdmin
            ? () => purge({ experiment_ids: [experiment.experiment_id] }) : null,
          gone: '#/',
        } }, ctx) : null),
    descriptionSection(byKey(experiment.tags)[NOTE_TAG], ctx.canWrite, async (text) => {
      await mlflow.post('experiments/set-experiment-tag',
        { experiment_id: experiment.experiment_id, key: NOTE_TAG, value: text });
      ctx.refresh();
    }),
    h('form', { class: 'toolbar', onsubmit: (event) => {
      event.preventDefault();
      state.filter = filterInput.value.trim();
      ctx.setParams({ filter: state.filter });
      reload();
    } }, filterInput, h('button', { type: 'submit' }, 'Filter'), viewSelect),
    filterMessage,
    h('div', { class: 'toolbar' }, compareButton, deleteButton, columnsMenu,
      h('span', { class: 'grow' }), pageSizeSelect),
    h('div', { class: 'table-wrap' }, table), pager, models.holder));

  function columns() {
    if (state.cols) return state.cols;
    // Nothing picked yet: the first few metrics and params of what is on screen.
    return [...[...known.m].slice(0, DEFAULT_COLUMNS).map((k) => 'm:' + k),
      ...[...known.p].slice(0, DEFAULT_COLUMNS).map((k) => 'p:' + k)];
  }

  async function reload() {
    tokens = [null];
    pageIndex = 0;
    await loadPage();
  }

  /** Page {@code index}: known pages directly, an unknown earlier one from the start. */
  function goTo(index) {
    if (index > 0 && tokens[index] === undefined) {
      reload();
      return;
    }
    pageIndex = index;
    loadPage();
  }

  async function loadPage() {
    filterMessage.replaceChildren();
    let page;
    try {
      page = await mlflow.post('runs/search', {
        experiment_ids: [experimentId], filter: state.filter, run_view_type: state.view,
        max_results: state.pageSize, order_by: [state.order],
        page_token: tokens[pageIndex] || undefined,
      });
    } catch (e) {
      if (!ctx.live()) return;
      // A bad filter or order is the user's to fix: show MLflow's message by the box.
      filterMessage.append(errorBox(e));
      return;
    }
    if (!ctx.live()) return;
    runs = page.runs || [];
    tokens[pageIndex + 1] = page.next_page_token || null;
    ctx.setParams({ p: pageIndex || null, from: pageIndex ? tokens[pageIndex] : null });
    for (const run of runs) {
      for (const p of run.data.params || []) known.p.add(p.key);
      for (const m of run.data.metrics || []) known.m.add(m.key);
    }
    renderTable();
    renderPager();
    renderColumnsMenu();
    performance.mark('labtrack:runs-table');
  }

  function sortHeader(label, order, extraClass) {
    const current = state.order.startsWith(order + ' ') || state.order === order;
    const desc = current && / DESC$/i.test(state.order);
    return h('th', { class: (order ? 'sortable ' : '') + (extraClass || ''),
      'aria-sort': current ? (desc ? 'descending' : 'ascending') : undefined,
      onclick: order ? () => {
        state.order = order + (current && desc ? ' ASC' : ' DESC');
        ctx.setParams({ order: state.order === 'attributes.start_time DESC' ? null : state.order });
        reload();
      } : undefined }, label, current ? (desc ? ' ▼' : ' ▲') : '');
  }

  function renderTable() {
    const cols = columns();
    const head = h('tr', {}, h('th', { class: 'check' }, h('input', { type: 'checkbox',
      'aria-label': 'Select all on this page',
      onchange: (event) => {
        for (const run of runs) {
          if (event.target.checked) selected.add(run.info.run_id);
          else selected.delete(run.info.run_id);
        }
        renderTable();
        updateButtons();
      } })),
    ATTRIBUTES.map((a) => sortHeader(a.label, a.order)),
    cols.map((c) => sortHeader(c.slice(2), orderKey(c[0], c.slice(2)),
      c[0] === 'p' ? 'param' : 'metric')));
    const body = document.createDocumentFragment();
    const names = new Map(runs.map((r) => [r.info.run_id, r.info.run_name || r.info.run_id]));
    for (const run of runs) {
      const info = run.info;
      const params = byKey(run.data.params);
      const metrics = byKey(run.data.metrics);
      const parent = byKey(run.data.tags)['mlflow.parentRunId'];
      body.append(h('tr', { dataset: { runId: info.run_id } },
        h('td', { class: 'check' }, h('input', { type: 'checkbox', checked: selected.has(info.run_id),
          'aria-label': 'Select ' + (info.run_name || info.run_id),
          onchange: (event) => {
            if (event.target.checked) selected.add(info.run_id);
            else selected.delete(info.run_id);
            updateButtons();
          } })),
        h('td', {}, parent ? h('span', { class: 'child-mark dim',
          title: 'Child of ' + (names.get(parent) || parent) }, '↳ ') : null,
        h('span', { class: 'swatch', style: `background:${runColour(info.run_id)}` }),
        h('a', { href: `#/runs/${info.run_id}` }, info.run_name || info.run_id)),
        h('td', {}, h('span', { class: 'status status-' + info.status }, info.status)),
        h('td', {}, info.user_id),
        h('td', { class: 'nowrap' }, fmtTime(info.start_time)),
        h('td', { class: 'num' }, fmtDuration(info.start_time, info.end_time)),
        cols.map((c) => c[0] === 'p'
          ? h('td', { class: 'mono' }, params[c.slice(2)] ?? '')
          : h('td', { class: 'num' }, fmtNumber(metrics[c.slice(2)])))));
    }
    if (!runs.length) {
      body.append(h('tr', {}, h('td', { colspan: 6 + cols.length, class: 'empty' },
        state.filter ? 'No runs match the filter.' : 'No runs yet.')));
    }
    clear(table).append(h('thead', {}, head), h('tbody', {}, body));
  }

  function renderPager() {
    const from = pageIndex * state.pageSize + 1;
    clear(pager).append(
      h('button', { type: 'button', disabled: pageIndex === 0,
        onclick: () => goTo(pageIndex - 1) }, '‹ Previous'),
      h('span', { class: 'dim' }, runs.length
        ? `Runs ${from}–${from + runs.length - 1}` : ''),
      h('button', { type: 'button', disabled: !tokens[pageIndex + 1],
        onclick: () => goTo(pageIndex + 1) }, 'Next ›'));
  }

  function renderColumnsMenu() {
    const cols = new Set(columns());
    const option = (kind, key) => {
      const id = kind + ':' + key;
      return h('label', {}, h('input', { type: 'checkbox', checked: cols.has(id),
        onchange: (event) => {
          const next = columns().filter((c) => c !== id);
          if (event.target.checked) next.push(id);
          state.cols = next;
          ctx.setParams({ cols: next.join(',') || ',' });
          renderTable();
        } }), ' ' + key);
    };
    const open = columnsMenu.open;
    clear(columnsMenu).append(h('summary', {}, 'Columns'),
      h('div', { class: 'menu' },
        h('h4', {}, 'Metrics'), [...known.m].sort().map((k) => option('m', k)),
        h('h4', {}, 'Parameters'), [...known.p].sort().map((k) => option('p', k))));
    columnsMenu.open = open;
  }

  function updateButtons() {
    compareButton.disabled = selected.size < 2 || selected.size > 100;
    compareButton.textContent = `Compare (${selected.size})`;
    if (deleteButton) {
      deleteButton.disabled = selected.size === 0;
      deleteButton.textContent = `Delete (${selected.size})`;
    }
  }

  async function deleteSelected() {
    if (!confirm(`Delete ${selected.size} run(s)? They can be restored from "deleted".`)) return;
    try {
      for (const id of selected) await mlflow.post('runs/delete', { run_id: id });
      selected.clear();
      updateButtons();
      await loadPage();
    } catch (e) {
      filterMessage.append(errorBox(e));
    }
  }

  updateButtons();
  await loadPage();
  // After the runs, which the page is for.
  models.load();
}

const MAX_MODELS = 100;

/** MLflow 3's LoggedModels of the experiment, newest first, filled in by {@code load()}. */
function loggedModels(experiment, ctx) {
  const holder = h('div', {});
  const load = () => mlflow.post('logged-models/search', {
    // One more than is listed: a full page carries a token even when nothing follows it.
    experiment_ids: [experiment.experiment_id], max_results: MAX_MODELS + 1 }).then((page) => {
    const more = (page.models || []).length > MAX_MODELS;
    const models = (page.models || []).slice(0, MAX_MODELS);
    if (!ctx.live() || !models.length) return;
    holder.append(h('h2', {}, `Logged models (${models.length}${more ? '+' : ''})`),
      h('div', { class: 'table-wrap' }, h('table', { class: 'grid', id: 'experiment-models' },
        h('thead', {}, h('tr', {}, ['Name', 'Model ID', 'Type', 'Status', 'Source run',
          'Created', 'Metrics'].map((c) => h('th', {}, c)))),
        h('tbody', {}, models.map(({ info, data }) => h('tr',
          { dataset: { modelId: info.model_id } },
          h('td', {}, h('a', { href: loggedModelHref(info.model_id) },
            info.name || info.model_id)),
          h('td', { class: 'mono' }, info.model_id),
          h('td', {}, info.model_type || ''),
          h('td', {}, loggedModelStatus(info.status)),
          h('td', {}, info.source_run_id ? h('a', { href: `#/runs/${info.source_run_id}`,
            class: 'mono' }, info.source_run_id.slice(0, 8)) : ''),
          h('td', { class: 'nowrap' }, fmtTime(info.creation_timestamp_ms)),
          h('td', { class: 'mono small' }, (data?.metrics || []).slice(0, 4)
            .map((m) => `${m.key}=${fmtNumber(m.value)}`).join(' '))))))));
  }, () => {});
  return { holder, load };
}
