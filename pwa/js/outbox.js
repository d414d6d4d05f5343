/* The outbox: the one place that queues writes made offline (entries, saves of bank resources) in
   IndexedDB and replays them. Each entry carries its client-made UUID, so replaying is safe: the server
   answers "duplicate" for one it already has. An item leaves the outbox only when the server confirmed
   it; one the server calls invalid stays, with the server's errors, until the user dismisses it.
   The page and the service worker both flush, never at the same time (Web Locks).
   This file is loaded as a module by the page and with importScripts() by the service worker, so it
   has no import/export statements and publishes itself as globalThis.LHOutbox. */
globalThis.LHOutbox = (() => {
  const DB_NAME = 'learning-hour';
  const SYNC_BATCH = 500;
  let dbPromise = null;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('lh-outbox') : null;

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const req = indexedDB.open(DB_NAME, 1);
        req.onupgradeneeded = () => {
          req.result.createObjectStore('outbox', { keyPath: 'id' });
          req.result.createObjectStore('meta');
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => { dbPromise = null; reject(req.error); };
      });
    }
    return dbPromise;
  }

  async function tx(store, mode, fn) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const t = db.transaction(store, mode);
      const result = fn(t.objectStore(store));
      t.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  }

  const all = () => tx('outbox', 'readonly', (s) => s.getAll()).then((list) =>
    (list || []).sort((a, b) => a.queued_at.localeCompare(b.queued_at)));
  const put = (item) => tx('outbox', 'readwrite', (s) => s.put(item));
  const remove = (id) => tx('outbox', 'readwrite', (s) => s.delete(id));
  const setMeta = (key, value) => tx('meta', 'readwrite', (s) => s.put(value, key)).catch(() => {});
  const getMeta = (key) => tx('meta', 'readonly', (s) => s.get(key)).catch(() => undefined);

  function changed() {
    channel?.postMessage({ type: 'changed' });
    if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent('outbox-changed'));
  }

  /** Queue a new entry (its payload has its UUID as `id`). */
  async function queueEntry(entry) {
    await put({ id: entry.id, kind: 'entry', payload: entry, state: 'pending', queued_at: new Date().toISOString() });
    changed();
  }

  /** Queue saving (or unsaving) a resource; the later wish replaces an earlier one. */
  async function queueSave(resourceId, saved) {
    await put({ id: `save:${resourceId}`, kind: saved ? 'save' : 'unsave', payload: { resource_id: resourceId },
      state: 'pending', queued_at: new Date().toISOString() });
    changed();
  }

  async function dismiss(id) { await remove(id); changed(); }

  async function flushLocked(send) {
    const outcome = { sent: 0, invalid: 0, offline: false, unauthorized: false };
    const pending = (await all()).filter((item) => item.state === 'pending');
    const entries = pending.filter((item) => item.kind === 'entry');
    for (let i = 0; i < entries.length; i += SYNC_BATCH) {
      const batch = entries.slice(i, i + SYNC_BATCH);
      const answer = await send('POST', '/entries/sync', { entries: batch.map((item) => item.payload) });
      if (answer.offline) { outcome.offline = true; return outcome; }
      if (answer.status === 401) { outcome.unauthorized = true; return outcome; }
      if (answer.status !== 200) return outcome;
      const byId = new Map(batch.map((item) => [item.id, item]));
      for (const result of (answer.data && answer.data.results) || []) {
        const item = byId.get(result.id);
        if (!item) continue;
        if (result.status === 'created' || result.status === 'duplicate') {
          await remove(item.id);
          outcome.sent += 1;
        } else if (result.status === 'invalid') {
          await put({ ...item, state: 'invalid', errors: result.errors || {} });
          outcome.invalid += 1;
        }
      }
    }
    for (const item of pending.filter((it) => it.kind === 'save' || it.kind === 'unsave')) {
      const answer = await send(item.kind === 'save' ? 'PUT' : 'DELETE', `/resources/${item.payload.resource_id}/save`);
      if (answer.offline) { outcome.offline = true; return outcome; }
      if (answer.status === 401) { outcome.unauthorized = true; return outcome; }
      if (answer.status >= 200 && answer.status < 300) {
        await remove(item.id);
        outcome.sent += 1;
      } else if (answer.status === 404 || answer.status === 422) {
        await put({ ...item, state: 'invalid', errors: { resource_id: [(answer.data && answer.data.message) || String(answer.status)] } });
        outcome.invalid += 1;
      } else {
        return outcome;
      }
    }
    return outcome;
  }

  /** Send what is waiting. `send(method, path, body)` resolves to {status, data} or {offline: true}. */
  async function flush(send) {
    const run = async () => {
      const outcome = await flushLocked(send);
      if (outcome.sent || outcome.invalid) changed();
      return outcome;
    };
    const locks = globalThis.navigator && globalThis.navigator.locks;
    return locks ? locks.request('outbox', run) : run();
  }

  return { all, queueEntry, queueSave, dismiss, flush, setMeta, getMeta, channel };
})();
