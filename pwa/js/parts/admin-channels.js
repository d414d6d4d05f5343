/* Admin › Organisation › Channels: the Teams and Slack channels that hear of new knowledge sessions, lessons
   learned and the Monday shelf. A webhook address is a secret: typed once, then only its host and last
   characters are shown. Each channel can be sent a test post, changed, removed, and resumed when it was
   paused for failing (with the reason). */
import * as api from '../api.js';
import { confirmDialog } from '../dialog.js';
import { field, formError, h, option, replace, showFieldErrors } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';

const EVENTS = ['sessions', 'lessons', 'shelf'];
const LANGUAGES = { sv: 'Svenska', nb: 'Norsk bokmål', en: 'English' };

function eventBoxes(prefix, chosen) {
  const boxes = EVENTS.map((event) => h('input', { type: 'checkbox', id: `${prefix}-${event}`, value: event, checked: chosen.includes(event) }));
  const group = h('fieldset', { class: 'stack', dataset: { field: 'events' } }, h('legend', { text: t('channels_events') }),
    ...boxes.map((box, i) => h('div', { class: 'check' }, box, h('label', { for: box.id, text: t(`channels_event_${EVENTS[i]}`) }))),
    h('p', { class: 'field-error', hidden: true }));
  return { group, values: () => boxes.filter((b) => b.checked).map((b) => b.value) };
}

export function channelsCard(ctx) {
  const list = h('ul', { class: 'token-list', id: 'channel-list' });
  const kind = h('select', { id: 'channel-kind' }, option('teams', 'Microsoft Teams', 'teams'), option('slack', 'Slack', 'teams'));
  const url = h('input', { type: 'url', id: 'channel-url', required: true, autocomplete: 'off', spellcheck: false,
    placeholder: 'https://…', inputmode: 'url' });
  const name = h('input', { type: 'text', id: 'channel-name', maxlength: 100, placeholder: t('channels_name_placeholder') });
  const locale = h('select', { id: 'channel-locale' }, Object.entries(LANGUAGES).map(([code, label]) => option(code, label, ctx.state.user.locale)));
  const events = eventBoxes('channel-event', EVENTS);
  const how = h('p', { class: 'hint', id: 'channel-how' });
  const drawHow = () => { how.textContent = t(kind.value === 'teams' ? 'channels_how_teams' : 'channels_how_slack'); };
  kind.addEventListener('change', drawHow);
  drawHow();
  const form = h('form', { class: 'stack', novalidate: true, id: 'channel-form' },
    field(t('channels_kind'), kind, { name: 'kind' }), how,
    field(t('channels_url'), url, { name: 'url', hint: t('channels_url_hint') }),
    field(t('channels_name'), name, { name: 'name' }),
    events.group,
    field(t('channels_language'), locale, { name: 'locale' }),
    formError(),
    h('button', { type: 'submit', class: 'button primary', id: 'channel-add', text: t('channels_add') }));

  async function load() {
    let channels;
    try { channels = api.items(await api.get('/organisation/channels')); } catch (err) {
      replace(list, h('li', { class: 'problem', text: err.offline ? t('offline_no_data') : t('something_wrong') }));
      return;
    }
    replace(list, channels.length ? channels.map(row) : h('li', { class: 'empty' }, h('p', { text: t('channels_empty') })));
  }

  async function act(work, done) {
    try { await work(); if (done) ctx.toast(done); load(); } catch (err) {
      ctx.toast(err.offline ? t('offline_try_later') : err.message);
    }
  }

  function row(channel) {
    const label = `${channel.kind === 'teams' ? 'Teams' : 'Slack'}${channel.name ? ` · ${channel.name}` : ''}`;
    const what = channel.events.length ? channel.events.map((e) => t(`channels_event_${e}`)).join(', ') : t('channels_nothing');
    const last = channel.last_post ? t(`channels_last_${channel.last_post.state}`, { date: channel.last_post.at ? formatDateTime(channel.last_post.at) : '' }) : '';
    const paused = channel.state === 'paused'
      ? h('p', { class: 'notice-inline channel-paused', text: t('channels_paused', { reason: t(`channels_reason_${channel.pause_reason}`),
        detail: channel.last_error || '' }) }) : null;
    const buttons = [
      h('button', { type: 'button', class: 'button small', text: t('channels_test'), 'aria-label': `${t('channels_test')}: ${label}`,
        onclick: () => act(() => api.post(`/organisation/channels/${channel.id}/test`), t('channels_test_sent')) }),
      channel.state === 'paused' ? h('button', { type: 'button', class: 'button small primary', text: t('channels_resume'),
        onclick: () => act(() => api.patch(`/organisation/channels/${channel.id}`, { paused: false }), t('channels_resumed')) }) : null,
      h('button', { type: 'button', class: 'button small danger', text: t('remove'), 'aria-label': `${t('remove')}: ${label}`,
        onclick: async () => {
          if (!(await confirmDialog(t('channels_remove_confirm'), { confirm: t('remove'), danger: true }))) return;
          act(() => api.del(`/organisation/channels/${channel.id}`), t('channels_removed'));
        } }),
    ].filter(Boolean);
    return h('li', { class: 'channel stack', dataset: { id: String(channel.id), state: channel.state } },
      h('div', {}, h('p', { class: 'entry-title', text: label }),
        h('p', { class: 'entry-meta', text: `${channel.url} · ${LANGUAGES[channel.locale] || channel.locale}` }),
        h('p', { class: 'entry-meta', text: [what, last].filter(Boolean).join(' · ') })),
      paused, h('div', { class: 'actions' }, buttons));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.post('/organisation/channels', { kind: kind.value, url: url.value.trim(), name: name.value.trim(),
        events: events.values(), locale: locale.value });
      url.value = '';
      name.value = '';
      showFieldErrors(form, {});
      ctx.toast(t('channels_added'));
      load();
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });
  load();
  return h('section', { class: 'card stack', 'aria-labelledby': 'channels-title', id: 'channels-card' },
    h('h2', { id: 'channels-title', text: t('channels_title') }), h('p', { class: 'hint', text: t('channels_hint') }),
    list, h('details', { class: 'channel-new' }, h('summary', { text: t('channels_add') }), form));
}
