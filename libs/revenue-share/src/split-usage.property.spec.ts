import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { FULL_SHARE_BPS, validateSplitTerms } from './split-terms.js';
import { splitRefund, splitUsage, type UsageSplit } from './split-usage.js';
import { grossArbitrary, PROPERTY_OPTIONS, splitTermsArbitrary, sum } from './testing/arbitraries.js';

const BPS = BigInt(FULL_SHARE_BPS);
const poolOf = (split: UsageSplit) => sum(split.designers.map((d) => d.amount));
const total = (split: UsageSplit) => split.platform + poolOf(split);
// |amount - whole * bps / 10000| < 1, in exact integers.
const isWithinOneUnit = (amount: number, whole: number, bps: number) => {
  const diff = BigInt(amount) * BPS - BigInt(whole) * BigInt(bps);
  return (diff < 0n ? -diff : diff) < BPS;
};

/** A gross of at least 1 fen, cut into 1..12 refunds that add up to all of it. */
const grossAndRefundsArbitrary = fc
  .oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 1e12 }))
  .chain((gross) =>
    fc.record({
      gross: fc.constant(gross),
      refunds: fc.uniqueArray(fc.integer({ min: 1, max: gross }), { minLength: 1, maxLength: 12 }).map((cuts) => {
        const ends = [...new Set([...cuts, gross])].sort((a, b) => a - b);
        return ends.map((end, i) => end - (i === 0 ? 0 : ends[i - 1]!));
      }),
    }),
  );

describe('splitUsage (properties)', () => {
  it('the generator only makes valid terms', () => {
    fc.assert(fc.property(splitTermsArbitrary, (terms) => {
      expect(validateSplitTerms(terms)).toEqual([]);
    }), PROPERTY_OPTIONS);
  });

  it('posts exactly the gross, no part negative, each within 1 unit of its exact share', () => {
    fc.assert(
      fc.property(grossArbitrary, splitTermsArbitrary, (gross, terms) => {
        const split = splitUsage(gross, terms);
        expect(total(split)).toBe(gross);
        expect(split.platform).toBeGreaterThanOrEqual(0);
        expect(split.designers.map((d) => d.designerId)).toEqual(terms.coAuthors.map((c) => c.designerId));
        const pool = poolOf(split);
        expect(isWithinOneUnit(pool, gross, terms.designerShareBps)).toBe(true);
        expect(isWithinOneUnit(split.platform, gross, FULL_SHARE_BPS - terms.designerShareBps)).toBe(true);
        split.designers.forEach((designer, i) => {
          expect(Number.isSafeInteger(designer.amount)).toBe(true);
          expect(designer.amount).toBeGreaterThanOrEqual(0);
          expect(isWithinOneUnit(designer.amount, pool, terms.coAuthors[i]!.shareBps)).toBe(true);
        });
      }),
      PROPERTY_OPTIONS,
    );
  });

  it('never shrinks the platform or the designers pool as gross grows', () => {
    fc.assert(
      fc.property(grossArbitrary, fc.integer({ min: 1, max: 1000 }), splitTermsArbitrary, (gross, more, terms) => {
        const smaller = splitUsage(gross, terms);
        const larger = splitUsage(gross + more, terms);
        expect(larger.platform).toBeGreaterThanOrEqual(smaller.platform);
        expect(poolOf(larger)).toBeGreaterThanOrEqual(poolOf(smaller));
      }),
      PROPERTY_OPTIONS,
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(grossArbitrary, splitTermsArbitrary, (gross, terms) => {
        expect(splitUsage(gross, structuredClone(terms))).toEqual(splitUsage(gross, terms));
      }),
      PROPERTY_OPTIONS,
    );
  });
});

describe('splitRefund (properties)', () => {
  it('splits each refund into parts that sum to it, and a full refund in pieces into exactly the original split', () => {
    fc.assert(
      fc.property(grossAndRefundsArbitrary, splitTermsArbitrary, ({ gross, refunds }, terms) => {
        const original = splitUsage(gross, terms);
        let refundedBefore = 0;
        let platform = 0;
        const designers = terms.coAuthors.map(() => 0);
        for (const refund of refunds) {
          const split = splitRefund(gross, refundedBefore, refund, terms);
          expect(total(split)).toBe(refund);
          refundedBefore += refund;
          platform += split.platform;
          split.designers.forEach((d, i) => (designers[i]! += d.amount));
          // Running totals telescope to the split of what has been refunded so far.
          const soFar = splitUsage(refundedBefore, terms);
          expect(platform).toBe(soFar.platform);
          expect(designers).toEqual(soFar.designers.map((d) => d.amount));
          // The platform and the pool never give back more than they got; a co-author at most 1 more
          // for a while (Alabama paradox), evened out by the end.
          expect(platform).toBeLessThanOrEqual(original.platform);
          expect(sum(designers)).toBeLessThanOrEqual(poolOf(original));
          designers.forEach((amount, i) => expect(amount).toBeLessThanOrEqual(original.designers[i]!.amount + 1));
        }
        expect(refundedBefore).toBe(gross);
        expect({ platform, designers: designers.map((amount, i) => ({ designerId: terms.coAuthors[i]!.designerId, amount })) }).toEqual(original);
      }),
      PROPERTY_OPTIONS,
    );
  });

  it('takes from the platform and the pool, and from a co-author at worst -1', () => {
    const arbitrary = grossArbitrary.filter((gross) => gross > 0).chain((gross) =>
      fc.integer({ min: 0, max: gross - 1 }).chain((before) =>
        fc.record({ gross: fc.constant(gross), before: fc.constant(before), refund: fc.integer({ min: 1, max: gross - before }) }),
      ),
    );
    fc.assert(
      fc.property(arbitrary, splitTermsArbitrary, ({ gross, before, refund }, terms) => {
        const split = splitRefund(gross, before, refund, terms);
        expect(total(split)).toBe(refund);
        expect(split.platform).toBeGreaterThanOrEqual(0);
        expect(poolOf(split)).toBeGreaterThanOrEqual(0);
        split.designers.forEach((d) => expect(d.amount).toBeGreaterThanOrEqual(-1));
        expect(splitRefund(gross, before, refund, terms)).toEqual(split);
      }),
      PROPERTY_OPTIONS,
    );
  });
});
