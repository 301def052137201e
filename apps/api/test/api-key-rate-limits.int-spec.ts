import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiMessage } from '@atelier/messages';
import { createUser, type TestUser } from './factories/factories.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

// Consumer apps' requests per minute, per API key: the default from API_KEY_RATE_LIMIT_PER_MINUTE
// (3 here), or the key's own; over it, HTTP 429 with Retry-After and RATE_LIMITED, whichever way the
// request came and whether or not its answer was cached. (Across processes: several-processes.int-spec.ts.)

const CATALOG = `{ catalog(first: 5) { totalCount } }`;
const KEY_FIELDS = `id rateLimitPerMinute effectiveRateLimitPerMinute`;

describe('per-API-key rate limits', () => {
  let t: TestApp;
  let admin: TestUser;

  const createKey = async (input: Record<string, unknown> = {}) => {
    const res = await t.gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { ${KEY_FIELDS} } } }`, { input: { name: 'kiosk', scopes: ['CATALOG_READ'], ...input } }, admin);
    expect(res.errors).toBeUndefined();
    return res.data!['createApiKey'] as { key: string; apiKey: { id: string; rateLimitPerMinute: number | null; effectiveRateLimitPerMinute: number } };
  };
  const post = (key: string, query = CATALOG) => fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query }) });
  const setLimit = async (id: string, perMinute: number | null) => {
    const res = await t.gql(`mutation($id: ID!, $perMinute: Int) { setApiKeyRateLimit(id: $id, perMinute: $perMinute) { ${KEY_FIELDS} } }`, { id, perMinute }, admin);
    expect(res.errors).toBeUndefined();
    return res.data!['setApiKeyRateLimit'];
  };

  beforeAll(async () => {
    t = await startTestApp({ API_KEY_RATE_LIMIT_PER_MINUTE: '3' });
    admin = await createUser(t, ['ADMIN']);
  });
  afterAll(() => t?.close());

  it('answers the request past the limit with 429, Retry-After and RATE_LIMITED, cached answers counted too', async () => {
    const { key, apiKey } = await createKey();
    expect(apiKey).toMatchObject({ rateLimitPerMinute: null, effectiveRateLimitPerMinute: 3 });
    expect((await post(key)).status).toBe(200);
    // The next two come from the catalog's response cache (no database work at all), and count.
    const queries = t.queryCount();
    expect((await post(key)).status).toBe(200);
    expect((await post(key)).status).toBe(200);
    expect(t.queryCount()).toBe(queries);

    const refused = await post(key);
    expect(refused.status).toBe(429);
    const seconds = Number(refused.headers.get('retry-after'));
    // One request's share of the minute comes back after 20 s.
    expect(seconds).toBeGreaterThanOrEqual(19);
    expect(seconds).toBeLessThanOrEqual(20);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await refused.json()).toEqual({
      errors: [{ message: apiMessage('apiKey.rateLimited', { perMinute: 3, seconds }), extensions: { code: 'RATE_LIMITED', reason: 'apiKey.rateLimited', params: { perMinute: 3, seconds }, retryAfterSeconds: seconds } }],
    });
    // Every way in with that key: another query, a mutation, GraphQL over GET.
    expect((await post(key, `{ templateCategories { key } }`)).status).toBe(429);
    expect((await post(key, `mutation { recordUsage(events: []) { accepted } }`)).status).toBe(429);
    expect((await fetch(`${t.url}/graphql?query=${encodeURIComponent(CATALOG)}`, { headers: { 'x-api-key': key } })).status).toBe(429);
  });

  it('counts each key on its own, and never limits studio sessions or keys that do not verify', async () => {
    const { key: spent } = await createKey();
    for (let i = 0; i < 3; i++) expect((await post(spent)).status).toBe(200);
    expect((await post(spent)).status).toBe(429);
    const { key: other } = await createKey();
    expect((await post(other)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await t.gql(CATALOG, {}, { token: admin.token })).status).toBe(200);
    const bogus = await t.gql(CATALOG, {}, { apiKey: 'atl_not-a-real-key' });
    expect(bogus.errors![0]!.extensions['code']).toBe('UNAUTHENTICATED');
  });

  it('takes a limit set when the key is created, and a changed one at once', async () => {
    const { key, apiKey } = await createKey({ rateLimitPerMinute: 2 });
    expect(apiKey).toMatchObject({ rateLimitPerMinute: 2, effectiveRateLimitPerMinute: 2 });
    for (let i = 0; i < 2; i++) expect((await post(key)).status).toBe(200);
    expect((await post(key)).status).toBe(429);

    expect(await setLimit(apiKey.id, 100)).toEqual({ id: apiKey.id, rateLimitPerMinute: 100, effectiveRateLimitPerMinute: 100 });
    for (let i = 0; i < 5; i++) expect((await post(key)).status).toBe(200);
    // Back to the default of 3 a minute, with 7 already used.
    expect(await setLimit(apiKey.id, null)).toEqual({ id: apiKey.id, rateLimitPerMinute: null, effectiveRateLimitPerMinute: 3 });
    expect((await post(key)).status).toBe(429);
    const listed = (await t.gql(`{ apiKeys { ${KEY_FIELDS} } }`, {}, admin)).data!['apiKeys'] as Array<{ id: string }>;
    expect(listed.find((k) => k.id === apiKey.id)).toEqual({ id: apiKey.id, rateLimitPerMinute: null, effectiveRateLimitPerMinute: 3 });
    const audit = await t.sql.query(`SELECT after FROM audit_log WHERE action = 'api_key.rate_limit_set' AND entity_id = $1 ORDER BY id`, [apiKey.id]);
    expect(audit.rows.map((r) => r.after)).toEqual([{ rateLimitPerMinute: 100 }, { rateLimitPerMinute: null }]);
  });
});
