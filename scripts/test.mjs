#!/usr/bin/env node
// `npm test`: type-checks everything, builds the studio (the browser tests load it), makes sure a
// Chromium is there for them, then runs every test project once.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';

// Jest runs our ES modules through Node's vm modules, still behind a flag on Node 20 and 22.
function withVmModules(nodeOptions = '') {
  return nodeOptions.includes('--experimental-vm-modules') ? nodeOptions : `${nodeOptions} --experimental-vm-modules`.trim();
}

const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

let CHROMIUM;
try {
  CHROMIUM = ensureChromium();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

run('npx', ['tsc', '-b', 'tsconfig.build.json']);
// The studio's GraphQL types must be generated from the committed API schema file (which the API's
// contract test keeps equal to the live schema); this also validates every studio operation against it.
run('npx', ['graphql-codegen', '--config', 'codegen.ts', '--check', '--silent'], { cwd: 'apps/studio' });
run('npx', ['tsc', '-p', 'apps/studio']);
// Jest strips types without checking them (swc): the tests are type-checked here. The benches are
// built the way `npm run bench:*` builds them (their own project, which may only import inside bench/).
run('npx', ['tsc', '-p', 'tsconfig.test.json']);
run('npx', ['tsc', '-b', 'bench/tsconfig.json']);
run('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: 'apps/studio' });
// Jest prints its own report; a JSON copy gives the one-line summary CI reads at the end.
const reportDir = mkdtempSync(join(tmpdir(), 'atelier-jest-'));
const reportFile = join(reportDir, 'report.json');
const tests = spawnSync('npx', ['jest', '--json', `--outputFile=${reportFile}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: CHROMIUM, NODE_OPTIONS: withVmModules(process.env['NODE_OPTIONS']) },
});
if (existsSync(reportFile)) {
  const r = JSON.parse(readFileSync(reportFile, 'utf8'));
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
}
rmSync(reportDir, { recursive: true, force: true });
process.exit(tests.status ?? 1);
