import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import {  } from '@jest/globals';
import type { Clock } from '../../src/common/clock.js';
import { loadApiConfig, type ApiConfig } from '../../src/config/api-config.js';
import { createAtelierApp } from '../../src/create-app.js';
import type { QueryMetricsLogger } from '../../src/database/database.providers.js';
import { testContext } from './test-context.js';

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors?: Array<{ message: string; extensions: { code: string; [k: string]: unknown }; path?: string[] }>;
}

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  config: ApiConfig;
  dataSource: DataSource;
  // A direct connection for assertions and for proving database-level rules.
  sql: pg.Pool;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, auth?: { token?: string; apiKey?: string }): Promise<GqlResult<T>>;
  queryCount(): number;
  close(): Promise<void>;
}

/** The same server's URL for another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

// A real API on a random port over its own clone of the migrated template database and its own
// bucket on the shared S3 server.
export async function startTestApp(env: Record<string, string> = {}, opts: { clock?: Clock; logDestination?: DestinationStream } = {}): Promise<TestApp> {
  const adminUrl = testContext('adminDatabaseUrl');
  const database = `atelier_test_${testContext('testRunId')}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database} TEMPLATE ${testContext('templateDatabase')}`);
  await admin.end();
  const databaseUrl = withDatabase(adminUrl, database);
  const config = loadApiConfig({
    ATELIER_ENV: 'test',
    DATABASE_URL: databaseUrl,
    S3_ENDPOINT: testContext('s3Endpoint'),
    S3_ACCESS_KEY: 'S3RVER',
    S3_SECRET_KEY: 'S3RVER',
    S3_BUCKET: database.replace(/_/g, '-'),
    PORT: '0',
    // Hosted renders are settled and their webhooks sent only when a test calls for it (or sets its
    // own RENDER_POLL_MS): a pass every half second would land in tests that count SQL statements.
    RENDER_POLL_MS: '3600000',
    ...env,
  });
  return serveTestApp(config, async () => {
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await a.end();
  }, opts.clock, opts.logDestination);
}

// A second API instance on the same database and bucket as `first`, as behind a load balancer.
// Tokens are valid on both only when `first` was started with a JWT_SECRET. Close it before `first`
// (which drops the database).
export async function startAnotherInstance(first: TestApp, opts: { clock?: Clock } = {}): Promise<TestApp> {
  if (!first.config.jwt.secret) throw new Error('Start the first instance with a JWT_SECRET, so both accept the same tokens.');
  return serveTestApp(first.config, async () => undefined, opts.clock);
}

async function serveTestApp(config: ApiConfig, dropDatabase: () => Promise<void>, clock?: Clock, logDestination?: DestinationStream): Promise<TestApp> {
  const databaseUrl = config.databaseUrl!;
  const app = await createAtelierApp(config, { clock, logDestination });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const dataSource = app.get(DataSource);
  const sql = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  // close() drops the database WITH (FORCE), which may cut connections that are still closing.
  sql.on('error', () => undefined);
  return {
    app,
    url,
    config,
    dataSource,
    sql,
    async gql(query, variables, auth) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (auth?.token) headers['authorization'] = `Bearer ${auth.token}`;
      if (auth?.apiKey) headers['x-api-key'] = auth.apiKey;
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: unknown; errors?: GqlResult['errors'] };
      return { status: res.status, data: (body.data ?? null) as never, errors: body.errors };
    },
    queryCount: () => (dataSource.logger as QueryMetricsLogger).queryCount,
    async close() {
      await app.close();
      await sql.end();
      await dropDatabase();
    },
  };
}
