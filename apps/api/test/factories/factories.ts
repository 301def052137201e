import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { makeDefaultTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import { makeDemoLoraSafetensors } from '@atelier/safetensors';
import { AuthService } from '../../src/modules/auth/auth.service.js';
import type { UserRole } from '../../src/modules/user/user.entity.js';
import { UserService } from '../../src/modules/user/user.service.js';
import type { TestApp } from '../setup/test-app.js';
import { makePdfBytes, makePngBytes } from './asset-fixtures.js';

export interface TestUser {
  id: string;
  email: string;
  token: string;
  roles: UserRole[];
}

// A user with a real signed token (the same tokens login hands out).
export async function createUser(t: TestApp, roles: UserRole[] = ['DESIGNER'], password = 'correct horse battery'): Promise<TestUser> {
  const email = `${roles.join('-').toLowerCase()}-${randomBytes(4).toString('hex')}@test.local`;
  const user = await t.app.get(UserService).createUser(null, { email, displayName: email.split('@')[0]!, password, roles });
  return { id: user.id, email, roles, token: t.app.get(AuthService).issueToken(user).token };
}

export function makeTemplateSpec(overrides: Partial<TemplateSpec> = {}): TemplateSpec {
  return { ...makeDefaultTemplateSpec('sdxl'), ...overrides };
}

export const TEMPLATE_FIELDS = `id title tags baseModel headRevision draft { id number state revision specHash } publishedVersion { id number state }`;
export const VERSION_FIELDS = `id number state revision specHash`;

export async function createTemplate(t: TestApp, owner: TestUser, input: Record<string, unknown> = {}) {
  const res = await t.gql(`mutation($input: CreateTemplateInput!) { createTemplate(input: $input) { ${TEMPLATE_FIELDS} } }`, { input: { title: 'Golden hour', baseModel: 'SDXL', tags: ['film'], ...input } }, owner);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!['createTemplate'] as { id: string; headRevision: number; draft: { id: string; revision: number; specHash: string } };
}

export interface UploadFormTicket {
  uploadUrl: string;
  uploadForm: Record<string, string>;
}

// POSTs the bytes with the ticket's signed form, as the studio does: every field, the file last.
// `replace` overrides form fields, to send what a misbehaving uploader would.
export function postUploadForm(ticket: UploadFormTicket, bytes: Uint8Array | string, replace: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...ticket.uploadForm, ...replace })) form.append(name, value);
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : Uint8Array.from(bytes)]));
  return fetch(ticket.uploadUrl, { method: 'POST', body: form });
}

// Uploads through the real signed-form flow and completes it.
export async function uploadAsset(t: TestApp, user: TestUser | { apiKey: string }, kind: string, fileName: string, contentType: string, bytes: Uint8Array) {
  const ticket = await t.gql(`mutation($input: RequestUploadInput!) { requestUpload(input: $input) { asset { id state } uploadUrl uploadForm } }`, { input: { kind, fileName, contentType, byteSize: bytes.length } }, user);
  if (ticket.errors) throw new Error(JSON.stringify(ticket.errors));
  const { asset, uploadUrl, uploadForm } = ticket.data!['requestUpload'] as UploadFormTicket & { asset: { id: string } };
  const post = await postUploadForm({ uploadUrl, uploadForm }, bytes);
  if (!post.ok) throw new Error(`upload POST failed: ${post.status} ${await post.text()}`);
  return { assetId: asset.id, uploadUrl, uploadForm, complete: () => t.gql(`mutation($id: ID!) { completeUpload(assetId: $id) { id state sha256 width height url rejectionReason } }`, { id: asset.id }, user) };
}

// A category on the admins' list (templates may only pick listed categories); its key comes from the name.
export async function createCategory(t: TestApp, admin: TestUser, name: string, nameZh = ''): Promise<{ key: string; name: string }> {
  const res = await t.gql(`mutation($input: CreateTemplateCategoryInput!) { createTemplateCategory(input: $input) { key name } }`, { input: { name, nameZh } }, admin);
  if (res.errors) throw new Error(`createCategory failed: ${JSON.stringify(res.errors)}`);
  return res.data!['createTemplateCategory'];
}

export async function createLora(t: TestApp, admin: TestUser, opts: { name?: string; baseModel?: 'SD15' | 'SDXL'; minWeight?: number; maxWeight?: number; defaultWeight?: number } = {}) {
  const baseModel = opts.baseModel ?? 'SDXL';
  const bytes = makeDemoLoraSafetensors({ name: opts.name ?? 'style', baseModel: baseModel === 'SDXL' ? 'sdxl' : 'sd15', seed: Math.floor(Math.random() * 1000) });
  const up = await uploadAsset(t, admin, 'LORA', 'style.safetensors', 'application/octet-stream', bytes);
  const done = await up.complete();
  if (done.errors) throw new Error(JSON.stringify(done.errors));
  const res = await t.gql(`mutation($input: RegisterLoraInput!) { registerLora(input: $input) { id name baseModel minWeight maxWeight } }`, {
    input: { name: opts.name ?? `Style ${randomBytes(3).toString('hex')}`, baseModel, defaultWeight: opts.defaultWeight ?? 0.6, minWeight: opts.minWeight ?? 0, maxWeight: opts.maxWeight ?? 1.2, fileAssetId: up.assetId, triggerWords: ['film'] },
  }, admin);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!['registerLora'] as { id: string };
}

// A consenting face with an identity LoRA for each of `baseModels` (both by default).
export async function createPreviewSubject(
  t: TestApp,
  admin: TestUser,
  name = 'Mei',
  opts: { baseModels?: Array<'sd15' | 'sdxl'>; gender?: 'FEMALE' | 'MALE' | 'UNSPECIFIED'; ageYears?: number } = {},
) {
  const identityLoras: Array<{ baseModel: 'SD15' | 'SDXL'; assetId: string }> = [];
  for (const [i, baseModel] of (opts.baseModels ?? ['sd15', 'sdxl']).entries()) {
    const identity = await uploadAsset(t, admin, 'LORA', `identity-${baseModel}.safetensors`, 'application/octet-stream', makeDemoLoraSafetensors({ name, baseModel, seed: 7 + i }));
    const done = await identity.complete();
    if (done.errors) throw new Error(JSON.stringify(done.errors));
    identityLoras.push({ baseModel: baseModel === 'sd15' ? 'SD15' : 'SDXL', assetId: identity.assetId });
  }
  const consent = await uploadAsset(t, admin, 'CONSENT_DOCUMENT', 'consent.pdf', 'application/pdf', makePdfBytes());
  const c = await consent.complete();
  if (c.errors) throw new Error(JSON.stringify(c.errors));
  const referencePhotoAssetIds = await uploadFacePhotos(t, admin, 3);
  const res = await t.gql(`mutation($input: CreatePreviewSubjectInput!) { createPreviewSubject(input: $input) { id name usable } }`, {
    input: { name, identityLoras, referencePhotoAssetIds, ...(opts.gender ? { gender: opts.gender } : {}), ...(opts.ageYears ? { ageYears: opts.ageYears } : {}), consentDocumentAssetId: consent.assetId, consentExpiresAt: new Date(Date.now() + 86_400_000 * 30).toISOString() },
  }, admin);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { ...(res.data!['createPreviewSubject'] as { id: string }), identityLoras, referencePhotoAssetIds };
}

// `count` consented face photos, uploaded and checked (READY), as an admin adds them.
export async function uploadFacePhotos(t: TestApp, admin: TestUser, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const photo = await uploadAsset(t, admin, 'SUBJECT_PHOTO', `face-${i + 1}.png`, 'image/png', await makePngBytes({ width: 24 + i, height: 32 }));
    const done = await photo.complete();
    if (done.errors) throw new Error(JSON.stringify(done.errors));
    ids.push(photo.assetId);
  }
  return ids;
}

const testWorkers = new WeakMap<TestApp, Promise<string>>();

// A worker token for this app, heartbeated once (a draft backend that renders through the real /v1 protocol).
export function testWorkerToken(t: TestApp): Promise<string> {
  let token = testWorkers.get(t);
  if (!token) {
    token = (async () => {
      const admin = await createUser(t, ['ADMIN']);
      const res = await t.gql(`mutation { issueWorkerToken(name: "test-renderer") { token } }`, {}, admin);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      const value = res.data!['issueWorkerToken'].token as string;
      await postV1(t, value, 'workers/heartbeat', { backend: t.config.previews.backend, baseModels: ['sd15', 'sdxl'] });
      return value;
    })();
    testWorkers.set(t, token);
  }
  return token;
}

export async function postV1(t: TestApp, token: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${t.url}/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// Requests the default previews of a version (every consenting subject; `input` adds to the request,
// e.g. likenessEnds) and renders them all through the worker protocol, as a worker would; submitVersion needs them.
export async function renderPreviews(t: TestApp, requester: TestUser, versionId: string, input: Record<string, unknown> = {}): Promise<void> {
  const batch = await t.gql(`mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id } }`, { input: { versionId, ...input } }, requester);
  if (batch.errors) throw new Error(JSON.stringify(batch.errors));
  const token = await testWorkerToken(t);
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).png().toBuffer();
  for (;;) {
    const lease = await postV1(t, token, 'jobs/lease?wait=0', {});
    if (lease.status === 204) return;
    const { job, leaseId, output } = lease.body;
    await fetch(output.uploadUrl, { method: 'PUT', headers: output.uploadHeaders, body: png });
    const done = await postV1(t, token, `jobs/${job.id}/complete`, { leaseId });
    if (done.status !== 200) throw new Error(`complete failed: ${JSON.stringify(done.body)}`);
  }
}

// Renders the version's previews, then submits it for review.
export async function submitWithPreviews(t: TestApp, owner: TestUser, versionId: string) {
  await renderPreviews(t, owner, versionId);
  return t.gql(`mutation($id: ID!) { submitVersion(versionId: $id) { id number state revision specHash } }`, { id: versionId }, owner);
}

/** Dates a version's publication back, e.g. to record usage from before today (usage dated before publication is refused). */
export async function backdatePublication(t: TestApp, versionId: string, publishedAt: string): Promise<void> {
  await t.sql.query(`UPDATE template_versions SET published_at = $2 WHERE id = $1`, [versionId, publishedAt]);
  await t.sql.query(`UPDATE templates SET published_at = $2 WHERE published_version_id = $1`, [versionId, publishedAt]);
}

/** A template taken through review to PUBLISHED (one subject's previews, every score 95). */
export async function publishTemplate(t: TestApp, people: { designer: TestUser; reviewer: TestUser; subjectIds: string[] }, input: Record<string, unknown> = {}) {
  const tpl = await createTemplate(t, people.designer, input);
  await submitWithPreviews(t, people.designer, tpl.draft.id);
  const review = await t.gql(`mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { state } }`, { input: { versionId: tpl.draft.id, decision: 'APPROVE', scores: people.subjectIds.map((subjectId) => ({ subjectId, real: 95, like: 95, beautiful: 95 })) } }, people.reviewer);
  if (review.errors) throw new Error(JSON.stringify(review.errors));
  const pub = await t.gql(`mutation($id: ID!) { publishVersion(versionId: $id) { id } }`, { id: tpl.draft.id }, people.designer);
  if (pub.errors) throw new Error(JSON.stringify(pub.errors));
  return { templateId: tpl.id as string, versionId: tpl.draft.id as string };
}
