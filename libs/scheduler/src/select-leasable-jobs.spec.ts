import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import type { SchedulableJob } from './schedulable-job.js';
import { selectLeasableJobs, type PoolWorker } from './select-leasable-jobs.js';
import { canWorkerRun } from './swap-cost.js';
import { SD15, SDXL, jobsArbitrary, makeJob, makeWorker, workerArbitrary } from './testing/make-schedulable-job.js';

const NOW = 10_000;
const HOLD = { now: NOW, holdPerSwap: 20, maxHoldMs: 90_000 };
const cold = makeWorker({ id: 'gpu-cold', loadedLoraKey: 'lora-other' });
const warmOn = (loraKey: string, busyForMs: number, id = 'gpu-warm'): PoolWorker => ({ ...makeWorker({ id, loadedLoraKey: loraKey }), busyForMs });
const burst = (size: number, loraKey = 'lora-x', enqueuedAt = NOW) =>
  Array.from({ length: size }, () => makeJob({ loraKey, enqueuedAt }));

describe('selectLeasableJobs', () => {
  it('holds a small burst back from a cold worker when a warm one will start it all soon', () => {
    // One warm GPU, free in 3 s, starts 4 jobs by 3 + 3 * 4 = 15 s, within 20 x the 2 s switch.
    expect(selectLeasableJobs(cold, burst(4), [warmOn('lora-x', 3_000)], HOLD)).toEqual([]);
  });

  it('lets a cold worker join when the warm ones cannot start the backlog within the hold', () => {
    // 12 jobs: one warm GPU starts the last at 3 + 11 * 4 = 47 s, two at 3 + 5 * 4 = 23 s.
    const jobs = burst(12);
    expect(selectLeasableJobs(cold, jobs, [warmOn('lora-x', 3_000)], HOLD)).toEqual(jobs);
    const twoWarm = [warmOn('lora-x', 3_000, 'gpu-a'), warmOn('lora-x', 3_000, 'gpu-b')];
    expect(selectLeasableJobs(cold, jobs, twoWarm, HOLD)).toEqual([]);
  });

  it('never holds a set that no other worker has loaded', () => {
    const jobs = burst(2, 'lora-y');
    expect(selectLeasableJobs(cold, jobs, [warmOn('lora-x', 0)], HOLD)).toEqual(jobs);
  });

  it('holds longer for a checkpoint switch than for a LoRA switch, up to maxHoldMs', () => {
    const sdxlWorker = makeWorker({ id: 'gpu-sdxl', loadedCheckpoint: SDXL });
    const sd15Warm: PoolWorker = { ...makeWorker({ id: 'gpu-sd15', loadedCheckpoint: SD15, loadedLoraKey: 'lora-s' }), busyForMs: 2_000 };
    // 12 jobs start by 2 + 11 * 4 = 46 s: more than 20 x a 2 s switch, less than 20 x a 10 s one.
    const sd15Jobs = Array.from({ length: 12 }, () => makeJob({ checkpoint: SD15, loraKey: 'lora-s', enqueuedAt: NOW }));
    expect(selectLeasableJobs(sdxlWorker, sd15Jobs, [sd15Warm], HOLD)).toEqual([]);
    const sd15OtherLora = makeWorker({ id: 'gpu-2', loadedCheckpoint: SD15, loadedLoraKey: 'lora-t' });
    expect(selectLeasableJobs(sd15OtherLora, sd15Jobs, [sd15Warm], HOLD)).toEqual(sd15Jobs);
    expect(selectLeasableJobs(sdxlWorker, sd15Jobs, [sd15Warm], { ...HOLD, maxHoldMs: 30_000 })).toEqual(sd15Jobs);
  });

  it('releases a held job once it has waited maxHoldMs', () => {
    const [job] = burst(1, 'lora-x', 0);
    expect(selectLeasableJobs(cold, [job], [warmOn('lora-x', 1_000)], { ...HOLD, now: 89_999 })).toEqual([]);
    expect(selectLeasableJobs(cold, [job], [warmOn('lora-x', 1_000)], { ...HOLD, now: 90_000 })).toEqual([job]);
  });

  it('never holds a job from a worker that is warm for it, and drops jobs it cannot run', () => {
    const warmJob = makeJob({ loraKey: 'lora-x' });
    const sd15Job = makeJob({ checkpoint: SD15 });
    const worker = makeWorker({ baseModels: ['sdxl'], loadedLoraKey: 'lora-x' });
    expect(selectLeasableJobs(worker, [sd15Job, warmJob], [warmOn('lora-x', 0)], HOLD)).toEqual([warmJob]);
  });

  it('returns a subset of the runnable queue, in queue order, including every set nobody else has loaded', () => {
    const poolArbitrary = fc.array(
      fc.record({ worker: workerArbitrary, busyForMs: fc.nat(12_000) }).map(({ worker, busyForMs }): PoolWorker => ({ ...worker, busyForMs })),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(workerArbitrary, jobsArbitrary, poolArbitrary, fc.nat(500_000), (worker, jobs, others, now) => {
        const leasable = selectLeasableJobs(worker, jobs, others, { now });
        const runnable = jobs.filter((job) => canWorkerRun(worker, job));
        expect(runnable.filter((job) => leasable.includes(job))).toEqual(leasable);
        const loadedElsewhere = (job: SchedulableJob) =>
          others.some((w) => w.loadedCheckpoint === job.checkpoint && w.loadedLoraKey === job.loraKey && canWorkerRun(w, job));
        for (const job of runnable) if (!loadedElsewhere(job)) expect(leasable).toContain(job);
      }),
    );
  });
});
