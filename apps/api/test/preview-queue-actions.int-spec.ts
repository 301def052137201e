import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectWordedSentence, wordingOf } from './setup/expect-worded.js';
import { startTestApp, type GqlResult, type TestApp } from './setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, submitWithPreviews, type TestUser } from './factories/factories.js';

// Queue actions where people work: designers cancel their queued previews and render failed ones
// again; reviewers ask for review-priority renders of a submitted version and render their own
// failed ones again. Who may, what counts against whose quota, and what is refused with which words.

const REQUEST = `mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id priority jobs { id state priority } } }`;
const RETRY = `mutation($id: ID!) { retryPreviewJob(id: $id) { id state priority attempts error finishedAt progress } }`;
const CANCEL = `mutation($id: ID!) { cancelPreviewJob(id: $id) { id state } }`;

describe('cancelling and rendering previews again', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let otherDesigner: TestUser;
  let reviewer: TestUser;
  let otherReviewer: TestUser;
  let subjects: Array<{ id: string }>;
  // A version the designer submitted (its previews rendered before anything else was queued).
  let submitted: { templateId: string; versionId: string };

  beforeAll(async () => {
    t = await startTestApp({ PREVIEW_QUEUE_QUOTA_PER_USER: '8' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    otherDesigner = await createUser(t, ['DESIGNER']);
    reviewer = await createUser(t, ['REVIEWER']);
    otherReviewer = await createUser(t, ['REVIEWER']);
    subjects = [await createPreviewSubject(t, admin, 'Mei'), await createPreviewSubject(t, admin, 'Jun')];
    const tpl = await createTemplate(t, designer, { title: 'Submitted look' });
    expect((await submitWithPreviews(t, designer, tpl.draft.id)).errors).toBeUndefined();
    submitted = { templateId: tpl.id, versionId: tpl.draft.id };
  });
  afterAll(() => t?.close());

  let nextSeed = 1000;
  // One queued job per subject asked for, on fresh seeds (nothing answers them from the cache).
  async function request(user: TestUser, versionId: string, extra: Record<string, unknown> = {}, subjectCount = 1) {
    const res = await t.gql(REQUEST, { input: { versionId, subjectIds: subjects.slice(0, subjectCount).map((s) => s.id), seeds: [nextSeed++], ...extra } }, user);
    expect(res.errors).toBeUndefined();
    return res.data!['requestPreviews'] as { id: string; priority: string; jobs: Array<{ id: string; state: string; priority: string }> };
  }

  async function draftOf(owner: TestUser) {
    return (await createTemplate(t, owner)).draft.id;
  }

  // What a worker's failure report leaves: FAILED for a non-retryable error (DEAD once attempts ran out).
  async function fail(jobId: string, state: 'FAILED' | 'DEAD' = 'FAILED') {
    await t.sql.query(`UPDATE preview_jobs SET state = $2, attempts = 1, last_error = 'Node 7 (LoraLoader): lora_name not found', finished_at = now() WHERE id = $1`, [jobId, state]);
  }

  async function failedJob(user: TestUser, versionId: string, extra: Record<string, unknown> = {}) {
    const job = (await request(user, versionId, extra)).jobs[0]!;
    await fail(job.id);
    return job.id;
  }

  function expectRefused(res: GqlResult, code: string, message: RegExp | string) {
    expect(res.status).not.toBe(500);
    expect(res.data?.['retryPreviewJob'] ?? res.data?.['cancelPreviewJob'] ?? null).toBeNull();
    expect(res.errors?.map((e) => e.extensions.code)).toEqual([code]);
    if (typeof message === 'string') expect(res.errors![0]!.message).toBe(message);
    else expect(res.errors![0]!.message).toMatch(message);
    // Refusals of this module carry the reason the studio translates them by.
    if (code !== 'NOT_FOUND') expectWordedSentence(wordingOf(res.errors![0]!));
    return res.errors![0]!;
  }

  async function stateOf(jobId: string): Promise<string> {
    return (await t.sql.query(`SELECT state FROM preview_jobs WHERE id = $1`, [jobId])).rows[0].state;
  }

  it('lets the designer render their own failed, dead and cancelled previews again, back in the queue from scratch', async () => {
    const versionId = await draftOf(designer);
    const failed = await failedJob(designer, versionId);
    const res = await t.gql(RETRY, { id: failed }, designer);
    expect(res.errors).toBeUndefined();
    expect(res.data!['retryPreviewJob']).toEqual({ id: failed, state: 'QUEUED', priority: 'INTERACTIVE', attempts: 0, error: null, finishedAt: null, progress: 0 });

    const dead = (await request(designer, versionId)).jobs[0]!.id;
    await fail(dead, 'DEAD');
    expect((await t.gql(RETRY, { id: dead }, designer)).data!['retryPreviewJob'].state).toBe('QUEUED');

    const queued = (await request(designer, versionId)).jobs[0]!.id;
    expect((await t.gql(CANCEL, { id: queued }, designer)).data!['cancelPreviewJob'].state).toBe('CANCELLED');
    expect((await t.gql(RETRY, { id: queued }, designer)).data!['retryPreviewJob'].state).toBe('QUEUED');
    const audit = await t.sql.query(`SELECT action, actor_id FROM audit_log WHERE entity_id = $1 ORDER BY created_at`, [queued]);
    expect(audit.rows).toEqual([
      { action: 'preview_job.cancel', actor_id: designer.id },
      { action: 'preview_job.retry', actor_id: designer.id },
    ]);
  });

  it('refuses to render again what is waiting, rendering or done, and to cancel what is done, saying why', async () => {
    const versionId = await draftOf(designer);
    const queued = (await request(designer, versionId)).jobs[0]!.id;
    expectRefused(await t.gql(RETRY, { id: queued }, designer), 'INVALID_STATE_TRANSITION', 'This preview is still waiting in the queue; only failed or cancelled previews can be rendered again.');
    const done = (await t.sql.query(`SELECT id FROM preview_jobs WHERE version_id = $1 AND state = 'SUCCEEDED' LIMIT 1`, [submitted.versionId])).rows[0].id;
    expectRefused(await t.gql(RETRY, { id: done }, designer), 'INVALID_STATE_TRANSITION', /^This preview rendered successfully/);
    expectRefused(await t.gql(CANCEL, { id: done }, designer), 'INVALID_STATE_TRANSITION', 'This preview has already finished rendering, so there is nothing to cancel.');
  });

  it('refuses to render again a preview of an earlier state of the draft', async () => {
    const tpl = await createTemplate(t, designer, { title: 'Moving on' });
    const failed = await failedJob(designer, tpl.draft.id);
    const spec = makeTemplateSpec();
    spec.prompt.positive = `${spec.prompt.positive}, film grain`;
    expect((await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }`, { input: { templateId: tpl.id, spec, baseRevision: tpl.headRevision } }, designer)).errors).toBeUndefined();
    const error = expectRefused(await t.gql(RETRY, { id: failed }, designer), 'INVALID_STATE_TRANSITION', /^This preview shows an earlier state of the draft/);
    expect(error.extensions).toMatchObject({ refusal: 'SPEC_CHANGED', currentState: 'FAILED', reason: 'preview.renderAgainSpecChanged' });
    expect(await stateOf(failed)).toBe('FAILED');
  });

  it('keeps the queue quota for renders again: refused at the quota, allowed once room is made', async () => {
    const person = await createUser(t, ['DESIGNER']);
    const versionId = await draftOf(person);
    const failed = await failedJob(person, versionId);
    // Eight waiting: the quota.
    const waiting: Array<{ id: string }> = [];
    for (let i = 0; i < 4; i++) waiting.push(...(await request(person, versionId, {}, 2)).jobs);
    expect(waiting).toHaveLength(8);
    const error = expectRefused(await t.gql(RETRY, { id: failed }, person), 'QUOTA_EXCEEDED', 'You have 8 previews waiting; at most 8 may wait at once. Wait for some to finish or cancel some, then render this one again.');
    expect(error.extensions).toMatchObject({ waiting: 8, requested: 1, quota: 8, reason: 'preview.quotaRenderAgain' });
    expect(await stateOf(failed)).toBe('FAILED');

    expect((await t.gql(CANCEL, { id: waiting[0]!.id }, person)).errors).toBeUndefined();
    expect((await t.gql(RETRY, { id: failed }, person)).data!['retryPreviewJob'].state).toBe('QUEUED');
  });

  it('lets a reviewer ask for review-priority renders of a submitted version, and render their own failed ones again at that priority', async () => {
    const batch = await request(reviewer, submitted.versionId, { priority: 'REVIEW' });
    expect(batch.priority).toBe('REVIEW');
    expect(batch.jobs.map((j) => [j.state, j.priority])).toEqual([['QUEUED', 'REVIEW']]);
    await fail(batch.jobs[0]!.id);
    const res = await t.gql(RETRY, { id: batch.jobs[0]!.id }, reviewer);
    expect(res.errors).toBeUndefined();
    expect(res.data!['retryPreviewJob']).toMatchObject({ state: 'QUEUED', priority: 'REVIEW', attempts: 0 });
    // And cancel them.
    expect((await t.gql(CANCEL, { id: batch.jobs[0]!.id }, reviewer)).data!['cancelPreviewJob'].state).toBe('CANCELLED');
  });

  it('lets the template owner and admins render anyone’s failed previews of it again', async () => {
    const byReviewer = await failedJob(reviewer, submitted.versionId, { priority: 'REVIEW' });
    expect((await t.gql(RETRY, { id: byReviewer }, designer)).data!['retryPreviewJob'].state).toBe('QUEUED');
    const byDesigner = await failedJob(designer, submitted.versionId);
    expect((await t.gql(RETRY, { id: byDesigner }, admin)).data!['retryPreviewJob'].state).toBe('QUEUED');
  });

  it('refuses another reviewer with a clear FORBIDDEN, and keeps other designers’ and reviewers’ hands off drafts (NOT_FOUND)', async () => {
    const byReviewer = await failedJob(reviewer, submitted.versionId, { priority: 'REVIEW' });
    expectRefused(await t.gql(RETRY, { id: byReviewer }, otherReviewer), 'FORBIDDEN', 'Only the person who asked for this preview, the template’s owner or an admin can render it again. Ask for new previews of the version instead.');
    const queued = (await request(reviewer, submitted.versionId, { priority: 'REVIEW' })).jobs[0]!.id;
    expectRefused(await t.gql(CANCEL, { id: queued }, otherReviewer), 'FORBIDDEN', 'Only the person who asked for this preview, the template’s owner or an admin can cancel it.');
    expect(await stateOf(queued)).toBe('QUEUED');
    expect(await stateOf(byReviewer)).toBe('FAILED');

    // The other designer sees nothing of this template; reviewers nothing of a draft.
    expectRefused(await t.gql(RETRY, { id: byReviewer }, otherDesigner), 'NOT_FOUND', 'Preview job not found.');
    const onDraft = await failedJob(designer, await draftOf(designer));
    expectRefused(await t.gql(RETRY, { id: onDraft }, reviewer), 'NOT_FOUND', 'Preview job not found.');
    expectRefused(await t.gql(RETRY, { id: onDraft }, otherDesigner), 'NOT_FOUND', 'Preview job not found.');
  });

  it('counts a render again against the quota of the person who asked for it, and says so to the owner', async () => {
    const busyReviewer = await createUser(t, ['REVIEWER']);
    const failed = await failedJob(busyReviewer, submitted.versionId, { priority: 'REVIEW' });
    for (let i = 0; i < 4; i++) await request(busyReviewer, submitted.versionId, { priority: 'REVIEW' }, 2);
    expectRefused(await t.gql(RETRY, { id: failed }, designer), 'QUOTA_EXCEEDED', 'The person who asked for this preview has 8 previews waiting, the most that may wait at once. Wait for some to finish, then render this one again.');
  });

  it('keeps designers from asking for review priority', async () => {
    const res = await t.gql(REQUEST, { input: { versionId: submitted.versionId, seeds: [7], priority: 'REVIEW' } }, designer);
    expectRefused(res, 'FORBIDDEN', 'Only reviewers request review renders.');
  });
});
