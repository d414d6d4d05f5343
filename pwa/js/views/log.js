/* The home screen: this week's progress ring, the streak, the quick-log form and the week's entries. */
import * as api from '../api.js';
import { field, formError, h, option, replace, showFieldErrors, svg } from '../dom.js';
import { formatDate, formatMinutes, formatShortMinutes, t, weekName } from '../i18n.js';
import { ACTIVITIES, activityForKind, activityName, emptyState, newId, PRESETS, queued, todayIn, weekRange } from './common.js';
import { knowledgeLinks } from './knowledge_links.js';

const Outbox = globalThis.LHOutbox;

export async function render(root, ctx) {
  const user = ctx.state.user;
  const today = todayIn(user.timezone);
  const [from, to] = weekRange(today);
  const ringBox = h('section', { class: 'week card', 'aria-labelledby': 'week-title' });
  const listBox = h('section', { class: 'entries', 'aria-labelledby': 'entries-title' });
  const title = h('h1', { tabindex: '-1', id: 'week-title', text: t('this_week') });
  const eyebrow = h('p', { class: 'eyebrow', text: `${formatDate(from, { day: 'numeric', month: 'short' })} – ${formatDate(to, { day: 'numeric', month: 'short' })}` });

  // One refresh at a time; a change that arrives meanwhile asks for one more after it.
  let refreshing = null;
  let again = false;
  async function refresh() {
    if (refreshing) { again = true; return refreshing; }
    refreshing = (async () => {
      do {
        again = false;
        await load();
      } while (again);
    })();
    try { await refreshing; } finally { refreshing = null; }
  }

  async function load() {
    const [summary, entries, outbox] = await Promise.all([
      api.get('/me/weeks/current').catch(() => null),
      api.get(`/entries${api.qs({ from, to })}`).then(api.items).catch(() => null),
      Outbox.all().catch(() => []),
    ]);
    const known = new Set((entries || []).map((e) => e.id));
    const waiting = outbox.filter((item) => item.kind === 'entry' && !known.has(item.id));
    const pendingThisWeek = waiting.filter((item) => item.state === 'pending' && item.payload.date >= from && item.payload.date <= to);
    const pendingMinutes = pendingThisWeek.reduce((sum, item) => sum + item.payload.minutes, 0);
    const base = summary || { minutes: 0, goal_minutes: user.effective_goal_minutes ?? 60, streak_weeks: 0, week: null };
    if (summary && summary.week) eyebrow.textContent = `${weekName(summary.week)} · ${formatDate(from, { day: 'numeric', month: 'short' })} – ${formatDate(to, { day: 'numeric', month: 'short' })}`;
    renderRing(ringBox, { ...base, minutes: base.minutes + pendingMinutes, pending: pendingMinutes, known: Boolean(summary) });
    renderEntries(listBox, entries, waiting, refresh, ctx);
  }

  // Everything appears at once, with its data: nothing jumps under the thumb.
  await refresh();
  root.append(h('header', { class: 'screen-head stacked' }, eyebrow, title), ringBox, quickLog(ctx, today, refresh),
    knowledgeLinks(ctx), listBox);
  const onChange = () => refresh();
  window.addEventListener('outbox-changed', onChange);
  Outbox.channel?.addEventListener('message', onChange);
  return () => {
    window.removeEventListener('outbox-changed', onChange);
    Outbox.channel?.removeEventListener('message', onChange);
  };
}

function renderRing(box, week) {
  const goal = week.goal_minutes || 0;
  const minutes = week.minutes;
  const remaining = Math.max(goal - minutes, 0);
  const r = 52;
  const circumference = 2 * Math.PI * r;
  const done = goal > 0 ? Math.min(minutes / goal, 1) : (minutes > 0 ? 1 : 0);
  const label = t('ring_label', { minutes: formatMinutes(minutes), goal: formatMinutes(goal) });
  const ring = svg('svg', { viewBox: '0 0 120 120', class: 'ring', role: 'img', 'aria-label': label },
    svg('circle', { cx: 60, cy: 60, r, class: 'ring-track' }),
    svg('circle', { cx: 60, cy: 60, r, class: `ring-done${remaining === 0 && goal > 0 ? ' met' : ''}`,
      'stroke-dasharray': `${(circumference * done).toFixed(2)} ${circumference.toFixed(2)}`, transform: 'rotate(-90 60 60)' }));
  let words;
  if (week.away) words = t('away_this_week');
  else if (goal > 0 && remaining === 0) words = t('goal_met');
  else words = t('minutes_left', { time: formatMinutes(remaining) });
  replace(box,
    h('div', { class: 'ring-wrap', id: 'week-ring', dataset: { minutes: String(minutes), goal: String(goal) } },
      ring,
      h('p', { class: 'ring-center', 'aria-hidden': 'true' },
        h('strong', { class: 'ring-minutes', text: String(minutes) }),
        h('span', { text: t('of_goal', { goal }) }))),
    h('div', { class: 'week-words' },
      h('p', { class: 'left-words', text: words }),
      week.pending ? h('p', { class: 'badge waiting', text: t('waiting_to_sync_minutes', { time: formatShortMinutes(week.pending) }) }) : null,
      week.streak_weeks > 0 ? h('p', { class: 'streak', text: t('streak', { n: week.streak_weeks }) }) : null,
      !week.known ? h('p', { class: 'hint', text: t('offline_no_data') }) : null));
}

function quickLog(ctx, today, refresh) {
  const q = ctx.query;
  const minutes = h('input', { type: 'number', inputmode: 'numeric', min: 1, max: 600, required: true, class: 'minutes-input',
    value: q.get('minutes') || '' });
  const presetButtons = PRESETS.map((n) => h('button', { type: 'button', class: 'preset', 'aria-pressed': 'false',
    dataset: { minutes: String(n) }, onclick: () => { minutes.value = String(n); syncPresets(); } }, String(n), h('span', { class: 'sr-only', text: ` ${t('min')}` })));
  const syncPresets = () => presetButtons.forEach((b, i) => b.setAttribute('aria-pressed', String(Number(minutes.value) === PRESETS[i])));
  minutes.addEventListener('input', syncPresets);
  syncPresets();
  const lastActivity = localStorage.getItem('lh-last-activity') || 'podcast';
  const activity = h('select', { required: true }, ACTIVITIES.map((a) => option(a, activityName(a), lastActivity)));
  const title = h('input', { type: 'text', maxlength: 200, autocomplete: 'off', placeholder: t('title_placeholder'), value: q.get('title') || '' });
  const date = h('input', { type: 'date', value: today, max: today, required: true });
  const resource = h('select', {}, option('', t('no_resource')));
  const note = h('textarea', { rows: 3, maxlength: 10000 });
  const more = h('details', { class: 'more' }, h('summary', { text: t('more_details') }),
    field(t('date'), date, { name: 'date' }),
    field(t('resource'), resource, { name: 'resource_id' }),
    field(t('private_note'), note, { name: 'note', hint: t('private_note_hint') }));
  const submit = h('button', { type: 'submit', class: 'button primary wide', text: t('log_it') });
  const form = h('form', { class: 'quick-log card', novalidate: true, 'aria-labelledby': 'quick-log-title' },
    h('h2', { id: 'quick-log-title', text: t('log_learning') }),
    h('fieldset', { class: 'presets' }, h('legend', { text: t('minutes') }),
      h('div', { class: 'preset-row' }, presetButtons),
      field(t('other_minutes'), minutes, { name: 'minutes' })),
    field(t('activity'), activity, { name: 'activity' }),
    field(t('title'), title, { name: 'title' }),
    more, formError(), submit);

  loadResources(resource, q.get('resource'), activity, title, more);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = Number(minutes.value);
    if (!Number.isInteger(value) || value < 1 || value > 600) {
      showFieldErrors(form, { minutes: [t('minutes_invalid')] });
      minutes.focus();
      return;
    }
    const entry = { id: newId(), date: date.value || today, minutes: value, activity: activity.value, title: title.value.trim() };
    if (resource.value) entry.resource_id = Number(resource.value);
    if (note.value.trim()) entry.note = note.value.trim();
    submit.disabled = true;
    try {
      await api.post('/entries', entry, { quiet401: true });
      ctx.toast(t('logged', { time: formatMinutes(value) }));
      done();
    } catch (err) {
      if (err.offline || err.status === 401 || err.status >= 500) {
        await Outbox.queueEntry(entry);
        queued();
        ctx.toast(t('saved_offline'));
        done();
        if (err.status === 401) api.events.dispatchEvent(new CustomEvent('unauthorized'));
      } else {
        showFieldErrors(form, err.fields, err.message || t('something_wrong'));
      }
    } finally {
      submit.disabled = false;
    }
    function done() {
      localStorage.setItem('lh-last-activity', activity.value);
      showFieldErrors(form, {});
      minutes.value = '';
      title.value = '';
      note.value = '';
      resource.value = '';
      date.value = today;
      syncPresets();
      if (ctx.query.has('minutes') || ctx.query.has('resource')) history.replaceState(null, '', '/log');
      refresh();
    }
  });
  return form;
}

async function loadResources(select, wantedId, activity, title, more) {
  const [saved, wanted] = await Promise.all([
    api.get('/me/saved').then(api.items).catch(() => []),
    wantedId ? api.get(`/resources/${encodeURIComponent(wantedId)}`).catch(() => null) : null,
  ]);
  const list = saved.map((s) => s.resource || s);
  if (wanted && !list.some((r) => r.id === wanted.id)) list.unshift(wanted);
  for (const r of list) select.append(option(String(r.id), r.title || r.url));
  if (wanted) {
    select.value = String(wanted.id);
    activity.value = activityForKind(wanted.kind);
    if (!title.value) title.value = wanted.title || '';
    more.open = true;
  }
}

function entryTitle(e) { return e.title || activityName(e.activity); }

function renderEntries(box, entries, waiting, refresh, ctx) {
  const rows = [];
  for (const item of waiting) {
    const e = item.payload;
    rows.push(h('li', { class: `entry ${item.state}`, dataset: { id: e.id } },
      h('div', { class: 'entry-main' },
        h('p', { class: 'entry-title', text: entryTitle(e) }),
        h('p', { class: 'entry-meta', text: `${activityName(e.activity)} · ${formatDate(e.date)}` })),
      h('p', { class: 'entry-minutes', text: formatShortMinutes(e.minutes) }),
      item.state === 'invalid'
        ? h('div', { class: 'entry-problem', role: 'alert' },
          h('p', { text: `${t('not_saved')}: ${Object.values(item.errors || {}).flat().join(' ')}` }),
          h('button', { type: 'button', class: 'button small', text: t('dismiss'), onclick: () => Outbox.dismiss(item.id) }))
        : h('p', { class: 'badge waiting', text: t('waiting_to_sync') })));
  }
  const sorted = [...(entries || [])].sort((a, b) => (b.date + b.created_at).localeCompare(a.date + a.created_at));
  for (const e of sorted) rows.push(entryRow(e, refresh, ctx));
  replace(box, h('h2', { id: 'entries-title', text: t('this_weeks_entries') }),
    rows.length ? h('ul', { class: 'entry-list' }, rows)
      : emptyState(entries ? t('empty_week') : t('offline_no_data')));
}

function entryRow(e, refresh, ctx) {
  const edit = h('button', { type: 'button', class: 'button small quiet', text: t('edit'), 'aria-label': `${t('edit')}: ${entryTitle(e)}` });
  const li = h('li', { class: 'entry', dataset: { id: e.id } },
    h('div', { class: 'entry-main' },
      h('p', { class: 'entry-title', text: entryTitle(e) }),
      h('p', { class: 'entry-meta', text: `${activityName(e.activity)} · ${formatDate(e.date)}` }),
      e.note ? h('p', { class: 'entry-note', text: e.note }) : null),
    h('p', { class: 'entry-minutes', text: formatShortMinutes(e.minutes) }),
    edit);
  edit.addEventListener('click', () => li.replaceWith(editForm(e, li, refresh, ctx)));
  return li;
}

function editForm(e, row, refresh, ctx) {
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
      h('button', { type: 'button', class: 'button quiet', text: t('cancel'), onclick: () => form.replaceWith(row) }),
      h('button', { type: 'button', class: 'button danger', text: t('delete'), onclick: remove })));
  async function remove() {
    if (!confirm(t('delete_entry_confirm'))) return;
    try { await api.del(`/entries/${e.id}`); ctx.toast(t('deleted')); refresh(); } catch (err) { showFieldErrors(form, {}, err.offline ? t('offline_try_later') : err.message); }
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.patch(`/entries/${e.id}`, { minutes: Number(minutes.value), activity: activity.value, title: title.value.trim(),
        date: date.value, note: note.value.trim() || null });
      ctx.toast(t('saved'));
      refresh();
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });
  queueMicrotask(() => minutes.focus());
  return form;
}
