/* Setting a new password from a one-time link an admin made: whose account it is, a new password,
   and then signing in with it. */
import * as api from '../api.js';
import { field, formError, h, replace, showFieldErrors } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { emptyState, loading } from '../parts/common.js';

export async function render(root, ctx) {
  const token = ctx.params.token;
  root.append(loading());
  let info;
  try {
    info = await api.get(`/password-resets/${encodeURIComponent(token)}`, { quiet401: true });
  } catch (err) {
    replace(root, h('h1', { tabindex: '-1', text: t('reset_title') }),
      emptyState(err.status === 404 || err.status === 410 ? (err.message || t('reset_invalid')) : t('something_wrong'),
        h('a', { href: '/login', class: 'button', text: t('sign_in') })));
    return;
  }
  const password = h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: 8, id: 'reset-password' });
  const form = h('form', { class: 'card stack', novalidate: true },
    h('input', { type: 'email', autocomplete: 'username', value: info.email, hidden: true, readonly: true }),
    field(t('new_password'), password, { name: 'password', hint: t('new_password_hint') }),
    formError(),
    h('button', { type: 'submit', class: 'button primary wide', id: 'reset-submit', text: t('set_password') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.post(`/password-resets/${encodeURIComponent(token)}`, { password: password.value }, { quiet401: true });
      replace(root, h('div', { class: 'welcome' }, h('h1', { tabindex: '-1', text: t('reset_done_title') }),
        h('p', { class: 'lead', text: t('reset_done') })),
      h('a', { href: '/login', class: 'button primary wide', id: 'reset-sign-in', text: t('sign_in') }));
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });
  replace(root,
    h('div', { class: 'welcome' },
      h('h1', { tabindex: '-1', text: t('reset_title') }),
      h('p', { class: 'lead', text: t('reset_lead', { name: info.name, email: info.email }) }),
      h('p', { class: 'hint', text: t('link_valid_until', { date: formatDateTime(info.expires_at) }) })),
    form);
}
