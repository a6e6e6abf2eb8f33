// The description of a run or an experiment (MLflow keeps it in the tag mlflow.note.content,
// which mlflow.start_run(description=...) and MLflow's own UI write), of a registered model or
// of a model version.
import { h, errorBox } from '../dom.js';

export const NOTE_TAG = 'mlflow.note.content';

/**
 * The description as plain text (MLflow's UI renders it as Markdown; shown as written here, so
 * nothing in it can run), or null when there is none to show. Editors get a link to write it;
 * {@code save(text)} stores the new text. {@code id} names the text; its link is "edit-" + id.
 */
export function descriptionSection(text, canWrite, save, id = 'description') {
  if (!text && !canWrite) return null;
  const shown = h('div', { class: 'description', id, hidden: !text }, text || '');
  if (!canWrite) return h('div', { class: 'description-box' }, shown);
  const message = h('div', {});
  const editor = h('textarea', { name: 'description', rows: 6, 'aria-label': 'Description' });
  const edit = h('button', { type: 'button', class: 'link', id: 'edit-' + id,
    onclick: () => editing(true) }, text ? 'Edit description' : 'Add a description');
  const form = h('form', { class: 'description-editor', hidden: true, onsubmit: async (event) => {
    event.preventDefault();
    try {
      await save(editor.value);
    } catch (e) {
      message.replaceChildren(errorBox(e));
    }
  } }, editor, h('div', { class: 'toolbar' },
    h('button', { type: 'submit' }, 'Save'),
    h('button', { type: 'button', onclick: () => editing(false) }, 'Cancel')));
  function editing(on) {
    editor.value = text || '';
    form.hidden = !on;
    shown.hidden = on || !text;
    edit.hidden = on;
    message.replaceChildren();
    if (on) editor.focus();
  }
  return h('div', { class: 'description-box' }, shown, edit, form, message);
}
