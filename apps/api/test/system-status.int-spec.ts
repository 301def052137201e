import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PinnedClock } from '../src/common/clock.js';
import { AppLifecycle } from '../src/modules/ops/app-lifecycle.js';
import { RequestCountsService } from '../src/modules/ops/request-counts.service.js';
import { expectPoll } from '../../../testing/poll.js';
import { startAnotherInstance, startTestApp, type TestApp } from './setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, postV1, renderPreviews, testWorkerToken, type TestUser } from './factories/factories.js';

// The hour on the page: 09:20 to 10:20 in five-minute buckets, the last one running at 10:17:30.
const NOW = new Date('2026-12-03T10:17:30.000Z');
// Set-up requests are counted an hour before the page's hour, so they stay out of its figures.
const SETUP = new Date('2026-12-03T08:00:00.000Z');
const at = (hhmmss: string) => new Date(`2026-12-03T${hhmmss}.000Z`);

const STATUS = `{ systemStatus {
  at from bucketMinutes
  buckets { start end queueDepth started waitMedianSeconds waitP90Seconds finished failed requests clientErrors serverErrors graphqlErrors }
  queue { queued running }
  workers { online offline byBackend { backend online } }
  requests { requests clientErrors serverErrors graphqlErrors graphqlErrorCodes { code answers } processes }
} }`;

interface Bucket {
  start: string;
  queueDepth: number;
  started: number;
  waitMedianSeconds: number | null;
  waitP90Seconds: number | null;
  finished: number;
  failed: number;
  requests: number;
  clientErrors: number;
  serverErrors: number;
  graphqlErrors: number;
}

/** Every sample of a Prometheus metric, summed over the series whose labels pass `keep`. */
function sumOf(text: string, name: string, keep: (labels: string) => boolean = () => true): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && keep(line.slice(name.length, line.lastIndexOf('}') + 1)))
    .reduce((n, line) => n + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

const flushCounts = (t: TestApp) => t.app.get(RequestCountsService).flush();

describe('the system page (systemStatus)', () => {
  const clock = new PinnedClock(SETUP);
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;

  const column = (buckets: Bucket[], key: keyof Bucket) => buckets.map((b) => b[key]);

  beforeAll(async () => {
    t = await startTestApp({ JWT_SECRET: 'system-status-one-process-0123456789' }, { clock });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    await createPreviewSubject(t, admin, 'Mei', { baseModels: ['sdxl'] });
    const [a, b, c] = [await createTemplate(t, designer, { title: 'A' }), await createTemplate(t, designer, { title: 'B' }), await createTemplate(t, designer, { title: 'C' })];
    // A's two renders run and succeed; one of B's fails for good, the other waits; C's two wait.
    await renderPreviews(t, designer, a.draft.id);
    const requested = await t.gql(`mutation($v: ID!) { requestPreviews(input: { versionId: $v }) { id } }`, { v: b.draft.id }, designer);
    expect(requested.errors).toBeUndefined();
    const token = await testWorkerToken(t);
    const lease = await postV1(t, token, 'jobs/lease?wait=0', {});
    expect(lease.status).toBe(200);
    expect((await postV1(t, token, `jobs/${lease.body.job.id}/fail`, { leaseId: lease.body.leaseId, retryable: false, error: 'ComfyUI refused the graph' })).status).toBe(200);
    expect((await t.gql(`mutation($v: ID!) { requestPreviews(input: { versionId: $v }) { id } }`, { v: c.draft.id }, designer)).errors).toBeUndefined();

    // The jobs' times, placed in the hour (the API stamped them with the real time).
    const jobs = async (versionId: string, state: string) => (await t.sql.query(`SELECT id FROM preview_jobs WHERE version_id = $1 AND state = $2 ORDER BY id`, [versionId, state])).rows.map((r) => r.id as string);
    const place = (id: string, times: { created: string; available?: string; started?: string; finished?: string; attempts?: number }) =>
      t.sql.query(`UPDATE preview_jobs SET created_at = $2, available_at = $3, started_at = $4, finished_at = $5, attempts = coalesce($6, attempts) WHERE id = $1`, [
        id,
        at(times.created),
        at(times.available ?? times.created),
        times.started ? at(times.started) : null,
        times.finished ? at(times.finished) : null,
        times.attempts ?? null,
      ]);
    const [j1, j2] = await jobs(a.draft.id, 'SUCCEEDED');
    const [j3] = await jobs(b.draft.id, 'FAILED');
    const [j4] = await jobs(b.draft.id, 'QUEUED');
    const [j5, j6] = await jobs(c.draft.id, 'QUEUED');
    await place(j1!, { created: '09:21:00', started: '09:26:00', finished: '09:26:30' }); // waited 300 s
    await place(j2!, { created: '09:21:00', started: '09:27:00', finished: '09:28:00' }); // waited 360 s
    await place(j3!, { created: '09:40:00', started: '09:41:30', finished: '09:42:00' }); // waited 90 s, failed
    // Leased at 09:43, its worker went quiet, back in the queue at 09:50 and waiting since.
    await place(j4!, { created: '09:40:00', started: '09:43:00', available: '09:50:00', attempts: 1 });
    await place(j5!, { created: '10:16:00' });
    await place(j6!, { created: '10:16:00' });

    // Workers: the renderer (draft) and a ComfyUI box online, another box quiet for over a minute,
    // and a revoked token's worker, which no longer counts at all.
    const issue = async (name: string, backend: string) => {
      const issued = await t.gql(`mutation($name: String!) { issueWorkerToken(name: $name) { token workerToken { id } } }`, { name }, admin);
      const value = issued.data!['issueWorkerToken'];
      expect((await postV1(t, value.token, 'workers/heartbeat', { backend, baseModels: ['sdxl'] })).status).toBe(200);
      return value.workerToken.id as string;
    };
    await issue('gpu-1', 'comfyui');
    const gpu2 = await issue('gpu-2', 'comfyui');
    const revoked = await issue('gpu-revoked', 'draft');
    expect((await t.gql(`mutation($id: ID!) { revokeWorkerToken(id: $id) { id } }`, { id: revoked }, admin)).errors).toBeUndefined();
    await t.sql.query(`UPDATE workers SET last_heartbeat_at = $1`, [new Date(NOW.getTime() - 30_000)]);
    await t.sql.query(`UPDATE workers SET last_heartbeat_at = $2 WHERE token_id = $1`, [gpu2, new Date(NOW.getTime() - 61_000)]);

    // Requests at 09:31: two answered, one refused with HTTP 200 (a GraphQL error), one invalid
    // query (400), one worker call without a token (401).
    clock.set(at('09:31:10'));
    for (let i = 0; i < 2; i++) expect((await t.gql(`{ me { id } }`, {}, designer)).status).toBe(200);
    const refused = await t.gql(`{ systemStatus { at } }`, {}, designer);
    expect([refused.status, refused.errors?.[0]?.extensions.code]).toEqual([200, 'FORBIDDEN']);
    const invalid = await t.gql(`{ nothingHere }`, {}, designer);
    expect([invalid.status, invalid.errors?.[0]?.extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    expect((await fetch(`${t.url}/v1/jobs/lease?wait=0`, { method: 'POST' })).status).toBe(401);
    // At 10:16 a second API process, shutting down, fails its readiness probe (503); this one answers
    // it. The second one's counts are written as it stops.
    clock.set(at('10:16:20'));
    const draining = await startAnotherInstance(t, { clock });
    draining.app.get(AppLifecycle).beginShutdown();
    expect((await fetch(`${draining.url}/readyz`)).status).toBe(503);
    await draining.close();
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    await flushCounts(t);
    clock.set(NOW);
  });
  afterAll(() => t?.close());

  it('shows the last hour in twelve five-minute buckets: queue depth, waits, finished and failed renders, requests and errors', async () => {
    const res = await t.gql(STATUS, {}, admin);
    expect(res.errors).toBeUndefined();
    const status = res.data!['systemStatus'];
    expect([status.at, status.from, status.bucketMinutes]).toEqual([NOW.toISOString(), '2026-12-03T09:20:00.000Z', 5]);
    const buckets = status.buckets as Bucket[];
    expect(column(buckets, 'start')).toEqual(['09:20', '09:25', '09:30', '09:35', '09:40', '09:45', '09:50', '09:55', '10:00', '10:05', '10:10', '10:15'].map((hm) => at(`${hm}:00`).toISOString()));
    //                                         09:20 09:25 09:30 09:35 09:40 09:45 09:50 09:55 10:00 10:05 10:10 10:15
    expect(column(buckets, 'queueDepth')).toEqual([2, 0, 0, 2, 0, 1, 1, 1, 1, 1, 1, 3]);
    expect(column(buckets, 'started')).toEqual([0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    // 300 s and 360 s: the median halfway, the 90th percentile 90% of the way (interpolated).
    expect(column(buckets, 'waitMedianSeconds')).toEqual([null, 330, null, null, 90, null, null, null, null, null, null, null]);
    expect(column(buckets, 'waitP90Seconds')).toEqual([null, 354, null, null, 90, null, null, null, null, null, null, null]);
    expect(column(buckets, 'finished')).toEqual([0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(column(buckets, 'failed')).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(column(buckets, 'requests')).toEqual([0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(column(buckets, 'clientErrors')).toEqual([0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(column(buckets, 'serverErrors')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(column(buckets, 'graphqlErrors')).toEqual([0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(status.queue).toEqual({ queued: 3, running: 0 });
    expect(status.workers).toEqual({ online: 2, offline: 1, byBackend: [{ backend: 'comfyui', online: 1 }, { backend: 'draft', online: 1 }] });
    expect(status.requests).toEqual({
      requests: 7,
      clientErrors: 2,
      serverErrors: 1,
      graphqlErrors: 2,
      graphqlErrorCodes: [
        { code: 'BAD_USER_INPUT', answers: 1 },
        { code: 'FORBIDDEN', answers: 1 },
      ],
      processes: 2,
    });
  });

  it('counts what Prometheus counts: the rows and /metrics come from the same counting', async () => {
    // Every request this process answered, in its rows (all minutes) and in its histogram; a poll,
    // since a request is counted once its answer is sent, a moment after the client has it.
    const processId = t.app.get(RequestCountsService).processId;
    await expectPoll(async () => {
      await flushCounts(t);
      const text = await (await fetch(`${t.url}/metrics`)).text();
      const [rows] = (await t.sql.query(`SELECT sum(requests)::int AS requests, sum(client_errors)::int AS client, sum(server_errors)::int AS server FROM request_counts WHERE process_id = $1`, [processId])).rows;
      const answered = (status: RegExp) => sumOf(text, 'atelier_http_request_duration_seconds_count', (labels) => status.test(labels));
      return {
        requestsMissing: rows.requests - answered(/status="\d+"/),
        client: [rows.client, answered(/status="4\d\d"/)],
        server: [rows.server, answered(/status="5\d\d"/)],
        graphqlErrors: ['FORBIDDEN', 'BAD_USER_INPUT'].map((code) => sumOf(text, 'atelier_graphql_errors_total', (labels) => labels.includes(`code="${code}"`))),
      };
    }).toEqual({ requestsMissing: 0, client: [2, 2], server: [0, 0], graphqlErrors: [1, 1] });
  });

  it('prunes rows older than two days when it writes', async () => {
    await t.sql.query(`INSERT INTO request_counts (minute, process_id, requests, client_errors, server_errors, graphql_errors) VALUES ($1, 'gone:1:x', 9, 0, 0, 0), ($2, 'kept:1:x', 9, 0, 0, 0)`, [
      new Date(NOW.getTime() - 49 * 3_600_000),
      new Date(NOW.getTime() - 47 * 3_600_000),
    ]);
    // Pruning runs at most every 10 minutes: move the clock past that.
    clock.set(new Date(NOW.getTime() + 11 * 60_000));
    try {
      await flushCounts(t);
    } finally {
      clock.set(NOW);
    }
    expect((await t.sql.query(`SELECT process_id FROM request_counts WHERE process_id IN ('gone:1:x', 'kept:1:x')`)).rows).toEqual([{ process_id: 'kept:1:x' }]);
  });
});

describe('the system page with two API processes', () => {
  const clock = new PinnedClock(SETUP);
  let a: TestApp;
  let b: TestApp;
  let admin: TestUser;
  let designer: TestUser;

  beforeAll(async () => {
    a = await startTestApp({ JWT_SECRET: 'system-status-two-processes-0123456789' }, { clock });
    b = await startAnotherInstance(a, { clock });
    admin = await createUser(a, ['ADMIN']);
    designer = await createUser(a, ['DESIGNER']);
  });
  afterAll(async () => {
    await b?.close().catch(() => undefined);
    await a?.close();
  });

  const lastBucket = async () => {
    const res = await a.gql(`{ systemStatus { buckets { requests graphqlErrors } requests { requests processes } } }`, {}, admin);
    expect(res.errors).toBeUndefined();
    const status = res.data!['systemStatus'];
    return { ...status.buckets.at(-1), total: status.requests.requests, processes: status.requests.processes };
  };

  it("sums both processes' requests, and keeps the last ones of a process that stops", async () => {
    clock.set(at('10:16:10'));
    for (let i = 0; i < 3; i++) expect((await a.gql(`{ me { id } }`, {}, designer)).errors).toBeUndefined();
    for (let i = 0; i < 2; i++) expect((await b.gql(`{ me { id } }`, {}, designer)).errors).toBeUndefined();
    expect((await b.gql(`{ systemStatus { at } }`, {}, designer)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    await Promise.all([flushCounts(a), flushCounts(b)]);
    clock.set(NOW);
    expect(await lastBucket()).toEqual({ requests: 6, graphqlErrors: 1, total: 6, processes: 2 });
    // Asked of the other process: the same figures (plus the question just asked of the first, once written).
    await flushCounts(a);
    const fromB = await b.gql(`{ systemStatus { requests { requests processes } } }`, {}, admin);
    expect(fromB.data!['systemStatus'].requests).toEqual({ requests: 7, processes: 2 });

    // One more request to the second process, which then stops: its last counts are written as it goes.
    expect((await b.gql(`{ me { id } }`, {}, designer)).errors).toBeUndefined();
    await b.close();
    await flushCounts(a);
    // 7, the question asked of b, its last request.
    expect(await lastBucket()).toEqual({ requests: 9, graphqlErrors: 1, total: 9, processes: 2 });
  });
});
