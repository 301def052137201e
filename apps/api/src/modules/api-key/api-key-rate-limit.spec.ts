import { describe, expect, it } from '@jest/globals';
import { MemoryRateStore, decideRate } from './api-key-rate-limit.js';

const MINUTE = 60_000;

describe('API key rate limits', () => {
  it('lets a whole minute’s allowance through at once, then one request per share of the minute', async () => {
    let now = 1_000_000;
    const store = new MemoryRateStore(() => now);
    for (let i = 0; i < 5; i++) expect(await store.consume('k', 5, MINUTE)).toBe(0);
    // The sixth waits for one request's share of the minute (12 s) to come back.
    expect(await store.consume('k', 5, MINUTE)).toBe(12_000);
    now += 11_999;
    expect(await store.consume('k', 5, MINUTE)).toBeCloseTo(1, 6);
    now += 1;
    expect(await store.consume('k', 5, MINUTE)).toBe(0);
    expect(await store.consume('k', 5, MINUTE)).toBeGreaterThan(0);
    // Refused requests cost nothing: a minute after the last one counted, the whole allowance is back.
    now += MINUTE;
    for (let i = 0; i < 5; i++) expect(await store.consume('k', 5, MINUTE)).toBe(0);
  });

  it('keeps each key to its own allowance', async () => {
    const store = new MemoryRateStore(() => 0);
    expect(await store.consume('a', 1, MINUTE)).toBe(0);
    expect(await store.consume('a', 1, MINUTE)).toBeGreaterThan(0);
    expect(await store.consume('b', 1, MINUTE)).toBe(0);
  });

  it('applies a new limit at once to what the key already used', () => {
    const used = { used: 2, at: 0 };
    expect(decideRate(used, 0, 2, MINUTE)).toEqual({ allowed: false, waitMs: 30_000 });
    expect(decideRate(used, 0, 100, MINUTE)).toEqual({ allowed: true, state: { used: 3, at: 0 } });
    expect(decideRate({ used: 50, at: 0 }, 0, 10, MINUTE)).toEqual({ allowed: false, waitMs: 41 * 6_000 });
  });

  it('ignores a clock that went back', () => {
    expect(decideRate({ used: 1, at: 5_000 }, 4_000, 1, MINUTE)).toEqual({ allowed: false, waitMs: MINUTE });
  });
});
