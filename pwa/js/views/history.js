/* My weeks: the last 12 or 52 weeks against my goal, the streak, minutes by activity, and the weeks
   I am away (holiday, leave), which neither break the streak nor get a reminder. */
import * as api from '../api.js';
import { confirmDialog } from '../dialog.js';
import { field, formError, h, option, replace, showFieldErrors, svg } from '../dom.js';
import { formatDate, formatMinutes, formatNumber, t, weekName } from '../i18n.js';
import { activityMix } from '../parts/activity-mix.js';
import { AWAY_REASONS, header, holidayNote, loading, problem, todayIn, weekRange } from '../parts/common.js';

const SPANS = [12, 52];

export async function render(root, ctx) {
  let span = Number(ctx.query.get('weeks')) === 52 ? 52 : 12;
  const buttons = SPANS.map((n) => h('button', { type: 'button', class: 'chip', 'aria-pressed': String(n === span),
    id: `weeks-${n}`, text: t('last_n_weeks', { n }), onclick: () => { span = n; draw(); } }));
  const weeksBox = h('div', { class: 'stack' }, loading());
  const awayBox = h('section', { class: 'card stack', 'aria-labelledby': 'away-title' });
  root.append(header(t('history_title')), h('div', { class: 'chips', role: 'group', 'aria-label': t('history_span') }, buttons),
    weeksBox, awayBox);

  async function draw() {
    buttons.forEach((b, i) => b.setAttribute('aria-pressed', String(SPANS[i] === span)));
    history.replaceState(null, '', `/history${span === 52 ? '?weeks=52' : ''}`);
    try {
      const weeks = api.items(await api.get(`/me/weeks${api.qs({ count: span })}`));
      replace(weeksBox, ...summary(weeks));
    } catch (err) {
      replace(weeksBox, problem(err));
    }
  }
  await Promise.all([draw(), drawAway(awayBox, ctx, draw)]);
}

function summary(weeks) {
  const oldestFirst = [...weeks].reverse();
  const counted = weeks.filter((w) => !w.away);
  const met = counted.filter((w) => w.met).length;
  const total = weeks.reduce((sum, w) => sum + w.minutes, 0);
  const byActivity = {};
  for (const w of weeks) for (const [a, m] of Object.entries(w.by_activity || {})) byActivity[a] = (byActivity[a] || 0) + m;
  const streak = weeks.length ? weeks[0].streak_weeks : 0;
  return [
    h('section', { class: 'card stack history-summary', 'aria-labelledby': 'history-weeks' },
      h('h2', { id: 'history-weeks', text: t('your_weeks') }),
      h('p', { class: 'lead', id: 'history-streak', text: streak > 0 ? t('streak', { n: streak }) : t('no_streak_yet') }),
      h('p', { text: t('weeks_met', { met, n: counted.length }) }),
      h('p', { class: 'hint', text: t('history_total', { time: formatMinutes(total) }) }),
      chart(oldestFirst)),
    activityMix(byActivity),
    h('section', { class: 'card' }, h('h2', { text: t('week_by_week') }), h('div', { class: 'table-wrap' }, h('table', { class: 'history-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('week') }), h('th', { scope: 'col', text: t('minutes') }),
        h('th', { scope: 'col', text: t('goal') }))),
      h('tbody', {}, weeks.map((w) => h('tr', { class: w.away ? 'away' : null },
        h('th', { scope: 'row' }, weekName(w.week), holidayNote(w.holidays)),
        h('td', { text: formatNumber(w.minutes) }),
        h('td', { text: w.away ? t('away') : (w.met ? t('met') : formatNumber(w.goal_minutes)) }))))))),
  ];
}

function chart(weeks) {
  const width = 320;
  const height = 150;
  const top = 12;
  const bottom = 20;
  const max = Math.max(1, ...weeks.map((w) => Math.max(w.minutes, w.goal_minutes)));
  const slot = width / Math.max(weeks.length, 1);
  const barWidth = Math.max(2, Math.min(20, slot * 0.7));
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const goal = Math.max(0, ...weeks.map((w) => w.goal_minutes));
  const parts = weeks.map((w, i) => {
    const x = i * slot + (slot - barWidth) / 2;
    const shown = Math.max(w.minutes, w.away ? max * 0.04 : 0);
    return svg('rect', { x: x.toFixed(1), y: y(shown).toFixed(1), width: barWidth.toFixed(1),
      height: Math.max(0, height - bottom - y(shown)).toFixed(1), rx: 2, class: w.away ? 'bar away' : (w.met ? 'bar met' : 'bar') });
  });
  if (goal > 0) parts.push(svg('line', { x1: 0, x2: width, y1: y(goal).toFixed(1), y2: y(goal).toFixed(1), class: 'goal-line' }));
  const every = weeks.length > 13 ? 13 : 1;
  weeks.forEach((w, i) => {
    if (i % every === 0 || i === weeks.length - 1) {
      parts.push(svg('text', { x: (i * slot + slot / 2).toFixed(1), y: height - 4, 'text-anchor': 'middle', class: 'axis', text: w.week.split('W')[1] }));
    }
  });
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', id: 'history-chart',
    'aria-label': t('history_chart_label', { n: weeks.length, goal: formatMinutes(goal) }) }, ...parts);
}

async function drawAway(box, ctx, redrawWeeks) {
  const today = todayIn(ctx.state.user.timezone);
  const next = new Date(`${weekRange(today)[0]}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 7);
  const friday = new Date(next);
  friday.setUTCDate(next.getUTCDate() + 4);
  const from = h('input', { type: 'date', value: next.toISOString().slice(0, 10), required: true, id: 'away-from' });
  const to = h('input', { type: 'date', value: friday.toISOString().slice(0, 10), required: true, id: 'away-to' });
  const reason = h('select', { id: 'away-reason' }, AWAY_REASONS.map((r) => option(r, t(`away_${r}`), 'holiday')));
  const list = h('ul', { class: 'away-list' });
  const form = h('form', { class: 'stack', novalidate: true },
    h('div', { class: 'row' }, field(t('away_from'), from, { name: 'starts_on' }), field(t('away_to'), to, { name: 'ends_on' })),
    field(t('away_reason'), reason, { name: 'reason' }), formError(),
    h('button', { type: 'submit', class: 'button primary', id: 'away-add', text: t('away_add') }));
  async function load() {
    try {
      const periods = api.items(await api.get('/me/away'));
      replace(list, periods.length ? periods.map((p) => h('li', { class: 'token' },
        h('div', {}, h('p', { class: 'entry-title', text: `${formatDate(p.starts_on)} – ${formatDate(p.ends_on)}` }),
          h('p', { class: 'entry-meta', text: t(`away_${p.reason}`) })),
        h('button', { type: 'button', class: 'button small quiet', text: t('remove'), 'aria-label': `${t('remove')}: ${formatDate(p.starts_on)}`,
          onclick: async () => {
            if (!(await confirmDialog(t('away_remove_confirm'), { confirm: t('remove') }))) return;
            try { await api.del(`/me/away/${p.id}`); await load(); redrawWeeks(); } catch (err) { ctx.toast(err.offline ? t('offline_try_later') : err.message); }
          } }))) : h('li', { class: 'empty', text: t('empty_away') }));
    } catch (err) { replace(list, problem(err)); }
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.post('/me/away', { starts_on: from.value, ends_on: to.value, reason: reason.value });
      showFieldErrors(form, {});
      ctx.toast(t('away_added'));
      await load();
      redrawWeeks();
    } catch (err) { showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message); }
  });
  replace(box, h('h2', { id: 'away-title', text: t('away_title') }), h('p', { class: 'hint', text: t('away_hint') }), list, form);
  await load();
}
