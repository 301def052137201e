import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testContext } from '../apps/api/test/setup/test-context.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: testContext('adminDatabaseUrl') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

// Production logs are JSON lines, and Nest holds its lines back until the app listens. A start that
// fails before then (here: storage cannot be reached) must still say why before exiting, or the
// operator sees a process that exits 1 with nothing in its log.
describe('a production start that fails', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'atelier-failed-start-'));
  const database = `atelier_test_${testContext('testRunId')}_failstart_${randomBytes(4).toString('hex')}`;

  beforeAll(() => adminQuery(`CREATE DATABASE ${database} TEMPLATE ${testContext('templateDatabase')}`));
  afterAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs the reason as a JSON error line, then exits 1', async () => {
    const closedPort = await freePort();
    const child = spawn(process.execPath, ['apps/api/dist/main.js'], {
      env: {
        PATH: process.env['PATH'] ?? '',
        ATELIER_ENV: 'production',
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        DATABASE_URL: withDatabase(testContext('adminDatabaseUrl'), database),
        S3_ENDPOINT: `http://127.0.0.1:${closedPort}`,
        S3_ACCESS_KEY: 'atelier',
        S3_SECRET_KEY: 'not-a-real-secret',
        JWT_SECRET: randomBytes(32).toString('hex'),
        ADMIN_PASSWORD: 'the studio owner chose this',
        ATELIER_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(code).toBe(1);
    const errors = out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; context?: string; msg: string })
      .filter((entry) => entry.level >= 50);
    expect(errors).toEqual([expect.objectContaining({ context: 'Atelier', msg: expect.stringContaining(`ECONNREFUSED 127.0.0.1:${closedPort}`) })]);
  }, 60_000);
});
