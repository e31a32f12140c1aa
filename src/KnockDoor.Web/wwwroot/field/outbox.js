// Finished visits wait here until the server has acknowledged the visit and every photo. Nothing unacknowledged
// is ever deleted: a network failure keeps the record for the next try, a refusal keeps it with the server's
// message (a 409 conflict for good: the office compares; other refusals can go back to the form to be corrected).
import * as api from './api.js';
import * as db from './db.js';

const isConflict = (item) => item.error?.status === 409;

/**
 * Stores the finished visit and removes its draft in one step; sending comes after. The draft (without its
 * photos, which the record holds) is kept in the record, so that a refused visit can go back to the form.
 */
export async function enqueue(visit, photos, draft) {
  const existing = await db.getOutboxItem(visit.id);
  if (existing) return existing;
  const { photos: _, ...form } = draft;
  const item = {
    id: visit.id,
    targetId: visit.targetId,
    visit,
    photos: photos.map((p) => ({ ...p, sent: false, error: null })),
    visitSent: false,
    error: null,
    queuedAt: new Date().toISOString(),
    draft: form,
  };
  await db.draftToOutbox(item);
  return item;
}

/** A refused record (not a conflict) goes back to its draft, photos included, to be corrected and submitted again. */
export async function backToDraft(id) {
  const item = await db.getOutboxItem(id);
  if (!item || item.visitSent || isConflict(item)) return null;
  const draft = { ...item.draft, photos: item.photos.map(({ sent, error, ...p }) => p), done: false };
  delete draft.finishedAt;
  await db.outboxToDraft(id, draft);
  return draft;
}

async function keepError(item, e, photo) {
  const error = { status: e.status, code: e.code, message: e.message };
  if (photo) photo.error = error;
  else item.error = error;
  await db.putOutboxItem(item);
}

/**
 * Sends everything that waits: first every visit (small JSON), then the photos one at a time, so that a large
 * photo on a slow line holds back no visit, and a photo that fails is sent again on its own (the visit is not).
 * Each part is marked as acknowledged as soon as the server answers, and the record is removed only when all
 * parts are. Returns { sent, network } (records completed, whether the network failed). A 401 stops the run and
 * is thrown: nothing more can be sent before the worker signs in again.
 */
export async function flush() {
  const result = { sent: 0, network: false };
  const items = (await db.allOutbox()).filter((i) => !isConflict(i));
  const attempt = async (item, photo, send) => {
    try {
      await send();
      return true;
    } catch (e) {
      if (api.isSignedOut(e)) throw e;
      if (api.isNetworkError(e)) result.network = true;
      else await keepError(item, e, photo);
      return false;
    }
  };
  for (const item of items) {
    if (item.visitSent) continue;
    if (await attempt(item, null, () => api.postVisit(item.visit))) {
      item.visitSent = true;
      item.error = null;
      await db.putOutboxItem(item);
    }
  }
  for (const item of items) {
    if (!item.visitSent) continue;
    for (const photo of item.photos) {
      if (photo.sent) continue;
      if (await attempt(item, photo, () => api.postPhoto(item.id, photo))) {
        photo.sent = true;
        photo.error = null;
        delete photo.blob; // acknowledged: the phone needs the bytes no more
        await db.putOutboxItem(item);
      }
    }
    if (item.photos.every((p) => p.sent)) {
      await db.deleteOutboxItem(item.id);
      result.sent++;
    }
  }
  return result;
}

/** What the status line and the device report show. */
export async function summary() {
  const items = await db.allOutbox();
  const conflicts = items.filter(isConflict);
  const waiting = items.filter((i) => !isConflict(i));
  return {
    items,
    pending: items.length,
    waiting: waiting.length,
    conflicts: conflicts.length,
    pendingPhotos: items.reduce((n, i) => n + i.photos.filter((p) => !p.sent).length, 0),
    refused: items.filter((i) => i.error || i.photos.some((p) => p.error)),
    oldestPendingAt: items.reduce((min, i) => (!min || i.queuedAt < min ? i.queuedAt : min), null),
  };
}
