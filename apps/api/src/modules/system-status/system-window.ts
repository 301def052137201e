export const BUCKET_MINUTES = 5;
export const BUCKET_COUNT = 12;
const BUCKET_MS = BUCKET_MINUTES * 60_000;

export interface StatusBucketTimes {
  start: Date;
  end: Date;
}

/** The last hour as the system page shows it. */
export interface StatusWindow {
  /** The first bucket's start. */
  from: Date;
  /** The last bucket's end (after `now`: the last bucket is still running). */
  to: Date;
  buckets: StatusBucketTimes[];
}

/**
 * now -> the last hour as 12 five-minute buckets on the clock's five-minute marks (10:05, 10:10, ...),
 * the last one holding `now`: a refresh a minute later shows the same buckets with the last one
 * grown, rather than every bucket shifted by a minute.
 */
export function statusWindowOf(now: Date): StatusWindow {
  const lastStart = Math.floor(now.getTime() / BUCKET_MS) * BUCKET_MS;
  const from = lastStart - (BUCKET_COUNT - 1) * BUCKET_MS;
  const buckets = Array.from({ length: BUCKET_COUNT }, (_, i) => ({ start: new Date(from + i * BUCKET_MS), end: new Date(from + (i + 1) * BUCKET_MS) }));
  return { from: new Date(from), to: new Date(lastStart + BUCKET_MS), buckets };
}
