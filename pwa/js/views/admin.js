/* Admin: the organisation's people, teams, invitations and settings, one section at a time.
   Reached from Settings and the Team screen (and the side bar on wide screens). */
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { emptyState, header, loading, problem } from '../parts/common.js';

const SECTIONS = [['people', 'admin_people'], ['teams', 'admin_teams'], ['invites', 'admin_invites'],
  ['organisation', 'admin_organisation'], ['mail', 'admin_mail'], ['activity', 'admin_activity']];

export async function render(root, ctx) {
  root.append(header(t('admin_title')));
  if (ctx.state.user.role !== 'admin') {
    root.append(emptyState(t('admin_only'), h('a', { href: '/settings', class: 'button', text: t('settings_title') })));
    return;
  }
  const wanted = ctx.query.get('section');
  let current = SECTIONS.some(([key]) => key === wanted) ? wanted : 'people';
  const buttons = SECTIONS.map(([key, label]) => h('button', { type: 'button', class: 'chip', id: `admin-${key}`,
    'aria-pressed': String(key === current), text: t(label), onclick: () => show(key) }));
  const panel = h('div', { class: 'stack admin-panel', 'aria-live': 'polite' });
  root.append(h('nav', { class: 'chips admin-sections', 'aria-label': t('admin_title') }, buttons), panel);

  // People and teams are shared by the sections; each section reloads them after a change.
  const data = {
    people: [], teams: [],
    async reload() {
      const [people, teams] = await Promise.all([api.get('/admin/users'), api.get('/teams')]);
      data.people = api.items(people);
      data.teams = api.items(teams);
    },
  };

  async function show(key) {
    current = key;
    buttons.forEach((b, i) => b.setAttribute('aria-pressed', String(SECTIONS[i][0] === key)));
    history.replaceState(null, '', `/admin?section=${key}`);
    replace(panel, loading());
    try {
      await data.reload();
      const module = await import(`../parts/admin-${key}.js`);
      if (current !== key) return;
      replace(panel);
      await module.render(panel, ctx, data, () => show(key));
    } catch (err) {
      replace(panel, problem(err));
    }
  }
  await show(current);
}
