/* Add to the bank: the link first; the server reads its title and description. Links shared from other
   apps arrive here through the share target (many apps put the link in `text`, not `url`). Without a
   network the link waits in the outbox (a share made offline arrives as `?shared=<its id>`), shown as
   waiting, and goes into the bank once the network is back; "add and log time" then logs against it.
   The kind is the bank's to decide: the screen shows the server's answer (its preview) and sends a kind
   only when the person chose one. */
import * as api from '../api.js';
import { field, formError, h, option, replace, showFieldErrors } from '../dom.js';
import { t } from '../i18n.js';
import { header, isIos, isStandalone, KINDS, kindName, queued } from '../parts/common.js';
import { reasons, waitingLinks } from '../parts/waiting.js';

const Outbox = globalThis.LHOutbox;

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
  const sharedId = q.get('shared');
  const waiting = sharedId ? await Outbox.get(sharedId).catch(() => null) : null;
  if (sharedId && !waiting) {
    // Sent meanwhile: show it in the bank.
    const resourceId = await Outbox.resolvedShare(sharedId);
    if (resourceId) { ctx.navigate(`/bank/${resourceId}`, { replace: true }); return; }
  }
  const kept = waiting && waiting.kind === 'share' ? waiting.payload : null;
  const sharedUrl = kept ? kept.url : firstUrl(q.get('url'), q.get('text'), q.get('title'));
  const sharedTitle = kept ? kept.title || '' : (q.get('title') || '').trim();
  const url = h('input', { type: 'url', inputmode: 'url', required: true, autocomplete: 'off', placeholder: 'https://', value: sharedUrl });
  const chosenKind = (kept && kept.kind) || '';
  const kind = h('select', {}, [option('', t('kind_auto'), chosenKind), ...KINDS.map((k) => option(k, kindName(k), chosenKind))]);
  const title = h('input', { type: 'text', maxlength: 200, value: firstUrl(sharedTitle) ? '' : sharedTitle });
  const description = h('textarea', { rows: 2, maxlength: 2000 });
  const tagList = h('datalist', { id: 'tag-suggestions' });
  const tags = h('input', { type: 'text', list: 'tag-suggestions', autocomplete: 'off', autocapitalize: 'none', placeholder: t('tags_placeholder') });
  const duration = h('input', { type: 'number', inputmode: 'numeric', min: 1, max: 6000 });
  // Its room is kept even when empty: a line appearing as the link field loses focus would move the
  // buttons away from the finger already on its way to them.
  const status = h('p', { class: 'hint link-status', role: 'status' });
  const waitingNote = kept ? h('p', { class: 'badge waiting', id: 'share-waiting', text: t('share_kept_offline') }) : null;
  const dropButton = kept ? h('button', { type: 'button', class: 'button quiet wide', text: t('do_not_add'), onclick: async () => {
    await Outbox.dismiss(waiting.id);
    ctx.navigate('/add', { replace: true });
  } }) : null;
  const linksBox = h('div', {});
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
  if (kept) {
    for (const [el, value] of [[description, kept.description], [duration, kept.duration_minutes], [tags, (kept.tags || []).join(', ')]]) {
      if (value) el.value = value;
    }
  }
  const form = h('form', { class: 'card stack add-form', novalidate: true },
    waitingNote,
    urlField,
    status,
    field(t('kind'), kind, { name: 'kind' }),
    field(t('title'), title, { name: 'title' }),
    field(t('description'), description, { name: 'description' }),
    field(t('duration_minutes'), duration, { name: 'duration_minutes' }),
    field(t('tags'), tags, { name: 'tags', hint: t('tags_hint') }), tagList,
    formError(),
    h('div', { class: 'actions stacked' }, addButton, addLogButton, dropButton));

  root.append(header(t('add_title')), form, linksBox,
    isIos() && !isStandalone() ? h('aside', { class: 'card hint-card' },
      h('h2', { text: t('ios_install_title') }), h('p', { text: t('ios_install_steps') }), h('p', { text: t('ios_share_hint') })) : null);

  let previewed = '';
  async function preview() {
    const value = url.value.trim();
    if (!navigator.onLine || ctx.state.unconfirmed) return;
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
    const body = { url: url.value.trim() };
    if (kind.value && (touched.has('kind') || chosenKind)) body.kind = kind.value;
    if (title.value.trim()) body.title = title.value.trim();
    if (description.value.trim()) body.description = description.value.trim();
    if (duration.value) body.duration_minutes = Number(duration.value);
    const tagNames = tags.value.split(',').map((s) => s.trim().replace(/^#/, '')).filter(Boolean);
    if (tagNames.length) body.tags = tagNames;
    if (!body.url) { showFieldErrors(form, { url: [t('required')] }); url.focus(); return; }
    addButton.disabled = addLogButton.disabled = true;
    const minutesOf = (r) => (r.duration_minutes && r.duration_minutes <= 600 ? r.duration_minutes : '');
    const added = (r) => {
      ctx.toast(r.duplicate ? t('already_in_bank') : t('added_to_bank'));
      ctx.navigate(andLog ? `/log${api.qs({ resource: r.id, minutes: minutesOf(r) })}` : `/bank/${r.id}`);
    };
    const keptFor = (id) => {
      ctx.toast(t('share_kept_offline'));
      ctx.navigate(andLog ? `/log${api.qs({ share: id, minutes: minutesOf(body) })}` : '/add', { replace: !andLog });
    };
    try {
      if (kept) {
        // The shared link is already in the outbox: it changes there and goes with the outbox.
        if (!(await Outbox.fix(waiting.id, body))) { ctx.navigate('/add', { replace: true }); return; }
        queued();
        if (navigator.onLine && !ctx.state.unconfirmed) await ctx.flushOutbox();
        const resourceId = await Outbox.resolvedShare(waiting.id);
        const refused = await Outbox.get(waiting.id);
        if (resourceId) added({ id: resourceId, duration_minutes: body.duration_minutes });
        else if (refused && refused.state === 'invalid') showFieldErrors(form, refused.errors, reasons(refused.errors));
        else keptFor(waiting.id);
        return;
      }
      if (ctx.state.unconfirmed) { keptFor(await Outbox.queueShare(body)); queued(); return; }
      added(await api.post('/resources', body));
    } catch (err) {
      if (err.offline || err.status >= 500) {
        keptFor(await Outbox.queueShare(body));
        queued();
      } else {
        showFieldErrors(form, err.fields, err.message || t('something_wrong'));
      }
    } finally {
      addButton.disabled = addLogButton.disabled = false;
    }
  });

  async function drawWaiting() {
    const outbox = await Outbox.all().catch(() => []);
    replace(linksBox, waitingLinks(outbox, { except: waiting && waiting.id }));
    if (kept && !outbox.some((item) => item.id === waiting.id)) {
      const resourceId = await Outbox.resolvedShare(waiting.id);
      if (resourceId) replace(waitingNote, h('a', { href: `/bank/${resourceId}`, text: t('added_to_bank') }));
    } else if (kept) {
      const item = outbox.find((it) => it.id === waiting.id);
      if (item.state === 'invalid') showFieldErrors(form, item.errors, reasons(item.errors));
    }
  }
  await drawWaiting();
  window.addEventListener('outbox-changed', drawWaiting);
  Outbox.channel?.addEventListener('message', drawWaiting);

  if (sharedUrl && !kept) preview();
  else url.focus();
  return () => {
    window.removeEventListener('outbox-changed', drawWaiting);
    Outbox.channel?.removeEventListener('message', drawWaiting);
  };
}
