import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { Kind, type DocumentNode } from 'graphql';
import Negotiator from 'negotiator';
import { searchParamsOf } from '../../common/bare-http.js';

// What a GraphQL request over HTTP names: the JSON body of a POST, the search parameters of a GET.
// `hash` is the automatic persisted query's sha256Hash, which stands in for `query` when that is
// left out.
export interface OperationParts {
  query: string | undefined;
  hash: string | undefined;
  operationName: string | null;
  variables: Record<string, unknown> | null;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function parseJsonParam(value: unknown): { ok: boolean; value: unknown } {
  if (value === undefined) return { ok: true, value: undefined };
  if (typeof value !== 'string') return { ok: false, value: undefined };
  try {
    return { ok: true, value: JSON.parse(value) as unknown };
  } catch {
    return { ok: false, value: undefined };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// A POST body or GET search parameters -> the operation they name; null when malformed (Apollo
// answers that with the right error).
export function operationPartsOf(req: Request): OperationParts | null {
  let source: { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown };
  if (req.method === 'POST') {
    source = (req.body ?? {}) as typeof source;
  } else {
    const params = searchParamsOf(req);
    const variables = parseJsonParam(params['variables']);
    const extensions = parseJsonParam(params['extensions']);
    if (!variables.ok || !extensions.ok) return null;
    source = { query: params['query'], operationName: params['operationName'], variables: variables.value, extensions: extensions.value };
  }
  const { query, operationName, variables, extensions } = source;
  if ((query !== undefined && typeof query !== 'string') || (operationName != null && typeof operationName !== 'string')) return null;
  if (variables != null && !isRecord(variables)) return null;
  if (extensions != null && !isRecord(extensions)) return null;
  const persisted = extensions?.['persistedQuery'];
  if (persisted !== undefined && (!isRecord(persisted) || persisted['version'] !== 1 || typeof persisted['sha256Hash'] !== 'string')) return null;
  return { query, hash: persisted?.['sha256Hash'] as string | undefined, operationName: operationName ?? null, variables: variables ?? null };
}

// True for a query whose every root field is the public catalog: its answer is the same for every
// consumer app and changes only when something is published, unpublished or rolled back.
export function isCatalogOnlyQuery(document: DocumentNode, operationName: string | null): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'query' || document.definitions.some((d) => d.kind !== Kind.OPERATION_DEFINITION)) return false;
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && (s.name.value === 'catalog' || s.name.value === 'catalogVersion') && !s.directives?.length);
}

// Apollo's MEDIA_TYPES for a single result, in its order of preference.
const JSON_TYPES = ['application/json; charset=utf-8', 'application/graphql-response+json; charset=utf-8', 'application/json; callbackSpec=1.0; charset=utf-8'];

// The content type Apollo would answer this request with (its chooseContentTypeForSingleResultResponse),
// or null when the client accepts neither (Apollo answers 406).
export function answerContentType(req: Request): string | null {
  const accept = req.headers.accept;
  if (!accept) return JSON_TYPES[0]!;
  return new Negotiator({ headers: { accept } }).mediaType(JSON_TYPES) ?? null;
}
