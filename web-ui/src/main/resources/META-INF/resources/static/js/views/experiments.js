// Experiments list: search by name (or MLflow's experiment filter syntax), paged.
import { mlflow } from '../api.js';
import { h, clear, errorBox, fmtTime } from '../dom.js';

const PAGE = 100;

/** Plain words search names; anything with an operator is passed on as MLflow syntax. */
export function experimentFilter(text) {
  const t = text.trim();
  if (!t) return '';
  if (/[=<>!]|\bLIKE\b|\bILIKE\b/i.test(t)) return t;
  return `name ILIKE '%${t.replace(/'/g, "\\'")}%'`;
}

export async function experimentsView(root, route, ctx) {
  ctx.setCrumbs([{ label: 'Experiments' }]);
  const q = route.params.get('q') || '';
  const input = h('input', { type: 'search', name: 'q', value: q, class: 'grow',
    placeholder: "Search experiments: a name, or  tags.team = 'vision'",
    'aria-label': 'Search experiments' });
  const message = h('div', { class: 'filter-message' });
  const body = h('tbody');
  const more = h('button', { type: 'button', hidden: true }, 'Load more');
  let token = null;

  async function load(reset) {
    if (reset) {
      token = null;
      clear(body);
    }
    message.replaceChildren();
    try {
      const page = await mlflow.post('experiments/search', {
        max_results: PAGE, filter: experimentFilter(input.value),
        order_by: ['last_update_time DESC'], page_token: token || undefined,
      });
      if (!ctx.live()) return;
      for (const e of page.experiments || []) {
        body.append(h('tr', {},
          h('td', {}, h('a', { href: `#/experiments/${encodeURIComponent(e.experiment_id)}` },
            e.name)),
          h('td', { class: 'num' }, e.experiment_id),
          h('td', {}, fmtTime(e.creation_time)),
          h('td', {}, fmtTime(e.last_update_time)),
          h('td', { class: 'mono dim' }, e.artifact_location)));
      }
      if (!body.firstChild) {
        body.append(h('tr', {}, h('td', { colspan: 5, class: 'empty' }, 'No experiments match.')));
      }
      token = page.next_page_token || null;
      more.hidden = !token;
    } catch (e) {
      message.append(errorBox(e));
    }
  }

  const search = h('form', { class: 'toolbar', onsubmit: (event) => {
    event.preventDefault();
    ctx.setParams({ q: input.value.trim() });
    load(true);
  } }, input, h('button', { type: 'submit' }, 'Search'));

  root.append(h('section', {},
    h('div', { class: 'titlebar' }, h('h1', {}, 'Experiments'),
      ctx.canWrite ? createForm() : null),
    search, message,
    h('table', { class: 'grid', id: 'experiments' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'ID'), h('th', {}, 'Created'),
        h('th', {}, 'Last update'), h('th', {}, 'Artifact location'))),
      body),
    more));
  more.addEventListener('click', () => load(false));
  await load(true);
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
