/* The bank: search, kind and tag filters, newest or popular first, loaded page by page while scrolling;
   above the list, while nothing is filtered, a shelf of what colleagues saved and found worth it this week. */
import * as api from '../api.js';
import { h, option, replace } from '../dom.js';
import { t } from '../i18n.js';
import { popularShelf, resourceCard } from '../parts/cards.js';
import { emptyState, header, KINDS, kindName, problem } from '../parts/common.js';

export async function render(root, ctx) {
  const q = ctx.query;
  const filters = { q: q.get('q') || '', kind: q.get('kind') || '', tag: q.get('tag') || '', sort: q.get('sort') || 'new' };
  const search = h('input', { type: 'search', value: filters.q, placeholder: t('search_placeholder'), 'aria-label': t('search'), enterkeyhint: 'search' });
  const kindRow = h('div', { class: 'chips', role: 'group', 'aria-label': t('kind') });
  const tagRow = h('div', { class: 'tag-filter' });
  const sort = h('select', { 'aria-label': t('sort') }, option('new', t('sort_new'), filters.sort), option('popular', t('sort_popular'), filters.sort));
  const shelf = h('div', { class: 'shelf-slot' });
  const list = h('ul', { class: 'resource-list', 'aria-live': 'polite' });
  const status = h('div', { class: 'list-status' });
  const sentinel = h('div', { class: 'sentinel', 'aria-hidden': 'true' });

  root.append(
    header(t('bank_title'), h('a', { href: '/add', class: 'button primary small', text: t('add_to_bank') })),
    h('form', { class: 'bank-search', role: 'search', onsubmit: (e) => { e.preventDefault(); apply(); } },
      search, sort),
    kindRow, tagRow, shelf, list, status, sentinel);

  async function drawShelf() {
    if (filters.q || filters.kind || filters.tag) { replace(shelf); return; }
    try {
      const data = await api.get('/resources/popular?days=7&limit=5');
      replace(shelf, filters.q || filters.kind || filters.tag ? null : popularShelf(api.items(data)));
    } catch { replace(shelf); /* the shelf is a nicety; the list below says what went wrong */ }
  }

  function drawFilters() {
    replace(kindRow, ['', ...KINDS].map((k) => h('button', { type: 'button', class: 'chip', 'aria-pressed': String(filters.kind === k),
      text: k ? kindName(k) : t('all_kinds'), onclick: () => { filters.kind = k; apply(); } })));
    replace(tagRow, filters.tag ? h('button', { type: 'button', class: 'chip active', 'aria-label': t('remove_tag_filter', { tag: filters.tag }),
      text: `#${filters.tag} ×`, onclick: () => { filters.tag = ''; apply(); } }) : null);
  }

  let cursor = null;
  let loadingMore = false;
  let generation = 0;

  async function load(reset) {
    if (loadingMore && !reset) return;
    const mine = reset ? ++generation : generation;
    loadingMore = true;
    if (reset) { cursor = null; replace(list); }
    replace(status, h('p', { class: 'loading', text: t('loading') }));
    try {
      const data = await api.get(`/resources${api.qs({ ...filters, limit: 20, cursor })}`);
      if (mine !== generation) return;
      const items = api.items(data);
      for (const r of items) list.append(resourceCard(r, { onTag: (tag) => { filters.tag = tag; apply(); } }));
      cursor = data && data.next_cursor;
      replace(status, list.children.length ? null : emptyState(filters.q || filters.kind || filters.tag ? t('empty_search') : t('empty_bank'),
        h('a', { href: '/add', class: 'button', text: t('add_to_bank') })));
    } catch (err) {
      if (mine === generation) replace(status, problem(err));
      cursor = null;
    } finally {
      if (mine === generation) loadingMore = false;
    }
  }

  function apply() {
    filters.q = search.value.trim();
    filters.sort = sort.value;
    const params = api.qs({ q: filters.q, kind: filters.kind, tag: filters.tag, sort: filters.sort === 'new' ? '' : filters.sort });
    history.replaceState(null, '', `/bank${params}`);
    drawFilters();
    drawShelf();
    load(true);
  }

  let timer = null;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(apply, 300); });
  sort.addEventListener('change', apply);
  drawFilters();
  drawShelf();
  await load(true);

  const observer = new IntersectionObserver((seen) => {
    if (seen.some((s) => s.isIntersecting) && cursor && !loadingMore) load(false);
  }, { rootMargin: '400px' });
  observer.observe(sentinel);
  return () => { observer.disconnect(); clearTimeout(timer); };
}
