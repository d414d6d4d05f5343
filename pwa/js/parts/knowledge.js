/* Pieces the knowledge-session and lesson screens share: times in the person's own zone, series in
   words, a place that may be a video link, and turning a date and time typed in that zone into a moment. */
import { h } from '../dom.js';
import { formatDate, t, weekdayName } from '../i18n.js';

/** Intl options with the person's zone (the browser's if it is not one Intl knows). */
export function inZone(zone, options) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone ? { ...options, timeZone: zone } : options;
  } catch {
    return options;
  }
}

/** "Fri 5 Dec, 08:00–09:00" where the person is. */
export function sessionWhen(session, zone) {
  const day = formatDate(session.starts_at, inZone(zone, { weekday: 'short', day: 'numeric', month: 'short' }));
  const clock = (value) => formatDate(value, inZone(zone, { hour: '2-digit', minute: '2-digit' }));
  return `${day}, ${clock(session.starts_at)}${session.ends_at ? `–${clock(session.ends_at)}` : ''}`;
}

/** "Every week on Tuesday", "Every month, the first Friday": how a series repeats. */
export function seriesLabel(series) {
  if (!series) return '';
  const weekday = weekdayName(series.weekday);
  if (series.frequency === 'monthly') return t(`repeat_monthly_${series.week_of_month || 1}`, { weekday });
  return t(`repeat_${series.frequency}`, { weekday });
}

/** "Moved from Fri 1 Jan (New Year's Day)": a series' session its series moved off a public holiday. */
export function movedNote(session) {
  const moved = session.moved_from;
  if (!moved) return null;
  return h('p', { class: 'session-moved hint', text: t('session_moved_from', { date: formatDate(moved.date), holiday: moved.holiday }) });
}

/** The nth <weekday> of its month for a YYYY-MM-DD day: 1–4, or 5 for a fifth (the last). */
export function weekOfMonth(day) {
  return Math.min(Math.floor((Number(day.slice(8, 10)) - 1) / 7) + 1, 5);
}

export function isoWeekday(day) {
  const d = new Date(`${day}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The place as text, or as a link when it is a video call's address. */
export function placeNode(place) {
  if (!place) return null;
  if (/^https?:\/\//i.test(place)) {
    return h('a', { href: place, target: '_blank', rel: 'noopener noreferrer', class: 'external', text: `${t('join_call')} ↗` });
  }
  return h('span', { text: place });
}

function offsetMinutes(utcMillis, zone) {
  // What the wall clock in `zone` shows at that moment, read back as if it were UTC.
  const parts = new Intl.DateTimeFormat('en-US', inZone(zone, {
    hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  })).formatToParts(new Date(utcMillis));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return (Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - utcMillis) / 60000;
}

/** A date (YYYY-MM-DD) and time (HH:MM) on the wall clock in `zone`, as an ISO moment in UTC. */
export function zonedToIso(day, clock, zone) {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = clock.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wall - offsetMinutes(wall, zone) * 60000;
  guess = wall - offsetMinutes(guess, zone) * 60000; // once more: summer time may begin in between
  return new Date(guess).toISOString();
}

/** The date (YYYY-MM-DD) and time (HH:MM) a moment shows on the wall clock in `zone`. */
export function isoToZoned(value, zone) {
  const shifted = new Date(new Date(value).getTime() + offsetMinutes(new Date(value).getTime(), zone) * 60000);
  return [shifted.toISOString().slice(0, 10), shifted.toISOString().slice(11, 16)];
}

/** The person's answer to a write that failed: offline, the server's message, or something went wrong. */
export function failure(err) {
  if (err && err.offline) return t('offline_try_later');
  return (err && err.message) || t('something_wrong');
}
