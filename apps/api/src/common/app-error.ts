import { HttpException } from '@nestjs/common';
import { apiMessage, type ApiMessageKey, type MessageParams } from '@atelier/messages';

// Every error a client can see. Services throw AppError (or a module's subclass) with one of these
// codes; format-graphql-error.ts is the one place that turns them into GraphQL errors.
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'REVISION_CONFLICT',
  'INVALID_STATE_TRANSITION',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'QUOTA_EXCEEDED',
  'PREVIEWS_MISSING',
  'PREVIEW_NOT_USABLE',
  'IDENTITY_LORA_MISSING',
  'REFUND_EXCEEDS_REMAINING',
  'STATEMENT_NOT_CLOSED',
  'NOTHING_TO_PAY',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface InputIssue {
  path: string;
  /** The English sentence (clients that do not translate show it). */
  message: string;
  /** The stable reason (a key of @atelier/messages) and its parameters, for clients that translate. */
  reason?: ApiMessageKey;
  params?: MessageParams;
}

const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  REVISION_CONFLICT: 409,
  INVALID_STATE_TRANSITION: 409,
  RATE_LIMITED: 429,
  QUERY_TOO_COMPLEX: 400,
  // Too much of one person's work already waiting (e.g. queued preview renders); wait or cancel some.
  QUOTA_EXCEEDED: 429,
  PREVIEWS_MISSING: 409,
  PREVIEW_NOT_USABLE: 409,
  // A preview face asked for by name has no identity LoRA for the template's base model.
  IDENTITY_LORA_MISSING: 409,
  REFUND_EXCEEDS_REMAINING: 409,
  STATEMENT_NOT_CLOSED: 409,
  NOTHING_TO_PAY: 409,
  INTERNAL: 500,
};

// An HttpException, so Nest treats it as an expected outcome (no error log) and REST routes get
// the right status; GraphQL responses are shaped by format-graphql-error.ts.
export class AppError extends HttpException {
  constructor(
    readonly code: ErrorCode,
    // What a designer reads.
    readonly userMessage: string,
    // Extra machine-readable facts, copied into `extensions` (e.g. currentRevision, issues).
    readonly details: Record<string, unknown> = {},
    // What a developer reads in the logs; never sent to clients.
    devMessage?: string,
  ) {
    super({ code, message: userMessage, ...details }, HTTP_STATUS[code], { description: devMessage ?? userMessage });
    this.name = 'AppError';
  }
}

export function badInput(message: string, issues: InputIssue[] = []): AppError {
  return new AppError('BAD_USER_INPUT', message, { issues });
}

/**
 * An error whose sentence comes from @atelier/messages: `message` is the English, and
 * `extensions.reason` / `extensions.params` let the studio say it in the person's language.
 */
export function reasonError(code: ErrorCode, reason: ApiMessageKey, params: MessageParams = {}, details: Record<string, unknown> = {}): AppError {
  return new AppError(code, apiMessage(reason, params), { ...details, reason, params });
}

/** One invalid field, worded by @atelier/messages. */
export function inputIssue(path: string, reason: ApiMessageKey, params: MessageParams = {}): InputIssue {
  return { path, message: apiMessage(reason, params), reason, params };
}

/** BAD_USER_INPUT for these issues; the message is the first issue's (the rest are counted). */
export function badInputIssues(issues: InputIssue[]): AppError {
  const first = issues[0];
  if (!first) return badInput('The request is not valid.');
  const more = issues.length - 1;
  return new AppError('BAD_USER_INPUT', more ? `${first.message} (and ${more} more)` : first.message, { issues, ...(first.reason ? { reason: first.reason, params: first.params ?? {} } : {}) });
}

export function notFound(what: string, id?: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found.`, id ? { id } : {});
}

export function forbidden(message = 'You do not have access to this.'): AppError {
  return new AppError('FORBIDDEN', message);
}

export function unauthenticated(message = 'Please sign in.'): AppError {
  return new AppError('UNAUTHENTICATED', message);
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

// Ids arrive as free strings from GraphQL; a malformed one is simply not found (never a 500).
export function requireUuid(value: string, what: string): string {
  if (!isUuid(value)) throw notFound(what, value);
  return value.toLowerCase();
}
