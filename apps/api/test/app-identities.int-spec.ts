import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_MIGRATIONS } from '@atelier/migrations';
import { expectLabelled } from '../../../testing/expect-labelled.js';
import { StorageService } from '../src/modules/asset/storage.service.js';
import { AppIdentityService } from '../src/modules/asset/app-identity.service.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { makeLoraBytes, makePdfBytes, makePngBytes } from './factories/asset-fixtures.js';
import { createUser, uploadAsset, type TestUser } from './factories/factories.js';

// Consumer apps upload their end users' identities (issue 15): an API key with RENDER uploads an
// identity LoRA or face photo, checked like every upload; the app alone sees and deletes it; it is
// deleted IDENTITY_RETENTION_HOURS after its last render, and GPU boxes hear of deleted LoRAs.
describe("consumer apps' end-user identities", () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let storage: StorageService;
  let worker: string;
  const keys = {} as Record<'app' | 'sameApp' | 'otherApp' | 'catalog', { apiKey: string }>;

  async function createKey(scopes: string[], consumerApp?: string): Promise<{ apiKey: string }> {
    const res = await t.gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`, { input: { name: `key ${scopes.join('+')}`, scopes, consumerApp } }, admin);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return { apiKey: res.data!['createApiKey'].key as string };
  }

  async function identityLora(key: { apiKey: string }, seed = 1) {
    const up = await uploadAsset(t, key, 'IDENTITY_LORA', 'alice-smith.safetensors', 'application/octet-stream', makeLoraBytes({ name: 'Alice', baseModel: 'sdxl', seed }));
    const done = await up.complete();
    expect(done.errors).toBeUndefined();
    return done.data!['completeUpload'] as { id: string; state: string; sha256: string };
  }

  async function rowOf(id: string) {
    return (await t.sql.query(`SELECT owner_id, owner_app_id, object_key, last_used_at, state FROM assets WHERE id = $1`, [id])).rows[0] as { owner_id: string | null; owner_app_id: string | null; object_key: string; last_used_at: Date | null; state: string } | undefined;
  }

  async function heartbeat(cachedLoraHashes: string[]): Promise<string[]> {
    const res = await fetch(`${t.url}/v1/workers/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/json' },
      body: JSON.stringify({ backend: 'comfyui', baseModels: ['sdxl'], cachedLoraHashes }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { purgedIdentityLoraHashes: string[] }).purgedIdentityLoraHashes;
  }

  const DELETE = `mutation($id: ID!) { deleteAsset(id: $id) }`;
  const ASSET = `query($id: ID!) { asset(id: $id) { id } }`;

  beforeAll(async () => {
    // The sweep runs only when a test calls it.
    t = await startTestApp({ PRIVACY_SWEEP_SECONDS: '86400' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    storage = t.app.get(StorageService);
    keys.app = await createKey(['RENDER'], 'Miaoya');
    keys.sameApp = await createKey(['RENDER', 'CATALOG_READ'], 'Miaoya');
    keys.otherApp = await createKey(['RENDER'], 'Photo Booth');
    keys.catalog = await createKey(['CATALOG_READ']);
    worker = (await t.gql(`mutation { issueWorkerToken(name: "identity-box") { token } }`, {}, admin)).data!['issueWorkerToken'].token;
  });
  afterAll(() => t?.close());

  it('gives a RENDER key only with a consumer app', async () => {
    const res = await t.gql(`mutation { createApiKey(input: { name: "renders", scopes: [RENDER] }) { key } }`, {}, admin);
    expect(res.errors![0]).toMatchObject({ message: "A key that renders must name its consumer app (end users' identities belong to the app, across its keys).", extensions: { code: 'BAD_USER_INPUT', reason: 'apiKey.consumerAppRequiredForRender' } });
  });

  it('uploads and completes an identity LoRA and an identity photo, owned by the app and named without the file name in storage', async () => {
    const lora = await identityLora(keys.app);
    expect(lora).toMatchObject({ state: 'READY', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const photo = await uploadAsset(t, keys.app, 'IDENTITY_PHOTO', 'alice-smith.png', 'image/png', await makePngBytes({ width: 64, height: 80 }));
    const done = await photo.complete();
    expect(done.errors).toBeUndefined();
    expect(done.data!['completeUpload']).toMatchObject({ state: 'READY', width: 64, height: 80 });

    const appId = (await t.sql.query(`SELECT id FROM consumer_apps WHERE name = 'Miaoya'`)).rows[0].id as string;
    for (const id of [lora.id, photo.assetId]) {
      const row = (await rowOf(id))!;
      expect(row).toMatchObject({ owner_id: null, owner_app_id: appId, state: 'READY' });
      expect(row.last_used_at).toBeInstanceOf(Date);
      expect(row.object_key).not.toMatch(/alice/i);
      expect(await storage.statSize(row.object_key)).not.toBeNull();
    }
    // Nor in the audit log an admin reads.
    const audit = (await t.sql.query(`SELECT actor_kind, after::text FROM audit_log WHERE entity_id = ANY($1)`, [[lora.id, photo.assetId]])).rows as Array<{ actor_kind: string; after: string }>;
    expect(audit.length).toBeGreaterThanOrEqual(4);
    for (const row of audit) {
      expect(row.actor_kind).toBe('API_KEY');
      expect(row.after).not.toMatch(/alice/i);
    }
  });

  it('refuses a file that is not what its kind says, with a clear code', async () => {
    const notLora = await uploadAsset(t, keys.app, 'IDENTITY_LORA', 'face.safetensors', 'application/octet-stream', await makePngBytes());
    const lora = await notLora.complete();
    expect(lora.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'asset.formatNotAccepted', assetId: notLora.assetId } });
    const notPhoto = await uploadAsset(t, keys.app, 'IDENTITY_PHOTO', 'face.png', 'image/png', makePdfBytes());
    const photo = await notPhoto.complete();
    expect(photo.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'asset.formatNotAccepted', assetId: notPhoto.assetId } });
    expect((await rowOf(notPhoto.assetId))!.state).toBe('REJECTED');
  });

  it('refuses a key without RENDER, identities from studio users, and other kinds from an app', async () => {
    const input = { kind: 'IDENTITY_PHOTO', fileName: 'face.png', contentType: 'image/png', byteSize: 2048 };
    const REQUEST = `mutation($input: RequestUploadInput!) { requestUpload(input: $input) { asset { id } } }`;
    expect((await t.gql(REQUEST, { input }, keys.catalog)).errors![0]).toMatchObject({ message: 'This API key lacks the render scope.', extensions: { code: 'FORBIDDEN', reason: 'access.apiKeyScope' } });
    expect((await t.gql(REQUEST, { input }, designer)).errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'asset.uploadForbidden.identityPhoto' } });
    expect((await t.gql(REQUEST, { input: { ...input, kind: 'IDENTITY_LORA', fileName: 'x.safetensors', contentType: 'application/octet-stream' } }, admin)).errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'asset.uploadForbidden.identityLora' } });
    expect((await t.gql(REQUEST, { input: { ...input, kind: 'REFERENCE_IMAGE' } }, keys.app)).errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'asset.appUploadsIdentityOnly' } });
    expect((await t.gql(DELETE, { id: '00000000-0000-4000-8000-000000000000' }, keys.catalog)).errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'access.apiKeyScope' } });
  });

  it("keeps an app's identity from other apps, designers and admins, who all get NOT_FOUND", async () => {
    const lora = await identityLora(keys.app, 2);
    const pending = await uploadAsset(t, keys.app, 'IDENTITY_PHOTO', 'face.png', 'image/png', await makePngBytes());
    for (const caller of [designer, admin]) {
      expect((await t.gql(ASSET, { id: lora.id }, caller)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    }
    expect((await t.gql(`mutation($id: ID!) { completeUpload(assetId: $id) { id } }`, { id: pending.assetId }, admin)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await t.gql(`mutation($id: ID!) { completeUpload(assetId: $id) { id } }`, { id: pending.assetId }, keys.otherApp)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await t.gql(DELETE, { id: lora.id }, keys.otherApp)).errors![0]).toMatchObject({ message: 'Asset not found.', extensions: { code: 'NOT_FOUND' } });
    expect(await rowOf(lora.id)).toBeDefined();
    // A designer's own upload is as unknown to an app as an id that does not exist.
    const reference = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'mood.png', 'image/png', await makePngBytes());
    expect((await reference.complete()).errors).toBeUndefined();
    expect((await t.gql(DELETE, { id: reference.assetId }, keys.app)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await t.gql(`mutation($id: ID!) { completeUpload(assetId: $id) { id } }`, { id: reference.assetId }, keys.app)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    // The app's identities are the app's, whichever of its keys asks.
    expect((await t.gql(`mutation($id: ID!) { completeUpload(assetId: $id) { id state } }`, { id: pending.assetId }, keys.sameApp)).data!['completeUpload']).toMatchObject({ state: 'READY' });
  });

  it('deletes an identity at once with deleteAsset (object and row), and tells a box holding the LoRA to delete it', async () => {
    const lora = await identityLora(keys.app, 3);
    const { object_key: key } = (await rowOf(lora.id))!;
    const styleSha = 'c'.repeat(64);
    expect(await heartbeat([lora.sha256, styleSha])).toEqual([]);

    const res = await t.gql(DELETE, { id: lora.id }, keys.sameApp);
    expect(res.errors).toBeUndefined();
    expect(res.data!['deleteAsset']).toBe(lora.id);
    expect(await rowOf(lora.id)).toBeUndefined();
    expect(await storage.statSize(key)).toBeNull();
    expect(await heartbeat([lora.sha256, styleSha])).toEqual([lora.sha256]);
    // Once is enough: the asset is gone.
    expect((await t.gql(DELETE, { id: lora.id }, keys.app)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    const audit = (await t.sql.query(`SELECT actor_kind, action FROM audit_log WHERE entity_id = $1 ORDER BY id DESC LIMIT 1`, [lora.id])).rows[0];
    expect(audit).toEqual({ actor_kind: 'API_KEY', action: 'asset.identity_deleted' });
  });

  it('keeps telling nothing about a LoRA hash while another live identity has the same file', async () => {
    const mine = await identityLora(keys.app, 4);
    const theirs = await identityLora(keys.otherApp, 4);
    expect(theirs.sha256).toBe(mine.sha256);
    expect((await t.gql(DELETE, { id: mine.id }, keys.app)).errors).toBeUndefined();
    expect(await heartbeat([mine.sha256])).toEqual([]);
    expect((await t.gql(DELETE, { id: theirs.id }, keys.otherApp)).errors).toBeUndefined();
    expect(await heartbeat([mine.sha256])).toEqual([mine.sha256]);
  });

  it('deletes identities IDENTITY_RETENTION_HOURS (24) after their last render, and no sooner', async () => {
    const expired = await identityLora(keys.app, 5);
    const kept = await identityLora(keys.app, 6);
    const pending = await uploadAsset(t, keys.app, 'IDENTITY_PHOTO', 'face.png', 'image/png', await makePngBytes());
    const keys_ = { expired: (await rowOf(expired.id))!.object_key, kept: (await rowOf(kept.id))!.object_key };
    await t.sql.query(`UPDATE assets SET last_used_at = now() - interval '25 hours' WHERE id = $1`, [expired.id]);
    await t.sql.query(`UPDATE assets SET last_used_at = now() - interval '23 hours' WHERE id = $1`, [kept.id]);
    // Never completed: counted from its upload request.
    await t.sql.query(`UPDATE assets SET created_at = now() - interval '25 hours' WHERE id = $1`, [pending.assetId]);

    const sweep = await t.app.get(AppIdentityService).deleteExpiredIdentities();
    expect(sweep).toEqual({ ran: true, deleted: 2 });
    expect(await rowOf(expired.id)).toBeUndefined();
    expect(await rowOf(pending.assetId)).toBeUndefined();
    expect(await storage.statSize(keys_.expired)).toBeNull();
    expectLabelled(await rowOf(kept.id), 'kept identity').toBeDefined();
    expect(await storage.statSize(keys_.kept)).not.toBeNull();
    expect(await heartbeat([expired.sha256, kept.sha256])).toEqual([expired.sha256]);
    const audit = (await t.sql.query(`SELECT actor_kind, action FROM audit_log WHERE entity_id = $1 ORDER BY id DESC LIMIT 1`, [expired.id])).rows[0];
    expect(audit).toEqual({ actor_kind: 'SYSTEM', action: 'asset.identity_expired' });
    // A re-run finds nothing more to delete.
    expect(await t.app.get(AppIdentityService).deleteExpiredIdentities()).toEqual({ ran: true, deleted: 0 });
  });

  // Last: it takes the schema down and up again, so the identities made above are gone after it.
  it('undoes its migration (identities and render scopes go) and redoes it', async () => {
    await identityLora(keys.app, 7);
    const runner = t.dataSource.createQueryRunner();
    const hasTable = async () => (await runner.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'purged_identity_lora_hashes'`))[0].n as number;
    try {
      const migration = new (ALL_MIGRATIONS.find((m) => m.name === 'AddAppIdentities1765071000000')!)();
      await migration.down(runner);
      expect(await hasTable()).toBe(0);
      expect((await runner.query(`SELECT count(*)::int AS n FROM api_keys WHERE 'render' = ANY(scopes)`))[0].n).toBe(0);
      await migration.up(runner);
      expect(await hasTable()).toBe(1);
    } finally {
      await runner.release();
    }
  });
});
