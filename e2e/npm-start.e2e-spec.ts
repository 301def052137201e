import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { expectPoll } from '../testing/poll.js';

// What `npm start` runs (the API's compiled main, built by `npm test` before the suite): embedded
// PostgreSQL and S3, migrations, demo data, then a clean stop on Ctrl-C that keeps the data.
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(true));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

async function startStudio(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['apps/api/dist/main.js'], { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`studio did not start in time:\n${out}`)), 60_000);
    const check = () => {
      if (out.includes('Press Ctrl-C to stop')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`studio exited with ${code}:\n${out}`));
    });
  });
  return { child, output: () => out };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

async function gql(port: number, query: string, token?: string) {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query }) });
  return (await res.json()) as { data: any; errors?: unknown[] };
}

describe('npm start on embedded defaults', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'atelier-start-'));
  let running: ChildProcess | undefined;
  afterAll(async () => {
    if (running && running.exitCode === null) await stop(running);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts embedded Postgres and S3 with demo accounts, stops everything on Ctrl-C and keeps the data', async () => {
    const [port, pgPort, s3Port] = [await freePort(), await freePort(), await freePort()];
    const env = { ATELIER_DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_S3_PORT: String(s3Port) };

    const first = await startStudio(env);
    running = first.child;
    expect(first.output()).toContain(`http://localhost:${port}`);
    expect(first.output()).toMatch(/designer@atelier\.local\s+DESIGNER/);
    const login = await gql(port, `mutation { login(email: "designer@atelier.local", password: "atelier-dev") { token } }`);
    const token = login.data.login.token as string;
    const created = await gql(port, `mutation { createTemplate(input: { title: "Kept across restarts", baseModel: SDXL }) { id draft { id } } }`, token);
    expect(created.errors).toBeUndefined();
    // The draft worker `npm start` runs renders previews for the new template.
    const batch = await gql(port, `mutation { requestPreviews(input: { versionId: "${created.data.createTemplate.draft.id}", seeds: [5] }) { id } }`, token);
    expect(batch.errors).toBeUndefined();
    const batchQuery = `{ previewBatch(id: "${batch.data.requestPreviews.id}") { jobs { state imageUrl } } }`;
    await expectPoll(async () => (await gql(port, batchQuery, token)).data.previewBatch.jobs.map((j: any) => j.state).join(), { timeout: 30_000, interval: 500 }).toBe('SUCCEEDED,SUCCEEDED');
    // The demo template meant for the catalog is published once the worker rendered its previews.
    const demo = `{ templates(first: 20, filter: { search: "Golden Hour" }) { edges { node { publishedVersion { number } } } } }`;
    await expectPoll(async () => (await gql(port, demo, token)).data.templates.edges[0]?.node.publishedVersion?.number ?? null, { timeout: 60_000, interval: 500 }).toBe(1);
    const studioPage = await fetch(`http://127.0.0.1:${port}/templates`);
    expect(await studioPage.text()).toContain('<div id="root">');

    expect(await stop(first.child)).toBe(0);
    expect(await isPortOpen(pgPort)).toBe(false);
    expect(await isPortOpen(s3Port)).toBe(false);
    expect(await isPortOpen(port)).toBe(false);

    const second = await startStudio(env);
    running = second.child;
    expect(second.output()).toContain('Existing data kept');
    const again = await gql(port, `mutation { login(email: "designer@atelier.local", password: "atelier-dev") { token } }`);
    const list = await gql(port, `{ templates(first: 20) { edges { node { title } } } }`, again.data.login.token);
    expect(list.data.templates.edges.map((e: any) => e.node.title)).toContain('Kept across restarts');
    expect(await stop(second.child)).toBe(0);
  }, 180_000);
});

describe('embedded Postgres in a process', () => {
  it('keeps the exit code the process chose (a failing run must not exit 0)', async () => {
    const script = `import('./apps/api/dist/embedded/embedded-postgres.js').then(() => { process.exitCode = 3; });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(3);
  });
});
