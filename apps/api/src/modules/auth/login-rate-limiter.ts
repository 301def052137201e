// A sliding-window counter of sign-in attempts per email and per client address. An attempt is
// counted before the password is checked, so parallel guesses cannot slip past the limit; a
// successful sign-in gives its attempt back. In memory: one API process per deployment today; a
// shared store is needed before running several replicas.
const MAX_KEYS = 50_000;

export class LoginRateLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  // Counts an attempt for every key and returns 0, or, when any key is at its limit, returns the
  // seconds to wait and counts nothing.
  consume(keys: string[]): number {
    const t = this.now();
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, t);
      if (recent.length >= this.maxAttempts) wait = Math.max(wait, Math.ceil((recent[0]! + this.windowMs - t) / 1000));
    }
    if (wait > 0) return wait;
    if (this.attempts.size > MAX_KEYS) this.sweep(t);
    for (const key of keys) this.attempts.set(key, [...this.recent(key, t), t]);
    return 0;
  }

  // A successful sign-in: forget the failures of these keys.
  reset(keys: string[]): void {
    for (const key of keys) this.attempts.delete(key);
  }

  private recent(key: string, t: number): number[] {
    return (this.attempts.get(key) ?? []).filter((at) => at > t - this.windowMs);
  }

  private sweep(t: number): void {
    for (const [key, list] of this.attempts) if (!list.some((at) => at > t - this.windowMs)) this.attempts.delete(key);
    // Still too many live keys (a spray of addresses): drop the oldest half rather than grow.
    if (this.attempts.size > MAX_KEYS) [...this.attempts.keys()].slice(0, this.attempts.size / 2).forEach((k) => this.attempts.delete(k));
  }
}
