import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@atelier/api/dist/embedded/embedded-postgres.js';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface PostgresServer {
  adminUrl: string;
  source: 'BENCH_DATABASE_URL' | 'local' | 'embedded';
  version: string;
  stop(): Promise<void>;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

async function serverVersion(adminUrl: string, timeoutMs = 3000): Promise<string> {
  const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: timeoutMs });
  await c.connect();
  try {
    return (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  } finally {
    await c.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

// BENCH_DATABASE_URL (a server URL whose user may CREATE DATABASE), else a local server on 5432,
// else (or with BENCH_EMBEDDED_PG=1) a throwaway embedded PostgreSQL.
export async function resolvePostgres(log: (m: string) => void): Promise<PostgresServer> {
  const explicit = process.env['BENCH_DATABASE_URL'];
  if (explicit) return { adminUrl: explicit, source: 'BENCH_DATABASE_URL', version: await serverVersion(explicit, 10_000), stop: async () => undefined };
  if (process.env['BENCH_EMBEDDED_PG'] !== '1') {
    try {
      return { adminUrl: DEFAULT_ADMIN_URL, source: 'local', version: await serverVersion(DEFAULT_ADMIN_URL), stop: async () => undefined };
    } catch (e) {
      log(`no PostgreSQL at ${DEFAULT_ADMIN_URL} (${e instanceof Error ? e.message : String(e)}); starting an embedded one`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-pg-'));
  try {
    const server = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), database: 'postgres', persistent: false });
    return {
      adminUrl: server.url,
      source: 'embedded',
      version: await serverVersion(server.url),
      stop: async () => {
        try {
          await server.stop();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

// A fresh, uniquely named database on the server; drop() removes it even with open connections.
export async function createBenchDatabase(adminUrl: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `atelier_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  return { name, url: withDatabase(adminUrl, name), drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
