/* Pieces of the Team screen: the weekly chart, the trend, top resources and the tables. */
import { h, svg } from '../dom.js';
import { formatMinutes, formatNumber, t, weekName } from '../i18n.js';
import { holidayNote } from './common.js';

export function chart(weeks, goal) {
  const width = 320;
  const height = 160;
  const top = 16;
  const bottom = 24;
  const targetOf = (w) => (goal || 0) * (w.member_count || 0);
  const max = Math.max(1, ...weeks.map((w) => (w.suppressed ? 0 : Math.max(w.total_minutes, targetOf(w)))));
  const slot = width / weeks.length;
  const barWidth = Math.min(28, slot * 0.6);
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const parts = [];
  weeks.forEach((w, i) => {
    const x = i * slot + (slot - barWidth) / 2;
    if (w.suppressed) {
      // A hidden week: an outline to show the week exists, no height that could give its minutes away.
      parts.push(svg('rect', { x: x.toFixed(1), y: top, width: barWidth.toFixed(1), height: height - top - bottom, rx: 4, class: 'bar hidden' }));
    } else {
      const met = targetOf(w) > 0 && w.total_minutes >= targetOf(w);
      parts.push(svg('rect', { x: x.toFixed(1), y: y(w.total_minutes).toFixed(1), width: barWidth.toFixed(1),
        height: Math.max(0, height - bottom - y(w.total_minutes)).toFixed(1), rx: 4, class: met ? 'bar met' : 'bar' }));
      if (targetOf(w) > 0) {
        parts.push(svg('line', { x1: (x - 4).toFixed(1), x2: (x + barWidth + 4).toFixed(1), y1: y(targetOf(w)).toFixed(1),
          y2: y(targetOf(w)).toFixed(1), class: 'goal-line' }));
      }
    }
    parts.push(svg('text', { x: (x + barWidth / 2).toFixed(1), y: height - 6, 'text-anchor': 'middle', class: 'axis', text: w.week.split('W')[1] }));
  });
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': t('chart_label', { n: weeks.length }) }, ...parts);
}

/** Minutes per member per week in the latest four shown weeks against the four before them. */
export function trend(shown) {
  const perMember = (ws) => ws.reduce((s, w) => s + w.total_minutes, 0) / Math.max(1, ws.reduce((s, w) => s + w.member_count, 0));
  const recent = shown.slice(-4);
  const before = shown.slice(-8, -4);
  if (recent.length < 2 || before.length < 2) return null;
  const now = perMember(recent);
  const then = perMember(before);
  let key = 'trend_same';
  if (then > 0 && now > then * 1.1) key = 'trend_up';
  else if (now < then * 0.9) key = 'trend_down';
  return h('p', { class: `trend ${key}`, id: 'team-trend', text: t(key, { now: formatMinutes(Math.round(now)), then: formatMinutes(Math.round(then)) }) });
}

export function topResources(top) {
  const list = (items, count) => (items.length ? h('ol', { class: 'top-list' }, items.map((r) => h('li', {},
    r.removed ? h('span', { text: r.title }) : h('a', { href: `/bank/${r.id}`, text: r.title }),
    h('span', { class: 'hint', text: ` · ${count(r)}` })))) : h('p', { class: 'hint', text: t('nothing_yet') }));
  return h('section', { class: 'card stack top-resources' }, h('h2', { text: t('top_resources') }),
    h('h3', { text: t('most_logged') }), list(top.most_logged || [], (r) => formatMinutes(r.minutes)),
    h('h3', { text: t('most_saved') }), list(top.most_saved || [], (r) => t('saves_n', { n: r.saves })));
}

export function weeksTable(weeks) {
  const hidden = () => h('td', { class: 'hidden-cell', text: t('hidden') });
  return h('section', { class: 'card' },
    h('h2', { text: t('weekly_totals') }),
    h('div', { class: 'table-wrap' }, h('table', { class: 'team-weeks' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('week') }), h('th', { scope: 'col', text: t('minutes') }),
        h('th', { scope: 'col', text: t('met_goal') }), h('th', { scope: 'col', text: t('sessions_col') }))),
      h('tbody', {}, [...weeks].reverse().map((w) => h('tr', { class: w.suppressed ? 'suppressed' : null },
        h('th', { scope: 'row' }, weekName(w.week), holidayNote(w.holidays)),
        w.suppressed ? hidden() : h('td', { text: formatNumber(w.total_minutes) }),
        w.suppressed ? h('td', { text: `– / ${formatNumber(w.member_count)}` }) : h('td', { text: `${formatNumber(w.members_met_goal)} / ${formatNumber(w.member_count)}` }),
        w.suppressed ? hidden() : h('td', { title: t('sessions_hint'), text: `${formatNumber(w.sessions_hosted)} / ${formatNumber(w.sessions_attended)}` })))))),
    h('p', { class: 'hint', text: t('sessions_hint') }));
}

export function membersTable(members) {
  const weekLabels = [...new Set(members.flatMap((m) => (m.weeks || []).map((w) => w.week)))].sort().slice(-4);
  return h('section', { class: 'card' },
    h('h2', { text: t('members') }),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('name') }),
        weekLabels.map((label) => h('th', { scope: 'col', text: weekName(label) })))),
      h('tbody', {}, members.map((m) => {
        const byWeek = new Map((m.weeks || []).map((w) => [w.week, w.minutes]));
        return h('tr', {}, h('th', { scope: 'row', text: m.name }),
          weekLabels.map((label) => h('td', { text: formatNumber(byWeek.get(label) || 0) })));
      })))));
}
