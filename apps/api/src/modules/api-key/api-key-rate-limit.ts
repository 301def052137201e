import { Redis } from 'ioredis';

// Per-API-key request limits, as a bucket of `limit` requests that refills evenly over the period:
// a key may send its whole minute's allowance at once, and then one more each time a request's share
// of the minute (60 s / limit) has passed, so a steady client gets `limit` a minute and a burst is
// never more than `limit`. A key's state is how much of the allowance is in use and when that was
// counted; it is kept in requests, so a new limit applies at once to what was already used. It lives
// in Redis when REDIS_URL is set, so every API process counts against the same allowance; in memory
// otherwise (one process: the embedded setup).

export interface RateStore {
  /** Counts a request of `key` and returns 0; or, over the limit, counts nothing and returns the ms to wait. */
  consume(key: string, limit: number, periodMs: number): Promise<number>;
  close(): Promise<void>;
}

/** Requests of the allowance in use, as counted at `at` (ms). */
export interface RateState {
  used: number;
  at: number;
}

export type RateDecision = { allowed: true; state: RateState } | { allowed: false; waitMs: number };

/** One request at `now` by a key in `state` (null: not used lately). */
export function decideRate(state: RateState | null, now: number, limit: number, periodMs: number): RateDecision {
  const used = state ? Math.max(0, state.used - (Math.max(0, now - state.at) * limit) / periodMs) : 0;
  if (used + 1 > limit) return { allowed: false, waitMs: ((used + 1 - limit) * periodMs) / limit };
  return { allowed: true, state: { used: used + 1, at: now } };
}

/** How long until a key in `state` has its whole allowance back (its state can be forgotten then). */
export function msUntilFull(state: RateState, limit: number, periodMs: number): number {
  return (state.used * periodMs) / limit;
}

export class MemoryRateStore implements RateStore {
  private readonly states = new Map<string, RateState & { until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async consume(key: string, limit: number, periodMs: number): Promise<number> {
    const now = this.now();
    if (this.states.size > 50_000) this.sweep(now);
    const decision = decideRate(this.states.get(key) ?? null, now, limit, periodMs);
    if (!decision.allowed) return decision.waitMs;
    this.states.set(key, { ...decision.state, until: now + msUntilFull(decision.state, limit, periodMs) });
    return 0;
  }

  async close(): Promise<void> {}

  // Keys back at their whole allowance hold nothing worth keeping.
  private sweep(now: number): void {
    for (const [key, state] of this.states) if (state.until <= now) this.states.delete(key);
  }
}

// decideRate in one atomic round trip, on the Redis server's clock (API processes' clocks may differ).
const CONSUME_SCRIPT = `
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 'used', 'at')
local used = 0
if state[1] then used = math.max(0, tonumber(state[1]) - math.max(0, now - tonumber(state[2])) * limit / period) end
if used + 1 > limit then return tostring((used + 1 - limit) * period / limit) end
used = used + 1
redis.call('HSET', KEYS[1], 'used', tostring(used), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(used * period / limit))
return '0'
`;

export class RedisRateStore implements RateStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // A request must not hang on a broken Redis: fail fast (the caller decides what a failure means).
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, enableOfflineQueue: true });
    this.redis.on('error', () => undefined);
  }

  async consume(key: string, limit: number, periodMs: number): Promise<number> {
    return Number(await this.redis.eval(CONSUME_SCRIPT, 1, this.prefix + key, limit, periodMs));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
