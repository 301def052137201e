import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CatalogQueryCompiler } from '../src/modules/catalog/catalog-query-compiler.js';
import { CatalogService } from '../src/modules/catalog/catalog.service.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createCategory, createPreviewSubject, createUser, publishTemplate, type TestUser } from './factories/factories.js';

// What a consumer app's CDN-friendly client sends: the catalog query, by GET, with its key.
const CATALOG = `query CatalogPage($first: Int) {
  catalog(first: $first) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id title publishedVersion { id specHash coverUrl previews { id url } } } }
  }
}`;
const CATEGORIES = `query Categories { templateCategories { key name } }`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: any; errors?: Array<{ message: string; extensions: { code: string } }> } | null;
}

describe('the catalog over GET, for CDNs (persisted queries, ETag, Cache-Control)', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let reviewer: TestUser;
  let subjectIds: string[];
  let apiKey: string;

  // GET /graphql with these search parameters (objects JSON-encoded) and headers.
  async function get(params: { query?: string; operationName?: string; variables?: object; extensions?: object }, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
    const res = await fetch(`${t.url}/graphql?${search}`, { headers });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
  }

  async function post(payload: object, headers: Record<string, string>): Promise<HttpAnswer> {
    const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
  }

  async function createKey(scopes: string[]): Promise<{ key: string; id: string }> {
    const consumerApp = scopes.includes('USAGE_WRITE') ? `, consumerApp: "Miaoya"` : '';
    const res = await t.gql(`mutation { createApiKey(input: { name: "CDN test", scopes: [${scopes.join(', ')}]${consumerApp} }) { key apiKey { id } } }`, {}, admin);
    return { key: res.data!['createApiKey'].key, id: res.data!['createApiKey'].apiKey.id };
  }

  function expectPublic(answer: HttpAnswer): void {
    expect(answer.headers.get('cache-control')).toBe('public, max-age=45');
    expect(answer.headers.get('vary')).toMatch(/x-api-key/i);
    expect(answer.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
  }

  function expectNotCacheable(answer: HttpAnswer): void {
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    expect(answer.headers.get('vary')).toMatch(/x-api-key/i);
  }

  beforeAll(async () => {
    t = await startTestApp({ CATALOG_CACHE_MAX_AGE_SECONDS: '45' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    reviewer = await createUser(t, ['REVIEWER']);
    subjectIds = [(await createPreviewSubject(t, admin)).id];
    await createCategory(t, admin, 'Portrait');
    await publishTemplate(t, { designer, reviewer, subjectIds }, { title: 'Golden hour' });
    apiKey = (await createKey(['CATALOG_READ'])).key;
  });
  afterAll(() => t?.close());

  it('answers the full query over GET exactly as over POST, marked cacheable by anyone for 45 s per key', async () => {
    const viaPost = await post({ query: CATALOG, variables: { first: 5 } }, { 'x-api-key': apiKey });
    const viaGet = await get({ query: CATALOG, variables: { first: 5 } }, { 'x-api-key': apiKey });
    expect(viaGet.status).toBe(200);
    expect(viaGet.body!.errors).toBeUndefined();
    expect(viaGet.body!.data.catalog.edges.map((e: any) => e.node.title)).toEqual(['Golden hour']);
    // The same bytes, so presigned preview links inside are the same too (stable for a while).
    expect(viaGet.text).toBe(viaPost.text);
    expect(viaGet.body!.data.catalog.edges[0].node.publishedVersion.previews.length).toBeGreaterThan(0);
    expectPublic(viaGet);
    expect(viaGet.headers.get('etag')).toBe(`"${createHash('sha256').update(viaGet.text).digest('base64url')}"`);
    // POST keeps answering as it always did: nothing there asks a shared cache to keep it.
    expect(viaPost.headers.get('cache-control')).toBeNull();
  });

  it('runs a catalog query as a compiled plan, answering byte for byte what Apollo answers', async () => {
    // With the specs, which the plan writes from their remembered text (PublishedSpecCache).
    const query = CATALOG.replace('CatalogPage', 'CompiledCatalogPage').replace('specHash', 'specHash spec');
    const run = jest.spyOn(t.app.get(CatalogQueryCompiler), 'run');
    const viaPlan = await post({ query, variables: { first: 5 } }, { 'x-api-key': apiKey });
    expect(run).toHaveBeenCalledTimes(1);
    await expect(run.mock.results[0]!.value).resolves.toBe(viaPlan.text);
    run.mockRestore();
    // A studio session goes through Apollo.
    const viaApollo = await post({ query, variables: { first: 5 } }, { authorization: `Bearer ${designer.token}` });
    expect(viaPlan.text).toBe(viaApollo.text);
    expect(viaPlan.headers.get('content-type')).toBe(viaApollo.headers.get('content-type'));
    const asked = await post({ query, variables: { first: 5 } }, { 'x-api-key': apiKey, accept: 'application/graphql-response+json, application/json;q=0.9' });
    expect(asked.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
    // Whatever the plan cannot answer cleanly is Apollo's, errors worded as always.
    const outOfRange = await post({ query, variables: { first: 0 } }, { 'x-api-key': apiKey });
    expect(outOfRange.body!.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    const badVariable = await post({ query, variables: { first: 'many' } }, { 'x-api-key': apiKey });
    expect(badVariable.body!.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    const tooComplex = await post({ query: `{ catalog(first: 100) { edges { node { id title publishedVersion { id title previews { id url width height } } } } } }` }, { 'x-api-key': apiKey });
    expect(tooComplex.body!.errors![0]!.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('runs the automatic persisted query protocol over GET: unknown hash, register, then hash only', async () => {
    const query = CATALOG.replace('CatalogPage', 'PersistedCatalogPage');
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const unknown = await get({ extensions, variables: { first: 3 }, operationName: 'PersistedCatalogPage' }, { 'x-api-key': apiKey });
    expect(unknown.body!.errors![0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.body!.data).toBeUndefined();
    // A CDN must not keep the miss, or the app would never get past it.
    expectNotCacheable(unknown);

    const registered = await get({ query, extensions, variables: { first: 3 }, operationName: 'PersistedCatalogPage' }, { 'x-api-key': apiKey });
    expect(registered.body!.errors).toBeUndefined();
    expectPublic(registered);

    // Served from the response cache: the hash names the query it was registered with.
    const resolved = jest.spyOn(t.app.get(CatalogService), 'page');
    const byHash = await get({ extensions, variables: { first: 3 }, operationName: 'PersistedCatalogPage' }, { 'x-api-key': apiKey });
    expect(resolved).not.toHaveBeenCalled();
    resolved.mockRestore();
    expect(byHash.status).toBe(200);
    expect(byHash.text).toBe(registered.text);
    expect(byHash.headers.get('etag')).toBe(registered.headers.get('etag'));
    expectPublic(byHash);

    const wrongHash = await get({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ catalog { totalCount } }') } } }, { 'x-api-key': apiKey });
    expect(wrongHash.body!.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expectNotCacheable(wrongHash);
  });

  it('answers If-None-Match with its ETag by 304 without a body, from the response cache and from the normal path', async () => {
    // catalog is served from the response cache once warm; templateCategories always runs.
    for (const query of [CATALOG, CATEGORIES]) {
      const first = await get({ query }, { 'x-api-key': apiKey });
      const etag = first.headers.get('etag')!;
      const again = await get({ query }, { 'x-api-key': apiKey, 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('public, max-age=45');
      const listed = await get({ query }, { 'x-api-key': apiKey, 'if-none-match': `W/"other", ${etag}` });
      expect(listed.status).toBe(304);
      const stale = await get({ query }, { 'x-api-key': apiKey, 'if-none-match': '"something-else"' });
      expect(stale.status).toBe(200);
      expect(stale.text).toBe(first.text);
    }
  });

  it('gives a new ETag once the catalog changes, and the old one gets the new answer', async () => {
    const before = await get({ query: CATALOG }, { 'x-api-key': apiKey });
    const oldEtag = before.headers.get('etag')!;
    await publishTemplate(t, { designer, reviewer, subjectIds }, { title: 'Blue hour' });
    const after = await get({ query: CATALOG }, { 'x-api-key': apiKey, 'if-none-match': oldEtag });
    expect(after.status).toBe(200);
    expect(after.body!.data.catalog.edges[0].node.title).toBe('Blue hour');
    expect(after.headers.get('etag')).not.toBe(oldEtag);
    expectPublic(after);
  });

  it('never answers 200 or 304 to a missing, forged, revoked or out-of-scope key, even holding the current ETag', async () => {
    const revocable = await createKey(['CATALOG_READ']);
    const usageOnly = await createKey(['USAGE_WRITE']);
    for (const query of [CATALOG, CATEGORIES]) {
      // Warm: the answer is in the response cache and the revocable key in the key cache.
      const good = await get({ query }, { 'x-api-key': revocable.key });
      expect(good.status).toBe(200);
      const etag = good.headers.get('etag')!;
      expect((await get({ query }, { 'x-api-key': apiKey, 'if-none-match': etag })).status).toBe(304);
      const refusals: Array<[Record<string, string>, string]> = [
        [{ 'x-api-key': `${apiKey.slice(0, -4)}AAAA` }, 'UNAUTHENTICATED'],
        [{ 'x-api-key': usageOnly.key }, 'FORBIDDEN'],
        [{ 'apollo-require-preflight': 'true' }, 'UNAUTHENTICATED'],
      ];
      for (const [headers, code] of refusals) {
        const refused = await get({ query }, { ...headers, 'if-none-match': etag });
        expect(refused.status).not.toBe(304);
        expect(refused.body!.data).toBeNull();
        expect(refused.body!.errors![0]!.extensions.code).toBe(code);
        expect(refused.headers.get('etag')).not.toBe(etag);
        expectNotCacheable(refused);
      }
    }
    await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: revocable.id }, admin);
    for (const query of [CATALOG, CATEGORIES]) {
      const etag = (await get({ query }, { 'x-api-key': apiKey })).headers.get('etag')!;
      for (const headers of [{ 'if-none-match': etag }, {}] as Array<Record<string, string>>) {
        const revoked = await get({ query }, { 'x-api-key': revocable.key, ...headers });
        expect(revoked.status).not.toBe(304);
        expect(revoked.body!.data).toBeNull();
        expect(revoked.body!.errors![0]!.message).toBe('This API key has been revoked.');
        expectNotCacheable(revoked);
      }
    }
  });

  it('keeps a signed-in studio user’s GET answer out of shared caches', async () => {
    const byUser = await get({ query: CATALOG }, { authorization: `Bearer ${designer.token}`, 'apollo-require-preflight': 'true' });
    expect(byUser.status).toBe(200);
    expect(byUser.body!.data.catalog.totalCount).toBeGreaterThan(0);
    expectNotCacheable(byUser);
    expect(byUser.headers.get('etag') ?? '').not.toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    // A studio session beside a key is not a consumer app's read either.
    expectNotCacheable(await get({ query: CATALOG }, { authorization: `Bearer ${designer.token}`, 'x-api-key': apiKey }));
  });

  it('refuses mutations and other queries over GET with a coded error, and runs nothing', async () => {
    const categoriesBefore = (await t.sql.query(`SELECT count(*)::int AS n FROM template_categories`)).rows[0].n;
    const mutation = await get({ query: `mutation { createTemplateCategory(input: { name: "By GET" }) { key } }` }, { authorization: `Bearer ${admin.token}`, 'apollo-require-preflight': 'true' });
    expect(mutation.status).toBe(405);
    expect(mutation.headers.get('allow')).toBe('POST');
    expect(mutation.body!.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(mutation.body!.errors![0]!.message).toMatch(/GET requests only support query operations, not mutation operations/);
    expectNotCacheable(mutation);
    const viaKey = await get({ query: `mutation { revokeApiKey(id: "00000000-0000-0000-0000-000000000000") { id } }` }, { 'x-api-key': apiKey });
    expect(viaKey.body!.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM template_categories`)).rows[0].n).toBe(categoriesBefore);

    const other = await get({ query: `{ me { id } }` }, { authorization: `Bearer ${designer.token}`, 'apollo-require-preflight': 'true' });
    expect(other.status).toBe(405);
    expect(other.body!.errors![0]!).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('Only the catalog queries (catalog, catalogVersion, templateCategories) may be sent with GET') });
    const mixed = await get({ query: `{ catalog { totalCount } me { id } }` }, { 'x-api-key': apiKey });
    expect(mixed.body!.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(mixed.body!.data).toBeUndefined();
    expectNotCacheable(mixed);
    // The same operations over POST run as before.
    expect((await t.gql(`{ me { id } }`, {}, designer)).data).toEqual({ me: { id: designer.id } });
  });

  it('still refuses a GET that a page on another site could send (no preflighted header)', async () => {
    const simple = await get({ query: CATALOG });
    expect(simple.status).toBe(400);
    expect(simple.body!.errors![0]!.message).toMatch(/Cross-Site Request Forgery/);
    expectNotCacheable(simple);
  });
});

describe('the catalog over GET without the API’s own caches (CATALOG_SERVER_CACHE=off)', () => {
  let t: TestApp;
  let apiKey: string;

  beforeAll(async () => {
    t = await startTestApp({ CATALOG_SERVER_CACHE: 'off' });
    const admin = await createUser(t, ['ADMIN']);
    apiKey = (await t.gql(`mutation { createApiKey(input: { name: "Uncached", scopes: [CATALOG_READ] }) { key } }`, {}, admin)).data!['createApiKey'].key;
  });
  afterAll(() => t?.close());

  it('reads the database for every request, and still answers If-None-Match with 304', async () => {
    const url = `${t.url}/graphql?${new URLSearchParams({ query: CATALOG })}`;
    const first = await fetch(url, { headers: { 'x-api-key': apiKey } });
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toBe('public, max-age=30');
    for (let i = 0; i < 2; i++) {
      const before = t.queryCount();
      const again = await fetch(url, { headers: { 'x-api-key': apiKey, 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(t.queryCount()).toBeGreaterThan(before);
    }
  });
});
