import { Redis } from 'ioredis';

// Sign-in attempts are limited per (e-mail, client address), so a stranger cannot lock a person
// out by failing on their address from elsewhere, and per client address with a higher limit, so
// one machine cannot spray passwords over many accounts. Past the limit a key is locked for the
// window, doubling with every further failure up to the cap (backoff). An attempt is counted before
// the password is checked, so parallel guesses cannot slip past the limit; a success gives back the
// attempts of its keys. The counts live in Redis when REDIS_URL is set, so every API process shares
// them; in memory otherwise (one process: the embedded setup).

export interface ThrottleRule {
  key: string;
  /** Attempts before the key is locked. */
  max: number;
}

export interface ThrottlePolicy {
  windowMs: number;
  maxLockMs: number;
}

export interface AttemptStore {
  /** Counts an attempt on every key and returns 0; or, when any key is locked, counts nothing and returns the ms to wait. */
  consume(rules: ThrottleRule[], policy: ThrottlePolicy, now: number): Promise<number>;
  reset(keys: string[]): Promise<void>;
  close(): Promise<void>;
}

/** How long a key is locked after its `failures`-th attempt (0 below the limit). */
export function lockMsAfter(failures: number, max: number, policy: ThrottlePolicy): number {
  if (failures < max) return 0;
  return Math.min(policy.maxLockMs, policy.windowMs * 2 ** (failures - max));
}

export class MemoryAttemptStore implements AttemptStore {
  private readonly entries = new Map<string, { failures: number; lockedUntil: number; expiresAt: number }>();

  async consume(rules: ThrottleRule[], policy: ThrottlePolicy, now: number): Promise<number> {
    if (this.entries.size > 50_000) this.sweep(now);
    let wait = 0;
    for (const { key } of rules) wait = Math.max(wait, (this.live(key, now)?.lockedUntil ?? 0) - now);
    if (wait > 0) return wait;
    for (const { key, max } of rules) {
      const failures = (this.live(key, now)?.failures ?? 0) + 1;
      const lock = lockMsAfter(failures, max, policy);
      this.entries.set(key, { failures, lockedUntil: lock ? now + lock : 0, expiresAt: now + policy.maxLockMs + policy.windowMs });
    }
    return 0;
  }

  async reset(keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  async close(): Promise<void> {}

  private live(key: string, now: number) {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) this.entries.delete(key);
    return entry && entry.expiresAt > now ? entry : undefined;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    // Still too many live keys (a spray of addresses): drop the oldest half rather than grow.
    if (this.entries.size > 50_000) [...this.entries.keys()].slice(0, this.entries.size / 2).forEach((k) => this.entries.delete(k));
  }
}

// One round trip, atomic across API processes: check every key's lock, then count on every key.
const CONSUME_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local wait = 0
for i, key in ipairs(KEYS) do
  local locked = tonumber(redis.call('HGET', key, 'lockedUntil') or '0')
  if locked - now > wait then wait = locked - now end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  local max = tonumber(ARGV[3 + i])
  local failures = redis.call('HINCRBY', key, 'failures', 1)
  if failures >= max then
    redis.call('HSET', key, 'lockedUntil', now + math.min(cap, window * 2 ^ (failures - max)))
  end
  redis.call('PEXPIRE', key, cap + window)
end
return 0
`;

export class RedisAttemptStore implements AttemptStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // A sign-in must not hang on a broken Redis: fail fast (the store then answers with an error).
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, enableOfflineQueue: true });
    this.redis.on('error', () => undefined);
  }

  async consume(rules: ThrottleRule[], policy: ThrottlePolicy, now: number): Promise<number> {
    const wait = await this.redis.eval(CONSUME_SCRIPT, rules.length, ...rules.map((r) => this.prefix + r.key), now, policy.windowMs, policy.maxLockMs, ...rules.map((r) => r.max));
    return Number(wait);
  }

  async reset(keys: string[]): Promise<void> {
    if (keys.length) await this.redis.del(...keys.map((k) => this.prefix + k));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Sign-in attempts of one person from one address, and of one address overall. */
export function signInRules(email: string, clientAddress: string, maxAttempts: number): ThrottleRule[] {
  return [
    { key: `email+ip:${email}|${clientAddress}`, max: maxAttempts },
    // An office behind one NAT signs in from one address: allow it many more.
    { key: `ip:${clientAddress}`, max: maxAttempts * 20 },
  ];
}
