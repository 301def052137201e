import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { verifyWebhookSignature } from '@atelier/atelier-client';
import { POOL_VIEW_MAX_AGE_MS } from '../src/modules/preview-job/worker-pool-view.js';
import { RenderSettlementService } from '../src/modules/render/render-settlement.service.js';
import { WebhookDeliveryService } from '../src/modules/render/webhook-delivery.service.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { makeLoraBytes, makePngBytes } from './factories/asset-fixtures.js';
import { createPreviewSubject, createUser, makeTemplateSpec, postV1, publishTemplate, testWorkerToken, uploadAsset, type TestUser } from './factories/factories.js';

// Consumer apps render on the GPU pool (issue 15 §2): createRender with one of the app's identities,
// the job leased and rendered through the real worker protocol in the CONSUMER class, the render
// settled once (a signed webhook, the paid use recorded once as render:<id>), and every refusal coded.
describe('hosted renders for consumer apps', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let settlement: RenderSettlementService;
  let webhooks: WebhookDeliveryService;
  let versionId: string;
  let templateId: string;
  const keys = {} as Record<'app' | 'otherApp', { apiKey: string; webhookSecret: string }>;
  let identityId: string;
  let identitySha: string;
  let photoId: string;
  let hook: { server: Server; url: string; received: Array<{ body: string; signature: string | undefined }>; answers: number[] };

  const RENDER_FIELDS = `id versionId state queuePosition etaSeconds progress imageUrl error likeness seed slots grossAmount currency usageStatus usageMessage notices { code currentVersionId message } createdAt finishedAt`;
  const CREATE = `mutation($input: CreateRenderInput!) { createRender(input: $input) { ${RENDER_FIELDS} } }`;
  const RENDER = `query($id: ID!) { render(id: $id) { ${RENDER_FIELDS} } }`;

  async function createKey(scopes: string[], consumerApp?: string): Promise<{ apiKey: string; webhookSecret: string }> {
    const res = await t.gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key webhookSecret } }`, { input: { name: `key ${scopes.join('+')}`, scopes, consumerApp } }, admin);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return { apiKey: res.data!['createApiKey'].key as string, webhookSecret: res.data!['createApiKey'].webhookSecret as string };
  }

  async function upload(key: { apiKey: string }, kind: 'IDENTITY_LORA' | 'IDENTITY_PHOTO') {
    const up =
      kind === 'IDENTITY_LORA'
        ? await uploadAsset(t, key, kind, 'user.safetensors', 'application/octet-stream', makeLoraBytes({ name: 'End user', baseModel: 'sdxl', seed: 11 }))
        : await uploadAsset(t, key, kind, 'user.png', 'image/png', await makePngBytes({ width: 64, height: 64 }));
    const done = await up.complete();
    if (done.errors) throw new Error(JSON.stringify(done.errors));
    return done.data!['completeUpload'] as { id: string; sha256: string };
  }

  async function createRender(input: Record<string, unknown>, key: { apiKey: string } = keys.app) {
    return t.gql(CREATE, { input: { versionId, identityAssetId: identityId, ...input } }, key);
  }

  // Leases whatever the pool offers next, as a GPU worker would, and PUTs an image for it.
  async function leaseAndComplete(): Promise<{ job: any }> {
    const token = await testWorkerToken(t);
    const lease = await postV1(t, token, 'jobs/lease?wait=0', {});
    expect(lease.status).toBe(200);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#405060' } }).png().toBuffer();
    await fetch(lease.body.output.uploadUrl, { method: 'PUT', headers: lease.body.output.uploadHeaders, body: png });
    const done = await postV1(t, token, `jobs/${lease.body.job.id}/complete`, { leaseId: lease.body.leaseId });
    expect(done.status).toBe(200);
    return lease.body;
  }

  async function rowsOf(renderId: string) {
    return {
      usage: (await t.sql.query(`SELECT event_id, gross_minor, currency FROM usage_events WHERE event_id = $1`, [`render:${renderId}`])).rows,
      deliveries: (await t.sql.query(`SELECT id, type, state, attempts FROM webhook_deliveries WHERE render_id = $1`, [renderId])).rows,
    };
  }

  beforeAll(async () => {
    // Webhooks to this machine are allowed as in the embedded setup; settling, webhooks and sweeps run only when a test calls them.
    t = await startTestApp({ WEBHOOK_ALLOW_NETWORKS: 'loopback', PRIVACY_SWEEP_SECONDS: '86400', RENDER_POLL_MS: '3600000', USAGE_CURRENCIES: 'CNY,USD' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    const reviewer = await createUser(t, ['REVIEWER']);
    settlement = t.app.get(RenderSettlementService);
    webhooks = t.app.get(WebhookDeliveryService);
    const subject = await createPreviewSubject(t, admin, 'Mei');
    const spec = makeTemplateSpec();
    ({ versionId, templateId } = await publishTemplate(t, { designer, reviewer, subjectIds: [subject.id] }, { spec }));
    keys.app = await createKey(['RENDER', 'CATALOG_READ'], 'Miaoya');
    keys.otherApp = await createKey(['RENDER'], 'Photo Booth');
    const lora = await upload(keys.app, 'IDENTITY_LORA');
    identityId = lora.id;
    identitySha = lora.sha256;
    photoId = (await upload(keys.app, 'IDENTITY_PHOTO')).id;

    const received: Array<{ body: string; signature: string | undefined }> = [];
    const answers: number[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-atelier-signature'] as string | undefined });
        res.statusCode = answers.shift() ?? 200;
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hook = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/atelier`, received, answers };
  });
  afterAll(async () => {
    await new Promise((resolve) => hook?.server.close(resolve));
    await t?.close();
  });

  it('gives a RENDER key a webhook secret once, and other keys none', async () => {
    expect(keys.app.webhookSecret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    const catalogOnly = await createKey(['CATALOG_READ']);
    expect(catalogOnly.webhookSecret).toBeNull();
    const audit = await t.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE after::text LIKE $1`, [`%${keys.app.webhookSecret}%`]);
    expect(audit.rows[0].n).toBe(0);
  });

  it('renders in the CONSUMER class, settles once with a signed webhook and records the paid use once as render:<id>', async () => {
    const created = await createRender({ likeness: 0.9, slots: { subject: 'a woman', gender: 'woman', age: '31-year-old' }, seed: 4242, webhookUrl: hook.url, grossAmount: 990, currency: 'CNY' });
    expect(created.errors).toBeUndefined();
    const render = created.data!['createRender'];
    expect(render).toMatchObject({ state: 'QUEUED', queuePosition: 0, progress: 0, imageUrl: null, likeness: 0.9, seed: 4242, grossAmount: 990, currency: 'CNY', usageStatus: null, notices: [] });
    expect(render.slots).toEqual({ subject: 'a woman', gender: 'woman', age: '31-year-old' });
    const job = (await t.sql.query(`SELECT priority, subject_id, batch_id, consumer_app_id, likeness FROM preview_jobs WHERE render_id = $1`, [render.id])).rows[0];
    expect(job).toMatchObject({ priority: 'CONSUMER', subject_id: null, batch_id: null, likeness: 0.9 });
    expect((await t.sql.query(`SELECT last_used_at FROM assets WHERE id = $1`, [identityId])).rows[0].last_used_at).not.toBeNull();

    const leased = await leaseAndComplete();
    expect(leased.job).toMatchObject({ versionId, seed: 4242, subject: { id: render.id, identityLora: { sha256: identitySha } } });
    // Before the settlement pass the render already reads as finished; the pass makes it so once.
    await settlement.settleFinished();
    expect(await settlement.settleFinished()).toEqual({ settled: 0, metered: 0 });
    const done = (await t.gql(RENDER, { id: render.id }, keys.app)).data!['render'];
    expect(done).toMatchObject({ state: 'SUCCEEDED', progress: 1, queuePosition: null, etaSeconds: null, usageStatus: 'ACCEPTED', error: null });
    expect(await (await fetch(done.imageUrl)).arrayBuffer()).toHaveProperty('byteLength');
    const { usage, deliveries } = await rowsOf(render.id);
    expect(usage).toEqual([{ event_id: `render:${render.id}`, gross_minor: '990', currency: 'CNY' }]);
    expect(deliveries).toEqual([expect.objectContaining({ type: 'render.succeeded', state: 'PENDING', attempts: 0 })]);

    // The app's endpoint fails once: the same event is tried again, with the same id, and then delivered.
    hook.answers.push(500);
    expect(await webhooks.deliverDue()).toBe(1);
    await t.sql.query(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE render_id = $1`, [render.id]);
    expect(await webhooks.deliverDue()).toBe(1);
    expect(hook.received).toHaveLength(2);
    const [first, second] = hook.received.map((r) => ({ ...r, parsed: JSON.parse(r.body) }));
    expect(first!.parsed.id).toBe(second!.parsed.id);
    expect(second!.parsed).toMatchObject({ id: deliveries[0].id, type: 'render.succeeded', renderId: render.id, state: 'SUCCEEDED', error: null, imageUrl: expect.stringMatching(/^http/) });
    for (const r of hook.received) expect(verifyWebhookSignature(keys.app.webhookSecret, r.body, r.signature)).toMatchObject({ ok: true });
    expect(verifyWebhookSignature(keys.otherApp.webhookSecret, second!.body, second!.signature)).toEqual({ ok: false, reason: 'MISMATCH' });

    const log = await t.gql(`query($id: ID!) { webhookDeliveries(renderId: $id) { id type state attempts attemptLog { attempt statusCode error } } }`, { id: render.id }, keys.app);
    expect(log.data!['webhookDeliveries']).toEqual([
      { id: deliveries[0].id, type: 'render.succeeded', state: 'DELIVERED', attempts: 2, attemptLog: [{ attempt: 1, statusCode: 500, error: 'HTTP 500: ok' }, { attempt: 2, statusCode: 200, error: null }] },
    ]);
    expect(await webhooks.deliverDue()).toBe(0);

    // A refund of the render's use goes through recordRefund like any other.
    const usageKey = await createKey(['USAGE_WRITE'], 'Miaoya');
    const refund = await t.gql(`mutation($input: RefundInput!) { recordRefund(input: $input) { status amountMinor remainingMinor } }`, { input: { eventId: `render:${render.id}`, refundId: 'refund-1', amount: 990 } }, usageKey);
    expect(refund.errors).toBeUndefined();
    expect(refund.data!['recordRefund']).toMatchObject({ status: 'ACCEPTED', amountMinor: 990, remainingMinor: 0 });
  });

  it('records nothing for a failed or a cancelled render, and sends render.failed only for the failed one', async () => {
    const failing = (await createRender({ webhookUrl: hook.url, grossAmount: 500, currency: 'CNY', seed: 1 })).data!['createRender'];
    const token = await testWorkerToken(t);
    // The pool's one GPU held the last consumer render until the API's reading of the pool ages out.
    await new Promise((r) => setTimeout(r, POOL_VIEW_MAX_AGE_MS + 50));
    const lease = await postV1(t, token, 'jobs/lease?wait=0', {});
    expect(lease.body.job.subject.id).toBe(failing.id);
    const fail = await postV1(t, token, `jobs/${lease.body.job.id}/fail`, { leaseId: lease.body.leaseId, retryable: false, error: 'CUDA out of memory' });
    expect(fail.status).toBe(200);
    const cancelled = (await createRender({ webhookUrl: hook.url, grossAmount: 500, currency: 'CNY', seed: 2 })).data!['createRender'];
    const cancel = await t.gql(`mutation($id: ID!) { cancelRender(id: $id) { state finishedAt } }`, { id: cancelled.id }, keys.app);
    expect(cancel.data!['cancelRender']).toMatchObject({ state: 'CANCELLED', finishedAt: expect.any(String) });
    const again = await t.gql(`mutation($id: ID!) { cancelRender(id: $id) { state } }`, { id: cancelled.id }, keys.app);
    expect(again.data!['cancelRender']).toEqual({ state: 'CANCELLED' });
    const finished = await t.gql(`mutation($id: ID!) { cancelRender(id: $id) { state } }`, { id: failing.id }, keys.app);
    expect(finished.errors![0]).toMatchObject({ message: 'This render has already finished (FAILED); only a waiting or running render can be cancelled.', extensions: { code: 'INVALID_STATE_TRANSITION', currentState: 'FAILED' } });

    await settlement.settleFinished();
    const failed = (await t.gql(RENDER, { id: failing.id }, keys.app)).data!['render'];
    expect(failed).toMatchObject({ state: 'FAILED', error: 'CUDA out of memory', usageStatus: null, imageUrl: null });
    expect(await rowsOf(failing.id)).toEqual({ usage: [], deliveries: [expect.objectContaining({ type: 'render.failed' })] });
    expect(await rowsOf(cancelled.id)).toEqual({ usage: [], deliveries: [] });
    hook.received.length = 0;
    await webhooks.deliverDue();
    expect(JSON.parse(hook.received[0]!.body)).toMatchObject({ type: 'render.failed', renderId: failing.id, state: 'FAILED', imageUrl: null, error: 'CUDA out of memory' });
  });

  it('refuses with a code a likeness outside the range, unknown slots or values, and an identity of the wrong kind', async () => {
    const outside = await createRender({ likeness: 3 });
    expect(outside.errors![0]).toMatchObject({ extensions: { code: 'LIKENESS_OUT_OF_RANGE', min: expect.any(Number), max: expect.any(Number) } });
    expect(outside.errors![0]!.message).toMatch(/^Likeness 3 is outside this version's range: [\d.]+ to [\d.]+\.$/);

    const slots = await createRender({ slots: { mood: 'happy', gender: 'robot', age: '12-year-old' } });
    expect(slots.errors![0]).toMatchObject({ message: 'This template has no prompt slot "mood"; its slots are subject, gender, age.', extensions: { code: 'UNKNOWN_SLOT_VALUE' } });
    expect((slots.errors![0]!.extensions!['issues'] as Array<{ path: string }>).map((i) => i.path)).toEqual(['slots.mood', 'slots.gender', 'slots.age']);

    const photo = await createRender({ identityAssetId: photoId });
    expect(photo.errors![0]).toMatchObject({ extensions: { code: 'IDENTITY_KIND_MISMATCH', identityMode: 'LORA' } });
  });

  it('refuses bad seeds, prices and webhook URLs with every problem listed, and creates nothing', async () => {
    const before = (await t.sql.query(`SELECT count(*)::int AS n FROM renders`)).rows[0].n;
    const bad = await createRender({ seed: -1, grossAmount: 100, currency: 'EUR', webhookUrl: 'http://10.0.0.8/hook' });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((bad.errors![0]!.extensions!['issues'] as Array<{ path: string; message: string }>).map((i) => [i.path, i.message])).toEqual([
      ['seed', 'The seed must be a whole number from 0 to 4294967295.'],
      ['currency', 'Usage is not recorded in EUR; accepted currencies: CNY, USD.'],
      ['webhookUrl', 'Webhooks are not sent to 10.0.0.8: it is a loopback, private or reserved network address.'],
    ]);
    const scheme = await createRender({ webhookUrl: 'file:///etc/passwd' });
    expect(scheme.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', issues: [expect.objectContaining({ path: 'webhookUrl', reason: 'render.webhookUrlInvalid' })] } });
    const half = await createRender({ grossAmount: 100 });
    expect(half.errors![0]).toMatchObject({ message: 'Give grossAmount and currency together (or neither, for a render nobody pays for).' });
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM renders`)).rows[0].n).toBe(before);
  });

  it("keeps renders and identities to their app: another app's identity, render or deliveries are NOT_FOUND", async () => {
    const mine = (await createRender({ seed: 3 })).data!['createRender'];
    const otherIdentity = await createRender({}, keys.otherApp);
    expect(otherIdentity.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    for (const query of [RENDER, `query($id: ID!) { webhookDeliveries(renderId: $id) { id } }`, `mutation($id: ID!) { cancelRender(id: $id) { id } }`]) {
      const res = await t.gql(query, { id: mine.id }, keys.otherApp);
      expect(res.errors![0]).toMatchObject({ message: 'Render not found.', extensions: { code: 'NOT_FOUND' } });
    }
    const list = await t.gql(`{ renders(first: 50) { totalCount edges { node { id } } } }`, {}, keys.otherApp);
    expect(list.data!['renders']).toEqual({ totalCount: 0, edges: [] });
    // The designer never sees the app's render among the template's previews, nor may cancel it.
    const cancelAsDesigner = await t.gql(`mutation($id: ID!) { cancelPreviewJob(id: $id) { id } }`, { id: (await t.sql.query(`SELECT id FROM preview_jobs WHERE render_id = $1`, [mine.id])).rows[0].id }, designer);
    expect(cancelAsDesigner.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await t.gql(`mutation($id: ID!) { cancelRender(id: $id) { id } }`, { id: mine.id }, keys.app);
  });

  it('lists the app\'s renders newest first, by state, a page at a time', async () => {
    const all = await t.gql(`{ renders(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id state createdAt } } } }`, {}, keys.app);
    const page = all.data!['renders'];
    expect(page.totalCount).toBeGreaterThanOrEqual(4);
    expect(page.edges).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await t.gql(`query($after: String) { renders(first: 100, after: $after) { edges { node { id createdAt } } } }`, { after: page.pageInfo.endCursor }, keys.app);
    const times = [...page.edges, ...next.data!['renders'].edges].map((e: { node: { createdAt: string } }) => e.node.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(times).toHaveLength(page.totalCount);
    const succeeded = await t.gql(`{ renders(first: 100, state: SUCCEEDED) { totalCount edges { node { state } } } }`, {}, keys.app);
    expect(succeeded.data!['renders'].totalCount).toBe(1);
  });

  it('renders a superseded version it pins, saying which version is current', async () => {
    const reviewer = await createUser(t, ['REVIEWER']);
    const subjects = (await t.sql.query(`SELECT id FROM preview_subjects`)).rows.map((r: { id: string }) => r.id);
    const draft = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id revision } }`, { input: { templateId, spec: makeTemplateSpec({ prompt: { ...makeTemplateSpec().prompt, positive: 'a portrait of {subject}, golden hour' } }), baseRevision: 1 } }, designer);
    if (draft.errors) throw new Error(JSON.stringify(draft.errors));
    const v2 = draft.data!['saveDraft'].id as string;
    const { submitWithPreviews } = await import('./factories/factories.js');
    await submitWithPreviews(t, designer, v2);
    await t.gql(`mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { state } }`, { input: { versionId: v2, decision: 'APPROVE', scores: subjects.map((subjectId: string) => ({ subjectId, real: 95, like: 95, beautiful: 95 })) } }, reviewer);
    await t.gql(`mutation($id: ID!) { publishVersion(versionId: $id) { id } }`, { id: v2 }, designer);
    const pinned = await createRender({ seed: 5 });
    expect(pinned.errors).toBeUndefined();
    expect(pinned.data!['createRender'].notices).toEqual([{ code: 'VERSION_SUPERSEDED', currentVersionId: v2, message: expect.stringMatching(/^Version 1 was superseded by version 2; it still renders because it is pinned\./) }]);
    await t.gql(`mutation($id: ID!) { cancelRender(id: $id) { id } }`, { id: pinned.data!['createRender'].id }, keys.app);
  });

  it('cancels the waiting renders of an identity the app deletes', async () => {
    const waiting = (await createRender({ seed: 6 })).data!['createRender'];
    const del = await t.gql(`mutation($id: ID!) { deleteAsset(id: $id) }`, { id: identityId }, keys.app);
    expect(del.errors).toBeUndefined();
    await settlement.settleFinished();
    expect((await t.gql(RENDER, { id: waiting.id }, keys.app)).data!['render']).toMatchObject({ state: 'CANCELLED' });
    const gone = await createRender({ seed: 7 });
    expect(gone.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});

describe("an app's render quota", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ CONSUMER_RENDER_QUEUE_QUOTA: '2', RENDER_POLL_MS: '3600000' });
  });
  afterAll(() => t?.close());

  it('refuses a render past the waiting renders an app may have, worded, and takes one again once one finished', async () => {
    const admin = await createUser(t, ['ADMIN']);
    const designer = await createUser(t, ['DESIGNER']);
    const reviewer = await createUser(t, ['REVIEWER']);
    const subject = await createPreviewSubject(t, admin, 'Mei');
    const { versionId } = await publishTemplate(t, { designer, reviewer, subjectIds: [subject.id] });
    const key = { apiKey: (await t.gql(`mutation { createApiKey(input: { name: "quota", scopes: [RENDER], consumerApp: "Quota App" }) { key } }`, {}, admin)).data!['createApiKey'].key as string };
    const up = await uploadAsset(t, key, 'IDENTITY_LORA', 'user.safetensors', 'application/octet-stream', makeLoraBytes({ name: 'End user', baseModel: 'sdxl', seed: 4 }));
    const identityAssetId = ((await up.complete()).data!['completeUpload'] as { id: string }).id;
    const create = (seed: number) => t.gql(`mutation($input: CreateRenderInput!) { createRender(input: $input) { id } }`, { input: { versionId, identityAssetId, seed } }, key);
    const first = await create(1);
    expect((await create(2)).errors).toBeUndefined();
    const third = await create(3);
    expect(third.errors![0]).toMatchObject({
      message: 'Your app has 2 renders waiting, the most it may have at once (2). Wait for some to finish, or cancel some.',
      extensions: { code: 'QUOTA_EXCEEDED', reason: 'render.quotaFull', waiting: 2, quota: 2 },
    });
    await t.gql(`mutation($id: ID!) { cancelRender(id: $id) { id } }`, { id: first.data!['createRender'].id }, key);
    expect((await create(4)).errors).toBeUndefined();
  });
});
