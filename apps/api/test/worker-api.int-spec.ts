import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { COMFY_NODE_TABLE, INSTANTID_DEFAULT_FILES, INSTANTID_NODE_CLASSES, facePhotoFileName } from '@atelier/comfy-compile';
import { ALL_MIGRATIONS } from '@atelier/migrations';
import { PreviewSubjectPrivacyService } from '../src/modules/preview-subject/preview-subject-privacy.service.js';
import { POOL_VIEW_MAX_AGE_MS } from '../src/modules/preview-job/worker-pool-view.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, type TestUser } from './factories/factories.js';

// The worker REST API (/v1) accepts admin-issued worker tokens and nothing else.
describe('worker tokens on /v1', () => {
  let t: TestApp;
  let admin: TestUser;

  const whoami = (authorization?: string) => fetch(`${t.url}/v1/worker/whoami`, { headers: authorization ? { authorization } : {} });

  async function createWorkerToken(name: string) {
    const res = await t.gql(`mutation($name: String!) { issueWorkerToken(name: $name) { token workerToken { id name prefix } } }`, { name }, admin);
    expect(res.errors).toBeUndefined();
    return res.data!['issueWorkerToken'] as { token: string; workerToken: { id: string; name: string; prefix: string } };
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
  });
  afterAll(() => t?.close());

  it('lets a worker with a fresh token in, and stores only a hash of its secret', async () => {
    const { token, workerToken } = await createWorkerToken('gpu-box-1');
    expect(token.startsWith(`wkr_${workerToken.prefix}_`)).toBe(true);
    const res = await whoami(`Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: workerToken.id, name: 'gpu-box-1' });
    const stored = await t.sql.query(`SELECT secret_hash FROM worker_tokens WHERE id = $1`, [workerToken.id]);
    expect(stored.rows[0].secret_hash).not.toContain(token.split('_').slice(2).join('_'));
  });

  it('refuses no token, a user session, an API key, a forged token and a revoked token with 401', async () => {
    const { token, workerToken } = await createWorkerToken('gpu-box-2');
    const apiKey = (await t.gql(`mutation { createApiKey(input: { name: "app", scopes: [CATALOG_READ] }) { key } }`, {}, admin)).data!['createApiKey'].key;
    expect((await whoami()).status).toBe(401);
    expect((await whoami(`Bearer ${admin.token}`)).status).toBe(401);
    expect((await whoami(`Bearer ${apiKey}`)).status).toBe(401);
    expect((await whoami(`Bearer ${token.slice(0, -3)}abc`)).status).toBe(401);
    expect((await whoami(`Bearer ${token}`)).status).toBe(200);
    await t.gql(`mutation($id: ID!) { revokeWorkerToken(id: $id) { revokedAt } }`, { id: workerToken.id }, admin);
    const revoked = await whoami(`Bearer ${token}`);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: 'This worker token has been revoked.' });
    const audit = await t.sql.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [workerToken.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['worker_token.created', 'worker_token.revoked']);
  });
});

// Withdrawn subjects' identity LoRAs must not wait on GPU boxes for size eviction: the heartbeat
// answer names the ones the worker holds, by SHA-256 only.
describe('heartbeat answer: identity LoRAs to delete from the box', () => {
  let t: TestApp;
  let admin: TestUser;
  let token: string;

  const heartbeat = async (cachedLoraHashes?: string[]) => {
    const res = await fetch(`${t.url}/v1/workers/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ backend: 'comfyui', baseModels: ['sdxl'], ...(cachedLoraHashes ? { cachedLoraHashes } : {}) }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };
  const identityShaOf = async (subjectId: string) =>
    // The SDXL one: the box here runs SDXL.
    (await t.sql.query(`SELECT a.sha256 FROM preview_subject_identity_loras l JOIN assets a ON a.id = l.asset_id WHERE l.subject_id = $1 AND l.base_model = 'sdxl'`, [subjectId])).rows[0].sha256 as string;

  beforeAll(async () => {
    t = await startTestApp({ PRIVACY_SWEEP_SECONDS: '86400' });
    admin = await createUser(t, ['ADMIN']);
    token = (await t.gql(`mutation { issueWorkerToken(name: "gpu-box-purge") { token } }`, {}, admin)).data!['issueWorkerToken'].token;
  });
  afterAll(() => t?.close());

  it('lists the purged subjects’ identity LoRAs the worker holds, and not an active subject’s', async () => {
    const active = await createPreviewSubject(t, admin, 'Mei');
    const retired = await createPreviewSubject(t, admin, 'Jun');
    const expired = await createPreviewSubject(t, admin, 'Ana');
    const [activeSha, retiredSha, expiredSha] = await Promise.all([active, retired, expired].map((s) => identityShaOf(s.id)));
    expect(new Set([activeSha, retiredSha, expiredSha]).size).toBe(3);
    const styleSha = 'c'.repeat(64);
    const everything = [activeSha!, retiredSha!, expiredSha!, styleSha];

    expect(await heartbeat(everything)).toMatchObject({ purgedIdentityLoraHashes: [] });

    expect((await t.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: retired.id }, admin)).errors).toBeUndefined();
    await t.sql.query(`UPDATE preview_subjects SET consent_expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.id]);
    // Said from the moment of withdrawal, and still after the sweep has purged them.
    expect((await heartbeat(everything))['purgedIdentityLoraHashes']).toEqual([retiredSha, expiredSha].sort());
    const sweep = await t.app.get(PreviewSubjectPrivacyService).purgeWithdrawnSubjects();
    expect(sweep.purges.map((p) => p.subjectId).sort()).toEqual([retired.id, expired.id].sort());
    expect((await heartbeat(everything))['purgedIdentityLoraHashes']).toEqual([retiredSha, expiredSha].sort());

    // Only what the worker reported: once it has deleted a file, the file drops out of the answer.
    expect(await heartbeat([activeSha!, expiredSha!])).toMatchObject({ purgedIdentityLoraHashes: [expiredSha] });
    expect(await heartbeat([activeSha!, styleSha])).toMatchObject({ purgedIdentityLoraHashes: [] });
    expect(await heartbeat()).toMatchObject({ purgedIdentityLoraHashes: [] });
  });

  it('keeps a file another usable subject shares', async () => {
    // The same LoRA bytes registered twice (two assets, one SHA-256): one subject retired, one not.
    const first = await createPreviewSubject(t, admin, 'Lin');
    const second = await createPreviewSubject(t, admin, 'Lin');
    const sha = await identityShaOf(first.id);
    expect(await identityShaOf(second.id)).toBe(sha);
    await t.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: first.id }, admin);
    expect(await heartbeat([sha])).toMatchObject({ purgedIdentityLoraHashes: [] });
    await t.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: second.id }, admin);
    expect(await heartbeat([sha])).toMatchObject({ purgedIdentityLoraHashes: [sha] });
  });

  it('documents the field in /v1/openapi.json', async () => {
    const doc = (await (await fetch(`${t.url}/v1/openapi.json`)).json()) as { components: { schemas: Record<string, { properties: Record<string, { description?: string; type?: string }>; required?: string[] }> } };
    const ack = doc.components.schemas['WorkerHeartbeatAck']!;
    expect(ack.properties['purgedIdentityLoraHashes']).toMatchObject({ type: 'array', description: expect.stringMatching(/retired or whose consent expired/) });
    expect(ack.required).not.toContain('purgedIdentityLoraHashes');
  });
});

// A GPU box that lacks what jobs need (a checkpoint, a ControlNet, a LoRA folder ComfyUI does not
// read) would fail every job it took: its worker says so in the heartbeat, admins see it, and it
// is given no job until a heartbeat no longer says it.
describe('heartbeat: a problem with the worker’s box', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  const PROBLEM = "ComfyUI on this box does not list checkpoint 'sd_xl_base_1.0.safetensors' (models/checkpoints)";

  const v1 = async (token: string, path: string, body: unknown = {}) => {
    const res = await fetch(`${t.url}/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.text();
    return res.status;
  };
  const heartbeat = (token: string, boxProblem?: string | null) => v1(token, 'workers/heartbeat', { backend: 'draft', baseModels: ['sdxl', 'sd15'], ...(boxProblem !== undefined ? { boxProblem } : {}) });
  const issue = async (name: string) => (await t.gql(`mutation($name: String!) { issueWorkerToken(name: $name) { token } }`, { name }, admin)).data!['issueWorkerToken'].token as string;
  const boxProblems = async () => Object.fromEntries(((await t.gql(`query { workers { name boxProblem } }`, {}, admin)).data!['workers'] as Array<{ name: string; boxProblem: string | null }>).map((w) => [w.name, w.boxProblem]));

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    await createPreviewSubject(t, admin, 'Mei');
  });
  afterAll(() => t?.close());

  it('keeps what the worker says, shows it to admins, leases that worker nothing until a heartbeat without it', async () => {
    const sick = await issue('gpu-sick');
    const healthy = await issue('gpu-healthy');
    expect(await heartbeat(sick, PROBLEM)).toBe(200);
    expect(await heartbeat(healthy)).toBe(200);
    expect(await boxProblems()).toEqual({ 'gpu-sick': PROBLEM, 'gpu-healthy': null });

    const template = await createTemplate(t, designer);
    const requested = await t.gql(`mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id } }`, { input: { versionId: template.draft.id } }, designer);
    expect(requested.errors).toBeUndefined();
    expect(await v1(sick, 'jobs/lease?wait=1')).toBe(204);
    expect(await v1(healthy, 'jobs/lease?wait=0')).toBe(200);

    // Fixed (or an older worker that never says): the next heartbeat clears it, and jobs flow again.
    expect(await heartbeat(sick, null)).toBe(200);
    expect(await boxProblems()).toEqual({ 'gpu-sick': null, 'gpu-healthy': null });
    expect(await v1(sick, 'jobs/lease?wait=0')).toBe(200);
    expect(await heartbeat(sick, PROBLEM)).toBe(200);
    expect(await heartbeat(sick)).toBe(200);
    expect((await boxProblems())['gpu-sick']).toBeNull();
  });

  it('refuses an empty or overlong problem, and documents the field', async () => {
    const token = await issue('gpu-docs');
    expect(await heartbeat(token, '')).toBe(400);
    expect(await heartbeat(token, 'x'.repeat(1001))).toBe(400);
    const doc = (await (await fetch(`${t.url}/v1/openapi.json`)).json()) as { components: { schemas: Record<string, { properties: Record<string, { description?: string }>; required?: string[] }> } };
    const body = doc.components.schemas['WorkerHeartbeat']!;
    expect(body.properties['boxProblem']).toMatchObject({ description: expect.stringMatching(/given no job until a heartbeat without one/) });
    expect(body.required).not.toContain('boxProblem');
  });
});

// Models known before leasing: a worker says what its GPU box has (ComfyUI's node classes, model
// files, GPUs), and the lease offers it only jobs whose graphs it can run. A worker that says
// nothing (older workers) is offered jobs as before.
describe('heartbeat: what the box has, and the jobs it is offered', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let mei: { id: string; referencePhotoAssetIds: string[] };
  const FILES = {
    sdxlCheckpoint: 'sd_xl_base_1.0.safetensors',
    sd15Checkpoint: 'v1-5-pruned-emaonly.safetensors',
    sdxlControlNet: 'controlnet-openpose-sdxl-1.0.safetensors',
    sd15ControlNet: 'control_v11p_sd15_openpose.pth',
  };
  const NODE_CLASSES = [...Object.keys(COMFY_NODE_TABLE), 'PreviewImage', 'UpscaleModelLoader'];
  const box = (over: Record<string, unknown> = {}) => ({
    gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 4090', vramMb: 24_564 }],
    nodeClasses: NODE_CLASSES,
    customNodes: [],
    modelFiles: { checkpoints: [FILES.sdxlCheckpoint, FILES.sd15Checkpoint], controlnet: [FILES.sdxlControlNet, FILES.sd15ControlNet] },
    loraFileCount: 2,
    ...over,
  });

  const v1 = async (token: string, path: string, body: unknown = {}) => {
    const res = await fetch(`${t.url}/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : null };
  };
  const worker = async (name: string, capabilities?: unknown) => {
    const token = (await t.gql(`mutation($name: String!) { issueWorkerToken(name: $name) { token } }`, { name }, admin)).data!['issueWorkerToken'].token as string;
    expect((await v1(token, 'workers/heartbeat', { backend: 'comfyui', baseModels: ['sdxl', 'sd15'], ...(capabilities === undefined ? {} : { capabilities }) })).status).toBe(200);
    return token;
  };
  const leasedJobId = async (token: string) => {
    const res = await v1(token, 'jobs/lease?wait=0');
    expect([200, 204]).toContain(res.status);
    return res.status === 204 ? null : (res.body!['job'].id as string);
  };
  // One queued job of a template of that base model, posed (the default spec) or not.
  const queueJob = async (baseModel: 'SDXL' | 'SD15', posed = true) => {
    const template = await createTemplate(t, designer, { baseModel });
    let versionId = template.draft.id;
    if (!posed) {
      const spec = { ...makeTemplateSpec({ baseModel: baseModel === 'SDXL' ? 'sdxl' : 'sd15' }), pose: null };
      const saved = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }`, { input: { templateId: template.id, spec, baseRevision: template.draft.revision } }, designer);
      expect(saved.errors).toBeUndefined();
      versionId = saved.data!['saveDraft'].id;
    }
    const requested = await t.gql(`mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { jobs { id } } }`, { input: { versionId, subjectIds: [mei.id], seeds: [1] } }, designer);
    expect(requested.errors).toBeUndefined();
    return requested.data!['requestPreviews'].jobs[0].id as string;
  };
  // Each test starts from an empty queue and no online worker (a warm one would be waited for: the
  // lease holds a job briefly for a GPU that already has its models loaded). The API reads the pool
  // at most every POOL_VIEW_MAX_AGE_MS, so the workers sent offline here may count as warm that much
  // longer: wait it out, or the next test's first lease may find its job held for a gone worker.
  const clearQueue = async () => {
    await t.sql.query(`UPDATE preview_jobs SET state = 'CANCELLED', lease_id = NULL, lease_expires_at = NULL, leased_by = NULL WHERE state IN ('QUEUED', 'LEASED')`);
    await t.sql.query(`UPDATE workers SET last_heartbeat_at = now() - interval '10 minutes'`);
    await new Promise((resolve) => setTimeout(resolve, POOL_VIEW_MAX_AGE_MS + 50));
  };

  beforeAll(async () => {
    t = await startTestApp({ PREVIEW_BACKEND: 'comfyui' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    mei = await createPreviewSubject(t, admin, 'Mei');
  });
  afterAll(() => t?.close());

  it('records the node classes of each job’s graph when it is queued', async () => {
    const posed = await queueJob('SDXL');
    const plain = await queueJob('SD15', false);
    const classesOf = async (id: string) => (await t.sql.query(`SELECT node_classes FROM preview_jobs WHERE id = $1`, [id])).rows[0].node_classes as string[];
    expect(await classesOf(posed)).toEqual(expect.arrayContaining(['CheckpointLoaderSimple', 'ControlNetLoader', 'ControlNetApplyAdvanced', 'LoraLoader', 'KSampler', 'SaveImage']));
    expect(await classesOf(plain)).toEqual(expect.arrayContaining(['CheckpointLoaderSimple', 'LoraLoader', 'KSampler', 'SaveImage']));
    expect(await classesOf(plain)).not.toContain('ControlNetLoader');
    await clearQueue();
  });

  it('gives a box without the SDXL checkpoint no SDXL job but SD1.5 ones, and a box that reports nothing the SDXL job as before', async () => {
    const sdxl = await queueJob('SDXL');
    const sd15 = await queueJob('SD15');
    const noSdxl = await worker('gpu-no-sdxl', box({ modelFiles: { checkpoints: [FILES.sd15Checkpoint], controlnet: [FILES.sdxlControlNet, FILES.sd15ControlNet] } }));
    // The SDXL job is older and first in line, yet this box is offered only the SD1.5 one.
    expect(await leasedJobId(noSdxl)).toBe(sd15);
    expect(await leasedJobId(noSdxl)).toBeNull();
    const older = await worker('gpu-older-worker');
    expect(await leasedJobId(older)).toBe(sdxl);
    const stored = await t.sql.query(`SELECT w.capabilities, w.reach FROM workers w JOIN worker_tokens t ON t.id = w.token_id WHERE t.name = 'gpu-no-sdxl'`);
    expect(stored.rows[0].capabilities).toMatchObject({ modelFiles: { checkpoints: [FILES.sd15Checkpoint] }, gpus: [{ name: 'NVIDIA GeForce RTX 4090', vramMb: 24_564 }] });
    expect(Object.keys(stored.rows[0].reach).sort()).toEqual(['sd15', 'sdxl']);
    expect(stored.rows[0].reach.sdxl).not.toContain('CheckpointLoaderSimple');
    await clearQueue();
  });

  it('gives a box without the SDXL ControlNet unposed SDXL jobs only, and a box without GPU memory nothing', async () => {
    const posed = await queueJob('SDXL');
    const plain = await queueJob('SDXL', false);
    const cpuOnly = await worker('gpu-none', box({ gpus: [] }));
    expect(await leasedJobId(cpuOnly)).toBeNull();
    const noControlNet = await worker('gpu-no-controlnet', box({ modelFiles: { checkpoints: [FILES.sdxlCheckpoint], controlnet: [] } }));
    expect(await leasedJobId(noControlNet)).toBe(plain);
    expect(await leasedJobId(noControlNet)).toBeNull();
    // Installed since: the next heartbeat says so, and the posed job is offered.
    expect((await v1(noControlNet, 'workers/heartbeat', { backend: 'comfyui', baseModels: ['sdxl'], capabilities: box() })).status).toBe(200);
    expect(await leasedJobId(noControlNet)).toBe(posed);
    await clearQueue();
  });

  it('applies the box check to a batched lease as well: only the jobs the box can run', async () => {
    const sdxl = await queueJob('SDXL');
    const sd15 = await queueJob('SD15');
    const noSdxl = await worker('gpu-batch-no-sdxl', box({ gpus: [0, 1, 2, 3].map((index) => ({ index, name: 'NVIDIA GeForce RTX 4090', vramMb: 24_564 })), modelFiles: { checkpoints: [FILES.sd15Checkpoint], controlnet: [FILES.sdxlControlNet, FILES.sd15ControlNet] } }));
    const batch = await v1(noSdxl, 'jobs/lease?wait=0&max=4');
    expect(batch.status).toBe(200);
    expect(batch.body!['leases'].map((l: { job: { id: string } }) => l.job.id)).toEqual([sd15]);
    const full = await worker('gpu-batch-full', box());
    expect((await v1(full, 'jobs/lease?wait=0&max=4')).body!['leases'].map((l: { job: { id: string } }) => l.job.id)).toEqual([sdxl]);
    await clearQueue();
  });

  // InstantID (custom nodes, SDXL only): a box runs its jobs only with the nodes, the InstantID model and
  // InstantID's ControlNet; the lease brings the subject's face photo, the graph no identity LoRA.
  it('gives an InstantID job only to a box with the InstantID nodes and model files, with a URL of the subject’s first face photo', async () => {
    const template = await createTemplate(t, designer, { baseModel: 'SDXL' });
    const base = makeTemplateSpec({ baseModel: 'sdxl' });
    const spec = { ...base, subject: { ...base.subject, identity: { mode: 'instantid' } } };
    const saved = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }`, { input: { templateId: template.id, spec, baseRevision: template.draft.revision } }, designer);
    expect(saved.errors).toBeUndefined();
    const requested = await t.gql(`mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { jobs { id } } }`, { input: { versionId: saved.data!['saveDraft'].id, subjectIds: [mei.id], seeds: [1] } }, designer);
    expect(requested.errors).toBeUndefined();
    const jobId = requested.data!['requestPreviews'].jobs[0].id as string;
    const stored = (await t.sql.query(`SELECT node_classes FROM preview_jobs WHERE id = $1`, [jobId])).rows[0].node_classes as string[];
    expect(stored).toEqual(expect.arrayContaining([...INSTANTID_NODE_CLASSES, 'ControlNetLoader', 'LoadImage']));

    // Each lacking box long-polls 2 s (a job just queued is sometimes held a moment, see the batched
    // lease test above), so its "no job" is the box check's, and its stored reach says why.
    const reachOf = async (name: string) => (await t.sql.query(`SELECT w.reach FROM workers w JOIN worker_tokens t ON t.id = w.token_id WHERE t.name = $1`, [name])).rows[0].reach.sdxl as string[];
    const withoutNodes = NODE_CLASSES.filter((c) => !(INSTANTID_NODE_CLASSES as readonly string[]).includes(c));
    const instantIdFiles = { ...box().modelFiles, controlnet: [FILES.sdxlControlNet, FILES.sd15ControlNet, INSTANTID_DEFAULT_FILES.controlNet], instantid: [INSTANTID_DEFAULT_FILES.model] };
    const noNodes = await worker('gpu-no-instantid', box({ nodeClasses: withoutNodes, modelFiles: instantIdFiles }));
    expect((await v1(noNodes, 'jobs/lease?wait=2')).status).toBe(204);
    expect(await reachOf('gpu-no-instantid')).not.toContain('InstantIDFaceAnalysis');
    const noModel = await worker('gpu-instantid-no-model', box({ customNodes: ['ComfyUI_InstantID'], modelFiles: { ...instantIdFiles, instantid: [] } }));
    expect((await v1(noModel, 'jobs/lease?wait=2')).status).toBe(204);
    expect(await reachOf('gpu-instantid-no-model')).toEqual(expect.arrayContaining(['ApplyInstantID', 'InstantIDFaceAnalysis']));
    expect(await reachOf('gpu-instantid-no-model')).not.toContain('InstantIDModelLoader');
    const noControlNet = await worker('gpu-instantid-no-controlnet', box({ customNodes: ['ComfyUI_InstantID'], modelFiles: { ...instantIdFiles, controlnet: [FILES.sdxlControlNet] } }));
    expect((await v1(noControlNet, 'jobs/lease?wait=2')).status).toBe(204);
    expect(await reachOf('gpu-instantid-no-controlnet')).not.toContain('ApplyInstantID');

    const complete = await worker('gpu-instantid', box({ customNodes: ['ComfyUI_InstantID'], modelFiles: instantIdFiles }));
    const lease = await v1(complete, 'jobs/lease?wait=5');
    expect(lease.status).toBe(200);
    const job = lease.body!['job'];
    expect(job.id).toBe(jobId);
    const faceName = facePhotoFileName(jobId);
    expect(job.comfy.inputImages.facePhoto).toBe(faceName);
    const prompt = job.comfy.prompt as Record<string, { class_type: string; inputs: Record<string, unknown> }>;
    expect(prompt['face_photo']).toEqual({ class_type: 'LoadImage', inputs: { image: faceName } });
    expect(prompt['instantid']!.inputs).toMatchObject({ weight: spec.subject.likeness.default, image: ['face_photo', 0] });
    expect(prompt['instantid_model']!.inputs).toEqual({ instantid_file: INSTANTID_DEFAULT_FILES.model });
    expect(Object.values(prompt).filter((n) => n.class_type === 'LoraLoader')).toEqual([]);
    // The subject's first face photo (24 px wide; the others 25 and 26), fetched through a presigned URL.
    expect(job.subject.facePhoto.url).toContain('X-Amz-Signature');
    const photo = Buffer.from(await (await fetch(job.subject.facePhoto.url)).arrayBuffer());
    expect(photo.readUInt32BE(16)).toBe(24);
    await clearQueue();
  });

  it('gives an unposed InstantID job to a box with InstantID’s files but without the OpenPose ControlNet', async () => {
    const template = await createTemplate(t, designer, { baseModel: 'SDXL' });
    const base = makeTemplateSpec({ baseModel: 'sdxl' });
    const spec = { ...base, pose: null, subject: { ...base.subject, identity: { mode: 'instantid' } } };
    const saved = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }`, { input: { templateId: template.id, spec, baseRevision: template.draft.revision } }, designer);
    const requested = await t.gql(`mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { jobs { id } } }`, { input: { versionId: saved.data!['saveDraft'].id, subjectIds: [mei.id], seeds: [1] } }, designer);
    const jobId = requested.data!['requestPreviews'].jobs[0].id as string;
    const stored = (await t.sql.query(`SELECT node_classes FROM preview_jobs WHERE id = $1`, [jobId])).rows[0].node_classes as string[];
    expect(stored).toEqual(expect.arrayContaining([...INSTANTID_NODE_CLASSES, 'LoadImage']));
    expect(stored).not.toContain('ControlNetLoader');
    const noOpenPose = await worker('gpu-instantid-no-openpose', box({ modelFiles: { checkpoints: [FILES.sdxlCheckpoint], controlnet: [INSTANTID_DEFAULT_FILES.controlNet], instantid: [INSTANTID_DEFAULT_FILES.model] } }));
    const lease = await v1(noOpenPose, 'jobs/lease?wait=5');
    expect(lease.status).toBe(200);
    expect(lease.body!['job'].id).toBe(jobId);
    expect(lease.body!['job'].comfy.prompt['instantid_controlnet_loader'].inputs.control_net_name).toBe(INSTANTID_DEFAULT_FILES.controlNet);
    await clearQueue();
  });

  it('fails an InstantID job of a subject with no face photo on its worker, saying why, and hands out no URL', async () => {
    const noor = await createPreviewSubject(t, admin, 'Noor');
    await t.sql.query(`DELETE FROM preview_subject_photos WHERE subject_id = $1`, [noor.id]);
    const template = await createTemplate(t, designer, { baseModel: 'SDXL' });
    const base = makeTemplateSpec({ baseModel: 'sdxl' });
    const spec = { ...base, subject: { ...base.subject, identity: { mode: 'instantid' } } };
    const saved = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }`, { input: { templateId: template.id, spec, baseRevision: template.draft.revision } }, designer);
    const requested = await t.gql(`mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { jobs { id } } }`, { input: { versionId: saved.data!['saveDraft'].id, subjectIds: [noor.id], seeds: [1] } }, designer);
    expect(requested.errors).toBeUndefined();
    const files = { ...box().modelFiles, controlnet: [FILES.sdxlControlNet, INSTANTID_DEFAULT_FILES.controlNet], instantid: [INSTANTID_DEFAULT_FILES.model] };
    const lease = await v1(await worker('gpu-instantid-2', box({ modelFiles: files })), 'jobs/lease?wait=5');
    expect(lease.status).toBe(200);
    expect(lease.body!['job']).toMatchObject({ id: requested.data!['requestPreviews'].jobs[0].id, comfy: null, comfyError: expect.stringMatching(/InstantID.*no face photo/) });
    expect(lease.body!['job'].subject.facePhoto).toBeUndefined();
    await clearQueue();
  });

  it('sends no face photo with an identity-LoRA job', async () => {
    const jobId = await queueJob('SDXL');
    // Long-polled: a job just queued is sometimes held a moment (see the batched lease test above).
    const lease = await v1(await worker('gpu-lora-only', box()), 'jobs/lease?wait=5');
    expect(lease.status).toBe(200);
    expect(lease.body!['job'].id).toBe(jobId);
    expect(lease.body!['job'].subject.facePhoto).toBeUndefined();
    expect(lease.body!['job'].comfy.inputImages.facePhoto).toBeUndefined();
    await clearQueue();
  });

  it('undoes its migration and applies it again, giving queued jobs the classes every graph has (and the ControlNet’s when posed)', async () => {
    const posed = await queueJob('SDXL');
    const plain = await queueJob('SD15', false);
    const runner = t.dataSource.createQueryRunner();
    try {
      const Migration = ALL_MIGRATIONS.find((m) => m.name === 'RecordBoxCapabilities1765067400000')!;
      const migration = new Migration();
      await migration.down(runner);
      const columns = async () => (await runner.query(`SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE column_name IN ('capabilities', 'reach', 'node_classes') ORDER BY 1`)).map((r: { c: string }) => r.c);
      expect(await columns()).toEqual([]);
      await migration.up(runner);
      expect(await columns()).toEqual(['preview_jobs.node_classes', 'workers.capabilities', 'workers.reach']);
    } finally {
      await runner.release();
    }
    const classesOf = async (id: string) => (await t.sql.query(`SELECT node_classes FROM preview_jobs WHERE id = $1`, [id])).rows[0].node_classes as string[];
    const core = ['CheckpointLoaderSimple', 'LoraLoader', 'CLIPTextEncode', 'KSampler', 'VAEDecode', 'SaveImage'];
    expect(await classesOf(posed)).toEqual([...core, 'ControlNetLoader', 'ControlNetApplyAdvanced', 'LoadImage']);
    expect(await classesOf(plain)).toEqual(core);
    await clearQueue();
  });

  it('refuses a malformed report, and documents the field', async () => {
    const token = await worker('gpu-report');
    const heartbeat = (capabilities: unknown) => v1(token, 'workers/heartbeat', { backend: 'comfyui', baseModels: ['sdxl'], capabilities });
    expect((await heartbeat(box({ modelFiles: { 'Check points': [] } }))).status).toBe(400);
    expect((await heartbeat(box({ gpus: Array.from({ length: 17 }, (_, index) => ({ index, name: 'gpu', vramMb: 1 })) }))).status).toBe(400);
    expect((await heartbeat(box({ nodeClasses: [''] }))).status).toBe(400);
    expect((await heartbeat(null)).status).toBe(200);
    const doc = (await (await fetch(`${t.url}/v1/openapi.json`)).json()) as { components: { schemas: Record<string, { properties: Record<string, { description?: string }>; required?: string[] }> } };
    const body = doc.components.schemas['WorkerHeartbeat']!;
    expect(body.properties['capabilities']).toMatchObject({ description: expect.stringMatching(/offers only jobs whose graphs it can run/) });
    expect(body.required).not.toContain('capabilities');
    const html = await (await fetch(`${t.url}/v1/docs`)).text();
    for (const field of ['capabilities.gpus', 'capabilities.nodeClasses', 'capabilities.modelFiles', 'capabilities.loraFileCount']) expect(html).toContain(`<code>${field}</code>`);
  });
});
