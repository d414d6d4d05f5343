/* More of Settings: where to find History and Admin, changing my password, and exactly what the
   managers of my teams see of me, worked out from the organisation's own settings. */
import * as api from '../api.js';
import { field, formError, h, replace, showFieldErrors } from '../dom.js';
import { t } from '../i18n.js';
import { section } from './common.js';

export function linksSection(ctx) {
  const isAdmin = ctx.state.user.role === 'admin';
  return h('nav', { class: 'card settings-links', 'aria-label': t('more_places') },
    h('a', { href: '/history', class: 'button quiet wide', id: 'settings-history', text: t('history_title') }),
    isAdmin ? h('a', { href: '/admin', class: 'button quiet wide', id: 'settings-admin', text: t('admin_title') }) : null);
}

export function passwordSection(ctx) {
  if (ctx.state.user.has_password === false) return null; // signs in with the company account only
  const current = h('input', { type: 'password', autocomplete: 'current-password', required: true, id: 'current-password' });
  const next = h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: 8, id: 'new-password' });
  const form = h('form', { class: 'stack', novalidate: true },
    field(t('current_password'), current, { name: 'current_password' }),
    field(t('new_password'), next, { name: 'password', hint: t('new_password_hint') }),
    formError(),
    h('button', { type: 'submit', class: 'button primary', id: 'change-password', text: t('change_password') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.patch('/me', { current_password: current.value, password: next.value });
      // A new password ends the sessions signed in with the old one; this device signs in again.
      ctx.state.user = await api.login(ctx.state.user.email, next.value, true);
      current.value = '';
      next.value = '';
      showFieldErrors(form, {});
      ctx.toast(t('password_changed'));
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });
  return section('s-password', t('change_password'), h('p', { class: 'hint', text: t('change_password_hint') }), form);
}

export function managerViewSection(ctx) {
  const box = h('div', { class: 'stack', id: 'manager-view' }, h('p', { class: 'loading', text: t('loading') }));
  Promise.all([api.get('/organisation'), api.get('/teams').then(api.items)]).then(([org, teams]) => {
    const individual = Boolean(org.show_individual_minutes);
    const memberOf = new Set((ctx.state.user.teams || []).map((team) => team.id));
    const mine = teams.filter((team) => memberOf.has(team.id));
    const perTeam = individual ? [] : mine.map((team) => h('li', { dataset: { team: team.name } },
      team.member_count < org.min_group_size
        ? t('manager_view_team_hidden', { team: team.name, count: team.member_count, n: org.min_group_size })
        : t('manager_view_team_shown', { team: team.name, count: team.member_count })));
    replace(box,
      h('p', { text: t('manager_view_intro') }),
      h('ul', { class: 'plain-list' }, ['manager_view_sums', 'manager_view_activity', 'manager_view_resources',
        'manager_view_sessions'].map((key) => h('li', { text: t(key) }))),
      h('p', { class: 'privacy-statement', id: 'manager-view-individual',
        text: individual ? t('manager_view_individual_on') : t('manager_view_individual_off') }),
      individual ? null : h('p', { id: 'manager-view-group', text: t('manager_view_group', { n: org.min_group_size }) }),
      perTeam.length ? h('ul', { class: 'plain-list', id: 'manager-view-teams' }, perTeam) : null,
      h('p', { class: 'hint', text: t('manager_view_never') }));
  }).catch((err) => replace(box, h('p', { class: 'hint', text: err.offline ? t('offline_no_data') : t('something_wrong') })));
  return section('s-manager-view', t('manager_view_title'), box);
}
