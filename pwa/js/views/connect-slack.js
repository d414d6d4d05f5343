/* Connecting Slack: a one-time link from /learninghour, opened here while signed in. Says which Slack
   account it is, and connects it to mine with one tap; then what to type in Slack. */
import * as api from '../api.js';
import { formError, h, replace, showFieldErrors } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { emptyState, loading } from '../parts/common.js';

export async function render(root, ctx) {
  const token = ctx.params.token;
  root.append(loading());
  let link;
  try {
    link = await api.get(`/slack/links/${encodeURIComponent(token)}`);
  } catch (err) {
    replace(root, h('h1', { tabindex: '-1', text: t('slack_connect_title') }),
      emptyState(err.status === 404 || err.status === 410 ? (err.message || t('slack_link_invalid')) : t('something_wrong'),
        h('a', { href: '/settings', class: 'button', text: t('settings_title') })));
    return;
  }
  const button = h('button', { type: 'submit', class: 'button primary wide', id: 'slack-connect', text: t('slack_connect') });
  const form = h('form', { class: 'card stack', novalidate: true }, formError(), button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      await api.post(`/slack/links/${encodeURIComponent(token)}`);
      replace(root, h('div', { class: 'welcome', id: 'slack-connected' }, h('h1', { tabindex: '-1', text: t('slack_connected_title') }),
        h('p', { class: 'lead', text: t('slack_connected_lead') })),
      h('section', { class: 'card stack' }, h('p', { text: t('slack_try_share') }), h('p', { text: t('slack_try_log') })),
      h('a', { href: '/settings', class: 'button wide', text: t('settings_title') }));
    } catch (err) {
      button.disabled = false;
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });
  replace(root,
    h('div', { class: 'welcome' }, h('h1', { tabindex: '-1', text: t('slack_connect_title') }),
      h('p', { class: 'lead', id: 'slack-who', text: t('slack_connect_lead', { user: link.slack_user, workspace: link.workspace,
        name: ctx.state.user.name }) }),
      h('p', { class: 'hint', text: t('link_valid_until', { date: formatDateTime(link.expires_at) }) })),
    form);
}
