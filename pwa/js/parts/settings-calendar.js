/* Settings: the learning hour in my calendar. A weekly event (day, time, length, in my time zone) that
   my private calendar feed carries once it is on: subscribe to the feed (webcal://) so it moves when I
   move it, or download it once as an .ics file; and how Outlook and Google Calendar subscribe to a URL. */
import * as api from '../api.js';
import { field, formError, h, option, replace, showFieldErrors } from '../dom.js';
import { t, weekdayName } from '../i18n.js';
import { section } from './common.js';

const FILE = '/api/v1/me/learning-block.ics';

export function learningBlockSection(ctx) {
  const enabled = h('input', { type: 'checkbox', id: 'learning-block-on' });
  const weekday = h('select', {}, [1, 2, 3, 4, 5, 6, 7].map((d) => option(String(d), weekdayName(d), '5')));
  const time = h('input', { type: 'time', value: '14:00', step: 300 });
  const minutes = h('input', { type: 'number', inputmode: 'numeric', min: 15, max: 480, step: 5, value: 60 });
  const form = h('form', { class: 'stack', novalidate: true },
    h('div', { class: 'check' }, enabled, h('label', { for: 'learning-block-on', text: t('learning_block_on') })),
    h('div', { class: 'row' }, field(t('weekday'), weekday, { name: 'weekday' }), field(t('time'), time, { name: 'time' })),
    field(t('learning_block_minutes'), minutes, { name: 'minutes' }),
    formError(),
    h('button', { type: 'submit', class: 'button primary', text: t('save') }));
  const add = h('div', { class: 'stack', id: 'learning-block-add', hidden: true });
  const help = h('details', { class: 'learning-block-help' },
    h('summary', { text: t('learning_block_how') }),
    h('p', { text: t('learning_block_outlook') }),
    h('p', { text: t('learning_block_google') }),
    h('p', { class: 'hint', text: t('learning_block_private') }));

  function show(block) {
    enabled.checked = Boolean(block.enabled);
    weekday.value = String(block.weekday);
    time.value = block.time.slice(0, 5);
    minutes.value = String(block.minutes);
    add.hidden = !block.enabled;
    if (block.enabled && !add.firstChild) {
      api.get('/me/calendar').then(({ url }) => replace(add,
        h('h3', { text: t('learning_block_add') }),
        h('div', { class: 'actions' },
          h('a', { href: url.replace(/^https?:\/\//, 'webcal://'), class: 'button primary small', id: 'learning-block-subscribe',
            text: t('learning_block_subscribe') }),
          h('a', { href: FILE, download: 'learning-hour.ics', class: 'button small', id: 'learning-block-download',
            text: t('learning_block_download') })),
        h('input', { type: 'text', readonly: true, value: url, class: 'calendar-url', 'aria-label': t('calendar_link') }),
        h('p', { class: 'hint', text: t('learning_block_add_hint') }))).catch(() => {});
    }
  }

  api.get('/me/learning-block').then(show).catch(() => {});
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      show(await api.patch('/me/learning-block', { enabled: enabled.checked, weekday: Number(weekday.value),
        time: time.value, minutes: Number(minutes.value) }));
      ctx.toast(t('saved'));
    } catch (err) {
      showFieldErrors(form, err.fields, err.offline ? t('offline_try_later') : err.message);
    }
  });
  return section('s-learning-block', t('learning_block_title'),
    h('p', { class: 'hint', text: t('learning_block_hint') }), form, add, help);
}
