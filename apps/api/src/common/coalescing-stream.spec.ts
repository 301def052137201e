import { describe, expect, it, jest } from '@jest/globals';
import { CoalescingStream, StreamFailure, unwrapStreamValue } from './coalescing-stream.js';

function counterStream(opts: { loadAtStart?: boolean; minIntervalMs?: number; fail?: () => boolean } = {}) {
  let loads = 0;
  const loadedAt: number[] = [];
  const onClose = jest.fn();
  const stream = new CoalescingStream<number>({
    loadAtStart: opts.loadAtStart ?? false,
    minIntervalMs: opts.minIntervalMs ?? 0,
    onClose,
    load: async () => {
      loads++;
      loadedAt.push(Date.now());
      if (opts.fail?.()) throw new Error('gone');
      return [loads];
    },
  });
  return { stream, onClose, loads: () => loads, loadedAt };
}

describe('CoalescingStream', () => {
  it('starts with a snapshot when asked to, then waits for a wake', async () => {
    const { stream, loads } = counterStream({ loadAtStart: true });
    expect(await stream.next()).toEqual({ value: 1, done: false });
    let settled = false;
    const pending = stream.next().then((r) => ((settled = true), r));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    stream.wake();
    expect(await pending).toEqual({ value: 2, done: false });
    expect(loads()).toBe(2);
  });

  it('folds wakes that arrive before the next read into one reload', async () => {
    const { stream, loads } = counterStream();
    stream.wake();
    stream.wake();
    stream.wake();
    expect(await stream.next()).toEqual({ value: 1, done: false });
    expect(loads()).toBe(1);
  });

  it('leaves at least minIntervalMs between two reloads', async () => {
    const { stream, loadedAt } = counterStream({ loadAtStart: true, minIntervalMs: 150 });
    await stream.next();
    stream.wake();
    await stream.next();
    // Measured between the loads themselves (a busy machine may take a while to hand the first
    // value over); a timer may fire up to 1 ms early by Date.now().
    expect(loadedAt).toHaveLength(2);
    expect(loadedAt[1]! - loadedAt[0]!).toBeGreaterThanOrEqual(149);
  });

  it('ends a read that is waiting when the consumer unsubscribes, and stops listening once', async () => {
    const { stream, onClose, loads } = counterStream();
    const pending = stream.next();
    await stream.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    stream.wake();
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(loads()).toBe(0);
  });

  it('hands out a failed reload as its last value, then completes', async () => {
    const { stream, onClose } = counterStream({ loadAtStart: true, fail: () => true });
    const first = await stream.next();
    expect(first.value).toBeInstanceOf(StreamFailure);
    expect(() => unwrapStreamValue(first.value)).toThrow('gone');
    expect(onClose).toHaveBeenCalledTimes(1);
    stream.wake();
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });
});
