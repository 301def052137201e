// Consumer apps' hosted renders (the CONSUMER class) share the GPU pool with designers: they may hold
// at most a share of its GPUs at once, so an app's burst never takes the GPUs designers' interactive
// previews and reviewers' renders need, however long the burst.

/** The share of the pool consumer renders may hold when the deployment does not say (CONSUMER_RENDER_SHARE). */
export const DEFAULT_CONSUMER_SHARE = 0.75;

/**
 * How many more CONSUMER jobs may start now: `share` of the pool's GPUs (rounded down, at least one,
 * so a pool of one GPU still serves apps), less those already running. 0 when the share is taken.
 */
export function consumerSlotsLeft(poolGpus: number, runningConsumerJobs: number, share: number): number {
  if (!(share > 0)) return 0;
  const cap = Math.max(1, Math.floor(Math.min(1, share) * Math.max(0, poolGpus)));
  return Math.max(0, cap - runningConsumerJobs);
}
