// Experiments list: search by name (or MLflow's experiment filter syntax), paged; the deleted
// ones on a list of their own.
import { mlflow } from '../api.js';
import { h, errorBox, fmtTime } from '../dom.js';
import { searchList } from './search-list.js';

const PAGE = 100;

export async function experimentsView(root, route, ctx) {
  ctx.setCrumbs([]);
  // Deleted experiments are listed apart, where they can be opened to restore (or purge) them.
  const deleted = route.params.get('view') === 'deleted';
  await searchList(root, route, ctx, {
    id: 'experiments',
    title: deleted ? 'Deleted experiments' : 'Experiments',
    titleExtra: [ctx.canWrite && !deleted ? createForm() : null,
      h('a', { href: deleted ? '#/' : '#/?view=deleted', id: 'experiments-view' },
        deleted ? 'Active experiments' : 'Deleted experiments')],
    placeholder: "Search experiments: a name, or  tags.team = 'vision'",
    columns: ['Name', 'ID', 'Created', 'Last update', 'Artifact location'],
    emptyText: deleted ? 'No deleted experiments.' : 'No experiments yet.',
    fetchPage: async (filter, token) => {
      const page = await mlflow.post('experiments/search', { max_results: PAGE, filter,
        view_type: deleted ? 'DELETED_ONLY' : 'ACTIVE_ONLY',
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
