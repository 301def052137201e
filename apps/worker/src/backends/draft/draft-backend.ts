import { loadImage } from '@napi-rs/canvas';
import type { PreviewJobPayload, WorkerApiClient } from '../../api-client.js';
import type { WorkerBaseModel } from '../../worker-config.js';
import { BadJobInputError, type RenderBackend, type RenderContext, type RenderResult } from '../backend.js';
import { readJobSpec } from '../read-job-spec.js';
import { renderDraftPreview } from './draft-renderer.js';

const DOWNLOAD_RETRY_MS = 2 * 60_000;

// The CPU backend: a schematic preview (light map, pose, frame, prompt, DRAFT mark) through
// renderDraftPreview. It downloads the reference image when the job has one; LoRAs are not used.
export class DraftBackend implements RenderBackend {
  readonly name = 'draft' as const;

  constructor(
    private readonly client: Pick<WorkerApiClient, 'download'>,
    readonly baseModels: readonly WorkerBaseModel[] = ['sdxl', 'sd15'],
  ) {}

  async render(job: PreviewJobPayload, { onProgress, signal }: RenderContext): Promise<RenderResult> {
    const spec = readJobSpec(job.spec);
    // Storage being down is retried for a while, then the job fails (retryable) rather than waiting forever.
    const referenceImage = job.referenceImageUrl
      ? await this.client.download(job.referenceImageUrl, { signal, stopRetrying: AbortSignal.any([signal, AbortSignal.timeout(DOWNLOAD_RETRY_MS)]) })
      : undefined;
    signal.throwIfAborted();
    onProgress(0.5);
    const started = performance.now();
    let png: Buffer;
    try {
      png = await renderDraftPreview({ spec, subjectName: job.subject.name, seed: job.seed, referenceImage });
    } catch (error) {
      if (referenceImage && !(await isDecodableImage(referenceImage))) throw new BadJobInputError('The reference image cannot be decoded.');
      throw error;
    }
    return { png, gpuMs: performance.now() - started };
  }
}

async function isDecodableImage(bytes: Buffer): Promise<boolean> {
  try {
    await loadImage(bytes);
    return true;
  } catch {
    return false;
  }
}
