// Queue benchmark: 32 simulated GPU workers lease and finish preview jobs against the real API on
// PostgreSQL, over the real /v1 protocol. Goal: >= 1,000 jobs/s on the machine that runs it.
//
// Three phases, each on a fresh queue of BENCH_JOBS jobs:
//   full        lease -> PUT a 1x1 PNG to the presigned output URL -> complete (the real protocol;
//               complete also reads the image back, checks it, makes a thumbnail and stores both)
//   queue-only  lease -> fail(retryable: false): the queue's own cost, without storage or images
//   queue-batched  4 boxes x 8 GPUs, queue only: lease?max=8 -> the jobs failed in one POST /v1/jobs/report
//   batched     4 boxes x 8 GPUs: each box leases up to its free GPUs in one call (lease?max=N),
//               then each job as in full (PUT -> complete), each on its own lease
//
// Run with `npm run bench:queue` (see bench/README.md for the knobs and how to read the output).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { loadApiConfig } from '@atelier/api/dist/config/api-config.js';
import { createAtelierApp } from '@atelier/api/dist/create-app.js';
import { runMigrations, type QueryMetricsLogger } from '@atelier/api/dist/database/database.providers.js';
import { WorkerTokenService } from '@atelier/api/dist/modules/worker-token/worker-token.service.js';
import { adminQuery, createBenchDatabase, redact, resolvePostgres } from './lib/database.js';
import { cpuBusyPercent, envNumber, gitCommit, setUpCleanups } from './lib/bench-run.js';
import { killQueueChildren, postgresCpuSeconds, runQueueLoad, startS3Process, type QueueLoadRequest, type QueueLoadResult } from './lib/queue-procs.js';
import { cancelQueued, enqueueJobs, jobStateCounts, seedQueueFixtures } from './lib/queue-seed.js';

type Mode = QueueLoadRequest['mode'];
const MODES: readonly Mode[] = ['full', 'queue-only', 'queue-batched', 'batched'];
const modes = (process.env['BENCH_MODES'] ?? MODES.join(','))
  .split(',')
  .map((m) => m.trim())
  .filter(Boolean);
for (const m of modes) if (!MODES.includes(m as Mode)) throw new Error(`BENCH_MODES: unknown mode "${m}" (use ${MODES.join(', ')})`);

const SETTINGS = {
  workers: Math.floor(envNumber('BENCH_WORKERS', 32, 1)),
  jobs: Math.floor(envNumber('BENCH_JOBS', 50_000, 100)),
  durationSec: envNumber('BENCH_DURATION', 15, 1),
  warmupSec: envNumber('BENCH_WARMUP', 2, 0),
  modes: modes as Mode[],
  // The batched phase: boxes (one worker token each) and GPUs per box (the most one lease asks for).
  boxes: Math.floor(envNumber('BENCH_BOXES', 4, 1)),
  gpusPerBox: Math.min(16, Math.floor(envNumber('BENCH_GPUS_PER_BOX', 8, 1))),
  // How long a box's finished job waits for others to report with it (POST /v1/jobs/report); 0: each alone.
  reportBatchMs: envNumber('BENCH_REPORT_BATCH_MS', 5, 0),
  // The fixtures the jobs are spread over.
  designers: 40,
  templates: 250,
  subjects: 8,
  styleLoras: 12,
  subjectsPerBatch: 8,
  seedsPerBatch: 4,
};
const GOAL = { minJobsPerSec: 1000 };
// What-if: SQL run on the bench database after the migrations, e.g. an index you consider adding.
// The run then no longer measures the committed schema, so the output says so in its header.
const SETUP_SQL = process.env['BENCH_SETUP_SQL']?.trim() || null;
// BENCH_SQL_TRACE=1: also print which statements the API sent per finished job.
const SQL_TRACE = process.env['BENCH_SQL_TRACE'] === '1';
const LABEL: Record<Mode, string> = { full: 'full: lease>PUT>complete', 'queue-only': 'queue-only: lease>fail', batched: 'batched: boxes lease?max', 'queue-batched': 'queue-batched: max>report' };
// A valid 1x1 RGBA PNG (67 bytes): what each simulated worker uploads as its "render".
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

// Share of all CPUs busy over `ms` with other work than this process (see catalog.bench.ts).
const { cleanups, cleanup, isInterrupted } = setUpCleanups(log, killQueueChildren);

// ---------------------------------------------------------------------------------------------

interface CpuSnapshot {
  at: number;
  api: NodeJS.CpuUsage;
  load: NodeJS.CpuUsage;
  s3: Promise<NodeJS.CpuUsage>;
  postgresSec: number | null;
  machineBusyMs: number;
  sqlStatements: number;
}

interface CpuPerJob {
  /** ms of CPU per finished job, by process; other = everything else busy on the machine. */
  api: number;
  /** Of api: time in the kernel (socket writes and reads to PostgreSQL, S3 and the workers). */
  apiSystem: number;
  postgres: number | null;
  s3: number;
  load: number;
  other: number | null;
  /** Share of both CPUs busy during the window. */
  machineBusyPercent: number;
}

interface PhaseResult {
  mode: Mode;
  jobsPerSec: number;
  windowSec: number;
  load: QueueLoadResult;
  cpuMsPerJob: CpuPerJob;
  /** SQL statements the API sent per finished job (incl. BEGIN/COMMIT). */
  sqlPerJob: number;
  db: { before: Record<string, number>; after: Record<string, number> };
  checks: { name: string; ok: boolean; detail: string }[];
  drained: boolean;
}

const machineBusyMs = () => cpus().reduce((a, c) => a + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function main(): Promise<number> {
  const started = new Date();
  const pgServer = await resolvePostgres(log);
  cleanups.push({ what: 'stop PostgreSQL', run: pgServer.stop });
  log(`PostgreSQL ${pgServer.version} (${pgServer.source}: ${redact(pgServer.adminUrl)})`);

  const db = await createBenchDatabase(pgServer.adminUrl);
  cleanups.push({ what: `drop ${db.name}`, run: db.drop });
  await runMigrations(db.url);
  if (SETUP_SQL) {
    await adminQuery(db.url, SETUP_SQL);
    log(`BENCH_SETUP_SQL applied: ${SETUP_SQL}`);
  }
  let t0 = Date.now();
  const bucket = 'atelier-bench';
  const fixtures = await seedQueueFixtures(db.url, { designers: SETTINGS.designers, templates: SETTINGS.templates, subjects: SETTINGS.subjects, styleLoras: SETTINGS.styleLoras, bucket });
  log(`database ${db.name}: migrated; ${SETTINGS.designers} designers, ${SETTINGS.templates} DRAFT versions, ${SETTINGS.subjects} subjects, ${SETTINGS.styleLoras} style LoRAs in ${Date.now() - t0} ms`);

  const s3Dir = mkdtempSync(join(tmpdir(), 'atelier-bench-s3-'));
  cleanups.push({ what: 'remove S3 dir', run: () => rmSync(s3Dir, { recursive: true, force: true }) });
  const s3 = await startS3Process(s3Dir);
  cleanups.push({ what: 'stop S3', run: s3.stop });

  t0 = Date.now();
  const config = loadApiConfig({
    ATELIER_ENV: 'test',
    DATABASE_URL: db.url,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: bucket,
    HOST: '127.0.0.1',
    PORT: '0',
    PREVIEW_BACKEND: 'draft',
  });
  const app = await createAtelierApp(config);
  cleanups.push({ what: 'close API', run: () => app.close() });
  await app.listen(0, '127.0.0.1');
  const apiUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const sqlMetrics = app.get(DataSource).logger as QueryMetricsLogger;
  const workerTokens = app.get(WorkerTokenService);
  const tokens: string[] = [];
  for (let i = 0; i < Math.max(SETTINGS.workers, SETTINGS.boxes); i++) tokens.push((await workerTokens.create(fixtures.admin, { name: `bench-worker-${i + 1}` })).token);
  log(`API up at ${apiUrl} in ${Date.now() - t0} ms (ATELIER_ENV=test, PREVIEW_BACKEND=draft, S3 in its own process); ${tokens.length} worker tokens issued`);

  const busyBefore = await cpuBusyPercent();
  if (busyBefore > 15) log(`WARNING: ${busyBefore}% of the CPUs are busy with other work before the load starts; figures will be skewed`);

  const phases: PhaseResult[] = [];
  for (const [i, mode] of SETTINGS.modes.entries()) {
    if (i > 0) {
      const cancelled = await cancelQueued(db.url);
      log(`cancelled the ${cancelled} jobs left queued by the previous phase`);
    }
    t0 = Date.now();
    const queued = await enqueueJobs(db.url, fixtures, { jobs: SETTINGS.jobs, seedBase: (i + 1) * 100_000_000, subjectsPerBatch: SETTINGS.subjectsPerBatch, seedsPerBatch: SETTINGS.seedsPerBatch });
    log(`${mode}: ${queued.jobs} QUEUED jobs in ${queued.batches} batches seeded in ${Date.now() - t0} ms`);
    const before = await jobStateCounts(db.url);

    const boxes = mode === 'batched' || mode === 'queue-batched';
    const phaseTokens = boxes ? tokens.slice(0, SETTINGS.boxes) : tokens.slice(0, SETTINGS.workers);
    log(`${mode}: ${boxes ? `${SETTINGS.boxes} boxes x ${SETTINGS.gpusPerBox} GPUs` : `${SETTINGS.workers} workers`}, warm-up ${SETTINGS.warmupSec} s, then ${SETTINGS.durationSec} s measured`);
    const edges: Partial<Record<'start' | 'end', CpuSnapshot>> = {};
    const trace: { byStatement: Map<string, number> | null } = { byStatement: null };
    const load = await runQueueLoad({ apiUrl, tokens: phaseTokens, mode, gpusPerBox: SETTINGS.gpusPerBox, reportBatchMs: SETTINGS.reportBatchMs, warmupMs: SETTINGS.warmupSec * 1000, durationMs: SETTINGS.durationSec * 1000, pngBase64: PNG_1X1 }, (edge, loadCpu) => {
      if (SQL_TRACE) {
        if (edge === 'start') sqlMetrics.byStatement = new Map();
        else trace.byStatement = sqlMetrics.byStatement;
      }
      edges[edge] = { at: performance.now(), api: process.cpuUsage(), load: loadCpu, s3: s3.cpu(), postgresSec: postgresCpuSeconds(), machineBusyMs: machineBusyMs(), sqlStatements: sqlMetrics.queryCount };
    });
    const after = await jobStateCounts(db.url);
    const { start, end } = edges;
    if (!start || !end) throw new Error('the load generator did not report its measured window');
    const windowSec = (end.at - start.at) / 1000;
    const n = Math.max(1, load.windowFinished);
    const apiMs = cpuMs(end.api) - cpuMs(start.api);
    const s3Ms = cpuMs(await end.s3) - cpuMs(await start.s3);
    const loadMs = cpuMs(end.load) - cpuMs(start.load);
    const pgMs = start.postgresSec !== null && end.postgresSec !== null ? (end.postgresSec - start.postgresSec) * 1000 : null;
    const busyMs = end.machineBusyMs - start.machineBusyMs;
    const cpuMsPerJob: CpuPerJob = {
      api: round(apiMs / n),
      apiSystem: round((end.api.system - start.api.system) / 1000 / n),
      postgres: pgMs === null ? null : round(pgMs / n),
      s3: round(s3Ms / n),
      load: round(loadMs / n),
      other: pgMs === null ? null : round(Math.max(0, busyMs - apiMs - s3Ms - loadMs - pgMs) / n),
      machineBusyPercent: Math.round((100 * busyMs) / (windowSec * 1000 * cpus().length)),
    };

    const renders = mode === 'full' || mode === 'batched';
    const endState = renders ? 'SUCCEEDED' : 'FAILED';
    const errorCount = Object.values(load.errors).reduce((a, b) => a + b, 0);
    const checks = [
      { name: 'no job leased twice', ok: load.distinctLeased === load.leases, detail: `${load.leases} leases, ${load.distinctLeased} distinct job ids` },
      { name: 'no job finished twice', ok: load.distinctFinished === load.finished, detail: `${load.finished} ${renders ? 'completions' : 'failures'}, ${load.distinctFinished} distinct job ids` },
      { name: `database agrees`, ok: after[endState]! - before[endState]! === load.finished, detail: `${endState} +${after[endState]! - before[endState]!}` },
      { name: 'no lease left open', ok: after['LEASED'] === 0, detail: `LEASED ${after['LEASED']}` },
      ...(renders ? [{ name: 'workers.jobs_done agrees', ok: after.workerJobsDone - before.workerJobsDone === load.finished, detail: `jobs_done +${after.workerJobsDone - before.workerJobsDone}` }] : []),
      { name: 'no request failed', ok: errorCount === 0, detail: errorCount ? `${errorCount}: ${JSON.stringify(load.errors)}; ${load.errorSamples.join(' | ')}` : '0' },
    ];
    const drained = after['QUEUED'] === 0;
    if (drained) log(`WARNING: ${mode}: the queue ran dry during the run; raise BENCH_JOBS`);
    const result: PhaseResult = { mode, jobsPerSec: round(load.windowFinished / windowSec, 1), windowSec: round(windowSec, 3), load, cpuMsPerJob, sqlPerJob: round((end.sqlStatements - start.sqlStatements) / n, 1), db: { before, after }, checks, drained };
    phases.push(result);
    if (trace.byStatement) {
      const top = [...trace.byStatement.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
      log(`${mode}: SQL statements per finished job (BENCH_SQL_TRACE):\n${top.map(([q, c]) => `  ${(c / n).toFixed(2).padStart(6)}  ${q}`).join('\n')}`);
    }
    log(`${mode}: ${result.jobsPerSec} jobs/s, ${round(load.finished / Math.max(1, load.reportCalls), 2)} reports per report call; checks ${checks.every((c) => c.ok) ? 'OK' : 'FAILED'}`);
  }
  const busyAfter = await cpuBusyPercent();
  if (busyAfter > 15) log(`WARNING: ${busyAfter}% of the CPUs are busy with other work after the load; figures may be skewed`);

  const full = phases.find((p) => p.mode === 'full');
  const queueOnly = phases.find((p) => p.mode === 'queue-only');
  const batched = phases.find((p) => p.mode === 'batched');
  const queueBatched = phases.find((p) => p.mode === 'queue-batched');
  const checksOk = phases.every((p) => p.checks.every((c) => c.ok));
  // The goal is lease-to-report through the real protocol: multi-GPU boxes (batched) when that phase ran.
  const goalPhase = batched ?? full ?? queueOnly ?? queueBatched!;
  const met = goalPhase.jobsPerSec >= GOAL.minJobsPerSec;
  // The queue's own lease-to-report rate when both ends batch, as queues are compared (pg-boss's
  // fetch(n) -> complete(ids)): no render, no storage.
  const queueMet = queueBatched ? queueBatched.jobsPerSec >= GOAL.minJobsPerSec : null;

  const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  const resultFile = join(resultsDir, `queue-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  const record = {
    benchmark: 'queue',
    startedAt: started.toISOString(),
    commit: gitCommit(),
    environment: { node: process.version, nodeEnv: process.env['NODE_ENV'] ?? null, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, postgres: { version: pgServer.version, source: pgServer.source }, otherCpuBusyPercent: { before: busyBefore, after: busyAfter } },
    ratiosToFull: full ? Object.fromEntries(phases.map((p) => [p.mode, round(p.jobsPerSec / Math.max(0.1, full.jobsPerSec), 2)])) : null,
    settings: { ...SETTINGS, setupSql: SETUP_SQL, previewBackend: 'draft', leaseWaitSeconds: 0, leaseSeconds: config.previews.leaseSeconds, apiPoolSize: 20 },
    phases,
    goal: { ...GOAL, measuredOn: goalPhase.mode, met, queueBatched: queueBatched ? { jobsPerSec: queueBatched.jobsPerSec, met: queueMet } : null },
  };
  writeFileSync(resultFile, `${JSON.stringify(record, null, 2)}\n`);

  const pq = (s: { p50: number; p99: number }) => `${s.p50.toFixed(1)} / ${s.p99.toFixed(1)}`;
  const col = (s: string, w: number) => s.padStart(w);
  const lines = [
    '',
    `preview-job queue | ${SETTINGS.workers} workers | ${SETTINGS.jobs} queued jobs per phase | ${SETTINGS.durationSec} s after ${SETTINGS.warmupSec} s warm-up | lease?wait=0 | draft backend`,
    `node ${process.version} (NODE_ENV=${process.env['NODE_ENV'] ?? 'unset'}), ${cpus().length} CPUs (${busyBefore}%/${busyAfter}% busy before/after), PostgreSQL ${pgServer.version} (${pgServer.source})`,
    ...(SETUP_SQL ? [`NOTE: schema changed for this run (BENCH_SETUP_SQL): ${SETUP_SQL}`] : []),
    '',
    ...(batched ? [`batched: ${SETTINGS.boxes} boxes x ${SETTINGS.gpusPerBox} GPUs (one worker token each), lease?wait=0&max=<free GPUs>, each job PUT -> ${SETTINGS.reportBatchMs ? `complete, jobs finishing within ${SETTINGS.reportBatchMs} ms of each other in one POST /v1/jobs/report (each on its own lease)` : 'complete on its own lease'}`] : []),
    `${'phase'.padEnd(26)}${col('jobs/s', 8)}${col('jobs', 7)}${col('lease p50/p99 ms', 18)}${col('PUT p50/p99', 14)}${col('report p50/p99', 16)}${col('cycle p99', 10)}${col('204s', 6)}${col('errors', 7)}`,
    ...phases.map(
      (p) =>
        `${LABEL[p.mode].padEnd(26)}${col(p.jobsPerSec.toFixed(1), 8)}${col(String(p.load.windowFinished), 7)}${col(pq(p.load.latencyMs.lease), 18)}${col(p.mode === 'full' || p.mode === 'batched' ? pq(p.load.latencyMs.upload) : '-', 14)}${col(pq(p.load.latencyMs.report), 16)}${col(p.load.latencyMs.cycle.p99.toFixed(1), 10)}${col(String(p.load.windowEmpty), 6)}${col(String(Object.values(p.load.errors).reduce((a, b) => a + b, 0)), 7)}`,
    ),
    '',
    `${'CPU ms per job'.padEnd(26)}${col('api', 7)}${col('postgres', 10)}${col('s3', 7)}${col('load', 7)}${col('other', 7)}${col('busy', 7)}${col('SQL stmts/job', 15)}`,
    ...phases.map((p) => {
      const c = p.cpuMsPerJob;
      const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
      return `${LABEL[p.mode].padEnd(26)}${col(f(c.api), 7)}${col(f(c.postgres), 10)}${col(f(c.s3), 7)}${col(f(c.load), 7)}${col(f(c.other), 7)}${col(`${c.machineBusyPercent}%`, 7)}${col(p.sqlPerJob.toFixed(1), 15)}`;
    }),
    '',
    ...phases.map((p) => `checks ${p.mode}: ${p.checks.every((c) => c.ok) ? 'OK' : 'FAILED'} (${p.checks.map((c) => `${c.ok ? '' : '!! '}${c.name}: ${c.detail}`).join('; ')})`),
    ...(full ? [`vs the single-lease full path (${full.jobsPerSec.toFixed(1)} jobs/s): ${phases.map((p) => `${p.mode} x${(p.jobsPerSec / Math.max(0.1, full.jobsPerSec)).toFixed(2)}`).join(', ')}`] : []),
    `goal (${goalPhase.mode === 'batched' ? 'batched, lease to report' : goalPhase.mode === 'full' ? 'full path' : goalPhase.mode} >= ${GOAL.minJobsPerSec} jobs/s): ${met ? 'MET' : 'NOT MET'} (${goalPhase.jobsPerSec.toFixed(1)} jobs/s${full && goalPhase !== full ? `; full ${full.jobsPerSec.toFixed(1)} jobs/s` : ''}${queueOnly ? `; queue-only ${queueOnly.jobsPerSec.toFixed(1)} jobs/s` : ''})`,
    ...(queueBatched ? [`goal, the queue itself (queue-batched: lease?max=${SETTINGS.gpusPerBox} -> one POST /v1/jobs/report, no render or storage) >= ${GOAL.minJobsPerSec} jobs/s: ${queueMet ? 'MET' : 'NOT MET'} (${queueBatched.jobsPerSec.toFixed(1)} jobs/s, ${queueBatched.cpuMsPerJob.api.toFixed(2)} ms API CPU per job)`] : []),
    `results: ${join('bench', 'results', resultFile.split('/').at(-1)!)}`,
    '',
  ];
  console.log(lines.join('\n'));
  if (!checksOk) return 1;
  return !met && process.env['BENCH_STRICT'] === '1' ? 2 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (e) {
  if (!isInterrupted()) log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
} finally {
  await cleanup();
  killQueueChildren();
}
if (!isInterrupted()) process.exit(exitCode);
