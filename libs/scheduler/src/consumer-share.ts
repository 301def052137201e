// Consumer apps' hosted renders (the CONSUMER class) share the GPU pool with designers. They may hold
// at most `share` of its GPUs, and the rest is kept for designers: a consumer render never takes one
// of the last (GPUs - share x GPUs) GPUs that run nothing, so a designer's interactive preview finds
// an idle GPU however long an app's burst lasts. Designers' running jobs use that reserve first and
// push the consumer allowance down while they run; consumer renders already running are never stopped.

/** The share of the pool consumer renders may hold when the deployment does not say (CONSUMER_RENDER_SHARE). */
export const DEFAULT_CONSUMER_SHARE = 0.75;

/**
 * How many more CONSUMER jobs may start now on a pool of `poolGpus` GPUs, with `runningConsumer`
 * consumer jobs and `runningOther` designers' jobs running: at most `share` of the GPUs (rounded
 * down, at least one, so a pool of one GPU still serves apps), and never so many that fewer than the
 * reserved GPUs are left idle. 0 when either is reached.
 */
export function consumerSlotsLeft(poolGpus: number, runningConsumer: number, share: number, runningOther = 0): number {
  if (!(share > 0)) return 0;
  const gpus = Math.max(0, poolGpus);
  const cap = Math.max(1, Math.floor(Math.min(1, share) * gpus));
  const reserve = Math.max(0, gpus - cap);
  const keepingReserveIdle = gpus - reserve - runningOther - runningConsumer;
  return Math.max(0, Math.min(cap - runningConsumer, keepingReserveIdle));
}
