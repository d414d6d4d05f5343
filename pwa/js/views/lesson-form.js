/* Write a lesson learned in four short parts (context, what happened, what we learned, next time), say
   whether it went well, tag it, and choose to share it anonymously; edit or delete my own. */
import * as api from '../api.js';
import { confirmDialog } from '../dialog.js';
import { field, formError, h, replace, showFieldErrors } from '../dom.js';
import { t } from '../i18n.js';
import { emptyState, header, loading, problem } from '../parts/common.js';
import { failure } from '../parts/knowledge.js';

const PARTS = [['context', 'lesson_context', 'lesson_context_hint', 3], ['what_happened', 'lesson_what_happened', 'lesson_what_happened_hint', 4],
  ['learned', 'lesson_learned', 'lesson_learned_hint', 4], ['next_time', 'lesson_next_time', 'lesson_next_time_hint', 3]];

export async function render(root, ctx) {
  const editing = Boolean(ctx.params.id);
  let lesson = null;
  if (editing) {
    root.append(loading());
    try {
      lesson = await api.get(`/lessons/${encodeURIComponent(ctx.params.id)}`);
    } catch (err) {
      replace(root, header(t('edit_lesson')), err.status === 404 ? emptyState(t('lesson_missing')) : problem(err));
      return;
    }
    replace(root);
  }
  const title = h('input', { type: 'text', maxlength: 200, required: true, value: lesson?.title || '', autocomplete: 'off',
    placeholder: t('lesson_title_placeholder') });
  const texts = Object.fromEntries(PARTS.map(([key, , , rows]) => [key, h('textarea', { rows, maxlength: 10000, value: lesson?.[key] || '' })]));
  let outcome = lesson?.outcome || '';
  const outcomeButtons = ['success', 'failure'].map((value) => h('button', { type: 'button', class: 'chip', dataset: { outcome: value },
    text: t(`outcome_${value}`), onclick: () => { outcome = value; drawOutcome(); } }));
  const drawOutcome = () => outcomeButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.outcome === outcome)));
  drawOutcome();
  const tags = h('input', { type: 'text', value: (lesson?.tags || []).join(', '), placeholder: t('lesson_tags_placeholder'), autocomplete: 'off' });
  const anonymous = h('input', { type: 'checkbox', id: 'lesson-anonymous', checked: Boolean(lesson?.anonymous) });
  const submit = h('button', { type: 'submit', class: 'button primary wide', text: editing ? t('save') : t('share_lesson') });
  const form = h('form', { class: 'stack lesson-form', novalidate: true },
    field(t('title'), title, { name: 'title' }),
    h('fieldset', { class: 'field', dataset: { field: 'outcome' } }, h('legend', { text: t('lesson_outcome') }),
      h('div', { class: 'chips' }, outcomeButtons), h('p', { class: 'field-error', hidden: true })),
    PARTS.map(([key, label, hint]) => field(t(label), texts[key], { name: key, hint: t(hint) })),
    field(t('tags'), tags, { name: 'tags', hint: t('tags_hint') }),
    lesson && !lesson.mine ? null : h('div', { class: 'stack' },
      h('div', { class: 'check' }, anonymous, h('label', { for: 'lesson-anonymous', text: t('share_anonymously') })),
      h('p', { class: 'hint', text: t('anonymous_hint') })),
    formError(), submit,
    editing ? h('button', { type: 'button', class: 'button danger', text: t('delete'), onclick: remove }) : null);
  root.append(h('p', { class: 'crumb' }, h('a', { href: '/lessons', text: `← ${t('lessons_title')}` })),
    header(editing ? t('edit_lesson') : t('share_lesson')),
    h('p', { class: 'lead', text: t('lesson_form_lead') }), form);

  async function remove() {
    if (!(await confirmDialog(t('delete_lesson_confirm'), { confirm: t('delete'), danger: true }))) return;
    try {
      await api.del(`/lessons/${lesson.id}`);
      ctx.toast(t('deleted'));
      ctx.navigate('/lessons');
    } catch (err) {
      showFieldErrors(form, {}, failure(err));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const missing = {};
    if (!title.value.trim()) missing.title = [t('required')];
    if (!outcome) missing.outcome = [t('lesson_outcome_required')];
    if (!texts.learned.value.trim()) missing.learned = [t('required')];
    if (Object.keys(missing).length) { showFieldErrors(form, missing); return; }
    const body = { title: title.value.trim(), outcome, tags: tags.value.split(',').map((x) => x.trim()).filter(Boolean),
      ...Object.fromEntries(PARTS.map(([key]) => [key, texts[key].value.trim()])) };
    if (!lesson || lesson.mine) body.anonymous = anonymous.checked;
    submit.disabled = true;
    try {
      await (editing ? api.patch(`/lessons/${lesson.id}`, body) : api.post('/lessons', body));
      ctx.toast(editing ? t('saved') : t('lesson_shared'));
      ctx.navigate(editing && lesson.mine ? '/lessons?mine=true' : '/lessons');
    } catch (err) {
      showFieldErrors(form, err.fields, failure(err));
    } finally {
      submit.disabled = false;
    }
  });
  queueMicrotask(() => title.focus());
}
