/* One resource: what it is, who shared it, save it, say it was worth it, comment, and log time for it;
   the person who shared it (and an admin) may change or remove it. */
import * as api from '../api.js';
import { field, formError, h, replace, showFieldErrors } from '../dom.js';
import { formatDate, formatMinutes, t } from '../i18n.js';
import { tagsOf } from '../parts/cards.js';
import { emptyState, hostOf, kindName, loading, problem, queued } from '../parts/common.js';
import { editForm, removeResource } from '../parts/resource-edit.js';

const Outbox = globalThis.LHOutbox;

export async function render(root, ctx) {
  const id = ctx.params.id;
  root.append(loading());
  let r;
  try {
    r = await api.get(`/resources/${encodeURIComponent(id)}`);
  } catch (err) {
    replace(root, h('h1', { tabindex: '-1', text: t('bank_title') }),
      err.status === 404 ? emptyState(t('resource_missing'), h('a', { href: '/bank', class: 'button', text: t('back_to_bank') })) : problem(err));
    return;
  }
  const facts = [kindName(r.kind), r.duration_minutes ? formatMinutes(r.duration_minutes) : null].filter(Boolean).join(' · ');
  const shared = r.shared_by;
  r.saved = Boolean(r.saved_by_me ?? r.saved);
  r.reacted = Boolean(r.reacted_by_me ?? r.reacted);
  const saveButton = h('button', { type: 'button', class: 'button', id: 'save-resource' });
  const reactButton = h('button', { type: 'button', class: 'button', id: 'react-resource' });
  const drawButtons = () => {
    saveButton.textContent = r.saved ? t('saved_button') : t('save');
    saveButton.setAttribute('aria-pressed', String(Boolean(r.saved)));
    reactButton.textContent = `${t('worth_it')}${r.reaction_count ? ` · ${r.reaction_count}` : ''}`;
    reactButton.setAttribute('aria-pressed', String(Boolean(r.reacted)));
  };
  drawButtons();
  saveButton.addEventListener('click', async () => {
    const wanted = !r.saved;
    try {
      await (wanted ? api.put(`/resources/${r.id}/save`) : api.del(`/resources/${r.id}/save`));
      ctx.toast(wanted ? t('saved_to_list') : t('removed_from_list'));
    } catch (err) {
      if (!err.offline) { ctx.toast(err.message || t('something_wrong')); return; }
      await Outbox.queueSave(r.id, wanted);
      queued();
      ctx.toast(t('save_queued'));
    }
    r.saved = wanted;
    drawButtons();
  });
  reactButton.addEventListener('click', async () => {
    const wanted = !r.reacted;
    try {
      const answer = await (wanted ? api.put(`/resources/${r.id}/reaction`) : api.del(`/resources/${r.id}/reaction`));
      r.reacted = wanted;
      r.reaction_count = answer && typeof answer.reaction_count === 'number' ? answer.reaction_count
        : Math.max(0, (r.reaction_count || 0) + (wanted ? 1 : -1));
      drawButtons();
    } catch (err) {
      ctx.toast(err.offline ? t('offline_try_later') : (err.message || t('something_wrong')));
    }
  });
  const logHref = `/log${api.qs({ resource: r.id, minutes: r.duration_minutes && r.duration_minutes <= 600 ? r.duration_minutes : '' })}`;
  const comments = h('section', { class: 'comments', 'aria-labelledby': 'comments-title' });
  const again = () => ctx.navigate(`/bank/${r.id}`, { replace: true });
  const owner = r.can_edit ? h('div', { class: 'actions owner-actions' },
    h('button', { type: 'button', class: 'button small quiet', id: 'edit-resource', text: t('edit'), onclick: () => {
      const article = root.querySelector('.resource-detail');
      const form = editForm(r, { onSaved: () => { ctx.toast(t('saved')); again(); }, onCancel: again });
      article.replaceWith(form);
      owner.hidden = true;
      form.querySelector('input').focus();
    } }),
    h('button', { type: 'button', class: 'button small danger', id: 'remove-resource', text: t('remove'), onclick: async () => {
      if (await removeResource(r, ctx)) { ctx.toast(t('resource_removed')); ctx.navigate('/bank'); }
    } })) : null;
  replace(root,
    h('p', { class: 'crumb' }, h('a', { href: '/bank', text: `← ${t('bank_title')}` })),
    h('article', { class: 'resource-detail card' },
      h('p', { class: 'eyebrow', text: facts }),
      h('h1', { tabindex: '-1', text: r.title || r.url }),
      h('p', {}, h('a', { href: r.url, target: '_blank', rel: 'noopener noreferrer', class: 'external', text: `${hostOf(r.url)} ↗` })),
      r.description ? h('p', { class: 'description', text: r.description }) : null,
      tagsOf(r).length ? h('ul', { class: 'tags', 'aria-label': t('tags') }, tagsOf(r).map((tag) => h('li', {},
        h('a', { class: 'tag', href: `/bank?tag=${encodeURIComponent(tag)}`, text: `#${tag}` })))) : null,
      h('p', { class: 'resource-counts', text: [
        shared ? t('shared_by', { name: shared.name || shared, date: r.created_at ? formatDate(r.created_at) : '' }) : null,
        r.save_count ? t('n_saves', { n: r.save_count }) : null,
        r.log_count ? t('n_logged', { n: r.log_count }) : null,
      ].filter(Boolean).join(' · ') }),
      h('div', { class: 'actions' },
        h('a', { href: logHref, class: 'button primary', text: t('log_time_for_this') }),
        saveButton, reactButton)),
    owner,
    comments);
  renderComments(comments, r, ctx);
}

async function renderComments(box, r, ctx) {
  const list = h('ul', { class: 'comment-list' });
  const body = h('textarea', { rows: 2, maxlength: 500, required: true });
  const form = h('form', { class: 'stack', novalidate: true },
    field(t('comment_label'), body, { name: 'body' }), formError(),
    h('button', { type: 'submit', class: 'button', text: t('post_comment') }));
  replace(box, h('h2', { id: 'comments-title', text: t('comments') }), list, form);
  async function load() {
    try {
      const items = api.items(await api.get(`/resources/${r.id}/comments`));
      replace(list, items.length ? items.map((c) => h('li', { class: 'comment' },
        h('p', { text: c.body }),
        h('p', { class: 'comment-meta', text: [c.author?.name, c.created_at ? formatDate(c.created_at) : ''].filter(Boolean).join(' · ') })))
        : h('li', { class: 'empty' }, h('p', { text: t('empty_comments') })));
    } catch (err) {
      replace(list, h('li', {}, problem(err)));
    }
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!body.value.trim()) { showFieldErrors(form, { body: [t('required')] }); return; }
    try {
      await api.post(`/resources/${r.id}/comments`, { body: body.value.trim() });
      body.value = '';
      showFieldErrors(form, {});
      load();
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });
  load();
}
