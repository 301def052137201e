// fast-check arbitraries for the property tests; not exported from the package.
import fc from 'fast-check';
import type { RevenueSplitTerms } from '../split-terms.js';

/** Pinned so a failure reproduces; fast-check still prints the counterexample path. */
export const PROPERTY_OPTIONS = { numRuns: 500, seed: 20_251_125 } as const;

/** 1..6 co-authors with positive shares that add up to exactly 10000 bps, cut from random points. */
export const coAuthorSharesArbitrary: fc.Arbitrary<number[]> = fc
  .uniqueArray(fc.integer({ min: 1, max: 9999 }), { maxLength: 5 })
  .map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 10_000];
    return points.slice(1).map((point, i) => point - points[i]!);
  });

/** Valid terms, with a bias towards the designer shares people actually pick and the 0%/100% edges. */
export const splitTermsArbitrary: fc.Arbitrary<RevenueSplitTerms> = fc.record({
  designerShareBps: fc.oneof(fc.constantFrom(0, 3000, 5000, 7000, 10_000), fc.integer({ min: 0, max: 10_000 })),
  coAuthors: coAuthorSharesArbitrary.map((shares) => shares.map((shareBps, i) => ({ designerId: `designer-${i + 1}`, shareBps }))),
});

/** Gross in fen, 0..10^12, with small amounts (where rounding matters most) drawn often. */
export const grossArbitrary: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 1e12 }));

export const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
