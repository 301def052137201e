import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../../../testing/expect-labelled.js';
import { compileToComfyGraph, isLightingApplied, loraFileName, sceneMapFileNames } from '@atelier/comfy-compile';
import { computeSpecHash, makeDefaultTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import { WorkerApiClient, type PreviewJobPayload } from '../../api-client.js';
import { isBadJobInput } from '../backend.js';
import { ComfyClient, ComfyExecutionError } from './comfy-client.js';
import { ComfyUiBackend } from './comfyui-backend.js';
import { LoraChecksumError, LoraFileCache } from './lora-file-cache.js';
import { FakeComfyServer } from './testing/fake-comfy-server.js';
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

let loraDir: string;
let comfy: FakeComfyServer;
let backend: ComfyUiBackend;
let api: WorkerApiClient;

async function startBackend(options: { rejectSockets?: boolean; stepMs?: number } = {}): Promise<void> {
  comfy = await new FakeComfyServer({ loraDir, checkpoints: [CHECKPOINT], controlNets: [CONTROLNET], ...options }).start();
  const loras = new LoraFileCache(loraDir, 1024 ** 3, (url, filePath, signal) => api.downloadToFile(url, filePath, { signal, stopRetrying: signal }));
  backend = new ComfyUiBackend({ comfy: new ComfyClient(comfy.url, { historyPollMs: 40 }), loras, baseModels: ['sdxl'] });
  await backend.start();
}

beforeEach(async () => {
  loraDir = await mkdtemp(path.join(os.tmpdir(), 'atelier-loras-'));
  api = new WorkerApiClient({ apiUrl: 'http://127.0.0.1:9', token: 'wkr_test', retry: { baseMs: 10, maxMs: 20 } });
  storageHits.length = 0;
});

afterEach(async () => {
  await comfy?.stop();
  await rm(loraDir, { recursive: true, force: true });
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

    const meta = await sharp(result.png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 768]);
    expect(comfy.prompts).toHaveLength(1);
    expect(comfy.prompts[0]!.prompt).toEqual(job.comfy!.prompt);
    expect(comfy.prompts[0]!.outcome).toBe('success');
    // The maps the graph loads, at the canvas size, under the names it uses.
    for (const name of [job.comfy!.inputImages.poseMap!, job.comfy!.inputImages.lightMap!]) {
      const uploaded = comfy.inputs.get(name);
      expectLabelled(uploaded, name).toBeDefined();
      const m = await sharp(uploaded!).metadata();
      expect([m.width, m.height]).toEqual([512, 768]);
    }
    // LoRA files by SHA-256, with the right bytes.
    const files = (await readdir(loraDir)).sort();
    expect(files).toEqual([loraFileName(job.subject.identityLora.sha256), loraFileName(job.styleLoras[0]!.sha256)].sort());
    const onDisk = await readFile(path.join(loraDir, loraFileName(job.subject.identityLora.sha256)));
    expect(createHash('sha256').update(onDisk).digest('hex')).toBe(job.subject.identityLora.sha256);
    // Progress climbs through the sampler's steps (30) to the end.
    expect(progress.length).toBeGreaterThan(30);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBeCloseTo(1, 5);
    expect(result.gpuMs).toBeGreaterThan(0);
    expect(backend.describeForHeartbeat()).toEqual({ vramMb: 24 * 1024, loadedCheckpoint: CHECKPOINT, cachedLoraHashes: expect.arrayContaining([job.subject.identityLora.sha256, job.styleLoras[0]!.sha256]) });
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
    const job = makeJob(specWithStyle(), { checkpointName: 'not-on-this-box.safetensors' });
    const error = await failureOf(backend.render(job, context()));
    expect(isBadJobInput(error)).toBe(true);
    expect(error.message).toMatch(/Prompt outputs failed validation/);
    expect(error.message).toMatch(/node checkpoint \(CheckpointLoaderSimple\) input ckpt_name: Value not in list - ckpt_name: 'not-on-this-box.safetensors' not in/);
    expect(comfy.prompts).toHaveLength(0);
  });

  it('reports an execution error as a retryable failure with the exception text', async () => {
    await startBackend();
    comfy.failNextRun = { kind: 'execution_error', nodeId: 'sampler', message: 'CUDA out of memory. Tried to allocate 2.00 GiB' };
    const error = await failureOf(backend.render(makeJob(specWithStyle()), context()));
    expect(error).toBeInstanceOf(ComfyExecutionError);
    expect(isBadJobInput(error)).toBe(false);
    expect(error.message).toBe('ComfyUI failed in node sampler (KSampler): torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB');
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
    storedFiles.set(job.subject.identityLora.url.split('/').pop()!, { bytes: randomBytes(100), sha256: job.subject.identityLora.sha256 });
    await expect(backend.render(job, context())).rejects.toBeInstanceOf(LoraChecksumError);
    expect(await readdir(loraDir)).not.toContain(loraFileName(job.subject.identityLora.sha256));
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
