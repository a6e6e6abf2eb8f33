// A run's or a logged model's artifacts: a lazily expanded tree and a preview of the selected
// file (text, JSON, YAML, CSV as a table, images), with download. {@code source} says where
// they are read (runArtifacts or modelArtifacts in api.js).
import { head } from '../api.js';
import { h, clear, errorBox, fmtBytes } from '../dom.js';

const PREVIEW_BYTES = 512 * 1024;
const CSV_ROWS = 200;
const IMAGE = /\.(png|jpe?g|gif|svg|webp|bmp)$/i;
const TEXT = /(\.(txt|log|md|py|yaml|yml|json|csv|tsv|cfg|ini|toml|sh|xml|html?)|MLmodel|requirements\.txt|\.gitignore)$/i;

/** What kind of preview a file name gets. */
export function previewKind(path) {
  if (IMAGE.test(path)) return 'image';
  if (/\.json$/i.test(path)) return 'json';
  if (/\.(csv|tsv)$/i.test(path)) return 'csv';
  if (TEXT.test(path) || !/\.[^/]+$/.test(path)) return 'text';
  return 'none';
}

/** Splits CSV (or TSV) text into rows, honouring quoted fields with separators and newlines. */
export function parseCsv(text, separator = ',', maxRows = Infinity) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < maxRows; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === separator) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if ((field !== '' || row.length) && rows.length < maxRows) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function artifactBrowser(source, initial, onSelect) {
  const tree = h('ul', { class: 'tree', id: 'artifact-tree', role: 'tree' });
  const preview = h('div', { class: 'preview', id: 'artifact-preview' },
    h('p', { class: 'empty' }, 'Select a file to preview it.'));
  const root = h('div', { class: 'artifacts' }, tree, preview);
  let current = null;

  async function fill(list, path) {
    let files;
    try {
      files = (await source.list(path)).files || [];
    } catch (e) {
      list.append(h('li', {}, errorBox(e)));
      return;
    }
    if (!files.length && !path) list.append(h('li', { class: 'empty' }, 'No artifacts.'));
    files.sort((a, b) => (b.is_dir - a.is_dir) || a.path.localeCompare(b.path));
    for (const f of files) {
      const label = f.path.split('/').pop();
      if (f.is_dir) {
        const children = h('ul', { hidden: true });
        let loaded = false;
        const toggle = h('button', { type: 'button', class: 'link dir', 'aria-expanded': 'false',
          onclick: async () => {
            children.hidden = !children.hidden;
            toggle.setAttribute('aria-expanded', String(!children.hidden));
            if (!loaded) {
              loaded = true;
              await fill(children, f.path);
            }
          } }, label);
        list.append(h('li', { role: 'treeitem' }, toggle, children));
        if (initial && initial.startsWith(f.path + '/')) toggle.click();
      } else {
        const button = h('button', { type: 'button', class: 'link file', dataset: { path: f.path },
          onclick: () => select(f, button) }, label, h('span', { class: 'dim' }, ' ' + fmtBytes(f.file_size ?? 0)));
        list.append(h('li', { role: 'treeitem' }, button));
        if (initial === f.path) select(f, button);
      }
    }
  }

  // (file_size ?? 0 here and in the list: MLflow leaves the size of an empty file out.)
  async function select(file, button) {
    if (current) current.classList.remove('selected');
    current = button;
    button.classList.add('selected');
    onSelect(file.path);
    const url = source.url(file.path);
    const name = file.path.split('/').pop();
    const body = h('div', { class: 'preview-body' });
    clear(preview).append(h('div', { class: 'preview-head' },
      h('span', { class: 'mono' }, file.path), h('span', { class: 'dim' }, fmtBytes(file.file_size ?? 0)),
      h('a', { href: url, download: name, class: 'button', id: 'artifact-download' }, 'Download')),
    body);
    const kind = previewKind(file.path);
    if (kind === 'image') {
      body.append(h('img', { src: url, alt: name }));
      return;
    }
    if (kind === 'none') {
      body.append(h('p', { class: 'empty' }, 'No preview for this type; download it instead.'));
      return;
    }
    try {
      const { text, truncated } = await head(url, PREVIEW_BYTES);
      if (current !== button) return;
      if (truncated) {
        body.append(h('p', { class: 'dim' }, `Showing the first ${fmtBytes(PREVIEW_BYTES)}.`));
      }
      if (kind === 'json' && !truncated) {
        try {
          body.append(h('pre', { class: 'code' }, JSON.stringify(JSON.parse(text), null, 2)));
          return;
        } catch (e) {
          // not valid JSON: shown as it is
        }
      }
      if (kind === 'csv') {
        const rows = parseCsv(text, /\.tsv$/i.test(file.path) ? '\t' : ',', CSV_ROWS + 1);
        const [head, ...rest] = rows;
        body.append(h('table', { class: 'grid csv' },
          h('thead', {}, h('tr', {}, (head || []).map((c) => h('th', {}, c)))),
          h('tbody', {}, rest.slice(0, CSV_ROWS).map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));
        return;
      }
      body.append(h('pre', { class: 'code' }, text));
    } catch (e) {
      body.append(errorBox(e));
    }
  }

  fill(tree, undefined);
  return root;
}
