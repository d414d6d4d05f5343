/* Mentoring and job shadowing: requests waiting for my answer, my pairings (log a meeting for both, end
   with a reflection), offers and asks to browse and search by topic and kind (suggestions for me first),
   my own offers to pause or close, and posting an offer or an ask. Renders from the last answers seen
   when offline; a meeting logged offline waits in the outbox and is sent once. */
import * as api from '../api.js';
import { dialog, h, option, replace } from '../dom.js';
import { t } from '../i18n.js';
import { emptyState, header, problem } from '../parts/common.js';
import { failure } from '../parts/knowledge.js';
import { offerCard, pairingCard, requestCard } from '../parts/mentoring-cards.js';
import { offerForm } from '../parts/mentoring-form.js';

const Outbox = globalThis.LHOutbox;
const FILTERS = [['', 'mentoring_all'], ['mentor', 'mentoring_filter_mentor'], ['shadow', 'mentoring_filter_shadow'],
  ['ask', 'mentoring_filter_ask']];

const section = (id, title, ...children) => h('section', { class: 'stack mentoring-section', id, 'aria-labelledby': `${id}-title` },
  h('h2', { id: `${id}-title`, text: title }), ...children);

export async function render(root, ctx) {
  const q = ctx.query;
  const state = { topic: q.get('topic') || '', kind: q.get('kind') || '', team: q.get('team') || '' };
  const posting = offerForm(ctx, () => refresh());
  const waitingBox = h('div', {});
  const pairingsBox = h('div', {});
  const suggestedBox = h('div', {});
  const mineBox = h('div', {});
  const search = h('input', { type: 'search', value: state.topic, placeholder: t('mentoring_search_placeholder'),
    'aria-label': t('mentoring_search'), enterkeyhint: 'search', autocomplete: 'off' });
  const chips = h('div', { class: 'chips', role: 'group', 'aria-label': t('mentoring_filter') });
  // Teams to filter by: those of the people whose offers have been seen here.
  const teams = new Map();
  const teamSelect = h('select', { 'aria-label': t('mentoring_team'), class: 'team-filter', onchange: () => apply() });
  const list = h('ul', { class: 'mentoring-list', id: 'offer-list', 'aria-live': 'polite' });
  // Admins see how much mentoring goes on in the organisation: counts only, never who.
  const countsBox = h('p', { class: 'hint', id: 'mentoring-counts' });
  if (ctx.state.user.role === 'admin') {
    api.get('/mentoring/stats').then((s) => replace(countsBox, t('mentoring_counts',
      { pairings: s.active_pairings, offers: s.open_offers, asks: s.open_asks }))).catch(() => {});
  }
  root.append(
    header(t('mentoring_title')),
    h('p', { class: 'lead', text: t('mentoring_lead') }),
    countsBox,
    posting.box, waitingBox, pairingsBox,
    section('offers', t('mentoring_offers_title'),
      h('form', { class: 'bank-search mentoring-search', role: 'search', onsubmit: (e) => { e.preventDefault(); apply(); } },
        search, teamSelect),
      chips, suggestedBox, list),
    mineBox);

  const onTopic = (topic) => { search.value = topic; apply(); };
  const cards = (offers) => offers.map((offer) => offerCard(offer, ctx, { onTopic, onChanged: refresh }));

  function drawChips() {
    replace(chips, FILTERS.map(([value, key]) => h('button', { type: 'button', class: 'chip', 'aria-pressed': String(state.kind === value),
      text: t(key), onclick: () => { state.kind = value; apply(); } })));
  }

  function drawTeams() {
    replace(teamSelect, option('', t('mentoring_all_teams'), state.team),
      [...teams].sort((a, b) => a[1].localeCompare(b[1])).map(([id, name]) => option(String(id), name, state.team)));
  }

  async function loadOffers() {
    const offers = await api.get(`/mentoring/offers${api.qs(state)}`).then(api.items);
    for (const offer of offers) for (const team of offer.teams) teams.set(team.id, team.name);
    drawTeams();
    const filtered = state.topic || state.kind || state.team;
    const suggested = filtered ? [] : await api.get('/mentoring/suggestions').then(api.items).catch(() => []);
    const shown = new Set(suggested.map((o) => o.id));
    replace(suggestedBox, suggested.length ? h('div', { class: 'stack suggested' },
      h('h3', { class: 'subhead', text: t('mentoring_suggested_title') }), h('ul', { class: 'mentoring-list' }, cards(suggested))) : null);
    const rest = offers.filter((o) => !shown.has(o.id) && !o.mine); // one's own are listed under "My offers and asks"
    if (rest.length || suggested.length) { replace(list, cards(rest)); return; }
    replace(list, h('li', { class: 'empty' }, h('p', { text: state.topic ? t('mentoring_empty_search', { topic: state.topic })
      : t('mentoring_empty') }), h('button', { type: 'button', class: 'button', text: t(state.topic ? 'mentoring_post_ask' : 'mentoring_post'),
      onclick: () => posting.open(state.topic ? { kind: 'ask', topic: state.topic } : {}) })));
  }

  // The last answers seen on this screen: without a network, what waits in the outbox is laid over them.
  const known = {};
  async function fresh(key, path) {
    try {
      known[key] = await api.get(path).then(api.items);
    } catch (err) {
      if (!known[key]) throw err;
    }
    return known[key];
  }

  async function loadMine() {
    const [waiting, pairings, mine, outbox] = await Promise.all([
      fresh('waiting', '/mentoring/requests?direction=received&status=pending'),
      fresh('pairings', '/mentoring/pairings'),
      fresh('mine', '/mentoring/offers?mine=true'),
      Outbox.all().catch(() => []),
    ]);
    replace(waitingBox, waiting.length ? section('waiting', t('mentoring_waiting_title'),
      h('ul', { class: 'mentoring-list' }, waiting.map((r) => requestCard(r, ctx, refresh)))) : null);
    const meetings = outbox.filter((item) => item.kind === 'meeting');
    const active = pairings.filter((p) => p.active);
    const ended = pairings.filter((p) => !p.active);
    const pairingList = (items) => h('ul', { class: 'mentoring-list' },
      items.map((p) => pairingCard(p, ctx, meetings.filter((m) => m.payload.pairing_id === p.id), refresh)));
    replace(pairingsBox, section('pairings', t('mentoring_pairings_title'),
      active.length ? pairingList(active) : emptyState(t('mentoring_pairings_empty')),
      ended.length ? h('details', { class: 'ended-pairings' }, h('summary', { text: t('mentoring_ended_title', { n: ended.length }) }),
        pairingList(ended)) : null));
    replace(mineBox, mine.length ? section('mine', t('mentoring_mine_title'),
      h('ul', { class: 'mentoring-list' }, mine.map((offer) => myOffer(offer)))) : null);
  }

  function myOffer(offer) {
    const change = (status) => async (event) => {
      event.target.disabled = true;
      try {
        if (status === 'closed') {
          const choice = await dialog({ title: t('mentoring_close_title'), text: t('mentoring_close_text'),
            actions: [{ value: 'close', label: t('mentoring_close'), kind: 'danger' }, { value: 'keep', label: t('cancel'), kind: 'quiet' }] });
          if (choice !== 'close') { event.target.disabled = false; return; }
          await api.del(`/mentoring/offers/${offer.id}`);
        } else {
          await api.patch(`/mentoring/offers/${offer.id}`, { status });
        }
        refresh();
      } catch (err) {
        ctx.toast(failure(err));
        event.target.disabled = false;
      }
    };
    const button = (label, status, kind = 'quiet') => h('button', { type: 'button', class: `button small ${kind}`, text: t(label), onclick: change(status) });
    return h('li', { class: `mentoring-card mine ${offer.status}`, dataset: { id: String(offer.id) } },
      h('p', { class: `badge kind-badge ${offer.kind}`, text: t(`mentoring_badge_${offer.kind}`) }),
      h('p', { class: 'entry-title', text: offer.topics.map((topic) => `#${topic}`).join(' ') }),
      h('p', { class: 'hint', text: t(`mentoring_status_${offer.status}`) }),
      offer.status === 'closed' ? null : h('div', { class: 'actions' },
        offer.status === 'open' ? button('mentoring_pause', 'paused') : button('mentoring_resume', 'open'),
        button('mentoring_close', 'closed', 'danger')));
  }

  // Each part on its own: without a network, whatever was already shown stays.
  async function refresh() {
    await Promise.all([
      loadMine().catch((err) => { if (!pairingsBox.firstChild) replace(pairingsBox, problem(err)); }),
      loadOffers().catch((err) => { if (!list.children.length) replace(list, h('li', {}, problem(err))); }),
    ]);
  }

  function apply() {
    state.topic = search.value.trim();
    state.team = teamSelect.value;
    history.replaceState(null, '', `/mentoring${api.qs(state)}`);
    drawChips();
    loadOffers().catch((err) => replace(list, h('li', {}, problem(err))));
  }

  let timer = null;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(apply, 300); });
  drawChips();
  await refresh();
  const onChange = () => loadMine().catch(() => {});
  window.addEventListener('outbox-changed', onChange);
  window.addEventListener('app-reconnected', onChange);
  return () => {
    clearTimeout(timer);
    window.removeEventListener('outbox-changed', onChange);
    window.removeEventListener('app-reconnected', onChange);
  };
}
