import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startAnotherInstance, startTestApp, type TestApp } from './setup/test-app.js';
import { createUser, type TestUser } from './factories/factories.js';

const PASSWORD = 'correct horse battery';
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;

// Sign-in limits as deployed: two API processes behind a proxy on this machine (loopback, trusted),
// sharing the machine's Redis. The client address comes from X-Forwarded-For.
describe('sign-in limits', () => {
  let a: TestApp;
  let b: TestApp;
  let person: TestUser;
  const address = () => `203.0.113.${1 + Math.floor(Math.random() * 250)}`;

  async function signIn(app: TestApp, email: string, password: string, forwardedFor: string) {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor },
      body: JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }),
    });
    const body = (await res.json()) as { data: unknown; errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
    return body.errors?.[0] ?? { extensions: { code: 'OK' }, message: '' };
  }

  beforeAll(async () => {
    const env = {
      JWT_SECRET: randomBytes(32).toString('hex'),
      REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: `atelier-test-${randomBytes(4).toString('hex')}:`,
      LOGIN_MAX_ATTEMPTS: '5',
    };
    a = await startTestApp(env);
    b = await startAnotherInstance(a);
  });
  beforeAll(async () => {
    person = await createUser(a, ['DESIGNER'], PASSWORD);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('counts failures across API processes and locks that person at that address only', async () => {
    const attacker = address();
    for (let i = 0; i < 5; i++) expect((await signIn(i % 2 ? a : b, person.email, `wrong ${i}`, attacker)).extensions['code']).toBe('UNAUTHENTICATED');
    // The sixth, on either process, is refused — even with the right password.
    const sixth = await signIn(a, person.email, PASSWORD, attacker);
    expect(sixth.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 60 });
    expect(sixth.message).toBe('Too many sign-in attempts. Try again in 60 seconds.');
    expect(sixth.extensions).toMatchObject({ reason: 'auth.tooManySignIns', params: { seconds: 60 } });
    expect((await signIn(b, person.email, PASSWORD, attacker)).extensions['code']).toBe('RATE_LIMITED');
    // The person, from their own address (behind the same proxy), still signs in.
    expect((await signIn(b, person.email, PASSWORD, address() === attacker ? '198.51.100.1' : '198.51.100.2')).extensions['code']).toBe('OK');
  });

  it('believes X-Forwarded-For only from trusted proxies', async () => {
    // Through the trusted proxy (loopback), two clients are two addresses: one's failures do not count for the other.
    const other = await createUser(a, ['DESIGNER'], PASSWORD);
    const first = '192.0.2.10';
    for (let i = 0; i < 5; i++) await signIn(a, other.email, `wrong ${i}`, first);
    expect((await signIn(a, other.email, PASSWORD, first)).extensions['code']).toBe('RATE_LIMITED');
    expect((await signIn(a, other.email, PASSWORD, '192.0.2.11')).extensions['code']).toBe('OK');
  });
});

describe('sign-in limits without a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No proxy is trusted: X-Forwarded-For is the client's own claim and is ignored.
    t = await startTestApp({ TRUSTED_PROXIES: '192.0.2.254', LOGIN_MAX_ATTEMPTS: '3' });
  });
  afterAll(() => t?.close());

  it('keys on the connection address, so a forged X-Forwarded-For does not reset the count', async () => {
    const person = await createUser(t, ['DESIGNER'], PASSWORD);
    const attempt = (forwardedFor: string, password = 'wrong') =>
      fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor }, body: JSON.stringify({ query: LOGIN, variables: { e: person.email, p: password } }) }).then(
        async (r) => ((await r.json()) as { errors?: Array<{ extensions: { code: string } }> }).errors?.[0]?.extensions.code ?? 'OK',
      );
    for (let i = 0; i < 3; i++) expect(await attempt(`198.51.100.${i}`)).toBe('UNAUTHENTICATED');
    expect(await attempt('198.51.100.99', PASSWORD)).toBe('RATE_LIMITED');
  });
});
