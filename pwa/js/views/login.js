/* Sign in: with the company account when the organisation has set it up (its button comes first),
   and with a password (only for admins once the organisation says so). */
import * as api from '../api.js';
import { field, formError, h, showFieldErrors } from '../dom.js';
import { t } from '../i18n.js';
import { forgotPasswordPart } from '../parts/forgot-password.js';
import { orDivider, ssoButton, ssoError } from '../parts/sso.js';

export async function render(root, ctx) {
  const options = await api.signInOptions();
  const sso = options && options.sso;
  const adminsOnly = Boolean(sso && options.password === 'admins');
  const email = h('input', { type: 'email', autocomplete: 'username', required: true, inputmode: 'email', autocapitalize: 'none' });
  const password = h('input', { type: 'password', autocomplete: 'current-password', required: true });
  const remember = h('input', { type: 'checkbox', id: 'remember', checked: true });
  const submit = h('button', { type: 'submit', class: `button wide${sso ? '' : ' primary'}`,
    text: adminsOnly ? t('sign_in_as_admin') : t('sign_in') });
  const form = h('form', { class: 'card stack', novalidate: true, id: 'password-sign-in' },
    adminsOnly ? h('p', { class: 'hint', id: 'password-admins-only', text: t('password_sign_in_admins_only_note') }) : null,
    field(t('email'), email, { name: 'email' }),
    field(t('password'), password, { name: 'password' }),
    h('div', { class: 'check' }, remember, h('label', { for: 'remember', text: t('remember_me') })),
    formError(),
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const user = await api.login(email.value.trim(), password.value, remember.checked);
      await globalThis.caches?.delete('lh-data').catch(() => {});
      await ctx.signedIn(user);
      ctx.navigate(nextPath(ctx) || '/log', { replace: true });
    } catch (err) {
      const message = err.status === 401 ? t('wrong_password') : err.status === 429 ? t('too_many_attempts')
        : err.status === 403 ? t('password_sign_in_refused') : err.offline ? t('offline_sign_in') : t('something_wrong');
      showFieldErrors(form, err.status === 422 ? err.fields : {}, message);
      submit.disabled = false;
    }
  });
  const company = sso ? h('div', { class: 'stack', id: 'sso-sign-in' },
    ssoButton(sso, { params: () => ({ remember: remember.checked ? '1' : '', next: nextPath(ctx) }) })) : null;
  root.append(...[
    h('div', { class: 'welcome' },
      h('h1', { tabindex: '-1', text: 'Learning Hour' }),
      h('p', { class: 'lead', text: t('welcome_lead') })),
    ssoError(ctx.query),
    company,
    company ? orDivider() : null,
    form,
    options && options.reset_by_mail ? forgotPasswordPart(email) : null].filter(Boolean));
  if (!sso) email.focus();
}

function nextPath(ctx) {
  const next = ctx.query.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}
