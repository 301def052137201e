import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectPoll } from '../testing/poll.js';
import { INSTANTID_DEFAULT_FILES, facePhotoFileName, loraFileName, validateComfyGraph } from '@atelier/comfy-compile';
import { PreviewSubjectPrivacyService } from '../apps/api/src/modules/preview-subject/preview-subject-privacy.service.js';
import { startTestApp, type TestApp } from '../apps/api/test/setup/test-app.js';
import { createLora, createPreviewSubject, createTemplate, createUser, makeTemplateSpec, type TestUser } from '../apps/api/test/factories/factories.js';
import { WorkerApiClient } from '../apps/worker/src/api-client.js';
import { ComfyClient } from '../apps/worker/src/backends/comfyui/comfy-client.js';
import { ComfyUiBackend } from '../apps/worker/src/backends/comfyui/comfyui-backend.js';
import { LoraFileCache } from '../apps/worker/src/backends/comfyui/lora-file-cache.js';
import { FakeComfyServer } from '../apps/worker/src/backends/comfyui/testing/fake-comfy-server.js';
import { runLeaseLoop } from '../apps/worker/src/lease-loop.js';

const REQUEST = `mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id jobs { id state } } }`;
const BATCH = `query($id: ID!) { previewBatch(id: $id) { id jobs { id state imageUrl error } } }`;
const CHECKPOINT = 'sd_xl_base_1.0.safetensors';
const CONTROLNET = 'controlnet-openpose-sdxl-1.0.safetensors';

// The real lease loop with the comfyui backend, against the real API (PREVIEW_BACKEND=comfyui),
// PostgreSQL and S3 server, and a ComfyUI-protocol server that validates every graph it is sent
// against the node table and the files on the "box" (checkpoint, ControlNet, LoRAs, input images),
// keeping its files on disk the way ComfyUI does (input/, output/, models/loras/ under one folder).
describe('comfyui worker against the real API', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let mei: { id: string };
  let jun: { id: string };
  let workerToken: string;
  let comfy: FakeComfyServer;
  let comfyDir: string;
  let loraDir: string;

  beforeAll(async () => {
    t = await startTestApp({ PREVIEW_BACKEND: 'comfyui', COMFY_CHECKPOINT_SDXL: CHECKPOINT, COMFY_CONTROLNET_OPENPOSE_SDXL: CONTROLNET });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    mei = await createPreviewSubject(t, admin, 'Mei');
    jun = await createPreviewSubject(t, admin, 'Jun');
    const issued = await t.gql(`mutation { issueWorkerToken(name: "gpu-1") { token } }`, {}, admin);
    expect(issued.errors).toBeUndefined();
    workerToken = issued.data!['issueWorkerToken'].token;
    comfyDir = await mkdtemp(path.join(os.tmpdir(), 'atelier-e2e-comfyui-'));
    comfy = await new FakeComfyServer({ dir: comfyDir, checkpoints: [CHECKPOINT], controlNets: [CONTROLNET], stepMs: 1 }).start();
    loraDir = comfy.loraDir;
  });
  afterAll(async () => {
    await comfy?.stop();
    await t?.close();
    if (comfyDir) await rm(comfyDir, { recursive: true, force: true });
  });

  it('renders a batch with identity and style LoRAs, pose and lights through ComfyUI, and leaves nothing of the faces on the box', async () => {
    const lora = await createLora(t, admin, { name: 'Film grain' });
    const template = await createTemplate(t, designer);
    const spec = makeTemplateSpec({ canvas: { width: 512, height: 768 }, styleLoras: [{ loraId: lora.id, weight: 0.6 }] });
    const saved = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id revision } }`, { input: { templateId: template.id, spec, baseRevision: template.draft.revision } }, designer);
    expect(saved.errors).toBeUndefined();

    const stop = new AbortController();
    const lines: string[] = [];
    const client = new WorkerApiClient({ apiUrl: t.url, token: workerToken, retry: { baseMs: 50, maxMs: 500 } });
    const loras = new LoraFileCache(loraDir, 1024 ** 3, (url, filePath, signal) => client.downloadToFile(url, filePath, { signal, stopRetrying: AbortSignal.timeout(10_000) }));
    const comfyClient = new ComfyClient(comfy.url, { dir: comfyDir, historyPollMs: 50 });
    expect(await comfyClient.checkDir()).toEqual([]);
    const backend = new ComfyUiBackend({ comfy: comfyClient, loras, baseModels: ['sdxl'] });
    await backend.start();
    const loop = runLeaseLoop({ client, backend, leaseWaitSeconds: 1, signal: stop.signal, heartbeatIntervalMs: 200, log: { info: (l) => lines.push(l), warn: (l) => lines.push(l) } });

    const requested = await t.gql(REQUEST, { input: { versionId: template.draft.id } }, designer);
    expect(requested.errors).toBeUndefined();
    const batch = requested.data!['requestPreviews'];
    expect(batch.jobs).toHaveLength(4);

    await expectPoll(async () => ((await t.gql(BATCH, { id: batch.id }, designer)).data!['previewBatch'].jobs as Array<{ state: string }>).map((j) => j.state), { timeout: 30_000, interval: 250 })
      .toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);

    // Each job ran one valid graph on the box with its own seed, the subject's identity LoRA and the style LoRA.
    expect(comfy.prompts.map((p) => p.outcome)).toEqual(['success', 'success', 'success', 'success']);
    // The faces' SDXL identity LoRAs (the template is SDXL; their SD1.5 ones must not be used).
    const identityHashes = (await t.sql.query(`SELECT a.sha256 FROM preview_subject_identity_loras l JOIN assets a ON a.id = l.asset_id WHERE l.base_model = 'sdxl'`)).rows.map((r) => r.sha256 as string);
    const styleHash = (await t.sql.query(`SELECT sha256 FROM loras WHERE id = $1`, [lora.id])).rows[0].sha256 as string;
    for (const { prompt } of comfy.prompts) {
      expect(validateComfyGraph(prompt)).toEqual([]);
      expect(identityHashes.map(loraFileName)).toContain(prompt['lora_identity']!.inputs.lora_name);
      expect(prompt['lora_identity']!.inputs.strength_model).toBe(spec.subject.likeness.default);
      expect(prompt['lora_style_0']!.inputs).toMatchObject({ lora_name: loraFileName(styleHash), strength_model: 0.6 });
      expect(prompt['positive']!.inputs.text).not.toMatch(/\{subject\}|\{\{/);
      // New templates have the face pass: the head re-sampled with the job's seed and pasted back.
      expect(prompt['face_sampler']!.inputs).toMatchObject({ seed: prompt['sampler']!.inputs.seed, denoise: spec.subject.facePass!.denoise });
      expect(prompt['save']!.inputs.images).toEqual(['face_composite', 0]);
    }
    const seeds = new Set(comfy.prompts.map((p) => `${p.prompt['lora_identity']!.inputs.lora_name}:${p.prompt['sampler']!.inputs.seed}`));
    expect(seeds.size).toBe(4);
    expect((await readdir(loraDir)).sort()).toEqual([...identityHashes, styleHash].map(loraFileName).sort());

    // Nothing of the faces stays on the box: no image ComfyUI wrote, no control image uploaded for
    // the jobs (ComfyUI received them), no /history entry.
    expect(comfy.uploads.map((u) => u.name)).toContainEqual(expect.stringMatching(/^atelier-pose-/));
    expect(await comfy.files()).toEqual({ input: [], output: [], temp: [] });
    expect(comfy.historyIds()).toEqual([]);

    // The stored preview is ComfyUI's image (the canvas size), with the time ComfyUI spent.
    const jobs = (await t.gql(BATCH, { id: batch.id }, designer)).data!['previewBatch'].jobs as Array<{ imageUrl: string }>;
    const image = Buffer.from(await (await fetch(jobs[0]!.imageUrl)).arrayBuffer());
    const meta = await sharp(image).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 768]);
    const recorded = await t.sql.query(`SELECT gpu_ms, backend FROM preview_jobs WHERE batch_id = $1`, [batch.id]);
    expect(recorded.rows.every((r) => r.backend === 'comfyui' && r.gpu_ms > 0)).toBe(true);

    // The admin view shows what the box holds: checkpoint, VRAM, the cached LoRA files.
    await expectPoll(async () => (await t.gql(`query { workers { backend vramMb loadedCheckpoint cachedLoraCount } }`, {}, admin)).data?.['workers'], { timeout: 5_000 })
      .toEqual([{ backend: 'comfyui', vramMb: 24 * 1024, loadedCheckpoint: CHECKPOINT, cachedLoraCount: 3 }]);

    // Mei is retired and swept: her identity LoRA leaves the box on the next heartbeat; Jun's and the
    // style LoRA stay.
    const meiSha = (await t.sql.query(`SELECT a.sha256 FROM preview_subject_identity_loras l JOIN assets a ON a.id = l.asset_id WHERE l.subject_id = $1 AND l.base_model = 'sdxl'`, [mei.id])).rows[0].sha256 as string;
    expect((await t.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: mei.id }, admin)).errors).toBeUndefined();
    expect((await t.app.get(PreviewSubjectPrivacyService).purgeWithdrawnSubjects()).purges).toMatchObject([{ subjectId: mei.id, identityLoraDeleted: true }]);
    await expectPoll(async () => (await readdir(loraDir)).sort(), { timeout: 5_000 }).toEqual(identityHashes.filter((h) => h !== meiSha).concat(styleHash).map(loraFileName).sort());
    expect(lines).toContain('deleted 1 identity LoRA file of withdrawn preview subjects');
    expect(lines.join('\n')).not.toContain(meiSha);
    await expectPoll(async () => (await t.gql(`query { workers { cachedLoraCount } }`, {}, admin)).data?.['workers'], { timeout: 5_000 }).toEqual([{ cachedLoraCount: 2 }]);

    stop.abort();
    const summary = await loop;
    await backend.close();
    expect(summary).toEqual({ succeeded: 4, failed: 0, dropped: 0 });
    expect(await comfy.files()).toEqual({ input: [], output: [], temp: [] });
    expect(comfy.historyIds()).toEqual([]);
  });

  it('offers a box that lacks the checkpoint no job, shows admins and designers why, and renders the jobs once the file is there', async () => {
    const issued = await t.gql(`mutation { issueWorkerToken(name: "gpu-2") { token } }`, {}, admin);
    const token = issued.data!['issueWorkerToken'].token as string;
    // gpu-1 stopped in the test above: it no longer counts as online.
    await t.sql.query(`UPDATE workers SET last_heartbeat_at = now() - interval '5 minutes'`);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'atelier-e2e-comfyui-bare-'));
    // Everything but the checkpoint: InstantID's nodes and files included.
    const bare = await new FakeComfyServer({ dir, controlNets: [CONTROLNET, INSTANTID_DEFAULT_FILES.controlNet], instantIdModels: [INSTANTID_DEFAULT_FILES.model], stepMs: 1, gpu: { name: 'NVIDIA L4', vramMb: 23_034 } }).start();
    try {
      const template = await createTemplate(t, designer);
      const client = new WorkerApiClient({ apiUrl: t.url, token, retry: { baseMs: 50, maxMs: 500 } });
      const loras = new LoraFileCache(bare.loraDir, 1024 ** 3, (url, filePath, signal) => client.downloadToFile(url, filePath, { signal, stopRetrying: AbortSignal.timeout(10_000) }));
      const backend = new ComfyUiBackend({ comfy: new ComfyClient(bare.url, { dir, historyPollMs: 50 }), loras, baseModels: ['sdxl'] });
      await backend.start();
      const stop = new AbortController();
      const lines: string[] = [];
      const loop = runLeaseLoop({ client, backend, leaseWaitSeconds: 1, signal: stop.signal, heartbeatIntervalMs: 200, boxRecheckMs: 200, log: { info: (l) => lines.push(l), warn: (l) => lines.push(l) } });

      const requested = await t.gql(REQUEST, { input: { versionId: template.draft.id } }, designer);
      expect(requested.errors).toBeUndefined();
      const batchId = requested.data!['requestPreviews'].id as string;
      // Jun's two seeds (Mei was retired above).
      const count = (requested.data!['requestPreviews'].jobs as unknown[]).length;
      expect(count).toBe(2);

      // Admins see what the box reported and why it gets nothing; the designer sees the jobs wait for a
      // worker able to run them; nothing reaches the box.
      const gpu2 = async () =>
        ((await t.gql(`query { workers { name boxProblem capabilities { gpus { name vramMb } modelFolders { folder files } customNodes } leaseBlocks { code baseModel folder file } } }`, {}, admin)).data!['workers'] as Array<Record<string, any>>).find((w) => w.name === 'gpu-2');
      await expectPoll(async () => (await gpu2())?.leaseBlocks, { timeout: 10_000 }).toEqual([{ code: 'MISSING_MODEL_FILE', baseModel: 'sdxl', folder: 'checkpoints', file: CHECKPOINT }]);
      expect(await gpu2()).toMatchObject({
        boxProblem: null,
        capabilities: { gpus: [{ name: 'NVIDIA L4', vramMb: 23_034 }], modelFolders: [{ folder: 'checkpoints', files: [] }, { folder: 'controlnet', files: [CONTROLNET, INSTANTID_DEFAULT_FILES.controlNet] }, { folder: 'instantid', files: [INSTANTID_DEFAULT_FILES.model] }], customNodes: ['ComfyUI_InstantID'] },
      });
      const unrunnable = (await t.gql(`query { queueStats { unrunnable { baseModel queued blocks { code workerName file } } } }`, {}, admin)).data!['queueStats'].unrunnable;
      expect(unrunnable).toEqual([{ baseModel: 'sdxl', queued: 2, blocks: [{ code: 'MISSING_MODEL_FILE', workerName: 'gpu-2', file: CHECKPOINT }] }]);
      const waiting = (await t.gql(`query($id: ID!) { previewBatch(id: $id) { jobs { state error waitingForWorker waitingReason } } }`, { id: batchId }, designer)).data!['previewBatch'].jobs;
      expect(waiting).toEqual([0, 1].map(() => ({ state: 'QUEUED', error: null, waitingForWorker: true, waitingReason: 'NO_WORKER_ABLE' })));
      await new Promise((r) => setTimeout(r, 1_500));
      expect(bare.prompts).toEqual([]);
      expect((await t.sql.query(`SELECT count(*)::int AS n FROM preview_jobs WHERE batch_id = $1 AND attempts > 0`, [batchId])).rows[0].n).toBe(0);

      // The admin installs the checkpoint: the next heartbeat says so, and the jobs are rendered.
      await writeFile(path.join(dir, 'models', 'checkpoints', CHECKPOINT), '');
      await expectPoll(async () => ((await t.gql(BATCH, { id: batchId }, designer)).data!['previewBatch'].jobs as Array<{ state: string }>).map((j) => j.state), { timeout: 30_000, interval: 250 })
        .toEqual(['SUCCEEDED', 'SUCCEEDED']);
      expect((await gpu2())!['leaseBlocks']).toEqual([]);
      stop.abort();
      expect(await loop).toEqual({ succeeded: count, failed: 0, dropped: 0 });
      await backend.close();
      expect(lines.filter((l) => /box/.test(l))).toEqual([]);
      expect(await bare.files()).toEqual({ input: [], output: [], temp: [] });
    } finally {
      await bare.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('drives a box with two GPUs (a ComfyUI each, one folder) from one worker: one lease call for both, both GPUs render, each job once', async () => {
    const issued = await t.gql(`mutation { issueWorkerToken(name: "gpu-box-2x") { token } }`, {}, admin);
    const token = issued.data!['issueWorkerToken'].token as string;
    await t.sql.query(`UPDATE workers SET last_heartbeat_at = now() - interval '5 minutes'`);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'atelier-e2e-comfyui-2gpu-'));
    // Two ComfyUI processes on one box share its folders (--comfy-dir), each on its own GPU and port.
    const gpus = [
      await new FakeComfyServer({ dir, checkpoints: [CHECKPOINT], controlNets: [CONTROLNET], stepMs: 15, gpu: { name: 'NVIDIA L4', vramMb: 23_034 } }).start(),
      await new FakeComfyServer({ dir, checkpoints: [CHECKPOINT], controlNets: [CONTROLNET], stepMs: 15, gpu: { name: 'NVIDIA L4', vramMb: 23_034 } }).start(),
    ];
    try {
      const template = await createTemplate(t, designer);
      const client = new WorkerApiClient({ apiUrl: t.url, token, retry: { baseMs: 50, maxMs: 500 } });
      // What the loop asks of the API (the real calls, recorded on their way through).
      const asked: number[] = [];
      const leaseMany = client.leaseMany.bind(client);
      client.leaseMany = (waitSeconds, max, opts) => {
        asked.push(max);
        return leaseMany(waitSeconds, max, opts);
      };
      const loras = new LoraFileCache(gpus[0]!.loraDir, 1024 ** 3, (url, filePath, signal) => client.downloadToFile(url, filePath, { signal, stopRetrying: AbortSignal.timeout(10_000) }));
      const backends = gpus.map((gpu) => new ComfyUiBackend({ comfy: new ComfyClient(gpu.url, { dir, historyPollMs: 50 }), loras, baseModels: ['sdxl'] }));
      for (const backend of backends) await backend.start();
      const stop = new AbortController();
      const lines: string[] = [];
      const loop = runLeaseLoop({ client, backend: backends, leaseWaitSeconds: 1, signal: stop.signal, heartbeatIntervalMs: 200, log: { info: (l) => lines.push(l), warn: (l) => lines.push(l) } });

      const requested = await t.gql(REQUEST, { input: { versionId: template.draft.id, subjectIds: [jun.id], seeds: [1, 2, 3] } }, designer);
      expect(requested.errors).toBeUndefined();
      const batchId = requested.data!['requestPreviews'].id as string;
      const count = (requested.data!['requestPreviews'].jobs as unknown[]).length;
      expect(count).toBe(3);
      await expectPoll(async () => ((await t.gql(BATCH, { id: batchId }, designer)).data!['previewBatch'].jobs as Array<{ state: string }>).map((j) => j.state), { timeout: 30_000, interval: 250 })
        .toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
      stop.abort();
      // Each GPU loads its own copies of the maps from the shared input folder: none fails for the other's.
      expect(await loop).toEqual({ succeeded: count, failed: 0, dropped: 0 });
      expect(lines.filter((l) => /failed/.test(l))).toEqual([]);
      for (const backend of backends) await backend.close();

      // With both GPUs free the loop asked for two jobs in one call; each GPU rendered some of them.
      expect(asked[0]).toBe(2);
      expect(Math.max(...asked)).toBe(2);
      expect(gpus.map((gpu) => gpu.prompts.filter((p) => p.outcome === 'success').length).sort()).toEqual([1, 2]);
      // Each job had its own lease, and each ran once.
      const rows = (await t.sql.query(`SELECT attempts FROM preview_jobs WHERE batch_id = $1`, [batchId])).rows as Array<{ attempts: number }>;
      expect(rows.map((r) => r.attempts)).toEqual([1, 1, 1]);
      expect(await gpus[0]!.files()).toEqual({ input: [], output: [], temp: [] });
      // The heartbeat reported the box: two GPUs.
      const box = ((await t.gql(`query { workers { name capabilities { gpus { name vramMb } } } }`, {}, admin)).data!['workers'] as Array<Record<string, any>>).find((w) => w.name === 'gpu-box-2x');
      expect(box!['capabilities'].gpus).toHaveLength(2);
    } finally {
      for (const gpu of gpus) await gpu.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("renders an InstantID template from the subject's face photo, which leaves the box after each job, and fetches no identity LoRA", async () => {
    const token = (await t.gql(`mutation { issueWorkerToken(name: "gpu-3") { token } }`, {}, admin)).data!['issueWorkerToken'].token as string;
    // The boxes of the tests above stopped: they no longer count as online.
    await t.sql.query(`UPDATE workers SET last_heartbeat_at = now() - interval '5 minutes'`);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'atelier-e2e-comfyui-instantid-'));
    const box = await new FakeComfyServer({ dir, checkpoints: [CHECKPOINT], controlNets: [CONTROLNET, INSTANTID_DEFAULT_FILES.controlNet], instantIdModels: [INSTANTID_DEFAULT_FILES.model], stepMs: 1 }).start();
    try {
      const template = await createTemplate(t, designer);
      const base = makeTemplateSpec({ canvas: { width: 512, height: 768 } });
      const spec = { ...base, subject: { ...base.subject, identity: { mode: 'instantid' } } };
      const saved = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }`, { input: { templateId: template.id, spec, baseRevision: template.draft.revision } }, designer);
      expect(saved.errors).toBeUndefined();
      const client = new WorkerApiClient({ apiUrl: t.url, token, retry: { baseMs: 50, maxMs: 500 } });
      const loras = new LoraFileCache(box.loraDir, 1024 ** 3, (url, filePath, signal) => client.downloadToFile(url, filePath, { signal, stopRetrying: AbortSignal.timeout(10_000) }));
      const backend = new ComfyUiBackend({ comfy: new ComfyClient(box.url, { dir, historyPollMs: 50 }), loras, baseModels: ['sdxl'], downloadFacePhoto: (url, signal) => client.download(url, { signal, stopRetrying: AbortSignal.timeout(10_000) }) });
      await backend.start();
      const stop = new AbortController();
      const lines: string[] = [];
      const loop = runLeaseLoop({ client, backend, leaseWaitSeconds: 1, signal: stop.signal, heartbeatIntervalMs: 200, log: { info: (l) => lines.push(l), warn: (l) => lines.push(l) } });

      const requested = await t.gql(REQUEST, { input: { versionId: template.draft.id } }, designer);
      expect(requested.errors).toBeUndefined();
      const batch = requested.data!['requestPreviews'];
      const jobIds = (batch.jobs as Array<{ id: string }>).map((j) => j.id);
      expect(jobIds).toHaveLength(2);
      await expectPoll(async () => ((await t.gql(BATCH, { id: batch.id }, designer)).data!['previewBatch'].jobs as Array<{ state: string }>).map((j) => j.state), { timeout: 30_000, interval: 250 })
        .toEqual(['SUCCEEDED', 'SUCCEEDED']);
      stop.abort();
      expect(await loop).toEqual({ succeeded: 2, failed: 0, dropped: 0 });
      await backend.close();

      // Each job's graph took its face from the photo uploaded under the job's name, at the likeness weight.
      expect(box.prompts.map((p) => p.outcome)).toEqual(['success', 'success']);
      for (const { prompt } of box.prompts) {
        expect(validateComfyGraph(prompt)).toEqual([]);
        expect(prompt['lora_identity']).toBeUndefined();
        expect(prompt['instantid']!.inputs['weight']).toBe(spec.subject.likeness.default);
      }
      expect(box.prompts.map((p) => p.prompt['face_photo']!.inputs['image']).sort()).toEqual(jobIds.map(facePhotoFileName).sort());
      // The photo ComfyUI got is the subject's first consented photo (24 px wide; the others are wider).
      const faces = box.uploads.filter((u) => u.name.startsWith('atelier-face-'));
      expect(faces).toHaveLength(2);
      for (const face of faces) expect(face.bytes.readUInt32BE(16)).toBe(24);
      // Nothing personal stays: no photo in input/, no image, no history, no identity LoRA ever fetched.
      expect(await box.files()).toEqual({ input: [], output: [], temp: [] });
      expect(box.historyIds()).toEqual([]);
      expect(await readdir(box.loraDir)).toEqual([]);
      expect(lines.join('\n')).not.toMatch(/X-Amz|face-\d\.png/);
    } finally {
      await box.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
