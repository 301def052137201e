import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeDemoLoraSafetensors } from '@atelier/safetensors';
import { makeJpegBytes, makePdfBytes, makePngBytes } from '../apps/api/test/factories/asset-fixtures.js';
import { startEmbeddedS3, type EmbeddedS3Handle } from '../apps/api/src/embedded/embedded-s3.js';
import { testContext } from '../apps/api/test/setup/test-context.js';
import { launchChromium, signInStudio } from './lib/studio-browser.js';
import { expectLabelled } from '../testing/expect-labelled.js';
import { expectPoll } from '../testing/poll.js';

// Kept after the run (git ignores test-output/): the flow's key screens in Chinese, for people to look at.
const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots', 'production-start');
const ADMIN_EMAIL = 'owner@studio.test';
const ADMIN_PASSWORD = 'the studio owner chose this';
const DESIGNER_PASSWORD = 'designer picked her own';
const REVIEWER_PASSWORD = 'reviewer picked his own';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

interface Running {
  child: ChildProcess;
  output: () => string;
}

/** Spawns `node <entry> ...args` and resolves once its output contains `ready` (rejects if it exits first). */
async function startProcess(args: string[], env: Record<string, string>, ready: string, timeoutMs: number): Promise<Running> {
  const child = spawn(process.execPath, args, { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args[0]} did not start in time:\n${out}`));
    }, timeoutMs);
    const check = () => {
      if (!out.includes(ready)) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code ?? 'a signal'}:\n${out}`));
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', onExit);
  });
  return { child, output: () => out };
}

/** Asks the process to stop (as Ctrl-C or `docker stop` would) and resolves with its exit code; kills it after 15 s. */
function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<number | null> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child?.exitCode ?? null);
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(force);
      resolve(code);
    });
    child.kill(signal);
  });
}

// Issue 12's proof: a studio team starts Atelier the way production starts it (the built API with
// ATELIER_ENV=production, its own PostgreSQL database and S3 bucket, secrets from the environment, no
// demo data) and runs it from the studio alone, in Chromium: the admin invites the team, adds a
// consenting preview face with its files, registers a style LoRA and issues a worker token that a real
// draft worker process uses; the designer authors, previews and submits a template; the reviewer
// approves it; the designer publishes; an API key made on its page finds the template in the catalog.
// No GraphQL is written here: the browser does everything, the test only reads the database and the
// catalog as a consumer app would.
describe('a production start, run from the studio alone', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'atelier-production-'));
  const adminUrl = testContext('adminDatabaseUrl');
  const database = `atelier_test_${testContext('testRunId')}_prod_${randomBytes(4).toString('hex')}`;
  let databaseCreated = false;
  let sql: pg.Pool | undefined;
  let s3: EmbeddedS3Handle | undefined;
  let api: Running | undefined;
  let worker: Running | undefined;
  let browser: Browser | undefined;
  let url = '';
  const contexts: BrowserContext[] = [];
  const browserErrors: string[] = [];

  // Full-page shots from the top, so the sticky top bar stays at the top of the image.
  const shot = async (page: Page, name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };

  /** A browser profile of its own: another person's computer, as far as the studio knows. */
  async function openBrowser(who: string): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => browserErrors.push(`[${who}] ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') browserErrors.push(`[${who}] ${m.text()}`);
    });
    return page;
  }

  /** Switches the studio to Chinese, takes the shot once `text` shows, then switches back to English. */
  async function shotInChinese(page: Page, name: string, text: string) {
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText(text, { exact: true }).first().waitFor();
    await shot(page, name);
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('html[lang="en"]').waitFor();
  }

  const one = async <T>(query: string, params: unknown[] = []): Promise<T> => (await sql!.query(query, params)).rows[0] as T;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;

    // A fresh, empty database on the machine's PostgreSQL: the API's start-up migrates it, as in production.
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    databaseCreated = true;
    const databaseUrl = withDatabase(adminUrl, database);
    sql = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    sql.on('error', () => undefined);

    // The storage server with the bucket made beforehand and the CORS rule the studio's uploads need
    // (what docker-compose.yml gives its SeaweedFS storage; an AWS bucket is given the same rule).
    s3 = await startEmbeddedS3({ directory: join(dataDir, 's3'), port: 0, buckets: ['atelier'], studioOrigins: [url] });

    api = await startProcess(
      ['apps/api/dist/main.js'],
      {
        ATELIER_ENV: 'production',
        NODE_ENV: 'production',
        PORT: String(port),
        // Production listens on every interface; this test keeps it on the machine.
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        S3_ENDPOINT: s3.endpoint,
        S3_ACCESS_KEY: s3.accessKey,
        S3_SECRET_KEY: s3.secretKey,
        S3_BUCKET: 'atelier',
        JWT_SECRET: randomBytes(32).toString('hex'),
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        // As docker-compose.yml sets it for its draft (CPU) worker: without it, production queues
        // previews for ComfyUI workers only and the draft worker never leases one.
        PREVIEW_BACKEND: 'draft',
        ATELIER_DATA_DIR: dataDir,
      },
      'Press Ctrl-C to stop.',
      60_000,
    );
    browser = await launchChromium({ lang: 'en-US' });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stopProcess(worker?.child, 'SIGTERM');
    await stopProcess(api?.child, 'SIGINT');
    await s3?.stop();
    await sql?.end();
    if (databaseCreated) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('starts migrated with only the configured admin, and the team takes a template from nothing to the catalog in the browser', async () => {
    // Migrated by the start-up, no demo data: only the admin from the configuration.
    expect(api!.output()).toMatch(/Migrations applied: /);
    expect(api!.output()).toContain(`First start: the admin account ${ADMIN_EMAIL} is created`);
    expect(api!.output()).not.toMatch(/Demo (data|accounts)/);
    expect(await one(`SELECT count(*)::int AS users, min(email) AS email FROM users`)).toEqual({ users: 1, email: ADMIN_EMAIL });
    expect(await one(`SELECT (SELECT count(*)::int FROM templates) AS templates, (SELECT count(*)::int FROM loras) AS loras, (SELECT count(*)::int FROM preview_subjects) AS faces`)).toEqual({ templates: 0, loras: 0, faces: 0 });

    // 1. The admin signs in and invites a designer (one-time link) and a reviewer (temporary password).
    const admin = await openBrowser('admin');
    await signInStudio(admin, url, ADMIN_EMAIL, ADMIN_PASSWORD);
    await admin.getByTestId('nav-admin-revenue').click();
    await admin.getByTestId('admin-nav-admin-users').click();
    await admin.getByLabel('Email').fill('dana@studio.test');
    await admin.getByLabel('Display name').fill('Dana Designer');
    await admin.getByTestId('create-user-submit').click();
    const inviteLink = (await admin.getByTestId('secret-value').textContent())!;
    expect(inviteLink).toMatch(new RegExp(`^${url}/#/set-password\\?token=pwd_`));

    await admin.getByLabel('Email').fill('remy@studio.test');
    await admin.getByLabel('Display name').fill('Remy Reviewer');
    await admin.getByLabel('How they get in').selectOption('TEMPORARY_PASSWORD');
    await admin.getByTestId('user-role-DESIGNER').uncheck();
    await admin.getByTestId('user-role-REVIEWER').check();
    await admin.getByTestId('create-user-submit').click();
    await expectPoll(async () => (await admin.getByTestId('secret-value').textContent()) !== inviteLink).toBe(true);
    const temporaryPassword = (await admin.getByTestId('secret-value').textContent())!;
    await expectPoll(() => admin.getByTestId('user-row').count()).toBe(3);
    await shotInChinese(admin, '01-users-invited-zh', '邀请成员');

    // The designer opens her link in her own browser and chooses a password; the reviewer signs in with
    // the temporary one.
    const designer = await openBrowser('designer');
    await designer.goto(inviteLink);
    await designer.getByTestId('set-password-who').waitFor();
    await shotInChinese(designer, '02-set-password-zh', '欢迎使用 Atelier');
    await designer.getByTestId('set-password-new').fill(DESIGNER_PASSWORD);
    await designer.getByTestId('set-password-confirm').fill(DESIGNER_PASSWORD);
    await designer.getByTestId('set-password-submit').click();
    await expectPoll(async () => (await designer.getByTestId('signed-in-as').textContent({ timeout: 200 }).catch(() => '')) ?? '').toContain('Dana Designer');

    const reviewer = await openBrowser('reviewer');
    await signInStudio(reviewer, url, 'remy@studio.test', temporaryPassword);
    await reviewer.getByTestId('nav-account').click();
    await reviewer.getByLabel('Current password').fill(temporaryPassword);
    await reviewer.getByLabel('New password', { exact: true }).fill(REVIEWER_PASSWORD);
    await reviewer.getByLabel('Confirm new password').fill(REVIEWER_PASSWORD);
    await reviewer.getByRole('button', { name: 'Change password' }).click();
    await reviewer.getByTestId('password-changed').waitFor();
    expect(await one(`SELECT string_agg(email, ',' ORDER BY email) AS emails FROM users WHERE password_set`)).toEqual({ emails: `dana@studio.test,${ADMIN_EMAIL},remy@studio.test` });

    // 2. The admin adds a preview face: consent PDF, identity LoRAs for both base models, four photos.
    await admin.getByTestId('admin-nav-admin-subjects').click();
    await admin.getByTestId('add-face').click();
    await admin.getByTestId('face-name').fill('Lan');
    await admin.getByTestId('face-gender').selectOption('FEMALE');
    await admin.getByTestId('face-age').fill('34');
    await admin.getByTestId('face-consent-file').setInputFiles({ name: 'lan-consent.pdf', mimeType: 'application/pdf', buffer: makePdfBytes({ text: 'Lan consents to preview use.' }) });
    await admin.getByTestId('face-consent-until').fill('2099-06-30');
    await admin.getByTestId('face-lora-sd15').setInputFiles({ name: 'lan-sd15.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(makeDemoLoraSafetensors({ name: 'lan', baseModel: 'sd15', seed: 31 })) });
    await admin.getByTestId('face-lora-sdxl').setInputFiles({ name: 'lan-sdxl.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(makeDemoLoraSafetensors({ name: 'lan', baseModel: 'sdxl', seed: 32 })) });
    const photos = [
      ...(await Promise.all([0, 1, 2].map(async (n) => ({ name: `lan-${n + 1}.png`, mimeType: 'image/png', buffer: await makePngBytes({ width: 160 + n, height: 200 }) })))),
      { name: 'lan-4.jpg', mimeType: 'image/jpeg', buffer: await makeJpegBytes({ width: 160, height: 200 }) },
    ];
    await admin.getByTestId('face-photos').setInputFiles(photos);
    await admin.getByTestId('add-face-submit').click();
    await expectPoll(async () => (await admin.getByTestId('faces-message').textContent({ timeout: 100 }).catch(() => null)) ?? '', { timeout: 30_000 }).toBe('Lan is added. Their previews can be requested now.');
    const faceRow = admin.locator('[data-testid="face-row"]', { hasText: 'Lan' });
    await expectPoll(() => faceRow.locator('img.face-photo').evaluateAll((imgs) => imgs.filter((img) => (img as HTMLImageElement).naturalWidth > 0).length), { timeout: 10_000 }).toBe(3);
    expect(await faceRow.textContent()).toContain('+1');
    expect(await one(`SELECT name, active, (SELECT count(*)::int FROM preview_subject_photos) AS photos, (SELECT string_agg(base_model, ',' ORDER BY base_model) FROM preview_subject_identity_loras) AS loras FROM preview_subjects`)).toEqual({
      name: 'Lan',
      active: true,
      photos: 4,
      loras: 'sd15,sdxl',
    });
    await shotInChinese(admin, '03-faces-zh', '预览人脸');

    // 3. A style LoRA for the designer's template, and a worker token a real draft worker process uses.
    await admin.getByTestId('admin-nav-admin-loras').click();
    await admin.getByTestId('lora-file').setInputFiles({ name: 'golden.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(makeDemoLoraSafetensors({ name: 'golden', baseModel: 'sdxl', seed: 3 })) });
    await admin.getByTestId('lora-name').fill('Golden Film');
    await admin.getByTestId('lora-trigger-words').fill('goldfilm');
    await admin.getByTestId('register-lora-submit').click();
    await admin.getByTestId('lora-registered').waitFor({ timeout: 15_000 });
    const lora = await one<{ id: string }>(`SELECT id FROM loras WHERE name = 'Golden Film'`);

    // The category list designers pick from, in both languages.
    await admin.getByTestId('admin-nav-admin-categories').click();
    await admin.getByTestId('category-name').fill('Festival');
    await admin.getByTestId('category-name-zh').fill('节日');
    await admin.getByTestId('create-category-submit').click();
    await admin.locator('[data-testid="category-row"][data-key="festival"]').waitFor();
    await shotInChinese(admin, '04a-categories-zh', '全部分类');

    await admin.getByTestId('admin-nav-admin-worker-tokens').click();
    await admin.getByTestId('worker-token-name').fill('cpu-draft-1');
    await admin.getByTestId('issue-worker-token-submit').click();
    const workerToken = (await admin.getByTestId('secret-value').textContent())!;
    expect(workerToken).toMatch(/^wkr_/);
    await shotInChinese(admin, '04-worker-token-zh', '新的 Worker 令牌');
    worker = await startProcess(['apps/worker/dist/main.js', '--api', url, '--backend', 'draft', '--lease-wait', '1'], { WORKER_TOKEN: workerToken }, 'leasing from', 30_000);
    await admin.getByTestId('admin-nav-admin-workers').click();
    await admin.locator('[data-testid="worker-row"][data-status="ONLINE"]', { hasText: 'cpu-draft-1' }).waitFor({ timeout: 15_000 });
    await shotInChinese(admin, '05-workers-zh', 'Worker 与队列');

    // 4. The designer creates a template, gives it a pose, a prompt and the style LoRA, previews it on Lan and submits.
    await designer.getByTestId('new-template').click();
    await designer.getByTestId('template-title-input').fill('Lantern Festival Portrait');
    await designer.getByTestId('template-description-input').fill('Red lanterns and warm rim light.');
    await designer.getByTestId('template-category-input').selectOption('festival');
    await designer.getByTestId('create-template-submit').click();
    await designer.locator('[data-testid="editor-canvas"] canvas').first().waitFor();
    const templateId = (await designer.getByTestId('editor').getAttribute('data-template-id'))!;
    const draft = () => one<{ id: string; spec: { pose: { keypoints: unknown[] } | null; prompt: { positive: string }; styleLoras: Array<{ loraId: string }> } }>(
      `SELECT id, spec FROM template_versions WHERE template_id = $1 AND state = 'DRAFT' ORDER BY number DESC LIMIT 1`,
      [templateId],
    );
    const poseBefore = JSON.stringify((await draft()).spec.pose);
    await designer.getByTestId('pose-preset-hand-on-hip').click();
    const prompt = 'portrait of a {gender}, {age} years old, red lanterns at night, warm rim light';
    await designer.getByTestId('prompt-positive').fill(prompt);
    await designer.getByTestId('lora-search').fill('golden');
    await designer.getByTestId('lora-option').click();
    await expectPoll(
      async () => {
        const { spec } = await draft();
        return { pose: JSON.stringify(spec.pose) !== poseBefore, prompt: spec.prompt.positive, lora: spec.styleLoras.some((l) => l.loraId === lora.id) };
      },
      { timeout: 10_000 },
    ).toEqual({ pose: true, prompt, lora: true });
    await expectPoll(() => designer.getByTestId('save-status').getAttribute('data-state')).toBe('saved');

    await designer.getByTestId('request-previews').click();
    await expectPoll(() => designer.getByTestId('preview-tile').count()).toBeGreaterThan(0);
    await expectPoll(() => designer.getByTestId('preview-tile').evaluateAll((tiles) => tiles.every((tile) => (tile as HTMLElement).dataset['state'] === 'SUCCEEDED')), { timeout: 60_000, interval: 250 }).toBe(true);
    await expectPoll(() => designer.getByTestId('preview-thumbnail').evaluateAll((images) => images.length > 0 && images.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)), { timeout: 10_000 })
      .toBe(true);
    await shotInChinese(designer, '06-editor-zh', '提交审核');

    const versionId = (await draft()).id;
    await designer.getByTestId('submit-for-review').click();
    await designer.getByTestId('version-submitted-page').waitFor({ timeout: 10_000 });
    expect(await one(`SELECT state FROM template_versions WHERE id = $1`, [versionId])).toEqual({ state: 'SUBMITTED' });

    // 5. The reviewer scores Lan at the bar or above and approves.
    await reviewer.getByTestId('nav-reviews').click();
    await reviewer.locator(`[data-testid="review-queue-row"][data-version-id="${versionId}"] [data-testid="review-queue-open"]`).click();
    await reviewer.locator(`[data-testid="review-page"][data-version-id="${versionId}"][data-state="SUBMITTED"]`).waitFor();
    await reviewer.getByTestId('review-canvas').locator('canvas').first().waitFor();
    const faces = reviewer.getByTestId('score-inputs');
    expect(await faces.count()).toBe(1);
    await faces.getByTestId('score-real').fill('93');
    await faces.getByTestId('score-like').fill('91');
    await faces.getByTestId('score-beautiful').fill('95');
    await expectPoll(() => reviewer.getByTestId('review-rule-approve').getAttribute('data-met')).toBe('true');
    await shotInChinese(reviewer, '07-review-zh', '审核结论');
    await reviewer.getByTestId('review-decide-APPROVE').click();
    await reviewer.getByTestId('review-confirm-ok').click();
    await reviewer.locator('[data-testid="review-flash"][data-decision="APPROVE"]').waitFor();
    expect(await one(`SELECT state FROM template_versions WHERE id = $1`, [versionId])).toEqual({ state: 'APPROVED' });

    // 6. The designer sees the approval and publishes from the version history.
    await designer.reload();
    await designer.locator('[data-testid="version-decision-page"][data-state="APPROVED"]').waitFor();
    await shotInChinese(designer, '08-approved-zh', '版本历史');
    await designer.getByTestId('version-decision-history').click();
    await designer.getByTestId('history-page').waitFor();
    await designer.locator(`[data-testid="history-version"][data-version-id="${versionId}"] [data-testid="history-publish"]`).click();
    await designer.getByTestId('history-confirm').getByTestId('confirm-submit').click();
    await designer.getByTestId('history-outcome').waitFor();
    await expectPoll(() => designer.getByTestId('history-live').getAttribute('data-live-version')).toBe('1');
    await shotInChinese(designer, '09-published-zh', '版本历史');
    await designer.getByTestId('nav-catalog').click();
    await designer.locator(`[data-testid="catalog-card"][data-template-id="${templateId}"]`).waitFor();
    await shotInChinese(designer, '10-catalog-zh', '模板目录');

    // 7. The admin creates a catalog key on its page; the consumer app's query finds the approved version.
    await admin.getByTestId('admin-nav-admin-api-keys').click();
    await admin.getByTestId('api-key-name').fill('Miaoya Camera (catalog)');
    await admin.getByTestId('create-api-key-submit').click();
    const apiKey = (await admin.getByTestId('secret-value').textContent())!;
    await shotInChinese(admin, '11-api-key-zh', '新的 API 密钥');
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ query: `{ catalog(first: 20) { edges { node { id title description category publishedVersion { id number previews { url } } } } } templateCategories { key name nameZh } }` }),
    });
    const body = (await res.json()) as { data: { catalog: { edges: Array<{ node: { id: string; title: string; description: string; category: string | null; publishedVersion: { id: string; number: number; previews: unknown[] } } }> }; templateCategories: unknown[] }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const entries = body.data.catalog.edges.map((e) => e.node);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: templateId, title: 'Lantern Festival Portrait', description: 'Red lanterns and warm rim light.', category: 'festival', publishedVersion: { id: versionId, number: 1 } });
    expect(body.data.templateCategories).toEqual([{ key: 'festival', name: 'Festival', nameZh: '节日' }]);
    expect(entries[0]!.publishedVersion.previews.length).toBeGreaterThan(0);

    expect(browserErrors).toEqual([]);
    expectLabelled(api!.output(), api!.output()).not.toMatch(/\bERROR\b|"level":(50|60)/);
    expectLabelled(worker!.output(), worker!.output()).not.toMatch(/failed|refused/);
  }, 180_000);
});
