import { randomUUID } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { BOX_CAPABILITY_LIMITS, type BoxCapabilitiesReport } from '@atelier/preview-job';
import { cleanComfyText } from './comfy-error-text.js';

// The only code that talks to ComfyUI (v0.3.x `server.py`): upload input images, queue a prompt,
// follow it over /ws on a client id of the run's own (with /queue and /history as the source of
// truth: a failed, interrupted, lost or cached prompt is told apart there), fetch the image with
// /view, stop it (delete it from the queue, /interrupt only when it runs), tell a box that lacks a
// model file from a bad graph, and leave nothing of it behind (see ../../../README.md): ComfyUI never deletes a file it wrote or was sent,
// and keeps every prompt in /history until told otherwise (server.py has no route that deletes a
// file), so the files go through ComfyUI's own folders on this box (input/, output/, temp/ under its
// base directory, as folder_paths.py lays them out) and the history entry through POST /history.
// Worker tests replace ComfyUI itself, never this class.

/** One output image as ComfyUI names it in `executed` frames and in /history. */
export interface ComfyImageRef {
  filename: string;
  subfolder: string;
  type: string;
}

/** `node_errors[id]` of a refused prompt. */
export interface ComfyNodeError {
  class_type?: string;
  errors: Array<{ type?: string; message?: string; details?: string; extra_info?: { input_name?: string; received_value?: unknown } }>;
  dependent_outputs?: string[];
}

export interface ComfyPromptResult {
  promptId: string;
  /** node id -> its output images. */
  outputs: Record<string, ComfyImageRef[]>;
  /** ComfyUI's execution time (execution_start to the end) when the socket saw it, else the wall time. */
  executionMs: number;
  /**
   * Nodes ComfyUI answered from its cache (execution_cached): they ran for an earlier prompt, sent
   * no progress, and a cached output node's images are that earlier prompt's files.
   */
  cachedNodes: string[];
}

/** ComfyUI (or the network to it) failed; another try may work. */
export class ComfyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComfyUnavailableError';
  }
}

/** POST /prompt answered 400: the graph does not validate on this server (node_errors). */
export class ComfyPromptRejectedError extends Error {
  constructor(
    readonly errorType: string,
    readonly nodeErrors: Record<string, ComfyNodeError>,
    message: string,
  ) {
    super(message);
    this.name = 'ComfyPromptRejectedError';
  }
}

/**
 * Inputs that name a model file in one of ComfyUI's model folders: a value ComfyUI does not list
 * there (value_not_in_list at POST /prompt) means the box lacks the file, not that the job is wrong.
 */
export const MODEL_FILE_INPUTS: Readonly<Record<string, { input: string; what: string; folder: string }>> = {
  CheckpointLoaderSimple: { input: 'ckpt_name', what: 'checkpoint', folder: 'models/checkpoints' },
  LoraLoader: { input: 'lora_name', what: 'LoRA', folder: 'models/loras' },
  ControlNetLoader: { input: 'control_net_name', what: 'ControlNet', folder: 'models/controlnet' },
  InstantIDModelLoader: { input: 'instantid_file', what: 'InstantID model', folder: 'models/instantid' },
};

/** A model file the graph names that this box's ComfyUI does not list. */
export interface ComfyMissingModel {
  classType: string;
  input: string;
  value: string;
}

/**
 * POST /prompt answered 400 because the box lacks model files the graph names (a checkpoint, a
 * ControlNet, or LoRA files ComfyUI does not see): the box is misconfigured, the job is fine. The
 * message is for admins and logs; it names no LoRA file (those are people's identity LoRAs).
 */
export class ComfyBoxProblemError extends Error {
  constructor(
    readonly missing: readonly ComfyMissingModel[],
    message: string,
  ) {
    super(message);
    this.name = 'ComfyBoxProblemError';
  }
}

/** The prompt ran and a node raised (execution_error), e.g. out of GPU memory. */
export class ComfyExecutionError extends Error {
  constructor(
    readonly nodeId: string | null,
    readonly nodeType: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'ComfyExecutionError';
  }
}

/** The prompt vanished from ComfyUI (restart, queue cleared) before it ran to the end; another try may work. */
export class ComfyPromptLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComfyPromptLostError';
  }
}

/** The prompt was interrupted (POST /interrupt, by us or anyone else on that box). */
export class ComfyInterruptedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComfyInterruptedError';
  }
}

/** The folders /upload/image and /view name by `type`. */
export type ComfyFolderType = 'input' | 'output' | 'temp';
const FOLDER_TYPES: readonly string[] = ['input', 'output', 'temp'] satisfies ComfyFolderType[];

/** What discardPrompt did. */
export interface ComfyDiscardResult {
  /** The prompt ended (or never ran) before the history entry was deleted. */
  settled: boolean;
  /** Output images the history listed that were deleted from the box. */
  removed: ComfyImageRef[];
  /** Output images the history listed that were not where ComfyUI's base directory says they are. */
  missing: ComfyImageRef[];
  /**
   * Images of output nodes answered from the cache: an earlier prompt's files, deleted when they
   * are still there, not counted as missing when they are not (that prompt's clean-up took them).
   */
  earlier: ComfyImageRef[];
}

export interface ComfyClientOptions {
  /** ComfyUI's base directory on this box (the folder holding input/, output/, temp/ and models/). */
  dir: string;
  /** Per HTTP request. */
  requestTimeoutMs?: number;
  /** How often /history is polled while the socket is quiet (or down). */
  historyPollMs?: number;
  /** How long to wait for the socket before relying on /history alone. */
  socketOpenTimeoutMs?: number;
  /** How long discardPrompt waits for an interrupted or failed prompt to reach /history. */
  settleTimeoutMs?: number;
}

export interface RunPromptOptions {
  signal: AbortSignal;
  /** value/max of the sampler's steps, from `progress` frames. */
  onProgress?(fraction: number): void;
  /** Give up (and interrupt) after this long; a stuck box must not hold a lease forever. */
  timeoutMs?: number;
}

interface HistoryEntry {
  prompt?: unknown[];
  outputs?: Record<string, { images?: ComfyImageRef[] }>;
  status?: { status_str?: string; completed?: boolean; messages?: Array<[string, Record<string, unknown>]> } | null;
}

export class ComfyClient {
  readonly dir: string;
  private readonly requestTimeoutMs: number;
  private readonly historyPollMs: number;
  private readonly socketOpenTimeoutMs: number;
  private readonly settleTimeoutMs: number;

  constructor(
    readonly baseUrl: string,
    options: ComfyClientOptions,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.dir = path.resolve(options.dir);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.historyPollMs = options.historyPollMs ?? 2_000;
    this.socketOpenTimeoutMs = options.socketOpenTimeoutMs ?? 5_000;
    this.settleTimeoutMs = options.settleTimeoutMs ?? 15_000;
  }

  /**
   * Problems with the base directory (empty when it looks like ComfyUI's): a ComfyUI checkout ships
   * input/ and output/, and without the right folder the worker could not delete what ComfyUI keeps.
   */
  async checkDir(): Promise<string[]> {
    const problems: string[] = [];
    for (const type of ['input', 'output'] as const) {
      const folder = this.folderOf(type);
      const info = await stat(folder).catch(() => null);
      if (!info?.isDirectory()) problems.push(`${folder} is not a folder: the ComfyUI base directory holds input/ and output/ (ComfyUI must run without --input-directory / --output-directory / --temp-directory)`);
    }
    return problems;
  }

  /** POST /upload/image into the input folder; `overwrite` so a re-upload under the same name replaces it. */
  async uploadImage(name: string, png: Buffer, signal?: AbortSignal): Promise<ComfyImageRef> {
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), name);
    form.append('overwrite', 'true');
    form.append('type', 'input');
    const res = await this.request('/upload/image', { method: 'POST', body: form }, signal);
    const body = (await res.json()) as { name?: unknown; subfolder?: unknown; type?: unknown };
    if (typeof body.name !== 'string') throw new ComfyUnavailableError(`ComfyUI /upload/image answered without a file name`);
    if (body.name !== name) throw new ComfyUnavailableError(`ComfyUI stored the upload as "${body.name}" instead of "${name}"`);
    return { filename: body.name, subfolder: typeof body.subfolder === 'string' ? body.subfolder : '', type: typeof body.type === 'string' ? body.type : 'input' };
  }

  /**
   * Queues a prompt, follows it to the end and returns its outputs; interrupts it when signal aborts.
   * On success, call discardPrompt once the images are fetched; on failure (refused, failed,
   * interrupted, timed out, aborted) the prompt is already discarded when this throws.
   */
  async runPrompt(prompt: Record<string, unknown>, options: RunPromptOptions): Promise<ComfyPromptResult> {
    const { signal } = options;
    const started = performance.now();
    // A client id of this run's own: ComfyUI keeps one socket per client id, and the handler of a
    // closing socket removes the id whichever socket holds it by then (server.py websocket_handler),
    // so with one id for every run the last run's socket, still closing, would unregister this one.
    // The socket is opened first so no frame of this prompt is missed.
    const clientId = randomUUID();
    const events = await ComfyEventSocket.open(`${this.baseUrl.replace(/^http/, 'ws')}/ws?clientId=${encodeURIComponent(clientId)}`, this.socketOpenTimeoutMs);
    try {
      const promptId = await this.queuePrompt(prompt, randomUUID(), clientId, signal);
      const timeout = AbortSignal.timeout(options.timeoutMs ?? 10 * 60_000);
      const stop = AbortSignal.any([signal, timeout]);
      try {
        const onSamplerProgress = options.onProgress && followSamplerSteps(prompt, options.onProgress);
        const entry = await this.followPrompt(promptId, events, stop, onSamplerProgress);
        const executionMs = events?.executionMs(promptId) ?? performance.now() - started;
        // A cached sampler sends no progress frames: the end is the only news of it.
        options.onProgress?.(1);
        return { promptId, outputs: outputsOf(entry), executionMs, cachedNodes: cachedNodesOf(entry) };
      } catch (error) {
        if (stop.aborted) await this.cancelPrompt(promptId);
        // Whatever it got to (a partial output, the history entry with the graph) goes too.
        await this.discardPrompt(promptId).catch(() => undefined);
        if (stop.aborted) {
          if (!signal.aborted) throw new ComfyUnavailableError(`ComfyUI did not finish the prompt within ${Math.round((options.timeoutMs ?? 600_000) / 1000)} s; it was interrupted`);
          throw signal.reason;
        }
        throw error;
      }
    } finally {
      events?.close();
    }
  }

  /**
   * Removes every trace of a prompt from the box: waits (up to settleTimeoutMs) until it is in
   * /history or in neither part of /queue (an interrupted prompt lands in /history a moment after its
   * last frame; a deleted pending one never does), deletes the output files its entry lists, then
   * the entry (POST /history {"delete": [id]}). Safe to repeat.
   */
  async discardPrompt(promptId: string): Promise<ComfyDiscardResult> {
    const deadline = performance.now() + this.settleTimeoutMs;
    const signal = AbortSignal.timeout(this.settleTimeoutMs + this.requestTimeoutMs);
    let entry: HistoryEntry | null = null;
    let settled = false;
    for (;;) {
      entry = await this.history(promptId, signal);
      if (entry || !(await this.queueState(promptId, signal))) {
        settled = true;
        break;
      }
      if (performance.now() >= deadline) break;
      await sleep(Math.min(this.historyPollMs, 250), signal);
    }
    const removed: ComfyImageRef[] = [];
    const missing: ComfyImageRef[] = [];
    const earlier: ComfyImageRef[] = [];
    const cached = new Set(cachedNodesOf(entry ?? {}));
    for (const [node, images] of Object.entries(outputsOf(entry ?? {}))) {
      for (const image of images) {
        if (await this.removeFile(image)) removed.push(image);
        else (cached.has(node) ? earlier : missing).push(image);
      }
    }
    await this.request('/history', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ delete: [promptId] }) }, signal).then((r) => r.body?.cancel());
    return { settled, removed, missing, earlier };
  }

  /**
   * Deletes a file ComfyUI keeps (an upload in input/, an image in output/ or temp/) from its folder
   * on this box; false when it is not there. A name that would leave its folder is refused.
   */
  async removeFile(file: ComfyImageRef): Promise<boolean> {
    const filePath = this.pathOf(file);
    const info = await stat(filePath).catch(() => null);
    if (!info?.isFile()) return false;
    await rm(filePath, { force: true });
    return true;
  }

  /** GET /view of one output image. */
  async view(image: ComfyImageRef, signal?: AbortSignal): Promise<Buffer> {
    const query = new URLSearchParams({ filename: image.filename, subfolder: image.subfolder, type: image.type });
    const res = await this.request(`/view?${query}`, { method: 'GET' }, signal);
    return Buffer.from(await res.arrayBuffer());
  }

  /** The files ComfyUI offers for a class's input now (GET /object_info/{class}), or null when it does not say. */
  async listedFiles(classType: string, input: string, signal?: AbortSignal): Promise<string[] | null> {
    const res = await this.request(`/object_info/${encodeURIComponent(classType)}`, { method: 'GET' }, signal);
    const body = (await res.json()) as Record<string, ObjectInfoNode>;
    return choicesOf(body[classType], input);
  }

  /**
   * What this box's ComfyUI has, for the heartbeat (the API leases it only jobs it can run): every
   * node class GET /object_info lists and the custom node packages they come from (`python_module`
   * `custom_nodes.<package>`), the model files its loaders list per folder (checkpoints, controlnet,
   * instantid; LoRA files counted only: they are people's identity LoRAs), and the GPU it runs on
   * (GET /system_stats lists the one torch device ComfyUI uses; a CPU device is no GPU). Trimmed to
   * the protocol's bounds, so the API never refuses the heartbeat. Throws when ComfyUI cannot say.
   */
  async readBox(signal?: AbortSignal): Promise<BoxCapabilitiesReport> {
    const [infoRes, statsRes] = await Promise.all([this.request('/object_info', { method: 'GET' }, signal), this.request('/system_stats', { method: 'GET' }, signal)]);
    const info = (await infoRes.json()) as Record<string, ObjectInfoNode>;
    const stats = (await statsRes.json()) as { devices?: Array<{ name?: unknown; type?: unknown; index?: unknown; vram_total?: unknown }> };
    if (typeof info !== 'object' || info === null) throw new ComfyUnavailableError('ComfyUI /object_info answered something else than node classes');
    const limits = BOX_CAPABILITY_LIMITS;
    const fits = (name: unknown): name is string => typeof name === 'string' && name.length > 0 && name.length <= limits.nameLength;
    const nodeClasses = Object.keys(info).filter(fits).sort().slice(0, limits.nodeClasses);
    const customNodes = [
      ...new Set(
        Object.values(info)
          .map((node) => (typeof node?.python_module === 'string' && node.python_module.startsWith('custom_nodes.') ? node.python_module.split('.')[1] : undefined))
          .filter(fits),
      ),
    ]
      .sort()
      .slice(0, limits.customNodes);
    const modelFiles: Record<string, string[]> = {};
    for (const [classType, model] of Object.entries(MODEL_FILE_INPUTS)) {
      if (classType === 'LoraLoader') continue;
      const files = choicesOf(info[classType], model.input);
      if (files) modelFiles[model.folder.replace(/^models\//, '')] = files.filter(fits).sort().slice(0, limits.filesPerFolder);
    }
    const loras = choicesOf(info['LoraLoader'], MODEL_FILE_INPUTS['LoraLoader']!.input);
    const gpus = (stats.devices ?? [])
      .filter((device) => device.type !== 'cpu')
      .slice(0, limits.gpus)
      .map((device, position) => ({
        index: typeof device.index === 'number' && Number.isInteger(device.index) && device.index >= 0 && device.index <= 1024 ? device.index : position,
        name: deviceName(device.name).slice(0, limits.nameLength),
        vramMb: typeof device.vram_total === 'number' && device.vram_total >= 1024 * 1024 ? Math.round(device.vram_total / (1024 * 1024)) : null,
      }));
    return { gpus, nodeClasses, customNodes, modelFiles, loraFileCount: loras ? loras.length : null };
  }

  // POST /prompt; a 400 carries node_errors (or a top-level error) that say what is wrong. The id is
  // chosen here (`prompt_id`, which ComfyUI v0.3.x takes), so a prompt whose answer never arrived
  // (aborted, timed out) can still be stopped and discarded; an older server names its own.
  private async queuePrompt(prompt: Record<string, unknown>, promptId: string, clientId: string, signal: AbortSignal): Promise<string> {
    let res: Response;
    try {
      res = await this.fetchOrThrow('/prompt', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt, prompt_id: promptId, client_id: clientId }) }, signal);
    } catch (error) {
      await this.cancelPrompt(promptId);
      await this.discardPrompt(promptId).catch(() => undefined);
      throw error;
    }
    const text = await res.text();
    let body: { prompt_id?: unknown; error?: unknown; node_errors?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // not JSON: described below
    }
    if (res.status === 400) throw rejectedPromptError(body);
    if (!res.ok) throw new ComfyUnavailableError(`ComfyUI /prompt answered ${res.status}: ${text.slice(0, 300)}`);
    if (typeof body.prompt_id !== 'string') throw new ComfyUnavailableError('ComfyUI /prompt answered without a prompt_id');
    return body.prompt_id;
  }

  // Until /history has the prompt: /history is the truth; socket frames give progress and say when to
  // look again, so a dropped socket only costs a little speed.
  private async followPrompt(promptId: string, events: ComfyEventSocket | null, signal: AbortSignal, onProgress?: OnSamplerProgress): Promise<HistoryEntry> {
    events?.follow(promptId, onProgress);
    let unseen = 0;
    let unreachable = 0;
    for (;;) {
      signal.throwIfAborted();
      const failure = events?.failure(promptId);
      if (failure) throw failure;
      let queued: 'running' | 'pending' | null;
      let entry: HistoryEntry | null;
      try {
        // /queue first, then /history: ComfyUI moves a prompt from the queue to /history under one
        // lock (PromptQueue.task_done), so read in this order a prompt that exists is in one of them.
        queued = await this.queueState(promptId, signal);
        // An entry exists only once the prompt is over (task_done), however it ended: a failed or
        // interrupted prompt has completed: false and no outputs, and its status says why.
        entry = await this.history(promptId, signal);
        unreachable = 0;
      } catch (error) {
        // A poll cut off (a connection reset as ComfyUI restarts, say) is looked at again; three in a row fail the run.
        if (signal.aborted || !(error instanceof ComfyUnavailableError) || ++unreachable >= 3) throw error;
        await sleep(this.historyPollMs, signal);
        continue;
      }
      if (entry) {
        const failed = historyFailure(entry);
        if (failed) throw failed;
        return entry;
      }
      // In neither: ComfyUI restarted (queue and history live in memory) or someone cleared its
      // queue. Seen twice in a row, so a server whose /queue is read without its lock cannot fool us.
      unseen = queued ? 0 : unseen + 1;
      if (unseen >= 2) throw new ComfyPromptLostError(`ComfyUI no longer has the prompt (it restarted, or its queue was cleared); nothing was rendered`);
      // A frame saying the prompt ended wakes this early; otherwise look again after the poll interval.
      await (events ? events.waitForNews(this.historyPollMs, signal) : sleep(this.historyPollMs, signal));
    }
  }

  // GET /queue: `queue_running` and `queue_pending` items are [number, prompt_id, prompt, extra_data, outputs].
  private async queueState(promptId: string, signal: AbortSignal): Promise<'running' | 'pending' | null> {
    const res = await this.request('/queue', { method: 'GET' }, signal);
    const body = (await res.json()) as { queue_running?: unknown[]; queue_pending?: unknown[] };
    const has = (items: unknown[] | undefined) => (items ?? []).some((item) => Array.isArray(item) && item[1] === promptId);
    return has(body.queue_running) ? 'running' : has(body.queue_pending) ? 'pending' : null;
  }

  // Where server.py keeps a file of this type: the folder, the subfolder (which must stay inside
  // it, as /view insists), the file's base name.
  private pathOf(file: ComfyImageRef): string {
    if (!FOLDER_TYPES.includes(file.type)) throw new Error(`ComfyUI names an unknown folder type "${file.type}"`);
    const base = this.folderOf(file.type as ComfyFolderType);
    const folder = path.resolve(base, file.subfolder);
    const name = path.basename(file.filename);
    const inside = path.relative(base, folder);
    if (!name || name !== file.filename || name === '..' || inside.startsWith('..') || path.isAbsolute(inside)) {
      throw new Error(`ComfyUI names a file outside its ${file.type} folder: "${file.subfolder}/${file.filename}"`);
    }
    return path.join(folder, name);
  }

  private folderOf(type: ComfyFolderType): string {
    return path.join(this.dir, type);
  }

  private async history(promptId: string, signal: AbortSignal): Promise<HistoryEntry | null> {
    const res = await this.request(`/history/${encodeURIComponent(promptId)}`, { method: 'GET' }, signal);
    const body = (await res.json()) as Record<string, HistoryEntry>;
    return body[promptId] ?? null;
  }

  // Pending: drop it from the queue; running: interrupt it. Best effort, the lease is gone anyway.
  // Older builds ignore /interrupt's body and stop whatever runs (server.py before targeted
  // interrupts), so it is sent only when /queue shows this very prompt running, never on a guess
  // (a /queue that cannot be read says nothing about what runs). What remains: the prompt ending
  // between that read and the interrupt, and an older build then stopping the next prompt.
  private async cancelPrompt(promptId: string): Promise<void> {
    const post = (path: string, body: unknown) =>
      this.fetchOrThrow(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, AbortSignal.timeout(5_000))
        .then((r) => r.body?.cancel())
        .catch(() => undefined);
    await post('/queue', { delete: [promptId] });
    const state = await this.queueState(promptId, AbortSignal.timeout(5_000)).catch(() => null);
    if (state === 'running') await post('/interrupt', { prompt_id: promptId });
  }

  private async request(path: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    const res = await this.fetchOrThrow(path, init, signal);
    if (!res.ok) throw new ComfyUnavailableError(`ComfyUI ${path.split('?')[0]} answered ${res.status}: ${(await res.text().catch(() => '')).slice(0, 300)}`);
    return res;
  }

  private async fetchOrThrow(path: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(this.requestTimeoutMs);
    try {
      return await fetch(`${this.baseUrl}${path}`, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new ComfyUnavailableError(`ComfyUI at ${this.baseUrl} is unreachable (${cause})`);
    }
  }
}

/** One `progress` frame: value/max of a node's steps, and the node that sent it (null when unnamed). */
type OnSamplerProgress = (fraction: number, node: string | null) => void;

/**
 * A prompt + the caller's progress callback -> the frame handler: with several samplers (the face pass
 * samples the head again) each one counts from its first step, so the job's fraction is the share of all
 * samplers' steps done, each weighted by its steps, and it never goes back.
 */
export function followSamplerSteps(prompt: Record<string, unknown>, onProgress: (fraction: number) => void): OnSamplerProgress {
  const steps = new Map<string, number>();
  for (const [id, node] of Object.entries(prompt)) {
    const { class_type: classType, inputs } = (node ?? {}) as { class_type?: unknown; inputs?: Record<string, unknown> };
    const count = Number(inputs?.['steps']);
    if (classType === 'KSampler' && Number.isFinite(count) && count > 0) steps.set(id, count);
  }
  const total = [...steps.values()].reduce((sum, count) => sum + count, 0);
  const done = new Map<string, number>();
  let reported = 0;
  return (fraction, node) => {
    let overall: number;
    if (node !== null && steps.has(node)) {
      done.set(node, fraction);
      overall = [...done].reduce((sum, [id, part]) => sum + part * (steps.get(id) ?? 0), 0) / total;
    } else if (steps.size <= 1) {
      overall = fraction; // one sampler (or frames from a build that names no node): as it says
    } else {
      return; // another node's steps in a multi-sampler graph: not the samplers' progress
    }
    reported = Math.max(reported, overall);
    onProgress(reported);
  };
}

// The /ws stream of one client id: JSON frames `{type, data}` (binary frames are live previews and are
// ignored). It records, per prompt, whether it ended and how.
class ComfyEventSocket {
  isClosed = false;
  private readonly finished = new Set<string>();
  private readonly failures = new Map<string, Error>();
  private readonly startedAt = new Map<string, number>();
  private readonly endedAt = new Map<string, number>();
  private followed: { promptId: string; onProgress?: OnSamplerProgress } | null = null;
  private wake: (() => void) | null = null;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.onFrame(String(data));
    });
    socket.on('close', () => {
      this.isClosed = true;
      this.notify();
    });
    socket.on('error', () => undefined);
  }

  /** Null when the socket cannot be opened in time: the caller then polls /history only. */
  static open(url: string, timeoutMs: number): Promise<ComfyEventSocket | null> {
    return new Promise((resolve) => {
      const socket = new WebSocket(url);
      const timer = setTimeout(() => {
        socket.terminate();
        resolve(null);
      }, timeoutMs);
      socket.once('open', () => {
        clearTimeout(timer);
        resolve(new ComfyEventSocket(socket));
      });
      socket.once('error', () => {
        clearTimeout(timer);
        resolve(null);
      });
    });
  }

  follow(promptId: string, onProgress?: OnSamplerProgress): void {
    this.followed = { promptId, onProgress };
  }

  isFinished(promptId: string): boolean {
    return this.finished.has(promptId);
  }

  failure(promptId: string): Error | undefined {
    return this.failures.get(promptId);
  }

  executionMs(promptId: string): number | null {
    const start = this.startedAt.get(promptId);
    const end = this.endedAt.get(promptId);
    return start !== undefined && end !== undefined ? end - start : null;
  }

  /** Resolves on the next frame about a prompt's end, on close, or after ms. */
  waitForNews(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }

  close(): void {
    this.socket.removeAllListeners('message');
    this.socket.on('error', () => undefined);
    this.socket.close();
  }

  private onFrame(text: string): void {
    let frame: { type?: unknown; data?: Record<string, unknown> };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      return;
    }
    const data = frame.data ?? {};
    const promptId = typeof data.prompt_id === 'string' ? data.prompt_id : null;
    if (!promptId) return;
    const now = performance.now();
    switch (frame.type) {
      case 'execution_start':
        this.startedAt.set(promptId, now);
        break;
      case 'progress':
        if (this.followed?.promptId === promptId && typeof data.value === 'number' && typeof data.max === 'number' && data.max > 0) {
          this.followed.onProgress?.(Math.min(1, Math.max(0, data.value / data.max)), typeof data.node === 'string' ? data.node : null);
        }
        break;
      case 'executing':
        if (data.node === null) this.end(promptId, now);
        break;
      case 'execution_success':
        this.end(promptId, now);
        break;
      case 'execution_error':
        this.failures.set(promptId, executionError(data));
        this.end(promptId, now);
        break;
      case 'execution_interrupted':
        this.failures.set(promptId, interruptedError(data));
        this.end(promptId, now);
        break;
    }
  }

  private end(promptId: string, now: number): void {
    if (!this.endedAt.has(promptId)) this.endedAt.set(promptId, now);
    this.finished.add(promptId);
    this.notify();
  }

  private notify(): void {
    this.wake?.();
  }
}

// The node's error as designers read it (the job's lastError): which node, the exception's type and
// its message in a line. Never the traceback or current_inputs (prompt text, file names).
function executionError(data: Record<string, unknown>): ComfyExecutionError {
  const nodeId = typeof data.node_id === 'string' ? data.node_id : null;
  const nodeType = typeof data.node_type === 'string' ? data.node_type : null;
  const what = typeof data.exception_message === 'string' ? cleanComfyText(data.exception_message) : 'an error';
  const type = typeof data.exception_type === 'string' ? `${data.exception_type}: ` : '';
  return new ComfyExecutionError(nodeId, nodeType, `ComfyUI failed in node ${nodeId ?? '?'}${nodeType ? ` (${nodeType})` : ''}: ${type}${what}`);
}

function interruptedError(data: Record<string, unknown>): ComfyInterruptedError {
  return new ComfyInterruptedError(`ComfyUI interrupted the render${typeof data.node_type === 'string' ? ` in ${data.node_type}` : ''}`);
}

// /history's status of a prompt that ended badly (main.py task_done: status_str 'error', completed
// false, the execution_error or execution_interrupted message among `messages`), in the same
// errors the socket gives. An entry without a status (builds before it existed) counts as done.
function historyFailure(entry: HistoryEntry): Error | null {
  const status = entry.status;
  if (!status || (status.status_str !== 'error' && status.completed !== false)) return null;
  for (const [type, data] of status.messages ?? []) {
    if (type === 'execution_error') return executionError(data);
    if (type === 'execution_interrupted') return interruptedError(data);
  }
  return new ComfyExecutionError(null, null, 'ComfyUI reports the render failed');
}

// The nodes the execution_cached message of /history's status lists.
function cachedNodesOf(entry: HistoryEntry): string[] {
  for (const [type, data] of entry.status?.messages ?? []) {
    if (type === 'execution_cached' && Array.isArray(data.nodes)) return data.nodes.filter((n): n is string => typeof n === 'string');
  }
  return [];
}

function outputsOf(entry: HistoryEntry): Record<string, ComfyImageRef[]> {
  const outputs: Record<string, ComfyImageRef[]> = {};
  for (const [node, output] of Object.entries(entry.outputs ?? {})) {
    if (output.images?.length) outputs[node] = output.images;
  }
  return outputs;
}

// ComfyUI's 400: `{error: {type, message, details}, node_errors: {id: {errors: [...], class_type}}}`.
// A model file ComfyUI does not list is the box's problem (ComfyBoxProblemError); an uploaded control
// image it cannot find is a passing one (retryable); anything else is the graph's (not retryable).
function rejectedPromptError(body: { error?: unknown; node_errors?: unknown }): Error {
  const error = (typeof body.error === 'object' && body.error !== null ? body.error : { message: body.error }) as { type?: unknown; message?: unknown; details?: unknown };
  const nodeErrors = (typeof body.node_errors === 'object' && body.node_errors !== null && !Array.isArray(body.node_errors) ? body.node_errors : {}) as Record<string, ComfyNodeError>;
  const missing = Object.values(nodeErrors).flatMap((node) =>
    (node.errors ?? []).flatMap((e) => {
      const model = node.class_type ? MODEL_FILE_INPUTS[node.class_type] : undefined;
      const value = e.extra_info?.received_value;
      return e.type === 'value_not_in_list' && model && e.extra_info?.input_name === model.input ? [{ classType: node.class_type!, input: model.input, value: typeof value === 'string' ? value : '' }] : [];
    }),
  );
  if (missing.length) return new ComfyBoxProblemError(missing, describeMissingModels(missing));
  const lostUpload = Object.values(nodeErrors).some((node) => node.class_type === 'LoadImage' && (node.errors ?? []).some((e) => e.type === 'custom_validation_failed'));
  if (lostUpload) return new ComfyUnavailableError('ComfyUI does not find a control image the worker had just uploaded to it');
  const lines = Object.entries(nodeErrors).flatMap(([id, node]) =>
    (node.errors ?? []).map((e) => {
      const input = e.extra_info?.input_name ? ` input ${e.extra_info.input_name}` : '';
      return `node ${id}${node.class_type ? ` (${node.class_type})` : ''}${input}: ${[e.message, e.details].filter(Boolean).join(' - ')}`;
    }),
  );
  const headline = typeof error.message === 'string' && error.message ? error.message : 'ComfyUI refused the graph';
  const details = typeof error.details === 'string' && error.details ? ` (${error.details})` : '';
  const message = `${headline}${details}${lines.length ? `: ${lines.join('; ')}` : ''}`;
  return new ComfyPromptRejectedError(typeof error.type === 'string' ? error.type : 'invalid_prompt', nodeErrors, message.slice(0, 1800));
}

/** Missing model files -> one sentence for admins; LoRA files by folder only (they name people's identity LoRAs). */
export function describeMissingModels(missing: readonly ComfyMissingModel[]): string {
  const parts = [...new Set(missing.map((m) => {
    const model = MODEL_FILE_INPUTS[m.classType]!;
    return m.classType === 'LoraLoader' ? `the LoRA files the worker put in its LoRA folder (is --lora-dir ComfyUI's ${model.folder}?)` : `${model.what} '${m.value}' (${model.folder})`;
  }))];
  return `ComfyUI on this box does not list ${parts.join(', ')}`;
}

// A node class as GET /object_info describes it (the parts the worker reads).
interface ObjectInfoNode {
  input?: { required?: Record<string, unknown[]>; optional?: Record<string, unknown[]> };
  python_module?: unknown;
}

// The choices of a list input: `[[...names], {...}]`, or `["COMBO", {options: [...]}]` as newer
// builds declare some; null when the class or input is not there.
function choicesOf(node: ObjectInfoNode | undefined, input: string): string[] | null {
  const declared = node?.input?.required?.[input] ?? node?.input?.optional?.[input];
  if (!Array.isArray(declared)) return null;
  const [type, options] = declared as [unknown, { options?: unknown } | undefined];
  const choices = Array.isArray(type) ? type : type === 'COMBO' && Array.isArray(options?.options) ? options.options : null;
  return choices ? choices.filter((c): c is string => typeof c === 'string') : null;
}

// model_management.get_torch_device_name: "cuda:0 NVIDIA GeForce RTX 4090 : cudaMallocAsync" -> the card's name.
function deviceName(name: unknown): string {
  if (typeof name !== 'string') return 'GPU';
  return name.replace(/^[a-z]+:\d+\s+/i, '').replace(/\s+:\s*\S*$/, '').trim() || name;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
