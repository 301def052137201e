import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createUser, type TestUser } from './factories/factories.js';

// The worker REST API (/v1) accepts admin-issued worker tokens and nothing else.
describe('worker tokens on /v1', () => {
  let t: TestApp;
  let admin: TestUser;

  const whoami = (authorization?: string) => fetch(`${t.url}/v1/worker/whoami`, { headers: authorization ? { authorization } : {} });

  async function createWorkerToken(name: string) {
    const res = await t.gql(`mutation($name: String!) { issueWorkerToken(name: $name) { token workerToken { id name prefix } } }`, { name }, admin);
    expect(res.errors).toBeUndefined();
    return res.data!['issueWorkerToken'] as { token: string; workerToken: { id: string; name: string; prefix: string } };
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
  });
  afterAll(() => t?.close());

  it('lets a worker with a fresh token in, and stores only a hash of its secret', async () => {
    const { token, workerToken } = await createWorkerToken('gpu-box-1');
    expect(token.startsWith(`wkr_${workerToken.prefix}_`)).toBe(true);
    const res = await whoami(`Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: workerToken.id, name: 'gpu-box-1' });
    const stored = await t.sql.query(`SELECT secret_hash FROM worker_tokens WHERE id = $1`, [workerToken.id]);
    expect(stored.rows[0].secret_hash).not.toContain(token.split('_').slice(2).join('_'));
  });

  it('refuses no token, a user session, an API key, a forged token and a revoked token with 401', async () => {
    const { token, workerToken } = await createWorkerToken('gpu-box-2');
    const apiKey = (await t.gql(`mutation { createApiKey(input: { name: "app", scopes: [CATALOG_READ] }) { key } }`, {}, admin)).data!['createApiKey'].key;
    expect((await whoami()).status).toBe(401);
    expect((await whoami(`Bearer ${admin.token}`)).status).toBe(401);
    expect((await whoami(`Bearer ${apiKey}`)).status).toBe(401);
    expect((await whoami(`Bearer ${token.slice(0, -3)}abc`)).status).toBe(401);
    expect((await whoami(`Bearer ${token}`)).status).toBe(200);
    await t.gql(`mutation($id: ID!) { revokeWorkerToken(id: $id) { revokedAt } }`, { id: workerToken.id }, admin);
    const revoked = await whoami(`Bearer ${token}`);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: 'This worker token has been revoked.' });
    const audit = await t.sql.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [workerToken.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['worker_token.created', 'worker_token.revoked']);
  });
});
