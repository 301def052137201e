import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectPoll } from '../testing/poll.js';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { makePngBytes } from '../apps/api/test/factories/asset-fixtures.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, uploadAsset, type TestUser } from '../apps/api/test/factories/factories.js';
import { WorkerApiClient } from '../apps/worker/src/api-client.js';
import { DraftBackend } from '../apps/worker/src/backends/draft/draft-backend.js';
import { runLeaseLoop } from '../apps/worker/src/lease-loop.js';

const REQUEST = `mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id jobs { id state } } }`;
const BATCH = `query($id: ID!) { previewBatch(id: $id) { id jobs { id state imageUrl error } } }`;

// The real client, counting the presigned downloads it makes.
class CountingClient extends WorkerApiClient {
  downloads: string[] = [];
  override download(url: string, opts?: Parameters<WorkerApiClient['download']>[1]): Promise<Buffer> {
    this.downloads.push(url);
    return super.download(url, opts);
  }
}

// The real worker lease loop (draft backend), in this process, against the real API, PostgreSQL and
// S3 server: request previews, let the worker render them all, then stop it.
describe('draft worker against the real API', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let workerToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    await createPreviewSubject(t, admin, 'Mei');
    await createPreviewSubject(t, admin, 'Jun');
    const issued = await t.gql(`mutation { issueWorkerToken(name: "draft-1") { token } }`, {}, admin);
    expect(issued.errors).toBeUndefined();
    workerToken = issued.data!['issueWorkerToken'].token;
  });
  afterAll(() => t?.close());

  it('renders every job of a preview batch as a PNG of the canvas size and exits when aborted', async () => {
    // A template with a reference image, so the worker also downloads through a presigned URL.
    const template = await createTemplate(t, designer);
    const reference = await uploadAsset(t, designer, 'REFERENCE_IMAGE', 'reference.png', 'image/png', await makePngBytes({ width: 96, height: 128 }));
    expect((await reference.complete()).errors).toBeUndefined();
    const spec = makeTemplateSpec({ canvas: { width: 768, height: 1024 }, reference: { assetId: reference.assetId, x: 0.5, y: 0.4, scale: 1, opacity: 0.8 } });
    const saved = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id revision } }`, { input: { templateId: template.id, spec, baseRevision: template.draft.revision } }, designer);
    expect(saved.errors).toBeUndefined();

    const stop = new AbortController();
    const lines: string[] = [];
    const client = new CountingClient({ apiUrl: t.url, token: workerToken, retry: { baseMs: 50, maxMs: 500 } });
    const loop = runLeaseLoop({
      client,
      backend: new DraftBackend(client, ['sdxl', 'sd15']),
      leaseWaitSeconds: 1,
      signal: stop.signal,
      log: { info: (l) => lines.push(l), warn: (l) => lines.push(l) },
    });

    const requested = await t.gql(REQUEST, { input: { versionId: template.draft.id } }, designer);
    expect(requested.errors).toBeUndefined();
    const batch = requested.data!['requestPreviews'];
    expect(batch.jobs).toHaveLength(4); // two subjects x two default seeds

    await expectPoll(async () => ((await t.gql(BATCH, { id: batch.id }, designer)).data!['previewBatch'].jobs as Array<{ state: string }>).map((j) => j.state), { timeout: 30_000, interval: 250 })
      .toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);

    const jobs = (await t.gql(BATCH, { id: batch.id }, designer)).data!['previewBatch'].jobs as Array<{ imageUrl: string }>;
    const image = await fetch(jobs[0]!.imageUrl);
    expect(image.ok).toBe(true);
    const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 768, 1024]);

    expect(client.downloads).toHaveLength(4);
    expect(client.downloads[0]).toContain('X-Amz-Signature');
    const recorded = await t.sql.query(`SELECT gpu_ms FROM preview_jobs WHERE id = ANY($1::uuid[])`, [batch.jobs.map((j: { id: string }) => j.id)]);
    expect(recorded.rows.every((r) => r.gpu_ms > 0)).toBe(true);
    expect(lines.filter((l) => / done in \d+ ms$/.test(l))).toHaveLength(4);
    // Logs name the subject by id, never by the person's name.
    expect(lines).toContainEqual(expect.stringMatching(/^job \S+ seed \d+ subject [0-9a-f-]{36} done in \d+ ms$/));
    expect(lines.join('\n')).not.toMatch(/Mei|Jun/);

    stop.abort();
    const started = Date.now();
    const summary = await loop;
    expect(summary).toEqual({ succeeded: 4, failed: 0, dropped: 0 });
    expect(Date.now() - started).toBeLessThan(5_000);

    const workers = await t.gql(`{ workers { name status jobsDone } }`, {}, admin);
    expect(workers.data!['workers']).toContainEqual({ name: 'draft-1', status: 'ONLINE', jobsDone: 4 });
  });
});
