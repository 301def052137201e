import { randomUUID } from 'node:crypto';
import { HttpException, Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { apiMessage, type ApiMessageKey, type MessageParams } from '@atelier/messages';
import { AppError, type ErrorCode } from './app-error.js';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable.js';
import { isStorageUnavailable, STORAGE_RETRY_AFTER_SECONDS } from './storage-unavailable.js';
import { currentRequestId } from './request-id.js';

const logger = new Logger('GraphQLError');

const APOLLO_INPUT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);
// The automatic persisted query protocol: clients re-send the query text when they read this code.
const APQ_PROTOCOL_CODES = new Set(['PERSISTED_QUERY_NOT_FOUND']);

function httpStatusToCode(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'BAD_USER_INPUT';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 429:
      return 'RATE_LIMITED';
    default:
      return 'INTERNAL';
  }
}

function findAppError(error: unknown): AppError | undefined {
  let current: unknown = error;
  for (let i = 0; i < 5 && current; i++) {
    if (current instanceof AppError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

// True when every error in the chain is a GraphQLError (no exception of ours or a library's inside).
function isGraphQLJsError(error: unknown): boolean {
  let current: unknown = error;
  for (let i = 0; i < 5 && current; i++) {
    if (!(current instanceof GraphQLError)) return false;
    current = current.originalError;
  }
  return error instanceof GraphQLError;
}

// A sentence of @atelier/messages: the English as `message`, its reason and params beside the code.
function worded(code: ErrorCode, reason: ApiMessageKey, params: MessageParams = {}, extensions: Record<string, unknown> = {}): Pick<GraphQLFormattedError, 'message' | 'extensions'> {
  return { message: apiMessage(reason, params), extensions: { ...extensions, code, reason, params } };
}

// The one mapping from anything thrown to what a client sees: every error carries extensions.code,
// known errors carry a designer-readable message, unknown ones are logged with a reference id and
// surface as INTERNAL without internals.
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const base = { locations: formatted.locations, path: formatted.path };
  const appError = findAppError(error);
  if (appError) {
    return { ...base, message: appError.userMessage, extensions: { ...appError.details, code: appError.code } };
  }
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof HttpException) {
    const code = httpStatusToCode(original.getStatus());
    if (code !== 'INTERNAL') return { ...base, message: original.message, extensions: { code } };
  }
  const apolloCode = formatted.extensions?.code;
  const depth = /exceeds maximum operation depth of (\d+)/.exec(formatted.message);
  if (depth) {
    const maxDepth = Number(depth[1]);
    return { ...base, ...worded('QUERY_TOO_COMPLEX', 'common.queryTooDeep', { maxDepth }, { maxDepth }) };
  }
  if (typeof apolloCode === 'string' && APQ_PROTOCOL_CODES.has(apolloCode)) {
    return { ...base, message: formatted.message, extensions: { code: apolloCode } };
  }
  if (typeof apolloCode === 'string' && APOLLO_INPUT_CODES.has(apolloCode)) {
    return { ...base, message: formatted.message, extensions: { code: 'BAD_USER_INPUT', issues: [] } };
  }
  if (isGraphQLJsError(error)) {
    // Raised by graphql-js itself: variable coercion ("Int cannot represent..."), enum values, missing
    // required fields. These describe the request, never our internals.
    return { ...base, message: formatted.message, extensions: { code: 'BAD_USER_INPUT', issues: [] } };
  }
  const pgCode = (original as { driverError?: { code?: unknown } } | undefined)?.driverError?.code;
  if (pgCode === '23505') {
    // A concurrent request created the same thing first (the service checked, then lost the race).
    return { ...base, ...worded('BAD_USER_INPUT', 'common.duplicateName', {}, { issues: [] }) };
  }
  if (pgCode === '22021' || pgCode === '22P05') {
    // PostgreSQL refuses NUL characters in text and jsonb: the request's text, not our failure.
    return { ...base, ...worded('BAD_USER_INPUT', 'common.nulCharacter', {}, { issues: [] }) };
  }
  if (isStorageUnavailable(original)) {
    logger.warn(`storage unavailable: ${original instanceof Error ? original.message : String(original)}`);
    return { ...base, ...worded('SERVICE_UNAVAILABLE', 'common.storageUnavailable', { seconds: STORAGE_RETRY_AFTER_SECONDS }, { retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS }) };
  }
  if (isDatabaseUnavailable(original)) {
    logger.warn(`database unavailable: ${original instanceof Error ? original.message : String(original)}`);
    return { ...base, ...worded('SERVICE_UNAVAILABLE', 'common.serviceUnavailable', { seconds: DATABASE_RETRY_AFTER_SECONDS }, { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS }) };
  }
  // The request's own id (returned in x-request-id and on every log line of the request).
  const reference = currentRequestId() ?? randomUUID();
  logger.error(`[${reference}] ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
  return { ...base, ...worded('INTERNAL', 'common.internal', { reference }, { reference }) };
}
