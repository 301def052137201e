import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { allocateLargestRemainder } from './allocate-largest-remainder.js';
import { PROPERTY_OPTIONS, sum } from './testing/arbitraries.js';

const totalArbitrary = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
const weightsArbitrary = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), {
    minLength: 1,
    maxLength: 8,
  })
  .filter((weights) => weights.some((weight) => weight > 0));

describe('allocateLargestRemainder (properties)', () => {
  it('hands out exactly the total, each part the floor or the floor + 1 of its exact share', () => {
    fc.assert(
      fc.property(totalArbitrary, weightsArbitrary, (total, weights) => {
        const result = allocateLargestRemainder(total, weights);
        expect(result).toHaveLength(weights.length);
        expect(sum(result)).toBe(total);
        const weightSum = weights.reduce((s, w) => s + BigInt(w), 0n);
        result.forEach((amount, i) => {
          expect(Number.isSafeInteger(amount)).toBe(true);
          const floor = (BigInt(total) * BigInt(weights[i]!)) / weightSum;
          expect([floor, floor + 1n]).toContain(BigInt(amount));
          if (weights[i] === 0) expect(amount).toBe(0);
        });
      }),
      PROPERTY_OPTIONS,
    );
  });

  it('gives the extra units to the largest remainders, ties to the lower index', () => {
    fc.assert(
      fc.property(totalArbitrary, weightsArbitrary, (total, weights) => {
        const result = allocateLargestRemainder(total, weights);
        const weightSum = weights.reduce((s, w) => s + BigInt(w), 0n);
        const parts = weights.map((w, i) => {
          const share = BigInt(total) * BigInt(w);
          return { index: i, remainder: share % weightSum, gotExtra: BigInt(result[i]!) > share / weightSum };
        });
        for (const winner of parts.filter((p) => p.gotExtra)) {
          for (const loser of parts.filter((p) => !p.gotExtra)) {
            const winnerRanksFirst = winner.remainder > loser.remainder || (winner.remainder === loser.remainder && winner.index < loser.index);
            expect(winnerRanksFirst).toBe(true);
          }
        }
      }),
      PROPERTY_OPTIONS,
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(totalArbitrary, weightsArbitrary, (total, weights) => {
        expect(allocateLargestRemainder(total, [...weights])).toEqual(allocateLargestRemainder(total, weights));
      }),
      PROPERTY_OPTIONS,
    );
  });
});
