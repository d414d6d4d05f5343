/* Settings › Reminders: which way they reach you (push, e-mail or both, or "auto": push where you have
   a device, e-mail otherwise), said plainly, and e-mails you stopped from an e-mail's link. */
import { field, h, option, replace } from '../dom.js';
import { t } from '../i18n.js';

const CHANNELS = ['auto', 'push', 'email', 'both'];

export function reminderChannelPart(user) {
  const channel = h('select', { id: 'reminder-channel' }, CHANNELS.map((c) => option(c, t(`reminders_channel_${c}`), 'auto')));
  const plainly = h('p', { class: 'hint', id: 'reminder-channel-note', 'aria-live': 'polite' });
  const stopped = h('div', { class: 'stack' });
  const resume = {};
  let state = { push_devices: 0, email_available: false };

  function describe() {
    const devices = state.push_devices || 0;
    const mail = state.email_available;
    const byMail = t('reminders_by_email', { email: user.email });
    const byPush = devices ? t('reminders_by_push', { n: devices }) : t('reminders_no_device');
    const text = {
      auto: devices || !mail ? byPush : byMail,
      push: byPush,
      email: mail ? byMail : t('reminders_no_email'),
      both: mail ? `${byPush} ${byMail}` : `${byPush} ${t('reminders_no_email')}`,
    }[channel.value];
    plainly.textContent = text;
  }
  channel.addEventListener('change', describe);

  function load(r) {
    state = r;
    channel.value = r.channel || 'auto';
    for (const opt of channel.options) opt.disabled = !r.email_available && (opt.value === 'email' || opt.value === 'both');
    const lines = [];
    for (const kind of ['reminder', 'digest']) {
      delete resume[kind];
      if (r[`${kind}_emails`] !== false) continue;
      const box = h('input', { type: 'checkbox', id: `resume-${kind}-emails` });
      resume[kind] = box;
      lines.push(h('div', { class: 'check' }, box, h('label', { for: box.id, text: t(`reminders_resume_${kind}`) })));
    }
    replace(stopped, ...lines);
    describe();
  }

  function values() {
    const changes = { channel: channel.value };
    for (const [kind, box] of Object.entries(resume)) if (box.checked) changes[`${kind}_emails`] = true;
    return changes;
  }

  return { element: h('div', { class: 'stack' }, field(t('reminders_channel'), channel, { name: 'channel' }), plainly, stopped),
    load, values };
}
