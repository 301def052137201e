import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { WebSocketServer, type WebSocket } from 'ws';
import { validateComfyGraph } from '@atelier/comfy-compile';

// A small stand-in for a ComfyUI v0.3.x server (no GPU here), speaking the endpoints the comfyui
// backend uses with the response shapes of ComfyUI's server.py (see
// ../shared/reference/comfyui-and-openpose.md): POST /upload/image, POST /prompt (400 with
// node_errors for a graph that does not validate, including files that are not on the box), WS /ws
// frames, GET /history/{id}, GET /view, POST /interrupt, POST /queue, GET /system_stats.
// It "renders" a flat PNG of the latent's size after stepping through the sampler's steps.

export interface FakeComfyOptions {
  /** Files in models/checkpoints and models/controlnet. */
  checkpoints?: string[];
  controlNets?: string[];
  /** models/loras: read on every prompt, like ComfyUI's folder listing. */
  loraDir: string;
  /** Time per sampler step. */
  stepMs?: number;
  /** Refuse WebSocket upgrades (the client must then poll /history). */
  rejectSockets?: boolean;
}

export interface FakeComfyPromptRecord {
  promptId: string;
  clientId: string | undefined;
  prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }>;
  outcome: 'queued' | 'success' | 'error' | 'interrupted' | 'deleted';
}

type NodeErrors = Record<string, { errors: Array<{ type: string; message: string; details: string; extra_info: Record<string, unknown> }>; dependent_outputs: string[]; class_type: string }>;

const SAMPLERS = ['euler', 'euler_ancestral', 'heun', 'dpm_2', 'dpmpp_2m', 'dpmpp_2m_sde', 'dpmpp_sde', 'ddim', 'uni_pc'];
const SCHEDULERS = ['normal', 'karras', 'exponential', 'sgm_uniform', 'simple', 'ddim_uniform', 'beta'];

export class FakeComfyServer {
  readonly inputs = new Map<string, Buffer>();
  readonly outputs = new Map<string, Buffer>();
  readonly prompts: FakeComfyPromptRecord[] = [];
  /** The next prompt to run fails like this (then the switch resets). */
  failNextRun: { kind: 'execution_error'; nodeId: string; message: string } | null = null;
  private readonly history = new Map<string, unknown>();
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private readonly interrupted = new Set<string>();
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private queue: Promise<void> = Promise.resolve();
  private running: string | null = null;
  private counter = 0;
  url = '';

  constructor(private readonly options: FakeComfyOptions) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
    });
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/ws' || this.options.rejectSockets) {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws, url.searchParams.get('clientId') ?? randomUUID()));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const set of this.sockets.values()) for (const ws of set) ws.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Drops every open WebSocket, as a restarting proxy would. */
  dropSockets(): void {
    for (const set of this.sockets.values()) for (const ws of set) ws.terminate();
  }

  private onSocket(ws: WebSocket, clientId: string): void {
    let set = this.sockets.get(clientId);
    if (!set) this.sockets.set(clientId, (set = new Set()));
    set.add(ws);
    ws.on('close', () => set.delete(ws));
    ws.send(JSON.stringify({ type: 'status', data: { status: { exec_info: { queue_remaining: 0 } }, sid: clientId } }));
  }

  private emit(clientId: string | undefined, type: string, data: Record<string, unknown>): void {
    if (!clientId) return;
    for (const ws of this.sockets.get(clientId) ?? []) {
      ws.send(JSON.stringify({ type, data }));
      // ComfyUI also streams binary preview frames; clients must skip them.
      if (type === 'progress') ws.send(Buffer.from([0, 0, 0, 1, 0, 0, 0, 2]), { binary: true });
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readBody(req);
    if (req.method === 'POST' && url.pathname === '/upload/image') return this.upload(req, body, res);
    if (req.method === 'POST' && url.pathname === '/prompt') return this.queuePrompt(JSON.parse(body.toString('utf8')) as { prompt?: unknown; client_id?: string }, res);
    if (req.method === 'GET' && url.pathname.startsWith('/history/')) {
      const id = decodeURIComponent(url.pathname.slice('/history/'.length));
      const entry = this.history.get(id);
      return send(res, 200, entry ? { [id]: entry } : {});
    }
    if (req.method === 'GET' && url.pathname === '/view') {
      const bytes = url.searchParams.get('type') === 'output' ? this.outputs.get(url.searchParams.get('filename') ?? '') : this.inputs.get(url.searchParams.get('filename') ?? '');
      if (!bytes) return send(res, 404, {});
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(bytes);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/interrupt') {
      const { prompt_id } = JSON.parse(body.toString('utf8') || '{}') as { prompt_id?: string };
      if (this.running && (!prompt_id || prompt_id === this.running)) this.interrupted.add(this.running);
      return send(res, 200, {});
    }
    if (req.method === 'POST' && url.pathname === '/queue') {
      const { delete: ids } = JSON.parse(body.toString('utf8') || '{}') as { delete?: string[] };
      for (const record of this.prompts) if (ids?.includes(record.promptId) && record.outcome === 'queued' && this.running !== record.promptId) record.outcome = 'deleted';
      return send(res, 200, {});
    }
    if (req.method === 'GET' && url.pathname === '/system_stats') {
      return send(res, 200, { system: { os: 'posix', comfyui_version: '0.3.x-fake' }, devices: [{ name: 'cuda:0 Fake GPU', type: 'cuda', index: 0, vram_total: 24 * 1024 ** 3, vram_free: 20 * 1024 ** 3 }] });
    }
    send(res, 404, {});
  }

  private async upload(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const form = await new Request('http://x/upload/image', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: new Uint8Array(body) }).formData();
    const image = form.get('image');
    if (!(image instanceof Blob)) return send(res, 400, { error: 'no image' });
    const name = (image as File).name;
    // ComfyUI renames to "name (1).png" unless overwrite is set.
    const stored = this.inputs.has(name) && form.get('overwrite') !== 'true' ? name.replace(/(\.\w+)$/, ` (${++this.counter})$1`) : name;
    this.inputs.set(stored, Buffer.from(await image.arrayBuffer()));
    send(res, 200, { name: stored, subfolder: '', type: 'input' });
  }

  private async queuePrompt(body: { prompt?: unknown; client_id?: string }, res: ServerResponse): Promise<void> {
    const prompt = body.prompt as FakeComfyPromptRecord['prompt'];
    const nodeErrors = await this.validate(prompt);
    if (Object.keys(nodeErrors).length) {
      return send(res, 400, { error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} }, node_errors: nodeErrors });
    }
    const record: FakeComfyPromptRecord = { promptId: randomUUID(), clientId: body.client_id, prompt, outcome: 'queued' };
    this.prompts.push(record);
    this.queue = this.queue.then(() => this.execute(record));
    send(res, 200, { prompt_id: record.promptId, number: this.prompts.length, node_errors: {} });
  }

  // The structure through the shared node table, then the values ComfyUI checks against its folders.
  private async validate(prompt: FakeComfyPromptRecord['prompt']): Promise<NodeErrors> {
    const errors: NodeErrors = {};
    const add = (id: string, type: string, message: string, details: string, inputName?: string) => {
      const entry = (errors[id] ??= { errors: [], dependent_outputs: ['save'], class_type: prompt?.[id]?.class_type ?? '?' });
      entry.errors.push({ type, message, details, extra_info: inputName ? { input_name: inputName } : {} });
    };
    for (const problem of validateComfyGraph(prompt)) {
      const id = /^Node "([^"]+)"/.exec(problem)?.[1] ?? 'prompt';
      add(id, 'invalid_input', 'Invalid input', problem);
    }
    if (!prompt || typeof prompt !== 'object') return errors;
    const loras = (await readdir(this.options.loraDir).catch(() => [] as string[])).filter((f) => f.endsWith('.safetensors'));
    const lists: Record<string, Record<string, readonly string[]>> = {
      CheckpointLoaderSimple: { ckpt_name: this.options.checkpoints ?? [] },
      LoraLoader: { lora_name: loras },
      ControlNetLoader: { control_net_name: this.options.controlNets ?? [] },
      LoadImage: { image: [...this.inputs.keys()] },
      KSampler: { sampler_name: SAMPLERS, scheduler: SCHEDULERS },
    };
    for (const [id, node] of Object.entries(prompt)) {
      for (const [input, allowed] of Object.entries(lists[node.class_type] ?? {})) {
        const value = node.inputs?.[input];
        if (typeof value === 'string' && !allowed.includes(value)) {
          add(id, 'value_not_in_list', 'Value not in list', `${input}: '${value}' not in [${allowed.map((a) => `'${a}'`).join(', ')}]`, input);
        }
      }
    }
    return errors;
  }

  private async execute(record: FakeComfyPromptRecord): Promise<void> {
    if (record.outcome === 'deleted') return;
    const { promptId, clientId, prompt } = record;
    this.running = promptId;
    const frame = (type: string, data: Record<string, unknown> = {}) => this.emit(clientId, type, { ...data, prompt_id: promptId });
    const messages: Array<[string, Record<string, unknown>]> = [];
    try {
      frame('execution_start', { timestamp: Date.now() });
      messages.push(['execution_start', { prompt_id: promptId, timestamp: Date.now() }]);
      frame('execution_cached', { nodes: [] });
      const failure = this.failNextRun;
      this.failNextRun = null;
      for (const [id, node] of Object.entries(prompt)) {
        frame('executing', { node: id, display_node: id });
        if (failure && failure.nodeId === id) {
          const data = { prompt_id: promptId, node_id: id, node_type: node.class_type, executed: [], exception_message: failure.message, exception_type: 'torch.OutOfMemoryError', traceback: [], current_inputs: {}, current_outputs: {} };
          frame('execution_error', data);
          messages.push(['execution_error', data]);
          record.outcome = 'error';
          this.history.set(promptId, { prompt: [0, promptId, prompt, {}, ['save']], outputs: {}, status: { status_str: 'error', completed: false, messages } });
          return;
        }
        if (node.class_type === 'KSampler') {
          const steps = Number(node.inputs.steps);
          for (let step = 1; step <= steps; step++) {
            await new Promise((r) => setTimeout(r, this.options.stepMs ?? 2));
            if (this.interrupted.has(promptId)) {
              const data = { prompt_id: promptId, node_id: id, node_type: node.class_type, executed: [] };
              frame('execution_interrupted', data);
              messages.push(['execution_interrupted', data]);
              record.outcome = 'interrupted';
              this.history.set(promptId, { prompt: [0, promptId, prompt, {}, ['save']], outputs: {}, status: { status_str: 'error', completed: false, messages } });
              return;
            }
            frame('progress', { value: step, max: steps, node: id });
          }
        }
      }
      const { width, height } = await this.latentSize(prompt);
      const filename = `${String(prompt.save?.inputs.filename_prefix ?? 'ComfyUI').replace(/\//g, '_')}_${String(++this.counter).padStart(5, '0')}_.png`;
      this.outputs.set(filename, renderFakeImage(width, height, String(prompt.sampler?.inputs.seed ?? '')));
      const images = [{ filename, subfolder: '', type: 'output' }];
      frame('executed', { node: 'save', display_node: 'save', output: { images } });
      frame('execution_success', { timestamp: Date.now() });
      messages.push(['execution_success', { prompt_id: promptId, timestamp: Date.now() }]);
      record.outcome = 'success';
      this.history.set(promptId, { prompt: [0, promptId, prompt, {}, ['save']], outputs: { save: { images } }, status: { status_str: 'success', completed: true, messages } });
    } finally {
      frame('executing', { node: null });
      this.running = null;
      this.interrupted.delete(promptId);
    }
  }

  // EmptyLatentImage says it; img2img takes the size of the loaded image.
  private async latentSize(prompt: FakeComfyPromptRecord['prompt']): Promise<{ width: number; height: number }> {
    for (const node of Object.values(prompt)) {
      if (node.class_type === 'EmptyLatentImage') return { width: Number(node.inputs.width), height: Number(node.inputs.height) };
    }
    for (const node of Object.values(prompt)) {
      if (node.class_type === 'VAEEncode' && Array.isArray(node.inputs.pixels)) {
        const source = prompt[String(node.inputs.pixels[0])];
        const bytes = this.inputs.get(String(source?.inputs.image));
        if (bytes) {
          const image = await loadImage(bytes);
          return { width: image.width, height: image.height };
        }
      }
    }
    return { width: 512, height: 512 };
  }
}

function renderFakeImage(width: number, height: number, label: string): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#7a5c48';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#f2e6da';
  ctx.font = `${Math.round(height / 20)}px sans-serif`;
  ctx.fillText(`fake comfy ${label}`, width / 20, height / 2);
  return canvas.toBuffer('image/png');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
