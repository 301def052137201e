import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'minio';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, type TestUser } from '../apps/api/test/factories/factories.js';
import { WorkerPool, type WorkerSlot } from './lib/chaos-pool.js';
import { testContext } from '../apps/api/test/setup/test-context.js';

// Chaos: 300 preview jobs, 4 draft workers as separate processes (the compiled agent), one of them
// SIGKILLed every 1-2 s while it holds a lease and restarted with the same token shortly after,
// for the first part of the run; then the pool drains the queue. Leases are 5 s, so killed jobs
// come back quickly. Every job must end SUCCEEDED with exactly one stored PNG, and no job may be
// completed twice.

const JOBS = 300;
const WORKERS = 4;
const SEEDS_PER_BATCH = 8; // the API's maximum; x 2 subjects = 16 jobs a batch
const CHAOS_MAX_MS = 35_000;
const CHAOS_UNTIL_DONE = 0.65; // stop killing once this share of the jobs succeeded
const DRAIN_TIMEOUT_MS = 150_000;
const CANVAS = 512; // the smallest canvas the spec allows: fast CPU drafts
const REQUEUED_BY_EXPIRY = 'The worker stopped reporting; the job was re-queued.';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const REQUEST = `mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id jobs { id state } } }`;

interface Kill {
  at: number;
  worker: string;
  /** Jobs the killed process itself had leased at the moment of the kill. */
  held: string[];
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

async function inChunks<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

describe('chaos: 300 draft jobs, 4 worker processes, random SIGKILLs and restarts', () => {
  let t: TestApp;
  let s3: Client;
  let admin: TestUser;
  let designer: TestUser;
  let pool: WorkerPool | undefined;

  beforeAll(async () => {
    // One designer queues all 300 jobs at once: more than the default per-person quota of waiting previews.
    t = await startTestApp({ PREVIEW_BACKEND: 'draft', PREVIEW_LEASE_SECONDS: '5', PREVIEW_QUEUE_QUOTA_PER_USER: String(JOBS) });
    const endpoint = new URL(testContext('s3Endpoint'));
    s3 = new Client({ endPoint: endpoint.hostname, port: Number(endpoint.port), useSSL: false, accessKey: 'S3RVER', secretKey: 'S3RVER', region: 'us-east-1', pathStyle: true });
    [admin, designer] = await Promise.all([createUser(t, ['ADMIN']), createUser(t, ['DESIGNER'])]);
    await createPreviewSubject(t, admin, 'Mei');
    await createPreviewSubject(t, admin, 'Jun');
  });

  afterAll(async () => {
    // Whatever happened, no worker process outlives the test.
    await pool?.stopAll('SIGKILL');
    await t?.close();
  });

  it('ends every job SUCCEEDED exactly once with its PNG stored, however often workers die mid-job', async () => {
    const started = Date.now();

    // One small-canvas template; distinct seeds, so no render is deduplicated or followed.
    const template = await createTemplate(t, designer);
    const spec = makeTemplateSpec({ canvas: { width: CANVAS, height: CANVAS } });
    const saved = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id revision } }`, { input: { templateId: template.id, spec, baseRevision: template.draft.revision } }, designer);
    expect(saved.errors).toBeUndefined();
    const seeds = Array.from({ length: JOBS / 2 }, (_, i) => 1_000 + i);
    for (let i = 0; i < seeds.length; i += SEEDS_PER_BATCH) {
      const res = await t.gql(REQUEST, { input: { versionId: template.draft.id, seeds: seeds.slice(i, i + SEEDS_PER_BATCH) } }, designer);
      expect(res.errors).toBeUndefined();
    }
    const queued = await t.sql.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE state = 'QUEUED' AND source_job_id IS NULL AND NOT cached)::int AS renderable FROM preview_jobs`);
    expect(queued.rows[0]).toEqual({ n: JOBS, renderable: JOBS });

    const tokens = [];
    for (let i = 1; i <= WORKERS; i++) {
      const issued = await t.gql(`mutation($name: String!) { issueWorkerToken(name: $name) { token workerToken { id name } } }`, { name: `chaos-${i}` }, admin);
      expect(issued.errors).toBeUndefined();
      const { token, workerToken } = issued.data!['issueWorkerToken'];
      tokens.push({ name: workerToken.name as string, token: token as string, tokenId: workerToken.id as string });
    }
    pool = new WorkerPool(t.url, tokens);
    pool.startAll();

    const succeeded = async () => (await t.sql.query(`SELECT count(*)::int AS n FROM preview_jobs WHERE state = 'SUCCEEDED'`)).rows[0].n as number;
    const failedJobs = async () => (await t.sql.query(`SELECT id, state, attempts, last_error FROM preview_jobs WHERE state IN ('FAILED', 'DEAD', 'CANCELLED')`)).rows;

    // Chaos: every 1-2 s, SIGKILL a worker process that holds a lease it took itself (a random
    // live one if none does), and restart it with the same token 0.3-1 s later.
    const kills: Kill[] = [];
    const restarts: Array<Promise<void>> = [];
    const chaosEnd = Date.now() + CHAOS_MAX_MS;
    await sleep(1_500); // let the pool get going
    while (Date.now() < chaosEnd && (await succeeded()) < JOBS * CHAOS_UNTIL_DONE) {
      const leased = (await t.sql.query(`SELECT id, leased_by, started_at FROM preview_jobs WHERE state = 'LEASED'`)).rows as Array<{ id: string; leased_by: string; started_at: Date }>;
      const heldBy = (s: WorkerSlot) => leased.filter((r) => r.leased_by === s.tokenId && r.started_at.getTime() >= s.spawnedAt).map((r) => r.id);
      const alive = pool.alive();
      const holders = alive.filter((s) => heldBy(s).length > 0);
      const candidates = holders.length ? holders : alive;
      const victim = candidates[Math.floor(Math.random() * candidates.length)];
      if (victim) {
        const held = heldBy(victim);
        await pool.kill(victim);
        kills.push({ at: Date.now() - started, worker: victim.name, held });
        restarts.push(sleep(300 + Math.random() * 700).then(() => pool!.start(victim)));
      }
      await sleep(1_000 + Math.random() * 1_000);
    }
    await Promise.all(restarts);
    const chaosMs = Date.now() - started;
    expect(pool.alive()).toHaveLength(WORKERS);

    // Drain: wait (bounded) for every job to succeed; a job given up fails the test at once.
    const deadline = started + DRAIN_TIMEOUT_MS;
    for (;;) {
      const bad = await failedJobs();
      expect(bad).toEqual([]);
      if ((await succeeded()) === JOBS) break;
      if (Date.now() > deadline) {
        const states = (await t.sql.query(`SELECT state, count(*)::int AS n FROM preview_jobs GROUP BY state`)).rows;
        throw new Error(`not all jobs succeeded within ${DRAIN_TIMEOUT_MS} ms: ${JSON.stringify(states)}`);
      }
      await sleep(250);
    }
    const drainedMs = Date.now() - started;

    // The pool stops cleanly (SIGTERM: finish or hand back, exit 0), and no process crashed.
    expect(await pool.stopAll('SIGTERM')).toEqual(Array(WORKERS).fill(0));
    expect(pool.slots.flatMap((s) => s.unexpectedExits)).toEqual([]);

    const jobs = (
      await t.sql.query(
        `SELECT j.id, j.state, j.cached, j.attempts, j.max_attempts, j.last_error, j.output_asset_id, j.thumbnail_asset_id, j.lease_id, j.leased_by,
                a.object_key, a.kind, a.state AS asset_state, a.content_type, a.width, a.height, a.bucket
         FROM preview_jobs j LEFT JOIN assets a ON a.id = j.output_asset_id`,
      )
    ).rows as Array<Record<string, any>>;
    expect(jobs).toHaveLength(JOBS);

    // Every job SUCCEEDED, rendered by a worker (nothing cached: the seeds are distinct), tried at
    // least once and within its attempts.
    expect(jobs.filter((j) => j.state !== 'SUCCEEDED' || j.cached)).toEqual([]);
    expect(jobs.filter((j) => !(j.attempts >= 1 && j.attempts <= j.max_attempts))).toEqual([]);

    // Exactly one output per job: its own image asset, distinct across jobs.
    expect(jobs.filter((j) => !j.output_asset_id || !j.thumbnail_asset_id)).toEqual([]);
    expect(new Set(jobs.map((j) => j.output_asset_id)).size).toBe(JOBS);
    expect(new Set(jobs.map((j) => j.thumbnail_asset_id)).size).toBe(JOBS);
    expect(jobs.filter((j) => j.kind !== 'PREVIEW_IMAGE' || j.asset_state !== 'READY' || j.content_type !== 'image/png' || j.object_key !== `preview-image/${j.id}/${j.lease_id}/preview.png` || j.width !== CANVAS || j.height !== CANVAS)).toEqual([]);
    // A second completion of a job would have stored another image + thumbnail.
    const stored = (await t.sql.query(`SELECT count(*)::int AS n FROM assets WHERE kind = 'PREVIEW_IMAGE'`)).rows[0].n;
    expect(stored).toBe(2 * JOBS);

    // No output lost: every image is in S3 and is a PNG (all signatures; a sample decoded fully).
    const bucket = t.config.s3.bucket;
    const notPng: string[] = [];
    await inChunks(jobs, 25, async (j) => {
      const head = await readStream(await s3.getPartialObject(bucket, j.object_key, 0, 8));
      if (!head.equals(PNG_SIGNATURE)) notPng.push(j.id);
    });
    expect(notPng).toEqual([]);
    for (const j of jobs.slice(0, 5)) {
      const meta = await sharp(await readStream(await s3.getObject(bucket, j.object_key))).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', CANVAS, CANVAS]);
    }

    // No duplicate completion: the API counted exactly one completion per job, and no job was
    // reported done by two processes.
    const counted = (await t.sql.query(`SELECT coalesce(sum(jobs_done), 0)::int AS n FROM workers`)).rows[0].n;
    expect(counted).toBe(JOBS);
    const doneLines = pool.doneJobIds();
    expect(doneLines.length - new Set(doneLines).size).toBe(0);
    expect(doneLines.length).toBeLessThanOrEqual(JOBS);
    const jobIds = new Set(jobs.map((j) => j.id));
    expect(doneLines.filter((id) => !jobIds.has(id))).toEqual([]);

    // The kills really hit running jobs: those jobs' leases ran out and they were re-queued.
    const hitJobs = new Set(kills.flatMap((k) => k.held));
    const requeued = jobs.filter((j) => j.last_error === REQUEUED_BY_EXPIRY);
    const retried = jobs.filter((j) => j.attempts > 1);
    const requeuedByKills = requeued.filter((j) => hitJobs.has(j.id));
    expect(kills.filter((k) => k.held.length > 0).length).toBeGreaterThan(0);
    expect(requeuedByKills.length).toBeGreaterThan(0);
    expect(retried.length).toBeGreaterThanOrEqual(requeuedByKills.length);

    // Staged uploads a killed worker PUT but never completed stay behind under preview-output/.
    const staged: string[] = [];
    for await (const o of s3.listObjectsV2(bucket, 'preview-output/', true)) staged.push((o as { name: string }).name);

    console.log(
      `[chaos] ${JOBS} jobs, ${WORKERS} workers: ${kills.length} SIGKILLs (${kills.filter((k) => k.held.length).length} holding a lease, ${hitJobs.size} jobs hit), ` +
        `${requeued.length} jobs re-queued on lease expiry (${requeuedByKills.length} of them hit by a kill), ${retried.length} with attempts > 1 ` +
        `(max ${Math.max(...jobs.map((j) => j.attempts))}); process starts ${pool.slots.map((s) => s.starts).join('/')}; ` +
        `chaos until ${chaosMs} ms, all succeeded at ${drainedMs} ms; ${staged.length} orphaned staged uploads`,
    );
  }, 240_000);
});
