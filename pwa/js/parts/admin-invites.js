/* Admin › Invitations: make a link for a team (or the whole organisation), share it as a link, by
   copying or as a QR code; see which are still waiting and withdraw them. */
import * as api from '../api.js';
import { confirmDialog } from '../dialog.js';
import { h, replace } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { inviteForm } from './invite-form.js';
import { mailState } from './invite-mail.js';

export async function render(panel, ctx, data, redraw) {
  const pending = h('ul', { class: 'invite-list stack' });
  panel.append(h('h2', { text: t('admin_invites') }),
    inviteForm(ctx, { teams: data.teams, admin: true, onCreated: () => load() }),
    h('h2', { text: t('pending_invites') }), pending);

  async function load() {
    let invites;
    try { invites = api.items(await api.get('/invites')); } catch (err) { replace(pending, h('li', { class: 'problem', text: t('something_wrong') })); return; }
    replace(pending, invites.length ? invites.map((invite) => pendingRow(invite, ctx, load))
      : h('li', { class: 'empty', text: t('empty_invites') }));
  }
  await load();
}

export function pendingRow(invite, ctx, reload) {
  const where = invite.team ? invite.team.name : t('whole_organisation');
  return h('li', { class: 'invite card', dataset: { id: String(invite.id) } },
    h('div', { class: 'person-main' },
      h('p', { class: 'entry-title', text: `${where} · ${t(`role_${invite.role}`)}` }),
      h('p', { class: 'entry-meta', text: [invite.email, t('expires_on', { date: formatDate(invite.expires_at) }),
        invite.created_by ? t('invited_by', { name: invite.created_by.name }) : null].filter(Boolean).join(' · ') }),
      mailState(invite, ctx, reload)),
    h('button', { type: 'button', class: 'button small danger', text: t('revoke'), 'aria-label': `${t('revoke')}: ${where}`,
      onclick: async () => {
        if (!(await confirmDialog(t('revoke_invite_confirm'), { confirm: t('revoke'), danger: true }))) return;
        try { await api.del(`/invites/${invite.id}`); ctx.toast(t('invite_revoked')); reload(); } catch (err) {
          ctx.toast(err.offline ? t('offline_try_later') : err.message);
        }
      } }));
}
