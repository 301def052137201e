import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Express } from 'express';
import { expectPoll } from '../../../testing/poll.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createPreviewSubject, createUser, publishTemplate, type TestUser } from './factories/factories.js';

// Consumer apps' catalog reads (POST or GET /graphql with x-api-key) are answered in front of
// Express (modules/catalog/catalog-lane.ts) by the same steps Express runs. Express routes
// `/graphql/` like `/graphql`, and the lane takes only the latter: the same request to `/graphql/`
// shows what Express alone answers.

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const CATALOG = `query LaneCatalog($first: Int) {
  catalog(first: $first) {
    totalCount
    edges { node { id title tags baseModel publishedAt publishedVersion { id number specHash spec coverUrl previews { id url } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

// What may differ between two answers to the same request: when, and the id each request got.
const PER_REQUEST_HEADERS = new Set(['date', 'x-request-id']);

async function answer(res: Response): Promise<Answer> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!PER_REQUEST_HEADERS.has(name)) headers[name] = value;
  });
  return { status: res.status, headers, text: await res.text() };
}

// The sum of a metric's samples with these labels (whatever their others), from Prometheus' text format.
function sample(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

describe('the catalog lane in front of Express', () => {
  let t: TestApp;
  let admin: TestUser;
  let apiKey: string;
  let expressHandle: ReturnType<typeof jest.spyOn>;

  const createKey = async (input: Record<string, unknown> = {}): Promise<string> => {
    const res = await t.gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`, { input: { name: 'Lane', scopes: ['CATALOG_READ'], ...input } }, admin);
    expect(res.errors).toBeUndefined();
    return res.data!['createApiKey'].key;
  };
  const post = (path: '/graphql' | '/graphql/', body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey, ...headers }, body });
  const get = (path: '/graphql' | '/graphql/', params: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}?${new URLSearchParams(params)}`, { headers: { 'x-api-key': apiKey, ...headers } });
  const scrape = async () => (await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  // Did Express see the requests `run` sent?
  const reachedExpress = async (run: () => Promise<unknown>): Promise<boolean> => {
    expressHandle.mockClear();
    await run();
    return expressHandle.mock.calls.length > 0;
  };

  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN, CATALOG_SERVER_CACHE: 'off' });
    admin = await createUser(t, ['ADMIN']);
    const designer = await createUser(t, ['DESIGNER']);
    const reviewer = await createUser(t, ['REVIEWER']);
    const subjectIds = [(await createPreviewSubject(t, admin)).id];
    for (const title of ['Golden hour', 'Rainy street']) await publishTemplate(t, { designer, reviewer, subjectIds }, { title });
    apiKey = await createKey();
    expressHandle = jest.spyOn(t.app.getHttpAdapter().getInstance() as Express & { handle: () => void }, 'handle');
  });
  afterAll(async () => {
    expressHandle?.mockRestore();
    await t?.close();
  });

  it('answers a catalog read by POST without Express, the bytes and headers Express would send', async () => {
    const body = JSON.stringify({ query: CATALOG, variables: { first: 5 } });
    let lane!: Response;
    expect(await reachedExpress(async () => (lane = await post('/graphql', body, { 'x-request-id': 'lane-0123456789' })))).toBe(false);
    expect(lane.headers.get('x-request-id')).toBe('lane-0123456789');
    const viaLane = await answer(lane);
    const viaExpress = await answer(await post('/graphql/', body));
    expect(viaLane.status).toBe(200);
    expect(JSON.parse(viaLane.text).data.catalog.edges).toHaveLength(2);
    expect(viaLane).toEqual(viaExpress);
    expect(viaLane.headers).toMatchObject({ 'x-powered-by': 'Express', 'x-frame-options': 'DENY', 'content-type': 'application/json; charset=utf-8' });
  });

  it('answers a catalog read by GET without Express, public with its ETag, and If-None-Match with 304', async () => {
    const params = { query: CATALOG, variables: JSON.stringify({ first: 5 }) };
    let lane!: Response;
    expect(await reachedExpress(async () => (lane = await get('/graphql', params)))).toBe(false);
    const viaLane = await answer(lane);
    expect(viaLane).toEqual(await answer(await get('/graphql/', params)));
    expect(viaLane.headers).toMatchObject({ 'cache-control': `public, max-age=${t.config.catalog.cacheMaxAgeSeconds}`, vary: 'x-api-key', etag: `"${createHash('sha256').update(viaLane.text).digest('base64url')}"` });

    let notModified!: Response;
    expect(await reachedExpress(async () => (notModified = await get('/graphql', params, { 'if-none-match': viaLane.headers['etag']! })))).toBe(false);
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await answer(notModified)).toEqual(await answer(await get('/graphql/', params, { 'if-none-match': viaLane.headers['etag']! })));
  });

  it('hands on to Express what it does not answer, which answers it as if it had come there first', async () => {
    const usageKey = (await t.gql(`mutation { createApiKey(input: { name: "Usage", scopes: [USAGE_WRITE], consumerApp: "Miaoya" }) { key } }`, {}, admin)).data!['createApiKey'].key;
    const requests: Array<{ what: string; send: (path: '/graphql' | '/graphql/') => Promise<Response>; status: number }> = [
      { what: 'another query', send: (p) => post(p, JSON.stringify({ query: '{ templateCategories { key } }' })), status: 200 },
      { what: 'a plan that errs (page size)', send: (p) => post(p, JSON.stringify({ query: CATALOG, variables: { first: 0 } })), status: 200 },
      { what: 'a forged key', send: (p) => post(p, JSON.stringify({ query: CATALOG }), { 'x-api-key': `${apiKey.slice(0, -4)}AAAA` }), status: 200 },
      { what: 'a key without catalog:read', send: (p) => post(p, JSON.stringify({ query: CATALOG }), { 'x-api-key': usageKey }), status: 200 },
      { what: 'a body that is not JSON', send: (p) => post(p, '{"query": '), status: 400 },
      { what: 'a mutation over GET', send: (p) => get(p, { query: 'mutation { recordUsage(events: []) { accepted } }' }), status: 405 },
      { what: 'another query over GET', send: (p) => get(p, { query: '{ templateCategories { key } }' }), status: 200 },
    ];
    for (const { what, send, status } of requests) {
      let lane!: Response;
      expect({ what, reachedExpress: await reachedExpress(async () => (lane = await send('/graphql'))) }).toEqual({ what, reachedExpress: true });
      const viaLane = await answer(lane);
      expect({ what, status: viaLane.status }).toEqual({ what, status });
      expect({ what, answer: viaLane }).toEqual({ what, answer: await answer(await send('/graphql/')) });
    }
  });

  it('counts every request it takes once: against its key’s limit and in the request metrics', async () => {
    const limited = await createKey({ rateLimitPerMinute: 3 });
    const before = sample(await scrape(), 'atelier_http_request_duration_seconds_count', { route: '/graphql', operation: 'LaneCatalog', status: '200' });
    const asLimited = { 'x-api-key': limited };
    // Answered in the lane; handed on to Express (the plan's error is Apollo's to word); answered in the lane.
    expect((await post('/graphql', JSON.stringify({ query: CATALOG, variables: { first: 2 } }), asLimited)).status).toBe(200);
    expect((await (await post('/graphql', JSON.stringify({ query: CATALOG, variables: { first: 0 } }), asLimited)).json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await get('/graphql', { query: CATALOG }, asLimited)).status).toBe(200);
    const refused = await post('/graphql', JSON.stringify({ query: CATALOG }), asLimited);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const refusal = await answer(refused);
    expect(JSON.parse(refusal.text).errors[0].extensions.code).toBe('RATE_LIMITED');
    // As Express's res.json wrote it: a weak ETag of the bytes, their length, JSON.
    expect(refusal.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(refusal.text)), 'x-frame-options': 'DENY' });
    expect(refusal.headers['etag']).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    expect(refusal.headers['retry-after']).toMatch(/^\d+$/);

    await expectPoll(async () => sample(await scrape(), 'atelier_http_request_duration_seconds_count', { route: '/graphql', operation: 'LaneCatalog', status: '200' })).toBe(before + 3);
    expect(sample(await scrape(), 'atelier_http_request_duration_seconds_count', { route: '/graphql', operation: 'LaneCatalog', status: '429' })).toBe(1);
  });
});

describe('the catalog lane with JSON logs', () => {
  it('logs each request it takes once, with its id, whether it answers it or Express does', async () => {
    const lines: string[] = [];
    const destination = { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean)) };
    const t = await startTestApp({ LOG_FORMAT: 'json', LOG_LEVEL: 'info' }, { logDestination: destination });
    try {
      const admin = await createUser(t, ['ADMIN']);
      const key = (await t.gql(`mutation { createApiKey(input: { name: "Logged", scopes: [CATALOG_READ] }) { key } }`, {}, admin)).data!['createApiKey'].key;
      const send = (requestId: string, query: string) =>
        fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key, 'x-request-id': requestId }, body: JSON.stringify({ query }) });
      await send('lane-answered-01', '{ catalog(first: 1) { totalCount } }');
      await send('handed-on-0001', '{ templateCategories { key } }');
      for (const id of ['lane-answered-01', 'handed-on-0001']) {
        await expectPoll(() => lines.some((l) => l.includes(id))).toBe(true);
        const entries = lines.map((l) => JSON.parse(l) as { req?: { id?: string }; msg?: string }).filter((e) => e.req?.id === id && e.msg === 'POST /graphql 200');
        expect({ id, entries: entries.length }).toEqual({ id, entries: 1 });
        expect(entries[0]).toMatchObject({ level: 30, req: { id, method: 'POST', path: '/graphql' }, res: { statusCode: 200 } });
      }
    } finally {
      await t.close();
    }
  });
});
