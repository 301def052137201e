import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createTemplate, createUser, type TestUser } from '../apps/api/test/factories/factories.js';
import { launchChromium, signInStudio } from './lib/studio-browser.js';
import { expectPoll } from '../testing/poll.js';

const DESIGNER_PASSWORD = 'designer-password-1';
const NEW_PASSWORD = 'a brand new designer secret';
const ADMIN_PASSWORD = 'admin-password-1';

// Cutting a person off, in Chromium against the real API: a designer signed in in two browsers signs out
// everywhere (and changes the password) from one, the other is sent to sign-in on its next action; an
// admin disables the designer, who is out at once and cannot sign in until enabled again.
describe('studio account and sessions in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let designer: TestUser;
  let admin: TestUser;
  const contexts: BrowserContext[] = [];

  /** A separate browser profile (its own localStorage): another computer, as far as the studio knows. */
  const openBrowser = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      // A refused request is expected here; anything else is worth seeing.
      if (m.type() === 'error' && !m.text().includes('401')) console.log('[browser]', m.text());
    });
    return page;
  };

  // Full-page shots from the top, so the sticky top bar stays at the top of the image.
  const shot = async (page: Page, name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(tmpdir(), `atelier-studio-account-${name}.png`), fullPage: true });
  };
  // The session token, as the browser keeps it: an httpOnly cookie (read here through the browser, not the page).
  const tokenIn = async (page: Page) => (await page.context().cookies()).find((c) => c.name === 'atelier_session')?.value ?? null;

  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: 'apps/studio/dist' });
    designer = await createUser(t, ['DESIGNER'], DESIGNER_PASSWORD);
    admin = await createUser(t, ['ADMIN'], ADMIN_PASSWORD);
    await t.sql.query(`UPDATE users SET display_name = 'Dana Designer' WHERE id = $1`, [designer.id]);
    await t.sql.query(`UPDATE users SET display_name = 'Ada Admin' WHERE id = $1`, [admin.id]);
    await createTemplate(t, designer, { title: 'Golden Hour Film' });
    browser = await launchChromium({ lang: 'en-US' });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  it('signs the designer out of the other browser from the account page; this one carries on with a new token', async () => {
    const laptop = await openBrowser();
    const phone = await openBrowser();
    await signInStudio(laptop, t.url, designer.email, DESIGNER_PASSWORD);
    await signInStudio(phone, t.url, designer.email, DESIGNER_PASSWORD);
    await phone.getByTestId('template-row').first().waitFor();

    await laptop.getByTestId('nav-account').click();
    await expectPoll(() => laptop.evaluate(() => location.hash)).toBe('#/account');
    await laptop.getByTestId('account-page').waitFor();
    expect(await laptop.getByTestId('account-identity').textContent()).toBe(`Dana Designer · ${designer.email} · Designer`);
    await shot(laptop, 'page-en');

    const before = await tokenIn(laptop);
    // The token is out of page scripts' reach: httpOnly and SameSite=Strict, nowhere in storage.
    const cookie = (await laptop.context().cookies()).find((c) => c.name === 'atelier_session')!;
    expect([cookie.httpOnly, cookie.sameSite]).toEqual([true, 'Strict']);
    const visibleToScripts = await laptop.evaluate(() => ({ cookies: document.cookie, stored: JSON.stringify({ ...localStorage, ...sessionStorage }) }));
    expect(visibleToScripts.cookies).toMatch(/atelier_csrf=/);
    expect(visibleToScripts.cookies).not.toContain('atelier_session');
    expect(visibleToScripts.stored).not.toContain(before!);
    await laptop.getByTestId('sign-out-everywhere').click();
    const dialog = laptop.getByTestId('confirm-dialog');
    expect(await dialog.textContent()).toContain('Every other browser and device where you are signed in to Atelier is signed out at once.');
    await shot(laptop, 'sign-out-everywhere-confirm-en');
    await dialog.getByTestId('confirm-submit').click();
    await laptop.getByTestId('signed-out-everywhere').waitFor();
    await shot(laptop, 'signed-out-everywhere-en');
    const after = await tokenIn(laptop);
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    expect((await t.sql.query(`SELECT token_version FROM users WHERE id = $1`, [designer.id])).rows[0].token_version).toBe(1);

    // This browser keeps working with the new token.
    await laptop.getByTestId('nav-templates').click();
    await expectPoll(async () => (await laptop.getByTestId('template-row').allTextContents()).join('|')).toContain('Golden Hour Film');

    // The other one is sent to sign-in on its next action, with the API's reason.
    await phone.getByTestId('nav-earnings').click();
    await phone.getByTestId('login-email').waitFor();
    expect(await phone.getByTestId('session-ended').textContent()).toBe('You were signed out. This session was ended (signed out everywhere, or the password was changed). Please sign in again.');
    expect(await tokenIn(phone)).toBeNull();
    await shot(phone, 'other-browser-signed-out-en');

    // Signing in again there works, and lands where they were going.
    await phone.getByTestId('login-email').fill(designer.email);
    await phone.getByTestId('login-password').fill(DESIGNER_PASSWORD);
    await phone.getByTestId('login-submit').click();
    await phone.getByTestId('signed-in-as').waitFor();
    expect(await phone.evaluate(() => location.hash)).toBe('#/earnings');
  });

  it('changes the password: a wrong current one is shown next to its field, then the other browser is out', async () => {
    const [laptop, phone] = [await openBrowser(), await openBrowser()];
    await signInStudio(laptop, t.url, designer.email, DESIGNER_PASSWORD);
    await signInStudio(phone, t.url, designer.email, DESIGNER_PASSWORD);

    await laptop.goto(`${t.url}/#/account`);
    await laptop.getByTestId('change-password-form').waitFor();
    // The form's own checks first.
    await laptop.getByTestId('current-password').fill(DESIGNER_PASSWORD);
    await laptop.getByTestId('new-password').fill('short');
    await laptop.getByTestId('change-password-submit').click();
    expect(await laptop.locator('[data-testid="field-error"][data-path="newPassword"]').textContent()).toBe('The new password needs at least 10 characters.');

    // Then the API's: a wrong current password, shown inline.
    await laptop.getByTestId('current-password').fill('not my password at all');
    await laptop.getByTestId('new-password').fill(NEW_PASSWORD);
    await laptop.getByTestId('confirm-password').fill(NEW_PASSWORD);
    await laptop.getByTestId('change-password-submit').click();
    const wrong = laptop.locator('[data-testid="field-error"][data-path="currentPassword"]');
    await expectPoll(() => wrong.textContent()).toBe('That is not your current password.');
    expect(await laptop.getByTestId('current-password').getAttribute('aria-invalid')).toBe('true');
    await shot(laptop, 'wrong-current-password-en');

    // Switched to Chinese, the page and the inline error read in Chinese.
    await laptop.getByTestId('locale-zh-CN').click();
    await expectPoll(() => laptop.getByRole('heading', { level: 1 }).textContent()).toBe('我的账号');
    await laptop.getByTestId('change-password-submit').click();
    await expectPoll(() => wrong.textContent()).toBe('这不是你当前的密码。');
    await shot(laptop, 'page-zh');
    await laptop.getByTestId('sign-out-everywhere').click();
    await laptop.getByTestId('confirm-dialog').waitFor();
    await shot(laptop, 'sign-out-everywhere-confirm-zh');
    await laptop.getByTestId('confirm-cancel').click();
    await laptop.getByTestId('locale-en').click();

    await laptop.getByTestId('current-password').fill(DESIGNER_PASSWORD);
    await laptop.getByTestId('change-password-submit').click();
    await laptop.getByTestId('password-changed').waitFor();
    await shot(laptop, 'password-changed-en');
    expect(await laptop.getByTestId('current-password').inputValue()).toBe('');

    await phone.getByTestId('nav-catalog').click();
    await phone.getByTestId('session-ended').waitFor();
    await phone.getByTestId('login-email').fill(designer.email);
    await phone.getByTestId('login-password').fill(DESIGNER_PASSWORD);
    await phone.getByTestId('login-submit').click();
    await expectPoll(() => phone.getByTestId('login-error').textContent()).toContain('do not match');
    await phone.getByTestId('login-password').fill(NEW_PASSWORD);
    await phone.getByTestId('login-submit').click();
    await phone.getByTestId('signed-in-as').waitFor();
    // The laptop carried on with its new token.
    await laptop.getByTestId('nav-templates').click();
    await laptop.getByTestId('template-row').first().waitFor();
  });

  it('lets an admin disable a designer, who is out at once, and enable them again', async () => {
    const adminPage = await openBrowser();
    const designerPage = await openBrowser();
    await signInStudio(designerPage, t.url, designer.email, NEW_PASSWORD);
    await designerPage.getByTestId('template-row').first().waitFor();
    await signInStudio(adminPage, t.url, admin.email, ADMIN_PASSWORD);

    await adminPage.getByTestId('nav-admin-revenue').click();
    await adminPage.getByTestId('admin-nav-admin-users').click();
    const row = adminPage.locator(`[data-testid="user-row"][data-user-id="${designer.id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('user-status').textContent()).toBe('Active');
    // No Disable button on the admin's own row.
    const ownRow = adminPage.locator(`[data-testid="user-row"][data-user-id="${admin.id}"]`);
    expect(await ownRow.getByTestId('user-you-badge').textContent()).toBe('You');
    expect(await ownRow.getByTestId('disable-user').count()).toBe(0);
    await shot(adminPage, 'users-en');

    await row.getByTestId('disable-user').click();
    const dialog = adminPage.getByTestId('confirm-dialog');
    expect(await dialog.textContent()).toContain('Disabling signs Dana Designer out everywhere at once.');
    await shot(adminPage, 'users-disable-confirm-en');
    await dialog.getByTestId('confirm-submit').click();
    await expectPoll(() => row.getByTestId('user-status').textContent()).toBe('Disabled');
    expect(await row.getAttribute('data-disabled')).toBe('true');
    expect(await adminPage.getByTestId('user-status-changed').textContent()).toBe('Dana Designer is disabled and signed out everywhere.');
    expect((await t.sql.query(`SELECT disabled FROM users WHERE id = $1`, [designer.id])).rows[0].disabled).toBe(true);
    await shot(adminPage, 'users-disabled-en');

    // The designer's next action sends them to sign-in, and signing in is refused.
    await designerPage.getByTestId('nav-earnings').click();
    await designerPage.getByTestId('login-email').waitFor();
    expect(await designerPage.getByTestId('session-ended').textContent()).toBe('You were signed out. Your account is not active. Please sign in again.');
    await designerPage.getByTestId('locale-zh-CN').click();
    await expectPoll(() => designerPage.getByTestId('login-submit').textContent()).toBe('登录');
    // The API's reason, in the studio's language.
    expect(await designerPage.getByTestId('session-ended').textContent()).toBe('你已退出登录。 你的账号当前不可用。请重新登录；如仍无法登录，请联系管理员。');
    await shot(designerPage, 'disabled-signed-out-zh');
    await designerPage.getByTestId('locale-en').click();
    await designerPage.getByTestId('login-email').fill(designer.email);
    await designerPage.getByTestId('login-password').fill(NEW_PASSWORD);
    await designerPage.getByTestId('login-submit').click();
    await expectPoll(() => designerPage.getByTestId('login-error').textContent()).toContain('do not match');

    // In Chinese, the admin enables the account again.
    await adminPage.getByTestId('locale-zh-CN').click();
    await expectPoll(() => row.getByTestId('user-status').textContent()).toBe('已停用');
    expect(await adminPage.getByTestId('user-status-changed').textContent()).toBe('Dana Designer 已停用，并已在所有设备上退出登录。');
    await shot(adminPage, 'users-zh');
    await row.getByTestId('enable-user').click();
    expect(await dialog.textContent()).toContain('Dana Designer 将可以用原密码再次登录。');
    await shot(adminPage, 'users-enable-confirm-zh');
    await dialog.getByTestId('confirm-submit').click();
    await expectPoll(() => row.getByTestId('user-status').textContent()).toBe('正常');
    await adminPage.getByTestId('locale-en').click();

    await designerPage.getByTestId('login-submit').click();
    await designerPage.getByTestId('signed-in-as').waitFor();
  });
});
