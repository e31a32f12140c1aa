// The server API (/api/v1): every call with the sign-in cookie; errors as ApiError (status, code, Chinese message).

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** True when the request never reached the server (offline, timeout): the work stays in the outbox. */
export const isNetworkError = (e) => !(e instanceof ApiError) || e.status >= 500;

async function request(method, url, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
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

export const me = async () => (await request('GET', '/api/v1/auth/me')).data;
export const myTasks = async () => (await request('GET', '/api/v1/my/tasks')).data;

function withDefinition(t) {
  if (t && typeof t.definition === 'string') t.definition = JSON.parse(t.definition);
  return t;
}
export const currentTemplate = async (kind) => withDefinition((await request('GET', `/api/v1/checklists/${kind}/current`)).data);
export const template = async (id) => withDefinition((await request('GET', `/api/v1/checklists/templates/${id}`)).data);

export const postVisit = (visit) => request('POST', '/api/v1/visits', visit);

export function postPhoto(visitId, photo) {
  const form = new FormData();
  form.append('file', photo.blob, `${photo.id}.jpg`);
  if (photo.itemCode) form.append('itemCode', photo.itemCode);
  return request('POST', `/api/v1/visits/${visitId}/photos/${photo.id}`, form);
}

/** Signs out through the office page's form (it carries the antiforgery token). */
export async function signOut() {
  const html = await (await fetch('/', { credentials: 'same-origin' })).text();
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const form = doc.querySelector('form[action="/Account/Logout"]');
  if (!form) return;
  await fetch('/Account/Logout', { method: 'POST', credentials: 'same-origin', body: new FormData(form) });
}
