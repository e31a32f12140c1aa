// The field app's service worker (scope /field/): the app shell from a versioned cache, and nothing else.
// Data never passes through here: tasks, templates, drafts and the outbox live in IndexedDB, and API calls,
// the /Account pages and every file outside the shell go to the network untouched (no respondWith).
importScripts('version.js');

const CacheName = `knockdoor-${self.KnockDoorFieldVersion}`;
const Index = '/field/index.html';

/**
 * Every file the app needs to open without a network (sw.js itself is kept by the browser). A test holds this
 * list to the files of wwwroot/field and the modules they import, and the total to the 150 KB budget.
 */
const Shell = [
  '/field/index.html',
  '/field/version.js',
  '/field/app.css',
  '/field/app.js',
  '/field/api.js',
  '/field/db.js',
  '/field/dom.js',
  '/field/outbox.js',
  '/field/photos.js',
  '/field/signature.js',
  '/field/sync.js',
  '/field/scheduler.js',
  '/field/update.js',
  '/field/manifest.webmanifest',
  '/field/icons/icon-192.png',
  '/field/icons/icon-512.png',
  '/field/icons/maskable-512.png',
  '/lib/idb/idb.js',
  '/lib/signature_pad/signature_pad.min.js',
];
const ShellPaths = new Set(Shell);

self.addEventListener('install', (event) => {
  // 'no-cache': every file is checked with the server, so no stale copy from the HTTP cache lands under the new
  // version's name; a file the page has just loaded costs only a 304 on a slow line.
  event.waitUntil(caches.open(CacheName).then((cache) => cache.addAll(Shell.map((url) => new Request(url, { cache: 'no-cache' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('knockdoor-') && name !== CacheName) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// The page asks for the waiting version to take over when the worker taps "新版本已就绪，点此刷新".
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

async function fromShell(path, request) {
  const hit = await caches.match(path, { cacheName: CacheName });
  return hit || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    if (url.pathname === '/field/' || url.pathname === Index) event.respondWith(fromShell(Index, request));
    return;
  }
  if (ShellPaths.has(url.pathname)) event.respondWith(fromShell(url.pathname, request));
});
