import { allocateLargestRemainder } from './allocate-largest-remainder.js';
import { assertMinorUnits } from './minor-units.js';
import { assertValidSplitTerms, FULL_SHARE_BPS, type RevenueSplitTerms } from './split-terms.js';

export interface UsageSplit {
  platform: number;
  /** In the terms' coAuthors order. */
  designers: Array<{ designerId: string; amount: number }>;
}

/**
 * Splits one usage's gross (minor units >= 0) between the platform and the co-authors:
 * gross -> [platform, pool] by designerShareBps, then pool -> co-authors by shareBps, both by
 * largest remainder. platform + sum(designers) === gross.
 */
export function splitUsage(grossMinor: number, terms: RevenueSplitTerms): UsageSplit {
  assertMinorUnits('grossMinor', grossMinor, 0);
  assertValidSplitTerms(terms);
  const [platform, pool] = allocateLargestRemainder(grossMinor, [FULL_SHARE_BPS - terms.designerShareBps, terms.designerShareBps]) as [
    number,
    number,
  ];
  const amounts = allocateLargestRemainder(
    pool,
    terms.coAuthors.map((coAuthor) => coAuthor.shareBps),
  );
  return { platform, designers: terms.coAuthors.map(({ designerId }, index) => ({ designerId, amount: amounts[index]! })) };
}

/**
 * The part of a usage's split that a refund of `refundMinor` (> 0) takes back, after
 * `refundedBeforeMinor` was already refunded: splitUsage(before + refund) - splitUsage(before) per
 * party. Sums to the refund, and all the refunds of a usage add up to splitUsage(gross) exactly.
 * With 3+ co-authors one co-author's part can be -1 (the Alabama paradox of largest remainder).
 */
export function splitRefund(grossMinor: number, refundedBeforeMinor: number, refundMinor: number, terms: RevenueSplitTerms): UsageSplit {
  assertMinorUnits('grossMinor', grossMinor, 0);
  assertMinorUnits('refundedBeforeMinor', refundedBeforeMinor, 0);
  assertMinorUnits('refundMinor', refundMinor, 1);
  // The sum of two safe integers is exact below 2^53 and rounds only above it, where it still exceeds gross.
  if (refundedBeforeMinor + refundMinor > grossMinor) {
    throw new RangeError(
      `refundMinor ${refundMinor} plus refundedBeforeMinor ${refundedBeforeMinor} is more than grossMinor ${grossMinor}`,
    );
  }
  const before = splitUsage(refundedBeforeMinor, terms);
  const after = splitUsage(refundedBeforeMinor + refundMinor, terms);
  return {
    platform: after.platform - before.platform,
    designers: after.designers.map(({ designerId, amount }, index) => ({ designerId, amount: amount - before.designers[index]!.amount })),
  };
}
