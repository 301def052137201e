// Jest runs this for the projects that need the servers (api, e2e), in its own process before any
// test worker starts. The first call starts them and the others share them; workers inherit where
// they are through ATELIER_TEST_SERVERS (read by test-context.ts); global-teardown.mjs stops them
// once every test has run.
//
// Plain JavaScript on the API's build: Jest loads global set-up outside its module system, where
// the TypeScript sources' NodeNext imports do not resolve. Building is incremental (about 1 s when
// nothing changed), so `npx jest` works on a fresh clone too.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export default async function globalSetup() {
  if (globalThis.atelierTestServers) return;
  const servers = { cleanups: [] };
  globalThis.atelierTestServers = servers;
  const context = await startServers(servers.cleanups);
  process.env.ATELIER_TEST_SERVERS = JSON.stringify(context);
}

// Once per run: a PostgreSQL server (TEST_DATABASE_URL, or an embedded one), a template database
// with every migration applied, and one S3-protocol server. Each test file clones the template.
async function startServers(cleanups) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', 'apps/api'], { cwd: repoRoot, stdio: 'inherit' });
  const { runMigrations } = await import('../../dist/database/database.providers.js');
  const { startEmbeddedPostgres } = await import('../../dist/embedded/embedded-postgres.js');
  const { startEmbeddedS3 } = await import('../../dist/embedded/embedded-s3.js');

  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'atelier-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir: dir, port: 20000 + Math.floor(Math.random() * 20000), database: 'postgres', persistent: false });
    adminUrl = server.url;
    cleanups.push(() => server.stop(), () => rmSync(dir, { recursive: true, force: true }));
  }
  // Every database of this run is named atelier_test_<runId>_…; the run holds an advisory lock
  // while it lives, so a later run can tell databases left by a crashed run (lock free: drop them)
  // from those of a run still going on beside it (lock held: leave them alone).
  const runId = randomBytes(4).toString('hex');
  const templateDb = `atelier_test_${runId}_template`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const runLock = (id) => `atelier-test-run-${id}`;
  await admin.query(`SELECT pg_advisory_lock(hashtext($1))`, [runLock(runId)]);
  const existing = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'atelier\\_test\\_%'`);
  const byRun = new Map();
  for (const { datname } of existing.rows) {
    const other = /^atelier_test_([0-9a-f]{8})_/.exec(datname)?.[1] ?? 'legacy';
    byRun.set(other, [...(byRun.get(other) ?? []), datname]);
  }
  for (const [other, names] of byRun) {
    const free = other === 'legacy' || (await admin.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS free`, [runLock(other)])).rows[0].free;
    if (!free) continue;
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    if (other !== 'legacy') await admin.query(`SELECT pg_advisory_unlock(hashtext($1))`, [runLock(other)]);
  }
  await admin.query(`CREATE DATABASE ${templateDb}`);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${templateDb}`;
  await runMigrations(templateUrl.toString());
  cleanups.unshift(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${templateDb} WITH (FORCE)`);
    await admin.end();
  });

  const s3Dir = mkdtempSync(join(tmpdir(), 'atelier-test-s3-'));
  const s3 = await startEmbeddedS3({ directory: s3Dir, port: 0 });
  cleanups.push(() => s3.stop(), () => rmSync(s3Dir, { recursive: true, force: true }));

  return { adminDatabaseUrl: adminUrl, templateDatabase: templateDb, testRunId: runId, s3Endpoint: s3.endpoint };
}
