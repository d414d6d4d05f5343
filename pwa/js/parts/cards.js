/* A bank resource as a card in a list, and the shelf of the week's most popular. */
import { h } from '../dom.js';
import { formatMinutes, formatNumber, t } from '../i18n.js';
import { hostOf, kindName } from './common.js';

export function tagsOf(resource) {
  return (resource.tags || []).map((tag) => (typeof tag === 'string' ? tag : tag.name)).filter(Boolean);
}

export function resourceCard(r, { onTag, extra } = {}) {
  const facts = [kindName(r.kind), hostOf(r.url)];
  if (r.duration_minutes) facts.push(formatMinutes(r.duration_minutes));
  const counts = [];
  if (r.save_count) counts.push(t('n_saves', { n: r.save_count }));
  if (r.reaction_count) counts.push(t('n_worth_it', { n: r.reaction_count }));
  if (r.log_count) counts.push(t('n_logged', { n: r.log_count }));
  return h('li', { class: 'resource-card', dataset: { id: String(r.id) } },
    h('a', { href: `/bank/${r.id}`, class: 'resource-link' },
      h('span', { class: `kind-dot kind-${r.kind || 'other'}`, 'aria-hidden': 'true' }),
      h('span', { class: 'resource-title', text: r.title || r.url })),
    h('p', { class: 'resource-meta', text: facts.filter(Boolean).join(' · ') }),
    tagsOf(r).length ? h('ul', { class: 'tags', 'aria-label': t('tags') }, tagsOf(r).map((tag) => h('li', {},
      onTag ? h('button', { type: 'button', class: 'tag', text: `#${tag}`, onclick: () => onTag(tag) })
        : h('span', { class: 'tag', text: `#${tag}` })))) : null,
    counts.length ? h('p', { class: 'resource-counts', text: counts.join(' · ') }) : null,
    extra || null);
}

/** "Popular this week": up to a handful of resources with this week's saves and "worth it"s; nothing
    when nobody saved or reacted (an empty shelf says nothing worth a line). */
export function popularShelf(items) {
  if (!items.length) return null;
  return h('section', { class: 'shelf', id: 'popular-shelf', 'aria-labelledby': 'popular-title' },
    h('h2', { id: 'popular-title', text: t('popular_this_week') }),
    h('ol', { class: 'shelf-list' }, items.map((r) => h('li', { class: 'shelf-card', dataset: { id: String(r.id) } },
      h('a', { href: `/bank/${r.id}`, class: 'resource-link' },
        h('span', { class: `kind-dot kind-${r.kind || 'other'}`, 'aria-hidden': 'true' }),
        h('span', { class: 'resource-title', text: r.title || r.url })),
      h('p', { class: 'resource-meta', text: [kindName(r.kind), hostOf(r.url)].filter(Boolean).join(' · ') }),
      h('p', { class: 'resource-counts', text: [
        r.saves_in_period ? t('n_saves', { n: r.saves_in_period }) : null,
        r.reactions_in_period ? t('n_worth_it', { n: r.reactions_in_period }) : null,
      ].filter(Boolean).join(' · ') })))));
}

export const n = formatNumber;
