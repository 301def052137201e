import type { NextFunction, Request, Response } from 'express';

/**
 * The Content-Security-Policy of the studio: its own scripts only, no plugins, no framing, and
 * storage (presigned uploads, preview images) on `storageOrigins`. Styles allow inline `style`
 * attributes, which React sets for canvas and layout sizes.
 */
export function contentSecurityPolicy(storageOrigins: readonly string[]): string {
  const storage = [...new Set(storageOrigins)].join(' ');
  return [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob: ${storage}`.trim(),
    // graphql-ws runs on the studio's own origin ('self' covers ws: and wss: there).
    `connect-src 'self' ${storage}`.trim(),
    `font-src 'self' data:`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/** Headers on every response: the CSP above, no MIME sniffing, no framing, no referrer leaks; HSTS when asked. */
export function securityHeaders(opts: { storageOrigins: readonly string[]; hsts: boolean }) {
  const csp = contentSecurityPolicy(opts.storageOrigins);
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (opts.hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}
