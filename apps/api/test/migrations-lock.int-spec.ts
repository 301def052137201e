import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_MIGRATIONS } from '@atelier/migrations';
import { runMigrations } from '../src/database/database.providers.js';
import { testContext } from './setup/test-context.js';
import { withDatabase } from './setup/test-app.js';

// Several API processes starting at once against an empty database (a deploy of two replicas).
describe('migrations under an advisory lock', () => {
  const adminUrl = testContext('adminDatabaseUrl');
  const database = `atelier_test_${testContext('testRunId')}_migrate_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(adminUrl, database);

  const admin = async <T>(work: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end();
    }
  };

  beforeAll(() => admin((c) => c.query(`CREATE DATABASE ${database}`)));
  afterAll(() => admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)));

  it('lets processes starting together migrate one at a time: every migration applied once, no process fails', async () => {
    const runs = await Promise.allSettled([runMigrations(url), runMigrations(url), runMigrations(url)]);
    expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const applied = runs.map((r) => (r as PromiseFulfilledResult<string[]>).value);
    // One process did all the work; the others found nothing left.
    expect(applied.map((names) => names.length).sort((a, b) => a - b)).toEqual([0, 0, ALL_MIGRATIONS.length]);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const rows = (await c.query(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name`)).rows as Array<{ name: string; n: number }>;
      expect(rows).toHaveLength(ALL_MIGRATIONS.length);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      // The lock is released with its session.
      expect((await c.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)).rows[0].n).toBe(0);
    } finally {
      await c.end();
    }
  });
});
