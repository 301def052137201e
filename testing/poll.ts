// Waiting for something that happens asynchronously (a worker's report, a browser's DOM, a row the
// API writes) without sleeping a fixed time. Real timers are captured here, so a test that fakes
// timers still waits in real time.
import { expect } from '@jest/globals';

const realSetTimeout = globalThis.setTimeout;
const realNow = Date.now;

export interface PollOptions {
  /** How long to keep trying, in ms (1,000 unless said). */
  timeout?: number;
  /** The pause between tries, in ms. */
  interval?: number;
}

/** Runs `assertion` until it stops throwing, and returns its result; after `timeout` ms its last error is thrown. */
export async function waitFor<T>(assertion: () => T | Promise<T>, { timeout = 1_000, interval = 50 }: PollOptions = {}): Promise<T> {
  const deadline = realNow() + timeout;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (realNow() >= deadline) throw error;
      await new Promise((resolve) => realSetTimeout(resolve, interval));
    }
  }
}

type Subject<T> = ReturnType<typeof expect<T>>;
type AsyncMatchers<M> = { [K in Exclude<keyof M, 'not' | 'resolves' | 'rejects'>]: M[K] extends (...args: infer A) => unknown ? (...args: A) => Promise<void> : never };
export type PollMatchers<T> = AsyncMatchers<Subject<T>> & { not: AsyncMatchers<Subject<T>['not']> };

type AnyMatchers = Record<string, (...args: unknown[]) => unknown> & { not: Record<string, (...args: unknown[]) => unknown> };

/**
 * `await expectPoll(() => read(), { timeout }).toBe(x)`: reads again until the matcher passes; after
 * `timeout` ms the matcher's last failure is thrown.
 */
export function expectPoll<T>(read: () => T | Promise<T>, options?: PollOptions): PollMatchers<T> {
  const matchers = (negate: boolean): object =>
    new Proxy(
      {},
      {
        get: (_target, name) => {
          if (name === 'not' && !negate) return matchers(true);
          if (typeof name !== 'string') return undefined;
          return (...args: unknown[]) =>
            waitFor(async () => {
              const subject = expect(await read()) as unknown as AnyMatchers;
              const matcher = negate ? subject.not[name] : subject[name];
              if (typeof matcher !== 'function') throw new TypeError(`expectPoll: no matcher "${name}"`);
              matcher(...args);
            }, options);
        },
      },
    );
  return matchers(false) as PollMatchers<T>;
}
