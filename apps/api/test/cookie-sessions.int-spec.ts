import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser, type TestUser } from './factories/factories.js';
import { connect } from './setup/graphql-ws-client.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

const PASSWORD = 'cookie-session-password';
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token csrfToken expiresAt user { id } } }`;
const ME = `{ me { id } }`;

interface Answer {
  status: number;
  body: { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions: { code: string } }> };
  cookies: string[];
}

// A cookie as the browser keeps it: name=value, and its attributes.
function parseSetCookie(line: string): { name: string; value: string; attributes: Set<string>; maxAge: number | null } {
  const [pair, ...rest] = line.split(';').map((p) => p.trim());
  const eq = pair!.indexOf('=');
  const attributes = new Set(rest.map((a) => a.split('=')[0]!.toLowerCase()));
  const maxAge = rest.find((a) => a.toLowerCase().startsWith('max-age='));
  return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), attributes, maxAge: maxAge ? Number(maxAge.split('=')[1]) : null };
}

// The studio's session: an httpOnly, SameSite=Strict cookie that page scripts cannot read, and a CSRF
// token every request it signs in must carry. Bearer tokens keep working for scripts and tools.
describe('studio cookie sessions', () => {
  let t: TestApp;
  let designer: TestUser;

  async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<Answer> {
    const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return { status: res.status, body: (await res.json()) as Answer['body'], cookies: res.headers.getSetCookie() };
  }

  // Signs in as the studio does; the cookies the browser would keep.
  async function studioSignIn(extraHeaders: Record<string, string> = {}) {
    const answer = await post(LOGIN, { e: designer.email, p: PASSWORD }, { 'x-atelier-session': 'cookie', ...extraHeaders });
    expect(answer.body.errors).toBeUndefined();
    const cookies = Object.fromEntries(answer.cookies.map(parseSetCookie).map((c) => [c.name, c]));
    return { answer, login: answer.body.data!['login'], session: cookies['atelier_session']!, csrf: cookies['atelier_csrf']! };
  }

  const code = (answer: Answer) => answer.body.errors?.[0]?.extensions.code ?? 'OK';

  beforeAll(async () => {
    t = await startTestApp();
    designer = await createUser(t, ['DESIGNER'], PASSWORD);
  });
  afterAll(() => t?.close());

  it('keeps the token out of page scripts: an httpOnly SameSite=Strict cookie, and no token in the answer', async () => {
    const { login, session, csrf } = await studioSignIn();
    expect(login.token).toBe('');
    expect(login.user.id).toBe(designer.id);
    expect(session.value.split('.')).toHaveLength(3);
    expect([...session.attributes].sort()).toEqual(['httponly', 'max-age', 'path', 'samesite']);
    expect(session.maxAge).toBeGreaterThan(0);
    // The CSRF token is readable (the studio sends it back), and is the one the answer names.
    expect(csrf.attributes.has('httponly')).toBe(false);
    expect(csrf.attributes.has('samesite')).toBe(true);
    expect(csrf.value).toBe(login.csrfToken);
  });

  it('marks the cookies Secure when the studio is reached over HTTPS through a trusted proxy', async () => {
    const { session, csrf } = await studioSignIn({ 'x-forwarded-proto': 'https' });
    expect(session.attributes.has('secure')).toBe(true);
    expect(csrf.attributes.has('secure')).toBe(true);
  });

  it('accepts the cookie only beside its CSRF token', async () => {
    const { session, csrf } = await studioSignIn();
    const cookie = `atelier_session=${session.value}; atelier_csrf=${csrf.value}`;
    const me = await post(ME, {}, { cookie, 'x-csrf-token': csrf.value });
    expect(me.body.data?.['me'].id).toBe(designer.id);

    // What a page on another site could make the browser send: the cookie, without the token.
    const forged = await post(ME, {}, { cookie });
    expect(code(forged)).toBe('FORBIDDEN');
    expect(forged.body.errors![0]!.message).toContain('x-csrf-token');
    expect(code(await post(ME, {}, { cookie, 'x-csrf-token': `${csrf.value.slice(0, -2)}xx` }))).toBe('FORBIDDEN');
    // Another session's token does not fit this cookie.
    const other = await studioSignIn();
    expect(other.csrf.value).not.toBe(csrf.value);
    expect(code(await post(ME, {}, { cookie, 'x-csrf-token': other.csrf.value }))).toBe('FORBIDDEN');
    // Nothing refused changed anything: the session still works.
    expect(code(await post(ME, {}, { cookie, 'x-csrf-token': csrf.value }))).toBe('OK');
  });

  it('renews the cookie on signOutEverywhere, and tells the browser to forget a cookie that no longer works', async () => {
    const first = await studioSignIn();
    const headers = { cookie: `atelier_session=${first.session.value}`, 'x-csrf-token': first.csrf.value };
    const everywhere = await post(`mutation { signOutEverywhere { token csrfToken } }`, {}, headers);
    expect(code(everywhere)).toBe('OK');
    expect(everywhere.body.data!['signOutEverywhere'].token).toBe('');
    const renewed = Object.fromEntries(everywhere.cookies.map(parseSetCookie).map((c) => [c.name, c]));
    expect(renewed['atelier_session']!.value).not.toBe(first.session.value);
    expect(renewed['atelier_csrf']!.value).toBe(everywhere.body.data!['signOutEverywhere'].csrfToken);

    // The old cookie is refused, and the answer clears both cookies.
    const stale = await post(ME, {}, headers);
    expect(code(stale)).toBe('UNAUTHENTICATED');
    const cleared = stale.cookies.map(parseSetCookie);
    expect(cleared.map((c) => [c.name, c.value, c.maxAge])).toEqual([
      ['atelier_session', '', 0],
      ['atelier_csrf', '', 0],
    ]);
    // The renewed one works.
    expect(code(await post(ME, {}, { cookie: `atelier_session=${renewed['atelier_session']!.value}`, 'x-csrf-token': renewed['atelier_csrf']!.value }))).toBe('OK');
  });

  it('signs this browser out: signOut clears both cookies', async () => {
    const answer = await post(`mutation { signOut }`, {}, {});
    expect(answer.body.data).toEqual({ signOut: true });
    expect(answer.cookies.map(parseSetCookie).map((c) => [c.name, c.maxAge])).toEqual([
      ['atelier_session', 0],
      ['atelier_csrf', 0],
    ]);
  });

  it('keeps Bearer sessions for scripts and tools: the token in the answer, no cookie', async () => {
    const answer = await post(LOGIN, { e: designer.email, p: PASSWORD }, {});
    expect(answer.body.data!['login'].token.split('.')).toHaveLength(3);
    expect(answer.body.data!['login'].csrfToken).toBeNull();
    expect(answer.cookies).toEqual([]);
    expect(code(await post(ME, {}, { authorization: `Bearer ${answer.body.data!['login'].token}` }))).toBe('OK');
  });

  it('lets a subscription socket sign in with the cookie only beside the CSRF token in connectionParams', async () => {
    const { session, csrf } = await studioSignIn();
    const cookie = { cookie: `atelier_session=${session.value}` };
    const withToken = connect(t, undefined, { 'x-csrf-token': csrf.value }, cookie);
    await withToken.acknowledged();
    await withToken.close();

    // A page on another site can open a socket that carries the cookie, not the token.
    const forged = connect(t, undefined, {}, cookie);
    const close = await forged.closed();
    expect(close.code).toBe(4401);
    expect(close.reason).toContain('x-csrf-token');
  });
});
