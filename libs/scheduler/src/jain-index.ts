/**
 * Values (one per party, >= 0) -> Jain's fairness index (sum x)^2 / (n * sum x^2), in [1/n, 1].
 * 1 means all equal; an empty list or all zeros counts as perfectly fair (1).
 */
export function jainIndex(values: readonly number[]): number {
  let sum = 0;
  let sumOfSquares = 0;
  for (const value of values) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`jainIndex needs finite values >= 0, got ${value}`);
    sum += value;
    sumOfSquares += value * value;
  }
  if (sumOfSquares === 0) return 1;
  return (sum * sum) / (values.length * sumOfSquares);
}
