import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createTemplate, createUser, type TestUser } from '../apps/api/test/factories/factories.js';
import { launchChromium } from './lib/studio-browser.js';
import { expectPoll } from '../testing/poll.js';

// The built studio (apps/studio/dist, made by `npm test`) served by the real API, driven in Chromium.
describe('studio in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let designer: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: 'apps/studio/dist' });
    designer = await createUser(t, ['DESIGNER'], 'studio-password-1');
    await createTemplate(t, designer, { title: 'Golden Hour Film', tags: ['film'] });
    const other = await createUser(t, ['DESIGNER']);
    await createTemplate(t, other, { title: 'Someone else’s template' });
    // Playwright gives every launch a fresh, throw-away profile.
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('refuses a wrong password with the server message and keeps the designer on the login page', async () => {
    await page.goto(t.url);
    await page.getByTestId('login-email').fill(designer.email);
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expectPoll(() => page.getByTestId('login-error').textContent()).toContain('do not match');
  });

  it("signs in and lists only the designer's own templates, then creates one", async () => {
    await page.getByTestId('login-password').fill('studio-password-1');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('template-row').first().waitFor();
    const rows = await page.getByTestId('template-row').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Golden Hour Film');
    expect(await page.getByTestId('signed-in-as').textContent()).toContain(designer.email.split('@')[0]);

    await page.getByTestId('new-template').click();
    await page.getByTestId('template-title-input').fill('Hanfu Garden');
    await page.getByTestId('create-template-submit').click();
    // The new template opens in the editor; back on the list it is there too.
    await expectPoll(() => page.getByTestId('editor-title').textContent()).toBe('Hanfu Garden');
    await page.getByTestId('editor-back').click();
    await expectPoll(async () => (await page.getByTestId('template-row').allTextContents()).join('|')).toContain('Hanfu Garden');
    await page.screenshot({ path: join(tmpdir(), 'atelier-studio-templates.png') });
    const stored = await t.sql.query(`SELECT title FROM templates WHERE owner_id = $1 ORDER BY title`, [designer.id]);
    expect(stored.rows.map((r) => r.title)).toEqual(['Golden Hour Film', 'Hanfu Garden']);
  });

  it('keeps the session across a reload and signs out', async () => {
    await page.reload();
    await page.getByTestId('template-row').first().waitFor();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-email').waitFor();
  });
});
