/* On the Log screen: the next knowledge session, lessons learned and mentoring, one tap away. The block
   keeps its size while the next session loads, so nothing moves under the thumb. */
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { sessionWhen } from './knowledge.js';

export function knowledgeLinks(ctx) {
  const sessionTitle = h('span', { class: 'link-title', text: t('next_session') });
  const sessionLine = h('span', { class: 'link-sub', text: t('loading') });
  const mentoringLine = h('span', { class: 'link-sub', text: t('mentoring_link_sub') });
  const sessionLink = h('a', { href: '/sessions', class: 'knowledge-link', id: 'next-session-link' }, sessionTitle, sessionLine);
  const box = h('nav', { class: 'knowledge-links', 'aria-label': t('knowledge_links') },
    sessionLink,
    h('a', { href: '/lessons', class: 'knowledge-link', id: 'lessons-link' },
      h('span', { class: 'link-title', text: t('lessons_title') }),
      h('span', { class: 'link-sub', text: t('lessons_link_sub') })),
    h('a', { href: '/mentoring', class: 'knowledge-link', id: 'mentoring-link' },
      h('span', { class: 'link-title', text: t('mentoring_title') }), mentoringLine));
  api.get('/sessions?upcoming=true&limit=50').then(api.items).then((sessions) => {
    const next = sessions.find((s) => !s.cancelled && !s.ended);
    if (!next) { replace(sessionLine, t('no_session_planned')); return; }
    sessionLink.href = `/sessions/${next.id}`;
    replace(sessionTitle, t('next_session_named', { title: next.title }));
    replace(sessionLine, sessionWhen(next, ctx.state.user.timezone), next.attending ? ` · ${t('you_are_coming')}` : '');
  }).catch(() => replace(sessionLine, t('sessions_link_sub')));
  api.get('/mentoring/requests?direction=received&status=pending').then(api.items).then((waiting) => {
    if (waiting.length) replace(mentoringLine, t('mentoring_link_waiting', { n: waiting.length }));
  }).catch(() => {});
  return box;
}
