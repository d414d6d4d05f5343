/* Settings: Slack. The Slack accounts connected to mine (by a one-time link from /learninghour), each
   with a way to undo it; shown when this server takes Slack's command or something is connected. */
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { section } from './common.js';

export function slackSection(ctx) {
  const box = h('div', { class: 'stack', id: 'slack-accounts' });
  const part = section('s-slack', t('slack_title'), box);
  part.hidden = true;

  async function load() {
    let data;
    try { data = await api.get('/me/slack-accounts'); } catch { return; }
    part.hidden = !data.enabled && !data.items.length;
    replace(box, data.items.length
      ? h('ul', { class: 'token-list' }, data.items.map(row))
      : h('p', { class: 'hint', text: t('slack_none') }),
    h('p', { class: 'hint', text: t('slack_hint') }));
  }

  function row(account) {
    const name = `@${account.slack_user} · ${account.workspace}`;
    return h('li', { class: 'token', dataset: { id: String(account.id) } },
      h('div', {}, h('p', { class: 'entry-title', text: name }),
        h('p', { class: 'entry-meta', text: t('slack_connected_on', { date: formatDate(account.connected_at) }) })),
      h('button', { type: 'button', class: 'button small', text: t('slack_disconnect'), 'aria-label': `${t('slack_disconnect')}: ${name}`,
        onclick: async () => {
          try { await api.del(`/me/slack-accounts/${account.id}`); ctx.toast(t('slack_disconnected')); load(); } catch (err) {
            ctx.toast(err.offline ? t('offline_try_later') : err.message);
          }
        } }));
  }
  load();
  return part;
}
