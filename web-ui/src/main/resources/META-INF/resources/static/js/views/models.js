// The model registry: registered models searched by name, and one model's versions with their
// stage, aliases, status and the run (or MLflow 3 logged model) they came from. Editors write
// the model's and a version's description and tags, set or remove aliases, change a version's
// stage and delete versions or the model.
import { mlflow, quoted } from '../api.js';
import { h, errorBox, fmtTime } from '../dom.js';
import { searchList } from './search-list.js';
import { descriptionSection } from './description.js';
import { changer } from './actions.js';
import { tagsEditor } from './tags.js';

const PAGE = 100;

export async function modelsView(root, route, ctx) {
  ctx.setCrumbs([]);
  await searchList(root, route, ctx, {
    id: 'models',
    title: 'Registered models',
    placeholder: "Search models: a name, or  tags.task = 'vision'",
    columns: ['Name', 'Latest versions', 'Aliases', 'Last update', 'Description'],
    emptyText: 'No registered models yet.',
    fetchPage: async (filter, token) => {
      const page = await mlflow.get('registered-models/search', { max_results: PAGE, filter,
        order_by: 'name ASC', page_token: token });
      return { items: page.registered_models, token: page.next_page_token };
    },
    row: (m) => h('tr', {},
      h('td', {}, h('a', { href: modelHref(m.name) }, m.name)),
      h('td', {}, (m.latest_versions || []).sort((a, b) => b.version - a.version)
        .map((v) => versionLink(m.name, v.version, v.current_stage))),
      h('td', {}, aliasBadges(m.aliases)),
      h('td', { class: 'nowrap' }, fmtTime(m.last_updated_timestamp)),
      h('td', { class: 'dim' }, firstLine(m.description))),
  });
}

export async function modelView(root, name, route, ctx) {
  const { registered_model: model } = await mlflow.get('registered-models/get', { name });
  if (!ctx.live()) return;
  ctx.setCrumbs([{ label: model.name }]);
  const highlighted = route.params.get('version');
  const body = h('tbody');
  const more = h('button', { type: 'button', hidden: true }, 'Load more');
  const message = h('div', {});
  // Editors change a version's stage in place and may delete it (a column of its own).
  const act = ctx.canWrite ? changer(message, ctx) : null;
  const columns = ['Version', 'Registered', 'Stage', 'Aliases', 'Status', 'Source', 'User',
    'Description', ...(act ? [''] : [])];
  let token = null;

  async function load() {
    try {
      const page = await mlflow.get('model-versions/search', { max_results: PAGE,
        filter: 'name = ' + quoted(model.name),
        order_by: 'version_number DESC', page_token: token });
      if (!ctx.live()) return;
      for (const v of page.model_versions || []) {
        body.append(versionRow(v, highlighted, act, ctx));
      }
      if (!body.firstChild) {
        body.append(h('tr', {}, h('td', { colspan: columns.length, class: 'empty' },
          'No versions.')));
      }
      token = page.next_page_token || null;
      more.hidden = !token;
    } catch (e) {
      message.append(errorBox(e));
    }
  }

  const tags = model.tags || [];
  root.append(h('section', {},
    h('div', { class: 'titlebar' }, h('h1', {}, model.name), aliasBadges(model.aliases),
      act ? h('button', { type: 'button', class: 'danger', onclick: () => {
        if (!confirm(`Delete ${model.name} and all its versions? It cannot be undone.`)) return;
        mlflow.delete('registered-models/delete', { name: model.name }).then(() => {
          location.hash = '#/models';
        }, (e) => message.replaceChildren(errorBox(e)));
      } }, 'Delete model') : null),
    h('dl', { class: 'overview' },
      h('dt', {}, 'Created'), h('dd', {}, fmtTime(model.creation_timestamp)),
      h('dt', {}, 'Last update'), h('dd', {}, fmtTime(model.last_updated_timestamp))),
    descriptionSection(model.description, ctx.canWrite, async (text) => {
      await mlflow.patch('registered-models/update', { name: model.name, description: text });
      ctx.refresh();
    }),
    ctx.canWrite ? aliasEditor(model, ctx) : null,
    tags.length || ctx.canWrite ? [h('h2', {}, 'Tags'), tagsEditor({ id: 'model-tags',
      field: 'model-tag', tags, canWrite: ctx.canWrite,
      set: (key, value) => mlflow.post('registered-models/set-tag',
        { name: model.name, key, value }),
      remove: (key) => mlflow.delete('registered-models/delete-tag',
        { name: model.name, key }) }, ctx)] : null,
    h('h2', {}, 'Versions'), message,
    h('table', { class: 'grid', id: 'versions' },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', {}, c)))),
      body),
    more));
  more.addEventListener('click', load);
  await load();
}

const STAGES = ['None', 'Staging', 'Production', 'Archived'];

/**
 * One version; with {@code act} (editors) its stage is a picker, its description and tags are
 * editable and it can be deleted.
 */
function versionRow(v, highlighted, act, ctx) {
  const key = { name: v.name, version: v.version };
  const stage = act
    ? h('select', { name: 'stage', 'aria-label': `Stage of version ${v.version}`,
      onchange: (e) => act(() => mlflow.post('model-versions/transition-stage',
        { ...key, stage: e.target.value, archive_existing_versions: false })) },
    STAGES.map((st) => h('option', { value: st, selected: st === (v.current_stage || 'None') },
      st)))
    : v.current_stage && v.current_stage !== 'None'
      ? h('span', { class: 'status stage-' + v.current_stage }, v.current_stage) : '';
  return h('tr', { dataset: { version: v.version },
    class: v.version === highlighted ? 'selected' : undefined },
  h('td', { class: 'num' }, 'Version ' + v.version),
  h('td', { class: 'nowrap' }, fmtTime(v.creation_timestamp)),
  h('td', {}, stage),
  h('td', {}, (v.aliases || []).map((a) => h('span', { class: 'alias' }, '@' + a))),
  h('td', {}, (v.status || '').replace('_', ' '),
    v.status_message ? h('div', { class: 'dim small' }, v.status_message) : null),
  h('td', {}, sourceLink(v)),
  h('td', {}, v.user_id || ''),
  h('td', {}, act ? descriptionSection(v.description, true, (text) => act(() => mlflow.patch(
    'model-versions/update', { ...key, description: text })), `version-${v.version}-description`)
    : v.description || '', versionTags(v, act, ctx)),
  act ? h('td', {}, h('button', { type: 'button', class: 'link danger',
    'aria-label': `Delete version ${v.version}`, onclick: () => {
      if (confirm(`Delete version ${v.version}? This cannot be undone.`)) {
        act(() => mlflow.delete('model-versions/delete', key));
      }
    } }, 'Delete')) : null);
}

/** A version's tags: "key=value" for readers; for editors, the tag editor, folded away. */
function versionTags(v, act, ctx) {
  const tags = v.tags || [];
  if (!act) {
    return tags.length ? h('div', { class: 'dim small mono' },
      tags.map((t) => `${t.key}=${t.value}`).join(', ')) : null;
  }
  const key = { name: v.name, version: v.version };
  return h('details', { class: 'version-tags', open: tags.length > 0 },
    h('summary', {}, `Tags (${tags.length})`),
    tagsEditor({ id: `version-${v.version}-tags`, field: `version-${v.version}-tag`,
      of: 'version ' + v.version, tags, canWrite: true,
      set: (k, value) => mlflow.post('model-versions/set-tag', { ...key, key: k, value }),
      remove: (k) => mlflow.delete('model-versions/delete-tag', { ...key, key: k }) }, ctx));
}

/** The run a version came from, else its MLflow 3 logged model, else its source URI. */
function sourceLink(v) {
  if (v.run_id) {
    return h('a', { href: `#/runs/${encodeURIComponent(v.run_id)}`, class: 'mono',
      title: v.source }, 'run ' + v.run_id.slice(0, 8));
  }
  return h('span', { class: 'mono wrap' }, v.model_id ? v.model_id : v.source || '');
}

export function modelHref(name, version) {
  return `#/models/${encodeURIComponent(name)}`
    + (version ? `?version=${encodeURIComponent(version)}` : '');
}

export function versionLink(name, version, stage) {
  return h('a', { href: modelHref(name, version), class: 'version' },
    'v' + version + (stage && stage !== 'None' ? ` (${stage})` : ''));
}

/** Editors only: point an alias at a version (moving it if it exists), or remove one. */
function aliasEditor(model, ctx) {
  const message = h('div', {});
  const act = changer(message, ctx);
  const alias = h('input', { name: 'alias', placeholder: 'alias', required: true,
    'aria-label': 'Alias' });
  const version = h('input', { name: 'alias-version', placeholder: 'version', required: true,
    inputmode: 'numeric', size: 6, 'aria-label': 'Version' });
  return h('div', { class: 'alias-editor' },
    h('form', { class: 'inline', onsubmit: (event) => {
      event.preventDefault();
      act(() => mlflow.post('registered-models/alias', { name: model.name,
        alias: alias.value.trim(), version: version.value.trim() }));
    } }, alias, version, h('button', { type: 'submit' }, 'Set alias')),
    ' ',
    (model.aliases || []).map((a) => h('button', { type: 'button', class: 'link danger',
      'aria-label': 'Remove alias ' + a.alias,
      onclick: () => act(() => mlflow.delete('registered-models/alias',
        { name: model.name, alias: a.alias })) }, `remove @${a.alias} `)),
    message);
}

function aliasBadges(aliases) {
  return (aliases || []).map((a) => h('span', { class: 'alias', title: 'version ' + a.version },
    '@' + a.alias + ' → v' + a.version));
}

function firstLine(text) {
  return (text || '').split('\n')[0].slice(0, 200);
}
