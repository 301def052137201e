// A consumer app's whole journey with Atelier, step by step, through @atelier/atelier-client: page the
// catalog, read a template's render recipe, upload an end user's identity, render on Atelier's GPU
// pool (the draft renderer in the embedded studio), receive and verify the signed webhook, download
// the image, and see the sale in the designer's earnings. `npm run example:consumer` runs it against a
// studio it starts; set ATELIER_URL (and ATELIER_ADMIN_EMAIL / ATELIER_ADMIN_PASSWORD) to use yours.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeDemoLoraSafetensors } from '@atelier/safetensors';
import {
  AtelierClient,
  AtelierError,
  WEBHOOK_SIGNATURE_HEADER,
  readRenderWebhook,
  type CatalogTemplate,
  type RenderSlots,
  type RenderWebhookEvent,
} from '@atelier/atelier-client';
import { designerOf, earningsFrom, issueConsumerKey, recentUsage, signInAsAdmin } from './studio-admin.js';

const ATELIER_URL = (process.env['ATELIER_URL'] ?? '').replace(/\/+$/, '');
const ADMIN_EMAIL = process.env['ATELIER_ADMIN_EMAIL'] ?? 'admin@atelier.local';
const ADMIN_PASSWORD = process.env['ATELIER_ADMIN_PASSWORD'] ?? 'atelier-dev';
const APP_NAME = 'Example Consumer App';
const PRICE_MINOR = 990;
const CURRENCY = 'CNY';

const TOTAL_STEPS = 9;
let step = 0;
function begin(title: string): void {
  step += 1;
  console.log(`\n[${step}/${TOTAL_STEPS}] ${title}`);
}
const say = (line: string) => console.log(`      ${line}`);
const money = (minor: number) => `${(minor / 100).toFixed(2)} ${CURRENCY}`;

async function poll<T>(what: string, timeoutMs: number, read: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// The app's webhook endpoint: keeps each delivery's raw body (the signature covers the exact bytes).
function startWebhookReceiver(): Promise<{ server: Server; url: string; deliveries: Array<{ body: string; signature: string | undefined }> }> {
  const deliveries: Array<{ body: string; signature: string | undefined }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()] as string | undefined });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/atelier`, deliveries })));
}

// The first value the recipe lists for each prompt slot (an app would let its user choose).
function slotsFromRecipe(placeholders: Awaited<ReturnType<AtelierClient['recipe']>>['placeholders']): RenderSlots {
  const slots: RenderSlots = {};
  for (const p of placeholders) if (p.name === 'subject' || p.name === 'gender' || p.name === 'age') slots[p.name] = p.values[0];
  return slots;
}

function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

async function main(): Promise<void> {
  if (!ATELIER_URL) throw new Error('set ATELIER_URL to the Atelier API (npm run example:consumer starts one for you)');
  console.log(`Atelier consumer app example, against ${ATELIER_URL}`);

  begin('An admin issues the app an API key (CATALOG_READ, USAGE_WRITE, RENDER)');
  say('A real app gets its key and webhook secret from an Atelier admin, once, and keeps them secret.');
  const admin = await signInAsAdmin(ATELIER_URL, ADMIN_EMAIL, ADMIN_PASSWORD);
  const issued = await issueConsumerKey(admin, APP_NAME);
  say(`${admin.displayName} issued key ${issued.prefix}... for "${APP_NAME}" with a webhook secret`);
  const atelier = new AtelierClient({ url: ATELIER_URL, apiKey: issued.key });

  begin('Page the catalog');
  // A fresh studio publishes its demo template a few seconds after it starts.
  await poll('the first published template', 90_000, async () => ((await atelier.catalog({ first: 1 })).totalCount > 0 ? true : undefined));
  const templates: CatalogTemplate[] = [];
  let pages = 0;
  for await (const page of atelier.catalogPages({ first: 2 })) {
    pages += 1;
    templates.push(...page.templates);
  }
  say(`${templates.length} published template(s) in ${pages} page(s):`);
  for (const t of templates) say(`  - ${t.title} (v${t.publishedVersion.number}, ${t.baseModel}, ${t.publishedVersion.identityMode}) [${t.tags.join(', ')}]`);
  const template = templates.find((t) => t.publishedVersion.identityMode === 'LORA');
  if (!template) throw new Error('the catalog has no template that renders with an identity LoRA');
  const version = await atelier.version(template.publishedVersion.id);
  say(`Chosen: "${version.title}" version ${version.number} (${version.id}), likeness ${version.likeness.default} to ${version.likeness.max}`);

  begin(`Read the render recipe of "${version.title}"`);
  const recipe = await atelier.recipe(version.id);
  say(`${recipe.baseModel}, ${Object.keys(recipe.graph).length} ComfyUI nodes, ${recipe.files.length} file(s) to fetch, models: ${recipe.models.map((m) => m.fileName).join(', ')}`);
  say('Placeholders:');
  for (const p of recipe.placeholders) {
    const detail = 'values' in p ? `one of ${p.values.map((v) => JSON.stringify(v)).join(', ')}` : 'min' in p ? `${p.min} to ${p.max}` : p.kind;
    say(`  ${p.token.padEnd(20)} ${detail}`);
  }

  begin('Upload the end user\'s identity (an identity LoRA)');
  const lora = makeDemoLoraSafetensors({ name: 'Example end user', baseModel: recipe.baseModel, seed: 42 });
  const identity = await atelier.uploadIdentity({ kind: 'IDENTITY_LORA', fileName: 'end-user.safetensors', contentType: 'application/octet-stream', bytes: lora });
  say(`Asset ${identity.id}: ${identity.state}, ${identity.byteSize} bytes, sha256 ${identity.sha256?.slice(0, 16)}...`);

  const designer = await designerOf(admin, template.id);
  const before = await earningsFrom(admin, designer.id, template.id, CURRENCY);

  begin('Start a webhook receiver and ask for a render');
  const hook = await startWebhookReceiver();
  say(`Webhook receiver listening on ${hook.url}`);
  try {
    const slots = slotsFromRecipe(recipe.placeholders);
    const created = await atelier.createRender({ versionId: version.id, identityAssetId: identity.id, slots, seed: 20261207, webhookUrl: hook.url, grossAmount: PRICE_MINOR, currency: CURRENCY });
    say(`Render ${created.id}: ${created.state} (queue position ${created.queuePosition ?? '-'}), slots ${JSON.stringify(slots)}, the end user paid ${money(PRICE_MINOR)}`);

    begin('Wait for the render');
    let lastState = created.state;
    const render = await atelier.waitForRender(created.id, {
      timeoutMs: 120_000,
      intervalMs: 500,
      onPoll: (r) => {
        if (r.state !== lastState) say(`${lastState} -> ${r.state} (progress ${Math.round(r.progress * 100)} %)`);
        lastState = r.state;
      },
    });
    if (render.state !== 'SUCCEEDED') throw new Error(`the render ${render.state}: ${render.error ?? 'no reason given'}`);
    say(`SUCCEEDED at ${render.finishedAt}`);

    begin('Receive the webhook and verify its signature');
    const delivery = await poll('the render.succeeded webhook', 60_000, async () => hook.deliveries[0]);
    const read = readRenderWebhook(issued.webhookSecret, delivery.body, delivery.signature);
    if (!read.ok) throw new Error(`the webhook signature did not verify: ${read.reason}`);
    const event: RenderWebhookEvent = read.event;
    if (event.renderId !== render.id || event.type !== 'render.succeeded') throw new Error(`unexpected webhook event ${JSON.stringify(event)}`);
    say(`Webhook verified: ${event.type} for render ${event.renderId} (event ${event.id}, signed at ${new Date(read.timestamp * 1000).toISOString()})`);
    const tampered = readRenderWebhook(issued.webhookSecret, delivery.body.replace('SUCCEEDED', 'FAILED'), delivery.signature);
    if (tampered.ok) throw new Error('a tampered webhook body verified');
    say(`A tampered body is refused: ${tampered.reason}`);

    begin('Download the image');
    const image = await fetch(event.imageUrl ?? render.imageUrl!);
    if (!image.ok) throw new Error(`the image download failed: HTTP ${image.status}`);
    const bytes = new Uint8Array(await image.arrayBuffer());
    const size = pngSize(bytes);
    if (!size) throw new Error(`the image is not a PNG (${image.headers.get('content-type')})`);
    say(`${bytes.length} bytes, ${image.headers.get('content-type')}, ${size.width}x${size.height}`);

    begin(`The sale in ${designer.displayName}'s earnings`);
    await poll('the render\'s paid use to be recorded', 30_000, async () => ((await atelier.render(render.id)).usageStatus ? true : undefined));
    const settled = await atelier.render(render.id);
    if (settled.usageStatus !== 'ACCEPTED') throw new Error(`the paid use was not recorded: ${settled.usageStatus} ${settled.usageMessage ?? ''}`);
    const after = await earningsFrom(admin, designer.id, template.id, CURRENCY);
    say(`"${template.title}" this month: ${before.uses} -> ${after.uses} uses, gross ${money(before.grossMinor)} -> ${money(after.grossMinor)}, designer's share ${money(before.shareMinor)} -> ${money(after.shareMinor)}`);
    if (after.uses !== before.uses + 1 || after.grossMinor !== before.grossMinor + PRICE_MINOR) throw new Error('the earnings do not show exactly one more sale of the render\'s price');
    const sale = (await recentUsage(admin, designer.id)).find((l) => l.appName === APP_NAME && l.kind === 'USAGE');
    if (!sale) throw new Error(`no use by ${APP_NAME} among ${designer.displayName}'s latest usage`);
    say(`Sale: ${sale.templateTitle} v${sale.versionNumber}, ${money(sale.basisMinor)} through ${sale.appName}, ${designer.displayName}'s share ${money(sale.shareMinor)}`);
    const deliveries = await atelier.webhookDeliveries(render.id);
    say(`Webhook deliveries: ${deliveries.map((d) => `${d.type} ${d.state} after ${d.attempts} attempt(s)`).join('; ')}`);
  } finally {
    await new Promise((resolve) => hook.server.close(resolve));
    // Privacy: the app deletes the end user's identity once it no longer needs it.
    await atelier.deleteIdentity(identity.id).then(
      (id) => say(`Deleted the end user's identity ${id}.`),
      (e: unknown) => say(`Could not delete the identity: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  console.log(`\nAll ${TOTAL_STEPS} steps held.`);
}

main().catch((error: unknown) => {
  const detail = error instanceof AtelierError ? `${error.message} (${error.code})` : error instanceof Error ? error.message : String(error);
  console.error(`\nFAILED at step ${step}: ${detail}`);
  process.exitCode = 1;
});
