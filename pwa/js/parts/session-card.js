/* A knowledge session as a card: when (in my zone), where, who hosts, how many are coming, and the one
   thing to do now: join, leave, or after it has started "I was there". Full is answered kindly. */
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { formatMinutes, t } from '../i18n.js';
import { failure, movedNote, placeNode, seriesLabel, sessionWhen } from './knowledge.js';

function facts(s) {
  if (s.cancelled) return t('session_cancelled_note');
  const coming = t('n_coming', { n: s.rsvp_count });
  if (s.places_left === null || s.places_left === undefined) return coming;
  return s.places_left > 0 ? `${coming} · ${t('n_places_left', { n: s.places_left })}` : `${coming} · ${t('session_full_short')}`;
}

/** A card that redraws itself after each action; `detail` leaves out the link to the session's page. */
export function sessionCard(session, ctx, { detail = false, onChange } = {}) {
  const box = h('li', { class: 'session-card', dataset: { id: String(session.id) } });
  let s = session;
  const zone = ctx.state.user.timezone;

  async function act(button, work) {
    button.disabled = true;
    try {
      await work();
      draw();
      if (onChange) onChange(s);
    } catch (err) {
      button.disabled = false;
      if (err.status === 409) {
        // Someone took the last place (or it was cancelled) meanwhile: show how it is now, and say so.
        try { s = await api.get(`/sessions/${s.id}`); } catch { /* keep what we had */ }
        const full = !s.cancelled && !s.attending && s.places_left === 0;
        ctx.toast(full ? t('session_full_sorry', { n: s.capacity }) : failure(err));
        draw();
        if (onChange) onChange(s);
      } else {
        ctx.toast(failure(err));
      }
    }
  }

  function actions() {
    const buttons = [];
    if (s.cancelled) return buttons;
    if (!s.started) {
      if (s.attending) {
        const leave = h('button', { type: 'button', class: 'button quiet small', text: t('leave_session') });
        leave.addEventListener('click', () => act(leave, async () => {
          await api.del(`/sessions/${s.id}/rsvp`);
          s = await api.get(`/sessions/${s.id}`);
          ctx.toast(t('left_session'));
        }));
        buttons.push(h('p', { class: 'badge coming', text: t('you_are_coming') }), leave);
      } else if (s.places_left === 0) {
        buttons.push(h('p', { class: 'badge full', text: t('session_full_short') }));
      } else {
        const join = h('button', { type: 'button', class: 'button primary small', text: t('join_session') });
        join.addEventListener('click', () => act(join, async () => {
          s = await api.put(`/sessions/${s.id}/rsvp`);
          ctx.toast(t('joined_session'));
        }));
        buttons.push(join);
      }
    } else if (s.attended) {
      buttons.push(h('p', { class: 'badge logged', text: t('was_there_logged') }));
    } else {
      const there = h('button', { type: 'button', class: 'button primary small', text: t('i_was_there') });
      there.addEventListener('click', () => act(there, async () => {
        const entry = await api.post(`/sessions/${s.id}/attended`);
        s = { ...s, attended: true };
        ctx.toast(t('logged', { time: formatMinutes(entry.minutes) }));
      }));
      buttons.push(there);
    }
    return buttons;
  }

  function draw() {
    const title = detail ? h('h1', { tabindex: '-1', class: 'session-title', text: s.title })
      : h('h2', { class: 'session-title' }, h('a', { href: `/sessions/${s.id}`, text: s.title }));
    const host = s.host ? t('hosted_by', { name: s.host.name }) : t('host_wanted');
    replace(box,
      h('p', { class: 'eyebrow session-when', text: sessionWhen(s, zone) }),
      title,
      h('p', { class: 'session-meta' }, [placeNode(s.place), host].filter(Boolean).flatMap((part, i) => (i ? [' · ', part] : [part]))),
      s.series ? h('p', { class: 'session-series', text: seriesLabel(s.series) }) : null,
      movedNote(s),
      h('p', { class: `session-facts${s.cancelled ? ' cancelled' : ''}`, text: facts(s) }),
      h('div', { class: 'actions' }, actions()));
    box.classList.toggle('cancelled', Boolean(s.cancelled));
  }
  draw();
  return box;
}
