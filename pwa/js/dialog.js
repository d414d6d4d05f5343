/* A yes/no question in the app's own dialog (dom.js `dialog`), instead of the browser's confirm():
   styled like the app, in the person's language, reachable by keyboard (Escape cancels). */
import { dialog } from './dom.js';
import { t } from './i18n.js';

/** Resolves true when the person confirms. */
export async function confirmDialog(message, { confirm = t('confirm'), cancel = t('cancel'), danger = false, detail = '' } = {}) {
  const choice = await dialog({ title: message, text: detail || [], actions: [
    { value: 'yes', label: confirm, kind: danger ? 'danger' : 'primary' },
    { value: 'no', label: cancel, kind: 'quiet' }] });
  return choice === 'yes';
}
