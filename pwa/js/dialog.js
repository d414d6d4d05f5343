/* The app's own dialogs instead of the browser's confirm(): styled like the app, in the person's
   language, reachable by keyboard (a modal <dialog>: focus stays inside, Escape cancels). */
import { h } from './dom.js';
import { t } from './i18n.js';

/** Ask a yes/no question; resolves true when the person confirms. */
export function confirmDialog(message, { confirm = t('confirm'), cancel = t('cancel'), danger = false, detail = '' } = {}) {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'button', class: ['button', danger ? 'danger' : 'primary'], value: 'yes', text: confirm });
    const no = h('button', { type: 'button', class: 'button quiet', value: 'no', text: cancel });
    const dialog = h('dialog', { class: 'app-dialog', 'aria-labelledby': 'dialog-message' },
      h('p', { id: 'dialog-message', class: 'dialog-message', text: message }),
      detail ? h('p', { class: 'hint', text: detail }) : null,
      h('div', { class: 'actions dialog-actions' }, no, yes));
    let answer = false;
    yes.addEventListener('click', () => { answer = true; dialog.close(); });
    no.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer); });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}
