// Tags of a run, a registered model or a model version: the user's tags in a table, with a
// delete button each and an add form for editors; MLflow's own (mlflow.*) apart, read-only.
import { h, keyValueTable } from '../dom.js';
import { changer } from './actions.js';

/**
 * {@code id} names the table; {@code field} prefixes the form's inputs ({@code <field>-key},
 * {@code <field>-value}); {@code of} ends the buttons' labels ("Delete tag k of version 2").
 * {@code set(key, value)} and {@code remove(key)} answer promises; the view is drawn again after
 * a change, and a refusal shows under the table.
 */
export function tagsEditor({ id, field = 'tag', of = '', tags, canWrite, set, remove }, ctx) {
  const user = (tags || []).filter((t) => !t.key.startsWith('mlflow.'));
  const system = (tags || []).filter((t) => t.key.startsWith('mlflow.'));
  const message = h('div', {});
  const act = changer(message, ctx);
  const suffix = of ? ' of ' + of : '';
  const rows = user.sort((a, b) => a.key.localeCompare(b.key)).map((t) => h('tr', {},
    h('td', {}, t.key), h('td', { class: 'mono wrap' }, t.value),
    canWrite ? h('td', {}, h('button', { class: 'link danger', type: 'button',
      'aria-label': `Delete tag ${t.key}${suffix}`, onclick: () => act(() => remove(t.key)) },
    'Delete')) : null));
  const key = h('input', { name: field + '-key', placeholder: 'key', required: true,
    'aria-label': 'Tag key' + suffix });
  const value = h('input', { name: field + '-value', placeholder: 'value',
    'aria-label': 'Tag value' + suffix });
  return h('div', { class: 'tags' },
    user.length ? h('table', { class: 'grid kv', id }, h('tbody', {}, rows))
      : h('p', { class: 'empty' }, 'No tags.'),
    canWrite ? h('form', { class: 'inline', onsubmit: (event) => {
      event.preventDefault();
      act(() => set(key.value.trim(), value.value));
    } }, key, value, h('button', { type: 'submit' }, 'Add tag')) : null,
    message,
    system.length ? h('details', {}, h('summary', {}, `System tags (${system.length})`),
      keyValueTable(id ? 'system-' + id : null, system)) : null);
}
