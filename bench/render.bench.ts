// Hosted-render benchmark (issue 15 §5): designers ask for interactive previews at a steady rate
// while consumer apps burst paid renders (createRender) onto the same GPU pool. Measures designers'
// interactive wait (created -> leased, read from the jobs' own times) without and with the burst
// (goal: p95 within 1.2x), the consumer throughput, and that every paid render was metered exactly
// once (one usage event render:<id> per succeeded render, none for others) with one signed webhook.
//
// The pool: BENCH_GPUS simulated GPU workers on the draft backend, each rendering one job at a time
// for BENCH_RENDER_MS (a GPU's time, slept, so the figures do not depend on this machine's CPU),
// over the real /v1 protocol (lease long-poll, presigned PUT of a PNG, complete). The API runs in
// this process on its own database; S3 (s3rver), and the GPUs with the apps, each in a child process.
//
// Run with `npm run bench:render` (knobs: BENCH_GPUS, BENCH_RENDER_MS, BENCH_DURATION,
// BENCH_INTERACTIVE_PER_SEC, BENCH_APPS, BENCH_RENDERS_PER_APP, CONSUMER_RENDER_SHARE).
import { fork } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { verifyWebhookSignature } from '@atelier/atelier-client';
import { makeDemoLoraSafetensors } from '@atelier/safetensors';
import { loadApiConfig } from '@atelier/api/dist/config/api-config.js';
import { createAtelierApp } from '@atelier/api/dist/create-app.js';
import { runMigrations } from '@atelier/api/dist/database/database.providers.js';
import { ApiKeyService } from '@atelier/api/dist/modules/api-key/api-key.service.js';
import { PreviewJobService } from '@atelier/api/dist/modules/preview-job/preview-job.service.js';
import { WorkerTokenService } from '@atelier/api/dist/modules/worker-token/worker-token.service.js';
import { UserEntity } from '@atelier/api/dist/modules/user/user.entity.js';
import { DEMO_ACCOUNTS, publishDemoTemplate, seedDemoData } from '@atelier/api/dist/seed/seed-demo-data.js';
import { createBenchDatabase, redact, resolvePostgres } from './lib/database.js';
import { envNumber, gitCommit, setUpCleanups } from './lib/bench-run.js';
import { killQueueChildren, startS3Process } from './lib/queue-procs.js';
import type { RenderLoadMessage, RenderLoadReply } from './lib/render-load.js';

const SETTINGS = {
  gpus: Math.floor(envNumber('BENCH_GPUS', 8, 1)),
  renderMs: envNumber('BENCH_RENDER_MS', 400, 1),
  durationSec: envNumber('BENCH_DURATION', 30, 5),
  interactivePerSec: envNumber('BENCH_INTERACTIVE_PER_SEC', 2, 0.1),
  apps: Math.floor(envNumber('BENCH_APPS', 3, 1)),
  rendersPerApp: Math.floor(envNumber('BENCH_RENDERS_PER_APP', 300, 1)),
  // createRender calls each app keeps in flight during its burst.
  appConcurrency: Math.floor(envNumber('BENCH_APP_CONCURRENCY', 20, 1)),
  consumerShare: envNumber('CONSUMER_RENDER_SHARE', 0.75, 0.01),
};
const GOAL = { maxP95Ratio: 1.2 };
const PRICE = 990;

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const { cleanups, cleanup, isInterrupted } = setUpCleanups(log, killQueueChildren);

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

interface PhaseResult {
  name: string;
  /** This process's event-loop delay (the API runs here): how busy the machine's CPU kept it. */
  loopDelayMs: { p50: number; p99: number; max: number };
  interactive: { jobs: number; p50: number; p95: number; max: number; requestP95: number; queuedP95: number };
  consumer: { created: number; succeeded: number; perSec: number; spanSec: number; p95WaitSec: number } | null;
}

async function main(): Promise<void> {
  log(`settings: ${JSON.stringify(SETTINGS)}`);
  const pgServer = await resolvePostgres(log);
  cleanups.push({ what: 'stop PostgreSQL', run: pgServer.stop });
  const db = await createBenchDatabase(pgServer.adminUrl);
  cleanups.push({ what: `drop ${db.name}`, run: db.drop });
  await runMigrations(db.url);
  log(`database ${redact(db.url)} migrated`);
  const s3Dir = mkdtempSync(join(tmpdir(), 'atelier-render-bench-s3-'));
  cleanups.push({ what: 'remove S3 dir', run: async () => rmSync(s3Dir, { recursive: true, force: true }) });
  const s3 = await startS3Process(s3Dir);
  cleanups.push({ what: 'stop S3', run: s3.stop });

  const config = loadApiConfig({
    ATELIER_ENV: 'test',
    DATABASE_URL: db.url,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: db.name.replace(/_/g, '-'),
    PREVIEW_BACKEND: 'draft',
    PREVIEW_QUEUE_QUOTA_PER_USER: '100000',
    CONSUMER_RENDER_SHARE: String(SETTINGS.consumerShare),
    CONSUMER_RENDER_QUEUE_QUOTA: String(SETTINGS.rendersPerApp * 2),
    WEBHOOK_ALLOW_NETWORKS: 'loopback',
    RENDER_POLL_MS: '200',
    // Each app's key keeps the deployment's request limit (API_KEY_RATE_LIMIT_PER_MINUTE, 1,200 a
    // minute by default) unless BENCH_KEY_RATE_LIMIT says otherwise; apps wait out a 429 as told.
    ...(process.env['BENCH_KEY_RATE_LIMIT'] ? { API_KEY_RATE_LIMIT_PER_MINUTE: process.env['BENCH_KEY_RATE_LIMIT'] } : {}),
    LOG_LEVEL: 'warn',
  });
  const app = await createAtelierApp(config);
  cleanups.push({ what: 'close API', run: () => app.close() });
  await app.listen(0, '127.0.0.1');
  const apiUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const ds = app.get(DataSource);
  await seedDemoData(app, config);
  const admin = (await ds.manager.findOneBy(UserEntity, { email: DEMO_ACCOUNTS[0]!.email }))!;
  const designer = (await ds.manager.findOneBy(UserEntity, { email: DEMO_ACCOUNTS[1]!.email }))!;
  const asUser = (u: UserEntity) => ({ id: u.id, email: u.email, roles: u.roles });

  // ---- the simulated GPU pool (in the load process) ------------------------------------------
  const tokens: string[] = [];
  for (let i = 0; i < SETTINGS.gpus; i++) tokens.push((await app.get(WorkerTokenService).create(asUser(admin), { name: `bench-gpu-${i + 1}` })).token);
  for (const token of tokens) {
    await fetch(`${apiUrl}/v1/workers/heartbeat`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ backend: 'draft', baseModels: ['sd15', 'sdxl'] }) });
  }
  const load = startLoadProcess();
  cleanups.push({ what: 'stop the load process', run: load.stop });
  load.send({ type: 'gpus', apiUrl, tokens, renderMs: SETTINGS.renderMs });

  const published = await publishDemoTemplate(app, 180_000);
  if (published !== 'published') throw new Error(`the demo template was not published (${published})`);
  const [{ version_id: versionId }] = (await ds.query(`SELECT published_version_id AS version_id FROM templates WHERE published_version_id IS NOT NULL LIMIT 1`)) as Array<{ version_id: string }>;
  // Designers preview their drafts: the demo templates not on sale.
  const drafts = ((await ds.query(`SELECT v.id FROM template_versions v WHERE v.state = 'DRAFT'`)) as Array<{ id: string }>).map((r) => r.id);
  const [subject] = (await ds.query(`SELECT id FROM preview_subjects WHERE active LIMIT 1`)) as Array<{ id: string }>;
  log(`API at ${apiUrl}; ${SETTINGS.gpus} simulated GPUs; version ${versionId} on sale; ${drafts.length} drafts to preview`);

  // ---- consumer apps: keys, identities, a webhook receiver ----------------------------------
  const appKeys: Array<{ apiKey: string; secret: string; identityId: string }> = [];
  for (let i = 0; i < SETTINGS.apps; i++) {
    const created = await app.get(ApiKeyService).create(asUser(admin), { name: `bench app ${i + 1}`, scopes: ['render'], consumerApp: `Bench App ${i + 1}` });
    const gql = graphql(apiUrl, created.key);
    const bytes = makeDemoLoraSafetensors({ name: `user ${i}`, baseModel: 'sdxl', seed: 500 + i });
    const ticket = await gql(`mutation($input: RequestUploadInput!) { requestUpload(input: $input) { asset { id } uploadUrl uploadForm } }`, { input: { kind: 'IDENTITY_LORA', fileName: 'user.safetensors', contentType: 'application/octet-stream', byteSize: bytes.length } });
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket['requestUpload'].uploadForm as Record<string, string>)) form.append(name, value);
    form.append('file', new Blob([Uint8Array.from(bytes)]));
    const post = await fetch(ticket['requestUpload'].uploadUrl, { method: 'POST', body: form });
    if (!post.ok) throw new Error(`identity upload failed: ${post.status}`);
    const done = await gql(`mutation($id: ID!) { completeUpload(assetId: $id) { id state } }`, { id: ticket['requestUpload'].asset.id });
    appKeys.push({ apiKey: created.key, secret: created.webhookSecret!, identityId: done['completeUpload'].id });
  }
  const received: Array<{ body: string; signature: string | undefined }> = [];
  const hookServer = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-atelier-signature'] as string | undefined });
      res.end();
    });
  });
  await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
  cleanups.push({ what: 'stop webhook receiver', run: () => new Promise((r) => hookServer.close(() => r())) });
  const webhookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/atelier`;

  // ---- phases -------------------------------------------------------------------------------
  let seed = 1;
  const previews = app.get(PreviewJobService);
  // One interactive preview (one face, one new seed) every 1/rate seconds, for the phase. How long
  // each request took is kept: the job's wait counts from its row's created_at, the request's start.
  const requestMs: number[] = [];
  // When each request returned (its job committed and visible to the pool), by seed.
  const visibleAt = new Map<number, number>();
  const designersFor = async (seconds: number): Promise<void> => {
    const every = 1000 / SETTINGS.interactivePerSec;
    const end = Date.now() + seconds * 1000;
    let next = Date.now();
    while (Date.now() < end && !isInterrupted()) {
      const asked = performance.now();
      const jobSeed = seed++;
      await previews.requestPreviews(asUser(designer), { versionId: drafts[jobSeed % drafts.length]!, subjectIds: [subject!.id], seeds: [jobSeed], priority: 'INTERACTIVE' });
      requestMs.push(performance.now() - asked);
      visibleAt.set(jobSeed, Date.now());
      next += every;
      await sleep(Math.max(0, next - Date.now()));
    }
  };
  const interactiveWaits = async (from: Date, to: Date) => {
    const rows = (await ds.query(
      `SELECT seed::float8 AS seed, extract(epoch FROM started_at - created_at)::float8 AS s, extract(epoch FROM started_at)::float8 * 1000 AS started
         FROM preview_jobs WHERE priority = 'INTERACTIVE' AND created_at >= $1 AND created_at < $2 AND started_at IS NOT NULL`,
      [from, to],
    )) as Array<{ seed: number; s: number; started: number }>;
    const waits = rows.map((r) => r.s * 1000).sort((a, b) => a - b);
    // From the moment the job was visible (its request returned) to its lease; 0 when leased sooner.
    const queued = rows.map((r) => Math.max(0, r.started - (visibleAt.get(r.seed) ?? r.started))).sort((a, b) => a - b);
    const requests = requestMs.splice(0).sort((a, b) => a - b);
    return { jobs: waits.length, p50: percentile(waits, 50), p95: percentile(waits, 95), max: waits.at(-1) ?? NaN, requestP95: percentile(requests, 95), queuedP95: percentile(queued, 95) };
  };
  const waitForIdle = async () => {
    for (;;) {
      const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM preview_jobs WHERE state IN ('QUEUED', 'LEASED')`)) as Array<{ n: number }>;
      if (!n) return;
      await sleep(250);
    }
  };

  await waitForIdle();
  const phases: PhaseResult[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const loopDelay = () => {
    const d = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
    loop.reset();
    return d;
  };
  loop.enable();
  // 1. Designers alone.
  let from = new Date();
  loop.reset();
  await designersFor(SETTINGS.durationSec);
  let to = new Date();
  const aloneLoop = loopDelay();
  await waitForIdle();
  phases.push({ name: 'designers alone', loopDelayMs: aloneLoop, interactive: await interactiveWaits(from, to), consumer: null });
  log(`phase 1: ${JSON.stringify(phases[0])}`);

  // 2. The same designers while apps burst paid renders at once.
  from = new Date();
  loop.reset();
  const burstStarted = Date.now();
  let burstCreatedSec = NaN;
  let rateLimited = 0;
  const burst = load.burst({ type: 'burst', apiUrl, apps: appKeys.map((k) => ({ apiKey: k.apiKey, identityId: k.identityId })), versionId, webhookUrl, rendersPerApp: SETTINGS.rendersPerApp, concurrency: SETTINGS.appConcurrency, price: PRICE }).then((done) => {
    burstCreatedSec = done.seconds;
    rateLimited = done.rateLimited;
    return done.ids;
  });
  await designersFor(SETTINGS.durationSec);
  to = new Date();
  const burstLoop = loopDelay();
  const renderIds = await burst;
  const burstWaits = await interactiveWaits(from, to);
  // 3. The same designers while the apps' backlog drains: the GPUs are as busy, the API no longer
  // takes the burst's createRender calls (the scheduler's part of the wait, without the API's).
  const [{ backlog }] = (await ds.query(`SELECT count(*)::int AS backlog FROM preview_jobs WHERE priority = 'CONSUMER' AND state = 'QUEUED'`)) as Array<{ backlog: number }>;
  let draining: PhaseResult | null = null;
  if (backlog > 0) {
    const drainSeconds = Math.min(SETTINGS.durationSec, Math.max(5, Math.floor((backlog / ((Math.max(1, Math.floor(SETTINGS.consumerShare * SETTINGS.gpus)) * 1000) / SETTINGS.renderMs)) * 0.8)));
    const drainFrom = new Date();
    loop.reset();
    await designersFor(drainSeconds);
    const drainTo = new Date();
    const drainLoop = loopDelay();
    const [{ left }] = (await ds.query(`SELECT count(*)::int AS left FROM preview_jobs WHERE priority = 'CONSUMER' AND state = 'QUEUED'`)) as Array<{ left: number }>;
    draining = { name: `designers while ${backlog} app renders drain (${drainSeconds} s, ${left} still queued at its end)`, loopDelayMs: drainLoop, interactive: await interactiveWaits(drainFrom, drainTo), consumer: null };
    log(`phase 3: ${JSON.stringify(draining)}`);
  }
  await waitForIdle();
  // Settlement and webhooks run every 200 ms: wait for the last ones.
  for (let i = 0; i < 100; i++) {
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM renders WHERE state = 'QUEUED' OR (state = 'SUCCEEDED' AND usage_status IS NULL)`)) as Array<{ n: number }>;
    const [{ p }] = (await ds.query(`SELECT count(*)::int AS p FROM webhook_deliveries WHERE state = 'PENDING'`)) as Array<{ p: number }>;
    if (!n && !p) break;
    await sleep(300);
  }
  const [consumer] = (await ds.query(
    `SELECT count(*)::int AS succeeded, extract(epoch FROM max(j.finished_at) - min(j.created_at))::float8 AS span,
            extract(epoch FROM percentile_disc(0.95) WITHIN GROUP (ORDER BY j.finished_at) - min(j.created_at))::float8 AS span95,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM j.started_at - j.created_at)) AS p95
       FROM renders r JOIN preview_jobs j ON j.render_id = r.id WHERE r.state = 'SUCCEEDED' AND r.id = ANY($1::uuid[])`,
    [renderIds],
  )) as Array<{ succeeded: number; span: number; span95: number; p95: number }>;
  phases.push({
    name: 'designers + apps bursting renders',
    loopDelayMs: burstLoop,
    interactive: burstWaits,
    consumer: { created: renderIds.length, succeeded: consumer!.succeeded, perSec: (0.95 * consumer!.succeeded) / consumer!.span95, spanSec: consumer!.span, p95WaitSec: consumer!.p95 },
  });
  log(`phase 2: ${JSON.stringify(phases[1])} (renders created in ${burstCreatedSec.toFixed(1)} s)`);
  if (draining) phases.push(draining);

  // ---- exactly once -------------------------------------------------------------------------
  const [metering] = (await ds.query(
    `SELECT (SELECT count(*)::int FROM renders WHERE id = ANY($1::uuid[]) AND state = 'SUCCEEDED') AS succeeded,
            (SELECT count(*)::int FROM usage_events WHERE event_id = ANY(SELECT 'render:' || id FROM unnest($1::uuid[]) AS id)) AS events,
            (SELECT count(DISTINCT event_id)::int FROM usage_events WHERE event_id LIKE 'render:%') AS distinct_events,
            (SELECT count(*)::int FROM usage_events WHERE event_id LIKE 'render:%') AS all_events,
            (SELECT coalesce(sum(gross_minor), 0)::bigint FROM usage_events WHERE event_id LIKE 'render:%') AS gross,
            (SELECT count(*)::int FROM renders WHERE id = ANY($1::uuid[]) AND usage_status = 'ACCEPTED') AS accepted,
            (SELECT count(*)::int FROM webhook_deliveries WHERE render_id = ANY($1::uuid[]) AND state = 'DELIVERED') AS delivered`,
    [renderIds],
  )) as Array<{ succeeded: number; events: number; distinct_events: number; all_events: number; gross: string; accepted: number; delivered: number }>;
  const hookIds = received.map((r) => JSON.parse(r.body).id as string);
  const verified = received.filter((r) => {
    const key = appKeys.find((k) => verifyWebhookSignature(k.secret, r.body, r.signature).ok);
    return key !== undefined;
  }).length;
  const checks = {
    everySucceededRenderMeteredOnce: metering!.events === metering!.succeeded && metering!.all_events === metering!.distinct_events && metering!.accepted === metering!.succeeded,
    grossMatches: Number(metering!.gross) === metering!.succeeded * PRICE,
    everyRenderSucceeded: metering!.succeeded === renderIds.length,
    oneWebhookPerRender: new Set(hookIds).size === renderIds.length && metering!.delivered === renderIds.length,
    everyWebhookSignatureVerified: verified === received.length,
  };

  await load.stop();

  // How many consumer renders ran at once at most (the share allows floor(share x GPUs)).
  const [{ peak }] = (await ds.query(
    `SELECT coalesce(max(n), 0)::int AS peak FROM (
       SELECT sum(d) OVER (ORDER BY t, d) AS n FROM (
         SELECT started_at AS t, 1 AS d FROM preview_jobs WHERE priority = 'CONSUMER' AND started_at IS NOT NULL AND finished_at IS NOT NULL
         UNION ALL SELECT finished_at, -1 FROM preview_jobs WHERE priority = 'CONSUMER' AND started_at IS NOT NULL AND finished_at IS NOT NULL) e) x`,
  )) as Array<{ peak: number }>;
  const [alone, withBurst] = phases as [PhaseResult, PhaseResult];
  const ratio = withBurst.interactive.p95 / alone.interactive.p95;
  const drainRatio = draining ? draining.interactive.p95 / alone.interactive.p95 : null;
  const visibleRatio = withBurst.interactive.queuedP95 / alone.interactive.queuedP95;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const lines = [
    `# bench:render — ${new Date().toISOString()}${gitCommit() ? ` (commit ${gitCommit()})` : ''}`,
    `pool: ${SETTINGS.gpus} simulated GPUs x ${SETTINGS.renderMs} ms per image (draft backend, real /v1 protocol); consumer share ${SETTINGS.consumerShare}`,
    `designers: ${SETTINGS.interactivePerSec} interactive previews/s for ${SETTINGS.durationSec} s per phase; apps: ${SETTINGS.apps} x ${SETTINGS.rendersPerApp} paid renders at once in phase 2, ${SETTINGS.appConcurrency} createRender calls in flight per app (all created in ${burstCreatedSec.toFixed(1)} s; ${rateLimited} answers of 429 waited out; key limit ${config.apiKeys.rateLimitPerMinute}/min)`,
    '',
    '| phase | interactive jobs | wait p50 | wait p95 | wait max | requestPreviews p95 | wait p95 once visible | API event-loop delay p99 / max |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...phases.map((p) => `| ${p.name} | ${p.interactive.jobs} | ${ms(p.interactive.p50)} | ${ms(p.interactive.p95)} | ${ms(p.interactive.max)} | ${ms(p.interactive.requestP95)} | ${ms(p.interactive.queuedP95)} | ${ms(p.loopDelayMs.p99)} / ${ms(p.loopDelayMs.max)} |`),
    '(wait: from the job row\'s created_at, the start of the requestPreviews transaction, to its lease; once visible: from the moment requestPreviews returned)',
    '',
    `interactive p95 with the burst / without: ${ratio.toFixed(2)}x (goal <= ${GOAL.maxP95Ratio}x): ${ratio <= GOAL.maxP95Ratio ? 'MET' : 'NOT MET'}`,
    `interactive p95 once visible, with the burst / without: ${visibleRatio.toFixed(2)}x (${ms(withBurst.interactive.queuedP95)} vs ${ms(alone.interactive.queuedP95)})`,
    ...(drainRatio === null ? [] : [`interactive p95 while the backlog drains / without: ${drainRatio.toFixed(2)}x (goal <= ${GOAL.maxP95Ratio}x): ${drainRatio <= GOAL.maxP95Ratio ? 'MET' : 'NOT MET'}`]),
    `consumer renders running at once: at most ${peak} (share allows ${Math.max(1, Math.floor(SETTINGS.consumerShare * SETTINGS.gpus))} of ${SETTINGS.gpus} GPUs)`,
    `consumer throughput: ${withBurst.consumer!.perSec.toFixed(2)} renders/s until 95% were done (all ${withBurst.consumer!.succeeded} in ${withBurst.consumer!.spanSec.toFixed(1)} s) ` +
      `(the pool's ceiling for consumers: ${((Math.max(1, Math.floor(SETTINGS.consumerShare * SETTINGS.gpus)) * 1000) / SETTINGS.renderMs).toFixed(2)}/s); consumer wait p95 ${withBurst.consumer!.p95WaitSec.toFixed(1)} s`,
    `metering: ${metering!.succeeded} succeeded paid renders, ${metering!.events} usage events render:<id> (${metering!.distinct_events} distinct), gross ${metering!.gross} = ${metering!.succeeded} x ${PRICE}`,
    `webhooks: ${received.length} received, ${new Set(hookIds).size} distinct ids, ${verified} signatures verified, ${metering!.delivered} deliveries DELIVERED`,
    `checks: ${Object.entries(checks).map(([k, v]) => `${k}=${v ? 'ok' : 'FAILED'}`).join(', ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (Object.values(checks).some((ok) => !ok)) process.exitCode = 1;
}

function graphql(apiUrl: string, apiKey: string) {
  return async (query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> => {
    const res = await fetch(`${apiUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return body.data!;
  };
}

// The simulated GPUs and the apps' burst run in their own process (bench/lib/render-load.ts).
function startLoadProcess() {
  const child = fork(fileURLToPath(new URL('./lib/render-load.js', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let onBurst: ((done: Extract<RenderLoadReply, { type: 'burst-done' }>) => void) | null = null;
  let onStopped: (() => void) | null = null;
  let stopped: Promise<void> | null = null;
  // A child that went away is noticed by stop(); a write to it must not crash this process.
  child.on('error', (e) => log(`load process: ${e.message}`));
  child.on('message', (m: RenderLoadReply) => {
    if (m.type === 'log') log(m.message);
    else if (m.type === 'error') log(`load process: ${m.error}`);
    else if (m.type === 'burst-done') onBurst?.(m);
    else if (m.type === 'stopped') onStopped?.();
  });
  return {
    send: (m: RenderLoadMessage) => child.send(m),
    burst: (m: Extract<RenderLoadMessage, { type: 'burst' }>) =>
      new Promise<Extract<RenderLoadReply, { type: 'burst-done' }>>((resolve) => {
        onBurst = resolve;
        child.send(m);
      }),
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || !child.connected) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        onStopped = () => {
          clearTimeout(timer);
          resolve();
        };
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      })),
  };
}

main()
  .catch((error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
