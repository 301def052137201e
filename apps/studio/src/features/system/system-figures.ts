// Plain arithmetic for the system page's figures and charts (no React).

/** part / whole, or null when there is no whole (no requests: no rate, rather than 0 %). */
export function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** The top of a chart's axis: the smallest 1, 2 or 5 × 10^n at or above every value (1 when all are 0 or missing). */
export function axisMaxOf(values: ReadonlyArray<number | null>): number {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= max)!;
}

// Axis tops for waits, in seconds: round in seconds up to a minute, then in minutes.
const WAIT_AXIS_TOPS = [10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600];

/** The top of a wait axis (seconds): 10 s, 20 s, 30 s, 1, 2, 5, 10, 20, 30 or 60 min, or whole hours beyond. */
export function waitAxisMaxOf(values: ReadonlyArray<number | null>): number {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  return WAIT_AXIS_TOPS.find((top) => top >= max) ?? Math.ceil(max / 3600) * 3600;
}

/** A wait in seconds -> how to say it: whole seconds under two minutes, else minutes to one decimal. */
export function waitParts(seconds: number): { unit: 'seconds' | 'minutes'; value: number } {
  return seconds < 120 ? { unit: 'seconds', value: Math.round(seconds) } : { unit: 'minutes', value: Math.round(seconds / 6) / 10 };
}
