// When a render webhook is tried again: soon at first, then less and less often, for a day after the
// event. Every attempt carries the same delivery id, so an app that got one twice can tell.

/** Seconds to wait after the n-th failed attempt (1-based); the last step repeats. */
export const WEBHOOK_RETRY_DELAYS_SECONDS = [10, 30, 60, 300, 900, 1800, 3600, 7200, 14_400] as const;
/** Deliveries are given up this long after the event. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 3600_000;

/** After `attempts` failed attempts of an event created at `createdAt`: when to try next, or null to give up. */
export function nextWebhookAttemptAt(createdAt: Date, attempts: number, now: Date): Date | null {
  const delays = WEBHOOK_RETRY_DELAYS_SECONDS;
  const delay = delays[Math.min(Math.max(attempts, 1), delays.length) - 1]!;
  const next = new Date(now.getTime() + delay * 1000);
  return next.getTime() - createdAt.getTime() > WEBHOOK_RETRY_WINDOW_MS ? null : next;
}
