import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../testing/expect-labelled.js';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { makeDemoLoraSafetensors } from '@atelier/safetensors';
import { createPreviewSubject, createUser, type TestUser } from '../apps/api/test/factories/factories.js';
import { makePdfBytes, makePngBytes } from '../apps/api/test/factories/asset-fixtures.js';
import { launchChromium, signInStudio } from './lib/studio-browser.js';
import { expectPoll } from '../testing/poll.js';

// The admin pages of the built studio against the real API, in Chromium: API keys (secret once,
// revoke), worker tokens, a worker's heartbeat in the workers table, retiring a preview subject.
describe('studio admin pages in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let admin: TestUser;
  let subject: { id: string };

  // Full-page shots from the top, so the sticky top bar stays at the top of the image.
  const shot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(tmpdir(), `atelier-studio-admin-${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: 'apps/studio/dist' });
    admin = await createUser(t, ['ADMIN'], 'admin-password-1');
    subject = await createPreviewSubject(t, admin, 'Mei');
    // The browser POSTs uploads (the signed form) straight to the bucket, so the test bucket must allow
    // the studio's origin (a deployment configures the same CORS rule on its bucket).
    const cors = await fetch(`${t.config.s3.endpoint}/${t.config.s3.bucket}?cors`, {
      method: 'PUT',
      headers: { 'content-type': 'application/xml' },
      body: `<CORSConfiguration><CORSRule><AllowedOrigin>${t.url}</AllowedOrigin><AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader></CORSRule></CORSConfiguration>`,
    });
    expectLabelled(cors.status, await cors.text()).toBe(200);

    browser = await launchChromium({ lang: 'en-US' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
    page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') console.log('[browser]', m.text()); });

    await signInStudio(page, t.url, admin.email, 'admin-password-1');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('creates an API key whose secret is shown once, then only its prefix, and revokes it', async () => {
    await page.getByTestId('nav-admin-revenue').click();
    await page.getByTestId('admin-nav-admin-api-keys').click();
    await expectPoll(() => page.evaluate(() => location.hash)).toBe('#/admin/api-keys');

    await page.getByTestId('api-key-name').fill('miaoya-usage');
    await page.getByTestId('api-key-scope-USAGE_WRITE').check();
    await page.getByTestId('create-api-key-submit').click();
    // Usage needs the consumer app; the form says so next to the field.
    await page.getByText('Enter the consumer app this key reports usage for.').waitFor();
    await page.getByTestId('api-key-consumer-app').fill('Miaoya Camera');
    await page.getByTestId('create-api-key-submit').click();

    const secret = (await page.getByTestId('secret-value').textContent())!;
    expect(secret.length).toBeGreaterThan(20);
    const row = page.locator('[data-testid="api-key-row"]', { hasText: 'miaoya-usage' });
    await row.waitFor();
    const prefix = (await row.getByTestId('api-key-prefix').textContent())!.replace('…', '');
    // Keys look like <kind>_<prefix>_<secret>; the list keeps only the prefix.
    expect(secret).toContain(`_${prefix}_`);
    await page.getByTestId('copy-secret').click();
    await expectPoll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await shot('api-key-created');

    // Once dismissed (or after a reload) only the prefix is left.
    await page.getByTestId('dismiss-secret').click();
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    await row.getByTestId('revoke-api-key').click();
    const dialog = page.getByTestId('confirm-dialog');
    expect(await dialog.textContent()).toContain(`${prefix}…`);
    await shot('api-key-revoke-confirm');
    await dialog.getByTestId('confirm-submit').click();
    await expectPoll(() => row.getByTestId('api-key-status').textContent()).toBe('Revoked');
    const revoked = await t.sql.query(`SELECT revoked_at FROM api_keys WHERE name = 'miaoya-usage'`);
    expect(revoked.rows[0].revoked_at).not.toBeNull();
    await shot('api-key-revoked');

    // A key an app renders with: the RENDER scope, for a named consumer app; the app can then ask to
    // upload an end user's face photo with it.
    await page.getByTestId('api-key-name').fill('miaoya-render');
    await page.getByTestId('api-key-scope-RENDER').check();
    await page.getByTestId('api-key-consumer-app').fill('Miaoya Camera');
    await page.getByTestId('create-api-key-submit').click();
    const renderSecret = (await page.getByTestId('secret-value').textContent())!;
    // Its webhook secret, shown once too: the one the API signs this app's render webhooks with.
    const webhookSecret = (await page.getByTestId('webhook-secret-value').textContent())!;
    expect(webhookSecret).toMatch(/^whsec_/);
    expect((await t.sql.query(`SELECT webhook_secret FROM api_keys WHERE name = 'miaoya-render'`)).rows[0].webhook_secret).toBe(webhookSecret);
    await shot('api-key-render-created');
    const stored = await t.sql.query(`SELECT scopes FROM api_keys WHERE name = 'miaoya-render'`);
    // catalog:read stays ticked (the form's default): an app that renders reads the catalog too.
    expect(stored.rows[0].scopes).toEqual(['catalog:read', 'render']);
    const asked = await t.gql(`mutation($input: RequestUploadInput!) { requestUpload(input: $input) { asset { id kind } } }`, { input: { kind: 'IDENTITY_PHOTO', fileName: 'face.png', contentType: 'image/png', byteSize: 2048 } }, { apiKey: renderSecret });
    expect(asked.errors).toBeUndefined();
    expect(asked.data!['requestUpload'].asset.kind).toBe('IDENTITY_PHOTO');
    await page.getByTestId('dismiss-secret').click();
    await page.getByTestId('dismiss-webhook-secret').click();
  });

  it('issues a worker token and shows the worker that heartbeats with it', async () => {
    await page.getByTestId('admin-nav-admin-worker-tokens').click();
    await page.getByTestId('worker-token-name').fill('gpu-box-e2e');
    await page.getByTestId('issue-worker-token-submit').click();
    const token = (await page.getByTestId('secret-value').textContent())!;
    await page.locator('[data-testid="worker-token-row"]', { hasText: 'gpu-box-e2e' }).waitFor();
    await shot('worker-token-issued');

    const res = await fetch(`${t.url}/v1/workers/heartbeat`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ backend: 'draft', baseModels: ['sdxl'] }) });
    expect(res.status).toBe(200);

    await page.getByTestId('admin-nav-admin-workers').click();
    await expectPoll(() => page.evaluate(() => location.hash)).toBe('#/admin/workers');
    const worker = page.locator('[data-testid="worker-row"]', { hasText: 'gpu-box-e2e' });
    await worker.waitFor();
    expect(await worker.getAttribute('data-status')).toBe('ONLINE');
    expect(await worker.getByTestId('worker-status').textContent()).toBe('Online');
    expect(await worker.getByTestId('worker-backend').textContent()).toBe('draft');
    expect(await worker.textContent()).toContain('sdxl');
    // One figure per class: interactive, review, apps' renders, bulk.
    expect(await page.getByTestId('queue-depth').count()).toBe(4);
    await shot('workers');
  });

  it('adds a preview face from the browser: consent, identity LoRAs per base model and photos, each uploaded and checked', async () => {
    await page.goto(`${t.url}/#/admin/preview-subjects`);
    await page.getByTestId('add-face').click();
    await page.getByTestId('face-name').fill('Lan');
    await page.getByTestId('face-gender').selectOption('FEMALE');
    await page.getByTestId('face-age').fill('34');
    await page.getByTestId('face-consent-file').setInputFiles({ name: 'lan-consent.pdf', mimeType: 'application/pdf', buffer: makePdfBytes({ text: 'Lan consents.' }) });
    await page.getByTestId('face-consent-until').fill('2099-06-30');
    await page.getByTestId('face-lora-sd15').setInputFiles({ name: 'lan-sd15.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(makeDemoLoraSafetensors({ name: 'lan', baseModel: 'sd15', seed: 21 })) });
    await page.getByTestId('face-lora-sdxl').setInputFiles({ name: 'lan-sdxl.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(makeDemoLoraSafetensors({ name: 'lan', baseModel: 'sdxl', seed: 22 })) });
    const photos = await Promise.all([0, 1, 2].map(async (n) => ({ name: `lan-${n + 1}.png`, mimeType: 'image/png', buffer: await makePngBytes({ width: 96 + n, height: 128 }) })));
    await page.getByTestId('face-photos').setInputFiles(photos);
    await shot('face-form');
    await page.getByTestId('add-face-submit').click();

    await expectPoll(async () => (await page.getByTestId('faces-message').textContent({ timeout: 100 }).catch(() => null)) ?? '', { timeout: 30_000 }).toBe('Lan is added. Their previews can be requested now.');
    const row = page.locator('[data-testid="face-row"]', { hasText: 'Lan' });
    expect(await row.getByTestId('face-base-models').textContent()).toBe('SD1.5SDXL');
    await expectPoll(() => row.locator('img.face-photo').evaluateAll((imgs) => imgs.filter((img) => (img as HTMLImageElement).naturalWidth > 0).length)).toBe(3);
    const saved = (await t.gql(`{ previewSubjects { name gender ageYears consentExpiresAt identityLoras { baseModel } referencePhotos { assetId } } }`, {}, admin)).data!['previewSubjects'].find((f: { name: string }) => f.name === 'Lan');
    expect(saved).toMatchObject({ gender: 'FEMALE', ageYears: 34, identityLoras: [{ baseModel: 'SD15' }, { baseModel: 'SDXL' }] });
    expect(saved.referencePhotos).toHaveLength(3);
    expect(saved.consentExpiresAt.slice(0, 4)).toBe('2099');
    await shot('face-added');
    // The same page in Chinese, looked at.
    await page.getByTestId('locale-zh-CN').click();
    await expectPoll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('预览人脸');
    await page.getByTestId('add-face').click();
    await shot('faces-zh');
    await page.getByRole('button', { name: '取消' }).click();
    await page.getByTestId('locale-en').click();
    await expectPoll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Preview faces');
  });

  it('retires a preview face after a confirmation that says what is deleted', async () => {
    await page.getByTestId('admin-nav-admin-subjects').click();
    const row = page.locator(`[data-testid="face-row"][data-face-id="${subject.id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('face-status').textContent()).toMatch(/^Valid · \d+ days left$/);
    expect(await row.getByTestId('face-base-models').textContent()).toBe('SD1.5SDXL');

    await row.getByTestId('retire-face').click();
    const dialog = page.getByTestId('confirm-dialog');
    expect(await dialog.getByTestId('retire-deletes').textContent()).toBe(
      'For their privacy, these are deleted from storage and from every GPU box: the identity LoRAs (SD1.5, SDXL), the 3 photos and every preview made with this face. The signed consent documents are kept.',
    );
    await shot('subject-retire-confirm');
    await dialog.getByTestId('confirm-submit').click();

    await expectPoll(() => row.getByTestId('face-status').textContent()).toBe('Retired · deleting files');
    expect(await row.getAttribute('data-status')).toBe('retired');
    await page.getByTestId('faces-message').waitFor();
    const check = await t.gql(`query { previewSubjects { id active retiredAt } }`, {}, admin);
    expect(check.data!['previewSubjects'].find((s: { id: string }) => s.id === subject.id)).toMatchObject({ active: false });
    await shot('subject-retired');
  });

  it('invites a designer with a one-time link that signs them in once from another browser', async () => {
    await page.goto(`${t.url}/#/admin/users`);
    await page.getByTestId('user-email').fill('nina@studio.test');
    await page.getByTestId('user-display-name').fill('Nina Designer');
    await page.getByTestId('create-user-submit').click();
    const link = (await page.getByTestId('secret-value').textContent())!;
    expect(link).toMatch(new RegExp(`^${t.url}/#/set-password\\?token=pwd_`));
    const row = page.locator('[data-testid="user-row"]', { hasText: 'Nina Designer' });
    expect(await row.getByTestId('user-status').textContent()).toBe('Invited');
    await shot('user-invited');
    await page.getByTestId('locale-zh-CN').click();
    await expectPoll(() => page.getByTestId('user-invite-method').locator('option').first().textContent()).toBe('一次性链接');
    await shot('users-zh');
    await page.getByTestId('locale-en').click();
    await expectPoll(() => page.getByTestId('user-invite-method').locator('option').first().textContent()).toBe('One-time link');

    // Nina opens the link in her own browser, chooses a password and is in.
    const ninaContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    try {
      const nina = await ninaContext.newPage();
      await nina.goto(link);
      expect(await nina.getByTestId('set-password-who').textContent()).toContain('For Nina Designer (nina@studio.test).');
      await nina.getByTestId('set-password-new').fill('nina chose this one');
      await nina.getByTestId('set-password-confirm').fill('nina chose this one');
      await nina.getByTestId('set-password-submit').click();
      await expectPoll(async () => (await nina.getByTestId('signed-in-as').textContent({ timeout: 200 }).catch(() => '')) ?? '').toContain('Nina Designer');
      // The link worked once.
      await nina.goto('about:blank');
      await nina.goto(link);
      await nina.getByTestId('set-password-gone').waitFor();
    } finally {
      await ninaContext.close();
    }
    // The admin's list shows her active now, filtered by the address.
    await page.goto(`${t.url}/#/admin/users?status=ACTIVE&q=nina`);
    await expectPoll(() => page.locator('[data-testid="user-row"]').allTextContents()).toEqual([expect.stringContaining('Nina Designer')]);
    expect(await page.locator('[data-testid="user-row"]').getByTestId('user-status').textContent()).toBe('Active');
  });

  it('uploads and registers a LoRA from the browser', async () => {
    await page.goto(`${t.url}/#/admin/loras`);
    await page.getByTestId('register-lora-form').waitFor({ timeout: 5000 }).catch(async (e: unknown) => { await shot('lora-nav'); throw e; });
    await page.getByTestId('lora-file').setInputFiles({ name: 'golden.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(makeDemoLoraSafetensors({ name: 'golden', baseModel: 'sdxl', seed: 3 })) });
    await page.getByTestId('lora-name').fill('Golden Film');
    await page.getByTestId('lora-trigger-words').fill('goldfilm, warm');
    await page.getByTestId('register-lora-submit').click();
    await page.getByTestId('lora-registered').waitFor({ timeout: 15_000 }).catch(async (error: unknown) => {
      await shot('lora-error');
      throw new Error(`${String(error)}\n${await page.getByTestId('register-lora-form').textContent()}`);
    });
    const row = page.locator('[data-testid="lora-row"]', { hasText: 'Golden Film' });
    await row.waitFor();
    expect(await row.textContent()).toContain('SDXL');
    expect(await row.getByTestId('lora-weights').textContent()).toBe('0.0 – 1.0 (default 0.7)');
    await shot('lora-registered');

    await page.getByTestId('admin-nav-admin-users').click();
    await page.getByTestId('create-user-form').waitFor();
    await shot('users');
  });
});
