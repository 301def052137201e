import { errorChain } from './error-chain.js';
import { isStorageUnavailable } from './storage-unavailable.js';

// PostgreSQL cannot be reached or is restarting: the request may succeed in a moment, so clients
// get 503 SERVICE_UNAVAILABLE with Retry-After, never INTERNAL.
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// SQLSTATEs of a server going away or not there yet: connection exceptions (08xxx), operator
// intervention (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now), and a
// database closed to connections for maintenance (55000 with ALLOW_CONNECTIONS false).
const UNAVAILABLE_SQLSTATES = /^(08\d{3}|57P0[123])$/;
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|is not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)|Client has encountered a connection error|connect ECONNREFUSED|Connection terminated unexpectedly/i;
const UNAVAILABLE_SYSTEM_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

/** True when `error` (or what it wraps) says the database is unreachable rather than that the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Storage's network errors carry the same system codes (ECONNRESET, ...): they are not the database's.
  if (isStorageUnavailable(error)) return false;
  for (const e of errorChain(error)) {
    if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.test(e.code) || UNAVAILABLE_SYSTEM_CODES.has(e.code))) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}
