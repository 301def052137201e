import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../../../testing/expect-labelled.js';
import { INSTANTID_DEFAULT_FILES, compileToComfyGraph, facePhotoFileName, isLightingApplied, loraFileName, planFacePass, sceneMapFileNames } from '@atelier/comfy-compile';
import { computeSpecHash, makeDefaultTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import { WorkerApiClient, type PreviewJobPayload } from '../../api-client.js';
import { isBadJobInput, isBoxProblem } from '../backend.js';
import { ComfyClient, ComfyExecutionError } from './comfy-client.js';
import { ComfyBoxNotCleanError, ComfyUiBackend, FacePhotoUnavailableError } from './comfyui-backend.js';
import { LoraChecksumError, LoraFileCache } from './lora-file-cache.js';
import { FakeComfyServer } from './testing/fake-comfy-server.js';
import { runLeaseLoop } from '../../lease-loop.js';
import { expectPoll } from '../../../../../testing/poll.js';

// The comfyui backend against a local HTTP + WebSocket server speaking ComfyUI's protocol, with LoRA
// files served over real HTTP like presigned storage URLs.

const CHECKPOINT = 'sd_xl_base_1.0.safetensors';
const CONTROLNET = 'controlnet-openpose-sdxl-1.0.safetensors';
const STYLE_LORA_ID = '3f8a2c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

interface StoredFile {
  bytes: Buffer;
  sha256: string;
}

let storage: Server;
let storageUrl: string;
const storedFiles = new Map<string, StoredFile>();
const storageHits: string[] = [];

function storeFile(name: string, bytes: Buffer = randomBytes(4096)): StoredFile & { url: string } {
  const file = { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  storedFiles.set(name, file);
  return { ...file, url: `${storageUrl}/${name}` };
}

beforeAll(async () => {
  storage = createServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    storageHits.push(name);
    const file = storedFiles.get(name);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length }).end(file.bytes);
  });
  await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
  storageUrl = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => storage.close(() => resolve()));
});

// The fake ComfyUI's base directory (input/, output/, temp/, models/loras/), as on a GPU box.
let comfyDir: string;
let loraDir: string;
let comfy: FakeComfyServer;
let backend: ComfyUiBackend;
let api: WorkerApiClient;

async function startBackend(options: { rejectSockets?: boolean; stepMs?: number; historyDelayMs?: number; controlNets?: string[]; instantIdModels?: string[] } = {}): Promise<void> {
  comfy = await new FakeComfyServer({ dir: comfyDir, checkpoints: [CHECKPOINT], controlNets: [CONTROLNET], ...options }).start();
  const loras = new LoraFileCache(loraDir, 1024 ** 3, (url, filePath, signal) => api.downloadToFile(url, filePath, { signal, stopRetrying: signal }));
  backend = new ComfyUiBackend({ comfy: new ComfyClient(comfy.url, { dir: comfyDir, historyPollMs: 40 }), loras, baseModels: ['sdxl'] });
  await backend.start();
}

/** What the box keeps of renders: files in input/, output/, temp/ and /history entries. */
async function leftOnBox() {
  return { ...(await comfy.files()), history: comfy.historyIds() };
}
const CLEAN_BOX = { input: [], output: [], temp: [], history: [] };

beforeEach(async () => {
  comfyDir = await mkdtemp(path.join(os.tmpdir(), 'atelier-comfyui-'));
  loraDir = path.join(comfyDir, 'models', 'loras');
  api = new WorkerApiClient({ apiUrl: 'http://127.0.0.1:9', token: 'wkr_test', retry: { baseMs: 10, maxMs: 20 } });
  storageHits.length = 0;
});

afterEach(async () => {
  await comfy?.stop();
  await rm(comfyDir, { recursive: true, force: true });
});

// A leased job as the API sends it: the spec, the LoRA URLs and the graph compiled the API's way.
function makeJob(spec: TemplateSpec, overrides: { checkpointName?: string; seed?: number } = {}): PreviewJobPayload {
  const identity = storeFile(`identity-${randomUUID()}.safetensors`);
  const style = storeFile(`style-${randomUUID()}.safetensors`);
  const hash = computeSpecHash(spec);
  const names = sceneMapFileNames(hash);
  const inputImages = { ...(spec.pose ? { poseMap: names.poseMap } : {}), ...(isLightingApplied(spec) ? { lightMap: names.lightMap } : {}) };
  const seed = overrides.seed ?? 123456;
  const prompt = compileToComfyGraph(spec, {
    checkpointName: overrides.checkpointName ?? CHECKPOINT,
    controlNetName: CONTROLNET,
    identityLora: { fileName: loraFileName(identity.sha256) },
    styleLoras: spec.styleLoras.map((l) => ({ loraId: l.loraId, fileName: loraFileName(style.sha256), triggerWords: ['film grain'] })),
    seed,
    slots: { subject: 'a person', gender: 'person', age: 'adult' },
    inputImages,
    filenamePrefix: 'atelier/preview-test',
  });
  return {
    id: randomUUID(),
    versionId: randomUUID(),
    specHash: hash,
    spec,
    seed,
    baseModel: spec.baseModel,
    attempt: 1,
    subject: { id: randomUUID(), name: 'Ada', identityLora: { sha256: identity.sha256, url: identity.url } },
    styleLoras: spec.styleLoras.map((l) => ({ loraId: l.loraId, name: 'Film grain', sha256: style.sha256, url: style.url, triggerWords: ['film grain'] })),
    referenceImageUrl: null,
    comfy: { prompt, inputImages },
  };
}

// An InstantID job as the API sends it: the graph loads the face photo the lease carries a URL of.
function makeInstantIdJob(spec: TemplateSpec, photo: { url: string }): PreviewJobPayload {
  const { identity: _instantId, ...loraSubject } = spec.subject;
  const job = { ...makeJob({ ...spec, subject: loraSubject }), spec, specHash: computeSpecHash(spec) };
  const facePhoto = facePhotoFileName(job.id);
  const style = job.styleLoras[0]!;
  job.comfy!.prompt = compileToComfyGraph(spec, {
    checkpointName: CHECKPOINT,
    controlNetName: CONTROLNET,
    instantId: { modelName: INSTANTID_DEFAULT_FILES.model, controlNetName: INSTANTID_DEFAULT_FILES.controlNet, facePhoto },
    styleLoras: spec.styleLoras.map((l) => ({ loraId: l.loraId, fileName: loraFileName(style.sha256), triggerWords: ['film grain'] })),
    seed: job.seed,
    slots: { subject: 'a person', gender: 'person', age: 'adult' },
    inputImages: job.comfy!.inputImages,
    filenamePrefix: 'atelier/preview-test',
  });
  job.comfy!.inputImages = { ...job.comfy!.inputImages, facePhoto };
  job.subject = { ...job.subject, facePhoto: { url: photo.url } };
  return job;
}

function instantIdSpec(): TemplateSpec {
  const spec = specWithStyle();
  return { ...spec, subject: { ...spec.subject, identity: { mode: 'instantid' } } };
}

const INSTANTID_BOX = { controlNets: [CONTROLNET, INSTANTID_DEFAULT_FILES.controlNet], instantIdModels: [INSTANTID_DEFAULT_FILES.model] };

function specWithStyle(): TemplateSpec {
  return { ...makeDefaultTemplateSpec('sdxl'), canvas: { width: 512, height: 768 }, styleLoras: [{ loraId: STYLE_LORA_ID, weight: 0.55 }] };
}

/** The error a render fails with (the test fails if it succeeds). */
async function failureOf(rendering: Promise<unknown>): Promise<Error> {
  try {
    await rendering;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the render to fail');
}

const context = (signal: AbortSignal = new AbortController().signal, progress: number[] = []) => ({ signal, onProgress: (p: number) => progress.push(p) });

describe('ComfyUiBackend against a ComfyUI-protocol server', () => {
  it('puts the LoRAs and maps in place, runs the compiled graph and returns its image', async () => {
    await startBackend();
    const spec = specWithStyle();
    const job = makeJob(spec);
    const progress: number[] = [];
    const result = await backend.render(job, context(undefined, progress));
    const uploads = comfy.uploads;

    const meta = await sharp(result.png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 768]);
    expect(comfy.prompts).toHaveLength(1);
    // The API's graph, but for SaveImage's prefix, which is the job's own for this run, and the maps'
    // file names, which are this GPU's own (`<name>-<8 hex>.png`).
    const { save, pose_image, light_image, ...rest } = comfy.prompts[0]!.prompt;
    const { save: sentSave, pose_image: sentPose, light_image: sentLight, ...sentRest } = job.comfy!.prompt;
    expect(rest).toEqual(sentRest);
    expect(save!.inputs.filename_prefix).toMatch(/^atelier\/preview-test-[0-9a-f]{12}$/);
    expect({ ...save!.inputs, filename_prefix: null }).toEqual({ ...sentSave!.inputs, filename_prefix: null });
    const own = (name: string) => new RegExp(`^${name.replace(/\.png$/, '')}-[0-9a-f]{8}\\.png$`);
    expect(pose_image!.inputs.image).toMatch(own(sentPose!.inputs.image as string));
    expect(light_image!.inputs.image).toMatch(own(sentLight!.inputs.image as string));
    expect(comfy.prompts[0]!.outcome).toBe('success');
    // The maps the graph loads, at the canvas size, under the names it uses.
    expect(uploads.map((u) => u.name).sort()).toEqual([pose_image!.inputs.image, light_image!.inputs.image].sort());
    for (const { name, bytes } of uploads) {
      const m = await sharp(bytes).metadata();
      expectLabelled([m.width, m.height], name).toEqual([512, 768]);
    }
    // LoRA files by SHA-256, with the right bytes.
    const files = (await readdir(loraDir)).sort();
    expect(files).toEqual([loraFileName(job.subject.identityLora!.sha256), loraFileName(job.styleLoras[0]!.sha256)].sort());
    const onDisk = await readFile(path.join(loraDir, loraFileName(job.subject.identityLora!.sha256)));
    expect(createHash('sha256').update(onDisk).digest('hex')).toBe(job.subject.identityLora!.sha256);
    // Progress climbs through the sampler's steps (30) to the end.
    expect(progress.length).toBeGreaterThan(30);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBeCloseTo(1, 5);
    expect(result.gpuMs).toBeGreaterThan(0);
    expect(backend.describeForHeartbeat()).toEqual({
      vramMb: 24 * 1024,
      loadedCheckpoint: CHECKPOINT,
      cachedLoraHashes: expect.arrayContaining([job.subject.identityLora!.sha256, job.styleLoras[0]!.sha256]),
      boxProblem: null,
      capabilities: expect.objectContaining({ modelFiles: expect.objectContaining({ checkpoints: [CHECKPOINT], controlnet: [CONTROLNET] }) }),
    });
  });

  it('runs the face pass on the box: its core nodes validate, the head is pasted back over the crop, progress counts both samplers', async () => {
    await startBackend();
    const spec = specWithStyle();
    const plan = planFacePass(spec)!;
    const progress: number[] = [];
    const result = await backend.render(makeJob(spec), context(undefined, progress));
    expect(comfy.prompts[0]!.outcome).toBe('success');
    const { data, info } = await sharp(result.png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([512, 768]);
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    const { x, y, width, height } = plan.crop;
    const background = pixel(info.width - 2, info.height - 2);
    expect(pixel(x + 2, y + height / 2)).not.toEqual(background);
    expect(pixel(x + width - 2, y + height - 2)).not.toEqual(background);
    expect(pixel(x - 2, y + height / 2)).toEqual(background);
    expect(pixel(x + width / 2, y + height + 2)).toEqual(background);
    // 30 steps of the first pass, then 30 of the face: one climb, with a frame for every step of both.
    expect(progress.length).toBeGreaterThan(60);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const { facePass: _facePass, ...subject } = spec.subject;
    const without = await backend.render(makeJob({ ...spec, subject }), context());
    const plain = await sharp(without.png).removeAlpha().raw().toBuffer();
    const at = (x: number, y: number) => [...plain.subarray((y * 512 + x) * 3, (y * 512 + x) * 3 + 3)];
    expect(at(x + 2, y + height / 2)).toEqual(at(509, 765));
    expect(Object.values(comfy.prompts[1]!.prompt).map((node) => node.class_type)).not.toContain('ImageCrop');
  });

  it('downloads a LoRA once and reuses it for the next job', async () => {
    await startBackend();
    const first = makeJob(specWithStyle(), { seed: 1 });
    await backend.render(first, context());
    const second = { ...first, id: randomUUID(), seed: 2 };
    await backend.render(second, context());
    expect(storageHits.filter((h) => h.startsWith('identity-'))).toHaveLength(1);
    expect(storageHits.filter((h) => h.startsWith('style-'))).toHaveLength(1);
    expect(comfy.prompts.map((p) => p.outcome)).toEqual(['success', 'success']);
  });

  it('turns node_errors into a non-retryable failure naming the node and the input', async () => {
    await startBackend();
    const job = makeJob(specWithStyle());
    job.comfy!.prompt['sampler']!.inputs['cfg'] = 101;
    const error = await failureOf(backend.render(job, context()));
    expect(isBadJobInput(error)).toBe(true);
    expect(isBoxProblem(error)).toBe(false);
    expect(error.message).toBe('Prompt outputs failed validation: node sampler (KSampler) input cfg: Value 101.0 bigger than max of 100.0 - cfg');
    expect(comfy.prompts).toHaveLength(0);
    expect(backend.boxProblem()).toBeNull();
  });

  it('tells the heartbeat what the box has, reads it again when asked, and keeps the last reading while ComfyUI is away', async () => {
    await startBackend();
    const first = backend.describeForHeartbeat().capabilities!;
    expect(first).toMatchObject({ gpus: [{ index: 0, name: 'Fake GPU', vramMb: 24 * 1024 }], modelFiles: { checkpoints: [CHECKPOINT], controlnet: [CONTROLNET] }, customNodes: ['ComfyUI_InstantID'], loraFileCount: 0 });
    await writeFile(path.join(comfyDir, 'models', 'checkpoints', 'v1-5-pruned-emaonly.safetensors'), '');
    await backend.readBox();
    expect(backend.describeForHeartbeat().capabilities!.modelFiles['checkpoints']).toEqual([CHECKPOINT, 'v1-5-pruned-emaonly.safetensors']);
    await comfy.stop();
    await backend.readBox();
    expect(backend.describeForHeartbeat().capabilities!.modelFiles['checkpoints']).toEqual([CHECKPOINT, 'v1-5-pruned-emaonly.safetensors']);
  });

  it('reports no capabilities before ComfyUI ever answered (the API then leases as to an older worker)', async () => {
    const loras = new LoraFileCache(loraDir, 1024 ** 3, (url, filePath, signal) => api.downloadToFile(url, filePath, { signal, stopRetrying: signal }));
    const away = new ComfyUiBackend({ comfy: new ComfyClient('http://127.0.0.1:9', { dir: comfyDir }), loras, baseModels: ['sdxl'], readBoxTimeoutMs: 1_000 });
    await away.start();
    expect(away.describeForHeartbeat()).toMatchObject({ capabilities: null, vramMb: null });
  });

  it('takes a checkpoint the box lacks for a box problem, not a bad job, until ComfyUI lists the file', async () => {
    await startBackend();
    const job = makeJob(specWithStyle(), { checkpointName: 'not-on-this-box.safetensors' });
    const error = await failureOf(backend.render(job, context()));
    expect(isBoxProblem(error)).toBe(true);
    expect(isBadJobInput(error)).toBe(false);
    const problem = "ComfyUI on this box does not list checkpoint 'not-on-this-box.safetensors' (models/checkpoints)";
    expect(error.message).toBe(problem);
    expect(backend.describeForHeartbeat().boxProblem).toBe(problem);
    expect(await backend.recheckBox()).toBe(problem);
    await writeFile(path.join(comfyDir, 'models', 'checkpoints', 'not-on-this-box.safetensors'), '');
    expect(await backend.recheckBox()).toBeNull();
    expect(backend.describeForHeartbeat().boxProblem).toBeNull();
    expect((await sharp((await backend.render(job, context())).png).metadata()).width).toBe(512);
    expect(await leftOnBox()).toEqual(CLEAN_BOX);
  });

  it("takes LoRA files ComfyUI does not see for a box problem (--lora-dir is not its folder), naming no LoRA file", async () => {
    await startBackend();
    const elsewhere = path.join(comfyDir, 'not-comfy-loras');
    const loras = new LoraFileCache(elsewhere, 1024 ** 3, (url, filePath, signal) => api.downloadToFile(url, filePath, { signal, stopRetrying: signal }));
    const misplaced = new ComfyUiBackend({ comfy: new ComfyClient(comfy.url, { dir: comfyDir, historyPollMs: 40 }), loras, baseModels: ['sdxl'] });
    await misplaced.start();
    const job = makeJob(specWithStyle());
    const error = await failureOf(misplaced.render(job, context()));
    expect(isBoxProblem(error)).toBe(true);
    expect(error.message).toBe("ComfyUI on this box does not list the LoRA files the worker put in its LoRA folder (is --lora-dir ComfyUI's models/loras?)");
    expect(await misplaced.recheckBox()).toBe(error.message);
    expect(await leftOnBox()).toEqual(CLEAN_BOX);
  });

  it('reports an execution error as a retryable failure with the exception text', async () => {
    await startBackend();
    comfy.failNextRun = { kind: 'execution_error', nodeId: 'sampler', message: 'CUDA out of memory. Tried to allocate 2.00 GiB', exceptionType: 'torch.OutOfMemoryError' };
    const error = await failureOf(backend.render(makeJob(specWithStyle()), context()));
    expect(error).toBeInstanceOf(ComfyExecutionError);
    expect(isBadJobInput(error)).toBe(false);
    expect(error.message).toBe('ComfyUI failed in node sampler (KSampler): torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB');
  });

  it("names the job's LoRA files by what they are in a node's error, never by hash or box path", async () => {
    await startBackend({ rejectSockets: true });
    const job = makeJob(specWithStyle());
    comfy.failNextRun = { kind: 'execution_error', nodeId: 'lora_identity', message: `Error while loading ${comfyDir}/models/loras/${loraFileName(job.subject.identityLora!.sha256)}\nTIPS: check the file` };
    const error = await failureOf(backend.render(job, context()));
    expect(isBadJobInput(error)).toBe(false);
    expect(error.message).toBe("ComfyUI failed in node lora_identity (LoraLoader): Exception: Error while loading the preview subject's identity LoRA");
  });

  it('interrupts the running prompt when the job is aborted (lease lost, shutdown)', async () => {
    await startBackend({ stepMs: 30 });
    const stop = new AbortController();
    const progress: number[] = [];
    const rendering = backend.render(makeJob(specWithStyle()), context(stop.signal, progress));
    await expectPoll(() => progress.some((p) => p > 0.2), { timeout: 5_000 }).toBe(true);
    stop.abort(new Error('lease lost'));
    await expect(rendering).rejects.toThrow('lease lost');
    await expectPoll(() => comfy.prompts[0]!.outcome, { timeout: 5_000 }).toBe('interrupted');
  });

  it('fails a run interrupted on the box (by someone else) as retryable', async () => {
    await startBackend({ stepMs: 20 });
    const progress: number[] = [];
    const rendering = backend.render(makeJob(specWithStyle()), context(undefined, progress));
    await expectPoll(() => progress.some((p) => p > 0.2), { timeout: 5_000 }).toBe(true);
    await fetch(`${comfy.url}/interrupt`, { method: 'POST', body: '{}' });
    const error = await failureOf(rendering);
    expect(error.message).toMatch(/ComfyUI interrupted the render/);
    expect(isBadJobInput(error)).toBe(false);
  });

  it('follows the prompt through /history when the WebSocket is refused', async () => {
    await startBackend({ rejectSockets: true });
    const result = await backend.render(makeJob(specWithStyle()), context());
    expect((await sharp(result.png).metadata()).width).toBe(512);
    expect(comfy.prompts[0]!.outcome).toBe('success');
  });

  it('survives the WebSocket dropping mid-render', async () => {
    await startBackend({ stepMs: 10 });
    const progress: number[] = [];
    const rendering = backend.render(makeJob(specWithStyle()), context(undefined, progress));
    await expectPoll(() => progress.some((p) => p > 0.2), { timeout: 5_000 }).toBe(true);
    comfy.dropSockets();
    const result = await rendering;
    expect((await sharp(result.png).metadata()).height).toBe(768);
  });

  it('refuses a LoRA whose bytes do not match its SHA-256 and leaves nothing in the folder', async () => {
    await startBackend();
    const job = makeJob(specWithStyle());
    storedFiles.set(job.subject.identityLora!.url.split('/').pop()!, { bytes: randomBytes(100), sha256: job.subject.identityLora!.sha256 });
    await expect(backend.render(job, context())).rejects.toBeInstanceOf(LoraChecksumError);
    expect(await readdir(loraDir)).not.toContain(loraFileName(job.subject.identityLora!.sha256));
    expect((await readdir(loraDir)).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(comfy.prompts).toHaveLength(0);
  });

  it('fails a job that came without a graph with the reason the API gave, not retryable', async () => {
    await startBackend();
    const job = { ...makeJob(specWithStyle()), comfy: null, comfyError: 'Style LoRA 3f8a… is not in the registry' };
    const error = await failureOf(backend.render(job, context()));
    expect(isBadJobInput(error)).toBe(true);
    expect(error.message).toBe('Style LoRA 3f8a… is not in the registry');
  });

  it('says when ComfyUI is unreachable (retryable)', async () => {
    await startBackend();
    await comfy.stop();
    const error = await failureOf(backend.render(makeJob(specWithStyle()), context()));
    expect(error.message).toMatch(/ComfyUI at http:\/\/127\.0\.0\.1:\d+ is unreachable/);
    expect(isBadJobInput(error)).toBe(false);
  });
});

// Faces must not stay on the GPU box: after every job, whatever its outcome, ComfyUI keeps no image
// of it (output/, temp/), no control image the worker uploaded (input/) and no /history entry (the
// graph); a withdrawn subject's identity LoRA leaves models/loras when the API says so.
describe('ComfyUiBackend leaves nothing of a job on the box', () => {
  it('deletes the image, the control images and the /history entry once the image is fetched', async () => {
    await startBackend();
    const job = makeJob(specWithStyle());
    const result = await backend.render(job, context());
    expect((await sharp(result.png).metadata()).width).toBe(512);
    // ComfyUI did write them: the image under the graph's prefix, the two maps.
    expect(comfy.uploads).toHaveLength(2);
    expect(comfy.prompts[0]!.outcome).toBe('success');
    expect(await leftOnBox()).toEqual(CLEAN_BOX);
    const history = await fetch(`${comfy.url}/history/${comfy.prompts[0]!.promptId}`);
    expect(await history.json()).toEqual({});
  });

  it('renders a job retried on the same box afresh (ComfyUI would answer the same graph from its cache) and keeps nothing', async () => {
    await startBackend();
    const job = makeJob(specWithStyle());
    const first = await backend.render(job, context());
    const progress: number[] = [];
    const again = await backend.render({ ...job, attempt: 2 }, context(undefined, progress));
    expect(again.png.equals(first.png)).toBe(true);
    expect(comfy.prompts.map((p) => p.outcome)).toEqual(['success', 'success']);
    // Only SaveImage ran again: the sampler came from the cache, without progress frames.
    expect(comfy.prompts[1]!.cachedNodes).toContain('sampler');
    expect(comfy.prompts[1]!.progressFrames).toBe(0);
    expect(progress.at(-1)).toBe(1);
    expect(await leftOnBox()).toEqual(CLEAN_BOX);
  });

  it("never returns an output ComfyUI answered from its cache (an earlier run's file): runs once more under another prefix", async () => {
    await startBackend();
    const tokens = ['same', 'same', 'other'];
    const loras = new LoraFileCache(loraDir, 1024 ** 3, (url, filePath, signal) => api.downloadToFile(url, filePath, { signal, stopRetrying: signal }));
    const fixed = new ComfyUiBackend({ comfy: new ComfyClient(comfy.url, { dir: comfyDir, historyPollMs: 40 }), loras, baseModels: ['sdxl'], outputToken: () => tokens.shift()! });
    await fixed.start();
    const job = makeJob(specWithStyle());
    await fixed.render(job, context());
    const again = await fixed.render({ ...job, attempt: 2 }, context());
    expect((await sharp(again.png).metadata()).width).toBe(512);
    expect(comfy.prompts.map((p) => p.prompt['save']!.inputs.filename_prefix)).toEqual(['atelier/preview-test-same', 'atelier/preview-test-same', 'atelier/preview-test-other']);
    expect(comfy.prompts[1]!.cachedNodes).toContain('save');
    expect(comfy.prompts[2]!.cachedNodes).not.toContain('save');
    expect(await leftOnBox()).toEqual(CLEAN_BOX);
  });

  it('cleans up after a render that fails, once ComfyUI has written its /history entry', async () => {
    // ComfyUI sends execution_error first and records the history a moment later (task_done).
    await startBackend({ historyDelayMs: 300 });
    comfy.failNextRun = { kind: 'execution_error', nodeId: 'sampler', message: 'CUDA out of memory' };
    const error = await failureOf(backend.render(makeJob(specWithStyle()), context()));
    expect(error).toBeInstanceOf(ComfyExecutionError);
    expect(comfy.prompts[0]!.outcome).toBe('error');
    expect(await leftOnBox()).toEqual(CLEAN_BOX);
  });

  it("renders an InstantID job from the subject's face photo, without its identity LoRA, and deletes the photo after", async () => {
    await startBackend(INSTANTID_BOX);
    const photo = storeFile(`face-${randomUUID()}.jpg`, await sharp({ create: { width: 64, height: 80, channels: 3, background: '#c89' } }).jpeg().toBuffer());
    const job = makeInstantIdJob(instantIdSpec(), photo);
    const result = await backend.render(job, context());
    expect((await sharp(result.png).metadata()).width).toBe(512);
    expect(comfy.prompts[0]!.outcome).toBe('success');
    expect(comfy.prompts[0]!.prompt['instantid']!.class_type).toBe('ApplyInstantID');
    // ComfyUI got the photo's exact bytes under the job's name, beside the two maps...
    const face = comfy.uploads.find((u) => u.name === job.comfy!.inputImages.facePhoto);
    expect(face?.bytes.equals(photo.bytes)).toBe(true);
    expect(comfy.uploads).toHaveLength(3);
    // ...and nothing of the job stays: no photo in input/, no identity LoRA ever fetched.
    expect(await leftOnBox()).toEqual(CLEAN_BOX);
    expect(storageHits.filter((h) => h.startsWith('identity-'))).toEqual([]);
    expect(await readdir(loraDir)).toEqual([loraFileName(job.styleLoras[0]!.sha256)]);
  });

  it('deletes the face photo after an InstantID render that fails (InstantID finding no face)', async () => {
    await startBackend({ ...INSTANTID_BOX, historyDelayMs: 100 });
    const photo = storeFile(`face-${randomUUID()}.jpg`);
    comfy.failNextRun = { kind: 'execution_error', nodeId: 'instantid', message: 'No face detected in the image' };
    const job = makeInstantIdJob(instantIdSpec(), photo);
    const error = await failureOf(backend.render(job, context()));
    expect(error).toBeInstanceOf(ComfyExecutionError);
    expect(comfy.uploads.map((u) => u.name)).toContain(job.comfy!.inputImages.facePhoto);
    expect(await leftOnBox()).toEqual(CLEAN_BOX);
  });

  it("fails an InstantID job whose face photo cannot be fetched, retryably, naming neither the URL nor storage's answer", async () => {
    await startBackend(INSTANTID_BOX);
    const job = makeInstantIdJob(instantIdSpec(), { url: `${storageUrl}/face-gone-${randomUUID()}.jpg` });
    const error = await failureOf(backend.render(job, context()));
    expect(error).toBeInstanceOf(FacePhotoUnavailableError);
    expect(error.message).toBe("The preview subject's face photo could not be downloaded (HTTP 404)");
    expect(isBadJobInput(error)).toBe(false);
    expect(comfy.prompts).toHaveLength(0);
    expect(await leftOnBox()).toEqual(CLEAN_BOX);
  });

  it('cleans up after a render interrupted on the box', async () => {
    await startBackend({ stepMs: 20, historyDelayMs: 100 });
    const progress: number[] = [];
    const rendering = backend.render(makeJob(specWithStyle()), context(undefined, progress));
    await expectPoll(() => progress.some((p) => p > 0.2), { timeout: 5_000 }).toBe(true);
    await fetch(`${comfy.url}/interrupt`, { method: 'POST', body: '{}' });
    expect((await failureOf(rendering)).message).toMatch(/ComfyUI interrupted the render/);
    expect(await leftOnBox()).toEqual(CLEAN_BOX);
  });

  it('cleans up after a job aborted mid-render (lease lost, shutdown), before the next job starts', async () => {
    await startBackend({ stepMs: 30, historyDelayMs: 100 });
    const stop = new AbortController();
    const progress: number[] = [];
    const job = makeJob(specWithStyle());
    const rendering = backend.render(job, context(stop.signal, progress));
    await expectPoll(() => progress.some((p) => p > 0.2), { timeout: 5_000 }).toBe(true);
    stop.abort(new Error('lease lost'));
    // The loop stops waiting at once and leases the next job, which waits for this clean-up.
    const next = backend.render({ ...job, id: randomUUID(), seed: 99 }, context());
    await expect(rendering).rejects.toThrow('lease lost');
    await next;
    expect(comfy.prompts.map((p) => p.outcome)).toEqual(['interrupted', 'success']);
    expect(await leftOnBox()).toEqual(CLEAN_BOX);
  });

  it('fails the job rather than report a render it could not delete (--comfy-dir is not where ComfyUI keeps its files)', async () => {
    await startBackend();
    const elsewhere = path.join(comfyDir, 'not-comfyui');
    for (const sub of ['input', 'output']) await mkdir(path.join(elsewhere, sub), { recursive: true });
    const loras = new LoraFileCache(loraDir, 1024 ** 3, (url, filePath, signal) => api.downloadToFile(url, filePath, { signal, stopRetrying: signal }));
    const misplaced = new ComfyUiBackend({ comfy: new ComfyClient(comfy.url, { dir: elsewhere, historyPollMs: 40 }), loras, baseModels: ['sdxl'] });
    await misplaced.start();
    const error = await failureOf(misplaced.render(makeJob(specWithStyle()), context()));
    expect(error).toBeInstanceOf(ComfyBoxNotCleanError);
    expect(error.message).toMatch(/is not in .*not-comfyui\/output: --comfy-dir must be ComfyUI's base directory/);
    expect(isBadJobInput(error)).toBe(false);
  });

  it("deletes a withdrawn subject's identity LoRA at once and keeps the other files", async () => {
    await startBackend();
    const job = makeJob(specWithStyle());
    await backend.render(job, context());
    const identity = loraFileName(job.subject.identityLora!.sha256);
    expect(await readdir(loraDir)).toContain(identity);
    expect(await backend.purgeIdentityLoras([job.subject.identityLora!.sha256, 'f'.repeat(64)])).toBe(1);
    expect(await readdir(loraDir)).toEqual([loraFileName(job.styleLoras[0]!.sha256)]);
    expect(backend.describeForHeartbeat().cachedLoraHashes).toEqual([job.styleLoras[0]!.sha256]);
    // Repeating it (the next heartbeat) changes nothing.
    expect(await backend.purgeIdentityLoras([job.subject.identityLora!.sha256])).toBe(0);
  });

  it('deletes an identity LoRA the running job uses right after that job', async () => {
    await startBackend({ stepMs: 20 });
    const job = makeJob(specWithStyle());
    const progress: number[] = [];
    const rendering = backend.render(job, context(undefined, progress));
    await expectPoll(() => progress.some((p) => p > 0.2), { timeout: 5_000 }).toBe(true);
    const identity = loraFileName(job.subject.identityLora!.sha256);
    expect(await backend.purgeIdentityLoras([job.subject.identityLora!.sha256])).toBe(0);
    expect(await readdir(loraDir)).toContain(identity);
    await rendering;
    expect(comfy.prompts[0]!.outcome).toBe('success');
    expect(await readdir(loraDir)).toEqual([loraFileName(job.styleLoras[0]!.sha256)]);
    expect(await leftOnBox()).toEqual(CLEAN_BOX);
  });

  it("checks the configured folder is ComfyUI's base directory and deletes nothing outside its folders", async () => {
    await startBackend();
    expect(await new ComfyClient(comfy.url, { dir: comfyDir }).checkDir()).toEqual([]);
    const empty = await mkdtemp(path.join(os.tmpdir(), 'atelier-not-comfyui-'));
    try {
      expect(await new ComfyClient(comfy.url, { dir: empty }).checkDir()).toEqual([expect.stringMatching(/input is not a folder/), expect.stringMatching(/output is not a folder/)]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
    const client = new ComfyClient(comfy.url, { dir: comfyDir });
    await expect(client.removeFile({ filename: 'x.png', subfolder: '../models/loras', type: 'output' })).rejects.toThrow(/outside its output folder/);
    await expect(client.removeFile({ filename: '../input/x.png', subfolder: '', type: 'output' })).rejects.toThrow(/outside its output folder/);
    await expect(client.removeFile({ filename: 'x.png', subfolder: '', type: 'models' })).rejects.toThrow(/unknown folder type/);
    expect(await client.removeFile({ filename: 'never-written.png', subfolder: '', type: 'output' })).toBe(false);
  });
});

// One worker agent driving a box with two GPUs: a ComfyUI each (here two fakes, each with its own
// folders), leasing up to its free GPUs in one call and running each job on a free one.
describe('one worker, two GPUs (a ComfyUI each)', () => {
  const servers: FakeComfyServer[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  // The /v1 protocol in memory: leases from a queue (honouring max), records every call.
  async function startFakeApi(jobs: PreviewJobPayload[]) {
    const calls = { leaseMax: [] as Array<string | null>, heartbeats: [] as Array<Record<string, any>>, completed: [] as string[], uploads: new Set<string>() };
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url!, 'http://x');
        const send = (status: number, body?: unknown) => (body === undefined ? res.writeHead(status).end() : res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const lease = (job: PreviewJobPayload) => ({ leaseId: randomUUID(), leaseExpiresAt: new Date(Date.now() + 60_000).toISOString(), leaseSeconds: 60, job, output: { uploadUrl: `${base}/put/${job.id}`, uploadHeaders: { 'Content-Type': 'image/png' } } });
        if (req.method === 'PUT') return calls.uploads.add(url.pathname.split('/').pop()!), send(200);
        if (url.pathname === '/v1/workers/heartbeat') return calls.heartbeats.push(JSON.parse(Buffer.concat(chunks).toString())), send(200, { workerId: 'w', backend: 'comfyui', lastHeartbeatAt: new Date().toISOString() });
        if (url.pathname === '/v1/jobs/lease') {
          const max = url.searchParams.get('max');
          calls.leaseMax.push(max);
          const taken = jobs.splice(0, max === null ? 1 : Number(max)).map(lease);
          if (!taken.length) return send(204);
          return send(200, max === null ? taken[0] : { leases: taken });
        }
        const m = url.pathname.match(/^\/v1\/jobs\/([^/]+)\/(progress|complete|fail|release|output)$/);
        if (m?.[2] === 'output') return send(200, { uploadUrl: `${base}/put/${m[1]}`, uploadHeaders: { 'Content-Type': 'image/png' }, expiresAt: new Date(Date.now() + 60_000).toISOString() });
        if (m) {
          if (m[2] === 'complete') calls.completed.push(m[1]!);
          return send(200, { id: m[1], state: m[2] === 'complete' ? 'SUCCEEDED' : 'LEASED', attempts: 1, progress: 0, error: null });
        }
        send(404, { code: 'NOT_FOUND', message: url.pathname });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
  }

  async function startGpu(client: WorkerApiClient, gpuName: string): Promise<{ fake: FakeComfyServer; backend: ComfyUiBackend }> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'atelier-comfyui-gpu-'));
    dirs.push(dir);
    const fake = await new FakeComfyServer({ dir, checkpoints: [CHECKPOINT], controlNets: [CONTROLNET], stepMs: 15, gpu: { name: gpuName, vramMb: 24_564 } }).start();
    servers.push(fake);
    const loras = new LoraFileCache(path.join(dir, 'models', 'loras'), 1024 ** 3, (url, filePath, signal) => client.downloadToFile(url, filePath, { signal, stopRetrying: signal }));
    const backend = new ComfyUiBackend({ comfy: new ComfyClient(fake.url, { dir, historyPollMs: 40 }), loras, baseModels: ['sdxl'] });
    await backend.start();
    return { fake, backend };
  }

  it('leases up to its free GPUs in one call, renders on both at once, and reports both GPUs in the heartbeat', async () => {
    const jobs = [0, 1, 2, 3].map((seed) => makeJob(specWithStyle(), { seed: 1000 + seed }));
    const ids = jobs.map((j) => j.id);
    const fakeApi = await startFakeApi(jobs);
    try {
      const client = new WorkerApiClient({ apiUrl: fakeApi.url, token: 'wkr_test', retry: { baseMs: 10, maxMs: 20 } });
      const gpus = [await startGpu(client, 'NVIDIA L4 #0'), await startGpu(client, 'NVIDIA L4 #1')];
      const stop = new AbortController();
      const log = { info: () => undefined, warn: () => undefined };
      const loop = runLeaseLoop({ client, backend: gpus.map((g) => g.backend), leaseWaitSeconds: 0, signal: stop.signal, log, progressIntervalMs: 50 });
      await expectPoll(() => fakeApi.calls.completed.length, { timeout: 20_000 }).toBe(4);
      stop.abort();
      const summary = await loop;
      expect(summary).toEqual({ succeeded: 4, failed: 0, dropped: 0 });
      expect(new Set(fakeApi.calls.completed)).toEqual(new Set(ids));
      // The first lease asked for both GPUs at once, and each GPU's ComfyUI rendered two of the jobs.
      expect(fakeApi.calls.leaseMax[0]).toBe('2');
      expect(fakeApi.calls.leaseMax.every((max) => max === '1' || max === '2')).toBe(true);
      expect(gpus.map((g) => g.fake.prompts.length).reduce((a, b) => a + b)).toBe(4);
      expect(gpus.every((g) => g.fake.prompts.length >= 1)).toBe(true);
      // One heartbeat for the box, naming both GPUs.
      const reported = fakeApi.calls.heartbeats[0]!['capabilities'].gpus as Array<{ index: number; name: string }>;
      expect(reported.map((g) => [g.index, g.name])).toEqual([
        [0, 'NVIDIA L4 #0'],
        [1, 'NVIDIA L4 #1'],
      ]);
    } finally {
      await fakeApi.close();
    }
  });
});
