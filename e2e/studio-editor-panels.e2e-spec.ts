import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createLora, createTemplate, createUser, type TestUser } from '../apps/api/test/factories/factories.js';
import { launchChromium, signInStudio } from './lib/studio-browser.js';
import { expectPoll } from '../testing/poll.js';

interface StoredSpec {
  prompt: { positive: string; negative: string };
  styleLoras: Array<{ loraId: string; weight: number }>;
  subject: { identity?: { mode: string }; facePass?: { enabled: boolean; denoise: number } };
}

const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots', 'editor-panels');

// The editor's "Prompt & settings" panel in Chromium against the real API: a LoRA picked from the
// registry and a typed prompt reach the draft in PostgreSQL; an unknown slot is flagged and refused.
describe('studio editor prompt & settings panel in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let designer: TestUser;
  let lora: { id: string };
  let template: { id: string };
  const password = 'panels-password-1';

  async function draftSpec(templateId: string): Promise<StoredSpec> {
    const rows = await t.sql.query(`SELECT spec FROM template_versions WHERE template_id = $1 AND state = 'DRAFT' ORDER BY number DESC LIMIT 1`, [templateId]);
    return rows.rows[0].spec as StoredSpec;
  }

  async function openEditor(templateId: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signInStudio(page, t.url, designer.email, password);
    await page.locator(`[data-testid="template-row"][data-template-id="${templateId}"] [data-testid="open-template"]`).click();
    await page.getByTestId('prompt-panel').waitFor();
    return page;
  }

  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: 'apps/studio/dist' });
    const admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER'], password);
    lora = await createLora(t, admin, { name: 'Film Grain', baseModel: 'SDXL', defaultWeight: 0.6, minWeight: 0, maxWeight: 1.2 });
    await createLora(t, admin, { name: 'Old SD15 Film', baseModel: 'SD15' });
    template = await createTemplate(t, designer, { title: 'Film Portrait' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('picks a LoRA of the base model, types a prompt with a slot and a trigger word, undoes one step, clamps the weight, and the draft in PostgreSQL has them', async () => {
    const page = await openEditor(template.id);
    await page.getByTestId('lora-search').fill('film');
    // Only the SDXL LoRA: the template is SDXL.
    await expectPoll(() => page.getByTestId('lora-option').count()).toBe(1);
    await page.getByTestId('lora-option').click();
    await expectPoll(() => page.getByTestId('lora-row').getAttribute('data-lora-id')).toBe(lora.id);

    const prompt = page.getByTestId('prompt-positive');
    await prompt.fill('');
    await prompt.pressSequentially('portrait of ', { delay: 5 });
    await page.getByTestId('prompt-slot-subject').click();
    await page.getByTestId('trigger-word').first().click();
    await expectPoll(async () => {
        const spec = await draftSpec(template.id);
        return { positive: spec.prompt.positive, styleLoras: spec.styleLoras };
      }, { timeout: 10_000 })
      .toEqual({ positive: 'portrait of {subject}, film', styleLoras: [{ loraId: lora.id, weight: 0.6 }] });
    await expectPoll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');

    // Typing, the slot and the trigger word were three undo steps: undo takes back only the trigger word.
    await page.getByTestId('editor-undo').click();
    await expectPoll(async () => (await draftSpec(template.id)).prompt.positive, { timeout: 10_000 }).toBe('portrait of {subject}');
    await page.getByTestId('editor-redo').click();
    await expectPoll(async () => (await draftSpec(template.id)).prompt.positive, { timeout: 10_000 }).toBe('portrait of {subject}, film');

    // The weight stays inside the LoRA's own range (0..1.2).
    await page.getByTestId('lora-weight').fill('5');
    await expectPoll(async () => (await draftSpec(template.id)).styleLoras, { timeout: 10_000 }).toEqual([{ loraId: lora.id, weight: 1.2 }]);
    await expectPoll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');

    // An unknown slot is flagged under the prompt as it is typed, and the API refuses to save it.
    await prompt.pressSequentially(' {hair}', { delay: 5 });
    await expectPoll(() => page.locator('[data-testid="field-error"][data-path="prompt.positive"]').textContent()).toContain('Unknown slot {hair}');
    await expectPoll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('failed');
    expect((await draftSpec(template.id)).prompt.positive).toBe('portrait of {subject}, film');
    expect(await page.getByTestId('prompt-positive').inputValue()).toBe('portrait of {subject}, film {hair}');
    await page.screenshot({ path: join(tmpdir(), 'atelier-studio-editor-panels.png') });
    await page.context().close();
  });

  it('chooses InstantID for the identity and turns the face pass off and on at another denoise, in Chinese too, and the draft in PostgreSQL has them', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const portrait = await createTemplate(t, designer, { title: 'Studio Headshot' });
    const page = await openEditor(portrait.id);
    // A new template re-samples the face by default and takes the identity from the LoRA (no field).
    expect(await page.getByTestId('face-pass-toggle').isChecked()).toBe(true);
    expect(await page.getByTestId('identity-mode').inputValue()).toBe('lora');
    expect((await draftSpec(portrait.id)).subject).toMatchObject({ facePass: { enabled: true, denoise: 0.35 } });
    expect((await draftSpec(portrait.id)).subject.identity).toBeUndefined();

    await page.getByTestId('identity-mode').selectOption('instantid');
    await expectPoll(async () => (await draftSpec(portrait.id)).subject.identity, { timeout: 10_000 }).toEqual({ mode: 'instantid' });
    await page.getByTestId('face-pass-toggle').uncheck();
    await expectPoll(async () => (await draftSpec(portrait.id)).subject.facePass, { timeout: 10_000 }).toEqual({ enabled: false, denoise: 0.35 });
    expect(await page.getByTestId('face-pass-denoise').count()).toBe(0);
    await page.getByTestId('face-pass-toggle').check();
    await page.getByTestId('face-pass-denoise').fill('0.5');
    await expectPoll(async () => (await draftSpec(portrait.id)).subject.facePass, { timeout: 10_000 }).toEqual({ enabled: true, denoise: 0.5 });
    await expectPoll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');
    await page.getByTestId('identity-mode').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'identity-face-pass.en.png') });

    // In Chinese the same controls, and switching back to the LoRA removes the field again.
    await page.getByTestId('locale-zh-CN').click();
    await expectPoll(() => page.getByTestId('identity-mode').locator('option[value="instantid"]').textContent()).toBe('InstantID（人脸照片）');
    await expectPoll(() => page.getByTestId('prompt-panel').textContent()).toContain('面部精修');
    await page.getByTestId('identity-mode').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'identity-face-pass.zh-CN.png') });
    await page.getByTestId('identity-mode').selectOption('lora');
    await expectPoll(async () => 'identity' in (await draftSpec(portrait.id)).subject, { timeout: 10_000 }).toBe(false);
    await page.context().close();
  });
});
