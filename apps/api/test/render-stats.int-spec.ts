import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { POOL_VIEW_MAX_AGE_MS } from '../src/modules/preview-job/worker-pool-view.js';
import { RenderSettlementService } from '../src/modules/render/render-settlement.service.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { makeLoraBytes } from './factories/asset-fixtures.js';
import { createPreviewSubject, createUser, makeTemplateSpec, postV1, publishTemplate, testWorkerToken, uploadAsset, type TestUser } from './factories/factories.js';

// Designers see how their templates do (issue 15 §3): renders made through the real path (createRender,
// the worker protocol, settlement, recordRefund), then moved to known days and queue waits with SQL so
// every figure, the percentiles included, is known exactly.
describe('render statistics for a template', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let otherDesigner: TestUser;
  let coAuthor: TestUser;
  let reviewer: TestUser;
  let settlement: RenderSettlementService;
  let templateId: string;
  let versionId: string;
  let renderKey: string;
  let usageKey: string;
  let identityId: string;
  const renders = {} as Record<'ok1' | 'ok2' | 'ok3' | 'ok4' | 'failed' | 'cancelled' | 'free' | 'before' | 'after', string>;

  const STATS = `query($id: ID!, $from: String!, $to: String!) {
    templateRenderStats(templateId: $id, from: $from, to: $to) {
      templateId from to
      versions { versionId versionNumber renders succeeded failed cancelled paidUses refundedUses refundRate medianWaitSeconds p95WaitSeconds days { day renders failed paidUses p95WaitSeconds } }
    }
  }`;
  const WINDOW = { from: '2026-11-01', to: '2026-11-07' };

  async function createKey(scopes: string[]): Promise<string> {
    const res = await t.gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`, { input: { name: `stats ${scopes.join('+')}`, scopes, consumerApp: 'Miaoya' } }, admin);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!['createApiKey'].key as string;
  }

  async function createRender(input: Record<string, unknown> = {}): Promise<string> {
    const res = await t.gql(`mutation($input: CreateRenderInput!) { createRender(input: $input) { id } }`, { input: { versionId, identityAssetId: identityId, ...input } }, { apiKey: renderKey });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!['createRender'].id as string;
  }

  // Leases the one waiting render as a GPU would, then completes or fails it.
  async function leaseAndFinish(renderId: string, outcome: 'complete' | 'fail'): Promise<void> {
    // The pool's one GPU holds the last consumer render until the API's reading of the pool ages out.
    await new Promise((r) => setTimeout(r, POOL_VIEW_MAX_AGE_MS + 50));
    const token = await testWorkerToken(t);
    const lease = await postV1(t, token, 'jobs/lease?wait=0', {});
    expect(lease.body.job.subject.id).toBe(renderId);
    if (outcome === 'fail') {
      expect((await postV1(t, token, `jobs/${lease.body.job.id}/fail`, { leaseId: lease.body.leaseId, retryable: false, error: 'CUDA out of memory' })).status).toBe(200);
      return;
    }
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#405060' } }).png().toBuffer();
    await fetch(lease.body.output.uploadUrl, { method: 'PUT', headers: lease.body.output.uploadHeaders, body: png });
    expect((await postV1(t, token, `jobs/${lease.body.job.id}/complete`, { leaseId: lease.body.leaseId })).status).toBe(200);
  }

  // Puts a render on a known instant, and its job's first lease `waitSeconds` after it was enqueued (null: never started).
  async function placeRender(renderId: string, createdAt: string, waitSeconds: number | null): Promise<void> {
    await t.sql.query(`UPDATE renders SET created_at = $2 WHERE id = $1`, [renderId, createdAt]);
    await t.sql.query(
      `UPDATE preview_jobs SET created_at = $2::timestamptz, started_at = CASE WHEN $3::float8 IS NULL THEN NULL ELSE $2::timestamptz + make_interval(secs => $3::float8) END WHERE render_id = $1`,
      [renderId, createdAt, waitSeconds],
    );
  }

  beforeAll(async () => {
    // Settling runs only when the test calls it.
    t = await startTestApp({ PRIVACY_SWEEP_SECONDS: '86400', RENDER_POLL_MS: '3600000', USAGE_CURRENCIES: 'CNY' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    otherDesigner = await createUser(t, ['DESIGNER']);
    coAuthor = await createUser(t, ['DESIGNER']);
    reviewer = await createUser(t, ['REVIEWER']);
    settlement = t.app.get(RenderSettlementService);
    const subject = await createPreviewSubject(t, admin, 'Mei');
    ({ templateId, versionId } = await publishTemplate(t, { designer, reviewer, subjectIds: [subject.id] }, { spec: makeTemplateSpec() }));
    renderKey = await createKey(['RENDER']);
    usageKey = await createKey(['USAGE_WRITE']);
    const up = await uploadAsset(t, { apiKey: renderKey }, 'IDENTITY_LORA', 'user.safetensors', 'application/octet-stream', makeLoraBytes({ name: 'End user', baseModel: 'sdxl', seed: 11 }));
    const done = await up.complete();
    if (done.errors) throw new Error(JSON.stringify(done.errors));
    identityId = done.data!['completeUpload'].id as string;

    const paid = { grossAmount: 990, currency: 'CNY' };
    for (const [name, seed] of [['ok1', 1], ['ok2', 2], ['ok3', 3], ['ok4', 4]] as const) {
      renders[name] = await createRender({ ...paid, seed });
      await leaseAndFinish(renders[name], 'complete');
    }
    renders.failed = await createRender({ ...paid, seed: 5 });
    await leaseAndFinish(renders.failed, 'fail');
    renders.free = await createRender({ seed: 6 });
    await leaseAndFinish(renders.free, 'complete');
    for (const name of ['cancelled', 'before', 'after'] as const) {
      renders[name] = await createRender({ ...paid, seed: 7 });
      const cancel = await t.gql(`mutation($id: ID!) { cancelRender(id: $id) { state } }`, { id: renders[name] }, { apiKey: renderKey });
      expect(cancel.data!['cancelRender']).toEqual({ state: 'CANCELLED' });
    }
    await settlement.settleFinished();
    const refund = await t.gql(`mutation($input: RefundInput!) { recordRefund(input: $input) { status } }`, { input: { eventId: `render:${renders.ok1}`, refundId: 'stats-refund-1', amount: 500 } }, { apiKey: usageKey });
    expect(refund.data!['recordRefund']).toEqual({ status: 'ACCEPTED' });

    // Waits that started, by day: 2026-11-02 -> 10, 20, 30 s; 2026-11-04 -> 40, 60, 100 s (the cancelled one never started).
    await placeRender(renders.ok1, '2026-11-02T08:00:00Z', 10);
    await placeRender(renders.ok2, '2026-11-02T09:00:00Z', 20);
    await placeRender(renders.failed, '2026-11-02T23:59:59.999Z', 30);
    await placeRender(renders.ok3, '2026-11-04T00:00:00Z', 40);
    await placeRender(renders.free, '2026-11-04T12:00:00Z', 60);
    await placeRender(renders.ok4, '2026-11-04T13:00:00Z', 100);
    await placeRender(renders.cancelled, '2026-11-04T14:00:00Z', null);
    // Just outside the window on either side.
    await placeRender(renders.before, '2026-10-31T23:59:59.999Z', 5);
    await placeRender(renders.after, '2026-11-08T00:00:00Z', 5);
  });
  afterAll(() => t?.close());

  it('counts renders, outcomes, paid uses and refunds per version, and the median and p95 queue wait', async () => {
    const res = await t.gql(STATS, { id: templateId, ...WINDOW }, designer);
    expect(res.errors).toBeUndefined();
    const stats = res.data!['templateRenderStats'];
    expect(stats).toMatchObject({ templateId, from: '2026-11-01', to: '2026-11-07' });
    expect(stats.versions).toHaveLength(1);
    const [v] = stats.versions;
    expect(v).toMatchObject({ versionId, versionNumber: 1, renders: 7, succeeded: 5, failed: 1, cancelled: 1, paidUses: 4, refundedUses: 1, refundRate: 0.25 });
    // Waits 10, 20, 30, 40, 60, 100: the median halfway between 30 and 40; p95 at 4.75 of 5 steps, 60 + 0.75 * 40.
    expect(v.medianWaitSeconds).toBeCloseTo(35, 6);
    expect(v.p95WaitSeconds).toBeCloseTo(90, 6);
  });

  it('gives every UTC day of the window for the chart, days without renders at 0', async () => {
    const v = (await t.gql(STATS, { id: templateId, ...WINDOW }, designer)).data!['templateRenderStats'].versions[0];
    const empty = (day: string) => ({ day, renders: 0, failed: 0, paidUses: 0, p95WaitSeconds: null });
    expect(v.days.map((d: { day: string }) => d.day)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07']);
    expect(v.days[0]).toEqual(empty('2026-11-01'));
    // 10, 20, 30 -> p95 at 1.9 of 2 steps: 20 + 0.9 * 10.
    expect(v.days[1]).toMatchObject({ day: '2026-11-02', renders: 3, failed: 1, paidUses: 2 });
    expect(v.days[1].p95WaitSeconds).toBeCloseTo(29, 6);
    expect(v.days[2]).toEqual(empty('2026-11-03'));
    // 40, 60, 100 (the cancelled render never started): 60 + 0.9 * 40.
    expect(v.days[3]).toMatchObject({ day: '2026-11-04', renders: 4, failed: 0, paidUses: 2 });
    expect(v.days[3].p95WaitSeconds).toBeCloseTo(96, 6);
    expect(v.days.slice(4)).toEqual([empty('2026-11-05'), empty('2026-11-06'), empty('2026-11-07')]);
  });

  it('takes the window by whole UTC days, both ends included', async () => {
    const wide = (await t.gql(STATS, { id: templateId, from: '2026-10-31', to: '2026-11-08' }, designer)).data!['templateRenderStats'].versions[0];
    expect(wide).toMatchObject({ renders: 9, cancelled: 3 });
    expect(wide.days).toHaveLength(9);
    const oneDay = (await t.gql(STATS, { id: templateId, from: '2026-11-04', to: '2026-11-04' }, designer)).data!['templateRenderStats'].versions[0];
    expect(oneDay).toMatchObject({ renders: 4, succeeded: 3, cancelled: 1, paidUses: 2, refundedUses: 0, refundRate: 0 });
    expect(oneDay.medianWaitSeconds).toBeCloseTo(60, 6);
  });

  it('answers zeros and no waits for a window without renders', async () => {
    const v = (await t.gql(STATS, { id: templateId, from: '2026-01-01', to: '2026-01-02' }, designer)).data!['templateRenderStats'].versions[0];
    expect(v).toMatchObject({ versionId, renders: 0, succeeded: 0, failed: 0, cancelled: 0, paidUses: 0, refundedUses: 0, refundRate: null, medianWaitSeconds: null, p95WaitSeconds: null });
    expect(v.days).toEqual([
      { day: '2026-01-01', renders: 0, failed: 0, paidUses: 0, p95WaitSeconds: null },
      { day: '2026-01-02', renders: 0, failed: 0, paidUses: 0, p95WaitSeconds: null },
    ]);
  });

  it('says nothing of the apps, their end users, identities or images', async () => {
    const body = JSON.stringify((await t.gql(STATS, { id: templateId, ...WINDOW }, admin)).data);
    for (const secret of ['Miaoya', identityId, ...Object.values(renders)]) expect(body).not.toContain(secret);
  });

  it("shows the figures to the owner, the template's co-authors and admins, and NOT_FOUND to another designer or a reviewer", async () => {
    const terms = await t.gql(`mutation($input: RevenueAgreementInput!) { setRevenueAgreement(input: $input) { id } }`, {
      input: { templateId, designerShareBps: 3000, coAuthors: [{ designerId: designer.id, shareBps: 5000 }, { designerId: coAuthor.id, shareBps: 5000 }], effectiveFrom: new Date(Date.now() + 60_000).toISOString() },
    }, admin);
    expect(terms.errors).toBeUndefined();
    for (const who of [designer, coAuthor, admin]) {
      const res = await t.gql(STATS, { id: templateId, ...WINDOW }, who);
      expect(res.errors).toBeUndefined();
      expect(res.data!['templateRenderStats'].versions[0].renders).toBe(7);
    }
    for (const who of [otherDesigner, reviewer]) {
      const res = await t.gql(STATS, { id: templateId, ...WINDOW }, who);
      expect(res.data).toBeNull();
      expect(res.errors![0]).toMatchObject({ message: 'Template not found.', extensions: { code: 'NOT_FOUND', reason: 'common.notFound.template' } });
      // The same answer as the template itself gives them.
      const template = await t.gql(`query($id: ID!) { template(id: $id) { id } }`, { id: templateId }, who);
      if (who === otherDesigner) expect(template.errors![0]).toMatchObject({ message: 'Template not found.', extensions: { code: 'NOT_FOUND' } });
    }
  });

  it('refuses a malformed day, a reversed window and one longer than 366 days, naming the argument', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ from: '2026-11-1', to: '2026-11-07' }, 'from', 'renderStats.dayFormat'],
      [{ from: '2026-11-01', to: '2026-02-30' }, 'to', 'renderStats.dayFormat'],
      [{ from: '2026-11-07', to: '2026-11-01' }, 'to', 'renderStats.rangeReversed'],
      [{ from: '2025-01-01', to: '2026-01-02' }, 'to', 'renderStats.rangeTooLong'],
    ];
    for (const [window, path, reason] of cases) {
      const res = await t.gql(STATS, { id: templateId, ...window }, designer);
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason, issues: [expect.objectContaining({ path, reason })] });
    }
    const longest = await t.gql(STATS, { id: templateId, from: '2025-01-01', to: '2026-01-01' }, designer);
    expect(longest.errors).toBeUndefined();
    expect(longest.data!['templateRenderStats'].versions[0].days).toHaveLength(366);
  });
});
