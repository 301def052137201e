import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectPoll } from '../../../testing/poll.js';
import { ClusterEventsService } from '../src/common/cluster-events.service.js';
import { makePngBytes } from './factories/asset-fixtures.js';
import { createLora, createPreviewSubject, createUser, makeTemplateSpec, postV1, publishTemplate, testWorkerToken, type TestUser } from './factories/factories.js';
import { subscribe, type TestSubscription } from './setup/graphql-ws-client.js';
import { startAnotherInstance, startTestApp, type TestApp } from './setup/test-app.js';

// Two API processes behind an imagined load balancer, on one PostgreSQL, one S3 server and one
// Redis, with one worker: what one process does, the other shows at once. "At once" is a poll
// that gives up after AT_ONCE_MS, well under every cache's own lifetime (5 s and more), so only a
// cross-process invalidation can make these pass.
const AT_ONCE_MS = 1_000;

const CATALOG = `query($first: Int!) { catalog(first: $first) { totalCount edges { node { id title publishedVersion { id previews { id } } } } } }`;
const VERSION = `query($id: ID!) { catalogVersion(id: $id) { id previews { id } } }`;
const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { results { eventId status message } } }`;
const REFUND = `mutation($input: RefundInput!) { recordRefund(input: $input) { status refundedMinor remainingMinor } }`;
const AGREE = `mutation($input: RevenueAgreementInput!) { setRevenueAgreement(input: $input) { id designerShareBps } }`;
const AGREEMENTS = `query($id: ID!) { revenueAgreements(templateId: $id) { designerShareBps } }`;

describe('several API processes', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let coAuthor: TestUser;
  let reviewer: TestUser;
  let subjects: Array<{ id: string }>;
  let catalogKey: string;
  let usageKey: string;
  const open: TestSubscription[] = [];

  const createKey = async (input: Record<string, unknown>) => {
    const res = await a.gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }`, { input }, admin);
    expect(res.errors).toBeUndefined();
    return res.data!['createApiKey'] as { key: string; apiKey: { id: string } };
  };
  const catalogTitles = async (api: TestApp, key = catalogKey) => {
    const res = await api.gql(CATALOG, { first: 20 }, { apiKey: key });
    expect(res.errors).toBeUndefined();
    return (res.data!['catalog'].edges as Array<{ node: { title: string } }>).map((e) => e.node.title).sort();
  };
  const previewsOf = async (api: TestApp, versionId: string, query = VERSION) => {
    const res = await api.gql(query, { id: versionId }, { apiKey: catalogKey });
    expect(res.errors).toBeUndefined();
    return (res.data!['catalogVersion'].previews as Array<{ id: string }>).map((p) => p.id).sort();
  };
  const jobsOf = async (subjectId: string) => (await a.sql.query(`SELECT id FROM preview_jobs WHERE subject_id = $1`, [subjectId])).rows.map((r) => r.id as string);

  beforeAll(async () => {
    const shared = { JWT_SECRET: randomBytes(32).toString('hex'), REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `atelier-test:${randomUUID()}:` };
    a = await startTestApp(shared);
    b = await startAnotherInstance(a);
    admin = await createUser(a, ['ADMIN']);
    designer = await createUser(a, ['DESIGNER']);
    coAuthor = await createUser(a, ['DESIGNER']);
    reviewer = await createUser(a, ['REVIEWER']);
    subjects = [await createPreviewSubject(a, admin, 'Mei'), await createPreviewSubject(a, admin, 'Jun'), await createPreviewSubject(a, admin, 'Lan')];
    catalogKey = (await createKey({ name: 'kiosk', scopes: ['CATALOG_READ'] })).key;
    usageKey = (await createKey({ name: 'camera', scopes: ['USAGE_WRITE'], consumerApp: 'Miaoya Camera' })).key;
  });

  afterAll(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await b?.close();
    await a?.close();
  });

  it('shows through one process a template published through the other, at once', async () => {
    await publishTemplate(a, { designer, reviewer, subjectIds: subjects.map((s) => s.id) }, { title: 'Golden hour' });
    // Both processes now hold the catalog's answer in their caches.
    for (const api of [a, b]) for (let i = 0; i < 2; i++) expect(await catalogTitles(api)).toEqual(['Golden hour']);

    await publishTemplate(a, { designer, reviewer, subjectIds: subjects.map((s) => s.id) }, { title: 'Blue hour' });
    expect(await catalogTitles(a)).toEqual(['Blue hour', 'Golden hour']);
    await expectPoll(() => catalogTitles(b), { timeout: AT_ONCE_MS }).toEqual(['Blue hour', 'Golden hour']);

    const { templateId } = await catalogTemplate(b, 'Blue hour');
    expect((await b.gql(`mutation($id: ID!) { unpublishTemplate(templateId: $id) { id } }`, { id: templateId }, designer)).errors).toBeUndefined();
    expect(await catalogTitles(b)).toEqual(['Golden hour']);
    await expectPoll(() => catalogTitles(a), { timeout: AT_ONCE_MS }).toEqual(['Golden hour']);
  });

  it("takes a retired face's previews out of both processes' catalog answers at once", async () => {
    const { versionId } = await catalogTemplate(a, 'Golden hour');
    const meiJobs = await jobsOf(subjects[0]!.id);
    for (const api of [a, b]) expect((await previewsOf(api, versionId)).filter((id) => meiJobs.includes(id))).not.toEqual([]);
    const all = await previewsOf(b, versionId);

    expect((await a.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: subjects[0]!.id }, admin)).errors).toBeUndefined();
    const left = all.filter((id) => !meiJobs.includes(id));
    expect(await previewsOf(a, versionId)).toEqual(left);
    await expectPoll(() => previewsOf(b, versionId), { timeout: AT_ONCE_MS }).toEqual(left);
    // The catalog page's cached answer too.
    const pageHasMei = async (api: TestApp) => JSON.stringify((await api.gql(CATALOG, { first: 20 }, { apiKey: catalogKey })).data).includes(meiJobs[0]!);
    await expectPoll(() => pageHasMei(b), { timeout: AT_ONCE_MS }).toBe(false);
  });

  it("never serves from any process's cache a face whose consent has run out", async () => {
    const { versionId } = await catalogTemplate(a, 'Golden hour');
    const junJobs = await jobsOf(subjects[1]!.id);
    const expiresAt = Date.now() + 2_500;
    await a.sql.query(`UPDATE preview_subjects SET consent_expires_at = $2 WHERE id = $1`, [subjects[1]!.id, new Date(expiresAt)]);
    // Answers read now show Jun, and are cached (an answer's lifetime is 5 s).
    const fresh = `query($id: ID!) { catalogVersion(id: $id) { previews { id } } }`;
    const shown = await previewsOf(a, versionId, fresh);
    expect(shown.filter((id) => junJobs.includes(id))).not.toEqual([]);
    expect(await previewsOf(b, versionId, fresh)).toEqual(shown);
    const pageOf = async (api: TestApp) => JSON.stringify((await api.gql(CATALOG, { first: 19 }, { apiKey: catalogKey })).data);
    for (const api of [a, b]) expect(await pageOf(api)).toContain(junJobs[0]!);

    await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 50));
    for (const api of [a, b]) {
      expect(await previewsOf(api, versionId, fresh)).toEqual(shown.filter((id) => !junJobs.includes(id)));
      expect(await pageOf(api)).not.toContain(junJobs[0]!);
    }
  });

  it('refuses at once in one process an API key revoked through the other', async () => {
    const key = await createKey({ name: 'soon revoked', scopes: ['CATALOG_READ'] });
    for (const api of [a, b]) expect(await catalogTitles(api, key.key)).toEqual(['Golden hour']);
    expect((await b.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: key.apiKey.id }, admin)).errors).toBeUndefined();
    const refused = async (api: TestApp) => (await api.gql(CATALOG, { first: 20 }, { apiKey: key.key })).errors?.[0]?.extensions['code'];
    expect(await refused(b)).toBe('UNAUTHENTICATED');
    await expectPoll(() => refused(a), { timeout: AT_ONCE_MS }).toBe('UNAUTHENTICATED');
  });

  it("holds an API key's rate limit across both processes (Redis), cached answers counted, and a new limit at once", async () => {
    const { key, apiKey } = await createKey({ name: 'limited', scopes: ['CATALOG_READ'], rateLimitPerMinute: 4 });
    const status = async (api: TestApp) => (await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query: `{ catalog(first: 3) { totalCount } }` }) })).status;
    // Two through each process; all but the first answered from a process's cache.
    expect([await status(a), await status(b), await status(a), await status(b)]).toEqual([200, 200, 200, 200]);
    for (const api of [a, b]) {
      const refused = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query: `{ catalog(first: 3) { totalCount } }` }) });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await refused.json()).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'apiKey.rateLimited', params: { perMinute: 4 } });
    }
    // An admin raises it through one process; the other applies it at once (refused requests cost nothing).
    expect((await a.gql(`mutation($id: ID!) { setApiKeyRateLimit(id: $id, perMinute: 100) { id } }`, { id: apiKey.id }, admin)).errors).toBeUndefined();
    expect(await status(a)).toBe(200);
    await expectPoll(() => status(b), { timeout: AT_ONCE_MS }).toBe(200);
  });

  it('shows a subscriber on one process a job that the worker finished through the other', async () => {
    const template = await a.gql(`mutation { createTemplate(input: { title: "Live", baseModel: SDXL }) { draft { id } } }`, {}, designer);
    const versionId = template.data!['createTemplate'].draft.id as string;
    const requested = await a.gql(`mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id jobs { id } } }`, { input: { versionId, subjectIds: [subjects[2]!.id], seeds: [7] } }, designer);
    expect(requested.errors).toBeUndefined();
    const batchId = requested.data!['requestPreviews'].id as string;
    const live = subscribe(a, `subscription($id: ID!) { previewBatchUpdated(batchId: $id) { jobs { id state imageUrl } } }`, { id: batchId }, { token: designer.token });
    open.push(live);
    const stateOf = (r: { data?: Record<string, any> | null }) => r.data?.['previewBatchUpdated']?.jobs[0]?.state as string | undefined;
    await live.waitFor('the queued batch', (r) => stateOf(r) === 'QUEUED');

    // The one worker leases through one process and reports through the other.
    const token = await testWorkerToken(a);
    const lease = await postV1(b, token, 'jobs/lease?wait=0', {});
    expect(lease.status).toBe(200);
    const { job, leaseId, output } = lease.body;
    expect((await fetch(output.uploadUrl, { method: 'PUT', headers: output.uploadHeaders, body: Uint8Array.from(await makePngBytes({ width: 64, height: 96 })) })).ok).toBe(true);
    expect(await postV1(b, token, `jobs/${job.id}/complete`, { leaseId })).toMatchObject({ status: 200, body: { state: 'SUCCEEDED' } });
    const done = await live.waitFor('SUCCEEDED on the other process', (r) => stateOf(r) === 'SUCCEEDED', AT_ONCE_MS * 2);
    expect(done.data!['previewBatchUpdated'].jobs[0].imageUrl).toContain('X-Amz-Signature');
  });

  it("hands the worker, through one process, a LoRA's trigger words as just edited through the other", async () => {
    const lora = await createLora(a, admin);
    const template = await a.gql(`mutation($input: CreateTemplateInput!) { createTemplate(input: $input) { draft { id } } }`, { input: { title: 'Styled', baseModel: 'SDXL', spec: makeTemplateSpec({ styleLoras: [{ loraId: lora.id, weight: 0.6 }] }) } }, designer);
    expect(template.errors).toBeUndefined();
    const versionId = template.data!['createTemplate'].draft.id as string;
    const token = await testWorkerToken(a);
    // The worker leases through B (which keeps the LoRA's row a minute), and renders the job.
    const renderThroughB = async (seed: number) => {
      expect((await a.gql(`mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id } }`, { input: { versionId, subjectIds: [subjects[2]!.id], seeds: [seed] } }, designer)).errors).toBeUndefined();
      const lease = await postV1(b, token, 'jobs/lease?wait=0', {});
      expect(lease.status).toBe(200);
      const { job, leaseId, output } = lease.body;
      expect((await fetch(output.uploadUrl, { method: 'PUT', headers: output.uploadHeaders, body: Uint8Array.from(await makePngBytes({ width: 64, height: 96 })) })).ok).toBe(true);
      expect((await postV1(b, token, `jobs/${job.id}/complete`, { leaseId })).status).toBe(200);
      return job.styleLoras[0].triggerWords as string[];
    };
    expect(await renderThroughB(1)).toEqual(['film']);
    // Leasing is no read to repeat: wait until B has heard of the edit (a NOTIFY away), then lease.
    let heard = false;
    b.app.get(ClusterEventsService).subscribe('lora', { apply: () => (heard = true), resync: () => undefined });
    expect((await a.gql(`mutation($id: ID!) { updateLora(id: $id, input: { triggerWords: ["kodak portra"] }) { id } }`, { id: lora.id }, admin)).errors).toBeUndefined();
    await expectPoll(() => heard, { timeout: AT_ONCE_MS }).toBe(true);
    expect(await renderThroughB(2)).toEqual(['kodak portra']);
  });

  it('records usage under an agreement set through the other process at once, and refunds it through either', async () => {
    const { templateId, versionId } = await catalogTemplate(a, 'Golden hour');
    const record = async (api: TestApp, eventId: string, grossAmount: number) => {
      const res = await api.gql(RECORD, { events: [{ eventId, templateVersionId: versionId, occurredAt: new Date().toISOString(), grossAmount, currency: 'CNY' }] }, { apiKey: usageKey });
      expect(res.errors).toBeUndefined();
      expect(res.data!['recordUsage'].results[0].status).toBe('ACCEPTED');
      return (await a.sql.query(`SELECT agreement_id FROM usage_events WHERE event_id = $1`, [eventId])).rows[0].agreement_id as string;
    };
    const refund = async (api: TestApp, eventId: string, refundId: string, amount: number) => {
      const res = await api.gql(REFUND, { input: { eventId, refundId, amount } }, { apiKey: usageKey });
      expect(res.errors).toBeUndefined();
      return res.data!['recordRefund'];
    };
    const payable = async (designerId: string) => Number((await a.sql.query(`SELECT -coalesce(sum(e.amount), 0)::bigint AS owed FROM ledger_entries e JOIN ledger_accounts x ON x.id = e.account_id WHERE x.kind = 'DESIGNER_PAYABLE' AND x.owner_id = $1`, [designerId])).rows[0].owed);

    // Both processes know the template's default terms (and keep them in their caches).
    const defaultTerms = await record(b, 'before', 1000);
    expect((await refund(a, 'before', 'rf-before', 100)).status).toBe('ACCEPTED');
    for (const api of [a, b]) expect((await api.gql(AGREEMENTS, { id: templateId }, admin)).data!['revenueAgreements']).toEqual([{ designerShareBps: 3000 }]);

    const set = await a.gql(AGREE, { input: { templateId, designerShareBps: 5000, coAuthors: [{ designerId: designer.id, shareBps: 6000 }, { designerId: coAuthor.id, shareBps: 4000 }], effectiveFrom: new Date().toISOString() } }, admin);
    expect(set.errors).toBeUndefined();
    const agreementId = set.data!['setRevenueAgreement'].id as string;
    await expectPoll(async () => (await b.gql(AGREEMENTS, { id: templateId }, admin)).data!['revenueAgreements'], { timeout: AT_ONCE_MS }).toEqual([{ designerShareBps: 3000 }, { designerShareBps: 5000 }]);

    // 1000 at 50 %, 60/40: 300 to the designer, 200 to the co-author.
    const coAuthorBefore = await payable(coAuthor.id);
    expect(await record(b, 'after', 1000)).toBe(agreementId);
    expect(agreementId).not.toBe(defaultTerms);
    expect((await payable(coAuthor.id)) - coAuthorBefore).toBe(200);
    // Refunds through either process split by the terms the use was recorded under.
    expect(await refund(a, 'after', 'rf-after-1', 500)).toEqual({ status: 'ACCEPTED', refundedMinor: 500, remainingMinor: 500 });
    expect(await refund(b, 'after', 'rf-after-2', 500)).toEqual({ status: 'ACCEPTED', refundedMinor: 1000, remainingMinor: 0 });
    expect(await payable(coAuthor.id)).toBe(coAuthorBefore);
  });

  // The published template of that title, as consumer apps see it.
  async function catalogTemplate(api: TestApp, title: string): Promise<{ templateId: string; versionId: string }> {
    const res = await api.gql(`query { catalog(first: 50) { edges { node { id title publishedVersion { id } } } } }`, {}, { apiKey: catalogKey });
    const node = (res.data!['catalog'].edges as Array<{ node: { id: string; title: string; publishedVersion: { id: string } } }>).find((e) => e.node.title === title)?.node;
    if (!node) throw new Error(`"${title}" is not in the catalog`);
    return { templateId: node.id, versionId: node.publishedVersion.id };
  }
});
