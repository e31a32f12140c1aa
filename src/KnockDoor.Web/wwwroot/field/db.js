// The device's storage (IndexedDB): drafts being filled, the outbox of finished visits, cached lists.
import { openDB } from '../lib/idb/idb.js';

const dbPromise = openDB('knockdoor-field', 1, {
  upgrade(db) {
    db.createObjectStore('drafts', { keyPath: 'targetId' });
    db.createObjectStore('outbox', { keyPath: 'id' });
    db.createObjectStore('cache');
  },
});

export const getDraft = async (targetId) => (await dbPromise).get('drafts', targetId);
export const putDraft = async (draft) => (await dbPromise).put('drafts', draft);
export const deleteDraft = async (targetId) => (await dbPromise).delete('drafts', targetId);

export const getOutboxItem = async (id) => (await dbPromise).get('outbox', id);
export const putOutboxItem = async (item) => (await dbPromise).put('outbox', item);
export const deleteOutboxItem = async (id) => (await dbPromise).delete('outbox', id);
export const allOutbox = async () => (await dbPromise).getAll('outbox');

export const getCached = async (key) => (await dbPromise).get('cache', key);
export const putCached = async (key, value) => (await dbPromise).put('cache', value, key);
export const draftKeys = async () => (await dbPromise).getAllKeys('drafts');
