// Object storage (S3) cannot be reached: the request may succeed in a moment, so clients get 503
// SERVICE_UNAVAILABLE with Retry-After, worded as storage (never as the database, whose system error
// codes such as ECONNRESET are the same).
import { errorChain } from './error-chain.js';

export const STORAGE_RETRY_AFTER_SECONDS = 5;

const NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNABORTED', 'EAI_AGAIN']);
const NETWORK_MESSAGES = /socket hang up|Storage did not answer for/i;

/** A storage request failed on the network, twice: storage is unreachable, not the request wrong. */
export class StorageUnavailableError extends Error {
  constructor(readonly cause: unknown) {
    super(`object storage unreachable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StorageUnavailableError';
  }
}

/** True when `error` failed on the way to storage (a reset, refused or timed-out connection), not in it. */
export function isStorageNetworkError(error: unknown): boolean {
  for (const e of errorChain(error)) {
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && NETWORK_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/** True when `error` (or what it wraps) is a StorageUnavailableError. */
export function isStorageUnavailable(error: unknown): boolean {
  for (const e of errorChain(error)) if (e instanceof StorageUnavailableError) return true;
  return false;
}
