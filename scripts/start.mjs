#!/usr/bin/env node
// `npm start`: builds what changed through Nx (the API, the worker and the studio, each after the libs
// it imports; unchanged projects come from Nx's local cache in .nx/cache), then runs the API, which
// starts embedded PostgreSQL and S3 unless DATABASE_URL / S3_ENDPOINT point elsewhere.
// Extra arguments go to the API (`--seed-only` is what `npm run seed` uses).
import { spawn, spawnSync } from 'node:child_process';
import { nxEnv, startBuildArgs } from './start-build.mjs';

const step = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

step('npx', startBuildArgs(['--outputStyle=static-failures-only']), { env: nxEnv() });

const api = spawn(process.execPath, ['--enable-source-maps', 'apps/api/dist/main.js', ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl-C reaches the API through the terminal's process group; pass on a plain kill too.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => api.kill(signal));
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
