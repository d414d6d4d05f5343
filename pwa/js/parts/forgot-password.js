/* "Forgot password?" on the sign-in screen (where the server sends e-mail): an address in, and the same
   answer whether or not it has an account; the link in the e-mail opens the reset screen. */
import * as api from '../api.js';
import { field, formError, h, replace, showFieldErrors } from '../dom.js';
import { t } from '../i18n.js';

export function forgotPasswordPart(signInEmail) {
  const box = h('div', { class: 'stack forgot-password', id: 'forgot-password' });
  replace(box, h('button', { type: 'button', class: 'link', id: 'forgot-open', text: t('forgot_password'), onclick: open }));

  function open() {
    const email = h('input', { type: 'email', id: 'forgot-email', autocomplete: 'username', required: true,
      inputmode: 'email', autocapitalize: 'none', value: signInEmail.value.trim() });
    const submit = h('button', { type: 'submit', class: 'button primary wide', id: 'forgot-submit', text: t('forgot_send') });
    const form = h('form', { class: 'card stack', novalidate: true, 'aria-labelledby': 'forgot-title' },
      h('h2', { id: 'forgot-title', text: t('forgot_title') }),
      h('p', { class: 'hint', text: t('forgot_lead') }),
      field(t('email'), email, { name: 'email' }),
      formError(),
      submit);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      submit.disabled = true;
      try {
        await api.post('/auth/password-reset', { email: email.value.trim() }, { quiet401: true });
        replace(box, h('p', { class: 'card notice', id: 'forgot-sent', role: 'status', text: t('forgot_sent') }));
      } catch (err) {
        const message = err.status === 429 ? t('too_many_attempts') : err.offline ? t('offline_try_later') : err.message;
        showFieldErrors(form, err.status === 422 ? err.fields : {}, message);
        submit.disabled = false;
      }
    });
    replace(box, form);
    email.focus();
  }
  return box;
}
