export * from './schedulable-job.js';
export * from './box-capabilities.js';
export { canWorkerRun, swapCostMs } from './swap-cost.js';
export { DEFAULT_PICK_OPTIONS, pickNextJob, type JobPick, type PickOptions, type PickReason } from './pick-next-job.js';
export { DEFAULT_LEASE_HOLD_OPTIONS, selectLeasableJobs, type LeaseHoldOptions, type PoolWorker } from './select-leasable-jobs.js';
export { jainIndex } from './jain-index.js';
export {
  generateTrace,
  makeWorkerSpecs,
  simulate,
  summariseWaits,
  SD15_CHECKPOINT,
  SDXL_CHECKPOINT,
  type SimulationOptions,
  type SimulationPolicy,
  type SimulationResult,
  type Trace,
  type TraceJob,
  type TraceOptions,
  type WaitStats,
  type WorkerSpec,
} from './simulator.js';
export { DEFAULT_CONSUMER_SHARE, consumerSlotsLeft } from './consumer-share.js';
