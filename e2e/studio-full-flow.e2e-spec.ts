import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createCategory, createLora, createPreviewSubject, createUser, type TestUser } from '../apps/api/test/factories/factories.js';
import { canvasToScreen, dragOnCanvas, launchChromium, signInStudio } from './lib/studio-browser.js';
import { startDraftWorker } from './lib/draft-worker.js';
import { expectPoll } from '../testing/poll.js';

interface StoredSpec {
  canvas: { width: number; height: number };
  pose: { keypoints: Array<[number, number] | null> } | null;
  lighting: { lights: Array<{ x: number; y: number }> };
  styleLoras: Array<{ loraId: string; weight: number }>;
}

const RIGHT_WRIST = 4;
// Kept after the run (git ignores test-output/): the key screens of the whole flow, for people to look at.
const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots', 'full-flow');

// The whole life of a template in Chromium against the real API, PostgreSQL, S3 server and draft
// worker: a designer creates it, poses it, lights it, picks a LoRA, renders previews and submits; a
// reviewer scores every face and approves; the designer publishes; a consumer app's API key finds it
// in the catalog, pinned to the approved version.
describe('studio: from a new template to the catalog', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: TestUser;
  let designer: TestUser;
  let reviewer: TestUser;
  let lora: { id: string };
  let workerToken: string;
  let apiKey: string;
  const password = 'full-flow-password-1';

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

  async function signIn(context: BrowserContext, user: TestUser): Promise<Page> {
    const page = await context.newPage();
    await signInStudio(page, t.url, user.email, password);
    return page;
  }

  async function draftOf(templateId: string): Promise<{ id: string; spec: StoredSpec }> {
    const rows = await t.sql.query(`SELECT id, spec FROM template_versions WHERE template_id = $1 AND state = 'DRAFT' ORDER BY number DESC LIMIT 1`, [templateId]);
    return rows.rows[0] as { id: string; spec: StoredSpec };
  }



  const near = (actual: number, expected: number) => Math.abs(actual - expected) < 0.012;


  async function catalogAsApp(): Promise<Array<{ id: string; title: string; description: string; category: string | null; tags: string[]; publishedVersion: { id: string; coverUrl: string | null; previews: Array<{ url: string }> } }>> {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ query: `{ catalog(first: 20) { edges { node { id title description category tags publishedVersion { id coverUrl previews { url } } } } } }` }),
    });
    const body = (await res.json()) as { data: { catalog: { edges: Array<{ node: any }> } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data.catalog.edges.map((e) => e.node);
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await startTestApp({ STUDIO_DIST: process.env['STUDIO_DIST'] ?? 'apps/studio/dist' });
    admin = await createUser(t, ['ADMIN'], password);
    designer = await createUser(t, ['DESIGNER'], password);
    reviewer = await createUser(t, ['REVIEWER'], password);
    await createPreviewSubject(t, admin, 'Mei');
    await createPreviewSubject(t, admin, 'Jun');
    await createCategory(t, admin, 'Portrait', '人像');
    await createCategory(t, admin, 'Outdoor', '户外');
    lora = await createLora(t, admin, { name: 'Soft Film', baseModel: 'SDXL', defaultWeight: 0.7, minWeight: 0, maxWeight: 1.2 });
    const issued = await t.gql(`mutation { issueWorkerToken(name: "full-flow") { token } }`, {}, admin);
    workerToken = issued.data!['issueWorkerToken'].token;
    const key = await t.gql(`mutation { createApiKey(input: { name: "Miaoya (test)", scopes: [CATALOG_READ] }) { key } }`, {}, admin);
    expect(key.errors).toBeUndefined();
    apiKey = key.data!['createApiKey'].key;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('designer creates, poses, lights, picks a LoRA, previews and submits; reviewer approves; designer publishes; the catalog has it', async () => {
    const designerContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await signIn(designerContext, designer);

    // Create.
    await page.getByTestId('new-template').click();
    await page.getByTestId('template-title-input').fill('Golden Hour Rooftop');
    await page.getByTestId('create-template-submit').click();
    // The new template opens in the editor.
    await page.locator('[data-testid="editor-canvas"] canvas').first().waitFor();
    expect(await page.getByTestId('editor-title').textContent()).toBe('Golden Hour Rooftop');
    const templateId = (await page.getByTestId('editor').getAttribute('data-template-id'))!;
    await expectPoll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');
    await shot(page, '01-editor-new');

    // Details: description, category and tags, which the submitted version takes.
    await page.getByTestId('editor-details').click();
    const details = page.getByTestId('template-details-dialog');
    await details.getByTestId('details-description').fill('Warm rooftop light at dusk.');
    await details.getByTestId('details-category').selectOption('outdoor');
    await details.getByTestId('details-tags').fill('golden hour, rooftop');
    await details.getByTestId('confirm-submit').click();
    await details.waitFor({ state: 'detached' });
    expect((await t.sql.query(`SELECT description, category, tags FROM templates WHERE id = $1`, [templateId])).rows[0]).toEqual({ description: 'Warm rooftop light at dusk.', category: 'outdoor', tags: ['golden hour', 'rooftop'] });

    // Pose and light: drag the right wrist and the key light; the saved spec has both.
    const before = (await draftOf(templateId)).spec;
    const wrist = before.pose!.keypoints[RIGHT_WRIST]!;
    const key = before.lighting.lights[0]!;
    const wristTarget = { x: 0.26, y: 0.58 };
    const lightTarget = { x: 0.15, y: 0.35 };
    await dragOnCanvas(page, { x: wrist[0], y: wrist[1] }, wristTarget, before.canvas);
    await dragOnCanvas(page, { x: key.x, y: key.y }, lightTarget, before.canvas);

    // A style LoRA from the registry.
    await page.getByTestId('lora-search').fill('soft');
    await expectPoll(() => page.getByTestId('lora-option').count()).toBe(1);
    await page.getByTestId('lora-option').click();
    await expectPoll(() => page.getByTestId('lora-row').getAttribute('data-lora-id')).toBe(lora.id);
    await expectPoll(
        async () => {
          const spec = (await draftOf(templateId)).spec;
          const [x, y] = spec.pose!.keypoints[RIGHT_WRIST]!;
          const light = spec.lighting.lights[0]!;
          return near(x, wristTarget.x) && near(y, wristTarget.y) && near(light.x, lightTarget.x) && near(light.y, lightTarget.y) && spec.styleLoras.some((l) => l.loraId === lora.id);
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    await shot(page, '02-editor-posed');

    // Previews rendered by the real draft worker arrive in the gallery.
    const stopWorker = startDraftWorker(t.url, workerToken);
    try {
      await page.getByTestId('request-previews').click();
      // Two faces x (two seeds at the likeness default + the first again at the max).
      await expectPoll(() => page.getByTestId('preview-tile').count()).toBe(6);
      await expectPoll(() => page.getByTestId('preview-tile').evaluateAll((tiles) => tiles.map((tile) => (tile as HTMLElement).dataset['state'])), { timeout: 30_000, interval: 200 })
        .toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    } finally {
      await stopWorker();
    }
    await expectPoll(() => page.getByTestId('preview-thumbnail').evaluateAll((images) => images.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)), { timeout: 10_000 })
      .toBe(true);
    await shot(page, '03-previews');

    // Submit.
    const versionId = (await draftOf(templateId)).id;
    await page.getByTestId('submit-for-review').click();
    await page.getByTestId('version-submitted-page').waitFor({ timeout: 10_000 });
    expect((await t.sql.query(`SELECT state FROM template_versions WHERE id = $1`, [versionId])).rows[0].state).toBe('SUBMITTED');
    await shot(page, '04-submitted');

    // The reviewer finds it in the queue, scores every face at the 90 bar or above and approves.
    const reviewerContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const review = await signIn(reviewerContext, reviewer);
    await review.getByTestId('nav-reviews').click();
    await review.locator(`[data-testid="review-queue-row"][data-version-id="${versionId}"] [data-testid="review-queue-open"]`).click();
    await review.locator(`[data-testid="review-page"][data-version-id="${versionId}"][data-state="SUBMITTED"]`).waitFor();
    await review.getByTestId('review-canvas').locator('canvas').first().waitFor();
    const faces = review.getByTestId('score-inputs');
    expect(await faces.count()).toBe(2);
    for (let i = 0; i < 2; i++) {
      await faces.nth(i).getByTestId('score-real').fill('94');
      await faces.nth(i).getByTestId('score-like').fill('91');
      await faces.nth(i).getByTestId('score-beautiful').fill('93');
    }
    await expectPoll(() => review.getByTestId('review-rule-approve').getAttribute('data-met')).toBe('true');
    // The reviewer judges the details as submitted with the version.
    expect(await review.getByTestId('review-metadata').getByTestId('metadata-category').textContent()).toContain('Outdoor');
    expect(await review.getByTestId('review-metadata').getByTestId('metadata-description').textContent()).toContain('Warm rooftop light at dusk.');
    await shot(review, '05-review');
    await review.getByTestId('review-decide-APPROVE').click();
    await review.getByTestId('review-confirm-ok').click();
    await review.locator('[data-testid="review-flash"][data-decision="APPROVE"]').waitFor();
    expect((await t.sql.query(`SELECT state FROM template_versions WHERE id = $1`, [versionId])).rows[0].state).toBe('APPROVED');
    const scores = await t.sql.query(`SELECT count(*)::int AS n FROM review_scores s JOIN reviews r ON r.id = s.review_id WHERE r.version_id = $1`, [versionId]);
    expect(scores.rows[0].n).toBe(2);
    await reviewerContext.close();

    // Nothing is in the catalog until the designer publishes.
    expect((await catalogAsApp()).some((entry) => entry.id === templateId)).toBe(false);

    // The designer sees the approval and publishes from the version history.
    await page.reload();
    await page.locator('[data-testid="version-decision-page"][data-state="APPROVED"]').waitFor();
    await shot(page, '06-approved');
    await page.getByTestId('version-decision-history').click();
    await page.getByTestId('history-page').waitFor();
    await page.locator(`[data-testid="history-version"][data-version-id="${versionId}"] [data-testid="history-publish"]`).click();
    await page.getByTestId('history-confirm').getByTestId('confirm-submit').click();
    await page.getByTestId('history-outcome').waitFor();
    await expectPoll(() => page.getByTestId('history-live').getAttribute('data-live-version')).toBe('1');
    await shot(page, '07-published');

    // A consumer app's API key finds it in the catalog, pinned to the approved version, with its previews and a cover.
    const entry = (await catalogAsApp()).find((candidate) => candidate.id === templateId);
    expect(entry).toMatchObject({ title: 'Golden Hour Rooftop', description: 'Warm rooftop light at dusk.', category: 'outdoor', tags: ['golden hour', 'rooftop'], publishedVersion: { id: versionId } });
    expect(entry!.publishedVersion.previews).toHaveLength(4);
    expect((await fetch(entry!.publishedVersion.coverUrl!)).headers.get('content-type')).toContain('image/png');

    // The studio's catalog page shows the same pinned version.
    await page.getByTestId('nav-catalog').click();
    await page.locator(`[data-testid="catalog-card"][data-template-id="${templateId}"]`).waitFor();
    await shot(page, '08-catalog');
    await designerContext.close();
  }, 180_000);
});
