import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { backdatePublication, createPreviewSubject, createUser, publishTemplate, type TestUser } from '../apps/api/test/factories/factories.js';
import { launchChromium, signInStudio } from './lib/studio-browser.js';
import { expectPoll } from '../testing/poll.js';

const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted rejected results { eventId status message } } }`;
const REFUND = `mutation($input: RefundInput!) { recordRefund(input: $input) { status message } }`;

// "YYYY-MM" of `date` in China time, where statement months are counted.
function chinaMonth(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}

function addMonths(month: string, delta: number): string {
  const [year, index] = [Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + delta];
  const d = new Date(Date.UTC(year, index, 1));
  return d.toISOString().slice(0, 7);
}

// Earnings and revenue pages of the built studio against the real API, in Chromium: usage is
// recorded by a consumer app's API key, the designer reads and downloads it, the admin pays it.
describe('studio earnings and revenue in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let designer: TestUser;
  let admin: TestUser;
  let golden: { templateId: string; versionId: string };
  let hanfu: { templateId: string; versionId: string };
  // This month (still open), the last one and the one before, in China time.
  const current = chinaMonth(new Date());
  const previous = addMonths(current, -1);
  const earlier = addMonths(current, -2);

  // Full-page shots from the top, so the sticky top bar stays at the top of the image.
  const shot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(tmpdir(), `atelier-studio-${name}.png`), fullPage: true });
  };

  async function signIn(user: TestUser, password: string) {
    await signInStudio(page, t.url, user.email, password);
  }

  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: 'apps/studio/dist' });
    admin = await createUser(t, ['ADMIN'], 'admin-password-1');
    designer = await createUser(t, ['DESIGNER'], 'designer-password-1');
    const reviewer = await createUser(t, ['REVIEWER']);
    const subjectIds = [(await createPreviewSubject(t, admin)).id];
    golden = await publishTemplate(t, { designer, reviewer, subjectIds }, { title: 'Golden Hour Film' });
    hanfu = await publishTemplate(t, { designer, reviewer, subjectIds }, { title: 'Hanfu Garden' });
    // Both have been on sale since before the earliest month shown (usage before publication is refused).
    for (const version of [golden, hanfu]) await backdatePublication(t, version.versionId, `${earlier}-01T00:00:00+08:00`);

    const key = await t.gql(`mutation { createApiKey(input: { name: "miaoya-usage", scopes: [USAGE_WRITE], consumerApp: "Miaoya Camera" }) { key } }`, {}, admin);
    expect(key.errors).toBeUndefined();
    const apiKey = key.data!['createApiKey'].key as string;
    const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
    const use = (eventId: string, version: { versionId: string }, occurredAt: string, grossAmount: number) => ({ eventId, templateVersionId: version.versionId, occurredAt, grossAmount, currency: 'CNY' });
    // Default terms: 30 % of gross to the designer.
    const recorded = await t.gql(RECORD, {
      events: [
        use('e-1', golden, `${earlier}-10T12:00:00+08:00`, 1000), // earlier: 3.00
        use('p-1', golden, `${previous}-15T12:00:00+08:00`, 1000), // previous: golden 9.00, hanfu 6.00
        use('p-2', golden, `${previous}-16T12:00:00+08:00`, 1000),
        use('p-3', golden, `${previous}-17T12:00:00+08:00`, 1000),
        use('p-4', hanfu, `${previous}-18T12:00:00+08:00`, 2000),
        use('c-1', golden, minutesAgo(3), 1000), // current: golden 6.00 - 1.50 refund, hanfu 3.00
        use('c-2', golden, minutesAgo(2), 1000),
        use('c-3', hanfu, minutesAgo(1), 1000),
      ],
    }, { apiKey });
    expect(recorded.data!['recordUsage']).toMatchObject({ accepted: 8, rejected: 0 });
    const refund = await t.gql(REFUND, { input: { eventId: 'c-1', refundId: 'rf-1', amount: 500 } }, { apiKey });
    expect(refund.data!['recordRefund'].status).toBe('ACCEPTED');

    browser = await launchChromium({ lang: 'en-US' });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', acceptDownloads: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the designer net earnings per template per month as a chart and a table', async () => {
    await signIn(designer, 'designer-password-1');
    await page.getByTestId('nav-earnings').click();
    await expectPoll(() => page.evaluate(() => location.hash)).toBe('#/earnings');
    await page.getByTestId('earnings-row').first().waitFor();

    // Newest month first; the six-month default range includes empty months.
    const rows = page.getByTestId('earnings-row');
    expect(await rows.count()).toBe(6);
    const row = (month: string) => page.locator(`[data-testid="earnings-row"][data-month="${month}"]`);
    const cells = async (month: string) => (await row(month).locator('td').allTextContents()).slice(0, 3);
    // Columns: Golden Hour Film (the biggest earner first), Hanfu Garden, total.
    expect(await page.locator('[data-testid="earnings-table"] thead th').allTextContents()).toEqual(['Month', 'Golden Hour Film', 'Hanfu Garden', 'Total', 'Actions']);
    expect(await cells(previous)).toEqual(['CN¥9.00', 'CN¥6.00', 'CN¥15.00']);
    expect(await cells(current)).toEqual(['CN¥4.50', 'CN¥3.00', 'CN¥7.50']);
    expect(await cells(earlier)).toEqual(['CN¥3.00', '—', 'CN¥3.00']);
    expect(await cells(addMonths(current, -3))).toEqual(['—', '—', '—']);
    expect(await page.getByTestId('earnings-total-net').textContent()).toBe('CN¥25.50');
    expect(await page.getByTestId('earnings-total-uses').textContent()).toBe('8');

    // The chart draws the same numbers: one bar per month, a segment per template.
    expect(await page.getByTestId('chart-bar').count()).toBe(6);
    const bar = page.locator(`[data-testid="chart-bar"][data-month="${previous}"]`);
    expect(await bar.getAttribute('data-total')).toBe('1500');
    expect(await bar.locator('[data-testid="chart-segment"]').evaluateAll((els) => els.map((el) => [el.getAttribute('data-series'), el.getAttribute('data-net')]))).toEqual([
      [golden.templateId, '900'],
      [hanfu.templateId, '600'],
    ]);
    const heights = await bar.locator('[data-testid="chart-segment"]').evaluateAll((els) => els.map((el) => Number(el.getAttribute('height'))));
    expect(heights[0]! / heights[1]!).toBeCloseTo(900 / 600, 1);
    await bar.hover();
    await page.getByTestId('earnings-chart').screenshot({ path: join(tmpdir(), 'atelier-studio-chart-hover.png') });

    // Recent usage, newest first: the refund counts against the designer.
    const usage = await page.getByTestId('usage-row').allTextContents();
    expect(usage).toHaveLength(9);
    expect(usage[0]).toContain('Golden Hour Film');
    expect(usage[0]).toContain('Refund');
    expect(usage[0]).toContain('Miaoya Camera');
    expect(usage[0]).toContain('-CN¥5.00');
    expect(usage[0]).toContain('-CN¥1.50');
    expect(usage[1]).toContain('Hanfu Garden');
    expect(usage[1]).toContain('CN¥3.00');
    await shot('earnings-en');
  });

  it("opens a month's statement from the table and downloads it as CSV", async () => {
    await page.getByTestId(`open-statement-${previous}`).click();
    const statement = page.locator(`[data-testid="statement"][data-month="${previous}"]`);
    await statement.waitFor();
    expect(await statement.getByTestId('statement-line').count()).toBe(2);
    expect(await statement.getByTestId('statement-opening').textContent()).toBe('CN¥3.00');
    expect(await statement.getByTestId('statement-net').textContent()).toBe('CN¥15.00');
    expect(await statement.getByTestId('statement-closing').textContent()).toBe('CN¥18.00');
    expect(await statement.getByTestId('statement-status').textContent()).toBe('Unpaid');
    await statement.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(tmpdir(), 'atelier-studio-statement-en.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), statement.getByTestId('download-statement-csv').click()]);
    expect(download.suggestedFilename()).toBe(`atelier-statement-${previous}.csv`);
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(`statement,${previous},designer,${designer.id},currency,CNY`);
    expect(lines).toContain(`Golden Hour Film,${golden.templateId},1,3,30.00,9.00,0.00,9.00`);
    expect(lines).toContain(`Hanfu Garden,${hanfu.templateId},1,1,20.00,6.00,0.00,6.00`);
    expect(lines).toContain('closing balance,18.00');
  });

  it('switches to Chinese, formats money in yuan and remembers the choice', async () => {
    await page.getByTestId('locale-zh-CN').click();
    expect(await page.getByTestId('nav-earnings').textContent()).toBe('收益');
    expect(await page.locator('h1').textContent()).toBe('收益');
    const total = page.locator(`[data-testid="earnings-row"][data-month="${previous}"] [data-testid="earnings-row-total"]`);
    expect(await total.textContent()).toBe('¥15.00');
    expect(await page.getByTestId('earnings-total-net').textContent()).toBe('¥25.50');
    expect(await page.locator('[data-testid="statement"]').getByTestId('statement-status').textContent()).toBe('未付款');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');

    await page.reload();
    await page.getByTestId('earnings-row').first().waitFor();
    expect(await page.getByTestId('range-preset-6').textContent()).toBe('近 6 个月');
    expect(await page.getByTestId('earnings-total-net').textContent()).toBe('¥25.50');
    await shot('earnings-zh');

    // The login page keeps the language and has its own switch.
    await page.getByTestId('sign-out').click();
    expect(await page.getByTestId('login-submit').textContent()).toBe('登录');
    await page.screenshot({ path: join(tmpdir(), 'atelier-studio-login-zh.png') });
    await page.getByTestId('locale-en').click();
    expect(await page.getByTestId('login-submit').textContent()).toBe('Sign in');
  });

  it('shows the admin the revenue per app and designer and pays a closed month once', async () => {
    await signIn(admin, 'admin-password-1');
    await page.getByTestId('nav-admin-revenue').click();
    const app = page.getByTestId('app-revenue-row');
    await app.first().waitFor();
    expect(await app.locator('th, td').allTextContents()).toEqual(['Miaoya Camera', '8', 'CN¥90.00', '-CN¥5.00', expect.stringMatching(/^CN¥/)]);
    const designerRow = page.locator(`[data-testid="designer-revenue-row"][data-designer-id="${designer.id}"]`);
    expect(await designerRow.getByTestId('designer-unpaid').textContent()).toBe('CN¥25.50');
    expect(await page.getByTestId('revenue-paid-out').textContent()).toBe('CN¥0.00');

    await designerRow.getByTestId('open-designer-statements').click();
    const panel = page.getByTestId('designer-statement-panel');
    const statement = panel.locator(`[data-testid="statement"][data-month="${previous}"]`);
    await statement.waitFor();
    expect(await statement.getByTestId('statement-closing').textContent()).toBe('CN¥18.00');

    await panel.getByTestId('mark-paid-submit').click();
    expect(await panel.getByTestId('mark-paid-error').textContent()).toContain('Enter the payout reference');
    await panel.getByTestId('payout-reference').fill('BANK-2026-001');
    await panel.getByTestId('mark-paid-submit').click();
    await expectPoll(() => statement.getByTestId('statement-status').textContent()).toBe('Paid');
    expect(await panel.getByTestId('mark-paid-success').textContent()).toContain('CN¥18.00');
    expect(await statement.getByTestId('statement-payout').textContent()).toContain('BANK-2026-001');
    await expectPoll(() => designerRow.getByTestId('designer-unpaid').textContent()).toBe('CN¥7.50');
    expect(await page.getByTestId('revenue-paid-out').textContent()).toBe('CN¥18.00');
    const stored = await t.sql.query(`SELECT payout_reference, payout_minor FROM designer_statements WHERE designer_id = $1 AND paid_at IS NOT NULL`, [designer.id]);
    expect(stored.rows.map((r) => [r.payout_reference, Number(r.payout_minor)])).toEqual([['BANK-2026-001', 1800]]);
    await shot('admin-revenue-paid');

    // The month before was covered by that payout: nothing is owed on it, so it offers no payout.
    await panel.getByRole('button', { name: 'Previous month' }).click();
    const older = panel.locator(`[data-testid="statement"][data-month="${earlier}"]`);
    await older.waitFor();
    expect(await older.getByTestId('statement-status').textContent()).toBe('Nothing owed');
    expect(await panel.getByTestId('statement-payout').textContent()).toContain('a later payout may have covered it');
    expect(await panel.getByTestId('mark-paid-submit').count()).toBe(0);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(tmpdir(), 'atelier-studio-admin-covered.png') });

    // The running month cannot be paid yet.
    await panel.getByRole('button', { name: 'Next month' }).click();
    await panel.getByRole('button', { name: 'Next month' }).click();
    await panel.locator(`[data-testid="statement"][data-month="${current}"]`).waitFor();
    expect(await panel.getByTestId('statement-payout').textContent()).toContain('can be paid once the month is over');
    expect(await panel.getByTestId('mark-paid-submit').count()).toBe(0);

    await page.getByTestId('locale-zh-CN').click();
    expect(await page.getByTestId('nav-admin-revenue').textContent()).toBe('营收');
    expect(await page.getByTestId('revenue-paid-out').textContent()).toBe('¥18.00');
    await shot('admin-revenue-zh');
  });
});
