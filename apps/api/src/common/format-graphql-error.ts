import { randomUUID } from 'node:crypto';
import { HttpException, Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError, type ErrorCode } from './app-error.js';

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
  if (/exceeds maximum operation depth/.test(formatted.message)) {
    return { ...base, message: `This query is nested too deeply. ${formatted.message}`, extensions: { code: 'QUERY_TOO_COMPLEX' } };
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
    return { ...base, message: 'Something with the same name or email was just created. Please choose another.', extensions: { code: 'BAD_USER_INPUT', issues: [] } };
  }
  if (pgCode === '22021' || pgCode === '22P05') {
    // PostgreSQL refuses NUL characters in text and jsonb: the request's text, not our failure.
    return { ...base, message: 'Text cannot contain NUL characters (\\u0000). Remove them and try again.', extensions: { code: 'BAD_USER_INPUT', issues: [] } };
  }
  const reference = randomUUID();
  logger.error(`[${reference}] ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
  return { ...base, message: `Something went wrong on our side. Please try again; if it keeps happening, quote reference ${reference}.`, extensions: { code: 'INTERNAL', reference } };
}
