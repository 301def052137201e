// Object storage (S3) cannot be reached: the request may succeed in a moment, so clients get 503
// SERVICE_UNAVAILABLE with Retry-After, worded as storage (never as the database, whose system error
// codes such as ECONNRESET are the same).
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
  let current: unknown = error;
  for (let i = 0; i < 4 && current; i++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && NETWORK_MESSAGES.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}

/** True when `error` (or what it wraps) is a StorageUnavailableError. */
export function isStorageUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let i = 0; i < 6 && current; i++) {
    if (current instanceof StorageUnavailableError) return true;
    const e = current as { originalError?: unknown; cause?: unknown };
    current = e.originalError ?? e.cause;
  }
  return false;
}
