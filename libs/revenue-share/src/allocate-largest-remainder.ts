import { assertMinorUnits, describeValue } from './minor-units.js';

/**
 * Splits `total` units (integer >= 0) in proportion to `weights` (integers >= 0, positive sum) by the
 * largest-remainder (Hamilton) method; the result sums to `total` exactly.
 */
export function allocateLargestRemainder(total: number, weights: readonly number[]): number[] {
  assertMinorUnits('total', total, 0);
  let weightSum = 0n;
  weights.forEach((weight, index) => {
    if (typeof weight !== 'number' || !Number.isSafeInteger(weight) || weight < 0) {
      throw new RangeError(`weights[${index}] must be a safe integer >= 0, got ${describeValue(weight)}`);
    }
    weightSum += BigInt(weight);
  });
  if (weightSum === 0n) throw new RangeError(`weights must have a positive sum, got [${weights.join(', ')}]`);

  // total * weight can pass 2^53, so the quotients and remainders are exact BigInt maths.
  const bigTotal = BigInt(total);
  const shares = weights.map((weight) => bigTotal * BigInt(weight));
  const amounts = shares.map((share) => Number(share / weightSum));
  const remainders = shares.map((share) => share % weightSum);

  // Fewer units are left over than there are non-zero remainders, so a zero weight never gets one.
  let leftover = total - amounts.reduce((sum, amount) => sum + amount, 0);
  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (leftover === 0) break;
    amounts[index] += 1;
    leftover -= 1;
  }
  return amounts;
}
