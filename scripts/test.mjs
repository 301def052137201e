#!/usr/bin/env node
// `npm test`: type-checks everything, builds the studio (the browser tests load it), makes sure a
// Chromium is there for them, then runs every test project once.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  // The browser tests drive Debian's Chromium; install it where we can (CI runs as root).
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Installing Chromium for the browser tests (apt-get install chromium)...');
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'], { stdio: 'inherit' });
  } else {
    console.error(`Chromium not found at ${CHROMIUM}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`);
    process.exit(1);
  }
}

run('npx', ['tsc', '-b', 'tsconfig.build.json']);
run('npx', ['tsc', '-p', 'apps/studio']);
run('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: 'apps/studio' });
run('npx', ['vitest', 'run', ...process.argv.slice(2)], { env: { ...process.env, CHROMIUM_PATH: CHROMIUM } });
