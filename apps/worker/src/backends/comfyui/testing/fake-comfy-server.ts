import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { WebSocketServer, type WebSocket } from 'ws';
import { validateComfyGraph } from '@atelier/comfy-compile';

// A small stand-in for a ComfyUI v0.3.x server (no GPU here), speaking the endpoints the comfyui
// backend uses with the response shapes of ComfyUI's server.py (see
// ../shared/reference/comfyui-and-openpose.md): POST /upload/image, POST /prompt (400 with
// node_errors for a graph that does not validate, including files that are not on the box), WS /ws
// frames, GET /history and /history/{id}, POST /history (delete, clear), GET /view, POST /interrupt,
// GET and POST /queue, GET /system_stats.
//
// Its files live on disk under one base directory the way ComfyUI's folder_paths.py lays them out:
// input/ (uploads, what LoadImage lists), output/ (SaveImage: `<prefix dir>/<prefix name>_00001_.png`,
// type "output"), temp/ (PreviewImage: `ComfyUI_temp_xxxxx_00001_.png`, type "temp") and
// models/loras/. As in ComfyUI, nothing is ever deleted by the server itself, and /history keeps an
// entry until it is deleted. A prompt identical to the last one that ran (same graph, same input
// image bytes) is answered from the cache like ComfyUI's executor does: no node runs, no file is
// written, and the history lists the images of that earlier run.
// It "renders" a flat PNG of the latent's size after stepping through the sampler's steps.

export interface FakeComfyOptions {
  /** ComfyUI's base directory (input/, output/, temp/, models/loras/ under it). */
  dir: string;
  /** Files in models/checkpoints and models/controlnet. */
  checkpoints?: string[];
  controlNets?: string[];
  /** Time per sampler step. */
  stepMs?: number;
  /** Refuse WebSocket upgrades (the client must then poll /history). */
  rejectSockets?: boolean;
  /**
   * Time between a prompt's last frame and its /history entry (ComfyUI writes history in task_done,
   * after execute() has sent its frames).
   */
  historyDelayMs?: number;
}

export interface FakeComfyPromptRecord {
  promptId: string;
  clientId: string | undefined;
  prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }>;
  outcome: 'queued' | 'running' | 'success' | 'cached' | 'error' | 'interrupted' | 'deleted';
}

export interface FakeComfyImage {
  filename: string;
  subfolder: string;
  type: 'output' | 'temp' | 'input';
}

/** Every file on the box outside models/, relative to its folder. */
export interface FakeComfyFiles {
  input: string[];
  output: string[];
  temp: string[];
}

type NodeErrors = Record<string, { errors: Array<{ type: string; message: string; details: string; extra_info: Record<string, unknown> }>; dependent_outputs: string[]; class_type: string }>;
type HistoryEntry = { prompt: unknown[]; outputs: Record<string, { images: FakeComfyImage[] }>; status: { status_str: string; completed: boolean; messages: Array<[string, Record<string, unknown>]> } };

const SAMPLERS = ['euler', 'euler_ancestral', 'heun', 'dpm_2', 'dpmpp_2m', 'dpmpp_2m_sde', 'dpmpp_sde', 'ddim', 'uni_pc'];
const SCHEDULERS = ['normal', 'karras', 'exponential', 'sgm_uniform', 'simple', 'ddim_uniform', 'beta'];
const OUTPUT_NODES = new Set(['SaveImage', 'PreviewImage']);

export class FakeComfyServer {
  readonly prompts: FakeComfyPromptRecord[] = [];
  /** Every upload as it arrived (the files themselves live in input/ until someone deletes them). */
  readonly uploads: Array<{ name: string; subfolder: string; type: string; bytes: Buffer }> = [];
  readonly dir: string;
  readonly loraDir: string;
  /** The next prompt to run fails like this (then the switch resets). */
  failNextRun: { kind: 'execution_error'; nodeId: string; message: string } | null = null;
  private readonly history = new Map<string, HistoryEntry>();
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private readonly interrupted = new Set<string>();
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private queue: Promise<void> = Promise.resolve();
  private running: string | null = null;
  // ComfyUI's executor cache, reduced to "the whole prompt is unchanged".
  private lastRun: { key: string; outputs: Record<string, { images: FakeComfyImage[] }> } | null = null;
  url = '';

  constructor(private readonly options: FakeComfyOptions) {
    this.dir = options.dir;
    this.loraDir = path.join(options.dir, 'models', 'loras');
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
    // A ComfyUI checkout ships input/, output/ and models/loras/; temp/ appears with the first preview.
    for (const sub of ['input', 'output', path.join('models', 'loras')]) await mkdir(path.join(this.dir, sub), { recursive: true });
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

  /** Files in input/, output/ and temp/ (subfolders included), sorted. */
  async files(): Promise<FakeComfyFiles> {
    return { input: await listFiles(path.join(this.dir, 'input')), output: await listFiles(path.join(this.dir, 'output')), temp: await listFiles(path.join(this.dir, 'temp')) };
  }

  /** The prompt ids /history still holds. */
  historyIds(): string[] {
    return [...this.history.keys()];
  }

  /** An uploaded input image, or null. */
  async readInput(name: string): Promise<Buffer | null> {
    return readFile(path.join(this.dir, 'input', name)).catch(() => null);
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
    const json = () => JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    if (req.method === 'POST' && url.pathname === '/upload/image') return this.upload(req, body, res);
    if (req.method === 'POST' && url.pathname === '/prompt') return this.queuePrompt(json() as { prompt?: unknown; prompt_id?: unknown; client_id?: string }, res);
    if (req.method === 'GET' && url.pathname === '/history') return send(res, 200, Object.fromEntries(this.history));
    if (req.method === 'GET' && url.pathname.startsWith('/history/')) {
      const id = decodeURIComponent(url.pathname.slice('/history/'.length));
      const entry = this.history.get(id);
      return send(res, 200, entry ? { [id]: entry } : {});
    }
    if (req.method === 'POST' && url.pathname === '/history') {
      // server.py post_history: {"clear": true} wipes it, {"delete": [ids]} drops those entries.
      const { clear, delete: ids } = json() as { clear?: boolean; delete?: string[] };
      if (clear) this.history.clear();
      for (const id of ids ?? []) this.history.delete(id);
      res.writeHead(200).end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/view') return this.view(url, res);
    if (req.method === 'POST' && url.pathname === '/interrupt') {
      const { prompt_id } = json() as { prompt_id?: string };
      if (this.running && (!prompt_id || prompt_id === this.running)) this.interrupted.add(this.running);
      return send(res, 200, {});
    }
    if (req.method === 'GET' && url.pathname === '/queue') {
      const item = (r: FakeComfyPromptRecord) => [this.prompts.indexOf(r), r.promptId, r.prompt, { client_id: r.clientId }, ['save']];
      return send(res, 200, { queue_running: this.prompts.filter((r) => r.outcome === 'running').map(item), queue_pending: this.prompts.filter((r) => r.outcome === 'queued').map(item) });
    }
    if (req.method === 'POST' && url.pathname === '/queue') {
      const { delete: ids } = json() as { delete?: string[] };
      for (const record of this.prompts) if (ids?.includes(record.promptId) && record.outcome === 'queued') record.outcome = 'deleted';
      return send(res, 200, {});
    }
    if (req.method === 'GET' && url.pathname === '/system_stats') {
      return send(res, 200, { system: { os: 'posix', comfyui_version: '0.3.x-fake' }, devices: [{ name: 'cuda:0 Fake GPU', type: 'cuda', index: 0, vram_total: 24 * 1024 ** 3, vram_free: 20 * 1024 ** 3 }] });
    }
    send(res, 404, {});
  }

  // server.py view_image: the folder by type, then the subfolder (which must stay inside it), then
  // the file's base name.
  private async view(url: URL, res: ServerResponse): Promise<void> {
    const filename = url.searchParams.get('filename') ?? '';
    if (!filename || filename.startsWith('/') || filename.includes('..')) return send(res, 400, {});
    const type = url.searchParams.get('type') ?? 'output';
    if (!['input', 'output', 'temp'].includes(type)) return send(res, 400, {});
    const base = path.join(this.dir, type);
    const folder = path.resolve(base, url.searchParams.get('subfolder') ?? '');
    if (!isInside(base, folder)) return send(res, 403, {});
    const bytes = await readFile(path.join(folder, path.basename(filename))).catch(() => null);
    if (!bytes) return send(res, 404, {});
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(bytes);
  }

  // server.py image_upload: into input/<subfolder>/; an existing name is kept unless overwrite is
  // "true" or "1" (then "name (1).png", "name (2).png", … unless the bytes are the same).
  private async upload(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const form = await new Request('http://x/upload/image', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: new Uint8Array(body) }).formData();
    const image = form.get('image');
    if (!(image instanceof Blob) || !(image as File).name) return send(res, 400, { error: 'no image' });
    const type = String(form.get('type') ?? 'input');
    if (!['input', 'output', 'temp'].includes(type)) return send(res, 400, {});
    const subfolder = String(form.get('subfolder') ?? '');
    const base = path.join(this.dir, type);
    const folder = path.resolve(base, subfolder);
    const bytes = Buffer.from(await image.arrayBuffer());
    let name = (image as File).name;
    if (!isInside(base, path.resolve(folder, name))) return send(res, 400, {});
    await mkdir(folder, { recursive: true });
    const overwrite = form.get('overwrite') === 'true' || form.get('overwrite') === '1';
    const ext = path.extname(name);
    const stem = name.slice(0, name.length - ext.length);
    for (let i = 1; !overwrite; i++) {
      const existing = await readFile(path.join(folder, name)).catch(() => null);
      if (!existing || existing.equals(bytes)) break;
      name = `${stem} (${i})${ext}`;
    }
    await writeFile(path.join(folder, name), bytes);
    this.uploads.push({ name, subfolder, type, bytes });
    send(res, 200, { name, subfolder, type });
  }

  // Like ComfyUI v0.3.x, the client may name the prompt (`prompt_id`).
  private async queuePrompt(body: { prompt?: unknown; prompt_id?: unknown; client_id?: string }, res: ServerResponse): Promise<void> {
    const prompt = body.prompt as FakeComfyPromptRecord['prompt'];
    const nodeErrors = await this.validate(prompt);
    if (Object.keys(nodeErrors).length) {
      return send(res, 400, { error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} }, node_errors: nodeErrors });
    }
    const record: FakeComfyPromptRecord = { promptId: typeof body.prompt_id === 'string' ? body.prompt_id : randomUUID(), clientId: body.client_id, prompt, outcome: 'queued' };
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
    const loras = (await readdir(this.loraDir).catch(() => [] as string[])).filter((f) => f.endsWith('.safetensors'));
    const inputs = (await readdir(path.join(this.dir, 'input'), { withFileTypes: true }).catch(() => [])).filter((e) => e.isFile()).map((e) => e.name);
    const lists: Record<string, Record<string, readonly string[]>> = {
      CheckpointLoaderSimple: { ckpt_name: this.options.checkpoints ?? [] },
      LoraLoader: { lora_name: loras },
      ControlNetLoader: { control_net_name: this.options.controlNets ?? [] },
      LoadImage: { image: inputs },
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
    record.outcome = 'running';
    this.running = promptId;
    const frame = (type: string, data: Record<string, unknown> = {}) => this.emit(clientId, type, { ...data, prompt_id: promptId });
    const messages: Array<[string, Record<string, unknown>]> = [];
    const queued = [this.prompts.indexOf(record), promptId, prompt, { client_id: clientId }, ['save']];
    const result: { outcome?: FakeComfyPromptRecord['outcome']; entry?: HistoryEntry } = {};
    const ended = (outcome: FakeComfyPromptRecord['outcome'], outputs: HistoryEntry['outputs'], ok: boolean) => {
      result.outcome = outcome;
      result.entry = { prompt: queued, outputs, status: { status_str: ok ? 'success' : 'error', completed: ok, messages } };
    };
    try {
      frame('execution_start', { timestamp: Date.now() });
      messages.push(['execution_start', { prompt_id: promptId, timestamp: Date.now() }]);
      const key = await this.cacheKey(prompt);
      if (this.lastRun?.key === key) {
        frame('execution_cached', { nodes: Object.keys(prompt) });
        frame('execution_success', { timestamp: Date.now() });
        messages.push(['execution_cached', { prompt_id: promptId, nodes: Object.keys(prompt) }], ['execution_success', { prompt_id: promptId, timestamp: Date.now() }]);
        ended('cached', this.lastRun.outputs, true);
        return;
      }
      this.lastRun = null;
      frame('execution_cached', { nodes: [] });
      const failure = this.failNextRun;
      this.failNextRun = null;
      for (const [id, node] of Object.entries(prompt)) {
        frame('executing', { node: id, display_node: id });
        if (failure && failure.nodeId === id) {
          const data = { prompt_id: promptId, node_id: id, node_type: node.class_type, executed: [], exception_message: failure.message, exception_type: 'torch.OutOfMemoryError', traceback: [], current_inputs: {}, current_outputs: {} };
          frame('execution_error', data);
          messages.push(['execution_error', data]);
          ended('error', {}, false);
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
              ended('interrupted', {}, false);
              return;
            }
            frame('progress', { value: step, max: steps, node: id });
          }
        }
      }
      const { width, height } = await this.latentSize(prompt);
      const png = renderFakeImage(width, height, String(prompt.sampler?.inputs.seed ?? ''));
      const outputs: HistoryEntry['outputs'] = {};
      for (const [id, node] of Object.entries(prompt)) {
        if (!OUTPUT_NODES.has(node.class_type)) continue;
        const images = [await this.saveImage(node, png)];
        outputs[id] = { images };
        frame('executed', { node: id, display_node: id, output: { images } });
      }
      frame('execution_success', { timestamp: Date.now() });
      messages.push(['execution_success', { prompt_id: promptId, timestamp: Date.now() }]);
      this.lastRun = { key, outputs };
      ended('success', outputs, true);
    } finally {
      frame('executing', { node: null });
      // task_done: the history entry and the end of "running" (in /queue too) come together, a little later.
      if (this.options.historyDelayMs) await new Promise((r) => setTimeout(r, this.options.historyDelayMs));
      if (result.entry) this.history.set(promptId, result.entry);
      record.outcome = result.outcome ?? 'error';
      this.running = null;
      this.interrupted.delete(promptId);
    }
  }

  // nodes.py SaveImage (folder_paths.get_save_image_path: the prefix's directory is the subfolder,
  // the counter continues after the highest on disk) and PreviewImage (temp/, a random prefix).
  private async saveImage(node: { class_type: string; inputs: Record<string, unknown> }, png: Buffer): Promise<FakeComfyImage> {
    const isPreview = node.class_type === 'PreviewImage';
    const type = isPreview ? 'temp' : 'output';
    const prefix = isPreview ? `ComfyUI_temp_${randomUUID().slice(0, 5)}` : path.normalize(String(node.inputs.filename_prefix ?? 'ComfyUI'));
    const base = path.join(this.dir, type);
    const subfolder = path.dirname(prefix) === '.' ? '' : path.dirname(prefix);
    const name = path.basename(prefix);
    const folder = path.resolve(base, subfolder);
    if (!isInside(base, folder)) throw new Error('Saving image outside the output folder is not allowed.');
    await mkdir(folder, { recursive: true });
    const taken = (await readdir(folder)).map((f) => new RegExp(`^${escapeRegExp(name)}_(\\d+)_\\.png$`).exec(f)?.[1]).filter((n): n is string => n !== undefined);
    const counter = Math.max(0, ...taken.map(Number)) + 1;
    const filename = `${name}_${String(counter).padStart(5, '0')}_.png`;
    await writeFile(path.join(folder, filename), png);
    return { filename, subfolder, type };
  }

  // The graph plus the bytes of the images its LoadImage nodes read (LoadImage.IS_CHANGED hashes the file).
  private async cacheKey(prompt: FakeComfyPromptRecord['prompt']): Promise<string> {
    const hash = createHash('sha256').update(JSON.stringify(prompt));
    for (const node of Object.values(prompt)) {
      if (node.class_type === 'LoadImage') hash.update((await this.readInput(String(node.inputs.image))) ?? Buffer.alloc(0));
    }
    return hash.digest('hex');
  }

  // EmptyLatentImage says it; img2img takes the size of the loaded image.
  private async latentSize(prompt: FakeComfyPromptRecord['prompt']): Promise<{ width: number; height: number }> {
    for (const node of Object.values(prompt)) {
      if (node.class_type === 'EmptyLatentImage') return { width: Number(node.inputs.width), height: Number(node.inputs.height) };
    }
    for (const node of Object.values(prompt)) {
      if (node.class_type === 'VAEEncode' && Array.isArray(node.inputs.pixels)) {
        const source = prompt[String(node.inputs.pixels[0])];
        const bytes = await this.readInput(String(source?.inputs.image));
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

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else if ((await stat(path.join(dir, entry.name))).isFile()) found.push(rel);
  }
  return found.sort();
}

function isInside(base: string, target: string): boolean {
  const rel = path.relative(path.resolve(base), target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
