/* A link to hand to someone (an invitation, a password reset): the link itself to select, Copy,
   Share (the phone's share sheet where there is one), and for invitations a QR code made by the server. */
import { h } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';

export function shareLink(ctx, { url, expiresAt, qr, title, note }) {
  const value = h('input', { type: 'text', readonly: true, value: url, class: 'share-url', 'aria-label': t('link') });
  value.addEventListener('focus', () => value.select());
  const copy = h('button', { type: 'button', class: 'button small', text: t('copy'), onclick: async () => {
    try {
      await navigator.clipboard.writeText(url);
      ctx.toast(t('copied'));
    } catch {
      value.select();
      ctx.toast(t('copy_by_hand'));
    }
  } });
  const share = navigator.share ? h('button', { type: 'button', class: 'button small', text: t('share'), onclick: () => {
    navigator.share({ title, text: note || title, url }).catch(() => {});
  } }) : null;
  return h('div', { class: 'card notice stack share-link' },
    note ? h('p', { text: note }) : null,
    value,
    h('div', { class: 'actions' }, copy, share),
    expiresAt ? h('p', { class: 'hint', text: t('link_valid_until', { date: formatDateTime(expiresAt) }) }) : null,
    qr ? h('figure', { class: 'qr' }, h('img', { src: qr, alt: t('qr_alt'), width: 200, height: 200 }),
      h('figcaption', { class: 'hint', text: t('qr_caption') })) : null);
}
