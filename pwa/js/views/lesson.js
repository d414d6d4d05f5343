/* One lesson learned, as a post in Teams or Slack links to it: the same card as in the list. */
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { emptyState, header, loading, problem } from '../parts/common.js';
import { lessonCard } from '../parts/lesson-card.js';

export async function render(root, ctx) {
  root.append(loading());
  let lesson;
  try {
    lesson = await api.get(`/lessons/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) {
    replace(root, header(t('lessons_title')), err.status === 404
      ? emptyState(t('lesson_missing'), h('a', { href: '/lessons', class: 'button', text: t('lessons_all_link') })) : problem(err));
    return;
  }
  replace(root, header(t('lessons_title'), h('a', { href: '/lessons', class: 'button small quiet', text: t('lessons_all_link') })),
    h('ul', { class: 'lesson-list' }, lessonCard(lesson, ctx, { onTag: (tag) => ctx.navigate(`/lessons?tag=${encodeURIComponent(tag)}`) })));
}
