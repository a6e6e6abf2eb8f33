// Editors' rename, delete and restore of a run or an experiment (MLflow deletes softly: both
// can be restored), and admins' permanent delete of a deleted one (LabTrack's purge).
import { h, errorBox } from '../dom.js';

/** Runs a change, then draws the view again; a refusal shows in {@code message}. */
export function changer(message, ctx) {
  return async (call) => {
    try {
      await call();
      ctx.refresh();
    } catch (e) {
      message.replaceChildren(errorBox(e));
    }
  };
}

/**
 * {@code api} has rename(name), remove() and restore(), each a promise, and for admins purge(),
 * which answers the purge's report, and {@code gone}, where to go once the thing is purged;
 * {@code what} names the thing in the confirmation ("run", "experiment"). The view is drawn
 * again after a change.
 */
export function lifecycleActions({ name, deleted, what, api }, ctx) {
  const message = h('span', {});
  const act = changer(message, ctx);
  const nameInput = h('input', { name: 'rename-' + what, value: name || '', required: true,
    'aria-label': `New ${what} name` });
  return h('div', { class: 'actions' },
    h('form', { class: 'inline', onsubmit: (event) => {
      event.preventDefault();
      act(() => api.rename(nameInput.value.trim()));
    } }, nameInput, h('button', { type: 'submit' }, 'Rename')),
    deleted
      ? h('button', { type: 'button', onclick: () => act(api.restore) }, 'Restore')
      : h('button', { type: 'button', class: 'danger', onclick: () => {
        if (confirm(`Delete this ${what}? It can be restored later.`)) act(api.remove);
      } }, `Delete ${what}`),
    deleted && api.purge ? h('button', { type: 'button', class: 'danger', onclick: async () => {
      if (!confirm(`Delete this ${what} and its files for good? It cannot be undone.`)) return;
      try {
        const kept = ((await api.purge()).kept || [])[0];
        if (kept) message.replaceChildren(errorBox({ message: 'Kept: ' + kept.reason }));
        else location.hash = api.gone;
      } catch (e) {
        message.replaceChildren(errorBox(e));
      }
    } }, 'Delete permanently') : null,
    message);
}
