import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, type TestUser } from '../apps/api/test/factories/factories.js';
import { launchChromium, signInStudio } from './lib/studio-browser.js';
import { startDraftWorker } from './lib/draft-worker.js';
import { expectPoll } from '../testing/poll.js';

// The editor's Preview and "Submit for review" in Chromium against the real API, PostgreSQL and S3
// server, with the real draft worker's lease loop rendering in this process: tiles follow the jobs
// live over graphql-ws from queued to their image, a repeat is answered from the cache, and submitting
// needs a preview of the exact spec on every consenting face.
describe('studio previews and submit in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: TestUser;
  let designer: TestUser;
  let workerToken: string;
  const password = 'previews-password-1';

  const shot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `atelier-studio-previews-${name}.png`) });

  async function openEditor(context: BrowserContext, templateId: string): Promise<Page> {
    const page = await context.newPage();
    await signInStudio(page, t.url, designer.email, password);
    await page.locator(`[data-testid="template-row"][data-template-id="${templateId}"] [data-testid="open-template"]`).click();
    await page.locator('[data-testid="editor-canvas"] canvas').first().waitFor();
    await expectPoll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');
    return page;
  }


  const tileStates = (page: Page) => page.getByTestId('preview-tile').evaluateAll((tiles) => tiles.map((tile) => (tile as HTMLElement).dataset['state']));

  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: 'apps/studio/dist' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER'], password);
    await createPreviewSubject(t, admin, 'Mei');
    await createPreviewSubject(t, admin, 'Jun');
    const issued = await t.gql(`mutation { issueWorkerToken(name: "draft-e2e") { token } }`, {}, admin);
    expect(issued.errors).toBeUndefined();
    workerToken = issued.data!['issueWorkerToken'].token;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('explains that every face needs a preview when the draft is submitted before rendering any', async () => {
    const template = await createTemplate(t, designer, { title: 'Submitted Too Soon' });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await openEditor(context, template.id);

    await page.getByTestId('submit-for-review').click();
    const notice = page.getByTestId('previews-missing');
    await notice.waitFor();
    const text = await notice.textContent();
    expect(text).toContain('Render previews before submitting');
    expect(text).toMatch(/Still missing: (Mei and Jun|Jun and Mei)\./);
    await shot(page, 'missing');

    const rows = await t.sql.query(`SELECT state FROM template_versions WHERE id = $1`, [template.draft.id]);
    expect(rows.rows[0].state).toBe('DRAFT');

    // "Render previews" right there starts them and clears the explanation.
    await page.getByTestId('previews-missing-render').click();
    // Two faces x (two seeds at the likeness default + the first again at the max): the default spec's max (1.2) is above its default (0.9).
    await expectPoll(() => page.getByTestId('preview-tile').count()).toBe(6);
    expect(await notice.count()).toBe(0);
    await context.close();
  });

  it('shows the tiles go from queued to their images live, opens one, answers a repeat from the cache, and submits', async () => {
    // Its own spec, so nothing the first test queued can answer these jobs from the cache.
    const template = await createTemplate(t, designer, { title: 'Window Light Portrait', spec: makeTemplateSpec({ canvas: { width: 768, height: 1024 } }) });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await openEditor(context, template.id);

    // No worker yet: every job waits in the queue with its position. Each face renders two seeds at the
    // likeness default and the first again at the max (one more job per face), marked on its tile.
    await page.getByTestId('request-previews').click();
    await expectPoll(() => page.getByTestId('preview-tile').count()).toBe(6);
    expect(await tileStates(page)).toEqual(['QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', 'QUEUED']);
    const names = await page.locator('[data-testid="preview-tile"] .preview-tile-name').allTextContents();
    expect([...names].sort()).toEqual(['Jun', 'Jun', 'Jun', 'Mei', 'Mei', 'Mei']);
    expect(await page.getByTestId('preview-likeness-max').allTextContents()).toEqual(['Max likeness 1.2', 'Max likeness 1.2']);
    expect(await page.getByTestId('preview-tile').first().textContent()).toMatch(/Queued/);
    await shot(page, 'queued');

    const stopWorker = startDraftWorker(t.url, workerToken);
    try {
      await expectPoll(() => tileStates(page), { timeout: 30_000, interval: 200 }).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    } finally {
      const summary = await stopWorker();
      // The first test's jobs (another spec) are rendered by the same worker too.
      expect(summary.succeeded).toBeGreaterThanOrEqual(6);
    }
    // Updates came over the socket, not the polling fallback.
    expect(await page.getByText('refreshing every 2 seconds').count()).toBe(0);
    // Each thumbnail really loads from storage.
    await expectPoll(() => page.getByTestId('preview-thumbnail').evaluateAll((images) => images.map((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)), { timeout: 10_000 })
      .toEqual([true, true, true, true, true, true]);
    expect(await page.getByTestId('preview-cached').count()).toBe(0);
    expect(await page.getByTestId('preview-summary').textContent()).toBe('6 of 6 ready');
    await shot(page, 'done');

    // A tile opens the full image.
    await page.getByTestId('preview-open').first().click();
    const full = page.getByTestId('preview-full-image');
    await expectPoll(() => full.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await shot(page, 'lightbox');
    await page.getByTestId('preview-lightbox-close').click();
    expect(await page.getByTestId('preview-lightbox').count()).toBe(0);

    // The same spec again: answered from the cache at once, no worker running.
    await page.getByTestId('request-previews').click();
    await expectPoll(() => page.getByTestId('preview-cached').count(), { timeout: 10_000 }).toBe(6);
    expect(await tileStates(page)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    await shot(page, 'cached');

    await page.getByTestId('submit-for-review').click();
    const submitted = page.getByTestId('version-submitted-page');
    await submitted.waitFor({ timeout: 10_000 });
    expect(await submitted.textContent()).toContain('Version 1 is waiting for review');
    await shot(page, 'submitted');
    const rows = await t.sql.query(`SELECT state, submitted_at FROM template_versions WHERE id = $1`, [template.draft.id]);
    expect(rows.rows[0].state).toBe('SUBMITTED');
    expect(rows.rows[0].submitted_at).not.toBeNull();
    await context.close();
  });
});
