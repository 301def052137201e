import { DEFAULT_SWAP_COSTS, type SchedulableJob, type SwapCosts, type WorkerState } from './schedulable-job.js';
import { canWorkerRun, swapCostMs } from './swap-cost.js';

export interface PoolWorker extends WorkerState {
  /** Estimated ms until the worker finishes its current job; 0 when idle. */
  readonly busyForMs: number;
}

export interface LeaseHoldOptions {
  readonly now: number;
  readonly swapCosts?: SwapCosts;
  /** The lease server's estimate of one image. */
  readonly imageMs?: number;
  /** Hold a set for its warm workers if they start its last queued job within holdPerSwap x this worker's switch... */
  readonly holdPerSwap?: number;
  /** ...and never longer than this; a job that has waited this long is never held. */
  readonly maxHoldMs?: number;
}

export const DEFAULT_LEASE_HOLD_OPTIONS = {
  swapCosts: DEFAULT_SWAP_COSTS,
  imageMs: 4_000,
  holdPerSwap: 20,
  maxHoldMs: 90_000,
} as const satisfies Omit<Required<LeaseHoldOptions>, 'now'>;

/**
 * Asking worker + queue + the other workers -> the jobs it may lease now (delay scheduling).
 *
 * A job is held back from a cold worker when GPUs that already have its checkpoint and LoRA set
 * loaded will start every queued job of that set soon. "Soon" is holdPerSwap x the switch this
 * worker would pay, capped at maxHoldMs: with the defaults 40 s for a LoRA set, 90 s for a
 * checkpoint. pickNextJob never leaves a worker idle, so without this step every idle GPU takes one
 * job of a fresh burst and pays a switch for it. That idle-time spreading costs FIFO and
 * pickNextJob-alone most of their efficiency (see the README).
 * Never held: jobs of sets no other GPU has loaded, jobs this worker is warm for, and jobs that have
 * waited maxHoldMs. So holding adds at most maxHoldMs to a wait. Pure; keeps the queue order.
 */
export function selectLeasableJobs<J extends SchedulableJob>(
  worker: WorkerState,
  queue: readonly J[],
  otherWorkers: readonly PoolWorker[],
  options: LeaseHoldOptions,
): J[] {
  const costs = options.swapCosts ?? DEFAULT_LEASE_HOLD_OPTIONS.swapCosts;
  const imageMs = options.imageMs ?? DEFAULT_LEASE_HOLD_OPTIONS.imageMs;
  const holdPerSwap = options.holdPerSwap ?? DEFAULT_LEASE_HOLD_OPTIONS.holdPerSwap;
  const maxHoldMs = options.maxHoldMs ?? DEFAULT_LEASE_HOLD_OPTIONS.maxHoldMs;

  // Queued jobs per checkpoint and LoRA set; the held/not-held answer is the same for all of a set.
  const queuedBySet = new Map<string, Map<string, number>>();
  for (const job of queue) {
    const byLora = queuedBySet.get(job.checkpoint) ?? new Map<string, number>();
    byLora.set(job.loraKey, (byLora.get(job.loraKey) ?? 0) + 1);
    queuedBySet.set(job.checkpoint, byLora);
  }
  const heldBySet = new Map<string, Map<string, boolean>>();
  const isSetHeld = (job: J, swapMs: number): boolean => {
    const cached = heldBySet.get(job.checkpoint)?.get(job.loraKey);
    if (cached !== undefined) return cached;
    const warmBusyForMs = otherWorkers
      .filter((w) => w.loadedCheckpoint === job.checkpoint && w.loadedLoraKey === job.loraKey && canWorkerRun(w, job))
      .map((w) => w.busyForMs);
    const queued = queuedBySet.get(job.checkpoint)?.get(job.loraKey) ?? 0;
    const held = warmBusyForMs.length > 0 && canWarmWorkersStartAll(warmBusyForMs, queued, imageMs, Math.min(holdPerSwap * swapMs, maxHoldMs));
    const byLora = heldBySet.get(job.checkpoint) ?? new Map<string, boolean>();
    byLora.set(job.loraKey, held);
    heldBySet.set(job.checkpoint, byLora);
    return held;
  };

  return queue.filter((job) => {
    if (!canWorkerRun(worker, job)) return false;
    const swapMs = swapCostMs(worker, job, costs);
    if (swapMs === 0 || options.now - job.enqueuedAt >= maxHoldMs) return true;
    return !isSetHeld(job, swapMs);
  });
}

// Whether warm workers (free in busyForMs each), taking `jobs` queued jobs one after another
// (earliest-free first), start the last of them within withinMs.
function canWarmWorkersStartAll(busyForMs: readonly number[], jobs: number, imageMs: number, withinMs: number): boolean {
  const freeAt = [...busyForMs];
  for (let i = 0; i < jobs; i++) {
    let earliest = 0;
    for (let w = 1; w < freeAt.length; w++) if (freeAt[w] < freeAt[earliest]) earliest = w;
    if (freeAt[earliest] > withinMs) return false;
    freeAt[earliest] += imageMs;
  }
  return true;
}
