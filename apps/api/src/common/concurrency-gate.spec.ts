import { describe, expect, it } from '@jest/globals';
import { ConcurrencyGate } from './concurrency-gate.js';

describe('ConcurrencyGate', () => {
  it('runs at most its limit at once, the rest in order of arrival, and frees the slot of a failed call', async () => {
    const gate = new ConcurrencyGate(2);
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const calls = [0, 1, 2, 3].map((i) =>
      gate.run(async () => {
        started.push(i);
        await new Promise<void>((resolve) => releases.push(resolve));
        if (i === 1) throw new Error('boom');
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(gate.load).toEqual({ running: 2, waiting: 2 });
    releases[1]!();
    await expect(calls[1]).rejects.toThrow('boom');
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    releases[0]!();
    releases[2]!();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2, 3]);
    releases[3]!();
    expect(await Promise.all([calls[0], calls[2], calls[3]])).toEqual([0, 2, 3]);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });
});
