import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { WebSocketServer, type WebSocket } from 'ws';
import { comfyFolderPath, isFolderList, loadComfyNodeFacts, type ComfyNodeFacts } from './comfyui-node-facts.js';
import { validateComfyPrompt, type ComfyNodeErrorEntry } from './fake-comfy-validation.js';

// A stand-in for a ComfyUI v0.3.x server (no GPU here) that behaves like the real one wherever the
// worker depends on it. What it follows, and from where (see ../../../../README.md, "ComfyUI"):
//
// - Node classes: ComfyUI's own INPUT_TYPES (comfyui-node-facts.json, from nodes.py, the core
//   comfy_extras it loads and ComfyUI_InstantID), never the compiler's table. POST /prompt validates like execution.py
//   validate_prompt: same checks, same order, same 400 body (`{error, node_errors}`; node_errors
//   is [] when a class is unknown). Model lists are the files on disk under models/, LoadImage's the
//   files in input/ (its VALIDATE_INPUTS answers "Invalid image file").
// - Queue (execution.py PromptQueue, main.py prompt_worker): one prompt runs at a time, in `number`
//   order; GET /queue lists running and pending items as [number, prompt_id, prompt, extra_data,
//   outputs]; POST /queue deletes pending items or clears them all; the history entry (status
//   {status_str, completed, messages}) is written after the last execution frame (task_done), and
//   `executing {node: null}` is sent after that. History lives in memory: restart() loses it, and the
//   queue, as a real restart does.
// - Cache (comfy_execution/caching.py, "classic"): a node whose inputs (and upstream nodes, and
//   LoadImage's file hash) are those of a node in the previous prompt is not run: no `executing`, no
//   `progress`; a cached output node re-sends `executed` with the earlier run's images, and
//   /history names those files.
// - Sockets (server.py websocket_handler): one socket per clientId; a new socket with the same id
//   takes the id over, and when the older socket's handler ends (the server noticing it closed,
//   socketCloseNoticeMs later) it pops the id, whichever socket holds it by then.
// - Interrupts (server.py post_interrupt): current builds interrupt only the running prompt whose id
//   the body names (or anything without one); an `olderBuild` ignores the body and stops whatever
//   runs. The interrupt flag is reset when the next prompt starts (nodes.interrupt_processing(False)).
//   An older build also ignores a client-chosen prompt_id.
// - Files: input/ (uploads), output/<prefix dir>/<name>_00001_.png (SaveImage), temp/ (PreviewImage),
//   models/<folder>/; nothing is ever deleted by the server itself.
// - What the box has: GET /object_info lists ComfyUI's classes and those of the custom node packages
//   installed (`customNodes`; `python_module` custom_nodes.<package>), file lists read from disk
//   at each request; GET /system_stats the one torch device ComfyUI runs on (`gpu`, or cpu).
// It "renders" a flat PNG after stepping through the samplers' steps, of the size the saved image's
// nodes give it (latent sizes, ImageScale, ImageCrop, ImageCompositeMasked's destination, as those
// nodes compute them); a region pasted by ImageCompositeMasked is drawn lighter, so a face pass shows.

export interface FakeComfyOptions {
  /** ComfyUI's base directory (input/, output/, temp/, models/ under it). */
  dir: string;
  /** Files put in models/checkpoints, models/controlnet, models/instantid at start. */
  checkpoints?: string[];
  controlNets?: string[];
  instantIdModels?: string[];
  /** Time per sampler step. */
  stepMs?: number;
  /** Refuse WebSocket upgrades (the client must then poll /history). */
  rejectSockets?: boolean;
  /** Time between a prompt's last frame and its /history entry (task_done runs after execute()). */
  historyDelayMs?: number;
  /** Time the server takes to notice a closed socket and pop its client id. */
  socketCloseNoticeMs?: number;
  /** A v0.3.x build from before targeted interrupts: /interrupt stops whatever runs, prompt_id is not taken. */
  olderBuild?: boolean;
  /**
   * Custom node packages installed (sources of comfyui-node-facts.json other than ComfyUI itself);
   * their classes are listed and run only when installed. Default: every one (InstantID).
   */
  customNodes?: readonly string[];
  /**
   * The GPU ComfyUI runs on, as /system_stats lists it (server.py lists the one torch device it
   * uses); null: a CPU-only ComfyUI (`--cpu`). Default: a 24 GiB GPU.
   */
  gpu?: { name: string; vramMb: number } | null;
}

/** The custom node package each non-ComfyUI source of the facts file is installed as (custom_nodes/<name>). */
const CUSTOM_NODE_PACKAGES: Readonly<Record<string, string>> = { instantid: 'ComfyUI_InstantID' };
// The facts' sources ComfyUI itself loads, and the python_module /object_info names for their classes.
const CORE_MODULES: Readonly<Record<string, string>> = {
  comfyui: 'nodes',
  comfyuiSamplers: 'nodes',
  comfyuiImages: 'comfy_extras.nodes_images',
  comfyuiMask: 'comfy_extras.nodes_mask',
};

export interface FakeComfyPromptRecord {
  promptId: string;
  clientId: string | undefined;
  number: number;
  prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }>;
  outcome: 'queued' | 'running' | 'success' | 'error' | 'interrupted' | 'deleted' | 'lost';
  /** Nodes answered from the cache. */
  cachedNodes: string[];
  /** Progress frames the sampler sent. */
  progressFrames: number;
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

/** The next prompt fails in this node with this exception (then the switch resets). */
export interface FakeComfyFailure {
  kind: 'execution_error';
  nodeId: string;
  message: string;
  exceptionType?: string;
}

/** What execution.py reports for a CUDA out-of-memory error (message and tips as the real server words them). */
export const FAKE_OOM = {
  exceptionType: 'torch.OutOfMemoryError',
  message: 'Allocation on device \nThis error means you ran out of memory on your GPU.\n\nTIPS: If the workflow worked before you might have accidentally set the batch_size to a large number.',
} as const;

type UiOutput = { images: FakeComfyImage[] };
type HistoryEntry = {
  prompt: unknown[];
  outputs: Record<string, UiOutput>;
  status: { status_str: 'success' | 'error'; completed: boolean; messages: Array<[string, Record<string, unknown>]> };
  meta: Record<string, unknown>;
};

const PT_EXTENSIONS = ['.ckpt', '.pt', '.pt2', '.bin', '.pth', '.safetensors', '.pkl', '.sft'];

export class FakeComfyServer {
  /** Every prompt accepted, in order. */
  readonly prompts: FakeComfyPromptRecord[] = [];
  /** Every upload as it arrived (the files themselves live in input/ until someone deletes them). */
  readonly uploads: Array<{ name: string; subfolder: string; type: string; bytes: Buffer }> = [];
  /** Every POST /interrupt body, in order. */
  readonly interrupts: Array<Record<string, unknown>> = [];
  readonly dir: string;
  readonly loraDir: string;
  failNextRun: FakeComfyFailure | null = null;
  /** GET /queue answers 500 while set (a proxy in front of ComfyUI failing, say). */
  failQueueReads = false;
  url = '';
  private readonly nodes: Readonly<Record<string, ComfyNodeFacts>>;
  private readonly history = new Map<string, HistoryEntry>();
  private readonly sockets = new Map<string, WebSocket>();
  private readonly allSockets = new Set<WebSocket>();
  private server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private pending: FakeComfyPromptRecord[] = [];
  private running: FakeComfyPromptRecord | null = null;
  private interruptFlag = false;
  private nextNumber = 0;
  // Bumped by restart(): a prompt running when ComfyUI "died" writes nothing afterwards.
  private generation = 0;
  private port = 0;
  // The outputs cache: node signature -> its UI output (null for nodes without one).
  private cache = new Map<string, UiOutput | null>();
  // server.py keeps the executing client's id and the last node for a socket that reconnects.
  private executingClientId: string | null = null;
  private lastNodeId: string | null = null;

  constructor(private readonly options: FakeComfyOptions) {
    this.dir = options.dir;
    this.loraDir = path.join(options.dir, 'models', 'loras');
    // ComfyUI's own nodes, and those of the custom node packages installed on this box.
    const installed = new Set([...Object.keys(CORE_MODULES), ...(options.customNodes ?? Object.keys(CUSTOM_NODE_PACKAGES))]);
    this.nodes = Object.fromEntries(Object.entries(loadComfyNodeFacts().nodes).filter(([, facts]) => installed.has(facts.source)));
    this.server = this.createHttpServer();
  }

  async start(): Promise<this> {
    // A ComfyUI checkout ships input/, output/ and models/<folder>/; temp/ appears with the first preview.
    for (const sub of ['input', 'output', 'models/loras', 'models/checkpoints', 'models/controlnet', 'models/instantid']) await mkdir(path.join(this.dir, sub), { recursive: true });
    for (const [folder, names] of [['checkpoints', this.options.checkpoints], ['controlnet', this.options.controlNets], ['instantid', this.options.instantIdModels]] as const) {
      // A name may sit in a subfolder (controlnet/instantid/...), listed as ComfyUI lists it: `instantid/<file>`.
      for (const name of names ?? []) {
        await mkdir(path.dirname(path.join(this.dir, 'models', folder, name)), { recursive: true });
        await writeFile(path.join(this.dir, 'models', folder, name), '');
      }
    }
    await this.listen(0);
    return this;
  }

  async stop(): Promise<void> {
    this.generation++;
    for (const ws of this.allSockets) ws.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * ComfyUI restarts (or crashes and is started again): the running prompt stops without a history
   * entry, the queue, /history and the cache are gone, every socket closes; it listens again on
   * the same port after downMs.
   */
  async restart({ downMs = 0 }: { downMs?: number } = {}): Promise<void> {
    this.generation++;
    for (const record of [...(this.running ? [this.running] : []), ...this.pending]) record.outcome = 'lost';
    this.running = null;
    this.pending = [];
    this.history.clear();
    this.cache.clear();
    this.interruptFlag = false;
    this.executingClientId = null;
    this.lastNodeId = null;
    for (const ws of this.allSockets) ws.terminate();
    this.sockets.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (downMs) await new Promise((r) => setTimeout(r, downMs));
    this.server = this.createHttpServer();
    await this.listen(this.port);
  }

  /** Drops every open WebSocket, as a restarting proxy would. */
  dropSockets(): void {
    for (const ws of this.allSockets) ws.terminate();
  }

  /** The client ids that currently have a socket (what server.py's `sockets` dict holds). */
  socketClientIds(): string[] {
    return [...this.sockets.keys()];
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

  /** Queues a prompt as another client of the box would (the ComfyUI web page, say); its id. */
  async queueForeignPrompt(prompt: Record<string, unknown>, clientId = 'someone-else'): Promise<string> {
    const res = await fetch(`${this.url}/prompt`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt, client_id: clientId }) });
    const body = (await res.json()) as { prompt_id?: string };
    if (!res.ok || !body.prompt_id) throw new Error(`the fake refused the prompt: ${JSON.stringify(body)}`);
    return body.prompt_id;
  }

  private createHttpServer(): Server {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
    });
    server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/ws' || this.options.rejectSockets) {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws, url.searchParams.get('clientId') ?? ''));
    });
    return server;
  }

  private async listen(port: number): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
  }

  // server.py websocket_handler, including its race: a closing socket pops its client id even when
  // a newer socket has taken that id over.
  private onSocket(ws: WebSocket, requested: string): void {
    const sid = requested || randomUUID().replace(/-/g, '');
    this.allSockets.add(ws);
    this.sockets.delete(sid);
    this.sockets.set(sid, ws);
    ws.on('close', () => {
      this.allSockets.delete(ws);
      const pop = () => this.sockets.delete(sid);
      if (this.options.socketCloseNoticeMs) setTimeout(pop, this.options.socketCloseNoticeMs);
      else pop();
    });
    ws.on('error', () => undefined);
    this.send('status', { status: this.queueInfo(), sid }, sid);
    if (this.executingClientId === sid && this.lastNodeId !== null) this.send('executing', { node: this.lastNodeId }, sid);
  }

  // send_sync(event, data, sid): to that client id's socket if it has one, to every socket when sid is null.
  private send(type: string, data: Record<string, unknown>, sid: string | null): void {
    const targets = sid === null ? [...this.sockets.values()] : this.sockets.has(sid) ? [this.sockets.get(sid)!] : [];
    for (const ws of targets) {
      if (ws.readyState !== ws.OPEN) continue;
      ws.send(JSON.stringify({ type, data }));
      // ComfyUI also streams binary preview frames; clients must skip them.
      if (type === 'progress') ws.send(Buffer.from([0, 0, 0, 1, 0, 0, 0, 2]), { binary: true });
    }
  }

  private queueInfo() {
    return { exec_info: { queue_remaining: this.pending.length + (this.running ? 1 : 0) } };
  }

  private queueUpdated(): void {
    this.send('status', { status: this.queueInfo() }, null);
  }

  private queueItem(record: FakeComfyPromptRecord): unknown[] {
    return [record.number, record.promptId, record.prompt, record.clientId ? { client_id: record.clientId } : {}, Object.keys(record.prompt).filter((id) => this.nodes[record.prompt[id]!.class_type]?.output_node)];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readBody(req);
    const json = () => {
      try {
        return JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        return {};
      }
    };
    if (req.method === 'POST' && url.pathname === '/upload/image') return this.upload(req, body, res);
    if (req.method === 'POST' && url.pathname === '/prompt') return this.queuePrompt(json(), res);
    if (req.method === 'GET' && url.pathname === '/prompt') return send(res, 200, this.queueInfo());
    if (req.method === 'GET' && url.pathname === '/history') return send(res, 200, Object.fromEntries(this.history));
    if (req.method === 'GET' && url.pathname.startsWith('/history/')) {
      const id = decodeURIComponent(url.pathname.slice('/history/'.length));
      const entry = this.history.get(id);
      return send(res, 200, entry ? { [id]: structuredClone(entry) } : {});
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
      const data = json();
      this.interrupts.push(data);
      const promptId = typeof data['prompt_id'] === 'string' && data['prompt_id'] ? data['prompt_id'] : null;
      // Older builds: nodes.interrupt_processing() whatever the body says.
      if (this.options.olderBuild || !promptId || this.running?.promptId === promptId) this.interruptFlag = true;
      res.writeHead(200).end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/queue') {
      if (this.failQueueReads) return send(res, 500, { error: 'queue unavailable' });
      return send(res, 200, { queue_running: this.running ? [this.queueItem(this.running)] : [], queue_pending: [...this.pending].sort((a, b) => a.number - b.number).map((r) => this.queueItem(r)) });
    }
    if (req.method === 'POST' && url.pathname === '/queue') {
      const { clear, delete: ids } = json() as { clear?: boolean; delete?: string[] };
      const dropped = this.pending.filter((r) => clear || ids?.includes(r.promptId));
      for (const record of dropped) record.outcome = 'deleted';
      this.pending = this.pending.filter((r) => !dropped.includes(r));
      if (dropped.length) this.queueUpdated();
      res.writeHead(200).end();
      return;
    }
    if (req.method === 'GET' && (url.pathname === '/object_info' || url.pathname.startsWith('/object_info/'))) {
      const only = url.pathname.startsWith('/object_info/') ? decodeURIComponent(url.pathname.slice('/object_info/'.length)) : null;
      const names = only === null ? Object.keys(this.nodes) : this.nodes[only] ? [only] : [];
      return send(res, 200, Object.fromEntries(names.map((name) => [name, this.nodeInfo(name)])));
    }
    if (req.method === 'GET' && url.pathname === '/system_stats') {
      // server.py system_stats: one device, the torch device ComfyUI runs on, named as
      // model_management.get_torch_device_name does ("cpu" with --cpu, its RAM as "vram").
      const gpu = this.options.gpu === undefined ? { name: 'Fake GPU', vramMb: 24 * 1024 } : this.options.gpu;
      const devices = gpu
        ? [{ name: `cuda:0 ${gpu.name} : cudaMallocAsync`, type: 'cuda', index: 0, vram_total: gpu.vramMb * 1024 ** 2, vram_free: gpu.vramMb * 0.8 * 1024 ** 2 }]
        : [{ name: 'cpu', type: 'cpu', index: null, vram_total: 16 * 1024 ** 3, vram_free: 12 * 1024 ** 3 }];
      return send(res, 200, { system: { os: 'posix', comfyui_version: '0.3.x-fake' }, devices });
    }
    send(res, 404, {});
  }

  // server.py node_info: the declarations with the folder lists read now.
  private nodeInfo(name: string) {
    const facts = this.nodes[name]!;
    const expand = (group: Readonly<Record<string, readonly unknown[]>> | undefined) =>
      group && Object.fromEntries(Object.entries(group).map(([input, [type, ...rest]]) => [input, [isFolderList(type as never) ? this.filesOf((type as { files: string }).files) : type, ...rest]]));
    const input = { required: expand(facts.input.required), ...(facts.input.optional ? { optional: expand(facts.input.optional) } : {}), ...(facts.input.hidden ? { hidden: facts.input.hidden } : {}) };
    return {
      input,
      input_order: Object.fromEntries(Object.entries(input).map(([key, value]) => [key, Object.keys(value as object)])),
      output: facts.output,
      output_is_list: facts.output.map(() => false),
      output_name: facts.output_name,
      name,
      display_name: name,
      description: '',
      python_module: CUSTOM_NODE_PACKAGES[facts.source] ? `custom_nodes.${CUSTOM_NODE_PACKAGES[facts.source]}` : (CORE_MODULES[facts.source] ?? 'nodes'),
      category: '',
      output_node: facts.output_node,
    };
  }

  // folder_paths.get_filename_list: model files (by extension, subfolders included); LoadImage lists input/'s files.
  private filesOf(folder: string): string[] {
    const base = path.join(this.dir, comfyFolderPath(folder));
    if (folder === 'input') return readdirSync(base, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
    const found: string[] = [];
    const walk = (dir: string, prefix: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(path.join(dir, entry.name), rel);
        else if (PT_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) found.push(rel);
      }
    };
    if (existsSync(base)) walk(base, '');
    return found.sort();
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

  // server.py post_prompt: number, validation, then the queue. Current builds take the client's
  // prompt_id; older ones always name the prompt themselves.
  private async queuePrompt(body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    let number: number;
    if (typeof body['number'] === 'number') number = body['number'];
    else {
      number = body['front'] ? -this.nextNumber : this.nextNumber;
      this.nextNumber++;
    }
    if (!('prompt' in body)) return send(res, 400, { error: 'no prompt', node_errors: [] });
    const prompt = body['prompt'] as FakeComfyPromptRecord['prompt'];
    const valid = validateComfyPrompt(prompt, { nodes: this.nodes, filesOf: (folder) => this.filesOf(folder), inputExists: (name) => this.inputExists(name) });
    if (!valid.ok) return send(res, 400, { error: valid.error, node_errors: valid.nodeErrors });
    const chosen = typeof body['prompt_id'] === 'string' && !this.options.olderBuild ? body['prompt_id'] : null;
    const record: FakeComfyPromptRecord = { promptId: chosen ?? randomUUID(), clientId: typeof body['client_id'] === 'string' ? body['client_id'] : undefined, number, prompt, outcome: 'queued', cachedNodes: [], progressFrames: 0 };
    this.prompts.push(record);
    this.pending.push(record);
    this.queueUpdated();
    send(res, 200, { prompt_id: record.promptId, number, node_errors: valid.nodeErrors as Record<string, ComfyNodeErrorEntry> });
    setImmediate(() => this.runNext());
  }

  private inputExists(name: string): boolean {
    const base = path.join(this.dir, 'input');
    const file = path.resolve(base, name.replace(/ \[input\]$/, ''));
    return isInside(base, file) && existsSync(file) && statSync(file).isFile();
  }

  // main.py prompt_worker: one prompt at a time, lowest number first.
  private runNext(): void {
    if (this.running || !this.pending.length) return;
    this.pending.sort((a, b) => a.number - b.number);
    const record = this.pending.shift()!;
    this.running = record;
    record.outcome = 'running';
    this.queueUpdated();
    void this.execute(record, this.generation);
  }

  // execution.py PromptExecutor.execute, then task_done (history) and `executing {node: null}`.
  private async execute(record: FakeComfyPromptRecord, generation: number): Promise<void> {
    const alive = () => this.generation === generation;
    const { promptId, prompt } = record;
    const sid = record.clientId ?? null;
    const messages: HistoryEntry['status']['messages'] = [];
    // add_message: kept for /history; sent to the prompt's client (broadcast ones to all when it has none).
    const addMessage = (type: string, data: Record<string, unknown>, broadcast = false) => {
      messages.push([type, data]);
      if (sid !== null || broadcast) this.send(type, data, sid);
    };
    const frame = (type: string, data: Record<string, unknown>) => {
      if (sid !== null) this.send(type, { ...data, prompt_id: promptId }, sid);
    };
    this.interruptFlag = false;
    this.executingClientId = sid;
    const ui: Record<string, UiOutput> = {};
    const executed: string[] = [];
    let outcome: 'success' | 'error' | 'interrupted' = 'success';
    addMessage('execution_start', { prompt_id: promptId, timestamp: Date.now() });

    const signatures = await this.signaturesOf(prompt);
    // The classic cache keeps what the previous prompt computed, for the nodes this one shares.
    const usable = new Set([...signatures.values()]);
    for (const key of [...this.cache.keys()]) if (!usable.has(key)) this.cache.delete(key);
    const cached = Object.keys(prompt).filter((id) => this.cache.has(signatures.get(id)!));
    record.cachedNodes = cached;
    addMessage('execution_cached', { nodes: cached, prompt_id: promptId, timestamp: Date.now() });

    const failure = this.failNextRun;
    this.failNextRun = null;
    try {
      for (const id of this.executionOrder(prompt, new Set(cached))) {
        if (!alive()) return;
        const node = prompt[id]!;
        const key = signatures.get(id)!;
        if (cached.includes(id)) {
          const earlier = this.cache.get(key);
          if (earlier) {
            ui[id] = earlier;
            frame('executed', { node: id, display_node: id, output: earlier });
          }
          continue;
        }
        if (this.interruptFlag) {
          outcome = 'interrupted';
          addMessage('execution_interrupted', { prompt_id: promptId, node_id: id, node_type: node.class_type, executed: [...executed] }, true);
          return;
        }
        this.lastNodeId = id;
        frame('executing', { node: id, display_node: id });
        if (failure?.nodeId === id) {
          outcome = 'error';
          addMessage('execution_error', {
            prompt_id: promptId,
            node_id: id,
            node_type: node.class_type,
            executed: [...executed],
            exception_message: failure.message,
            exception_type: failure.exceptionType ?? 'Exception',
            traceback: ['  File "/opt/ComfyUI/execution.py", line 323, in execute\n    output_data, output_ui, has_subgraph = get_output_data(obj, input_data_all, execution_block_cb=execution_block_cb, pre_execute_cb=pre_execute_cb)\n'],
            current_inputs: Object.fromEntries(Object.entries(node.inputs).filter(([, v]) => !Array.isArray(v)).map(([k, v]) => [k, [v]])),
            current_outputs: {},
          });
          return;
        }
        if (node.class_type === 'KSampler') {
          const steps = Number(node.inputs['steps']);
          for (let step = 1; step <= steps; step++) {
            await new Promise((r) => setTimeout(r, this.options.stepMs ?? 2));
            if (!alive()) return;
            if (this.interruptFlag) {
              outcome = 'interrupted';
              addMessage('execution_interrupted', { prompt_id: promptId, node_id: id, node_type: node.class_type, executed: [...executed] }, true);
              return;
            }
            record.progressFrames++;
            // The sampler's progress hook sends to the prompt's client, or to everyone when it has none.
            this.send('progress', { value: step, max: steps, prompt_id: promptId, node: id }, sid);
          }
        }
        let output: UiOutput | null = null;
        if (this.nodes[node.class_type]?.output_node) {
          const { width, height } = (await this.imageSize(prompt, node.inputs['images'])) ?? (await this.latentSize(prompt));
          const pastes = this.pastedRegions(prompt, node.inputs['images']);
          try {
            output = { images: [await this.saveImage(node, renderFakeImage(width, height, String(prompt['sampler']?.inputs['seed'] ?? ''), pastes))] };
          } catch (error) {
            outcome = 'error';
            addMessage('execution_error', { prompt_id: promptId, node_id: id, node_type: node.class_type, executed: [...executed], exception_message: (error as Error).message, exception_type: 'Exception', traceback: [], current_inputs: {}, current_outputs: {} });
            return;
          }
          ui[id] = output;
          frame('executed', { node: id, display_node: id, output });
        }
        this.cache.set(key, output);
        executed.push(id);
      }
      addMessage('execution_success', { prompt_id: promptId, timestamp: Date.now() });
    } finally {
      if (alive()) {
        this.lastNodeId = null;
        // task_done: the history entry and the end of "running" (in /queue too) come together, a little later.
        if (this.options.historyDelayMs) await new Promise((r) => setTimeout(r, this.options.historyDelayMs));
        if (alive()) {
          this.history.set(promptId, {
            prompt: this.queueItem(record),
            outputs: ui,
            status: { status_str: outcome === 'success' ? 'success' : 'error', completed: outcome === 'success', messages },
            meta: Object.fromEntries(Object.keys(ui).map((id) => [id, { node_id: id, display_node: id, parent_node: null, real_node_id: id }])),
          });
          record.outcome = outcome;
          this.running = null;
          this.queueUpdated();
          if (sid !== null) this.send('executing', { node: null, prompt_id: promptId }, sid);
          this.runNext();
        }
      }
    }
  }

  // The output nodes and what they need, inputs first; a cached node's inputs are not needed.
  private executionOrder(prompt: FakeComfyPromptRecord['prompt'], cached: ReadonlySet<string>): string[] {
    const order: string[] = [];
    const seen = new Set<string>();
    const visit = (id: string) => {
      if (seen.has(id) || !prompt[id]) return;
      seen.add(id);
      if (!cached.has(id)) {
        for (const value of Object.values(prompt[id]!.inputs)) if (Array.isArray(value)) visit(String(value[0]));
      }
      order.push(id);
    };
    for (const id of Object.keys(prompt)) if (this.nodes[prompt[id]!.class_type]?.output_node) visit(id);
    return order;
  }

  // caching.py CacheKeySetInputSignature: class, IS_CHANGED (LoadImage: the file's SHA-256), the
  // literal inputs and the signatures of the linked nodes; no node id for these classes.
  private async signaturesOf(prompt: FakeComfyPromptRecord['prompt']): Promise<Map<string, string>> {
    const changed = new Map<string, string>();
    for (const [id, node] of Object.entries(prompt)) {
      if (node.class_type === 'LoadImage') changed.set(id, createHash('sha256').update((await this.readInput(String(node.inputs['image']))) ?? Buffer.alloc(0)).digest('hex'));
    }
    const signatures = new Map<string, string>();
    const signatureOf = (id: string): string => {
      const known = signatures.get(id);
      if (known) return known;
      const node = prompt[id]!;
      const inputs = Object.entries(node.inputs)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => [name, Array.isArray(value) && prompt[String(value[0])] ? ['link', signatureOf(String(value[0])), value[1]] : value]);
      const signature = createHash('sha256').update(JSON.stringify([node.class_type, changed.get(id) ?? '', inputs])).digest('hex');
      signatures.set(id, signature);
      return signature;
    };
    for (const id of Object.keys(prompt)) signatureOf(id);
    return signatures;
  }

  // nodes.py SaveImage (folder_paths.get_save_image_path: the prefix's directory is the subfolder,
  // the counter continues after the highest on disk) and PreviewImage (temp/, a random prefix).
  private async saveImage(node: { class_type: string; inputs: Record<string, unknown> }, png: Buffer): Promise<FakeComfyImage> {
    const isPreview = node.class_type === 'PreviewImage';
    const type = isPreview ? 'temp' : 'output';
    const prefix = isPreview ? `ComfyUI_temp_${randomUUID().slice(0, 5)}` : path.normalize(String(node.inputs['filename_prefix'] ?? 'ComfyUI'));
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

  // The size of the image (or latent, in pixels) a link carries, as the nodes on its way compute it;
  // null through a class it does not follow.
  private async imageSize(prompt: FakeComfyPromptRecord['prompt'], link: unknown, depth = 0): Promise<{ width: number; height: number } | null> {
    if (!Array.isArray(link) || depth > 64) return null;
    const node = prompt[String(link[0])];
    if (!node) return null;
    const inputs = node.inputs;
    const from = (name: string) => this.imageSize(prompt, inputs[name], depth + 1);
    switch (node.class_type) {
      case 'EmptyLatentImage':
        return { width: Number(inputs['width']), height: Number(inputs['height']) };
      case 'LoadImage': {
        const bytes = await this.readInput(String(inputs['image']));
        if (!bytes) return null;
        const image = await loadImage(bytes);
        return { width: image.width, height: image.height };
      }
      case 'VAEEncode': {
        // vae_encode_crop_pixels: the pixels are cropped to whole 8-pixel cells.
        const size = await from('pixels');
        return size && { width: Math.floor(size.width / 8) * 8, height: Math.floor(size.height / 8) * 8 };
      }
      case 'KSampler':
        return from('latent_image');
      case 'VAEDecode':
        return from('samples');
      case 'ImageCompositeMasked':
        return from('destination');
      case 'ImageScale': {
        const size = await from('image');
        const width = Number(inputs['width']);
        const height = Number(inputs['height']);
        if (!size || (width === 0 && height === 0)) return size;
        if (width === 0) return { width: Math.max(1, Math.round((size.width * height) / size.height)), height };
        if (height === 0) return { width, height: Math.max(1, Math.round((size.height * width) / size.width)) };
        return { width, height };
      }
      case 'ImageCrop': {
        // ImageCrop.execute: x and y are clamped into the image, and the crop keeps what lies inside.
        const size = await from('image');
        if (!size) return null;
        const x = Math.min(Number(inputs['x']), size.width - 1);
        const y = Math.min(Number(inputs['y']), size.height - 1);
        return { width: Math.min(Number(inputs['width']), size.width - x), height: Math.min(Number(inputs['height']), size.height - y) };
      }
      default:
        return null;
    }
  }

  // Where ImageCompositeMasked nodes on the saved image's way paste their source: x, y and the source's
  // size as the crop that feeds it gives it (the face pass's shape), outermost paste last.
  private pastedRegions(prompt: FakeComfyPromptRecord['prompt'], link: unknown): Array<{ x: number; y: number; width: number; height: number }> {
    const regions: Array<{ x: number; y: number; width: number; height: number }> = [];
    for (let current = link, depth = 0; Array.isArray(current) && depth < 64; depth++) {
      const node = prompt[String(current[0])];
      if (!node) break;
      if (node.class_type === 'ImageCompositeMasked') {
        const source = prompt[String((node.inputs['source'] as unknown[] | undefined)?.[0])];
        const width = Number(source?.inputs['width']);
        const height = Number(source?.inputs['height']);
        if (Number.isFinite(width) && Number.isFinite(height)) regions.unshift({ x: Number(node.inputs['x']), y: Number(node.inputs['y']), width, height });
        current = node.inputs['destination'];
      } else {
        current = node.inputs['images'] ?? node.inputs['image'] ?? node.inputs['samples'] ?? node.inputs['latent_image'];
      }
    }
    return regions;
  }

  // EmptyLatentImage says it; img2img takes the size of the loaded image.
  private async latentSize(prompt: FakeComfyPromptRecord['prompt']): Promise<{ width: number; height: number }> {
    for (const node of Object.values(prompt)) {
      if (node.class_type === 'EmptyLatentImage') return { width: Number(node.inputs['width']), height: Number(node.inputs['height']) };
    }
    for (const node of Object.values(prompt)) {
      if (node.class_type === 'VAEEncode' && Array.isArray(node.inputs['pixels'])) {
        const source = prompt[String(node.inputs['pixels'][0])];
        const bytes = await this.readInput(String(source?.inputs['image']));
        if (bytes) {
          const image = await loadImage(bytes);
          return { width: image.width, height: image.height };
        }
      }
    }
    return { width: 512, height: 512 };
  }
}

function renderFakeImage(width: number, height: number, label: string, pastes: ReadonlyArray<{ x: number; y: number; width: number; height: number }> = []): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#7a5c48';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#b08a6e';
  for (const paste of pastes) ctx.fillRect(paste.x, paste.y, paste.width, paste.height);
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
