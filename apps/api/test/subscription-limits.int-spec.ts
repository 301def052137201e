import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import jwt from 'jsonwebtoken';
import WebSocket from 'ws';
import { expectLabelled } from '../../../testing/expect-labelled.js';
import { SOCKET_CREDENTIAL_TRUSTED_MS } from '../src/common/graphql-ws-options.js';
import { PreviewJobEventsService } from '../src/modules/preview-job/preview-job-events.service.js';
import { createPreviewSubject, createTemplate, createUser, type TestUser } from './factories/factories.js';
import { connect, type LiveResult, type SocketClose, type TestConnection } from './setup/graphql-ws-client.js';
import { startTestApp, type GqlResult, type TestApp } from './setup/test-app.js';

// The subscription socket as an attacker or a stale session meets it, over real WebSockets:
// credentials checked at connect and kept checked while the socket is open (token expiry, a periodic
// re-check, a re-check before each value), a cap on subscriptions per socket, the HTTP complexity
// limit, and a maximum message size.

const JOB_FIELDS = 'id state progress cached seed imageUrl thumbnailUrl queuePosition etaSeconds error subject { id name }';
const BATCH_UPDATES = `subscription($id: ID!) { previewBatchUpdated(batchId: $id) { id jobs { id state } } }`;
const TEMPLATE_UPDATES = `subscription($id: ID!) { templatePreviewsUpdated(templateId: $id) { id state } }`;
const MAX_COMPLEXITY = 60;
const MAX_SUBSCRIPTIONS = 2;

const feedJobId = (r: LiveResult) => r.data?.['templatePreviewsUpdated']?.id as string | undefined;
const batchState = (r: LiveResult) => r.data?.['previewBatchUpdated']?.jobs[0]?.state as string | undefined;
const codes = (r: LiveResult) => r.errors?.map((e) => e.extensions.code);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function must<T = Record<string, any>>(res: GqlResult<T>): T {
  if (res.errors) throw new Error(`fixture call failed: ${JSON.stringify(res.errors)}`);
  return res.data!;
}

// Subscribing is asynchronous on the server: waits until the instance runs exactly `count`.
async function subscriptionsRunning(api: TestApp, count: number): Promise<void> {
  const events = api.app.get(PreviewJobEventsService);
  const until = Date.now() + 10_000;
  while (events.subscriptionCount !== count) {
    if (Date.now() > until) throw new Error(`expected ${count} running subscriptions, have ${events.subscriptionCount}`);
    await sleep(20);
  }
}

// A WebSocket speaking graphql-transport-ws by hand, to send messages of a chosen size.
function rawSocket(api: TestApp) {
  const ws = new WebSocket(`${api.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const received: Array<{ type: string }> = [];
  ws.on('message', (data) => received.push(JSON.parse(String(data)) as { type: string }));
  const closing = new Promise<SocketClose>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    // How the server closed the socket; fails if it stays open.
    closed: (timeoutMs = 5_000) => Promise.race([closing, sleep(timeoutMs).then(() => Promise.reject(new Error(`the socket stayed open ${timeoutMs} ms; received ${JSON.stringify(received)}`)))]),
    async send(message: unknown) {
      await opened;
      ws.send(JSON.stringify(message));
    },
    async next(type: string, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      while (!received.some((m) => m.type === type)) {
        if (Date.now() > until || ws.readyState === WebSocket.CLOSED) throw new Error(`no ${type}; received ${JSON.stringify(received)}, socket state ${ws.readyState}`);
        await sleep(20);
      }
    },
    close: () => ws.close(),
  };
}

describe('subscription sockets: authentication and limits', () => {
  const jwtSecret = randomBytes(32).toString('hex');
  let a: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  const open: TestConnection[] = [];

  function live(conn: TestConnection): TestConnection {
    open.push(conn);
    return conn;
  }

  // The person's token with its claims unchanged and another expiry (the API signs with jwtSecret).
  function tokenExpiringAt(user: TestUser, expSeconds: number): string {
    const { iat: _iat, exp: _exp, ...claims } = jwt.decode(user.token) as jwt.JwtPayload;
    return jwt.sign({ ...claims, exp: expSeconds }, jwtSecret, { algorithm: 'HS256' });
  }

  async function freshApiKey(): Promise<{ key: string; id: string }> {
    const res = must(await a.gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }`, { input: { name: `app ${randomBytes(3).toString('hex')}`, scopes: ['CATALOG_READ'] } }, admin));
    return { key: res['createApiKey'].key, id: res['createApiKey'].apiKey.id };
  }

  async function requestPreview(user: TestUser, versionId: string): Promise<{ batchId: string; jobId: string }> {
    const res = must(await a.gql(`mutation($v: ID!) { requestPreviews(input: { versionId: $v, seeds: [1] }) { id jobs { id } } }`, { v: versionId }, user));
    return { batchId: res['requestPreviews'].id, jobId: res['requestPreviews'].jobs[0].id };
  }

  beforeAll(async () => {
    a = await startTestApp({ JWT_SECRET: jwtSecret, GRAPHQL_MAX_COMPLEXITY: String(MAX_COMPLEXITY), GRAPHQL_WS_MAX_SUBSCRIPTIONS: String(MAX_SUBSCRIPTIONS) });
    admin = await createUser(a, ['ADMIN']);
    designer = await createUser(a, ['DESIGNER']);
    // Previews render for a consenting subject; none, none can be requested.
    await createPreviewSubject(a, admin, 'Mei');
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
    await subscriptionsRunning(a, 0);
  });

  afterAll(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
    await a?.close();
  });

  it('refuses a socket whose connectionParams do not verify, at connect, with 4401 and the reason', async () => {
    const signedOut = await createUser(a, ['DESIGNER']);
    must(await a.gql(`mutation { signOutEverywhere { token } }`, {}, signedOut));
    const disabled = await createUser(a, ['DESIGNER']);
    must(await a.gql(`mutation($id: ID!) { setUserDisabled(userId: $id, disabled: true) { id } }`, { id: disabled.id }, admin));
    const key = await freshApiKey();
    const revoked = await freshApiKey();
    must(await a.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: revoked.id }, admin));

    const cases: Array<[string, { token?: string; apiKey?: string } | undefined, Record<string, unknown> | undefined, RegExp]> = [
      // No subscription is public, so a socket without credentials has nothing to do.
      ['anonymous', undefined, undefined, /^Subscriptions need credentials: send connectionParams \{ authorization: 'Bearer <token>' \}\.$/],
      ['a forged token', { token: 'not.a.jwt' }, undefined, /not valid/],
      ['an authorization that is not a bearer token', undefined, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, /authorization: 'Bearer <token>'/],
      ['an expired token', { token: tokenExpiringAt(designer, Math.floor(Date.now() / 1000) - 10) }, undefined, /expired/],
      ['a token signed with another secret', { token: jwt.sign({ sub: designer.id, tv: 0 }, randomBytes(32).toString('hex'), { issuer: 'atelier' }) }, undefined, /not valid/],
      ['a session ended by signing out everywhere', { token: signedOut.token }, undefined, /ended/],
      ['a disabled account', { token: disabled.token }, undefined, /not active/],
      ['a revoked API key', { apiKey: revoked.key }, undefined, /revoked/],
      ['a forged API key', { apiKey: 'atl_nothing_nothing' }, undefined, /not valid/],
      // Valid, but no subscription accepts API keys.
      ['a valid API key', { apiKey: key.key }, undefined, /^These credentials cannot subscribe: .*Bearer/],
    ];
    for (const [name, auth, params, reason] of cases) {
      const conn = live(connect(a, auth, params));
      const close = await conn.closed(5_000);
      expectLabelled(close.code, name).toBe(4401);
      expectLabelled(close.reason, name).toMatch(reason);
      // A refusal says what to do, like every error the API sends.
      expectLabelled(close.reason, name).toMatch(/^[A-Z].* /);
    }
    // A live session connects.
    await live(connect(a, designer)).acknowledged(5_000);
  });

  it(`answers a subscription over GRAPHQL_WS_MAX_SUBSCRIPTIONS (${MAX_SUBSCRIPTIONS}) on one socket with RATE_LIMITED, and keeps the others`, async () => {
    const [one, two, three] = await Promise.all([createTemplate(a, designer), createTemplate(a, designer), createTemplate(a, designer)]);
    const conn = live(connect(a, designer));
    const first = conn.subscribe(TEMPLATE_UPDATES, { id: one!.id });
    const second = conn.subscribe(TEMPLATE_UPDATES, { id: two!.id });
    await subscriptionsRunning(a, 2);

    const third = conn.subscribe(TEMPLATE_UPDATES, { id: three!.id });
    const refused = await third.waitFor('a refusal', (r) => !!r.errors, 5_000);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.errors![0]!.message).toMatch(/^This connection already runs 2 subscriptions/);
    expect(refused.errors![0]!.extensions['maxSubscriptions']).toBe(MAX_SUBSCRIPTIONS);
    await third.completion(5_000);

    // The socket and the first two go on.
    const onOne = await requestPreview(designer, one!.draft.id);
    await first.waitFor('the new job of the first template', (r) => feedJobId(r) === onOne.jobId);
    // Stopping one frees its place.
    await second.close();
    await subscriptionsRunning(a, 1);
    const fourth = conn.subscribe(TEMPLATE_UPDATES, { id: three!.id });
    await subscriptionsRunning(a, 2);
    const onThree = await requestPreview(designer, three!.draft.id);
    await fourth.waitFor('the new job of the third template', (r) => feedJobId(r) === onThree.jobId);
    expect([...first.results, ...fourth.results].every((r) => !r.errors)).toBe(true);
  });

  it('applies the complexity limit of HTTP operations to subscriptions', async () => {
    const batchId = randomUUID();
    const overHttp = await a.gql(`query($id: ID!) { previewBatch(id: $id) { id jobs { ${JOB_FIELDS} } } }`, { id: batchId }, designer);
    expect(overHttp.errors?.map((e) => e.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);

    const conn = live(connect(a, designer));
    const costly = conn.subscribe(`subscription($id: ID!) { previewBatchUpdated(batchId: $id) { id jobs { ${JOB_FIELDS} } } }`, { id: batchId });
    const refused = await costly.waitFor('a refusal', (r) => !!r.errors, 5_000);
    expect(codes(refused)).toEqual(['QUERY_TOO_COMPLEX']);
    // The same cost, the same limit, the same words as over HTTP.
    expect(refused.errors![0]!.message).toBe(overHttp.errors![0]!.message);
    expect(refused.errors![0]!.extensions).toMatchObject({ maxComplexity: MAX_COMPLEXITY });

    // Within the limit it runs (and an unknown batch is the resolver's NOT_FOUND, not a limit).
    const cheap = conn.subscribe(`subscription($id: ID!) { previewBatchUpdated(batchId: $id) { id } }`, { id: batchId });
    expect(codes(await cheap.waitFor('an answer', () => true, 5_000))).toEqual(['NOT_FOUND']);
    // Variables that do not fit the operation are the client's mistake.
    const mismatched = conn.subscribe(`subscription($id: ID!) { previewBatchUpdated(batchId: $id) { id } }`, { id: { not: 'an id' } });
    expect(codes(await mismatched.waitFor('an answer', () => true, 5_000))).toEqual(['BAD_USER_INPUT']);
  });

  it('closes a socket that sends a message over GRAPHQL_WS_MAX_MESSAGE_BYTES (64 KiB by default) with 1009', async () => {
    // graphql-ws reports every socket error on the console as an internal one, this client's too.
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const init = (paddingBytes: number) => ({ type: 'connection_init', payload: { authorization: `Bearer ${designer.token}`, padding: 'x'.repeat(paddingBytes) } });
    const fits = rawSocket(a);
    const tooBig = rawSocket(a);
    try {
      // Just under the limit: accepted.
      await fits.send(init(60 * 1024));
      await fits.next('connection_ack');
      // Then a subscribe over it: the socket is closed, nothing is parsed.
      await fits.send({ id: '1', type: 'subscribe', payload: { query: `subscription { previewBatchUpdated(batchId: "${randomUUID()}") { id } } #${'x'.repeat(65 * 1024)}` } });
      expect((await fits.closed()).code).toBe(1009);

      await tooBig.send(init(65 * 1024));
      expect((await tooBig.closed()).code).toBe(1009);
    } finally {
      fits.close();
      tooBig.close();
      consoleError.mockRestore();
    }
  });

  it('closes the socket with 4401 when its token expires, without waiting for a value', async () => {
    const tpl = await createTemplate(a, designer);
    const expiresAt = Math.floor(Date.now() / 1000) + 3;
    const conn = live(connect(a, { token: tokenExpiringAt(designer, expiresAt) }));
    const feed = conn.subscribe(TEMPLATE_UPDATES, { id: tpl.id });
    await subscriptionsRunning(a, 1);

    const close = await conn.closed(10_000);
    expect(close).toEqual({ code: 4401, reason: 'Your session has expired. Please sign in again.' });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt * 1000 - 50);
    expect(Date.now()).toBeLessThan(expiresAt * 1000 + 1_500);
    await feed.completion(5_000);
    expect(feed.results.map(codes)).toEqual([['UNAUTHENTICATED']]);
  });

  it('checks the credential again before each value: a person disabled meanwhile gets 4401 instead of the update', async () => {
    const person = await createUser(a, ['DESIGNER']);
    const tpl = await createTemplate(a, person);
    const { batchId, jobId } = await requestPreview(person, tpl.draft.id);
    const conn = live(connect(a, person));
    const batch = conn.subscribe(BATCH_UPDATES, { id: batchId });
    await batch.waitFor('the queued batch', (r) => batchState(r) === 'QUEUED');

    must(await a.gql(`mutation($id: ID!) { setUserDisabled(userId: $id, disabled: true) { id } }`, { id: person.id }, admin));
    // Past the moments in which a verified credential is trusted without a lookup.
    await sleep(SOCKET_CREDENTIAL_TRUSTED_MS + 200);
    must(await a.gql(`mutation($id: ID!) { cancelPreviewJob(id: $id) { state } }`, { id: jobId }, admin));

    const close = await conn.closed(5_000);
    expect(close.code).toBe(4401);
    expect(close.reason).toMatch(/not active/);
    expect(batch.results.map(batchState)).not.toContain('CANCELLED');
  });
});

describe('subscription sockets: an idle socket whose session ends', () => {
  let b: TestApp;

  beforeAll(async () => {
    b = await startTestApp({ GRAPHQL_WS_REVERIFY_SECONDS: '1' });
  });

  afterAll(async () => {
    await b?.close();
  });

  it('is closed with 4401 within GRAPHQL_WS_REVERIFY_SECONDS once the person signs out everywhere, with no value needed', async () => {
    const person = await createUser(b, ['DESIGNER']);
    const tpl = await createTemplate(b, person);
    const conn = connect(b, person);
    try {
      const feed = conn.subscribe(TEMPLATE_UPDATES, { id: tpl.id });
      await subscriptionsRunning(b, 1);
      must(await b.gql(`mutation { signOutEverywhere { token } }`, {}, person));
      const ended = Date.now();

      const close = await conn.closed(5_000);
      expect(close.code).toBe(4401);
      expect(close.reason).toMatch(/ended/);
      expect(Date.now() - ended).toBeLessThan(2_500);
      await feed.completion(5_000);
      expect(feed.results.map(codes)).toEqual([['UNAUTHENTICATED']]);
      await subscriptionsRunning(b, 0);
    } finally {
      await conn.close();
    }
  });
});
