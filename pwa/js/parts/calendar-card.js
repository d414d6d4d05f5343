/* My private calendar feed: subscribe in a calendar app (webcal://), copy the link, or reset it so the
   old link stops working. */
import * as api from '../api.js';
import { confirmDialog } from '../dialog.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { failure } from './knowledge.js';

export function calendarCard(ctx) {
  const body = h('div', { class: 'stack' }, h('p', { class: 'hint', text: t('loading') }));
  const card = h('section', { class: 'card calendar-card', 'aria-labelledby': 'calendar-title' },
    h('h2', { id: 'calendar-title', text: t('calendar_title') }),
    h('p', { class: 'hint', text: t('calendar_hint') }), body);

  function show(url) {
    const webcal = url.replace(/^https?:\/\//, 'webcal://');
    const copy = h('button', { type: 'button', class: 'button small', text: t('copy_link') });
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(url);
        ctx.toast(t('link_copied'));
      } catch {
        field.select();
        ctx.toast(t('copy_by_hand'));
      }
    });
    const reset = h('button', { type: 'button', class: 'button quiet small', text: t('calendar_reset') });
    reset.addEventListener('click', async () => {
      if (!(await confirmDialog(t('reset_link_confirm'), { confirm: t('calendar_reset'), danger: true }))) return;
      try {
        show((await api.post('/me/calendar/reset')).url);
        ctx.toast(t('link_reset'));
      } catch (err) {
        ctx.toast(failure(err));
      }
    });
    const field = h('input', { type: 'text', readonly: true, value: url, class: 'calendar-url', 'aria-label': t('calendar_link') });
    replace(body, h('div', { class: 'actions' },
      h('a', { href: webcal, class: 'button primary small', id: 'calendar-subscribe', text: t('subscribe_calendar') }),
      copy, reset), field);
  }

  api.get('/me/calendar').then((data) => show(data.url))
    .catch((err) => replace(body, h('p', { class: 'hint', text: failure(err.offline ? err : null) })));
  return card;
}
