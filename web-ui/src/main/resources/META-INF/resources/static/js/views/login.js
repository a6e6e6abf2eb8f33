// Sign-in form: the gateway checks the password like Basic and answers with a session cookie.
import { session } from '../api.js';
import { h, errorBox } from '../dom.js';

export function loginView(onSignedIn) {
  const error = h('div', { class: 'login-error' });
  const username = h('input', { name: 'username', autocomplete: 'username', required: true,
    autofocus: true });
  const password = h('input', { name: 'password', type: 'password',
    autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'login', onsubmit: async (event) => {
    event.preventDefault();
    button.disabled = true;
    error.replaceChildren();
    try {
      await onSignedIn(await session.signIn(username.value, password.value));
    } catch (e) {
      error.append(errorBox(e));
      button.disabled = false;
      password.select();
    }
  } },
  h('h1', {}, 'Sign in to LabTrack'),
  h('label', {}, 'User', username),
  h('label', {}, 'Password', password),
  button, error,
  h('p', { class: 'hint' }, 'The same user and password as MLFLOW_TRACKING_USERNAME and '
    + 'MLFLOW_TRACKING_PASSWORD.'));
  return form;
}
