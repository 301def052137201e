import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, postV1, renderPreviews, testWorkerToken, uploadAsset, type TestUser } from '../apps/api/test/factories/factories.js';
import { makeLoraBytes } from '../apps/api/test/factories/asset-fixtures.js';
import { POOL_VIEW_MAX_AGE_MS } from '../apps/api/src/modules/preview-job/worker-pool-view.js';
import sharp from 'sharp';
import { launchChromium, signInStudio } from './lib/studio-browser.js';
import { expectPoll } from '../testing/poll.js';

// The version history in Chromium against the real API and PostgreSQL: two approved versions whose
// prompt, a joint and a light differ show as a word diff and ghosts on the canvas; publishing and rolling
// back from the page move the template in PostgreSQL and in the catalog consumer apps read.
describe('studio version history in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let designer: TestUser;
  let reviewer: TestUser;
  let subjectIds: string[];
  let admin: TestUser;
  const password = 'history-password-1';

  const shot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `atelier-studio-history-${name}.png`), fullPage: true });

  async function approve(versionId: string) {
    await renderPreviews(t, designer, versionId);
    const submitted = await t.gql(`mutation($id: ID!) { submitVersion(versionId: $id) { state } }`, { id: versionId }, designer);
    expect(submitted.errors).toBeUndefined();
    const review = await t.gql(
      `mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { state } }`,
      { input: { versionId, decision: 'APPROVE', scores: subjectIds.map((subjectId) => ({ subjectId, real: 94, like: 92, beautiful: 96 })), comments: [{ body: 'Rim light reads well', x: 0.4, y: 0.3 }] } },
      reviewer,
    );
    expect(review.errors).toBeUndefined();
  }

  async function catalogVersionOf(templateId: string): Promise<string | null> {
    const res = await t.gql(`{ catalog(first: 50) { edges { node { id publishedVersion { id } } } } }`, {}, designer);
    expect(res.errors).toBeUndefined();
    const node = res.data!['catalog'].edges.map((edge: { node: { id: string; publishedVersion: { id: string } } }) => edge.node).find((n: { id: string }) => n.id === templateId);
    return node?.publishedVersion.id ?? null;
  }

  async function publishedVersionInDb(templateId: string): Promise<string | null> {
    const rows = await t.sql.query(`SELECT published_version_id FROM templates WHERE id = $1`, [templateId]);
    return rows.rows[0].published_version_id;
  }

  async function confirm(page: Page) {
    const dialog = page.getByTestId('history-confirm');
    await dialog.waitFor();
    await dialog.getByTestId('confirm-submit').click();
    await page.getByTestId('history-outcome').waitFor();
  }

  beforeAll(async () => {
    // Renders are settled (and their paid uses recorded) by the API's own periodic pass, as in production.
    t = await startTestApp({ STUDIO_DIST: process.env['STUDIO_DIST'] ?? 'apps/studio/dist', RENDER_POLL_MS: '200' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER'], password);
    reviewer = await createUser(t, ['REVIEWER']);
    subjectIds = [(await createPreviewSubject(t, admin, 'Mei')).id];
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('diffs two versions (prompt words, a moved joint and light as ghosts), publishes the approved one and rolls back', async () => {
    const spec1 = makeTemplateSpec({ prompt: { positive: 'portrait photo of {subject}, soft studio light, 85mm lens', negative: 'cartoon, blurry' } });
    const template = await createTemplate(t, designer, { title: 'Window Light History', spec: spec1 });
    const v1 = template.draft.id;
    await approve(v1);
    const published = await t.gql(`mutation($id: ID!) { publishVersion(versionId: $id) { state } }`, { id: v1 }, designer);
    expect(published.data!['publishVersion'].state).toBe('PUBLISHED');

    // Version 2: the right wrist and the key light moved, one word added to the prompt.
    const spec2 = structuredClone(spec1);
    spec2.prompt.positive = 'portrait photo of {subject}, soft rim studio light, 85mm lens';
    spec2.pose!.keypoints[4] = [0.22, 0.42];
    spec2.lighting.lights[0] = { ...spec2.lighting.lights[0]!, x: 0.6, y: 0.12 };
    const head = await t.gql(`query($id: ID!) { template(id: $id) { headRevision } }`, { id: template.id }, designer);
    const saved = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id number } }`, { input: { templateId: template.id, spec: spec2, baseRevision: head.data!['template'].headRevision } }, designer);
    expect(saved.errors).toBeUndefined();
    const v2 = saved.data!['saveDraft'].id as string;
    await approve(v2);

    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await signInStudio(page, t.url, designer.email, password);
    await page.locator(`[data-testid="template-row"][data-template-id="${template.id}"] [data-testid="template-history"]`).click();
    await page.getByTestId('history-page').waitFor();
    expect(page.url()).toContain(`#/templates/${template.id}/history`);

    // Both versions, newest first; v1 is live; the default comparison is v1 -> v2.
    await expectPoll(() => page.getByTestId('history-version').evaluateAll((rows) => rows.map((row) => `${(row as HTMLElement).dataset['versionNumber']}:${(row as HTMLElement).dataset['state']}`))).toEqual(['2:APPROVED', '1:PUBLISHED']);
    expect(await page.getByTestId('history-live').getAttribute('data-live-version')).toBe('1');
    expect(await page.getByTestId('history-review').first().textContent()).toContain('Approved');
    const diff = page.getByTestId('history-diff');
    expect([await diff.getAttribute('data-older'), await diff.getAttribute('data-newer')]).toEqual(['1', '2']);
    expect(await page.getByTestId('history-prompt-diff').getByTestId('diff-insert').allTextContents()).toEqual(['rim ']);
    expect(await page.getByTestId('history-negative-diff').getAttribute('data-changed')).toBe('false');
    expect(await page.getByTestId('history-change').allTextContents()).toEqual(['Moved the right wrist', 'Moved the light: Key']);

    // The canvas draws v2 read-only with one joint and one light of v1 as ghosts.
    const canvas = page.getByTestId('history-canvas');
    expect([await canvas.getAttribute('data-ghost-joints'), await canvas.getAttribute('data-ghost-lights')]).toEqual(['1', '1']);
    await page.locator('[data-testid="history-canvas"] canvas').first().waitFor();
    expect(await page.locator('[data-testid="history-canvas"] [data-testid="editor-canvas"]').getAttribute('data-read-only')).toBe('true');
    expect(await page.getByTestId('history-move-count').textContent()).toBe('2 joints or lights moved');
    // The ghosts really are on the canvas: Konva's own tree has v1's wrist and key light at their old
    // positions (canvas px) with an arrow each, and their layer has amber pixels.
    const ghosts = await page.evaluate(() => {
      type Node = { x(): number; y(): number; getLayer(): { getCanvas(): { _canvas: HTMLCanvasElement } } };
      type Stage = { container(): HTMLElement; find(selector: string): Node[]; findOne(selector: string): Node & { find(selector: string): Node[] } };
      const stages = (window as unknown as { Konva: { stages: Stage[] } }).Konva.stages;
      const stage = stages.find((candidate) => candidate.container().closest('[data-testid="history-canvas"]'))!;
      const centre = (group: string) => stage.findOne(group).find('Circle').map((circle) => [Math.round(circle.x()), Math.round(circle.y())]);
      const overlay = stage.findOne('.ghost-overlay').getLayer().getCanvas()._canvas;
      const data = overlay.getContext('2d')!.getImageData(0, 0, overlay.width, overlay.height).data;
      let amber = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! > 200 && data[i + 1]! > 120 && data[i + 1]! < 190 && data[i + 2]! < 80 && data[i + 3]! > 100) amber += 1;
      return { joints: stage.find('.ghost-joint').length, lights: stage.find('.ghost-light').length, arrows: stage.find('Arrow').length, joint: centre('.ghost-joint'), light: centre('.ghost-light'), amber };
    });
    expect(ghosts).toMatchObject({ joints: 1, lights: 1, arrows: 2 });
    // The sdxl default canvas is 832 x 1216: v1's right wrist was at [0.32, 0.53], its key light at [0.28, 0.2].
    expect(ghosts.joint[0]).toEqual([Math.round(0.32 * 832), Math.round(0.53 * 1216)]);
    expect(ghosts.light[0]).toEqual([Math.round(0.28 * 832), Math.round(0.2 * 1216)]);
    expect(ghosts.amber).toBeGreaterThan(20);

    // Previews of both versions side by side for the face (default seeds differ per spec), images loaded.
    await expectPoll(() => page.getByTestId('history-preview-row').count()).toBe(2);
    await expectPoll(() => page.locator('[data-testid="history-preview-group"] img').evaluateAll((images) => images.length > 0 && images.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)), { timeout: 10_000 })
      .toBe(true);
    const firstRow = page.getByTestId('history-preview-row').first();
    expect(await firstRow.locator('[data-testid="history-preview-older"] img').count()).toBe(1);
    expect(await firstRow.locator('[data-testid="history-preview-newer"] img').count()).toBe(1);
    await shot(page, 'diff-en');

    // Publish v2 from the page: PostgreSQL and the catalog follow.
    await page.locator(`[data-testid="history-version"][data-version-id="${v2}"] [data-testid="history-publish"]`).click();
    expect(await page.getByTestId('history-confirm').textContent()).toContain('v1 stops being live');
    await confirm(page);
    expect(await page.getByTestId('history-outcome').textContent()).toContain('v2 is live in the catalog.');
    await expectPoll(() => page.getByTestId('history-live').getAttribute('data-live-version')).toBe('2');
    expect(await publishedVersionInDb(template.id)).toBe(v2);
    const states = await t.sql.query(`SELECT number, state FROM template_versions WHERE template_id = $1 ORDER BY number`, [template.id]);
    expect(states.rows.map((row: { number: number; state: string }) => [row.number, row.state])).toEqual([
      [1, 'SUPERSEDED'],
      [2, 'PUBLISHED'],
    ]);
    expect(await catalogVersionOf(template.id)).toBe(v2);

    // Roll back to v1, in Chinese this time.
    await page.getByTestId('locale-zh-CN').click();
    await expectPoll(() => page.getByTestId('history-live').textContent()).toContain('目录中的线上版本：v2');
    expect(await page.getByTestId('history-change').allTextContents()).toEqual(['移动了右手腕', '移动了灯光：主光']);
    await shot(page, 'diff-zh-CN');
    await page.locator(`[data-testid="history-version"][data-version-id="${v1}"] [data-testid="history-rollback"]`).click();
    expect(await page.getByTestId('history-confirm').textContent()).toContain('回滚到 v1？');
    await confirm(page);
    expect(await page.getByTestId('history-outcome').textContent()).toContain('已回滚：v1 重新上线。');
    await expectPoll(() => page.getByTestId('history-live').getAttribute('data-live-version')).toBe('1');
    expect(await publishedVersionInDb(template.id)).toBe(v1);
    expect(await catalogVersionOf(template.id)).toBe(v1);
    // Now v2 is the one to roll back to, and v1 has no button.
    expect(await page.locator(`[data-testid="history-version"][data-version-id="${v2}"] [data-testid="history-rollback"]`).count()).toBe(1);
    expect(await page.locator(`[data-testid="history-version"][data-version-id="${v1}"] button`).count()).toBe(0);
    await shot(page, 'rolled-back-zh-CN');

    // Unpublish takes the template out of the catalog.
    await page.getByTestId('history-unpublish').click();
    await confirm(page);
    await expectPoll(() => page.getByTestId('history-live').getAttribute('data-live-version')).toBe('');
    expect(await publishedVersionInDb(template.id)).toBeNull();
    expect(await catalogVersionOf(template.id)).toBeNull();

    // A new draft: the editor's header links to the history, where the draft leads the list.
    const spec3 = structuredClone(spec2);
    spec3.sampler.steps = 36;
    const head3 = await t.gql(`query($id: ID!) { template(id: $id) { headRevision } }`, { id: template.id }, designer);
    const draft3 = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id number } }`, { input: { templateId: template.id, spec: spec3, baseRevision: head3.data!['template'].headRevision } }, designer);
    expect(draft3.data!['saveDraft'].number).toBe(3);
    await page.getByTestId('history-open-editor').click();
    await page.locator('[data-testid="editor-canvas"] canvas').first().waitFor();
    await shot(page, 'editor-header-zh-CN');
    await page.getByTestId('editor-history').click();
    await expectPoll(() => page.getByTestId('history-version').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset['state']))).toEqual(['DRAFT', 'SUPERSEDED', 'SUPERSEDED']);
    expect([await page.getByTestId('history-diff').getAttribute('data-older'), await page.getByTestId('history-diff').getAttribute('data-newer')]).toEqual(['2', '3']);
    expect(await page.getByTestId('history-change').allTextContents()).toEqual(['步数：30 → 36']);
    await context.close();
  });

  // Issue 15 §3: real renders by an app (createRender, the worker protocol, settlement, a refund), spread
  // over the last two weeks with SQL, read on the history page as figures and a chart per day.
  it('shows the designer how the published version does with apps: figures and a chart per day, in English and Chinese', async () => {
    const template = await createTemplate(t, designer, { title: 'Harbour Portrait Stats', spec: makeTemplateSpec() });
    const versionId = template.draft.id as string;
    await approve(versionId);
    expect((await t.gql(`mutation($id: ID!) { publishVersion(versionId: $id) { state } }`, { id: versionId }, designer)).errors).toBeUndefined();
    const createKey = async (scopes: string[]) => (await t.gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`, { input: { name: `stats ${scopes[0]}`, scopes, consumerApp: 'Miaoya' } }, admin)).data!['createApiKey'].key as string;
    const renderKey = await createKey(['RENDER']);
    const usageKey = await createKey(['USAGE_WRITE']);
    const upload = await uploadAsset(t, { apiKey: renderKey }, 'IDENTITY_LORA', 'user.safetensors', 'application/octet-stream', makeLoraBytes({ name: 'End user', baseModel: 'sdxl', seed: 5 }));
    const identityId = (await upload.complete()).data!['completeUpload'].id as string;
    const token = await testWorkerToken(t);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#405060' } }).png().toBuffer();
    const renderIds: string[] = [];
    for (let i = 0; i < 14; i++) {
      const created = await t.gql(`mutation($input: CreateRenderInput!) { createRender(input: $input) { id } }`, { input: { versionId, identityAssetId: identityId, seed: i, grossAmount: 990, currency: 'CNY' } }, { apiKey: renderKey });
      const id = created.data!['createRender'].id as string;
      renderIds.push(id);
      if (i === 13) {
        await t.gql(`mutation($id: ID!) { cancelRender(id: $id) { state } }`, { id }, { apiKey: renderKey });
        continue;
      }
      await new Promise((r) => setTimeout(r, POOL_VIEW_MAX_AGE_MS + 50));
      const lease = await postV1(t, token, 'jobs/lease?wait=0', {});
      expect(lease.body.job.subject.id).toBe(id);
      if (i === 4 || i === 9) {
        await postV1(t, token, `jobs/${lease.body.job.id}/fail`, { leaseId: lease.body.leaseId, retryable: false, error: 'CUDA out of memory' });
        continue;
      }
      await fetch(lease.body.output.uploadUrl, { method: 'PUT', headers: lease.body.output.uploadHeaders, body: png });
      await postV1(t, token, `jobs/${lease.body.job.id}/complete`, { leaseId: lease.body.leaseId });
    }
    // The settlement pass (every RENDER_POLL_MS) records the paid uses; one is refunded.
    await expectPoll(async () => (await t.sql.query(`SELECT count(*)::int AS n FROM usage_events WHERE event_id = ANY($1)`, [renderIds.map((id) => `render:${id}`)])).rows[0].n, { timeout: 10_000 }).toBe(11);
    const refund = await t.gql(`mutation($input: RefundInput!) { recordRefund(input: $input) { status } }`, { input: { eventId: `render:${renderIds[0]}`, refundId: 'e2e-refund', amount: 990 } }, { apiKey: usageKey });
    expect(refund.data!['recordRefund'].status).toBe('ACCEPTED');
    // Spread over the last 12 days (UTC), queue waits from 4 s to a few minutes.
    const daysAgo = [11, 11, 9, 8, 8, 6, 5, 5, 5, 3, 2, 1, 0, 0];
    const waits = [4, 6, 12, 8, 20, 15, 40, 35, 180, 9, 14, 7, 5, null];
    for (const [i, id] of renderIds.entries()) {
      await t.sql.query(`UPDATE renders SET created_at = date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - make_interval(days => $2) + interval '9 hours' + make_interval(mins => $3) WHERE id = $1`, [id, daysAgo[i], i]);
      await t.sql.query(`UPDATE preview_jobs j SET created_at = r.created_at, started_at = CASE WHEN $2::float8 IS NULL THEN NULL ELSE r.created_at + make_interval(secs => $2::float8) END FROM renders r WHERE r.id = j.render_id AND r.id = $1`, [id, waits[i]]);
    }

    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await signInStudio(page, t.url, designer.email, password);
    await page.goto(`${t.url}/#/templates/${template.id}/history`);
    // The first test left this designer's studio in Chinese.
    await page.getByTestId('locale-en').click();
    const panel = page.getByTestId('render-stats-panel');
    await expectPoll(() => panel.locator('h2').textContent()).toBe('How it does');
    await panel.getByTestId('render-stats-figures').waitFor();
    const figure = (key: string) => panel.getByTestId(`render-stats-${key}`).locator('.render-stats-figure-value').textContent();
    expect([await figure('renders'), await figure('succeeded'), await figure('failed'), await figure('cancelled'), await figure('paidUses'), await figure('refundRate')]).toEqual(['14', '11', '2', '1', '11', '9.1%']);
    expect(await panel.getByTestId('render-stats-day').count()).toBe(30);
    expect(await panel.getByTestId('render-stats-day-failed').count()).toBe(2);
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: join(tmpdir(), 'atelier-studio-history-render-stats-en.png') });
    await shot(page, 'render-stats-page-en');

    await page.getByTestId('locale-zh-CN').click();
    await expectPoll(() => panel.locator('h2').textContent()).toBe('表现如何');
    await panel.screenshot({ path: join(tmpdir(), 'atelier-studio-history-render-stats-zh-CN.png') });
    await context.close();
  });
});
