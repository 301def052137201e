import type { BoxReach } from './box-capabilities.js';

// The scheduler's view of preview jobs and GPU workers: only what a placement decision needs.

/**
 * Highest first: a reviewer is waiting on REVIEW, a designer on INTERACTIVE, a consumer app's end user
 * on CONSUMER (hosted renders, at most a share of the pool: see consumerSlotsLeft), nobody on BULK.
 */
export const PREVIEW_PRIORITIES = ['REVIEW', 'INTERACTIVE', 'CONSUMER', 'BULK'] as const;
/** The one definition of the priority classes; @atelier/preview-job and the API take it from here. */
export type PreviewPriority = (typeof PREVIEW_PRIORITIES)[number];
export type BaseModel = 'sd15' | 'sdxl';

export interface SchedulableJob {
  readonly id: string;
  /** Whose fair share the job counts against: its designer, or for a CONSUMER job its consumer app. */
  readonly designerId: string;
  readonly priority: PreviewPriority;
  readonly baseModel: BaseModel;
  readonly checkpoint: string;
  /** Canonical LoRA set: the sorted sha256s of every LoRA the job applies (identity LoRA included), joined with '+'. */
  readonly loraKey: string;
  /** When the job entered the queue, in ms. */
  readonly enqueuedAt: number;
  /** Node classes of the job's compiled graph (see box-capabilities.ts); none when unknown. */
  readonly nodeClasses?: readonly string[];
}

export interface WorkerState {
  readonly id: string;
  readonly baseModels: readonly BaseModel[];
  readonly loadedCheckpoint: string | null;
  readonly loadedLoraKey: string | null;
  /** What its box can run (computeBoxReach); null or absent when the box said nothing. */
  readonly reach?: BoxReach | null;
}

export interface FairnessState {
  /** Jobs each designer has running right now, on other workers (the asking worker is idle). */
  readonly runningByDesigner: ReadonlyMap<string, number>;
  /** GPU ms each designer used recently (a decaying window, the caller's choice). */
  readonly recentGpuMsByDesigner?: ReadonlyMap<string, number>;
}

export interface SwapCosts {
  /** Re-patching the model with a different LoRA set. */
  readonly loraMs: number;
  /** Loading a different checkpoint (the LoRA set is then applied on top: loraMs more). */
  readonly checkpointMs: number;
}

/** The reference figures: SDXL LoRA load 1.0-3.5 s, a checkpoint load several seconds. */
export const DEFAULT_SWAP_COSTS: SwapCosts = { loraMs: 2_000, checkpointMs: 8_000 };
