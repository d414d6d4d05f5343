/* Admin › Organisation › Provisioning: the tokens Entra ID or Okta use to add, update and deactivate
   people and teams through SCIM (/scim/v2). A token is shown once; the list shows names, when each
   was last used, and revokes. */
import * as api from '../api.js';
import { confirmDialog } from '../dialog.js';
import { field, formError, h, replace, showFieldErrors } from '../dom.js';
import { formatDate, formatDateTime, t } from '../i18n.js';

export function provisioningCard(ctx) {
  const url = h('input', { type: 'text', readonly: true, value: `${location.origin}/scim/v2`, id: 'scim-url' });
  const list = h('ul', { class: 'token-list', id: 'scim-tokens' });
  const shown = h('div', {});
  const name = h('input', { type: 'text', maxlength: 100, required: true, placeholder: t('scim_token_name_placeholder'), id: 'scim-token-name' });
  const form = h('form', { class: 'stack', novalidate: true }, field(t('scim_token_name'), name, { name: 'name' }), formError(),
    h('button', { type: 'submit', class: 'button', text: t('scim_token_create') }));

  async function load() {
    let tokens;
    try { tokens = api.items(await api.get('/organisation/scim-tokens')); } catch (err) {
      replace(list, h('li', { class: 'problem', text: err.offline ? t('offline_no_data') : t('something_wrong') }));
      return;
    }
    replace(list, tokens.length ? tokens.map(row) : h('li', { class: 'empty' }, h('p', { text: t('scim_tokens_empty') })));
  }

  function row(token) {
    const used = token.last_used_at ? t('scim_last_used', { date: formatDateTime(token.last_used_at) }) : t('scim_never_used');
    return h('li', { class: 'token', dataset: { id: String(token.id) } },
      h('div', {}, h('p', { class: 'entry-title', text: token.name }),
        h('p', { class: 'entry-meta', text: `${token.prefix}… · ${formatDate(token.created_at)} · ${used}` })),
      h('button', { type: 'button', class: 'button small danger', text: t('revoke'), 'aria-label': `${t('revoke')}: ${token.name}`,
        onclick: async () => {
          if (!(await confirmDialog(t('scim_revoke_confirm'), { confirm: t('revoke'), danger: true }))) return;
          try { await api.del(`/organisation/scim-tokens/${token.id}`); ctx.toast(t('scim_token_revoked')); load(); } catch (err) {
            ctx.toast(err.offline ? t('offline_try_later') : err.message);
          }
        } }));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const created = await api.post('/organisation/scim-tokens', { name: name.value.trim() });
      name.value = '';
      showFieldErrors(form, {});
      const value = h('input', { type: 'text', readonly: true, value: created.token, 'aria-label': t('scim_token_value'), id: 'scim-new-token' });
      replace(shown, h('div', { class: 'card notice stack' }, h('p', { text: t('scim_token_once') }), value));
      value.select();
      load();
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });
  load();
  return h('section', { class: 'card stack', 'aria-labelledby': 'scim-title', id: 'scim-card' },
    h('h2', { id: 'scim-title', text: t('scim_title') }), h('p', { class: 'hint', text: t('scim_hint') }),
    field(t('scim_tenant_url'), url), list, shown, form);
}
