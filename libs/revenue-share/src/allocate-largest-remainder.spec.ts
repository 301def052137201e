import { describe, expect, it } from '@jest/globals';
import { allocateLargestRemainder } from './allocate-largest-remainder.js';

describe('allocateLargestRemainder', () => {
  it('splits exactly when the weights divide the total', () => {
    expect(allocateLargestRemainder(100, [7000, 3000])).toEqual([70, 30]);
    expect(allocateLargestRemainder(0, [1, 2, 3])).toEqual([0, 0, 0]);
  });

  it('gives the leftover units to the largest remainders', () => {
    // 3.334, 3.333, 3.333 -> 3, 3, 3 and one unit left, for the .334
    expect(allocateLargestRemainder(10, [3334, 3333, 3333])).toEqual([4, 3, 3]);
    // 1.4, 2.6, 1.0 -> 1, 2, 1 and one unit left, for the .6
    expect(allocateLargestRemainder(5, [14, 26, 10])).toEqual([1, 3, 1]);
  });

  it('breaks ties between equal remainders towards the lower index', () => {
    expect(allocateLargestRemainder(1, [1, 1])).toEqual([1, 0]);
    expect(allocateLargestRemainder(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocateLargestRemainder(1, [0, 5000, 5000])).toEqual([0, 1, 0]);
  });

  it('never gives a unit to a zero weight', () => {
    expect(allocateLargestRemainder(7, [0, 1, 0])).toEqual([0, 7, 0]);
    expect(allocateLargestRemainder(3, [1, 0, 1, 0, 1])).toEqual([1, 0, 1, 0, 1]);
  });

  it('stays exact where total * weight passes 2^53', () => {
    const total = Number.MAX_SAFE_INTEGER;
    const weights = [3333, 3333, 3334];
    const result = allocateLargestRemainder(total, weights);
    expect(result.reduce((a, b) => a + b, 0)).toBe(total);
    const sum = 10_000n;
    result.forEach((amount, i) => {
      const exactFloor = (BigInt(total) * BigInt(weights[i]!)) / sum;
      expect(BigInt(amount) - exactFloor).toBeGreaterThanOrEqual(0n);
      expect(BigInt(amount) - exactFloor).toBeLessThanOrEqual(1n);
    });
    expect(allocateLargestRemainder(total, [1, 2])).toEqual([3002399751580330, 6004799503160661]);
    expect(allocateLargestRemainder(10, [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER])).toEqual([5, 5]);
  });

  it.each([
    [-1, [1], 'total must be >= 0, got -1'],
    [1.5, [1], 'total must be a safe integer number of minor units, got 1.5'],
    [2 ** 53, [1], `total must be a safe integer number of minor units, got ${2 ** 53}`],
    [Number.NaN, [1], 'total must be a safe integer number of minor units, got NaN'],
    [10, [1, -1], 'weights[1] must be a safe integer >= 0, got -1'],
    [10, [0.5, 1], 'weights[0] must be a safe integer >= 0, got 0.5'],
    [10, [0, 0], 'weights must have a positive sum, got [0, 0]'],
    [10, [], 'weights must have a positive sum, got []'],
  ])('rejects total %s with weights %j', (total, weights, message) => {
    expect(() => allocateLargestRemainder(total, weights)).toThrow(new RangeError(message));
  });
});
