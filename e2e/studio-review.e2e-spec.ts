import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, submitWithPreviews, type TestUser } from '../apps/api/test/factories/factories.js';
import { launchChromium, signInStudio } from './lib/studio-browser.js';
import { expectPoll } from '../testing/poll.js';

interface StoredComment {
  body: string;
  previewJobId: string | null;
  x: number | null;
  y: number | null;
}

// Review in Chromium against the real API: a reviewer finds a submitted version in the queue,
// scores every subject, pins one comment on a preview and one on the canvas and requests changes;
// the designer sees the decision and both pins, starts version 2, and the reviewer approves that.
describe('studio review in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let designer: TestUser;
  let reviewer: TestUser;
  const password = 'review-password-1';
  const contexts: BrowserContext[] = [];
  const shot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `atelier-studio-review-${name}.png`), fullPage: true });

  async function signIn(user: TestUser, locale: 'en' | 'zh-CN' = 'en'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await signInStudio(page, t.url, user.email, password);
    if (locale !== 'en') await page.getByTestId(`locale-${locale}`).click();
    return page;
  }

  async function waitForImages(page: Page, testId: string) {
    await expectPoll(() => page.getByTestId(testId).evaluateAll((images) => images.length > 0 && images.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)), { timeout: 10_000 })
      .toBe(true);
  }

  async function scoreEverySubject(page: Page, value: (subjectIndex: number) => [number, number, number]) {
    const subjects = page.getByTestId('score-inputs');
    const count = await subjects.count();
    for (let i = 0; i < count; i++) {
      const [real, like, beautiful] = value(i);
      await subjects.nth(i).getByTestId('score-real').fill(String(real));
      await subjects.nth(i).getByTestId('score-like').fill(String(like));
      await subjects.nth(i).getByTestId('score-beautiful').fill(String(beautiful));
    }
    return count;
  }

  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: process.env['STUDIO_DIST'] ?? 'apps/studio/dist' });
    const admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER'], password);
    reviewer = await createUser(t, ['REVIEWER'], password);
    await createPreviewSubject(t, admin, 'Mei');
    await createPreviewSubject(t, admin, 'Jun');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('requests changes with a preview pin and a canvas pin, the designer sees them, and version 2 is approved', async () => {
    const template = await createTemplate(t, designer, { title: 'Window Light Portrait' });
    const v1 = template.draft.id as string;
    const submitted = await submitWithPreviews(t, designer, v1);
    expect(submitted.errors).toBeUndefined();

    // The reviewer finds it in the queue.
    const review = await signIn(reviewer);
    await review.getByTestId('nav-reviews').click();
    const row = review.locator(`[data-testid="review-queue-row"][data-version-id="${v1}"]`);
    await expectPoll(() => row.locator('[data-testid="review-queue-open"]').textContent()).toBe('Window Light Portrait');
    await shot(review, 'en-01-queue');
    await row.getByTestId('review-queue-open').click();
    await review.locator('[data-testid="review-page"][data-state="SUBMITTED"]').waitFor();
    await review.getByTestId('review-canvas').locator('canvas').first().waitFor();
    await waitForImages(review, 'review-preview-image');
    expect(await review.getByTestId('review-subject').count()).toBe(2);

    // Nothing scored: approving is blocked and says why before any request.
    await expectPoll(() => review.getByTestId('review-decide-APPROVE').isDisabled()).toBe(true);
    await expectPoll(() => review.getByTestId('review-decide-REQUEST_CHANGES').isDisabled()).toBe(true);
    expect(await review.getByTestId('review-rule-approve').textContent()).toContain('Score Jun');

    expect(await scoreEverySubject(review, (i) => (i === 0 ? [84, 91, 88] : [93, 79, 90]))).toBe(2);
    expect(await review.getByTestId('score-average').first().textContent()).toContain('87.7');

    // A pin on the first preview, 30% across and 40% down the image.
    const image = review.getByTestId('review-preview-image').first();
    const previewJobId = await review.getByTestId('review-preview').first().getAttribute('data-job-id');
    const box = (await image.boundingBox())!;
    await image.click({ position: { x: box.width * 0.3, y: box.height * 0.4 } });
    await expectPoll(() => review.getByTestId('review-comment').count()).toBe(1);
    await review.getByTestId('review-comment-body').nth(0).fill('The skin looks waxy here; lower the CFG.');
    expect(await review.getByTestId('image-pin').count()).toBe(1);

    // A pin on the canvas, near the artboard's top-left corner (clear of the subject frame and pose).
    const canvas = review.getByTestId('editor-canvas');
    const [zoom, panX, panY] = await Promise.all(['data-zoom', 'data-pan-x', 'data-pan-y'].map(async (name) => Number(await canvas.getAttribute(name))));
    const width = Number(await canvas.getAttribute('data-canvas-width'));
    const height = Number(await canvas.getAttribute('data-canvas-height'));
    await canvas.click({ position: { x: panX! + width * 0.06 * zoom!, y: panY! + height * 0.05 * zoom! } });
    await expectPoll(() => review.getByTestId('review-comment').count()).toBe(2);
    await expectPoll(() => review.getByTestId('review-canvas').getAttribute('data-pin-count')).toBe('1');
    await review.getByTestId('review-comment-body').nth(1).fill('Move the key light further to camera left.');
    await expectPoll(() => review.getByTestId('review-decide-REQUEST_CHANGES').isDisabled()).toBe(false);
    // Mei's real is 84: below the bar, so approving stays blocked.
    expect(await review.getByTestId('review-decide-APPROVE').isDisabled()).toBe(true);
    expect(await review.getByTestId('review-rule-approve').textContent()).toContain('below 90');
    await shot(review, 'en-02-review');
    await review.getByTestId('locale-zh-CN').click();
    await expectPoll(() => review.getByTestId('review-decide-REQUEST_CHANGES').textContent()).toBe('退回修改');
    await shot(review, 'zh-02-review');
    await review.getByTestId('locale-en').click();

    await review.getByTestId('review-decide-REQUEST_CHANGES').click();
    await review.getByTestId('review-confirm').waitFor();
    await shot(review, 'en-03-confirm');
    await review.getByTestId('review-confirm-ok').click();
    await review.locator('[data-testid="review-flash"][data-decision="REQUEST_CHANGES"]').waitFor();
    await expectPoll(() => review.locator(`[data-testid="review-queue-row"][data-version-id="${v1}"]`).count()).toBe(0);
    await shot(review, 'en-04-queue-after');

    // PostgreSQL has the review, both pins and both scores.
    const stored = await t.sql.query(`SELECT id, decision, reviewer_id, comments FROM reviews WHERE version_id = $1`, [v1]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]).toMatchObject({ decision: 'REQUEST_CHANGES', reviewer_id: reviewer.id });
    const comments = stored.rows[0].comments as StoredComment[];
    expect(comments).toHaveLength(2);
    expect(comments[0]).toMatchObject({ body: 'The skin looks waxy here; lower the CFG.', previewJobId });
    expect(comments[0]!.x).toBeCloseTo(0.3, 1);
    expect(comments[0]!.y).toBeCloseTo(0.4, 1);
    expect(comments[1]).toMatchObject({ body: 'Move the key light further to camera left.', previewJobId: null });
    expect(comments[1]!.x).toBeCloseTo(0.06, 1);
    expect(comments[1]!.y).toBeCloseTo(0.05, 1);
    const scores = await t.sql.query(`SELECT real, "like", beautiful FROM review_scores WHERE review_id = $1 ORDER BY real`, [stored.rows[0].id]);
    expect(scores.rows).toEqual([
      { real: 84, like: 91, beautiful: 88 },
      { real: 93, like: 79, beautiful: 90 },
    ]);
    expect((await t.sql.query(`SELECT state FROM template_versions WHERE id = $1`, [v1])).rows[0].state).toBe('CHANGES_REQUESTED');

    // The designer sees the decision, the comments and both pins, and starts version 2.
    const design = await signIn(designer);
    await design.locator(`[data-testid="template-row"][data-template-id="${template.id}"] [data-testid="open-template"]`).click();
    await design.locator('[data-testid="version-decision-page"][data-state="CHANGES_REQUESTED"]').waitFor();
    await design.locator('[data-testid="review-feedback"][data-decision="REQUEST_CHANGES"]').waitFor();
    await expectPoll(() => design.getByTestId('review-feedback-comment').count()).toBe(2);
    await expectPoll(() => design.getByTestId('review-canvas').getAttribute('data-pin-count')).toBe('1');
    await waitForImages(design, 'review-preview-image');
    expect(await design.getByTestId('image-pin').count()).toBe(1);
    expect(await design.getByTestId('review-feedback-scores').textContent()).toContain('84');
    // Who decided, by name (Review.reviewer).
    expect(await design.getByTestId('review-feedback-reviewer').textContent()).toContain(`Reviewed by ${reviewer.email.split('@')[0]}`);
    await shot(design, 'en-05-designer-decision');
    await design.getByTestId('locale-zh-CN').click();
    await expectPoll(() => design.getByTestId('review-feedback-decision').textContent()).toBe('需修改');
    await shot(design, 'zh-05-designer-decision');
    await design.getByTestId('locale-en').click();

    await design.getByTestId('start-next-draft').click();
    await design.getByTestId('editor').waitFor();
    const draft = await t.sql.query(`SELECT id, number, spec_hash FROM template_versions WHERE template_id = $1 AND state = 'DRAFT'`, [template.id]);
    expect(draft.rows).toHaveLength(1);
    expect(draft.rows[0].number).toBe(2);
    // In the editor: the decision above the previews, the canvas pin drawn, hidden with the toggle.
    const feedback = design.locator('[data-testid="review-feedback"][data-decision="REQUEST_CHANGES"]');
    await feedback.waitFor();
    expect(await feedback.getAttribute('data-canvas-pin-count')).toBe('1');
    await design.getByTestId('review-feedback-toggle').click();
    await expectPoll(() => design.getByTestId('review-feedback-comment').count()).toBe(2);
    await waitForImages(design, 'review-preview-image');
    await shot(design, 'en-06-editor-feedback');
    await design.getByTestId('review-feedback-pins-toggle').uncheck();
    await expectPoll(() => feedback.getAttribute('data-canvas-pin-count')).toBe('0');
    expect(await design.getByTestId('image-pin').count()).toBe(0);
    await design.getByTestId('review-feedback-pins-toggle').check();

    // Version 2 goes to review and the reviewer approves it: every subject scored at 90 or above.
    const v2 = draft.rows[0].id as string;
    expect((await submitWithPreviews(t, designer, v2)).errors).toBeUndefined();
    await review.getByTestId('review-queue-refresh').click();
    await review.locator(`[data-testid="review-queue-row"][data-version-id="${v2}"] [data-testid="review-queue-open"]`).click();
    await review.locator(`[data-testid="review-page"][data-version-id="${v2}"][data-state="SUBMITTED"]`).waitFor();
    await waitForImages(review, 'review-preview-image');
    await scoreEverySubject(review, () => [95, 92, 90]);
    await expectPoll(() => review.getByTestId('review-rule-approve').getAttribute('data-met')).toBe('true');
    await review.getByTestId('review-decide-APPROVE').click();
    await review.getByTestId('review-confirm-ok').click();
    await review.locator('[data-testid="review-flash"][data-decision="APPROVE"]').waitFor();
    await review.getByTestId('review-queue-empty').waitFor();
    await shot(review, 'en-07-queue-empty');
    await review.getByTestId('locale-zh-CN').click();
    await shot(review, 'zh-07-queue-empty');
    expect((await t.sql.query(`SELECT state FROM template_versions WHERE id = $1`, [v2])).rows[0].state).toBe('APPROVED');

    // The designer's editor page now says version 2 is approved and how to publish it.
    await design.reload();
    await design.locator('[data-testid="version-decision-page"][data-state="APPROVED"]').waitFor();
    await design.locator('[data-testid="review-feedback"][data-decision="APPROVE"][data-version-number="2"]').waitFor();
    await shot(design, 'en-08-designer-approved');
  }, 240_000);
});
