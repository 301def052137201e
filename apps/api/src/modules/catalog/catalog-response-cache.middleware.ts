import { createHash } from 'node:crypto';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Kind, parse, type DocumentNode } from 'graphql';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { ApiKeyService } from '../api-key/api-key.service.js';
import { CatalogService } from './catalog.service.js';

const TTL_MS = 5_000;
const MAX_ENTRIES = 200;
const MAX_QUERY_LENGTH = 10_000;

interface Entry {
  body: Buffer;
  etag: string;
  generation: number;
  until: number;
}

// The operation a request names: the JSON body of a POST, the search parameters of a GET. `hash`
// is the automatic persisted query's sha256Hash, which stands in for `query` when that is left out.
interface OperationParts {
  query: string | undefined;
  hash: string | undefined;
  operationName: string | null;
  variables: unknown;
}

// True for a query whose every root field is the public catalog: its answer is the same for every
// consumer app and changes only when something is published, unpublished or rolled back.
function isCatalogOnlyQuery(document: DocumentNode, operationName: string | null): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'query' || document.definitions.some((d) => d.kind !== Kind.OPERATION_DEFINITION)) return false;
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && (s.name.value === 'catalog' || s.name.value === 'catalogVersion') && !s.directives?.length);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

// A strong validator for the exact bytes sent.
function strongEtag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

// True when If-None-Match names this ETag (or is `*`); weak comparison, as RFC 9110 asks for it.
function isNotModified(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (typeof header !== 'string' || !header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

// True for a body with data and no errors. Apollo writes `errors` before `data`
// (orderExecutionResultFields in @apollo/server), so the first key tells, without parsing 28 KB.
function isCleanAnswer(body: string): boolean {
  return body.startsWith('{"data":{');
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

// The operation of a POST body or GET search parameters; null when malformed (the normal path
// answers that with the right error).
function operationPartsOf(req: Request): OperationParts | null {
  let source: { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown };
  if (req.method === 'POST') {
    source = (req.body ?? {}) as typeof source;
  } else {
    const params = req.query as Record<string, unknown>;
    const variables = parseJsonParam(params['variables']);
    const extensions = parseJsonParam(params['extensions']);
    if (!variables.ok || !extensions.ok) return null;
    source = { query: params['query'], operationName: params['operationName'], variables: variables.value, extensions: extensions.value };
  }
  const { query, operationName, variables, extensions } = source;
  if ((query !== undefined && typeof query !== 'string') || (operationName != null && typeof operationName !== 'string')) return null;
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | null | undefined)?.persistedQuery?.sha256Hash;
  if (hash !== undefined && typeof hash !== 'string') return null;
  return { query, hash, operationName: operationName ?? null, variables: variables ?? null };
}

// Two jobs on /graphql for consumer apps (requests with x-api-key and no studio session):
// - Serves repeated catalog queries from their serialized answer, skipping GraphQL execution and
//   JSON encoding: apps ask the same few queries all day. Each hit still checks the API key (from
//   ApiKeyService's short cache); entries expire after TTL_MS and are dropped at once when this
//   process changes the catalog. CATALOG_SERVER_CACHE=off turns this off.
// - Makes catalog GETs cacheable over HTTP: a clean answer gets a strong ETag (a hash of its bytes)
//   and `Cache-Control: public, max-age=CATALOG_CACHE_MAX_AGE_SECONDS`, and If-None-Match with that
//   ETag gets 304. Every other GET answer (errors, studio sessions, anonymous) is `private,
//   no-store`. All vary by x-api-key, so a shared cache keeps each key's answer apart.
// A 200 or a 304 is only ever sent after the key was checked: by the access guard on the normal
// path, here on a hit.
@Injectable()
export class CatalogResponseCacheMiddleware implements NestMiddleware {
  private readonly entries = new Map<string, Entry>();
  private readonly cacheableQueries = new Map<string, boolean>();
  // sha256 -> text of the cacheable queries seen, so an app sending only the hash (APQ) hits too.
  private readonly queriesByHash = new Map<string, string>();

  constructor(
    private readonly catalog: CatalogService,
    private readonly apiKeys: ApiKeyService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const isGet = req.method === 'GET';
    const presentedKey = req.headers['x-api-key'];
    const byApiKey = typeof presentedKey === 'string' && presentedKey !== '' && !req.headers.authorization;
    if (isGet) {
      res.vary('x-api-key');
      // Until the answer proves to be a catalog answer for a valid key.
      res.setHeader('Cache-Control', 'private, no-store');
    }
    if (!byApiKey) return next();
    const cacheKey = this.config.catalog.serverCache ? this.cacheKeyOf(req) : null;
    if (cacheKey) {
      const hit = this.entries.get(cacheKey);
      if (hit && hit.generation === this.catalog.generation && hit.until > Date.now()) {
        const principal = await this.apiKeys.verify(presentedKey).catch(() => null);
        // A bad or out-of-scope key takes the normal path, which answers with the right error.
        if (principal?.scopes.includes('catalog:read')) return this.sendCached(req, res, hit);
      }
    }
    this.interceptAnswer(req, res, cacheKey);
    next();
  }

  private sendCached(req: Request, res: Response, hit: Entry): void {
    if (req.method === 'GET') {
      this.markPublic(res, hit.etag);
      if (isNotModified(req, hit.etag)) {
        res.status(304).end();
        return;
      }
    }
    res.status(200).type('application/json; charset=utf-8').end(hit.body);
  }

  private markPublic(res: Response, etag: string): void {
    res.setHeader('Cache-Control', `public, max-age=${this.config.catalog.cacheMaxAgeSeconds}`);
    res.setHeader('ETag', etag);
  }

  // The cache entry's key for a cacheable catalog query, else null.
  private cacheKeyOf(req: Request): string | null {
    const parts = operationPartsOf(req);
    if (!parts) return null;
    let query = parts.query;
    if (query === undefined) {
      query = parts.hash === undefined ? undefined : this.queriesByHash.get(parts.hash);
      if (query === undefined) return null;
    } else if (parts.hash !== undefined && (query.length > MAX_QUERY_LENGTH || parts.hash !== sha256Hex(query))) {
      return null; // Apollo refuses a hash that does not match its query
    }
    if (!this.isCacheable(query, parts.operationName)) return null;
    return JSON.stringify([query, parts.operationName, parts.variables]);
  }

  private isCacheable(query: string, operationName: string | null): boolean {
    if (query.length > MAX_QUERY_LENGTH) return false;
    const memo = `${operationName ?? ''}\u0000${query}`;
    let cacheable = this.cacheableQueries.get(memo);
    if (cacheable === undefined) {
      try {
        cacheable = isCatalogOnlyQuery(parse(query), operationName);
      } catch {
        cacheable = false;
      }
      if (this.cacheableQueries.size >= MAX_ENTRIES) this.cacheableQueries.clear();
      this.cacheableQueries.set(memo, cacheable);
      if (cacheable) {
        if (this.queriesByHash.size >= MAX_ENTRIES) this.queriesByHash.clear();
        this.queriesByHash.set(sha256Hex(query), query);
      }
    }
    return cacheable;
  }

  // Sees the answer the normal path sends: keeps a clean one (when cacheable), and makes a clean
  // GET answer public with its ETag, or 304 when the client already holds it.
  private interceptAnswer(req: Request, res: Response, cacheKey: string | null): void {
    const isGet = req.method === 'GET';
    if (!isGet && !cacheKey) return;
    const generation = this.catalog.generation;
    const send = res.send.bind(res);
    res.send = (payload?: unknown) => {
      if (res.statusCode !== 200 || typeof payload !== 'string' || !isCleanAnswer(payload)) {
        if (isGet) res.setHeader('Cache-Control', 'private, no-store');
        return send(payload);
      }
      const etag = strongEtag(payload);
      if (cacheKey && generation === this.catalog.generation) {
        this.entries.delete(cacheKey);
        if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(cacheKey, { body: Buffer.from(payload), etag, generation, until: Date.now() + TTL_MS });
      }
      if (isGet) {
        this.markPublic(res, etag);
        if (isNotModified(req, etag)) {
          res.removeHeader('Content-Type');
          res.status(304).end();
          return res;
        }
      }
      return send(payload);
    };
  }
}
