// Money is integer minor units (fen for CNY) held in JS numbers, so every amount must stay a safe integer.

/** Throws a RangeError naming `name` and the value unless `value` is a safe integer >= `min`. */
export function assertMinorUnits(name: string, value: number, min = Number.MIN_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be a safe integer number of minor units, got ${describeValue(value)}`);
  }
  if (value < min) throw new RangeError(`${name} must be >= ${min}, got ${value}`);
}

/** a + b, or a RangeError naming `name` when the result is no longer a safe integer. */
export function addMinorUnits(name: string, a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError(`${name} overflows the safe integer range (${a} + ${b})`);
  return sum;
}

/** Basis points as a percentage for people: 3000 -> "30%", 3334 -> "33.34%", 12.5 -> "0.125%". */
export function formatBpsAsPercent(bps: number): string {
  if (!Number.isFinite(bps)) return String(bps);
  // toFixed then trim keeps 0.1 + 0.2-style float noise out of messages.
  return `${Number((bps / 100).toFixed(6))}%`;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  return String(value);
}
