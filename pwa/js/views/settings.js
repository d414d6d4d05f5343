/* Settings: links to History (and Admin), language, time zone and goal; reminders (and the Monday digest)
   and push on this device; the learning hour in my calendar; installing the app; bookmarks in and out and the
   bookmarklet; Slack; my password; my company account's link; API tokens; what managers see; and my data (export,
   delete). */
import * as api from '../api.js';
import { field, formError, h, option, replace, showFieldErrors } from '../dom.js';
import { formatDate, setLocale, t, weekdayName } from '../i18n.js';
import { header, isIos, isStandalone, section } from '../parts/common.js';
import { companyAccountSection } from '../parts/company-account.js';
import { bookmarkletSection, bookmarksSection } from '../parts/settings-bookmarks.js';
import { learningBlockSection } from '../parts/settings-calendar.js';
import { reminderChannelPart } from '../parts/settings-email.js';
import { linksSection, managerViewSection, passwordSection } from '../parts/settings-more.js';
import { slackSection } from '../parts/settings-slack.js';

const LANGUAGES = { sv: 'Svenska', nb: 'Norsk bokmål', en: 'English' };

export async function render(root, ctx) {
  root.append(...[header(t('settings_title')),
    linksSection(ctx), profileSection(ctx), remindersSection(ctx), pushSection(ctx), learningBlockSection(ctx), installSection(ctx),
    bookmarksSection(ctx), bookmarkletSection(), slackSection(ctx), passwordSection(ctx), companyAccountSection(ctx),
    tokensSection(ctx), managerViewSection(ctx), privacySection(ctx),
    h('section', { class: 'card' }, h('button', { type: 'button', class: 'button wide', id: 'sign-out', text: t('sign_out'),
      onclick: () => ctx.signOut() }))].filter(Boolean));
}

function titled(title, ...children) {
  return section(`s-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, title, ...children);
}

function profileSection(ctx) {
  const user = ctx.state.user;
  const language = h('select', {}, Object.entries(LANGUAGES).map(([code, name]) => h('option', { value: code, lang: code, text: name, selected: user.locale === code })));
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : [user.timezone];
  if (!zones.includes(user.timezone)) zones.unshift(user.timezone);
  const timezone = h('select', {}, zones.map((z) => option(z, z.replace(/_/g, ' '), user.timezone)));
  const orgGoal = user.organisation ? user.organisation.weekly_goal_minutes : 60;
  const goal = h('input', { type: 'number', inputmode: 'numeric', min: 0, max: 2400, value: user.weekly_goal_minutes ?? '',
    placeholder: String(orgGoal) });
  const form = h('form', { class: 'stack', novalidate: true },
    field(t('language'), language, { name: 'locale' }),
    field(t('timezone'), timezone, { name: 'timezone' }),
    field(t('weekly_goal'), goal, { name: 'weekly_goal_minutes', hint: t('weekly_goal_hint', { n: orgGoal }) }),
    formError(),
    h('button', { type: 'submit', class: 'button primary', text: t('save') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const updated = await api.patch('/me', { locale: language.value, timezone: timezone.value,
        weekly_goal_minutes: goal.value === '' ? null : Number(goal.value) });
      ctx.state.user = { ...ctx.state.user, ...updated };
      localStorage.setItem('lh-locale', updated.locale);
      await setLocale(updated.locale);
      ctx.toast(t('saved'));
      ctx.navigate('/settings', { replace: true });
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });
  return titled(t('you'), h('p', { class: 'hint', text: `${user.name} · ${user.email}` }), form);
}

function remindersSection(ctx) {
  const enabled = h('input', { type: 'checkbox', id: 'reminders-on' });
  const weekday = h('select', {}, [1, 2, 3, 4, 5, 6, 7].map((d) => option(String(d), weekdayName(d), '4')));
  const time = h('input', { type: 'time', value: '14:00', step: 300 });
  const digest = h('input', { type: 'checkbox', id: 'weekly-digest' });
  const channel = reminderChannelPart(ctx.state.user);
  const form = h('form', { class: 'stack', novalidate: true },
    h('div', { class: 'check' }, enabled, h('label', { for: 'reminders-on', text: t('reminders_on') })),
    h('div', { class: 'row' }, field(t('weekday'), weekday, { name: 'weekday' }), field(t('time'), time, { name: 'time' })),
    channel.element,
    h('div', { class: 'check' }, digest, h('label', { for: 'weekly-digest', text: t('weekly_digest_on') })),
    formError(),
    h('button', { type: 'submit', class: 'button primary', text: t('save') }));
  api.get('/me/reminders').then((r) => {
    enabled.checked = Boolean(r.enabled);
    if (r.weekday) weekday.value = String(r.weekday);
    if (r.time) time.value = r.time.slice(0, 5);
    digest.checked = Boolean(r.weekly_digest);
    channel.load(r);
  }).catch(() => {});
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const saved = await api.patch('/me/reminders', { enabled: enabled.checked, weekday: Number(weekday.value), time: time.value,
        weekly_digest: digest.checked, ...channel.values() });
      channel.load(saved);
      ctx.toast(t('saved'));
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });
  return titled(t('reminders'), h('p', { class: 'hint', text: t('reminders_hint') }), form);
}

function base64UrlToBytes(value) {
  const padded = value.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(value.length / 4) * 4, '=');
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

function pushSection(ctx) {
  const box = h('div', { class: 'stack' });
  const supported = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  async function draw() {
    if (!supported) {
      replace(box, h('p', { class: 'hint', text: isIos() && !isStandalone() ? t('push_ios') : t('push_unsupported') }));
      return;
    }
    const reg = await navigator.serviceWorker.ready;
    const sub = await reg.pushManager.getSubscription();
    if (Notification.permission === 'denied') {
      replace(box, h('p', { class: 'hint', text: t('push_blocked') }));
      return;
    }
    if (!sub) {
      replace(box, h('p', { class: 'hint', text: t('push_off') }),
        h('button', { type: 'button', class: 'button primary', id: 'push-on', text: t('push_turn_on'), onclick: turnOn }));
      return;
    }
    replace(box, h('p', { class: 'hint', id: 'push-state', text: t('push_is_on') }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button', id: 'push-test', text: t('push_test'), onclick: sendTest }),
        h('button', { type: 'button', class: 'button quiet', text: t('push_turn_off'), onclick: () => turnOff(sub) })));
  }
  async function turnOn() {
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') { draw(); return; }
      const { public_key: key } = await api.get('/push/vapid-public-key');
      const reg = await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(key) });
      const json = sub.toJSON();
      await api.post('/push/subscriptions', { endpoint: json.endpoint, keys: json.keys });
      ctx.toast(t('push_is_on'));
    } catch (err) {
      ctx.toast(err.offline ? t('offline_try_later') : (err.message || t('something_wrong')));
    }
    draw();
  }
  async function turnOff(sub) {
    const json = sub.toJSON();
    try { await api.del('/push/subscriptions', { endpoint: json.endpoint }); } catch { /* unsubscribe anyway */ }
    await sub.unsubscribe().catch(() => {});
    draw();
  }
  async function sendTest() {
    try { await api.post('/me/reminders/test'); ctx.toast(t('push_test_sent')); } catch (err) { ctx.toast(err.message || t('something_wrong')); }
  }
  draw();
  return titled(t('notifications'), box);
}

function installSection(ctx) {
  const box = h('div', { class: 'stack' });
  if (isStandalone()) box.append(h('p', { class: 'hint', text: t('installed') }));
  else if (ctx.state.installPrompt) {
    box.append(h('button', { type: 'button', class: 'button primary', text: t('install'), onclick: async () => {
      const prompt = ctx.state.installPrompt;
      ctx.state.installPrompt = null;
      prompt.prompt();
      await prompt.userChoice.catch(() => null);
      replace(box, h('p', { class: 'hint', text: t('install_done') }));
    } }));
  } else if (isIos()) box.append(h('p', { class: 'hint', text: t('ios_install_steps') }));
  else box.append(h('p', { class: 'hint', text: t('install_from_menu') }));
  return titled(t('install_app'), box);
}

function tokensSection(ctx) {
  const list = h('ul', { class: 'token-list' });
  const name = h('input', { type: 'text', maxlength: 100, required: true, placeholder: t('token_name_placeholder') });
  const shown = h('div', {});
  const form = h('form', { class: 'stack', novalidate: true }, field(t('token_name'), name, { name: 'name' }), formError(),
    h('button', { type: 'submit', class: 'button', text: t('token_create') }));
  async function load() {
    try {
      const tokens = api.items(await api.get('/auth/tokens'));
      replace(list, tokens.length ? tokens.map((tok) => h('li', { class: 'token' },
        h('div', {}, h('p', { class: 'entry-title', text: tok.name }),
          h('p', { class: 'entry-meta', text: `${tok.prefix || ''}… · ${formatDate(tok.created_at)}` })),
        h('button', { type: 'button', class: 'button small danger', text: t('revoke'), 'aria-label': `${t('revoke')}: ${tok.name}`, onclick: async () => {
          await api.del(`/auth/tokens/${tok.id}`).catch(() => {});
          load();
        } }))) : h('li', { class: 'empty' }, h('p', { text: t('empty_tokens') })));
    } catch { replace(list); }
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const created = await api.post('/auth/tokens', { name: name.value.trim() });
      name.value = '';
      showFieldErrors(form, {});
      const value = h('input', { type: 'text', readonly: true, value: created.token, 'aria-label': t('token_value') });
      replace(shown, h('div', { class: 'card notice stack' }, h('p', { text: t('token_once') }), value));
      value.select();
      load();
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });
  load();
  return titled(t('api_tokens'), h('p', { class: 'hint', text: t('api_tokens_hint') }), list, shown, form);
}

function privacySection(ctx) {
  const org = ctx.state.user.organisation || {};
  // Someone who signs in with the company account only confirms with their e-mail address instead.
  const withPassword = ctx.state.user.has_password !== false;
  const password = h('input', withPassword ? { type: 'password', autocomplete: 'current-password', required: true }
    : { type: 'email', autocomplete: 'off', required: true, inputmode: 'email', autocapitalize: 'none' });
  const deleteForm = h('form', { class: 'stack', novalidate: true },
    h('p', { text: t('delete_explained') }),
    field(withPassword ? t('password') : t('confirm_with_email'), password, { name: 'password' }), formError(),
    h('button', { type: 'submit', class: 'button danger', text: t('delete_my_account') }));
  deleteForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.del('/me', { password: password.value });
      await globalThis.caches?.delete('lh-data').catch(() => {});
      ctx.state.user = null;
      ctx.toast(t('account_deleted'));
      ctx.navigate('/login', { replace: true });
    } catch (err) {
      showFieldErrors(deleteForm, err.fields, err.status === 403 || err.status === 401 ? t('wrong_password') : err.message);
    }
  });
  const exportButton = h('button', { type: 'button', class: 'button', text: t('export_data'), onclick: async () => {
    try {
      const data = await api.get('/me/export');
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const link = h('a', { href: URL.createObjectURL(blob), download: 'learning-hour-my-data.json' });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (err) {
      ctx.toast(err.offline ? t('offline_try_later') : (err.message || t('something_wrong')));
    }
  } });
  return titled(t('your_data'),
    h('p', { class: 'privacy-statement', id: 'privacy-statement', text: org.show_individual_minutes ? t('privacy_shown') : t('privacy_hidden') }),
    h('p', { class: 'hint', text: t('notes_private') }),
    exportButton,
    h('details', { class: 'danger-zone' }, h('summary', { text: t('delete_my_account') }), deleteForm));
}
