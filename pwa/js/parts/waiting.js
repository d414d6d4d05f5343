/* What waits in the outbox besides entries (links for the bank, saves): shown on the Log and Add screens,
   each quietly marked as waiting, or with the server's reason when it was refused and a way to fix or
   dismiss it. */
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { hostOf } from './common.js';

const Outbox = globalThis.LHOutbox;
const LINK_KINDS = new Set(['share', 'save', 'unsave']);

/** The server's reasons as one line, each after the name of the field it is about. */
export function reasons(errors) {
  const labels = { date: t('date'), minutes: t('minutes'), activity: t('activity'), title: t('title'),
    note: t('private_note'), resource_id: t('resource'), url: t('link'), kind: t('kind'), tags: t('tags'),
    description: t('description') };
  return Object.entries(errors || {}).map(([name, messages]) => {
    const text = [].concat(messages).flat().join(' ');
    return labels[name] ? `${labels[name]}: ${text}` : text;
  }).join(' ');
}

function label(item) {
  if (item.kind === 'share') return item.payload.title || hostOf(item.payload.url) || item.payload.url;
  return item.kind === 'save' ? t('waiting_save') : t('waiting_unsave');
}

export function linkRow(item, { fixHref } = {}) {
  const invalid = item.state === 'invalid';
  return h('li', { class: `entry ${item.state} waiting-link`, dataset: { id: item.id } },
    h('div', { class: 'entry-main' },
      h('p', { class: 'entry-title', text: label(item) }),
      item.kind === 'share' ? h('p', { class: 'entry-meta', text: item.payload.url }) : null),
    invalid
      ? h('div', { class: 'entry-problem', role: 'alert' },
        h('p', { text: `${t('not_added')}: ${reasons(item.errors)}` }),
        h('div', { class: 'actions' },
          item.kind === 'share' && fixHref !== null
            ? h('a', { href: fixHref || `/add?shared=${encodeURIComponent(item.id)}`, class: 'button small', text: t('fix') }) : null,
          h('button', { type: 'button', class: 'button small quiet', text: t('dismiss'), onclick: () => Outbox.dismiss(item.id) })))
      : h('p', { class: 'badge waiting', text: item.kind === 'share' ? t('waiting_to_add') : t('waiting_to_sync') }));
}

/** A card listing the waiting links, or null when there are none. */
export function waitingLinks(outbox, options = {}) {
  const items = outbox.filter((item) => LINK_KINDS.has(item.kind) && item.id !== options.except);
  if (!items.length) return null;
  return h('section', { class: 'waiting-links stack', id: 'waiting-links', 'aria-labelledby': 'waiting-links-title' },
    h('h2', { id: 'waiting-links-title', text: t('waiting_links_title') }),
    h('ul', { class: 'entry-list' }, items.map((item) => linkRow(item, options))));
}
