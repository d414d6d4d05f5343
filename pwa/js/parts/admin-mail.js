/* Admin › E-mail: whether this server sends e-mail (and through which relay), a test message, how many
   messages wait, and those the relay refused for good, with its reason. */
import * as api from '../api.js';
import { field, formError, h, replace, showFieldErrors } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';

export async function render(panel, ctx, _data, redraw) {
  const status = await api.get('/admin/mail');
  panel.append(h('h2', { text: t('admin_mail') }), statusCard(status));
  if (status.enabled) panel.append(testForm(ctx, redraw));
  panel.append(h('h2', { text: t('mail_failures') }), failuresList(status.failures));
}

function statusCard(status) {
  const lines = status.enabled
    ? [t('mail_on', { relay: status.relay }), t('mail_from', { sender: status.sender }), t('mail_links', { url: status.public_url }),
      status.waiting ? t('mail_waiting', { n: status.waiting }) : null]
    : [status.problem ? t('mail_problem', { problem: status.problem }) : t('mail_off'), t('mail_off_hint')];
  return h('section', { class: `card stack mail-status${status.enabled ? ' on' : ''}`, id: 'mail-status',
    dataset: { enabled: String(status.enabled) } }, lines.filter(Boolean).map((text) => h('p', { text })));
}

function testForm(ctx, redraw) {
  const to = h('input', { type: 'email', id: 'mail-test-to', autocomplete: 'off', placeholder: ctx.state.user.email });
  const form = h('form', { class: 'card stack', novalidate: true },
    field(t('mail_test_to'), to, { name: 'to', hint: t('mail_test_hint') }),
    formError(),
    h('button', { type: 'submit', class: 'button primary', id: 'mail-test', text: t('mail_test') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const sent = await api.post('/admin/mail/test', to.value.trim() ? { to: to.value.trim() } : {});
      showFieldErrors(form, {});
      ctx.toast(t('mail_test_sent', { email: sent.to }));
      setTimeout(redraw, 3000); // by then it has gone, or failed with its reason
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });
  return form;
}

function failuresList(failures) {
  const list = h('ul', { class: 'stack mail-failures', id: 'mail-failures' });
  if (!failures.length) return replace(list, h('li', { class: 'empty', text: t('mail_no_failures') }));
  return replace(list, failures.map((f) => h('li', { class: 'card', dataset: { id: String(f.id) } },
    h('p', { class: 'entry-title', text: `${f.to} · ${t(`mail_what_${f.what}`) || f.what}` }),
    h('p', { class: 'entry-meta', text: `${formatDateTime(f.at)} · ${f.error}` }))));
}
