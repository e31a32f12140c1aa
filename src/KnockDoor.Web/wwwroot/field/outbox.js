// Finished visits wait here until the server has acknowledged the visit and every photo.
// Nothing unsent is ever deleted: a refusal (409, 400) keeps the record with the server's message.
import * as api from './api.js';
import * as db from './db.js';

/** Stores the finished visit first; sending comes after. */
export async function enqueue(visit, photos) {
  const existing = await db.getOutboxItem(visit.id);
  if (existing) return existing;
  const item = { id: visit.id, targetId: visit.targetId, visit, photos: photos.map((p) => ({ ...p, sent: false })), visitSent: false, error: null, queuedAt: new Date().toISOString() };
  await db.putOutboxItem(item);
  return item;
}

/** Sends one record; returns 'sent', 'pending' (network: try later) or 'refused' (kept, with error). */
export async function send(id) {
  const item = await db.getOutboxItem(id);
  if (!item) return 'sent';
  try {
    if (!item.visitSent) {
      await api.postVisit(item.visit);
      item.visitSent = true;
      item.error = null;
      await db.putOutboxItem(item);
    }
    for (const photo of item.photos) {
      if (photo.sent) continue;
      await api.postPhoto(item.id, photo);
      photo.sent = true;
      await db.putOutboxItem(item);
    }
  } catch (e) {
    if (api.isNetworkError(e)) {
      item.error = null;
      await db.putOutboxItem(item);
      return 'pending';
    }
    item.error = { status: e.status, code: e.code, message: e.message };
    await db.putOutboxItem(item);
    if (e.status === 401) throw e;
    return 'refused';
  }
  await db.deleteOutboxItem(id);
  return 'sent';
}

let flushing = null;

/**
 * Sends everything waiting, one after another. A record the server refused as a conflict (409: other
 * content under the same id) is final: it stays for the office to compare and is not sent again.
 */
export function flush() {
  if (!flushing) {
    flushing = (async () => {
      for (const item of await db.allOutbox()) {
        if (item.error?.status === 409) continue;
        await send(item.id);
      }
    })().finally(() => { flushing = null; });
  }
  return flushing;
}

export const pending = () => db.allOutbox();
