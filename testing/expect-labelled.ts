// `expectLabelled(value, 'joint 4 x').toBeCloseTo(…)`: expect() whose failure names what was checked,
// for assertions in loops where the line number alone does not say which item failed.
import { expect } from '@jest/globals';

type Subject<T> = ReturnType<typeof expect<T>>;
type AnyMatchers = Record<string | symbol, unknown>;

export function expectLabelled<T>(value: T, label: string): Subject<T> {
  const labelMatchers = (matchers: AnyMatchers): AnyMatchers =>
    new Proxy(matchers, {
      get: (target, name) => {
        const member = target[name];
        if (name === 'not' && typeof member === 'object' && member) return labelMatchers(member as AnyMatchers);
        if (typeof member !== 'function') return member;
        return (...args: unknown[]) => {
          try {
            return (member as (...a: unknown[]) => unknown)(...args);
          } catch (error) {
            if (error instanceof Error) {
              const original = error.message;
              error.message = `${label}\n\n${original}`;
              if (error.stack) error.stack = error.stack.replace(original, error.message);
            }
            throw error;
          }
        };
      },
    });
  return labelMatchers(expect(value) as unknown as AnyMatchers) as unknown as Subject<T>;
}
