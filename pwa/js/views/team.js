/* Team totals for managers and admins: minutes per week against the team's goal, who met it, and a CSV. */
import * as api from '../api.js';
import { h, option, replace, svg } from '../dom.js';
import { formatNumber, formatShortMinutes, t, weekName } from '../i18n.js';
import { emptyState, header, loading, problem } from './common.js';

const WEEKS = 8;

export async function render(root, ctx) {
  const body = h('div', { class: 'stack' }, loading());
  root.append(header(t('team_title')), body);
  let teams;
  try {
    teams = api.items(await api.get('/teams'));
  } catch (err) {
    replace(body, problem(err));
    return;
  }
  const user = ctx.state.user;
  const managed = new Set(user.managed_team_ids || []);
  const mine = user.role === 'admin' ? teams : teams.filter((team) => team.managed || managed.has(team.id));
  if (!mine.length) {
    replace(body, emptyState(t('empty_team')));
    return;
  }
  const wanted = Number(ctx.query.get('team')) || mine[0].id;
  const picker = h('select', { 'aria-label': t('team') }, mine.map((team) => option(String(team.id), team.name, String(wanted))));
  const panel = h('div', { class: 'stack' });
  replace(body, mine.length > 1 ? h('div', { class: 'field' }, h('label', { for: 'team-pick', text: t('team') }), picker) : null, panel);
  picker.id = 'team-pick';
  picker.addEventListener('change', () => {
    history.replaceState(null, '', `/team?team=${picker.value}`);
    show(Number(picker.value));
  });

  async function show(teamId) {
    replace(panel, loading());
    let totals;
    try {
      totals = await api.get(`/teams/${teamId}/totals${api.qs({ weeks: WEEKS })}`);
    } catch (err) {
      replace(panel, problem(err));
      return;
    }
    const weeks = [...(totals.weeks || [])].sort((a, b) => a.week.localeCompare(b.week));
    const latest = weeks[weeks.length - 1];
    const teamName = (totals.team && totals.team.name) || mine.find((team) => team.id === teamId)?.name || '';
    replace(panel,
      h('section', { class: 'card team-summary', 'aria-labelledby': 'team-name' },
        h('h2', { id: 'team-name', text: teamName }),
        latest ? h('p', { class: 'lead', text: t('team_latest', {
          minutes: formatShortMinutes(latest.total_minutes), met: latest.members_met_goal, n: latest.member_count }) }) : null,
        weeks.length ? chart(weeks, totals.goal_minutes) : emptyState(t('empty_team_weeks')),
        h('a', { class: 'button', href: `/api/v1/teams/${teamId}/totals.csv?weeks=${WEEKS}`, download: `team-${teamId}-totals.csv`, text: t('download_csv') })),
      weeks.length ? weeksTable(weeks) : null,
      totals.members ? membersTable(totals.members) : h('p', { class: 'hint', text: t('individual_minutes_hidden') }));
  }
  await show(wanted);
}

function chart(weeks, goal) {
  const width = 320;
  const height = 160;
  const top = 16;
  const bottom = 24;
  const targetOf = (w) => (goal || 0) * (w.member_count || 0);
  const max = Math.max(1, ...weeks.map((w) => Math.max(w.total_minutes, targetOf(w))));
  const slot = width / weeks.length;
  const barWidth = Math.min(28, slot * 0.6);
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const parts = [];
  weeks.forEach((w, i) => {
    const x = i * slot + (slot - barWidth) / 2;
    const met = targetOf(w) > 0 && w.total_minutes >= targetOf(w);
    parts.push(svg('rect', { x: x.toFixed(1), y: y(w.total_minutes).toFixed(1), width: barWidth.toFixed(1),
      height: Math.max(0, height - bottom - y(w.total_minutes)).toFixed(1), rx: 4, class: met ? 'bar met' : 'bar' }));
    if (targetOf(w) > 0) {
      parts.push(svg('line', { x1: (x - 4).toFixed(1), x2: (x + barWidth + 4).toFixed(1), y1: y(targetOf(w)).toFixed(1),
        y2: y(targetOf(w)).toFixed(1), class: 'goal-line' }));
    }
    parts.push(svg('text', { x: (x + barWidth / 2).toFixed(1), y: height - 6, 'text-anchor': 'middle', class: 'axis', text: w.week.split('W')[1] }));
  });
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': t('chart_label', { n: weeks.length }) }, ...parts);
}

function weeksTable(weeks) {
  return h('section', { class: 'card' },
    h('h2', { text: t('weekly_totals') }),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('week') }), h('th', { scope: 'col', text: t('minutes') }),
        h('th', { scope: 'col', text: t('met_goal') }))),
      h('tbody', {}, [...weeks].reverse().map((w) => h('tr', {},
        h('th', { scope: 'row', text: weekName(w.week) }),
        h('td', { text: formatNumber(w.total_minutes) }),
        h('td', { text: `${formatNumber(w.members_met_goal)} / ${formatNumber(w.member_count)}` })))))));
}

function membersTable(members) {
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
