/* Strings from /i18n/{sv,nb,en}.json; dates, numbers and durations through Intl. */

export const LOCALES = ['sv', 'nb', 'en'];
const INTL_TAGS = { sv: 'sv-SE', nb: 'nb-NO', en: 'en-GB' };
let strings = {};
let locale = 'en';

export function browserLocale() {
  for (const tag of navigator.languages || [navigator.language || 'en']) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'sv') return 'sv';
    if (base === 'nb' || base === 'no' || base === 'nn') return 'nb';
    if (base === 'en') return 'en';
  }
  return 'en';
}

export async function setLocale(wanted) {
  const next = LOCALES.includes(wanted) ? wanted : browserLocale();
  if (next === locale && Object.keys(strings).length) return locale;
  const response = await fetch(`/i18n/${next}.json`);
  strings = await response.json();
  locale = next;
  document.documentElement.lang = next;
  return locale;
}

export function currentLocale() { return locale; }
export function intlTag() { return INTL_TAGS[locale] || locale; }

/** t('key', {n: 3}) — `{name}` placeholders; an object value {one, other} is chosen by plural rules on n. */
export function t(key, params = {}) {
  let text = strings[key];
  if (text === undefined) return key;
  if (typeof text === 'object') {
    const rule = cached('PluralRules').select(params.n ?? 0);
    text = text[rule] ?? text.other;
  }
  return text.replace(/\{(\w+)\}/g, (_, name) => {
    const value = params[name];
    return typeof value === 'number' ? formatNumber(value) : (value ?? '');
  });
}

// Intl formatters are costly to make on a slow phone: keep one per locale and options.
const formatters = new Map();
function cached(kind, options) {
  const key = `${kind}|${intlTag()}|${JSON.stringify(options || {})}`;
  if (!formatters.has(key)) formatters.set(key, new Intl[kind](intlTag(), options));
  return formatters.get(key);
}

export function formatNumber(n, options) {
  return cached('NumberFormat', options).format(n);
}

export function formatMinutes(minutes) {
  const unit = (u, n) => cached('NumberFormat', { style: 'unit', unit: u, unitDisplay: 'long' }).format(n);
  if (minutes < 60 || minutes % 60 === 0 && minutes < 120) {
    return minutes < 60 ? unit('minute', minutes) : unit('hour', minutes / 60);
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${unit('hour', hours)} ${unit('minute', rest)}` : unit('hour', hours);
}

export function formatShortMinutes(minutes) {
  return cached('NumberFormat', { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(minutes);
}

export function formatDate(value, options = { weekday: 'short', day: 'numeric', month: 'short' }) {
  const d = typeof value === 'string' && value.length === 10 ? new Date(`${value}T12:00:00`) : new Date(value);
  return cached('DateTimeFormat', options).format(d);
}

export function formatDateTime(value) {
  return formatDate(value, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function weekName(label) {
  const n = Number(String(label).split('W')[1]);
  return Number.isFinite(n) ? t('week_n', { n }) : label;
}

export function weekdayName(isoDay) {
  // 2024-01-01 was a Monday.
  return cached('DateTimeFormat', { weekday: 'long' }).format(new Date(2024, 0, isoDay));
}
