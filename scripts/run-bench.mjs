#!/usr/bin/env node
// `npm run bench:<name>` -> `node scripts/run-bench.mjs <name>`: compiles bench/<name>.bench.ts
// (and, through project references, the API and libs it imports) with tsc, which emits the
// decorator metadata Nest needs, then runs the compiled bench/dist/<name>.bench.js with Node.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const available = () => readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length));

const [name, ...rest] = process.argv.slice(2);
if (!name || !/^[a-z0-9-]+$/.test(name) || !existsSync(join(benchDir, `${name}.bench.ts`))) {
  console.error(`usage: node scripts/run-bench.mjs <name> [args...]\navailable benchmarks: ${available().join(', ') || '(none)'}`);
  process.exit(64);
}

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const build = spawnSync(process.execPath, [tsc, '-b', join(benchDir, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('bench: the TypeScript build failed');
  process.exit(build.status ?? 1);
}

// Ctrl-C reaches the bench too (same process group); a signal sent to this runner alone is passed
// on. Either way the bench cleans up (drops its database) and its exit code is passed back.
// Benchmarks measure the production configuration (the Dockerfile sets NODE_ENV=production, which
// turns off graphql-js's development checks); set NODE_ENV yourself to measure another.
const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production' };
const child = spawn(process.execPath, [join(benchDir, 'dist', `${name}.bench.js`), ...rest], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
