import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createTemplate, createUser, makeTemplateSpec, type TestUser } from '../apps/api/test/factories/factories.js';
import { launchChromium, signInStudio } from './lib/studio-browser.js';
import { expectPoll } from '../testing/poll.js';

// The audit log page of the built studio against the real API, in Chromium: an admin narrows the log
// to one template's changes (the filters land in the link), opens an entry, downloads the CSV, and
// reads the same page in Chinese.
describe('studio audit log in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let admin: TestUser;
  let designer: TestUser;
  let template: { id: string };
  const title = '=SUM(1,2) Golden hour';

  const shot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(tmpdir(), `atelier-studio-audit-${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: 'apps/studio/dist', PRIVACY_SWEEP_SECONDS: '86400' });
    admin = await createUser(t, ['ADMIN'], 'admin-password-1');
    designer = await createUser(t, ['DESIGNER']);
    template = await createTemplate(t, designer, { title });
    const spec = makeTemplateSpec();
    spec.canvas = { width: 1024, height: 1024 };
    const saved = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }`, { input: { templateId: template.id, spec, baseRevision: 1 } }, designer);
    expect(saved.errors).toBeUndefined();
    const renamed = await t.gql(`mutation($input: UpdateTemplateInput!) { updateTemplate(input: $input) { id } }`, { input: { templateId: template.id, description: 'Warm window light' } }, designer);
    expect(renamed.errors).toBeUndefined();
    const key = await t.gql(`mutation { createApiKey(input: { name: "Miaoya app", scopes: [CATALOG_READ] }) { key } }`, {}, admin);
    expect(key.errors).toBeUndefined();

    browser = await launchChromium({ lang: 'en-US' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') console.log('[browser]', m.text());
    });
    await signInStudio(page, t.url, admin.email, 'admin-password-1');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const rowActions = () => page.locator('[data-testid="audit-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));

  it('narrows the log to one template, keeps the filters in the link, and downloads them as CSV', async () => {
    await page.getByTestId('nav-admin-revenue').click();
    await page.getByTestId('admin-nav-admin-audit').click();
    await expectPoll(() => page.evaluate(() => location.hash)).toBe('#/admin/audit');
    await page.locator('[data-testid="audit-row"]').first().waitFor();
    expect(await rowActions()).toEqual(expect.arrayContaining(['api_key.created', 'template.updated', 'version.draft_saved', 'template.created', 'user.created']));

    // Every template action, then only this template's (its link in the table).
    await page.getByTestId('audit-filter-action').selectOption({ label: 'Template: any action' });
    await expectPoll(() => page.evaluate(() => location.hash)).toBe('#/admin/audit?action=template.');
    await expectPoll(rowActions, { timeout: 5_000 }).toEqual(['template.updated', 'template.created']);
    const created = page.locator('[data-testid="audit-row"][data-action="template.created"]');
    expect(await created.getByTestId('audit-actor').textContent()).toBe(designer.email.split('@')[0]);
    expect(await created.getByTestId('audit-action').textContent()).toBe('Template createdtemplate.created');
    await created.getByRole('link', { name: title }).click();
    await expectPoll(() => page.evaluate(() => location.hash)).toBe(`#/admin/audit?entity=template:${template.id}&action=template.`);
    // The chip names the object once the entries that name it have loaded (its id until then).
    await expectPoll(() => page.getByTestId('audit-chip-object').textContent()).toBe(`Only Template · ${title}`);
    await page.getByTestId('audit-filter-from').fill(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    await expectPoll(() => page.evaluate(() => location.hash)).toMatch(new RegExp(`^#/admin/audit\\?entity=template:${template.id}&action=template\\.&from=\\d{4}-\\d\\d-\\d\\d$`));
    await expectPoll(rowActions, { timeout: 5_000 }).toEqual(['template.updated', 'template.created']);

    // What an entry changed.
    await page.locator('[data-testid="audit-row"][data-action="template.updated"]').getByTestId('audit-toggle-details').click();
    const details = page.getByTestId('audit-details');
    await details.waitFor();
    expect(await details.textContent()).toContain('"description": "Warm window light"');
    await shot('en');

    // The link is what an admin sends: opened afresh, it shows the same.
    const link = await page.evaluate(() => location.href);
    await page.goto('about:blank');
    await page.goto(link);
    await expectPoll(rowActions, { timeout: 5_000 }).toEqual(['template.updated', 'template.created']);
    expect(await page.getByTestId('audit-filter-action').inputValue()).toBe('template.');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-download-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^atelier-audit-log-\d{4}-\d\d-\d\d\.csv$/);
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('time,actor_kind,actor_id,actor,action,object_type,object_id,object,before,after');
    expect(lines.slice(1, -1).map((l) => l.split(',')[4])).toEqual(['template.updated', 'template.created']);
    // The title a designer typed reaches the spreadsheet as text, never as a formula.
    expect(lines[2]).toContain(`,template.created,template,${template.id},"'=SUM(1,2) Golden hour",`);
    expect(await page.getByTestId('audit-csv-status').textContent()).toBe('Downloaded 2 entries.');
  });

  it('reads the same page in Chinese', async () => {
    await page.getByTestId('locale-zh-CN').click();
    expect(await page.locator('h1').textContent()).toBe('审计日志');
    const created = page.locator('[data-testid="audit-row"][data-action="template.created"]');
    expect(await created.getByTestId('audit-action').textContent()).toBe('创建了模板template.created');
    await page.locator('[data-testid="audit-row"][data-action="template.updated"]').getByTestId('audit-toggle-details').click();
    await page.getByTestId('audit-details').waitFor();
    await shot('zh-CN');
    await page.getByTestId('locale-en').click();
  });
});
