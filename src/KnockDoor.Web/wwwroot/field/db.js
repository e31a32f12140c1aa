// The phone's storage (IndexedDB). One small database for the device (its id, who is signed in) and one per
// worker: their tasks, templates, recent visits, drafts and outbox. Another worker signing in on the same phone
// opens another database, so they never see or send the first worker's records, and the first finds them again.
import { openDB, deleteDB } from '../lib/idb/idb.js';

const device = openDB('knockdoor-device', 1, {
  upgrade(d) {
    d.createObjectStore('kv');
  },
});

/** The device's id: a UUID made once and kept (device status reports). */
export async function deviceId() {
  const tx = (await device).transaction('kv', 'readwrite');
  let id = await tx.store.get('deviceId');
  if (!id) {
    id = crypto.randomUUID();
    await tx.store.put(id, 'deviceId');
  }
  await tx.done;
  return id;
}

/** The worker whose data the app opens when the server can't be asked (offline, expired sign-in). */
export const signedInUser = async () => (await device).get('kv', 'userId');
export async function setSignedInUser(id) {
  if (id) await (await device).put('kv', id, 'userId');
  else await (await device).delete('kv', 'userId');
}

let userDb = null;
let userDbId = null;

/** Opens the worker's own database; every call below works on it. */
export async function useUser(id) {
  if (userDbId === id) return userDb;
  if (userDb) (await userDb).close();
  userDbId = id;
  userDb = openDB(`knockdoor-field-${id}`, 1, {
    upgrade(d) {
      d.createObjectStore('tasks', { keyPath: 'targetId' });
      d.createObjectStore('templates', { keyPath: 'id' });
      d.createObjectStore('visits', { keyPath: 'id' }).createIndex('targetId', 'targetId');
      d.createObjectStore('drafts', { keyPath: 'targetId' });
      d.createObjectStore('outbox', { keyPath: 'id' });
      d.createObjectStore('meta');
    },
  });
  await migrateLegacy(await userDb);
  return userDb;
}

const user = () => {
  if (!userDb) throw new Error('No worker database is open.');
  return userDb;
};

/**
 * The first version of the app kept one database for everybody (knockdoor-field): its outbox and drafts move
 * into the database of the first worker who opens this version, then it is deleted. Nothing unsent is lost.
 */
async function migrateLegacy(target) {
  const d = await device;
  if (await d.get('kv', 'legacyMoved')) return;
  const legacy = await openDB('knockdoor-field');
  try {
    const names = [...legacy.objectStoreNames];
    for (const store of ['outbox', 'drafts']) {
      if (!names.includes(store)) continue;
      for (const row of await legacy.getAll(store)) {
        if (!(await target.get(store, store === 'outbox' ? row.id : row.targetId))) await target.put(store, row);
      }
    }
  } finally {
    legacy.close();
  }
  await d.put('kv', true, 'legacyMoved');
  // Not awaited: a tab of the old version still holding it would block the start until it closes.
  deleteDB('knockdoor-field').catch(() => {});
}

// ---------- drafts and outbox ----------

export const getDraft = async (targetId) => (await user()).get('drafts', targetId);
export const putDraft = async (draft) => (await user()).put('drafts', draft);
export const deleteDraft = async (targetId) => (await user()).delete('drafts', targetId);
export const draftKeys = async () => (await user()).getAllKeys('drafts');

export const getOutboxItem = async (id) => (await user()).get('outbox', id);
export const putOutboxItem = async (item) => (await user()).put('outbox', item);
export const deleteOutboxItem = async (id) => (await user()).delete('outbox', id);
export const allOutbox = async () => (await user()).getAll('outbox');

/** Puts a refused record back as the draft it came from, in one transaction: it is always in one place or the other. */
export async function outboxToDraft(id, draft) {
  const tx = (await user()).transaction(['outbox', 'drafts'], 'readwrite');
  await Promise.all([tx.objectStore('drafts').put(draft), tx.objectStore('outbox').delete(id), tx.done]);
}

/** Stores a finished visit and removes its draft, in one transaction. */
export async function draftToOutbox(item) {
  const tx = (await user()).transaction(['outbox', 'drafts'], 'readwrite');
  await Promise.all([tx.objectStore('outbox').put(item), tx.objectStore('drafts').delete(item.targetId), tx.done]);
}

// ---------- data from the server (sync) ----------

export const allTasks = async () => (await user()).getAll('tasks');
export const getTask = async (targetId) => (await user()).get('tasks', targetId);
export const getTemplate = async (id) => (await user()).get('templates', id);
export const putTemplate = async (t) => (await user()).put('templates', t);
export const allTemplates = async () => (await user()).getAll('templates');
export const allVisits = async () => (await user()).getAll('visits');
export const visitsOf = async (targetId) => (await user()).getAllFromIndex('visits', 'targetId', targetId);

export const getMeta = async (key) => (await user()).get('meta', key);
export const putMeta = async (key, value) => (await user()).put('meta', value, key);

/**
 * Applies one answer of GET /api/v1/sync in one transaction. full: the answer replaces the tasks and visits;
 * otherwise tasks and visits are upserted and the removed targets (and their visits) deleted. Templates are
 * only added: a draft or an outbox record started on an older version still needs its version.
 */
export async function applySync(data, full) {
  const tx = (await user()).transaction(['tasks', 'templates', 'visits', 'meta'], 'readwrite');
  const tasks = tx.objectStore('tasks');
  const visits = tx.objectStore('visits');
  const templates = tx.objectStore('templates');
  const meta = tx.objectStore('meta');
  const work = [];
  if (full) work.push(tasks.clear(), visits.clear());
  for (const t of data.tasks || []) work.push(tasks.put(t));
  for (const id of data.removed || []) {
    work.push(tasks.delete(id));
    work.push(visits.index('targetId').getAllKeys(id).then((keys) => Promise.all(keys.map((k) => visits.delete(k)))));
  }
  for (const t of data.templates || []) work.push(templates.put(t));
  for (const v of data.visits || []) work.push(visits.put(v));
  work.push(meta.put(data.token, 'syncToken'), meta.put(new Date().toISOString(), 'lastSyncAt'),
    meta.put(data.campaign ?? null, 'campaign'), meta.put(data.serverTime ?? null, 'serverTime'));
  await Promise.all([...work, tx.done]);
}

/**
 * Signing out forgets the worker's copy of the registry (tasks, visits, the sync position); drafts, the outbox
 * and the templates they need stay until the same worker signs in again and sends them.
 */
export async function forgetServerData() {
  const tx = (await user()).transaction(['tasks', 'visits', 'meta'], 'readwrite');
  await Promise.all([tx.objectStore('tasks').clear(), tx.objectStore('visits').clear(), tx.objectStore('meta').clear(), tx.done]);
}
