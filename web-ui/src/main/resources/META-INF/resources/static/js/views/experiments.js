// Experiments list: search by name (or MLflow's experiment filter syntax), paged.
import { mlflow } from '../api.js';
import { h, errorBox, fmtTime } from '../dom.js';
import { searchList } from './search-list.js';

const PAGE = 100;

export async function experimentsView(root, route, ctx) {
  ctx.setCrumbs([]);
  await searchList(root, route, ctx, {
    id: 'experiments',
    title: 'Experiments',
    titleExtra: ctx.canWrite ? createForm() : null,
    placeholder: "Search experiments: a name, or  tags.team = 'vision'",
    columns: ['Name', 'ID', 'Created', 'Last update', 'Artifact location'],
    emptyText: 'No experiments yet.',
    fetchPage: async (filter, token) => {
      const page = await mlflow.post('experiments/search', { max_results: PAGE, filter,
        order_by: ['last_update_time DESC'], page_token: token });
      return { items: page.experiments, token: page.next_page_token };
    },
    row: (e) => h('tr', {},
      h('td', {}, h('a', { href: `#/experiments/${encodeURIComponent(e.experiment_id)}` },
        e.name)),
      h('td', { class: 'num' }, e.experiment_id),
      h('td', {}, fmtTime(e.creation_time)),
      h('td', {}, fmtTime(e.last_update_time)),
      h('td', { class: 'mono dim' }, e.artifact_location)),
  });
}

/** Editors only: create an experiment and open it. */
function createForm() {
  const name = h('input', { name: 'experiment-name', placeholder: 'New experiment name',
    required: true });
  const error = h('span', {});
  return h('form', { class: 'inline', onsubmit: async (event) => {
    event.preventDefault();
    error.replaceChildren();
    try {
      const created = await mlflow.post('experiments/create', { name: name.value.trim() });
      location.hash = `#/experiments/${encodeURIComponent(created.experiment_id)}`;
    } catch (e) {
      error.append(errorBox(e));
    }
  } }, name, h('button', { type: 'submit' }, 'Create'), error);
}
