/* The app shell: signs in, routes between screens (History API), keeps the outbox moving and the
   service worker fresh. Each screen is a row of screens.json and a module in views/ exporting
   render(main, ctx); the pieces screens share are in parts/ (a screen never imports another screen).
   Without a network the app starts as the person last signed in on this device (their profile is kept
   on the device); only the server saying "nobody is signed in" sends anyone to the sign-in screen. */
import './outbox.js';
import './screens.js';
import * as api from './api.js';
import { dialog, h, replace, svg } from './dom.js';
import { currentLocale, setLocale, t } from './i18n.js';
import { loadLists } from './lists.js';

const Outbox = globalThis.LHOutbox;
const main = document.getElementById('main');
// The one table of screens (see screens.js): routing, titles, the tab bar and who may see each screen.
const SCREENS = await fetch('/js/screens.json').then((response) => response.json());
const HOME = SCREENS[0];

let currentUser = null;
export const state = {
  // Who is signed in. Each change is kept on the device: whose outbox this page sees and sends, and the
  // profile an offline start uses.
  get user() { return currentUser; },
  set user(user) {
    const before = currentUser;
    currentUser = user || null;
    if (currentUser) {
      Outbox.setOwner(currentUser.id);
      Outbox.rememberProfile(currentUser);
      if (currentUser.locale) localStorage.setItem('lh-locale', currentUser.locale);
    } else {
      state.unconfirmed = false;
      Outbox.setOwner(null);
      if (before) Outbox.forgetProfile(before.id);
    }
  },
  // Started offline from the profile on this device: the server has not confirmed the session yet.
  unconfirmed: false,
  online: navigator.onLine, installPrompt: null, registration: null,
};

/** The screen a path shows (the first screen, Log, for a path the table does not know). */
function route(pathname) {
  return globalThis.LHScreens.match(SCREENS, pathname) || { screen: HOME, params: {} };
}

let renderToken = 0;
let cleanup = null;

async function render() {
  const token = ++renderToken;
  const { screen, params } = route(location.pathname);
  const view = screen.name;
  if (!state.user && !['public', 'signed-out'].includes(screen.access)) {
    const next = location.pathname + location.search;
    history.replaceState(null, '', `/login${next && next !== '/' && next !== '/login' ? `?next=${encodeURIComponent(next)}` : ''}`);
    return render();
  }
  if (state.user && screen.access === 'signed-out') { navigate(HOME.paths[0], { replace: true }); return; }
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  renderNav(screen);
  document.title = `${t(screen.title)} · Learning Hour`;
  const module = await import(`./views/${view}.js`);
  if (token !== renderToken) return;
  const container = h('div', { class: `screen screen-${view}` });
  replace(main, container);
  cleanup = await module.render(container, { params, query: new URLSearchParams(location.search), state, navigate, toast,
    signedIn, signOut, flushOutbox });
  if (token === renderToken && focusOnRender) {
    focusOnRender = false;
    (container.querySelector('h1') || main).focus({ preventScroll: true });
  }
}

let focusOnRender = false;
export function navigate(path, { replace: replaceIt = false } = {}) {
  if (replaceIt) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  focusOnRender = true;
  window.scrollTo(0, 0);
  render();
}

function renderNav(screen) {
  const nav = document.getElementById('nav');
  if (!state.user) { nav.hidden = true; document.body.classList.remove('signed-in'); return; }
  document.body.classList.add('signed-in');
  nav.hidden = false;
  const isAdmin = state.user.role === 'admin';
  const allowed = { managers: isAdmin || (state.user.managed_team_ids || []).length > 0, admins: isAdmin };
  const current = screen.tab || screen.name;
  const tabs = SCREENS.filter((s) => s.nav && (!s.nav.for || allowed[s.nav.for]));
  replace(nav,
    h('p', { class: 'brand', 'aria-hidden': 'true' }, logo(), h('span', { text: 'Learning Hour' })),
    h('ul', {}, tabs.map((tab) => h('li', { class: tab.nav.wide ? 'wide-only' : null },
      h('a', { href: tab.paths[0], class: 'tab', 'aria-current': tab.name === current ? 'page' : null },
        svg('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true', class: 'tab-icon' },
          svg('path', { d: tab.nav.icon })),
        h('span', { text: t(tab.nav.label) }))))));
}

function logo() {
  return svg('svg', { viewBox: '0 0 32 32', class: 'logo', 'aria-hidden': 'true' },
    svg('circle', { cx: 16, cy: 16, r: 12, class: 'logo-track' }),
    svg('path', { d: 'M16 4a12 12 0 1 1-11.4 15.7', class: 'logo-arc' }));
}

let toastTimer = null;
export function toast(message, { action, onAction, timeout = 5000 } = {}) {
  const box = document.getElementById('toast');
  replace(box, h('p', { text: message }),
    action ? h('button', { type: 'button', class: 'link', text: action, onclick: () => { box.hidden = true; onAction(); } }) : null);
  box.hidden = false;
  clearTimeout(toastTimer);
  if (timeout) toastTimer = setTimeout(() => { box.hidden = true; }, timeout);
}

function setOnline(online) {
  if (state.online === online) return;
  state.online = online;
  document.getElementById('offline').hidden = online;
}

/** Someone is signed in: at the start (`starting`), on reconnecting, or from the sign-in and invitation
    screens, where the service worker may already be in charge: then it keeps the week for offline use now. */
async function signedIn(user, { starting = false } = {}) {
  state.user = user;
  state.unconfirmed = false;
  await setLocale(user.locale);
  persistWhenInstalled();
  flushOutbox();
  if (!starting && navigator.serviceWorker?.controller) warmDataCache();
}

/** Sign out. Items still waiting to be sent are named first, with the offer to send them; those left
    stay on this device for this person only. Cached data and the kept profile go. */
async function signOut() {
  let note = null;
  for (;;) {
    const waiting = await Outbox.count().catch(() => 0);
    if (!waiting) break;
    const choice = await dialog({ id: 'sign-out-dialog', title: t('sign_out_waiting_title'),
      text: [t('sign_out_waiting', { n: waiting }), note || t('sign_out_waiting_kept')],
      actions: [{ value: 'send', label: t('send_now'), kind: 'primary' },
        { value: 'leave', label: t('sign_out_anyway') }, { value: 'stay', label: t('cancel'), kind: 'quiet' }] });
    if (choice === 'leave') break;
    if (choice !== 'send') return false;
    if (state.unconfirmed) await reconnect();
    const outcome = await flushOutbox();
    if (!state.user) return false;
    note = !outcome || outcome.offline ? t('sign_out_still_offline') : t('sign_out_not_sent');
  }
  await api.logout();
  await globalThis.caches?.delete('lh-data').catch(() => {});
  navigator.serviceWorker?.controller?.postMessage({ type: 'LOGOUT' });
  state.user = null;
  navigate('/login', { replace: true });
  return true;
}

function sessionEnded() {
  if (!state.user) return;
  state.user = null;
  toast(t('sign_in_again'), { timeout: 0 });
  navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
}

/** Send what the outbox holds; the service worker may be doing it already (Web Locks keep them apart). */
export async function flushOutbox() {
  if (!state.user || state.unconfirmed) return null;
  const outcome = await Outbox.flush(async (method, path, body) => {
    try {
      return { status: 200, data: await api.request(method, path, body, { quiet401: true }) };
    } catch (err) {
      if (err.offline) return { offline: true };
      return { status: err.status, data: err.body };
    }
  }).catch(() => null);
  if (outcome && outcome.unauthorized) sessionEnded();
  return outcome;
}

/** The network is back (or may be): confirm the session, send the outbox, bring the screen up to date,
    all without a reload. */
let reconnecting = null;
function reconnect() {
  if (!reconnecting) {
    reconnecting = (async () => {
      await api.finishSignOut().catch(() => {});
      if (state.user && state.unconfirmed) {
        let user;
        try { user = await api.session(); } catch { return; } // still away: try again on the next sign
        if (!user) { sessionEnded(); return; }
        const relabel = user.locale !== currentLocale();
        await signedIn(user);
        if (relabel) { render(); return; }
      } else {
        await flushOutbox();
      }
      window.dispatchEvent(new CustomEvent('app-reconnected'));
      // A screen that could only say "offline" gets its data now; the others keep what is on them.
      if (main.querySelector('.problem')) render();
    })().finally(() => { reconnecting = null; });
  }
  return reconnecting;
}

/** The shell's first start without a network: the person last signed in on this device. */
async function startOffline(user) {
  state.user = user;
  state.unconfirmed = true;
  setOnline(false);
  await setLocale(user.locale).catch(() => {});
}

/** Fill the service worker's data cache with what the Log screen shows, once the worker is in charge,
    so that the next start without a network has the week to show. */
async function warmDataCache() {
  if (!state.user || state.unconfirmed) return;
  const log = await import('./views/log.js');
  await Promise.all(log.offlineData(state.user).map((path) => api.get(path, { quiet401: true }).catch(() => null)));
}

async function registerBackgroundSync() {
  const reg = state.registration;
  if (reg && 'sync' in reg) {
    try { await reg.sync.register('outbox'); } catch { /* not allowed here: the page flushes instead */ }
  }
}

function persistWhenInstalled() {
  const installed = matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;
  if (installed && navigator.storage && navigator.storage.persist && !localStorage.getItem('lh-persist-asked')) {
    localStorage.setItem('lh-persist-asked', '1');
    navigator.storage.persist();
  }
}

let updateRequested = false;
function showUpdateBanner(worker) {
  const banner = document.getElementById('update');
  replace(banner, h('p', { text: t('update_ready') }),
    h('button', { type: 'button', class: 'button small', text: t('reload'), onclick: () => {
      updateRequested = true;
      worker.postMessage({ type: 'SKIP_WAITING' });
    } }));
  banner.hidden = false;
}

async function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  try {
    const reg = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    state.registration = reg;
    if (reg.waiting && navigator.serviceWorker.controller) showUpdateBanner(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) showUpdateBanner(worker);
      });
    });
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (!updateRequested) return;
      updateRequested = false;
      location.reload();
    });
    if (!navigator.serviceWorker.controller) {
      navigator.serviceWorker.addEventListener('controllerchange', () => warmDataCache(), { once: true });
    }
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === 'navigate') navigate(event.data.url);
    });
  } catch { /* the app works without a service worker, just not offline */ }
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || link.target || link.hasAttribute('download') || url.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});

window.addEventListener('popstate', () => render());
window.addEventListener('online', () => { setOnline(true); reconnect(); });
window.addEventListener('offline', () => setOnline(false));
window.addEventListener('beforeinstallprompt', (event) => { event.preventDefault(); state.installPrompt = event; });
window.addEventListener('appinstalled', () => { state.installPrompt = null; persistWhenInstalled(); });
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && navigator.onLine) reconnect();
});
api.events.addEventListener('connectivity', (event) => {
  setOnline(event.detail.online && navigator.onLine);
  if (event.detail.online && state.unconfirmed) reconnect();
});
api.events.addEventListener('unauthorized', () => sessionEnded());
export function queuedForSync() {
  registerBackgroundSync();
  if (!navigator.onLine) return;
  if (state.unconfirmed) reconnect();
  else flushOutbox();
}
window.addEventListener('outbox-queued', queuedForSync);

async function start() {
  document.getElementById('offline').hidden = navigator.onLine;
  const stored = await Outbox.currentProfile().catch(() => null);
  const language = setLocale((stored && stored.user.locale) || localStorage.getItem('lh-locale')).catch(() => null);
  const lists = loadLists();
  await api.finishSignOut().catch(() => {});
  let user = null;
  let answered = true;
  try { user = await api.session(); } catch { answered = false; }
  await Promise.all([language, lists]);
  if (user) await signedIn(user, { starting: true });
  else if (!answered && stored) await startOffline(stored.user);
  else if (answered) state.user = null; // the server says nobody is signed in here
  document.getElementById('offline').textContent = t('offline');
  await render();
  // After the first screen is up: installing the worker and precaching must not slow the start.
  const later = window.requestIdleCallback || ((fn) => setTimeout(fn, 1));
  later(() => registerServiceWorker(), { timeout: 3000 });
}

start();
