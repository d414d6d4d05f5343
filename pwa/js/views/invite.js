/* Accepting an invitation: with the company account when it is set up, or with name, email and a
   password (not for employees once the organisation keeps passwords for admins), and you are in. */
import * as api from '../api.js';
import { field, formError, h, replace, showFieldErrors } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { emptyState, loading } from '../parts/common.js';
import { orDivider, ssoButton, ssoError } from '../parts/sso.js';

export async function render(root, ctx) {
  const token = ctx.params.token;
  root.append(loading());
  let invite;
  const options = api.signInOptions();
  try {
    invite = await api.get(`/invites/${encodeURIComponent(token)}`, { quiet401: true });
    if (invite.expired) throw new api.ApiError({ status: 410 });
  } catch (err) {
    replace(root, h('h1', { tabindex: '-1', text: t('invite_title') }), ssoError(ctx.query),
      emptyState(err.status === 404 || err.status === 410 ? t('invite_invalid') : t('something_wrong'),
        h('a', { href: '/login', class: 'button', text: t('sign_in') })));
    return;
  }
  const offered = await options;
  const sso = offered && offered.sso;
  const passwordsClosed = Boolean(sso && offered.password === 'admins' && invite.role !== 'admin');
  const org = invite.organisation?.name || invite.organisation_name || invite.organisation || '';
  const team = invite.team?.name || invite.team_name || '';
  const name = h('input', { type: 'text', autocomplete: 'name', required: true });
  const email = h('input', { type: 'email', autocomplete: 'username', required: true, value: invite.email || '' });
  const password = h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: 10 });
  const form = h('form', { class: 'card stack', novalidate: true },
    field(t('your_name'), name, { name: 'name' }),
    field(t('email'), email, { name: 'email' }),
    field(t('choose_password'), password, { name: 'password', hint: t('password_hint') }),
    formError(),
    h('button', { type: 'submit', class: `button wide${sso ? '' : ' primary'}`, text: t('join') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.post(`/invites/${encodeURIComponent(token)}/accept`, { name: name.value.trim(), email: email.value.trim(), password: password.value }, { quiet401: true });
      const user = await api.session();
      await ctx.signedIn(user);
      ctx.navigate('/log', { replace: true });
    } catch (err) {
      showFieldErrors(form, err.fields, err.status === 409 ? t('email_taken') : (err.message || t('something_wrong')));
    }
  });
  replace(root,
    h('div', { class: 'welcome' },
      h('h1', { tabindex: '-1', text: t('invite_title') }),
      h('p', { class: 'lead', text: t('invite_lead', { org, team: team ? ` · ${team}` : '' }) }),
      invite.expires_at ? h('p', { class: 'hint', text: t('invite_expires', { date: formatDate(invite.expires_at) }) }) : null),
    ssoError(ctx.query),
    sso ? h('div', { class: 'stack', id: 'sso-join' }, ssoButton(sso, {
      text: t('sso_join_with', { label: sso.label || t('sso_company_account') }), params: { invite: token } })) : null,
    sso && !passwordsClosed ? orDivider() : null,
    passwordsClosed ? h('p', { class: 'hint', text: t('invite_password_closed') }) : form);
}
