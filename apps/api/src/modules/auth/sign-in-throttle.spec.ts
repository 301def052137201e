import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { MemoryAttemptStore, lockMsAfter, signInRules, type AttemptStore } from './sign-in-throttle.js';

const POLICY = { windowMs: 60_000, maxLockMs: 15 * 60_000 };

describe('lockMsAfter', () => {
  it('locks for the window at the limit, doubling with each further failure up to the cap', () => {
    expect([4, 5, 6, 7, 8, 9, 20].map((failures) => lockMsAfter(failures, 5, POLICY))).toEqual([0, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
  });
});

// The Redis store runs the same rules in one script; apps/api/test/sign-in-limits.int-spec.ts checks
// it through two API processes sharing a real Redis.
describe('memory attempt store', () => {
  const makeStore = (): AttemptStore => new MemoryAttemptStore();
  const unique = () => randomBytes(4).toString('hex');

  it('locks a person after the limit from one address, but not from another', async () => {
    const store = makeStore();
    const email = `${unique()}@x.test`;
    let now = 1_000_000;
    for (let i = 0; i < 5; i++) expect(await store.consume(signInRules(email, '203.0.113.7', 5), POLICY, now++)).toBe(0);
    expect(await store.consume(signInRules(email, '203.0.113.7', 5), POLICY, now)).toBe(60_000 - 1);
    // Someone else failing on their address from elsewhere does not lock them out.
    expect(await store.consume(signInRules(email, '198.51.100.9', 5), POLICY, now)).toBe(0);
  });

  it('backs off: each failure after a lock doubles the next one', async () => {
    const store = makeStore();
    const rules = [{ key: `k:${unique()}`, max: 2 }];
    let now = 5_000_000;
    await store.consume(rules, POLICY, now);
    await store.consume(rules, POLICY, now);
    expect(await store.consume(rules, POLICY, now)).toBe(60_000);
    now += 60_000;
    expect(await store.consume(rules, POLICY, now)).toBe(0);
    expect(await store.consume(rules, POLICY, now)).toBe(120_000);
  });

  it('cuts a burst of parallel guesses at the limit, and a success gives the attempts back', async () => {
    const store = makeStore();
    const rules = signInRules(`${unique()}@x.test`, `ip-${unique()}`, 3);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => store.consume(rules, POLICY, 9_000_000)));
    expect(outcomes.filter((w) => w === 0)).toHaveLength(3);
    await store.reset(rules.map((r) => r.key));
    expect(await store.consume(rules, POLICY, 9_000_000)).toBe(0);
  });

  it('lets one address sign in many people (an office behind one NAT) before it is limited', async () => {
    const store = makeStore();
    const ip = `ip-${unique()}`;
    const outcomes: number[] = [];
    for (let i = 0; i < 101; i++) outcomes.push(await store.consume(signInRules(`${unique()}@x.test`, ip, 5), POLICY, 7_000_000));
    expect(outcomes.slice(0, 100).every((w) => w === 0)).toBe(true);
    expect(outcomes[100]).toBeGreaterThan(0);
  });
});
