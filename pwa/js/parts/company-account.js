/* The link between a person and their company account (sign-in with OpenID Connect): in Settings the
   person sees it and may remove it; in Admin › People an admin sees it, confirms one that waits for
   proof, or removes it. */
import * as api from '../api.js';
import { confirmDialog } from '../dialog.js';
import { h } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { section } from './common.js';

function describe(account, { mine }) {
  const values = { email: account.email || account.subject,
    date: formatDate(account.linked_at, { day: 'numeric', month: 'short', year: 'numeric' }) };
  if (mine) return t(account.waiting ? 'sso_account_waiting' : 'sso_account_linked', values);
  return t(account.waiting ? 'sso_person_waiting' : 'sso_person_linked', values);
}

/** Settings: my company account, when one is linked or waits (null otherwise). */
export function companyAccountSection(ctx) {
  const account = ctx.state.user.company_account;
  if (!account) return null;
  const remove = h('button', { type: 'button', class: 'button small danger', id: 'sso-unlink', text: t('sso_unlink'), onclick: async () => {
    if (!(await confirmDialog(t('sso_unlink_confirm'), { confirm: t('sso_unlink'), danger: true }))) return;
    try {
      await api.del('/me/company-account');
      ctx.state.user = { ...ctx.state.user, company_account: null };
      ctx.toast(t('sso_unlinked'));
      ctx.navigate('/settings', { replace: true });
    } catch (err) { ctx.toast(err.offline ? t('offline_try_later') : err.message); }
  } });
  return section('s-company-account', t('sso_account_title'),
    h('p', { class: 'hint', id: 'sso-account', text: describe(account, { mine: true }) }),
    h('div', { class: 'actions' }, remove));
}

/** Admin › People: a person's company account, with what an admin may do about it (null without one). */
export function companyAccountLine(person, ctx, redraw) {
  const account = person.company_account;
  if (!account) return null;
  const act = (method, path, done) => async () => {
    try {
      await api[method](path);
      ctx.toast(done);
      redraw();
    } catch (err) { ctx.toast(err.offline ? t('offline_try_later') : err.message); }
  };
  const base = `/admin/users/${person.id}/company-account`;
  return h('div', { class: 'company-account stack', dataset: { waiting: String(account.waiting) } },
    h('p', { class: account.waiting ? 'badge waiting' : 'entry-meta', text: describe(account, { mine: false }) }),
    h('div', { class: 'actions' },
      account.waiting ? h('button', { type: 'button', class: 'button small', text: t('sso_confirm_link'),
        onclick: act('post', `${base}/confirm`, t('sso_link_confirmed', { name: person.name })) }) : null,
      h('button', { type: 'button', class: 'button small danger', text: t('sso_unlink'),
        'aria-label': `${t('sso_unlink')}: ${person.name}`, onclick: act('del', base, t('sso_unlinked')) })));
}
