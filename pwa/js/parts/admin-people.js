/* Admin › People: find someone, change their role, deactivate or reactivate them, hand them a
   one-time link to set a new password, or confirm or remove their company account's link. */
import * as api from '../api.js';
import { confirmDialog } from '../dialog.js';
import { h, option, replace } from '../dom.js';
import { t } from '../i18n.js';
import { emptyState } from './common.js';
import { companyAccountLine } from './company-account.js';
import { shareLink } from './share-link.js';

const ROLES = ['employee', 'manager', 'admin'];

export function render(panel, ctx, data, redraw) {
  const search = h('input', { type: 'search', id: 'people-search', placeholder: t('search_people'), 'aria-label': t('search_people'), autocomplete: 'off' });
  const list = h('ul', { class: 'people-list' });
  const draw = () => {
    const q = search.value.trim().toLowerCase();
    const found = data.people.filter((p) => !q || p.name.toLowerCase().includes(q) || p.email.toLowerCase().includes(q));
    replace(list, found.length ? found.map((p) => personRow(p, ctx, redraw)) : h('li', { class: 'empty', text: t('no_people_found') }));
  };
  search.addEventListener('input', draw);
  draw();
  panel.append(h('section', { class: 'stack', 'aria-labelledby': 'people-title' },
    h('h2', { id: 'people-title', text: t('admin_people') }), search, list));
  if (!data.people.length) panel.append(emptyState(t('no_people_found')));
}

function personRow(person, ctx, redraw) {
  const me = person.id === ctx.state.user.id;
  const role = h('select', { 'aria-label': `${t('role')}: ${person.name}`, class: 'role-select', disabled: me || !person.active },
    ROLES.map((r) => option(r, t(`role_${r}`), person.role)));
  const extra = h('div', {});
  const status = h('p', { class: 'form-error', role: 'alert', hidden: true });
  role.addEventListener('change', async () => {
    try {
      await api.patch(`/admin/users/${person.id}`, { role: role.value });
      ctx.toast(t('role_changed', { name: person.name, role: t(`role_${role.value}`) }));
      redraw();
    } catch (err) {
      role.value = person.role;
      status.textContent = err.offline ? t('offline_try_later') : err.message;
      status.hidden = false;
    }
  });
  const toggle = h('button', { type: 'button', class: ['button', 'small', person.active ? 'danger' : null],
    text: person.active ? t('deactivate') : t('reactivate'), disabled: me, onclick: async () => {
      if (person.active && !(await confirmDialog(t('deactivate_confirm', { name: person.name }), { confirm: t('deactivate'), danger: true, detail: t('deactivate_detail') }))) return;
      try {
        await api.patch(`/admin/users/${person.id}`, { active: !person.active });
        ctx.toast(person.active ? t('deactivated', { name: person.name }) : t('reactivated', { name: person.name }));
        redraw();
      } catch (err) { ctx.toast(err.offline ? t('offline_try_later') : err.message); }
    } });
  const reset = h('button', { type: 'button', class: 'button small', text: t('reset_link'), disabled: !person.active, onclick: async () => {
    try {
      const link = await api.post(`/admin/users/${person.id}/reset-link`);
      replace(extra, shareLink(ctx, { url: link.url, expiresAt: link.expires_at, title: t('reset_title'),
        note: t('reset_link_note', { name: person.name }) }));
    } catch (err) { ctx.toast(err.offline ? t('offline_try_later') : err.message); }
  } });
  const teams = (person.teams || []).map((team) => team.name).join(', ');
  return h('li', { class: ['person', 'card', person.active ? null : 'inactive'], dataset: { email: person.email } },
    h('div', { class: 'person-head' },
      h('div', { class: 'person-main' },
        h('p', { class: 'entry-title', text: person.name }),
        h('p', { class: 'entry-meta', text: person.email }),
        h('p', { class: 'entry-meta', text: teams ? `${t('teams')}: ${teams}` : t('no_team') }),
        person.active ? null : h('p', { class: 'badge waiting', text: t('inactive') })),
      role),
    status,
    companyAccountLine(person, ctx, redraw),
    h('div', { class: 'actions' }, reset, toggle),
    extra);
}
