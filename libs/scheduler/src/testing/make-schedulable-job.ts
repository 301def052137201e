// Factories and fast-check arbitraries for scheduler tests; not exported from the package.
import fc from 'fast-check';
import type { FairnessState, PreviewPriority, SchedulableJob, WorkerState } from '../schedulable-job.js';

export const SDXL = 'sdxl-base-1.0';
export const SD15 = 'sd15-realistic-vision-5.1';

let nextId = 0;

export function makeJob(overrides: Partial<SchedulableJob> = {}): SchedulableJob {
  nextId++;
  return {
    id: `job-${String(nextId).padStart(4, '0')}`,
    designerId: 'designer-a',
    priority: 'INTERACTIVE',
    baseModel: overrides.checkpoint === SD15 ? 'sd15' : 'sdxl',
    checkpoint: SDXL,
    loraKey: 'lora-x+identity-1',
    enqueuedAt: 0,
    ...overrides,
  };
}

export function makeWorker(overrides: Partial<WorkerState> = {}): WorkerState {
  return { id: 'gpu-1', baseModels: ['sd15', 'sdxl'], loadedCheckpoint: SDXL, loadedLoraKey: 'lora-x+identity-1', ...overrides };
}

export function makeFairness(running: Record<string, number> = {}, recentGpuMs: Record<string, number> = {}): FairnessState {
  return { runningByDesigner: new Map(Object.entries(running)), recentGpuMsByDesigner: new Map(Object.entries(recentGpuMs)) };
}

const checkpointArbitrary = fc.constantFrom(SDXL, SD15);
const loraKeyArbitrary = fc.constantFrom('lora-x+identity-1', 'lora-y+identity-1', 'lora-z+identity-2');

export const workerArbitrary: fc.Arbitrary<WorkerState> = fc.record({
  id: fc.constant('gpu-1'),
  baseModels: fc.subarray(['sd15', 'sdxl'] as const),
  loadedCheckpoint: fc.option(checkpointArbitrary, { nil: null }),
  loadedLoraKey: fc.option(loraKeyArbitrary, { nil: null }),
});

/** Jobs with unique ids (the scheduler's tie-break needs them), clustered so that ties happen. */
export const jobsArbitrary: fc.Arbitrary<SchedulableJob[]> = fc
  .array(
    fc.record({
      designerId: fc.constantFrom('designer-a', 'designer-b', 'designer-c'),
      priority: fc.constantFrom<PreviewPriority>('REVIEW', 'INTERACTIVE', 'BULK'),
      checkpoint: checkpointArbitrary,
      loraKey: loraKeyArbitrary,
      enqueuedAt: fc.integer({ min: 0, max: 400_000 }).map((ms) => ms - (ms % 1_000)),
    }),
    { maxLength: 30 },
  )
  .map((jobs) =>
    jobs.map((job, i) => ({ ...job, id: `job-${i}`, baseModel: job.checkpoint === SD15 ? ('sd15' as const) : ('sdxl' as const) })),
  );

export const fairnessArbitrary: fc.Arbitrary<FairnessState> = fc
  .tuple(fc.dictionary(fc.constantFrom('designer-a', 'designer-b', 'designer-c'), fc.nat(8)), fc.dictionary(fc.constantFrom('designer-a', 'designer-b', 'designer-c'), fc.nat(2_000_000)))
  .map(([running, recent]) => makeFairness(running, recent));
