/* One knowledge session: everything about it, what to read first, and for the host their preparation
   time; the host or an admin edits or cancels it; nobody hosting yet: "I'll host", with the rota's
   suggestions of colleagues who have not hosted. */
import * as api from '../api.js';
import { confirmDialog } from '../dialog.js';
import { field, h, replace } from '../dom.js';
import { formatDate, formatMinutes, t } from '../i18n.js';
import { emptyState, kindName, loading, problem } from '../parts/common.js';
import { failure, movedNote, seriesLabel } from '../parts/knowledge.js';
import { sessionCard } from '../parts/session-card.js';

export async function render(root, ctx) {
  root.append(loading());
  let s;
  try {
    s = await api.get(`/sessions/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) {
    replace(root, h('h1', { tabindex: '-1', text: t('sessions_title') }), err.status === 404
      ? emptyState(t('session_missing'), h('a', { href: '/sessions', class: 'button', text: t('all_sessions') })) : problem(err));
    return;
  }
  const extra = h('div', { class: 'stack' });
  const redraw = (changed) => { s = changed; drawExtra(); };
  replace(root,
    h('p', { class: 'crumb' }, h('a', { href: '/sessions', text: `← ${t('all_sessions')}` })),
    h('ul', { class: 'session-list' }, sessionCard(s, ctx, { detail: true, onChange: redraw })),
    extra);

  function drawExtra() {
    const me = ctx.state.user;
    replace(extra,
      s.description ? h('p', { class: 'description card', text: s.description }) : null,
      s.resources && s.resources.length ? h('section', { class: 'card stack', 'aria-labelledby': 'read-first' },
        h('h2', { id: 'read-first', text: t('read_first') }),
        h('ul', { class: 'reading-list' }, s.resources.map((r) => h('li', {},
          h('a', { href: `/bank/${r.id}`, text: r.title }),
          h('span', { class: 'hint', text: ` · ${kindName(r.kind)}${r.duration_minutes ? ` · ${formatMinutes(r.duration_minutes)}` : ''}` }))))) : null,
      !s.host && !s.cancelled ? hostWanted(s, ctx, redraw) : null,
      s.host && s.host.id === me.id && !s.cancelled ? preparation(s, ctx, redraw) : null,
      s.can_edit && !s.cancelled ? editing(s, ctx, redraw) : null);
  }
  drawExtra();
}

function hostWanted(s, ctx, redraw) {
  const volunteer = h('button', { type: 'button', class: 'button primary', text: t('i_will_host') });
  volunteer.addEventListener('click', async () => {
    try {
      redraw(await api.post(`/sessions/${s.id}/host`));
      ctx.toast(t('you_host'));
    } catch (err) {
      ctx.toast(failure(err));
      try { redraw(await api.get(`/sessions/${s.id}`)); } catch { /* as it was */ }
    }
  });
  const rota = h('div', { class: 'rota' });
  if (s.series) {
    api.get(`/series/${s.series.id}/rota`).then((people) => {
      if (!people.length) return;
      replace(rota, h('p', { class: 'hint', text: t('rota_lead') }), h('ul', { class: 'rota-list' }, people.map((p) => h('li', {},
        h('span', { text: p.name }),
        h('span', { class: 'hint', text: p.last_hosted_on ? ` · ${t('last_hosted', { date: formatDate(p.last_hosted_on) })}` : ` · ${t('not_hosted_yet')}` }),
        s.can_edit ? makeHost(s, p, ctx, redraw) : null))));
    }).catch(() => {});
  }
  return h('section', { class: 'card stack host-wanted', 'aria-labelledby': 'host-wanted' },
    h('h2', { id: 'host-wanted', text: t('host_wanted') }),
    s.series ? h('p', { class: 'hint', text: seriesLabel(s.series) }) : null,
    movedNote(s),
    h('div', { class: 'actions' }, volunteer), rota);
}

function makeHost(s, person, ctx, redraw) {
  const button = h('button', { type: 'button', class: 'link', text: t('make_host') });
  button.addEventListener('click', async () => {
    try {
      redraw(await api.patch(`/sessions/${s.id}`, { host_id: person.id }));
      ctx.toast(t('host_set', { name: person.name }));
    } catch (err) {
      ctx.toast(failure(err));
    }
  });
  return button;
}

function preparation(s, ctx, redraw) {
  if (s.preparation_minutes) {
    return h('p', { class: 'card hint', text: t('preparation_logged', { time: formatMinutes(s.preparation_minutes) }) });
  }
  const minutes = h('input', { type: 'number', inputmode: 'numeric', min: 1, max: 600, required: true });
  const form = h('form', { class: 'card stack', novalidate: true },
    h('h2', { text: t('preparation_title') }),
    field(t('preparation_minutes'), minutes, { name: 'minutes', hint: t('preparation_hint') }),
    h('button', { type: 'submit', class: 'button', text: t('log_preparation') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = Number(minutes.value);
    if (!Number.isInteger(value) || value < 1 || value > 600) { ctx.toast(t('minutes_invalid')); return; }
    try {
      const entry = await api.post(`/sessions/${s.id}/preparation`, { minutes: value });
      ctx.toast(t('logged', { time: formatMinutes(entry.minutes) }));
      redraw({ ...s, preparation_minutes: entry.minutes });
    } catch (err) {
      ctx.toast(failure(err));
    }
  });
  return form;
}

function editing(s, ctx, redraw) {
  const cancel = h('button', { type: 'button', class: 'button danger', text: t('cancel_session') });
  cancel.addEventListener('click', async () => {
    if (!(await confirmDialog(s.rsvp_count ? t('cancel_session_confirm_people', { n: s.rsvp_count }) : t('cancel_session_confirm'), { danger: true }))) return;
    try {
      redraw(await api.post(`/sessions/${s.id}/cancel`));
      ctx.navigate(`/sessions/${s.id}`, { replace: true });
      ctx.toast(t('session_cancelled'));
    } catch (err) {
      ctx.toast(failure(err));
    }
  });
  const stop = s.series ? h('button', { type: 'button', class: 'button quiet', text: t('stop_series') }) : null;
  stop?.addEventListener('click', async () => {
    if (!(await confirmDialog(t('stop_series_confirm'), { danger: true }))) return;
    try {
      await api.del(`/series/${s.series.id}`);
      ctx.toast(t('series_stopped'));
      ctx.navigate('/sessions');
    } catch (err) {
      ctx.toast(failure(err));
    }
  });
  return h('div', { class: 'actions' },
    h('a', { href: `/sessions/${s.id}/edit`, class: 'button', text: t('edit') }), cancel, stop);
}
