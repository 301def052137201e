import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../testing/expect-labelled.js';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createTemplate, createUser, type TestUser } from '../apps/api/test/factories/factories.js';
import { canvasToScreen, launchChromium, signInStudio } from './lib/studio-browser.js';
import { expectPoll } from '../testing/poll.js';

interface StoredSpec {
  canvas: { width: number; height: number };
  reference: { assetId: string; x: number; y: number; scale: number; opacity: number } | null;
}

// A noisy orange photo stand-in: big enough (about 2 MB as PNG) for the upload to report progress.
async function makeReferencePng(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 3) {
    pixels[i] = 200 + Math.floor(Math.random() * 55);
    pixels[i + 1] = 90 + Math.floor(Math.random() * 60);
    pixels[i + 2] = Math.floor(Math.random() * 40);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

// The reference photo in the built studio against the real API and S3: upload with progress, drag it,
// fade it; every change reaches the draft in PostgreSQL. Also opens the shortcut sheet.
describe('studio editor reference image in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let designer: TestUser;
  const password = 'reference-password-1';
  const shot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `atelier-studio-reference-${name}.png`) });

  async function draftSpec(templateId: string): Promise<StoredSpec> {
    const rows = await t.sql.query(`SELECT spec FROM template_versions WHERE template_id = $1 AND state = 'DRAFT' ORDER BY number DESC LIMIT 1`, [templateId]);
    return rows.rows[0].spec as StoredSpec;
  }


  // The colour the page shows at a screen point (from a 1 px screenshot).
  async function pixelAt(page: Page, point: { x: number; y: number }): Promise<[number, number, number]> {
    const png = await page.screenshot({ clip: { x: Math.round(point.x), y: Math.round(point.y), width: 1, height: 1 } });
    const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    return [data[0]!, data[1]!, data[2]!];
  }

  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: process.env['STUDIO_DIST'] ?? 'apps/studio/dist' });
    // The browser POSTs the signed upload form straight to the bucket, so it must allow the studio's origin
    // (npm start's bucket does).
    const cors = await fetch(`${t.config.s3.endpoint}/${t.config.s3.bucket}?cors`, {
      method: 'PUT',
      headers: { 'content-type': 'application/xml' },
      body: `<CORSConfiguration><CORSRule><AllowedOrigin>${t.url}</AllowedOrigin><AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader></CORSRule></CORSConfiguration>`,
    });
    expectLabelled(cors.status, await cors.text()).toBe(200);
    designer = await createUser(t, ['DESIGNER'], password);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('uploads a reference with progress to 100 %, draws it, saves a drag and an opacity change, and lists the shortcuts', async () => {
    const template = await createTemplate(t, designer, { title: 'Reference Portrait' });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signInStudio(page, t.url, designer.email, password);
    await page.locator(`[data-testid="template-row"][data-template-id="${template.id}"] [data-testid="open-template"]`).click();
    await page.locator('[data-testid="editor-canvas"] canvas').first().waitFor();
    await expectPoll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');
    const before = await draftSpec(template.id);
    expect(before.reference).toBeNull();

    // Remember the highest progress the bar showed (it goes away once the upload is done).
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { referenceProgressSeen: number[] }).referenceProgressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector<HTMLProgressElement>('[data-testid="reference-progress"]');
        if (bar) seen.push(bar.value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    // An empty corner of the artboard, away from the pose, lights and subject frame.
    const corner = { x: 0.05, y: 0.2 };
    const emptyColour = await pixelAt(page, await canvasToScreen(page, corner, before.canvas));

    const png = await makeReferencePng(1024, 1024);
    await page.getByTestId('reference-file').setInputFiles({ name: 'window-light.png', mimeType: 'image/png', buffer: png });
    await page.locator('[data-testid="editor-canvas"][data-reference-drawn]').waitFor({ timeout: 20_000 });
    const seen = await page.evaluate(() => (window as unknown as { referenceProgressSeen: number[] }).referenceProgressSeen);
    expect(Math.max(...seen)).toBe(100);
    await expectPoll(async () => (await draftSpec(template.id)).reference, { timeout: 10_000 }).toMatchObject({ x: 0.5, y: 0.5, scale: 1, opacity: 0.5 });
    const placed = (await draftSpec(template.id)).reference!;
    const assetRows = await t.sql.query(`SELECT kind, state, width, height FROM assets WHERE id = $1`, [placed.assetId]);
    expect(assetRows.rows[0]).toMatchObject({ kind: 'REFERENCE_IMAGE', state: 'READY', width: 1024, height: 1024 });

    // The photo is drawn: the empty corner turned orange (at 50 % opacity, under the light map).
    const drawnColour = await pixelAt(page, await canvasToScreen(page, corner, before.canvas));
    expect(drawnColour[0] - drawnColour[2]).toBeGreaterThan(emptyColour[0] - emptyColour[2] + 15);
    await shot(page, 'uploaded');

    // One drag of the photo moves its centre by the same amount and is one undo step.
    const start = await canvasToScreen(page, corner, before.canvas);
    const end = await canvasToScreen(page, { x: corner.x + 0.1, y: corner.y + 0.1 }, before.canvas);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 4, start.y + 4, { steps: 2 });
    await page.mouse.move(end.x, end.y, { steps: 12 });
    await page.mouse.up();
    const near = (actual: number, expected: number) => Math.abs(actual - expected) < 0.012;
    await expectPoll(async () => {
        const reference = (await draftSpec(template.id)).reference;
        return reference !== null && near(reference.x, 0.6) && near(reference.y, 0.6);
      }, { timeout: 10_000 })
      .toBe(true);

    // Opacity from the panel's number box.
    await page.getByTestId('reference-opacity').fill('0.3');
    await expectPoll(async () => (await draftSpec(template.id)).reference?.opacity, { timeout: 10_000 }).toBe(0.3);
    await expectPoll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    await shot(page, 'moved');

    // Ctrl+Z undoes the opacity change, then the whole drag in one step.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expectPoll(async () => (await draftSpec(template.id)).reference, { timeout: 10_000 }).toMatchObject({ x: 0.5, y: 0.5, opacity: 0.5 });

    // "?" opens the shortcut sheet; Esc closes it.
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-sheet').waitFor();
    expect(await page.getByTestId('shortcut-row').count()).toBeGreaterThan(15);
    expect(await page.getByTestId('shortcut-sheet').textContent()).toContain('Ctrl+Shift+Z');
    await shot(page, 'shortcuts');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcut-sheet').waitFor({ state: 'detached' });

    await page.getByTestId('locale-zh-CN').click();
    await expectPoll(() => page.getByTestId('reference-panel').textContent()).toContain('参考图');
    await shot(page, 'zh-CN');
    await page.getByTestId('open-shortcut-sheet').click();
    await page.getByTestId('shortcut-sheet').waitFor();
    expect(await page.getByTestId('shortcut-sheet').textContent()).toContain('键盘快捷键');
    await shot(page, 'shortcuts-zh-CN');
    await context.close();
  });
});
