#!/usr/bin/env node
// `npm start`: builds what changed (libs + API with tsc, the studio with Vite), then runs the API,
// which starts embedded PostgreSQL and S3 unless DATABASE_URL / S3_ENDPOINT point elsewhere.
// Extra arguments go to the API (`--seed-only` is what `npm run seed` uses).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const step = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

step('npx', ['tsc', '-b', 'tsconfig.build.json']);
const studioIndex = 'apps/studio/dist/index.html';
const studioInputs = ['apps/studio/src', 'libs/template-spec/src'];
if (!existsSync(studioIndex) || Math.max(...studioInputs.map(newestMtime)) > statSync(studioIndex).mtimeMs) {
  step('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: 'apps/studio' });
}

const api = spawn(process.execPath, ['--enable-source-maps', 'apps/api/dist/main.js', ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl-C reaches the API through the terminal's process group; pass on a plain kill too.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => api.kill(signal));
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
