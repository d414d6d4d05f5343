/* The week's entries on the Log screen: the server's, with changes and deletions made offline laid over
   them, and new ones still waiting to be sent. Each can be edited; one the server refused shows why and
   can be fixed and sent again, or dismissed. */
import * as api from '../api.js';
import { dialog, field, formError, h, option, replace, showFieldErrors } from '../dom.js';
import { formatDate, formatShortMinutes, t } from '../i18n.js';
import { ACTIVITIES, activityName, emptyState, queued } from './common.js';
import { reasons } from './waiting.js';

const Outbox = globalThis.LHOutbox;

/** What the outbox does to the week: new entries waiting, changes and deletions by entry id, and the
    minutes they add (`pending`: new entries; `delta`: changes and deletions). */
export function overlay(entries, outbox, from, to) {
  const known = new Set((entries || []).map((e) => e.id));
  const waiting = outbox.filter((item) => item.kind === 'entry' && !known.has(item.id));
  const changes = new Map(outbox.filter((item) => item.kind === 'change').map((item) => [item.payload.id, item]));
  const deletions = new Map(outbox.filter((item) => item.kind === 'delete').map((item) => [item.payload.id, item]));
  const inWeek = (e) => Boolean(e) && e.date >= from && e.date <= to;
  const byId = new Map((entries || []).map((e) => [e.id, e]));
  let pending = 0;
  let delta = 0;
  for (const item of waiting) if (item.state === 'pending' && inWeek(item.payload)) pending += item.payload.minutes;
  // A mentoring meeting waiting to be sent counts in the week like an entry does.
  for (const item of outbox) if (item.kind === 'meeting' && item.state === 'pending' && inWeek(item.payload)) pending += item.payload.minutes;
  for (const item of [...changes.values(), ...deletions.values()]) {
    const before = byId.get(item.payload.id) || item.payload.before;
    if (item.state !== 'pending' || !before) continue;
    const after = item.kind === 'change' ? { ...before, ...item.payload.changes } : null;
    delta += (inWeek(after) ? after.minutes : 0) - (inWeek(before) ? before.minutes : 0);
  }
  return { waiting, changes, deletions, pending, delta };
}

const entryTitle = (e) => e.title || activityName(e.activity);

function summary(e) {
  return [h('div', { class: 'entry-main' },
    h('p', { class: 'entry-title', text: entryTitle(e) }),
    h('p', { class: 'entry-meta', text: `${activityName(e.activity)} · ${formatDate(e.date)}` }),
    e.note ? h('p', { class: 'entry-note', text: e.note }) : null),
  h('p', { class: 'entry-minutes', text: formatShortMinutes(e.minutes) })];
}

function problem(text, ...actions) {
  return h('div', { class: 'entry-problem', role: 'alert' }, h('p', { text }), h('div', { class: 'actions' }, actions));
}

const button = (text, onclick, kind = 'small') => h('button', { type: 'button', class: `button ${kind}`, text, onclick });

export function renderEntries(box, entries, view, ctx, refresh) {
  const rows = view.waiting.map((item) => waitingRow(item));
  const sorted = [...(entries || [])].sort((a, b) => (b.date + b.created_at).localeCompare(a.date + a.created_at));
  for (const e of sorted) {
    const deletion = view.deletions.get(e.id);
    if (deletion && deletion.state === 'pending') continue;
    rows.push(entryRow(e, view.changes.get(e.id), deletion, ctx, refresh));
  }
  replace(box, h('h2', { id: 'entries-title', text: t('this_weeks_entries') }),
    rows.length ? h('ul', { class: 'entry-list' }, rows)
      : emptyState(entries ? t('empty_week') : t('offline_no_data')));
}

/** A new entry still on this device: waiting (it can still be changed) or refused (fix or dismiss). */
function waitingRow(item) {
  const e = item.payload;
  const li = h('li', { class: `entry ${item.state}`, dataset: { id: e.id } }, summary(e));
  const edit = (onSave) => li.replaceWith(editForm(e, li, { onSave, onDelete: () => Outbox.queueDelete(item.id) }));
  if (item.state === 'invalid') {
    const errors = item.errors || {};
    const fix = button(t('fix'), () => edit(async (values) => {
      if (errors.resource_id) values.resource_id = null; // the link it pointed at is not in the bank
      await Outbox.fix(item.id, values);
      queued();
    }));
    li.append(problem(`${t('not_saved')}: ${reasons(errors)}`, errors.id ? null : fix,
      button(t('dismiss'), () => Outbox.dismiss(item.id), 'small quiet')));
  } else {
    li.append(button(t('edit'), () => edit(async (values) => { await Outbox.queueChange(item.id, values); queued(); }), 'small quiet'),
      h('p', { class: 'badge waiting', text: t('waiting_to_sync') }));
  }
  return li;
}

/** An entry on the server, as changed on this device if a change is waiting. */
function entryRow(e, change, deletion, ctx, refresh) {
  const changing = change && change.state === 'pending';
  const shown = change ? { ...e, ...change.payload.changes } : e;
  const refused = [change, deletion].filter((item) => item && item.state === 'invalid');
  const li = h('li', { class: ['entry', changing && 'pending', refused.length && 'invalid'], dataset: { id: e.id } },
    summary(changing ? shown : e));
  const edit = h('button', { type: 'button', class: 'button small quiet', text: t('edit'), 'aria-label': `${t('edit')}: ${entryTitle(shown)}` });
  edit.addEventListener('click', () => li.replaceWith(editForm(shown, li, {
    onSave: (values) => saveChange(e, values, ctx, refresh),
    onDelete: () => deleteEntry(e, ctx, refresh),
  })));
  li.append(edit);
  if (changing) li.append(h('p', { class: 'badge waiting', text: t('waiting_to_sync') }));
  if (change && change.state === 'invalid') {
    li.append(problem(`${t('change_not_saved')}: ${reasons(change.errors)}`,
      button(t('fix'), () => li.replaceWith(editForm(shown, li, { onSave: async (values) => { await Outbox.fix(change.id, { changes: values }); queued(); } }))),
      button(t('dismiss'), () => Outbox.dismiss(change.id), 'small quiet')));
  }
  if (deletion && deletion.state === 'invalid') {
    li.append(problem(`${t('not_deleted')}: ${reasons(deletion.errors)}`, button(t('dismiss'), () => Outbox.dismiss(deletion.id), 'small quiet')));
  }
  return li;
}

const later = (err) => err.offline || err.status >= 500;

async function saveChange(e, values, ctx, refresh) {
  if (!ctx.state.unconfirmed) {
    try {
      await api.patch(`/entries/${e.id}`, values);
      ctx.toast(t('saved'));
      refresh();
      return;
    } catch (err) {
      if (!later(err)) throw err;
    }
  }
  await Outbox.queueChange(e.id, values, e);
  queued();
  ctx.toast(t('saved_offline'));
}

async function deleteEntry(e, ctx, refresh) {
  if (!ctx.state.unconfirmed) {
    try {
      await api.del(`/entries/${e.id}`);
      ctx.toast(t('deleted'));
      refresh();
      return;
    } catch (err) {
      if (err.status === 404) { refresh(); return; } // already gone
      if (!later(err)) throw err;
    }
  }
  await Outbox.queueDelete(e.id, e);
  queued();
  ctx.toast(t('deleted_offline'));
}

/** The edit form in place of a row; `onSave(values)` and `onDelete()` may throw an ApiError to show. */
function editForm(e, row, { onSave, onDelete }) {
  const minutes = h('input', { type: 'number', inputmode: 'numeric', min: 1, max: 600, value: e.minutes, required: true });
  const activity = h('select', {}, ACTIVITIES.map((a) => option(a, activityName(a), e.activity)));
  const title = h('input', { type: 'text', maxlength: 200, value: e.title || '' });
  const date = h('input', { type: 'date', value: e.date });
  const note = h('textarea', { rows: 2, value: e.note || '' });
  const form = h('form', { class: 'entry-edit card stack', novalidate: true },
    field(t('minutes'), minutes, { name: 'minutes' }),
    field(t('activity'), activity, { name: 'activity' }),
    field(t('title'), title, { name: 'title' }),
    field(t('date'), date, { name: 'date' }),
    field(t('private_note'), note, { name: 'note' }),
    formError(),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary', text: t('save') }),
      button(t('cancel'), () => form.replaceWith(row), 'quiet'),
      onDelete ? button(t('delete'), remove, 'danger') : null));
  async function remove() {
    const choice = await dialog({ id: 'delete-entry-dialog', title: t('delete_entry_confirm'), text: entryTitle(e),
      actions: [{ value: 'delete', label: t('delete'), kind: 'danger' }, { value: 'keep', label: t('cancel'), kind: 'quiet' }] });
    if (choice !== 'delete') return;
    try { await onDelete(); } catch (err) { showFieldErrors(form, {}, err.message || t('something_wrong')); }
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = Number(minutes.value);
    if (!Number.isInteger(value) || value < 1 || value > 600) {
      showFieldErrors(form, { minutes: [t('minutes_invalid')] });
      return;
    }
    try {
      await onSave({ minutes: value, activity: activity.value, title: title.value.trim(), date: date.value, note: note.value.trim() || null });
    } catch (err) {
      showFieldErrors(form, err.fields, err.message || t('something_wrong'));
    }
  });
  queueMicrotask(() => minutes.focus());
  return form;
}
