// The UI's shell: who is signed in, which view the URL names, and the breadcrumbs.
// Every view lives at a hash URL (#/experiments/1?filter=...) that reproduces it when shared.
import { session, ApiError } from './api.js';
import { h, clear, errorBox } from './dom.js';
import { experimentsView } from './views/experiments.js';
import { experimentView } from './views/experiment.js';
import { runView } from './views/run.js';
import { compareView } from './views/compare.js';
import { modelHref, modelsView, modelView } from './views/models.js';
import { loggedModelHref, loggedModelView } from './views/logged-model.js';
import { loginView } from './views/login.js';

const app = document.getElementById('app');
const crumbs = document.getElementById('crumbs');
const who = document.getElementById('who');
let user = null;
let generation = 0;

/** The current hash as {parts: ['runs', 'abc'], params: URLSearchParams}. */
export function currentRoute() {
  const hash = location.hash.replace(/^#\/?/, '');
  const q = hash.indexOf('?');
  const path = q < 0 ? hash : hash.slice(0, q);
  return {
    parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(q < 0 ? '' : hash.slice(q + 1)),
  };
}

/** Rewrites the current URL's query without re-rendering, so the address bar always
 *  reproduces what is on screen (filter, sort, columns, chart settings). */
function setParams(changes) {
  const route = currentRoute();
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === '' || v === false) route.params.delete(k);
    else route.params.set(k, String(v));
  }
  const q = route.params.toString();
  const hash = '#/' + route.parts.map(encodeURIComponent).join('/') + (q ? '?' + q : '');
  history.replaceState(null, '', hash);
}

/** The path below the section (Experiments or Models) the top bar's links name. */
function setCrumbs(items) {
  clear(crumbs);
  items.forEach((item, i) => {
    if (i) crumbs.append(h('span', { class: 'sep' }, '›'));
    crumbs.append(item.href ? h('a', { href: item.href }, item.label)
      : h('span', {}, item.label));
  });
}

function showUser() {
  clear(who);
  document.querySelector('nav.sections').hidden = !user;
  if (!user) return;
  who.append(h('span', { class: 'user', title: 'Signed in via ' + user.auth }, user.user),
    h('span', { class: 'role role-' + user.role }, user.role),
    h('button', { class: 'link', type: 'button', onclick: signOut }, 'Sign out'));
}

async function signOut() {
  try {
    await session.signOut();
  } catch (e) {
    // already signed out
  }
  user = null;
  render();
}

/**
 * LabTrack's URL for a link into MLflow's own UI, or null: MLflow's client prints
 * ".../#/experiments/1/runs/<id>" after every run, and labs share MLflow's logged model, model
 * version and compare links.
 */
function fromMlflowLink(route) {
  const [section, id, sub, subId] = route.parts;
  if (section === 'experiments' && sub === 'runs' && subId) {
    return '#/runs/' + encodeURIComponent(subId);
  }
  if (section === 'experiments' && sub === 'models' && subId) {
    return loggedModelHref(subId);
  }
  if (section === 'models' && id && sub === 'versions' && subId) {
    return modelHref(id, subId);
  }
  if (section === 'compare-runs') {
    let ids = [];
    try {
      ids = JSON.parse(route.params.get('runs') || '[]');
    } catch (e) {
      // not MLflow's list: nothing to compare
    }
    return '#/compare?runs=' + (Array.isArray(ids) ? ids : []).map(encodeURIComponent).join(',');
  }
  return null;
}

async function render() {
  const mine = ++generation;
  const route = currentRoute();
  const canonical = fromMlflowLink(route);
  if (canonical) {
    history.replaceState(null, '', canonical);
    return render();
  }
  if (!user) {
    try {
      user = await session.current();
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) {
        clear(app).append(errorBox(e));
        return;
      }
    }
  }
  showUser();
  if (!user) {
    setCrumbs([]);
    clear(app).append(loginView(async (signedIn) => {
      user = null;
      await render();
      return signedIn;
    }));
    return;
  }
  const ctx = {
    user,
    canWrite: user.role === 'editor' || user.role === 'admin',
    isAdmin: user.role === 'admin',
    setParams,
    setCrumbs,
    /** False once the user has navigated elsewhere: late answers must not paint. */
    live: () => mine === generation,
    /** Draws the current view again, after a change made through it. */
    refresh: render,
  };
  const [section, id] = route.parts;
  for (const link of document.querySelectorAll('nav.sections a')) {
    link.classList.toggle('active', link.dataset.section === (section === 'models' ? 'models'
      : 'experiments'));
  }
  clear(app);
  try {
    if (!section) await experimentsView(app, route, ctx);
    else if (section === 'experiments' && id) await experimentView(app, id, route, ctx);
    else if (section === 'runs' && id) await runView(app, id, route, ctx);
    else if (section === 'compare') await compareView(app, route, ctx);
    else if (section === 'models' && id) await modelView(app, id, route, ctx);
    else if (section === 'models') await modelsView(app, route, ctx);
    else if (section === 'logged-models' && id) await loggedModelView(app, id, route, ctx);
    else app.append(h('p', {}, 'Nothing here. ', h('a', { href: '#/' }, 'Experiments')));
  } catch (e) {
    if (mine === generation && !(e instanceof ApiError && e.status === 401)) {
      app.append(errorBox(e));
    }
  }
}

window.addEventListener('hashchange', render);
window.addEventListener('labtrack:signed-out', () => {
  if (user) {
    user = null;
    render();
  }
});
render();
