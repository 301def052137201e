import {
  DEFAULT_SWAP_COSTS,
  PREVIEW_PRIORITIES,
  type FairnessState,
  type PreviewPriority,
  type SchedulableJob,
  type SwapCosts,
  type WorkerState,
} from './schedulable-job.js';
import { canWorkerRun, swapCostMs } from './swap-cost.js';

export interface PickOptions {
  /** The clock, in ms (the same clock as `enqueuedAt`). */
  readonly now: number;
  /** Aging bound for REVIEW and INTERACTIVE jobs: past it a job goes ahead of everything. */
  readonly maxWaitMs?: number;
  /**
   * Aging bound for BULK and CONSUMER jobs: a 200-job burst needs minutes of GPU time, so it cannot
   * share the interactive bound (an overdue consumer burst would then go ahead of designers' previews).
   */
  readonly bulkMaxWaitMs?: number;
  readonly swapCosts?: SwapCosts;
  /** Score lost per job the designer already has running elsewhere. */
  readonly runningPenaltyMs?: number;
  /** Score lost per ms of GPU time the designer used recently (`recentGpuMsByDesigner`). */
  readonly recentGpuPenalty?: number;
  /** Score gained per ms a job has waited, so a cold job is not outbid for ever by warm ones. */
  readonly agingCreditPerMs?: number;
  /** Among overdue jobs, ms of deadline per ms of switch: a warm job due that much later still goes first. */
  readonly overdueSwapWeight?: number;
}

export const DEFAULT_PICK_OPTIONS = {
  maxWaitMs: 120_000,
  bulkMaxWaitMs: 1_800_000,
  swapCosts: DEFAULT_SWAP_COSTS,
  runningPenaltyMs: 1_500,
  recentGpuPenalty: 0.002,
  agingCreditPerMs: 0.01,
  overdueSwapWeight: 10,
} as const satisfies Omit<Required<PickOptions>, 'now'>;

export type PickReason =
  | { readonly kind: 'OVERDUE'; readonly waitedMs: number }
  | {
      readonly kind: 'SCORED';
      readonly priority: PreviewPriority;
      readonly swapMs: number;
      readonly fairSharePenaltyMs: number;
      readonly agingCreditMs: number;
      readonly score: number;
    };

export interface JobPick<J extends SchedulableJob> {
  readonly job: J;
  readonly reason: PickReason;
}

interface RankedCandidate<J extends SchedulableJob> {
  readonly job: J;
  /** 0 = overdue; 1 + class rank otherwise. Lower goes first. */
  readonly tier: number;
  /** Within a tier, higher goes first. */
  readonly score: number;
  /** Then the cheaper switch (separates the jobs of one burst in the overdue tier). */
  readonly swapMs: number;
  readonly reason: PickReason;
}

/**
 * Worker + queued jobs + who is running what -> the job this worker should run next (null only when
 * it can run none of them). Pure and deterministic; the candidates' order does not matter (ids are
 * unique). Callers that want to keep a cold GPU idle for a while pass selectLeasableJobs' output.
 *
 * Order; the first rule that separates two jobs wins:
 * 1. Overdue first. A job that has waited past its aging bound (maxWaitMs, or bulkMaxWaitMs for BULK and CONSUMER)
 *    beats every job that has not. Overdue jobs go earliest deadline (enqueuedAt + bound) first, so
 *    bulk jobs that age out do not crowd out overdue interactive ones. A switch counts as
 *    overdueSwapWeight x its cost in deadline, 20 s for a LoRA set and 100 s for a checkpoint with
 *    the defaults. So when the pool falls behind, it keeps its models warm and does not slide into
 *    FIFO's switch-per-job.
 * 2. Priority class: REVIEW, then INTERACTIVE, then CONSUMER, then BULK.
 * 3. Within a class, the highest score, in ms of "equivalent delay":
 *      score = -swapMs                                   affinity: the switch this job costs here
 *              - runningPenaltyMs * running(designer)     fair share: designers already on GPUs wait
 *              - recentGpuPenalty * recentGpuMs(designer)   ... and so do heavy recent users
 *              + agingCreditPerMs * waitedMs              soft aging inside the class
 *    Defaults: a warm LoRA set is worth 2 s and a warm checkpoint 10 s. One other running job of the
 *    same designer costs 1.5 s, less than a LoRA switch, so a designer keeps a second GPU on their
 *    burst. Two cost 3 s, more than a switch, so a third GPU goes to someone else's work. 500 s of
 *    recent GPU time costs 1 s. 200 s of waiting pays for a LoRA switch; that matters for BULK,
 *    because other classes reach their 120 s aging bound first.
 * 4. Ties: earlier enqueuedAt, then smaller id.
 * The weights were chosen with bench/scheduler.bench.ts; libs/scheduler/README.md has the figures.
 */
export function pickNextJob<J extends SchedulableJob>(
  worker: WorkerState,
  candidates: readonly J[],
  fairness: FairnessState,
  options: PickOptions,
): JobPick<J> | null {
  let best: RankedCandidate<J> | null = null;
  for (const job of candidates) {
    if (!canWorkerRun(worker, job)) continue;
    const ranked = rankCandidate(worker, job, fairness, options);
    if (best === null || isRankedBefore(ranked, best)) best = ranked;
  }
  return best === null ? null : { job: best.job, reason: best.reason };
}

function rankCandidate<J extends SchedulableJob>(
  worker: WorkerState,
  job: J,
  fairness: FairnessState,
  options: PickOptions,
): RankedCandidate<J> {
  const waitedMs = Math.max(0, options.now - job.enqueuedAt);
  const bound =
    job.priority === 'BULK' || job.priority === 'CONSUMER'
      ? (options.bulkMaxWaitMs ?? DEFAULT_PICK_OPTIONS.bulkMaxWaitMs)
      : (options.maxWaitMs ?? DEFAULT_PICK_OPTIONS.maxWaitMs);
  const swapMs = swapCostMs(worker, job, options.swapCosts ?? DEFAULT_PICK_OPTIONS.swapCosts);
  if (waitedMs >= bound) {
    // Oldest first; among jobs enqueued together (one burst) the warmest, so a burst that spans
    // several LoRA sets is not served in alternating order.
    // Earliest deadline (enqueuedAt + bound) first, so overdue bulk does not crowd out overdue interactive work.
    const score = -(job.enqueuedAt + bound) - (options.overdueSwapWeight ?? DEFAULT_PICK_OPTIONS.overdueSwapWeight) * swapMs;
    return { job, tier: 0, score, swapMs, reason: { kind: 'OVERDUE', waitedMs } };
  }

  const running = fairness.runningByDesigner.get(job.designerId) ?? 0;
  const recentGpuMs = fairness.recentGpuMsByDesigner?.get(job.designerId) ?? 0;
  const fairSharePenaltyMs =
    (options.runningPenaltyMs ?? DEFAULT_PICK_OPTIONS.runningPenaltyMs) * running +
    (options.recentGpuPenalty ?? DEFAULT_PICK_OPTIONS.recentGpuPenalty) * recentGpuMs;
  const agingCreditMs = (options.agingCreditPerMs ?? DEFAULT_PICK_OPTIONS.agingCreditPerMs) * waitedMs;
  const score = -swapMs - fairSharePenaltyMs + agingCreditMs;
  return {
    job,
    tier: 1 + PREVIEW_PRIORITIES.indexOf(job.priority),
    score,
    swapMs,
    reason: { kind: 'SCORED', priority: job.priority, swapMs, fairSharePenaltyMs, agingCreditMs, score },
  };
}

function isRankedBefore<J extends SchedulableJob>(a: RankedCandidate<J>, b: RankedCandidate<J>): boolean {
  if (a.tier !== b.tier) return a.tier < b.tier;
  if (a.score !== b.score) return a.score > b.score;
  if (a.swapMs !== b.swapMs) return a.swapMs < b.swapMs;
  if (a.job.enqueuedAt !== b.job.enqueuedAt) return a.job.enqueuedAt < b.job.enqueuedAt;
  return a.job.id < b.job.id;
}
