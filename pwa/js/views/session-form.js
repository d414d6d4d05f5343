/* Propose or host a knowledge session, or change one: title, description, day and time (in my zone),
   place or video link, places, resources from the bank to read first; new ones may repeat as a series. */
import * as api from '../api.js';
import { field, formError, h, option, replace, showFieldErrors } from '../dom.js';
import { t, weekdayName } from '../i18n.js';
import { emptyState, header, loading, problem, todayIn } from '../parts/common.js';
import { failure, isoToZoned, isoWeekday, weekOfMonth, zonedToIso } from '../parts/knowledge.js';

export async function render(root, ctx) {
  const zone = ctx.state.user.timezone;
  const editing = Boolean(ctx.params.id);
  let s = null;
  if (editing) {
    root.append(loading());
    try {
      s = await api.get(`/sessions/${encodeURIComponent(ctx.params.id)}`);
    } catch (err) {
      replace(root, header(t('edit_session')), err.status === 404 ? emptyState(t('session_missing')) : problem(err));
      return;
    }
    replace(root);
  }
  const [day, start] = s ? isoToZoned(s.starts_at, zone) : [todayIn(zone), '08:00'];
  const title = h('input', { type: 'text', maxlength: 200, required: true, value: s?.title || '', autocomplete: 'off',
    placeholder: t('session_title_placeholder') });
  const description = h('textarea', { rows: 4, maxlength: 5000, value: s?.description || '' });
  const date = h('input', { type: 'date', required: true, value: day, min: editing ? null : todayIn(zone) });
  const time = h('input', { type: 'time', required: true, value: start });
  const end = h('input', { type: 'time', value: s?.ends_at ? isoToZoned(s.ends_at, zone)[1] : (editing ? '' : '09:00') });
  const place = h('input', { type: 'text', maxlength: 200, value: s?.place || '', placeholder: t('place_placeholder') });
  const capacity = h('input', { type: 'number', inputmode: 'numeric', min: 1, value: s?.capacity ?? '' });
  const hostMyself = h('input', { type: 'checkbox', id: 'host-myself', checked: true });
  const repeat = h('select', {});
  const drawRepeat = () => {
    const value = repeat.value || 'none';
    const weekday = weekdayName(isoWeekday(date.value || day));
    replace(repeat, option('none', t('repeat_none'), value),
      option('weekly', t('repeat_weekly', { weekday }), value), option('biweekly', t('repeat_biweekly', { weekday }), value),
      option('monthly', t(`repeat_monthly_${weekOfMonth(date.value || day)}`, { weekday }), value));
  };
  drawRepeat();
  date.addEventListener('change', drawRepeat);
  const picked = new Map((s?.resources || []).map((r) => [r.id, r]));
  const reading = readingPicker(picked);
  // What a series does with a session that falls on a public holiday: the planner's choice, asked here.
  const onHoliday = h('select', { id: 'series-on-holiday' },
    option('move', t('series_on_holiday_move'), 'move'), option('skip', t('series_on_holiday_skip'), 'move'));
  const holidayField = field(t('series_on_holiday'), onHoliday, { name: 'on_holiday', hint: t('series_on_holiday_hint') });
  holidayField.hidden = true;
  // A series repeats what it is and when; reading lists belong to one session at a time.
  repeat.addEventListener('change', () => {
    reading.hidden = repeat.value !== 'none';
    holidayField.hidden = repeat.value === 'none';
  });
  const submit = h('button', { type: 'submit', class: 'button primary wide', text: editing ? t('save') : t('plan_it') });
  const form = h('form', { class: 'stack session-form', novalidate: true },
    field(t('title'), title, { name: 'title' }),
    field(t('description'), description, { name: 'description', hint: t('session_description_hint') }),
    h('div', { class: 'row' }, field(t('date'), date, { name: 'starts_at' }), field(t('starts'), time, { name: 'time' }),
      field(t('ends'), end, { name: 'ends_at' })),
    field(t('place_or_link'), place, { name: 'place' }),
    field(t('capacity'), capacity, { name: 'capacity', hint: t('capacity_hint') }),
    editing ? null : h('div', { class: 'stack' },
      h('div', { class: 'check' }, hostMyself, h('label', { for: 'host-myself', text: t('host_myself') })),
      h('p', { class: 'hint', text: t('host_myself_hint') })),
    editing ? null : field(t('repeats'), repeat, { name: 'frequency', hint: t('repeats_hint') }),
    editing ? null : holidayField,
    reading, formError(), submit);
  root.append(h('p', { class: 'crumb' }, h('a', { href: editing ? `/sessions/${s.id}` : '/sessions', text: `← ${t('all_sessions')}` })),
    header(editing ? t('edit_session') : t('plan_session')), form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!title.value.trim()) { showFieldErrors(form, { title: [t('required')] }); title.focus(); return; }
    if (!date.value || !time.value) { showFieldErrors(form, { starts_at: [t('required')] }); return; }
    const startsAt = zonedToIso(date.value, time.value, zone);
    let endsAt = null;
    if (end.value) {
      endsAt = zonedToIso(date.value, end.value, zone);
      if (endsAt <= startsAt) { showFieldErrors(form, { ends_at: [t('end_after_start')] }); return; }
    }
    const body = { title: title.value.trim(), description: description.value.trim() || null, starts_at: startsAt,
      place: place.value.trim() || null, capacity: capacity.value ? Number(capacity.value) : null };
    if (!editing && !hostMyself.checked) body.looking_for_host = true;
    submit.disabled = true;
    try {
      let path;
      if (!editing && repeat.value !== 'none') {
        const minutes = endsAt ? Math.round((new Date(endsAt) - new Date(startsAt)) / 60000) : 60;
        await api.post('/series', { ...body, frequency: repeat.value, duration_minutes: minutes, timezone: zone,
          on_holiday: onHoliday.value });
        path = '/sessions';
      } else {
        const payload = { ...body, ends_at: endsAt, resource_ids: [...picked.keys()] };
        const saved = editing ? await api.patch(`/sessions/${s.id}`, payload) : await api.post('/sessions', payload);
        path = `/sessions/${saved.id}`;
      }
      ctx.toast(editing ? t('saved') : t('session_planned'));
      ctx.navigate(path);
    } catch (err) {
      showFieldErrors(form, err.fields, failure(err));
    } finally {
      submit.disabled = false;
    }
  });
  queueMicrotask(() => title.focus());
}

/** Resources from the bank to read first: search, add, remove. */
function readingPicker(picked) {
  const list = h('ul', { class: 'reading-list' });
  const results = h('ul', { class: 'reading-results' });
  const search = h('input', { type: 'search', placeholder: t('search_placeholder'), 'aria-label': t('read_first_search') });
  const draw = () => replace(list, [...picked.values()].map((r) => h('li', {}, h('span', { text: r.title }),
    h('button', { type: 'button', class: 'link', text: t('remove'), 'aria-label': `${t('remove')}: ${r.title}`,
      onclick: () => { picked.delete(r.id); draw(); } }))));
  let timer = null;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = search.value.trim();
      if (!q) { replace(results); return; }
      try {
        const found = api.items(await api.get(`/resources${api.qs({ q, limit: 5 })}`));
        replace(results, found.filter((r) => !picked.has(r.id)).map((r) => h('li', {},
          h('button', { type: 'button', class: 'link', text: `+ ${r.title}`,
            onclick: () => { picked.set(r.id, r); search.value = ''; replace(results); draw(); } }))));
      } catch { replace(results); }
    }, 250);
  });
  draw();
  return h('fieldset', { class: 'field stack', dataset: { field: 'resource_ids' } }, h('legend', { text: t('read_first') }),
    h('p', { class: 'hint', text: t('read_first_hint') }), list, search, results,
    h('p', { class: 'field-error', hidden: true }));
}
