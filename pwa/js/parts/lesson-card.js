/* A lesson learned as a card: outcome, title, who (or "shared anonymously") and the day, tags, the four
   parts to read, "Thank you for sharing" as the only reaction (a count), and reading logged in one tap. */
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { formatDate, formatMinutes, t } from '../i18n.js';
import { failure } from './knowledge.js';

const PARTS = [['context', 'lesson_context'], ['what_happened', 'lesson_what_happened'], ['learned', 'lesson_learned'],
  ['next_time', 'lesson_next_time']];

export function lessonCard(lesson, ctx, { onTag } = {}) {
  const box = h('li', { class: `lesson-card ${lesson.outcome}`, dataset: { id: String(lesson.id) } });
  let l = lesson;

  async function act(button, work) {
    button.disabled = true;
    try {
      await work();
    } catch (err) {
      ctx.toast(failure(err));
    }
    draw();
  }

  function thanks() {
    const count = t('n_thanks', { n: l.thanks_count });
    if (l.mine) return l.thanks_count ? h('p', { class: 'hint', text: count }) : null;
    const button = h('button', { type: 'button', class: 'button small thanks', 'aria-pressed': String(Boolean(l.thanked_by_me)),
      text: `${t('thank_you_for_sharing')}${l.thanks_count ? ` · ${l.thanks_count}` : ''}`, 'aria-label': `${t('thank_you_for_sharing')} (${count})` });
    button.addEventListener('click', () => act(button, async () => {
      l = await (l.thanked_by_me ? api.del(`/lessons/${l.id}/thanks`) : api.put(`/lessons/${l.id}/thanks`));
    }));
    return button;
  }

  function reading() {
    if (l.read_logged) return h('p', { class: 'badge logged', text: t('reading_logged') });
    const button = h('button', { type: 'button', class: 'button small quiet', text: t('log_reading') });
    button.addEventListener('click', () => act(button, async () => {
      const entry = await api.post(`/lessons/${l.id}/read`, {});
      l = { ...l, read_logged: true };
      ctx.toast(t('logged', { time: formatMinutes(entry.minutes) }));
    }));
    return button;
  }

  function draw() {
    const who = l.author ? l.author.name : t('shared_anonymously');
    replace(box,
      h('p', { class: `badge outcome ${l.outcome}`, text: t(`outcome_${l.outcome}`) }),
      h('h2', { class: 'lesson-title', text: l.title }),
      h('p', { class: 'lesson-meta', text: `${who} · ${formatDate(l.published_on, { day: 'numeric', month: 'short', year: 'numeric' })}` }),
      l.written_by && l.anonymous ? h('p', { class: 'hint admin-only', text: t('written_by_admins', { name: l.written_by.name }) }) : null,
      l.tags.length ? h('ul', { class: 'tags', 'aria-label': t('tags') }, l.tags.map((tag) => h('li', {},
        onTag ? h('button', { type: 'button', class: 'tag', text: `#${tag}`, onclick: () => onTag(tag) }) : h('span', { class: 'tag', text: `#${tag}` })))) : null,
      h('details', { class: 'lesson-body' }, h('summary', { text: t('read_lesson') }),
        PARTS.filter(([key]) => l[key]).map(([key, label]) => h('section', { class: 'lesson-part' },
          h('h3', { text: t(label) }), h('p', { class: 'description', text: l[key] })))),
      h('div', { class: 'actions' }, thanks(), reading(),
        l.can_edit ? h('a', { href: `/lessons/${l.id}/edit`, class: 'button small quiet', text: t('edit') }) : null));
  }
  draw();
  return box;
}
