import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { ApiConfigError, loadApiConfig, type ApiConfig } from './config/api-config.js';
import { createAtelierApp } from './create-app.js';
import { runMigrations } from './database/database.providers.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded/embedded-postgres.js';
import { startEmbeddedS3, type EmbeddedS3Handle } from './embedded/embedded-s3.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, publishDemoTemplate, seedDemoData } from './seed/seed-demo-data.js';
import { WorkerTokenService } from './modules/worker-token/worker-token.service.js';
import { shutDownGracefully } from './modules/ops/graceful-shutdown.js';

const WORKER_ENTRY = 'apps/worker/dist/main.js';

// In embedded mode a draft worker runs beside the API (its own process, like a GPU box), so
// previews render on any machine.
function startEmbeddedWorker(apiUrl: string, token: string): { stop(): Promise<void> } {
  const child: ChildProcess = spawn(process.execPath, [WORKER_ENTRY, '--api', apiUrl, '--backend', 'draft'], { env: { ...process.env, WORKER_TOKEN: token }, stdio: 'inherit' });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

const logger = new Logger('Atelier');

// Starts everything the configuration does not point elsewhere: embedded Postgres and S3 when no
// DATABASE_URL / S3_ENDPOINT is set, then migrations, demo data on first start, and the API.
async function main(): Promise<void> {
  let config: ApiConfig;
  try {
    config = loadApiConfig();
  } catch (e) {
    if (e instanceof ApiConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const stops: Array<() => Promise<void>> = [];
  let embeddedPg: EmbeddedPostgresHandle | undefined;
  let embeddedS3: EmbeddedS3Handle | undefined;
  if (!config.databaseUrl) {
    embeddedPg = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'pg'), port: Number(process.env['EMBEDDED_PG_PORT'] ?? 54329), database: 'atelier' });
    stops.unshift(embeddedPg.stop);
    config = { ...config, databaseUrl: embeddedPg.url };
    logger.log(`Embedded PostgreSQL on ${embeddedPg.url.replace(/:[^:@/]+@/, ':***@')} (data in ${join(config.dataDir, 'pg')})`);
  }
  if (!config.s3.endpoint) {
    // The bucket is made here (not by the API) so it carries the CORS rule the studio's uploads need.
    embeddedS3 = await startEmbeddedS3({
      directory: join(config.dataDir, 's3'),
      port: Number(process.env['EMBEDDED_S3_PORT'] ?? 4569),
      buckets: [config.s3.bucket],
      studioOrigins: [`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`],
    });
    stops.unshift(embeddedS3.stop);
    config = { ...config, s3: { ...config.s3, endpoint: embeddedS3.endpoint, accessKey: embeddedS3.accessKey, secretKey: embeddedS3.secretKey } };
    logger.log(`Embedded S3 server on ${embeddedS3.endpoint} (data in ${join(config.dataDir, 's3')})`);
  }
  const shutdown = async (signal: string) => {
    logger.log(`${signal}: stopping`);
    for (const stop of stops) await stop().catch((e: unknown) => logger.error(String(e)));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const ran = await runMigrations(config.databaseUrl!);
    if (ran.length) logger.log(`Migrations applied: ${ran.join(', ')}`);
    const app = await createAtelierApp(config);
    // Readiness fails first, then requests finish, then the modules and the pool stop (see shutDownGracefully).
    stops.unshift(() => shutDownGracefully(app, { ...config.shutdown, log: (m) => logger.log(`shutdown: ${m}`) }));
    const { seeded } = await seedDemoData(app, config);
    // Production creates no demo data, only the configured admin on the first start.
    if (config.env === 'production') logger.log(seeded ? `First start: the admin account ${config.admin.email} is created (its password is ADMIN_PASSWORD).` : 'Existing data kept.');
    else logger.log(seeded ? 'Demo data created.' : 'Existing data kept (demo data is only created on an empty database).');
    const seedOnly = process.argv.includes('--seed-only');
    await app.listen(config.port, config.host);
    const url = `http://localhost:${config.port}`;
    if (config.env === 'embedded' && process.env['ATELIER_EMBEDDED_WORKER'] !== 'off' && existsSync(WORKER_ENTRY)) {
      const worker = startEmbeddedWorker(`http://127.0.0.1:${config.port}`, await app.get(WorkerTokenService).issueEmbeddedWorkerToken());
      stops.unshift(worker.stop);
      logger.log('Draft worker started (previews render on the CPU as labelled schematics).');
    }
    // The demo template meant for the catalog is reviewed and published once its previews exist; every
    // embedded start finishes this if an earlier one was stopped first.
    const demoPublished =
      config.env === 'embedded'
        ? publishDemoTemplate(app).then((outcome) => {
            if (outcome === 'published') logger.log('Demo template published to the catalog.');
            if (outcome === 'timed-out') logger.log('The demo template is not published yet (its previews did not render in time); the next start tries again.');
          })
        : Promise.resolve();
    if (seedOnly) {
      await demoPublished;
      for (const stop of stops) await stop();
      return;
    }
    console.log(`\n  Atelier studio is running at ${url}\n  GraphQL: ${url}/graphql   Worker API: ${url}/v1 (docs: ${url}/v1/docs)   Spec schema: ${url}/schemas/template-spec.v1.json`);
    if (config.env === 'embedded') {
      console.log(`\n  Demo accounts (password "${DEMO_PASSWORD}"):`);
      for (const a of DEMO_ACCOUNTS) console.log(`    ${a.email.padEnd(26)} ${a.roles.join(', ')}`);
    }
    console.log('\n  Press Ctrl-C to stop.\n');
  } catch (e) {
    logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    for (const stop of stops) await stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
