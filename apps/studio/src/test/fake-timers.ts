import { jest } from '@jest/globals';

type FakeableAPI = NonNullable<Extract<Parameters<typeof jest.useFakeTimers>[0], { doNotFake?: unknown }>['doNotFake']>[number];

const FAKEABLE: FakeableAPI[] = [
  'Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame',
  'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout',
];

/**
 * Fakes just `apis` (Jest fakes everything not listed in `doNotFake`), e.g. only `Date` pinned at
 * `now` so "this month" never depends on today. `jest.useRealTimers()` undoes it.
 */
export function useFakeTimersFor(apis: FakeableAPI[], options: { now?: Date; advanceTimers?: boolean } = {}): void {
  jest.useFakeTimers({ doNotFake: FAKEABLE.filter((api) => !apis.includes(api)), ...options });
}
