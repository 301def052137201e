import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { runMigrations } from '../../src/database/database.providers.js';
import { startEmbeddedPostgres } from '../../src/embedded/embedded-postgres.js';
import { startEmbeddedS3 } from '../../src/embedded/embedded-s3.js';

export const TEMPLATE_DB = 'atelier_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
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
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Left-over test databases of earlier, interrupted runs.
  const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'atelier_test_%'`);
  for (const row of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  await runMigrations(withDatabase(adminUrl, TEMPLATE_DB));

  const s3Dir = mkdtempSync(join(tmpdir(), 'atelier-test-s3-'));
  const s3 = await startEmbeddedS3({ directory: s3Dir, port: 0 });
  cleanups.push(() => s3.stop(), () => rmSync(s3Dir, { recursive: true, force: true }));

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', TEMPLATE_DB);
  project.provide('s3Endpoint', s3.endpoint);

  return async () => {
    for (const c of cleanups) await c();
  };
}
