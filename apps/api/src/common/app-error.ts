import { HttpException } from '@nestjs/common';
import { apiMessage, isApiMessageKey, type ApiMessageKey, type MessageParams } from '@atelier/messages';

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
  'LIKENESS_OUT_OF_RANGE',
  'UNKNOWN_SLOT_VALUE',
  'IDENTITY_KIND_MISMATCH',
  'REFUND_EXCEEDS_REMAINING',
  'STATEMENT_NOT_CLOSED',
  'NOTHING_TO_PAY',
  'SERVICE_UNAVAILABLE',
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
  // createRender: a likeness outside the version's range, a prompt slot or value the version does not
  // take, an identity of the wrong kind for the template (a LoRA for an InstantID template, or a photo).
  LIKENESS_OUT_OF_RANGE: 400,
  UNKNOWN_SLOT_VALUE: 400,
  IDENTITY_KIND_MISMATCH: 400,
  REFUND_EXCEEDS_REMAINING: 409,
  STATEMENT_NOT_CLOSED: 409,
  NOTHING_TO_PAY: 409,
  // PostgreSQL (or another dependency) cannot be reached right now; Retry-After says when to try again.
  SERVICE_UNAVAILABLE: 503,
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
  if (!first) return reasonError('BAD_USER_INPUT', 'common.invalidRequest', {}, { issues: [] });
  const more = issues.length - 1;
  return new AppError('BAD_USER_INPUT', more ? `${first.message} (and ${more} more)` : first.message, { issues, ...(first.reason ? { reason: first.reason, params: first.params ?? {} } : {}) });
}

// What `notFound` and `requireUuid` may name, each with its own sentence ("Template not found.").
const NOT_FOUND_REASONS = {
  Template: 'common.notFound.template',
  'Template version': 'common.notFound.templateVersion',
  Preview: 'common.notFound.preview',
  'Preview batch': 'common.notFound.previewBatch',
  'Preview job': 'common.notFound.previewJob',
  'Preview subject': 'common.notFound.previewSubject',
  User: 'common.notFound.user',
  Designer: 'common.notFound.designer',
  LoRA: 'common.notFound.lora',
  'LoRA file': 'common.notFound.loraFile',
  'Identity LoRA': 'common.notFound.identityLora',
  'Thumbnail image': 'common.notFound.thumbnailImage',
  'Consent document': 'common.notFound.consentDocument',
  'Face photo': 'common.notFound.facePhoto',
  Asset: 'common.notFound.asset',
  Statement: 'common.notFound.statement',
  'API key': 'common.notFound.apiKey',
  'Worker token': 'common.notFound.workerToken',
  Category: 'common.notFound.category',
  Render: 'common.notFound.render',
} as const satisfies Record<string, ApiMessageKey>;

/** A thing `notFound` can name; a new one needs its sentence in @atelier/messages first. */
export type NotFoundSubject = keyof typeof NOT_FOUND_REASONS;

/** NOT_FOUND for `what` ("Template not found."), with its reason; `id` goes into the extensions. */
export function notFound(what: NotFoundSubject, id?: string): AppError {
  return reasonError('NOT_FOUND', NOT_FOUND_REASONS[what], {}, id ? { id } : {});
}

/** FORBIDDEN, by default "You do not have access to this.". */
export function forbidden(reason?: ApiMessageKey, params?: MessageParams): AppError;
/** @deprecated Give a reason from @atelier/messages, so the studio can say it in the person's language. */
export function forbidden(message: string): AppError;
export function forbidden(reasonOrMessage: string = 'common.forbidden', params: MessageParams = {}): AppError {
  return isApiMessageKey(reasonOrMessage) ? reasonError('FORBIDDEN', reasonOrMessage, params) : new AppError('FORBIDDEN', reasonOrMessage);
}

/** UNAUTHENTICATED, by default "Please sign in.". */
export function unauthenticated(reason?: ApiMessageKey, params?: MessageParams): AppError;
/** @deprecated Give a reason from @atelier/messages, so the studio can say it in the person's language. */
export function unauthenticated(message: string): AppError;
export function unauthenticated(reasonOrMessage: string = 'common.unauthenticated', params: MessageParams = {}): AppError {
  return isApiMessageKey(reasonOrMessage) ? reasonError('UNAUTHENTICATED', reasonOrMessage, params) : new AppError('UNAUTHENTICATED', reasonOrMessage);
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

// Ids arrive as free strings from GraphQL; a malformed one is simply not found (never a 500).
export function requireUuid(value: string, what: NotFoundSubject): string {
  if (!isUuid(value)) throw notFound(what, value);
  return value.toLowerCase();
}
