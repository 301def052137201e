import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { INestApplicationContext } from '@nestjs/common';
import { makeDefaultTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import { makeDemoLoraSafetensors } from '@atelier/safetensors';
import { DataSource } from 'typeorm';
import type { ApiConfig } from '../config/api-config.js';
import { withStartupLock } from '../database/database.providers.js';
import { ApiKeyService } from '../modules/api-key/api-key.service.js';
import { AssetEntity, type StoredAssetKind } from '../modules/asset/asset.entity.js';
import { StorageService } from '../modules/asset/storage.service.js';
import { UsageService } from '../modules/ledger/usage.service.js';
import { LoraService } from '../modules/lora/lora.service.js';
import { PreviewSubjectService } from '../modules/preview-subject/preview-subject.service.js';
import { ReviewService } from '../modules/review/review.service.js';
import { TemplateService } from '../modules/template/template.service.js';
import { TemplateCategoryService } from '../modules/template/template-category.service.js';
import { TemplateRepository } from '../modules/template/template.repository.js';
import { PreviewJobService } from '../modules/preview-job/preview-job.service.js';
import { UserEntity } from '../modules/user/user.entity.js';
import { UserService } from '../modules/user/user.service.js';
import type { AuthUser } from '../common/request-context.js';

export const DEMO_PASSWORD = 'atelier-dev';
export const DEMO_ACCOUNTS = [
  { email: 'admin@atelier.local', displayName: 'Ada Admin', roles: ['ADMIN'] as const },
  { email: 'designer@atelier.local', displayName: 'Dana Designer', roles: ['DESIGNER'] as const },
  { email: 'reviewer@atelier.local', displayName: 'Remy Reviewer', roles: ['REVIEWER'] as const },
];

// A one-page PDF standing in for a signed consent form.
function consentPdf(name: string): Buffer {
  const text = `Demo consent: ${name} agrees to preview use`;
  const stream = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

// A schematic stand-in for a consented face photo (no real person): an oval face, eyes and a mouth on
// a coloured ground, turned a little differently in each of a face's photos.
async function demoFacePhoto(face: number, shot: number): Promise<Buffer> {
  const ground = ['#e8d5c4', '#c9d6e3'][face % 2];
  const skin = ['#f1c7a8', '#d9a77f'][face % 2];
  const turn = (shot - 1) * 12;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="384" height="512"><rect width="384" height="512" fill="${ground}"/>
    <g transform="rotate(${turn} 192 240)"><ellipse cx="192" cy="240" rx="110" ry="140" fill="${skin}"/>
    <circle cx="150" cy="215" r="12" fill="#3b2a20"/><circle cx="234" cy="215" r="12" fill="#3b2a20"/>
    <path d="M150 310 Q192 340 234 310" stroke="#8a4b3c" stroke-width="8" fill="none"/></g></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function storeAsset(app: INestApplicationContext, owner: string, kind: StoredAssetKind, fileName: string, contentType: string, bytes: Buffer): Promise<AssetEntity> {
  const storage = app.get(StorageService);
  const ds = app.get(DataSource);
  const asset = ds.manager.create(AssetEntity, { kind, state: 'READY', bucket: storage.bucket, objectKey: `seed/${kind.toLowerCase()}/${fileName}`, fileName, contentType, byteSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), width: null, height: null, rejectionReason: null, ownerId: owner, completedAt: new Date() });
  await storage.put(asset.objectKey, bytes, contentType);
  return ds.manager.save(asset);
}

// Creates the demo studio once (skipped when any user exists): the three demo accounts (embedded
// mode) or just the admin (production), three LoRAs, two preview subjects, three templates.
// Processes starting together on an empty database take turns, so only the first one seeds (the
// others would fail on the admin's e-mail).
export function seedDemoData(app: INestApplicationContext, config: ApiConfig): Promise<{ seeded: boolean }> {
  return withStartupLock(config.databaseUrl!, 'seed', () => seedEmptyStudio(app, config));
}

async function seedEmptyStudio(app: INestApplicationContext, config: ApiConfig): Promise<{ seeded: boolean }> {
  const ds = app.get(DataSource);
  if ((await ds.manager.count(UserEntity)) > 0) return { seeded: false };
  const users = app.get(UserService);
  if (config.env === 'production') {
    await users.createUser(null, { email: config.admin.email, displayName: 'Administrator', password: config.admin.password!, roles: ['ADMIN'] });
    return { seeded: true };
  }
  const [admin, designer] = await Promise.all(DEMO_ACCOUNTS.map((a) => users.createUser(null, { ...a, roles: [...a.roles], password: DEMO_PASSWORD })));
  const asUser = (u: UserEntity): AuthUser => ({ id: u.id, email: u.email, roles: u.roles });

  const loras = app.get(LoraService);
  const loraDefs = [
    { name: 'Film Grain Portrait', baseModel: 'sdxl' as const, triggerWords: ['film grain', 'kodak portra'], defaultWeight: 0.55, minWeight: 0, maxWeight: 1.2 },
    { name: 'Hanfu Elegance', baseModel: 'sdxl' as const, triggerWords: ['hanfu', 'silk'], defaultWeight: 0.7, minWeight: 0.2, maxWeight: 1.1 },
    { name: 'Soft Studio Light', baseModel: 'sd15' as const, triggerWords: ['softbox'], defaultWeight: 0.6, minWeight: 0, maxWeight: 1 },
  ];
  const registered: Awaited<ReturnType<LoraService['register']>>[] = [];
  for (const [i, def] of loraDefs.entries()) {
    const bytes = Buffer.from(makeDemoLoraSafetensors({ name: def.name, baseModel: def.baseModel, seed: i + 1 }));
    const file = await storeAsset(app, admin!.id, 'LORA', `${def.name.toLowerCase().replace(/\s+/g, '-')}.safetensors`, 'application/x-safetensors', bytes);
    registered.push(await loras.register(asUser(admin!), { ...def, fileAssetId: file.id }));
  }

  const subjects = app.get(PreviewSubjectService);
  const subjectList: Awaited<ReturnType<PreviewSubjectService['create']>>[] = [];
  const faces = [
    { name: 'Mei (demo face)', gender: 'FEMALE' as const, ageYears: 28 },
    { name: 'Jun (demo face)', gender: 'MALE' as const, ageYears: 31 },
  ];
  for (const [i, face] of faces.entries()) {
    // An identity LoRA per base model, so both SD1.5 and SDXL templates render the demo faces.
    const identityLoras = [];
    for (const baseModel of ['sd15', 'sdxl'] as const) {
      const file = await storeAsset(app, admin!.id, 'LORA', `identity-${i + 1}-${baseModel}.safetensors`, 'application/x-safetensors', Buffer.from(makeDemoLoraSafetensors({ name: face.name, baseModel, seed: 100 + i })));
      identityLoras.push({ baseModel, assetId: file.id });
    }
    const consent = await storeAsset(app, admin!.id, 'CONSENT_DOCUMENT', `consent-${i + 1}.pdf`, 'application/pdf', consentPdf(face.name));
    const referencePhotoAssetIds = [];
    for (let n = 0; n < 3; n++) referencePhotoAssetIds.push((await storeAsset(app, admin!.id, 'SUBJECT_PHOTO', `face-${i + 1}-${n + 1}.png`, 'image/png', await demoFacePhoto(i, n))).id);
    subjectList.push(await subjects.create(asUser(admin!), { ...face, identityLoras, referencePhotoAssetIds, consentDocumentAssetId: consent.id, consentExpiresAt: new Date(Date.now() + 365 * 86_400_000) }));
  }

  // The category list a studio starts with; admins keep it under Categories.
  const categories = app.get(TemplateCategoryService);
  for (const category of [
    { key: 'portrait', name: 'Portrait', nameZh: '人像' },
    { key: 'costume', name: 'Costume', nameZh: '古风服饰' },
    { key: 'business', name: 'Business', nameZh: '商务' },
  ]) {
    await categories.create(asUser(admin!), category);
  }

  const templates = app.get(TemplateService);
  const d = asUser(designer!);
  const withStyle = (positive: string, loraIndex: number | null): TemplateSpec => {
    const spec = makeDefaultTemplateSpec('sdxl');
    const lora = loraIndex === null ? null : registered[loraIndex]!;
    return { ...spec, prompt: { ...spec.prompt, positive }, styleLoras: lora ? [{ loraId: lora.id, weight: lora.defaultWeight }] : [] };
  };
  const published = await templates.createTemplate(d, { title: 'Golden Hour Film', description: 'Warm backlit portrait on 35mm film.', tags: ['film', 'outdoor'], category: 'portrait', baseModel: 'sdxl', spec: withStyle('a portrait photo of {subject}, {gender}, {age}, golden hour backlight, 35mm film', 0) });
  const [{ id: draft1 }] = (await ds.query(`SELECT id FROM template_versions WHERE template_id = $1`, [published.id])) as Array<{ id: string }>;
  // Its previews are rendered by the worker; publishDemoTemplate finishes the review once they are.
  await app.get(PreviewJobService).requestPreviews(d, { versionId: draft1 });
  await templates.createTemplate(d, { title: 'Hanfu Garden', description: 'Traditional hanfu among plum blossoms.', tags: ['hanfu', 'traditional'], category: 'costume', baseModel: 'sdxl', spec: withStyle('a portrait of {subject} wearing hanfu in a plum blossom garden, {age}', 1) });
  await templates.createTemplate(d, { title: 'Studio Headshot', description: 'Clean corporate headshot.', tags: ['headshot', 'studio'], category: 'business', baseModel: 'sdxl', spec: withStyle('a professional headshot of {subject}, {gender}, grey backdrop', null) });
  return { seeded: true };
}

export const DEMO_PUBLISHED_TITLE = 'Golden Hour Film';

export type DemoPublishOutcome = 'published' | 'nothing-to-do' | 'timed-out';

// The second half of seeding, run at every embedded start until it is done (a first start stopped
// before the previews rendered must not leave the demo catalog empty for good): make sure the
// previews of the demo template meant for the catalog are asked for (again, if the jobs of an
// earlier run were lost), wait up to timeoutMs for them, then submit, approve (as the demo reviewer)
// and publish it. 'nothing-to-do' when it is published already or the demo data is not there.
export async function publishDemoTemplate(app: INestApplicationContext, timeoutMs = 120_000): Promise<DemoPublishOutcome> {
  const ds = app.get(DataSource);
  const rows: Array<{ version_id: string; spec_hash: string; owner_id: string }> = await ds.query(
    `SELECT v.id AS version_id, v.spec_hash, t.owner_id FROM templates t JOIN template_versions v ON v.template_id = t.id
     WHERE t.title = $1 AND v.state = 'DRAFT' AND t.published_version_id IS NULL`,
    [DEMO_PUBLISHED_TITLE],
  );
  const target = rows[0];
  const reviewer = (await ds.manager.findOneBy(UserEntity, { email: DEMO_ACCOUNTS[2]!.email })) ?? null;
  const designer = await ds.manager.findOneBy(UserEntity, { id: target?.owner_id ?? '00000000-0000-0000-0000-000000000000' });
  if (!target || !reviewer || !designer) return 'nothing-to-do';
  const asUser = (u: UserEntity): AuthUser => ({ id: u.id, email: u.email, roles: u.roles });
  const repo = app.get(TemplateRepository);
  const missing = () => repo.subjectsWithoutPreview(target.spec_hash, 'sdxl');
  // Jobs still queued or rendering are followed, not repeated; done ones are answered from cache.
  const waiting: Array<{ n: number }> = await ds.query(`SELECT count(*)::int AS n FROM preview_jobs WHERE spec_hash = $1 AND state IN ('QUEUED', 'LEASED')`, [target.spec_hash]);
  if ((await missing()).length && !waiting[0]!.n) await app.get(PreviewJobService).requestPreviews(asUser(designer), { versionId: target.version_id });
  const deadline = Date.now() + timeoutMs;
  while ((await missing()).length) {
    if (Date.now() > deadline) return 'timed-out';
    await new Promise((r) => setTimeout(r, 500));
  }
  const templates = app.get(TemplateService);
  await templates.submitVersion(asUser(designer), target.version_id);
  const subjects: Array<{ id: string }> = await ds.query(`SELECT id FROM preview_subjects WHERE active AND consent_expires_at > now()`);
  await app.get(ReviewService).reviewVersion(asUser(reviewer), { versionId: target.version_id, decision: 'APPROVE', scores: subjects.map((s) => ({ subjectId: s.id, real: 93, like: 91, beautiful: 94 })), comments: [{ body: 'Lovely light; likeness holds on both faces.' }] });
  await templates.publishVersion(asUser(designer), target.version_id);
  // The demo story: the template has been on sale for three months (usage dated before publication
  // is refused, so its publication is dated back too).
  await ds.query(`UPDATE template_versions SET published_at = now() - interval '100 days' WHERE id = $1`, [target.version_id]);
  await ds.query(`UPDATE templates SET published_at = now() - interval '100 days' WHERE published_version_id = $1`, [target.version_id]);
  const admin = await ds.manager.findOneBy(UserEntity, { email: DEMO_ACCOUNTS[0]!.email });
  if (admin) await recordDemoUsage(app, asUser(admin), target.version_id);
  return 'published';
}

// A demo consumer app that has sold the published template for a few months, with a refund, so the
// earnings and revenue pages show something on a fresh `npm start`. Its key is not printed: an admin
// issues real keys with createApiKey.
async function recordDemoUsage(app: INestApplicationContext, admin: AuthUser, versionId: string): Promise<void> {
  const { apiKey } = await app.get(ApiKeyService).create(admin, { name: 'Miaoya Camera (demo)', scopes: ['usage:write'], consumerApp: 'Miaoya Camera (demo)' });
  const principal = { id: apiKey.id, name: apiKey.name, scopes: apiKey.scopes, consumerAppId: apiKey.consumerAppId, rateLimitPerMinute: apiKey.rateLimitPerMinute };
  const day = 86_400_000;
  const prices = [990, 1990, 990, 2990, 990];
  const events = Array.from({ length: 60 }, (_, i) => ({
    eventId: `demo-order-${String(i + 1).padStart(3, '0')}`,
    templateVersionId: versionId,
    occurredAt: new Date(Date.now() - (i * 1.5 + 0.5) * day).toISOString(),
    grossAmount: prices[i % prices.length]!,
    currency: 'CNY',
  }));
  const usage = app.get(UsageService);
  await usage.recordUsage(principal, events);
  await usage.recordRefund(principal, { eventId: 'demo-order-004', refundId: 'demo-refund-1', amount: 1000 });
}
