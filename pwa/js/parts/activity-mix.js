/* Minutes by activity as bars, largest first: the History screen's and the Team screen's. */
import { h } from '../dom.js';
import { formatShortMinutes, t } from '../i18n.js';
import { activityName } from './common.js';

export function activityMix(byActivity, title = t('by_activity')) {
  const rows = Object.entries(byActivity).filter(([, m]) => m > 0).sort((a, b) => b[1] - a[1]);
  const largest = rows.length ? rows[0][1] : 1;
  return h('section', { class: 'card stack activity-mix' }, h('h2', { text: title }),
    rows.length ? h('ul', { class: 'mix-list' }, rows.map(([activity, minutes]) => h('li', {},
      h('span', { class: 'mix-name', text: activityName(activity) }),
      h('span', { class: 'mix-bar', 'aria-hidden': 'true' }, h('span', { class: `mix-fill w${Math.max(1, Math.round((minutes / largest) * 20))}` })),
      h('span', { class: 'mix-minutes', text: formatShortMinutes(minutes) })))) : h('p', { class: 'hint', text: t('nothing_logged_yet') }));
}
