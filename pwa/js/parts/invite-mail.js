/* Invitations by e-mail: the addresses typed or pasted (one or many, "Name <address>" too), what became
   of each invitation's mail on the pending list, and sending it again. */
import * as api from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';

/** The addresses in what was typed or pasted: separated by commas, semicolons, spaces or lines. */
export function addressesIn(text) {
  const found = [];
  for (const piece of text.split(/[,;\n]+/)) {
    const bracketed = piece.match(/<([^<>]+)>/);
    for (const word of bracketed ? [bracketed[1]] : piece.trim().split(/\s+/)) {
      const address = word.trim().replace(/^mailto:/i, '');
      if (address && !found.some((a) => a.toLowerCase() === address.toLowerCase())) found.push(address);
    }
  }
  return found;
}

/** The pending invitation's mail, said plainly, with "Send again" where it has an address. */
export function mailState(invite, ctx, reload) {
  if (!invite.email) return null;
  const state = invite.mail || 'none';
  const text = invite.mail === 'failed' && invite.mail_error ? `${t('invite_mail_failed')}: ${invite.mail_error}`
    : t(`invite_mail_${state}`);
  const resend = h('button', { type: 'button', class: 'button small', text: t('invite_resend'),
    'aria-label': `${t('invite_resend')}: ${invite.email}`, onclick: async () => {
      resend.disabled = true;
      try {
        await api.post(`/invites/${invite.id}/resend`);
        ctx.toast(t('invite_resent', { email: invite.email }));
        reload();
      } catch (err) {
        ctx.toast(err.offline ? t('offline_try_later') : err.message);
        resend.disabled = false;
      }
    } });
  return h('div', { class: 'invite-mail' },
    h('p', { class: `badge mail-${state}`, dataset: { mail: state }, text }),
    invite.mail !== null && invite.mail !== undefined ? resend : null);
}

/** Each address's own invitation, one after the other; returns [{address, invite?, error?}]. */
export async function inviteEach(path, addresses, body) {
  const results = [];
  for (const address of addresses) {
    try {
      results.push({ address, invite: await api.post(path, { ...body, email: address }) });
    } catch (err) {
      results.push({ address, error: err.fields && err.fields.email ? [].concat(err.fields.email).join(' ') : err.message });
    }
  }
  return results;
}

export function resultsList(results) {
  return h('ul', { class: 'card stack invite-results', id: 'invite-results' }, results.map((r) => h('li', {
    class: r.error ? 'problem' : null, dataset: { address: r.address },
    text: r.error ? `${r.address}: ${r.error}` : `${r.address}: ${t(r.invite.mail === 'queued' ? 'invite_mail_queued' : 'invite_made')}` })));
}
