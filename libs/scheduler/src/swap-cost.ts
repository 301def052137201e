import { canReachRun } from './box-capabilities.js';
import type { SchedulableJob, SwapCosts, WorkerState } from './schedulable-job.js';

/**
 * Whether the worker takes the job's base model (an sdxl job cannot run on an sd15-only GPU) and,
 * when its box reported what it has, whether the box has what the job's graph needs.
 */
export function canWorkerRun(worker: WorkerState, job: SchedulableJob): boolean {
  return worker.baseModels.includes(job.baseModel) && canReachRun(worker.reach, { baseModel: job.baseModel, nodeClasses: job.nodeClasses ?? [] });
}

/** Worker + job + costs -> ms the worker spends switching models before the image starts (0 when warm). */
export function swapCostMs(worker: WorkerState, job: SchedulableJob, costs: SwapCosts): number {
  if (worker.loadedCheckpoint !== job.checkpoint) return costs.checkpointMs + costs.loraMs;
  if (worker.loadedLoraKey !== job.loraKey) return costs.loraMs;
  return 0;
}
