// When the phone talks to the server. A cycle checks who is signed in, sends the outbox, fetches fresh data and
// reports the device's status. Cycles run on start, when the connection returns, every 10 minutes, after a
// visit is saved and on the worker's tap. A failed cycle is retried after 5 s, 15 s, 1 min, 5 min, then every
// 15 min; a success or the 'online' event starts the series over. One sender at a time, across tabs too
// (Web Locks where the browser has them), so that the same record is never in flight twice.
import * as api from './api.js';
import * as db from './db.js';
import * as outbox from './outbox.js';
import * as sync from './sync.js';

export const Backoff = [5_000, 15_000, 60_000, 300_000, 900_000];
const Periodic = 10 * 60_000;
const LockName = 'knockdoor-field-sender';

const state = {
  userId: null,
  deviceId: null,
  failures: 0,
  timer: null,
  running: null,
  again: null,
  nextAt: null,
  /** 'ok' | 'signed-out' (401: sign in again) | 'other-user' (the cookie is another worker's) */
  auth: 'ok',
  verifiedAt: 0,
  lastError: null,
  onChange: () => {},
};

const channel = 'BroadcastChannel' in self ? new BroadcastChannel('knockdoor-field') : null;

export const status = () => ({ auth: state.auth, failures: state.failures, nextAt: state.nextAt, busy: !!state.running, lastError: state.lastError });

/** Tells the app's other tabs that the outbox or the data changed. */
export function announce() {
  channel?.postMessage({ type: 'changed', userId: state.userId });
}

/**
 * Starts the cycles. verifiedAt: when the app has just asked the server who is signed in, the first cycle does not
 * ask again (one round trip less before the first sync on a slow line).
 */
export function start({ userId, deviceId, onChange, verifiedAt = 0 }) {
  Object.assign(state, { userId, deviceId, onChange, verifiedAt });
  channel?.addEventListener('message', (e) => {
    if (e.data?.type === 'changed' && e.data.userId === state.userId) state.onChange();
  });
  window.addEventListener('online', () => {
    state.failures = 0;
    run();
  });
  window.addEventListener('offline', () => state.onChange());
  document.addEventListener('visibilitychange', () => {
    // Back on screen after a long pause (timers sleep in the background): catch up.
    if (document.visibilityState === 'visible' && state.nextAt && Date.now() > state.nextAt) run();
  });
  return run();
}

/**
 * Runs a cycle now (or once more after the running one). byHand: the worker's tap or a visit just saved: waits
 * for another tab's cycle instead of skipping.
 */
export function run({ byHand = false } = {}) {
  if (state.running) {
    state.again = { byHand: byHand || state.again?.byHand };
    return state.running;
  }
  clearTimeout(state.timer);
  state.running = (async () => {
    let result = null;
    try {
      state.onChange();
      result = await withLock(byHand, cycle);
    } catch (e) {
      // Storage or programming errors: kept visible, and tried again like a network failure.
      state.lastError = e?.message || String(e);
      result = { failed: true };
    } finally {
      state.running = null;
    }
    schedule(result);
    state.onChange(result);
    if (result && !result.skipped) announce();
    // After the screen is updated: the report is the server's business, the worker need not wait for it.
    if (result?.reached) await report();
    if (state.again) {
      const again = state.again;
      state.again = null;
      return run(again);
    }
    return result;
  })();
  return state.running;
}

function withLock(byHand, work) {
  if (!navigator.locks?.request) return work();
  return navigator.locks.request(LockName, { ifAvailable: !byHand }, (lock) => (lock ? work() : { skipped: true }));
}

function schedule(result) {
  clearTimeout(state.timer);
  let delay = Periodic;
  if (result?.failed) {
    state.failures++;
    delay = Backoff[Math.min(state.failures, Backoff.length) - 1];
  } else if (result && !result.skipped) {
    state.failures = 0;
  }
  state.nextAt = Date.now() + delay;
  state.timer = setTimeout(() => run(), delay);
}

async function cycle() {
  const result = { sent: 0, pulled: false, failed: false, reached: false };
  // Whose cookie is this? A sign-in of another worker in another tab must not receive this worker's records.
  if (Date.now() - state.verifiedAt > 10_000) {
    try {
      const me = await api.me();
      if (me.id !== state.userId) {
        state.auth = 'other-user';
        return { ...result, failed: true };
      }
    } catch (e) {
      if (api.isSignedOut(e)) state.auth = 'signed-out';
      return { ...result, failed: true };
    }
  }
  state.verifiedAt = 0;
  state.auth = 'ok';
  result.reached = true;
  try {
    const sent = await outbox.flush();
    result.sent = sent.sent;
    result.failed = sent.network;
  } catch (e) {
    if (api.isSignedOut(e)) {
      state.auth = 'signed-out';
      return { ...result, failed: true, reached: false };
    }
    throw e;
  }
  try {
    await sync.pull(state.deviceId);
    result.pulled = true;
  } catch (e) {
    if (api.isSignedOut(e)) state.auth = 'signed-out';
    result.failed = true;
    if (!api.isNetworkError(e)) state.lastError = `同步失败：${e.message}`;
  }
  if (result.pulled) state.lastError = null;
  return result;
}

/** POST /api/v1/devices/status after each cycle that reached the server; its own failure changes nothing. */
async function report() {
  try {
    const s = await outbox.summary();
    await api.deviceStatus({
      deviceId: state.deviceId,
      appVersion: api.AppVersion,
      pending: s.pending,
      pendingPhotos: s.pendingPhotos,
      lastSyncAt: (await db.getMeta('lastSyncAt')) ?? null,
      oldestPendingAt: s.oldestPendingAt,
    });
  } catch {
    // The next cycle reports again.
  }
}
