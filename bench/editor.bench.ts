// Editor benchmark: the built studio served by the real API, in headless Chromium. A template with 18
// joints, 6 lights and a 2048 x 2048 reference image; one pose joint dragged continuously for 3 s while
// requestAnimationFrame deltas are recorded. Also the gzipped JavaScript the browser loads before
// sign-in and what the editor route adds. Goals: p95 frame <= 16.7 ms, sign-in JS <= 250 KB gzip.
//
// Run with `npm run bench:editor` (see bench/README.md).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { runMigrations } from '@atelier/api/dist/database/database.providers.js';
import { UserService } from '@atelier/api/dist/modules/user/user.service.js';
import { AuthService } from '@atelier/api/dist/modules/auth/auth.service.js';
import { createBenchDatabase, redact, resolvePostgres } from './lib/database.js';
import { cpuBusyPercent, envNumber, gitCommit, setUpCleanups } from './lib/bench-run.js';
import { launchChromium } from './lib/chromium.js';
import { startBenchApi } from './lib/bench-api.js';

const SETTINGS = {
  dragSec: envNumber('BENCH_DURATION', 3, 0.5),
  // 0: no reference image (to see what it costs).
  referencePx: Math.floor(envNumber('BENCH_REFERENCE_PX', 2048, 0)),
  viewport: { width: 1440, height: 900 },
  jointIndex: 4, // right wrist: with limb chains off it moves alone; the limbs and light map stay put
};
const GOAL = { maxP95FrameMs: 16.7, maxSignInJsGzipBytes: 250 * 1024 };
// rAF timestamps follow the 60 Hz vsync, but a frame on time measures 16.6-16.8 ms (timer coarsening and
// scheduling jitter); a late frame measures 33 ms or more. The goal check allows that jitter, no more.
const VSYNC_JITTER_MS = 0.3;
const PASSWORD = 'bench-editor-password';
const root = fileURLToPath(new URL('../..', import.meta.url));

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const { cleanups, cleanup, isInterrupted } = setUpCleanups(log, () => undefined);

// A photo-like 2048 x 2048 PNG: smooth gradients with some grain (several MB, like a real reference).
async function makeReferencePng(size: number): Promise<Buffer> {
  const pixels = Buffer.alloc(size * size * 3);
  let seed = 7;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const grain = (seed >> 16) % 24;
      const i = (y * size + x) * 3;
      pixels[i] = Math.min(255, 60 + ((x * 160) / size) + grain);
      pixels[i + 1] = Math.min(255, 40 + ((y * 120) / size) + grain);
      pixels[i + 2] = Math.min(255, 30 + (((x + y) * 60) / size) + grain);
    }
  }
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer();
}

// The studio as `npm run build` makes it, built into bench/dist so the run measures the code checked out.
function buildStudio(): string {
  const fromEnv = process.env['BENCH_STUDIO_DIST'];
  if (fromEnv) {
    if (!existsSync(join(fromEnv, 'index.html'))) throw new Error(`BENCH_STUDIO_DIST=${fromEnv} has no index.html`);
    return fromEnv;
  }
  const outDir = join(root, 'bench', 'dist', 'studio');
  const t0 = Date.now();
  const build = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: join(root, 'apps', 'studio'), stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) throw new Error('the studio build failed');
  log(`studio built into bench/dist/studio in ${Date.now() - t0} ms`);
  return outDir;
}

interface Gql {
  (query: string, variables?: Record<string, unknown>): Promise<Record<string, any>>;
}

async function seedTemplate(gql: Gql, reference: Buffer | null) {
  const created = await gql(`mutation($input: CreateTemplateInput!) { createTemplate(input: $input) { id draft { revision spec } } }`, {
    input: { title: 'Bench: window light', baseModel: 'SDXL', tags: ['bench'] },
  });
  const template = created['createTemplate'] as { id: string; draft: { revision: number; spec: any } };

  const asset = reference ? await uploadReference(gql, reference) : null;
  const spec = structuredClone(template.draft.spec);
  const kinds = ['key', 'fill', 'rim', 'back', 'ambient', 'fill'];
  const lights = kinds.map((kind, i) => ({ ...(spec.lighting.lights[0] ?? {}), id: `bench-${i}`, kind, x: 0.15 + 0.14 * i, y: 0.25 + 0.1 * (i % 3), radius: 0.3, intensity: 0.8, colorTemperatureK: 3200 + 900 * i }));
  spec.lighting = { ...spec.lighting, lights };
  spec.reference = asset ? { assetId: asset.id, x: 0.5, y: 0.5, scale: 1, opacity: 0.6 } : null;
  const saved = await gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { revision spec } }`, { input: { templateId: template.id, baseRevision: template.draft.revision, spec } });
  const stored = saved['saveDraft'].spec;
  const joints = (stored.pose?.keypoints ?? []).filter((point: unknown) => point !== null).length;
  return { templateId: template.id, spec: stored, joints, lights: stored.lighting.lights.length as number, referenceSize: asset ? `${asset.width}x${asset.height}` : 'no' };
}

// Through the real signed-form upload, as the studio does it: every form field, the file last.
async function uploadReference(gql: Gql, reference: Buffer): Promise<{ id: string; width: number; height: number }> {
  const ticket = (await gql(`mutation($input: RequestUploadInput!) { requestUpload(input: $input) { asset { id } uploadUrl uploadForm } }`, {
    input: { kind: 'REFERENCE_IMAGE', fileName: 'reference.png', contentType: 'image/png', byteSize: reference.length },
  }))['requestUpload'];
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.uploadForm as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(reference)]));
  const post = await fetch(ticket.uploadUrl, { method: 'POST', body: form });
  if (!post.ok) throw new Error(`reference upload failed: HTTP ${post.status}`);
  const asset = (await gql(`mutation($id: ID!) { completeUpload(assetId: $id) { id state width height rejectionReason } }`, { id: ticket.asset.id }))['completeUpload'];
  if (asset.state !== 'READY') throw new Error(`reference refused: ${asset.rejectionReason}`);
  return asset;
}

interface ScriptLoad {
  url: string;
  bytes: number;
  gzipBytes: number;
}

// Every script response the page receives, with its size as sent over the wire would be with gzip.
function recordScripts(page: Page): ScriptLoad[] {
  const scripts: ScriptLoad[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    void response.body().then(
      (body) => scripts.push({ url: new URL(response.url()).pathname, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length }),
      () => undefined,
    );
  });
  return scripts;
}

const sum = (loads: ScriptLoad[], key: 'bytes' | 'gzipBytes') => loads.reduce((total, load) => total + load[key], 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

async function measureDrag(page: Page, spec: any) {
  const canvas = page.getByTestId('editor-canvas');
  const box = (await canvas.boundingBox())!;
  const read = async (name: string) => Number(await canvas.getAttribute(name));
  const view = { zoom: await read('data-zoom'), panX: await read('data-pan-x'), panY: await read('data-pan-y') };
  const [jx, jy] = spec.pose.keypoints[SETTINGS.jointIndex];
  const start = { x: box.x + view.panX + jx * spec.canvas.width * view.zoom, y: box.y + view.panY + jy * spec.canvas.height * view.zoom };

  // rAF deltas from the page's own clock, from just before the press to just after the release.
  // (Page scripts are strings: this project compiles without the DOM types.)
  await page.evaluate(`(() => {
    window.benchFrames = [];
    window.benchRecording = true;
    let last = performance.now();
    const tick = (now) => {
      if (!window.benchRecording) return;
      window.benchFrames.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
  })()`);
  // The renderer's main-thread time (tasks, script) during the drag, from the DevTools protocol.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const mainThread = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? 0;
    return { task: value('TaskDuration') * 1000, script: value('ScriptDuration') * 1000, layout: value('LayoutDuration') * 1000 };
  };
  const isProfiling = process.env['BENCH_PROFILE'] === '1';
  if (isProfiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const before = await mainThread();
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const began = Date.now();
  let moves = 0;
  // A circle of 60 px radius around the joint, one mouse move per step, as fast as the page takes them.
  while (Date.now() - began < SETTINGS.dragSec * 1000) {
    const angle = moves * 0.12;
    await page.mouse.move(start.x + 60 * Math.sin(angle), start.y - 60 + 60 * Math.cos(angle));
    moves++;
  }
  await page.mouse.up();
  const after = await mainThread();
  const profile = isProfiling ? summariseProfile((await cdp.send('Profiler.stop')).profile) : null;
  const frames = (await page.evaluate(`(() => {
    window.benchRecording = false;
    return window.benchFrames;
  })()`)) as number[];
  // The first delta spans the press (pointer-down handlers, the gesture opening); keep it, it is a frame the designer sees.
  const sorted = [...frames].sort((a, b) => a - b);
  return {
    moves,
    frames: frames.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted.at(-1) ?? NaN,
    over16_7: frames.filter((delta) => delta > 16.7).length,
    // A delta of 25 ms or more means at least one vsync was missed: a dropped frame.
    dropped: frames.filter((delta) => delta >= 25).length,
    seconds: (Date.now() - began) / 1000,
    mainThreadMs: { task: after.task - before.task, script: after.script - before.script, layout: after.layout - before.layout },
    taskMsPerMove: (after.task - before.task) / Math.max(1, moves),
    profile,
  };
}

// BENCH_PROFILE=1: the renderer's JavaScript during the drag, the 15 functions with the most self time.
function summariseProfile(profile: { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>; samples?: number[]; timeDeltas?: number[] }) {
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url ? `${url.split('/').at(-1)}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + (selfUs.get(node.id) ?? 0));
  }
  return [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([name, us]) => ({ name, selfMs: Math.round(us / 100) / 10 }));
}

async function main(): Promise<number> {
  const started = new Date();
  const studioDist = buildStudio();
  const pgServer = await resolvePostgres(log);
  cleanups.push({ what: 'stop PostgreSQL', run: pgServer.stop });
  log(`PostgreSQL ${pgServer.version} (${pgServer.source}: ${redact(pgServer.adminUrl)})`);
  const db = await createBenchDatabase(pgServer.adminUrl);
  cleanups.push({ what: `drop ${db.name}`, run: db.drop });
  await runMigrations(db.url);

  const { app, url } = await startBenchApi({ databaseUrl: db.url, cleanups, env: { STUDIO_DIST: studioDist } });
  log(`API and studio up on ${url}`);

  const email = 'bench-designer@bench.local';
  const user = await app.get(UserService).createUser(null, { email, displayName: 'Bench Designer', password: PASSWORD, roles: ['DESIGNER'] });
  const token = app.get(AuthService).issueToken(user).token;
  const gql: Gql = async (query, variables) => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown };
    if (body.errors || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  let t0 = Date.now();
  const png = SETTINGS.referencePx > 0 ? await makeReferencePng(SETTINGS.referencePx) : null;
  const seeded = await seedTemplate(gql, png);
  log(`template seeded in ${Date.now() - t0} ms: ${seeded.joints} joints, ${seeded.lights} lights, reference ${seeded.referenceSize}${png ? ` (${kb(png.length)} PNG)` : ''}`);

  const browser: Browser = await launchChromium();
  cleanups.push({ what: 'close Chromium', run: () => browser.close() });
  const context = await browser.newContext({ viewport: SETTINGS.viewport });
  const page = await context.newPage();
  const scripts = recordScripts(page);

  // 1. The sign-in screen: everything loaded until the form shows and the network is idle.
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.getByTestId('login-email').waitFor();
  const signInScripts = [...scripts];

  // 2. Sign in (the template list), then the editor route, until the reference is drawn.
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.locator(`[data-testid="template-row"][data-template-id="${seeded.templateId}"]`).waitFor();
  await page.waitForLoadState('networkidle');
  const afterSignInCount = scripts.length;
  t0 = Date.now();
  await page.evaluate(`window.location.hash = ${JSON.stringify(`#/templates/${encodeURIComponent(seeded.templateId)}`)}`);
  await page.locator(png ? '[data-testid="editor-canvas"][data-reference-drawn]' : '[data-testid="editor-canvas"] canvas').first().waitFor({ timeout: 60_000 });
  const editorOpenMs = Date.now() - t0;
  await page.waitForLoadState('networkidle');
  const templatesScripts = scripts.slice(signInScripts.length, afterSignInCount);
  const editorScripts = scripts.slice(afterSignInCount);
  // Let the first paints and the image upload to the compositor settle.
  await page.waitForTimeout(1000);

  const busyBefore = await cpuBusyPercent();
  if (busyBefore > 15) log(`WARNING: ${busyBefore}% of the CPUs are busy with other work before the drag; frame times will be skewed`);
  const drag = await measureDrag(page, seeded.spec);
  const busyAfter = await cpuBusyPercent();
  const saved = await gql(`query($id: ID!) { template(id: $id) { draft { spec } } }`, { id: seeded.templateId });
  const movedJoint = saved['template'].draft.spec.pose.keypoints[SETTINGS.jointIndex];
  const didMove = JSON.stringify(movedJoint) !== JSON.stringify(seeded.spec.pose.keypoints[SETTINGS.jointIndex]);
  const chromiumVersion = browser.version();
  const gpu = (await page.evaluate(`(() => {
    const gl = document.createElement('canvas').getContext('webgl');
    const info = gl && gl.getExtension('WEBGL_debug_renderer_info');
    return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'none';
  })()`)) as string;
  await context.close();

  const signInGzip = sum(signInScripts, 'gzipBytes');
  const editorGzip = sum(editorScripts, 'gzipBytes');
  const problems: string[] = [];
  if (!(drag.p95Ms <= GOAL.maxP95FrameMs + VSYNC_JITTER_MS)) problems.push(`p95 frame ${drag.p95Ms.toFixed(1)} ms > ${GOAL.maxP95FrameMs} ms`);
  if (!(signInGzip <= GOAL.maxSignInJsGzipBytes)) problems.push(`sign-in JS ${kb(signInGzip)} gzip > ${kb(GOAL.maxSignInJsGzipBytes)}`);
  if (!didMove) problems.push('the dragged joint did not reach the saved draft');
  const met = problems.length === 0;

  const resultsDir = join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const resultFile = join(resultsDir, `editor-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  const record = {
    benchmark: 'editor',
    startedAt: started.toISOString(),
    commit: gitCommit(),
    environment: { node: process.version, chromium: chromiumVersion, webglRenderer: gpu, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, otherCpuBusyPercent: { before: busyBefore, after: busyAfter } },
    settings: { ...SETTINGS, referencePngBytes: png?.length ?? 0, joints: seeded.joints, lights: seeded.lights },
    drag,
    editorOpenMs,
    scripts: { signIn: signInScripts, templates: templatesScripts, editor: editorScripts },
    goal: { ...GOAL, met, problems },
  };
  writeFileSync(resultFile, `${JSON.stringify(record, null, 2)}\n`);

  const list = (loads: ScriptLoad[]) => loads.map((load) => `    ${load.url.padEnd(48)}${kb(load.bytes).padStart(12)}${kb(load.gzipBytes).padStart(12)} gzip`);
  console.log(
    [
      '',
      `editor drag | ${seeded.joints} joints, ${seeded.lights} lights, ${seeded.referenceSize} reference | joint ${SETTINGS.jointIndex} dragged ${drag.seconds.toFixed(1)} s (${drag.moves} mouse moves) | ${SETTINGS.viewport.width}x${SETTINGS.viewport.height}`,
      `Chromium ${chromiumVersion} headless, --disable-gpu (WebGL renderer: ${gpu}); ${cpus().length} CPUs (${busyBefore}%/${busyAfter}% busy before/after)`,
      '',
      `frames ${drag.frames}   p50 ${drag.p50Ms.toFixed(1)} ms   p95 ${drag.p95Ms.toFixed(1)} ms   max ${drag.maxMs.toFixed(1)} ms   over 16.7 ms: ${drag.over16_7}   dropped (>= 25 ms): ${drag.dropped}`,
      `main thread during the drag: ${drag.mainThreadMs.task.toFixed(0)} ms of tasks (${drag.mainThreadMs.script.toFixed(0)} ms script), ${drag.taskMsPerMove.toFixed(1)} ms per mouse move`,
      ...(drag.profile ? ['JavaScript self time during the drag (BENCH_PROFILE=1):', ...drag.profile.map((entry) => `    ${String(entry.selfMs).padStart(8)} ms  ${entry.name}`)] : []),
      `editor opened (route change to reference drawn): ${editorOpenMs} ms`,
      '',
      `JS before sign-in: ${kb(sum(signInScripts, 'bytes'))} raw, ${kb(signInGzip)} gzip`,
      ...list(signInScripts),
      `JS the template list adds: ${kb(sum(templatesScripts, 'bytes'))} raw, ${kb(sum(templatesScripts, 'gzipBytes'))} gzip`,
      ...list(templatesScripts),
      `JS the editor route adds: ${kb(sum(editorScripts, 'bytes'))} raw, ${kb(editorGzip)} gzip`,
      ...list(editorScripts),
      '',
      `goal (p95 <= ${GOAL.maxP95FrameMs} ms, ${VSYNC_JITTER_MS} ms vsync jitter allowed, and sign-in JS <= ${kb(GOAL.maxSignInJsGzipBytes)} gzip): ${met ? 'MET' : `NOT MET (${problems.join('; ')})`}`,
      `results: bench/results/${resultFile.split('/').at(-1)!}`,
      '',
    ].join('\n'),
  );
  if (!didMove) return 1;
  return !met && process.env['BENCH_STRICT'] === '1' ? 2 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (e) {
  if (!isInterrupted()) log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
} finally {
  await cleanup();
}
if (!isInterrupted()) process.exit(exitCode);
