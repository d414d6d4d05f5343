/* Knowledge sessions: what is coming up (series' next ones included), join or leave in one tap, "I was
   there" for the ones just held, and my calendar feed. Renders from the last answers seen when offline. */
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { calendarCard } from '../parts/calendar-card.js';
import { emptyState, header, loading, problem } from '../parts/common.js';
import { sessionCard } from '../parts/session-card.js';

export async function render(root, ctx) {
  const upcomingBox = h('section', { class: 'stack', 'aria-labelledby': 'upcoming-title' }, loading());
  const recentBox = h('section', { class: 'stack', 'aria-labelledby': 'recent-title' });
  root.append(
    header(t('sessions_title'), h('a', { href: '/sessions/new', class: 'button primary small', text: t('plan_session') })),
    h('p', { class: 'lead', text: t('sessions_lead') }),
    upcomingBox, recentBox, calendarCard(ctx));

  const [upcoming, recent] = await Promise.all([
    api.get('/sessions?upcoming=true&limit=50').then(api.items).catch((err) => err),
    api.get('/sessions?recent=true&limit=10').then(api.items).catch(() => []),
  ]);
  if (upcoming instanceof Error) {
    replace(upcomingBox, h('h2', { id: 'upcoming-title', text: t('upcoming_sessions') }), problem(upcoming));
  } else {
    replace(upcomingBox, h('h2', { id: 'upcoming-title', text: t('upcoming_sessions') }),
      upcoming.length ? h('ul', { class: 'session-list' }, upcoming.map((s) => sessionCard(s, ctx)))
        : emptyState(t('empty_sessions'), h('a', { href: '/sessions/new', class: 'button', text: t('plan_session') })));
  }
  const held = recent.filter((s) => !s.attended);
  replace(recentBox, held.length ? [h('h2', { id: 'recent-title', text: t('recent_sessions') }),
    h('ul', { class: 'session-list' }, held.map((s) => sessionCard(s, ctx)))] : null);
}
