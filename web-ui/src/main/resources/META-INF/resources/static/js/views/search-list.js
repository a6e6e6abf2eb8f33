// A searchable, paged list (experiments, registered models): a search box whose plain words
// match names and whose operators pass on as MLflow's filter syntax, a table, "Load more".
import { nameFilter } from '../api.js';
import { h, clear, errorBox } from '../dom.js';

/**
 * {@code fetchPage(filter, token)} answers {items, token}; {@code row(item)} draws one; the
 * URL's {@code q} keeps the search. {@code titleExtra} sits beside the title.
 */
export async function searchList(root, route, ctx,
    { id, title, titleExtra, placeholder, columns, fetchPage, row, emptyText }) {
  const input = h('input', { type: 'search', name: 'q', value: route.params.get('q') || '',
    class: 'grow', placeholder, 'aria-label': placeholder.split(':')[0] });
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
      const page = await fetchPage(nameFilter(input.value), token || undefined);
      if (!ctx.live()) return;
      for (const item of page.items || []) body.append(row(item));
      if (!body.firstChild) {
        body.append(h('tr', {}, h('td', { colspan: columns.length, class: 'empty' },
          input.value.trim() ? 'Nothing matches.' : emptyText)));
      }
      token = page.token || null;
      more.hidden = !token;
    } catch (e) {
      message.append(errorBox(e));
    }
  }

  root.append(h('section', {},
    h('div', { class: 'titlebar' }, h('h1', {}, title), titleExtra),
    h('form', { class: 'toolbar', onsubmit: (event) => {
      event.preventDefault();
      ctx.setParams({ q: input.value.trim() });
      load(true);
    } }, input, h('button', { type: 'submit' }, 'Search')),
    message,
    h('table', { class: 'grid', id },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', {}, c)))), body),
    more));
  more.addEventListener('click', () => load(false));
  await load(true);
}
