import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { defaultSeedsForTemplate } from '@atelier/preview-job';
import { computeSpecHash, type TemplateSpec } from '@atelier/template-spec';
import { COMFY_NODE_TABLE, INSTANTID_NODE_CLASSES } from '@atelier/comfy-compile';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { PreviewJobLeaseService } from '../src/modules/preview-job/preview-job-lease.service.js';
import { StorageService } from '../src/modules/asset/storage.service.js';
import { previewOutputKey } from '../src/modules/preview-job/lease-payload.service.js';
import { makePngBytes } from './factories/asset-fixtures.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, testWorkerToken, type TestUser } from './factories/factories.js';

const REQUEST = `mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id specHash jobs { id state cached seed subject { id name } queuePosition etaSeconds waitingForWorker imageUrl thumbnailUrl error } } }`;
const BATCH = `query($id: ID!) { previewBatch(id: $id) { id jobs { id state cached seed imageUrl thumbnailUrl error attempts } } }`;

interface Lease {
  leaseId: string;
  job: { id: string; seed: number; subject: { id: string; identityLora: { url: string } }; spec: { canvas: { width: number } } };
  output: { uploadUrl: string; uploadHeaders: Record<string, string> };
}

describe('preview jobs and the worker protocol', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let subjects: Array<{ id: string }>;

  async function workerToken(name: string): Promise<string> {
    const res = await t.gql(`mutation($n: String!) { issueWorkerToken(name: $n) { token } }`, { n: name }, admin);
    return res.data!['issueWorkerToken'].token;
  }

  async function v1(token: string, path: string, body: unknown = {}) {
    const res = await fetch(`${t.url}/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async function startWorker(name: string): Promise<string> {
    const token = await workerToken(name);
    expect((await v1(token, 'workers/heartbeat', { backend: 'draft', baseModels: ['sdxl', 'sd15'] })).status).toBe(200);
    return token;
  }

  async function leaseOne(token: string, wait = 0): Promise<Lease | null> {
    const res = await v1(token, `jobs/lease?wait=${wait}`);
    if (res.status === 204) return null;
    expect(res.status).toBe(200);
    return res.body as Lease;
  }

  async function render(token: string, lease: Lease) {
    const png = await makePngBytes({ width: 64, height: 96 });
    const put = await fetch(lease.output.uploadUrl, { method: 'PUT', headers: lease.output.uploadHeaders, body: Uint8Array.from(png) });
    expect(put.ok).toBe(true);
    return v1(token, `jobs/${lease.job.id}/complete`, { leaseId: lease.leaseId, gpuMs: 4000 });
  }

  async function newDraft() {
    const tpl = await createTemplate(t, designer);
    return { templateId: tpl.id, versionId: tpl.draft.id, specHash: tpl.draft.specHash };
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    subjects = [await createPreviewSubject(t, admin, 'Mei'), await createPreviewSubject(t, admin, 'Jun')];
  });
  afterAll(() => t?.close());

  it('requests one job per consenting subject and two reproducible seeds, queued with positions', async () => {
    const draft = await newDraft();
    const res = await t.gql(REQUEST, { input: { versionId: draft.versionId } }, designer);
    expect(res.errors).toBeUndefined();
    const jobs = res.data!['requestPreviews'].jobs;
    expect(jobs).toHaveLength(4);
    expect(new Set(jobs.map((j: any) => j.seed))).toEqual(new Set(defaultSeedsForTemplate(draft.templateId)));
    // Another spec of the same template renders with the same seeds, so versions compare like for like.
    const edited = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { specHash } }`, { input: { templateId: draft.templateId, spec: makeTemplateSpec({ canvas: { width: 768, height: 1024 } }), baseRevision: 1 } }, designer);
    expect(edited.errors).toBeUndefined();
    expect(edited.data!['saveDraft'].specHash).not.toBe(draft.specHash);
    const again = (await t.gql(REQUEST, { input: { versionId: draft.versionId } }, designer)).data!['requestPreviews'];
    expect(new Set(again.jobs.map((j: any) => j.seed))).toEqual(new Set(defaultSeedsForTemplate(draft.templateId)));
    expect(new Set(jobs.map((j: any) => j.subject.id))).toEqual(new Set(subjects.map((s) => s.id)));
    // No worker has connected yet: they wait for one, with no made-up estimate.
    expect(jobs.every((j: any) => j.state === 'QUEUED' && j.queuePosition >= 0 && j.etaSeconds === null && j.waitingForWorker === true)).toBe(true);
    const waiting = (await t.gql(`query($id: ID!) { previewBatch(id: $id) { jobs { waitingReason } } }`, { id: again.id }, designer)).data!['previewBatch'];
    expect(waiting.jobs.map((j: any) => j.waitingReason)).toEqual(jobs.map(() => 'NO_WORKER_ONLINE'));
    // Once a worker of their backend is online, each has an estimate.
    await testWorkerToken(t);
    const batch = (await t.gql(`query($id: ID!) { previewBatch(id: $id) { jobs { state queuePosition etaSeconds waitingForWorker waitingReason } } }`, { id: again.id }, designer)).data!['previewBatch'];
    expect(batch.jobs.every((j: any) => j.state === 'QUEUED' && j.queuePosition >= 0 && j.etaSeconds > 0 && j.waitingForWorker === false && j.waitingReason === null)).toBe(true);
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED' WHERE state = 'QUEUED'`);
  });

  it('leases, renders, completes once, and answers the same render from cache next time', async () => {
    const token = await startWorker('box-a');
    const draft = await newDraft();
    const batch = (await t.gql(REQUEST, { input: { versionId: draft.versionId, subjectIds: [subjects[0]!.id], seeds: [7] } }, designer)).data!['requestPreviews'];
    const lease = (await leaseOne(token))!;
    expect(lease.job.id).toBe(batch.jobs[0].id);
    expect(lease.job.seed).toBe(7);
    expect(lease.job.subject.identityLora.url).toContain('X-Amz-Signature');

    const progress = await v1(token, `jobs/${lease.job.id}/progress`, { leaseId: lease.leaseId, progress: 0.5 });
    expect(progress.body).toMatchObject({ state: 'LEASED', progress: 0.5 });
    const done = await render(token, lease);
    expect(done).toMatchObject({ status: 200, body: { state: 'SUCCEEDED' } });
    // The upload area is cleared once the result is kept.
    expect(await t.app.get(StorageService).statSize(`preview-output/${lease.job.id}/${lease.leaseId}.png`)).toBeNull();
    expect(await v1(token, `jobs/${lease.job.id}/complete`, { leaseId: lease.leaseId })).toMatchObject({ status: 200, body: { state: 'SUCCEEDED' } });
    expect((await v1(token, `jobs/${lease.job.id}/complete`, { leaseId: '00000000-0000-4000-8000-000000000000' })).status).toBe(409);

    const finished = (await t.gql(BATCH, { id: batch.id }, designer)).data!['previewBatch'].jobs[0];
    expect(finished.state).toBe('SUCCEEDED');
    const image = await fetch(finished.imageUrl);
    expect(image.headers.get('content-type')).toContain('image/png');
    expect((await fetch(finished.thumbnailUrl)).ok).toBe(true);

    const again = (await t.gql(REQUEST, { input: { versionId: draft.versionId, subjectIds: [subjects[0]!.id], seeds: [7] } }, designer)).data!['requestPreviews'];
    expect(again.jobs[0]).toMatchObject({ state: 'SUCCEEDED', cached: true });
    expect(again.jobs[0].imageUrl).toBeTruthy();
    expect(await leaseOne(token)).toBeNull();
    const workers = await t.gql(`{ workers { name status jobsDone gpuSeconds } }`, {}, admin);
    expect(workers.data!['workers']).toContainEqual({ name: 'box-a', status: 'ONLINE', jobsDone: 1, gpuSeconds: 4 });
  });

  it('leases up to max jobs in one call to a box with several GPUs, each its own lease, each completing on its own', async () => {
    const token = await startWorker('box-8gpu');
    const draft = await newDraft();
    const batch = (await t.gql(REQUEST, { input: { versionId: draft.versionId, seeds: [9021, 9022] } }, designer)).data!['requestPreviews'];
    expect(batch.jobs).toHaveLength(4);
    const first = await v1(token, 'jobs/lease?wait=0&max=3');
    expect(first.status).toBe(200);
    const leases = first.body.leases as Lease[];
    expect(leases).toHaveLength(3);
    expect(new Set(leases.map((l) => l.leaseId)).size).toBe(3);
    expect(new Set(leases.map((l) => l.job.id)).size).toBe(3);
    // Fewer left than asked for: what there is; then none (204).
    const rest = await v1(token, 'jobs/lease?wait=0&max=16');
    expect(rest.body.leases).toHaveLength(1);
    expect((await v1(token, 'jobs/lease?wait=0&max=2')).status).toBe(204);
    // Each lease is its own: one fails, one completes, another's lease does not complete a third job.
    const [a, b, c] = leases as [Lease, Lease, Lease];
    expect((await v1(token, `jobs/${c.job.id}/complete`, { leaseId: a.leaseId })).status).toBe(409);
    expect(await render(token, a)).toMatchObject({ status: 200, body: { state: 'SUCCEEDED' } });
    expect(await v1(token, `jobs/${b.job.id}/fail`, { leaseId: b.leaseId, retryable: false, error: 'GPU 1 ran out of memory' })).toMatchObject({ status: 200, body: { state: 'FAILED' } });
    expect(await render(token, c)).toMatchObject({ status: 200, body: { state: 'SUCCEEDED' } });
    const states = (await t.gql(BATCH, { id: batch.id }, designer)).data!['previewBatch'].jobs.map((j: any) => j.state).sort();
    expect(states).toEqual(['FAILED', 'LEASED', 'SUCCEEDED', 'SUCCEEDED']);
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED', lease_id = NULL, leased_by = NULL WHERE state IN ('QUEUED', 'LEASED')`);
  });

  it('reports several finished jobs in one call, each on its own lease: a stale lease or a missing output refuses only that item', async () => {
    const token = await startWorker('box-report');
    const draft = await newDraft();
    const batch = (await t.gql(REQUEST, { input: { versionId: draft.versionId, seeds: [9041, 9042, 9043] } }, designer)).data!['requestPreviews'];
    expect(batch.jobs).toHaveLength(6);
    const leases = (await v1(token, 'jobs/lease?wait=0&max=6')).body.leases as Lease[];
    expect(leases).toHaveLength(6);
    const [a, b, c, d, e, f] = leases as [Lease, Lease, Lease, Lease, Lease, Lease];
    const png = await makePngBytes({ width: 64, height: 96 });
    for (const l of [a, b, e]) expect((await fetch(l.output.uploadUrl, { method: 'PUT', headers: l.output.uploadHeaders, body: Uint8Array.from(png) })).ok).toBe(true);
    const unknown = '00000000-0000-4000-8000-000000000001';
    const reports = [
      { type: 'complete', jobId: a.job.id, leaseId: a.leaseId, gpuMs: 3000 },
      { type: 'complete', jobId: b.job.id, leaseId: b.leaseId, gpuMs: 5000 },
      { type: 'complete', jobId: c.job.id, leaseId: c.leaseId }, // nothing uploaded
      { type: 'fail', jobId: d.job.id, leaseId: d.leaseId, retryable: false, error: 'GPU 3 ran out of memory' },
      { type: 'complete', jobId: e.job.id, leaseId: unknown }, // not this job's lease
      { type: 'fail', jobId: f.job.id, leaseId: f.leaseId, retryable: true, error: 'ComfyUI restarted' },
      { type: 'complete', jobId: unknown, leaseId: a.leaseId },
    ];
    const done = await v1(token, 'jobs/report', { reports });
    expect(done.status).toBe(200);
    expect(done.body.results).toEqual([
      { jobId: a.job.id, ok: true, job: expect.objectContaining({ state: 'SUCCEEDED', progress: 1 }) },
      { jobId: b.job.id, ok: true, job: expect.objectContaining({ state: 'SUCCEEDED' }) },
      { jobId: c.job.id, ok: false, status: 400, code: 'BAD_USER_INPUT', message: expect.stringContaining('has not arrived') },
      { jobId: d.job.id, ok: true, job: expect.objectContaining({ state: 'FAILED', error: 'GPU 3 ran out of memory' }) },
      { jobId: e.job.id, ok: false, status: 409, code: 'INVALID_STATE_TRANSITION', message: expect.any(String) },
      { jobId: f.job.id, ok: true, job: expect.objectContaining({ state: 'QUEUED', attempts: 1, error: 'ComfyUI restarted' }) },
      { jobId: unknown, ok: false, status: 404, code: 'NOT_FOUND', message: 'Preview job not found.' },
    ]);
    // A refused item changed nothing: c and e are still leased, and can still be completed.
    const states = await t.sql.query(`SELECT id, state, output_asset_id, thumbnail_asset_id, finished_at, gpu_ms FROM preview_jobs WHERE id = ANY($1::uuid[])`, [leases.map((l) => l.job.id)]);
    const row = (l: Lease) => states.rows.find((r) => r.id === l.job.id);
    expect([a, b, c, d, e, f].map((l) => row(l).state)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'LEASED', 'FAILED', 'LEASED', 'QUEUED']);
    expect(row(a)).toMatchObject({ gpu_ms: 3000, output_asset_id: expect.any(String), thumbnail_asset_id: expect.any(String), finished_at: expect.any(Date) });
    expect(row(a).output_asset_id).not.toBe(row(b).output_asset_id);
    const assets = await t.sql.query(`SELECT content_type, width, height, state FROM assets WHERE id = ANY($1::uuid[]) ORDER BY content_type`, [[row(a).output_asset_id, row(a).thumbnail_asset_id]]);
    expect(assets.rows).toEqual([
      { content_type: 'image/png', width: 64, height: 96, state: 'READY' },
      { content_type: 'image/webp', width: expect.any(Number), height: expect.any(Number), state: 'READY' },
    ]);
    const served = (await t.gql(BATCH, { id: batch.id }, designer)).data!['previewBatch'].jobs.find((j: any) => j.id === a.job.id);
    expect((await fetch(served.imageUrl)).headers.get('content-type')).toContain('image/png');
    expect((await fetch(served.thumbnailUrl)).ok).toBe(true);
    // The upload area of a finished job is cleared; the worker counts its two completions.
    expect(await t.app.get(StorageService).statSize(previewOutputKey(a.job.id, a.leaseId))).toBeNull();
    const counted = await t.gql(`{ workers { name jobsDone gpuSeconds } }`, {}, admin);
    expect(counted.data!['workers']).toContainEqual({ name: 'box-report', jobsDone: 2, gpuSeconds: 8 });

    // Repeating the call is safe: what went through answers as it is now, what was refused is refused again.
    const again = await v1(token, 'jobs/report', { reports });
    expect(again.body.results.map((r: any) => (r.ok ? r.job.state : r.status))).toEqual(['SUCCEEDED', 'SUCCEEDED', 400, 'FAILED', 409, 'QUEUED', 404]);
    const recounted = await t.gql(`{ workers { name jobsDone } }`, {}, admin);
    expect(recounted.data!['workers']).toContainEqual({ name: 'box-report', jobsDone: 2 });
    expect((await t.sql.query(`SELECT output_asset_id FROM preview_jobs WHERE id = $1`, [a.job.id])).rows[0].output_asset_id).toBe(row(a).output_asset_id);

    // The refused completion goes through once its output is there.
    expect((await fetch(c.output.uploadUrl, { method: 'PUT', headers: c.output.uploadHeaders, body: Uint8Array.from(png) })).ok).toBe(true);
    const late = await v1(token, 'jobs/report', { reports: [{ type: 'complete', jobId: c.job.id, leaseId: c.leaseId }] });
    expect(late.body.results).toEqual([{ jobId: c.job.id, ok: true, job: expect.objectContaining({ state: 'SUCCEEDED' }) }]);
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED', lease_id = NULL, leased_by = NULL WHERE state IN ('QUEUED', 'LEASED')`);
  });

  it('completes a job once when its batched report races its single report, and refuses bad batches whole', async () => {
    const token = await startWorker('box-report-race');
    const draft = await newDraft();
    await t.gql(REQUEST, { input: { versionId: draft.versionId, subjectIds: [subjects[0]!.id], seeds: [9051] } }, designer);
    const lease = (await leaseOne(token))!;
    const png = await makePngBytes({ width: 64, height: 96 });
    expect((await fetch(lease.output.uploadUrl, { method: 'PUT', headers: lease.output.uploadHeaders, body: Uint8Array.from(png) })).ok).toBe(true);
    const item = { type: 'complete', jobId: lease.job.id, leaseId: lease.leaseId };
    const [batched, single, batchedAgain] = await Promise.all([
      v1(token, 'jobs/report', { reports: [item] }),
      v1(token, `jobs/${lease.job.id}/complete`, { leaseId: lease.leaseId }),
      v1(token, 'jobs/report', { reports: [item] }),
    ]);
    expect(single).toMatchObject({ status: 200, body: { state: 'SUCCEEDED' } });
    for (const answer of [batched, batchedAgain]) expect(answer.body.results).toEqual([{ jobId: lease.job.id, ok: true, job: expect.objectContaining({ state: 'SUCCEEDED' }) }]);
    const job = (await t.sql.query(`SELECT output_asset_id FROM preview_jobs WHERE id = $1`, [lease.job.id])).rows[0];
    // One result kept: the files of the losers are gone, only the kept image is under the job's prefix.
    const kept = await t.app.get(StorageService).list(`preview-image/${lease.job.id}/`);
    expect(kept.map((o) => o.key).sort()).toEqual([`preview-image/${lease.job.id}/${lease.leaseId}/preview.png`, `preview-image/${lease.job.id}/${lease.leaseId}/thumb.webp`]);
    expect((await t.sql.query(`SELECT object_key FROM assets WHERE id = $1`, [job.output_asset_id])).rows[0].object_key).toBe(`preview-image/${lease.job.id}/${lease.leaseId}/preview.png`);
    const counted = await t.gql(`{ workers { name jobsDone } }`, {}, admin);
    expect(counted.data!['workers']).toContainEqual({ name: 'box-report-race', jobsDone: 1 });

    for (const body of [{ reports: [] }, { reports: [item, item] }, { reports: [{ ...item, type: 'release' }] }, { reports: Array.from({ length: 33 }, () => item) }]) {
      const refused = await v1(token, 'jobs/report', body);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('BAD_USER_INPUT');
    }
  });

  it('completes each job once when the same batch is sent three times at once in different orders', async () => {
    const token = await startWorker('box-report-orders');
    const draft = await newDraft();
    await t.gql(REQUEST, { input: { versionId: draft.versionId, seeds: [9061, 9062] } }, designer);
    const leases = (await v1(token, 'jobs/lease?wait=0&max=4')).body.leases as Lease[];
    expect(leases).toHaveLength(4);
    const png = await makePngBytes({ width: 64, height: 96 });
    for (const l of leases) expect((await fetch(l.output.uploadUrl, { method: 'PUT', headers: l.output.uploadHeaders, body: Uint8Array.from(png) })).ok).toBe(true);
    const items = leases.map((l) => ({ type: 'complete', jobId: l.job.id, leaseId: l.leaseId, gpuMs: 1000 }));
    const answers = await Promise.all([items, [...items].reverse(), [items[2], items[0], items[3], items[1]]].map((reports) => v1(token, 'jobs/report', { reports })));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.results.every((r: any) => r.ok && r.job.state === 'SUCCEEDED')).toBe(true);
    }
    const rows = await t.sql.query(`SELECT j.id, a.object_key FROM preview_jobs j JOIN assets a ON a.id = j.output_asset_id WHERE j.id = ANY($1::uuid[])`, [leases.map((l) => l.job.id)]);
    expect(rows.rows).toHaveLength(4);
    for (const l of leases) {
      expect(rows.rows.find((r) => r.id === l.job.id).object_key).toBe(`preview-image/${l.job.id}/${l.leaseId}/preview.png`);
      expect((await t.app.get(StorageService).list(`preview-image/${l.job.id}/`)).map((o) => o.key).sort()).toEqual([`preview-image/${l.job.id}/${l.leaseId}/preview.png`, `preview-image/${l.job.id}/${l.leaseId}/thumb.webp`]);
    }
    const counted = await t.gql(`{ workers { name jobsDone gpuSeconds } }`, {}, admin);
    expect(counted.data!['workers']).toContainEqual({ name: 'box-report-orders', jobsDone: 4, gpuSeconds: 4 });
  });

  it('refuses max outside 1..16 with a clear error, and two boxes leasing batches at once never share a job', async () => {
    const one = await startWorker('box-race-1');
    const two = await startWorker('box-race-2');
    for (const max of ['0', '17', 'two', '1.5']) {
      const refused = await v1(one, `jobs/lease?wait=0&max=${max}`);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'BAD_USER_INPUT', message: 'max must be a whole number from 1 to 16.' });
    }
    const draft = await newDraft();
    await t.gql(REQUEST, { input: { versionId: draft.versionId, seeds: [9031, 9032, 9033, 9034, 9035] } }, designer);
    const [x, y] = await Promise.all([v1(one, 'jobs/lease?wait=0&max=8'), v1(two, 'jobs/lease?wait=0&max=8')]);
    const ids = [...(x.body?.leases ?? []), ...(y.body?.leases ?? [])].map((l: Lease) => l.job.id);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED', lease_id = NULL, leased_by = NULL WHERE state IN ('QUEUED', 'LEASED')`);
  });

  it('refuses an oversize output from its size, before reading it, and deletes it', async () => {
    const token = await startWorker('box-big');
    const draft = await newDraft();
    await t.gql(REQUEST, { input: { versionId: draft.versionId, subjectIds: [subjects[0]!.id], seeds: [11] } }, designer);
    const lease = (await leaseOne(token))!;
    const put = await fetch(lease.output.uploadUrl, { method: 'PUT', headers: lease.output.uploadHeaders, body: new Uint8Array(21 * 1024 * 1024) });
    expect(put.ok).toBe(true);
    const done = await v1(token, `jobs/${lease.job.id}/complete`, { leaseId: lease.leaseId });
    expect(done.status).toBe(400);
    expect(JSON.stringify(done.body)).toContain('The output image is 21 MB; a preview may be at most 20 MB.');
    expect(await t.app.get(StorageService).statSize(previewOutputKey(lease.job.id, lease.leaseId))).toBeNull();
  });

  it('refuses an output that is not an image or whose image data is cut short, alone or in a batch, and keeps the lease', async () => {
    const token = await startWorker('box-bad-output');
    const draft = await newDraft();
    await t.gql(REQUEST, { input: { versionId: draft.versionId, subjectIds: [subjects[0]!.id], seeds: [12, 13] } }, designer);
    const leases = (await v1(token, 'jobs/lease?wait=0&max=2')).body.leases as Lease[];
    const [text, cut] = leases as [Lease, Lease];
    const png = await makePngBytes({ width: 64, height: 96 });
    // A header that says 64 x 96 (so the header check passes), with its pixel data cut off.
    const truncated = png.subarray(0, Math.floor(png.length / 2));
    for (const [lease, body] of [[text, Buffer.from('<html>not an image</html>')], [cut, truncated]] as const) {
      expect((await fetch(lease.output.uploadUrl, { method: 'PUT', headers: lease.output.uploadHeaders, body: Uint8Array.from(body) })).ok).toBe(true);
    }
    for (const lease of [text, cut]) {
      const alone = await v1(token, `jobs/${lease.job.id}/complete`, { leaseId: lease.leaseId });
      expect(alone.status).toBe(400);
      expect(alone.body.message).toContain('The output is not a usable image');
    }
    const batched = await v1(token, 'jobs/report', { reports: [text, cut].map((l) => ({ type: 'complete', jobId: l.job.id, leaseId: l.leaseId })) });
    expect(batched.body.results.map((r: any) => [r.ok, r.status, r.code])).toEqual([
      [false, 400, 'BAD_USER_INPUT'],
      [false, 400, 'BAD_USER_INPUT'],
    ]);
    const rows = await t.sql.query(`SELECT state, output_asset_id FROM preview_jobs WHERE id = ANY($1::uuid[])`, [[text.job.id, cut.job.id]]);
    expect(rows.rows).toEqual([
      { state: 'LEASED', output_asset_id: null },
      { state: 'LEASED', output_asset_id: null },
    ]);
    // Nothing of the refused outputs was kept.
    for (const lease of [text, cut]) expect(await t.app.get(StorageService).list(`preview-image/${lease.job.id}/`)).toEqual([]);
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED', lease_id = NULL, leased_by = NULL WHERE state IN ('QUEUED', 'LEASED')`);
  });

  it('renders once when two batches ask for the same render, and completes both', async () => {
    const token = await startWorker('box-d');
    const draft = await newDraft();
    const input = { versionId: draft.versionId, subjectIds: [subjects[1]!.id], seeds: [31] };
    // A queue ahead of both: another draft's four jobs.
    await t.gql(REQUEST, { input: { versionId: (await newDraft()).versionId } }, designer);
    const first = (await t.gql(REQUEST, { input }, designer)).data!['requestPreviews'];
    const second = (await t.gql(REQUEST, { input }, designer)).data!['requestPreviews'];
    // The follower waits where the render it follows waits, and is not counted as a job ahead.
    expect(first.jobs[0].queuePosition).toBe(4);
    expect(second.jobs[0].queuePosition).toBe(4);
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED' WHERE state = 'QUEUED' AND batch_id NOT IN ($1, $2)`, [first.id, second.id]);
    const lease = (await leaseOne(token))!;
    expect(lease.job.id).toBe(first.jobs[0].id);
    expect(await leaseOne(token)).toBeNull();
    expect((await render(token, lease)).body.state).toBe('SUCCEEDED');
    const follower = (await t.gql(BATCH, { id: second.id }, designer)).data!['previewBatch'].jobs[0];
    expect(follower).toMatchObject({ state: 'SUCCEEDED', cached: true });
    expect(follower.imageUrl).toBeTruthy();
  });

  it('lets a follower render itself when the render it waited for is cancelled', async () => {
    const token = await startWorker('box-e');
    const draft = await newDraft();
    const input = { versionId: draft.versionId, subjectIds: [subjects[0]!.id], seeds: [41] };
    const first = (await t.gql(REQUEST, { input }, designer)).data!['requestPreviews'];
    const second = (await t.gql(REQUEST, { input }, designer)).data!['requestPreviews'];
    await t.gql(`mutation($id: ID!) { cancelPreviewJob(id: $id) { state } }`, { id: first.jobs[0].id }, designer);
    const lease = (await leaseOne(token))!;
    expect(lease.job.id).toBe(second.jobs[0].id);
    expect((await render(token, lease)).body.state).toBe('SUCCEEDED');
  });

  it('cancels queued jobs of older revisions when a newer revision asks for previews', async () => {
    const draft = await newDraft();
    const old = (await t.gql(REQUEST, { input: { versionId: draft.versionId } }, designer)).data!['requestPreviews'];
    const saved = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { revision } }`, { input: { templateId: draft.templateId, spec: makeTemplateSpec({ prompt: { positive: 'newer {subject}', negative: '' } }), baseRevision: 1 } }, designer);
    expect(saved.data!['saveDraft'].revision).toBe(2);
    await t.gql(REQUEST, { input: { versionId: draft.versionId } }, designer);
    const oldJobs = (await t.gql(BATCH, { id: old.id }, designer)).data!['previewBatch'].jobs;
    expect(oldJobs.map((j: any) => j.state)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED', 'CANCELLED']);
    expect(oldJobs[0].error).toContain('Superseded by revision 2');
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED' WHERE state = 'QUEUED'`);
  });

  it('renders the spec the previews were requested for, even after the draft was saved again', async () => {
    const draft = await newDraft();
    const requested = (await t.gql(REQUEST, { input: { versionId: draft.versionId } }, designer)).data!['requestPreviews'];
    // Autosave moves on before a worker picks the jobs up; no new previews are requested.
    const saved = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { revision specHash } }`, { input: { templateId: draft.templateId, spec: makeTemplateSpec({ canvas: { width: 640, height: 960 } }), baseRevision: 1 } }, designer);
    expect(saved.errors).toBeUndefined();
    expect(saved.data!['saveDraft'].specHash).not.toBe(requested.specHash);
    const token = await startWorker('snapshot-1');
    const lease = (await leaseOne(token)) as Lease & { job: { specHash: string; spec: unknown } };
    expect(lease.job.specHash).toBe(requested.specHash);
    expect(computeSpecHash(lease.job.spec as TemplateSpec)).toBe(requested.specHash);
    expect(lease.job.spec).toMatchObject({ canvas: { width: 832, height: 1216 } });
    expect((await render(token, lease)).status).toBe(200);
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED' WHERE state = 'QUEUED'`);
  });

  it('never gives the same job to two of 16 workers leasing at once', async () => {
    const tokens = await Promise.all(Array.from({ length: 16 }, (_, i) => startWorker(`racer-${i}`)));
    // Distinct seeds: identical renders would (rightly) be rendered once and followed.
    for (let i = 0; i < 5; i++) {
      const draft = await newDraft();
      await t.gql(REQUEST, { input: { versionId: draft.versionId, seeds: [100 + 2 * i, 101 + 2 * i] } }, designer);
    }
    const leases = (await Promise.all(tokens.map((token) => leaseOne(token)))).filter((l): l is Lease => l !== null);
    const ids = leases.map((l) => l.job.id);
    expect(ids.length).toBe(16);
    expect(new Set(ids).size).toBe(ids.length);
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED', lease_id = NULL, lease_expires_at = NULL WHERE state IN ('QUEUED', 'LEASED')`);
  });

  it('re-queues a job whose lease ran out and refuses the old lease with 409', async () => {
    const token = await startWorker('box-b');
    const draft = await newDraft();
    await t.gql(REQUEST, { input: { versionId: draft.versionId, subjectIds: [subjects[1]!.id], seeds: [11] } }, designer);
    const first = (await leaseOne(token))!;
    await t.sql.query(`UPDATE preview_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [first.job.id]);
    await t.app.get(PreviewJobLeaseService).sweepExpiredLeases();
    const second = (await leaseOne(token))!;
    expect(second.job.id).toBe(first.job.id);
    expect(second.leaseId).not.toBe(first.leaseId);
    expect((await render(token, first)).status).toBe(409);
    expect((await render(token, second)).body).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
  });

  it('backs off retryable failures, fails non-retryable ones for good with the error, and repeats safely', async () => {
    const token = await startWorker('box-c');
    const draft = await newDraft();
    const batch = (await t.gql(REQUEST, { input: { versionId: draft.versionId, subjectIds: [subjects[0]!.id], seeds: [21, 22] } }, designer)).data!['requestPreviews'];
    const a = (await leaseOne(token))!;
    const retry = await v1(token, `jobs/${a.job.id}/fail`, { leaseId: a.leaseId, retryable: true, error: 'CUDA out of memory' });
    expect(retry.body).toMatchObject({ state: 'QUEUED', attempts: 1 });
    expect((await v1(token, `jobs/${a.job.id}/fail`, { leaseId: a.leaseId, retryable: true, error: 'CUDA out of memory' })).status).toBe(200);
    const queued = await t.sql.query(`SELECT available_at > now() AS later FROM preview_jobs WHERE id = $1`, [a.job.id]);
    expect(queued.rows[0].later).toBe(true);

    const b = (await leaseOne(token))!;
    expect(b.job.id).not.toBe(a.job.id);
    const fatal = await v1(token, `jobs/${b.job.id}/fail`, { leaseId: b.leaseId, retryable: false, error: 'Node 7 (LoraLoader): lora_name not found' });
    expect(fatal.body).toMatchObject({ state: 'FAILED' });
    const jobs = (await t.gql(BATCH, { id: batch.id }, designer)).data!['previewBatch'].jobs;
    expect(jobs.find((j: any) => j.id === b.job.id).error).toBe('Node 7 (LoraLoader): lora_name not found');

    const retried = await t.gql(`mutation($id: ID!) { retryPreviewJob(id: $id) { state attempts } }`, { id: b.job.id }, admin);
    expect(retried.data!['retryPreviewJob']).toEqual({ state: 'QUEUED', attempts: 0 });
    const cancelled = await t.gql(`mutation($id: ID!) { cancelPreviewJob(id: $id) { state } }`, { id: b.job.id }, designer);
    expect(cancelled.data!['cancelPreviewJob'].state).toBe('CANCELLED');
  });

  it('takes back a job from a shutting-down worker without spending an attempt', async () => {
    const token = await startWorker('box-f');
    const draft = await newDraft();
    await t.gql(REQUEST, { input: { versionId: draft.versionId, subjectIds: [subjects[0]!.id], seeds: [51] } }, designer);
    const lease = (await leaseOne(token))!;
    const released = await v1(token, `jobs/${lease.job.id}/release`, { leaseId: lease.leaseId });
    expect(released.body).toMatchObject({ state: 'QUEUED', attempts: 0 });
    expect((await v1(token, `jobs/${lease.job.id}/release`, { leaseId: lease.leaseId })).status).toBe(200);
    const again = (await leaseOne(token))!;
    expect(again.job.id).toBe(lease.job.id);
    expect((await render(token, again)).body).toMatchObject({ state: 'SUCCEEDED', attempts: 1 });
  });

  it('re-queues a lease that ran out even when no worker asks for work', async () => {
    const token = await startWorker('box-g');
    const draft = await newDraft();
    await t.gql(REQUEST, { input: { versionId: draft.versionId, subjectIds: [subjects[1]!.id], seeds: [61] } }, designer);
    const lease = (await leaseOne(token))!;
    await t.sql.query(`UPDATE preview_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [lease.job.id]);
    await t.app.get(PreviewJobLeaseService).sweepExpiredLeases();
    const row = await t.sql.query(`SELECT state, last_error FROM preview_jobs WHERE id = $1`, [lease.job.id]);
    expect(row.rows[0]).toEqual({ state: 'QUEUED', last_error: 'The worker stopped reporting; the job was re-queued.' });
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED' WHERE id = $1`, [lease.job.id]);
  });

  it('refuses a worker that has not sent a heartbeat and bad protocol bodies with clear errors', async () => {
    const token = await workerToken('silent');
    const res = await v1(token, 'jobs/lease?wait=0');
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('heartbeat');
    const bad = await v1(token, 'workers/heartbeat', { backend: 'gpu', baseModels: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('BAD_USER_INPUT');
  });

  it("lists a version's previews, one per subject and seed, a finished render before a later attempt, for that template only", async () => {
    const token = await startWorker('box-previews');
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED' WHERE state = 'QUEUED'`);
    const draft = await newDraft();
    const PREVIEWS = `query($id: ID!) { templateVersion(id: $id) { previews { id state seed cached subject { name } imageUrl } } }`;
    const first = (await t.gql(REQUEST, { input: { versionId: draft.versionId, subjectIds: [subjects[0]!.id], seeds: [21] } }, designer)).data!['requestPreviews'];
    const lease = (await leaseOne(token))!;
    expect(lease.job.id).toBe(first.jobs[0].id);
    await render(token, lease);
    // Again for both faces: Mei's render is answered from cache (a second row), Jun's waits.
    await t.gql(REQUEST, { input: { versionId: draft.versionId, subjectIds: subjects.map((s) => s.id), seeds: [21] } }, designer);
    // A later failed attempt at Mei's render does not hide the finished one.
    await t.sql.query(`UPDATE preview_jobs SET state = 'FAILED' WHERE id IN (SELECT id FROM preview_jobs WHERE version_id = $1 AND cached ORDER BY created_at DESC LIMIT 1)`, [draft.versionId]);

    const res = await t.gql(PREVIEWS, { id: draft.versionId }, designer);
    expect(res.errors).toBeUndefined();
    const previews = res.data!['templateVersion'].previews;
    expect(previews.map((p: any) => [p.subject.name, p.seed, p.state])).toEqual([
      ['Jun', 21, 'QUEUED'],
      ['Mei', 21, 'SUCCEEDED'],
    ]);
    expect(previews[1].id).toBe(first.jobs[0].id);
    expect(previews[1].imageUrl).toBeTruthy();

    // The same spec in another template shares no previews.
    const other = await newDraft();
    expect(other.specHash).toBe(draft.specHash);
    expect((await t.gql(PREVIEWS, { id: other.versionId }, designer)).data!['templateVersion'].previews).toEqual([]);
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED' WHERE state = 'QUEUED'`);
  });
});

describe('leasing follows the scheduling policy', () => {
  let t: TestApp;

  afterAll(() => t?.close());

  it('gives a ComfyUI worker the job whose LoRA set it already holds before an older one that needs a switch', async () => {
    t = await startTestApp({ PREVIEW_BACKEND: 'comfyui' });
    const admin = await createUser(t, ['ADMIN']);
    const designer = await createUser(t, ['DESIGNER']);
    const [mei, jun] = [await createPreviewSubject(t, admin, 'Mei'), await createPreviewSubject(t, admin, 'Jun')];
    const tpl = await createTemplate(t, designer);
    const older = (await t.gql(REQUEST, { input: { versionId: tpl.draft.id, subjectIds: [mei.id], seeds: [1] } }, designer)).data!['requestPreviews'];
    const newer = (await t.gql(REQUEST, { input: { versionId: tpl.draft.id, subjectIds: [jun.id], seeds: [1] } }, designer)).data!['requestPreviews'];
    const junKey = (await t.sql.query(`SELECT lora_key FROM preview_jobs WHERE id = $1`, [newer.jobs[0].id])).rows[0].lora_key;
    const meiKey = (await t.sql.query(`SELECT lora_key FROM preview_jobs WHERE id = $1`, [older.jobs[0].id])).rows[0].lora_key;
    expect(junKey).not.toBe(meiKey);

    const token = (await t.gql(`mutation { issueWorkerToken(name: "gpu-1") { token } }`, {}, admin)).data!['issueWorkerToken'].token;
    const call = (path: string, body: unknown) => fetch(`${t.url}/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await call('workers/heartbeat', { backend: 'comfyui', baseModels: ['sdxl'], loadedCheckpoint: 'sd_xl_base_1.0.safetensors', loadedLoraKey: junKey });
    const lease = (await (await call('jobs/lease?wait=0', {})).json()) as { job: { id: string } };
    expect(lease.job.id).toBe(newer.jobs[0].id);
  });
});

// Models known before leasing, as designers and admins see it: a queued job that no online box can
// run waits and says so; admins see which box lacks what, and the queue's jobs nobody can run.
describe('queued previews no box can run', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  const SDXL_CHECKPOINT = 'sd_xl_base_1.0.safetensors';
  // ComfyUI's standard classes: this box has not installed the InstantID nodes.
  const STANDARD_CLASSES = Object.keys(COMFY_NODE_TABLE).filter((c) => !(INSTANTID_NODE_CLASSES as readonly string[]).includes(c));
  const box = (checkpoints: string[]) => ({
    gpus: [{ index: 0, name: 'NVIDIA L4', vramMb: 23_034 }],
    nodeClasses: [...STANDARD_CLASSES, 'PreviewImage'],
    customNodes: ['ComfyUI_InstantID'],
    modelFiles: { checkpoints, controlnet: ['controlnet-openpose-sdxl-1.0.safetensors', 'control_v11p_sd15_openpose.pth'] },
    loraFileCount: 0,
  });
  const WAITING = `query($id: ID!) { previewBatch(id: $id) { jobs { state etaSeconds waitingForWorker waitingReason } } }`;
  const QUEUE_VIEW = `{ queueStats { unrunnable { backend baseModel queued blocks { code workerName baseModel folder file nodeClass nodeClasses boxProblem } } } }`;
  const WORKERS_VIEW = `{ workers { name capabilities { gpus { index name vramMb } modelFolders { folder files } nodeClassCount customNodes loraFileCount } leaseBlocks { code baseModel folder file nodeClass nodeClasses queuedJobs boxProblem } } }`;
  // What the admin Workers page reads (two queries: together they would pass the complexity limit).
  const adminView = async () => {
    const [queue, workers] = await Promise.all([t.gql(QUEUE_VIEW, {}, admin), t.gql(WORKERS_VIEW, {}, admin)]);
    expect([queue.errors, workers.errors]).toEqual([undefined, undefined]);
    return { ...queue.data!, ...workers.data! } as Record<string, any>;
  };

  const heartbeat = (token: string, body: Record<string, unknown>) =>
    fetch(`${t.url}/v1/workers/heartbeat`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ backend: 'comfyui', baseModels: ['sdxl', 'sd15'], ...body }) }).then((r) => r.status);

  beforeAll(async () => {
    t = await startTestApp({ PREVIEW_BACKEND: 'comfyui' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
  });
  afterAll(() => t?.close());

  it('marks a job no online box can run as waiting with the reason, and shows admins which box lacks what', async () => {
    const mei = await createPreviewSubject(t, admin, 'Mei');
    const sdxl = await createTemplate(t, designer);
    const sd15 = await createTemplate(t, designer, { baseModel: 'SD15' });
    const request = async (versionId: string) => (await t.gql(REQUEST, { input: { versionId, subjectIds: [mei.id], seeds: [1] } }, designer)).data!['requestPreviews'] as { id: string };
    const sdxlBatch = await request(sdxl.draft.id);
    const sd15Batch = await request(sd15.draft.id);
    const waitingOf = async (batchId: string) => (await t.gql(WAITING, { id: batchId }, designer)).data!['previewBatch'].jobs[0];

    // Nobody online: both wait for a worker to connect.
    expect(await waitingOf(sdxlBatch.id)).toMatchObject({ waitingForWorker: true, waitingReason: 'NO_WORKER_ONLINE' });
    expect((await t.gql(`{ queueStats { unrunnable { baseModel queued blocks { code baseModel } } } }`, {}, admin)).data!['queueStats'].unrunnable).toEqual([
      { baseModel: 'sd15', queued: 1, blocks: [{ code: 'NO_WORKER', baseModel: 'sd15' }] },
      { baseModel: 'sdxl', queued: 1, blocks: [{ code: 'NO_WORKER', baseModel: 'sdxl' }] },
    ]);

    // A box without the SDXL checkpoint: the SD1.5 job has a worker and an estimate, the SDXL one waits, saying why.
    const token = (await t.gql(`mutation { issueWorkerToken(name: "gpu-l4") { token } }`, {}, admin)).data!['issueWorkerToken'].token as string;
    expect(await heartbeat(token, { capabilities: box(['v1-5-pruned-emaonly.safetensors']) })).toBe(200);
    expect(await waitingOf(sd15Batch.id)).toMatchObject({ waitingForWorker: false, waitingReason: null, etaSeconds: expect.any(Number) });
    expect(await waitingOf(sdxlBatch.id)).toMatchObject({ state: 'QUEUED', waitingForWorker: true, waitingReason: 'NO_WORKER_ABLE', etaSeconds: null });
    const missingCheckpoint = { code: 'MISSING_MODEL_FILE', baseModel: 'sdxl', folder: 'checkpoints', file: SDXL_CHECKPOINT, nodeClass: 'CheckpointLoaderSimple', nodeClasses: [], boxProblem: null };
    let view = await adminView();
    expect(view['queueStats'].unrunnable).toEqual([{ backend: 'comfyui', baseModel: 'sdxl', queued: 1, blocks: [{ ...missingCheckpoint, workerName: 'gpu-l4' }] }]);
    expect(view['workers']).toEqual([
      {
        name: 'gpu-l4',
        capabilities: {
          gpus: [{ index: 0, name: 'NVIDIA L4', vramMb: 23_034 }],
          modelFolders: [
            { folder: 'checkpoints', files: ['v1-5-pruned-emaonly.safetensors'] },
            { folder: 'controlnet', files: ['control_v11p_sd15_openpose.pth', 'controlnet-openpose-sdxl-1.0.safetensors'] },
          ],
          nodeClassCount: STANDARD_CLASSES.length + 1,
          customNodes: ['ComfyUI_InstantID'],
          loraFileCount: 0,
        },
        leaseBlocks: [{ ...missingCheckpoint, queuedJobs: null }],
      },
    ]);

    // A job whose graph needs nodes the box lacks (as an identity mode's would) waits too, naming them.
    await t.sql.query(`UPDATE preview_jobs SET node_classes = node_classes || ARRAY['ApplyInstantID', 'InstantIDModelLoader'] WHERE batch_id = $1`, [sd15Batch.id]);
    expect(await waitingOf(sd15Batch.id)).toMatchObject({ waitingForWorker: true, waitingReason: 'NO_WORKER_ABLE' });
    view = await adminView();
    expect(view['queueStats'].unrunnable.map((q: any) => [q.baseModel, q.blocks.map((b: any) => [b.code, b.workerName, b.nodeClasses])])).toEqual([
      ['sd15', [['MISSING_NODE_CLASSES', 'gpu-l4', ['ApplyInstantID', 'InstantIDModelLoader']]]],
      ['sdxl', [['MISSING_MODEL_FILE', 'gpu-l4', []]]],
    ]);
    expect(view['workers'][0].leaseBlocks.map((b: any) => [b.code, b.nodeClasses, b.queuedJobs])).toEqual([
      ['MISSING_MODEL_FILE', [], null],
      ['MISSING_NODE_CLASSES', ['ApplyInstantID', 'InstantIDModelLoader'], 1],
    ]);

    // A box problem and no GPU memory are reasons too; offline says only that.
    expect(await heartbeat(token, { capabilities: { ...box([SDXL_CHECKPOINT, 'v1-5-pruned-emaonly.safetensors']), gpus: [] }, boxProblem: 'ComfyUI on this box does not list the LoRA files' })).toBe(200);
    view = await adminView();
    expect(view['workers'][0].leaseBlocks.map((b: any) => b.code)).toEqual(['BOX_PROBLEM', 'NO_GPU_MEMORY', 'MISSING_NODE_CLASSES']);
    expect(view['queueStats'].unrunnable.find((q: any) => q.baseModel === 'sdxl').blocks).toEqual([expect.objectContaining({ code: 'BOX_PROBLEM', workerName: 'gpu-l4', boxProblem: 'ComfyUI on this box does not list the LoRA files' })]);
    await t.sql.query(`UPDATE workers SET last_heartbeat_at = now() - interval '5 minutes'`);
    view = await adminView();
    expect(view['workers'][0].leaseBlocks.map((b: any) => b.code)).toEqual(['OFFLINE']);
    expect(await waitingOf(sdxlBatch.id)).toMatchObject({ waitingReason: 'NO_WORKER_ONLINE' });
  });

  it('offers a box whose largest GPU is below a base model’s minimum memory none of its jobs, and tells admins how much it has and needs', async () => {
    // The previous test's jobs are not this one's.
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED' WHERE state = 'QUEUED'`);
    const jun = await createPreviewSubject(t, admin, 'Jun');
    const sdxl = await createTemplate(t, designer);
    const sd15 = await createTemplate(t, designer, { baseModel: 'SD15' });
    const request = async (versionId: string) => (await t.gql(REQUEST, { input: { versionId, subjectIds: [jun.id], seeds: [1] } }, designer)).data!['requestPreviews'] as { id: string; jobs: Array<{ id: string }> };
    const sdxlBatch = await request(sdxl.draft.id);
    const sd15Batch = await request(sd15.draft.id);
    // 6 GiB and 2 GiB cards: enough for SD1.5 (4 GiB by default), not for SDXL (8 GiB).
    const token = (await t.gql(`mutation { issueWorkerToken(name: "gpu-6gb") { token } }`, {}, admin)).data!['issueWorkerToken'].token as string;
    const small = { ...box([SDXL_CHECKPOINT, 'v1-5-pruned-emaonly.safetensors']), gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 3050', vramMb: 6144 }, { index: 1, name: 'NVIDIA GeForce GT 1030', vramMb: 2048 }] };
    expect(await heartbeat(token, { capabilities: small })).toBe(200);
    const tooLittle = { code: 'TOO_LITTLE_VRAM', baseModel: 'sdxl', needVramMb: 8192, vramMb: 6144 };
    const blocks = await t.gql(`{ workers { name leaseBlocks { code baseModel needVramMb vramMb } } queueStats { unrunnable { baseModel blocks { code workerName baseModel needVramMb vramMb } } } }`, {}, admin);
    expect(blocks.errors).toBeUndefined();
    expect(blocks.data!['workers'].find((w: any) => w.name === 'gpu-6gb').leaseBlocks).toEqual([tooLittle]);
    expect(blocks.data!['queueStats'].unrunnable.find((q: any) => q.baseModel === 'sdxl').blocks).toContainEqual({ ...tooLittle, workerName: 'gpu-6gb' });
    expect((await t.gql(WAITING, { id: sdxlBatch.id }, designer)).data!['previewBatch'].jobs[0]).toMatchObject({ waitingForWorker: true, waitingReason: 'NO_WORKER_ABLE' });

    const leased = await fetch(`${t.url}/v1/jobs/lease?wait=0&max=4`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(leased.status).toBe(200);
    expect(((await leased.json()) as { leases: Array<{ job: { id: string } }> }).leases.map((l) => l.job.id)).toEqual([sd15Batch.jobs[0]!.id]);

    // An 8 GiB card is enough.
    expect(await heartbeat(token, { capabilities: { ...small, gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 4060', vramMb: 8192 }] } })).toBe(200);
    const again = await fetch(`${t.url}/v1/jobs/lease?wait=0&max=4`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(((await again.json()) as { leases: Array<{ job: { id: string } }> }).leases.map((l) => l.job.id)).toEqual([sdxlBatch.jobs[0]!.id]);
  });
});
