/* Changing or removing a resource, for the person who shared it and for admins: the same fields as
   the Add screen, sent as a PATCH of what changed; removing asks first (time logged against it stays). */
import * as api from '../api.js';
import { confirmDialog } from '../dialog.js';
import { field, formError, h, option, showFieldErrors } from '../dom.js';
import { t } from '../i18n.js';
import { tagsOf } from './cards.js';
import { KINDS, kindName } from './common.js';

const splitTags = (text) => text.split(',').map((s) => s.trim().replace(/^#/, '')).filter(Boolean);

/** The edit form; resolves `onSaved(updated resource)` after a successful PATCH, `onCancel()` otherwise. */
export function editForm(r, { onSaved, onCancel }) {
  const url = h('input', { type: 'url', inputmode: 'url', required: true, autocomplete: 'off', value: r.url });
  const kind = h('select', {}, KINDS.map((k) => option(k, kindName(k), r.kind)));
  const title = h('input', { type: 'text', maxlength: 300, required: true, value: r.title || '' });
  const description = h('textarea', { rows: 3, maxlength: 2000 });
  description.value = r.description || '';
  const duration = h('input', { type: 'number', inputmode: 'numeric', min: 1, max: 6000, value: r.duration_minutes ?? '' });
  const tags = h('input', { type: 'text', autocomplete: 'off', autocapitalize: 'none', value: tagsOf(r).join(', '),
    placeholder: t('tags_placeholder') });
  const save = h('button', { type: 'submit', class: 'button primary', id: 'save-resource-changes', text: t('save') });
  const form = h('form', { class: 'card stack resource-edit', id: 'resource-edit', novalidate: true },
    h('h2', { text: t('edit_resource') }),
    field(t('link'), url, { name: 'url' }),
    field(t('kind'), kind, { name: 'kind' }),
    field(t('title'), title, { name: 'title' }),
    field(t('description'), description, { name: 'description' }),
    field(t('duration_minutes'), duration, { name: 'duration_minutes' }),
    field(t('tags'), tags, { name: 'tags', hint: t('tags_hint') }),
    formError(),
    h('div', { class: 'actions' }, save, h('button', { type: 'button', class: 'button quiet', text: t('cancel'), onclick: onCancel })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!title.value.trim()) { showFieldErrors(form, { title: [t('required')] }); title.focus(); return; }
    if (!url.value.trim()) { showFieldErrors(form, { url: [t('required')] }); url.focus(); return; }
    const wanted = { url: url.value.trim(), kind: kind.value, title: title.value.trim(),
      description: description.value.trim() || null, duration_minutes: duration.value ? Number(duration.value) : null };
    const changes = Object.fromEntries(Object.entries(wanted).filter(([name, value]) => (r[name] ?? null) !== value));
    if (splitTags(tags.value).join(',') !== tagsOf(r).join(',')) changes.tags = splitTags(tags.value);
    if (!Object.keys(changes).length) { onCancel(); return; }
    save.disabled = true;
    try {
      onSaved(await api.patch(`/resources/${r.id}`, changes));
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : (err.message || t('something_wrong')));
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

/** Asks, then removes; resolves true when it is gone. */
export async function removeResource(r, ctx) {
  const sure = await confirmDialog(t('remove_resource_question'), { confirm: t('remove'), danger: true,
    detail: t('remove_resource_detail') });
  if (!sure) return false;
  try {
    await api.del(`/resources/${r.id}`);
    return true;
  } catch (err) {
    ctx.toast(err.offline ? t('offline_try_later') : (err.message || t('something_wrong')));
    return false;
  }
}
