/* Settings: bookmarks in and out. Import a bookmark file from a browser, linkding, Pocket or Raindrop
   (with an upload progress bar: a big file takes a while on a train), export the bank or my saved list
   in the same format, and the "Add to Learning Hour" bookmarklet for desktop browsers. */
import * as api from '../api.js';
import { field, formError, h, replace, showFieldErrors } from '../dom.js';
import { t } from '../i18n.js';
import { section } from './common.js';

const MAX_FILE_BYTES = 16 * 1024 * 1024; // the server's limit for this one request

export function bookmarksSection(ctx) {
  const input = h('input', { type: 'file', accept: '.html,.htm,text/html', id: 'bookmark-file' });
  const bar = h('progress', { class: 'upload-progress', id: 'import-progress', max: 100, value: 0, hidden: true,
    'aria-label': t('import_progress') });
  const status = h('p', { class: 'hint', role: 'status', id: 'import-status' });
  const button = h('button', { type: 'submit', class: 'button primary', id: 'import-bookmarks', text: t('import_bookmarks') });
  const form = h('form', { class: 'stack', novalidate: true },
    field(t('bookmark_file'), input, { name: 'file', hint: t('bookmark_file_hint') }), bar, status, formError(), button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = input.files && input.files[0];
    if (!file) { showFieldErrors(form, { file: [t('choose_a_file')] }); return; }
    // Said before sending: a server refusing a big body mid-upload often just drops the connection.
    if (file.size > MAX_FILE_BYTES) { showFieldErrors(form, { file: [t('import_too_big')] }); return; }
    showFieldErrors(form, {});
    button.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    status.textContent = t('import_uploading', { percent: 0 });
    try {
      const result = await api.upload('/resources/import', file, {
        onProgress: (fraction) => {
          bar.value = Math.round(fraction * 100);
          status.textContent = t('import_uploading', { percent: Math.round(fraction * 100) });
        },
        // Every byte is there; the server now reads the bookmarks: a bar without an end until it answers.
        onSent: () => { bar.removeAttribute('value'); status.textContent = t('import_reading'); },
      });
      bar.value = 100;
      status.textContent = [t('import_created', { n: result.created }), t('import_duplicates', { n: result.duplicates }),
        result.invalid ? t('import_invalid', { n: result.invalid }) : null].filter(Boolean).join(' ');
      input.value = '';
      ctx.toast(t('import_done'));
    } catch (err) {
      bar.hidden = true;
      status.textContent = '';
      const message = err.offline ? t('offline_try_later') : (err.status === 413 ? t('import_too_big') : err.message);
      showFieldErrors(form, err.status === 413 ? {} : err.fields, message || t('something_wrong'));
    } finally {
      button.disabled = false;
    }
  });
  const exports = h('div', { class: 'actions' },
    h('a', { class: 'button', id: 'export-bank', href: '/api/v1/resources/export.html', download: '', text: t('export_bank') }),
    h('a', { class: 'button', id: 'export-saved', href: '/api/v1/me/saved/export.html', download: '', text: t('export_saved') }));
  return section('s-bookmarks', t('bookmarks_title'), h('p', { class: 'hint', text: t('bookmarks_hint') }), form,
    h('h3', { class: 'subhead', text: t('export_title') }), exports);
}

/** The bookmarklet: opens this app's Add screen with the page's address and title. */
export function bookmarkletCode(origin = location.origin) {
  return `javascript:(()=>{window.open('${origin}/add?url='+encodeURIComponent(location.href)+'&title='`
    + "+encodeURIComponent(document.title),'_blank','noopener');})()";
}

export function bookmarkletSection() {
  // Desktop browsers keep bookmarks in a bar; on phones the share sheet does this job.
  if (!matchMedia('(hover: hover) and (pointer: fine)').matches) return null;
  const code = bookmarkletCode();
  const link = h('a', { class: 'button bookmarklet', id: 'bookmarklet', href: code, text: t('bookmarklet_name'),
    onclick: (event) => { event.preventDefault(); replace(note, t('bookmarklet_drag')); } });
  const note = h('p', { class: 'hint', role: 'status' });
  const copy = h('input', { type: 'text', readonly: true, value: code, 'aria-label': t('bookmarklet_code'), id: 'bookmarklet-code',
    onfocus: () => copy.select() });
  return section('s-bookmarklet', t('bookmarklet_title'), h('p', { text: t('bookmarklet_hint') }), link, note,
    h('details', {}, h('summary', { text: t('bookmarklet_copy') }), copy));
}
