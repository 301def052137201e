// A sliding-window counter of failed sign-ins per email and per client address. In memory: one API
// process per deployment today; a shared store is needed before running several replicas.
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  // Seconds until another attempt is allowed for any of the keys, or 0.
  retryAfterSeconds(keys: string[]): number {
    const t = this.now();
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, t);
      if (recent.length >= this.maxAttempts) wait = Math.max(wait, Math.ceil((recent[0]! + this.windowMs - t) / 1000));
    }
    return wait;
  }

  recordFailure(keys: string[]): void {
    const t = this.now();
    for (const key of keys) this.failures.set(key, [...this.recent(key, t), t]);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, t: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((at) => at > t - this.windowMs);
    if (list.length === 0) this.failures.delete(key);
    return list;
  }
}
