import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './setup/test-app.js';

// What a browser gets from the API that serves the studio: a Content-Security-Policy and the usual
// hardening headers on pages and API answers alike; introspection as configured.
describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: 'apps/studio/dist', GRAPHQL_INTROSPECTION: 'off' });
  });
  afterAll(() => t?.close());

  it('sends the CSP and hardening headers with the studio and with GraphQL answers', async () => {
    for (const res of [await fetch(`${t.url}/`), await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '{ reviewPolicy { scoreBar } }' }) })]) {
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      // The test storage server (presigned uploads, preview images) is allowed, nothing else.
      expect(csp).toContain(`connect-src 'self' ${new URL(t.config.s3.endpoint!).origin}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      // Not production: no HSTS on plain-HTTP development setups.
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('refuses schema introspection when it is turned off', async () => {
    const res = await t.gql(`{ __schema { queryType { name } } }`);
    expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/introspection/i);
    expect((await t.gql(`{ catalog { totalCount } }`)).errors?.[0]?.extensions.code).not.toBe("BAD_USER_INPUT");
  });
});
