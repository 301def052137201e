// A deterministic discrete-event simulation of the preview GPU pool, driven by the real
// pickNextJob: a generated trace of designers, reviewers and bulk bursts is replayed against W
// workers under FIFO, the Atelier policy and an ideal pool where switching models costs nothing.
import { jainIndex } from './jain-index.js';
import { pickNextJob, type PickOptions } from './pick-next-job.js';
import { createRandom, createZipfSampler, sampleExponential, sampleInteger, type Random } from './random.js';
import { selectLeasableJobs, type LeaseHoldOptions, type PoolWorker } from './select-leasable-jobs.js';
import {
  DEFAULT_SWAP_COSTS,
  type BaseModel,
  type PreviewPriority,
  type SchedulableJob,
  type SwapCosts,
} from './schedulable-job.js';
import { canWorkerRun, swapCostMs } from './swap-cost.js';

export interface TraceJob extends SchedulableJob {
  /** Designers' own jobs count towards fairness; reviewers' re-renders do not. */
  readonly submitter: 'designer' | 'reviewer';
  /** The jobs one click submitted together share a burst id (and an enqueuedAt). */
  readonly burstId: string;
}

export interface Trace {
  /** Sorted by enqueuedAt, then id. */
  readonly jobs: readonly TraceJob[];
  readonly durationMs: number;
  readonly designerIds: readonly string[];
}

export interface TraceOptions {
  readonly seed: number;
  readonly designers: number;
  readonly durationMs: number;
  readonly reviewers?: number;
  /** Mean pause between one designer's bursts (exponential). */
  readonly meanThinkMs?: number;
  readonly minBurstSize?: number;
  readonly maxBurstSize?: number;
  /** Chance that a designer moves to another template (LoRA set) after a burst. */
  readonly templateSwitchProbability?: number;
  /** 200-job BULK bursts per hour over the whole pool (Poisson), each by a random designer. */
  readonly bulkBurstsPerHour?: number;
  readonly bulkBurstSize?: number;
  /** Mean pause between one reviewer's REVIEW re-renders (1-4 jobs each). */
  readonly meanReviewIntervalMs?: number;
  readonly loraSetCount?: number;
  readonly zipfExponent?: number;
}

export const SDXL_CHECKPOINT = 'sdxl-base-1.0';
export const SD15_CHECKPOINT = 'sd15-realistic-vision-5.1';

interface LoraSet {
  readonly key: string;
  readonly baseModel: BaseModel;
  readonly checkpoint: string;
}

/** Options -> a trace of preview jobs: designers iterating in bursts, reviewers, bulk bursts. */
export function generateTrace(options: TraceOptions): Trace {
  const settings = {
    reviewers: 2,
    meanThinkMs: 120_000,
    minBurstSize: 2,
    maxBurstSize: 16,
    templateSwitchProbability: 0.3,
    bulkBurstsPerHour: 1,
    bulkBurstSize: 200,
    meanReviewIntervalMs: 300_000,
    loraSetCount: 40,
    zipfExponent: 1.1,
    ...options,
  };
  const random = createRandom(settings.seed);
  const loraSets = makeLoraSets(random, settings.loraSetCount);
  const sampleRank = createZipfSampler(loraSets.length, settings.zipfExponent);
  const pickLoraSet = (): LoraSet => loraSets[sampleRank(random)];
  const jobs: TraceJob[] = [];
  const addJob = (
    burstId: string,
    index: number,
    designerId: string,
    submitter: TraceJob['submitter'],
    priority: PreviewPriority,
    set: LoraSet,
    enqueuedAt: number,
  ) => {
    const id = `${burstId}/${index}`;
    jobs.push({ id, burstId, designerId, submitter, priority, baseModel: set.baseModel, checkpoint: set.checkpoint, loraKey: set.key, enqueuedAt });
  };

  const designerIds = Array.from({ length: settings.designers }, (_, i) => `designer-${String(i + 1).padStart(2, '0')}`);
  const recentSetsByDesigner = new Map<string, LoraSet[]>();
  for (const designerId of designerIds) {
    let template = pickLoraSet();
    const recent: LoraSet[] = [template];
    recentSetsByDesigner.set(designerId, recent);
    let burst = 0;
    for (let t = sampleExponential(random, settings.meanThinkMs); t < settings.durationMs; t += sampleExponential(random, settings.meanThinkMs)) {
      const size = sampleInteger(random, settings.minBurstSize, settings.maxBurstSize);
      const at = Math.round(t);
      burst++;
      for (let i = 0; i < size; i++) addJob(`${designerId}/b${burst}`, i, designerId, 'designer', 'INTERACTIVE', template, at);
      if (random() < settings.templateSwitchProbability) {
        template = pickLoraSet();
        if (!recent.includes(template)) recent.unshift(template);
        recent.length = Math.min(recent.length, 3);
      }
    }
  }

  // Bulk bursts: a designer re-renders the previews of up to 3 of their recent templates at once.
  const meanBulkGapMs = 3_600_000 / settings.bulkBurstsPerHour;
  let bulk = 0;
  for (let t = sampleExponential(random, meanBulkGapMs); settings.bulkBurstsPerHour > 0 && t < settings.durationMs; t += sampleExponential(random, meanBulkGapMs)) {
    const designerId = designerIds[sampleInteger(random, 0, designerIds.length - 1)];
    const sets = recentSetsByDesigner.get(designerId) ?? [pickLoraSet()];
    const at = Math.round(t);
    bulk++;
    for (let i = 0; i < settings.bulkBurstSize; i++) addJob(`${designerId}/bulk${bulk}`, i, designerId, 'designer', 'BULK', sets[i % sets.length], at);
  }

  for (let r = 1; r <= settings.reviewers; r++) {
    const reviewerId = `reviewer-${r}`;
    let review = 0;
    for (let t = sampleExponential(random, settings.meanReviewIntervalMs); t < settings.durationMs; t += sampleExponential(random, settings.meanReviewIntervalMs)) {
      const set = pickLoraSet();
      const size = sampleInteger(random, 1, 4);
      const at = Math.round(t);
      review++;
      for (let i = 0; i < size; i++) addJob(`${reviewerId}/r${review}`, i, reviewerId, 'reviewer', 'REVIEW', set, at);
    }
  }

  jobs.sort(compareByArrival);
  return { jobs, durationMs: settings.durationMs, designerIds };
}

// LoRA sets stand for templates: one to three style LoRAs plus a preview identity LoRA, mostly
// SDXL. Popularity follows the set's index (Zipf rank), so the few sd15 sets are spread over it.
function makeLoraSets(random: Random, count: number): LoraSet[] {
  const fakeSha256 = () => Array.from({ length: 8 }, () => Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0')).join('');
  const identities = Array.from({ length: 4 }, fakeSha256);
  return Array.from({ length: count }, (_, index) => {
    const baseModel: BaseModel = index % 7 === 3 ? 'sd15' : 'sdxl';
    const shas = Array.from({ length: sampleInteger(random, 1, 3) }, fakeSha256);
    shas.push(identities[index % identities.length]);
    return { key: shas.sort().join('+'), baseModel, checkpoint: baseModel === 'sdxl' ? SDXL_CHECKPOINT : SD15_CHECKPOINT };
  });
}

function compareByArrival(a: SchedulableJob, b: SchedulableJob): number {
  if (a.enqueuedAt !== b.enqueuedAt) return a.enqueuedAt - b.enqueuedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export type SimulationPolicy = 'FIFO' | 'ATELIER' | 'IDEAL';

export interface WorkerSpec {
  readonly id: string;
  readonly baseModels: readonly BaseModel[];
}

export interface SimulationOptions {
  /** A count (every fourth worker is sdxl-only) or the workers themselves. */
  readonly workers: number | readonly WorkerSpec[];
  /** FIFO: oldest runnable job. ATELIER: selectLeasableJobs, then pickNextJob. IDEAL: pickNextJob, switches cost 0. */
  readonly policy: SimulationPolicy;
  readonly costs?: SwapCosts;
  readonly imageMs?: number;
  /** Passed to pickNextJob (now and swapCosts are the simulator's). */
  readonly pickOptions?: Omit<PickOptions, 'now' | 'swapCosts'>;
  /** ATELIER only: passed to selectLeasableJobs; null leases every job (pickNextJob alone). */
  readonly leaseHold?: Omit<LeaseHoldOptions, 'now' | 'swapCosts' | 'imageMs'> | null;
  /** How often an idle worker asks again when it was given nothing (the lease loop's poll). */
  readonly pollIntervalMs?: number;
  /** Half-life of the per-designer recent GPU time handed to pickNextJob. */
  readonly recentGpuHalfLifeMs?: number;
}

export interface WaitStats {
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

export interface SimulationResult {
  readonly policy: SimulationPolicy;
  readonly workers: number;
  readonly jobs: number;
  /** Image time / busy time (image + model switches); idle time is not counted. */
  readonly gpuEfficiency: number;
  /** Completed jobs per hour, over the time until the last one finished. */
  readonly jobsPerHour: number;
  readonly makespanMs: number;
  /** Busy time / (workers * makespan). */
  readonly utilisation: number;
  readonly wait: WaitStats;
  readonly waitByPriority: Readonly<Record<PreviewPriority, WaitStats>>;
  /**
   * Jain's index over designers' mean burst slowdown. A burst's slowdown is the time from its
   * submission until its last image is done, divided by the GPU time it asked for (images x imageMs).
   */
  readonly jainSlowdown: number;
  /** Jain's index over designers' mean INTERACTIVE wait, for comparison. */
  readonly jainMeanWait: number;
  readonly loraSwaps: number;
  readonly checkpointSwaps: number;
}

interface SimWorker {
  readonly id: string;
  readonly baseModels: readonly BaseModel[];
  loadedCheckpoint: string | null;
  loadedLoraKey: string | null;
  runningJob: TraceJob | null;
  busyUntil: number;
  idleSince: number;
}

/** Trace + pool + policy -> what the pool's queue and GPUs did (waits, efficiency, fairness). */
export function simulate(trace: Trace, options: SimulationOptions): SimulationResult {
  const imageMs = options.imageMs ?? 4_000;
  const costs = options.policy === 'IDEAL' ? { loraMs: 0, checkpointMs: 0 } : (options.costs ?? DEFAULT_SWAP_COSTS);
  const halfLifeMs = options.recentGpuHalfLifeMs ?? 600_000;
  const workers: SimWorker[] = makeWorkerSpecs(options.workers).map((spec) => ({
    ...spec,
    loadedCheckpoint: null,
    loadedLoraKey: null,
    runningJob: null,
    busyUntil: 0,
    idleSince: 0,
  }));

  const pending: TraceJob[] = []; // in arrival order
  const runningByDesigner = new Map<string, number>();
  const recentGpu = new Map<string, { ms: number; at: number }>();
  const waitsMs: number[] = [];
  const waitsByPriority: Record<PreviewPriority, number[]> = { REVIEW: [], INTERACTIVE: [], CONSUMER: [], BULK: [] };
  const interactiveWaitsByDesigner = new Map<string, number[]>();
  const bursts = new Map<string, { designerId: string; enqueuedAt: number; jobs: number; doneAt: number }>();
  for (const job of trace.jobs) {
    if (job.submitter !== 'designer') continue;
    const burst = bursts.get(job.burstId) ?? { designerId: job.designerId, enqueuedAt: job.enqueuedAt, jobs: 0, doneAt: 0 };
    burst.jobs++;
    bursts.set(job.burstId, burst);
  }
  let imageTotalMs = 0;
  let busyTotalMs = 0;
  let loraSwaps = 0;
  let checkpointSwaps = 0;
  let lastCompletion = 0;
  let nextArrival = 0;
  let now = 0;
  let pollAt = Infinity;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;

  const decayedGpuMs = (designerId: string, at: number): number => {
    const entry = recentGpu.get(designerId);
    return entry === undefined ? 0 : entry.ms * 0.5 ** ((at - entry.at) / halfLifeMs);
  };

  const chooseJob = (worker: SimWorker): TraceJob | null => {
    if (options.policy === 'FIFO') return pending.find((job) => canWorkerRun(worker, job)) ?? null;
    let candidates: readonly TraceJob[] = pending;
    if (options.policy === 'ATELIER' && options.leaseHold !== null) {
      const others: PoolWorker[] = workers
        .filter((w) => w !== worker)
        .map((w) => ({ ...w, busyForMs: w.runningJob === null ? 0 : w.busyUntil - now }));
      candidates = selectLeasableJobs(worker, pending, others, { ...options.leaseHold, now, swapCosts: costs, imageMs });
    }
    const recentGpuMsByDesigner = new Map<string, number>();
    for (const designerId of recentGpu.keys()) recentGpuMsByDesigner.set(designerId, decayedGpuMs(designerId, now));
    const pick = pickNextJob(worker, candidates, { runningByDesigner, recentGpuMsByDesigner }, { ...options.pickOptions, now, swapCosts: costs });
    return pick?.job ?? null;
  };

  const startJob = (worker: SimWorker, job: TraceJob) => {
    pending.splice(pending.indexOf(job), 1);
    const swapMs = swapCostMs(worker, job, costs);
    if (worker.loadedCheckpoint !== job.checkpoint) checkpointSwaps++;
    else if (worker.loadedLoraKey !== job.loraKey) loraSwaps++;
    worker.loadedCheckpoint = job.checkpoint;
    worker.loadedLoraKey = job.loraKey;
    worker.runningJob = job;
    worker.busyUntil = now + swapMs + imageMs;
    imageTotalMs += imageMs;
    busyTotalMs += swapMs + imageMs;
    runningByDesigner.set(job.designerId, (runningByDesigner.get(job.designerId) ?? 0) + 1);
    recentGpu.set(job.designerId, { ms: decayedGpuMs(job.designerId, now) + swapMs + imageMs, at: now });

    const waitMs = now - job.enqueuedAt;
    waitsMs.push(waitMs);
    waitsByPriority[job.priority].push(waitMs);
    if (job.priority === 'INTERACTIVE' && job.submitter === 'designer') {
      const list = interactiveWaitsByDesigner.get(job.designerId) ?? [];
      list.push(waitMs);
      interactiveWaitsByDesigner.set(job.designerId, list);
    }
  };

  const finishJob = (worker: SimWorker) => {
    const job = worker.runningJob;
    if (job === null) return;
    const left = (runningByDesigner.get(job.designerId) ?? 1) - 1;
    if (left === 0) runningByDesigner.delete(job.designerId);
    else runningByDesigner.set(job.designerId, left);
    worker.runningJob = null;
    worker.idleSince = worker.busyUntil;
    const burst = bursts.get(job.burstId);
    if (burst !== undefined) burst.doneAt = Math.max(burst.doneAt, worker.busyUntil);
    lastCompletion = Math.max(lastCompletion, worker.busyUntil);
  };

  while (nextArrival < trace.jobs.length || pending.length > 0 || workers.some((w) => w.runningJob !== null)) {
    // Advance to the next event: an arrival or a worker finishing.
    let next = nextArrival < trace.jobs.length ? trace.jobs[nextArrival].enqueuedAt : Infinity;
    for (const worker of workers) if (worker.runningJob !== null) next = Math.min(next, worker.busyUntil);
    next = Math.min(next, pollAt);
    if (next === Infinity) break; // pending jobs no worker can run
    now = Math.max(now, next);
    for (const worker of workers) if (worker.runningJob !== null && worker.busyUntil <= now) finishJob(worker);
    while (nextArrival < trace.jobs.length && trace.jobs[nextArrival].enqueuedAt <= now) pending.push(trace.jobs[nextArrival++]);

    // Idle workers lease in the order they became idle (longest first), as their polls would arrive.
    const idle = workers.filter((w) => w.runningJob === null).sort((a, b) => a.idleSince - b.idleSince || (a.id < b.id ? -1 : 1));
    for (const worker of idle) {
      if (pending.length === 0) break;
      const job = chooseJob(worker);
      if (job !== null) startJob(worker, job);
    }
    // A worker given nothing while it could run a queued job (it was held back) asks again later.
    const waiting = idle.some((w) => w.runningJob === null && pending.some((job) => canWorkerRun(w, job)));
    pollAt = waiting ? now + pollIntervalMs : Infinity;
  }

  const makespanMs = Math.max(lastCompletion, 1);
  const slowdownsByDesigner = new Map<string, number[]>();
  for (const burst of bursts.values()) {
    const list = slowdownsByDesigner.get(burst.designerId) ?? [];
    list.push((burst.doneAt - burst.enqueuedAt) / (burst.jobs * imageMs));
    slowdownsByDesigner.set(burst.designerId, list);
  }
  const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const meanSlowdowns = trace.designerIds.filter((id) => slowdownsByDesigner.has(id)).map((id) => mean(slowdownsByDesigner.get(id)!));
  const meanWaits = trace.designerIds.filter((id) => interactiveWaitsByDesigner.has(id)).map((id) => mean(interactiveWaitsByDesigner.get(id)!));

  return {
    policy: options.policy,
    workers: workers.length,
    jobs: waitsMs.length,
    gpuEfficiency: busyTotalMs === 0 ? 1 : imageTotalMs / busyTotalMs,
    jobsPerHour: (waitsMs.length * 3_600_000) / makespanMs,
    makespanMs,
    utilisation: busyTotalMs / (workers.length * makespanMs),
    wait: summariseWaits(waitsMs),
    waitByPriority: {
      REVIEW: summariseWaits(waitsByPriority.REVIEW),
      INTERACTIVE: summariseWaits(waitsByPriority.INTERACTIVE),
      CONSUMER: summariseWaits(waitsByPriority.CONSUMER),
      BULK: summariseWaits(waitsByPriority.BULK),
    },
    jainSlowdown: jainIndex(meanSlowdowns),
    jainMeanWait: jainIndex(meanWaits),
    loraSwaps,
    checkpointSwaps,
  };
}

/** Count or specs -> worker specs; with a count, every fourth worker lacks the sd15 models. */
export function makeWorkerSpecs(workers: number | readonly WorkerSpec[]): WorkerSpec[] {
  if (typeof workers !== 'number') return [...workers];
  return Array.from({ length: workers }, (_, i) => ({
    id: `gpu-${i + 1}`,
    baseModels: i % 4 === 3 ? (['sdxl'] as const) : (['sd15', 'sdxl'] as const),
  }));
}

/** Waits -> nearest-rank p50/p95 and max (all 0 for no waits). */
export function summariseWaits(waitsMs: readonly number[]): WaitStats {
  if (waitsMs.length === 0) return { count: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 };
  const sorted = [...waitsMs].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  return { count: sorted.length, p50Ms: rank(0.5), p95Ms: rank(0.95), maxMs: sorted[sorted.length - 1] };
}

