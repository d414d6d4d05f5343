/* Admin › Activity: the audit trail — who changed what, newest first, a page at a time. */
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';

const KNOWN = ['channel.added', 'channel.removed', 'channel.resumed', 'directory.token_created',
  'directory.token_revoked', 'invite.accepted', 'invite.created', 'invite.revoked', 'organisation.settings_changed',
  'person.created', 'person.deactivated', 'person.deleted', 'person.deleted_own_account', 'person.joined_with_sso',
  'person.linked_to_directory', 'person.password_set', 'person.provisioned', 'person.reactivated', 'person.renamed',
  'person.reset_link_issued', 'person.reset_link_used', 'person.role_changed', 'person.signed_in_with_sso',
  'person.sso_link_waiting', 'person.sso_linked', 'person.sso_unlinked', 'person.updated', 'team.created',
  'team.deleted', 'team.manager_added',
  'team.manager_removed', 'team.member_added', 'team.member_removed', 'team.renamed', 'totals.exported'];

export async function render(panel) {
  const list = h('ol', { class: 'activity-list stack', id: 'activity-list' });
  const more = h('button', { type: 'button', class: 'button', text: t('load_more'), hidden: true });
  panel.append(h('h2', { text: t('admin_activity') }), h('p', { class: 'hint', text: t('activity_hint') }), list, more);
  let cursor = null;

  async function load() {
    more.disabled = true;
    try {
      const page = await api.get(`/admin/audit${api.qs({ cursor })}`);
      const rows = page.items.map(row);
      if (!cursor && !rows.length) replace(list, h('li', { class: 'empty', text: t('empty_activity') }));
      else list.append(...rows);
      cursor = page.next_cursor;
      more.hidden = !cursor;
    } catch (err) {
      list.append(h('li', { class: 'problem', text: err.offline ? t('offline_no_data') : t('something_wrong') }));
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', load);
  await load();
}

function row(item) {
  const action = KNOWN.includes(item.action) ? t(`activity_${item.action.replace('.', '_')}`) : item.action;
  const details = Object.entries(item.details || {}).map(([key, value]) => (Array.isArray(value)
    ? `${key}: ${value.map(String).join(' → ')}` : `${key}: ${value}`)).join(' · ');
  return h('li', { class: 'card activity', dataset: { action: item.action } },
    h('p', { class: 'entry-title', text: `${item.actor.name} · ${action}` }),
    h('p', { class: 'entry-meta', text: [item.target.name, formatDateTime(item.at)].filter(Boolean).join(' · ') }),
    details ? h('p', { class: 'hint', text: details }) : null);
}
