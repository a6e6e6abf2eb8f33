// Every call the UI makes: MLflow's own REST API under /ajax-api (as MLflow's UI does) and
// LabTrack's session and purge endpoints. Errors arrive as MLflow's {error_code, message} JSON.

const UI_HEADER = { 'X-LabTrack-UI': '1' };

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Builds a query string; array values repeat the key (run_ids=a&run_ids=b). */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue;
    for (const item of Array.isArray(v) ? v : [v]) q.append(k, String(item));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

async function request(method, url, body) {
  const init = { method, headers: { ...UI_HEADER }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    throw new ApiError(0, 'NETWORK', 'LabTrack cannot be reached: ' + e.message);
  }
  const text = await response.text();
  let json = {};
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = { message: text.slice(0, 300) };
    }
  }
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new CustomEvent('labtrack:signed-out'));
    throw new ApiError(response.status, json.error_code || 'HTTP_' + response.status,
      json.message || response.statusText);
  }
  return json;
}

/**
 * A value as a string literal of MLflow's search syntax. MLflow keeps a backslash in a literal
 * as it is (name = 'it\'s' looks for a backslash), so a value with a single quote is
 * put in double quotes, which its parser takes too; one with both kinds cannot be written.
 */
export function quoted(value) {
  const text = String(value);
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text}'`;
}

/** Plain words search names; anything with an operator is passed on as MLflow syntax. */
export function nameFilter(text) {
  const t = text.trim();
  if (!t) return '';
  if (/[=<>!]|\bLIKE\b|\bILIKE\b/i.test(t)) return t;
  return `name ILIKE ${quoted('%' + t + '%')}`;
}

/**
 * MLflow's tracking API: get('runs/get', {run_id}) or post('runs/search', {...}); the registry's
 * PATCH and DELETE calls carry their fields as JSON, as MLflow's client sends them.
 */
export const mlflow = {
  get: (path, params) => request('GET', '/ajax-api/2.0/mlflow/' + path + query(params)),
  post: (path, body) => request('POST', '/ajax-api/2.0/mlflow/' + path, body || {}),
  patch: (path, body) => request('PATCH', '/ajax-api/2.0/mlflow/' + path, body || {}),
  delete: (path, body) => request('DELETE', '/ajax-api/2.0/mlflow/' + path, body || {}),
};

/** LabTrack's purge ({@code mlflow gc}), for admins: {run_ids} or {experiment_ids}. */
export function purge(body) {
  return request('POST', '/ajax-api/labtrack/v1/gc', body);
}

export const session = {
  current: () => request('GET', '/ajax-api/labtrack/v1/users/current'),
  signIn: (username, password) =>
    request('POST', '/ajax-api/labtrack/v1/session', { username, password }),
  signOut: () => request('DELETE', '/ajax-api/labtrack/v1/session'),
};

/**
 * Where the artifact browser reads a run's files: MLflow's run-scoped listing and
 * /get-artifact, which the session cookie authorises, so <img> and download links need no
 * extra header.
 */
export function runArtifacts(runId) {
  return {
    list: (path) => request('GET', '/ajax-api/2.0/mlflow/artifacts/list'
      + query({ run_id: runId, path })),
    url: (path) => '/get-artifact' + query({ path, run_uuid: runId }),
  };
}

/** The same for an MLflow 3 logged model's files, kept under the model's own root. */
export function modelArtifacts(modelId) {
  const base = '/ajax-api/2.0/mlflow/logged-models/' + encodeURIComponent(modelId) + '/artifacts';
  return {
    list: (path) => request('GET', base + '/directories'
      + query({ artifact_directory_path: path })),
    url: (path) => base + '/files' + query({ artifact_file_path: path }),
  };
}

/** The first {@code limit} bytes of the file at {@code url} as text, and whether there is more. */
export async function head(url, limit) {
  const response = await fetch(url, {
    headers: { ...UI_HEADER, Range: 'bytes=0-' + (limit - 1) },
    credentials: 'same-origin',
  });
  if (response.status === 416) {
    // No byte 0 to send: the file is empty.
    return { text: '', truncated: false, total: 0 };
  }
  if (!response.ok) {
    throw new ApiError(response.status, 'HTTP_' + response.status, await response.text());
  }
  const buffer = await response.arrayBuffer();
  const range = response.headers.get('Content-Range');
  const total = range ? Number(range.split('/')[1]) : buffer.byteLength;
  const bytes = new Uint8Array(buffer, 0, Math.min(buffer.byteLength, limit));
  return { text: new TextDecoder().decode(bytes), truncated: total > limit, total };
}

/** Pages through a search RPC until it is exhausted or {@code cap} items are in. */
export async function searchAll(path, body, field, cap) {
  const items = [];
  let token;
  do {
    const page = await mlflow.post(path, { ...body, page_token: token });
    items.push(...(page[field] || []));
    token = page.next_page_token;
  } while (token && items.length < cap);
  return items;
}
