/* The lists the server decides and the app only shows, in the server's order (GET /api/v1/lists): what
   an entry is logged as, what a link in the bank is, why a person is away. Never repeated here; their
   names are the texts `activity_…`, `kind_…` and `away_…`. Kept on the device, so that a start without
   a network has them too. */
import * as api from './api.js';

const KEPT = 'lh-lists';
export const ACTIVITIES = [];
export const KINDS = [];
export const AWAY_REASONS = [];

function fill(lists) {
  const pairs = [[ACTIVITIES, lists.activities], [KINDS, lists.kinds], [AWAY_REASONS, lists.away_reasons]];
  for (const [list, values] of pairs) list.splice(0, list.length, ...(values || []));
}

function kept() {
  try { return JSON.parse(localStorage.getItem(KEPT)); } catch { return null; }
}

/** The lists kept on this device at once, and the server's (its service worker's, offline) when they
    come; resolves as soon as there are lists to show. */
export async function loadLists() {
  const before = kept();
  if (before) fill(before);
  const fresh = api.get('/lists', { quiet401: true }).then((lists) => {
    fill(lists);
    localStorage.setItem(KEPT, JSON.stringify(lists));
  }).catch(() => {});
  if (!before) await fresh;
}
