/* Pieces several screens share: headings, empty states, activity and kind names, dates. */
import { h } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { ACTIVITIES } from '../lists.js';

export { ACTIVITIES, AWAY_REASONS, KINDS } from '../lists.js';
export const PRESETS = [10, 15, 25, 45, 60];

export const activityName = (a) => t(`activity_${a}`);
export const kindName = (k) => t(`kind_${k}`);

/** The activity a resource's kind is most likely logged as. */
export function activityForKind(kind) {
  return ACTIVITIES.includes(kind) ? kind : 'other';
}

export function header(title, ...extra) {
  return h('header', { class: 'screen-head' }, h('h1', { tabindex: '-1', text: title }), ...extra);
}

/** A card of the Settings screen, named by its heading (`id`) for screen readers. */
export function section(id, title, ...children) {
  return h('section', { class: 'card stack', 'aria-labelledby': id }, h('h2', { id, text: title }), ...children);
}

/** A week's public holidays, under its name in a table: "Thu 31 Dec New Year's Eve · Fri 1 Jan New Year's Day". */
export function holidayNote(holidays) {
  if (!holidays || !holidays.length) return null;
  return h('span', { class: 'holiday-note', text: holidays.map((d) => `${formatDate(d.date)} ${d.name}`).join(' · ') });
}

export function emptyState(text, action) {
  return h('div', { class: 'empty' }, h('p', { text }), action || null);
}

export function loading() {
  return h('p', { class: 'loading', role: 'status', text: t('loading') });
}

export function problem(err) {
  return h('p', { class: 'problem', role: 'alert', text: err && err.offline ? t('offline_no_data') : t('something_wrong') });
}

/** Today's date (YYYY-MM-DD) where the user is. */
export function todayIn(timezone) {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timezone || undefined, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Intl.DateTimeFormat('en-CA').format(new Date());
  }
}

/** Monday and Sunday (YYYY-MM-DD) of the ISO week holding `day`. */
export function weekRange(day) {
  const d = new Date(`${day}T12:00:00Z`);
  const monday = new Date(d);
  monday.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  const sunday = new Date(monday);
  sunday.setUTCDate(monday.getUTCDate() + 6);
  return [monday.toISOString().slice(0, 10), sunday.toISOString().slice(0, 10)];
}

export function hostOf(url) {
  try { return new URL(url).hostname.replace(/^www\./, ''); } catch { return ''; }
}

export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((n) => n.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export function isIos() {
  return /iphone|ipad|ipod/i.test(navigator.userAgent) || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
}

export function isStandalone() {
  return matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;
}

export function queued() {
  window.dispatchEvent(new Event('outbox-queued'));
}
