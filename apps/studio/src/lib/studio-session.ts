// The studio's session lives in an httpOnly cookie the API sets: no page script (nor an injected one)
// can read the token. What the page does see is the session's CSRF token, in the readable
// `atelier_csrf` cookie: every request sends it back as x-csrf-token, and since it changes with every
// sign-in it also names the current session (the UI keys what it shows by it).
// Listeners let the GraphQL client sign the app out (UNAUTHENTICATED) without knowing about React.
export const CSRF_COOKIE = 'atelier_csrf';
export const CSRF_HEADER = 'x-csrf-token';
// Cookies raise no events: other tabs learn of a sign-in or sign-out through this localStorage key.
export const SESSION_CHANGED_KEY = 'atelier.session-changed';

type SessionListener = () => void;
const listeners = new Set<SessionListener>();
/** Why the API ended a session (its UNAUTHENTICATED error): the English, and the reason and params to say it by. */
export interface SessionEndedReason {
  message: string;
  reason?: string;
  params?: Record<string, string | number>;
}

// Why the last session ended when the API ended it, for the sign-in page.
// Kept in memory only: after a reload the sign-in page starts plain.
let endedReason: SessionEndedReason | null = null;

function notifySessionChanged(): void {
  for (const listener of listeners) listener();
  try {
    localStorage.setItem(SESSION_CHANGED_KEY, String(Date.now()));
  } catch {
    // Storage unavailable: other tabs notice on their next request.
  }
}

/** The current session's CSRF token, or null when signed out. */
export function readSessionCsrfToken(): string | null {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE && value.length) return decodeURIComponent(value.join('=')) || null;
  }
  return null;
}

function writeCsrfCookie(value: string, expires: Date): void {
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${CSRF_COOKIE}=${encodeURIComponent(value)}; Path=/; SameSite=Strict; Expires=${expires.toUTCString()}${secure}`;
}

/**
 * Adopts the session the API just started (sign-in, or the new one of signOutEverywhere and
 * changeMyPassword). The API set both cookies on its answer; the CSRF cookie is written here too, with
 * the same value and expiry, so the page never depends on how the answer's cookies were stored.
 */
export function storeSession(csrfToken: string, expiresAt: string | Date): void {
  endedReason = null;
  writeCsrfCookie(csrfToken, new Date(expiresAt));
  notifySessionChanged();
}

/**
 * Forgets the session here and tells subscribers. `reason` is the API's word on why it ended (signed
 * out everywhere, disabled, expired); a sign-out the person chose has none. The httpOnly cookie is
 * the API's to clear (signOut, or the answer that refused it); without the CSRF token it is of no use.
 */
export function endSession(reason: SessionEndedReason | null = null): void {
  endedReason = reason;
  writeCsrfCookie('', new Date(0));
  notifySessionChanged();
}

/** Calls `listener` whenever the session changes, here or in another tab; returns the unsubscribe. */
export function subscribeToSession(listener: SessionListener): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === SESSION_CHANGED_KEY || event.key === null) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** Why the API ended the last session, or null when the person signed out themselves. */
export function readSessionEndedReason(): SessionEndedReason | null {
  return endedReason;
}
