/* Team totals for managers and admins (and the whole organisation for admins): minutes per week
   against the goal, who met it, the activity mix, top resources, the trend, knowledge sessions, and
   CSV/XLSX downloads. Weeks of groups smaller than the organisation's minimum are shown as hidden. */
import * as api from '../api.js';
import { h, option, replace } from '../dom.js';
import { formatShortMinutes, t } from '../i18n.js';
import { emptyState, header, loading, problem } from '../parts/common.js';
import { activityMix } from '../parts/activity-mix.js';
import { pendingRow } from '../parts/admin-invites.js';
import { inviteForm } from '../parts/invite-form.js';
import { chart, membersTable, topResources, trend, weeksTable } from '../parts/team-parts.js';

const WEEKS = 8;
const ORGANISATION = 'organisation';

export async function render(root, ctx) {
  const user = ctx.state.user;
  const isAdmin = user.role === 'admin';
  const body = h('div', { class: 'stack' }, loading());
  root.append(header(t('team_title'), isAdmin ? h('a', { href: '/admin', class: 'button small quiet', id: 'team-admin-link', text: t('admin_title') }) : null), body);
  let teams;
  try {
    teams = api.items(await api.get('/teams'));
  } catch (err) {
    replace(body, problem(err));
    return;
  }
  const managed = new Set(user.managed_team_ids || []);
  const mine = isAdmin ? teams : teams.filter((team) => team.managed || managed.has(team.id));
  if (!mine.length && !isAdmin) {
    replace(body, emptyState(t('empty_team')));
    return;
  }
  const choices = [...mine.map((team) => [String(team.id), team.name]), ...(isAdmin ? [[ORGANISATION, t('whole_organisation')]] : [])];
  const asked = ctx.query.get('team');
  const wanted = choices.some(([value]) => value === asked) ? asked : choices[0][0];
  const picker = h('select', { id: 'team-pick' }, choices.map(([value, label]) => option(value, label, wanted)));
  const panel = h('div', { class: 'stack' });
  replace(body, choices.length > 1 ? h('div', { class: 'field' }, h('label', { for: 'team-pick', text: t('team') }), picker) : null, panel);
  picker.addEventListener('change', () => {
    history.replaceState(null, '', `/team?team=${picker.value}`);
    show(picker.value);
  });

  async function show(choice) {
    replace(panel, loading());
    const base = choice === ORGANISATION ? '/organisation/totals' : `/teams/${choice}/totals`;
    let totals;
    try {
      totals = await api.get(`${base}${api.qs({ weeks: WEEKS })}`);
    } catch (err) {
      replace(panel, problem(err));
      return;
    }
    const team = mine.find((x) => String(x.id) === choice);
    replace(panel, ...screen(ctx, totals, base, team));
  }
  await show(wanted);
}

function screen(ctx, totals, base, team) {
  const weeks = [...(totals.weeks || [])].sort((a, b) => a.week.localeCompare(b.week));
  const shown = weeks.filter((w) => !w.suppressed);
  const latest = weeks[weeks.length - 1];
  const hiddenCount = weeks.length - shown.length;
  const byActivity = {};
  for (const w of shown) for (const [a, m] of Object.entries(w.by_activity || {})) byActivity[a] = (byActivity[a] || 0) + m;
  let lead = null;
  if (latest && latest.suppressed) lead = h('p', { class: 'lead', text: t('team_latest_hidden', { n: latest.member_count }) });
  else if (latest) {
    lead = h('p', { class: 'lead', text: t('team_latest', { minutes: formatShortMinutes(latest.total_minutes), met: latest.members_met_goal, n: latest.member_count }) });
  }
  const query = api.qs({ weeks: WEEKS });
  const slug = (totals.team && totals.team.name ? totals.team.name : 'team').toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return [
    h('section', { class: 'card team-summary', 'aria-labelledby': 'team-name' },
      h('h2', { id: 'team-name', text: (totals.team && totals.team.name) || '' }),
      lead,
      hiddenCount ? h('p', { class: 'notice-inline', id: 'suppressed-note', text: t('weeks_hidden_note', { n: hiddenCount, min: totals.min_group_size }) }) : null,
      weeks.length ? chart(weeks, totals.goal_minutes) : emptyState(t('empty_team_weeks')),
      trend(shown),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: `/api/v1${base}.csv${query}`, download: `${slug}-totals.csv`, id: 'download-csv', text: t('download_csv') }),
        h('a', { class: 'button', href: `/api/v1${base}.xlsx${query}`, download: `${slug}-totals.xlsx`, id: 'download-xlsx', text: t('download_xlsx') }))),
    shown.length ? activityMix(byActivity, t('activity_mix')) : null,
    totals.top_resources ? topResources(totals.top_resources) : null,
    weeks.length ? weeksTable(weeks) : null,
    totals.members ? membersTable(totals.members) : h('p', { class: 'hint', text: t('individual_minutes_hidden') }),
    team ? invitePanel(ctx, team) : null,
  ];
}

/** Invite someone to this team, and see (and withdraw) the team's invitations still waiting. */
function invitePanel(ctx, team) {
  const pending = h('ul', { class: 'invite-list stack', id: 'team-invites' });
  async function load() {
    try {
      const invites = api.items(await api.get('/invites')).filter((invite) => invite.team && invite.team.id === team.id);
      replace(pending, invites.length ? invites.map((invite) => pendingRow(invite, ctx, load)) : h('li', { class: 'hint', text: t('empty_invites') }));
    } catch (err) { replace(pending, h('li', { class: 'hint', text: err.offline ? t('offline_no_data') : t('something_wrong') })); }
  }
  const details = h('details', { class: 'card invite-here' }, h('summary', { id: 'invite-to-team', text: t('invite_to_team', { team: team.name }) }),
    h('div', { class: 'stack' }, inviteForm(ctx, { teams: [team], fixedTeam: team, onCreated: load }),
      h('h3', { text: t('pending_invites') }), pending));
  details.addEventListener('toggle', () => { if (details.open) load(); });
  return details;
}
