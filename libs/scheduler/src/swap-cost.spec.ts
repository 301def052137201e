import { describe, expect, it } from '@jest/globals';
import { jainIndex } from './jain-index.js';
import { DEFAULT_SWAP_COSTS } from './schedulable-job.js';
import { canWorkerRun, swapCostMs } from './swap-cost.js';
import { SD15, makeJob, makeWorker } from './testing/make-schedulable-job.js';

describe('swapCostMs', () => {
  it('costs nothing when the checkpoint and LoRA set are loaded', () => {
    expect(swapCostMs(makeWorker({ loadedLoraKey: 'a+b' }), makeJob({ loraKey: 'a+b' }), DEFAULT_SWAP_COSTS)).toBe(0);
  });

  it('costs a LoRA switch for another LoRA set on the same checkpoint', () => {
    expect(swapCostMs(makeWorker({ loadedLoraKey: 'a+b' }), makeJob({ loraKey: 'a+c' }), DEFAULT_SWAP_COSTS)).toBe(2_000);
  });

  it('costs a checkpoint load plus the LoRA set for another checkpoint, or on a fresh worker', () => {
    expect(swapCostMs(makeWorker(), makeJob({ checkpoint: SD15 }), DEFAULT_SWAP_COSTS)).toBe(10_000);
    const fresh = makeWorker({ loadedCheckpoint: null, loadedLoraKey: null });
    expect(swapCostMs(fresh, makeJob(), { loraMs: 1_000, checkpointMs: 5_000 })).toBe(6_000);
  });
});

describe('canWorkerRun', () => {
  it('needs the job base model among the worker ones', () => {
    expect(canWorkerRun(makeWorker({ baseModels: ['sdxl'] }), makeJob({ checkpoint: SD15 }))).toBe(false);
    expect(canWorkerRun(makeWorker({ baseModels: ['sd15', 'sdxl'] }), makeJob({ checkpoint: SD15 }))).toBe(true);
  });
});

describe('jainIndex', () => {
  it('is 1 for equal shares and 1/n when one party gets everything', () => {
    expect(jainIndex([3, 3, 3, 3])).toBe(1);
    expect(jainIndex([5, 0, 0, 0])).toBe(0.25);
    expect(jainIndex([1, 2])).toBeCloseTo(0.9, 10);
  });

  it('counts no parties, or all zeros, as fair', () => {
    expect(jainIndex([])).toBe(1);
    expect(jainIndex([0, 0])).toBe(1);
  });

  it('rejects negative and non-finite values', () => {
    expect(() => jainIndex([1, -1])).toThrow(RangeError);
    expect(() => jainIndex([Infinity])).toThrow(RangeError);
  });
});
