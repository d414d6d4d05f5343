/* The Mentoring screen's cards: an offer or ask (ask for a place with a message), a request waiting for
   an answer (yes, or a kind "not now"), and a pairing (log a meeting for both, offline too through the
   outbox; end it with a reflection that may become a lesson learned). */
import * as api from '../api.js';
import { dialog, field, formError, h, replace, showFieldErrors } from '../dom.js';
import { formatDate, formatMinutes, formatShortMinutes, t } from '../i18n.js';
import { newId, queued, todayIn } from './common.js';
import { failure } from './knowledge.js';
import { reasons } from './waiting.js';

const Outbox = globalThis.LHOutbox;
const MEETING_PRESETS = [30, 45, 60, 90];

const topicTags = (topics, onTopic) => h('ul', { class: 'tags', 'aria-label': t('mentoring_topics') }, topics.map((topic) => h('li', {},
  onTopic ? h('button', { type: 'button', class: 'tag', text: `#${topic}`, onclick: () => onTopic(topic) }) : h('span', { class: 'tag', text: `#${topic}` }))));

function who(person, teams) {
  const name = person ? person.name : t('mentoring_someone');
  return [name, ...(teams || []).map((team) => team.name)].join(' · ');
}

/** One offer or ask; `onTopic` searches a topic, `onChanged` reloads the screen. */
export function offerCard(offer, ctx, { onTopic, onChanged }) {
  const box = h('li', { class: `mentoring-card offer ${offer.kind}`, dataset: { id: String(offer.id) } });
  const places = offer.kind === 'ask' ? null
    : h('p', { class: offer.places_left ? 'hint' : 'badge full', text: offer.places_left ? t('mentoring_places_left', { n: offer.places_left }) : t('mentoring_full') });
  function action() {
    if (offer.mine) return h('p', { class: 'badge coming', text: t('mentoring_yours') });
    if (offer.my_request) return h('p', { class: 'badge coming', text: t(`mentoring_request_${offer.my_request.status}`) });
    if (offer.kind !== 'ask' && !offer.places_left) return null;
    const message = h('textarea', { rows: 3, maxlength: 1000 });
    const send = h('button', { type: 'submit', class: 'button primary', text: t('mentoring_send') });
    const form = h('form', { class: 'stack ask-form', novalidate: true, hidden: true },
      field(t('mentoring_message'), message, { name: 'message', hint: t('mentoring_message_hint', { name: offer.person?.name || '' }) }),
      formError(), h('div', { class: 'actions' }, send));
    const open = h('button', { type: 'button', class: 'button small', text: t(offer.kind === 'ask' ? 'mentoring_answer_ask' : 'mentoring_ask'),
      onclick: () => { form.hidden = false; open.hidden = true; message.focus(); } });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      send.disabled = true;
      try {
        await api.post('/mentoring/requests', { offer_id: offer.id, message: message.value.trim() || null });
        ctx.toast(t('mentoring_sent', { name: offer.person?.name || '' }));
        onChanged();
      } catch (err) {
        showFieldErrors(form, err.fields, failure(err));
        send.disabled = false;
      }
    });
    return h('div', { class: 'stack' }, open, form);
  }
  replace(box,
    h('p', { class: `badge kind-badge ${offer.kind}`, text: t(`mentoring_badge_${offer.kind}`) }),
    h('h3', { class: 'mentoring-who', text: who(offer.person, offer.teams) }),
    topicTags(offer.topics, onTopic),
    offer.note ? h('p', { class: 'description', text: offer.note }) : null,
    places, action());
  return box;
}

/** A request waiting for the viewer's answer. */
export function requestCard(request, ctx, onChanged) {
  const answer = (path, done) => async (event) => {
    event.target.disabled = true;
    try {
      await api.post(`/mentoring/requests/${request.id}/${path}`);
      ctx.toast(done);
      onChanged();
    } catch (err) {
      ctx.toast(failure(err));
      event.target.disabled = false;
    }
  };
  const name = request.person ? request.person.name : t('mentoring_someone');
  return h('li', { class: 'mentoring-card request', dataset: { id: String(request.id) } },
    h('p', { class: `badge kind-badge ${request.offer.kind}`, text: t(`mentoring_badge_${request.offer.kind}`) }),
    h('h3', { class: 'mentoring-who', text: name }),
    topicTags(request.offer.topics),
    request.message ? h('p', { class: 'description', text: `“${request.message}”` }) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button primary small', text: t('mentoring_accept'),
        onclick: answer('accept', t('mentoring_accepted', { name })) }),
      h('button', { type: 'button', class: 'button quiet small', text: t('mentoring_decline'),
        onclick: answer('decline', t('mentoring_declined')) })));
}

/** One of the viewer's pairings; `waiting`: its meetings still in the outbox. */
export function pairingCard(pairing, ctx, waiting, onChanged) {
  const name = pairing.partner ? pairing.partner.name : t('mentoring_someone');
  const facts = [pairing.meeting_count ? t('mentoring_meetings', { n: pairing.meeting_count, time: formatMinutes(pairing.minutes_total) }) : t('mentoring_no_meetings'),
    pairing.last_met_on ? t('mentoring_last_met', { date: formatDate(pairing.last_met_on) }) : null].filter(Boolean).join(' · ');
  const box = h('li', { class: `mentoring-card pairing${pairing.active ? '' : ' ended'}`, dataset: { id: String(pairing.id) } },
    h('p', { class: `badge kind-badge ${pairing.activity}`, text: t(`activity_${pairing.activity}`) }),
    h('h3', { class: 'mentoring-who', text: t(`mentoring_role_${pairing.role}`, { name }) }),
    topicTags(pairing.topics),
    h('p', { class: 'hint meeting-facts', text: facts }),
    waiting.map((item) => item.state === 'invalid'
      ? h('div', { class: 'entry-problem', role: 'alert' }, h('p', { text: `${t('not_added')}: ${reasons(item.errors)}` }),
        h('button', { type: 'button', class: 'button small quiet', text: t('dismiss'), onclick: () => Outbox.dismiss(item.id) }))
      : h('p', { class: 'badge waiting', text: t('mentoring_meeting_waiting', { time: formatShortMinutes(item.payload.minutes) }) })),
    pairing.reflection ? h('p', { class: 'description reflection', text: pairing.reflection }) : null,
    pairing.meeting_count ? meetingList(pairing, ctx, onChanged) : null);
  const buttons = h('div', { class: 'actions' });
  const forms = [];
  if (pairing.active) buttons.append(toggle(t('mentoring_log_meeting'), meetingForm(pairing, ctx, onChanged), 'primary'));
  if (pairing.active || !pairing.reflection) {
    buttons.append(toggle(t(pairing.active ? 'mentoring_end' : 'mentoring_add_reflection'), endForm(pairing, ctx, onChanged), 'quiet'));
  }
  box.append(buttons, ...forms);
  return box;

  /** A button that unfolds its form (one form open at a time). */
  function toggle(label, form, kind) {
    forms.push(form);
    return h('button', { type: 'button', class: `button small ${kind}`, text: label, 'aria-expanded': 'false',
      onclick: (event) => {
        const opening = form.hidden;
        for (const other of forms) other.hidden = true;
        buttons.querySelectorAll('button').forEach((b) => b.setAttribute('aria-expanded', 'false'));
        form.hidden = !opening;
        event.currentTarget.setAttribute('aria-expanded', String(opening));
        if (opening) form.querySelector('input,textarea')?.focus();
      } });
  }
}

/** The pairing's meetings, read when unfolded; removing one takes its time out of both logs. */
function meetingList(pairing, ctx, onChanged) {
  const list = h('ul', { class: 'entry-list meetings' });
  const box = h('details', { class: 'meeting-list' }, h('summary', { text: t('mentoring_meetings_list') }), list);
  box.addEventListener('toggle', async () => {
    if (!box.open) return;
    try {
      const detail = await api.get(`/mentoring/pairings/${pairing.id}`);
      replace(list, detail.meetings.map((m) => h('li', { class: 'entry', dataset: { id: m.id } },
        h('div', { class: 'entry-main' }, h('p', { class: 'entry-title', text: formatDate(m.date) }),
          m.note ? h('p', { class: 'entry-note', text: m.note }) : null),
        h('p', { class: 'entry-minutes', text: formatShortMinutes(m.minutes) }),
        h('button', { type: 'button', class: 'button small quiet', text: t('mentoring_remove'), onclick: () => remove(m) }))));
    } catch (err) {
      replace(list, h('li', { class: 'hint', text: failure(err) }));
    }
  });
  async function remove(meeting) {
    const choice = await dialog({ title: t('mentoring_remove_title'), text: t('mentoring_remove_text'),
      actions: [{ value: 'remove', label: t('mentoring_remove'), kind: 'danger' }, { value: 'keep', label: t('cancel'), kind: 'quiet' }] });
    if (choice !== 'remove') return;
    try {
      await api.del(`/mentoring/pairings/${pairing.id}/meetings/${encodeURIComponent(meeting.id)}`);
      onChanged();
    } catch (err) {
      ctx.toast(failure(err));
    }
  }
  return box;
}

function meetingForm(pairing, ctx, onChanged) {
  const today = todayIn(ctx.state.user.timezone);
  const minutes = h('input', { type: 'number', inputmode: 'numeric', min: 1, max: 600, required: true, class: 'minutes-input' });
  const presets = MEETING_PRESETS.map((n) => h('button', { type: 'button', class: 'preset', dataset: { minutes: String(n) },
    'aria-pressed': 'false', onclick: () => { minutes.value = String(n); sync(); } }, String(n), h('span', { class: 'sr-only', text: ` ${t('min')}` })));
  const sync = () => presets.forEach((b, i) => b.setAttribute('aria-pressed', String(Number(minutes.value) === MEETING_PRESETS[i])));
  minutes.addEventListener('input', sync);
  const date = h('input', { type: 'date', value: today, max: today, required: true });
  const note = h('textarea', { rows: 2, maxlength: 10000 });
  const submit = h('button', { type: 'submit', class: 'button primary wide', text: t('mentoring_log_for_both') });
  const form = h('form', { class: 'stack meeting-form', novalidate: true, hidden: true },
    h('fieldset', { class: 'presets' }, h('legend', { text: t('minutes') }), h('div', { class: 'preset-row four' }, presets),
      field(t('other_minutes'), minutes, { name: 'minutes' })),
    field(t('date'), date, { name: 'date' }),
    field(t('private_note'), note, { name: 'note', hint: t('mentoring_note_private') }),
    h('p', { class: 'hint', text: t('mentoring_meeting_hint') }), formError(), submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = Number(minutes.value);
    if (!Number.isInteger(value) || value < 1 || value > 600) {
      showFieldErrors(form, { minutes: [t('minutes_invalid')] });
      minutes.focus();
      return;
    }
    // The meeting's own id makes sending it again (from the outbox, from a second tap) store it once.
    const meeting = { id: newId(), date: date.value || today, minutes: value };
    if (note.value.trim()) meeting.note = note.value.trim();
    submit.disabled = true;
    const keep = async () => {
      await Outbox.queueMeeting(pairing.id, meeting);
      queued();
      ctx.toast(t('saved_offline'));
      onChanged();
    };
    try {
      if (ctx.state.unconfirmed) { await keep(); return; }
      await api.post(`/mentoring/pairings/${pairing.id}/meetings`, meeting, { quiet401: true });
      ctx.toast(t('mentoring_meeting_logged', { time: formatMinutes(value) }));
      onChanged();
    } catch (err) {
      if (err.offline || err.status === 401 || err.status >= 500) await keep();
      else showFieldErrors(form, err.fields, failure(err));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function endForm(pairing, ctx, onChanged) {
  const reflection = h('textarea', { rows: 3, maxlength: 2000 });
  const share = h('input', { type: 'checkbox', id: `share-${pairing.id}` });
  const anonymous = h('input', { type: 'checkbox', id: `anonymous-${pairing.id}`, disabled: true });
  share.addEventListener('change', () => { anonymous.disabled = !share.checked; if (!share.checked) anonymous.checked = false; });
  const submit = h('button', { type: 'submit', class: 'button wide', text: t(pairing.active ? 'mentoring_end' : 'mentoring_add_reflection') });
  const form = h('form', { class: 'stack end-form', novalidate: true, hidden: true },
    field(t('mentoring_reflection'), reflection, { name: 'reflection', hint: t('mentoring_reflection_hint') }),
    h('div', { class: 'check' }, share, h('label', { for: share.id, text: t('mentoring_share_lesson') })),
    h('div', { class: 'check' }, anonymous, h('label', { for: anonymous.id, text: t('mentoring_share_anonymously') })),
    formError(), submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await api.post(`/mentoring/pairings/${pairing.id}/end`,
        { reflection: reflection.value.trim() || null, share_as_lesson: share.checked, anonymous: anonymous.checked });
      ctx.toast(t(share.checked ? 'mentoring_shared' : 'mentoring_ended_toast'));
      onChanged();
    } catch (err) {
      showFieldErrors(form, err.fields, failure(err));
      submit.disabled = false;
    }
  });
  return form;
}
