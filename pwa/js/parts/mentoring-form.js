/* Posting an offer or an ask on the Mentoring screen: what kind (I mentor, I host a shadowing day, I look
   for a mentor), topics as free words (spelled as the bank's tags, with the bank's tags suggested), a few
   words and how many people at once. The server names each bad field. */
import * as api from '../api.js';
import { field, formError, h, showFieldErrors } from '../dom.js';
import { t } from '../i18n.js';
import { failure } from './knowledge.js';

export const OFFER_KINDS = ['mentor', 'shadow', 'ask'];

/** The form in a collapsed card; `open({kind, topic})` unfolds it, filled in. */
export function offerForm(ctx, onPosted) {
  let kind = 'mentor';
  const kindButtons = OFFER_KINDS.map((value) => h('button', { type: 'button', class: 'chip', dataset: { kind: value },
    'aria-pressed': String(value === kind), text: t(`mentoring_kind_${value}`), onclick: () => choose(value) }));
  const topics = h('input', { type: 'text', autocomplete: 'off', list: 'mentoring-topics', maxlength: 450,
    placeholder: t('mentoring_topics_placeholder'), enterkeyhint: 'next' });
  const suggestions = h('datalist', { id: 'mentoring-topics' });
  const note = h('textarea', { rows: 3, maxlength: 1000 });
  const capacity = h('input', { type: 'number', inputmode: 'numeric', min: 1, max: 20, value: '1' });
  const capacityField = field(t('mentoring_capacity'), capacity, { name: 'capacity', hint: t('mentoring_capacity_hint') });
  const submit = h('button', { type: 'submit', class: 'button primary wide', text: t('mentoring_publish') });
  const form = h('form', { class: 'stack offer-form', novalidate: true },
    h('fieldset', {}, h('legend', { text: t('mentoring_kind') }), h('div', { class: 'chips wrap', role: 'group' }, kindButtons)),
    h('div', { class: 'field', dataset: { field: 'kind' } }, h('p', { class: 'field-error', hidden: true })),
    field(t('mentoring_topics'), topics, { name: 'topics', hint: t('mentoring_topics_hint') }), suggestions,
    field(t('mentoring_note'), note, { name: 'note', hint: t('mentoring_note_hint') }),
    capacityField, formError(), submit);
  const box = h('details', { class: 'card post-offer', id: 'post-offer' },
    h('summary', { text: t('mentoring_post') }), form);

  function choose(value) {
    kind = value;
    kindButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.kind === kind)));
    capacityField.hidden = kind === 'ask'; // an ask is answered by one mentor
  }

  let tagsLoaded = false;
  box.addEventListener('toggle', () => {
    if (!box.open || tagsLoaded) return;
    tagsLoaded = true;
    api.get('/tags').then(api.items).then((tags) => {
      suggestions.append(...tags.map((tag) => h('option', { value: tag.name })));
    }).catch(() => {});
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { kind, topics: topics.value.split(',').map((s) => s.trim()).filter(Boolean) };
    if (note.value.trim()) body.note = note.value.trim();
    if (kind !== 'ask') body.capacity = Number(capacity.value) || 1;
    submit.disabled = true;
    try {
      await api.post('/mentoring/offers', body);
      showFieldErrors(form, {});
      topics.value = ''; note.value = ''; capacity.value = '1';
      box.open = false;
      ctx.toast(t('mentoring_published'));
      onPosted();
    } catch (err) {
      if (err.status === 422) showFieldErrors(form, err.fields, err.message);
      else showFieldErrors(form, {}, failure(err));
    } finally {
      submit.disabled = false;
    }
  });

  return {
    box,
    open({ kind: wanted, topic } = {}) {
      if (wanted) choose(wanted);
      if (topic) topics.value = topic;
      box.open = true;
      box.scrollIntoView({ block: 'start' });
      topics.focus({ preventScroll: true });
    },
  };
}
