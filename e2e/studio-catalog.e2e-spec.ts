import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDemoLoraSafetensors } from '@atelier/safetensors';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createPreviewSubject, createUser, makeTemplateSpec, publishTemplate, uploadAsset, type TestUser } from '../apps/api/test/factories/factories.js';
import { launchChromium, signInStudio } from './lib/studio-browser.js';
import { expectPoll } from '../testing/poll.js';

// The catalog page of the built studio against the real API, in Chromium: a designer sees a
// published template exactly as a consumer app gets it over HTTP with an API key — the same pinned
// version id, the same ComfyUI graph, trigger words that are in that graph's prompt — and the
// example request the studio offers, sent as-is with the key, answers for that version.
describe('studio catalog in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let designer: TestUser;
  let apiKey: string;
  let golden: { templateId: string; versionId: string };

  const shot = async (name: string) => {
    await page.screenshot({ path: join(tmpdir(), `atelier-studio-catalog-${name}.png`) });
  };

  // What a consumer app sends: POST /graphql with its key, no session.
  async function asApp<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data: T; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  beforeAll(async () => {
    t = await startTestApp({ STUDIO_DIST: process.env['STUDIO_DIST'] ?? 'apps/studio/dist' });
    const admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER'], 'designer-password-1');
    const reviewer = await createUser(t, ['REVIEWER']);
    const subjectIds = [(await createPreviewSubject(t, admin, 'Mei')).id];

    // A style LoRA with its own trigger words, which the published graph appends to the prompt.
    const file = await uploadAsset(t, admin, 'LORA', 'golden.safetensors', 'application/octet-stream', makeDemoLoraSafetensors({ name: 'golden', baseModel: 'sdxl', seed: 21 }));
    expect((await file.complete()).errors).toBeUndefined();
    const lora = await t.gql(`mutation($input: RegisterLoraInput!) { registerLora(input: $input) { id } }`, {
      input: { name: 'Golden Film', baseModel: 'SDXL', defaultWeight: 0.7, minWeight: 0, maxWeight: 1.2, fileAssetId: file.assetId, triggerWords: ['goldfilm', 'warm rim light'] },
    }, admin);
    expect(lora.errors).toBeUndefined();
    const loraId = lora.data!['registerLora'].id as string;

    const people = { designer, reviewer, subjectIds };
    golden = await publishTemplate(t, people, { title: 'Golden Hour Rooftop', tags: ['wedding', 'outdoor'], spec: makeTemplateSpec({ styleLoras: [{ loraId, weight: 0.8 }] }) });
    await publishTemplate(t, people, { title: 'Studio Backdrop', tags: ['studio'] });

    const key = await t.gql(`mutation { createApiKey(input: { name: "Miaoya (test)", scopes: [CATALOG_READ] }) { key } }`, {}, admin);
    expect(key.errors).toBeUndefined();
    apiKey = key.data!['createApiKey'].key;

    browser = await launchChromium({ lang: 'en-US' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
    page = await context.newPage();
    // A missing element fails its step with the locator's name, well inside the test's timeout.
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => {
      if (m.type() === 'error') console.log('[browser]', m.text());
    });
    await signInStudio(page, t.url, designer.email, 'designer-password-1');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a designer the published templates with the pinned version id an app gets', async () => {
    const app = await asApp(`{ catalog(first: 10) { totalCount edges { node { id title tags publishedVersion { id number current coverUrl } } } } }`);
    const fromApp = app.catalog.edges.map((e: any) => e.node);
    expect(fromApp.map((n: any) => n.title)).toEqual(['Studio Backdrop', 'Golden Hour Rooftop']);

    await page.getByTestId('nav-catalog').click();
    await expectPoll(() => page.evaluate(() => location.hash)).toBe('#/catalog');
    const card = page.locator('[data-testid="catalog-card"]', { hasText: 'Golden Hour Rooftop' });
    await card.waitFor();
    expect(await page.getByTestId('catalog-card-title').allTextContents()).toEqual(fromApp.map((n: any) => n.title));
    expect(await page.getByTestId('catalog-count').textContent()).toBe('2 published templates');
    const appGolden = fromApp.find((n: any) => n.title === 'Golden Hour Rooftop');
    expect(appGolden.publishedVersion.id).toBe(golden.versionId);
    expect(await card.getByTestId('catalog-card-version-id').textContent()).toBe(appGolden.publishedVersion.id);
    expect(await card.getByTestId('catalog-version-status').textContent()).toBe('v1 · Current');
    // The cover an app gets, or a placeholder (never a broken image) while it has none.
    if (appGolden.publishedVersion.coverUrl) expect(await card.getByTestId('catalog-cover').getAttribute('src')).toBe(appGolden.publishedVersion.coverUrl);
    else await card.getByTestId('catalog-cover-placeholder').waitFor();

    await card.getByTestId('copy-version-id').click();
    await expectPoll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(golden.versionId);
    await shot('en-list');

    // Filters reach the API: a tag, then a search that matches nothing.
    await page.getByTestId('catalog-tag').selectOption('wedding');
    await expectPoll(() => page.getByTestId('catalog-card-title').allTextContents()).toEqual(['Golden Hour Rooftop']);
    await page.getByTestId('catalog-tag').selectOption('');
    await page.getByTestId('catalog-search').fill('no such template');
    await page.getByTestId('catalog-empty').waitFor();
    await page.getByTestId('catalog-search').fill('');
    await expectPoll(() => page.getByTestId('catalog-card').count()).toBe(2);
  });

  it('opens what an app receives for the pinned version: the same graph, its trigger words, and a request that works as pasted', async () => {
    const PINNED = `query($id: ID!) { catalogVersion(id: $id) { id title current comfyGraph spec } }`;
    const { catalogVersion: fromApp } = await asApp(PINNED, { id: golden.versionId });

    const card = page.locator('[data-testid="catalog-card"]', { hasText: 'Golden Hour Rooftop' });
    await card.getByTestId('catalog-open').click();
    const drawer = page.getByTestId('catalog-drawer');
    await expectPoll(() => drawer.getByTestId('catalog-drawer-title').textContent()).toBe('Golden Hour Rooftop');
    expect(await drawer.getByTestId('catalog-drawer-version-id').textContent()).toBe(fromApp.id);

    // Trigger words: shown in spec order, and each one is in the prompt of the graph the app gets.
    await expectPoll(() => drawer.getByTestId('catalog-trigger-word').allTextContents()).toEqual(['goldfilm', 'warm rim light']);
    const words = await drawer.getByTestId('catalog-trigger-word').allTextContents();
    const appPrompt = fromApp.comfyGraph.positive.inputs.text as string;
    expect(appPrompt.endsWith(`, ${words.join(', ')}`)).toBe(true);
    expect(await drawer.getByTestId('catalog-prompt').textContent()).toBe(appPrompt);

    await drawer.getByTestId('catalog-graph').locator('summary').click();
    expect(JSON.parse((await drawer.getByTestId('catalog-graph-json').textContent())!)).toEqual(fromApp.comfyGraph);
    await drawer.locator('.catalog-drawer-body').evaluate((body) => body.scrollTo(0, body.scrollHeight));
    await shot('en-drawer-graph-and-query');
    await drawer.getByTestId('catalog-graph').locator('summary').click();

    // The render recipe, as the app gets it, and each of its file links downloads that file.
    const { catalogVersion: withRecipe } = await asApp(`query($id: ID!) { catalogVersion(id: $id) { recipe } }`, { id: golden.versionId });
    await drawer.getByTestId('catalog-recipe').locator('summary').click();
    const shown = JSON.parse((await drawer.getByTestId('catalog-recipe-json').textContent())!);
    expect({ ...shown, files: undefined, linksValidUntil: undefined }).toEqual({ ...withRecipe.recipe, files: undefined, linksValidUntil: undefined });
    const links = await drawer.getByTestId('catalog-recipe-files').getByRole('link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(shown.files.length).toBeGreaterThan(0);
    expect(links).toEqual(shown.files.map((f: { url: string }) => f.url));
    for (const link of links) expect((await fetch(link)).status).toBe(200);
    await drawer.getByTestId('catalog-recipe').scrollIntoViewIfNeeded();
    await shot('en-drawer-recipe');
    await drawer.getByTestId('catalog-recipe').locator('summary').click();
    await drawer.locator('.catalog-drawer-body').evaluate((body) => body.scrollTo(0, 0));
    await shot('en-drawer');

    // The example request, sent exactly as shown (with a real key in the header), answers for this version.
    const query = (await drawer.getByTestId('catalog-example-query').textContent())!;
    const variables = JSON.parse((await drawer.getByTestId('catalog-example-variables').textContent())!);
    expect(variables).toEqual({ id: golden.versionId });
    const pasted = await asApp(query, variables);
    expect(pasted.catalogVersion).toMatchObject({ id: golden.versionId, title: 'Golden Hour Rooftop', current: true, comfyGraph: fromApp.comfyGraph, spec: fromApp.spec });
    await drawer.getByTestId('catalog-example-curl').click();
    const curl = (await drawer.locator('pre[data-testid="catalog-example-curl"]').textContent())!;
    expect(curl).toContain(`${t.url}/graphql`);
    expect(curl).toContain(`-H 'x-api-key: <your catalog:read API key>'`);

    await drawer.getByTestId('catalog-drawer-close').click();
    await expectPoll(() => page.getByTestId('catalog-drawer').count()).toBe(0);
  });

  it('reads the same in Chinese, dates formatted for zh-CN', async () => {
    await page.getByTestId('locale-zh-CN').click();
    await expectPoll(() => page.locator('h1').textContent()).toBe('模板目录');
    expect(await page.getByTestId('catalog-count').textContent()).toBe('2 个已发布模板');
    const card = page.locator('[data-testid="catalog-card"]', { hasText: 'Golden Hour Rooftop' });
    expect(await card.getByTestId('catalog-version-status').textContent()).toBe('v1 · 当前版本');
    expect(await card.textContent()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    await shot('zh-list');
    await card.getByTestId('catalog-open').click();
    const drawer = page.getByTestId('catalog-drawer');
    await expectPoll(() => drawer.getByTestId('catalog-trigger-word').allTextContents()).toEqual(['goldfilm', 'warm rim light']);
    expect(await drawer.textContent()).toContain('应用发送的查询');
    await shot('zh-drawer');
    await drawer.getByTestId('catalog-drawer-close').click();
    await page.getByTestId('locale-en').click();
  });
});
