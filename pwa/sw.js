/* Learning Hour service worker: a versioned precache of the app shell, the last-seen API data for
   offline use, reminders by Web Push, and the outbox replayed by Background Sync. */
importScripts('/js/outbox.js');

// The server fills in the version (a hash of the shell files) and the list of files to precache.
const SHELL = { "version": "dev", "files": ["/"] };
const SHELL_CACHE = `lh-shell-${SHELL.version}`;
const DATA_CACHE = 'lh-data';
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

async function apiNetworkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      caches.open(DATA_CACHE).then((cache) => cache.put(request, copy)).catch(() => {});
    } else if (response.status === 401) {
      caches.delete(DATA_CACHE);
    }
    return response;
  } catch (err) {
    const cached = await caches.open(DATA_CACHE).then((cache) => cache.match(request));
    if (cached) return withHeader(cached, 'X-Served-From', 'cache');
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

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/v1/') || url.pathname === '/session.json') {
    event.respondWith(apiNetworkFirst(request));
  } else if (request.mode === 'navigate') {
    if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;
    event.respondWith(shellFirst(request, url));
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
