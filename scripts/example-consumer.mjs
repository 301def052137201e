#!/usr/bin/env node
// `npm run example:consumer`: builds the consumer-app example (examples/consumer-app, with the client
// lib it imports) with tsc, then runs it. With ATELIER_URL set it runs against that studio (an admin's
// ATELIER_ADMIN_EMAIL / ATELIER_ADMIN_PASSWORD issue its key). Without, it first starts a fresh
// embedded studio of its own (what `npm start` runs: the API with embedded PostgreSQL and S3, a draft
// worker and the demo data) on free ports in a temporary data directory, and stops and removes it
// afterwards. Its exit code is the example's: 0 only when every step held.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const attachTo = process.env.ATELIER_URL;
const STUDIO_START_TIMEOUT_MS = 120_000;

function build() {
  // The studio's API and worker only when this script starts the studio; `npm start` also builds the
  // studio's web app, which the example does not need.
  const projects = ['examples/consumer-app/tsconfig.json', ...(attachTo ? [] : ['apps/api/tsconfig.json', 'apps/worker/tsconfig.json'])];
  const r = spawnSync(process.execPath, [tsc, '-b', ...projects], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('example:consumer: the TypeScript build failed');
    process.exit(r.status ?? 1);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Starts the API as `npm start` does, on its own ports and data; resolves once it prints its banner.
async function startStudio(dataDir) {
  const [port, pgPort, s3Port] = [await freePort(), await freePort(), await freePort()];
  const env = { ...process.env, ATELIER_ENV: 'embedded', ATELIER_DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_S3_PORT: String(s3Port) };
  // Embedded means embedded: no outside database or storage, whatever the shell has set.
  for (const name of ['DATABASE_URL', 'S3_ENDPOINT', 'S3_PUBLIC_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'ATELIER_EMBEDDED_WORKER', 'HOST']) delete env[name];
  const logFile = join(dataDir, 'studio.log');
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--enable-source-maps', 'apps/api/dist/main.js'], { cwd: root, env, stdio: ['ignore', log, log] });
  const readLog = () => readFileSync(logFile, 'utf8');
  await new Promise((resolve, reject) => {
    const deadline = Date.now() + STUDIO_START_TIMEOUT_MS;
    const onExit = (code) => {
      clearInterval(timer);
      reject(new Error(`the studio exited (${code}) before it started`));
    };
    const timer = setInterval(() => {
      if (readLog().includes('Press Ctrl-C to stop')) {
        clearInterval(timer);
        child.off('exit', onExit);
        resolve();
      } else if (Date.now() > deadline) {
        clearInterval(timer);
        child.off('exit', onExit);
        reject(new Error(`the studio did not start within ${STUDIO_START_TIMEOUT_MS / 1000} s`));
      }
    }, 200);
    child.once('exit', onExit);
  }).catch((error) => {
    const tail = readLog().split('\n').slice(-40).join('\n');
    throw new Error(`${error.message}; the end of its log (${logFile}):\n${tail}`);
  }).catch(async (error) => {
    await stopProcess(child);
    throw error;
  });
  return { child, url: `http://127.0.0.1:${port}`, logFile };
}

// SIGINT as Ctrl-C would (the API stops its worker, PostgreSQL and S3), SIGKILL if it hangs.
function stopProcess(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGINT');
  });
}

function runExample(env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', 'examples/consumer-app/dist/main.js'], { cwd: root, env, stdio: 'inherit' });
    running.push(child);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const running = [];
let cleanup = async () => {};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of running) if (child.exitCode === null) child.kill(signal);
    void cleanup().finally(() => process.exit(130));
  });
}

build();
if (attachTo) {
  process.exit(await runExample(process.env));
}

const dataDir = mkdtempSync(join(tmpdir(), 'atelier-example-'));
let studio;
cleanup = async () => {
  if (studio) await stopProcess(studio.child);
  if (!process.env.ATELIER_EXAMPLE_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
};
let code = 1;
try {
  console.log(`Starting a fresh embedded studio in ${dataDir} (its log: ${join(dataDir, 'studio.log')})...`);
  studio = await startStudio(dataDir);
  running.push(studio.child);
  console.log(`The studio is running at ${studio.url} (demo admin admin@atelier.local).\n`);
  code = await runExample({ ...process.env, ATELIER_URL: studio.url, ATELIER_ADMIN_EMAIL: 'admin@atelier.local', ATELIER_ADMIN_PASSWORD: 'atelier-dev' });
  if (code !== 0) {
    const tail = readFileSync(studio.logFile, 'utf8').split('\n').slice(-30).join('\n');
    console.error(`\nThe end of the studio's log (ATELIER_EXAMPLE_KEEP_DATA=1 keeps all of it in ${dataDir}):\n${tail}`);
  }
} catch (error) {
  console.error(`example:consumer: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await cleanup();
  if (studio) console.log('\nThe studio is stopped and its data removed.');
}
process.exit(code);
