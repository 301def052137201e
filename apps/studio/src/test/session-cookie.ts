// The studio's session as component tests set it up: the API would have set the session's cookies;
// the page only ever sees the readable CSRF cookie, so that is what a test writes and reads.
import { CSRF_COOKIE, readSessionCsrfToken } from '../lib/studio-session';

/** Signed in, as far as the page can tell: the session's CSRF cookie is there. */
export function startTestSession(csrfToken = 'csrf-test'): void {
  document.cookie = `${CSRF_COOKIE}=${csrfToken}; Path=/`;
}

/** The CSRF cookie the page holds now (null once signed out). */
export function sessionCsrfCookie(): string | null {
  return readSessionCsrfToken();
}

export function forgetTestSession(): void {
  document.cookie = `${CSRF_COOKIE}=; Path=/; Max-Age=0`;
}
