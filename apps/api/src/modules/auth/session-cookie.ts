import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import type { AtelierRequest } from '../../common/request-context.js';

// The studio keeps its session in an httpOnly cookie that page scripts cannot read (an injected
// script cannot carry the token away), SameSite=Strict so other sites' pages never send it. Every
// request the cookie signs in must also carry the session's CSRF token in a header: a value derived
// from the session token, readable by the studio's own pages from a second (not httpOnly) cookie.
// API keys and worker tokens stay headers; a Bearer header still works for scripts and tools.

export const SESSION_COOKIE = 'atelier_session';
export const CSRF_COOKIE = 'atelier_csrf';
export const CSRF_HEADER = 'x-csrf-token';
// The studio asks for a cookie session with this header (value `cookie`) on sign-in.
export const SESSION_TRANSPORT_HEADER = 'x-atelier-session';

/** The named cookie's value in a Cookie header, or undefined. */
export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : (header ?? '');
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The CSRF token that goes with a session token: an HMAC, so it cannot be guessed or planted. */
export function csrfTokenFor(secret: string, sessionToken: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionToken}`).digest('base64url');
}

export function isCsrfTokenValid(secret: string, sessionToken: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || !presented) return false;
  const expected = Buffer.from(csrfTokenFor(secret, sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Whether the request asked for its session in the cookie (the studio does, on every request). */
export function wantsCookieSession(req: AtelierRequest): boolean {
  return req.headers[SESSION_TRANSPORT_HEADER] === 'cookie' || req.sessionTransport === 'cookie';
}

// Secure whenever the studio is reached over HTTPS (as Express sees it, through trusted proxies).
function attributes(req: AtelierRequest, maxAgeSeconds: number): string {
  return `SameSite=Strict; Max-Age=${maxAgeSeconds}${req.secure ? '; Secure' : ''}`;
}

function responseOf(req: AtelierRequest): Response | undefined {
  return (req as AtelierRequest & { res?: Response }).res;
}

/** Sets the session and its CSRF cookies on the answer to `req`. */
export function setSessionCookies(req: AtelierRequest, session: { token: string; csrfToken: string; expiresAt: Date }): void {
  const { token, csrfToken: csrf, expiresAt } = session;
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  responseOf(req)?.append('Set-Cookie', [
    // Path=/ so the WebSocket upgrade and the studio's pages both see them.
    `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; ${attributes(req, maxAge)}`,
    `${CSRF_COOKIE}=${csrf}; Path=/; ${attributes(req, maxAge)}`,
  ]);
}

/** Tells the browser to forget both cookies (sign-out, or a session the API no longer accepts). */
export function clearSessionCookies(req: AtelierRequest): void {
  responseOf(req)?.append('Set-Cookie', [`${SESSION_COOKIE}=; Path=/; HttpOnly; ${attributes(req, 0)}`, `${CSRF_COOKIE}=; Path=/; ${attributes(req, 0)}`]);
}
