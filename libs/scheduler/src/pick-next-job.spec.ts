import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PICK_OPTIONS, pickNextJob } from './pick-next-job.js';
import type { SchedulableJob, WorkerState } from './schedulable-job.js';
import { canWorkerRun } from './swap-cost.js';
import {
  SD15,
  fairnessArbitrary,
  jobsArbitrary,
  makeFairness,
  makeJob,
  makeWorker,
  workerArbitrary,
} from './testing/make-schedulable-job.js';

const NOW = 100_000;
const pick = (worker: WorkerState, jobs: readonly SchedulableJob[], running: Record<string, number> = {}, now = NOW) =>
  pickNextJob(worker, jobs, makeFairness(running), { now });

describe('pickNextJob', () => {
  it('runs REVIEW before INTERACTIVE before BULK, even against an older job that is warm', () => {
    const bulk = makeJob({ priority: 'BULK', enqueuedAt: 0 });
    const interactive = makeJob({ priority: 'INTERACTIVE', loraKey: 'lora-y', enqueuedAt: 50_000 });
    const review = makeJob({ priority: 'REVIEW', checkpoint: SD15, enqueuedAt: 90_000 });
    expect(pick(makeWorker(), [bulk, interactive, review])?.job).toBe(review);
    expect(pick(makeWorker(), [bulk, interactive])?.job).toBe(interactive);
    expect(pick(makeWorker(), [bulk])?.job).toBe(bulk);
  });

  it('prefers the job whose LoRA set is already loaded over an older one', () => {
    const cold = makeJob({ loraKey: 'lora-y', enqueuedAt: 0 });
    const warm = makeJob({ loraKey: 'lora-x', enqueuedAt: 5_000 });
    const result = pick(makeWorker({ loadedLoraKey: 'lora-x' }), [cold, warm]);
    expect(result?.job).toBe(warm);
    expect(result?.reason).toMatchObject({ kind: 'SCORED', swapMs: 0 });
  });

  it('prefers a LoRA switch on the loaded checkpoint over a checkpoint switch', () => {
    const otherCheckpoint = makeJob({ checkpoint: SD15, enqueuedAt: 0 });
    const otherLora = makeJob({ loraKey: 'lora-y', enqueuedAt: 10_000 });
    const result = pick(makeWorker({ loadedLoraKey: 'lora-x' }), [otherCheckpoint, otherLora]);
    expect(result?.job).toBe(otherLora);
    expect(result?.reason).toMatchObject({ swapMs: DEFAULT_PICK_OPTIONS.swapCosts.loraMs });
  });

  it('lets a cold job win once it has waited long enough to pay for the switch', () => {
    const cold = makeJob({ loraKey: 'lora-y', enqueuedAt: 0 });
    const warm = makeJob({ loraKey: 'lora-x', enqueuedAt: 100_000 });
    // 0.01 ms of credit per ms waited: 100 s of waiting is worth 1 s, less than a 2 s switch...
    expect(pick(makeWorker({ loadedLoraKey: 'lora-x' }), [cold, warm], {}, 100_000)?.job).toBe(warm);
    // ...200 s would pay for it, but at 120 s the job passes the aging bound and goes first anyway.
    expect(pick(makeWorker({ loadedLoraKey: 'lora-x' }), [cold, warm], {}, 119_999)?.job).toBe(warm);
    expect(pick(makeWorker({ loadedLoraKey: 'lora-x' }), [cold, warm], {}, 120_000)?.job).toBe(cold);
  });

  it('does not let a 200-job burst of one designer hold back a second designer', () => {
    // Four GPUs, all warm for designer A's burst; designer B's single job needs a LoRA switch.
    const burst = Array.from({ length: 200 }, (_, i) => makeJob({ designerId: 'a', loraKey: 'lora-x', enqueuedAt: i }));
    const single = makeJob({ designerId: 'b', loraKey: 'lora-y', enqueuedAt: 1_000 });
    const workers = ['gpu-1', 'gpu-2', 'gpu-3', 'gpu-4'].map((id) => makeWorker({ id, loadedLoraKey: 'lora-x' }));
    let queue: SchedulableJob[] = [...burst, single];
    const runningOn = new Map<string, SchedulableJob>();
    const picked: SchedulableJob[] = [];
    for (let turn = 0; turn < 8 && !picked.includes(single); turn++) {
      const worker = workers[turn % workers.length];
      runningOn.delete(worker.id); // its previous job just finished
      const running: Record<string, number> = {};
      for (const job of runningOn.values()) running[job.designerId] = (running[job.designerId] ?? 0) + 1;
      const result = pickNextJob(worker, queue, makeFairness(running), { now: 2_000 + turn * 1_000 });
      expect(result).not.toBeNull();
      picked.push(result!.job);
      runningOn.set(worker.id, result!.job);
      queue = queue.filter((job) => job !== result!.job);
    }
    expect(picked).toContain(single);
    expect(picked.indexOf(single)).toBeLessThanOrEqual(2);
  });

  it('weighs recent GPU time: the designer who used less goes first', () => {
    const heavy = makeJob({ designerId: 'heavy', enqueuedAt: 0 });
    const light = makeJob({ designerId: 'light', enqueuedAt: 1_000 });
    const fairness = makeFairness({}, { heavy: 800_000, light: 8_000 });
    expect(pickNextJob(makeWorker(), [heavy, light], fairness, { now: NOW })?.job).toBe(light);
  });

  it('puts a job past maxWaitMs ahead of everything, oldest first', () => {
    const fresh = makeJob({ priority: 'REVIEW', enqueuedAt: NOW });
    const overdue = makeJob({ priority: 'INTERACTIVE', checkpoint: SD15, designerId: 'busy', enqueuedAt: NOW - 130_000 });
    const older = makeJob({ priority: 'INTERACTIVE', checkpoint: SD15, designerId: 'busy', enqueuedAt: NOW - 125_000 });
    const result = pick(makeWorker(), [fresh, older, overdue], { busy: 8 });
    expect(result?.job).toBe(overdue);
    expect(result?.reason).toEqual({ kind: 'OVERDUE', waitedMs: 130_000 });
  });

  it('orders overdue jobs by deadline, so overdue bulk does not crowd out overdue interactive work', () => {
    const now = 2_000_000;
    const bulk = makeJob({ priority: 'BULK', enqueuedAt: 0 }); // due at 1 800 s
    const interactive = makeJob({ priority: 'INTERACTIVE', checkpoint: SD15, enqueuedAt: now - 130_000 }); // due at 1 990 s
    expect(pickNextJob(makeWorker(), [bulk, interactive], makeFairness(), { now })?.job).toBe(bulk);
    const longOverdue = makeJob({ priority: 'INTERACTIVE', checkpoint: SD15, enqueuedAt: 1_000_000 }); // due at 1 120 s
    expect(pickNextJob(makeWorker(), [bulk, longOverdue], makeFairness(), { now })?.job).toBe(longOverdue);
  });

  it('gives BULK jobs their own, longer aging bound', () => {
    const bulkBound = DEFAULT_PICK_OPTIONS.bulkMaxWaitMs;
    const interactive = makeJob({ priority: 'INTERACTIVE', enqueuedAt: bulkBound });
    const oldBulk = (waitedMs: number) => makeJob({ priority: 'BULK', loraKey: 'lora-y', enqueuedAt: bulkBound - waitedMs });
    expect(pick(makeWorker(), [interactive, oldBulk(bulkBound - 1)], {}, bulkBound)?.job).toBe(interactive);
    const due = oldBulk(bulkBound);
    expect(pick(makeWorker(), [interactive, due], {}, bulkBound)?.job).toBe(due);
  });

  it('among overdue jobs enqueued together, takes the warm one', () => {
    const cold = makeJob({ priority: 'BULK', loraKey: 'lora-y', enqueuedAt: 0 });
    const warm = makeJob({ priority: 'BULK', loraKey: 'lora-x', enqueuedAt: 0 });
    expect(pickNextJob(makeWorker({ loadedLoraKey: 'lora-x' }), [cold, warm], makeFairness(), { now: 2_000_000 })?.job).toBe(warm);
  });

  it('skips jobs whose base model the worker cannot run', () => {
    const sdxlJob = makeJob({ enqueuedAt: 0 });
    const sd15Job = makeJob({ checkpoint: SD15, enqueuedAt: 50_000 });
    const sd15Only = makeWorker({ baseModels: ['sd15'], loadedCheckpoint: null, loadedLoraKey: null });
    expect(pick(sd15Only, [sdxlJob, sd15Job])?.job).toBe(sd15Job);
    expect(pick(sd15Only, [sdxlJob])).toBeNull();
    expect(pick(makeWorker(), [])).toBeNull();
  });

  it('breaks ties by enqueuedAt, then id', () => {
    const [a, b, c] = ['job-b', 'job-a', 'job-c'].map((id, i) => makeJob({ id, enqueuedAt: i === 2 ? 0 : 1_000 }));
    const withoutAging = { now: NOW, agingCreditPerMs: 0 };
    expect(pickNextJob(makeWorker(), [a, b, c], makeFairness(), withoutAging)?.job).toBe(c);
    expect(pickNextJob(makeWorker(), [a, b], makeFairness(), withoutAging)?.job).toBe(b);
  });

  describe('properties', () => {
    const nowArbitrary = fc.integer({ min: 0, max: 2_500_000 });

    it('picks one of the candidates, and one the worker can run', () => {
      fc.assert(
        fc.property(workerArbitrary, jobsArbitrary, fairnessArbitrary, nowArbitrary, (worker, jobs, fairness, now) => {
          const result = pickNextJob(worker, jobs, fairness, { now });
          if (result === null) return;
          expect(jobs).toContain(result.job);
          expect(canWorkerRun(worker, result.job)).toBe(true);
        }),
      );
    });

    it('gives the same answer whatever order the candidates come in', () => {
      fc.assert(
        fc.property(
          workerArbitrary,
          jobsArbitrary.chain((jobs) => fc.tuple(fc.constant(jobs), fc.shuffledSubarray(jobs, { minLength: jobs.length }))),
          fairnessArbitrary,
          nowArbitrary,
          (worker, [jobs, shuffled], fairness, now) => {
            expect(pickNextJob(worker, shuffled, fairness, { now })?.job.id).toBe(pickNextJob(worker, jobs, fairness, { now })?.job.id);
          },
        ),
      );
    });

    it('returns null only when the worker can run none of the candidates', () => {
      fc.assert(
        fc.property(workerArbitrary, jobsArbitrary, fairnessArbitrary, nowArbitrary, (worker, jobs, fairness, now) => {
          const runnable = jobs.some((job) => canWorkerRun(worker, job));
          expect(pickNextJob(worker, jobs, fairness, { now }) !== null).toBe(runnable);
        }),
      );
    });
  });
});
