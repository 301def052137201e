import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, postV1, submitWithPreviews, type TestUser } from '../apps/api/test/factories/factories.js';
import { launchChromium, signInStudio } from './lib/studio-browser.js';
import { startDraftWorker } from './lib/draft-worker.js';
import { expectPoll } from '../testing/poll.js';

// Queue actions where people work, in Chromium against the real API, PostgreSQL and S3 server, with
// the real draft worker's lease loop: a designer cancels a queued preview and renders a failed one
// again from the editor's gallery; a reviewer asks for a review-priority re-render of a submitted
// version from the review page and watches the new previews arrive.
describe('studio queue actions in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: TestUser;
  let designer: TestUser;
  let reviewer: TestUser;
  let workerToken: string;
  const password = 'queue-actions-password-1';
  const contexts: BrowserContext[] = [];

  const shot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `atelier-studio-queue-actions-${name}.png`), fullPage: true });

  async function signIn(user: TestUser): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await signInStudio(page, t.url, user.email, password);
    return page;
  }

  const tileStates = (page: Page) => page.getByTestId('preview-tile').evaluateAll((tiles) => tiles.map((tile) => (tile as HTMLElement).dataset['state']));
  const tile = (page: Page, jobId: string) => page.locator(`[data-testid="preview-tile"][data-job-id="${jobId}"]`);
  const jobState = async (jobId: string) => (await t.sql.query(`SELECT state FROM preview_jobs WHERE id = $1`, [jobId])).rows[0].state as string;

  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: process.env['STUDIO_DIST'] ?? 'apps/studio/dist' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER'], password);
    reviewer = await createUser(t, ['REVIEWER'], password);
    await createPreviewSubject(t, admin, 'Mei');
    await createPreviewSubject(t, admin, 'Jun');
    const issued = await t.gql(`mutation { issueWorkerToken(name: "queue-actions-e2e") { token } }`, {}, admin);
    expect(issued.errors).toBeUndefined();
    workerToken = issued.data!['issueWorkerToken'].token;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('lets the designer cancel a queued preview and render a failed one again from the gallery', async () => {
    const template = await createTemplate(t, designer, { title: 'Queue Actions Portrait', spec: makeTemplateSpec({ canvas: { width: 832, height: 1152 } }) });
    const page = await signIn(designer);
    await page.locator(`[data-testid="template-row"][data-template-id="${template.id}"] [data-testid="open-template"]`).click();
    await page.locator('[data-testid="editor-canvas"] canvas').first().waitFor();
    await expectPoll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');

    // No worker yet: six previews wait in the queue, each with Cancel (two faces x two seeds at the
    // likeness default, and each face's first seed again at the max).
    await page.getByTestId('request-previews').click();
    await expectPoll(() => page.getByTestId('preview-tile').count()).toBe(6);
    expect(await tileStates(page)).toEqual(['QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', 'QUEUED']);
    expect(await page.getByTestId('preview-cancel').count()).toBe(6);
    const jobIds = await page.getByTestId('preview-tile').evaluateAll((tiles) => tiles.map((el) => (el as HTMLElement).dataset['jobId']!));

    // Cancel the first one.
    const cancelled = jobIds[0]!;
    const cancel = tile(page, cancelled).getByTestId('preview-cancel');
    expect(await cancel.getAttribute('aria-label')).toMatch(/^Cancel the preview of (Mei|Jun), seed \d+$/);
    await cancel.click();
    await expectPoll(() => tile(page, cancelled).getAttribute('data-state')).toBe('CANCELLED');
    expect(await tile(page, cancelled).textContent()).toContain('Cancelled');
    expect(await jobState(cancelled)).toBe('CANCELLED');
    await tile(page, cancelled).getByTestId('preview-retry').waitFor();

    // A GPU box takes one of the others and fails it for good (as a ComfyUI error would); the tile says so live.
    await postV1(t, workerToken, 'workers/heartbeat', { backend: t.config.previews.backend, baseModels: ['sdxl', 'sd15'] });
    const lease = await postV1(t, workerToken, 'jobs/lease?wait=0', {});
    expect(lease.status).toBe(200);
    const failed = lease.body.job.id as string;
    expect(failed).not.toBe(cancelled);
    const report = await postV1(t, workerToken, `jobs/${failed}/fail`, { leaseId: lease.body.leaseId, retryable: false, error: 'Node 7 (LoraLoader): lora_name not found' });
    expect(report.body).toMatchObject({ state: 'FAILED' });
    await expectPoll(() => tile(page, failed).getAttribute('data-state'), { timeout: 10_000 }).toBe('FAILED');
    expect(await tile(page, failed).getByTestId('preview-error').textContent()).toBe('Node 7 (LoraLoader): lora_name not found');
    await shot(page, 'en-01-gallery-cancelled-and-failed');

    // Render it again: back in the queue, then rendered by the worker with the rest.
    await tile(page, failed).getByTestId('preview-retry').click();
    await expectPoll(() => tile(page, failed).getAttribute('data-state')).toBe('QUEUED');
    expect(await jobState(failed)).toBe('QUEUED');
    expect(await tile(page, failed).getByTestId('preview-error').count()).toBe(0);
    const stopWorker = startDraftWorker(t.url, workerToken);
    try {
      await expectPoll(() => tile(page, failed).getAttribute('data-state'), { timeout: 30_000, interval: 200 }).toBe('SUCCEEDED');
      await expectPoll(() => tileStates(page), { timeout: 30_000, interval: 200 }).toEqual(jobIds.map((id) => (id === cancelled ? 'CANCELLED' : 'SUCCEEDED')));
    } finally {
      await stopWorker();
    }
    // The cancelled one stays cancelled until asked for again.
    expect(await jobState(cancelled)).toBe('CANCELLED');
    expect(await page.getByTestId('preview-summary').textContent()).toBe('5 of 6 ready');
    const audit = await t.sql.query(`SELECT action FROM audit_log WHERE entity_id = ANY($1) AND actor_id = $2 ORDER BY created_at`, [[cancelled, failed], designer.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['preview_job.cancel', 'preview_job.retry']);
    await shot(page, 'en-02-gallery-rendered-again');

    // In Chinese, the cancelled tile offers to render it again.
    await page.getByTestId('locale-zh-CN').click();
    await expectPoll(() => tile(page, cancelled).getByTestId('preview-retry').textContent()).toBe('重新渲染');
    await shot(page, 'zh-02-gallery-rendered-again');
    await page.getByTestId('locale-en').click();
  }, 180_000);

  it('lets a reviewer ask for a re-render at review priority from the review page and see the new previews arrive', async () => {
    const template = await createTemplate(t, designer, { title: 'Review Re-render', spec: makeTemplateSpec({ canvas: { width: 896, height: 1152 } }) });
    const versionId = template.draft.id as string;
    expect((await submitWithPreviews(t, designer, versionId)).errors).toBeUndefined();

    const review = await signIn(reviewer);
    await review.goto(`${t.url}/#/reviews/${versionId}`);
    await review.locator('[data-testid="review-page"][data-state="SUBMITTED"]').waitFor();
    await expectPoll(() => review.getByTestId('review-preview').count()).toBe(4);
    const panel = review.getByTestId('review-rerender');
    expect(await panel.textContent()).toContain('Renders every face again on a new seed');

    // No worker running: the re-render waits in the queue, at review priority, shown among the faces.
    // One new seed per face at both likeness ends (the max is above the default): 2 faces x 2 = 4 jobs.
    await review.getByTestId('review-rerender-ask').click();
    await expectPoll(() => review.getByTestId('review-rerender-status').textContent()).toBe('Re-rendering at review priority: 0 of 4 ready');
    expect(await review.getByTestId('review-rerender-ask').isDisabled()).toBe(true);
    const batches = await t.sql.query(`SELECT b.priority, count(j.*)::int AS jobs FROM preview_batches b JOIN preview_jobs j ON j.batch_id = b.id WHERE b.version_id = $1 AND b.requested_by = $2 GROUP BY b.id`, [versionId, reviewer.id]);
    expect(batches.rows).toEqual([{ priority: 'REVIEW', jobs: 4 }]);
    await expectPoll(() => review.locator('[data-testid="review-preview"][data-state="QUEUED"]').count()).toBe(4);
    // Each face's max render stands beside its default ones.
    await expectPoll(() => review.locator('[data-testid="review-likeness-end"][data-end="MAX"]').count()).toBe(2);
    await shot(review, 'en-03-review-rerender-queued');

    const stopWorker = startDraftWorker(t.url, workerToken);
    try {
      await expectPoll(() => review.getByTestId('review-rerender-status').textContent(), { timeout: 30_000, interval: 200 }).toBe(
        'Re-render finished: 4 of 4 ready; the new previews are with each face below',
      );
    } finally {
      await stopWorker();
    }
    await expectPoll(() => review.locator('[data-testid="review-preview"][data-state="SUCCEEDED"]').count(), { timeout: 10_000 }).toBe(8);
    await expectPoll(
      () => review.getByTestId('review-preview-image').evaluateAll((images) => images.length === 8 && images.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)),
      { timeout: 10_000 },
    ).toBe(true);
    expect(await review.getByTestId('review-rerender-ask').isDisabled()).toBe(false);
    await shot(review, 'en-04-review-rerender-done');
    await review.getByTestId('locale-zh-CN').click();
    await expectPoll(() => review.getByTestId('review-rerender-status').textContent()).toBe('重新渲染完成：已完成 4/4，新的预览已显示在下方各模特中');
    await shot(review, 'zh-04-review-rerender-done');
  }, 180_000);
});
