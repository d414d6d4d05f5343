/* My saved list: what I mean to listen to, read or watch; it can leave as a bookmark file too. */
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { resourceCard } from '../parts/cards.js';
import { emptyState, header, loading, problem, queued } from '../parts/common.js';

const Outbox = globalThis.LHOutbox;

export async function render(root, ctx) {
  const body = h('div', {}, loading());
  root.append(header(t('saved_title')), body);
  let items;
  try {
    items = api.items(await api.get('/me/saved')).map((s) => s.resource || s);
  } catch (err) {
    replace(body, problem(err));
    return;
  }
  const outbox = await Outbox.all().catch(() => []);
  const unsaving = new Set(outbox.filter((i) => i.kind === 'unsave').map((i) => i.payload.resource_id));
  items = items.filter((r) => !unsaving.has(r.id));
  if (!items.length) {
    replace(body, emptyState(t('empty_saved'), h('a', { href: '/bank', class: 'button', text: t('browse_bank') })));
    return;
  }
  const list = h('ul', { class: 'resource-list' }, items.map((r) => {
    const minutes = r.duration_minutes && r.duration_minutes <= 600 ? r.duration_minutes : '';
    const remove = h('button', { type: 'button', class: 'button small quiet', text: t('remove'), 'aria-label': `${t('remove')}: ${r.title}` });
    const card = resourceCard(r, { extra: h('div', { class: 'actions' },
      h('a', { href: `/log${api.qs({ resource: r.id, minutes })}`, class: 'button small primary', text: t('log_time') }), remove) });
    remove.addEventListener('click', async () => {
      try {
        await api.del(`/resources/${r.id}/save`);
      } catch (err) {
        if (!err.offline) { ctx.toast(err.message); return; }
        await Outbox.queueSave(r.id, false);
        queued();
      }
      card.remove();
      ctx.toast(t('removed_from_list'));
      if (!list.children.length) replace(body, emptyState(t('empty_saved'), h('a', { href: '/bank', class: 'button', text: t('browse_bank') })));
    });
    return card;
  }));
  replace(body, list, h('p', { class: 'list-footer' }, h('a', { class: 'button small quiet', id: 'export-saved-list',
    href: '/api/v1/me/saved/export.html', download: '', text: t('export_saved') })));
}
