import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { expectPoll } from '../../../../../testing/poll.js';
import { ComfyClient, ComfyExecutionError, ComfyInterruptedError, ComfyPromptLostError, ComfyUnavailableError, followSamplerSteps } from './comfy-client.js';
import { cleanComfyText, redactLoraHashes } from './comfy-error-text.js';
import { comfyTestGraph, TEST_CHECKPOINT } from './testing/comfy-test-graph.js';
import { FAKE_OOM, FakeComfyServer, type FakeComfyOptions } from './testing/fake-comfy-server.js';

// ComfyClient against the fake ComfyUI (which follows server.py, execution.py and main.py): how a
// prompt's end, failure, loss, cache hit and interruption are noticed, and what designers read.

let dir: string;
let comfy: FakeComfyServer;
let client: ComfyClient;

async function startComfy(options: Partial<FakeComfyOptions> = {}, clientOptions: { historyPollMs?: number } = {}) {
  comfy = await new FakeComfyServer({ dir, checkpoints: [TEST_CHECKPOINT], ...options }).start();
  client = new ComfyClient(comfy.url, { dir, historyPollMs: clientOptions.historyPollMs ?? 40, settleTimeoutMs: 2_000 });
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

const run = (prompt: Record<string, unknown>, extra: { signal?: AbortSignal; onProgress?: (f: number) => void; timeoutMs?: number } = {}) =>
  client.runPrompt(prompt, { signal: extra.signal ?? new AbortController().signal, onProgress: extra.onProgress, timeoutMs: extra.timeoutMs ?? 20_000 });

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'atelier-comfy-client-'));
});
afterEach(async () => {
  await comfy?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('ComfyClient notices a failed prompt in /history, without the socket', () => {
  it('reports an out-of-memory error in a node within a poll, with the node and the error text', async () => {
    await startComfy({ rejectSockets: true });
    comfy.failNextRun = { kind: 'execution_error', nodeId: 'sampler', ...FAKE_OOM };
    const started = performance.now();
    const error = await failureOf(run(comfyTestGraph()));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(ComfyExecutionError);
    expect(error.message).toBe('ComfyUI failed in node sampler (KSampler): torch.OutOfMemoryError: Allocation on device. This error means you ran out of memory on your GPU.');
  });

  it('reports a node exception from a custom node (InstantID finding no face)', async () => {
    await startComfy({ rejectSockets: true });
    comfy.failNextRun = { kind: 'execution_error', nodeId: 'decode', message: 'Reference Image: No face detected.' };
    expect((await failureOf(run(comfyTestGraph()))).message).toBe('ComfyUI failed in node decode (VAEDecode): Exception: Reference Image: No face detected.');
  });

  it('reports a prompt interrupted on the box (by someone else) as interrupted', async () => {
    await startComfy({ rejectSockets: true, stepMs: 30 });
    const rendering = failureOf(run(comfyTestGraph({ steps: 50 })));
    await expectPoll(() => comfy.prompts[0]?.progressFrames ?? 0, { timeout: 5_000 }).toBeGreaterThan(2);
    await fetch(`${comfy.url}/interrupt`, { method: 'POST', body: '{}' });
    const error = await rendering;
    expect(error).toBeInstanceOf(ComfyInterruptedError);
    expect(error.message).toBe('ComfyUI interrupted the render in KSampler');
  });
});

describe('ComfyClient notices a prompt ComfyUI lost', () => {
  it('fails within seconds when ComfyUI restarts under a running prompt', async () => {
    await startComfy({ stepMs: 50 });
    const rendering = failureOf(run(comfyTestGraph({ steps: 400 })));
    await expectPoll(() => comfy.prompts[0]?.progressFrames ?? 0, { timeout: 5_000 }).toBeGreaterThan(1);
    const restarted = performance.now();
    await comfy.restart();
    const error = await rendering;
    expect(error).toBeInstanceOf(ComfyPromptLostError);
    expect(error.message).toBe('ComfyUI no longer has the prompt (it restarted, or its queue was cleared); nothing was rendered');
    expect(performance.now() - restarted).toBeLessThan(3_000);
  });

  it('fails within seconds when its pending prompt is cleared from the queue, and leaves the running one alone', async () => {
    await startComfy({ stepMs: 20 });
    const theirs = await comfy.queueForeignPrompt(comfyTestGraph({ steps: 60, seed: 5 }));
    const rendering = failureOf(run(comfyTestGraph()));
    await expectPoll(() => comfy.prompts.map((p) => p.outcome), { timeout: 5_000 }).toEqual(['running', 'queued']);
    await fetch(`${comfy.url}/queue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clear: true }) });
    expect(await rendering).toBeInstanceOf(ComfyPromptLostError);
    expect(comfy.prompts[0]).toMatchObject({ promptId: theirs, outcome: 'running' });
  });

  it('fails (retryable) within seconds when ComfyUI is down a while', async () => {
    await startComfy({ stepMs: 50 });
    const rendering = failureOf(run(comfyTestGraph({ steps: 400 })));
    await expectPoll(() => comfy.prompts[0]?.progressFrames ?? 0, { timeout: 5_000 }).toBeGreaterThan(1);
    const restarting = comfy.restart({ downMs: 1_500 });
    const error = await rendering;
    expect(error instanceof ComfyPromptLostError || error instanceof ComfyUnavailableError).toBe(true);
    await restarting;
  });
});

describe('ComfyClient and the one socket ComfyUI keeps per client id', () => {
  it('follows each run on a socket of its own, so the last run closing its socket cannot unregister the next', async () => {
    // The server notices a closed socket late and then pops its id, whoever holds it by then.
    await startComfy({ stepMs: 20, socketCloseNoticeMs: 300 });
    const progress: number[][] = [[], []];
    await run(comfyTestGraph({ steps: 30, seed: 1 }), { onProgress: (f) => progress[0]!.push(f) });
    await run(comfyTestGraph({ steps: 30, seed: 2 }), { onProgress: (f) => progress[1]!.push(f) });
    expect(progress.map((p) => p.length >= 30)).toEqual([true, true]);
    expect(new Set(comfy.prompts.map((p) => p.clientId)).size).toBe(2);
  });
});

describe('ComfyClient interrupts only its own prompt', () => {
  // An older build stops whatever runs on /interrupt, whatever the body names.
  it('deletes a pending prompt from the queue and leaves the running one (someone else\'s) alone', async () => {
    await startComfy({ stepMs: 20, olderBuild: true });
    const theirs = await comfy.queueForeignPrompt(comfyTestGraph({ steps: 40, seed: 5 }));
    const stop = new AbortController();
    const rendering = failureOf(run(comfyTestGraph(), { signal: stop.signal }));
    await expectPoll(() => comfy.prompts.map((p) => p.outcome), { timeout: 5_000 }).toEqual(['running', 'queued']);
    // Even when /queue cannot be read at that moment: no interrupt on a guess.
    comfy.failQueueReads = true;
    stop.abort(new Error('lease lost'));
    expect((await rendering).message).toBe('lease lost');
    comfy.failQueueReads = false;
    await expectPoll(() => comfy.prompts.map((p) => p.outcome), { timeout: 5_000 }).toEqual(['success', 'deleted']);
    expect(comfy.prompts[0]!.promptId).toBe(theirs);
    expect(comfy.interrupts).toEqual([]);
  });

  it('interrupts its prompt when /queue shows it running', async () => {
    await startComfy({ stepMs: 20, olderBuild: true });
    const stop = new AbortController();
    const rendering = failureOf(run(comfyTestGraph({ steps: 200 }), { signal: stop.signal }));
    await expectPoll(() => comfy.prompts[0]?.progressFrames ?? 0, { timeout: 5_000 }).toBeGreaterThan(1);
    stop.abort(new Error('lease lost'));
    expect((await rendering).message).toBe('lease lost');
    expect(comfy.prompts[0]!.outcome).toBe('interrupted');
    expect(comfy.interrupts).toEqual([{ prompt_id: comfy.prompts[0]!.promptId }]);
  });
});

describe('ComfyClient and prompts answered from the cache', () => {
  it("says which nodes were cached, ends the progress without frames, and does not count the earlier run's deleted file as missing", async () => {
    await startComfy();
    const first = await run(comfyTestGraph());
    expect(first.cachedNodes).toEqual([]);
    expect(await client.discardPrompt(first.promptId)).toMatchObject({ settled: true, missing: [], earlier: [] });
    const progress: number[] = [];
    const again = await run(comfyTestGraph(), { onProgress: (f) => progress.push(f) });
    expect(again.cachedNodes.sort()).toEqual(Object.keys(comfyTestGraph()).sort());
    expect(again.outputs).toEqual(first.outputs);
    expect(progress).toEqual([1]);
    expect(await client.discardPrompt(again.promptId)).toEqual({ settled: true, removed: [], missing: [], earlier: first.outputs['save'] });
    expect(await comfy.files()).toEqual({ input: [], output: [], temp: [] });
  });
});

describe('ComfyClient reads what the box has (for the heartbeat)', () => {
  it('lists every node class, the custom node packages, the model files per folder from disk, the LoRA count and the GPU', async () => {
    await startComfy({ controlNets: ['controlnet-openpose-sdxl-1.0.safetensors'], instantIdModels: ['ip-adapter.bin'] });
    await writeFile(path.join(dir, 'models', 'checkpoints', 'v1-5-pruned-emaonly.safetensors'), '');
    await mkdir(path.join(dir, 'models', 'checkpoints', 'sdxl'), { recursive: true });
    await writeFile(path.join(dir, 'models', 'checkpoints', 'sdxl', 'juggernaut.safetensors'), '');
    await writeFile(path.join(dir, 'models', 'checkpoints', 'notes.txt'), '');
    await writeFile(path.join(comfy.loraDir, `${'a'.repeat(64)}.safetensors`), '');
    const box = await client.readBox();
    expect(box.gpus).toEqual([{ index: 0, name: 'Fake GPU', vramMb: 24 * 1024 }]);
    expect(box.nodeClasses).toEqual(expect.arrayContaining(['CheckpointLoaderSimple', 'ControlNetLoader', 'KSampler', 'SaveImage', 'InstantIDModelLoader', 'ApplyInstantID']));
    expect(box.customNodes).toEqual(['ComfyUI_InstantID']);
    // As folder_paths lists them: model extensions only, subfolders included; LoRA files only counted.
    expect(box.modelFiles).toEqual({ checkpoints: [TEST_CHECKPOINT, 'sdxl/juggernaut.safetensors', 'v1-5-pruned-emaonly.safetensors'], controlnet: ['controlnet-openpose-sdxl-1.0.safetensors'], instantid: ['ip-adapter.bin'] });
    expect(box.loraFileCount).toBe(1);
    expect(JSON.stringify(box)).not.toContain('a'.repeat(64));
  });

  it('leaves out what is not installed: custom nodes and their folders, and a GPU on a CPU-only ComfyUI', async () => {
    await startComfy({ customNodes: [], gpu: null });
    const box = await client.readBox();
    expect(box.gpus).toEqual([]);
    expect(box.customNodes).toEqual([]);
    expect(box.nodeClasses).not.toContain('ApplyInstantID');
    expect(Object.keys(box.modelFiles).sort()).toEqual(['checkpoints', 'controlnet']);
  });

  it('throws when ComfyUI cannot be asked', async () => {
    await startComfy();
    await comfy.stop();
    expect(await failureOf(client.readBox(AbortSignal.timeout(2_000)))).toBeInstanceOf(ComfyUnavailableError);
  });
});

describe('what designers read of a ComfyUI error', () => {
  it('drops the TIPS paragraph and the box paths, keeps the file name', () => {
    expect(cleanComfyText("[Errno 2] No such file or directory: '/opt/ComfyUI/models/loras/abc.safetensors'")).toBe("[Errno 2] No such file or directory: 'abc.safetensors'");
    expect(cleanComfyText('Error while loading C:\\ComfyUI\\models\\checkpoints\\x.ckpt\nTIPS: reinstall')).toBe('Error while loading x.ckpt');
    expect(cleanComfyText('and/or a relative/path stays')).toBe('and/or a relative/path stays');
  });

  it("names LoRA hashes by what they are, and hides any other", () => {
    const identity = 'a'.repeat(64);
    const style = 'b'.repeat(64);
    const other = 'c'.repeat(64);
    const names = new Map([[identity, "the preview subject's identity LoRA"], [style, 'style LoRA "Film grain"']]);
    expect(redactLoraHashes(`${identity}.safetensors, ${style}.safetensors and ${other}`, names)).toBe(`the preview subject's identity LoRA, style LoRA "Film grain" and a LoRA file`);
  });
});

describe('progress through several samplers (the face pass samples the head again)', () => {
  const sampler = (steps: number) => ({ class_type: 'KSampler', inputs: { steps } });

  it("weights each sampler by its steps, so the second sampler's first step does not send progress back", () => {
    const seen: number[] = [];
    const onFrame = followSamplerSteps({ sampler: sampler(30), face_sampler: sampler(10), decode: { class_type: 'VAEDecode', inputs: {} } }, (f) => seen.push(f));
    onFrame(15 / 30, 'sampler');
    onFrame(1, 'sampler');
    onFrame(5 / 10, 'face_sampler');
    onFrame(1, 'face_sampler');
    expect(seen).toEqual([15 / 40, 30 / 40, 35 / 40, 1]);
  });

  it('ignores other nodes\' steps when there are several samplers, and never goes back', () => {
    const seen: number[] = [];
    const onFrame = followSamplerSteps({ sampler: sampler(20), face_sampler: sampler(20) }, (f) => seen.push(f));
    onFrame(1, 'sampler');
    onFrame(0.5, 'upscaler');
    onFrame(0.5, null);
    onFrame(0.2, 'sampler');
    expect(seen).toEqual([0.5, 0.5]);
  });

  it('passes a single sampler\'s fraction through, named or not', () => {
    const seen: number[] = [];
    const onFrame = followSamplerSteps({ sampler: sampler(30) }, (f) => seen.push(f));
    onFrame(0.1, 'sampler');
    onFrame(0.4, null);
    expect(seen).toEqual([0.1, 0.4]);
  });
});
