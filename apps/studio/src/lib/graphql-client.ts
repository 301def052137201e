import type { GqlDocument } from './query-client';
import { CSRF_HEADER, endSession, readSessionCsrfToken } from './studio-session';

export const GRAPHQL_ENDPOINT = '/graphql';

/** Codes the API puts in `extensions.code`, plus NETWORK_ERROR for failures before a response. */
export type GraphQLErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'REVISION_CONFLICT'
  | 'INVALID_STATE_TRANSITION'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'PREVIEWS_MISSING'
  | 'PREVIEW_NOT_USABLE'
  | 'IDENTITY_LORA_MISSING'
  | 'LIKENESS_OUT_OF_RANGE'
  | 'UNKNOWN_SLOT_VALUE'
  | 'IDENTITY_KIND_MISMATCH'
  | 'REFUND_EXCEEDS_REMAINING'
  | 'STATEMENT_NOT_CLOSED'
  | 'NOTHING_TO_PAY'
  | 'QUOTA_EXCEEDED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL'
  | 'NETWORK_ERROR';

/** One invalid field reported with BAD_USER_INPUT; `path` is normalised to segments. */
export interface GraphQLInputIssue {
  path: Array<string | number>;
  /** The API's English sentence. */
  message: string;
  /** The stable reason (a key of @atelier/messages) and its parameters, when the API gave one. */
  reason?: string;
  params?: Record<string, string | number>;
}

interface GraphQLErrorBody {
  message?: unknown;
  extensions?: { code?: unknown; issues?: unknown; [key: string]: unknown };
}

interface GraphQLResponseBody<TData> {
  data?: TData | null;
  errors?: GraphQLErrorBody[];
}

const KNOWN_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'REVISION_CONFLICT',
  'INVALID_STATE_TRANSITION',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'PREVIEWS_MISSING',
  'PREVIEW_NOT_USABLE',
  'IDENTITY_LORA_MISSING',
  'LIKENESS_OUT_OF_RANGE',
  'UNKNOWN_SLOT_VALUE',
  'IDENTITY_KIND_MISMATCH',
  'REFUND_EXCEEDS_REMAINING',
  'STATEMENT_NOT_CLOSED',
  'NOTHING_TO_PAY',
  'QUOTA_EXCEEDED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
  'NETWORK_ERROR',
]);

export class GraphQLRequestError extends Error {
  readonly code: GraphQLErrorCode;
  readonly issues: GraphQLInputIssue[];
  /** The error's other `extensions` (e.g. currentRevision with REVISION_CONFLICT). */
  readonly details: Record<string, unknown>;
  /** The stable reason of the sentence (a key of @atelier/messages) and its parameters, when the API gave one. */
  readonly reason: string | undefined;
  readonly params: Record<string, string | number>;

  constructor(code: GraphQLErrorCode, message: string, issues: GraphQLInputIssue[] = [], details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'GraphQLRequestError';
    this.code = code;
    this.issues = issues;
    const { reason, params, ...rest } = details;
    this.details = rest;
    this.reason = typeof reason === 'string' ? reason : undefined;
    this.params = normaliseParams(params);
  }
}

/** Type guard usable in catch blocks: `if (isGraphQLRequestError(e, 'BAD_USER_INPUT'))`. */
export function isGraphQLRequestError(error: unknown, code?: GraphQLErrorCode): error is GraphQLRequestError {
  return error instanceof GraphQLRequestError && (code === undefined || error.code === code);
}

function normaliseIssuePath(path: unknown): Array<string | number> {
  if (Array.isArray(path)) return path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  if (typeof path === 'string') return path.split('.').filter(Boolean);
  return [];
}

function normaliseParams(params: unknown): Record<string, string | number> {
  if (typeof params !== 'object' || params === null) return {};
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string | number] => typeof entry[1] === 'string' || typeof entry[1] === 'number'));
}

function normaliseIssues(issues: unknown): GraphQLInputIssue[] {
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue): GraphQLInputIssue[] => {
    if (typeof issue !== 'object' || issue === null) return [];
    const { path, message, reason, params } = issue as { path?: unknown; message?: unknown; reason?: unknown; params?: unknown };
    return [{ path: normaliseIssuePath(path), message: typeof message === 'string' ? message : 'Invalid value', ...(typeof reason === 'string' ? { reason, params: normaliseParams(params) } : {}) }];
  });
}

/** Turns the first entry of a GraphQL `errors` array into a GraphQLRequestError. */
export function toGraphQLRequestError(errorBody: GraphQLErrorBody): GraphQLRequestError {
  const rawCode = errorBody.extensions?.code;
  // Unknown codes (e.g. Apollo's own GRAPHQL_VALIDATION_FAILED) are bugs on our side, not the designer's.
  const code: GraphQLErrorCode =
    typeof rawCode === 'string' && KNOWN_CODES.has(rawCode) ? (rawCode as GraphQLErrorCode) : 'INTERNAL';
  const message = typeof errorBody.message === 'string' && errorBody.message ? errorBody.message : 'Request failed';
  const { code: _code, issues, ...details } = (errorBody.extensions ?? {}) as Record<string, unknown>;
  return new GraphQLRequestError(code, message, normaliseIssues(issues), details);
}

export interface GqlRequestOptions {
  signal?: AbortSignal;
}

/**
 * POSTs `{query, variables}` to /graphql (the session cookie goes along, with its CSRF token in a
 * header) and returns `data`. Throws GraphQLRequestError for GraphQL errors, bad responses and network
 * failures; on UNAUTHENTICATED it also ends the session (if it is still the one sent), which sends the
 * app back to the login page with the API's message. A generated document alone types the data and the
 * variables (variables that do not fit it are an error, not a new type); a plain string takes any.
 */
export async function gqlRequest<TData = unknown, TVariables extends object = Record<string, unknown>>(
  query: GqlDocument<TData, TVariables>,
  variables?: NoInfer<TVariables>,
  options: GqlRequestOptions = {},
): Promise<TData> {
  // x-atelier-session: the API answers sign-ins with cookies, never with the token.
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json', 'x-atelier-session': 'cookie' };
  const csrfToken = readSessionCsrfToken();
  if (csrfToken) headers[CSRF_HEADER] = csrfToken;

  let response: Response;
  try {
    response = await fetch(GRAPHQL_ENDPOINT, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: JSON.stringify({ query: String(query), variables: variables ?? {} }),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new GraphQLRequestError('NETWORK_ERROR', 'Could not reach the Atelier server. Check your connection and try again.');
  }

  let body: GraphQLResponseBody<TData> | undefined;
  try {
    body = (await response.json()) as GraphQLResponseBody<TData>;
  } catch {
    body = undefined;
  }

  const firstError = body?.errors?.[0];
  if (firstError) {
    const error = toGraphQLRequestError(firstError);
    // Only the session this request carried is known to be dead: one started meanwhile (a new sign-in,
    // signOutEverywhere's fresh one) stays. The refusal itself cleared the cookies, hence null too.
    // The API's reason (and English) tells the sign-in page why.
    const current = readSessionCsrfToken();
    if (error.code === 'UNAUTHENTICATED' && csrfToken !== null && (current === csrfToken || current === null)) endSession({ message: error.message, ...(error.reason ? { reason: error.reason, params: error.params } : {}) });
    throw error;
  }
  if (!response.ok || body?.data == null) {
    throw new GraphQLRequestError('INTERNAL', `The server returned an unexpected response (HTTP ${response.status}).`);
  }
  return body.data;
}
