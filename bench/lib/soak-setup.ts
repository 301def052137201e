// The soak's starting point, made through the public GraphQL API as the production admin would:
// preview faces with real files (identity LoRAs, a consent PDF, photos through the signed upload
// form), the team (invited, then signed in), worker tokens, a few templates taken through previews,
// review and publication, and the consumer app's API key.
import sharp from 'sharp';
import { makeDemoLoraSafetensors } from '@atelier/safetensors';
import { makeDefaultTemplateSpec, validateTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import type { Auth, CallResult, SoakClient } from './soak-client.js';

/** The small canvas the spec allows: draft renders stay cheap on a shared CPU. */
export const SOAK_CANVAS = 512;

export interface Person {
  email: string;
  id: string;
  auth: { bearer: string };
}

export function must<T>(what: string, r: CallResult<T>): T {
  if (!r.ok) throw new Error(`${what} failed: ${r.key}: ${r.message}`);
  return r.data;
}

export function soakSpec(variant: string): TemplateSpec {
  const base = makeDefaultTemplateSpec('sdxl');
  const spec = { ...base, canvas: { width: SOAK_CANVAS, height: SOAK_CANVAS }, prompt: { ...base.prompt, positive: `${base.prompt.positive}, ${variant}` } };
  const checked = validateTemplateSpec(spec);
  if (!checked.ok) throw new Error(`the soak made an invalid spec: ${JSON.stringify(checked.issues)}`);
  return checked.spec;
}

// A minimal one-page PDF with a correct cross-reference table (a signed consent form stand-in).
function consentPdf(name: string): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${name} consents to preview use.) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function facePhoto(face: number, shot: number): Promise<Buffer> {
  return sharp({ create: { width: 160 + shot, height: 200, channels: 3, background: face % 2 ? '#c9d6e3' : '#e8d5c4', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .png()
    .toBuffer();
}

export class SoakSetup {
  constructor(private readonly client: SoakClient) {}

  private gql<T>(what: string, query: string, variables: Record<string, unknown>, auth: Auth): Promise<T> {
    return this.client.gql<T>(`setup:${what}`, 'write', query, variables, auth).then((r) => must(what, r));
  }

  async signIn(email: string, password: string): Promise<Person> {
    const r = await this.gql<{ login: { token: string; user: { id: string } } }>('login', `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id } } }`, { e: email, p: password }, null);
    return { email, id: r.login.user.id, auth: { bearer: r.login.token } };
  }

  /** requestUpload -> the signed form POST straight to storage -> completeUpload; the asset id. */
  async upload(admin: Person, kind: string, fileName: string, contentType: string, bytes: Uint8Array): Promise<string> {
    const { requestUpload } = await this.gql<{ requestUpload: { asset: { id: string }; uploadUrl: string; uploadForm: Record<string, string> } }>(
      'requestUpload',
      `mutation($input: RequestUploadInput!) { requestUpload(input: $input) { asset { id } uploadUrl uploadForm } }`,
      { input: { kind, fileName, contentType, byteSize: bytes.length } },
      admin.auth,
    );
    const form = new FormData();
    for (const [name, value] of Object.entries(requestUpload.uploadForm)) form.append(name, value);
    form.append('file', new Blob([Uint8Array.from(bytes)]));
    const posted = await fetch(requestUpload.uploadUrl, { method: 'POST', body: form });
    if (!posted.ok) throw new Error(`upload of ${fileName} refused by storage: ${posted.status} ${await posted.text()}`);
    const { completeUpload } = await this.gql<{ completeUpload: { state: string; rejectionReason: string | null } }>(
      'completeUpload',
      `mutation($id: ID!) { completeUpload(assetId: $id) { state rejectionReason } }`,
      { id: requestUpload.asset.id },
      admin.auth,
    );
    if (completeUpload.state !== 'READY') throw new Error(`${fileName} was not accepted: ${completeUpload.state} ${completeUpload.rejectionReason ?? ''}`);
    return requestUpload.asset.id;
  }

  /** A consenting face with identity LoRAs for both base models, a consent PDF and three photos. */
  async createFace(admin: Person, index: number): Promise<string> {
    const name = `Soak face ${index + 1}`;
    const identityLoras = [];
    for (const [i, baseModel] of (['sd15', 'sdxl'] as const).entries()) {
      const bytes = makeDemoLoraSafetensors({ name, baseModel, seed: 40 + index * 2 + i });
      identityLoras.push({ baseModel: baseModel === 'sd15' ? 'SD15' : 'SDXL', assetId: await this.upload(admin, 'LORA', `identity-${index + 1}-${baseModel}.safetensors`, 'application/octet-stream', bytes) });
    }
    const consentDocumentAssetId = await this.upload(admin, 'CONSENT_DOCUMENT', `consent-${index + 1}.pdf`, 'application/pdf', consentPdf(name));
    const referencePhotoAssetIds = [];
    for (let shot = 0; shot < 3; shot++) referencePhotoAssetIds.push(await this.upload(admin, 'SUBJECT_PHOTO', `face-${index + 1}-${shot + 1}.png`, 'image/png', await facePhoto(index, shot)));
    const { createPreviewSubject } = await this.gql<{ createPreviewSubject: { id: string; usable: boolean } }>(
      'createPreviewSubject',
      `mutation($input: CreatePreviewSubjectInput!) { createPreviewSubject(input: $input) { id usable } }`,
      { input: { name, gender: index % 2 ? 'MALE' : 'FEMALE', ageYears: 25 + index, identityLoras, referencePhotoAssetIds, consentDocumentAssetId, consentExpiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString() } },
      admin.auth,
    );
    if (!createPreviewSubject.usable) throw new Error(`${name} is not usable for previews`);
    return createPreviewSubject.id;
  }

  /** Invites someone with a temporary password (shown once) and signs them in with it. */
  async invite(admin: Person, email: string, roles: string[]): Promise<Person> {
    const { inviteUser } = await this.gql<{ inviteUser: { temporaryPassword: string } }>(
      'inviteUser',
      `mutation($input: InviteUserInput!) { inviteUser(input: $input) { temporaryPassword } }`,
      { input: { email, displayName: email.split('@')[0], roles, method: 'TEMPORARY_PASSWORD' } },
      admin.auth,
    );
    return this.signIn(email, inviteUser.temporaryPassword);
  }

  async issueWorkerToken(admin: Person, name: string): Promise<{ token: string; tokenId: string }> {
    const { issueWorkerToken } = await this.gql<{ issueWorkerToken: { token: string; workerToken: { id: string } } }>(
      'issueWorkerToken',
      `mutation($name: String!) { issueWorkerToken(name: $name) { token workerToken { id } } }`,
      { name },
      admin.auth,
    );
    return { token: issueWorkerToken.token, tokenId: issueWorkerToken.workerToken.id };
  }

  async createApiKey(admin: Person): Promise<string> {
    const { createApiKey } = await this.gql<{ createApiKey: { key: string } }>(
      'createApiKey',
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`,
      { input: { name: 'Soak Camera', scopes: ['CATALOG_READ', 'USAGE_WRITE'], consumerApp: 'Soak Camera' } },
      admin.auth,
    );
    return createApiKey.key;
  }

  /** The normal flow: create, preview on every face, submit, approve (scores at the bar), publish. */
  async publishTemplate(designer: Person, reviewer: Person, subjectIds: string[], index: number, timeoutMs: number): Promise<{ templateId: string; versionId: string }> {
    const { createTemplate } = await this.gql<{ createTemplate: { id: string; draft: { id: string } } }>(
      'createTemplate',
      `mutation($input: CreateTemplateInput!) { createTemplate(input: $input) { id draft { id } } }`,
      { input: { title: `Soak catalog ${index + 1}`, description: 'Published at the start of a soak run.', baseModel: 'SDXL', tags: ['soak'], spec: soakSpec(`catalog ${index + 1}`) } },
      designer.auth,
    );
    const versionId = createTemplate.draft.id;
    const { requestPreviews } = await this.gql<{ requestPreviews: { id: string } }>('requestPreviews', `mutation($v: ID!) { requestPreviews(input: { versionId: $v }) { id } }`, { v: versionId }, designer.auth);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { previewBatch } = await this.gql<{ previewBatch: { jobs: Array<{ state: string }> } }>('previewBatch', `query($id: ID!) { previewBatch(id: $id) { jobs { state } } }`, { id: requestPreviews.id }, designer.auth);
      if (previewBatch.jobs.every((j) => j.state === 'SUCCEEDED')) break;
      if (previewBatch.jobs.some((j) => ['FAILED', 'DEAD', 'CANCELLED'].includes(j.state))) throw new Error(`a preview of catalog template ${index + 1} ended ${JSON.stringify(previewBatch.jobs)}`);
      if (Date.now() > deadline) throw new Error(`the previews of catalog template ${index + 1} did not render within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await this.gql('submitVersion', `mutation($id: ID!) { submitVersion(versionId: $id) { state } }`, { id: versionId }, designer.auth);
    await this.gql(
      'reviewVersion',
      `mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { state } }`,
      { input: { versionId, decision: 'APPROVE', scores: subjectIds.map((subjectId) => ({ subjectId, real: 95, like: 94, beautiful: 96 })) } },
      reviewer.auth,
    );
    await this.gql('publishVersion', `mutation($id: ID!) { publishVersion(versionId: $id) { state } }`, { id: versionId }, designer.auth);
    return { templateId: createTemplate.id, versionId };
  }
}
