/* The home screen: this week's progress ring, the streak, the quick-log form and the week's entries.
   Without a network it shows the week as last seen, with what waits on this device laid over it. */
import * as api from '../api.js';
import { field, formError, h, option, replace, showFieldErrors, svg } from '../dom.js';
import { formatDate, formatMinutes, formatShortMinutes, t, weekName } from '../i18n.js';
import { ACTIVITIES, activityForKind, activityName, newId, PRESETS, queued, todayIn, weekRange } from '../parts/common.js';
import { overlay, renderEntries } from '../parts/entries.js';
import { knowledgeLinks } from '../parts/knowledge-links.js';
import { waitingLinks } from '../parts/waiting.js';

const Outbox = globalThis.LHOutbox;

const weekPaths = (from, to) => ['/me/weeks/current', `/entries${api.qs({ from, to })}`];

/** What this screen reads, for the service worker to keep for a start without a network. */
export function offlineData(user) {
  return [...weekPaths(...weekRange(todayIn(user.timezone))), '/me/saved'];
}

export async function render(root, ctx) {
  const user = ctx.state.user;
  const today = todayIn(user.timezone);
  const [from, to] = weekRange(today);
  const [summaryPath, entriesPath] = weekPaths(from, to);
  const linksBox = h('div', {});
  const ringBox = h('section', { class: 'week card', 'aria-labelledby': 'week-title' });
  const listBox = h('section', { class: 'entries', 'aria-labelledby': 'entries-title' });
  const title = h('h1', { tabindex: '-1', id: 'week-title', text: t('this_week') });
  const who = h('p', { class: 'who', id: 'who', text: t('hello_name', { name: (user.name || '').split(' ')[0] }) });
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
    // The outbox first, the server after: an entry sent in between is then in the server's answer (and
    // counted once, by its id), never missing from both.
    const outbox = await Outbox.all().catch(() => []);
    const [summary, entries] = await Promise.all([
      api.get(summaryPath).catch(() => null),
      api.get(entriesPath).then(api.items).catch(() => null),
    ]);
    const view = overlay(entries, outbox, from, to);
    const base = summary || { minutes: 0, goal_minutes: user.effective_goal_minutes ?? 60, streak_weeks: 0, week: null };
    if (summary && summary.week) eyebrow.textContent = `${weekName(summary.week)} · ${formatDate(from, { day: 'numeric', month: 'short' })} – ${formatDate(to, { day: 'numeric', month: 'short' })}`;
    renderRing(ringBox, { ...base, minutes: Math.max(base.minutes + view.pending + view.delta, 0), pending: view.pending,
      changing: [...view.changes.values(), ...view.deletions.values()].some((item) => item.state === 'pending'),
      known: Boolean(summary) });
    renderEntries(listBox, entries, view, ctx, refresh);
    replace(linksBox, waitingLinks(outbox));
  }

  // Everything appears at once, with its data: nothing jumps under the thumb.
  await refresh();
  root.append(h('header', { class: 'screen-head stacked' }, eyebrow, title, who), ringBox, quickLog(ctx, today, refresh),
    knowledgeLinks(ctx), listBox, linksBox);
  const onChange = () => refresh();
  window.addEventListener('outbox-changed', onChange);
  window.addEventListener('app-reconnected', onChange);
  Outbox.channel?.addEventListener('message', onChange);
  return () => {
    window.removeEventListener('outbox-changed', onChange);
    window.removeEventListener('app-reconnected', onChange);
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
      week.pending ? h('p', { class: 'badge waiting', text: t('waiting_to_sync_minutes', { time: formatShortMinutes(week.pending) }) })
        : week.changing ? h('p', { class: 'badge waiting', text: t('changes_waiting') }) : null,
      week.streak_weeks > 0 ? h('p', { class: 'streak', text: t('streak', { n: week.streak_weeks }) }) : null,
      h('a', { href: '/history', class: 'history-link', id: 'history-link', text: t('my_weeks_link') }),
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

  loadResources(resource, q.get('resource'), q.get('share'), activity, title, more);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = Number(minutes.value);
    if (!Number.isInteger(value) || value < 1 || value > 600) {
      showFieldErrors(form, { minutes: [t('minutes_invalid')] });
      minutes.focus();
      return;
    }
    const entry = { id: newId(), date: date.value || today, minutes: value, activity: activity.value, title: title.value.trim() };
    if (resource.value.startsWith('share:')) {
      // A link still waiting to go into the bank: the entry follows it, with the bank's id once known.
      const resourceId = await Outbox.resolvedShare(resource.value);
      if (resourceId) entry.resource_id = resourceId;
      else entry.share_id = resource.value;
    } else if (resource.value) entry.resource_id = Number(resource.value);
    if (note.value.trim()) entry.note = note.value.trim();
    submit.disabled = true;
    const keep = async () => {
      await Outbox.queueEntry(entry);
      queued();
      ctx.toast(t('saved_offline'));
      done();
    };
    try {
      if (entry.share_id || ctx.state.unconfirmed) {
        await keep();
        return;
      }
      await api.post('/entries', entry, { quiet401: true });
      ctx.toast(t('logged', { time: formatMinutes(value) }));
      done();
    } catch (err) {
      if (err.offline || err.status === 401 || err.status >= 500) {
        await keep();
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
      if (['minutes', 'resource', 'share'].some((name) => ctx.query.has(name))) history.replaceState(null, '', '/log');
      refresh();
    }
  });
  return form;
}

async function loadResources(select, wantedId, shareId, activity, title, more) {
  const [saved, found, share] = await Promise.all([
    api.get('/me/saved').then(api.items).catch(() => []),
    wantedId ? api.get(`/resources/${encodeURIComponent(wantedId)}`).catch(() => null) : null,
    shareId ? Outbox.get(shareId).catch(() => null) : null,
  ]);
  let wanted = found;
  if (share && share.kind === 'share') {
    // Not in the bank yet: chosen by its place in the outbox.
    wanted = { id: share.id, kind: share.payload.kind, title: share.payload.title || share.payload.url };
    select.append(option(share.id, `${wanted.title} · ${t('waiting_to_add')}`));
  }
  const list = saved.map((s) => s.resource || s);
  if (found && !list.some((r) => r.id === found.id)) list.unshift(found);
  for (const r of list) select.append(option(String(r.id), r.title || r.url));
  if (wanted) {
    select.value = String(wanted.id);
    activity.value = activityForKind(wanted.kind);
    if (!title.value) title.value = wanted.title || '';
    more.open = true;
  }
}
