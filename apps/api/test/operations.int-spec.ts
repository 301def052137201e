import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client as S3Client } from 'minio';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, renderPreviews, testWorkerToken, uploadAsset, type TestUser } from './factories/factories.js';
import { makePngBytes } from './factories/asset-fixtures.js';
import { shutDownGracefully } from '../src/modules/ops/graceful-shutdown.js';
import { expectPoll } from '../../../testing/poll.js';
import { AppLifecycle } from '../src/modules/ops/app-lifecycle.js';
import pg from 'pg';
import { connect, createServer, type Socket } from 'node:net';
import { testContext } from './setup/test-context.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

function s3For(t: TestApp): S3Client {
  const endpoint = new URL(t.config.s3.endpoint!);
  return new S3Client({ endPoint: endpoint.hostname, port: Number(endpoint.port), useSSL: false, accessKey: t.config.s3.accessKey, secretKey: t.config.s3.secretKey, region: t.config.s3.region, pathStyle: true });
}

/** One sample's value from Prometheus' text format; undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

// What an operator's probes and Prometheus see: liveness, readiness naming what failed, and metrics.
describe('operations endpoints', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
  });
  afterAll(() => t?.close());

  const scrape = async (token: string | null = METRICS_TOKEN) => fetch(`${t.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('answers /healthz while alive and /readyz once PostgreSQL, S3 and the LISTEN connection answer', async () => {
    const alive = await fetch(`${t.url}/healthz`);
    expect([alive.status, await alive.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, storage: { status: 'up' }, listen: { status: 'up' } } });
  });

  it('fails readiness with 503 naming storage while the bucket is gone, and recovers when it is back', async () => {
    const s3 = s3For(t);
    await s3.removeBucket(t.config.s3.bucket);
    try {
      const res = await fetch(`${t.url}/readyz`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { status: string; error: Record<string, { status: string; message: string }>; details: Record<string, { status: string }> };
      expect(body.status).toBe('error');
      expect(Object.keys(body.error)).toEqual(['storage']);
      expect(body.error['storage']!.message).toContain(t.config.s3.bucket);
      expect(body.details['database']!.status).toBe('up');
      // Alive all the same: a restart would not bring the bucket back.
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    } finally {
      await s3.makeBucket(t.config.s3.bucket);
    }
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });

  it('fails readiness first when shutting down, so the balancer stops sending before anything closes', async () => {
    const other = await startTestApp();
    try {
      other.app.get(AppLifecycle).beginShutdown();
      const res = await fetch(`${other.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'shutting_down' });
      expect((await fetch(`${other.url}/healthz`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('shuts down in order: readiness fails while requests are still served, a waiting worker long-poll is answered, then the pool closes', async () => {
    const other = await startTestApp();
    try {
      const token = await testWorkerToken(other);
      // A worker waiting up to 20 s for a job that will not come.
      let answered: Response | null = null;
      const lease = fetch(`${other.url}/v1/jobs/lease?wait=20`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' }).then((res) => (answered = res));
      await expectPoll(async () => (await other.sql.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%FROM preview_jobs j%'`)).rows[0].n).toBeGreaterThan(0);
      const shutdown = shutDownGracefully(other.app, { drainMs: 1_000, timeoutMs: 10_000 });
      // Draining: the balancer sees "not ready", but whatever still arrives is served.
      const ready = await fetch(`${other.url}/readyz`);
      expect(ready.status).toBe(503);
      expect((await fetch(`${other.url}/healthz`)).status).toBe(200);
      // The waiting long-poll is answered "no job" (not cut, and not a failure from a closed pool).
      await lease;
      expect(answered!.status).toBe(204);
      await shutdown;
      expect(other.dataSource.isInitialized).toBe(false);
      await expect(fetch(`${other.url}/healthz`)).rejects.toThrow();
    } finally {
      await other.close().catch(() => undefined);
    }
  });

  it('names every request: a sane x-request-id is kept and returned, anything else gets a fresh id', async () => {
    const kept = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'lb-7f3a9c21.0001' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a9c21.0001');
    const replaced = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'bad id <script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const fresh = await fetch(`${t.url}/v1/jobs/lease?wait=0`, { method: 'POST' });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 503 SERVICE_UNAVAILABLE worded as storage (not the database) while object storage resets every connection', async () => {
    // A TCP proxy to the test S3 server that, once cut, resets every connection (a storage restart).
    const s3 = new URL(testContext('s3Endpoint'));
    let isCut = false;
    const sockets = new Set<Socket>();
    const proxy = createServer((client) => {
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      if (isCut) return void client.resetAndDestroy();
      const upstream = connect(Number(s3.port), s3.hostname);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const other = await startTestApp({ S3_ENDPOINT: `http://127.0.0.1:${(proxy.address() as { port: number }).port}` });
    try {
      const admin = await createUser(other, ['ADMIN']);
      const designer = await createUser(other, ['DESIGNER']);
      await createPreviewSubject(other, admin, 'Mei');
      const template = await createTemplate(other, designer);
      const upload = await uploadAsset(other, designer, 'REFERENCE_IMAGE', 'ref.png', 'image/png', await makePngBytes());
      const token = await testWorkerToken(other);
      const v1 = (path: string, body: unknown) => fetch(`${other.url}/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await v1('workers/heartbeat', { backend: 'draft', baseModels: ['sdxl', 'sd15'] })).status).toBe(200);
      expect((await other.gql(`mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id } }`, { input: { versionId: template.draft.id, seeds: [1] } }, designer)).errors).toBeUndefined();
      const lease = (await (await v1('jobs/lease?wait=2', {})).json()) as { leaseId: string; job: { id: string }; output: { uploadUrl: string; uploadHeaders: Record<string, string> } };
      expect((await fetch(lease.output.uploadUrl, { method: 'PUT', headers: lease.output.uploadHeaders, body: Uint8Array.from(await makePngBytes({ width: 64, height: 96 })) })).ok).toBe(true);

      isCut = true;
      for (const socket of sockets) socket.destroy();
      const completed = await upload.complete();
      expect(completed.errors![0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'common.storageUnavailable', retryAfterSeconds: 5 } });
      expect(completed.errors![0]!.message).toContain('cannot reach its file storage');
      const rest = await v1(`jobs/${lease.job.id}/complete`, { leaseId: lease.leaseId });
      expect(rest.status).toBe(503);
      expect(rest.headers.get('retry-after')).toBe('5');
      expect(await rest.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'common.storageUnavailable' });

      // Storage back: the same report goes through (nothing was lost with the lease).
      isCut = false;
      const again = await v1(`jobs/${lease.job.id}/complete`, { leaseId: lease.leaseId });
      expect(again.status).toBe(200);
    } finally {
      await other.close().catch(() => undefined);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After while PostgreSQL refuses connections, and recovers by itself', async () => {
    const other = await startTestApp();
    const database = new URL(other.config.databaseUrl!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: testContext('adminDatabaseUrl') });
    await admin.connect();
    try {
      const user = await createUser(other, ['DESIGNER']);
      const token = await testWorkerToken(other);
      // As during a restart: every connection is cut and new ones are refused.
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
      const res = await fetch(`${other.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` }, body: JSON.stringify({ query: '{ templates(first: 1) { totalCount } }' }) });
      const text = await res.text();
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const body = JSON.parse(text) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect(body.errors[0]!.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'common.serviceUnavailable', retryAfterSeconds: 5 });
      expect(body.errors[0]!.message).toContain('cannot reach its database');
      // The worker API too, and readiness names the database.
      const rest = await fetch(`${other.url}/v1/workers/heartbeat`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ backend: 'draft', baseModels: ['sdxl'] }) });
      expect(rest.status).toBe(503);
      expect(rest.headers.get('retry-after')).toBe('5');
      expect(await rest.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'common.serviceUnavailable' });
      const ready = await fetch(`${other.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(Object.keys(((await ready.json()) as { error: object }).error)).toContain('database');

      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
      await expectPoll(async () => (await other.gql('{ templates(first: 1) { totalCount } }', {}, user)).data?.['templates']?.totalCount, { timeout: 10_000 }).toBe(0);
      // Ready again once the LISTEN connection is back too (it reconnects with backoff).
      await expectPoll(async () => (await fetch(`${other.url}/readyz`)).status, { timeout: 15_000 }).toBe(200);
    } finally {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
      await other.close();
    }
  });

  it('logs JSON lines, each request with its id, and nothing personal', async () => {
    const lines: string[] = [];
    const destination = { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean)) };
    const other = await startTestApp({ LOG_FORMAT: 'json', LOG_LEVEL: 'info' }, { logDestination: destination });
    try {
      const person = await createUser(other, ['DESIGNER']);
      await fetch(`${other.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${person.token}`, 'x-request-id': 'req-0123456789' }, body: JSON.stringify({ query: 'query Mine { me { id email } }' }) });
      await expectPoll(() => lines.some((l) => l.includes('req-0123456789'))).toBe(true);
      const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const request = entries.find((e) => (e['req'] as { id?: string } | undefined)?.id === 'req-0123456789')!;
      expect(request).toMatchObject({ level: 30, req: { id: 'req-0123456789', method: 'POST', path: '/graphql' }, res: { statusCode: 200 }, msg: 'POST /graphql 200' });
      // Nest's own lines are JSON too.
      expect(entries.some((e) => e['context'] === 'NestApplication' || e['context'] === 'InstanceLoader')).toBe(true);
      const all = lines.join('\n');
      expect(all).not.toContain(person.token);
      expect(all).not.toContain(person.email);
      expect(all).not.toContain('127.0.0.1');
    } finally {
      await other.close();
    }
  });

  it('serves Prometheus metrics only with the token when METRICS_TOKEN is set', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('wrong-token-0123456789abcdef')).status).toBe(401);
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    // Node's process metrics are exported (their value counts CPU since the previous scrape, and a
    // scrape moments after start may find none: 0 then, which once failed a loaded CI run).
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'atelier_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
  });

  it('counts requests by route and GraphQL operation, the queue, lease waits, render times and workers', async () => {
    const subject = await createPreviewSubject(t, admin, 'Mei');
    expect(subject.id).toBeDefined();
    const template = await createTemplate(t, designer);
    await t.gql(`query TemplatesForMetrics { templates(first: 1) { totalCount } }`, {}, designer);
    // Queued, not yet leased: the gauge shows it.
    const batch = await t.gql(`mutation QueueForMetrics($v: ID!) { requestPreviews(input: { versionId: $v }) { id } }`, { v: template.draft.id }, designer);
    expect(batch.errors).toBeUndefined();
    let text = await (await scrape()).text();
    expect(sample(text, 'atelier_preview_jobs', { state: 'QUEUED', priority: 'INTERACTIVE' })).toBe(2);
    expect(sample(text, 'atelier_http_request_duration_seconds_count', { route: '/graphql', operation: 'TemplatesForMetrics', status: '200' })).toBe(1);
    expect(sample(text, 'atelier_http_request_duration_seconds_count', { route: '/readyz' })).toBeGreaterThan(0);

    // A worker leases and finishes both (plus a second batch the factory asks for).
    await renderPreviews(t, designer, template.draft.id);
    text = await (await scrape()).text();
    expect(sample(text, 'atelier_preview_jobs', { state: 'QUEUED' })).toBeUndefined();
    expect(sample(text, 'atelier_preview_lease_wait_seconds_count', { backend: 'draft', priority: 'INTERACTIVE' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'atelier_preview_job_duration_seconds_count', { backend: 'draft', outcome: 'succeeded' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'atelier_workers_online', { backend: 'draft' })).toBe(1);
    // The worker routes are labelled by their pattern, never by a job id.
    expect(text).toContain('route="/v1/jobs/:id/complete"');
    expect(text).not.toMatch(/route="\/v1\/jobs\/[0-9a-f]{8}-/);
  });

  it('counts usage events by result', async () => {
    const key = await t.gql(`mutation { createApiKey(input: { name: "Metrics app", scopes: [USAGE_WRITE], consumerApp: "Miaoya Camera" }) { key } }`, {}, admin);
    const event = { eventId: 'evt-metrics-1', templateVersionId: '00000000-0000-4000-8000-000000000000', occurredAt: '2026-12-01T08:00:00.000Z', grossAmount: 990, currency: 'CNY' };
    const res = await t.gql(`mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { rejected } }`, { events: [event] }, { apiKey: key.data!['createApiKey'].key });
    expect(res.data!['recordUsage']).toEqual({ rejected: 1 });
    expect(sample(await (await scrape()).text(), 'atelier_usage_events_total', { result: 'REJECTED' })).toBe(1);
  });
});
