/* Sign in. */
import * as api from '../api.js';
import { field, formError, h, showFieldErrors } from '../dom.js';
import { t } from '../i18n.js';

export async function render(root, ctx) {
  const email = h('input', { type: 'email', autocomplete: 'username', required: true, inputmode: 'email', autocapitalize: 'none' });
  const password = h('input', { type: 'password', autocomplete: 'current-password', required: true });
  const remember = h('input', { type: 'checkbox', id: 'remember', checked: true });
  const submit = h('button', { type: 'submit', class: 'button primary wide', text: t('sign_in') });
  const form = h('form', { class: 'card stack', novalidate: true },
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
      const next = ctx.query.get('next');
      ctx.navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/log', { replace: true });
    } catch (err) {
      const message = err.status === 401 ? t('wrong_password') : err.status === 429 ? t('too_many_attempts')
        : err.offline ? t('offline_sign_in') : t('something_wrong');
      showFieldErrors(form, err.status === 422 ? err.fields : {}, message);
      submit.disabled = false;
    }
  });
  root.append(
    h('div', { class: 'welcome' },
      h('h1', { tabindex: '-1', text: 'Learning Hour' }),
      h('p', { class: 'lead', text: t('welcome_lead') })),
    form);
  email.focus();
}
