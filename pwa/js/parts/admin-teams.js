/* Admin › Teams: create and rename teams, choose their members and managers. */
import * as api from '../api.js';
import { field, formError, h, option, showFieldErrors } from '../dom.js';
import { t } from '../i18n.js';
import { emptyState } from './common.js';

export function render(panel, ctx, data, redraw) {
  const name = h('input', { type: 'text', maxlength: 120, required: true, id: 'new-team-name' });
  const create = h('form', { class: 'card stack', novalidate: true },
    field(t('new_team'), name, { name: 'name' }), formError(),
    h('button', { type: 'submit', class: 'button primary', text: t('create_team') }));
  create.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const team = await api.post('/teams', { name: name.value.trim() });
      ctx.toast(t('team_created', { name: team.name }));
      redraw();
    } catch (err) { showFieldErrors(create, err.fields, err.offline ? t('offline_try_later') : err.message); }
  });
  panel.append(h('h2', { text: t('admin_teams') }), create,
    data.teams.length ? h('ul', { class: 'team-list stack' }, data.teams.map((team) => teamCard(team, ctx, data, redraw)))
      : emptyState(t('empty_teams')));
}

function teamCard(team, ctx, data, redraw) {
  const active = data.people.filter((p) => p.active);
  const members = data.people.filter((p) => (p.teams || []).some((x) => x.id === team.id));
  const managers = data.people.filter((p) => (p.managed_team_ids || []).includes(team.id));
  const act = (fn) => async () => {
    try { await fn(); redraw(); } catch (err) { ctx.toast(err.offline ? t('offline_try_later') : err.message); }
  };

  const rename = h('input', { type: 'text', maxlength: 120, value: team.name });
  const renameForm = h('form', { class: 'stack', novalidate: true }, field(t('team_name'), rename, { name: 'name' }), formError(),
    h('button', { type: 'submit', class: 'button small', text: t('rename') }));
  renameForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try { await api.patch(`/teams/${team.id}`, { name: rename.value.trim() }); ctx.toast(t('saved')); redraw(); } catch (err) {
      showFieldErrors(renameForm, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });

  const people = (list, remove, label) => h('ul', { class: 'name-list' }, list.length ? list.map((p) => h('li', {},
    h('span', { text: p.name }),
    h('button', { type: 'button', class: 'button small quiet', text: t('remove'), 'aria-label': `${label}: ${p.name}`,
      onclick: act(() => remove(p)) }))) : h('li', { class: 'hint', text: t('nobody_yet') }));
  const picker = (candidates, label, add, id) => {
    const select = h('select', { id, 'aria-label': label }, option('', t('choose_person')),
      candidates.map((p) => option(String(p.id), `${p.name} · ${p.email}`)));
    return h('div', { class: 'input-row' }, select, h('button', { type: 'button', class: 'button small', text: t('add'),
      onclick: act(async () => { if (select.value) await add(Number(select.value)); }) }));
  };

  const addManager = async (userId) => {
    const person = data.people.find((p) => p.id === userId);
    // Managing a team makes an employee a manager; admins stay admins.
    if (person && person.role === 'employee') await api.patch(`/admin/users/${userId}`, { role: 'manager' });
    await api.post(`/teams/${team.id}/managers`, { user_id: userId });
    ctx.toast(t('manager_added', { name: person ? person.name : '', team: team.name }));
  };
  return h('li', { class: 'card', dataset: { team: team.name } }, h('details', { class: 'team-admin' },
    h('summary', {}, h('span', { text: team.name }), h('span', { class: 'hint', text: ` · ${t('members_n', { n: members.length })}` })),
    h('div', { class: 'stack' },
      renameForm,
      h('h3', { text: t('members') }),
      people(members, (p) => api.del(`/teams/${team.id}/members`, { user_id: p.id }), t('remove_member')),
      picker(active.filter((p) => !members.includes(p)), t('add_member'), (id) => api.post(`/teams/${team.id}/members`, { user_id: id }),
        `add-member-${team.id}`),
      h('h3', { text: t('managers') }),
      people(managers, (p) => api.del(`/teams/${team.id}/managers`, { user_id: p.id }), t('remove_manager')),
      picker(active.filter((p) => !managers.includes(p)), t('add_manager'), addManager, `add-manager-${team.id}`),
      h('a', { href: `/team?team=${team.id}`, class: 'button small quiet', text: t('see_totals') }))));
}
