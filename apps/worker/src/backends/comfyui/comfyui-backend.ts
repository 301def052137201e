import { createCanvas } from '@napi-rs/canvas';
import { drawLightMap, drawPoseMap } from '@atelier/scene-maps';
import type { TemplateSpec } from '@atelier/template-spec';
import type { PreviewJobPayload } from '../../api-client.js';
import type { WorkerBaseModel } from '../../worker-config.js';
import { BadJobInputError, type RenderBackend, type RenderContext, type RenderResult } from '../backend.js';
import { readJobSpec } from '../read-job-spec.js';
import { ComfyPromptRejectedError, type ComfyClient, type ComfyImageRef } from './comfy-client.js';
import type { LoraFileCache } from './lora-file-cache.js';

// A real diffusion render on the ComfyUI server beside this worker. The API sends the compiled graph;
// the worker puts its inputs where ComfyUI reads them (LoRA files into models/loras through the
// cache, the pose and light maps drawn by the shared scene-maps code into the input folder), queues
// the graph, follows it and downloads the image.

// Progress: files and maps are the first tenth, the sampler's steps the rest.
const INPUTS_DONE = 0.1;
const SAVE_NODE_ID = 'save';

export interface ComfyUiBackendOptions {
  comfy: ComfyClient;
  loras: LoraFileCache;
  baseModels: readonly WorkerBaseModel[];
  /** A prompt running longer than this is interrupted and the job failed (retryable). */
  promptTimeoutMs?: number;
}

export class ComfyUiBackend implements RenderBackend {
  readonly name = 'comfyui' as const;
  readonly baseModels: readonly WorkerBaseModel[];
  private vramMb: number | null = null;
  private loadedCheckpoint: string | null = null;

  constructor(private readonly options: ComfyUiBackendOptions) {
    this.baseModels = options.baseModels;
  }

  /** Reads the LoRA folder and asks ComfyUI about its GPU; ComfyUI being down is not fatal here. */
  async start(): Promise<void> {
    await this.options.loras.open();
    this.vramMb = await this.options.comfy.vramMb(AbortSignal.timeout(5_000));
  }

  describeForHeartbeat() {
    return { vramMb: this.vramMb, loadedCheckpoint: this.loadedCheckpoint, cachedLoraHashes: this.options.loras.hashes() };
  }

  async render(job: PreviewJobPayload, { onProgress, signal }: RenderContext): Promise<RenderResult> {
    const { comfy, loras } = this.options;
    if (!job.comfy) throw new BadJobInputError(job.comfyError ?? 'The job carries no ComfyUI graph (the API queued it for another backend).');
    const spec = readJobSpec(job.spec);
    const files = await loras.acquire([job.subject.identityLora, ...job.styleLoras], signal);
    try {
      for (const [name, png] of drawConditioningImages(spec, job.comfy.inputImages)) await comfy.uploadImage(name, png, signal);
      onProgress(INPUTS_DONE);
      let result;
      try {
        result = await comfy.runPrompt(job.comfy.prompt, { signal, timeoutMs: this.options.promptTimeoutMs, onProgress: (f) => onProgress(INPUTS_DONE + (1 - INPUTS_DONE) * f) });
      } catch (error) {
        // The graph itself is wrong for ComfyUI: no other worker would run it either.
        if (error instanceof ComfyPromptRejectedError) throw new BadJobInputError(error.message);
        throw error;
      }
      this.loadedCheckpoint = checkpointOf(job.comfy.prompt) ?? this.loadedCheckpoint;
      const image = pickOutputImage(result.outputs);
      if (!image) throw new Error('ComfyUI finished without an output image');
      const png = await comfy.view(image, signal);
      return { png, gpuMs: Math.round(result.executionMs) };
    } finally {
      files.release();
    }
  }
}

/** The images the graph loads, drawn at the canvas size with the same functions the studio uses. */
export function drawConditioningImages(spec: TemplateSpec, names: { poseMap?: string; lightMap?: string }): Array<[string, Buffer]> {
  const size = { width: spec.canvas.width, height: spec.canvas.height };
  const images: Array<[string, Buffer]> = [];
  if (names.poseMap) {
    const canvas = createCanvas(size.width, size.height);
    drawPoseMap(canvas.getContext('2d'), spec.pose, size);
    images.push([names.poseMap, canvas.toBuffer('image/png')]);
  }
  if (names.lightMap) {
    const canvas = createCanvas(size.width, size.height);
    drawLightMap(canvas.getContext('2d'), spec.lighting, size);
    images.push([names.lightMap, canvas.toBuffer('image/png')]);
  }
  return images;
}

function pickOutputImage(outputs: Record<string, ComfyImageRef[]>): ComfyImageRef | undefined {
  return outputs[SAVE_NODE_ID]?.[0] ?? Object.values(outputs)[0]?.[0];
}

function checkpointOf(prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }>): string | null {
  for (const node of Object.values(prompt)) {
    if (node.class_type === 'CheckpointLoaderSimple' && typeof node.inputs.ckpt_name === 'string') return node.inputs.ckpt_name;
  }
  return null;
}
