import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PinnedClock } from '../src/common/clock.js';
import { StorageService } from '../src/modules/asset/storage.service.js';
import { PreviewSubjectPrivacyService } from '../src/modules/preview-subject/preview-subject-privacy.service.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { makePngBytes } from './factories/asset-fixtures.js';
import { createPreviewSubject, createTemplate, createUser, postV1, renderPreviews, testWorkerToken, uploadAsset, type TestUser } from './factories/factories.js';

// Uploads nobody will use can hold a face: the privacy sweep removes worker outputs of jobs that are
// over or removed (a stalled worker may PUT late), staged uploads older than a day, and their
// PENDING assets. The API's clock stands two days ahead, so everything uploaded here is old.
describe('stale uploads', () => {
  const clock = new PinnedClock(new Date(Date.now() + 2 * 86_400_000));
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    await createPreviewSubject(t, admin, 'Mei');
  });
  afterAll(() => t?.close());

  it('gives workers output URLs that last about a lease, fresh ones only while the lease is live', async () => {
    const template = await createTemplate(t, designer);
    await t.gql(`mutation($v: ID!) { requestPreviews(input: { versionId: $v }) { id } }`, { v: template.draft.id }, designer);
    const token = await testWorkerToken(t);
    const lease = await postV1(t, token, 'jobs/lease?wait=0', {});
    expect(lease.status).toBe(200);
    // The lease is 60 s here: the URL works 75 s, not 30 minutes.
    expect(new URL(lease.body.output.uploadUrl).searchParams.get('X-Amz-Expires')).toBe('75');
    const fresh = await postV1(t, token, `jobs/${lease.body.job.id}/output`, { leaseId: lease.body.leaseId });
    expect(fresh.status).toBe(200);
    expect(new URL(fresh.body.uploadUrl).searchParams.get('X-Amz-Expires')).toBe('75');
    expect(fresh.body.uploadHeaders).toEqual({ 'Content-Type': 'image/png' });
    // The PUT works with it, and completing keeps the image.
    const png = await makePngBytes({ width: 32, height: 48 });
    expect((await fetch(fresh.body.uploadUrl, { method: 'PUT', headers: fresh.body.uploadHeaders, body: Uint8Array.from(png) })).ok).toBe(true);
    expect((await postV1(t, token, `jobs/${lease.body.job.id}/complete`, { leaseId: lease.body.leaseId })).status).toBe(200);
    // Once the lease is over there is no URL to be had.
    const late = await postV1(t, token, `jobs/${lease.body.job.id}/output`, { leaseId: lease.body.leaseId });
    expect(late.status).toBe(409);
    expect((await postV1(t, token, `jobs/${lease.body.job.id}/output`, { leaseId: randomUUID() })).status).toBe(409);
  });

  it('removes late worker outputs of finished jobs and stale staged uploads, keeping what is still in use', async () => {
    const storage = t.app.get(StorageService);
    const png = await makePngBytes();
    const done = await createTemplate(t, designer);
    await renderPreviews(t, designer, done.draft.id);
    const [finished] = (await t.sql.query(`SELECT j.id FROM preview_jobs j JOIN preview_batches b ON b.id = j.batch_id WHERE b.version_id = $1 AND j.state = 'SUCCEEDED' LIMIT 1`, [done.draft.id])).rows;
    const waiting = await createTemplate(t, designer);
    await t.gql(`mutation($v: ID!) { requestPreviews(input: { versionId: $v }) { id } }`, { v: waiting.draft.id }, designer);
    const [queued] = (await t.sql.query(`SELECT j.id FROM preview_jobs j JOIN preview_batches b ON b.id = j.batch_id WHERE b.version_id = $1 AND j.state = 'QUEUED' LIMIT 1`, [waiting.draft.id])).rows;
    // A stalled worker's late PUT for the finished job, and a live job's upload in progress.
    const late = `preview-output/${finished.id}/${randomUUID()}/preview.png`;
    const inProgress = `preview-output/${queued.id}/${randomUUID()}/preview.png`;
    await storage.put(late, png, 'image/png');
    await storage.put(inProgress, png, 'image/png');
    // A studio upload that was PUT but never completed.
    const abandoned = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'left.png', 'image/png', png);
    const stagedKey = (await t.sql.query(`SELECT object_key FROM assets WHERE id = $1`, [abandoned.assetId])).rows[0].object_key as string;
    expect(await storage.statSize(stagedKey)).toBe(png.length);

    const sweep = await t.app.get(PreviewSubjectPrivacyService).purgeWithdrawnSubjects();
    expect(sweep.staleUploads).toMatchObject({ outputs: 1, pendingAssets: 1 });
    expect(await storage.statSize(late)).toBeNull();
    expect(await storage.statSize(inProgress)).toBe(png.length);
    expect(await storage.statSize(stagedKey)).toBeNull();
    const asset = (await t.sql.query(`SELECT state, rejection_reason FROM assets WHERE id = $1`, [abandoned.assetId])).rows[0];
    expect(asset).toEqual({ state: 'REJECTED', rejection_reason: 'The upload was never completed.' });
  });
});
