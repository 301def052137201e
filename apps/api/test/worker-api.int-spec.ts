import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PreviewSubjectPrivacyService } from '../src/modules/preview-subject/preview-subject-privacy.service.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, type TestUser } from './factories/factories.js';

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

// Withdrawn subjects' identity LoRAs must not wait on GPU boxes for size eviction: the heartbeat
// answer names the ones the worker holds, by SHA-256 only.
describe('heartbeat answer: identity LoRAs to delete from the box', () => {
  let t: TestApp;
  let admin: TestUser;
  let token: string;

  const heartbeat = async (cachedLoraHashes?: string[]) => {
    const res = await fetch(`${t.url}/v1/workers/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ backend: 'comfyui', baseModels: ['sdxl'], ...(cachedLoraHashes ? { cachedLoraHashes } : {}) }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };
  const identityShaOf = async (subjectId: string) =>
    // The SDXL one: the box here runs SDXL.
    (await t.sql.query(`SELECT a.sha256 FROM preview_subject_identity_loras l JOIN assets a ON a.id = l.asset_id WHERE l.subject_id = $1 AND l.base_model = 'sdxl'`, [subjectId])).rows[0].sha256 as string;

  beforeAll(async () => {
    t = await startTestApp({ PRIVACY_SWEEP_SECONDS: '86400' });
    admin = await createUser(t, ['ADMIN']);
    token = (await t.gql(`mutation { issueWorkerToken(name: "gpu-box-purge") { token } }`, {}, admin)).data!['issueWorkerToken'].token;
  });
  afterAll(() => t?.close());

  it('lists the purged subjects’ identity LoRAs the worker holds, and not an active subject’s', async () => {
    const active = await createPreviewSubject(t, admin, 'Mei');
    const retired = await createPreviewSubject(t, admin, 'Jun');
    const expired = await createPreviewSubject(t, admin, 'Ana');
    const [activeSha, retiredSha, expiredSha] = await Promise.all([active, retired, expired].map((s) => identityShaOf(s.id)));
    expect(new Set([activeSha, retiredSha, expiredSha]).size).toBe(3);
    const styleSha = 'c'.repeat(64);
    const everything = [activeSha!, retiredSha!, expiredSha!, styleSha];

    expect(await heartbeat(everything)).toMatchObject({ purgedIdentityLoraHashes: [] });

    expect((await t.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: retired.id }, admin)).errors).toBeUndefined();
    await t.sql.query(`UPDATE preview_subjects SET consent_expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.id]);
    // Said from the moment of withdrawal, and still after the sweep has purged them.
    expect((await heartbeat(everything))['purgedIdentityLoraHashes']).toEqual([retiredSha, expiredSha].sort());
    const sweep = await t.app.get(PreviewSubjectPrivacyService).purgeWithdrawnSubjects();
    expect(sweep.purges.map((p) => p.subjectId).sort()).toEqual([retired.id, expired.id].sort());
    expect((await heartbeat(everything))['purgedIdentityLoraHashes']).toEqual([retiredSha, expiredSha].sort());

    // Only what the worker reported: once it has deleted a file, the file drops out of the answer.
    expect(await heartbeat([activeSha!, expiredSha!])).toMatchObject({ purgedIdentityLoraHashes: [expiredSha] });
    expect(await heartbeat([activeSha!, styleSha])).toMatchObject({ purgedIdentityLoraHashes: [] });
    expect(await heartbeat()).toMatchObject({ purgedIdentityLoraHashes: [] });
  });

  it('keeps a file another usable subject shares', async () => {
    // The same LoRA bytes registered twice (two assets, one SHA-256): one subject retired, one not.
    const first = await createPreviewSubject(t, admin, 'Lin');
    const second = await createPreviewSubject(t, admin, 'Lin');
    const sha = await identityShaOf(first.id);
    expect(await identityShaOf(second.id)).toBe(sha);
    await t.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: first.id }, admin);
    expect(await heartbeat([sha])).toMatchObject({ purgedIdentityLoraHashes: [] });
    await t.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: second.id }, admin);
    expect(await heartbeat([sha])).toMatchObject({ purgedIdentityLoraHashes: [sha] });
  });

  it('documents the field in /v1/openapi.json', async () => {
    const doc = (await (await fetch(`${t.url}/v1/openapi.json`)).json()) as { components: { schemas: Record<string, { properties: Record<string, { description?: string; type?: string }>; required?: string[] }> } };
    const ack = doc.components.schemas['WorkerHeartbeatAck']!;
    expect(ack.properties['purgedIdentityLoraHashes']).toMatchObject({ type: 'array', description: expect.stringMatching(/retired or whose consent expired/) });
    expect(ack.required).not.toContain('purgedIdentityLoraHashes');
  });
});

// A GPU box that lacks what jobs need (a checkpoint, a ControlNet, a LoRA folder ComfyUI does not
// read) would fail every job it took: its worker says so in the heartbeat, admins see it, and it
// is given no job until a heartbeat no longer says it.
describe('heartbeat: a problem with the worker’s box', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  const PROBLEM = "ComfyUI on this box does not list checkpoint 'sd_xl_base_1.0.safetensors' (models/checkpoints)";

  const v1 = async (token: string, path: string, body: unknown = {}) => {
    const res = await fetch(`${t.url}/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.text();
    return res.status;
  };
  const heartbeat = (token: string, boxProblem?: string | null) => v1(token, 'workers/heartbeat', { backend: 'draft', baseModels: ['sdxl', 'sd15'], ...(boxProblem !== undefined ? { boxProblem } : {}) });
  const issue = async (name: string) => (await t.gql(`mutation($name: String!) { issueWorkerToken(name: $name) { token } }`, { name }, admin)).data!['issueWorkerToken'].token as string;
  const boxProblems = async () => Object.fromEntries(((await t.gql(`query { workers { name boxProblem } }`, {}, admin)).data!['workers'] as Array<{ name: string; boxProblem: string | null }>).map((w) => [w.name, w.boxProblem]));

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    await createPreviewSubject(t, admin, 'Mei');
  });
  afterAll(() => t?.close());

  it('keeps what the worker says, shows it to admins, leases that worker nothing until a heartbeat without it', async () => {
    const sick = await issue('gpu-sick');
    const healthy = await issue('gpu-healthy');
    expect(await heartbeat(sick, PROBLEM)).toBe(200);
    expect(await heartbeat(healthy)).toBe(200);
    expect(await boxProblems()).toEqual({ 'gpu-sick': PROBLEM, 'gpu-healthy': null });

    const template = await createTemplate(t, designer);
    const requested = await t.gql(`mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id } }`, { input: { versionId: template.draft.id } }, designer);
    expect(requested.errors).toBeUndefined();
    expect(await v1(sick, 'jobs/lease?wait=1')).toBe(204);
    expect(await v1(healthy, 'jobs/lease?wait=0')).toBe(200);

    // Fixed (or an older worker that never says): the next heartbeat clears it, and jobs flow again.
    expect(await heartbeat(sick, null)).toBe(200);
    expect(await boxProblems()).toEqual({ 'gpu-sick': null, 'gpu-healthy': null });
    expect(await v1(sick, 'jobs/lease?wait=0')).toBe(200);
    expect(await heartbeat(sick, PROBLEM)).toBe(200);
    expect(await heartbeat(sick)).toBe(200);
    expect((await boxProblems())['gpu-sick']).toBeNull();
  });

  it('refuses an empty or overlong problem, and documents the field', async () => {
    const token = await issue('gpu-docs');
    expect(await heartbeat(token, '')).toBe(400);
    expect(await heartbeat(token, 'x'.repeat(1001))).toBe(400);
    const doc = (await (await fetch(`${t.url}/v1/openapi.json`)).json()) as { components: { schemas: Record<string, { properties: Record<string, { description?: string }>; required?: string[] }> } };
    const body = doc.components.schemas['WorkerHeartbeat']!;
    expect(body.properties['boxProblem']).toMatchObject({ description: expect.stringMatching(/given no job until a heartbeat without one/) });
    expect(body.required).not.toContain('boxProblem');
  });
});
