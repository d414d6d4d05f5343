/* Admin › Organisation: name, time zone, the country whose public holidays apply, weekly goal (and
   whether holiday weeks have a smaller one), default language, the two privacy settings every employee
   sees in their own settings, and whether passwords are for admins only (possible once sign-in with
   the company account is set up); then the Teams and Slack channels, and the directory's tokens. */
import * as api from '../api.js';
import { field, formError, h, option, showFieldErrors } from '../dom.js';
import { t } from '../i18n.js';
import { channelsCard } from './admin-channels.js';
import { provisioningCard } from './admin-provisioning.js';

const LANGUAGES = { sv: 'Svenska', nb: 'Norsk bokmål', en: 'English' };
// Offered first; the server knows the holidays of many more (any ISO code it knows is accepted).
const COUNTRIES = ['SE', 'NO', 'DK', 'FI', 'IS', 'AX', 'EE', 'LV', 'LT', 'DE', 'NL', 'BE', 'PL', 'GB', 'IE', 'FR',
  'ES', 'PT', 'IT', 'AT', 'CH', 'CZ', 'US', 'CA', 'IN'];

function countryName(code) {
  try {
    return new Intl.DisplayNames([document.documentElement.lang || 'en'], { type: 'region' }).of(code);
  } catch {
    return code;
  }
}

export async function render(panel, ctx) {
  const [org, options] = await Promise.all([api.get('/organisation'), api.signInOptions()]);
  const sso = options && options.sso;
  const name = h('input', { type: 'text', maxlength: 200, required: true, value: org.name, id: 'org-name' });
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : [org.timezone];
  if (!zones.includes(org.timezone)) zones.unshift(org.timezone);
  const timezone = h('select', { id: 'org-timezone' }, zones.map((z) => option(z, z.replace(/_/g, ' '), org.timezone)));
  const codes = COUNTRIES.includes(org.country) || !org.country ? COUNTRIES : [org.country, ...COUNTRIES];
  const country = h('select', { id: 'org-country' }, codes.map((c) => option(c, countryName(c), org.country)));
  const goal = h('input', { type: 'number', inputmode: 'numeric', min: 1, max: 2400, value: org.weekly_goal_minutes, id: 'org-goal' });
  const holidayGoal = h('input', { type: 'checkbox', id: 'org-holiday-goal', checked: org.holiday_goal === 'proportional' });
  const language = h('select', { id: 'org-language' }, Object.entries(LANGUAGES).map(([code, label]) => option(code, label, org.default_locale)));
  const individual = h('input', { type: 'checkbox', id: 'org-individual', checked: org.show_individual_minutes });
  const groupSize = h('input', { type: 'number', inputmode: 'numeric', min: 3, max: 50, value: org.min_group_size, id: 'org-min-group' });
  const adminsOnly = h('input', { type: 'checkbox', id: 'org-password-admins-only', checked: org.password_sign_in_admins_only,
    disabled: !sso && !org.password_sign_in_admins_only });
  const form = h('form', { class: 'card stack', novalidate: true },
    field(t('organisation_name'), name, { name: 'name' }),
    field(t('timezone'), timezone, { name: 'timezone' }),
    field(t('holidays_country'), country, { name: 'country', hint: t('holidays_country_hint') }),
    field(t('weekly_goal'), goal, { name: 'weekly_goal_minutes', hint: t('org_goal_hint') }),
    h('div', { class: 'field', dataset: { field: 'holiday_goal' } },
      h('div', { class: 'check' }, holidayGoal, h('label', { for: 'org-holiday-goal', text: t('holidays_smaller_goal') })),
      h('p', { class: 'hint', text: t('holidays_smaller_goal_hint') }), h('p', { class: 'field-error', hidden: true })),
    field(t('default_language'), language, { name: 'default_locale', hint: t('default_language_hint') }),
    h('div', { class: 'field', dataset: { field: 'show_individual_minutes' } },
      h('div', { class: 'check' }, individual, h('label', { for: 'org-individual', text: t('show_individual_minutes') })),
      h('p', { class: 'hint', text: t('show_individual_minutes_hint') }), h('p', { class: 'field-error', hidden: true })),
    field(t('min_group_size'), groupSize, { name: 'min_group_size', hint: t('min_group_size_hint') }),
    h('div', { class: 'field', dataset: { field: 'password_sign_in_admins_only' } },
      h('div', { class: 'check' }, adminsOnly, h('label', { for: 'org-password-admins-only', text: t('password_sign_in_admins_only') })),
      h('p', { class: 'hint', text: sso ? t('password_sign_in_admins_only_hint', { label: sso.label || t('sso_company_account') })
        : t('password_sign_in_admins_only_needs_sso') }), h('p', { class: 'field-error', hidden: true })),
    formError(),
    h('button', { type: 'submit', class: 'button primary', text: t('save') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const saved = await api.patch('/organisation', { name: name.value.trim(), timezone: timezone.value,
        country: country.value, holiday_goal: holidayGoal.checked ? 'proportional' : 'full',
        weekly_goal_minutes: Number(goal.value), default_locale: language.value,
        show_individual_minutes: individual.checked, min_group_size: Number(groupSize.value),
        password_sign_in_admins_only: adminsOnly.checked });
      showFieldErrors(form, {});
      ctx.state.user = { ...ctx.state.user, organisation: { ...(ctx.state.user.organisation || {}), ...saved } };
      ctx.toast(t('saved'));
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });
  panel.append(h('h2', { text: t('admin_organisation') }), form, channelsCard(ctx), provisioningCard(ctx));
}
