// The API the benches measure: built from the compiled app (apps/api/dist) in this process, on a random
// port, against a bench database and an S3 server in a temporary folder, all stopped by the cleanups.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApiConfig } from '@atelier/api/dist/config/api-config.js';
import { createAtelierApp } from '@atelier/api/dist/create-app.js';
import { startEmbeddedS3 } from '@atelier/api/dist/embedded/embedded-s3.js';
import type { Cleanups } from './bench-run.js';
import { startS3Process } from './queue-procs.js';

export interface BenchApiOptions {
  databaseUrl: string;
  cleanups: Cleanups['cleanups'];
  /** 'process': the S3 server in a child process, so its CPU is not the API's (the queue and ledger benches). */
  s3?: 'in-process' | 'process';
  /** More API settings (STUDIO_DIST, PREVIEW_BACKEND, ...). */
  env?: Record<string, string>;
}

export async function startBenchApi({ databaseUrl, cleanups, s3: s3Mode = 'in-process', env = {} }: BenchApiOptions) {
  const s3Dir = mkdtempSync(join(tmpdir(), 'atelier-bench-s3-'));
  cleanups.push({ what: 'remove S3 dir', run: () => rmSync(s3Dir, { recursive: true, force: true }) });
  const s3 = s3Mode === 'process' ? await startS3Process(s3Dir) : await startEmbeddedS3({ directory: s3Dir, port: 0 });
  cleanups.push({ what: 'stop S3', run: s3.stop });
  const config = loadApiConfig({
    ATELIER_ENV: 'test',
    DATABASE_URL: databaseUrl,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: 'atelier-bench',
    HOST: '127.0.0.1',
    PORT: '0',
    ...env,
  });
  const app = await createAtelierApp(config);
  cleanups.push({ what: 'close API', run: () => app.close() });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { app, port, url: `http://127.0.0.1:${port}` };
}
