/* Learning Hour service worker: a versioned precache of the app shell, a bounded cache of the last-seen
   API data for offline use, links shared while offline kept in the outbox, reminders by Web Push, and the
   outbox replayed by Background Sync. */
importScripts('/js/outbox.js', '/js/screens.js');

// The server fills in the version (a hash of the shell files), the list of files to precache and the
// table of screens (screens.json): the shell answers navigations to the app's screens, and only those.
const SHELL = { "version": "dev", "files": ["/"], "screens": [] };
const SHELL_CACHE = `lh-shell-${SHELL.version}`;
const DATA_CACHE = 'lh-data';
const DATA_LIMIT = 150; // answers kept; the oldest written goes first
const DATA_MAX_AGE = 28 * 24 * 60 * 60 * 1000; // four weeks: older data is no help offline
// API answers not worth keeping on the device: exports, downloads, session secrets.
const NOT_KEPT = [/\/export/, /^\/api\/v1\/auth\//, /\.[a-z0-9]+$/i];
const Outbox = self.LHOutbox;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL.files)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('lh-shell-') && name !== SHELL_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
    await forgetStaleData();
  })());
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'SKIP_WAITING') self.skipWaiting();
  if (type === 'LOGOUT') event.waitUntil(caches.delete(DATA_CACHE));
});

function withHeader(response, name, value) {
  const headers = new Headers(response.headers);
  headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

const isStale = (response) => !(Date.now() - Number(response.headers.get('X-Cached-At') || 0) < DATA_MAX_AGE);

/** Keep an API answer, stamped with when it was kept; then hold the cache to its size. */
async function keep(request, response) {
  const cache = await caches.open(DATA_CACHE);
  await cache.put(request, withHeader(response, 'X-Cached-At', String(Date.now())));
  const keys = await cache.keys(); // in the order written: a rewritten answer moves to the end
  for (const old of keys.slice(0, Math.max(keys.length - DATA_LIMIT, 0))) await cache.delete(old);
}

async function forgetStaleData() {
  const cache = await caches.open(DATA_CACHE);
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (!response || isStale(response)) await cache.delete(request);
  }
}

async function apiNetworkFirst(event, url) {
  const { request } = event;
  try {
    const response = await fetch(request);
    const json = (response.headers.get('Content-Type') || '').includes('json');
    if (response.ok && json && !NOT_KEPT.some((pattern) => pattern.test(url.pathname))) {
      event.waitUntil(keep(request, response.clone()).catch(() => {}));
    } else if (response.status === 401) {
      event.waitUntil(caches.delete(DATA_CACHE));
    }
    return response;
  } catch (err) {
    const cache = await caches.open(DATA_CACHE);
    const cached = await cache.match(request);
    if (cached && !isStale(cached)) return withHeader(cached, 'X-Served-From', 'cache');
    if (cached) event.waitUntil(cache.delete(request));
    return new Response(JSON.stringify({ code: 503, status: 'Offline', message: 'offline' }), {
      status: 503, headers: { 'Content-Type': 'application/json', 'X-Served-From': 'offline' } });
  }
}

async function shellFirst(request, url) {
  const cache = await caches.open(SHELL_CACHE);
  const key = request.mode === 'navigate' ? '/' : url.pathname;
  const cached = await cache.match(key);
  if (cached) return cached;
  try {
    return await fetch(request);
  } catch (err) {
    return (await cache.match('/')) || Response.error();
  }
}

// A link shared from another app (the manifest's share_target). With a network the server answers;
// without one it waits in the person's outbox and the Add screen shows it waiting.
const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/i;

function sharedLink(form) {
  const value = (name) => String(form.get(name) || '');
  const found = (text) => ((text.match(URL_IN_TEXT) || [''])[0]).replace(/[.,;:!?)\]}]+$/, '');
  const link = found(value('url')) || found(value('text'));
  let title = value('title').split(/\s+/).filter(Boolean).join(' ');
  if (!title && link) title = value('text').replace(link, ' ').split(/\s+/).filter(Boolean).join(' ');
  return { link, title: title.slice(0, 300) };
}

async function shareTarget(request) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (err) {
    const { link, title } = sharedLink(await copy.formData().catch(() => new FormData()));
    const addScreen = `/add?${new URLSearchParams(Object.entries({ url: link, title }).filter(([, v]) => v))}`;
    if (!(await Outbox.currentProfile())) return Response.redirect(`/login?${new URLSearchParams({ next: addScreen })}`, 303);
    if (!link) return Response.redirect(addScreen, 303);
    const body = { url: link }; // no kind: the bank decides it when the link arrives, as it does online
    if (title) body.title = title;
    const id = await Outbox.queueShare(body);
    await self.registration.sync?.register('outbox').catch(() => {});
    return Response.redirect(`/add?${new URLSearchParams({ shared: id })}`, 303);
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && url.pathname === '/share-target') {
    event.respondWith(shareTarget(request));
    return;
  }
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    // Everything else (the API, calendar feeds, downloads, the server's own pages) goes to the network.
    if (self.LHScreens.match(SHELL.screens, url.pathname)) event.respondWith(shellFirst(request, url));
  } else if (url.pathname.startsWith('/api/v1/')) {
    event.respondWith(apiNetworkFirst(event, url));
  } else if (SHELL.files.includes(url.pathname)) {
    event.respondWith(shellFirst(request, url));
  }
});

self.addEventListener('push', (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (err) { data = { body: event.data && event.data.text() }; }
  const title = data.title || 'Learning Hour';
  const options = {
    body: data.body || '',
    tag: data.tag || 'learning-hour',
    icon: '/icons/icon-192.png',
    badge: '/icons/badge-96.png',
    data: { url: data.url || '/log', snooze_token: data.snooze_token || null, kind: data.kind || null },
    actions: (data.actions || []).slice(0, 2),
  };
  event.waitUntil(self.registration.showNotification(title, options));
});

async function openScreen(url) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) {
    if (new URL(client.url).origin !== self.location.origin) continue;
    await client.focus();
    client.postMessage({ type: 'navigate', url });
    return;
  }
  await self.clients.openWindow(url);
}

self.addEventListener('notificationclick', (event) => {
  const { notification } = event;
  const data = notification.data || {};
  notification.close();
  event.waitUntil((async () => {
    if (event.action === 'snooze') {
      await fetch('/api/v1/reminders/snooze', {
        method: 'POST', credentials: 'omit',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: data.snooze_token }),
      }).catch(() => {});
      return;
    }
    await openScreen(event.action === 'log15' ? '/log?minutes=15' : (data.url || '/log'));
  })());
});

async function flushFromWorker() {
  const csrf = await Outbox.getMeta('csrf');
  const outcome = await Outbox.flush(async (method, path, body) => {
    try {
      const response = await fetch(`/api/v1${path}`, {
        method, credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf || '' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const data = (response.headers.get('Content-Type') || '').includes('json') ? await response.json() : null;
      return { status: response.status, data };
    } catch (err) {
      return { offline: true };
    }
  });
  // Rejecting asks the browser to try again later, when the network is back.
  if (outcome.offline) throw new Error('offline');
}

self.addEventListener('sync', (event) => {
  if (event.tag === 'outbox') event.waitUntil(flushFromWorker());
});
