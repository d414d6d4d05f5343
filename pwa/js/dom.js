/* Small DOM helpers. Everything is built with createElement: no innerHTML, no inline styles or handlers,
   so the strict Content-Security-Policy holds. */

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') el.textContent = v;
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function applyAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'hidden') el[k] = Boolean(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

let fieldCounter = 0;
/** A labelled form field: label above the control, error text below, linked for screen readers. */
export function field(labelText, control, { hint, name } = {}) {
  const id = control.id || `f${++fieldCounter}`;
  control.id = id;
  if (name) control.name = name;
  const error = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
  const describedBy = [`${id}-err`];
  let hintEl = null;
  if (hint) {
    hintEl = h('p', { class: 'hint', id: `${id}-hint`, text: hint });
    describedBy.push(`${id}-hint`);
  }
  control.setAttribute('aria-describedby', describedBy.join(' '));
  return h('div', { class: 'field', dataset: { field: name || '' } }, h('label', { for: id, text: labelText }), control, hintEl, error);
}

/** Show the server's {errors: {json: {field: [msg]}}} next to the matching fields of a form. */
export function showFieldErrors(form, fields, fallback) {
  for (const p of form.querySelectorAll('.field-error')) { p.hidden = true; p.textContent = ''; }
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  let shown = false;
  for (const [name, messages] of Object.entries(fields || {})) {
    const wrap = form.querySelector(`.field[data-field="${CSS.escape(name)}"]`);
    if (!wrap) continue;
    const p = wrap.querySelector('.field-error');
    p.textContent = [].concat(messages).join(' ');
    p.hidden = false;
    wrap.querySelector('input,select,textarea')?.setAttribute('aria-invalid', 'true');
    shown = true;
  }
  const general = form.querySelector('.form-error');
  if (general) {
    general.textContent = shown ? '' : (fallback || '');
    general.hidden = shown || !fallback;
  }
}

export function formError() {
  return h('p', { class: 'form-error', role: 'alert', hidden: true });
}

export function option(value, label, selected) {
  return h('option', { value, text: label, selected: selected === true || String(selected) === String(value) });
}

/** An in-app dialog (instead of confirm()): a title, some text and buttons; resolves to the chosen
    button's value, or null when dismissed (Escape). `actions`: [{value, label, kind: 'primary'|'danger'|'quiet'}]. */
export function dialog({ title, text, actions, id }) {
  return new Promise((resolve) => {
    const titleId = `d${++fieldCounter}`;
    const box = h('dialog', { class: 'dialog', id, 'aria-labelledby': titleId },
      h('h2', { id: titleId, text: title }),
      [].concat(text || []).map((line) => h('p', { text: line })),
      h('div', { class: 'actions stacked' }, actions.map((action) => h('button', {
        type: 'button', class: `button wide${action.kind ? ` ${action.kind}` : ''}`, text: action.label,
        dataset: { value: action.value }, onclick: () => close(action.value) }))));
    let chosen = null;
    function close(value) {
      chosen = value;
      box.close();
    }
    box.addEventListener('close', () => { box.remove(); resolve(chosen); });
    document.body.append(box);
    box.showModal();
    box.querySelector('.button')?.focus();
  });
}
