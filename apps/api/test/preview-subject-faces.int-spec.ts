import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StorageService } from '../src/modules/asset/storage.service.js';
import { PreviewSubjectPrivacyService } from '../src/modules/preview-subject/preview-subject-privacy.service.js';
import { makeDemoLoraSafetensors } from '@atelier/safetensors';
import { makePdfBytes, makePngBytes } from './factories/asset-fixtures.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, uploadAsset, uploadFacePhotos, type TestUser } from './factories/factories.js';
import type { ApiMessageKey } from '@atelier/messages';
import { expectWordedSentence, wordingOf } from './setup/expect-worded.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

const CREATE = `mutation($input: CreatePreviewSubjectInput!) { createPreviewSubject(input: $input) { id name gender ageYears usable identityLoras { baseModel assetId } } }`;
const REQUEST = `mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id jobs { id subject { id } } } }`;

interface ComfyNode {
  class_type: string;
  inputs: Record<string, unknown>;
}
interface Lease {
  leaseId: string;
  output: { uploadUrl: string; uploadHeaders: Record<string, string> };
  job: { id: string; baseModel: string; subject: { id: string; identityLora: { sha256: string } }; comfy?: { prompt: Record<string, ComfyNode> } };
}

// Preview faces as a studio team adds them: an identity LoRA per base model (an SD1.5 template is
// never rendered with an SDXL face LoRA, which would show no likeness), and the face's gender and age
// in the prompt slots of its previews.
describe('preview faces: identity LoRAs per base model, gender and age', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let worker: string;

  async function v1(path: string, body: unknown = {}) {
    const res = await fetch(`${t.url}/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  // Leases every queued job; the leases by job id.
  async function leaseAll(): Promise<Map<string, Lease>> {
    const leases = new Map<string, Lease>();
    for (;;) {
      const res = await v1('jobs/lease?wait=0');
      if (res.status === 204) return leases;
      expect(res.status).toBe(200);
      leases.set(res.body.job.id, res.body as Lease);
    }
  }

  // Renders every queued job as a worker would: the PNG to the output URL, then complete.
  async function renderAll(): Promise<void> {
    for (const lease of (await leaseAll()).values()) {
      const put = await fetch(lease.output.uploadUrl, { method: 'PUT', headers: lease.output.uploadHeaders, body: Uint8Array.from(await makePngBytes({ width: 32, height: 48 })) });
      expect(put.ok).toBe(true);
      expect((await v1(`jobs/${lease.job.id}/complete`, { leaseId: lease.leaseId })).status).toBe(200);
    }
  }

  async function sha256Of(assetId: string): Promise<string> {
    return (await t.sql.query(`SELECT sha256 FROM assets WHERE id = $1`, [assetId])).rows[0].sha256;
  }

  async function readyAsset(kind: 'LORA' | 'CONSENT_DOCUMENT', seed = 1): Promise<string> {
    const upload =
      kind === 'LORA'
        ? await uploadAsset(t, admin, 'LORA', `face-${seed}.safetensors`, 'application/octet-stream', makeDemoLoraSafetensors({ name: `face ${seed}`, baseModel: 'sdxl', seed }))
        : await uploadAsset(t, admin, 'CONSENT_DOCUMENT', 'consent.pdf', 'application/pdf', makePdfBytes());
    const done = await upload.complete();
    if (done.errors) throw new Error(JSON.stringify(done.errors));
    return upload.assetId;
  }

  const clipTexts = (lease: Lease) =>
    Object.values(lease.job.comfy!.prompt)
      .filter((n) => n.class_type === 'CLIPTextEncode')
      .map((n) => String(n.inputs['text']));

  beforeAll(async () => {
    t = await startTestApp({ PREVIEW_BACKEND: 'comfyui', PRIVACY_SWEEP_SECONDS: '86400' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    worker = (await t.gql(`mutation { issueWorkerToken(name: "gpu-faces") { token } }`, {}, admin)).data!['issueWorkerToken'].token;
    expect((await v1('workers/heartbeat', { backend: 'comfyui', baseModels: ['sd15', 'sdxl'] })).status).toBe(200);
  });
  afterAll(() => t?.close());

  it('adds a face with an identity LoRA per base model, its gender and age', async () => {
    const [sd15, sdxl, consent] = [await readyAsset('LORA', 11), await readyAsset('LORA', 12), await readyAsset('CONSENT_DOCUMENT')];
    const photos = await uploadFacePhotos(t, admin, 3);
    const res = await t.gql(CREATE, {
      input: { name: 'Lan', gender: 'FEMALE', ageYears: 34, referencePhotoAssetIds: photos, identityLoras: [{ baseModel: 'SDXL', assetId: sdxl }, { baseModel: 'SD15', assetId: sd15 }], consentDocumentAssetId: consent, consentExpiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
    }, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data!['createPreviewSubject']).toMatchObject({ name: 'Lan', gender: 'FEMALE', ageYears: 34, usable: true, identityLoras: [{ baseModel: 'SD15', assetId: sd15 }, { baseModel: 'SDXL', assetId: sdxl }] });
    const audit = (await t.sql.query(`SELECT after FROM audit_log WHERE action = 'preview_subject.created' AND entity_id = $1`, [res.data!['createPreviewSubject'].id])).rows[0].after;
    expect(audit.identityLoras).toEqual([{ baseModel: 'sdxl', assetId: sdxl, triggerWord: null }, { baseModel: 'sd15', assetId: sd15, triggerWord: null }]);
  });

  it('refuses a face without an identity LoRA, with two for one base model, or an age outside 18 to 100, saving nothing', async () => {
    const [lora, other, consent] = [await readyAsset('LORA', 21), await readyAsset('LORA', 22), await readyAsset('CONSENT_DOCUMENT')];
    const base = { name: 'Refused', referencePhotoAssetIds: await uploadFacePhotos(t, admin, 3), consentDocumentAssetId: consent, consentExpiresAt: new Date(Date.now() + 86_400_000).toISOString() };
    const before = (await t.sql.query(`SELECT count(*)::int AS n FROM preview_subjects`)).rows[0].n;
    const cases: Array<[Record<string, unknown>, string, ApiMessageKey]> = [
      [{ identityLoras: [] }, 'identityLoras', 'face.identityLoraRequired'],
      [{ identityLoras: [{ baseModel: 'SDXL', assetId: lora }, { baseModel: 'SDXL', assetId: other }] }, 'identityLoras.1.baseModel', 'face.identityLoraTwice'],
      [{ identityLoras: [{ baseModel: 'SDXL', assetId: lora }], ageYears: 12 }, 'ageYears', 'face.ageRange'],
      [{ identityLoras: [{ baseModel: 'SDXL', assetId: lora }], identityLoraAssetId: other }, 'identityLoraAssetId', 'face.identityLoraOldArgument'],
    ];
    for (const [input, path, reason] of cases) {
      const error = (await t.gql(CREATE, { input: { ...base, ...input } }, admin)).errors?.[0];
      const issue = (error?.extensions['issues'] as Array<{ path: string; message: string }>)?.[0];
      expect([error?.extensions.code, issue?.path]).toEqual(['BAD_USER_INPUT', path]);
      expectWordedSentence(issue!, reason);
      expectWordedSentence(wordingOf(error!), reason);
    }
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM preview_subjects`)).rows[0].n).toBe(before);
  });

  it('renders each template with the face LoRA of its base model, and the face’s gender and age in the prompt', async () => {
    const mei = await createPreviewSubject(t, admin, 'Mei', { gender: 'FEMALE', ageYears: 29 });
    const sdxlOnly = await createPreviewSubject(t, admin, 'Jun', { baseModels: ['sdxl'] });
    const positive = 'portrait of {subject}, a {age} {gender}, soft light';
    const sd15Spec = makeTemplateSpec({ baseModel: 'sd15', canvas: { width: 512, height: 768 } });
    const sd15 = await createTemplate(t, designer, { baseModel: 'SD15', spec: { ...sd15Spec, prompt: { ...sd15Spec.prompt, positive } } });
    const sdxlSpec = makeTemplateSpec();
    const sdxl = await createTemplate(t, designer, { spec: { ...sdxlSpec, prompt: { ...sdxlSpec.prompt, positive } } });

    // SD1.5 by default: only faces with an SD1.5 LoRA (Jun has none and is left out).
    const sd15Batch = await t.gql(REQUEST, { input: { versionId: sd15.draft.id, seeds: [1] } }, designer);
    expect(sd15Batch.errors).toBeUndefined();
    const sd15Faces = sd15Batch.data!['requestPreviews'].jobs.map((j: { subject: { id: string } }) => j.subject.id);
    expect(sd15Faces).toContain(mei.id);
    expect(sd15Faces).not.toContain(sdxlOnly.id);
    const sdxlBatch = await t.gql(REQUEST, { input: { versionId: sdxl.draft.id, subjectIds: [mei.id, sdxlOnly.id], seeds: [1] } }, designer);
    expect(sdxlBatch.errors).toBeUndefined();

    const leases = await leaseAll();
    const meiSd15 = [...leases.values()].find((l) => l.job.subject.id === mei.id && l.job.baseModel === 'sd15')!;
    const meiSdxl = [...leases.values()].find((l) => l.job.subject.id === mei.id && l.job.baseModel === 'sdxl')!;
    const junSdxl = [...leases.values()].find((l) => l.job.subject.id === sdxlOnly.id)!;
    expect(meiSd15.job.subject.identityLora.sha256).toBe(await sha256Of(mei.identityLoras.find((l) => l.baseModel === 'SD15')!.assetId));
    expect(meiSdxl.job.subject.identityLora.sha256).toBe(await sha256Of(mei.identityLoras.find((l) => l.baseModel === 'SDXL')!.assetId));
    expect(meiSd15.job.subject.identityLora.sha256).not.toBe(meiSdxl.job.subject.identityLora.sha256);
    // The ComfyUI graph loads that file and says who the face is.
    const loraNames = (lease: Lease) => Object.values(lease.job.comfy!.prompt).filter((n) => n.class_type === 'LoraLoader').map((n) => String(n.inputs['lora_name']));
    expect(loraNames(meiSd15).some((name) => name.includes(meiSd15.job.subject.identityLora.sha256.slice(0, 16)))).toBe(true);
    expect(clipTexts(meiSd15)).toContain('portrait of a woman, a 29-year-old woman, soft light');
    // A face that says nothing of itself gets the neutral words.
    expect(clipTexts(junSdxl)).toContain('portrait of a person, a adult person, soft light');
  });

  it('renders a face at both ends of the likeness range when asked: every seed at the default, the first again at the max', async () => {
    const face = await createPreviewSubject(t, admin, 'Ends', { baseModels: ['sdxl'] });
    const tpl = await createTemplate(t, designer);
    const ENDS = `mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { jobs { id seed likeness likenessEnd state cached } } }`;
    const ask = async (likenessEnds: string[] | null, seeds: number[]) => {
      const res = await t.gql(ENDS, { input: { versionId: tpl.draft.id, subjectIds: [face.id], seeds, likenessEnds } }, designer);
      expect(res.errors).toBeUndefined();
      return res.data!['requestPreviews'].jobs as Array<{ id: string; seed: number; likeness: number; likenessEnd: string; state: string; cached: boolean }>;
    };
    const jobs = await ask(['DEFAULT', 'MAX'], [6, 7]);
    expect(jobs.map((j) => [j.seed, j.likeness, j.likenessEnd, j.state])).toEqual([
      [6, 0.9, 'DEFAULT', 'QUEUED'],
      [6, 1.2, 'MAX', 'QUEUED'],
      [7, 0.9, 'DEFAULT', 'QUEUED'],
    ]);
    // Each renders on its own (the likeness is part of the render key), at its own identity strength.
    const leases = [...(await leaseAll()).values()].filter((l) => l.job.subject.id === face.id);
    expect(leases).toHaveLength(3);
    const strengthOf = (jobId: string) => leases.find((l) => l.job.id === jobId)!.job.comfy!.prompt['lora_identity']!.inputs;
    expect(strengthOf(jobs[0]!.id)).toMatchObject({ strength_model: 0.9, strength_clip: 0.9 });
    expect(strengthOf(jobs[1]!.id)).toMatchObject({ strength_model: 1.2, strength_clip: 1.2 });
    for (const lease of leases) {
      const put = await fetch(lease.output.uploadUrl, { method: 'PUT', headers: lease.output.uploadHeaders, body: Uint8Array.from(await makePngBytes({ width: 32, height: 48 })) });
      expect(put.ok).toBe(true);
      expect((await v1(`jobs/${lease.job.id}/complete`, { leaseId: lease.leaseId })).status).toBe(200);
    }
    const outputs = await t.sql.query(`SELECT likeness, cached, output_asset_id FROM preview_jobs WHERE id = ANY($1)`, [jobs.map((j) => j.id)]);
    expect(outputs.rows.every((r: { cached: boolean }) => !r.cached)).toBe(true);
    expect(new Set(outputs.rows.map((r: { output_asset_id: string }) => r.output_asset_id)).size).toBe(3);
    // Asked again, every end is answered from its own render; left out, only the default end is asked for.
    expect((await ask(['DEFAULT', 'MAX'], [6, 7])).map((j) => [j.likenessEnd, j.cached])).toEqual([['DEFAULT', true], ['MAX', true], ['DEFAULT', true]]);
    expect((await ask(null, [6])).map((j) => [j.likeness, j.likenessEnd, j.cached])).toEqual([[0.9, 'DEFAULT', true]]);
    expect((await ask(['MAX'], [6])).map((j) => [j.likeness, j.likenessEnd, j.cached])).toEqual([[1.2, 'MAX', true]]);
  });

  it('refuses to preview a face on a base model it has no identity LoRA for, naming it (IDENTITY_LORA_MISSING)', async () => {
    const sdxlOnly = await createPreviewSubject(t, admin, 'Hao', { baseModels: ['sdxl'] });
    const withBoth = await createPreviewSubject(t, admin, 'Yu');
    const sd15 = await createTemplate(t, designer, { baseModel: 'SD15', spec: makeTemplateSpec({ baseModel: 'sd15', canvas: { width: 512, height: 768 } }) });
    const jobsBefore = (await t.sql.query(`SELECT count(*)::int AS n FROM preview_jobs`)).rows[0].n;
    const error = (await t.gql(REQUEST, { input: { versionId: sd15.draft.id, subjectIds: [withBoth.id, sdxlOnly.id], seeds: [1] } }, designer)).errors?.[0];
    expect(error?.extensions.code).toBe('IDENTITY_LORA_MISSING');
    expect(error?.message).toBe('Hao cannot be previewed on this SD1.5 template: no SD1.5 identity LoRA. Pick other faces, or ask an admin to add one.');
    expectWordedSentence(wordingOf(error!), 'preview.identityLoraMissing');
    expect(error?.extensions).toMatchObject({ baseModel: 'sd15', subjectNames: ['Hao'], params: { names: 'Hao', baseModel: 'SD1.5' } });
    expect(error?.extensions['issues']).toEqual([{ path: 'subjectIds.1', message: 'No SD1.5 identity LoRA.', reason: 'preview.noIdentityLora', params: { baseModel: 'SD1.5' } }]);
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM preview_jobs`)).rows[0].n).toBe(jobsBefore);
  });

  it('deletes every identity LoRA of a retired face (one per base model) when the sweep runs', async () => {
    const face = await createPreviewSubject(t, admin, 'Retiring');
    expect((await t.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: face.id }, admin)).errors).toBeUndefined();
    await t.app.get(PreviewSubjectPrivacyService).purgeWithdrawnSubjects();
    const states = (await t.sql.query(`SELECT state FROM assets WHERE id = ANY($1::uuid[])`, [face.identityLoras.map((l) => l.assetId)])).rows.map((r) => r.state);
    expect(states).toEqual(['DELETED', 'DELETED']);
  });

  it('keeps 3 to 10 consented photos of each face, shows them to admins only, and deletes them with the face', async () => {
    const [lora, consent] = [await readyAsset('LORA', 31), await readyAsset('CONSENT_DOCUMENT')];
    const photos = await uploadFacePhotos(t, admin, 11);
    const input = { name: 'Photographed', identityLoras: [{ baseModel: 'SDXL', assetId: lora }], consentDocumentAssetId: consent, consentExpiresAt: new Date(Date.now() + 86_400_000).toISOString() };
    const pathOf = (res: { errors?: Array<{ extensions: Record<string, unknown> }> }) => (res.errors?.[0]?.extensions['issues'] as Array<{ path: string }> | undefined)?.[0]?.path;
    expect(pathOf(await t.gql(CREATE, { input: { ...input, referencePhotoAssetIds: photos.slice(0, 2) } }, admin))).toBe('referencePhotoAssetIds');
    expect(pathOf(await t.gql(CREATE, { input: { ...input, referencePhotoAssetIds: photos } }, admin))).toBe('referencePhotoAssetIds');
    expect(pathOf(await t.gql(CREATE, { input: { ...input, referencePhotoAssetIds: [photos[0], photos[1], photos[0]] } }, admin))).toBe('referencePhotoAssetIds');
    // A consent document is not a face photo.
    expect((await t.gql(CREATE, { input: { ...input, referencePhotoAssetIds: [photos[0], photos[1], consent] } }, admin)).errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    // Only admins upload face photos.
    expect((await t.gql(`mutation { requestUpload(input: { kind: SUBJECT_PHOTO, fileName: "me.png", contentType: "image/png", byteSize: 100 }) { uploadUrl } }`, {}, designer)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');

    const created = await t.gql(`mutation($input: CreatePreviewSubjectInput!) { createPreviewSubject(input: $input) { id referencePhotos { assetId url } } }`, { input: { ...input, referencePhotoAssetIds: photos.slice(0, 4) } }, admin);
    expect(created.errors).toBeUndefined();
    const face = created.data!['createPreviewSubject'];
    expect(face.referencePhotos.map((p: { assetId: string }) => p.assetId)).toEqual(photos.slice(0, 4));
    expect((await fetch(face.referencePhotos[0].url)).status).toBe(200);
    // A photo belongs to one face.
    const again = await t.gql(CREATE, { input: { ...input, name: 'Copy', referencePhotoAssetIds: photos.slice(3, 6) } }, admin);
    expect([again.errors?.[0]?.extensions.code, pathOf(again)]).toEqual(['BAD_USER_INPUT', 'referencePhotoAssetIds.0']);
    // Designers choose faces by name; the photos are not theirs to see.
    const seen = (await t.gql(`{ previewSubjects { id referencePhotos { assetId } } }`, {}, designer)).data!['previewSubjects'].find((f: { id: string }) => f.id === face.id);
    expect(seen.referencePhotos).toBeNull();

    await t.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: face.id }, admin);
    await t.app.get(PreviewSubjectPrivacyService).purgeWithdrawnSubjects();
    expect((await t.sql.query(`SELECT state FROM assets WHERE id = ANY($1::uuid[])`, [photos.slice(0, 4)])).rows.map((r) => r.state)).toEqual(['DELETED', 'DELETED', 'DELETED', 'DELETED']);
    expect((await fetch(face.referencePhotos[0].url)).status).toBe(404);
    const after = (await t.gql(`{ previewSubjects { id referencePhotos { assetId } } }`, {}, admin)).data!['previewSubjects'].find((f: { id: string }) => f.id === face.id);
    expect(after.referencePhotos).toEqual([]);
  });

  it('lets an SD1.5 template be submitted once every face that renders SD1.5 has a preview; SDXL-only faces are not waited for', async () => {
    await createPreviewSubject(t, admin, 'Only SDXL', { baseModels: ['sdxl'] });
    const sd15 = await createTemplate(t, designer, { baseModel: 'SD15', spec: makeTemplateSpec({ baseModel: 'sd15', canvas: { width: 512, height: 768 } }) });
    expect((await t.gql(REQUEST, { input: { versionId: sd15.draft.id, seeds: [1] } }, designer)).errors).toBeUndefined();
    await renderAll();
    const submitted = await t.gql(`mutation($id: ID!) { submitVersion(versionId: $id) { state } }`, { id: sd15.draft.id }, designer);
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data!['submitVersion'].state).toBe('SUBMITTED');
  });

  it('lists faces with their identity LoRAs and photos in as many SQL statements however many faces there are', async () => {
    // The fewest of three runs: the app's own timers may add a statement to one run.
    const statements = async () => {
      let fewest = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run++) {
        const before = t.queryCount();
        const res = await t.gql(`{ previewSubjects { id identityLoras { baseModel assetId } referencePhotos { assetId url } } }`, {}, admin);
        expect(res.errors).toBeUndefined();
        fewest = Math.min(fewest, t.queryCount() - before);
      }
      return fewest;
    };
    await createPreviewSubject(t, admin, 'Counted');
    const few = await statements();
    await createPreviewSubject(t, admin, 'One more');
    await createPreviewSubject(t, admin, 'And another');
    expect(await statements()).toBe(few);
  });

  describe('updatePreviewSubject', () => {
    const UPDATE = `mutation($id: ID!, $input: UpdatePreviewSubjectInput!) { updatePreviewSubject(id: $id, input: $input) { id name gender ageYears identityLoras { baseModel assetId } referencePhotos { assetId } } }`;
    const REQUEST_CACHED = `mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { jobs { id state cached } } }`;

    it('edits a face; earlier previews are reused until its gender or age changes, then rendered afresh', async () => {
      const face = await createPreviewSubject(t, admin, 'Editing', { baseModels: ['sdxl'] });
      const tpl = await createTemplate(t, designer);
      const ask = async () => (await t.gql(REQUEST_CACHED, { input: { versionId: tpl.draft.id, subjectIds: [face.id], seeds: [4] } }, designer)).data!['requestPreviews'].jobs[0];
      await ask();
      await renderAll();
      expect(await ask()).toMatchObject({ state: 'SUCCEEDED', cached: true });

      // A new name changes no render.
      const renamed = await t.gql(UPDATE, { id: face.id, input: { name: 'Edited' } }, admin);
      expect(renamed.data!['updatePreviewSubject']).toMatchObject({ name: 'Edited', gender: 'UNSPECIFIED', ageYears: null });
      expect(await ask()).toMatchObject({ state: 'SUCCEEDED', cached: true });

      const aged = await t.gql(UPDATE, { id: face.id, input: { gender: 'MALE', ageYears: 41 } }, admin);
      expect(aged.data!['updatePreviewSubject']).toMatchObject({ gender: 'MALE', ageYears: 41 });
      expect(await ask()).toMatchObject({ state: 'QUEUED', cached: false });
      const lease = [...(await leaseAll()).values()].find((l) => l.job.subject.id === face.id)!;
      expect(clipTexts(lease).join(' ')).toContain('41-year-old');
      // Left out keeps the age; null clears it.
      expect((await t.gql(UPDATE, { id: face.id, input: { name: 'Edited again' } }, admin)).data!['updatePreviewSubject'].ageYears).toBe(41);
      expect((await t.gql(UPDATE, { id: face.id, input: { ageYears: null } }, admin)).data!['updatePreviewSubject'].ageYears).toBeNull();
    });

    it('adds an identity LoRA for a base model the face lacks, never replaces one, and swaps its photos deleting those left out', async () => {
      const face = await createPreviewSubject(t, admin, 'Growing', { baseModels: ['sdxl'] });
      const sd15 = await readyAsset('LORA', 41);
      const added = await t.gql(UPDATE, { id: face.id, input: { addIdentityLoras: [{ baseModel: 'SD15', assetId: sd15 }] } }, admin);
      expect(added.errors).toBeUndefined();
      expect(added.data!['updatePreviewSubject'].identityLoras.map((l: { baseModel: string }) => l.baseModel)).toEqual(['SD15', 'SDXL']);
      const again = await t.gql(UPDATE, { id: face.id, input: { addIdentityLoras: [{ baseModel: 'SDXL', assetId: await readyAsset('LORA', 42) }] } }, admin);
      expect([again.errors?.[0]?.extensions.code, (again.errors?.[0]?.extensions['issues'] as Array<{ path: string }>)[0]!.path]).toEqual(['BAD_USER_INPUT', 'addIdentityLoras.0.baseModel']);
      expect(again.errors![0]!.message).toBe('Growing already has an SDXL identity LoRA. To use another, retire the face and add the person again.');
      expectWordedSentence(wordingOf(again.errors![0]!), 'face.identityLoraTaken');

      const [kept, dropped] = [face.referencePhotoAssetIds.slice(0, 2), face.referencePhotoAssetIds[2]!];
      const droppedKey = (await t.sql.query(`SELECT object_key FROM assets WHERE id = $1`, [dropped])).rows[0].object_key;
      const fresh = await uploadFacePhotos(t, admin, 2);
      const swapped = await t.gql(UPDATE, { id: face.id, input: { referencePhotoAssetIds: [...fresh, ...kept] } }, admin);
      expect(swapped.data!['updatePreviewSubject'].referencePhotos.map((p: { assetId: string }) => p.assetId)).toEqual([...fresh, ...kept]);
      expect((await t.sql.query(`SELECT state FROM assets WHERE id = $1`, [dropped])).rows[0].state).toBe('DELETED');
      expect(await t.app.get(StorageService).statSize(droppedKey)).toBeNull();
    });

    it("appends the identity LoRA's trigger word to the prompt, re-renders when it changes, and refuses one with braces or for a LoRA the face lacks", async () => {
      const [lora, consent] = [await readyAsset('LORA', 51), await readyAsset('CONSENT_DOCUMENT')];
      const created = await t.gql(CREATE.replace('identityLoras { baseModel assetId }', 'identityLoras { baseModel assetId triggerWord }'), {
        input: { name: 'Triggered', gender: 'FEMALE', referencePhotoAssetIds: await uploadFacePhotos(t, admin, 3), identityLoras: [{ baseModel: 'SDXL', assetId: lora, triggerWord: '  ohwx  ' }], consentDocumentAssetId: consent, consentExpiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
      }, admin);
      expect(created.errors).toBeUndefined();
      const face = created.data!['createPreviewSubject'] as { id: string; identityLoras: Array<{ triggerWord: string | null }> };
      expect(face.identityLoras[0]!.triggerWord).toBe('ohwx');
      const spec = makeTemplateSpec();
      const tpl = await createTemplate(t, designer, { spec: { ...spec, prompt: { ...spec.prompt, positive: 'portrait of {subject}' } } });
      const ask = async () => (await t.gql(REQUEST_CACHED, { input: { versionId: tpl.draft.id, subjectIds: [face.id], seeds: [5] } }, designer)).data!['requestPreviews'].jobs[0];
      const positiveOf = async () => clipTexts([...(await leaseAll()).values()].find((l) => l.job.subject.id === face.id)!)[0];
      await ask();
      expect(await positiveOf()).toBe('portrait of a woman, ohwx');

      const retrigger = async (triggerWord: string | null, baseModel = 'SDXL') =>
        t.gql(UPDATE.replace('identityLoras { baseModel assetId }', 'identityLoras { baseModel triggerWord }'), { id: face.id, input: { identityTriggerWords: [{ baseModel, triggerWord }] } }, admin);
      expect((await retrigger('sks woman')).data!['updatePreviewSubject'].identityLoras).toEqual([{ baseModel: 'SDXL', triggerWord: 'sks woman' }]);
      expect(await ask()).toMatchObject({ state: 'QUEUED', cached: false });
      expect(await positiveOf()).toBe('portrait of a woman, sks woman');
      expect((await retrigger('  ')).data!['updatePreviewSubject'].identityLoras).toEqual([{ baseModel: 'SDXL', triggerWord: null }]);
      await ask();
      expect(await positiveOf()).toBe('portrait of a woman');

      const cases: Array<[string | null, string, string, ApiMessageKey]> = [
        ['{subject}', 'SDXL', 'identityTriggerWords.0.triggerWord', 'face.triggerWordInvalid'],
        ['x'.repeat(61), 'SDXL', 'identityTriggerWords.0.triggerWord', 'face.triggerWordInvalid'],
        ['ohwx', 'SD15', 'identityTriggerWords.0.baseModel', 'face.triggerWordWithoutLora'],
      ];
      for (const [word, baseModel, path, reason] of cases) {
        const error = (await retrigger(word, baseModel)).errors?.[0];
        const issue = (error?.extensions['issues'] as Array<{ path: string; message: string }>)?.[0];
        expect([error?.extensions.code, issue?.path]).toEqual(['BAD_USER_INPUT', path]);
        expectWordedSentence(issue!, reason);
      }
      expect((await t.sql.query(`SELECT trigger_word FROM preview_subject_identity_loras WHERE subject_id = $1`, [face.id])).rows).toEqual([{ trigger_word: null }]);
    });

    it('refuses to edit a retired face', async () => {
      const face = await createPreviewSubject(t, admin, 'Gone', { baseModels: ['sdxl'] });
      await t.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: face.id }, admin);
      const refused = (await t.gql(UPDATE, { id: face.id, input: { name: 'Back' } }, admin)).errors![0]!;
      expect(refused.extensions).toMatchObject({ code: 'INVALID_STATE_TRANSITION', currentState: 'RETIRED' });
      expectWordedSentence(wordingOf(refused), 'face.notEditable');
    });
  });

  describe('extendConsent', () => {
    const EXTEND = `mutation($id: ID!, $until: DateTime!, $doc: ID!) { extendConsent(subjectId: $id, validUntil: $until, consentDocumentAssetId: $doc) { id usable consentExpiresAt consentDocumentAssetId } }`;
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const codeOf = (res: { errors?: Array<{ extensions: { code: string } }> }) => res.errors?.[0]?.extensions.code ?? 'OK';

    it('records the new document and end date, brings back a face whose consent just ran out, and keeps the old one in the audit log', async () => {
      const face = await createPreviewSubject(t, admin, 'Extended');
      const oldDoc = (await t.sql.query(`SELECT consent_document_asset_id AS id FROM preview_subjects WHERE id = $1`, [face.id])).rows[0].id;
      await t.sql.query(`UPDATE preview_subjects SET consent_expires_at = now() - interval '1 hour' WHERE id = $1`, [face.id]);
      const doc = await readyAsset('CONSENT_DOCUMENT');
      const until = inDays(365);
      const res = await t.gql(EXTEND, { id: face.id, until, doc }, admin);
      expect(res.errors).toBeUndefined();
      expect(res.data!['extendConsent']).toEqual({ id: face.id, usable: true, consentExpiresAt: until, consentDocumentAssetId: doc });
      const audit = (await t.sql.query(`SELECT before, after FROM audit_log WHERE action = 'preview_subject.consent_extended' AND entity_id = $1`, [face.id])).rows[0];
      expect([audit.before.consentDocumentAssetId, audit.after.consentDocumentAssetId]).toEqual([oldDoc, doc]);
      // The old document is still stored.
      expect((await t.sql.query(`SELECT state FROM assets WHERE id = $1`, [oldDoc])).rows[0].state).toBe('READY');
      // Designers pick faces but never see their consent documents.
      const seen = (await t.gql(`{ previewSubjects { id consentDocumentAssetId } }`, {}, designer)).data!['previewSubjects'].find((f: { id: string }) => f.id === face.id);
      expect(seen.consentDocumentAssetId).toBeNull();
    });

    it('refuses an end date in the past or before the current one, a retired face and a purged one, changing nothing', async () => {
      const face = await createPreviewSubject(t, admin, 'Refusing');
      const doc = await readyAsset('CONSENT_DOCUMENT');
      const before = (await t.sql.query(`SELECT consent_expires_at, consent_document_asset_id FROM preview_subjects WHERE id = $1`, [face.id])).rows[0];
      expect(codeOf(await t.gql(EXTEND, { id: face.id, until: inDays(-1), doc }, admin))).toBe('BAD_USER_INPUT');
      const earlier = await t.gql(EXTEND, { id: face.id, until: inDays(5), doc }, admin);
      expect([codeOf(earlier), (earlier.errors![0]!.extensions['issues'] as Array<{ path: string }>)[0]!.path]).toEqual(['BAD_USER_INPUT', 'validUntil']);
      expectWordedSentence(wordingOf(earlier.errors![0]!), 'face.newConsentNotLater');
      expect((await t.sql.query(`SELECT consent_expires_at, consent_document_asset_id FROM preview_subjects WHERE id = $1`, [face.id])).rows[0]).toEqual(before);

      await t.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: face.id }, admin);
      const retired = await t.gql(EXTEND, { id: face.id, until: inDays(400), doc }, admin);
      expect([codeOf(retired), retired.errors![0]!.message]).toEqual(['INVALID_STATE_TRANSITION', 'Refusing was retired, which is for good. Add the person again as a new face with their new consent.']);
      expectWordedSentence(wordingOf(retired.errors![0]!), 'face.retiredForGood');

      const lapsed = await createPreviewSubject(t, admin, 'Lapsed');
      await t.sql.query(`UPDATE preview_subjects SET consent_expires_at = now() - interval '1 hour' WHERE id = $1`, [lapsed.id]);
      await t.app.get(PreviewSubjectPrivacyService).purgeWithdrawnSubjects();
      const purged = await t.gql(EXTEND, { id: lapsed.id, until: inDays(400), doc }, admin);
      expect(codeOf(purged)).toBe('INVALID_STATE_TRANSITION');
      expect(purged.errors![0]!.message).toContain('identity LoRAs and previews were deleted');
      expectWordedSentence(wordingOf(purged.errors![0]!), 'face.purged');
    });
  });
});
