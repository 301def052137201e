import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { runMigrations } from '../../src/database/database.providers.js';
import { startEmbeddedPostgres } from '../../src/embedded/embedded-postgres.js';
import { startEmbeddedS3 } from '../../src/embedded/embedded-s3.js';


declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
    testRunId: string;
    s3Endpoint: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

// Once per run: a PostgreSQL server (TEST_DATABASE_URL, or an embedded one), a template database
// with every migration applied, and one S3-protocol server. Each test file clones the template.
export default async function setup(project: TestProject) {
  const cleanups: Array<() => Promise<void> | void> = [];
  let adminUrl = process.env['TEST_DATABASE_URL'];
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
  const runLock = (id: string) => `atelier-test-run-${id}`;
  await admin.query(`SELECT pg_advisory_lock(hashtext($1))`, [runLock(runId)]);
  const existing = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'atelier\\_test\\_%'`);
  const byRun = new Map<string, string[]>();
  for (const { datname } of existing.rows as Array<{ datname: string }>) {
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
  await runMigrations(withDatabase(adminUrl, templateDb));
  cleanups.unshift(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${templateDb} WITH (FORCE)`);
    await admin.end();
  });

  const s3Dir = mkdtempSync(join(tmpdir(), 'atelier-test-s3-'));
  const s3 = await startEmbeddedS3({ directory: s3Dir, port: 0 });
  cleanups.push(() => s3.stop(), () => rmSync(s3Dir, { recursive: true, force: true }));

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', templateDb);
  project.provide('testRunId', runId);
  project.provide('s3Endpoint', s3.endpoint);

  return async () => {
    for (const c of cleanups) await c();
  };
}
