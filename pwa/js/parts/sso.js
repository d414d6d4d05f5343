/* Sign-in with the company account (OpenID Connect), shared by the sign-in and invitation screens:
   the "Sign in with …" button, and what went wrong when the provider sent the person back here
   (`?sso_error=<code>`), in the person's language. */
import { h } from '../dom.js';
import { t } from '../i18n.js';

const ERRORS = ['state', 'expired', 'unavailable', 'denied', 'failed', 'unverified', 'domain', 'deactivated', 'linked',
  'not_configured', 'invite', 'invite_email', 'confirm'];

/** A button that leaves the app for the provider (a full navigation: the app's router must not take it). */
export function ssoButton(sso, { text, primary = true, params = {} }) {
  const button = h('button', { type: 'button', class: `button wide sso-button${primary ? ' primary' : ''}`,
    text: text || t('sso_sign_in_with', { label: sso.label || t('sso_company_account') }) });
  button.addEventListener('click', async () => {
    button.disabled = true;
    await globalThis.caches?.delete('lh-data').catch(() => {});
    const query = new URLSearchParams(Object.entries(typeof params === 'function' ? params() : params)
      .filter(([, value]) => value !== undefined && value !== null && value !== ''));
    location.assign(`${sso.url}${query.toString() ? `?${query}` : ''}`);
  });
  return button;
}

/** The message for `?sso_error=`, or null when there is none. */
export function ssoError(query) {
  const code = query.get('sso_error');
  if (!code) return null;
  // Said once: a reload or a shared link does not repeat it.
  const url = new URL(location.href);
  url.searchParams.delete('sso_error');
  history.replaceState(history.state, '', url.pathname + url.search);
  return h('p', { class: 'notice card sso-error', role: 'alert', dataset: { code },
    text: t(`sso_error_${ERRORS.includes(code) ? code : 'failed'}`) });
}

export function orDivider() {
  return h('p', { class: 'or-divider', text: t('sso_or') });
}
