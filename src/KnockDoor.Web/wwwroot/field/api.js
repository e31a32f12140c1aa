// The server API (/api/v1): every call with the sign-in cookie; errors as ApiError (status, code, Chinese message).

export const AppVersion = self.KnockDoorFieldVersion;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** True when the request never got an answer to act on (offline, timeout, 5xx, 408, 429): the work is tried again later. */
export const isNetworkError = (e) => !(e instanceof ApiError) || e.status >= 500 || e.status === 408 || e.status === 429;

/** The sign-in has expired or was ended: everything stays on the phone until the worker signs in again. */
export const isSignedOut = (e) => e instanceof ApiError && e.status === 401;

/** A request that hangs on a weak line is given up after `timeout` ms (and counts as a network error). */
function deadline(ms) {
  if (AbortSignal.timeout) return AbortSignal.timeout(ms);
  const c = new AbortController();
  setTimeout(() => c.abort(), ms);
  return c.signal;
}

async function request(method, url, body, timeout = 30_000) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' }, signal: deadline(timeout) };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const message = (data && (data.detail || data.title)) || `服务器返回 ${res.status}`;
    throw new ApiError(res.status, (data && data.code) || '', message);
  }
  return { status: res.status, data };
}

export const me = async () => (await request('GET', '/api/v1/auth/me', undefined, 15_000)).data;
export const orgUnits = async () => (await request('GET', '/api/v1/org-units')).data;

export function withDefinition(t) {
  if (t && typeof t.definition === 'string') t.definition = JSON.parse(t.definition);
  return t;
}
export const template = async (id) => withDefinition((await request('GET', `/api/v1/checklists/templates/${id}`)).data);

/** Fresh data since the token (all of it without one): tasks, removed targets, templates, recent visits. */
export async function sync(since, device) {
  const query = new URLSearchParams({ device });
  if (since) query.set('since', since);
  return (await request('GET', `/api/v1/sync?${query}`, undefined, 120_000)).data;
}

export const deviceStatus = (status) => request('POST', '/api/v1/devices/status', status, 15_000);

export const postVisit = (visit) => request('POST', '/api/v1/visits', visit, 60_000);

export function postPhoto(visitId, photo) {
  const form = new FormData();
  form.append('file', photo.blob, `${photo.id}.jpg`);
  if (photo.itemCode) form.append('itemCode', photo.itemCode);
  // Up to 1 MB on a 400 kbit/s line: about 20 s, more on a worse one.
  return request('POST', `/api/v1/visits/${visitId}/photos/${photo.id}`, form, 180_000);
}

/** Signs out through the office page's form (it carries the antiforgery token). Throws when the server can't be reached. */
export async function signOut() {
  const html = await (await fetch('/', { credentials: 'same-origin', signal: deadline(30_000) })).text();
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const form = doc.querySelector('form[action="/Account/Logout"]');
  if (!form) return;
  await fetch('/Account/Logout', { method: 'POST', credentials: 'same-origin', body: new FormData(form), signal: deadline(30_000) });
}
