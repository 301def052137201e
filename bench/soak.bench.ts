// Soak: a long run with faults (issue 13, section 5). Designers autosave and preview, a consumer app
// reads the catalog and records paid uses, against two API processes behind a round-robin proxy and
// two draft workers. In the middle it restarts PostgreSQL, SIGKILLs a worker and SIGKILLs an API
// process. At the end it reads the database directly and reports: acknowledged writes kept (must be
// all), preview jobs finished exactly once, usage counted once, error counts by code, recovery times.
//
// `npm run soak` (10 minutes), `npm run soak -- --minutes 2 --designers 6 --seed 7`, `--smoke` for the
// compressed CI variant. See bench/README.md.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { gitCommit, setUpCleanups } from './lib/bench-run.js';
import { killQueueChildren, startS3Process } from './lib/queue-procs.js';
import { SoakApi, SoakPostgres, SoakWorker, freePort, isListening } from './lib/soak-cluster.js';
import { SoakClient, percentiles, type CallObservation } from './lib/soak-client.js';
import { newLedger, runConsumer, runDesigner, seededRandom, type LoadContext } from './lib/soak-load.js';
import { SoakProxy, type ProxyObservation } from './lib/soak-proxy.js';
import { SoakSetup, type Person } from './lib/soak-setup.js';
import { verifySoak, type Check } from './lib/soak-verify.js';

// --- Options ---------------------------------------------------------------------------------
const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string' },
    designers: { type: 'string' },
    consumers: { type: 'string' },
    seed: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    'lease-seconds': { type: 'string' },
    'pg-down-seconds': { type: 'string' },
    'worker-restart-seconds': { type: 'string' },
    'api-restart-seconds': { type: 'string' },
    'lease-wait-seconds': { type: 'string' },
    faces: { type: 'string' },
    'catalog-templates': { type: 'string' },
    out: { type: 'string' },
  },
  strict: true,
});

function numberArg(name: keyof typeof args, fallback: number, min: number): number {
  const raw = args[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min} (got "${raw}")`);
  return n;
}

// --smoke: everything compressed into about a minute (the CI test), each value still overridable.
const smoke = args.smoke === true;
const SETTINGS = {
  minutes: numberArg('minutes', smoke ? 0.75 : 10, 0.25),
  designers: Math.floor(numberArg('designers', smoke ? 3 : 4, 1)),
  consumers: Math.floor(numberArg('consumers', smoke ? 1 : 2, 1)),
  seed: Math.floor(numberArg('seed', randomBytes(2).readUInt16BE(), 0)),
  leaseSeconds: Math.floor(numberArg('lease-seconds', smoke ? 5 : 60, 5)),
  pgDownSeconds: numberArg('pg-down-seconds', smoke ? 3 : 5, 0),
  workerRestartSeconds: numberArg('worker-restart-seconds', smoke ? 5 : 30, 0),
  apiRestartSeconds: numberArg('api-restart-seconds', smoke ? 5 : 20, 0),
  // The workers' lease long-poll (the agent's default is 20 s; a stopping worker lets it finish).
  leaseWaitSeconds: Math.floor(numberArg('lease-wait-seconds', smoke ? 2 : 20, 0)),
  faces: Math.floor(numberArg('faces', smoke ? 1 : 2, 1)),
  catalogTemplates: Math.floor(numberArg('catalog-templates', smoke ? 1 : 3, 1)),
  // Faults at these shares of the load's duration.
  faultAt: { postgres: 0.2, worker: 0.45, api: 0.7 },
  apis: 2,
  workers: 2,
};
const CONSUMER_APP = 'Soak Camera';
// A fault's doing if /readyz fails within this long after it (a later failure is a blip, reported apart).
const READY_FAILS_WITHIN_MS = 2_000;
const ADMIN_EMAIL = 'soak-admin@atelier.test';

const loadMs = SETTINGS.minutes * 60_000;
const started = new Date();
const stamp = started.toISOString().replace(/[:.]/g, '-');
const resultFile = args.out ? resolve(args.out) : fileURLToPath(new URL(`../results/soak-${stamp}.json`, import.meta.url));
const logDir = resultFile.replace(/\.json$/, '') + '-logs';

let loadStart = 0;
const sinceLoad = () => (loadStart ? Date.now() - loadStart : 0);
const fmtS = (ms: number) => `${ms >= 0 ? '+' : ''}${(ms / 1000).toFixed(1)} s`;
const log = (m: string) => process.stderr.write(`[soak ${loadStart ? fmtS(sinceLoad()).padStart(9) : '    setup'}] ${m}\n`);
const { cleanups, cleanup, isInterrupted } = setUpCleanups(log, killQueueChildren);

// --- What happened, as the run saw it ------------------------------------------------------------
type FaultKind = 'postgres-restart' | 'worker-kill' | 'api-kill';
interface Fault {
  kind: FaultKind;
  target: string;
  /** ms since load start when the target was down (PostgreSQL stopped, process gone). */
  at: number;
  detail: string;
  /** ms since load start when it was started again. */
  restartedAt: number | null;
  /** API: when the restarted process answered /readyz 200. */
  readyAt?: number | null;
  held?: Array<{ id: string; reLeasedAt: number | null; succeededAt: number | null }>;
}

interface Recovery {
  fault: FaultKind;
  target: string;
  at: number;
  restartedAfterMs: number | null;
  /** From the fault until a request sent after it was answered with success (for leases: until a lease was handed out). */
  firstWriteMs: number | null;
  firstReadMs: number | null;
  firstLeaseMs: number | null;
  /** From the fault until /readyz said 200 on both APIs again (0: neither stopped being ready). */
  readyzBothMs: number | null;
  /** From the fault until an API's /readyz first failed (null: it never did). */
  readyzFailedAfterMs: number | null;
  /** Worker kill: from the fault until its leased jobs were leased again and finished. */
  heldJobsReLeasedMs?: number | null;
  heldJobsFinishedMs?: number | null;
}

// Successful calls after the load started, as [sent, answered] (Date.now()); leases as answered.
const writeOk: Array<[number, number]> = [];
const readOk: Array<[number, number]> = [];
const leaseOk: number[] = [];
const errorsAt: Array<{ t: number; op: string; key: string }> = [];
const routeStatus: Record<string, Record<string, number>> = {};
// /readyz of each API every 250 ms: the status (0 = refused, or no answer within 2 s: the proxy's and
// Caddy's health_timeout; on a busy machine a shorter one reports the sampler's own stalls) and,
// when not ready, what it said failed.
const readySamples: Array<{ t: number; status: number[]; detail: string[] }> = [];
// Set by the worker fault: hears the Authorization of the next lease handed out.
let onNextLease: ((authorization: string | undefined) => void) | null = null;
const faults: Fault[] = [];

function onCall(o: CallObservation): void {
  if (o.op.startsWith('setup:') || !loadStart) return;
  if (o.ok) (o.kind === 'write' ? writeOk : readOk).push([o.startedAt, o.endedAt]);
  else errorsAt.push({ t: o.endedAt, op: o.op, key: o.key! });
}

function routeOf(method: string, path: string): string {
  const p = path.split('?')[0]!.replace(/\/v1\/jobs\/[0-9a-f-]{36}\//, '/v1/jobs/:id/');
  return `${method} ${p}`;
}

function onProxied(o: ProxyObservation): void {
  if (!loadStart) return;
  const route = routeOf(o.method, o.path);
  if (route === 'GET /readyz') return;
  const statuses = (routeStatus[route] ??= {});
  statuses[o.status] = (statuses[o.status] ?? 0) + 1;
  if (route === 'POST /v1/jobs/lease' && o.status === 200) {
    leaseOk.push(o.at);
    onNextLease?.(o.authorization);
  }
}

async function main(): Promise<number> {
  log(`seed ${SETTINGS.seed}; ${SETTINGS.minutes} min of load; results ${relative(process.cwd(), resultFile)}`);
  mkdirSync(logDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'atelier-soak-'));
  cleanups.push({ what: 'remove the work folder', run: () => rmSync(work, { recursive: true, force: true }) });

  // PostgreSQL and S3 of our own.
  let t0 = Date.now();
  const postgres = new SoakPostgres(join(work, 'pg'), await freePort());
  await postgres.start();
  cleanups.push({ what: 'stop PostgreSQL', run: () => postgres.stop() });
  const pgVersion = await (async () => {
    const c = new pg.Client({ connectionString: postgres.url });
    await c.connect();
    try {
      return (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    } finally {
      await c.end();
    }
  })();
  const s3 = await startS3Process(join(work, 's3'));
  cleanups.push({ what: 'stop S3', run: s3.stop });
  const redis = await isListening(6379);
  log(`PostgreSQL ${pgVersion} (embedded, port ${postgres.port}) and S3 (own process) up in ${Date.now() - t0} ms; Redis ${redis ? 'at 127.0.0.1:6379' : 'not found: sign-in counters stay per process'}`);

  // Two API processes, started together as a deployment starts its replicas.
  const runId = `soak${SETTINGS.seed}-${randomBytes(3).toString('hex')}`;
  const adminPassword = randomBytes(12).toString('hex');
  const apiEnv: Record<string, string> = {
    ATELIER_ENV: 'production',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: postgres.url,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: 'atelier',
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL,
    ADMIN_PASSWORD: adminPassword,
    PREVIEW_BACKEND: 'draft',
    PREVIEW_LEASE_SECONDS: String(SETTINGS.leaseSeconds),
    ATELIER_DATA_DIR: join(work, 'data'),
    STUDIO_DIST: join(work, 'no-studio'),
    ...(redis ? { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `atelier-${runId}:` } : {}),
  };
  const apis: SoakApi[] = [];
  for (let i = 1; i <= SETTINGS.apis; i++) apis.push(new SoakApi(`api-${i}`, await freePort(), apiEnv, join(logDir, `api-${i}.log`)));
  for (const api of apis) cleanups.push({ what: `stop ${api.name}`, run: async () => void (await api.stop('SIGKILL')) });
  t0 = Date.now();
  await Promise.all(apis.map((a) => a.startReady()));
  log(`${apis.map((a) => `${a.name} :${a.port}`).join(', ')} ready in ${Date.now() - t0} ms (ATELIER_ENV=production, PREVIEW_BACKEND=draft, lease ${SETTINGS.leaseSeconds} s)`);

  const proxy = new SoakProxy(
    apis.map((a) => ({ name: a.name, port: a.port })),
    onProxied,
    sinceLoad,
  );
  const proxyUrl = await proxy.listen();
  cleanups.push({ what: 'close the proxy', run: () => proxy.close() });
  const client = new SoakClient(proxyUrl, onCall);
  cleanups.push({ what: 'close the client', run: () => client.close() });

  // The studio's starting point, through the public API.
  t0 = Date.now();
  const setup = new SoakSetup(client);
  const admin = await setup.signIn(ADMIN_EMAIL, adminPassword);
  const subjectIds: string[] = [];
  for (let i = 0; i < SETTINGS.faces; i++) subjectIds.push(await setup.createFace(admin, i));
  const designers: Person[] = [];
  for (let i = 0; i < SETTINGS.designers; i++) designers.push(await setup.invite(admin, `designer-${i + 1}@soak.test`, ['DESIGNER']));
  const publisher = await setup.invite(admin, 'publisher@soak.test', ['DESIGNER']);
  const reviewer = await setup.invite(admin, 'reviewer@soak.test', ['REVIEWER']);
  const workers: SoakWorker[] = [];
  for (let i = 1; i <= SETTINGS.workers; i++) {
    const { token, tokenId } = await setup.issueWorkerToken(admin, `soak-draft-${i}`);
    workers.push(new SoakWorker(`worker-${i}`, token, tokenId, proxyUrl, SETTINGS.leaseWaitSeconds, join(logDir, `worker-${i}.log`)));
  }
  for (const w of workers) {
    cleanups.push({ what: `stop ${w.name}`, run: async () => void (await w.stop('SIGKILL')) });
    w.start();
  }
  const published = await Promise.all(Array.from({ length: SETTINGS.catalogTemplates }, (_, i) => setup.publishTemplate(publisher, reviewer, subjectIds, i, 120_000)));
  const apiKey = await setup.createApiKey(admin);
  log(`set up in ${Date.now() - t0} ms: ${subjectIds.length} preview faces, ${designers.length} designers, a reviewer, ${workers.length} workers, ${published.length} published templates, an API key`);

  // Watching: /readyz of each API (directly, every 250 ms), and the database for the fault routines.
  const watch = new pg.Pool({ connectionString: postgres.url, max: 2, connectionTimeoutMillis: 2_000 });
  watch.on('error', () => undefined);
  cleanups.push({ what: 'close the watch pool', run: () => watch.end() });
  let watching = true;
  const readiness = (async () => {
    while (watching) {
      const t = sinceLoad();
      const answers = await Promise.all(
        apis.map((a) =>
          fetch(`${a.url}/readyz`, { signal: AbortSignal.timeout(2_000) })
            .then(async (r) => {
              if (r.status === 200) {
                await r.body?.cancel();
                return { status: 200, detail: '' };
              }
              const body = (await r.json().catch(() => ({}))) as { error?: Record<string, { message?: string }> };
              return { status: r.status, detail: Object.entries(body.error ?? {}).map(([k, v]) => `${k}: ${v.message ?? 'down'}`).join('; ') };
            })
            .catch((e: Error & { cause?: { code?: string } }) => ({ status: 0, detail: e.name === 'TimeoutError' ? 'no answer within 2 s' : (e.cause?.code ?? e.message) })),
        ),
      );
      readySamples.push({ t, status: answers.map((a) => a.status), detail: answers.map((a) => a.detail) });
      await sleep(250);
    }
  })();

  // --- Load, with the faults in the middle ---------------------------------------------------
  const ledger = newLedger();
  const random = seededRandom(SETTINGS.seed);
  const ctx: LoadContext = { client, ledger, stopping: false, giveUpAt: Infinity, previewWaitMs: SETTINGS.leaseSeconds * 1000 + 60_000, runId };
  loadStart = Date.now();
  log(`load: ${designers.length} designers, ${SETTINGS.consumers} consumer loop(s) of "${CONSUMER_APP}", through the proxy at ${proxyUrl}`);
  const loops = [
    ...designers.map((d, i) => runDesigner(ctx, d, i, seededRandom(SETTINGS.seed * 1000 + i))),
    ...Array.from({ length: SETTINGS.consumers }, (_, i) => runConsumer(ctx, apiKey, i, published.map((p) => p.versionId), seededRandom(SETTINGS.seed * 1000 + 500 + i))),
  ];

  const followers: Array<Promise<void>> = [];
  const restartPostgres = async () => {
    log('fault: stopping PostgreSQL (fast shutdown)');
    const begin = Date.now();
    await postgres.stop();
    const fault: Fault = { kind: 'postgres-restart', target: 'postgres', at: sinceLoad(), detail: `fast shutdown took ${Date.now() - begin} ms; down ${SETTINGS.pgDownSeconds} s`, restartedAt: null };
    faults.push(fault);
    await sleep(SETTINGS.pgDownSeconds * 1000);
    await postgres.start();
    fault.restartedAt = sinceLoad();
    log(`PostgreSQL started again (down ${fmtS(fault.restartedAt - fault.at)})`);
  };
  const killWorker = async () => {
    // The victim is the next worker the proxy hands a job to, killed as the answer leaves: the job
    // stays leased to a dead process (a render takes longer than the kill).
    const victim = await new Promise<SoakWorker>((resolve) => {
      const timer = setTimeout(() => {
        onNextLease = null;
        resolve(workers.find((w) => w.isAlive) ?? workers[0]!);
      }, 30_000);
      onNextLease = (authorization) => {
        const leaser = workers.find((w) => authorization === `Bearer ${w.token}` && w.isAlive);
        if (!leaser) return;
        onNextLease = null;
        clearTimeout(timer);
        resolve(leaser);
      };
    });
    await victim.stop('SIGKILL');
    const at = sinceLoad();
    const held = (await watch.query<{ id: string; lease_id: string }>(`SELECT id, lease_id FROM preview_jobs WHERE state = 'LEASED' AND leased_by = $1`, [victim.tokenId])).rows;
    const fault: Fault = { kind: 'worker-kill', target: victim.name, at, detail: held.length ? `held ${held.length} leased job(s): ${held.map((h) => h.id).join(', ')}` : 'held no lease (no job was leased within 30 s)', restartedAt: null, held: held.map((h) => ({ id: h.id, reLeasedAt: null, succeededAt: null })) };
    faults.push(fault);
    log(`fault: SIGKILL ${victim.name} (${fault.detail})`);
    // Follow the jobs it held: leased again once their lease ran out, then finished.
    followers.push(
      (async () => {
        const until = Date.now() + SETTINGS.leaseSeconds * 1000 + 120_000;
        while (fault.held!.some((h) => h.succeededAt === null) && Date.now() < until) {
          const rows = await watch.query<{ id: string; state: string; lease_id: string | null; attempts: number }>(`SELECT id, state, lease_id, attempts FROM preview_jobs WHERE id = ANY($1::uuid[])`, [held.map((h) => h.id)]).catch(() => null);
          for (const r of rows?.rows ?? []) {
            const h = fault.held!.find((x) => x.id === r.id)!;
            const first = held.find((x) => x.id === r.id)!;
            if (h.reLeasedAt === null && ((r.state === 'LEASED' && r.lease_id !== first.lease_id) || r.state === 'SUCCEEDED')) h.reLeasedAt = sinceLoad();
            if (h.succeededAt === null && r.state === 'SUCCEEDED') h.succeededAt = sinceLoad();
          }
          await sleep(250);
        }
      })(),
    );
    await sleep(SETTINGS.workerRestartSeconds * 1000);
    victim.start();
    fault.restartedAt = sinceLoad();
    log(`${victim.name} started again with the same token`);
  };
  const killApi = async () => {
    const victim = apis[Math.floor(random() * apis.length)]!;
    await victim.stop('SIGKILL');
    const fault: Fault = { kind: 'api-kill', target: victim.name, at: sinceLoad(), detail: `restarted after ${SETTINGS.apiRestartSeconds} s on the same port`, restartedAt: null, readyAt: null };
    faults.push(fault);
    log(`fault: SIGKILL ${victim.name}`);
    await sleep(SETTINGS.apiRestartSeconds * 1000);
    fault.restartedAt = sinceLoad();
    await victim.startReady();
    fault.readyAt = sinceLoad();
    log(`${victim.name} started again, ready after ${fmtS(fault.readyAt - fault.restartedAt)}`);
  };
  const scheduled = [
    sleep(loadMs * SETTINGS.faultAt.postgres).then(restartPostgres),
    sleep(loadMs * SETTINGS.faultAt.worker).then(killWorker),
    sleep(loadMs * SETTINGS.faultAt.api).then(killApi),
  ];

  await sleep(loadMs);
  log('load ends: no new work; waiting for answers in flight');
  ctx.stopping = true;
  ctx.giveUpAt = Date.now() + 30_000;
  await Promise.all([...loops, ...scheduled]);
  const loadEnd = sinceLoad();

  // Drain: every job reaches an end (a lease a kill left behind runs out first).
  t0 = Date.now();
  const drainLimit = SETTINGS.leaseSeconds * 1000 + 90_000;
  let open = -1;
  while (Date.now() - t0 < drainLimit) {
    open = (await watch.query<{ n: number }>(`SELECT count(*)::int AS n FROM preview_jobs WHERE state IN ('QUEUED', 'LEASED')`)).rows[0]!.n;
    if (open === 0) break;
    await sleep(500);
  }
  log(open === 0 ? `every preview job ended ${Date.now() - t0} ms after the load` : `${open} preview jobs still open after ${drainLimit} ms`);
  await Promise.all(followers);
  watching = false;
  await readiness;

  // Everything stops as it would on a deploy: workers hand back and exit 0, APIs drain and exit 0.
  t0 = Date.now();
  const workerExits = await Promise.all(workers.map((w) => w.stop('SIGTERM')));
  const apiExits = await Promise.all(apis.map((a) => a.stop('SIGTERM')));
  log(`workers and APIs stopped (SIGTERM) in ${Date.now() - t0} ms; reading the database`);
  const crashes = [...workers, ...apis].flatMap((p) => p.unexpectedExits.map((e) => `${p.name} ${e}`));

  const verification = await verifySoak(postgres.url, ledger, { workerDoneIds: workers.flatMap((w) => w.doneJobIds), heldJobIds: faults.flatMap((f) => f.held?.map((h) => h.id) ?? []), consumerApp: CONSUMER_APP });
  await Promise.all([...workers, ...apis].map((p) => p.closeLog()));

  // --- Recovery times -----------------------------------------------------------------------
  const firstAfter = (list: Array<[number, number]>, at: number) => {
    const abs = loadStart + at;
    let best: number | null = null;
    for (const [sent, answered] of list) if (sent >= abs && (best === null || answered < best)) best = answered;
    return best === null ? null : best - abs;
  };
  const nextFaultAt = (f: Fault) => Math.min(...faults.filter((g) => g.at > f.at).map((g) => g.at), Infinity);
  const recoveries: Recovery[] = faults.map((f) => {
    // Readiness after this fault and before the next one; a failure that starts later than
    // READY_FAILS_WITHIN_MS after the fault is not its doing (see readinessBlips).
    const window = readySamples.filter((s) => s.t >= f.at && s.t < nextFaultAt(f));
    const firstBad = window.find((s) => s.t - f.at <= READY_FAILS_WITHIN_MS && s.status.some((x) => x !== 200));
    const readyAgain = firstBad ? window.find((s) => s.t > firstBad.t && s.status.every((x) => x === 200)) : undefined;
    const held = f.held ?? [];
    const latest = (k: 'reLeasedAt' | 'succeededAt') => (held.length && held.every((h) => h[k] !== null) ? Math.max(...held.map((h) => h[k]!)) - f.at : null);
    return {
      fault: f.kind,
      target: f.target,
      at: f.at,
      restartedAfterMs: f.restartedAt === null ? null : f.restartedAt - f.at,
      firstWriteMs: firstAfter(writeOk, f.at),
      firstReadMs: firstAfter(readOk, f.at),
      firstLeaseMs: firstAfter(leaseOk.map((x) => [x, x]), f.at),
      readyzBothMs: firstBad ? (readyAgain ? readyAgain.t - f.at : null) : 0,
      readyzFailedAfterMs: firstBad ? firstBad.t - f.at : null,
      ...(f.kind === 'worker-kill' ? { heldJobsReLeasedMs: latest('reLeasedAt'), heldJobsFinishedMs: latest('succeededAt') } : {}),
    };
  });

  const checks: Check[] = [...verification.checks];
  checks.push({ name: 'every fault happened', ok: faults.length === 3, detail: faults.map((f) => `${f.kind} ${f.target} at ${fmtS(f.at)}`).join('; ') || 'none' });
  const unrecovered = recoveries.filter((r) => r.firstWriteMs === null || r.firstReadMs === null || r.firstLeaseMs === null || r.readyzBothMs === null);
  checks.push({ name: 'recovered after every fault (a write, a read and a lease succeeded; both /readyz 200)', ok: unrecovered.length === 0, detail: unrecovered.length ? JSON.stringify(unrecovered) : `${recoveries.length} faults` });
  const internal = errorsAt.filter((e) => /\b(500|INTERNAL)\b/.test(e.key));
  checks.push({ name: 'no INTERNAL errors (an unreachable database is 503 SERVICE_UNAVAILABLE)', ok: internal.length === 0, detail: `${internal.length}${internal.length ? ` e.g. ${JSON.stringify(internal.slice(0, 5))}` : ''}` });
  checks.push({ name: 'no process crashed; all stopped cleanly', ok: crashes.length === 0 && [...workerExits, ...apiExits].every((c) => c === 0), detail: `unexpected exits: ${crashes.join(', ') || 'none'}; exit codes on SIGTERM: workers ${workerExits.join('/')}, APIs ${apiExits.join('/')}` });
  const ok = checks.every((c) => c.ok);

  // --- Report -------------------------------------------------------------------------------
  const ops = [...client.ops.entries()].filter(([op]) => !op.startsWith('setup:'));
  const errorsByKey = new Map<string, { count: number; ops: Set<string>; during: Record<string, number> }>();
  for (const e of errorsAt) {
    // Counted against the latest fault before it (within a minute), else against none.
    const fault = [...faults].reverse().find((f) => e.t - loadStart >= f.at - 1_000 && e.t - loadStart <= Math.min(f.at + 60_000, nextFaultAt(f)));
    const entry = errorsByKey.get(e.key) ?? { count: 0, ops: new Set(), during: {} };
    entry.count++;
    entry.ops.add(e.op);
    const when = fault ? fault.kind : 'no fault';
    entry.during[when] = (entry.during[when] ?? 0) + 1;
    errorsByKey.set(e.key, entry);
  }
  // Refusals the clients count although the call answered (usage events answered CONFLICT/REJECTED).
  for (const [op, s] of ops)
    for (const [key, n] of Object.entries(s.errors))
      if (key.startsWith('event ')) {
        const entry = errorsByKey.get(key) ?? { count: 0, ops: new Set(), during: {} };
        entry.count += n;
        entry.ops.add(op);
        errorsByKey.set(key, entry);
      }
  const record = {
    benchmark: 'soak',
    ok,
    startedAt: started.toISOString(),
    commit: gitCommit(),
    environment: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, postgres: `${pgVersion} (embedded)`, redis },
    settings: { ...SETTINGS, smoke, loadMs, apis: apis.map((a) => a.name), workers: workers.map((w) => w.name) },
    timeline: { loadMs: loadEnd, faults },
    load: Object.fromEntries(ops.map(([op, s]) => [op, { kind: s.kind, ok: s.ok, failed: s.failed, latencyMs: percentiles(s.latencyMs), errors: s.errors }])),
    ledger: {
      templates: ledger.templates.length,
      createsUnanswered: ledger.createsUnanswered,
      saves: ledger.saves.length,
      savesUnanswered: ledger.savesUnanswered,
      savesFoundOnReload: ledger.savesFoundOnReload,
      previewRequests: ledger.batches.length,
      previewRequestsUnanswered: ledger.requestsUnanswered,
      previewWaits: { ...ledger.previewWaits, waitMs: percentiles(ledger.previewWaits.waitMs) },
      usageEventsAcknowledged: ledger.usage.size,
      usageEventsNeverAnswered: ledger.usageUnanswered.size,
    },
    errors: Object.fromEntries([...errorsByKey.entries()].sort((a, b) => b[1].count - a[1].count).map(([key, e]) => [key, { count: e.count, ops: [...e.ops], during: e.during }])),
    workerApi: routeStatus,
    proxy: proxy.stats,
    readiness: readinessTransitions(apis.map((a) => a.name)),
    readinessBlips: readinessBlips(apis.map((a) => a.name), loadEnd),
    recovery: recoveries,
    verification: verification.facts,
    checks,
    logs: relative(process.cwd(), logDir),
  };
  mkdirSync(dirname(resultFile), { recursive: true });
  writeFileSync(resultFile, `${JSON.stringify(record, null, 2)}\n`);
  console.log(formatReport(record, recoveries));
  return ok ? 0 : 1;
}

// Each API's /readyz status changes, as [ms since load start, status (0 = no answer), what failed].
function readinessTransitions(names: string[]): Record<string, Array<[number, number, string]>> {
  const out: Record<string, Array<[number, number, string]>> = {};
  names.forEach((name, i) => {
    const changes: Array<[number, number, string]> = [];
    for (const s of readySamples) if (changes.at(-1)?.[1] !== s.status[i]) changes.push([s.t, s.status[i]!, s.detail[i]!]);
    out[name] = changes;
  });
  return out;
}

// Times an API was not ready that no fault explains (starting neither just before nor soon after
// one, nor after the load ended): a stall on a busy machine, say.
function readinessBlips(names: string[], loadEnd: number): Array<{ api: string; at: number; forMs: number; detail: string[] }> {
  const blips: Array<{ api: string; at: number; forMs: number; detail: string[] }> = [];
  names.forEach((api, i) => {
    let open: { at: number; detail: string[] } | null = null;
    for (const s of readySamples) {
      if (s.status[i] !== 200) {
        if (!open) open = { at: s.t, detail: [] };
        const d = `${s.status[i]}${s.detail[i] ? ` ${s.detail[i]}` : ''}`;
        if (!open.detail.includes(d)) open.detail.push(d);
      } else if (open) {
        const explained = open.at >= loadEnd || faults.some((f) => open!.at >= f.at - 2_000 && open!.at <= f.at + READY_FAILS_WITHIN_MS);
        if (!explained) blips.push({ api, at: open.at, forMs: s.t - open.at, detail: open.detail });
        open = null;
      }
    }
  });
  return blips;
}

function formatReport(r: any, recoveries: Recovery[]): string {
  const ms = (x: number | null | undefined) => (x === null || x === undefined ? 'never' : `${(x / 1000).toFixed(1)} s`);
  const col = (s: string | number, w: number) => String(s).padStart(w);
  const v = r.verification;
  const lines = [
    '',
    `soak | ${r.settings.minutes} min | ${r.settings.designers} designers, ${r.settings.consumers} consumer loop(s) | ${r.settings.apis.length} APIs behind a round-robin proxy, ${r.settings.workers.length} draft workers | lease ${r.settings.leaseSeconds} s | seed ${r.settings.seed}`,
    `node ${r.environment.node}, ${r.environment.cpus} CPUs, PostgreSQL ${r.environment.postgres}, Redis ${r.environment.redis ? 'yes' : 'no'}, commit ${r.commit ?? '?'}`,
    '',
    'faults (time since the load started):',
    ...r.timeline.faults.map((f: Fault) => `  ${fmtS(f.at).padStart(9)}  ${f.kind.padEnd(17)} ${f.target.padEnd(9)} ${f.detail}; started again ${f.restartedAt === null ? 'never' : fmtS(f.restartedAt - f.at) + ' later'}${f.readyAt ? `, ready ${fmtS(f.readyAt - f.at)} after the kill` : ''}`),
    '',
    `${'operation'.padEnd(18)}${col('ok', 7)}${col('failed', 8)}${col('p50 ms', 9)}${col('p99 ms', 9)}${col('max ms', 9)}`,
    ...Object.entries(r.load).map(([op, s]: [string, any]) => `${op.padEnd(18)}${col(s.ok, 7)}${col(s.failed, 8)}${col(s.latencyMs.p50, 9)}${col(s.latencyMs.p99, 9)}${col(s.latencyMs.max, 9)}`),
    '',
    'errors by code (HTTP status and extensions.code; proxy = answered by the proxy):',
    ...(Object.keys(r.errors).length
      ? Object.entries(r.errors).map(([key, e]: [string, any]) => `  ${col(e.count, 6)}  ${key.padEnd(36)} ${e.ops.join(', ')}${Object.keys(e.during).length ? `  (${Object.entries(e.during).map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`)
      : ['  none']),
    `answers through the proxy by route: ${Object.entries(r.workerApi).map(([route, st]: [string, any]) => `${route} ${Object.entries(st).map(([s, n]) => `${s}x${n}`).join(' ')}`).join('; ')}`,
    `proxy: ${r.proxy.requests} requests (${Object.entries(r.proxy.byUpstream).map(([u, n]) => `${u} ${n}`).join(', ')}); retried on the other API after a refused connection ${r.proxy.retriedAfterDialError}, GETs retried after a reset ${r.proxy.retriedAfterReset}; answered 502 upstream-reset ${r.proxy.upstreamReset502}, 503 no-upstream ${r.proxy.noUpstream503}; answers broken off ${r.proxy.brokenMidAnswer}`,
    '',
    `recovery (after the fault) ${'restarted'.padStart(12)}${col('write', 9)}${col('read', 9)}${col('lease', 9)}${col('/readyz both 200', 18)}`,
    ...recoveries.map(
      (x) =>
        `  ${`${x.fault} ${x.target}`.padEnd(24)}${col(x.restartedAfterMs === null ? '-' : ms(x.restartedAfterMs), 12)}${col(ms(x.firstWriteMs), 9)}${col(ms(x.firstReadMs), 9)}${col(ms(x.firstLeaseMs), 9)}${col(x.readyzBothMs === 0 ? 'unaffected' : ms(x.readyzBothMs), 18)}${x.fault === 'worker-kill' ? `   held jobs re-leased ${ms(x.heldJobsReLeasedMs)}, finished ${ms(x.heldJobsFinishedMs)}` : ''}`,
    ),
    `readiness failures no fault explains: ${r.readinessBlips.length ? r.readinessBlips.map((b: any) => `${b.api} at ${fmtS(b.at)} for ${ms(b.forMs)} (${b.detail.join(', ')})`).join('; ') : 'none'}`,
    '',
    `acknowledged writes: ${v.acknowledgedWrites.kept}/${v.acknowledgedWrites.total} kept (${v.acknowledgedWrites.percent}%): ${v.acknowledgedWrites.templates} templates, ${v.acknowledgedWrites.saves} draft saves, ${v.acknowledgedWrites.previewRequests} preview requests (${v.acknowledgedWrites.previewJobs} jobs), ${v.acknowledgedWrites.usageEvents} usage events`,
    `  saves: ${r.ledger.savesUnanswered} attempts without an answer, ${r.ledger.savesFoundOnReload} of them found saved on reload after REVISION_CONFLICT`,
    `preview jobs: ${v.jobs.total} (${Object.entries(v.jobs.byState).map(([s, n]) => `${s} ${n}`).join(', ')}); ${v.jobs.rendered} rendered, ${v.jobs.cachedOrFollowed} answered from an identical render, ${v.jobs.supersededCancelled} superseded by a newer revision; ${v.jobs.retried} tried more than once (${v.jobs.requeuedOnLeaseExpiry} re-queued on lease expiry); completions counted ${v.jobs.completionsCounted}, worker "done" lines ${v.jobs.workerDoneLines}`,
    `  designers' preview waits: ${r.ledger.previewWaits.allFinished} finished (p50 ${ms(r.ledger.previewWaits.waitMs.p50)}, max ${ms(r.ledger.previewWaits.waitMs.max)}), ${r.ledger.previewWaits.timedOut} timed out, ${r.ledger.previewWaits.stoppedByEnd} cut by the end of the load`,
    `usage: ${v.usage.rows} rows for ${v.usage.acknowledged} acknowledged events (${v.usage.acceptedAnswers} ACCEPTED, ${v.usage.duplicateAnswers} DUPLICATE on a repeat); ${v.usage.landedWithoutAnswer} landed without an answer; ${v.usage.neverAnswered} never answered; ${v.usage.ledgerTransactions} ledger transactions`,
    '',
    ...r.checks.map((c: Check) => `${c.ok ? '[ok]  ' : '[FAIL]'} ${c.name}: ${c.detail}`),
    '',
    `result: ${r.ok ? 'PASS' : 'FAIL'}   (${relative(process.cwd(), resultFile)}; process logs in ${r.logs})`,
    '',
  ];
  return lines.join('\n');
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
