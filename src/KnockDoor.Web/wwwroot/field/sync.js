// Fresh data down: GET /api/v1/sync with the token of the last answer. Without a token, or when the server
// answers full, the answer replaces the local tasks and visits; otherwise it is merged in. The task list and the
// form read only from here, so they work without a network.
import * as api from './api.js';
import * as db from './db.js';

/** One sync; returns the server's answer once it is stored. */
export async function pull(deviceId) {
  const since = await db.getMeta('syncToken');
  const data = await api.sync(since, deviceId);
  for (const t of data.templates || []) api.withDefinition(t);
  await db.applySync(data, !since || !!data.full);
  return data;
}

export const lastSyncAt = () => db.getMeta('lastSyncAt');

const byVersionDesc = (a, b) => b.version - a.version;

/** The current template of a kind ('Household'): the highest version the server has sent. */
export async function currentTemplate(kind) {
  const all = (await db.allTemplates()).filter((t) => String(t.kind).toLowerCase() === kind.toLowerCase());
  return all.sort(byVersionDesc)[0] || null;
}

/** A template by id: from the phone, or (online) from the server, then kept. */
export async function template(id) {
  const local = await db.getTemplate(id);
  if (local) return local;
  const t = await api.template(id);
  await db.putTemplate({ id: t.id, kind: t.kind, version: t.version, definition: t.definition });
  return db.getTemplate(id);
}
