/* Lessons learned: what colleagues learned from successes and failures. Search (every text and the tags,
   accents optional), filter by outcome, tag or my own, read, thank, and log the reading. Renders from the
   last answers seen when offline. */
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { emptyState, header, problem } from '../parts/common.js';
import { lessonCard } from '../parts/lesson-card.js';

const FILTERS = [['', 'all_lessons'], ['success', 'outcome_successes'], ['failure', 'outcome_failures'], ['mine', 'my_lessons']];

export async function render(root, ctx) {
  const q = ctx.query;
  const state = { q: q.get('q') || '', filter: q.get('mine') ? 'mine' : (q.get('outcome') || ''), tag: q.get('tag') || '' };
  const search = h('input', { type: 'search', value: state.q, placeholder: t('lessons_search_placeholder'),
    'aria-label': t('lessons_search'), enterkeyhint: 'search' });
  const chips = h('div', { class: 'chips', role: 'group', 'aria-label': t('lessons_filter') });
  const tagRow = h('div', { class: 'tag-filter' });
  const list = h('ul', { class: 'lesson-list', 'aria-live': 'polite' });
  const status = h('div', { class: 'list-status' });
  root.append(
    header(t('lessons_title'), h('a', { href: '/lessons/new', class: 'button primary small', text: t('share_lesson') })),
    h('p', { class: 'lead', text: t('lessons_lead') }),
    h('form', { class: 'lesson-search', role: 'search', onsubmit: (e) => { e.preventDefault(); apply(); } }, search),
    chips, tagRow, list, status);

  function drawFilters() {
    replace(chips, FILTERS.map(([value, key]) => h('button', { type: 'button', class: 'chip', 'aria-pressed': String(state.filter === value),
      text: t(key), onclick: () => { state.filter = value; apply(); } })));
    replace(tagRow, state.tag ? h('button', { type: 'button', class: 'chip active', 'aria-label': t('remove_tag_filter', { tag: state.tag }),
      text: `#${state.tag} ×`, onclick: () => { state.tag = ''; apply(); } }) : null);
  }

  const params = () => ({ q: state.q, tag: state.tag, outcome: ['success', 'failure'].includes(state.filter) ? state.filter : '',
    mine: state.filter === 'mine' ? 'true' : '' });
  let generation = 0;
  async function load(cursor) {
    const mine = cursor ? generation : ++generation;
    if (!cursor) replace(list);
    replace(status, h('p', { class: 'loading', text: t('loading') }));
    try {
      const data = await api.get(`/lessons${api.qs({ ...params(), limit: 20, cursor })}`);
      if (mine !== generation) return;
      for (const lesson of api.items(data)) list.append(lessonCard(lesson, ctx, { onTag: (tag) => { state.tag = tag; apply(); } }));
      const more = data.next_cursor ? h('button', { type: 'button', class: 'button wide', text: t('show_more'),
        onclick: () => load(data.next_cursor) }) : null;
      const filtered = state.q || state.tag || state.filter;
      replace(status, list.children.length ? more : emptyState(filtered ? t('empty_lessons_search') : t('empty_lessons'),
        h('a', { href: '/lessons/new', class: 'button', text: t('share_lesson') })));
    } catch (err) {
      if (mine === generation) replace(status, problem(err));
    }
  }

  function apply() {
    state.q = search.value.trim();
    history.replaceState(null, '', `/lessons${api.qs(params())}`);
    drawFilters();
    load(null);
  }

  let timer = null;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(apply, 300); });
  drawFilters();
  await load(null);
  return () => clearTimeout(timer);
}
