import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createTemplate, createUser, type TestUser } from '../apps/api/test/factories/factories.js';
import { canvasToScreen, dragOnCanvas, launchChromium, signInStudio } from './lib/studio-browser.js';
import { expectPoll } from '../testing/poll.js';

interface StoredSpec {
  canvas: { width: number; height: number };
  pose: { keypoints: Array<[number, number] | null> } | null;
  lighting: { lights: Array<{ id?: string; x: number; y: number }> };
}

const RIGHT_WRIST = 4;
const LEFT_WRIST = 7;

// The Konva editor of the built studio against the real API, in Chromium: drags on the canvas reach
// PostgreSQL through autosave, undo saves too, and two tabs on one draft meet the conflict dialog.
describe('studio template editor in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let designer: TestUser;
  let template: { id: string };
  const password = 'editor-password-1';

  const shot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `atelier-studio-editor-${name}.png`) });

  async function openEditor(context: BrowserContext, templateId: string): Promise<Page> {
    const page = await context.newPage();
    await signInStudio(page, t.url, designer.email, password);
    await page.locator(`[data-testid="template-row"][data-template-id="${templateId}"] [data-testid="open-template"]`).click();
    await page.locator('[data-testid="editor-canvas"] canvas').first().waitFor();
    await expectPoll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');
    return page;
  }

  async function draftSpec(templateId: string): Promise<StoredSpec> {
    const rows = await t.sql.query(`SELECT spec FROM template_versions WHERE template_id = $1 AND state = 'DRAFT' ORDER BY number DESC LIMIT 1`, [templateId]);
    return rows.rows[0].spec as StoredSpec;
  }



  const near = (actual: number, expected: number) => Math.abs(actual - expected) < 0.012;

  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: 'apps/studio/dist' });
    designer = await createUser(t, ['DESIGNER'], password);
    template = await createTemplate(t, designer, { title: 'Window Light Portrait' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('drags the right wrist and the key light, saves both, and undoes the last drag with Ctrl+Z', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await openEditor(context, template.id);
    const before = await draftSpec(template.id);
    const wrist = before.pose!.keypoints[RIGHT_WRIST]!;
    const key = before.lighting.lights[0]!;
    await shot(page, 'opened');

    const wristTarget = { x: 0.24, y: 0.6 };
    await dragOnCanvas(page, { x: wrist[0], y: wrist[1] }, wristTarget, before.canvas);
    const lightTarget = { x: 0.12, y: 0.42 };
    await dragOnCanvas(page, { x: key.x, y: key.y }, lightTarget, before.canvas);

    await expectPoll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toBe('All changes saved');
    await expectPoll(async () => {
        const spec = await draftSpec(template.id);
        const [x, y] = spec.pose!.keypoints[RIGHT_WRIST]!;
        const light = spec.lighting.lights[0]!;
        return near(x, wristTarget.x) && near(y, wristTarget.y) && near(light.x, lightTarget.x) && near(light.y, lightTarget.y);
      }, { timeout: 10_000 })
      .toBe(true);
    await shot(page, 'dragged');

    // One drag is one undo step: Ctrl+Z puts the light back and keeps the wrist where it went.
    await page.keyboard.press('Control+z');
    await expectPoll(async () => {
        const spec = await draftSpec(template.id);
        const light = spec.lighting.lights[0]!;
        return [light.x, light.y, near(spec.pose!.keypoints[RIGHT_WRIST]![0], wristTarget.x)];
      }, { timeout: 10_000 })
      .toEqual([key.x, key.y, true]);
    await expectPoll(() => page.getByTestId('save-status').textContent()).toBe('All changes saved');

    // The whole editor, canvas labels included, speaks Chinese.
    await page.getByTestId('locale-zh-CN').click();
    await expectPoll(() => page.getByTestId('editor-back').textContent()).toContain('所有模板');
    await shot(page, 'zh-CN');
    // The choice follows the designer to a browser that never saw it (fresh storage): the account remembers it.
    await expectPoll(async () => (await t.sql.query(`SELECT locale FROM users WHERE id = $1`, [designer.id])).rows[0].locale).toBe('zh-CN');
    const elsewhere = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const other = await elsewhere.newPage();
    await signInStudio(other, t.url, designer.email, password);
    await expectPoll(() => other.getByTestId('nav-templates').textContent()).toBe('模板');
    await elsewhere.close();
    // The choice is remembered on the account: back to English for the next tests, and saved before the tab closes.
    await page.getByTestId('locale-en').click();
    await expectPoll(async () => (await t.sql.query(`SELECT locale FROM users WHERE id = $1`, [designer.id])).rows[0].locale).toBe('en');
    await context.close();
  });

  it('shows the conflict dialog to the second tab, overwrites with its version, then saves the first tab as a new template', async () => {
    const first = await openEditor(await browser.newContext({ viewport: { width: 1440, height: 900 } }), template.id);
    const second = await openEditor(await browser.newContext({ viewport: { width: 1440, height: 900 } }), template.id);
    const base = await draftSpec(template.id);
    const leftWrist = base.pose!.keypoints[LEFT_WRIST]!;
    const fill = base.lighting.lights[1]!;

    // The first tab saves a new revision; the second still builds on the old one.
    await dragOnCanvas(first, { x: leftWrist[0], y: leftWrist[1] }, { x: 0.76, y: 0.6 }, base.canvas);
    await expectPoll(() => first.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    await expectPoll(async () => near((await draftSpec(template.id)).pose!.keypoints[LEFT_WRIST]![0], 0.76)).toBe(true);

    const fillTarget = { x: 0.88, y: 0.45 };
    await dragOnCanvas(second, { x: fill.x, y: fill.y }, fillTarget, base.canvas);
    await second.getByTestId('conflict-dialog').waitFor({ timeout: 10_000 });
    expect(await second.getByTestId('save-status').getAttribute('data-state')).toBe('conflict');
    await shot(second, 'conflict');

    await second.getByTestId('conflict-overwrite').click();
    await expectPoll(() => second.getByTestId('save-status').textContent(), { timeout: 10_000 }).toBe('All changes saved');
    const overwritten = await draftSpec(template.id);
    expect(near(overwritten.lighting.lights[1]!.x, fillTarget.x) && near(overwritten.lighting.lights[1]!.y, fillTarget.y)).toBe(true);
    expect(overwritten.pose!.keypoints[LEFT_WRIST]).toEqual(leftWrist);

    // Now the first tab is behind: its next save conflicts and it keeps its work as a new template.
    const rightWrist = overwritten.pose!.keypoints[RIGHT_WRIST]!;
    await dragOnCanvas(first, { x: rightWrist[0], y: rightWrist[1] }, { x: 0.2, y: 0.7 }, base.canvas);
    await first.getByTestId('conflict-dialog').waitFor({ timeout: 10_000 });
    await first.getByTestId('conflict-save-as-new').click();
    await expectPoll(() => first.getByTestId('editor-title').textContent(), { timeout: 10_000 }).toBe('Window Light Portrait (my version)');
    const created = await t.sql.query(`SELECT id FROM templates WHERE owner_id = $1 AND title = $2`, [designer.id, 'Window Light Portrait (my version)']);
    expect(created.rows).toHaveLength(1);
    const copy = await draftSpec(created.rows[0].id);
    expect(near(copy.pose!.keypoints[LEFT_WRIST]![0], 0.76)).toBe(true);
    expect(near(copy.pose!.keypoints[RIGHT_WRIST]![0], 0.2) && near(copy.pose!.keypoints[RIGHT_WRIST]![1], 0.7)).toBe(true);
    await shot(first, 'saved-as-new');
  });

  it('loads their version after a conflict and keeps saving on top of it', async () => {
    const first = await openEditor(await browser.newContext({ viewport: { width: 1280, height: 800 } }), template.id);
    const second = await openEditor(await browser.newContext({ viewport: { width: 1280, height: 800 } }), template.id);
    const base = await draftSpec(template.id);
    const key = base.lighting.lights[0]!;
    const [rightAnkle, leftAnkle] = [base.pose!.keypoints[10]!, base.pose!.keypoints[13]!];

    await dragOnCanvas(first, { x: key.x, y: key.y }, { x: 0.18, y: 0.12 }, base.canvas);
    await expectPoll(async () => near((await draftSpec(template.id)).lighting.lights[0]!.x, 0.18), { timeout: 10_000 }).toBe(true);

    await dragOnCanvas(second, { x: rightAnkle[0], y: rightAnkle[1] }, { x: 0.45, y: 0.8 }, base.canvas);
    await second.getByTestId('conflict-dialog').waitFor({ timeout: 10_000 });
    await second.getByTestId('conflict-load-theirs').click();
    await second.getByTestId('conflict-dialog').waitFor({ state: 'detached' });
    expect(await second.getByTestId('save-status').getAttribute('data-state')).toBe('saved');

    // Their light is on the second tab's canvas now: its next edit saves on their revision.
    await dragOnCanvas(second, { x: leftAnkle[0], y: leftAnkle[1] }, { x: 0.62, y: 0.8 }, base.canvas);
    await expectPoll(async () => {
        const spec = await draftSpec(template.id);
        const [x, y] = spec.pose!.keypoints[13]!;
        return near(x, 0.62) && near(y, 0.8);
      }, { timeout: 10_000 })
      .toBe(true);
    const merged = await draftSpec(template.id);
    expect(near(merged.lighting.lights[0]!.x, 0.18) && near(merged.lighting.lights[0]!.y, 0.12)).toBe(true);
    expect(merged.pose!.keypoints[10]).toEqual(rightAnkle);
    expect(await second.getByTestId('save-status').textContent()).toBe('All changes saved');
    await shot(second, 'loaded-theirs');
  });

  it('pans by dragging the empty canvas and zooms about the pointer with the wheel', async () => {
    const page = await openEditor(await browser.newContext({ viewport: { width: 1280, height: 800 } }), template.id);
    const element = page.getByTestId('editor-canvas');
    const box = (await element.boundingBox())!;
    const readView = () => element.evaluate((el) => ({ zoom: Number(el.dataset['zoom']), panX: Number(el.dataset['panX']), panY: Number(el.dataset['panY']) }));
    const before = await readView();

    await page.mouse.move(box.x + 12, box.y + 12);
    await page.mouse.down();
    await page.mouse.move(box.x + 72, box.y + 52, { steps: 6 });
    await page.mouse.up();
    const panned = await readView();
    expect([Math.round(panned.panX - before.panX), Math.round(panned.panY - before.panY)]).toEqual([60, 40]);

    const pointer = { x: box.x + 400, y: box.y + 300 };
    await page.mouse.move(pointer.x, pointer.y);
    await page.mouse.wheel(0, -300);
    await expectPoll(async () => (await readView()).zoom).toBeGreaterThan(panned.zoom);
    const zoomed = await readView();
    // The canvas point under the pointer stays under it.
    const anchor = (view: typeof zoomed) => (pointer.x - box.x - view.panX) / view.zoom;
    expect(Math.abs(anchor(zoomed) - anchor(panned))).toBeLessThan(1);

    await page.getByTestId('editor-fit').click();
    await expectPoll(async () => (await readView()).zoom).toBeCloseTo(before.zoom, 5);

    // Holding space, a drag that starts on a joint pans instead of moving the joint.
    const fitted = await readView();
    const spec = await draftSpec(template.id);
    const nose = spec.pose!.keypoints[0]!;
    const start = await canvasToScreen(page, { x: nose[0], y: nose[1] }, spec.canvas);
    await page.keyboard.down(' ');
    await expectPoll(() => element.getAttribute('data-panning')).toBe('true');
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 50, start.y + 30, { steps: 6 });
    await page.mouse.up();
    await page.keyboard.up(' ');
    const spacePanned = await readView();
    expect([Math.round(spacePanned.panX - fitted.panX), Math.round(spacePanned.panY - fitted.panY)]).toEqual([50, 30]);
    expect(await element.getAttribute('data-panning')).toBeNull();
    // Nothing was edited: this fresh page has nothing to undo, and the stored nose is where it was.
    expect(await page.getByTestId('editor-undo').isDisabled()).toBe(true);
    expect((await draftSpec(template.id)).pose!.keypoints[0]).toEqual(nose);

    // A control reached with Tab keeps Space for itself (it presses it), as keyboard users expect.
    await page.getByTestId('editor-fit').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['testid'])).toBe('toggle-guides');
    const guidesBefore = await page.getByTestId('toggle-guides').getAttribute('aria-pressed');
    await page.keyboard.press(' ');
    await expectPoll(() => page.getByTestId('toggle-guides').getAttribute('aria-pressed')).not.toBe(guidesBefore);
    expect(await element.getAttribute('data-panning')).toBeNull();
  });
});
