/* The outbox: the one place that keeps writes made without a network (new entries, changes and deletions
   of entries, links shared into the bank, saves, meetings of a mentoring pairing) in IndexedDB and replays them, in the order they were
   made. Each item belongs to the person who made it: only that person's page sees, counts and sends it.
   Replaying is safe: a new entry or meeting carries its client-made UUID (the server answers "duplicate",
   or 200 with the stored meeting, for one it has), a shared link already in the bank answers with the existing resource, a deletion of an entry
   that is already gone counts as done. An item the server calls invalid is set aside with the server's
   reasons until the person fixes or dismisses it; the rest keeps flowing.
   The device also remembers the last signed-in profile of each person, so the app can start offline.
   This file is loaded as a module by the page and with importScripts() by the service worker, so it
   has no import/export statements and publishes itself as globalThis.LHOutbox. The page and the worker
   both flush, never at the same time (Web Locks). */
globalThis.LHOutbox = (() => {
  const DB_NAME = 'learning-hour';
  const SYNC_BATCH = 500;
  const REMEMBERED_SHARES = 50;
  let dbPromise = null;
  let ownerId; // undefined: not known yet in this context (the worker reads it from the device)
  let lastStamp = '';
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('lh-outbox') : null;

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const req = indexedDB.open(DB_NAME, 2);
        req.onupgradeneeded = (event) => {
          if (event.oldVersion < 1) {
            req.result.createObjectStore('outbox', { keyPath: 'id' });
            req.result.createObjectStore('meta');
          }
          if (event.oldVersion < 2) req.result.createObjectStore('profiles', { keyPath: 'id' });
        };
        req.onsuccess = () => {
          // A newer version of the app (in another tab or the worker) needs the database: let it.
          req.result.onversionchange = () => { req.result.close(); dbPromise = null; };
          resolve(req.result);
        };
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

  const everything = () => tx('outbox', 'readonly', (s) => s.getAll()).then((list) =>
    (list || []).sort((a, b) => a.queued_at.localeCompare(b.queued_at)));
  const getItem = (id) => tx('outbox', 'readonly', (s) => s.get(id));
  const put = (item) => tx('outbox', 'readwrite', (s) => s.put(item));
  const remove = (id) => tx('outbox', 'readwrite', (s) => s.delete(id));
  const setMeta = (key, value) => tx('meta', 'readwrite', (s) => s.put(value, key)).catch(() => {});
  const getMeta = (key) => tx('meta', 'readonly', (s) => s.get(key)).catch(() => undefined);

  function changed() {
    channel?.postMessage({ type: 'changed' });
    if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent('outbox-changed'));
  }

  /** Mutations that must not interleave with a flush (merging into an item that is being sent). */
  function locked(fn) {
    const locks = globalThis.navigator && globalThis.navigator.locks;
    return locks ? locks.request('outbox', fn) : fn();
  }

  /** A queue position: later than every earlier one, even within one millisecond. */
  function stamp() {
    let now = new Date().toISOString();
    if (now <= lastStamp) now = new Date(Date.parse(lastStamp) + 1).toISOString();
    lastStamp = now;
    return now;
  }

  async function owner() {
    if (ownerId !== undefined) return ownerId;
    return (await getMeta('owner')) ?? null;
  }

  /** The person whose items this page sees and sends (null: nobody is signed in). Items from before
      items had owners are taken over by the next person who signs in: the one who made them, mostly. */
  async function setOwner(id) {
    ownerId = id ?? null;
    await setMeta('owner', ownerId);
    if (ownerId === null) return;
    const orphans = (await everything()).filter((item) => item.user_id === undefined);
    for (const item of orphans) await put({ ...item, user_id: ownerId });
    if (orphans.length) changed();
  }

  async function mine(who) {
    const id = who === undefined ? await owner() : who;
    if (id === null || id === undefined) return [];
    return (await everything()).filter((item) => item.user_id === id);
  }

  async function get(id) {
    const item = await getItem(id);
    return item && item.user_id === await owner() ? item : undefined;
  }

  async function add(kind, id, payload) {
    const who = await owner();
    if (who === null) throw new Error('nobody is signed in');
    const item = { id, kind, payload, user_id: who, state: 'pending', queued_at: stamp() };
    await put(item);
    changed();
    return item;
  }

  // Profiles: the last signed-in profile of each person on this device.
  const rememberProfile = (user) => tx('profiles', 'readwrite', (s) =>
    s.put({ id: user.id, user, saved_at: new Date().toISOString() })).catch(() => {});
  const forgetProfile = (id) => tx('profiles', 'readwrite', (s) => s.delete(id)).catch(() => {});
  async function currentProfile() {
    const id = await owner();
    if (id === null) return null;
    return (await tx('profiles', 'readonly', (s) => s.get(id)).catch(() => null)) || null;
  }

  /** Queue a new entry (its payload has its UUID as `id`; `share_id` links it to a waiting shared link). */
  const queueEntry = (entry) => add('entry', entry.id, entry);

  /** Queue a change to an entry: an entry still waiting to be sent simply changes; otherwise the change
      joins an earlier waiting change of the same entry. `before` is the entry as last seen. */
  const queueChange = (entryId, changes, before) => locked(async () => {
    const waiting = await get(entryId);
    if (waiting && waiting.kind === 'entry') {
      await put({ ...waiting, payload: { ...waiting.payload, ...changes }, state: 'pending', errors: undefined });
    } else {
      const earlier = await get(`change:${entryId}`);
      if (earlier) {
        await put({ ...earlier, payload: { ...earlier.payload, changes: { ...earlier.payload.changes, ...changes } },
          state: 'pending', errors: undefined });
      } else {
        await add('change', `change:${entryId}`, { id: entryId, changes, before });
      }
    }
    changed();
  });

  /** Queue deleting an entry: one never sent is simply dropped, with any waiting change. */
  const queueDelete = (entryId, before) => locked(async () => {
    const waiting = await get(entryId);
    await remove(`change:${entryId}`);
    if (waiting && waiting.kind === 'entry') await remove(entryId);
    else await add('delete', `delete:${entryId}`, { id: entryId, before });
    changed();
  });

  /** Queue saving (or unsaving) a resource; the later wish replaces an earlier one. */
  async function queueSave(resourceId, saved) {
    await remove(`save:${resourceId}`);
    await add(saved ? 'save' : 'unsave', `save:${resourceId}`, { resource_id: resourceId });
  }

  /** Queue adding a link to the bank ({url, kind?, title?, …}, the body of POST /resources; no kind unless the
      person chose one); returns its id. */
  async function queueShare(body) {
    const id = `share:${globalThis.crypto.randomUUID()}`;
    await add('share', id, body);
    return id;
  }

  /** Queue a meeting of a mentoring pairing ({id: UUID, date, minutes, note?}): logged for both once sent. */
  const queueMeeting = (pairingId, meeting) => add('meeting', `meeting:${meeting.id}`, { pairing_id: pairingId, ...meeting });

  /** Correct a waiting or invalid item and send it again. */
  const fix = (id, payload) => locked(async () => {
    const item = await get(id);
    if (!item) return false;
    await put({ ...item, payload: { ...item.payload, ...payload }, state: 'pending', errors: undefined });
    changed();
    return true;
  });

  /** Drop an item. Entries waiting for a dropped link go on without it. */
  const dismiss = (id) => locked(async () => {
    await remove(id);
    for (const item of await mine()) {
      if (item.kind === 'entry' && item.payload.share_id === id) {
        const { share_id: _, ...payload } = item.payload;
        await put({ ...item, payload });
      }
    }
    changed();
  });

  /** The bank's id for a shared link that has been sent. */
  const resolvedShare = async (id) => ((await getMeta('shares')) || {})[id];

  async function resolveShare(id, resourceId) {
    const known = (await getMeta('shares')) || {};
    known[id] = resourceId;
    const keys = Object.keys(known);
    for (const key of keys.slice(0, Math.max(keys.length - REMEMBERED_SHARES, 0))) delete known[key];
    await setMeta('shares', known);
  }

  function errorsOf(answer) {
    const body = answer.data || {};
    if (body.errors) return Object.assign({}, ...Object.values(body.errors));
    return { _schema: [body.message || `HTTP ${answer.status}`] };
  }

  function request(item) {
    const p = item.payload;
    switch (item.kind) {
      case 'change': return ['PATCH', `/entries/${encodeURIComponent(p.id)}`, p.changes];
      case 'delete': return ['DELETE', `/entries/${encodeURIComponent(p.id)}`];
      case 'save': return ['PUT', `/resources/${p.resource_id}/save`];
      case 'unsave': return ['DELETE', `/resources/${p.resource_id}/save`];
      case 'share': return ['POST', '/resources', p];
      case 'meeting': {
        const { pairing_id: pairingId, ...meeting } = p;
        return ['POST', `/mentoring/pairings/${encodeURIComponent(pairingId)}/meetings`, meeting];
      }
      default: return null;
    }
  }

  // Not the item's fault: stop here and try again later, in the same order.
  const notNow = (answer) => answer.offline || !answer.status || answer.status === 401 || answer.status === 403
    || answer.status === 408 || answer.status === 429 || answer.status >= 500;

  async function flushLocked(send) {
    const outcome = { sent: 0, invalid: 0, offline: false, unauthorized: false };
    const items = await mine();
    const unsent = new Set(items.filter((item) => item.kind === 'share').map((item) => item.id));
    const stopped = (answer) => {
      outcome.offline = Boolean(answer.offline);
      outcome.unauthorized = answer.status === 401;
      return outcome;
    };
    let batch = [];
    async function sendBatch() {
      const current = batch;
      batch = [];
      if (!current.length) return null;
      const answer = await send('POST', '/entries/sync', { entries: current.map((item) => item.payload) });
      if (answer.offline || answer.status !== 200) return answer;
      const results = (answer.data && answer.data.results) || [];
      // One result per item, in order: an item whose id the server could not read is still answered.
      for (const [i, item] of current.entries()) {
        const result = results[i] || {};
        if (result.status === 'created' || result.status === 'duplicate') {
          await remove(item.id);
          outcome.sent += 1;
        } else if (result.status === 'invalid') {
          await put({ ...item, state: 'invalid', errors: result.errors || {} });
          outcome.invalid += 1;
        }
      }
      return null;
    }
    for (const item of items) {
      if (item.state !== 'pending') continue;
      if (item.kind === 'entry') {
        const shareId = item.payload.share_id;
        if (shareId && unsent.has(shareId)) continue; // its link is not in the bank yet
        if (shareId) {
          const { share_id: _, ...payload } = item.payload;
          const resourceId = await resolvedShare(shareId);
          if (resourceId) payload.resource_id = resourceId;
          item.payload = payload;
          await put(item);
        }
        batch.push(item);
        if (batch.length >= SYNC_BATCH) {
          const trouble = await sendBatch();
          if (trouble) return stopped(trouble);
        }
        continue;
      }
      const trouble = await sendBatch();
      if (trouble) return stopped(trouble);
      const [method, path, body] = request(item) || [];
      if (!method) continue;
      const answer = await send(method, path, body);
      if (notNow(answer)) return stopped(answer);
      const gone = answer.status === 404 && (item.kind === 'delete' || item.kind === 'unsave');
      if ((answer.status >= 200 && answer.status < 300) || gone) {
        if (item.kind === 'share' && answer.data && answer.data.id) {
          await resolveShare(item.id, answer.data.id);
          unsent.delete(item.id);
        }
        await remove(item.id);
        outcome.sent += 1;
      } else {
        await put({ ...item, state: 'invalid', errors: errorsOf(answer) });
        outcome.invalid += 1;
      }
    }
    const trouble = await sendBatch();
    return trouble ? stopped(trouble) : outcome;
  }

  /** Send the signed-in person's waiting items. `send(method, path, body)` resolves to {status, data}
      or {offline: true}. */
  function flush(send) {
    return locked(async () => {
      const outcome = await flushLocked(send);
      if (outcome.sent || outcome.invalid) changed();
      return outcome;
    });
  }

  const all = () => mine();
  const count = async () => (await mine()).length;

  return {
    all, get, count, queueEntry, queueChange, queueDelete, queueSave, queueShare, queueMeeting, fix, dismiss, resolvedShare,
    flush, setOwner, owner, rememberProfile, forgetProfile, currentProfile, setMeta, getMeta, channel,
  };
})();
