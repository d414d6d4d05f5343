/* The one place that talks HTTP to the server: JSON in and out, the CSRF header on writes, the server's
   error bodies turned into ApiError, and offline detection (a failed fetch, or an answer the service
   worker took from its cache). */

const BASE = '/api/v1';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let csrfToken = null;

export const events = new EventTarget();

export class ApiError extends Error {
  constructor({ status = 0, message = '', fields = {}, offline = false, body = null }) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.fields = fields;
    this.offline = offline;
    this.body = body;
  }
}

export function setCsrfToken(token) {
  csrfToken = token;
  globalThis.LHOutbox?.setMeta('csrf', token);
}
export function getCsrfToken() { return csrfToken; }

function emit(name, detail) { events.dispatchEvent(new CustomEvent(name, { detail })); }

export async function request(method, path, body, { quiet401 = false, raw = false, csrf = csrfToken } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (WRITES.has(method) && csrf) headers['X-CSRF-Token'] = csrf;
  let response;
  try {
    response = await fetch(BASE + path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    emit('connectivity', { online: false });
    throw new ApiError({ offline: true, message: 'offline' });
  }
  const fromCache = response.headers.get('X-Served-From') === 'cache';
  emit('connectivity', { online: !fromCache });
  if (response.status === 503 && response.headers.get('X-Served-From') === 'offline') {
    throw new ApiError({ offline: true, status: 503, message: 'offline' });
  }
  if (raw && response.ok) return response;
  const isJson = (response.headers.get('Content-Type') || '').includes('json');
  const data = response.status === 204 ? null : (isJson ? await response.json().catch(() => null) : await response.text());
  if (!response.ok) {
    if (response.status === 401 && !quiet401) emit('unauthorized', { path });
    const fields = data && data.errors ? Object.assign({}, ...Object.values(data.errors)) : {};
    throw new ApiError({ status: response.status, message: (data && data.message) || response.statusText, fields, body: data });
  }
  return data;
}

/** Send a file as the multipart field `field`, reporting upload progress (fetch cannot):
    onProgress(fraction from 0 to 1) while the bytes go, onSent() once they are all sent and the server
    is working on them. Resolves to the JSON answer; fails with an ApiError as request() does. */
export function upload(path, file, { field = 'file', onProgress, onSent } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', BASE + path);
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    });
    xhr.upload.addEventListener('load', () => onSent && onSent());
    xhr.addEventListener('error', () => {
      emit('connectivity', { online: false });
      reject(new ApiError({ offline: true, message: 'offline' }));
    });
    xhr.addEventListener('load', () => {
      emit('connectivity', { online: true });
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { data = null; }
      if (xhr.status >= 200 && xhr.status < 300) { resolve(data); return; }
      if (xhr.status === 401) emit('unauthorized', { path });
      const fields = data && data.errors ? Object.assign({}, ...Object.values(data.errors)) : {};
      reject(new ApiError({ status: xhr.status, message: (data && data.message) || xhr.statusText, fields, body: data }));
    });
    const form = new FormData();
    form.append(field, file);
    xhr.send(form);
  });
}

export const get = (path, opts) => request('GET', path, undefined, opts);
export const post = (path, body, opts) => request('POST', path, body ?? {}, opts);
export const put = (path, body, opts) => request('PUT', path, body, opts);
export const patch = (path, body, opts) => request('PATCH', path, body, opts);
export const del = (path, body, opts) => request('DELETE', path, body, opts);

/** Lists come as [..] or {items: [..]}; take either. */
export function items(data) {
  if (Array.isArray(data)) return data;
  return (data && (data.items || data.results || data.entries)) || [];
}

export function qs(params) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, v);
  const s = search.toString();
  return s ? `?${s}` : '';
}

export async function login(email, password, remember) {
  const data = await post('/auth/login', { email, password, remember }, { quiet401: true });
  setCsrfToken(data.csrf_token);
  globalThis.LHOutbox?.setMeta('logout', null); // a new session replaces one left to sign out
  return data.user;
}

/** Who is signed in (null for nobody), without a 401 for a signed-out start. Throws an ApiError with
    `offline` when the server cannot be reached or cannot answer (that says nothing about the session). */
export async function session() {
  let response;
  try {
    response = await fetch('/session.json', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch {
    emit('connectivity', { online: false });
    throw new ApiError({ offline: true, message: 'offline' });
  }
  if (response.status === 401) return null;
  if (!response.ok) throw new ApiError({ status: response.status, offline: response.status >= 500 });
  emit('connectivity', { online: true });
  const data = await response.json();
  if (data.csrf_token) setCsrfToken(data.csrf_token);
  return data.user || null;
}

/** Sign out on the server. Without a network the sign-out is kept on the device and finished by
    finishSignOut() the next time the server answers. */
export async function logout() {
  const token = csrfToken || await globalThis.LHOutbox?.getMeta('csrf');
  csrfToken = null;
  globalThis.LHOutbox?.setMeta('csrf', null);
  try {
    await post('/auth/logout', undefined, { quiet401: true, csrf: token });
  } catch (err) {
    if (err.offline && token) await globalThis.LHOutbox?.setMeta('logout', token);
  }
}

/** Finish a sign-out made without a network, before asking who is signed in. */
export async function finishSignOut() {
  const token = await globalThis.LHOutbox?.getMeta('logout');
  if (!token) return;
  try {
    await post('/auth/logout', undefined, { quiet401: true, csrf: token });
  } catch (err) {
    if (err.offline) return;
  }
  await globalThis.LHOutbox?.setMeta('logout', null);
}

/** What the sign-in screen offers: `{sso: {label, url} | null, password: 'everyone' | 'admins'}`, or
    null when the server cannot be asked (offline: passwords only, as before). */
export async function signInOptions() {
  try {
    const response = await fetch('/session.json', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    const body = await response.json();
    // reset_by_mail: "Forgot password?" can mail a link (the server sends e-mail).
    return body.sign_in ? { ...body.sign_in, reset_by_mail: Boolean(body.password_reset_by_mail) } : null;
  } catch {
    return null;
  }
}
