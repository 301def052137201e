import { describe, expect, it } from '@jest/globals';
import type { RevenueSplitTerms } from './split-terms.js';
import { splitRefund, splitUsage } from './split-usage.js';

const soleAuthor = (designerShareBps: number): RevenueSplitTerms => ({ designerShareBps, coAuthors: [{ designerId: 'ana', shareBps: 10_000 }] });

const threeAuthors: RevenueSplitTerms = {
  designerShareBps: 5000,
  coAuthors: [
    { designerId: 'ana', shareBps: 3334 },
    { designerId: 'bo', shareBps: 3333 },
    { designerId: 'cy', shareBps: 3333 },
  ],
};

describe('splitUsage', () => {
  it('gives a sole author 30% of 100 fen', () => {
    expect(splitUsage(100, soleAuthor(3000))).toEqual({ platform: 70, designers: [{ designerId: 'ana', amount: 30 }] });
  });

  it('gives the single fen of a 1-fen usage to the larger side', () => {
    expect(splitUsage(1, soleAuthor(3000))).toEqual({ platform: 1, designers: [{ designerId: 'ana', amount: 0 }] });
    expect(splitUsage(1, soleAuthor(7000))).toEqual({ platform: 0, designers: [{ designerId: 'ana', amount: 1 }] });
  });

  it('gives the platform an odd fen of a 50/50 split (the platform comes first)', () => {
    expect(splitUsage(3, soleAuthor(5000))).toEqual({ platform: 2, designers: [{ designerId: 'ana', amount: 1 }] });
  });

  it('splits the pool among co-authors in their order, 4/3/3 for a pool of 10', () => {
    expect(splitUsage(20, threeAuthors)).toEqual({
      platform: 10,
      designers: [
        { designerId: 'ana', amount: 4 },
        { designerId: 'bo', amount: 3 },
        { designerId: 'cy', amount: 3 },
      ],
    });
  });

  it('gives a tied leftover fen to the earlier co-author', () => {
    const halves: RevenueSplitTerms = {
      designerShareBps: 10_000,
      coAuthors: [
        { designerId: 'bo', shareBps: 5000 },
        { designerId: 'ana', shareBps: 5000 },
      ],
    };
    expect(splitUsage(1, halves).designers).toEqual([
      { designerId: 'bo', amount: 1 },
      { designerId: 'ana', amount: 0 },
    ]);
  });

  it('keeps everything for the platform at 0% and nothing at 100%', () => {
    expect(splitUsage(999, soleAuthor(0))).toEqual({ platform: 999, designers: [{ designerId: 'ana', amount: 0 }] });
    expect(splitUsage(999, soleAuthor(10_000))).toEqual({ platform: 0, designers: [{ designerId: 'ana', amount: 999 }] });
    expect(splitUsage(0, threeAuthors).designers.map((d) => d.amount)).toEqual([0, 0, 0]);
  });

  it('handles the largest safe gross exactly', () => {
    const split = splitUsage(Number.MAX_SAFE_INTEGER, threeAuthors);
    const total = split.platform + split.designers.reduce((sum, d) => sum + d.amount, 0);
    expect(total).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('rejects a gross that is not a safe integer >= 0, naming the value', () => {
    expect(() => splitUsage(-5, soleAuthor(3000))).toThrow(new RangeError('grossMinor must be >= 0, got -5'));
    expect(() => splitUsage(10.5, soleAuthor(3000))).toThrow(new RangeError('grossMinor must be a safe integer number of minor units, got 10.5'));
    expect(() => splitUsage(Number.POSITIVE_INFINITY, soleAuthor(3000))).toThrow(RangeError);
  });

  it('rejects invalid terms with the designer-readable problems', () => {
    const terms: RevenueSplitTerms = { designerShareBps: 3000, coAuthors: [{ designerId: 'ana', shareBps: 9000 }] };
    expect(() => splitUsage(100, terms)).toThrow(
      new RangeError('Invalid revenue split terms: coAuthors: Co-author shares must add up to 100% (they add up to 90%)'),
    );
  });
});

describe('splitRefund', () => {
  it('takes back a whole usage as it was split', () => {
    expect(splitRefund(100, 0, 100, soleAuthor(3000))).toEqual(splitUsage(100, soleAuthor(3000)));
  });

  it('splits fen-by-fen refunds so that they add up to the original split', () => {
    const terms = soleAuthor(3000);
    const pieces = [1, 1, 1, 97].map((refund, i, all) => splitRefund(100, all.slice(0, i).reduce((a, b) => a + b, 0), refund, terms));
    expect(pieces.map((p) => [p.platform, p.designers[0]!.amount])).toEqual([
      [1, 0], // 0.7 rounds to the platform
      [0, 1], // 1.4 / 0.6: the pool reaches 1
      [1, 0], // 2.1 / 0.9
      [68, 29],
    ]);
    expect(pieces.reduce((sum, p) => sum + p.platform, 0)).toBe(70);
    expect(pieces.reduce((sum, p) => sum + p.designers[0]!.amount, 0)).toBe(30);
  });

  it('can take a fen back from one co-author and give it to the others (Alabama paradox), still summing to the refund', () => {
    const terms: RevenueSplitTerms = {
      designerShareBps: 10_000,
      coAuthors: [
        { designerId: 'ana', shareBps: 100 },
        { designerId: 'bo', shareBps: 900 },
        { designerId: 'cy', shareBps: 9000 },
      ],
    };
    // A pool of 37 splits 1/3/33 and a pool of 38 splits 0/4/34.
    expect(splitUsage(37, terms).designers.map((d) => d.amount)).toEqual([1, 3, 33]);
    expect(splitUsage(38, terms).designers.map((d) => d.amount)).toEqual([0, 4, 34]);
    const refund = splitRefund(40, 37, 1, terms);
    expect(refund.designers).toEqual([
      { designerId: 'ana', amount: -1 },
      { designerId: 'bo', amount: 1 },
      { designerId: 'cy', amount: 1 },
    ]);
    expect(refund.platform + refund.designers.reduce((sum, d) => sum + d.amount, 0)).toBe(1);
  });

  it.each([
    [100, 0, 0, 'refundMinor must be >= 1, got 0'],
    [100, 0, -3, 'refundMinor must be >= 1, got -3'],
    [100, 0, 101, 'refundMinor 101 plus refundedBeforeMinor 0 is more than grossMinor 100'],
    [100, 60, 41, 'refundMinor 41 plus refundedBeforeMinor 60 is more than grossMinor 100'],
    [100, -1, 1, 'refundedBeforeMinor must be >= 0, got -1'],
    [100, 0, 0.5, 'refundMinor must be a safe integer number of minor units, got 0.5'],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 1, `refundMinor 1 plus refundedBeforeMinor ${Number.MAX_SAFE_INTEGER} is more than grossMinor ${Number.MAX_SAFE_INTEGER}`],
  ])('rejects gross %s, refunded before %s, refund %s', (gross, before, refund, message) => {
    expect(() => splitRefund(gross, before, refund, soleAuthor(3000))).toThrow(new RangeError(message));
  });
});
