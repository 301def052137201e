import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../testing/expect-labelled.js';
import { StorageService } from '../src/modules/asset/storage.service.js';
import { PreviewJobLeaseService } from '../src/modules/preview-job/preview-job-lease.service.js';
import { PreviewSubjectPrivacyService } from '../src/modules/preview-subject/preview-subject-privacy.service.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { makePngBytes } from './factories/asset-fixtures.js';
import { createLora, createPreviewSubject, createTemplate, createUser, makeTemplateSpec, submitWithPreviews, type TestUser } from './factories/factories.js';

// Preview subjects are real people: once retired or once their consent expires, nothing more is
// rendered of them and the privacy sweep deletes their identity LoRA and every preview made from it.

const REQUEST = `mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id jobs { id state } } }`;
const BATCH = `query($id: ID!) { previewBatch(id: $id) { id jobs { id state removed removedAt imageUrl thumbnailUrl error subject { id } } } }`;
const RETIRE = `mutation($id: ID!) { retirePreviewSubject(id: $id) { id active usable retiredAt purgedAt } }`;

interface Lease {
  leaseId: string;
  job: { id: string; subject: { id: string } };
  output: { uploadUrl: string; uploadHeaders: Record<string, string> };
}

interface StoredFile {
  id: string;
  object_key: string;
  state: string;
}

// The sweep runs only when a test asks for it (the app's own timer is set far beyond the test).
const NO_TIMER = { PRIVACY_SWEEP_SECONDS: '86400' };

// Nothing here is an old or orphaned upload (apps/api/test/stale-uploads.int-spec.ts covers those).
const NOTHING_STALE = { outputs: 0, staged: 0, pendingAssets: 0 };

describe('privacy of preview subjects', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let worker: string;
  let storage: StorageService;
  let privacy: PreviewSubjectPrivacyService;

  async function v1(token: string, path: string, body: unknown = {}) {
    const res = await fetch(`${t.url}/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async function leaseOne(): Promise<Lease | null> {
    const res = await v1(worker, 'jobs/lease?wait=0');
    if (res.status === 204) return null;
    expect(res.status).toBe(200);
    return res.body as Lease;
  }

  async function render(lease: Lease) {
    const put = await fetch(lease.output.uploadUrl, { method: 'PUT', headers: lease.output.uploadHeaders, body: Uint8Array.from(await makePngBytes({ width: 32, height: 48 })) });
    expect(put.ok).toBe(true);
    const done = await v1(worker, `jobs/${lease.job.id}/complete`, { leaseId: lease.leaseId });
    expect(done.status).toBe(200);
    return done.body;
  }

  async function request(versionId: string, subjectId: string, seeds: number[]) {
    const res = await t.gql(REQUEST, { input: { versionId, subjectIds: [subjectId], seeds } }, designer);
    expect(res.errors).toBeUndefined();
    return res.data!['requestPreviews'] as { id: string; jobs: Array<{ id: string; state: string }> };
  }

  async function jobsOf(batchId: string) {
    const res = await t.gql(BATCH, { id: batchId }, designer);
    expect(res.errors).toBeUndefined();
    return res.data!['previewBatch'].jobs as Array<{ id: string; state: string; removed: boolean; removedAt: string | null; imageUrl: string | null; thumbnailUrl: string | null; error: string | null }>;
  }

  // Every stored file of a subject: its identity LoRAs (one per base model) and its 3 photos, then
  // the images and thumbnails of its jobs (deletedFiles counts 2 + 3 + those).
  async function filesOf(subjectId: string): Promise<{ identities: StoredFile[]; previews: StoredFile[] }> {
    const identities = (
      await t.sql.query(
        `SELECT a.id, a.object_key, a.state FROM assets a JOIN preview_subject_identity_loras l ON l.asset_id = a.id WHERE l.subject_id = $1
         UNION ALL SELECT a.id, a.object_key, a.state FROM assets a JOIN preview_subject_photos p ON p.asset_id = a.id WHERE p.subject_id = $1`,
        [subjectId],
      )
    ).rows;
    expect(identities).toHaveLength(5);
    const previews = (
      await t.sql.query(
        `SELECT DISTINCT a.id, a.object_key, a.state FROM preview_jobs j JOIN assets a ON a.id IN (j.output_asset_id, j.thumbnail_asset_id) WHERE j.subject_id = $1 ORDER BY a.object_key`,
        [subjectId],
      )
    ).rows;
    return { identities, previews };
  }

  async function auditActions(subjectId: string): Promise<string[]> {
    return (await t.sql.query(`SELECT action FROM audit_log WHERE entity_type = 'preview_subject' AND entity_id = $1 ORDER BY id`, [subjectId])).rows.map((r) => r.action);
  }

  async function newVersion(): Promise<string> {
    return (await createTemplate(t, designer)).draft.id;
  }

  beforeAll(async () => {
    t = await startTestApp(NO_TIMER);
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    storage = t.app.get(StorageService);
    privacy = t.app.get(PreviewSubjectPrivacyService);
    worker = (await t.gql(`mutation { issueWorkerToken(name: "privacy-box") { token } }`, {}, admin)).data!['issueWorkerToken'].token;
    expect((await v1(worker, 'workers/heartbeat', { backend: 'draft', baseModels: ['sdxl', 'sd15'] })).status).toBe(200);
  });
  afterAll(() => t?.close());

  it('retires a subject: the sweep cancels queued jobs, deletes the identity LoRA and every preview and thumbnail, and a re-run changes nothing', async () => {
    const mei = await createPreviewSubject(t, admin, 'Mei');
    const jun = await createPreviewSubject(t, admin, 'Jun');
    const versionId = await newVersion();

    // Mei: one render done (and answered again from cache), one running, one waiting. Jun: one done.
    const rendered = await request(versionId, mei.id, [1]);
    expect((await render((await leaseOne())!)).state).toBe('SUCCEEDED');
    const cachedCopy = await request(versionId, mei.id, [1]);
    expect(cachedCopy.jobs[0]!.state).toBe('SUCCEEDED');
    const running = await request(versionId, mei.id, [2]);
    const runningLease = (await leaseOne())!;
    expect(runningLease.job.id).toBe(running.jobs[0]!.id);
    const junBatch = await request(versionId, jun.id, [1]);
    expect((await render((await leaseOne())!)).state).toBe('SUCCEEDED');
    const waiting = await request(versionId, mei.id, [3]);
    const oldImageUrl = (await jobsOf(rendered.id))[0]!.imageUrl!;
    expect((await fetch(oldImageUrl)).status).toBe(200);

    const before = await filesOf(mei.id);
    expect(before.previews).toHaveLength(2);
    for (const file of [...before.identities, ...before.previews]) expectLabelled(await storage.statSize(file.object_key), file.object_key).not.toBeNull();

    const retired = await t.gql(RETIRE, { id: mei.id }, admin);
    expect(retired.errors).toBeUndefined();
    expect(retired.data!['retirePreviewSubject']).toMatchObject({ id: mei.id, active: false, usable: false, purgedAt: null });
    const retiredAt = retired.data!['retirePreviewSubject'].retiredAt;
    expect(retiredAt).toBeTruthy();
    // Idempotent: the same answer, no second audit row.
    expect((await t.gql(RETIRE, { id: mei.id }, admin)).data!['retirePreviewSubject']).toMatchObject({ active: false, retiredAt });
    expect(await auditActions(mei.id)).toEqual(['preview_subject.created', 'preview_subject.retired']);

    // Retired, not yet swept: the waiting job is never leased.
    expect(await leaseOne()).toBeNull();

    const first = await privacy.purgeWithdrawnSubjects();
    expect(first).toEqual({ ran: true, purges: [{ subjectId: mei.id, reason: 'RETIRED', cancelledJobs: 1, removedPreviews: 3, deletedFiles: 7, identityLoraDeleted: true }], staleUploads: NOTHING_STALE });
    const after = await filesOf(mei.id);
    for (const file of [...after.identities, ...after.previews]) {
      expect(file.state).toBe('DELETED');
      expectLabelled(await storage.statSize(file.object_key), file.object_key).toBeNull();
    }
    expect((await fetch(oldImageUrl)).status).toBe(404);
    // Jun keeps everything.
    for (const file of (await filesOf(jun.id)).previews) expect(await storage.statSize(file.object_key)).not.toBeNull();
    expect((await jobsOf(junBatch.id))[0]).toMatchObject({ removed: false, imageUrl: expect.any(String) });

    // GraphQL: removed previews without links; the waiting one cancelled with the reason.
    for (const batch of [rendered, cachedCopy]) expect((await jobsOf(batch.id))[0]).toMatchObject({ state: 'SUCCEEDED', removed: true, removedAt: expect.any(String), imageUrl: null, thumbnailUrl: null });
    expect((await jobsOf(waiting.id))[0]).toMatchObject({ state: 'CANCELLED', removed: true, imageUrl: null, error: expect.stringContaining('retired') });
    expect((await jobsOf(running.id))[0]).toMatchObject({ state: 'LEASED', removed: false });
    const subjects = (await t.gql(`{ previewSubjects { id usable retiredAt purgedAt } }`, {}, admin)).data!['previewSubjects'];
    expect(subjects.find((s: { id: string }) => s.id === mei.id)).toMatchObject({ usable: false, retiredAt, purgedAt: expect.any(String) });
    expect(await auditActions(mei.id)).toEqual(['preview_subject.created', 'preview_subject.retired', 'preview_subject.purged']);

    // Nothing left to do while the last render still runs.
    expect(await privacy.purgeWithdrawnSubjects()).toEqual({ ran: true, purges: [], staleUploads: NOTHING_STALE });

    // That render finishes after the purge: its result is kept only until the next sweep.
    expect((await render(runningLease)).state).toBe('SUCCEEDED');
    const late = (await filesOf(mei.id)).previews.filter((f) => f.state === 'READY');
    expect(late).toHaveLength(2);
    const second = await privacy.purgeWithdrawnSubjects();
    expect(second.purges).toEqual([{ subjectId: mei.id, reason: 'RETIRED', cancelledJobs: 0, removedPreviews: 1, deletedFiles: 2, identityLoraDeleted: false }]);
    for (const file of late) expect(await storage.statSize(file.object_key)).toBeNull();
    expect((await jobsOf(running.id))[0]).toMatchObject({ state: 'SUCCEEDED', removed: true, imageUrl: null, thumbnailUrl: null });

    // A re-run is a no-op: no change, no audit row.
    const audit = await auditActions(mei.id);
    const snapshot = (await t.sql.query(`SELECT id, state, removed_at FROM preview_jobs WHERE subject_id = $1 ORDER BY id`, [mei.id])).rows;
    expect(await privacy.purgeWithdrawnSubjects()).toEqual({ ran: true, purges: [], staleUploads: NOTHING_STALE });
    expect(await auditActions(mei.id)).toEqual(audit);
    expect((await t.sql.query(`SELECT id, state, removed_at FROM preview_jobs WHERE subject_id = $1 ORDER BY id`, [mei.id])).rows).toEqual(snapshot);
  });

  it('purges a subject whose consent expired the same way, and says so', async () => {
    const ana = await createPreviewSubject(t, admin, 'Ana');
    const versionId = await newVersion();
    const done = await request(versionId, ana.id, [5]);
    expect((await render((await leaseOne())!)).state).toBe('SUCCEEDED');
    const waiting = await request(versionId, ana.id, [6]);
    await t.sql.query(`UPDATE preview_subjects SET consent_expires_at = now() - interval '1 minute' WHERE id = $1`, [ana.id]);

    expect(await leaseOne()).toBeNull();
    const result = await privacy.purgeWithdrawnSubjects();
    expect(result.purges).toEqual([{ subjectId: ana.id, reason: 'CONSENT_EXPIRED', cancelledJobs: 1, removedPreviews: 2, deletedFiles: 7, identityLoraDeleted: true }]);
    const files = await filesOf(ana.id);
    for (const file of [...files.identities, ...files.previews]) expect(await storage.statSize(file.object_key)).toBeNull();
    expect((await jobsOf(done.id))[0]).toMatchObject({ state: 'SUCCEEDED', removed: true, imageUrl: null, thumbnailUrl: null });
    expect((await jobsOf(waiting.id))[0]).toMatchObject({ state: 'CANCELLED', removed: true, error: expect.stringContaining('consent expired') });
    const subject = (await t.gql(`{ previewSubjects { id active usable purgedAt } }`, {}, admin)).data!['previewSubjects'].find((s: { id: string }) => s.id === ana.id);
    expect(subject).toMatchObject({ active: true, usable: false, purgedAt: expect.any(String) });
    const purged = (await t.sql.query(`SELECT actor_kind, after FROM audit_log WHERE entity_id = $1 AND action = 'preview_subject.purged'`, [ana.id])).rows;
    expect(purged).toHaveLength(1);
    expect(purged[0]).toMatchObject({ actor_kind: 'SYSTEM', after: { reason: 'CONSENT_EXPIRED', deletedFiles: 7 } });
    expect(await privacy.purgeWithdrawnSubjects()).toEqual({ ran: true, purges: [], staleUploads: NOTHING_STALE });
  });

  it('never leases a job of a withdrawn subject, not even one re-queued after its lease ran out', async () => {
    const kai = await createPreviewSubject(t, admin, 'Kai');
    const versionId = await newVersion();
    const batch = await request(versionId, kai.id, [7, 8]);
    const lease = (await leaseOne())!;
    expect(lease.job.subject.id).toBe(kai.id);
    expect((await t.gql(RETIRE, { id: kai.id }, admin)).errors).toBeUndefined();

    // The other job waits in the queue, the running one's worker goes quiet and it is re-queued.
    expect(await leaseOne()).toBeNull();
    await t.sql.query(`UPDATE preview_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [lease.job.id]);
    await t.app.get(PreviewJobLeaseService).sweepExpiredLeases();
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM preview_jobs WHERE subject_id = $1 AND state = 'QUEUED'`, [kai.id])).rows[0].n).toBe(2);
    expect(await leaseOne()).toBeNull();
    // Its old lease is stale: a late report of it changes nothing.
    expect((await v1(worker, `jobs/${lease.job.id}/complete`, { leaseId: lease.leaseId })).status).toBe(409);

    const result = await privacy.purgeWithdrawnSubjects();
    expect(result.purges).toEqual([{ subjectId: kai.id, reason: 'RETIRED', cancelledJobs: 2, removedPreviews: 2, deletedFiles: 5, identityLoraDeleted: true }]);
    expect((await jobsOf(batch.id)).map((j) => [j.state, j.removed])).toEqual([
      ['CANCELLED', true],
      ['CANCELLED', true],
    ]);
  });

  it('lets only one of several concurrent sweeps run, and refuses non-admins and unknown subjects', async () => {
    const results = await Promise.all([privacy.purgeWithdrawnSubjects(), privacy.purgeWithdrawnSubjects(), privacy.purgeWithdrawnSubjects()]);
    expect(results.filter((r) => r.ran).length).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r.purges.length === 0)).toBe(true);
    // While another connection holds the lock, a sweep steps aside.
    const holder = await t.sql.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtext('atelier:preview-subject-privacy-sweep'))`);
      expect(await privacy.purgeWithdrawnSubjects()).toEqual({ ran: false, purges: [] });
      await holder.query(`SELECT pg_advisory_unlock(hashtext('atelier:preview-subject-privacy-sweep'))`);
    } finally {
      holder.release();
    }
    const subject = await createPreviewSubject(t, admin, 'Ines');
    expect((await t.gql(RETIRE, { id: subject.id }, designer)).errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(RETIRE, { id: '00000000-0000-4000-8000-000000000000' }, admin)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await t.sql.query(`SELECT active FROM preview_subjects WHERE id = $1`, [subject.id])).rows[0].active).toBe(true);
  });
});

describe('identity LoRAs and the catalog', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(NO_TIMER);
  });
  afterAll(() => t?.close());

  it('never shows an identity LoRA (object key, link, file hash or id) in a catalog answer', async () => {
    const admin = await createUser(t, ['ADMIN']);
    const designer = await createUser(t, ['DESIGNER']);
    const reviewer = await createUser(t, ['REVIEWER']);
    const subjects = [await createPreviewSubject(t, admin, 'Mei'), await createPreviewSubject(t, admin, 'Jun')];
    const lora = await createLora(t, admin);
    const tpl = await createTemplate(t, designer, { title: 'Window light', spec: makeTemplateSpec({ styleLoras: [{ loraId: lora.id, weight: 0.6 }] }) });
    expect((await submitWithPreviews(t, designer, tpl.draft.id)).errors).toBeUndefined();
    const scores = subjects.map((s) => ({ subjectId: s.id, real: 95, like: 95, beautiful: 95 }));
    expect((await t.gql(`mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { state } }`, { input: { versionId: tpl.draft.id, decision: 'APPROVE', scores } }, reviewer)).errors).toBeUndefined();
    expect((await t.gql(`mutation($id: ID!) { publishVersion(versionId: $id) { id } }`, { id: tpl.draft.id }, designer)).errors).toBeUndefined();
    const apiKey = (await t.gql(`mutation { createApiKey(input: { name: "kiosk", scopes: [CATALOG_READ] }) { key } }`, {}, admin)).data!['createApiKey'].key;

    const VERSION = `id templateId title number specHash spec current publishedAt coverUrl previews { id url width height } comfyGraph`;
    const page = await t.gql(`{ catalog(first: 10) { totalCount edges { cursor node { id title description tags category baseModel publishedAt publishedVersion { ${VERSION} } } } } }`, {}, { apiKey });
    const pinned = await t.gql(`query($id: ID!) { catalogVersion(id: $id) { ${VERSION} } }`, { id: tpl.draft.id }, { apiKey });
    expect(page.errors).toBeUndefined();
    expect(pinned.errors).toBeUndefined();
    expect(page.data!['catalog'].totalCount).toBe(1);
    const answers = JSON.stringify([page.data, pinned.data]);
    // The style LoRA is there (the check can see LoRA hashes), the identity LoRAs never are.
    expect(answers).toContain((await t.sql.query(`SELECT sha256 FROM loras WHERE id = $1`, [lora.id])).rows[0].sha256);
    const identities = (await t.sql.query(`SELECT a.id, a.object_key, a.sha256, a.file_name FROM preview_subject_identity_loras l JOIN assets a ON a.id = l.asset_id`)).rows;
    // Two faces, an identity LoRA for each base model.
    expect(identities).toHaveLength(4);
    for (const identity of identities) {
      for (const secret of [identity.id, identity.object_key, encodeURI(identity.object_key), identity.sha256, identity.sha256.slice(0, 16)]) expect(answers).not.toContain(secret);
    }
    for (const subject of subjects) expect(answers).not.toContain(subject.id);

    // Mei withdraws: her renders leave the catalog at once, before any sweep has deleted a file.
    const before = (await t.gql(`query($id: ID!) { catalogVersion(id: $id) { previews { id } coverUrl } }`, { id: tpl.draft.id }, { apiKey })).data!['catalogVersion'];
    expect(before.previews).toHaveLength(4);
    expect((await t.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: subjects[0]!.id }, admin)).errors).toBeUndefined();
    const after = (await t.gql(`query($id: ID!) { catalogVersion(id: $id) { previews { id } coverUrl } }`, { id: tpl.draft.id }, { apiKey })).data!['catalogVersion'];
    const meiJobs = (await t.sql.query(`SELECT id FROM preview_jobs WHERE subject_id = $1`, [subjects[0]!.id])).rows.map((r) => r.id as string);
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM preview_jobs WHERE subject_id = $1 AND removed_at IS NOT NULL`, [subjects[0]!.id])).rows[0].n).toBe(0);
    expect(after.previews).toHaveLength(2);
    expect(after.previews.some((p: { id: string }) => meiJobs.includes(p.id))).toBe(false);
    expect(after.coverUrl).not.toBeNull();
  });
});
