import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../testing/expect-labelled.js';
import { PREVIEW_EVENTS_APPLICATION_NAME, PreviewJobEventsService } from '../src/modules/preview-job/preview-job-events.service.js';
import { makePngBytes } from './factories/asset-fixtures.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, submitWithPreviews, type TestUser } from './factories/factories.js';
import { subscribe, type LiveResult, type TestSubscription } from './setup/graphql-ws-client.js';
import { startAnotherInstance, startTestApp, type TestApp } from './setup/test-app.js';

// Live preview updates over graphql-ws, proven end to end: real sockets, real tokens in
// connectionParams, a worker driving jobs over /v1, and PostgreSQL LISTEN/NOTIFY between two API
// instances on one database.

const JOB_FIELDS = 'id state progress cached seed imageUrl thumbnailUrl queuePosition etaSeconds error subject { id name }';
const BATCH_UPDATES = `subscription($id: ID!) { previewBatchUpdated(batchId: $id) { id jobs { ${JOB_FIELDS} } } }`;
const TEMPLATE_UPDATES = `subscription($id: ID!) { templatePreviewsUpdated(templateId: $id) { ${JOB_FIELDS} } }`;
const REQUEST = `mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id jobs { id } } }`;

interface Lease {
  leaseId: string;
  job: { id: string };
  output: { uploadUrl: string; uploadHeaders: Record<string, string> };
}

type Job = { id: string; state: string; progress: number; imageUrl: string | null; thumbnailUrl: string | null; queuePosition: number | null; etaSeconds: number | null; subject: { id: string; name: string } };

const batchJob = (r: LiveResult) => r.data?.['previewBatchUpdated']?.jobs[0] as Job | undefined;
const feedJob = (r: LiveResult) => r.data?.['templatePreviewsUpdated'] as Job | undefined;

describe('live preview updates over GraphQL subscriptions', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let otherDesigner: TestUser;
  let reviewer: TestUser;
  let subject: { id: string };
  let workerToken: string;
  const open: TestSubscription[] = [];

  function live(api: TestApp, query: string, variables: Record<string, unknown>, user?: TestUser | { token: string }): TestSubscription {
    const sub = subscribe(api, query, variables, user ? { token: user.token } : undefined);
    open.push(sub);
    return sub;
  }

  async function v1(path: string, body: unknown = {}) {
    const res = await fetch(`${a.url}/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${workerToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async function leaseOne(): Promise<Lease> {
    const res = await v1('jobs/lease?wait=0');
    expect(res.status).toBe(200);
    return res.body as Lease;
  }

  async function complete(lease: Lease) {
    const put = await fetch(lease.output.uploadUrl, { method: 'PUT', headers: lease.output.uploadHeaders, body: Uint8Array.from(await makePngBytes({ width: 64, height: 96 })) });
    expect(put.ok).toBe(true);
    const done = await v1(`jobs/${lease.job.id}/complete`, { leaseId: lease.leaseId, gpuMs: 1500 });
    expect(done).toMatchObject({ status: 200, body: { state: 'SUCCEEDED' } });
  }

  async function requestPreview(versionId: string, seed: number, user = designer): Promise<{ batchId: string; jobId: string }> {
    const res = await a.gql(REQUEST, { input: { versionId, subjectIds: [subject.id], seeds: [seed] } }, user);
    expect(res.errors).toBeUndefined();
    return { batchId: res.data!['requestPreviews'].id, jobId: res.data!['requestPreviews'].jobs[0].id };
  }

  async function cancel(jobId: string) {
    const res = await a.gql(`mutation($id: ID!) { cancelPreviewJob(id: $id) { state } }`, { id: jobId }, designer);
    expect(res.data?.['cancelPreviewJob']).toEqual({ state: 'CANCELLED' });
  }

  // Subscribing is asynchronous on the server; a test that needs to see the very next change waits
  // until the instance holds that many open subscriptions.
  async function subscriptionsOpen(api: TestApp, count: number) {
    const events = api.app.get(PreviewJobEventsService);
    const until = Date.now() + 10_000;
    while (events.subscriptionCount < count) {
      if (Date.now() > until) throw new Error(`expected ${count} open subscriptions, have ${events.subscriptionCount}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async function subscriptionsClosed(api: TestApp) {
    const events = api.app.get(PreviewJobEventsService);
    const until = Date.now() + 10_000;
    while (events.subscriptionCount > 0) {
      if (Date.now() > until) throw new Error(`${events.subscriptionCount} subscriptions stayed open after their clients closed`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async function listeningConnections(expected: number): Promise<number> {
    const until = Date.now() + 10_000;
    for (;;) {
      const res = await a.sql.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [PREVIEW_EVENTS_APPLICATION_NAME]);
      if (res.rows[0].n === expected || Date.now() > until) return res.rows[0].n;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    // Both instances must accept the same tokens, as behind a load balancer.
    a = await startTestApp({ JWT_SECRET: randomBytes(32).toString('hex') });
    b = await startAnotherInstance(a);
    admin = await createUser(a, ['ADMIN']);
    designer = await createUser(a, ['DESIGNER']);
    otherDesigner = await createUser(a, ['DESIGNER']);
    reviewer = await createUser(a, ['REVIEWER']);
    subject = await createPreviewSubject(a, admin, 'Mei');
    const issued = await a.gql(`mutation { issueWorkerToken(name: "live-box") { token } }`, {}, admin);
    workerToken = issued.data!['issueWorkerToken'].token;
    expect((await v1('workers/heartbeat', { backend: 'draft', baseModels: ['sdxl', 'sd15'] })).status).toBe(200);
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    // The server ends a subscription when its socket closes; the next test counts from zero.
    await subscriptionsClosed(a);
    await subscriptionsClosed(b);
    // No job may stay queued: the next test's worker must lease its own job.
    expect((await a.sql.query(`SELECT count(*)::int AS n FROM preview_jobs WHERE state IN ('QUEUED', 'LEASED')`)).rows[0].n).toBe(0);
  });

  afterAll(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await b?.close();
    await a?.close();
  });

  it('shows a subscriber its batch go QUEUED -> LEASED -> progress -> SUCCEEDED, with the image', async () => {
    const tpl = await createTemplate(a, designer);
    const { batchId, jobId } = await requestPreview(tpl.draft.id, 7);
    const sub = live(a, BATCH_UPDATES, { id: batchId }, designer);

    const queued = batchJob(await sub.waitFor('the batch as it is (queued)', (r) => batchJob(r)?.state === 'QUEUED'))!;
    expect(queued).toMatchObject({ id: jobId, progress: 0, imageUrl: null, subject: { id: subject.id, name: 'Mei' } });
    expect(queued.queuePosition).toBe(0);
    expect(queued.etaSeconds).toBeGreaterThan(0);

    const lease = await leaseOne();
    expect(lease.job.id).toBe(jobId);
    await sub.waitFor('LEASED', (r) => batchJob(r)?.state === 'LEASED');
    expect((await v1(`jobs/${jobId}/progress`, { leaseId: lease.leaseId, progress: 0.5 })).status).toBe(200);
    await sub.waitFor('progress 0.5', (r) => batchJob(r)?.state === 'LEASED' && batchJob(r)?.progress === 0.5);
    await complete(lease);
    const done = batchJob(await sub.waitFor('SUCCEEDED', (r) => batchJob(r)?.state === 'SUCCEEDED'))!;
    expect(done.progress).toBe(1);
    const image = await fetch(done.imageUrl!);
    expect(image.headers.get('content-type')).toContain('image/png');
    expect((await fetch(done.thumbnailUrl!)).ok).toBe(true);

    // In order, without errors, and nothing after the final state.
    expect(sub.results.every((r) => !r.errors)).toBe(true);
    const states = sub.results.map((r) => batchJob(r)!.state).filter((s, i, all) => s !== all[i - 1]);
    expect(states).toEqual(['QUEUED', 'LEASED', 'SUCCEEDED']);
    const progress = sub.results.map((r) => batchJob(r)!.progress);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    // The same batch the query answers (links aside: they are signed anew each time).
    const query = await a.gql(`query($id: ID!) { previewBatch(id: $id) { id jobs { ${JOB_FIELDS} } } }`, { id: batchId }, designer);
    const withoutLinks = (job: Job) => ({ ...job, imageUrl: !!job.imageUrl, thumbnailUrl: !!job.thumbnailUrl });
    expect(query.data!['previewBatch'].jobs.map(withoutLinks)).toEqual([withoutLinks(done)]);
    expect(sub.completed).toBe(false);
  });

  it('delivers on instance B what a designer and a worker do on instance A (PostgreSQL LISTEN/NOTIFY)', async () => {
    // Two Nest apps, each with its own events service and listening connection; nothing in-process
    // connects them, so whatever B delivers came through the database.
    expect(b.app.get(PreviewJobEventsService)).not.toBe(a.app.get(PreviewJobEventsService));
    expect(await listeningConnections(2)).toBe(2);

    const tpl = await createTemplate(a, designer);
    const feed = live(b, TEMPLATE_UPDATES, { id: tpl.id }, designer);
    await subscriptionsOpen(b, 1);
    const { batchId, jobId } = await requestPreview(tpl.draft.id, 11);
    await feed.waitFor('the new job on B', (r) => feedJob(r)?.id === jobId && feedJob(r)?.state === 'QUEUED');
    const batch = live(b, BATCH_UPDATES, { id: batchId }, designer);
    await batch.waitFor('the batch on B', (r) => batchJob(r)?.state === 'QUEUED');

    const lease = await leaseOne();
    await batch.waitFor('LEASED on B', (r) => batchJob(r)?.state === 'LEASED');
    await v1(`jobs/${jobId}/progress`, { leaseId: lease.leaseId, progress: 0.25 });
    await feed.waitFor('progress on B', (r) => feedJob(r)?.progress === 0.25);
    await complete(lease);
    const done = batchJob(await batch.waitFor('SUCCEEDED on B', (r) => batchJob(r)?.state === 'SUCCEEDED'))!;
    expect(done.imageUrl).toContain('X-Amz-Signature');
    const fed = feedJob(await feed.waitFor('SUCCEEDED in the feed on B', (r) => feedJob(r)?.state === 'SUCCEEDED'))!;
    expect(fed).toMatchObject({ id: jobId, progress: 1 });
    expect((await fetch(fed.imageUrl!)).ok).toBe(true);
  });

  it('keeps delivering after the listening connection is cut: reconnects and catches up on what it missed', async () => {
    const tpl = await createTemplate(a, designer);
    const { batchId, jobId } = await requestPreview(tpl.draft.id, 13);
    const batch = live(b, BATCH_UPDATES, { id: batchId }, designer);
    await batch.waitFor('the queued batch', (r) => batchJob(r)?.state === 'QUEUED');

    await a.sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [PREVIEW_EVENTS_APPLICATION_NAME]);
    // Leased while nobody listens: the notification is lost, the reload after reconnecting is not.
    const lease = await leaseOne();
    expect(lease.job.id).toBe(jobId);
    await batch.waitFor('LEASED after reconnecting', (r) => batchJob(r)?.state === 'LEASED');
    expect(await listeningConnections(2)).toBe(2);
    await v1(`jobs/${jobId}/progress`, { leaseId: lease.leaseId, progress: 0.75 });
    await batch.waitFor('progress over the new connection', (r) => batchJob(r)?.progress === 0.75);
    await complete(lease);
    await batch.waitFor('SUCCEEDED', (r) => batchJob(r)?.state === 'SUCCEEDED');
  });

  it("refuses another designer's batch and template, unknown ids and anonymous callers with a coded error, and completes", async () => {
    const tpl = await createTemplate(a, designer);
    const { batchId, jobId } = await requestPreview(tpl.draft.id, 17);
    const cases: Array<[string, string, Record<string, unknown>, TestUser | { token: string } | undefined, string]> = [
      ["another designer's batch", BATCH_UPDATES, { id: batchId }, otherDesigner, 'NOT_FOUND'],
      ["another designer's template", TEMPLATE_UPDATES, { id: tpl.id }, otherDesigner, 'NOT_FOUND'],
      ['a reviewer on a draft-only template', TEMPLATE_UPDATES, { id: tpl.id }, reviewer, 'NOT_FOUND'],
      ['an unknown batch', BATCH_UPDATES, { id: randomUUID() }, designer, 'NOT_FOUND'],
      ['a malformed template id', TEMPLATE_UPDATES, { id: 'not-a-uuid' }, designer, 'NOT_FOUND'],
      ['anonymous on a batch', BATCH_UPDATES, { id: batchId }, undefined, 'UNAUTHENTICATED'],
      ['anonymous on a template', TEMPLATE_UPDATES, { id: tpl.id }, undefined, 'UNAUTHENTICATED'],
      ['a forged token', BATCH_UPDATES, { id: batchId }, { token: 'not.a.jwt' }, 'UNAUTHENTICATED'],
    ];
    for (const [name, query, variables, user, code] of cases) {
      const sub = live(a, query, variables, user);
      const refused = await sub.waitFor(name, (r) => !!r.errors, 5_000);
      expectLabelled(refused.errors!.map((e) => e.extensions.code), name).toEqual([code]);
      expectLabelled(refused.errors![0]!.message, name).toMatch(/^[A-Z].* /);
      expectLabelled(refused.data?.['previewBatchUpdated'] ?? refused.data?.['templatePreviewsUpdated'] ?? null, name).toBeNull();
      await sub.completion(5_000);
      expectLabelled(sub.results, name).toHaveLength(1);
    }
    // The WebSocket carries subscriptions only; queries and mutations go over HTTP (and its limits).
    const query = live(a, `query { me { id } }`, {}, designer);
    expect((await query.waitFor('a refusal', (r) => !!r.errors, 5_000)).errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    const broken = live(a, `subscription { previewBatchUpdated(`, {}, designer);
    expect((await broken.waitFor('a refusal', (r) => !!r.errors, 5_000)).errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    await cancel(jobId);
  });

  it('feeds a template subscriber only the jobs of that template', async () => {
    const mine = await createTemplate(a, designer, { title: 'Mine' });
    const other = await createTemplate(a, designer, { title: 'Other' });
    const feed = live(a, TEMPLATE_UPDATES, { id: mine.id }, designer);
    await subscriptionsOpen(a, 1);
    const elsewhere = await requestPreview(other.draft.id, 19);
    const here = await requestPreview(mine.draft.id, 19);
    await feed.waitFor('the queued job of this template', (r) => feedJob(r)?.id === here.jobId && feedJob(r)?.state === 'QUEUED');
    await cancel(elsewhere.jobId);
    await cancel(here.jobId);
    await feed.waitFor('its cancellation', (r) => feedJob(r)?.id === here.jobId && feedJob(r)?.state === 'CANCELLED');
    expect(new Set(feed.results.map((r) => feedJob(r)?.id))).toEqual(new Set([here.jobId]));
    expect(feed.results.every((r) => !r.errors)).toBe(true);
  });

  it("shows a reviewer the previews of a template's frozen versions, never of its draft", async () => {
    const tpl = await createTemplate(a, designer, { title: 'Under review' });
    expect((await submitWithPreviews(a, designer, tpl.draft.id)).errors).toBeUndefined();
    const head = (await a.gql(`query($id: ID!) { template(id: $id) { headRevision } }`, { id: tpl.id }, designer)).data!['template'].headRevision;
    const spec = makeTemplateSpec();
    spec.prompt.positive = `${spec.prompt.positive}, softer fill`;
    const saved = await a.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id state } }`, { input: { templateId: tpl.id, spec, baseRevision: head } }, designer);
    expect(saved.data!['saveDraft'].state).toBe('DRAFT');
    const newDraftId = saved.data!['saveDraft'].id as string;
    expect(newDraftId).not.toBe(tpl.draft.id);

    const reviewerFeed = live(a, TEMPLATE_UPDATES, { id: tpl.id }, reviewer);
    const designerFeed = live(a, TEMPLATE_UPDATES, { id: tpl.id }, designer);
    await subscriptionsOpen(a, 2);
    const onDraft = await requestPreview(newDraftId, 23);
    const onSubmitted = await requestPreview(tpl.draft.id, 23);
    await designerFeed.waitFor('the draft job', (r) => feedJob(r)?.id === onDraft.jobId);
    await designerFeed.waitFor('the submitted version job', (r) => feedJob(r)?.id === onSubmitted.jobId);
    await reviewerFeed.waitFor('the submitted version job', (r) => feedJob(r)?.id === onSubmitted.jobId);
    await cancel(onDraft.jobId);
    await cancel(onSubmitted.jobId);
    await reviewerFeed.waitFor('its cancellation', (r) => feedJob(r)?.id === onSubmitted.jobId && feedJob(r)?.state === 'CANCELLED');
    expect(reviewerFeed.results.map((r) => feedJob(r)?.id)).not.toContain(onDraft.jobId);
  });

  it('stops listening when the client unsubscribes', async () => {
    const tpl = await createTemplate(a, designer);
    const events = a.app.get(PreviewJobEventsService);
    const before = events.subscriptionCount;
    const feed = live(a, TEMPLATE_UPDATES, { id: tpl.id }, designer);
    await subscriptionsOpen(a, before + 1);
    await feed.close();
    const until = Date.now() + 5_000;
    while (events.subscriptionCount > before && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(events.subscriptionCount).toBe(before);
  });
});
