// The service worker (sw.js): registered on start; a new version installs in the background and waits until the
// worker taps "新版本已就绪，点此刷新". The page never reloads by itself, so nobody loses what they are typing.
const UpdateEvery = 60 * 60_000;

/**
 * Registers the service worker. onReady(apply) is called when a new version is waiting; apply() saves what must
 * be saved (beforeApply), lets the new version take over and reloads.
 */
export function registerServiceWorker({ onReady, beforeApply }) {
  if (!('serviceWorker' in navigator)) return;
  let applying = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (applying) location.reload();
  });
  const offer = (worker) => onReady(async () => {
    applying = true;
    await beforeApply();
    worker.postMessage('skip-waiting');
  });
  navigator.serviceWorker.register('/field/sw.js', { scope: '/field/', updateViaCache: 'none' }).then((reg) => {
    // A version already waiting (installed while the app was closed), or one that finishes installing now.
    if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
      });
    });
    const check = () => reg.update().catch(() => {});
    setInterval(check, UpdateEvery);
    window.addEventListener('online', check);
  }).catch(() => {
    // No service worker (private mode, old browser): the app still works online, and its data is in IndexedDB.
  });
}
