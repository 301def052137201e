// Ledger benchmark: consumer apps report paid uses (recordUsage over GraphQL, batches of 500, 4
// concurrent clients) into the double-entry ledger on PostgreSQL; then a designer's monthly
// statement over 1,000,000 events. Goal: >= 20,000 events/s and the statement in <= 2 s.
//
// Phases, each printing its figures:
//   ingest     BENCH_EVENTS (200,000) events from BENCH_CLIENTS (4) clients        -> events/s
//   fill       more events the same way until one designer's month holds
//              BENCH_STATEMENT_EVENTS (1,000,000)                                  -> events/s
//   statement  statement(designerId, month) over GraphQL, BENCH_STATEMENT_RUNS times -> ms
// Then checks: every event recorded once, every transaction balanced, the statement equal to the
// ledger. Run with `npm run bench:ledger`.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { computeSpecHash, makeDefaultTemplateSpec } from '@atelier/template-spec';
import { runMigrations } from '@atelier/api/dist/database/database.providers.js';
import { hashPassword } from '@atelier/api/dist/modules/auth/password-hasher.js';
import { ApiKeyService, RATE_LIMIT_RANGE } from '@atelier/api/dist/modules/api-key/api-key.service.js';
import { adminQuery, createBenchDatabase, redact, resolvePostgres } from './lib/database.js';
import { cpuBusyPercent, envNumber, gitCommit, setUpCleanups } from './lib/bench-run.js';
import type { LedgerLoadRequest, LedgerLoadResult } from './lib/ledger-load.js';
import { killQueueChildren, postgresCpuSeconds } from './lib/queue-procs.js';
import { startBenchApi } from './lib/bench-api.js';

const SETTINGS = {
  events: Math.floor(envNumber('BENCH_EVENTS', 200_000, 1000)),
  clients: Math.floor(envNumber('BENCH_CLIENTS', 4, 1)),
  batchSize: Math.floor(envNumber('BENCH_BATCH', 500, 1)),
  statementEvents: Math.floor(envNumber('BENCH_STATEMENT_EVENTS', 1_000_000, 0)),
  statementRuns: Math.floor(envNumber('BENCH_STATEMENT_RUNS', 5, 1)),
  templates: 20,
  month: '2026-10',
};
const GOAL = { minEventsPerSec: 20_000, maxStatementMs: 2_000 };
// What-if: SQL run on the bench database after the migrations (the header then says so).
const SETUP_SQL = process.env['BENCH_SETUP_SQL']?.trim() || null;
const PASSWORD = 'bench-designer-password';

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const children = new Set<ReturnType<typeof fork>>();
const { cleanups, cleanup, isInterrupted } = setUpCleanups(log, () => {
  for (const c of children) c.kill('SIGKILL');
  killQueueChildren();
});
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function runLoad(req: LedgerLoadRequest): Promise<LedgerLoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./lib/ledger-load.js', import.meta.url)), [JSON.stringify(req)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.add(child);
    child.once('message', (m) => resolve(m as LedgerLoadResult));
    child.once('exit', (code) => {
      children.delete(child);
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
    });
  });
}

interface Phase {
  name: string;
  events: number;
  eventsPerSec: number;
  batchMs: LedgerLoadResult['batchMs'];
  cpuMsPerKEvents: { api: number; postgres: number | null; load: number };
  errors: string[];
}

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

  // Fixtures straight into SQL: an admin, a designer owning 20 published templates (half of them
  // shared 60/40 with a co-author), as the review flow would have left them.
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  cleanups.push({ what: 'close SQL client', run: () => sql.end() });
  const admin = { id: randomUUID(), email: 'bench-admin@atelier.local', roles: ['ADMIN'] as Array<'ADMIN'> };
  const designer = { id: randomUUID(), email: 'bench-designer@atelier.local' };
  const coAuthor = randomUUID();
  const hash = await hashPassword(PASSWORD);
  await sql.query(`INSERT INTO users (id, email, password_hash, display_name, roles) VALUES ($1, $2, '!bench', 'Bench Admin', '{ADMIN}'), ($3, $4, $5, 'Bench Designer', '{DESIGNER}'), ($6, 'co@bench.local', '!bench', 'Co Author', '{DESIGNER}')`, [
    admin.id,
    admin.email,
    designer.id,
    designer.email,
    hash,
    coAuthor,
  ]);
  const versionIds: string[] = [];
  for (let i = 0; i < SETTINGS.templates; i++) {
    const spec = { ...makeDefaultTemplateSpec('sdxl'), prompt: { positive: `portrait photo of {subject}, look ${i}`, negative: 'blurry' } };
    const templateId = randomUUID();
    const versionId = randomUUID();
    await sql.query(`INSERT INTO templates (id, owner_id, title, base_model) VALUES ($1, $2, $3, 'sdxl')`, [templateId, designer.id, `Bench look ${i + 1}`]);
    await sql.query(`INSERT INTO template_versions (id, template_id, number, state, spec, spec_hash, revision, author_id) VALUES ($1, $2, 1, 'PUBLISHED', $3, $4, 1, $5)`, [versionId, templateId, JSON.stringify(spec), computeSpecHash(spec), designer.id]);
    if (i % 2) {
      const [agreement] = (await sql.query(`INSERT INTO revenue_agreements (template_id, designer_share_bps, effective_from) VALUES ($1, 3000, '-infinity') RETURNING id`, [templateId])).rows;
      await sql.query(`INSERT INTO revenue_agreement_authors (agreement_id, designer_id, share_bps, position) VALUES ($1, $2, 6000, 0), ($1, $3, 4000, 1)`, [agreement.id, designer.id, coAuthor]);
    }
    versionIds.push(versionId);
  }
  log(`database ${db.name}: migrated; ${SETTINGS.templates} published templates of one designer (half shared with a co-author)`);

  const { app, url: apiUrl } = await startBenchApi({ databaseUrl: db.url, cleanups, s3: 'process', env: { PREVIEW_BACKEND: 'draft' } });
  // The load is the point: the bench's key may make as many requests as any key can.
  const { key } = await app.get(ApiKeyService).create({ id: admin.id, email: admin.email, roles: admin.roles }, { name: 'bench meter', scopes: ['usage:write'], consumerApp: 'Bench Camera', rateLimitPerMinute: RATE_LIMIT_RANGE.max });
  log(`API up at ${apiUrl}; API key for consumer app "Bench Camera" issued`);

  const busyBefore = await cpuBusyPercent();
  if (busyBefore > 15) log(`WARNING: ${busyBefore}% of the CPUs are busy with other work before the load starts; figures will be skewed`);
  const offset = 8 * 3600_000;
  const [y, mo] = SETTINGS.month.split('-').map(Number) as [number, number];
  const monthStartMs = Date.UTC(y, mo - 1, 1) - offset;
  const monthEndMs = Date.UTC(y, mo, 1) - offset;

  const phases: Phase[] = [];
  const runPhase = async (name: string, events: number, prefix: string) => {
    if (events <= 0) return;
    log(`${name}: ${events} events, ${SETTINGS.clients} clients, batches of ${SETTINGS.batchSize}`);
    const api0 = process.cpuUsage();
    const pg0 = postgresCpuSeconds();
    const result = await runLoad({ apiUrl, apiKey: key, clients: SETTINGS.clients, batchSize: SETTINGS.batchSize, events, prefix, versionIds, monthStartMs, monthEndMs });
    const apiCpu = process.cpuUsage(api0);
    const pg1 = postgresCpuSeconds();
    const perK = (ms: number) => round((1000 * ms) / Math.max(1, result.sent), 2);
    const phase: Phase = {
      name,
      events: result.sent,
      eventsPerSec: round(result.accepted / (result.elapsedMs / 1000), 0),
      batchMs: { p50: round(result.batchMs.p50), p99: round(result.batchMs.p99), max: round(result.batchMs.max) },
      cpuMsPerKEvents: { api: perK((apiCpu.user + apiCpu.system) / 1000), postgres: pg0 === null || pg1 === null ? null : perK((pg1 - pg0) * 1000), load: perK((result.cpu.user + result.cpu.system) / 1000) },
      errors: result.errors,
    };
    if (result.accepted !== result.sent) phase.errors.push(`${result.notAccepted} of ${result.sent} events were not accepted`);
    phases.push(phase);
    log(`${name}: ${phase.eventsPerSec} events/s (batch p50 ${phase.batchMs.p50} ms, p99 ${phase.batchMs.p99} ms)${phase.errors.length ? `; ERRORS: ${phase.errors.join(' | ')}` : ''}`);
  };
  await runPhase('ingest', SETTINGS.events, 'ingest');
  await runPhase('fill', Math.max(0, SETTINGS.statementEvents - SETTINGS.events), 'fill');
  await sql.query('VACUUM ANALYZE ledger_entries');

  // The statement, over GraphQL as the designer sees it.
  const login = await (await fetch(`${apiUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, variables: { e: designer.email, p: PASSWORD } }) })).json() as { data: { login: { token: string } } };
  const token = login.data.login.token;
  const STATEMENT = `query($d: ID!, $m: String!) { statement(designerId: $d, month: $m) { id grossMinor shareMinor refundsMinor netMinor openingMinor closingMinor lines { uses shareMinor } } }`;
  const statementMs: number[] = [];
  let statement: { closingMinor: number; shareMinor: number; lines: Array<{ uses: number; shareMinor: number }> } | null = null;
  for (let i = 0; i < SETTINGS.statementRuns; i++) {
    const t0 = performance.now();
    const res = (await (await fetch(`${apiUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: STATEMENT, variables: { d: designer.id, m: SETTINGS.month } }) })).json()) as { data?: { statement: typeof statement }; errors?: unknown };
    statementMs.push(performance.now() - t0);
    if (!res.data?.statement) throw new Error(`statement failed: ${JSON.stringify(res.errors)}`);
    statement = res.data.statement;
  }
  const sortedMs = [...statementMs].sort((a, b) => a - b);
  const statementP50 = round(sortedMs[Math.floor(sortedMs.length / 2)]!);
  const statementMax = round(sortedMs[sortedMs.length - 1]!);

  // Checks against the database.
  const totalEvents = phases.reduce((a, p) => a + p.events, 0);
  const q1 = async (text: string, params: unknown[] = []) => (await sql.query(text, params)).rows[0];
  const recorded = Number((await q1(`SELECT count(*) AS n FROM usage_events`)).n);
  const unbalanced = Number((await q1(`SELECT count(*) AS n FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id, currency HAVING sum(amount) <> 0 OR count(*) < 2) x`)).n);
  const owed = -Number((await q1(`SELECT coalesce(sum(b.balance), 0) AS s FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.account_id WHERE a.kind = 'DESIGNER_PAYABLE' AND a.owner_id = $1`, [designer.id])).s);
  const summed = -Number((await q1(`SELECT coalesce(sum(e.amount), 0) AS s FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE a.kind = 'DESIGNER_PAYABLE' AND a.owner_id = $1`, [designer.id])).s);
  const uses = statement!.lines.reduce((a, l) => a + l.uses, 0);
  const checks = [
    { name: 'every event recorded once', ok: recorded === totalEvents, detail: `${recorded} rows for ${totalEvents} events sent` },
    { name: 'every transaction balanced', ok: unbalanced === 0, detail: `${unbalanced} unbalanced` },
    { name: 'materialised balance = sum of entries', ok: owed === summed, detail: `${owed} vs ${summed}` },
    { name: 'statement closing = ledger', ok: statement!.closingMinor === owed, detail: `${statement!.closingMinor} vs ${owed}` },
    { name: 'statement uses = events with a share', ok: uses > 0 && uses <= totalEvents, detail: `${uses} uses over ${totalEvents} events` },
    { name: 'no request failed', ok: phases.every((p) => p.errors.length === 0), detail: phases.flatMap((p) => p.errors).join(' | ') || '0' },
  ];
  const busyAfter = await cpuBusyPercent();
  const ingest = phases.find((p) => p.name === 'ingest')!;
  const metEvents = ingest.eventsPerSec >= GOAL.minEventsPerSec;
  const metStatement = statementMax <= GOAL.maxStatementMs && totalEvents >= SETTINGS.statementEvents;

  const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  const resultFile = join(resultsDir, `ledger-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(resultFile, `${JSON.stringify({ benchmark: 'ledger', startedAt: started.toISOString(), commit: gitCommit(), environment: { node: process.version, nodeEnv: process.env['NODE_ENV'] ?? null, cpus: cpus().length, postgres: pgServer.version, otherCpuBusyPercent: { before: busyBefore, after: busyAfter } }, settings: SETTINGS, phases, statement: { runs: statementMs, p50: statementP50, max: statementMax, events: totalEvents }, checks, goal: { ...GOAL, metEvents, metStatement } }, null, 2)}\n`);

  const col = (s: string, w: number) => s.padStart(w);
  console.log(
    [
      '',
      ...(SETUP_SQL ? [`NOTE: schema changed for this run (BENCH_SETUP_SQL): ${SETUP_SQL}`] : []),
      `revenue ledger | ${SETTINGS.clients} clients | batches of ${SETTINGS.batchSize} | recordUsage over GraphQL | node ${process.version} (NODE_ENV=${process.env['NODE_ENV'] ?? 'unset'}), ${cpus().length} CPUs (${busyBefore}%/${busyAfter}% busy before/after), PostgreSQL ${pgServer.version}`,
      '',
      `${'phase'.padEnd(12)}${col('events', 10)}${col('events/s', 10)}${col('batch p50/p99 ms', 20)}${col('CPU ms per 1k events: api / postgres / load', 46)}`,
      ...phases.map((p) => `${p.name.padEnd(12)}${col(String(p.events), 10)}${col(String(p.eventsPerSec), 10)}${col(`${p.batchMs.p50} / ${p.batchMs.p99}`, 20)}${col(`${p.cpuMsPerKEvents.api} / ${p.cpuMsPerKEvents.postgres ?? 'n/a'} / ${p.cpuMsPerKEvents.load}`, 46)}`),
      '',
      `statement ${SETTINGS.month} over ${totalEvents} events (${uses} uses of the designer's templates, ${statement!.lines.length} lines): p50 ${statementP50} ms, max ${statementMax} ms over ${SETTINGS.statementRuns} runs`,
      `checks: ${checks.every((c) => c.ok) ? 'OK' : 'FAILED'} (${checks.map((c) => `${c.ok ? '' : '!! '}${c.name}: ${c.detail}`).join('; ')})`,
      `goal ingest >= ${GOAL.minEventsPerSec} events/s: ${metEvents ? 'MET' : 'NOT MET'} (${ingest.eventsPerSec}); statement <= ${GOAL.maxStatementMs} ms over ${SETTINGS.statementEvents} events: ${metStatement ? 'MET' : 'NOT MET'} (${statementMax} ms)`,
      `results: ${join('bench', 'results', resultFile.split('/').at(-1)!)}`,
      '',
    ].join('\n'),
  );
  return checks.every((c) => c.ok) ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (e) {
  if (!isInterrupted()) log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
} finally {
  await cleanup();
}
if (!isInterrupted()) process.exit(exitCode);
