import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { expectPoll } from '../../../../../../testing/poll.js';
import { comfyTestGraph, TEST_CHECKPOINT } from './comfy-test-graph.js';
import { FakeComfyServer } from './fake-comfy-server.js';

// The fake must behave like ComfyUI v0.3.x where the worker depends on it; these pin the behaviours
// read from server.py, execution.py and main.py (see the fake's header).

const CHECKPOINT = TEST_CHECKPOINT;
const graph = comfyTestGraph;

let dir: string;
let comfy: FakeComfyServer;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'atelier-fake-comfy-'));
});
afterEach(async () => {
  await comfy?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function post(pathname: string, body: unknown) {
  const res = await fetch(`${comfy.url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : null };
}

async function historyOf(id: string) {
  return ((await (await fetch(`${comfy.url}/history/${id}`)).json()) as Record<string, any>)[id] ?? null;
}

function openSocket(clientId: string): Promise<{ ws: WebSocket; frames: Array<{ type: string; data: Record<string, unknown> }> }> {
  const ws = new WebSocket(`${comfy.url.replace('http', 'ws')}/ws?clientId=${clientId}`);
  const frames: Array<{ type: string; data: Record<string, unknown> }> = [];
  ws.on('message', (data, isBinary) => {
    if (!isBinary) frames.push(JSON.parse(String(data)));
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames }));
    ws.once('error', reject);
  });
}

describe('FakeComfyServer validates like execution.py', () => {
  it('names a model file the box lacks as value_not_in_list, listing the folder (or its length past 20)', async () => {
    comfy = await new FakeComfyServer({ dir, checkpoints: [CHECKPOINT] }).start();
    const refused = await post('/prompt', { prompt: graph({ ckpt: 'missing.safetensors' }) });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      // Only the output node's own reasons make the details: none here, the fault is upstream.
      error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} },
      node_errors: {
        checkpoint: {
          errors: [{ type: 'value_not_in_list', message: 'Value not in list', details: `ckpt_name: 'missing.safetensors' not in ['${CHECKPOINT}']`, extra_info: { input_name: 'ckpt_name', input_config: [[CHECKPOINT]], received_value: 'missing.safetensors' } }],
          dependent_outputs: ['save'],
          class_type: 'CheckpointLoaderSimple',
        },
      },
    });
    for (let i = 0; i < 21; i++) await writeFile(path.join(dir, 'models', 'checkpoints', `m${i}.safetensors`), '');
    const long = await post('/prompt', { prompt: graph({ ckpt: 'missing.safetensors' }) });
    expect(long.body!['node_errors'].checkpoint.errors[0].details).toBe("ckpt_name: 'missing.safetensors' not in (list of length 22)");
  });

  it('answers an unknown class with invalid_prompt and node_errors [], an out-of-range value and a mistyped link per node', async () => {
    comfy = await new FakeComfyServer({ dir, checkpoints: [CHECKPOINT] }).start();
    const unknown = await post('/prompt', { prompt: { ...graph(), extra: { class_type: 'NotANode', inputs: {} } } });
    expect(unknown).toEqual({ status: 400, body: { error: { type: 'invalid_prompt', message: 'Cannot execute because node NotANode does not exist.', details: "Node ID '#extra'", extra_info: {} }, node_errors: [] } });
    const wrong = graph({ cfg: 101 });
    (wrong.decode.inputs as Record<string, unknown>)['vae'] = ['checkpoint', 0];
    const refused = await post('/prompt', { prompt: wrong });
    expect(refused.body!['node_errors']).toMatchObject({
      sampler: { errors: [{ type: 'value_bigger_than_max', message: 'Value 101.0 bigger than max of 100.0', details: 'cfg' }] },
      decode: { errors: [{ type: 'return_type_mismatch', details: 'vae, MODEL != VAE' }] },
    });
    const image = await post('/prompt', { prompt: { ...graph(), pose: { class_type: 'LoadImage', inputs: { image: 'not-uploaded.png' } }, preview: { class_type: 'PreviewImage', inputs: { images: ['pose', 0] } } } });
    expect(image.status).toBe(200);
    expect(image.body!['node_errors']).toMatchObject({ pose: { errors: [{ type: 'custom_validation_failed', details: 'image - Invalid image file: not-uploaded.png' }], dependent_outputs: ['preview'] } });
  });
});

describe('FakeComfyServer lists what the box has like server.py', () => {
  it('lists a custom node package only when installed, and refuses its classes when not', async () => {
    comfy = await new FakeComfyServer({ dir, checkpoints: [CHECKPOINT], customNodes: [] }).start();
    const info = (await (await fetch(`${comfy.url}/object_info`)).json()) as Record<string, { python_module: string }>;
    expect(Object.keys(info)).not.toContain('ApplyInstantID');
    // ComfyUI's own classes only: nodes.py and the core extras it always loads.
    expect(new Set(Object.values(info).map((n) => n.python_module))).toEqual(new Set(['nodes', 'comfy_extras.nodes_images', 'comfy_extras.nodes_mask']));
    const refused = await post('/prompt', { prompt: { ...graph(), loader: { class_type: 'InstantIDModelLoader', inputs: { instantid_file: 'ip-adapter.bin' } } } });
    expect(refused.body).toMatchObject({ error: { type: 'invalid_prompt', message: 'Cannot execute because node InstantIDModelLoader does not exist.' }, node_errors: [] });
    await comfy.stop();
    comfy = await new FakeComfyServer({ dir, checkpoints: [CHECKPOINT] }).start();
    const installed = (await (await fetch(`${comfy.url}/object_info/ApplyInstantID`)).json()) as Record<string, { python_module: string }>;
    expect(installed['ApplyInstantID']!.python_module).toBe('custom_nodes.ComfyUI_InstantID');
  });

  it('reports the one torch device ComfyUI runs on in /system_stats, cpu on a CPU-only box', async () => {
    comfy = await new FakeComfyServer({ dir, gpu: { name: 'NVIDIA L4', vramMb: 23_034 } }).start();
    const stats = (await (await fetch(`${comfy.url}/system_stats`)).json()) as { devices: Array<Record<string, unknown>> };
    expect(stats.devices).toEqual([expect.objectContaining({ name: 'cuda:0 NVIDIA L4 : cudaMallocAsync', type: 'cuda', index: 0, vram_total: 23_034 * 1024 ** 2 })]);
    await comfy.stop();
    comfy = await new FakeComfyServer({ dir, gpu: null }).start();
    const cpu = (await (await fetch(`${comfy.url}/system_stats`)).json()) as { devices: Array<Record<string, unknown>> };
    expect(cpu.devices).toEqual([expect.objectContaining({ name: 'cpu', type: 'cpu', index: null })]);
  });
});

describe('FakeComfyServer runs like main.py and execution.py', () => {
  it('writes /history after execution_success and sends executing null after that', async () => {
    comfy = await new FakeComfyServer({ dir, checkpoints: [CHECKPOINT], historyDelayMs: 150 }).start();
    const { ws, frames } = await openSocket('me');
    const { body } = await post('/prompt', { prompt: graph(), client_id: 'me', prompt_id: 'p1' });
    expect(body!['prompt_id']).toBe('p1');
    await expectPoll(() => frames.some((f) => f.type === 'execution_success'), { timeout: 5_000 }).toBe(true);
    expect(await historyOf('p1')).toBeNull();
    await expectPoll(() => historyOf('p1'), { timeout: 5_000 }).toMatchObject({ status: { status_str: 'success', completed: true } });
    await expectPoll(() => frames.at(-1), { timeout: 5_000 }).toEqual({ type: 'executing', data: { node: null, prompt_id: 'p1' } });
    expect((await historyOf('p1')).status.messages.map((m: [string]) => m[0])).toEqual(['execution_start', 'execution_cached', 'execution_success']);
    expect(frames.filter((f) => f.type === 'progress')).toHaveLength(3);
    ws.close();
  });

  it('answers an unchanged prompt from its cache: no progress, the earlier file named again', async () => {
    comfy = await new FakeComfyServer({ dir, checkpoints: [CHECKPOINT] }).start();
    await post('/prompt', { prompt: graph(), prompt_id: 'first' });
    await expectPoll(() => historyOf('first'), { timeout: 5_000 }).toBeTruthy();
    await post('/prompt', { prompt: graph(), prompt_id: 'again' });
    await expectPoll(() => historyOf('again'), { timeout: 5_000 }).toBeTruthy();
    expect((await historyOf('again')).outputs).toEqual((await historyOf('first')).outputs);
    expect(comfy.prompts[1]).toMatchObject({ outcome: 'success', progressFrames: 0, cachedNodes: Object.keys(graph()) });
    expect((await comfy.files()).output).toEqual(['atelier/test_00001_.png']);
    // Another prefix: only SaveImage runs again.
    await post('/prompt', { prompt: graph({ prefix: 'atelier/other' }), prompt_id: 'third' });
    await expectPoll(() => historyOf('third'), { timeout: 5_000 }).toBeTruthy();
    expect(comfy.prompts[2]).toMatchObject({ progressFrames: 0, cachedNodes: ['checkpoint', 'positive', 'negative', 'latent', 'sampler', 'decode'] });
    expect((await comfy.files()).output).toEqual(['atelier/other_00001_.png', 'atelier/test_00001_.png']);
  });

  it('loses its queue, its history and the running prompt when it restarts', async () => {
    comfy = await new FakeComfyServer({ dir, checkpoints: [CHECKPOINT], stepMs: 50 }).start();
    await post('/prompt', { prompt: graph({ steps: 100 }), prompt_id: 'running' });
    await post('/prompt', { prompt: graph({ seed: 2 }), prompt_id: 'pending' });
    await expectPoll(() => comfy.prompts[0]!.progressFrames > 0, { timeout: 5_000 }).toBe(true);
    await comfy.restart({ downMs: 50 });
    expect(await (await fetch(`${comfy.url}/queue`)).json()).toEqual({ queue_running: [], queue_pending: [] });
    expect(await historyOf('running')).toBeNull();
    expect(comfy.prompts.map((p) => p.outcome)).toEqual(['lost', 'lost']);
  });
});

describe('FakeComfyServer sockets and interrupts like server.py', () => {
  it('lets a closing socket pop the client id a newer socket took over', async () => {
    comfy = await new FakeComfyServer({ dir, checkpoints: [CHECKPOINT], socketCloseNoticeMs: 100 }).start();
    const first = await openSocket('worker');
    first.ws.close();
    const second = await openSocket('worker');
    expect(comfy.socketClientIds()).toEqual(['worker']);
    await expectPoll(() => comfy.socketClientIds(), { timeout: 2_000 }).toEqual([]);
    await post('/prompt', { prompt: graph(), client_id: 'worker', prompt_id: 'p' });
    await expectPoll(() => historyOf('p'), { timeout: 5_000 }).toBeTruthy();
    expect(second.frames.filter((f) => f.data['prompt_id'] === 'p')).toEqual([]);
    second.ws.close();
  });

  it('stops whatever runs on /interrupt in an older build, only the named prompt in a current one', async () => {
    for (const olderBuild of [false, true]) {
      comfy = await new FakeComfyServer({ dir, checkpoints: [CHECKPOINT], stepMs: 20, olderBuild }).start();
      const theirs = await comfy.queueForeignPrompt(graph({ steps: 30 }));
      const mine = (await post('/prompt', { prompt: graph({ seed: 9 }), prompt_id: 'mine' })).body!['prompt_id'] as string;
      expect(mine === 'mine').toBe(!olderBuild);
      await expectPoll(() => comfy.prompts[0]!.progressFrames > 0, { timeout: 5_000 }).toBe(true);
      await post('/interrupt', { prompt_id: mine });
      await expectPoll(() => historyOf(theirs), { timeout: 5_000 }).toBeTruthy();
      expect((await historyOf(theirs)).status.status_str).toBe(olderBuild ? 'error' : 'success');
      await comfy.stop();
    }
  });
});
