// Catalog benchmark: the GraphQL `catalog(first: 20)` query a consumer app sends, against a bare
// Node http + pg handler that returns the same JSON from the same database. Goal: GraphQL serves at
// least as many requests per second as the baseline, with p99 <= 50 ms, at 50 connections; and so
// does a second API instance without its own caches (CATALOG_SERVER_CACHE=off: no response cache,
// no page cache), which executes the query against PostgreSQL for every request as the baseline does.
//
// Run with `npm run bench:catalog` (see bench/README.md for the knobs and how to read the output).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runMigrations } from '@atelier/api/dist/database/database.providers.js';
import { ApiKeyService, RATE_LIMIT_RANGE } from '@atelier/api/dist/modules/api-key/api-key.service.js';
import { createBenchDatabase, redact, resolvePostgres } from './lib/database.js';
import { cpuBusyPercent, envNumber, gitCommit, setUpCleanups } from './lib/bench-run.js';
import { killLoadWorkers, runLoad, type LoadSummary } from './lib/load.js';
import { seedCatalog } from './lib/seed-catalog.js';
import { startBenchApi } from './lib/bench-api.js';

const SETTINGS = {
  templates: Math.floor(envNumber('BENCH_TEMPLATES', 500, 21)),
  pageSize: 20,
  connections: Math.floor(envNumber('BENCH_CONNECTIONS', 50, 1)),
  durationSec: envNumber('BENCH_DURATION', 10, 1),
  warmupSec: envNumber('BENCH_WARMUP', 3, 0),
  rounds: Math.floor(envNumber('BENCH_ROUNDS', 1, 1)),
};
const GOAL = { minRatio: 1.0, maxP99Ms: 50 };

// The selection a consumer app makes; the baseline below builds exactly this JSON, in this key order.
const CATALOG_QUERY = `query Catalog {
  catalog(first: ${SETTINGS.pageSize}) {
    totalCount
    edges { node { id title tags baseModel publishedAt publishedVersion { id number specHash spec coverUrl } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

// ---------------------------------------------------------------------------------------------
// Baseline: what the same page costs with no framework at all.

interface BaselineRow {
  id: string;
  title: string;
  tags: string[];
  base_model: string;
  published_at: Date;
  version_id: string;
  number: number;
  spec_hash: string;
  spec: unknown;
  total_count: string;
}

// Title and tags are the published version's own (frozen at submission), as the API serves them.
// The GraphQL BaseModel enum's names for the stored values (template.object.ts).
const BASE_MODEL_ENUM: Record<string, string> = { sd15: 'SD15', sdxl: 'SDXL' };

const BASELINE_SQL = `
  SELECT t.id, v.title, v.tags, t.base_model, t.published_at,
         v.id AS version_id, v.number, v.spec_hash, v.spec,
         (SELECT count(*) FROM templates WHERE published_version_id IS NOT NULL) AS total_count
  FROM templates t JOIN template_versions v ON v.id = t.published_version_id
  WHERE t.published_version_id IS NOT NULL
  ORDER BY t.published_at DESC, t.id DESC
  LIMIT $1`;

// Apollo ends its JSON with a newline; so does this, to send byte-identical responses.
function baselineBody(rows: BaselineRow[], limit: number, totalFallback: number): string {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return `${JSON.stringify({
    data: {
      catalog: {
        totalCount: rows.length ? Number(rows[0]!.total_count) : totalFallback,
        edges: page.map((r) => ({
          node: {
            id: r.id,
            title: r.title,
            tags: r.tags,
            baseModel: BASE_MODEL_ENUM[r.base_model] ?? r.base_model,
            publishedAt: r.published_at.toISOString(),
            publishedVersion: { id: r.version_id, number: r.number, specHash: r.spec_hash, spec: r.spec, coverUrl: null },
          },
        })),
        pageInfo: {
          hasNextPage: rows.length > limit,
          endCursor: last ? Buffer.from(JSON.stringify([last.published_at.toISOString(), last.id])).toString('base64url') : null,
        },
      },
    },
  })}\n`;
}

async function startBaseline(databaseUrl: string, apiKey: string): Promise<{ url: string; close(): Promise<void> }> {
  // Same pool size as the API's DataSource (database.providers.ts).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  // An idle client's connection can die (the database is dropped with FORCE right after this
  // pool ends, while its clients may still be disconnecting); without a listener that would crash.
  let closing = false;
  pool.on('error', (e) => {
    if (!closing) log(`baseline pool: ${e.message}`);
  });
  const limit = SETTINGS.pageSize;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume(); // the body (the GraphQL query) is read and ignored
    req.once('end', () => {
      if (req.headers['x-api-key'] !== apiKey) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"bad key"}]}');
        return;
      }
      pool.query<BaselineRow>(BASELINE_SQL, [limit + 1]).then(
        ({ rows }) => {
          const body = baselineBody(rows, limit, 0);
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
        },
        (e: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(e) }] }));
        },
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async close() {
      closing = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------

interface Target {
  name: 'graphql' | 'uncached' | 'baseline';
  url: string;
  headers: Record<string, string>;
  body: string;
}

async function fetchBody(t: Target): Promise<{ status: number; text: string }> {
  const res = await fetch(t.url, { method: 'POST', headers: t.headers, body: t.body });
  return { status: res.status, text: await res.text() };
}

// Both servers must answer 200 with the same document, or the comparison means nothing.
async function checkResponse(graphql: Target, baseline: Target): Promise<{ bytes: number; identical: boolean }> {
  const g = await fetchBody(graphql);
  const parsed = JSON.parse(g.text) as { data?: { catalog?: { edges: unknown[] } }; errors?: unknown[] };
  if (g.status !== 200 || parsed.errors || !parsed.data?.catalog) throw new Error(`GraphQL catalog query failed (${g.status}): ${g.text.slice(0, 500)}`);
  if (parsed.data.catalog.edges.length !== SETTINGS.pageSize) throw new Error(`GraphQL returned ${parsed.data.catalog.edges.length} edges, expected ${SETTINGS.pageSize}`);
  const b = await fetchBody(baseline);
  if (b.status !== 200) throw new Error(`baseline failed (${b.status}): ${b.text.slice(0, 500)}`);
  if (!isDeepStrictEqual(parsed, JSON.parse(b.text))) {
    throw new Error(`baseline and GraphQL responses differ:\n  graphql:  ${g.text.slice(0, 400)}\n  baseline: ${b.text.slice(0, 400)}`);
  }
  return { bytes: Buffer.byteLength(g.text), identical: g.text === b.text };
}

const load = (t: Target, durationSec: number) =>
  runLoad({ url: t.url, method: 'POST', headers: t.headers, body: t.body, connections: SETTINGS.connections, duration: durationSec });

// A measured run, plus the CPU time this process (where both servers live; the load generator does
// not) spent per request: steadier than req/s when other work shares the machine. The baseline's
// PostgreSQL time is not in it.
async function measure(t: Target, durationSec: number): Promise<LoadSummary & { serverCpuUsPerRequest: number }> {
  const before = process.cpuUsage();
  const r = await load(t, durationSec);
  const used = process.cpuUsage(before);
  return { ...r, serverCpuUsPerRequest: Math.round((used.user + used.system) / Math.max(1, r.totalRequests)) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

type Round = Awaited<ReturnType<typeof measure>>;

interface TargetResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  serverCpuUsPerRequest: number;
  totalRequests: number;
  failures: number;
  rounds: Round[];
}

function summarise(rounds: Round[]): TargetResult {
  return {
    requestsPerSec: median(rounds.map((r) => r.requestsPerSec)),
    p50Ms: median(rounds.map((r) => r.latencyMs.p50)),
    p99Ms: median(rounds.map((r) => r.latencyMs.p99)),
    maxMs: Math.max(...rounds.map((r) => r.latencyMs.max)),
    serverCpuUsPerRequest: median(rounds.map((r) => r.serverCpuUsPerRequest)),
    totalRequests: rounds.reduce((n, r) => n + r.totalRequests, 0),
    failures: rounds.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0),
    rounds,
  };
}

const { cleanups, cleanup, isInterrupted } = setUpCleanups(log, killLoadWorkers);

async function main(): Promise<number> {
  const started = new Date();
  const pgServer = await resolvePostgres(log);
  cleanups.push({ what: 'stop PostgreSQL', run: pgServer.stop });
  log(`PostgreSQL ${pgServer.version} (${pgServer.source}: ${redact(pgServer.adminUrl)})`);

  const db = await createBenchDatabase(pgServer.adminUrl);
  cleanups.push({ what: `drop ${db.name}`, run: db.drop });
  await runMigrations(db.url);
  let t0 = Date.now();
  const seeded = await seedCatalog(db.url, SETTINGS.templates);
  log(`database ${db.name}: migrated, ${seeded.templates} published templates seeded in ${Date.now() - t0} ms (spec ~${seeded.avgSpecBytes} B)`);

  t0 = Date.now();
  const { app, port: apiPort } = await startBenchApi({ databaseUrl: db.url, cleanups });
  // The load is the point: the bench's key may make as many requests as any key can.
  const { key } = await app.get(ApiKeyService).create(seeded.admin, { name: 'catalog bench', scopes: ['catalog:read'], rateLimitPerMinute: RATE_LIMIT_RANGE.max });
  log(`API up on 127.0.0.1:${apiPort} in ${Date.now() - t0} ms (ATELIER_ENV=test)`);
  // The same API again, on the same database, without the response and page caches.
  const { port: uncachedPort } = await startBenchApi({ databaseUrl: db.url, cleanups, env: { CATALOG_SERVER_CACHE: 'off' } });
  log(`API without its caches up on 127.0.0.1:${uncachedPort} (CATALOG_SERVER_CACHE=off)`);

  const baseline = await startBaseline(db.url, key);
  cleanups.push({ what: 'close baseline', run: baseline.close });

  const headers = { 'content-type': 'application/json', 'x-api-key': key };
  const body = JSON.stringify({ query: CATALOG_QUERY });
  const targets: Record<Target['name'], Target> = {
    graphql: { name: 'graphql', url: `http://127.0.0.1:${apiPort}/graphql`, headers, body },
    uncached: { name: 'uncached', url: `http://127.0.0.1:${uncachedPort}/graphql`, headers, body },
    baseline: { name: 'baseline', url: baseline.url, headers, body },
  };
  const checkResponses = async () => {
    const cached = await checkResponse(targets.graphql, targets.baseline);
    const uncached = await checkResponse(targets.uncached, targets.baseline);
    return { bytes: cached.bytes, identical: cached.identical && uncached.identical };
  };
  const response = await checkResponses();
  log(`responses match (${response.bytes} B, ${response.identical ? 'byte-identical' : 'same JSON, different bytes'})`);

  const busyBefore = await cpuBusyPercent();
  if (busyBefore > 15) log(`WARNING: ${busyBefore}% of the CPUs are busy with other work before the load starts; figures will be skewed`);

  if (SETTINGS.warmupSec > 0) {
    for (const t of [targets.graphql, targets.uncached, targets.baseline]) {
      log(`warm-up ${t.name} ${SETTINGS.warmupSec} s`);
      await load(t, SETTINGS.warmupSec);
    }
  }
  const runs: Record<Target['name'], Round[]> = { graphql: [], uncached: [], baseline: [] };
  for (let round = 0; round < SETTINGS.rounds; round++) {
    // One at a time, never concurrently; the order rotates so none always goes first.
    const names = ['graphql', 'uncached', 'baseline'] as const;
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const name of order) {
      log(`round ${round + 1}/${SETTINGS.rounds}: ${name} ${SETTINGS.durationSec} s x ${SETTINGS.connections} connections`);
      runs[name].push(await measure(targets[name], SETTINGS.durationSec));
    }
  }
  await checkResponses(); // still answering correctly after the load
  const busyAfter = await cpuBusyPercent();
  if (busyAfter > 15) log(`WARNING: ${busyAfter}% of the CPUs are busy with other work after the load; figures may be skewed`);

  const graphql = summarise(runs.graphql);
  const uncached = summarise(runs.uncached);
  const base = summarise(runs.baseline);
  const ratio = graphql.requestsPerSec / base.requestsPerSec;
  const uncachedRatio = uncached.requestsPerSec / base.requestsPerSec;
  const problems: string[] = [];
  if (!(ratio >= GOAL.minRatio)) problems.push(`ratio ${ratio.toFixed(2)} < ${GOAL.minRatio.toFixed(1)}`);
  if (!(uncachedRatio >= GOAL.minRatio)) problems.push(`uncached ratio ${uncachedRatio.toFixed(2)} < ${GOAL.minRatio.toFixed(1)}`);
  if (!(graphql.p99Ms <= GOAL.maxP99Ms)) problems.push(`graphql p99 ${graphql.p99Ms} ms > ${GOAL.maxP99Ms} ms`);
  const failed = graphql.failures + uncached.failures + base.failures > 0;
  if (failed) problems.push(`${graphql.failures} graphql / ${uncached.failures} uncached / ${base.failures} baseline failed requests (errors, timeouts or non-2xx)`);
  const met = problems.length === 0;

  const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  const resultFile = join(resultsDir, `catalog-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  const record = {
    benchmark: 'catalog',
    startedAt: started.toISOString(),
    commit: gitCommit(),
    environment: { node: process.version, nodeEnv: process.env['NODE_ENV'] ?? null, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, postgres: { version: pgServer.version, source: pgServer.source }, otherCpuBusyPercent: { before: busyBefore, after: busyAfter } },
    settings: { ...SETTINGS, query: CATALOG_QUERY, responseBytes: response.bytes, responsesByteIdentical: response.identical },
    graphql,
    uncached,
    baseline: base,
    ratio,
    uncachedRatio,
    goal: { ...GOAL, met, problems },
  };
  writeFileSync(resultFile, `${JSON.stringify(record, null, 2)}\n`);

  const row = (name: string, r: TargetResult) =>
    `${name.padEnd(10)}${r.requestsPerSec.toFixed(1).padStart(10)}${String(r.p50Ms).padStart(9)}${String(r.p99Ms).padStart(9)}${String(r.maxMs).padStart(9)}${String(r.serverCpuUsPerRequest).padStart(12)}${String(r.totalRequests).padStart(11)}${String(r.failures).padStart(9)}`;
  const roundsNote = SETTINGS.rounds > 1 ? ` x ${SETTINGS.rounds} rounds (medians)` : '';
  console.log(
    [
      '',
      `catalog(first: ${SETTINGS.pageSize}) | ${SETTINGS.templates} published templates | ${SETTINGS.connections} connections | ${SETTINGS.durationSec} s${roundsNote} | warm-up ${SETTINGS.warmupSec} s | ${response.bytes} B/response`,
      `node ${process.version} (NODE_ENV=${process.env['NODE_ENV'] ?? 'unset'}), ${cpus().length} CPUs (${busyBefore}%/${busyAfter}% busy before/after), PostgreSQL ${pgServer.version} (${pgServer.source})`,
      '',
      `${'target'.padEnd(10)}${'req/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}${'cpu us/req'.padStart(12)}${'requests'.padStart(11)}${'failed'.padStart(9)}`,
      row('graphql', graphql),
      row('uncached', uncached),
      row('baseline', base),
      '',
      `ratio (graphql req/s / baseline req/s): ${ratio.toFixed(2)}`,
      `uncached ratio (graphql without its response and page caches / baseline): ${uncachedRatio.toFixed(2)}`,
      `goal (both ratios >= ${GOAL.minRatio.toFixed(1)} and graphql p99 <= ${GOAL.maxP99Ms} ms): ${met ? 'MET' : `NOT MET (${problems.join('; ')})`}`,
      `results: ${join('bench', 'results', resultFile.split('/').at(-1)!)}`,
      '',
    ].join('\n'),
  );
  if (failed) return 1;
  return !met && process.env['BENCH_STRICT'] === '1' ? 2 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (e) {
  if (!isInterrupted()) log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
} finally {
  killLoadWorkers();
  await cleanup();
}
// Nest, pg and s3rver may leave handles (timers, sockets) behind; the run is over either way.
if (!isInterrupted()) process.exit(exitCode);
