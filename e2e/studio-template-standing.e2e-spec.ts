import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, submitWithPreviews, type TestUser } from '../apps/api/test/factories/factories.js';
import { launchChromium, signInStudio } from './lib/studio-browser.js';
import { expectPoll } from '../testing/poll.js';

// Where each template stands, in Chromium against the real API: a designer's templates in every
// standing (draft only, in review, changes requested with the reviewer's note, rejected, approved,
// published, in review while an earlier version stays live, unpublished), on the templates list in
// English and Chinese, and in the editor header while the next draft is edited.
describe('template standing in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let designer: TestUser;
  let reviewer: TestUser;
  let subjectIds: string[];
  const password = 'standing-password-1';
  const contexts: BrowserContext[] = [];
  const ids: Record<string, string> = {};
  const NOTE = 'Warm the key light and soften the shadow on the left cheek.';

  const shot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `atelier-studio-standing-${name}.png`), fullPage: true });

  async function must(query: string, variables: Record<string, unknown>, user: TestUser) {
    const res = await t.gql(query, variables, user);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  }

  async function submitted(title: string) {
    const tpl = await createTemplate(t, designer, { title });
    expect((await submitWithPreviews(t, designer, tpl.draft.id)).errors).toBeUndefined();
    ids[title] = tpl.id;
    return { templateId: tpl.id as string, versionId: tpl.draft.id as string };
  }

  function review(versionId: string, decision: 'APPROVE' | 'REQUEST_CHANGES' | 'REJECT', comments: Array<{ body: string }> = []) {
    const scores = decision === 'APPROVE' ? subjectIds.map((subjectId) => ({ subjectId, real: 95, like: 95, beautiful: 95 })) : [];
    return must(`mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { id } }`, { input: { versionId, decision, scores, comments } }, reviewer);
  }

  const publish = (versionId: string) => must(`mutation($id: ID!) { publishVersion(versionId: $id) { id } }`, { id: versionId }, designer);

  async function saveNextDraft(templateId: string, flavour: string): Promise<string> {
    const head = (await t.sql.query(`SELECT head_revision FROM templates WHERE id = $1`, [templateId])).rows[0].head_revision;
    const spec = makeTemplateSpec();
    spec.prompt.positive = `${spec.prompt.positive}, ${flavour}`;
    return (await must(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }`, { input: { templateId, spec, baseRevision: head } }, designer))['saveDraft'].id;
  }

  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: process.env['STUDIO_DIST'] ?? 'apps/studio/dist' });
    const admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER'], password);
    reviewer = await createUser(t, ['REVIEWER'], password);
    subjectIds = [(await createPreviewSubject(t, admin, 'Mei')).id, (await createPreviewSubject(t, admin, 'Jun')).id];

    // Oldest first: the list shows the most recently changed first.
    const gone = await submitted('Autumn Leaves');
    await review(gone.versionId, 'APPROVE');
    await publish(gone.versionId);
    await must(`mutation($id: ID!) { unpublishTemplate(templateId: $id) { id } }`, { id: gone.templateId }, designer);

    const evolving = await submitted('Beach Sunset');
    await review(evolving.versionId, 'APPROVE');
    await publish(evolving.versionId);
    const next = await saveNextDraft(evolving.templateId, 'golden rim light');
    expect((await submitWithPreviews(t, designer, next)).errors).toBeUndefined();

    const live = await submitted('Studio Classic');
    await review(live.versionId, 'APPROVE');
    await publish(live.versionId);

    await review((await submitted('Spring Blossom')).versionId, 'APPROVE');
    await review((await submitted('Film Noir')).versionId, 'REJECT', [{ body: 'Too close to Studio Classic; make the look your own.' }]);
    const sentBack = await submitted('Golden Hour Rooftop');
    await review(sentBack.versionId, 'REQUEST_CHANGES', [{ body: NOTE }]);
    await submitted('Window Light');
    ids['Hanfu Garden'] = (await createTemplate(t, designer, { title: 'Hanfu Garden' })).id;
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  const standingOf = (page: Page, title: string) => page.locator(`[data-testid="template-row"][data-template-id="${ids[title]}"] [data-testid="template-standing"]`);

  it('shows where each template stands on the templates list, in English and Chinese', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    contexts.push(context);
    const page = await context.newPage();
    await signInStudio(page, t.url, designer.email, password);
    await expectPoll(() => page.getByTestId('template-row').count()).toBe(8);

    const expected: Array<[string, string, string]> = [
      ['Hanfu Garden', 'DRAFT_ONLY', 'Draft onlyNot submitted for review yet'],
      ['Window Light', 'IN_REVIEW', 'In reviewVersion 1 is waiting for a reviewer'],
      ['Spring Blossom', 'APPROVED', 'ApprovedVersion 1 is approved and waiting to be published'],
      ['Studio Classic', 'PUBLISHED', 'PublishedVersion 1 is live'],
      ['Beach Sunset', 'IN_REVIEW', 'In reviewVersion 2 is waiting for a reviewerVersion 1 stays live meanwhile'],
      ['Autumn Leaves', 'UNPUBLISHED', 'UnpublishedVersion 1 was taken out of the catalog'],
    ];
    for (const [title, state, text] of expected) {
      expect(await standingOf(page, title).getAttribute('data-state')).toBe(state);
      // (Approved ones also say when, e.g. "· now".)
      expect((await standingOf(page, title).textContent())!.replace(/ · .*$/, '')).toBe(text);
    }
    const sentBack = standingOf(page, 'Golden Hour Rooftop');
    expect(await sentBack.getAttribute('data-state')).toBe('CHANGES_REQUESTED');
    expect(await sentBack.getByTestId('template-standing-detail').textContent()).toMatch(/^Version 1 was sent back for changes · /);
    expect(await sentBack.getByTestId('template-standing-note').textContent()).toBe(`Reviewer: “${NOTE}”`);
    expect(await standingOf(page, 'Film Noir').getByTestId('template-standing-note').textContent()).toBe('Reviewer: “Too close to Studio Classic; make the look your own.”');
    await shot(page, 'en-01-templates');

    await page.getByTestId('locale-zh-CN').click();
    await expectPoll(() => standingOf(page, 'Window Light').textContent()).toBe('审核中第 1 版正在等待审核');
    expect(await standingOf(page, 'Golden Hour Rooftop').getByTestId('template-standing-note').textContent()).toBe(`审核意见：“${NOTE}”`);
    expect(await standingOf(page, 'Beach Sunset').textContent()).toBe('审核中第 2 版正在等待审核在此期间第 1 版仍在线上');
    expect(await standingOf(page, 'Autumn Leaves').textContent()).toBe('已下架第 1 版已从目录下架');
    await shot(page, 'zh-01-templates');
    await page.getByTestId('locale-en').click();
  }, 120_000);

  it("keeps the reviewer's note in the editor header while the designer edits the next draft", async () => {
    await saveNextDraft(ids['Golden Hour Rooftop']!, 'warmer key light');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await signInStudio(page, t.url, designer.email, password);
    await page.locator(`[data-testid="template-row"][data-template-id="${ids['Golden Hour Rooftop']}"] [data-testid="open-template"]`).click();
    const standing = page.getByTestId('editor-standing');
    await standing.waitFor();
    expect(await standing.getAttribute('data-state')).toBe('CHANGES_REQUESTED');
    expect(await standing.getByTestId('editor-standing-detail').textContent()).toBe('v1');
    expect(await standing.getByTestId('editor-standing-note').textContent()).toBe(`Reviewer: “${NOTE}”`);
    expect(await standing.getAttribute('title')).toBe(`Version 1 was sent back for changes · Reviewer: “${NOTE}”`);
    // A 1440 px header is full: the note is in the tooltip (and the review feedback under the canvas);
    // wider, it is in the header too, and the header's own controls keep their room.
    expect(await standing.getByTestId('editor-standing-note').isVisible()).toBe(false);
    await page.screenshot({ path: join(tmpdir(), 'atelier-studio-standing-en-02-editor-header.png'), clip: { x: 0, y: 0, width: 1440, height: 120 } });
    const saveStatusHeight = async () => (await page.getByTestId('save-status').boundingBox())!.height;
    const oneLine = await saveStatusHeight();
    await page.setViewportSize({ width: 1760, height: 900 });
    await expectPoll(() => standing.getByTestId('editor-standing-note').isVisible()).toBe(true);
    expect(await saveStatusHeight()).toBe(oneLine);
    await page.screenshot({ path: join(tmpdir(), 'atelier-studio-standing-en-03-editor-header-wide.png'), clip: { x: 0, y: 0, width: 1760, height: 120 } });
    await page.getByTestId('locale-zh-CN').click();
    await expectPoll(() => standing.locator('.badge').textContent()).toBe('需修改');
    expect(await standing.getByTestId('editor-standing-detail').textContent()).toBe('第 1 版');
    expect(await standing.getByTestId('editor-standing-note').textContent()).toBe(`审核意见：“${NOTE}”`);
    await page.screenshot({ path: join(tmpdir(), 'atelier-studio-standing-zh-03-editor-header-wide.png'), clip: { x: 0, y: 0, width: 1760, height: 120 } });
  }, 120_000);
});
