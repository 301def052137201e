import type { HeartbeatBody, PreviewJobPayload } from '../api-client.js';
import type { WorkerBaseModel } from '../worker-config.js';

// What the lease loop needs from a renderer. A backend turns one leased job into a PNG; it never
// talks to the job API itself (the loop reports), only to the presigned URLs the job carries.

export interface RenderContext {
  /** Report progress (0..1); the loop forwards it to the API, which also extends the lease. */
  onProgress(progress: number): void;
  /** Aborted when the lease is lost, the job was cancelled or the worker must stop. */
  signal: AbortSignal;
}

export interface RenderResult {
  png: Buffer;
  /** Time spent rendering (the GPU's time for comfyui), in ms. */
  gpuMs: number;
}

export interface RenderBackend {
  readonly name: 'draft' | 'comfyui';
  readonly baseModels: readonly WorkerBaseModel[];
  render(job: PreviewJobPayload, context: RenderContext): Promise<RenderResult>;
  /** Extra heartbeat facts (VRAM, loaded checkpoint, cached LoRA hashes, what the box has) for the scheduler. */
  describeForHeartbeat?(): Omit<HeartbeatBody, 'backend' | 'baseModels'>;
  /** Reads again what the box has (before every heartbeat); when it cannot, the last reading stays. */
  readBox?(): Promise<void>;
  /**
   * Deletes the identity LoRA files of withdrawn subjects the heartbeat answer names (at once, or
   * right after the running job if it uses one); returns how many went now.
   */
  purgeIdentityLoras?(sha256s: readonly string[]): Promise<number>;
  /** Waits for work a render left running after the loop stopped waiting for it (clean-up). */
  close?(): Promise<void>;
  /** What is wrong with the box (a BoxProblemError said it), or null: while set, the loop leases nothing. */
  boxProblem?(): string | null;
  /** Looks at the box again; the problem that remains, or null once it is fixed. */
  recheckBox?(): Promise<string | null>;
}

/**
 * The box cannot render this job (it lacks a model file the job needs), the job itself is fine:
 * the loop hands it back for another worker and takes no job until the box is fixed.
 */
export class BoxProblemError extends Error {
  readonly isBoxProblem = true;
  constructor(message: string) {
    super(message);
    this.name = 'BoxProblemError';
  }
}

export function isBoxProblem(error: unknown): boolean {
  return error instanceof BoxProblemError || (typeof error === 'object' && error !== null && (error as { isBoxProblem?: unknown }).isBoxProblem === true);
}

/**
 * The job itself cannot be rendered (an invalid spec, an unreadable reference image): retrying it on
 * another worker would fail the same way, so the loop reports it with retryable: false.
 */
export class BadJobInputError extends Error {
  readonly isBadInput = true;
  constructor(message: string) {
    super(message);
    this.name = 'BadJobInputError';
  }
}

/** True for errors that say the job's input is bad (BadJobInputError or any error with isBadInput). */
export function isBadJobInput(error: unknown): boolean {
  return error instanceof BadJobInputError || (typeof error === 'object' && error !== null && (error as { isBadInput?: unknown }).isBadInput === true);
}
