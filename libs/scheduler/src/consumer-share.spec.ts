import { describe, expect, it } from '@jest/globals';
import { consumerSlotsLeft, DEFAULT_CONSUMER_SHARE } from './consumer-share.js';
import { DEFAULT_PICK_OPTIONS, pickNextJob } from './pick-next-job.js';
import { makeFairness, makeJob, makeWorker } from './testing/make-schedulable-job.js';

describe('consumer renders on the pool', () => {
  it('hold at most their share of the GPUs, at least one, and none more once it is taken', () => {
    expect(consumerSlotsLeft(8, 0, DEFAULT_CONSUMER_SHARE)).toBe(6);
    expect(consumerSlotsLeft(8, 5, 0.75)).toBe(1);
    expect(consumerSlotsLeft(8, 6, 0.75)).toBe(0);
    expect(consumerSlotsLeft(8, 9, 0.75)).toBe(0);
    expect(consumerSlotsLeft(1, 0, 0.75)).toBe(1);
    expect(consumerSlotsLeft(1, 1, 0.75)).toBe(0);
    expect(consumerSlotsLeft(4, 0, 1)).toBe(4);
    expect(consumerSlotsLeft(4, 0, 0)).toBe(0);
    expect(consumerSlotsLeft(0, 0, 0.5)).toBe(0);
  });

  it("give way to designers' running jobs, keeping the reserved GPUs idle for the next preview", () => {
    // 8 GPUs, share 0.75: 6 for apps, 2 kept. Two designers' jobs running: apps may hold 4.
    expect(consumerSlotsLeft(8, 0, 0.75, 2)).toBe(4);
    expect(consumerSlotsLeft(8, 4, 0.75, 2)).toBe(0);
    expect(consumerSlotsLeft(8, 3, 0.75, 1)).toBe(2);
    // Renders already running are not stopped: the allowance is 0 until enough of them finish.
    expect(consumerSlotsLeft(8, 6, 0.75, 2)).toBe(0);
    expect(consumerSlotsLeft(1, 0, 0.75, 1)).toBe(0);
  });

  it('rank after designers\' interactive previews and before bulk ones', () => {
    const worker = makeWorker();
    const bulk = makeJob({ priority: 'BULK', enqueuedAt: 0 });
    const consumer = makeJob({ priority: 'CONSUMER', enqueuedAt: 10_000 });
    const interactive = makeJob({ priority: 'INTERACTIVE', enqueuedAt: 90_000 });
    const now = 100_000;
    expect(pickNextJob(worker, [bulk, consumer, interactive], makeFairness({}), { now })?.job).toBe(interactive);
    expect(pickNextJob(worker, [bulk, consumer], makeFairness({}), { now })?.job).toBe(consumer);
  });

  it('age out on the bulk bound, so a long consumer burst never goes ahead of a fresh interactive preview', () => {
    const worker = makeWorker();
    const now = 10 * 60_000;
    // Waited 10 minutes: past the interactive bound (2 min), not the bulk one (30 min).
    const consumer = makeJob({ priority: 'CONSUMER', enqueuedAt: 0 });
    const interactive = makeJob({ priority: 'INTERACTIVE', enqueuedAt: now - 1000 });
    expect(pickNextJob(worker, [consumer, interactive], makeFairness({}), { now })?.job).toBe(interactive);
    const late = now + DEFAULT_PICK_OPTIONS.bulkMaxWaitMs;
    expect(pickNextJob(worker, [consumer, makeJob({ priority: 'INTERACTIVE', enqueuedAt: late - 1000 })], makeFairness({}), { now: late })?.reason).toMatchObject({ kind: 'OVERDUE' });
  });

  it('share fairly across apps as designers do: an app with renders running waits for one with none', () => {
    const worker = makeWorker();
    const busyApp = makeJob({ priority: 'CONSUMER', designerId: 'app-busy', enqueuedAt: 0 });
    const quietApp = makeJob({ priority: 'CONSUMER', designerId: 'app-quiet', enqueuedAt: 5_000 });
    expect(pickNextJob(worker, [busyApp, quietApp], makeFairness({ 'app-busy': 3 }), { now: 10_000 })?.job).toBe(quietApp);
  });
});
