import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createTemplate, createUser, type TestUser } from '../apps/api/test/factories/factories.js';
import { launchChromium, signInStudio } from './lib/studio-browser.js';
import { expectPoll } from '../testing/poll.js';

// Revenue terms in Chromium against the real API and PostgreSQL: an admin previews how a ¥9.90 sale
// splits under new terms and saves them from the template's history page; the owner then sees them,
// in English and in Chinese, and the co-author on a terms page of their own.
describe('studio revenue terms in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: TestUser;
  let owner: TestUser;
  let coAuthor: TestUser;
  const password = 'agreements-password-1';

  const shot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `atelier-studio-agreements-${name}.png`), fullPage: true });

  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: process.env['STUDIO_DIST'] ?? 'apps/studio/dist' });
    admin = await createUser(t, ['ADMIN'], password);
    owner = await createUser(t, ['DESIGNER'], password);
    coAuthor = await createUser(t, ['DESIGNER'], password);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lets an admin preview a sample sale split and save new terms, which the owner then sees in both languages', async () => {
    const template = await createTemplate(t, owner, { title: 'Shared Garden' });

    const adminContext = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const adminPage = await adminContext.newPage();
    await signInStudio(adminPage, t.url, admin.email, password);
    await adminPage.goto(`${t.url}/#/templates/${template.id}/history`);
    const form = adminPage.getByTestId('agreements-form');
    await form.waitFor();
    expect(await adminPage.getByTestId('agreements-share').textContent()).toBe('Designers get 30% of each sale; the platform keeps 70%.');

    // 40 % to the designers, split 60/40 between the owner and a co-author.
    await adminPage.getByTestId('agreements-designer-share').fill('40');
    await adminPage.getByTestId('agreements-coauthor-share').first().fill('60');
    await adminPage.getByTestId('agreements-coauthor-add').click();
    await adminPage.getByTestId('agreements-coauthor-designer').nth(1).selectOption(coAuthor.id);
    await adminPage.getByTestId('agreements-coauthor-share').nth(1).fill('40');
    await expectPoll(() => adminPage.getByTestId('agreements-split-designer').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset['minor']))).toEqual(['238', '158']);
    expect(await adminPage.getByTestId('agreements-split-platform').getAttribute('data-minor')).toBe('594');
    expect(await adminPage.getByTestId('agreements-split-platform').textContent()).toContain('¥5.94');
    await shot(adminPage, 'admin-en');

    // A time in the past is refused next to the date field.
    await adminPage.getByTestId('agreements-effective-from').fill('2020-01-01T09:00');
    await adminPage.getByTestId('agreements-save').click();
    await expectPoll(() => adminPage.getByTestId('agreements-effective-from-note').getAttribute('class')).toBe('field-error');

    await adminPage.getByTestId('agreements-effective-from').fill('2099-03-01T09:30');
    await adminPage.getByTestId('agreements-save').click();
    await adminPage.getByTestId('agreements-saved').waitFor();
    const rows = await t.sql.query(
      `SELECT a.designer_share_bps, json_agg(x.designer_id ORDER BY x.position) AS authors, json_agg(x.share_bps ORDER BY x.position) AS shares
       FROM revenue_agreements a JOIN revenue_agreement_authors x ON x.agreement_id = a.id
       WHERE a.template_id = $1 AND a.effective_from > now() GROUP BY a.id`,
      [template.id],
    );
    expect(rows.rows).toEqual([{ designer_share_bps: 4000, authors: [owner.id, coAuthor.id], shares: [6000, 4000] }]);
    await adminPage.getByTestId('agreements-upcoming').waitFor();
    await adminContext.close();

    const ownerContext = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await ownerContext.newPage();
    await signInStudio(page, t.url, owner.email, password);
    await page.goto(`${t.url}/#/templates/${template.id}/history`);
    await page.getByTestId('agreements-panel').waitFor();
    expect(await page.getByTestId('agreements-form').count()).toBe(0);
    expect(await page.getByTestId('agreements-share').textContent()).toBe('Designers get 30% of each sale; the platform keeps 70%.');
    expect(await page.getByTestId('agreements-upcoming').textContent()).toContain('40% to designers');
    await page.getByTestId('agreements-panel').scrollIntoViewIfNeeded();
    await shot(page, 'owner-en');

    await page.getByTestId('locale-zh-CN').click();
    expect(await page.getByTestId('agreements-share').textContent()).toBe('设计师获得每笔销售的 30%；平台保留 70%。');
    expect(await page.getByTestId('agreements-upcoming').textContent()).toContain('已排定');
    await shot(page, 'owner-zh');
    await ownerContext.close();

    // The co-author cannot open the template, but has its terms on a page of their own.
    const coAuthorContext = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const coAuthorPage = await coAuthorContext.newPage();
    await signInStudio(coAuthorPage, t.url, coAuthor.email, password);
    await coAuthorPage.goto(`${t.url}/#/templates/${template.id}/terms`);
    await coAuthorPage.getByTestId('terms-page').waitFor();
    await coAuthorPage.getByTestId('agreements-upcoming').waitFor();
    expect(await coAuthorPage.getByTestId('agreements-upcoming').textContent()).toContain('(you) 40%');
    await shot(coAuthorPage, 'coauthor-en');
    await coAuthorContext.close();
  });
});
