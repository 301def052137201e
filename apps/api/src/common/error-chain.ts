/**
 * An error and what it wraps, outermost first: TypeORM's `driverError`, GraphQL's `originalError`,
 * the standard `cause` (at most six levels, so a cycle cannot loop).
 */
export function* errorChain(error: unknown): Generator<{ code?: unknown; message?: unknown }> {
  let current: unknown = error;
  for (let i = 0; i < 6 && current; i++) {
    yield current as { code?: unknown; message?: unknown };
    const e = current as { driverError?: unknown; originalError?: unknown; cause?: unknown };
    current = e.driverError ?? e.originalError ?? e.cause;
  }
}
