import { randomBytes } from 'node:crypto';
import { drawConditioningImages } from '@atelier/scene-map-png';
import type { TemplateSpec } from '@atelier/template-spec';
import { loraFileName } from '@atelier/comfy-compile';
import type { BoxCapabilitiesReport } from '@atelier/preview-job';
import type { PreviewJobPayload } from '../../api-client.js';
import type { WorkerBaseModel } from '../../worker-config.js';
import { BadJobInputError, BoxProblemError, type RenderBackend, type RenderContext, type RenderResult } from '../backend.js';
import { readJobSpec } from '../read-job-spec.js';
import { ComfyBoxProblemError, ComfyExecutionError, ComfyPromptRejectedError, ComfyUnavailableError, describeMissingModels, type ComfyClient, type ComfyMissingModel, type ComfyImageRef, type ComfyPromptResult } from './comfy-client.js';
import { redactLoraHashes } from './comfy-error-text.js';
import type { LoraFileCache } from './lora-file-cache.js';

// A real diffusion render on the ComfyUI server beside this worker. The API sends the compiled graph;
// the worker puts its inputs where ComfyUI reads them (LoRA files into models/loras through the
// cache, the pose and light maps drawn by the shared scene-maps code into the input folder), queues
// the graph, follows it and downloads the image.
//
// Faces must not stay on the GPU box. After every job, whatever its outcome, the worker deletes the
// images ComfyUI wrote for it (output/), the /history entry (which holds the graph), and the control
// images it uploaded (input/), the face photo of an InstantID job among them; and when the API says a
// subject was withdrawn, that subject's identity LoRA leaves models/loras at once (after the running
// job if it uses it). The face photo's URL and the storage's answers about it are never put in an error.

// Progress: files and maps are the first tenth, the sampler's steps the rest.
const INPUTS_DONE = 0.1;
const SAVE_NODE_ID = 'save';

export interface ComfyUiBackendOptions {
  comfy: ComfyClient;
  loras: LoraFileCache;
  baseModels: readonly WorkerBaseModel[];
  /** A prompt running longer than this is interrupted and the job failed (retryable). */
  promptTimeoutMs?: number;
  /** Makes each run's SaveImage prefix unique (random hex unless given; tests fix it). */
  outputToken?: () => string;
  /** How long reading what the box has may take before the last reading is kept. */
  readBoxTimeoutMs?: number;
  /** GETs an InstantID job's face photo from its presigned URL (default: one plain fetch). */
  downloadFacePhoto?: (url: string, signal: AbortSignal) => Promise<Buffer>;
}

/** An InstantID job's face photo could not be fetched (retryable: the next lease brings a fresh URL). */
export class FacePhotoUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FacePhotoUnavailableError';
  }
}

/** The render worked but the box could not be cleaned: ComfyUI keeps its files elsewhere than configured. */
export class ComfyBoxNotCleanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComfyBoxNotCleanError';
  }
}

export class ComfyUiBackend implements RenderBackend {
  readonly name = 'comfyui' as const;
  readonly baseModels: readonly WorkerBaseModel[];
  private vramMb: number | null = null;
  // What the box's ComfyUI last said it has; null until it first answered.
  private capabilities: BoxCapabilitiesReport | null = null;
  // Model files the last refused graph named that this box's ComfyUI does not list.
  private problem: { text: string; missing: readonly ComfyMissingModel[] } | null = null;
  private loadedCheckpoint: string | null = null;
  // The last render including its clean-up. The loop stops waiting for a render as soon as its
  // lease is lost, while the render still cleans up; the next one waits for that, or it could
  // upload a control image under the same name that the clean-up then deletes.
  private lastRender: Promise<unknown> = Promise.resolve();
  // Marks this GPU's input files (see renderNow).
  private readonly inputToken = randomBytes(4).toString('hex');

  constructor(private readonly options: ComfyUiBackendOptions) {
    this.baseModels = options.baseModels;
  }

  /** Reads the LoRA folder and asks ComfyUI what the box has; ComfyUI being down is not fatal here. */
  async start(): Promise<void> {
    await this.options.loras.open();
    await this.readBox();
  }

  /**
   * Asks ComfyUI what the box has (node classes, model files, its GPU), for the next heartbeat; the
   * API then leases this worker only jobs the box can run. ComfyUI down or slow keeps the last
   * reading (none before the first: the API then leases as to an older worker).
   */
  async readBox(): Promise<void> {
    const read = await this.options.comfy.readBox(AbortSignal.timeout(this.options.readBoxTimeoutMs ?? 5_000)).catch(() => null);
    if (!read) return;
    this.capabilities = read;
    this.vramMb = read.gpus[0]?.vramMb ?? null;
  }

  describeForHeartbeat() {
    return { vramMb: this.vramMb, loadedCheckpoint: this.loadedCheckpoint, cachedLoraHashes: this.options.loras.hashes(), boxProblem: this.problem?.text ?? null, capabilities: this.capabilities };
  }

  boxProblem(): string | null {
    return this.problem?.text ?? null;
  }

  /**
   * Asks ComfyUI again (GET /object_info) whether it lists the files it lacked: a checkpoint,
   * ControlNet or InstantID model by name; for LoRAs, any file the worker holds in its LoRA folder
   * (the file the job needed may have been evicted since). ComfyUI down keeps the problem.
   */
  async recheckBox(): Promise<string | null> {
    if (!this.problem) return null;
    const { comfy, loras } = this.options;
    const still: ComfyMissingModel[] = [];
    for (const missing of this.problem.missing) {
      const listed = await comfy.listedFiles(missing.classType, missing.input, AbortSignal.timeout(10_000)).catch(() => null);
      const held = loras.hashes().map(loraFileName);
      const fixed = missing.classType === 'LoraLoader' ? listed !== null && (held.length === 0 || held.some((f) => listed.includes(f))) : listed?.includes(missing.value) === true;
      if (!fixed) still.push(missing);
    }
    this.problem = still.length ? { text: describeMissingModels(still), missing: still } : null;
    return this.boxProblem();
  }

  /** Identity LoRAs of withdrawn subjects (the heartbeat answer): deleted now, or after the job using one. */
  async purgeIdentityLoras(sha256s: readonly string[]): Promise<number> {
    return this.options.loras.purge(sha256s);
  }

  /** Waits for the last render's clean-up (the loop may have stopped waiting for that render). */
  async close(): Promise<void> {
    await this.lastRender.catch(() => undefined);
  }

  render(job: PreviewJobPayload, context: RenderContext): Promise<RenderResult> {
    const rendering = this.lastRender.catch(() => undefined).then(() => this.renderNow(job, context));
    this.lastRender = rendering.catch(() => undefined);
    return rendering;
  }

  private async renderNow(job: PreviewJobPayload, { onProgress, signal }: RenderContext): Promise<RenderResult> {
    const { comfy, loras } = this.options;
    if (!job.comfy) throw new BadJobInputError(job.comfyError ?? 'The job carries no ComfyUI graph (the API queued it for another backend).');
    signal.throwIfAborted();
    const spec = readJobSpec(job.spec);
    // An InstantID graph loads no identity LoRA: that file then never comes to this box.
    const subjectLora = job.subject.identityLora;
    const identityLora = subjectLora && graphLoadsLora(job.comfy.prompt, loraFileName(subjectLora.sha256)) ? [subjectLora] : [];
    const files = await loras.acquire([...identityLora, ...job.styleLoras], signal);
    const uploaded: ComfyImageRef[] = [];
    // This GPU's own input file names: the ComfyUIs of a box's GPUs share its input folder, and a job
    // of the same spec on another GPU must not load, overwrite or delete this one's files. Stable per
    // GPU (its renders run one at a time), so ComfyUI's cache still answers a job retried on it.
    const inputs = new Map<string, string>();
    let cleanUp = true;
    try {
      for (const [name, png] of drawConditioningImages(spec, job.comfy.inputImages)) {
        const own = ownInputName(name, this.inputToken);
        inputs.set(name, own);
        // Named before the call: an upload cut off after ComfyUI wrote the file is deleted too.
        uploaded.push({ filename: own, subfolder: '', type: 'input' });
        await comfy.uploadImage(own, png, signal);
      }
      const facePhotoName = job.comfy.inputImages.facePhoto;
      if (facePhotoName) {
        const photo = await this.fetchFacePhoto(job, signal);
        uploaded.push({ filename: facePhotoName, subfolder: '', type: 'input' });
        await comfy.uploadImage(facePhotoName, photo, signal);
      }
      onProgress(INPUTS_DONE);
      const prompt = withOwnInputs(job.comfy.prompt, inputs);
      let result = await this.runPrompt(job, prompt, signal, onProgress);
      let output = pickOutputImage(result.outputs);
      // An output answered from ComfyUI's cache names an earlier prompt's file (deleted by that
      // job's clean-up, or worse, someone else's render): never this job's image. The fresh prefix
      // makes that all but impossible; if it happens, run once more under another prefix.
      if (output && result.cachedNodes.includes(output.node)) {
        await comfy.discardPrompt(result.promptId).catch(() => undefined);
        result = await this.runPrompt(job, prompt, signal, onProgress);
        output = pickOutputImage(result.outputs);
        if (output && result.cachedNodes.includes(output.node)) {
          await comfy.discardPrompt(result.promptId).catch(() => undefined);
          throw new ComfyUnavailableError('ComfyUI answered the render from its cache with an earlier image, twice');
        }
      }
      this.loadedCheckpoint = checkpointOf(job.comfy.prompt) ?? this.loadedCheckpoint;
      let png: Buffer;
      let image: ComfyImageRef | undefined;
      try {
        image = output?.image;
        if (!image) throw new Error('ComfyUI finished without an output image');
        png = await comfy.view(image, signal);
      } finally {
        const discarded = await comfy.discardPrompt(result.promptId).catch((error: unknown) => error as Error);
        // Only checked when the render worked (a failure's own error says more): the image just
        // fetched must have been where the configured base directory says, or this box keeps
        // every render and nobody would know.
        if (image && !signal.aborted) {
          if (discarded instanceof Error) throw new ComfyBoxNotCleanError(`The render could not be removed from ComfyUI: ${discarded.message}`);
          if (discarded.missing.length) throw notUnderDir(comfy, discarded.missing[0]!);
        }
      }
      await this.removeUploads(uploaded, true);
      cleanUp = false;
      return { png, gpuMs: Math.round(result.executionMs) };
    } finally {
      if (cleanUp) await this.removeUploads(uploaded, false).catch(() => undefined);
      await files.release();
    }
  }

  // The job's graph under a SaveImage prefix of this run's own; ComfyUI's refusals and node errors
  // in the words a designer reads.
  private async runPrompt(job: PreviewJobPayload, prompt: NonNullable<PreviewJobPayload['comfy']>['prompt'], signal: AbortSignal, onProgress: (progress: number) => void): Promise<ComfyPromptResult> {
    try {
      return await this.options.comfy.runPrompt(withFreshOutput(prompt, this.options.outputToken?.()), {
        signal,
        timeoutMs: this.options.promptTimeoutMs,
        onProgress: (f) => onProgress(INPUTS_DONE + (1 - INPUTS_DONE) * f),
      });
    } catch (error) {
      // The box lacks a model file the graph names: another box may have it, and this one takes no
      // job until it does (the loop hands this one back and asks recheckBox).
      if (error instanceof ComfyBoxProblemError) {
        this.problem = { text: error.message, missing: error.missing };
        throw new BoxProblemError(error.message);
      }
      // The graph itself is wrong for ComfyUI: no other worker would run it either.
      if (error instanceof ComfyPromptRejectedError) throw new BadJobInputError(redactLoraHashes(error.message, loraNamesOf(job)));
      // Designers read this (the job's lastError): LoRA files by what they are, not by hash.
      if (error instanceof ComfyExecutionError) throw new ComfyExecutionError(error.nodeId, error.nodeType, redactLoraHashes(error.message, loraNamesOf(job)));
      throw error;
    }
  }

  // The subject's face photo, held in memory only until ComfyUI has it. Errors name neither the URL nor
  // what storage answered (its body can name the object).
  private async fetchFacePhoto(job: PreviewJobPayload, signal: AbortSignal): Promise<Buffer> {
    const url = job.subject.facePhoto?.url;
    if (!url) throw new BadJobInputError('The graph loads the preview subject\'s face photo, but the job carries none');
    const download = this.options.downloadFacePhoto ?? fetchBytes;
    try {
      return await download(url, signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const status = typeof (error as { status?: unknown }).status === 'number' ? ` (HTTP ${(error as { status: number }).status})` : '';
      throw new FacePhotoUnavailableError(`The preview subject's face photo could not be downloaded${status}`);
    }
  }

  // After the prompt is over (runPrompt and discardPrompt wait for that). `strict`: a successful
  // upload whose file is not in the input folder means the base directory is wrong.
  private async removeUploads(uploaded: readonly ComfyImageRef[], strict: boolean): Promise<void> {
    for (const file of uploaded) {
      const removed = await this.options.comfy.removeFile(file);
      if (!removed && strict) throw notUnderDir(this.options.comfy, file);
    }
  }
}

function notUnderDir(comfy: ComfyClient, file: ComfyImageRef): ComfyBoxNotCleanError {
  return new ComfyBoxNotCleanError(
    `ComfyUI's ${file.type} file "${file.filename}" is not in ${comfy.dir}/${file.type}: --comfy-dir must be ComfyUI's base directory (and ComfyUI run without --${file.type}-directory), or renders stay on this box`,
  );
}

/**
 * The graph with a SaveImage prefix of its own (`<API's prefix>-<random>`): ComfyUI answers a prompt
 * identical to the one before from its cache, without writing the image again, and names the file
 * of that earlier run, which the worker has deleted by then (a job retried on the same box). A new
 * prefix changes only SaveImage's input, so only SaveImage runs again.
 *
 * Why not PreviewImage, which writes to temp/ (wiped when ComfyUI restarts)? It has no input to
 * vary, so a cached run names a deleted file; and the files must be deleted after each job anyway.
 */
export function withFreshOutput<P extends Record<string, { class_type: string; inputs: Record<string, unknown> }>>(prompt: P, token = randomBytes(6).toString('hex')): P {
  const copy = structuredClone(prompt);
  for (const node of Object.values(copy)) {
    if (node.class_type === 'SaveImage') node.inputs.filename_prefix = `${typeof node.inputs.filename_prefix === 'string' ? node.inputs.filename_prefix : 'ComfyUI'}-${token}`;
  }
  return copy;
}

/** An input file's name on one GPU: `atelier-pose-<hash>.png` -> `atelier-pose-<hash>-<token>.png`. */
export function ownInputName(name: string, token: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-${token}${name.slice(dot)}` : `${name}-${token}`;
}

/** The graph with its LoadImage nodes loading this GPU's own copies of the input files (`renames`: graph name -> own name). */
export function withOwnInputs<P extends Record<string, { class_type: string; inputs: Record<string, unknown> }>>(prompt: P, renames: ReadonlyMap<string, string>): P {
  if (!renames.size) return prompt;
  const copy = structuredClone(prompt);
  for (const node of Object.values(copy)) {
    const image = node.inputs.image;
    if (node.class_type === 'LoadImage' && typeof image === 'string' && renames.has(image)) node.inputs.image = renames.get(image)!;
  }
  return copy;
}

// The job's LoRA files as designers know them.
function loraNamesOf(job: PreviewJobPayload): Map<string, string> {
  const names = new Map<string, string>(job.styleLoras.map((l) => [l.sha256, `style LoRA "${l.name}"`]));
  if (job.subject.identityLora) names.set(job.subject.identityLora.sha256, "the preview subject's identity LoRA");
  return names;
}

function graphLoadsLora(prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }>, fileName: string): boolean {
  return Object.values(prompt).some((node) => node.class_type === 'LoraLoader' && node.inputs.lora_name === fileName);
}

async function fetchBytes(url: string, signal: AbortSignal): Promise<Buffer> {
  const res = await fetch(url, { signal });
  if (!res.ok) {
    await res.body?.cancel();
    throw Object.assign(new Error('download refused'), { status: res.status });
  }
  return Buffer.from(await res.arrayBuffer());
}

function pickOutputImage(outputs: Record<string, ComfyImageRef[]>): { node: string; image: ComfyImageRef } | undefined {
  const node = outputs[SAVE_NODE_ID]?.length ? SAVE_NODE_ID : Object.keys(outputs).find((id) => outputs[id]!.length);
  return node === undefined ? undefined : { node, image: outputs[node]![0]! };
}

function checkpointOf(prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }>): string | null {
  for (const node of Object.values(prompt)) {
    if (node.class_type === 'CheckpointLoaderSimple' && typeof node.inputs.ckpt_name === 'string') return node.inputs.ckpt_name;
  }
  return null;
}
