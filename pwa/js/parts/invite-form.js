/* Making an invitation: for a team (managers: their own), optionally only for one address, and the
   link it gives to share. Used by Admin and by the Team screen. */
import * as api from '../api.js';
import { field, formError, h, option, replace, showFieldErrors } from '../dom.js';
import { t } from '../i18n.js';
import { addressesIn, inviteEach, resultsList } from './invite-mail.js';
import { shareLink } from './share-link.js';

export function inviteForm(ctx, { teams, admin = false, fixedTeam = null, onCreated = () => {} }) {
  const team = fixedTeam ? null : h('select', { id: 'invite-team' },
    admin ? option('', t('whole_organisation')) : null, teams.map((x) => option(String(x.id), x.name)));
  if (team && teams.length && admin) team.value = String(teams[0].id);
  const role = admin ? h('select', { id: 'invite-role' }, ['employee', 'manager', 'admin'].map((r) => option(r, t(`role_${r}`), 'employee'))) : null;
  // One address, or many typed or pasted: each gets an invitation of its own (by e-mail where the server sends it).
  const email = h('textarea', { id: 'invite-email', rows: 2, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false',
    placeholder: t('optional') });
  const result = h('div', { class: 'invite-result' });
  const form = h('form', { class: 'card stack invite-form', novalidate: true },
    team ? field(t('team'), team, { name: 'team_id' }) : h('p', { class: 'hint', text: t('invite_to_team', { team: fixedTeam.name }) }),
    role ? field(t('role'), role, { name: 'role' }) : null,
    field(t('invite_email'), email, { name: 'email', hint: t('invite_email_hint') }),
    formError(),
    h('button', { type: 'submit', class: 'button primary', id: 'create-invite', text: t('create_invite') }),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const teamId = fixedTeam ? fixedTeam.id : Number(team.value) || null;
    const body = { role: role ? role.value : 'employee' };
    const addresses = addressesIn(email.value);
    if (addresses.length > 1) {
      const results = await inviteEach(teamId ? `/teams/${teamId}/invites` : '/invites', addresses, body);
      showFieldErrors(form, {});
      email.value = results.filter((r) => r.error).map((r) => r.address).join('\n');
      replace(result, resultsList(results));
      onCreated(null);
      return;
    }
    if (addresses.length) body.email = addresses[0];
    try {
      const invite = await api.post(teamId ? `/teams/${teamId}/invites` : '/invites', body);
      showFieldErrors(form, {});
      email.value = '';
      replace(result, shareLink(ctx, { url: invite.url, expiresAt: invite.expires_at, qr: invite.qr_svg,
        title: t('invite_title'), note: invite.mail === 'queued' ? t('invite_mailed_note', { email: invite.email })
          : t('invite_share_note', { team: invite.team ? invite.team.name : t('whole_organisation') }) }));
      onCreated(invite);
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });
  return form;
}
