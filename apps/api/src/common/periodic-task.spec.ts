import { describe, expect, it, jest } from '@jest/globals';
import type { Logger } from '@nestjs/common';
import { runEvery, SingleFlight } from './periodic-task.js';

describe('SingleFlight', () => {
  it('answers a call made during a run with that run, and starts a new run after it', async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    let finish!: () => void;
    const work = () => new Promise<number>((resolve) => (finish = () => resolve(++runs)));
    const first = flight.run(work);
    const second = flight.run(work);
    finish();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    const third = flight.run(work);
    finish();
    expect(await third).toBe(2);
  });
});

describe('runEvery', () => {
  it('runs the task on every tick and logs a failure without stopping', async () => {
    jest.useFakeTimers();
    try {
      const warn = jest.fn();
      let calls = 0;
      const timer = runEvery(1000, async () => {
        if (++calls === 1) throw new Error('storage down');
      }, { warn } as unknown as Logger, 'Sweeping');
      await jest.advanceTimersByTimeAsync(2000);
      clearInterval(timer);
      expect(calls).toBe(2);
      expect(warn).toHaveBeenCalledWith('Sweeping failed: storage down');
    } finally {
      jest.useRealTimers();
    }
  });
});
