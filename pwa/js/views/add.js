/* Add to the bank: the link first; the server reads its title and description. Links shared from other
   apps arrive here through the share target (many apps put the link in `text`, not `url`). */
import * as api from '../api.js';
import { field, formError, h, option, showFieldErrors } from '../dom.js';
import { t } from '../i18n.js';
import { header, isIos, isStandalone, KINDS, kindName } from './common.js';

const URL_PATTERN = /https?:\/\/[^\s<>"']+/i;

export function firstUrl(...texts) {
  for (const text of texts) {
    const match = (text || '').match(URL_PATTERN);
    if (match) return match[0].replace(/[).,;!?]+$/, '');
  }
  return '';
}

export async function render(root, ctx) {
  const q = ctx.query;
  const sharedUrl = firstUrl(q.get('url'), q.get('text'), q.get('title'));
  const sharedTitle = (q.get('title') || '').trim();
  const url = h('input', { type: 'url', inputmode: 'url', required: true, autocomplete: 'off', placeholder: 'https://', value: sharedUrl });
  const kind = h('select', {}, KINDS.map((k) => option(k, kindName(k), 'article')));
  const title = h('input', { type: 'text', maxlength: 200, value: firstUrl(sharedTitle) ? '' : sharedTitle });
  const description = h('textarea', { rows: 2, maxlength: 2000 });
  const tagList = h('datalist', { id: 'tag-suggestions' });
  const tags = h('input', { type: 'text', list: 'tag-suggestions', autocomplete: 'off', autocapitalize: 'none', placeholder: t('tags_placeholder') });
  const duration = h('input', { type: 'number', inputmode: 'numeric', min: 1, max: 6000 });
  const status = h('p', { class: 'hint', role: 'status' });
  const addButton = h('button', { type: 'submit', class: 'button primary wide', value: 'add', text: t('add_to_bank') });
  const addLogButton = h('button', { type: 'submit', class: 'button wide', value: 'log', text: t('add_and_log') });
  const touched = new Set();
  for (const [name, el] of Object.entries({ kind, title, description, duration })) el.addEventListener('input', () => touched.add(name));

  const paste = navigator.clipboard && navigator.clipboard.readText
    ? h('button', { type: 'button', class: 'button small quiet', text: t('paste_link'), onclick: async () => {
      try {
        const found = firstUrl(await navigator.clipboard.readText());
        if (found) { url.value = found; preview(); } else status.textContent = t('no_link_in_clipboard');
      } catch { url.focus(); }
    } })
    : null;

  const urlField = field(t('link'), url, { name: 'url', hint: t('link_hint') });
  if (paste) {
    const row = h('div', { class: 'input-row' });
    url.replaceWith(row);
    row.append(url, paste);
  }
  const form = h('form', { class: 'card stack add-form', novalidate: true },
    urlField,
    status,
    field(t('kind'), kind, { name: 'kind' }),
    field(t('title'), title, { name: 'title' }),
    field(t('description'), description, { name: 'description' }),
    field(t('duration_minutes'), duration, { name: 'duration_minutes' }),
    field(t('tags'), tags, { name: 'tags', hint: t('tags_hint') }), tagList,
    formError(),
    h('div', { class: 'actions stacked' }, addButton, addLogButton));

  root.append(header(t('add_title')), form,
    isIos() && !isStandalone() ? h('aside', { class: 'card hint-card' },
      h('h2', { text: t('ios_install_title') }), h('p', { text: t('ios_install_steps') }), h('p', { text: t('ios_share_hint') })) : null);

  let previewed = '';
  async function preview() {
    const value = url.value.trim();
    if (!/^https?:\/\/\S+\.\S+/i.test(value) || value === previewed) return;
    previewed = value;
    status.textContent = t('reading_link');
    try {
      const meta = await api.post('/resources/preview', { url: value });
      if (url.value.trim() !== value) return;
      if (meta.title && !touched.has('title') && !title.value) title.value = meta.title;
      if (meta.description && !touched.has('description') && !description.value) description.value = meta.description;
      if (meta.kind && KINDS.includes(meta.kind) && !touched.has('kind')) kind.value = meta.kind;
      if (meta.duration_minutes && !touched.has('duration') && !duration.value) duration.value = meta.duration_minutes;
      status.textContent = meta.duplicate || meta.existing_id ? t('already_in_bank') : '';
    } catch (err) {
      status.textContent = err.offline ? t('offline_try_later') : '';
    }
  }
  url.addEventListener('change', preview);
  url.addEventListener('paste', () => setTimeout(preview, 0));

  let tagTimer = null;
  tags.addEventListener('input', () => {
    clearTimeout(tagTimer);
    const last = tags.value.split(',').pop().trim().replace(/^#/, '');
    if (last.length < 1) return;
    tagTimer = setTimeout(async () => {
      try {
        const found = api.items(await api.get(`/tags${api.qs({ prefix: last })}`));
        const head = tags.value.split(',').slice(0, -1).map((s) => s.trim()).filter(Boolean);
        tagList.replaceChildren(...found.slice(0, 8).map((tag) => option([...head, tag.name || tag].join(', '), tag.name || tag)));
      } catch { /* suggestions are a nicety */ }
    }, 200);
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const andLog = event.submitter === addLogButton;
    const body = { url: url.value.trim(), kind: kind.value };
    if (title.value.trim()) body.title = title.value.trim();
    if (description.value.trim()) body.description = description.value.trim();
    if (duration.value) body.duration_minutes = Number(duration.value);
    const tagNames = tags.value.split(',').map((s) => s.trim().replace(/^#/, '')).filter(Boolean);
    if (tagNames.length) body.tags = tagNames;
    if (!body.url) { showFieldErrors(form, { url: [t('required')] }); url.focus(); return; }
    addButton.disabled = addLogButton.disabled = true;
    try {
      const r = await api.post('/resources', body);
      ctx.toast(r.duplicate ? t('already_in_bank') : t('added_to_bank'));
      const minutes = r.duration_minutes && r.duration_minutes <= 600 ? r.duration_minutes : '';
      ctx.navigate(andLog ? `/log${api.qs({ resource: r.id, minutes })}` : `/bank/${r.id}`);
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : (err.message || t('something_wrong')));
    } finally {
      addButton.disabled = addLogButton.disabled = false;
    }
  });

  if (sharedUrl) preview();
  else url.focus();
}
