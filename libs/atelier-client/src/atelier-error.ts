// One error type for everything the client refuses or the API answers with an error, so an app can
// switch on `code` (the GraphQL `extensions.code`, e.g. NOT_FOUND, LIKENESS_OUT_OF_RANGE,
// RATE_LIMITED) and show `issues` next to the fields they name.

/** One problem with one input field, as the API lists them for BAD_USER_INPUT and similar codes. */
export interface AtelierIssue {
  path: string;
  message: string;
  reason?: string;
  [extra: string]: unknown;
}

/**
 * Codes the API answers with (GraphQL extensions.code), plus the client's own:
 * HTTP_ERROR (an answer that is not GraphQL), NETWORK_ERROR (no answer), UPLOAD_FAILED (storage refused
 * the file), UPLOAD_REJECTED (the API's checks refused it: message says why), RENDER_TIMEOUT (waitForRender gave up) and ABORTED (the caller's signal).
 */
export type AtelierErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'QUOTA_EXCEEDED'
  | 'INVALID_STATE_TRANSITION'
  | 'LIKENESS_OUT_OF_RANGE'
  | 'UNKNOWN_SLOT_VALUE'
  | 'IDENTITY_KIND_MISMATCH'
  | 'INTERNAL'
  | 'HTTP_ERROR'
  | 'NETWORK_ERROR'
  | 'UPLOAD_FAILED'
  | 'UPLOAD_REJECTED'
  | 'RENDER_TIMEOUT'
  | 'ABORTED'
  | (string & {});

export class AtelierError extends Error {
  override readonly name = 'AtelierError';
  readonly code: AtelierErrorCode;
  /** Field problems (empty when the API listed none). */
  readonly issues: AtelierIssue[];
  /** Every extension the API sent (code, issues and facts such as min/max or retryAfterSeconds). */
  readonly extensions: Readonly<Record<string, unknown>>;
  /** The HTTP status of the answer; null when none came. */
  readonly status: number | null;

  constructor(code: AtelierErrorCode, message: string, options: { issues?: AtelierIssue[]; extensions?: Record<string, unknown>; status?: number | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
    this.extensions = options.extensions ?? { code };
    this.status = options.status ?? null;
  }
}

/** A GraphQL error object (`errors[n]` of an answer) -> an AtelierError with its code and issues. */
export function toAtelierError(error: { message?: unknown; extensions?: Record<string, unknown> | null }, status: number | null = null): AtelierError {
  const extensions = error.extensions ?? {};
  const code = typeof extensions['code'] === 'string' ? extensions['code'] : 'INTERNAL';
  const issues = Array.isArray(extensions['issues']) ? (extensions['issues'] as AtelierIssue[]) : [];
  const message = typeof error.message === 'string' && error.message ? error.message : code;
  return new AtelierError(code, message, { issues, extensions, status });
}

export function isAtelierError(value: unknown): value is AtelierError {
  return value instanceof AtelierError;
}
